//! One HA resource (contract section 1, Resource), from the summary or the per-VM shim.

use crate::model::coerce::Fields;
use crate::model::severity::Severity;
use crate::model::sid::{GuestKind, Sid};
use crate::model::status::{StatusKind, StatusRow};
use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub max_restart: Option<u64>,
    pub max_relocate: Option<u64>,
    pub failback: Option<bool>,
    pub comment: Option<String>,
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
            GuestKind::Vm => Some("vm".into()),
            GuestKind::Ct => Some("ct".into()),
            GuestKind::Unknown => None,
        })
    }
}

/// Resource config rows, with node/CRM/request state filled from the matching `service`
/// status row when the config row lacks them (Proxmox keeps them in the status).
pub fn resources(rows: &[Fields], status: &[StatusRow]) -> Vec<Resource> {
    let services: HashMap<(Option<&str>, &str), &StatusRow> = status
        .iter()
        .filter(|r| r.kind == StatusKind::Service)
        .filter_map(|r| Some(((r.cluster.as_deref(), r.sid.as_deref()?), r)))
        .collect();
    rows.iter()
        .filter_map(|f| {
            let sid_text = f.text("sid")?;
            let cluster = f.cluster();
            let service = services.get(&(cluster.as_deref(), sid_text.as_str()));
            let from_service =
                |pick: fn(&StatusRow) -> Option<String>| service.and_then(|s| pick(s));
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

/// Reads one resource object, as the per-VM shim returns it. `None` for `{}`/`null`.
pub fn parse_resource(body: &Value) -> Option<Resource> {
    let f = Fields(body.as_object()?);
    resources(&[f], &[]).pop()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_resource_answers() {
        assert_eq!(parse_resource(&json!({})), None);
        assert_eq!(parse_resource(&json!(null)), None);
        let r = parse_resource(&json!({"sid": "ct:200", "max-restart": "0", "failback": "off"}))
            .unwrap();
        assert_eq!(r.max_restart, Some(0));
        assert_eq!(r.failback, Some(false));
        assert_eq!(r.guest_type().as_deref(), Some("ct"), "from the SID when `type` is absent");
        assert_eq!(r.severity(), Severity::Unknown);
        let failed =
            parse_resource(&json!({"sid": "vm:1", "state": "started", "crm_state": "error"}))
                .unwrap();
        assert_eq!(failed.severity(), Severity::Problem, "the worse of CRM state and state");
        let moving =
            parse_resource(&json!({"sid": "vm:1", "state": "started", "crm_state": "banana"}))
                .unwrap();
        assert_eq!(
            moving.severity(),
            Severity::Healthy,
            "an unknown word does not mask a known one"
        );
    }
}
