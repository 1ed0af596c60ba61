//! The app shell: navigation and routes, once the settings are read (see `web::boot`).

use crate::web::components::navbar::Navbar;
use crate::web::context::AppContext;
use crate::web::hooks::page_query::PageQuery;
use crate::web::pages::not_found::NotFound;
use crate::web::pages::status::StatusPage;
use crate::web::pages::vm::{VmPage, VmidPage};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let (embedded, base) = (ctx.embedded(), ctx.base());
    view! {
        <Router base>
            {(!embedded)
                .then(|| {
                    view! {
                        <Navbar>
                            <NavLink path="/ha" text="HA Status" />
                        </Navbar>
                    }
                })} <main class="container" class:embedded=embedded>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/ha" /> } />
                    <Route
                        path=path!("/ha")
                        view=|| {
                            provide_context(PageQuery::of_router("/ha"));
                            view! { <StatusPage /> }
                        }
                    />
                    <Route path=path!("/vm/:id") view=VmPage />
                    <Route path=path!("/vmid/:vmid") view=VmidPage />
                </Routes>
            </main>
        </Router>
    }
}

/// A navigation link, marked as the current page when it is.
#[component]
fn NavLink(path: &'static str, text: &'static str) -> impl IntoView {
    let (href, target) = expect_context::<AppContext>().app_link(path);
    let location = use_location();
    let current = {
        let href = href.clone();
        move || (location.pathname.get() == href).then_some("page")
    };
    view! {
        <a href=href target=target aria-current=current>
            {text}
        </a>
    }
}
