//! HA Resources: every resource, searched, filtered, sorted and paged in the URL, linked to
//! its NetBox VM when the lookups have answered.

use super::query::use_table_query;
use super::table_controls::{Pager, SortHeader, Toolbar};
use crate::model::changes::RowMarks;
use crate::model::display::{count_or_dash, text_or_dash, yes_no, ABSENT};
use crate::model::error::FetchError;
use crate::model::linkmap::{Link, LinkMap};
use crate::model::resource::Resource;
use crate::model::summary::Summary;
use crate::model::table::{csv, page_of, select, Column};
use crate::web::components::alert::{Alert, Level};
use crate::web::components::badge::StateBadge;
use crate::web::components::card::EmptyRow;
use crate::web::components::links::VmLink;
use crate::web::download::download;
use leptos::prelude::*;
use std::sync::Arc;

/// The VM link map: `None` while loading or when nothing needs linking.
pub type LinkResult = Option<Result<Arc<LinkMap>, FetchError>>;

/// The link map, once the lookups have answered with one.
pub fn link_map(links: &LinkResult) -> Option<Arc<LinkMap>> {
    links.as_ref()?.as_ref().ok().cloned()
}

fn rows_of(data: &Option<Arc<Summary>>) -> &[Resource] {
    data.as_deref().map_or(&[], |d| &d.resources)
}

/// The guest name a resource links to, for search, sort and export.
fn guest_name(map: Option<&LinkMap>, r: &Resource) -> Option<String> {
    match map?.resolve(r.sid?.vmid, r.cluster.as_deref()) {
        Link::Vm(vm) => Some(vm.name),
        _ => None,
    }
}

/// Created once per page visit: its search box and filters survive every refresh.
#[component]
pub fn ResourcesSection(
    #[prop(into)] data: Signal<Option<Arc<Summary>>>,
    #[prop(into)] links: Signal<LinkResult>,
    retry_links: Callback<()>,
    /// What changed on the last refresh, per row: those rows are marked.
    #[prop(optional, into)]
    marks: Signal<RowMarks>,
) -> impl IntoView {
    let (query, set_query) = use_table_query();
    let map = move || links.with(link_map);
    let selected = Memo::new(move |_| {
        let map = map();
        let guest = |r: &Resource| guest_name(map.as_deref(), r);
        data.with(|d| query.with(|q| select(rows_of(d), &guest, q)))
    });
    let total = Signal::derive(move || data.with(|d| rows_of(d).len()));
    let export = Callback::new(move |_| {
        let map = links.with_untracked(link_map);
        let guest = |r: &Resource| guest_name(map.as_deref(), r);
        let text =
            data.with_untracked(|d| selected.with_untracked(|rows| csv(rows_of(d), rows, &guest)));
        download("ha-resources.csv", "text/csv;charset=utf-8", &text);
    });
    let body = move || {
        let loading = links.with(Option::is_none);
        let map = map();
        let marks = marks.read();
        data.with(|d| {
            let rs = rows_of(d);
            selected.with(|rows| {
                if rows.is_empty() {
                    let text = if rs.is_empty() {
                        "No HA resources configured."
                    } else {
                        "No HA resources match these filters."
                    };
                    return view! { <EmptyRow columns=Column::ALL.len() text /> }.into_any();
                }
                let (page, _) = page_of(rows, query.with(|q| q.page));
                let row = |&i: &usize| resource_row(&rs[i], map.as_deref(), loading, &marks);
                page.iter().map(row).collect_view().into_any()
            })
        })
    };
    view! {
        <section class="card" id="ha-resources" aria-labelledby="ha-resources-title">
            <h2 class="card-header" id="ha-resources-title">
                {move || format!("HA Resources ({})", total.get())}
            </h2>
            <LinkNotice links retry=retry_links />
            <Toolbar data query set_query export />
            <Pager shown=Signal::derive(move || selected.with(Vec::len)) total query set_query />
            <div class="table-wrap">
                <table class="table table-hover resources">
                    <thead>
                        <tr>
                            {Column::ALL
                                .map(|column| view! { <SortHeader column query set_query /> })}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Says why SIDs are not linked when the NetBox lookups failed; the HA data stay complete.
#[component]
fn LinkNotice(links: Signal<LinkResult>, retry: Callback<()>) -> impl IntoView {
    move || match links.get() {
        Some(Err(error)) => Some(view! {
            <Alert
                level=Level::Warning
                class="link-notice"
                title="Links to NetBox VMs are unavailable"
                detail=Some(error.to_string())
                advice=format!(
                    "The HA data below is complete; only the links to NetBox are missing. {}",
                    error.advice(),
                )
                retry=Some(retry)
                retry_label="Retry links"
            />
        }),
        _ => None,
    }
}

/// The SID and guest cells: linked, ambiguous, in another cluster, loading or absent.
fn link_cells(r: &Resource, link: Link, loading: bool) -> (AnyView, AnyView) {
    let sid_text = r.sid_text.clone();
    let plain_sid = || view! { <span>{r.sid_text.clone()}</span> }.into_any();
    match link {
        Link::Vm(vm) => (
            view! { <VmLink netbox_id=vm.netbox_id text=sid_text /> }.into_any(),
            view! { <VmLink netbox_id=vm.netbox_id text=vm.name /> }.into_any(),
        ),
        Link::Ambiguous(vms) => {
            let chips = vms.into_iter().map(|vm| {
                let label =
                    format!("{} ({})", vm.name, vm.cluster.as_deref().unwrap_or("no cluster"));
                view! {
                    <span class="chip">
                        <VmLink netbox_id=vm.netbox_id text=label />
                    </span>
                }
            });
            let guest = view! { <span class="ambiguous">"Several NetBox VMs: "{chips.collect_view()}</span> };
            (plain_sid(), guest.into_any())
        }
        Link::OtherCluster(vm) => {
            let text =
                format!("not in NetBox ({} is in {})", vm.name, vm.cluster.unwrap_or_default());
            let guest = view! {
                <span
                    class="text-secondary"
                    title="Not linked: the NetBox VM with this Proxmox id belongs to another cluster"
                >
                    {text}
                </span>
            };
            (plain_sid(), guest.into_any())
        }
        Link::None if loading && r.sid.is_some() => (
            plain_sid(),
            view! {
                <span class="placeholder" aria-label="loading">
                    "…"
                </span>
            }
            .into_any(),
        ),
        Link::None => {
            (plain_sid(), view! { <span class="text-secondary">{ABSENT}</span> }.into_any())
        }
    }
}

fn resource_row(
    r: &Resource,
    map: Option<&LinkMap>,
    loading: bool,
    marks: &RowMarks,
) -> impl IntoView {
    let link = match (map, r.sid) {
        (Some(map), Some(sid)) => map.resolve(sid.vmid, r.cluster.as_deref()),
        _ => Link::None,
    };
    let (sid_cell, guest_cell) = link_cells(r, link, loading);
    let changed = marks.get(r.cluster.as_deref().unwrap_or_default(), &r.sid_text);
    let said = changed.map(|what| format!("Changed on the last refresh: {what}"));
    // The tooltip is for the mouse; screen readers read it at the end of the row, where it
    // leaves the cells' own text (the SID, the states) as it is.
    let read_out = said.as_ref().map(|said| {
        view! { <span class="visually-hidden">{format!(" ({said})")}</span> }
    });
    view! {
        <tr
            class=format!("severity-{}", r.severity().label())
            class:changed=changed.is_some()
            title=said
        >
            <td class="mono sid">{sid_cell}</td>
            <td class="guest">{guest_cell}</td>
            <td>{text_or_dash(r.guest_type().as_deref())}</td>
            <td>{text_or_dash(r.cluster.as_deref())}</td>
            <td>{text_or_dash(r.group.as_deref())}</td>
            <td class="mono">{text_or_dash(r.node.as_deref())}</td>
            <td>
                <StateBadge state=r.state.clone() />
            </td>
            <td>
                <StateBadge state=r.crm_state.clone() />
            </td>
            <td>
                <StateBadge state=r.request_state.clone() />
            </td>
            <td class="num">{count_or_dash(r.max_restart)}</td>
            <td class="num">{count_or_dash(r.max_relocate)}</td>
            <td>{yes_no(r.failback)}{read_out}</td>
        </tr>
    }
}
