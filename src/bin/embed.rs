//! `embed.html`: the VM tab alone, for NetBox's VM page to frame (see `web::embed`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use proxbox_ha::web::{context, embed::EmbedApp};
    wasm_bindgen_futures::spawn_local(async {
        let setup = context::load_setup().await;
        leptos::mount::mount_to_body(move || view! { <EmbedApp setup /> });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("proxbox-ha runs in the browser: build it with tools/build.sh.");
}
