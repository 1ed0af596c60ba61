//! The lean shell of `ha.html`, the HA Status page on a page of its own: no router, no VM
//! pages. NetBox's menu entry opens it; it shows the same `StatusPage` as the whole app's
//! `/ha` route, which in-app navigation still reaches.

use crate::web::components::alert::SetupFailed;
use crate::web::components::navbar::Navbar;
use crate::web::context::{AppContext, Setup};
use crate::web::frame;
use crate::web::hooks::page_query::PageQuery;
use crate::web::pages::status::StatusPage;
use leptos::prelude::*;

#[component]
pub fn StatusApp(setup: Result<Setup, String>) -> impl IntoView {
    match setup {
        Ok(setup) => {
            frame::start(setup.embed, setup.netbox.origin());
            let embedded = setup.embed.embedded;
            let status_href = format!("{}/ha", setup.base);
            provide_context(AppContext::new(setup));
            provide_context(PageQuery::of_history());
            view! {
                {(!embedded)
                    .then(|| {
                        view! {
                            <Navbar>
                                <a href=status_href aria-current="page">
                                    "HA Status"
                                </a>
                            </Navbar>
                        }
                    })}
                <main class="container" class:embedded=embedded>
                    <StatusPage />
                </main>
            }
            .into_any()
        }
        Err(message) => view! { <SetupFailed message /> }.into_any(),
    }
}
