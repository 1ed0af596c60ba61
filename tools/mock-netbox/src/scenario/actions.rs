//! netbox-proxbox's HA action routes (`POST /plugins/proxbox/ha/arm/`, `/disarm/`), as the
//! plugin answers them: CSRF checked against the page's token, `endpoint_id` optional,
//! read-only endpoints skipped, the backend's outcome per endpoint.

use super::spec::spec_response;
use super::Scenario;
use crate::http::{Request, Response};
use serde_json::{json, Value};
use std::collections::HashSet;

/// The CSRF token this mock NetBox "issued": scenarios' page settings carry it (or not).
const ISSUED_CSRF_TOKEN: &str = "mock-csrf-token";

impl Scenario {
    pub(super) fn endpoint_of(&self, cluster: Option<&str>) -> Option<&Value> {
        self.endpoints
            .iter()
            .find(|e| e.get("cluster").and_then(Value::as_str) == cluster && cluster.is_some())
    }

    /// Answers an HA action; HA is disarmed or armed again in `disarmed` where it worked.
    pub fn act(&self, request: &Request, disarm: bool, disarmed: &mut HashSet<String>) -> Response {
        if request.header("x-csrftoken") != Some(ISSUED_CSRF_TOKEN) {
            return Response::html(403, "<!DOCTYPE html><html><body><h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p></body></html>");
        }
        if let Some(spec) = &self.action_answer {
            return spec_response(spec);
        }
        let wanted = match request.form_field("endpoint_id") {
            None | Some("") => None,
            Some(id) => match id.parse::<u64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    return Response::json(
                        400,
                        &json!({"error": "endpoint_id must be an integer."}),
                    )
                }
            },
        };
        let targets: Vec<&Value> = self
            .endpoints
            .iter()
            .filter(|e| e.get("enabled") != Some(&json!(false)))
            .filter(|e| wanted.is_none_or(|id| e.get("id").and_then(Value::as_u64) == Some(id)))
            .collect();
        if wanted.is_some() && targets.is_empty() {
            return Response::json(404, &json!({"error": "Proxmox endpoint not found."}));
        }
        let results: Vec<Value> =
            targets.into_iter().map(|e| result(e, disarm, disarmed)).collect();
        Response::json(
            200,
            &json!({"action": if disarm { "disarm" } else { "arm" }, "results": results}),
        )
    }
}

fn result(endpoint: &Value, disarm: bool, disarmed: &mut HashSet<String>) -> Value {
    let (id, name) = (endpoint["id"].clone(), endpoint["name"].clone());
    if endpoint.get("allow_writes") != Some(&json!(true)) {
        return json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "error": "endpoint_writes_disabled"});
    }
    let cluster = endpoint.get("cluster").and_then(Value::as_str).unwrap_or_default().to_owned();
    match endpoint.get("outcome").and_then(Value::as_str).unwrap_or("ok") {
        "proxmox-error" => {
            json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "status_code": 200,
            "body": [{"status": "error", "message": "cluster not ready - no quorum?"}]})
        }
        "backend-500" => {
            json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "status_code": 500,
            "body": {"detail": "Internal Server Error"}})
        }
        _ => {
            if disarm {
                disarmed.insert(cluster.clone());
            } else {
                disarmed.remove(&cluster);
            }
            json!({"endpoint_id": id, "endpoint_name": name, "ok": true, "status_code": 200,
                "body": [{"status": "ok", "cluster": cluster}]})
        }
    }
}
