//! `ha.html`: the HA Status page alone, for NetBox's menu entry (see `web::status_app`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{boot, status_app::StatusApp};
    boot(false, || view! { <StatusApp /> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with tools/build.sh.");
}
