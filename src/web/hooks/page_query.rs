//! The page's query string and how to replace it, from whichever shell runs the page: the
//! router's location in the whole app (`index.html`), the browser's history in a page of its
//! own (`ha.html`), which then carries no router code.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsValue;

#[derive(Clone, Copy)]
pub struct PageQuery {
    /// The raw query string (`?q=web`, or empty).
    pub search: Signal<String>,
    /// Replaces the query (`""` or `?…`) in the current history entry.
    pub replace: Callback<String>,
}

impl PageQuery {
    /// From the router, for the route at `path`.
    pub fn of_router(path: &'static str) -> Self {
        let navigate = use_navigate();
        let replace = Callback::new(move |search: String| {
            let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
            navigate(&format!("{path}{search}"), options);
        });
        PageQuery { search: use_location().search.into(), replace }
    }

    /// From the browser's location and history, for a page without a router.
    pub fn of_history() -> Self {
        let location = window().location();
        let search = RwSignal::new(location.search().unwrap_or_default());
        let replace = Callback::new(move |next: String| {
            let path = location.pathname().unwrap_or_default();
            if let Ok(history) = window().history() {
                let url = format!("{path}{next}");
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            search.set(next);
        });
        PageQuery { search: search.into(), replace }
    }
}
