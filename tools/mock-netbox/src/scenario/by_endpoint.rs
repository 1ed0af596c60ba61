//! Each Proxmox endpoint read on its own: proxbox-api 0.0.30 fails the combined HA summary
//! whole when one endpoint cannot be read, and netbox-proxbox's shim then says only "Upstream
//! HA call failed: 503" (or, for a 404, "upgrade proxbox-api"); this project's plugin answers
//! `GET /api/plugins/proxbox-ha/ha/summary/by-endpoint/` with each enabled endpoint's own
//! answer (`netbox-plugin/netbox_proxbox_ha/backend.py`, `summaries_by_endpoint`).

use super::backend::{cluster_of, HaChanges};
use super::spec::not_found_page;
use super::{Endpoint, Scenario};
use crate::http::Response;
use serde_json::{json, Map, Value};

/// netbox-proxbox's words for a proxbox-api 404 (`netbox_proxbox/api/ha.py`).
const BACKEND_TOO_OLD: &str =
    "Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later.";

impl Scenario {
    /// The enabled endpoints, by id, as both the combined summary and the plugin scope them.
    fn enabled_endpoints(&self) -> Vec<&Endpoint> {
        let mut enabled: Vec<&Endpoint> = self.endpoints.iter().filter(|e| e.enabled).collect();
        enabled.sort_by_key(|e| e.id);
        enabled
    }

    /// netbox-proxbox's answer when an enabled endpoint's own summary fails: proxbox-api fails
    /// the combined one with that status, which the shim words as 503 "upgrade" for a 404 and
    /// as 502 "Upstream HA call failed: N" otherwise.
    pub(super) fn combined_failure(&self) -> Option<Response> {
        let status = self
            .enabled_endpoints()
            .into_iter()
            .filter_map(|e| e.summary.as_ref().map(|s| s.status))
            .find(|status| !(200..300).contains(status))?;
        Some(match status {
            404 => Response::json(503, &json!({ "detail": BACKEND_TOO_OLD })),
            _ => {
                let detail = format!("Upstream HA call failed: {status}");
                Response::json(502, &json!({ "detail": detail }))
            }
        })
    }

    /// `GET /api/plugins/proxbox-ha/ha/summary/by-endpoint/`, where the plugin is installed.
    pub(super) fn by_endpoint(&self, changes: &HaChanges) -> Response {
        if !self.by_endpoint {
            return not_found_page();
        }
        let enabled = self.enabled_endpoints();
        if enabled.is_empty() {
            let detail = "No enabled Proxmox endpoints configured.";
            return Response::json(200, &json!({ "detail": detail }));
        }
        let envelope = self.envelope(changes);
        let rows: Vec<Value> = enabled.into_iter().map(|e| endpoint_row(e, &envelope)).collect();
        Response::json(200, &json!({ "endpoints": rows }))
    }
}

/// One endpoint's row: its summary, or what proxbox-api answered instead.
fn endpoint_row(endpoint: &Endpoint, envelope: &Value) -> Value {
    let address =
        endpoint.address.clone().unwrap_or_else(|| format!("pve-{}.example:8006", endpoint.name));
    let mut row = json!({"endpoint_id": endpoint.id, "endpoint_name": endpoint.name,
        "address": address});
    let fields = match &endpoint.summary {
        None => json!({"ok": true, "summary": of_cluster(envelope, endpoint.cluster.as_deref())}),
        Some(up) if (200..300).contains(&up.status) && up.body.is_object() => {
            json!({"ok": true, "summary": up.body})
        }
        Some(up) => json!({"ok": false, "status_code": up.status, "body": up.body}),
    };
    if let (Some(row), Value::Object(fields)) = (row.as_object_mut(), fields) {
        row.extend(fields);
    }
    row
}

/// The envelope's rows of one cluster (none when the endpoint's cluster is not known).
fn of_cluster(envelope: &Value, cluster: Option<&str>) -> Value {
    let mut out = Map::new();
    for key in ["status", "groups", "rules", "resources"] {
        let rows = envelope.get(key).and_then(Value::as_array).into_iter().flatten();
        let mine: Vec<Value> =
            rows.filter(|r| cluster.is_some() && cluster_of(r) == cluster).cloned().collect();
        out.insert(key.to_owned(), Value::Array(mine));
    }
    Value::Object(out)
}
