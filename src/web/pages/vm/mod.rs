//! The VM HA tab: `/vm/{netbox_vm_id}` and `/vmid/{proxmox_vmid}`, standalone or embedded.
//! Only this file knows the router; the tab itself takes plain ids.

mod by_proxmox_id;
mod cards;
mod history;
mod tab;

pub use tab::VmTab;

use crate::model::coerce::digits;
use crate::web::components::alert::{Alert, Level};
use by_proxmox_id::ByProxmoxId;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn id_param(name: &'static str) -> Memo<Option<u64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str(name).and_then(digits)))
}

/// `/vm/{id}`: one tab per id, so switching VMs drops (and aborts) the previous load.
#[component]
pub fn VmPage() -> impl IntoView {
    let id = id_param("id");
    move || match id.get() {
        Some(netbox_id) => view! { <VmTab netbox_id /> }.into_any(),
        None => view! { <BadAddress what="NetBox VirtualMachine id" /> }.into_any(),
    }
}

/// `/vmid/{proxmox_vmid}`: finds the NetBox VM first, for callers that only know the Proxmox id.
#[component]
pub fn VmidPage() -> impl IntoView {
    let vmid = id_param("vmid");
    move || match vmid.get() {
        Some(vmid) => view! { <ByProxmoxId vmid /> }.into_any(),
        None => view! { <BadAddress what="Proxmox VM id" /> }.into_any(),
    }
}

#[component]
pub fn BadAddress(what: &'static str) -> impl IntoView {
    view! {
        <Alert
            level=Level::Warning
            role="alert"
            kind="bad-address"
            title=format!("This address does not name a {what}")
            advice="Use a whole number, as in /vm/42."
        />
    }
}
