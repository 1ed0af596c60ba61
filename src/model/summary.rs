//! The `/api/plugins/proxbox/ha/summary/` envelope, parsed tolerantly (contract section 1).

use crate::model::cluster::{clusters, ClusterError, ClusterStatus};
use crate::model::coerce::{detail_text, Fields};
use crate::model::error::FetchError;
use crate::model::ha_config::{Group, Rule};
use crate::model::load::Outcome;
use crate::model::resource::{resources, Resource};
use crate::model::status::{StatusKind, StatusRow};
use serde_json::{Map, Value};
use std::sync::Arc;

/// What a 200 answer from the summary shim means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryAnswer {
    /// Shared, because views re-read it on every reactive update.
    Data(Arc<Summary>),
    /// `{"detail": "..."}` and nothing else, e.g. no enabled Proxmox endpoint.
    Notice(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub status: Vec<StatusRow>,
    pub groups: Vec<Group>,
    pub rules: Vec<Rule>,
    pub resources: Vec<Resource>,
    /// Parts of the answer that were present but unreadable; shown as a small notice.
    pub warnings: Vec<String>,
    /// Read per Proxmox endpoint because the combined summary failed (`by_endpoint`): the
    /// endpoints that failed, by name, and what the page says about it.
    pub unread: Vec<(String, ClusterError)>,
    pub read_per_endpoint: Option<String>,
}

impl Summary {
    /// Another endpoint's summary, after this one's.
    pub fn append(&mut self, other: Summary) {
        self.status.extend(other.status);
        self.groups.extend(other.groups);
        self.rules.extend(other.rules);
        self.resources.extend(other.resources);
        self.warnings.extend(other.warnings);
    }

    /// Every cluster's status card: those the backend read, then the endpoints it could not.
    pub fn clusters(&self) -> Vec<ClusterStatus> {
        let unread = self.unread.iter().map(|(name, error)| ClusterStatus {
            name: name.clone(),
            error: Some(error.clone()),
            ..Default::default()
        });
        clusters(&self.status).into_iter().chain(unread).collect()
    }
}

/// Section names the envelope may carry; an object with none of them but `detail` is a notice.
const SECTIONS: [&str; 5] = ["status", "groups", "resources", "rules", "nodes"];

/// Reads a decoded 200 body. Never panics; a body that is not an envelope is an `Err` naming why.
pub fn parse_summary(body: &Value) -> Result<SummaryAnswer, String> {
    let envelope = match body {
        Value::Object(map) => map,
        Value::Null => return Err("the answer was empty (null)".into()),
        Value::Array(_) => return Err("the answer was a list, not an HA summary object".into()),
        _ => return Err("the answer was a single value, not an HA summary object".into()),
    };
    let has_section = SECTIONS.iter().any(|k| envelope.contains_key(*k));
    if !has_section {
        if let Some(detail) = envelope.get("detail").and_then(detail_text) {
            return Ok(SummaryAnswer::Notice(detail));
        }
    }

    let mut warnings = Vec::new();
    let mut status: Vec<StatusRow> = section(envelope, "status", &mut warnings)
        .into_iter()
        .map(|f| StatusRow::parse(f, None))
        .collect();
    let nodes = section(envelope, "nodes", &mut warnings);
    status.extend(nodes.into_iter().map(|f| StatusRow::parse(f, Some(StatusKind::Node))));
    let groups = section(envelope, "groups", &mut warnings);
    let rules = section(envelope, "rules", &mut warnings);
    let resource_rows = section(envelope, "resources", &mut warnings);
    let summary = Summary {
        groups: groups.into_iter().filter_map(Group::parse).collect(),
        rules: rules.into_iter().filter_map(Rule::parse).collect(),
        resources: resources(&resource_rows, &status),
        status,
        warnings,
        ..Summary::default()
    };
    Ok(SummaryAnswer::Data(Arc::new(summary)))
}

/// What an answer means for the data on screen: a notice is an answer without data.
pub fn outcome(answer: &Result<SummaryAnswer, FetchError>) -> Outcome<Arc<Summary>> {
    match answer {
        Ok(SummaryAnswer::Data(data)) => Outcome::Fresh(data.clone()),
        Ok(SummaryAnswer::Notice(_)) => Outcome::Cleared,
        Err(_) => Outcome::Failed,
    }
}

fn section<'a>(
    envelope: &'a Map<String, Value>,
    key: &str,
    warnings: &mut Vec<String>,
) -> Vec<Fields<'a>> {
    match envelope.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let rows: Vec<_> = items.iter().filter_map(|v| v.as_object().map(Fields)).collect();
            let skipped = items.len() - rows.len();
            if skipped > 0 {
                warnings.push(format!(
                    "{skipped} entries in `{key}` were not objects and were skipped"
                ));
            }
            rows
        }
        Some(_) => {
            warnings.push(format!("`{key}` was not a list and was skipped"));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ha_config::GroupMember;
    use serde_json::json;

    fn data(v: Value) -> Summary {
        match parse_summary(&v) {
            Ok(SummaryAnswer::Data(s)) => Arc::unwrap_or_clone(s),
            other => panic!("expected data, got {other:?}"),
        }
    }

    #[test]
    fn current_envelope_with_all_sections() {
        let s = data(json!({
            "status": [
                {"cluster_name": "lab", "id": "quorum", "type": "quorum", "status": "OK", "quorate": 1},
                {"cluster_name": "lab", "id": "service:vm:101", "type": "service", "sid": "vm:101",
                 "node": "pve02", "crm_state": "started", "request_state": "started"}
            ],
            "groups": [{"cluster_name": "lab", "group": "prefer-a", "nodes": "pve01:2,pve02:1", "restricted": "1", "nofailback": 0}],
            "rules": [{"cluster_name": "lab9", "rule": "keep-apart", "type": "resource-affinity", "affinity": "negative", "resources": "vm:100,vm:101", "disable": "1"}],
            "resources": [{"cluster_name": "lab", "sid": "vm:101", "state": "started", "max_restart": 0, "max-relocate": "2", "failback": "yes"}],
            "surprise": {"ignored": true}
        }));
        assert_eq!(s.status.len(), 2);
        assert_eq!(s.status[0].kind, StatusKind::Quorum);
        assert_eq!(s.status[0].quorate, Some(true));
        assert_eq!(
            s.groups[0].nodes,
            vec![
                GroupMember { node: "pve01".into(), priority: Some(2) },
                GroupMember { node: "pve02".into(), priority: Some(1) },
            ]
        );
        assert_eq!(s.groups[0].restricted, Some(true));
        assert_eq!(s.groups[0].nofailback, Some(false));
        assert_eq!(s.rules[0].resources, vec!["vm:100", "vm:101"]);
        assert!(!s.rules[0].enabled);
        let r = &s.resources[0];
        assert_eq!(r.max_restart, Some(0), "a zero counter is a value");
        assert_eq!(r.max_relocate, Some(2));
        assert_eq!(r.failback, Some(true));
        assert_eq!(r.node.as_deref(), Some("pve02"), "node filled from the service row");
        assert_eq!(r.crm_state.as_deref(), Some("started"));
        assert_eq!(r.sid.map(|s| s.vmid), Some(101));
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn service_rows_only_fill_resources_of_the_same_cluster() {
        let s = data(json!({
            "status": [{"cluster_name": "b", "type": "service", "sid": "vm:1", "node": "other"}],
            "resources": [{"cluster_name": "a", "sid": "vm:1"}]
        }));
        assert_eq!(s.resources[0].node, None);
    }

    #[test]
    fn older_nodes_envelope_becomes_node_rows() {
        let s = data(json!({
            "nodes": [{"node": "pve-01", "online": true, "ha_state": "active", "quorum": 1}],
            "groups": [], "resources": [], "status": [{"type": "node", "node": "pve-02", "status": "online"}]
        }));
        assert_eq!(s.status.len(), 2);
        assert!(s.status.iter().all(|r| r.kind == StatusKind::Node));
        let old = s.status.iter().find(|r| r.node.as_deref() == Some("pve-01")).unwrap();
        assert_eq!(old.online, Some(true));
        assert_eq!(old.quorate, Some(true));
        assert_eq!(old.ha_state.as_deref(), Some("active"));
    }

    #[test]
    fn missing_null_and_empty_sections_are_empty() {
        for body in [
            json!({"status": null}),
            json!({"resources": []}),
            json!({"groups": null, "rules": null}),
        ] {
            let s = data(body);
            assert!(
                s.status.is_empty()
                    && s.groups.is_empty()
                    && s.rules.is_empty()
                    && s.resources.is_empty()
            );
        }
    }

    #[test]
    fn detail_alone_is_a_notice() {
        let v = json!({"detail": "No enabled Proxmox endpoints configured."});
        assert_eq!(
            parse_summary(&v),
            Ok(SummaryAnswer::Notice("No enabled Proxmox endpoints configured.".into()))
        );
        // With sections present, the data wins.
        assert!(matches!(
            parse_summary(&json!({"detail": "x", "status": []})),
            Ok(SummaryAnswer::Data(_))
        ));
    }

    #[test]
    fn outcomes_of_answers() {
        let answer =
            parse_summary(&json!({"resources": []})).map_err(|what| FetchError::BadShape { what });
        let Ok(SummaryAnswer::Data(data)) = &answer else { panic!() };
        assert_eq!(outcome(&answer), Outcome::Fresh(data.clone()));
        assert_eq!(outcome(&Ok(SummaryAnswer::Notice("x".into()))), Outcome::Cleared);
        assert_eq!(outcome(&Err(FetchError::Timeout { seconds: 1 })), Outcome::Failed);
    }

    #[test]
    fn wrong_shapes_are_errors_or_warnings_never_panics() {
        assert!(parse_summary(&json!([1, 2])).is_err());
        assert!(parse_summary(&json!(null)).is_err());
        assert!(parse_summary(&json!("status")).is_err());
        let s = data(
            json!({"status": {"a": 1}, "resources": [1, "x", {"sid": "vm:5"}], "groups": "no"}),
        );
        assert_eq!(s.resources.len(), 1);
        assert_eq!(s.warnings.len(), 3, "{:?}", s.warnings);
        // Strings where numbers belong, numbers where strings belong.
        let s = data(
            json!({"resources": [{"sid": 101, "max_restart": "lots", "state": 5, "cluster_name": ["x"]}]}),
        );
        assert_eq!(s.resources[0].sid_text, "101");
        assert_eq!(s.resources[0].max_restart, None);
        assert_eq!(s.resources[0].state.as_deref(), Some("5"));
        assert_eq!(s.resources[0].cluster, None);
    }

    #[test]
    fn unknown_types_and_cluster_errors() {
        let s = data(json!({"status": [
            {"cluster_name": "lab", "status": "error: Connection refused"},
            {"cluster_name": "lab2", "type": "quantum", "status": "weird"},
            {"cluster_name": "lab3", "type": "quorum", "status": "error: not really a cluster error"}
        ]}));
        assert_eq!(s.status[0].cluster_error(), Some("Connection refused"));
        assert_eq!(s.status[1].kind, StatusKind::Other("quantum".into()));
        assert_eq!(s.status[1].cluster_error(), None);
        assert_eq!(s.status[2].cluster_error(), None);
    }
}
