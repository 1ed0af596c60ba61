//! HA Groups (Proxmox VE 8 and earlier) and HA Rules (Proxmox VE 9) tables.

use crate::model::display::{text_or_dash, yes_no, ABSENT};
use crate::model::ha_config::{Group, GroupMember, Rule};
use crate::model::severity::Severity;
use crate::web::components::badge::Badge;
use crate::web::components::card::TableCard;
use leptos::prelude::*;

/// The column headers, with a leading "Cluster" when the estate has several.
fn headers(many_clusters: bool, rest: &[&'static str]) -> Vec<&'static str> {
    many_clusters.then_some("Cluster").into_iter().chain(rest.iter().copied()).collect()
}

fn cluster_cell(many_clusters: bool, cluster: Option<&str>) -> impl IntoView {
    many_clusters.then(|| view! { <td>{text_or_dash(cluster)}</td> })
}

fn members(nodes: Vec<GroupMember>) -> AnyView {
    if nodes.is_empty() {
        return view! { <span class="text-secondary">{ABSENT}</span> }.into_any();
    }
    let chips = nodes.into_iter().map(|m| {
        let priority = m.priority.map(|p| {
            view! {
                <span class="chip-prio" title="priority">
                    {format!(":{p}")}
                </span>
            }
        });
        view! { <span class="chip">{m.node}{priority}</span> }
    });
    chips.collect_view().into_any()
}

#[component]
pub fn GroupsSection(groups: Vec<Group>, has_rules: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_rules {
        "No HA groups. Clusters on Proxmox VE 9 place resources with HA rules instead (below)."
    } else {
        "No HA groups configured."
    };
    let rows = groups.into_iter().map(|g| {
        view! {
            <tr>
                {cluster_cell(many_clusters, g.cluster.as_deref())} <td class="mono">{g.name}</td>
                <td>{members(g.nodes)}</td> <td>{yes_no(g.restricted)}</td>
                <td>{yes_no(g.nofailback)}</td>
                <td class="comment">{text_or_dash(g.comment.as_deref())}</td>
            </tr>
        }
        .into_any()
    });
    let headers = headers(
        many_clusters,
        &["Group", "Nodes (priority)", "Restricted", "No failback", "Comment"],
    );
    view! { <TableCard title="HA Groups" id="ha-groups" headers empty rows=rows.collect() /> }
}

#[component]
pub fn RulesSection(rules: Vec<Rule>, has_groups: bool, many_clusters: bool) -> impl IntoView {
    let empty = if has_groups {
        "No HA rules. Rules replace groups from Proxmox VE 9 on; the clusters above use groups."
    } else {
        "No HA rules configured."
    };
    let rows = rules.into_iter().map(|r| {
        let resources =
            if r.resources.is_empty() { ABSENT.to_owned() } else { r.resources.join(", ") };
        let (severity, enabled) = if r.enabled {
            (Severity::Healthy, "enabled")
        } else {
            (Severity::Neutral, "disabled")
        };
        view! {
            <tr>
                {cluster_cell(many_clusters, r.cluster.as_deref())} <td class="mono">{r.name}</td>
                <td>{text_or_dash(r.kind.as_deref())}</td>
                <td>{text_or_dash(r.affinity.as_deref())}</td> <td>{members(r.nodes)}</td>
                <td>{resources}</td> <td>{yes_no(r.strict)}</td> <td>
                    <Badge severity text=enabled />
                </td> <td class="comment">{text_or_dash(r.comment.as_deref())}</td>
            </tr>
        }
        .into_any()
    });
    let headers = headers(
        many_clusters,
        &["Rule", "Type", "Affinity", "Nodes", "Resources", "Strict", "Enabled", "Comment"],
    );
    view! { <TableCard title="HA Rules" id="ha-rules" headers empty rows=rows.collect() /> }
}
