//! The lean shell of `ha.html`, the HA Status page on a page of its own: no router, no VM
//! pages. NetBox's menu entry opens it; it shows the same `StatusPage` as the whole app's
//! `/ha` route, which in-app navigation still reaches.

use crate::web::components::navbar::Navbar;
use crate::web::context::AppContext;
use crate::web::hooks::page_query::PageQuery;
use crate::web::pages::status::StatusPage;
use leptos::prelude::*;

#[component]
pub fn StatusApp() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let embedded = ctx.embedded();
    provide_context(PageQuery::of_history());
    view! {
        {(!embedded)
            .then(|| {
                view! {
                    <Navbar>
                        <a href=ctx.app_link("/ha").0 aria-current="page">
                            "HA Status"
                        </a>
                    </Navbar>
                }
            })}
        <main class="container" class:embedded=embedded>
            <StatusPage />
        </main>
    }
}
