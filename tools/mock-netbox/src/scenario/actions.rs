//! The HA actions, as this project's NetBox plugin answers them (`netbox-plugin/
//! netbox_proxbox_ha/actions.py`): `GET /plugins/proxbox-ha/ha/actions/` says what they can
//! do; `POST /plugins/proxbox-ha/ha/arm/` and `/disarm/` are netbox-proxbox's own routes with
//! the actor added: CSRF checked against the page's token, `endpoint_id` optional, read-only
//! endpoints skipped, the backend's outcome per endpoint; disarm only where the backend takes
//! a resource mode, and only with one of them. netbox-proxbox's own routes
//! (`/plugins/proxbox/ha/arm/`, `/disarm/`) are not used by the app: they answer 404 here.

use super::backend::{Fencing, HaChanges};
use super::spec::not_found_page;
use super::{Endpoint, Outcome, ResourceMode, Scenario};
use crate::http::{Request, Response};
use serde_json::{json, Value};

/// The CSRF token this mock NetBox "issued": scenarios' page settings carry it (or not).
const ISSUED_CSRF_TOKEN: &str = "mock-csrf-token";

/// Why disarm is unavailable on proxbox-api 0.0.30: `NO_MODE` of
/// `netbox-plugin/netbox_proxbox_ha/backend.py`, word for word.
pub const NO_MODE: &str = "proxbox-api's HA disarm route (POST /proxmox/cluster/ha/disarm) sends \
     no resource mode, which Proxmox VE 9.2's disarm-ha requires (freeze or ignore), so Proxmox \
     would refuse it. Disarm HA in the Proxmox web UI instead: Datacenter → HA → Disarm HA.";

#[derive(Clone, Copy)]
enum Action {
    Arm,
    Disarm(ResourceMode),
}

impl Scenario {
    pub(super) fn endpoint_of(&self, cluster: Option<&str>) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| cluster.is_some() && e.cluster.as_deref() == cluster)
    }

    /// A form POST: the HA actions; HA is disarmed or armed again in `changes` where it worked.
    pub fn post(&self, request: &Request, changes: &mut HaChanges) -> Response {
        match request.path.as_str() {
            "/plugins/proxbox-ha/ha/arm/" => self.act(request, false, changes),
            "/plugins/proxbox-ha/ha/disarm/" => self.act(request, true, changes),
            // netbox-proxbox's own routes: they cannot work on proxbox-api 0.0.30 (no actor).
            "/plugins/proxbox/ha/arm/" | "/plugins/proxbox/ha/disarm/" => not_found_page(),
            _ => Response::text(405, "mock: no such form"),
        }
    }

    /// `GET /plugins/proxbox-ha/ha/actions/`: only on the plugin's pages (`page_settings`).
    pub(super) fn capabilities(&self) -> Response {
        if self.page_settings.is_none() {
            return not_found_page();
        }
        let disarm = match self.disarm_modes.as_slice() {
            [] => json!({"available": false, "reason": NO_MODE}),
            modes => {
                json!({"available": true, "modes": modes.iter().map(|m| m.word()).collect::<Vec<_>>()})
            }
        };
        Response::json(200, &json!({"arm": {"available": true}, "disarm": disarm}))
    }

    fn act(&self, request: &Request, disarm: bool, changes: &mut HaChanges) -> Response {
        if request.header("x-csrftoken") != Some(ISSUED_CSRF_TOKEN) {
            return Response::html(
                403,
                "<!DOCTYPE html><html><body><h1>Forbidden (403)</h1>\
                 <p>CSRF verification failed. Request aborted.</p></body></html>",
            );
        }
        if let Some(spec) = &self.action_answer {
            return spec.response();
        }
        let action = if disarm {
            match self.resource_mode(request) {
                Ok(mode) => Action::Disarm(mode),
                Err(refusal) => return refusal,
            }
        } else {
            Action::Arm
        };
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
        let targets: Vec<&Endpoint> = self
            .endpoints
            .iter()
            .filter(|e| e.enabled && wanted.is_none_or(|id| e.id == id))
            .collect();
        if wanted.is_some() && targets.is_empty() {
            return Response::json(404, &json!({"error": "Proxmox endpoint not found."}));
        }
        let results: Vec<Value> = targets.into_iter().map(|e| result(e, action, changes)).collect();
        Response::json(
            200,
            &json!({"action": if disarm { "disarm" } else { "arm" }, "results": results}),
        )
    }

    /// The plugin's checks before a disarm: the backend takes a resource mode (409 otherwise),
    /// and the form names one of them (400 otherwise).
    fn resource_mode(&self, request: &Request) -> Result<ResourceMode, Response> {
        if self.disarm_modes.is_empty() {
            let refusal = json!({"error": NO_MODE, "reason": "disarm_unsupported"});
            return Err(Response::json(409, &refusal));
        }
        let asked = request.form_field("resource_mode").unwrap_or_default();
        self.disarm_modes.iter().copied().find(|m| m.word() == asked).ok_or_else(|| {
            let modes: Vec<&str> = self.disarm_modes.iter().map(|m| m.word()).collect();
            let error = format!("resource_mode must be one of: {}.", modes.join(", "));
            Response::json(400, &json!({ "error": error }))
        })
    }
}

fn result(endpoint: &Endpoint, action: Action, changes: &mut HaChanges) -> Value {
    let (id, name) = (endpoint.id, endpoint.name.as_str());
    if !endpoint.allow_writes {
        return json!({"endpoint_id": id, "endpoint_name": name, "ok": false,
            "error": "endpoint_writes_disabled"});
    }
    let cluster = endpoint.cluster.clone().unwrap_or_default();
    match endpoint.outcome {
        Outcome::ProxmoxError => {
            json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "status_code": 200,
            "body": [{"status": "error", "message": "cluster not ready - no quorum?"}]})
        }
        Outcome::Backend500 => {
            json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "status_code": 500,
            "body": {"detail": "Internal Server Error"}})
        }
        Outcome::BackendReadOnly => {
            // proxbox-api names the cluster by its session's name.
            let cluster_name = endpoint.cluster.as_deref().unwrap_or(name);
            json!({"endpoint_id": id, "endpoint_name": name, "ok": false, "status_code": 200,
            "body": [{"cluster_name": cluster_name, "status": "skipped",
                      "error": "endpoint_writes_disabled"}]})
        }
        Outcome::Ok => {
            changes.set(
                &cluster,
                match action {
                    Action::Arm => Fencing::Armed,
                    Action::Disarm(mode) => Fencing::Disarmed(mode),
                },
            );
            json!({"endpoint_id": id, "endpoint_name": name, "ok": true, "status_code": 200,
                "body": [{"status": "ok", "cluster": cluster}]})
        }
    }
}
