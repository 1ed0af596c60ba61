//! Per-cluster view of HA status rows: quorum, CRM master, one row per node, fencing.

use crate::model::severity::Severity;
use crate::model::status::{StatusKind, StatusRow};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterStatus {
    /// Empty when the backend gave no cluster name (single-cluster backends).
    pub name: String,
    /// The backend could not read this cluster.
    pub error: Option<ClusterError>,
    pub quorum: Option<Quorum>,
    pub master: Option<Master>,
    pub nodes: Vec<NodeStatus>,
    /// Armed state on Proxmox VE 9 (`armed`, `disarmed`...), else the fencing status.
    pub fencing: Option<String>,
    /// While disarmed: what HA does with its resources (`freeze`, `ignore`).
    pub resource_mode: Option<String>,
    /// Rows of types this app does not know, shown as they came.
    pub other: Vec<(String, String)>,
}

/// Why a cluster's card shows no status: what failed, in the server's words, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterError {
    pub title: String,
    pub detail: String,
    pub advice: String,
}

impl ClusterError {
    /// The backend's own error row for one cluster (`"status": "error: ..."`).
    fn from_row(message: &str) -> ClusterError {
        ClusterError {
            title: "The backend could not read this cluster".into(),
            detail: message.to_owned(),
            advice: "Check this cluster's Proxmox endpoint in Proxbox and the proxbox-api logs. \
                     The other clusters are shown as usual."
                .into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quorum {
    pub ok: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Master {
    pub node: Option<String>,
    pub state: String,
    /// When the master last wrote its status, as Proxmox printed it.
    pub updated: Option<String>,
    pub text: String,
}

impl Master {
    /// Proxmox writes `old timestamp - dead?` when the master stopped updating its status.
    pub fn dead(&self) -> bool {
        self.text.contains("dead?") || self.state.contains("old timestamp")
    }

    pub fn severity(&self) -> Severity {
        if self.dead() {
            Severity::Problem
        } else {
            Severity::of_state(&self.state)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeStatus {
    pub node: String,
    /// LRM state word (`active`, `idle`, `lost_agent_lock`...) or node state on old backends.
    pub state: String,
    pub watchdog: Option<String>,
    /// The last-update time, or the raw status when it is not in the usual form.
    pub note: String,
    pub text: String,
}

impl ClusterStatus {
    /// Anything that should make an operator look at this cluster first. The one rule: the
    /// overview's `ClusterOverview::has_problem` adds only the cluster's resources.
    pub fn has_problem(&self) -> bool {
        self.error.is_some()
            || self.quorum.as_ref().is_some_and(|q| !q.ok)
            || self.master.as_ref().is_some_and(Master::dead)
            || self.nodes.iter().any(|n| Severity::of_state(&n.state) == Severity::Problem)
    }
}

/// The parts after the state word that are not the watchdog: Proxmox's timestamp.
fn timestamp(parts: &[String]) -> Option<String> {
    let rest: Vec<&str> =
        parts.iter().skip(1).filter(|p| !p.starts_with("watchdog ")).map(String::as_str).collect();
    (!rest.is_empty()).then(|| rest.join(", "))
}

/// `pve02 (active, watchdog active, Wed Nov 25 10:00:00 2026)` -> node, parts in parentheses.
/// `(unable to read lrm status)` has no node.
fn split_status(text: &str) -> (Option<String>, Vec<String>) {
    let text = text.trim();
    match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if close > open => {
            let node = text[..open].trim();
            let parts = text[open + 1..close].split(',').map(|p| p.trim().to_owned()).collect();
            ((!node.is_empty()).then(|| node.to_owned()), parts)
        }
        _ => ((!text.is_empty()).then(|| text.to_owned()), Vec::new()),
    }
}

fn lrm_node(row: &StatusRow) -> NodeStatus {
    let text = row.status.clone().unwrap_or_default();
    let (node_in_text, parts) = split_status(&text);
    let node = row
        .node
        .clone()
        .or_else(|| row.id.as_deref().and_then(|id| id.strip_prefix("lrm:")).map(str::to_owned))
        .or(node_in_text)
        .unwrap_or_else(|| "?".into());
    // `maintenance mode` and `disarm mode` (Proxmox VE 9.2) name the LRM's mode.
    let state = match parts.first().map(|p| p.strip_suffix(" mode").unwrap_or(p)) {
        Some(word) if !word.contains(' ') => word.to_owned(),
        _ => "unknown".into(),
    };
    let watchdog = parts.iter().find_map(|p| p.strip_prefix("watchdog ").map(str::to_owned));
    let note =
        if state == "unknown" { text.clone() } else { timestamp(&parts).unwrap_or_default() };
    NodeStatus { node, state, watchdog, note, text }
}

fn legacy_node(row: &StatusRow) -> NodeStatus {
    let state = row
        .ha_state
        .clone()
        .or_else(|| row.state.clone())
        .or_else(|| row.status.clone())
        .or_else(|| row.online.map(|o| if o { "online" } else { "offline" }.to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let text = match row.online {
        Some(true) => "online".to_owned(),
        Some(false) => "offline".to_owned(),
        None => row.status.clone().unwrap_or_default(),
    };
    NodeStatus {
        node: row.node.clone().unwrap_or_else(|| "?".into()),
        state,
        watchdog: None,
        note: text.clone(),
        text,
    }
}

/// The armed state a fencing row's text starts with: `armed`, `standby`, `disarmed`...
fn fencing_state(text: &str) -> Option<String> {
    let word = text.split([',', '(']).next().unwrap_or_default().trim();
    (!word.is_empty()).then(|| word.to_owned())
}

/// `... resource mode: freeze (...)` -> `freeze`.
fn resource_mode_in(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("resource mode:")?;
    let word = rest.trim_start().split([' ', '(', ',']).next().unwrap_or_default();
    (!word.is_empty()).then(|| word.to_owned())
}

/// Groups rows by cluster, keeping the order in which clusters first appear.
pub fn clusters(rows: &[StatusRow]) -> Vec<ClusterStatus> {
    let mut out: Vec<ClusterStatus> = Vec::new();
    for row in rows {
        let name = row.cluster.clone().unwrap_or_default();
        let index = match out.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                out.push(ClusterStatus { name, ..Default::default() });
                out.len() - 1
            }
        };
        let cluster = &mut out[index];
        if let Some(message) = row.cluster_error() {
            cluster.error = Some(ClusterError::from_row(message));
            continue;
        }
        match &row.kind {
            StatusKind::Quorum => {
                let text = row.status.clone().unwrap_or_default();
                let ok = row.quorate.unwrap_or_else(|| text.eq_ignore_ascii_case("ok"));
                cluster.quorum = Some(Quorum { ok, text });
            }
            StatusKind::Master => {
                let text = row.status.clone().unwrap_or_default();
                let (node, parts) = split_status(&text);
                let state = parts.first().cloned().unwrap_or_else(|| "unknown".into());
                let updated = timestamp(&parts);
                cluster.master =
                    Some(Master { node: row.node.clone().or(node), state, updated, text });
            }
            StatusKind::Lrm => cluster.nodes.push(lrm_node(row)),
            StatusKind::Node => {
                if cluster.quorum.is_none() {
                    if let Some(ok) = row.quorate {
                        let text = if ok { "OK" } else { "No quorum" }.to_owned();
                        cluster.quorum = Some(Quorum { ok, text });
                    }
                }
                cluster.nodes.push(legacy_node(row));
            }
            StatusKind::Fencing => {
                // proxbox-api passes on only `status`: "disarmed, resource mode: freeze (CRM
                // watchdog released)", "armed (CRM watchdog active)".
                let text = row.status.as_deref().or(row.state.as_deref()).unwrap_or_default();
                cluster.fencing = row.armed_state.clone().or_else(|| fencing_state(text));
                cluster.resource_mode =
                    row.resource_mode.clone().or_else(|| resource_mode_in(text));
            }
            StatusKind::Service => {}
            StatusKind::Other(_) | StatusKind::Untyped => {
                let kind = match &row.kind {
                    StatusKind::Other(kind) => kind.clone(),
                    _ => String::new(),
                };
                let text = row.status.clone().or_else(|| row.state.clone()).unwrap_or_default();
                cluster.other.push((kind, text));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::summary::{parse_summary, SummaryAnswer};
    use serde_json::json;

    fn rows(v: serde_json::Value) -> Vec<StatusRow> {
        match parse_summary(&json!({ "status": v })).unwrap() {
            SummaryAnswer::Data(s) => s.status.clone(),
            SummaryAnswer::Notice(n) => panic!("{n}"),
        }
    }

    #[test]
    fn reads_quorum_master_lrm_and_fencing() {
        let c = clusters(&rows(json!([
            {"cluster_name": "lab", "id": "quorum", "type": "quorum", "status": "OK", "quorate": 1},
            {"cluster_name": "lab", "id": "master", "type": "master", "node": "pve01", "status": "pve01 (active, Wed Nov 25 10:00:00 2026)"},
            {"cluster_name": "lab", "id": "lrm:pve01", "type": "lrm", "node": "pve01", "status": "pve01 (active, watchdog active, Wed Nov 25 10:00:00 2026)"},
            {"cluster_name": "lab", "id": "lrm:pve02", "type": "lrm", "status": "pve02 (idle, Wed Nov 25 10:00:00 2026)"},
            {"cluster_name": "lab", "id": "lrm:pve03", "type": "lrm", "status": "(unable to read lrm status)"},
            {"cluster_name": "lab", "id": "fencing", "type": "fencing", "status": "armed"}
        ])));
        assert_eq!(c.len(), 1);
        let lab = &c[0];
        assert_eq!(lab.quorum, Some(Quorum { ok: true, text: "OK".into() }));
        let master = lab.master.as_ref().unwrap();
        assert_eq!(
            (master.node.as_deref(), master.state.as_str(), master.dead()),
            (Some("pve01"), "active", false)
        );
        assert_eq!(master.updated.as_deref(), Some("Wed Nov 25 10:00:00 2026"));
        assert_eq!(lab.nodes.len(), 3);
        assert_eq!(
            (lab.nodes[0].state.as_str(), lab.nodes[0].watchdog.as_deref()),
            ("active", Some("active"))
        );
        assert_eq!((lab.nodes[1].node.as_str(), lab.nodes[1].state.as_str()), ("pve02", "idle"));
        assert_eq!((lab.nodes[2].node.as_str(), lab.nodes[2].state.as_str()), ("pve03", "unknown"));
        assert_eq!(
            lab.nodes[0].note, "Wed Nov 25 10:00:00 2026",
            "the watchdog is not part of the time"
        );
        assert_eq!(lab.nodes[2].note, "(unable to read lrm status)", "unparsed text is kept");
        assert_eq!(lab.fencing.as_deref(), Some("armed"));
        assert!(!lab.has_problem());
    }

    #[test]
    fn a_disarmed_cluster_says_so_and_what_it_does_with_resources() {
        let c = clusters(&rows(json!([
            {"cluster_name": "prod", "type": "fencing", "status": "disarmed", "armed-state": "disarmed", "resource-mode": "freeze"}
        ])));
        assert_eq!(
            (c[0].fencing.as_deref(), c[0].resource_mode.as_deref()),
            (Some("disarmed"), Some("freeze"))
        );
        assert_eq!(Severity::of_state("disarmed"), Severity::Transitional);
        assert!(!c[0].has_problem(), "disarmed for maintenance is not a failure");
    }

    #[test]
    fn proxmox_92_words_as_proxbox_api_passes_them_on() {
        // proxbox-api drops `armed-state` and `resource_mode`: only the text says it.
        let c = clusters(&rows(json!([
            {"cluster_name": "lab9", "type": "fencing", "status": "disarmed, resource mode: ignore (CRM watchdog released)"},
            {"cluster_name": "lab9", "type": "lrm", "node": "lab-b", "status": "lab-b (disarm mode, watchdog released, Tue Dec  1 20:00:00 2026)"},
            {"cluster_name": "prod", "type": "fencing", "status": "armed (CRM watchdog active)"},
            {"cluster_name": "prod", "type": "lrm", "node": "pve03", "status": "pve03 (maintenance mode, Tue Dec  1 20:00:00 2026)"}
        ])));
        assert_eq!(
            (c[0].fencing.as_deref(), c[0].resource_mode.as_deref()),
            (Some("disarmed"), Some("ignore"))
        );
        assert_eq!(
            (c[0].nodes[0].state.as_str(), c[0].nodes[0].watchdog.as_deref()),
            ("disarm", Some("released"))
        );
        assert_eq!((c[1].fencing.as_deref(), c[1].resource_mode.as_deref()), (Some("armed"), None));
        assert_eq!(c[1].nodes[0].state, "maintenance");
        assert_eq!(c[1].nodes[0].note, "Tue Dec  1 20:00:00 2026");
    }

    #[test]
    fn no_quorum_dead_master_and_lost_lock_are_problems() {
        let no_quorum = clusters(&rows(
            json!([{"type": "quorum", "status": "No quorum on node 'pve02'!", "quorate": "0"}]),
        ));
        assert!(!no_quorum[0].quorum.as_ref().unwrap().ok && no_quorum[0].has_problem());
        let quorum_by_text =
            clusters(&rows(json!([{"type": "quorum", "status": "No quorum on node 'x'!"}])));
        assert!(!quorum_by_text[0].quorum.as_ref().unwrap().ok);
        let dead = clusters(&rows(
            json!([{"type": "master", "status": "pve01 (old timestamp - dead?, Wed Nov 25 10:00:00 2026)"}]),
        ));
        assert!(dead[0].master.as_ref().unwrap().dead() && dead[0].has_problem());
        let lost = clusters(&rows(
            json!([{"type": "lrm", "id": "lrm:pve02", "status": "pve02 (lost_agent_lock, Wed Nov 25 10:00:00 2026)"}]),
        ));
        assert!(lost[0].has_problem());
    }

    #[test]
    fn failing_cluster_is_an_error_and_others_still_render() {
        let c = clusters(&rows(json!([
            {"cluster_name": "a", "type": "quorum", "status": "OK", "quorate": true},
            {"cluster_name": "b", "status": "error: 596 Connection timed out"},
            {"cluster_name": "a", "type": "mystery", "status": "42"}
        ])));
        assert_eq!(c.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(
            c[1].error.as_ref().map(|e| e.detail.as_str()),
            Some("596 Connection timed out")
        );
        assert!(c[0].error.is_none());
        assert_eq!(c[0].other, vec![("mystery".to_owned(), "42".to_owned())]);
    }

    #[test]
    fn legacy_node_rows_give_nodes_and_quorum() {
        let s = match parse_summary(&json!({"nodes": [
            {"node": "pve-01", "online": true, "ha_state": "active", "quorum": 1},
            {"node": "pve-02", "online": false, "quorum": 0}
        ]}))
        .unwrap()
        {
            SummaryAnswer::Data(s) => s,
            _ => unreachable!(),
        };
        let c = clusters(&s.status);
        assert_eq!(c[0].nodes[0].state, "active");
        assert_eq!(c[0].nodes[1].state, "offline");
        assert!(c[0].quorum.as_ref().unwrap().ok);
    }
}
