//! The cluster-wide HA Status page: one shim call per render, then batched VM link lookups.
//! Data render from the last good answer, so a refresh never blanks the page and a failed
//! one shows its banner above data marked stale.

use crate::app::AppContext;
use crate::cluster::{clusters, ClusterStatus};
use crate::components::badge::{Badge, StateBadge};
use crate::components::banner::{ErrorBanner, InfoBanner};
use crate::components::loading::Loading;
use crate::display::{cluster_label, count_or_dash, text_or_dash, yes_no, ABSENT};
use crate::error::FetchError;
use crate::linkmap::{wanted_ids, Link, LinkMap};
use crate::live::{use_live_refresh, UpdatedAgo};
use crate::netbox::NetBox;
use crate::overview::{overview, resources_per_node, ClusterOverview};
use crate::severity::Severity;
use crate::summary::{Group, GroupMember, Resource, Rule, Summary, SummaryAnswer};
use crate::table::{csv, page_of, select, Column, TableQuery, PAGE_SIZE};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::HashMap;
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
    let live = use_live_refresh(ctx.refresh_seconds(), move || summary.refetch());
    let data = RwSignal::new(None::<Arc<Summary>>);
    let stale = RwSignal::new(false);
    Effect::new(move |_| match summary.get() {
        Some(Ok(SummaryAnswer::Data(fresh))) => {
            data.set(Some(fresh));
            stale.set(false);
            live.updated_at.set(Some(js_sys::Date::now()));
        }
        Some(Ok(SummaryAnswer::Notice(_))) => {
            data.set(None);
            stale.set(false);
        }
        Some(Err(_)) => stale.set(data.with_untracked(Option::is_some)),
        None => {}
    });
    let links = LocalResource::new(move || {
        let current = data.get();
        let client = ctx.client();
        async move {
            let ids = wanted_ids(&current?.resources);
            if ids.is_empty() {
                return None;
            }
            Some(client.links(&ids).await.map(Arc::new))
        }
    });
    // Copied out of the resource: a resource read under the Transition would hold the whole
    // page back until the NetBox lookups finish.
    let link_state = RwSignal::new(None::<Result<Arc<LinkMap>, FetchError>>);
    Effect::new(move |_| link_state.set(links.get().flatten()));
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |_| summary.refetch());
    let has_data = move || data.with(Option::is_some);

    view! {
        <div class="page-header">
            <h1>"HA Status"</h1>
            <div class="page-actions">
                <UpdatedAgo live stale=stale/>
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
                    Ok(SummaryAnswer::Data(_)) => ().into_any(),
                }
            })}
        </Transition>
        {move || stale.get().then(|| view! {
            <p class="stale-note" role="status" data-testid="stale">
                "Showing the last data received before the error above; they may be out of date."
            </p>
        })}
        <div class:stale=move || stale.get()>
            {move || data.get().map(|data| view! { <StatusSections data/> })}
            <Show when=has_data>
                <ResourcesSection data links=link_state.into() retry_links=Callback::new(move |_| links.refetch())/>
            </Show>
        </div>
    }
}

/// The URL's table query and a way to change it (replacing the history entry).
fn use_table_query() -> (Memo<TableQuery>, Callback<TableQuery>) {
    let query = use_query_map();
    let current = Memo::new(move |_| {
        query.with(|map| {
            let pairs: Vec<(&str, String)> = ["q", "cluster", "node", "state", "severity", "sort", "page"]
                .into_iter()
                .filter_map(|k| Some((k, map.get(k)?)))
                .collect();
            TableQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        })
    });
    let navigate = use_navigate();
    let set = Callback::new(move |next: TableQuery| {
        navigate(&format!("/ha{}", next.query_string()), NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });
    (current, set)
}

fn show_table() {
    if let Some(table) = document().get_element_by_id("ha-resources") {
        table.scroll_into_view();
    }
}

/// Overview, cluster status, groups and rules for one answer.
#[component]
pub fn StatusSections(data: Arc<Summary>) -> impl IntoView {
    let cluster_list = clusters(&data.status);
    let overviews = overview(&cluster_list, &data.resources);
    let per_node = resources_per_node(&data.resources);
    let many_clusters = overviews.len() > 1;
    let warnings = data.warnings.clone();
    view! {
        {(!warnings.is_empty()).then(|| view! {
            <div class="alert alert-warning" role="status">
                <div class="alert-title">"Part of the backend's answer could not be read"</div>
                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </div>
        })}
        <Overview overviews/>
        <ClusterStatusSection clusters=cluster_list per_node/>
        <GroupsSection groups=data.groups.clone() has_rules=!data.rules.is_empty() many_clusters/>
        <RulesSection rules=data.rules.clone() has_groups=!data.groups.is_empty() many_clusters/>
    }
}

#[component]
fn Overview(overviews: Vec<ClusterOverview>) -> impl IntoView {
    let (query, set_query) = use_table_query();
    let filter = move |cluster: String, severity: Severity| {
        set_query.run(TableQuery { cluster: Some(cluster), severity: Some(severity), page: 0, ..query.get_untracked() });
        show_table();
    };
    (!overviews.is_empty()).then(|| view! {
        <section class="overview" aria-label="Summary by cluster">
            {overviews.into_iter().map(|o| {
                let label = cluster_label(&o.name).to_owned();
                let quorum = match (o.unreadable, o.quorate) {
                    (true, _) => view! { <Badge severity=Severity::Problem text="unreadable"/> }.into_any(),
                    (_, Some(false)) => view! { <Badge severity=Severity::Problem text="NO QUORUM"/> }.into_any(),
                    (_, Some(true)) => view! { <Badge severity=Severity::Healthy text="quorate"/> }.into_any(),
                    (_, None) => ().into_any(),
                };
                let master = match o.master_alive {
                    Some(false) => view! { <Badge severity=Severity::Problem text="master dead?"/> }.into_any(),
                    Some(true) => view! { <Badge severity=Severity::Healthy text="master alive"/> }.into_any(),
                    None => ().into_any(),
                };
                let nodes = format!("nodes: {} online · {} maintenance · {} not running", o.nodes_online, o.nodes_maintenance, o.nodes_other);
                let counts = [Severity::Problem, Severity::Transitional, Severity::Healthy, Severity::Neutral].map(|severity| {
                    let n = o.count(severity);
                    let name = o.name.clone();
                    view! {
                        <button type="button" class=format!("count count-{}", severity.label()) class:count-zero={n == 0}
                            data-severity=severity.label() on:click=move |_| filter(name.clone(), severity)
                            title=format!("Show the {} resources", severity.label())>
                            <strong>{n}</strong>" "{severity.label()}
                        </button>
                    }
                });
                view! {
                    <div class="overview-cluster" class:overview-problem=o.has_problem() data-cluster=o.name.clone()>
                        <h2 class="overview-name">{label}</h2>
                        <div class="overview-badges">{quorum}" "{master}" "<span class="text-secondary" class:nodes-problem={o.nodes_other > 0}>{nodes}</span></div>
                        <div class="overview-counts" role="group" aria-label="Resources by severity">{counts}</div>
                    </div>
                }
            }).collect_view()}
        </section>
    })
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
fn ClusterStatusSection(clusters: Vec<ClusterStatus>, per_node: HashMap<(String, String), usize>) -> impl IntoView {
    let per_node = Arc::new(per_node);
    view! {
        <Card title="Cluster Status" id="cluster-status">
            {if clusters.is_empty() {
                view! { <p class="card-body empty-state">"No HA status reported. HA may not be configured on these clusters."</p> }.into_any()
            } else {
                view! {
                    <div class="cluster-grid">
                        {clusters.into_iter().map(|cluster| view! { <ClusterCard cluster per_node=per_node.clone()/> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn ClusterCard(cluster: ClusterStatus, per_node: Arc<HashMap<(String, String), usize>>) -> impl IntoView {
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
        None => view! { <ClusterDetails cluster per_node/> }.into_any(),
    };
    view! {
        <article class="cluster" class:cluster-problem=problem data-cluster=data_name>
            <h3 class="cluster-name">{name}{problem.then(|| view! { " " <Badge severity=Severity::Problem text="needs attention"/> })}</h3>
            {body}
        </article>
    }
}

#[component]
fn ClusterDetails(cluster: ClusterStatus, per_node: Arc<HashMap<(String, String), usize>>) -> impl IntoView {
    let (query, set_query) = use_table_query();
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
    let cluster_name = cluster.name.clone();
    let nodes = cluster.nodes;
    let other = cluster.other;
    view! {
        <div class="kv-list">{quorum}{master}{fencing}</div>
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Nodes"</caption>
                <thead><tr>
                    <th scope="col">"Node"</th><th scope="col">"LRM state"</th><th scope="col">"Watchdog"</th>
                    <th scope="col" class="num">"Resources"</th><th scope="col">"Last update"</th>
                </tr></thead>
                <tbody>
                    {if nodes.is_empty() {
                        view! { <EmptyRow columns=5 text="No node status reported."/> }.into_any()
                    } else {
                        nodes.into_iter().map(|n| {
                            let count = per_node.get(&(cluster_name.clone(), n.node.clone())).copied().unwrap_or(0);
                            let (cluster, node) = (cluster_name.clone(), n.node.clone());
                            let show = move |_| {
                                set_query.run(TableQuery { cluster: Some(cluster.clone()), node: Some(node.clone()), page: 0, ..TableQuery { search: String::new(), ..query.get_untracked() } });
                                show_table();
                            };
                            view! {
                                <tr>
                                    <td class="mono" title=n.text>{n.node.clone()}</td>
                                    <td><StateBadge state=Some(n.state)/></td>
                                    <td>{text_or_dash(n.watchdog.as_deref())}</td>
                                    <td class="num">
                                        <button type="button" class="link-button" data-node=n.node on:click=show
                                            title="Show the resources on this node">{count}</button>
                                    </td>
                                    <td class="status-text">{n.note}</td>
                                </tr>
                            }
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

/// A card holding a table, or its empty-state row.
#[component]
fn TableCard(
    #[prop(into)] title: String,
    id: &'static str,
    headers: Vec<&'static str>,
    empty: &'static str,
    rows: Vec<AnyView>,
) -> impl IntoView {
    let columns = headers.len();
    view! {
        <Card title id>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {if rows.is_empty() { view! { <EmptyRow columns text=empty/> }.into_any() } else { rows.into_any() }}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

/// The column headers, with a leading "Cluster" when the estate has several.
fn headers(many_clusters: bool, rest: &[&'static str]) -> Vec<&'static str> {
    many_clusters.then_some("Cluster").into_iter().chain(rest.iter().copied()).collect()
}

#[component]
fn GroupsSection(groups: Vec<Group>, has_rules: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_rules {
        "No HA groups. Clusters on Proxmox VE 9 place resources with HA rules instead (below)."
    } else {
        "No HA groups configured."
    };
    let rows = groups
        .into_iter()
        .map(|g| view! {
            <tr>
                {many_clusters.then(|| view! { <td>{text_or_dash(g.cluster.as_deref())}</td> })}
                <td class="mono">{g.name}</td>
                <td>{members(g.nodes)}</td>
                <td>{yes_no(g.restricted)}</td>
                <td>{yes_no(g.nofailback)}</td>
                <td class="comment">{text_or_dash(g.comment.as_deref())}</td>
            </tr>
        }.into_any())
        .collect();
    let headers = headers(many_clusters, &["Group", "Nodes (priority)", "Restricted", "No failback", "Comment"]);
    view! { <TableCard title="HA Groups" id="ha-groups" headers empty rows/> }
}

#[component]
fn RulesSection(rules: Vec<Rule>, has_groups: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_groups {
        "No HA rules. Rules replace groups from Proxmox VE 9 on; the clusters above use groups."
    } else {
        "No HA rules configured."
    };
    let rows = rules
        .into_iter()
        .map(|r| view! {
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
        }.into_any())
        .collect();
    let headers = headers(many_clusters, &["Rule", "Type", "Affinity", "Nodes", "Resources", "Strict", "Enabled", "Comment"]);
    view! { <TableCard title="HA Rules" id="ha-rules" headers empty rows/> }
}

/// The guest name a resource links to, for search, sort and export.
fn guest_name(map: Option<&LinkMap>, r: &Resource) -> Option<String> {
    match map?.resolve(r.sid?.vmid, r.cluster.as_deref()) {
        Link::Vm(vm) => Some(vm.name),
        _ => None,
    }
}

/// Offers `text` as a file download.
fn download(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Created once per page visit: its search box and filters survive every refresh.
#[component]
pub fn ResourcesSection(data: RwSignal<Option<Arc<Summary>>>, links: Signal<LinkResult>, retry_links: Callback<()>) -> impl IntoView {
    let netbox = Arc::new(expect_context::<AppContext>().netbox());
    let (query, set_query) = use_table_query();
    // The rows are read in place from the shared answer, never copied.
    let with_resources = move |read: &mut dyn FnMut(&[Resource])| data.with(|d| read(d.as_deref().map_or(&[], |d| &d.resources)));
    let map = move || match links.get() {
        Some(Ok(map)) => Some(map),
        _ => None,
    };
    let selected = Memo::new(move |_| {
        let map = map();
        let mut rows = Vec::new();
        with_resources(&mut |rs| rows = query.with(|q| select(rs, &|r| guest_name(map.as_deref(), r), q)));
        rows
    });
    let total = move || {
        let mut n = 0;
        with_resources(&mut |rs| n = rs.len());
        n
    };
    let choices = move |pick: fn(&Resource) -> Option<String>| {
        let mut values: Vec<String> = Vec::new();
        with_resources(&mut |rs| values = rs.iter().filter_map(pick).collect());
        values.sort();
        values.dedup();
        values
    };
    let update = move |change: &dyn Fn(&mut TableQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 0;
        set_query.run(next);
    };
    let filter_select = move |label: &'static str, id: &'static str, options: Vec<String>, current: fn(&TableQuery) -> Option<String>, set: fn(&mut TableQuery, Option<String>)| {
        view! {
            <label class="filter">
                <span>{label}</span>
                <select id=id on:change=move |ev| {
                    let value = event_target_value(&ev);
                    update(&|q| set(q, (!value.is_empty()).then(|| value.clone())));
                }>
                    <option value="" selected=move || query.with(|q| current(q).is_none())>"all"</option>
                    {options.into_iter().map(|o| {
                        let selected = { let o = o.clone(); move || query.with(|q| current(q).as_deref() == Some(o.as_str())) };
                        view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
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
    let export = move |_| {
        let map = map();
        let mut text = String::new();
        with_resources(&mut |rs| text = selected.with(|rows| csv(rs, rows, &|r| guest_name(map.as_deref(), r))));
        download("ha-resources.csv", "text/csv;charset=utf-8", &text);
    };
    let header = move |column: Column| {
        let sort = move || query.with(|q| match (q.sort == Some(column), q.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        });
        view! {
            <th scope="col" class:num=column.numeric() aria-sort=sort>
                <button type="button" class="sort" on:click=move |_| set_query.run(query.get_untracked().sorted_by(column))>
                    {column.title()}<span class="sort-mark" aria-hidden="true">{move || match sort() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    let shown_page = move || selected.with(|rows| page_of(rows, query.with(|q| q.page)).1);
    let body = {
        let netbox = netbox.clone();
        move || {
            let loading = links.with(Option::is_none);
            let map = map();
            let mut view = None;
            with_resources(&mut |rs| view = Some(selected.with(|rows| {
                if rows.is_empty() {
                    let text = if rs.is_empty() { "No HA resources configured." } else { "No HA resources match these filters." };
                    return view! { <EmptyRow columns=12 text/> }.into_any();
                }
                let (page, _) = page_of(rows, query.with(|q| q.page));
                page.iter().map(|&i| resource_row(&rs[i], map.as_deref(), loading, &netbox)).collect_view().into_any()
            })));
            view
        }
    };
    let pager = move || {
        let shown = selected.with(Vec::len);
        let page = shown_page();
        let pages = shown.div_ceil(PAGE_SIZE).max(1);
        let first = if shown == 0 { 0 } else { page * PAGE_SIZE + 1 };
        let last = (page * PAGE_SIZE + PAGE_SIZE).min(shown);
        let of = if shown == total() { format!("{shown}") } else { format!("{shown} (filtered from {})", total()) };
        let go = move |to: usize| {
            let mut next = query.get_untracked();
            next.page = to;
            set_query.run(next);
            show_table();
        };
        view! {
            <div class="pager" data-testid="pager">
                <span aria-live="polite">{format!("Showing {first}–{last} of {of}")}</span>
                {(pages > 1).then(|| view! {
                    <span class="pager-buttons">
                        <button type="button" class="btn btn-sm btn-outline" disabled={page == 0} on:click=move |_| go(page - 1)>"Previous"</button>
                        <span>{format!("page {} of {pages}", page + 1)}</span>
                        <button type="button" class="btn btn-sm btn-outline" disabled={page + 1 >= pages} on:click=move |_| go(page + 1)>"Next"</button>
                    </span>
                })}
            </div>
        }
    };
    view! {
        <section class="card" id="ha-resources" aria-labelledby="ha-resources-title">
            <h2 class="card-header" id="ha-resources-title">{move || format!("HA Resources ({})", total())}</h2>
            {link_notice}
            <div class="toolbar" role="search">
                <label class="filter search">
                    <span>"Search"</span>
                    <input type="search" id="resource-search" placeholder="SID, guest, node, group, comment"
                        prop:value=move || query.with(|q| q.search.clone())
                        on:input=move |ev| { let value = event_target_value(&ev); update(&|q| q.search = value.clone()); }/>
                </label>
                {move || filter_select("Cluster", "filter-cluster", choices(|r| r.cluster.clone()), |q| q.cluster.clone(), |q, v| q.cluster = v)}
                {move || filter_select("Node", "filter-node", choices(|r| r.node.clone()), |q| q.node.clone(), |q, v| q.node = v)}
                {move || filter_select("State", "filter-state", choices(|r| r.crm_state.clone().or_else(|| r.state.clone())), |q| q.state.clone(), |q, v| q.state = v)}
                {filter_select("Severity", "filter-severity",
                    ["problem", "transitional", "healthy", "neutral", "unknown"].map(String::from).to_vec(),
                    |q| q.severity.map(|s| s.label().to_owned()),
                    |q, v| q.severity = v.and_then(|v| TableQuery::from_pairs([("severity", v.as_str())]).severity))}
                <div class="toolbar-actions">
                    {move || query.with(TableQuery::is_filtered).then(|| view! {
                        <button type="button" class="btn btn-sm btn-outline" on:click=move |_| set_query.run(TableQuery { sort: query.get_untracked().sort, descending: query.get_untracked().descending, ..Default::default() })>"Clear filters"</button>
                    })}
                    <button type="button" class="btn btn-sm btn-outline" on:click=export data-testid="export-csv">"Export CSV"</button>
                </div>
            </div>
            {pager}
            <div class="table-wrap">
                <table class="table table-hover resources">
                    <thead><tr>{Column::ALL.map(header)}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
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
