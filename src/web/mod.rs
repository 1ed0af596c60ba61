//! The browser UI (Leptos CSR). Imports run one way: the shells (`shell`, `status_app`,
//! `embed`) -> `pages` -> `components` and `hooks` -> `context` -> `api` -> `crate::model`;
//! `transport` sends every request; `shared` hands good answers to the browser's other tabs.

pub mod api;
pub mod components;
pub mod context;
pub mod download;
pub mod embed;
pub mod frame;
pub mod hooks;
pub mod pages;
pub mod shared;
pub mod shell;
pub mod status_app;
pub mod transport;

use crate::web::components::alert::SetupFailed;
use crate::web::context::AppContext;
use leptos::prelude::*;

/// Starts a page (`index.html`, `ha.html` or `embed.html`): reads the settings once, then
/// mounts `page`, so nothing above the routes ever suspends; settings that cannot be read are
/// said instead. Every page gets the `AppContext`, and its frame duties (theme, height) when
/// framed. `always_framed`: the page exists only to be framed (`embed.html`), whatever its
/// query says.
pub fn boot<V: IntoView + 'static>(always_framed: bool, page: impl FnOnce() -> V + 'static) {
    // Panic messages in the console cost 1.2 KB gzip; release builds trap without them.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async move {
        let setup = context::load_setup().await;
        leptos::mount::mount_to_body(move || match setup {
            Ok(mut setup) => {
                setup.embed.embedded |= always_framed;
                frame::start(setup.embed, setup.netbox.origin());
                provide_context(AppContext::new(setup));
                page().into_any()
            }
            Err(message) => view! { <SetupFailed message /> }.into_any(),
        });
    });
}
