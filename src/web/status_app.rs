//! The lean shell of `ha.html`, the HA Status page on a page of its own: no router, no VM
//! pages. NetBox's menu entry opens it; it shows the same `StatusPage` as the whole app's
//! `/ha` route, which in-app navigation still reaches.

use crate::web::components::navbar::Navbar;
use crate::web::context::AppContext;
use crate::web::frame;
use crate::web::hooks::page_query::PageQuery;
use crate::web::pages::status::StatusPage;
use leptos::prelude::*;

#[component]
pub fn StatusApp() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let embedded = ctx.embedded();
    let query = PageQuery::of_history();
    // Framed by NetBox's own page: the table's query goes to its address bar too.
    let origin = ctx.netbox().origin().to_owned();
    let replace = Callback::new(move |next: String| {
        frame::tell_query(&origin, &next);
        query.replace.run(next);
    });
    provide_context(if embedded { PageQuery { replace, ..query } } else { query });
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
