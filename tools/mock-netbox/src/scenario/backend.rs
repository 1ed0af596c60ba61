//! What proxbox-api answers for a scenario: the summary and one resource, optionally scoped
//! to some clusters (the backend scopes by Proxmox endpoint, one cluster each here).

use super::Scenario;
use serde_json::{json, Value};
use std::collections::HashSet;

impl Scenario {
    fn rows(&self, key: &str) -> Vec<Value> {
        self.summary
            .pointer(&format!("/body/{key}"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// The summary envelope, with only the rows of `clusters` when given.
    pub fn summary_of(&self, clusters: Option<&[String]>) -> Value {
        let keep = |row: &Value| {
            clusters.is_none_or(|c| {
                row.get("cluster_name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| c.iter().any(|w| w == n))
            })
        };
        let section =
            |key: &str| self.rows(key).into_iter().filter(|r| keep(r)).collect::<Vec<_>>();
        json!({"status": section("status"), "groups": section("groups"), "rules": section("rules"), "resources": section("resources")})
    }

    /// The summary with HA disarmed on `disarmed` clusters, as Proxmox VE 9 reports it: the
    /// fencing row says `disarmed` and that resources are frozen.
    pub fn summary_disarmed(
        &self,
        clusters: Option<&[String]>,
        disarmed: &HashSet<String>,
    ) -> Value {
        let mut summary = self.summary_of(clusters);
        if let Some(status) = summary.get_mut("status").and_then(Value::as_array_mut) {
            status.retain(|row| {
                !(row.get("type") == Some(&json!("fencing")) && names(row, disarmed))
            });
            for cluster in disarmed {
                if status
                    .iter()
                    .any(|row| row.get("cluster_name").and_then(Value::as_str) == Some(cluster))
                {
                    status.push(json!({"cluster_name": cluster, "id": "fencing", "type": "fencing",
                        "status": "disarmed", "armed-state": "disarmed", "resource-mode": "freeze"}));
                }
            }
        }
        summary
    }

    /// Like the backend: `vm:{vmid}`, then `ct:{vmid}`, first match wins; the resource config
    /// with its live status merged in.
    pub fn resource_of(&self, vmid: &str, clusters: Option<&[String]>) -> Option<Value> {
        let summary = self.summary_of(clusters);
        let rows =
            |key: &str| summary.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        let (resources, status) = (rows("resources"), rows("status"));
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

fn names(row: &Value, clusters: &HashSet<String>) -> bool {
    row.get("cluster_name").and_then(Value::as_str).is_some_and(|c| clusters.contains(c))
}
