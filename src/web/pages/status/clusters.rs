//! Cluster Status: per cluster, quorum, CRM master, fencing and one row per node.

use super::query::{show_table, use_table_query};
use crate::model::cluster::{ClusterError, ClusterStatus, Master, NodeStatus, Quorum};
use crate::model::display::{cluster_label, text_or_dash, ABSENT};
use crate::model::severity::Severity;
use crate::model::table::TableQuery;
use crate::web::components::alert::{Alert, Level};
use crate::web::components::badge::{Badge, StateBadge};
use crate::web::components::card::{Card, EmptyRow, Kv};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Resources per (cluster, node).
type PerNode = Arc<HashMap<(String, String), usize>>;
/// Shows one (cluster, node)'s resources in the table.
type ShowNode = Callback<(String, String)>;

#[component]
pub fn ClusterStatusSection(
    clusters: Vec<ClusterStatus>,
    per_node: HashMap<(String, String), usize>,
) -> impl IntoView {
    let per_node = Arc::new(per_node);
    let (query, set_query) = use_table_query();
    let show_node = Callback::new(move |(cluster, node): (String, String)| {
        let search = String::new();
        let (cluster, node) = (Some(cluster), Some(node));
        set_query.run(TableQuery { search, cluster, node, page: 0, ..query.get_untracked() });
        show_table();
    });
    let body = if clusters.is_empty() {
        view! {
            <p class="card-body empty-state">
                "No HA status reported. HA may not be configured on these clusters."
            </p>
        }
        .into_any()
    } else {
        let cards = clusters.into_iter().map(|cluster| {
            view! { <ClusterCard cluster per_node=per_node.clone() show_node /> }
        });
        view! { <div class="cluster-grid">{cards.collect_view()}</div> }.into_any()
    };
    view! {
        <Card title="Cluster Status" id="cluster-status">
            {body}
        </Card>
    }
}

#[component]
fn ClusterCard(cluster: ClusterStatus, per_node: PerNode, show_node: ShowNode) -> impl IntoView {
    let problem = cluster.has_problem();
    let name = cluster_label(&cluster.name).to_owned();
    let data_name = cluster.name.clone();
    let body = match cluster.error {
        Some(ClusterError { title, detail, advice }) => view! { <Alert level=Level::Danger class="cluster-error" title detail=Some(detail) advice /> }
        .into_any(),
        None => view! { <ClusterDetails cluster per_node show_node /> }.into_any(),
    };
    view! {
        <article class="cluster" class:cluster-problem=problem data-cluster=data_name>
            <h3 class="cluster-name">
                {name}
                {problem
                    .then(|| {
                        view! {
                            " "
                            <Badge severity=Severity::Problem text="needs attention" />
                        }
                    })}
            </h3>
            {body}
        </article>
    }
}

#[component]
fn ClusterDetails(cluster: ClusterStatus, per_node: PerNode, show_node: ShowNode) -> impl IntoView {
    let ClusterStatus { name, quorum, master, fencing, resource_mode, nodes, other, .. } = cluster;
    // While disarmed, Proxmox says what HA does with its resources (freeze, ignore).
    let mode = resource_mode.map(|m| {
        view! {
            " "
            <span class="text-secondary">"resources: "{m}</span>
        }
    });
    let rows = if nodes.is_empty() {
        view! { <EmptyRow columns=5 text="No node status reported." /> }.into_any()
    } else {
        let rows = nodes.into_iter().map(|node| {
            let count = per_node.get(&(name.clone(), node.node.clone())).copied().unwrap_or(0);
            view! { <NodeRow cluster=name.clone() node count show_node /> }
        });
        rows.collect_view().into_any()
    };
    view! {
        <div class="kv-list">
            {quorum.map(|quorum| view! { <QuorumKv quorum /> })}
            {master.map(|master| view! { <MasterKv master /> })}
            {fencing
                .map(|f| {
                    view! {
                        <Kv key="Fencing">
                            <StateBadge state=Some(f) />
                            {mode}
                        </Kv>
                    }
                })}
        </div>
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Nodes"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Node"</th>
                        <th scope="col">"LRM state"</th>
                        <th scope="col">"Watchdog"</th>
                        <th scope="col" class="num">
                            "Resources"
                        </th>
                        <th scope="col">"Last update"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(!other.is_empty())
            .then(|| {
                view! {
                    <div class="kv-list">
                        {other
                            .into_iter()
                            .map(|(kind, text)| {
                                view! {
                                    <Kv key=kind>
                                        <span class="status-text">{text}</span>
                                    </Kv>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
    }
}

#[component]
fn QuorumKv(quorum: Quorum) -> impl IntoView {
    let (severity, word) =
        if quorum.ok { (Severity::Healthy, "quorate") } else { (Severity::Problem, "NO QUORUM") };
    view! {
        <Kv key="Quorum" problem=!quorum.ok>
            <Badge severity text=word />
            " "
            <span class="status-text">{quorum.text}</span>
        </Kv>
    }
}

#[component]
fn MasterKv(master: Master) -> impl IntoView {
    let severity = master.severity();
    let word = if master.dead() { "dead?".to_owned() } else { master.state.clone() };
    let updated = master.updated.map(|u| {
        view! {
            " "
            <span class="text-secondary">"updated "{u}</span>
        }
    });
    view! {
        <Kv key="Master" title=master.text>
            <strong>{master.node.unwrap_or_else(|| ABSENT.into())}</strong>
            " "
            <Badge severity text=word />
            {updated}
        </Kv>
    }
}

/// A node, and how many resources run on it: one click shows them in the table.
#[component]
fn NodeRow(cluster: String, node: NodeStatus, count: usize, show_node: ShowNode) -> impl IntoView {
    let name = node.node.clone();
    let show = move |_| show_node.run((cluster.clone(), name.clone()));
    view! {
        <tr>
            <td class="mono" title=node.text>
                {node.node.clone()}
            </td>
            <td>
                <StateBadge state=Some(node.state) />
            </td>
            <td>{text_or_dash(node.watchdog.as_deref())}</td>
            <td class="num">
                <button
                    type="button"
                    class="link-button"
                    data-node=node.node
                    on:click=show
                    title="Show the resources on this node"
                >
                    {count}
                </button>
            </td>
            <td class="status-text">{node.note}</td>
        </tr>
    }
}
