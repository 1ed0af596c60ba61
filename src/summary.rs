//! The `/api/plugins/proxbox/ha/summary/` envelope, parsed tolerantly (contract section 1).

use crate::coerce::{text, Fields};
use crate::sid::Sid;
use serde_json::{Map, Value};
use crate::severity::Severity;
use std::collections::HashMap;
use std::sync::Arc;

/// What a 200 answer from the summary shim means.
#[derive(Clone, Debug, PartialEq)]
pub enum SummaryAnswer {
    /// Shared, because views re-read it on every reactive update.
    Data(Arc<Summary>),
    /// `{"detail": "..."}` and nothing else, e.g. no enabled Proxmox endpoint.
    Notice(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub status: Vec<StatusRow>,
    pub groups: Vec<Group>,
    pub rules: Vec<Rule>,
    pub resources: Vec<Resource>,
    /// Parts of the answer that were present but unreadable; shown as a small notice.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Quorum,
    Master,
    Lrm,
    Service,
    Fencing,
    /// The older documented shape: `{"node", "online", "ha_state", "quorum"}` rows.
    Node,
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatusRow {
    pub cluster: Option<String>,
    pub kind: StatusKind,
    pub id: Option<String>,
    pub sid: Option<String>,
    pub node: Option<String>,
    pub state: Option<String>,
    pub status: Option<String>,
    pub crm_state: Option<String>,
    pub request_state: Option<String>,
    pub quorate: Option<bool>,
    pub online: Option<bool>,
    pub ha_state: Option<String>,
}

impl StatusRow {
    /// `{"cluster_name": "lab", "status": "error: ..."}`: the backend could not read this cluster.
    pub fn cluster_error(&self) -> Option<&str> {
        if !matches!(self.kind, StatusKind::Other(ref t) if t.is_empty()) {
            return None;
        }
        let status = self.status.as_deref()?.trim();
        let (head, rest) = status.split_at(status.find(':')?);
        head.eq_ignore_ascii_case("error").then(|| rest[1..].trim())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub cluster: Option<String>,
    /// The SID exactly as the backend wrote it, for display.
    pub sid_text: String,
    /// The validated SID; only this is ever used to build a link.
    pub sid: Option<Sid>,
    pub kind: Option<String>,
    pub state: Option<String>,
    pub group: Option<String>,
    pub node: Option<String>,
    pub crm_state: Option<String>,
    pub request_state: Option<String>,
    pub status: Option<String>,
    pub max_restart: Option<u64>,
    pub max_relocate: Option<u64>,
    pub failback: Option<bool>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupMember {
    pub node: String,
    pub priority: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub cluster: Option<String>,
    pub name: String,
    pub nodes: Vec<GroupMember>,
    pub restricted: Option<bool>,
    pub nofailback: Option<bool>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub cluster: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub affinity: Option<String>,
    pub nodes: Vec<GroupMember>,
    pub resources: Vec<String>,
    pub strict: Option<bool>,
    /// `disable` inverted; absent means enabled, as in Proxmox.
    pub enabled: bool,
    pub comment: Option<String>,
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
    let status_rows = section(envelope, "status", &mut warnings);
    let node_rows = section(envelope, "nodes", &mut warnings);
    let group_rows = section(envelope, "groups", &mut warnings);
    let rule_rows = section(envelope, "rules", &mut warnings);
    let resource_rows = section(envelope, "resources", &mut warnings);

    let mut status: Vec<StatusRow> = status_rows.iter().map(|f| status_row(*f, None)).collect();
    status.extend(node_rows.iter().map(|f| status_row(*f, Some(StatusKind::Node))));
    let summary = Summary {
        groups: group_rows.iter().filter_map(|f| group(*f)).collect(),
        rules: rule_rows.iter().filter_map(|f| rule(*f)).collect(),
        resources: resources(&resource_rows, &status),
        status,
        warnings,
    };
    Ok(SummaryAnswer::Data(Arc::new(summary)))
}

/// A `detail` value as text; a list or object is shown as compact JSON rather than dropped.
pub fn detail_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn section<'a>(envelope: &'a Map<String, Value>, key: &str, warnings: &mut Vec<String>) -> Vec<Fields<'a>> {
    match envelope.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let rows: Vec<_> = items.iter().filter_map(|v| v.as_object().map(Fields)).collect();
            let skipped = items.len() - rows.len();
            if skipped > 0 {
                warnings.push(format!("{skipped} entries in `{key}` were not objects and were skipped"));
            }
            rows
        }
        Some(_) => {
            warnings.push(format!("`{key}` was not a list and was skipped"));
            Vec::new()
        }
    }
}

fn cluster(f: Fields) -> Option<String> {
    f.text("cluster_name").or_else(|| f.text("cluster"))
}

fn status_row(f: Fields, forced: Option<StatusKind>) -> StatusRow {
    let kind = forced.unwrap_or_else(|| match f.text("type") {
        None => StatusKind::Other(String::new()),
        Some(t) => match t.to_ascii_lowercase().as_str() {
            "quorum" => StatusKind::Quorum,
            "master" => StatusKind::Master,
            "lrm" => StatusKind::Lrm,
            "service" => StatusKind::Service,
            "fencing" => StatusKind::Fencing,
            "node" => StatusKind::Node,
            _ => StatusKind::Other(t),
        },
    });
    // The old `nodes` rows carry `quorum` as the quorate flag.
    let quorate = f.flag("quorate").or_else(|| f.flag("quorum"));
    StatusRow {
        cluster: cluster(f),
        kind,
        id: f.text("id"),
        sid: f.text("sid"),
        node: f.text("node"),
        state: f.text("state"),
        status: f.text("status"),
        crm_state: f.text("crm_state"),
        request_state: f.text("request_state"),
        quorate,
        online: f.flag("online"),
        ha_state: f.text("ha_state"),
    }
}

/// `pve01:1,pve02:2` or `pve01 pve02` (older API versions returned lists too).
pub fn node_list(value: Option<&Value>) -> Vec<GroupMember> {
    let parts: Vec<String> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(v) => text(v)
            .map(|s| s.split([',', ' ', ';']).map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(':') {
            Some((node, prio)) => GroupMember {
                node: node.trim().to_owned(),
                priority: crate::coerce::digits(prio.trim()),
            },
            None => GroupMember { node: p.to_owned(), priority: None },
        })
        .collect()
}

fn word_list(value: Option<&Value>) -> Vec<String> {
    node_list(value)
        .into_iter()
        .map(|m| match m.priority {
            Some(p) => format!("{}:{p}", m.node),
            None => m.node,
        })
        .collect()
}

fn group(f: Fields) -> Option<Group> {
    Some(Group {
        cluster: cluster(f),
        name: f.text("group").or_else(|| f.text("id"))?,
        nodes: node_list(f.get("nodes")),
        restricted: f.flag("restricted"),
        nofailback: f.flag("nofailback"),
        comment: f.text("comment"),
    })
}

fn rule(f: Fields) -> Option<Rule> {
    Some(Rule {
        cluster: cluster(f),
        name: f.text("rule").or_else(|| f.text("id"))?,
        kind: f.text("type"),
        affinity: f.text("affinity"),
        nodes: node_list(f.get("nodes")),
        resources: word_list(f.get("resources")),
        strict: f.flag("strict"),
        enabled: !f.flag("disable").unwrap_or(false),
        comment: f.text("comment"),
    })
}

/// Resource config rows, with node/CRM/request state filled from the matching `service`
/// status row when the config row lacks them (Proxmox keeps them in the status).
fn resources(rows: &[Fields], status: &[StatusRow]) -> Vec<Resource> {
    let services: HashMap<(Option<&str>, &str), &StatusRow> = status
        .iter()
        .filter(|r| r.kind == StatusKind::Service)
        .filter_map(|r| Some(((r.cluster.as_deref(), r.sid.as_deref()?), r)))
        .collect();
    rows.iter()
        .filter_map(|f| {
            let sid_text = f.text("sid")?;
            let cluster = cluster(*f);
            let service = services.get(&(cluster.as_deref(), sid_text.as_str()));
            let from_service = |pick: fn(&StatusRow) -> Option<String>| service.and_then(|s| pick(s));
            Some(Resource {
                sid: Sid::parse(&sid_text),
                kind: f.text("type"),
                state: f.text("state"),
                group: f.text("group"),
                node: f.text("node").or_else(|| from_service(|s| s.node.clone())),
                crm_state: f.text("crm_state").or_else(|| from_service(|s| s.crm_state.clone())),
                request_state: f
                    .text("request_state")
                    .or_else(|| from_service(|s| s.request_state.clone())),
                status: f.text("status"),
                max_restart: f.count("max_restart"),
                max_relocate: f.count("max_relocate"),
                failback: f.flag("failback"),
                comment: f.text("comment"),
                cluster,
                sid_text,
            })
        })
        .collect()
}

impl Resource {
    /// The worst of the CRM state and the configured state; unknown words do not mask known ones.
    pub fn severity(&self) -> Severity {
        [&self.crm_state, &self.state]
            .into_iter()
            .flatten()
            .map(|s| Severity::of_state(s))
            .min()
            .unwrap_or(Severity::Unknown)
    }

    /// `vm` or `ct`, from the `type` field or else the SID prefix.
    pub fn guest_type(&self) -> Option<String> {
        self.kind.clone().or_else(|| match self.sid?.kind {
            crate::sid::GuestKind::Vm => Some("vm".into()),
            crate::sid::GuestKind::Ct => Some("ct".into()),
            crate::sid::GuestKind::Unknown => None,
        })
    }
}

/// Reads one resource object, as the per-VM shim returns it. `None` for `{}`/`null`.
pub fn parse_resource(body: &Value) -> Option<Resource> {
    let f = Fields(body.as_object()?);
    resources(&[f], &[]).pop()
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(s.groups[0].nodes, vec![
            GroupMember { node: "pve01".into(), priority: Some(2) },
            GroupMember { node: "pve02".into(), priority: Some(1) },
        ]);
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
        for body in [json!({"status": null}), json!({"resources": []}), json!({"groups": null, "rules": null})] {
            let s = data(body);
            assert!(s.status.is_empty() && s.groups.is_empty() && s.rules.is_empty() && s.resources.is_empty());
        }
    }

    #[test]
    fn detail_alone_is_a_notice() {
        let v = json!({"detail": "No enabled Proxmox endpoints configured."});
        assert_eq!(parse_summary(&v), Ok(SummaryAnswer::Notice("No enabled Proxmox endpoints configured.".into())));
        // With sections present, the data wins.
        assert!(matches!(parse_summary(&json!({"detail": "x", "status": []})), Ok(SummaryAnswer::Data(_))));
    }

    #[test]
    fn wrong_shapes_are_errors_or_warnings_never_panics() {
        assert!(parse_summary(&json!([1, 2])).is_err());
        assert!(parse_summary(&json!(null)).is_err());
        assert!(parse_summary(&json!("status")).is_err());
        let s = data(json!({"status": {"a": 1}, "resources": [1, "x", {"sid": "vm:5"}], "groups": "no"}));
        assert_eq!(s.resources.len(), 1);
        assert_eq!(s.warnings.len(), 3, "{:?}", s.warnings);
        // Strings where numbers belong, numbers where strings belong.
        let s = data(json!({"resources": [{"sid": 101, "max_restart": "lots", "state": 5, "cluster_name": ["x"]}]}));
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

    #[test]
    fn single_resource_answers() {
        assert_eq!(parse_resource(&json!({})), None);
        assert_eq!(parse_resource(&json!(null)), None);
        let r = parse_resource(&json!({"sid": "ct:200", "max-restart": "0", "failback": "off"})).unwrap();
        assert_eq!(r.max_restart, Some(0));
        assert_eq!(r.failback, Some(false));
        assert_eq!(r.guest_type().as_deref(), Some("ct"), "from the SID when `type` is absent");
        assert_eq!(r.severity(), Severity::Unknown);
        let failed = parse_resource(&json!({"sid": "vm:1", "state": "started", "crm_state": "error"})).unwrap();
        assert_eq!(failed.severity(), Severity::Problem, "the worse of CRM state and state");
        let moving = parse_resource(&json!({"sid": "vm:1", "state": "started", "crm_state": "banana"})).unwrap();
        assert_eq!(moving.severity(), Severity::Healthy, "an unknown word does not mask a known one");
    }
}
