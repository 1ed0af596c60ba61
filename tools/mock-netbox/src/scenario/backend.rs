//! What the backend (proxbox-api) gives the shim for a scenario: the summary with HA disarmed
//! or armed where an HA action did so, and one VM's resource.

use super::{ResourceMode, Scenario};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What the HA actions changed in a scenario: per cluster, HA armed, or disarmed with a
/// resource mode. Empty: the summary is the scenario's own.
#[derive(Debug, Default)]
pub struct HaChanges(BTreeMap<String, Fencing>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fencing {
    Armed,
    Disarmed(ResourceMode),
}

impl Fencing {
    /// A fencing row's `status` as Proxmox VE 9.2 words it (proxbox-api passes on only this,
    /// not `armed-state` or `resource-mode`).
    fn words(self) -> String {
        match self {
            Fencing::Armed => "armed (CRM watchdog active)".to_owned(),
            Fencing::Disarmed(mode) => {
                format!("disarmed, resource mode: {} (CRM watchdog released)", mode.word())
            }
        }
    }
}

impl HaChanges {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn set(&mut self, cluster: &str, fencing: Fencing) {
        self.0.insert(cluster.to_owned(), fencing);
    }
}

impl Scenario {
    /// One section of the summary's envelope (`status`, `groups`, `rules`, `resources`).
    pub(super) fn rows(&self, key: &str) -> Vec<Value> {
        let section = self.summary.body.as_ref().and_then(|body| body.get(key));
        section.and_then(Value::as_array).cloned().unwrap_or_default()
    }

    /// The summary with the HA actions' `changes`, as proxbox-api passes Proxmox VE 9.2's
    /// words on: each changed cluster's fencing row says `armed (CRM watchdog active)` or
    /// `disarmed, resource mode: freeze (CRM watchdog released)` (a cluster without a fencing
    /// row gets one).
    pub(super) fn summary_acted(&self, changes: &HaChanges) -> Value {
        let fencing_row = |cluster: &str, fencing: Fencing| {
            json!({"cluster_name": cluster, "id": "fencing", "type": "fencing",
                "status": fencing.words()})
        };
        let mut status = self.rows("status");
        for row in status.iter_mut().filter(|row| is_fencing(row)) {
            let Some(cluster) = cluster_of(row).map(str::to_owned) else { continue };
            if let Some(fencing) = changes.0.get(&cluster) {
                *row = fencing_row(&cluster, *fencing);
            }
        }
        for (cluster, fencing) in &changes.0 {
            let known = status.iter().any(|row| cluster_of(row) == Some(cluster));
            let fenced =
                status.iter().any(|row| cluster_of(row) == Some(cluster) && is_fencing(row));
            if known && !fenced {
                status.push(fencing_row(cluster, *fencing));
            }
        }
        json!({"status": status, "groups": self.rows("groups"), "rules": self.rows("rules"),
            "resources": self.rows("resources")})
    }

    /// The summary's envelope as the backend gives it now: the scenario's own, with the HA
    /// actions' `changes`.
    pub(super) fn envelope(&self, changes: &HaChanges) -> Value {
        if changes.is_empty() {
            json!({"status": self.rows("status"), "groups": self.rows("groups"),
                "rules": self.rows("rules"), "resources": self.rows("resources")})
        } else {
            self.summary_acted(changes)
        }
    }

    /// Like the backend: `vm:{vmid}`, then `ct:{vmid}`, first match wins; the resource config
    /// with its live status merged in.
    pub(super) fn resource_of(&self, vmid: &str) -> Option<Value> {
        let (resources, status) = (self.rows("resources"), self.rows("status"));
        let same = |a: &Value, b: &Value, key: &str| a.get(key) == b.get(key);
        let mut resource = [format!("vm:{vmid}"), format!("ct:{vmid}")]
            .iter()
            .find_map(|sid| {
                resources
                    .iter()
                    .find(|r| r.get("sid").and_then(Value::as_str) == Some(sid.as_str()))
            })?
            .clone();
        let service = status.iter().find(|s| {
            same(s, &resource, "sid")
                && same(s, &resource, "cluster_name")
                && s.get("type") == Some(&json!("service"))
        });
        if let (Some(service), Some(fields)) = (service, resource.as_object_mut()) {
            for key in ["node", "crm_state", "request_state"] {
                if let Some(value) = service.get(key) {
                    fields.entry(key).or_insert(value.clone());
                }
            }
        }
        Some(resource)
    }
}

pub(super) fn cluster_of(row: &Value) -> Option<&str> {
    row.get("cluster_name").and_then(Value::as_str)
}

fn is_fencing(row: &Value) -> bool {
    row.get("type") == Some(&json!("fencing"))
}
