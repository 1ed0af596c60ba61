//! The lean shell of `embed.html`, the VM tab as NetBox's VM page frames it: no router, no
//! status page, no table. It shows the same `VmTab` as the full app's `/vm/{id}?embed=1`.

use crate::web::context::AppContext;
use crate::web::pages::vm::{BadAddress, VmTab};
use leptos::prelude::*;

/// Always framed (see `web::boot`): links open in the top window, the height goes to the
/// parent.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let tab = match expect_context::<AppContext>().vm_asked() {
        Some(netbox_id) => view! { <VmTab netbox_id /> }.into_any(),
        None => {
            view! { <BadAddress what="NetBox VirtualMachine id (embed.html?vm=42)" /> }.into_any()
        }
    };
    view! { <main class="container embedded">{tab}</main> }
}
