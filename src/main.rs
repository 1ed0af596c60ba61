#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{context, shell};
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
