//! What the VM tab shows for each answer of the shim.

use crate::model::display::{count_or_dash, text_or_dash, yes_no};
use crate::model::resource::Resource;
use crate::model::severity::Severity;
use crate::web::components::badge::{Badge, StateBadge};
use crate::web::components::card::Kv;
use crate::web::components::links::AppLink;
use leptos::prelude::*;

#[component]
pub fn NotSynced() -> impl IntoView {
    view! {
        <div class="empty-state card card-body" data-state="not-synced">
            <p>
                <strong>"This VM has not been synced through Proxbox"</strong>
                ", so NetBox does not know its Proxmox VM id."
            </p>
            <p>
                "Run a Proxbox sync, then reload. "
                <AppLink path="/ha" text="See the cluster-wide HA Status" />"."
            </p>
        </div>
    }
}

#[component]
pub fn NotManaged() -> impl IntoView {
    view! {
        <div class="empty-state card card-body" data-state="not-managed">
            <p>
                <strong>"This VM is not HA-managed in Proxmox."</strong>
            </p>
            <p>
                <AppLink path="/ha" text="See the cluster-wide HA Status" />
                " for the resources that are."
            </p>
        </div>
    }
}

#[component]
pub fn ManagedCards(resource: Resource) -> impl IntoView {
    let kind = text_or_dash(resource.guest_type().as_deref());
    let Resource { sid_text, cluster, group, state, crm_state, request_state, node, .. } = resource;
    let (max_restart, max_relocate) =
        (count_or_dash(resource.max_restart), count_or_dash(resource.max_relocate));
    view! {
        <div class="vm-cards" data-state="managed">
            <section class="card" aria-labelledby="vm-ha-title">
                <h2 class="card-header" id="vm-ha-title">
                    "HA state"
                </h2>
                <div class="kv-list">
                    <Kv key="HA managed">
                        <Badge severity=Severity::Healthy text="yes" />
                    </Kv>
                    <Kv key="SID">
                        <span class="mono">{sid_text}</span>
                    </Kv>
                    <Kv key="Type">{kind}</Kv>
                    <Kv key="Cluster">{text_or_dash(cluster.as_deref())}</Kv>
                    <Kv key="Group">{text_or_dash(group.as_deref())}</Kv>
                    <Kv key="State">
                        <StateBadge state />
                    </Kv>
                    <Kv key="CRM state">
                        <StateBadge state=crm_state />
                    </Kv>
                    <Kv key="Request state">
                        <StateBadge state=request_state />
                    </Kv>
                    <Kv key="Node">
                        <span class="mono">{text_or_dash(node.as_deref())}</span>
                    </Kv>
                </div>
            </section>
            <section class="card" aria-labelledby="vm-counters-title">
                <h2 class="card-header" id="vm-counters-title">
                    "Recovery policy"
                </h2>
                <div class="kv-list">
                    <Kv key="Max restart">
                        <span data-field="max-restart">{max_restart}</span>
                    </Kv>
                    <Kv key="Max relocate">
                        <span data-field="max-relocate">{max_relocate}</span>
                    </Kv>
                    <Kv key="Failback">
                        <span data-field="failback">{yes_no(resource.failback)}</span>
                    </Kv>
                </div>
                {resource
                    .comment
                    .map(|c| {
                        view! {
                            <div class="kv-list vm-comment">
                                <Kv key="Comment">
                                    <span class="comment">{c}</span>
                                </Kv>
                            </div>
                        }
                    })}
            </section>
        </div>
    }
}
