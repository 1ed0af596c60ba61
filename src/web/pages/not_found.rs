use crate::web::components::links::AppLink;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="empty-state">
            <h1>"Page not found"</h1>
            <p>
                "This address is not a page of Proxbox HA. "
                <AppLink path="/ha" text="Go to the HA Status page" />"."
            </p>
        </div>
    }
}
