//! One VM's HA state, refreshed live; a failed refresh keeps the last state, marked stale.

use super::cards::{ManagedCards, NotManaged, NotSynced};
use super::history::VmHistory;
use crate::model::load::LoadState;
use crate::model::vm::{failure, outcome, IdSource, VmHa, VmState};
use crate::web::components::alert::{Alert, ErrorBanner, InfoBanner, Level, StaleNote};
use crate::web::components::links::VmLink;
use crate::web::components::loading::Loading;
use crate::web::components::updated_ago::UpdatedAgo;
use crate::web::context::AppContext;
use crate::web::hooks::last_good::use_last_good;
use crate::web::hooks::live_refresh::{use_live_refresh, LiveRefresh};
use crate::web::hooks::vm_history::use_vm_history;
use leptos::prelude::*;

#[component]
pub fn VmTab(netbox_id: u64) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let load = LocalResource::new(move || {
        let client = ctx.client();
        let known = ctx.take_known_vm(netbox_id);
        async move { client.vm(netbox_id, known).await }
    });
    let state = use_last_good(load, outcome);
    let updated_at = Signal::derive(move || state.with(|s| s.updated_at));
    let stale = Signal::derive(move || state.with(LoadState::stale));
    let refresh = LiveRefresh { interval_seconds: ctx.refresh_seconds(), updated_at, stale };
    let live = use_live_refresh(refresh, move || load.refetch());
    let retry = Callback::new(move |_| load.refetch());
    let history = use_vm_history(netbox_id, state);
    view! {
        <div class="vm-live">
            <UpdatedAgo live stale />
        </div>
        <Transition fallback=|| {
            view! { <Loading label="Loading HA state…" /> }
        }>
            {move || Suspend::new(async move {
                let answer = load.await;
                let last_good = state.with_untracked(|s| s.last_good.clone());
                match (failure(&answer).cloned(), last_good, answer) {
                    (Some(error), Some(good), _) => {
                        view! {
                            <ErrorBanner error retry />
                            <StaleNote text="Showing the last state received before the error above; it may be out of date." />
                            <div class="stale">
                                <VmStateView state=good retry />
                            </div>
                        }
                            .into_any()
                    }
                    (_, _, Err(error)) => view! { <ErrorBanner error retry /> }.into_any(),
                    (_, _, Ok(None)) => {
                        view! {
                            <Alert
                                level=Level::Warning
                                role="alert"
                                kind="vm-not-found"
                                retry=Some(retry)
                                title=format!(
                                    "Virtual machine {netbox_id} does not exist in NetBox, or you may not view it",
                                )
                                advice="Check the address, or ask a NetBox administrator for permission to view this virtual machine."
                            />
                        }
                            .into_any()
                    }
                    (_, _, Ok(Some(state))) => view! { <VmStateView state retry /> }.into_any(),
                }
            })}
        </Transition>
        <VmHistory history />
    }
}

#[component]
fn VmStateView(state: VmState, retry: Callback<()>) -> impl IntoView {
    let VmState { vm, proxmox, ha } = state;
    let id_note = proxmox.as_ref().map(|p| {
        let source = match p.source {
            IdSource::SyncState => "Proxbox sync state",
            IdSource::CustomField => "proxmox_vm_id custom field",
        };
        format!("Proxmox id {} (from the {source})", p.vmid)
    });
    let body = match ha {
        None => view! { <NotSynced /> }.into_any(),
        Some(Err(error)) => view! { <ErrorBanner error retry /> }.into_any(),
        Some(Ok(VmHa::Notice(detail))) => view! {
            <InfoBanner
                title="Proxbox has no HA data to show"
                detail
                advice="Enable a Proxmox endpoint in NetBox under Plugins → Proxbox, then reload."
            />
        }
        .into_any(),
        Some(Ok(VmHa::NotManaged)) => view! { <NotManaged /> }.into_any(),
        Some(Ok(VmHa::Managed(resource))) => {
            view! { <ManagedCards resource=*resource /> }.into_any()
        }
    };
    view! {
        <div class="vm-header">
            <h1 class="vm-title">"High Availability: "<VmLink netbox_id=vm.id text=vm.name /></h1>
            <span class="text-secondary">
                {id_note}{vm.cluster.map(|c| format!(" · NetBox cluster {c}"))}
            </span>
        </div>
        {body}
    }
}
