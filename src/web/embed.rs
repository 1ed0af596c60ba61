//! The lean shell of `embed.html`, the VM tab as NetBox's VM page frames it: no router, no
//! status page, no table. It shows the same `VmTab` as the full app's `/vm/{id}?embed=1`.

use crate::web::components::alert::SetupFailed;
use crate::web::context::{AppContext, Setup};
use crate::web::frame;
use crate::web::pages::vm::{BadAddress, VmTab};
use leptos::prelude::*;

#[component]
pub fn EmbedApp(setup: Result<Setup, String>) -> impl IntoView {
    match setup {
        Ok(mut setup) => {
            // Always framed: links open in the top window, the height goes to the parent.
            setup.embed.embedded = true;
            frame::start(setup.embed, setup.netbox.origin());
            let vm = setup.embed.vm;
            provide_context(AppContext::new(setup));
            let tab = match vm {
                Some(netbox_id) => view! { <VmTab netbox_id /> }.into_any(),
                None => view! { <BadAddress what="NetBox VirtualMachine id (embed.html?vm=42)" /> }
                    .into_any(),
            };
            view! { <main class="container embedded">{tab}</main> }.into_any()
        }
        Err(message) => view! { <SetupFailed message /> }.into_any(),
    }
}
