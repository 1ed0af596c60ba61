#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(proxbox_ha::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with `trunk build --release`.");
}
