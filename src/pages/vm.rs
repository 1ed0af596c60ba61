//! The VM HA tab: `/vm/{netbox_vm_id}` and `/vmid/{proxmox_vmid}`, standalone or embedded.

use crate::api::VmState;
use crate::app::{AppContext, AppLink};
use crate::coerce::digits;
use crate::components::badge::{Badge, StateBadge};
use crate::components::banner::{ErrorBanner, InfoBanner};
use crate::components::loading::Loading;
use crate::live::{use_live_refresh, UpdatedAgo};
use crate::display::{count_or_dash, text_or_dash, yes_no};
use crate::netbox::NetBox;
use crate::severity::Severity;
use crate::summary::Resource;
use crate::vm::{IdSource, VmHa};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn id_param(name: &'static str) -> Memo<Option<u64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).as_deref().and_then(digits))
}

/// `/vm/{id}`: one tab per id, so switching VMs drops (and aborts) the previous load.
#[component]
pub fn VmPage() -> impl IntoView {
    let id = id_param("id");
    move || match id.get() {
        Some(netbox_id) => view! { <VmTab netbox_id/> }.into_any(),
        None => view! { <BadAddress what="NetBox VirtualMachine id"/> }.into_any(),
    }
}

/// `/vmid/{proxmox_vmid}`: finds the NetBox VM first, for callers that only know the Proxmox id.
#[component]
pub fn VmidPage() -> impl IntoView {
    let vmid = id_param("vmid");
    move || match vmid.get() {
        Some(vmid) => view! { <ByProxmoxId vmid/> }.into_any(),
        None => view! { <BadAddress what="Proxmox VM id"/> }.into_any(),
    }
}

#[component]
fn BadAddress(what: &'static str) -> impl IntoView {
    view! {
        <div class="alert alert-warning" role="alert" data-error="bad-address">
            <div class="alert-title">{format!("This address does not name a {what}")}</div>
            <div class="alert-advice">"Use a whole number, as in /vm/42."</div>
        </div>
    }
}

#[component]
fn ByProxmoxId(vmid: u64) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let found = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.links(&[vmid]).await.map(|map| map.candidates(vmid).to_vec()) }
    });
    let retry = Callback::new(move |_| found.refetch());
    view! {
        <Transition fallback=|| view! { <Loading label="Looking up the NetBox VM…"/> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <ErrorBanner error retry/> }.into_any(),
                    Ok(vms) => match vms.as_slice() {
                        [vm] => view! { <VmTab netbox_id=vm.netbox_id/> }.into_any(),
                        [] => view! {
                            <div class="empty-state card card-body" data-state="no-netbox-vm">
                                <p>{format!("No NetBox virtual machine carries Proxmox id {vmid}, or you may not view it.")}</p>
                                <p>"Run a Proxbox sync if the guest is new. "<AppLink path="/ha" text="See the cluster-wide HA Status"/>"."</p>
                            </div>
                        }.into_any(),
                        several => {
                            let items = several.iter().map(|vm| {
                                let (href, target) = ctx.app_link(&format!("/vm/{}", vm.netbox_id));
                                let label = format!("{} (cluster {})", vm.name, vm.cluster.as_deref().unwrap_or("unknown"));
                                view! { <li><a href=href target=target>{label}</a></li> }
                            }).collect_view();
                            view! {
                                <div class="card card-body" data-state="several-netbox-vms">
                                    <p>{format!("Several NetBox virtual machines carry Proxmox id {vmid}. Pick one:")}</p>
                                    <ul>{items}</ul>
                                </div>
                            }.into_any()
                        }
                    },
                }
            })}
        </Transition>
    }
}

#[component]
fn VmTab(netbox_id: u64) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let load = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.vm(netbox_id).await }
    });
    let live = use_live_refresh(ctx.refresh_seconds(), move || load.refetch());
    // The last complete answer, shown (marked stale) under the banner when a refresh fails.
    let last_good = StoredValue::new(None::<VmState>);
    let stale = RwSignal::new(false);
    let retry = Callback::new(move |_| load.refetch());
    view! {
        <div class="vm-live"><UpdatedAgo live stale=stale/></div>
        <Transition fallback=|| view! { <Loading label="Loading HA state…"/> }>
            {move || Suspend::new(async move {
                let answer = load.await;
                let failure = match &answer {
                    Err(error) | Ok(Some(VmState { ha: Some(Err(error)), .. })) => Some(error.clone()),
                    _ => None,
                };
                let previous = last_good.get_value();
                stale.set(failure.is_some() && previous.is_some());
                if failure.is_none() {
                    last_good.set_value(answer.clone().ok().flatten());
                    live.updated_at.set(Some(js_sys::Date::now()));
                }
                match (failure, previous, answer) {
                    (Some(error), Some(good), _) => view! {
                        <ErrorBanner error retry/>
                        <p class="stale-note" role="status" data-testid="stale">"Showing the last state received before the error above; it may be out of date."</p>
                        <div class="stale"><VmStateView state=good retry/></div>
                    }.into_any(),
                    (_, _, Err(error)) => view! { <ErrorBanner error retry/> }.into_any(),
                    (_, _, Ok(None)) => view! {
                        <div class="alert alert-warning" role="alert" data-error="vm-not-found">
                            <div class="alert-title">{format!("Virtual machine {netbox_id} does not exist in NetBox, or you may not view it")}</div>
                            <div class="alert-advice">"Check the address, or ask a NetBox administrator for permission to view this virtual machine."</div>
                            <button type="button" class="btn btn-sm btn-outline" on:click=move |_| retry.run(())>"Retry"</button>
                        </div>
                    }.into_any(),
                    (_, _, Ok(Some(state))) => view! { <VmStateView state retry/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn VmStateView(state: VmState, retry: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let netbox = ctx.netbox();
    let VmState { vm, proxmox, ha } = state;
    let id_note = proxmox.as_ref().map(|p| {
        let source = match p.source {
            IdSource::SyncState => "Proxbox sync state",
            IdSource::CustomField => "proxmox_vm_id custom field",
        };
        format!("Proxmox id {} (from the {source})", p.vmid)
    });
    let body = match ha {
        None => view! {
            <div class="empty-state card card-body" data-state="not-synced">
                <p><strong>"This VM has not been synced through Proxbox"</strong>", so NetBox does not know its Proxmox VM id."</p>
                <p>"Run a Proxbox sync, then reload. "<AppLink path="/ha" text="See the cluster-wide HA Status"/>"."</p>
            </div>
        }.into_any(),
        Some(Err(error)) => view! { <ErrorBanner error retry/> }.into_any(),
        Some(Ok(VmHa::Notice(detail))) => view! {
            <InfoBanner title="Proxbox has no HA data to show" detail advice="Enable a Proxmox endpoint in NetBox under Plugins → Proxbox, then reload."/>
        }.into_any(),
        Some(Ok(VmHa::NotManaged)) => view! {
            <div class="empty-state card card-body" data-state="not-managed">
                <p><strong>"This VM is not HA-managed in Proxmox."</strong></p>
                <p><AppLink path="/ha" text="See the cluster-wide HA Status"/>" for the resources that are."</p>
            </div>
        }.into_any(),
        Some(Ok(VmHa::Managed(resource))) => view! { <ManagedCards resource/> }.into_any(),
    };
    view! {
        <div class="vm-header">
            <h1 class="vm-title">"High Availability: "{vm_link(&netbox, vm.id, vm.name)}</h1>
            <span class="text-secondary">{id_note}{vm.cluster.map(|c| format!(" · NetBox cluster {c}"))}</span>
        </div>
        {body}
    }
}

fn vm_link(netbox: &NetBox, id: u64, name: String) -> impl IntoView {
    view! { <a href=netbox.vm_page(id) rel="external" target="_top">{name}</a> }
}

#[component]
fn Row(#[prop(into)] key: String, children: Children) -> impl IntoView {
    view! { <div class="kv"><span class="kv-key">{key}</span><span class="kv-value">{children()}</span></div> }
}

#[component]
fn ManagedCards(resource: Resource) -> impl IntoView {
    let kind = text_or_dash(resource.guest_type().as_deref());
    let Resource { sid_text, cluster, group, state, crm_state, request_state, node, max_restart, max_relocate, failback, comment, .. } = resource;
    let (cluster, group, node) = (text_or_dash(cluster.as_deref()), text_or_dash(group.as_deref()), text_or_dash(node.as_deref()));
    let (max_restart, max_relocate, failback) = (count_or_dash(max_restart), count_or_dash(max_relocate), yes_no(failback));
    view! {
        <div class="vm-cards" data-state="managed">
            <section class="card" aria-labelledby="vm-ha-title">
                <h2 class="card-header" id="vm-ha-title">"HA state"</h2>
                <div class="kv-list">
                    <Row key="HA managed"><Badge severity=Severity::Healthy text="yes"/></Row>
                    <Row key="SID"><span class="mono">{sid_text}</span></Row>
                    <Row key="Type">{kind}</Row>
                    <Row key="Cluster">{cluster}</Row>
                    <Row key="Group">{group}</Row>
                    <Row key="State"><StateBadge state/></Row>
                    <Row key="CRM state"><StateBadge state=crm_state/></Row>
                    <Row key="Request state"><StateBadge state=request_state/></Row>
                    <Row key="Node"><span class="mono">{node}</span></Row>
                </div>
            </section>
            <section class="card" aria-labelledby="vm-counters-title">
                <h2 class="card-header" id="vm-counters-title">"Recovery policy"</h2>
                <div class="kv-list">
                    <Row key="Max restart"><span data-field="max-restart">{max_restart}</span></Row>
                    <Row key="Max relocate"><span data-field="max-relocate">{max_relocate}</span></Row>
                    <Row key="Failback"><span data-field="failback">{failback}</span></Row>
                </div>
                {comment.map(|c| view! {
                    <div class="kv-list vm-comment"><Row key="Comment"><span class="comment">{c}</span></Row></div>
                })}
            </section>
        </div>
    }
}
