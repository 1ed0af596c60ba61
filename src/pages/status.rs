//! The cluster-wide HA Status page: one shim call per render, then batched VM link lookups.

use crate::app::AppContext;
use crate::cluster::{clusters, ClusterStatus};
use crate::components::badge::{Badge, StateBadge};
use crate::components::banner::{ErrorBanner, InfoBanner};
use crate::components::loading::Loading;
use crate::display::{cluster_label, count_or_dash, text_or_dash, yes_no, ABSENT};
use crate::error::FetchError;
use crate::linkmap::{wanted_ids, Link, LinkMap};
use crate::netbox::NetBox;
use crate::severity::Severity;
use crate::summary::{sort_problems_first, Group, GroupMember, Resource, Rule, Summary, SummaryAnswer};
use leptos::prelude::*;
use std::sync::Arc;

/// The VM link map: `None` while loading or when nothing needs linking.
pub type LinkResult = Option<Result<Arc<LinkMap>, FetchError>>;

#[component]
pub fn StatusPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let summary = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.summary().await }
    });
    // VM links load after the summary and never hold it back.
    let links = LocalResource::new(move || {
        let answer = summary.get();
        let client = ctx.client();
        async move {
            let Some(Ok(SummaryAnswer::Data(data))) = answer else { return None };
            let ids = wanted_ids(&data.resources);
            if ids.is_empty() {
                return None;
            }
            Some(client.links(&ids).await.map(Arc::new))
        }
    });
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |_| summary.refetch());

    view! {
        <div class="page-header">
            <h1>"HA Status"</h1>
            <div class="page-actions">
                {move || pending.get().then(|| view! { <span class="spinner" role="status" aria-label="Refreshing"></span> })}
                <button type="button" class="btn btn-outline" on:click=move |_| summary.refetch() disabled=move || pending.get()>
                    "Refresh"
                </button>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading HA status…"/> } set_pending=pending.write_only()>
            {move || Suspend::new(async move {
                match summary.await {
                    Err(error) => view! { <ErrorBanner error retry/> }.into_any(),
                    Ok(SummaryAnswer::Notice(detail)) => view! {
                        <InfoBanner title="Proxbox has no HA data to show" detail
                            advice="Enable a Proxmox endpoint in NetBox under Plugins → Proxbox, then refresh."/>
                    }.into_any(),
                    Ok(SummaryAnswer::Data(data)) => view! {
                        <StatusSections data links=Signal::derive(move || links.get().flatten()) retry_links=Callback::new(move |_| links.refetch())/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Everything below the page header, for one summary answer.
#[component]
pub fn StatusSections(data: Arc<Summary>, links: Signal<LinkResult>, retry_links: Callback<()>) -> impl IntoView {
    let netbox = expect_context::<AppContext>().netbox();
    let cluster_list = clusters(&data.status);
    let many_clusters = distinct_clusters(&data) > 1;
    let warnings = data.warnings.clone();
    view! {
        {(!warnings.is_empty()).then(|| view! {
            <div class="alert alert-warning" role="status">
                <div class="alert-title">"Part of the backend's answer could not be read"</div>
                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </div>
        })}
        <ClusterStatusSection clusters=cluster_list/>
        <GroupsSection groups=data.groups.clone() has_rules=!data.rules.is_empty() many_clusters/>
        <RulesSection rules=data.rules.clone() has_groups=!data.groups.is_empty() many_clusters/>
        <ResourcesSection resources=data.resources.clone() links retry_links netbox/>
    }
}

fn distinct_clusters(data: &Summary) -> usize {
    let names = data.status.iter().map(|r| &r.cluster)
        .chain(data.resources.iter().map(|r| &r.cluster))
        .chain(data.groups.iter().map(|g| &g.cluster))
        .chain(data.rules.iter().map(|r| &r.cluster));
    names.flatten().collect::<std::collections::BTreeSet<_>>().len()
}

#[component]
fn Card(#[prop(into)] title: String, id: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="card" id=id aria-labelledby=format!("{id}-title")>
            <h2 class="card-header" id=format!("{id}-title")>{title}</h2>
            {children()}
        </section>
    }
}

#[component]
fn EmptyRow(columns: usize, #[prop(into)] text: String) -> impl IntoView {
    view! { <tr class="empty-row"><td colspan=columns.to_string()>{text}</td></tr> }
}

#[component]
fn ClusterStatusSection(clusters: Vec<ClusterStatus>) -> impl IntoView {
    view! {
        <Card title="Cluster Status" id="cluster-status">
            {if clusters.is_empty() {
                view! { <p class="card-body empty-state">"No HA status reported. HA may not be configured on these clusters."</p> }.into_any()
            } else {
                view! {
                    <div class="cluster-grid">
                        {clusters.into_iter().map(|c| view! { <ClusterCard cluster=c/> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn ClusterCard(cluster: ClusterStatus) -> impl IntoView {
    let problem = cluster.has_problem();
    let name = cluster_label(&cluster.name).to_owned();
    let data_name = cluster.name.clone();
    let body = match cluster.error {
        Some(message) => view! {
            <div class="alert alert-danger cluster-error" role="alert">
                <div class="alert-title">"The backend could not read this cluster"</div>
                <div class="alert-detail"><q>{message}</q></div>
                <div class="alert-advice">"Check this cluster's Proxmox endpoint in Proxbox and the proxbox-api logs. The other clusters are shown as usual."</div>
            </div>
        }.into_any(),
        None => view! { <ClusterDetails cluster/> }.into_any(),
    };
    view! {
        <article class="cluster" class:cluster-problem=problem data-cluster=data_name>
            <h3 class="cluster-name">{name}{problem.then(|| view! { " " <Badge severity=Severity::Problem text="needs attention"/> })}</h3>
            {body}
        </article>
    }
}

#[component]
fn ClusterDetails(cluster: ClusterStatus) -> impl IntoView {
    let quorum = cluster.quorum.map(|q| {
        let (severity, word) = if q.ok { (Severity::Healthy, "quorate") } else { (Severity::Problem, "NO QUORUM") };
        view! {
            <div class="kv" class:kv-problem=!q.ok><span class="kv-key">"Quorum"</span>
                <span class="kv-value"><Badge severity text=word/>" "<span class="status-text">{q.text}</span></span></div>
        }
    });
    let master = cluster.master.map(|m| {
        let severity = m.severity();
        let word = if m.dead() { "dead?".to_owned() } else { m.state.clone() };
        view! {
            <div class="kv"><span class="kv-key">"Master"</span>
                <span class="kv-value" title=m.text><strong>{m.node.unwrap_or_else(|| ABSENT.into())}</strong>" "<Badge severity text=word/>
                {m.updated.map(|u| view! { " "<span class="text-secondary">"updated "{u}</span> })}</span></div>
        }
    });
    let fencing = cluster.fencing.map(|f| view! {
        <div class="kv"><span class="kv-key">"Fencing"</span><span class="kv-value"><StateBadge state=Some(f)/></span></div>
    });
    let nodes = cluster.nodes;
    let other = cluster.other;
    view! {
        <div class="kv-list">{quorum}{master}{fencing}</div>
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Nodes"</caption>
                <thead><tr><th scope="col">"Node"</th><th scope="col">"LRM state"</th><th scope="col">"Watchdog"</th><th scope="col">"Last update"</th></tr></thead>
                <tbody>
                    {if nodes.is_empty() {
                        view! { <EmptyRow columns=4 text="No node status reported."/> }.into_any()
                    } else {
                        nodes.into_iter().map(|n| view! {
                            <tr>
                                <td class="mono" title=n.text>{n.node}</td>
                                <td><StateBadge state=Some(n.state)/></td>
                                <td>{text_or_dash(n.watchdog.as_deref())}</td>
                                <td class="status-text">{n.note}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
        {(!other.is_empty()).then(|| view! {
            <div class="kv-list">
                {other.into_iter().map(|(kind, text)| view! {
                    <div class="kv"><span class="kv-key">{kind}</span><span class="kv-value status-text">{text}</span></div>
                }).collect_view()}
            </div>
        })}
    }
}

fn members(nodes: Vec<GroupMember>) -> impl IntoView {
    if nodes.is_empty() {
        return view! { <span class="text-secondary">{ABSENT}</span> }.into_any();
    }
    nodes.into_iter().map(|m| view! {
        <span class="chip">{m.node}{m.priority.map(|p| view! { <span class="chip-prio" title="priority">{format!(":{p}")}</span> })}</span>
    }).collect_view().into_any()
}

#[component]
fn GroupsSection(groups: Vec<Group>, has_rules: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_rules {
        "No HA groups. Clusters on Proxmox VE 9 place resources with HA rules instead (below)."
    } else {
        "No HA groups configured."
    };
    let columns = if many_clusters { 6 } else { 5 };
    view! {
        <Card title="HA Groups" id="ha-groups">
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        {many_clusters.then(|| view! { <th scope="col">"Cluster"</th> })}
                        <th scope="col">"Group"</th><th scope="col">"Nodes (priority)"</th><th scope="col">"Restricted"</th>
                        <th scope="col">"No failback"</th><th scope="col">"Comment"</th>
                    </tr></thead>
                    <tbody>
                        {if groups.is_empty() {
                            view! { <EmptyRow columns text=empty/> }.into_any()
                        } else {
                            groups.into_iter().map(|g| view! {
                                <tr>
                                    {many_clusters.then(|| view! { <td>{text_or_dash(g.cluster.as_deref())}</td> })}
                                    <td class="mono">{g.name}</td>
                                    <td>{members(g.nodes)}</td>
                                    <td>{yes_no(g.restricted)}</td>
                                    <td>{yes_no(g.nofailback)}</td>
                                    <td class="comment">{text_or_dash(g.comment.as_deref())}</td>
                                </tr>
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

#[component]
fn RulesSection(rules: Vec<Rule>, has_groups: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_groups {
        "No HA rules. Rules replace groups from Proxmox VE 9 on; the clusters above use groups."
    } else {
        "No HA rules configured."
    };
    let columns = if many_clusters { 9 } else { 8 };
    view! {
        <Card title="HA Rules" id="ha-rules">
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        {many_clusters.then(|| view! { <th scope="col">"Cluster"</th> })}
                        <th scope="col">"Rule"</th><th scope="col">"Type"</th><th scope="col">"Affinity"</th>
                        <th scope="col">"Nodes"</th><th scope="col">"Resources"</th><th scope="col">"Strict"</th>
                        <th scope="col">"Enabled"</th><th scope="col">"Comment"</th>
                    </tr></thead>
                    <tbody>
                        {if rules.is_empty() {
                            view! { <EmptyRow columns text=empty/> }.into_any()
                        } else {
                            rules.into_iter().map(|r| view! {
                                <tr>
                                    {many_clusters.then(|| view! { <td>{text_or_dash(r.cluster.as_deref())}</td> })}
                                    <td class="mono">{r.name}</td>
                                    <td>{text_or_dash(r.kind.as_deref())}</td>
                                    <td>{text_or_dash(r.affinity.as_deref())}</td>
                                    <td>{members(r.nodes)}</td>
                                    <td>{if r.resources.is_empty() { ABSENT.to_owned() } else { r.resources.join(", ") }}</td>
                                    <td>{yes_no(r.strict)}</td>
                                    <td>{if r.enabled { view! { <Badge severity=Severity::Healthy text="enabled"/> } } else { view! { <Badge severity=Severity::Neutral text="disabled"/> } }}</td>
                                    <td class="comment">{text_or_dash(r.comment.as_deref())}</td>
                                </tr>
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

#[component]
fn ResourcesSection(
    mut resources: Vec<Resource>,
    links: Signal<LinkResult>,
    retry_links: Callback<()>,
    netbox: NetBox,
) -> impl IntoView {
    sort_problems_first(&mut resources);
    let total = resources.len();
    let rows = Arc::new(resources);
    let netbox = Arc::new(netbox);
    let link_notice = move || match links.get() {
        Some(Err(error)) => Some(view! {
            <div class="alert alert-warning link-notice" role="status">
                <div class="alert-title">"Links to NetBox VMs are unavailable"</div>
                <div class="alert-detail">{error.title()}{error.detail().map(|d| format!(": {d}"))}</div>
                <div class="alert-advice">"The HA data below is complete; only the links to NetBox are missing. "{error.advice()}</div>
                <button type="button" class="btn btn-sm btn-outline" on:click=move |_| retry_links.run(())>"Retry links"</button>
            </div>
        }),
        _ => None,
    };
    // One render of the rows per link-map state (loading, ready, failed), not one effect per row.
    let body = move || {
        let state = links.get();
        let map = match &state {
            Some(Ok(map)) => Some(map.clone()),
            _ => None,
        };
        let loading = state.is_none();
        if rows.is_empty() {
            return view! { <EmptyRow columns=12 text="No HA resources configured."/> }.into_any();
        }
        let netbox = netbox.clone();
        rows.iter().map(|r| resource_row(r, map.as_deref(), loading, &netbox)).collect_view().into_any()
    };
    view! {
        <Card title=format!("HA Resources ({total})") id="ha-resources">
            {link_notice}
            <div class="table-wrap">
                <table class="table table-hover resources">
                    <thead><tr>
                        <th scope="col">"SID"</th><th scope="col">"Guest"</th><th scope="col">"Type"</th><th scope="col">"Cluster"</th>
                        <th scope="col">"Group"</th><th scope="col">"Node"</th><th scope="col">"State"</th><th scope="col">"CRM state"</th>
                        <th scope="col">"Request state"</th><th scope="col" class="num">"Max restart"</th>
                        <th scope="col" class="num">"Max relocate"</th><th scope="col">"Failback"</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </Card>
    }
}

fn vm_link(netbox: &NetBox, netbox_id: u64, text: String) -> impl IntoView {
    view! { <a href=netbox.vm_page(netbox_id) rel="external" target="_top" data-vm-id=netbox_id.to_string()>{text}</a> }
}

fn resource_row(r: &Resource, map: Option<&LinkMap>, loading: bool, netbox: &NetBox) -> impl IntoView {
    let link = match (map, r.sid) {
        (Some(map), Some(sid)) => map.resolve(sid.vmid, r.cluster.as_deref()),
        _ => Link::None,
    };
    let (sid_cell, guest_cell) = match link {
        Link::Vm(vm) => (vm_link(netbox, vm.netbox_id, r.sid_text.clone()).into_any(), vm_link(netbox, vm.netbox_id, vm.name).into_any()),
        Link::Ambiguous(vms) => (
            view! { <span>{r.sid_text.clone()}</span> }.into_any(),
            view! {
                <span class="ambiguous">"Several NetBox VMs: "
                    {vms.into_iter().map(|vm| {
                        let label = format!("{} ({})", vm.name, vm.cluster.as_deref().unwrap_or("no cluster"));
                        view! { <span class="chip">{vm_link(netbox, vm.netbox_id, label)}</span> }
                    }).collect_view()}
                </span>
            }.into_any(),
        ),
        Link::OtherCluster(vm) => (
            view! { <span>{r.sid_text.clone()}</span> }.into_any(),
            view! {
                <span class="text-secondary" title="Not linked: the NetBox VM with this Proxmox id belongs to another cluster">
                    {format!("not in NetBox ({} is in {})", vm.name, vm.cluster.unwrap_or_default())}
                </span>
            }.into_any(),
        ),
        Link::None => (
            view! { <span>{r.sid_text.clone()}</span> }.into_any(),
            if loading && r.sid.is_some() {
                view! { <span class="placeholder" aria-label="loading">"…"</span> }.into_any()
            } else {
                view! { <span class="text-secondary">{ABSENT}</span> }.into_any()
            },
        ),
    };
    let severity = r.severity();
    view! {
        <tr class=format!("severity-{}", severity.label())>
            <td class="mono sid">{sid_cell}</td>
            <td class="guest">{guest_cell}</td>
            <td>{text_or_dash(r.guest_type().as_deref())}</td>
            <td>{text_or_dash(r.cluster.as_deref())}</td>
            <td>{text_or_dash(r.group.as_deref())}</td>
            <td class="mono">{text_or_dash(r.node.as_deref())}</td>
            <td><StateBadge state=r.state.clone()/></td>
            <td><StateBadge state=r.crm_state.clone()/></td>
            <td><StateBadge state=r.request_state.clone()/></td>
            <td class="num">{count_or_dash(r.max_restart)}</td>
            <td class="num">{count_or_dash(r.max_relocate)}</td>
            <td>{yes_no(r.failback)}</td>
        </tr>
    }
}
