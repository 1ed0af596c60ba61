//! The browser UI (Leptos CSR). Imports run one way: the shells (`shell`, `status_app`,
//! `embed`) -> `pages` -> `components` and `hooks` -> `context` -> `api` -> `crate::model`;
//! `transport` sends every request.

pub mod api;
pub mod components;
pub mod context;
pub mod download;
pub mod embed;
pub mod frame;
pub mod hooks;
pub mod pages;
pub mod shell;
pub mod status_app;
pub mod transport;

use leptos::prelude::IntoView;

/// Starts a page (`index.html`, `ha.html` or `embed.html`): reads the settings once, then
/// mounts `app`, so nothing above the routes ever suspends.
pub fn boot<V: IntoView + 'static>(
    app: impl FnOnce(Result<context::Setup, String>) -> V + 'static,
) {
    // Panic messages in the console cost 1.2 KB gzip; release builds trap without them.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let setup = context::load_setup().await;
        leptos::mount::mount_to_body(move || app(setup));
    });
}
