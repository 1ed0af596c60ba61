//! `embed.html`: the VM tab alone, for NetBox's VM page to frame (see `web::embed`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{boot, embed::EmbedApp};
    boot(true, || view! { <EmbedApp /> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with tools/build.sh.");
}
