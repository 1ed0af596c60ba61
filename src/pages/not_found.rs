use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="empty-state">
            <h1>"Page not found"</h1>
            <p>"This address is not a page of Proxbox HA. "<A href="/ha">"Go to the HA Status page"</A>"."</p>
        </div>
    }
}
