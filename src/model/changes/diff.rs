//! The diff of two parsed answers. Rows are matched by key (cluster + SID, cluster + node),
//! never by position, and compared as parsed, so a reordered list or a value that only
//! changed its JSON type (`"1"` and `1`) is no change.

use super::{Change, Kind, DEAD, LOST, UNREADABLE};
use crate::model::cluster::ClusterStatus;
use crate::model::resource::Resource;
use crate::model::severity::Severity;
use crate::model::summary::Summary;
use std::collections::HashMap;

/// What moved from `old` to `new`, both successful answers; `at`: when `new` arrived.
/// Clusters first (in `new`'s order), then resources.
pub fn diff(old: &Summary, new: &Summary, at: f64) -> Vec<Change> {
    let (was, now) = (old.clusters(), new.clusters());
    let mut out = Vec::new();
    // A cluster failing on either side is not known there: only that it started or stopped
    // failing is said, not that all its nodes and resources vanished or came back.
    let mut unknown: Vec<&str> =
        was.iter().filter(|c| c.error.is_some()).map(|c| c.name.as_str()).collect();
    for cluster in &now {
        let before = was.iter().find(|c| c.name == cluster.name);
        let failed_before = before.is_some_and(|c| c.error.is_some());
        if failed_before || cluster.error.is_some() {
            unknown.push(&cluster.name);
        }
        match (before, &cluster.error) {
            (_, Some(error)) if !failed_before => {
                out.push(read(at, cluster, UNREADABLE, Some(error.detail.clone())))
            }
            (_, None) if failed_before => out.push(read(at, cluster, "readable", None)),
            (Some(before), None) => cluster_changes(at, before, cluster, &mut out),
            _ => {}
        }
    }
    resource_changes(at, old, new, &unknown, &mut out);
    out
}

fn read(at: f64, cluster: &ClusterStatus, after: &str, note: Option<String>) -> Change {
    let before = if after == UNREADABLE { "readable" } else { UNREADABLE };
    Change::new(at, &cluster.name, "", Kind::Read).with(
        Some(before.into()),
        Some(after.into()),
        note,
    )
}

fn cluster_changes(at: f64, was: &ClusterStatus, now: &ClusterStatus, out: &mut Vec<Change>) {
    let change = |subject: &str, kind| Change::new(at, &now.name, subject, kind);
    if let (Some(q0), Some(q1)) = (&was.quorum, &now.quorum) {
        let word = |ok| if ok { "OK" } else { LOST }.to_owned();
        if q0.ok != q1.ok {
            out.push(change("", Kind::Quorum).with(Some(word(q0.ok)), Some(word(q1.ok)), None));
        }
    }
    if let (Some(m0), Some(m1)) = (&was.master, &now.master) {
        if m0.node != m1.node {
            out.push(change("", Kind::Master).with(m0.node.clone(), m1.node.clone(), None));
        }
        let word = |dead| if dead { DEAD } else { "alive" }.to_owned();
        if m0.dead() != m1.dead() {
            let subject = m1.node.as_deref().unwrap_or_default();
            let (before, after) = (word(m0.dead()), word(m1.dead()));
            out.push(change(subject, Kind::MasterStale).with(Some(before), Some(after), None));
        }
    }
    if was.fencing != now.fencing {
        out.push(change("", Kind::Fencing).with(was.fencing.clone(), now.fencing.clone(), None));
    }
    let state_of = |c: &ClusterStatus, node: &str| {
        c.nodes.iter().find(|n| n.node == node).map(|n| n.state.clone())
    };
    for node in &now.nodes {
        let before = state_of(was, &node.node);
        if before.as_ref() != Some(&node.state) {
            out.push(change(&node.node, Kind::Lrm).with(before, Some(node.state.clone()), None));
        }
    }
    for node in was.nodes.iter().filter(|n| state_of(now, &n.node).is_none()) {
        out.push(change(&node.node, Kind::Lrm).with(Some(node.state.clone()), None, None));
    }
}

/// The key `resource::resources` matches rows by, too (one map type for both).
fn key(r: &Resource) -> (Option<&str>, &str) {
    (r.cluster.as_deref(), r.sid_text.trim())
}

/// The cluster and SID a change names.
fn names(r: &Resource) -> (&str, &str) {
    (r.cluster.as_deref().unwrap_or_default(), r.sid_text.trim())
}

/// The state word a resource is judged by (`Resource::severity`): the worse of CRM state and
/// state.
fn worst_state(r: &Resource) -> Option<String> {
    let words = [&r.crm_state, &r.state].into_iter().flatten();
    words.min_by_key(|s| Severity::of_state(s)).cloned()
}

fn field(r: &Resource, kind: Kind) -> &Option<String> {
    match kind {
        Kind::State => &r.state,
        Kind::CrmState => &r.crm_state,
        Kind::RequestState => &r.request_state,
        _ => &r.node,
    }
}

fn resource_changes<'a>(
    at: f64,
    old: &'a Summary,
    new: &'a Summary,
    unknown: &[&str],
    out: &mut Vec<Change>,
) {
    let by_key = |list: &'a [Resource]| -> HashMap<_, &'a Resource> {
        list.iter().map(|r| (key(r), r)).collect()
    };
    let (before, after) = (by_key(&old.resources), by_key(&new.resources));
    let known = |r: &Resource| !unknown.contains(&names(r).0);
    for r in new.resources.iter().filter(|r| known(r)) {
        let (cluster, sid) = names(r);
        let change = |kind| Change::new(at, cluster, sid, kind);
        let Some(was) = before.get(&key(r)) else {
            out.push(change(Kind::Added).with(None, worst_state(r), r.node.clone()));
            continue;
        };
        for kind in [Kind::State, Kind::CrmState, Kind::RequestState, Kind::Node] {
            let (b, a) = (field(was, kind), field(r, kind));
            if b != a {
                let note = if kind == Kind::Node { None } else { r.node.clone() };
                out.push(change(kind).with(b.clone(), a.clone(), note));
            }
        }
    }
    for r in old.resources.iter().filter(|r| known(r) && !after.contains_key(&key(r))) {
        let (cluster, sid) = names(r);
        let change = Change::new(at, cluster, sid, Kind::Removed);
        out.push(change.with(None, worst_state(r), r.node.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::summary::{parse_summary, SummaryAnswer};
    use serde_json::{json, Value};

    fn summary(v: Value) -> Summary {
        match parse_summary(&v) {
            Ok(SummaryAnswer::Data(s)) => (*s).clone(),
            other => panic!("{other:?}"),
        }
    }

    fn texts(old: Value, new: Value) -> Vec<String> {
        diff(&summary(old), &summary(new), 5.0).iter().map(Change::text).collect()
    }

    /// A cluster as the backend words it: quorum, master, two LRMs, fencing and two services.
    fn prod(vm102: (&str, &str), pve02: &str, quorate: Value, master: &str) -> Value {
        json!({
            "status": [
                {"cluster_name": "prod", "type": "quorum", "status": "OK", "quorate": quorate},
                {"cluster_name": "prod", "type": "master", "node": master, "status": format!("{master} (active, Wed)")},
                {"cluster_name": "prod", "type": "lrm", "node": "pve01", "status": "pve01 (active, Wed)"},
                {"cluster_name": "prod", "type": "lrm", "node": "pve02", "status": format!("pve02 ({pve02}, Wed)")},
                {"cluster_name": "prod", "type": "fencing", "status": "armed (CRM watchdog active)"},
                {"cluster_name": "prod", "type": "service", "sid": "vm:101", "node": "pve01", "crm_state": "started"},
                {"cluster_name": "prod", "type": "service", "sid": "vm:102", "node": vm102.1, "crm_state": vm102.0, "request_state": "started"}
            ],
            "resources": [
                {"cluster_name": "prod", "sid": "vm:101", "state": "started", "max_restart": 1},
                {"cluster_name": "prod", "sid": "vm:102", "state": "started", "max_restart": "1"}
            ]
        })
    }

    #[test]
    fn a_resource_falling_into_error_and_a_node_into_maintenance() {
        let old = prod(("started", "pve02"), "active", json!(1), "pve01");
        let new = prod(("error", "pve02"), "maintenance", json!(1), "pve01");
        let changes = diff(&summary(old), &summary(new), 7.0);
        let lines: Vec<String> = changes.iter().map(Change::text).collect();
        assert_eq!(
            lines,
            [
                "prod · pve02 LRM active → maintenance",
                "prod · vm:102 CRM state started → error on pve02"
            ]
        );
        assert!(changes.iter().all(|c| c.at == 7.0 && c.cluster == "prod"));
        assert_eq!(
            changes.iter().map(|c| (c.severity, c.new_problem)).collect::<Vec<_>>(),
            [(Severity::Transitional, false), (Severity::Problem, true)]
        );
        assert_eq!(changes[1].before.as_deref(), Some("started"));
        assert_eq!(changes[1].after.as_deref(), Some("error"));
    }

    #[test]
    fn a_migration_moves_node_and_states() {
        let old = prod(("migrate", "pve01"), "active", json!(1), "pve01");
        let new = prod(("started", "pve02"), "active", json!(1), "pve02");
        assert_eq!(
            texts(old, new),
            [
                "prod · master pve01 → pve02",
                "prod · vm:102 CRM state migrate → started on pve02",
                "prod · vm:102 node pve01 → pve02",
            ]
        );
    }

    #[test]
    fn reordered_rows_and_types_that_only_changed_are_no_change() {
        let old = prod(("started", "pve02"), "active", json!(1), "pve01");
        let mut new = prod(("started", "pve02"), "active", json!("1"), "pve01");
        for section in ["status", "resources"] {
            new[section].as_array_mut().unwrap().reverse();
        }
        // Numbers where strings were, strings where numbers were, kebab-case keys.
        new["resources"][0] =
            json!({"cluster_name": "prod", "sid": "vm:102", "state": "started", "max-restart": 1});
        assert_eq!(texts(old.clone(), new), Vec::<String>::new());
        let raw = |sid: Value, quorate: Value| {
            json!({"status": [{"cluster_name": 7, "type": "quorum", "status": "OK", "quorate": quorate}],
                   "resources": [{"cluster_name": 7, "sid": sid, "state": "started"}]})
        };
        assert_eq!(
            texts(raw(json!(101), json!(true)), raw(json!("101"), json!("yes"))),
            Vec::<String>::new()
        );
        assert_eq!(texts(old.clone(), old), Vec::<String>::new(), "the same answer twice");
    }

    #[test]
    fn quorum_master_and_fencing() {
        let old = prod(("started", "pve02"), "active", json!(1), "pve01");
        let mut new = prod(("started", "pve02"), "active", json!(0), "pve01");
        new["status"][1]["status"] = json!("pve01 (old timestamp - dead?, Wed)");
        new["status"][4]["status"] =
            json!("disarmed, resource mode: freeze (CRM watchdog released)");
        let changes = diff(&summary(old.clone()), &summary(new.clone()), 1.0);
        let lines: Vec<String> = changes.iter().map(Change::text).collect();
        assert_eq!(
            lines,
            [
                "prod · quorum OK → lost",
                "prod · pve01 master alive → dead?",
                "prod · fencing armed → disarmed"
            ]
        );
        assert_eq!(changes.iter().filter(|c| c.new_problem).count(), 2);
        assert_eq!(
            texts(new, old),
            [
                "prod · quorum lost → OK",
                "prod · pve01 master dead? → alive",
                "prod · fencing disarmed → armed"
            ]
        );
    }

    #[test]
    fn a_cluster_that_starts_failing_says_only_that() {
        let old = prod(("started", "pve02"), "active", json!(1), "pve01");
        let failing = json!({"status": [{"cluster_name": "prod", "status": "error: 596 Connection timed out"}]});
        let changes = diff(&summary(old.clone()), &summary(failing.clone()), 1.0);
        assert_eq!(
            changes.iter().map(Change::text).collect::<Vec<_>>(),
            ["prod · status readable → unreadable: 596 Connection timed out"]
        );
        assert!(changes[0].new_problem);
        assert_eq!(texts(failing.clone(), old), ["prod · status unreadable → readable"]);
        assert_eq!(texts(failing.clone(), failing), Vec::<String>::new());
    }

    #[test]
    fn an_endpoint_read_on_its_own_that_fails_is_a_failing_cluster() {
        let old = summary(prod(("started", "pve02"), "active", json!(1), "pve01"));
        let error = crate::model::cluster::ClusterError {
            title: "t".into(),
            detail: "HTTP 503".into(),
            advice: "a".into(),
        };
        let new = Summary { unread: vec![("prod".into(), error)], ..Summary::default() };
        let lines: Vec<String> = diff(&old, &new, 1.0).iter().map(Change::text).collect();
        assert_eq!(lines, ["prod · status readable → unreadable: HTTP 503"]);
    }

    #[test]
    fn resources_and_nodes_that_appear_or_disappear() {
        let old = prod(("started", "pve02"), "active", json!(1), "pve01");
        let mut new = old.clone();
        new["resources"].as_array_mut().unwrap().remove(0);
        new["resources"].as_array_mut().unwrap().push(json!({"cluster_name": "prod", "sid": "ct:7", "state": "started", "crm_state": "error", "node": "pve01"}));
        new["status"].as_array_mut().unwrap().remove(3);
        let changes = diff(&summary(old), &summary(new), 1.0);
        assert_eq!(
            changes.iter().map(Change::text).collect::<Vec<_>>(),
            [
                "prod · pve02 LRM active → —",
                "prod · ct:7 added: error on pve01",
                "prod · vm:101 removed, was started on pve01",
            ]
        );
        assert!(changes[1].new_problem, "appearing in error is a new problem");
        assert!(!changes[2].new_problem && changes[2].severity == Severity::Neutral);
    }

    #[test]
    fn the_same_sid_in_two_clusters_is_two_resources() {
        let row = |cluster: &str, state: &str| json!({"cluster_name": cluster, "sid": "vm:1", "crm_state": state});
        let old = json!({"resources": [row("a", "started"), row("b", "started")]});
        let new = json!({"resources": [row("b", "fence"), row("a", "started")]});
        assert_eq!(texts(old, new), ["b · vm:1 CRM state started → fence"]);
    }
}
