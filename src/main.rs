#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{boot, shell::App};
    boot(false, || view! { <App /> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with tools/build.sh.");
}
