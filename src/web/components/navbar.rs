//! The app's top bar: back to NetBox, the app's pages (its children), and the API-token setting
//! where the page is not on NetBox's origin.

use crate::web::components::settings::TokenSettings;
use crate::web::context::AppContext;
use leptos::prelude::*;

#[component]
pub fn Navbar(children: Children) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    view! {
        <header class="navbar">
            <div class="navbar-inner">
                <span class="navbar-brand">"Proxbox HA"</span>
                <nav class="navbar-nav" aria-label="Main">
                    <a href=ctx.netbox().url("/")>"NetBox"</a>
                    {children()}
                </nav>
                {ctx.token_setting().then(|| view! { <TokenSettings /> })}
            </div>
        </header>
    }
}
