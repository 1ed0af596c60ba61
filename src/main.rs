#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{context, shell};
    // Panic messages in the console cost 1.2 KB gzip; release builds trap without them.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // config.json is read once, before mounting: nothing above the routes ever suspends.
    wasm_bindgen_futures::spawn_local(async {
        let setup = context::load_setup().await;
        leptos::mount::mount_to_body(move || view! { <shell::App setup /> });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with `trunk build --release`.");
}
