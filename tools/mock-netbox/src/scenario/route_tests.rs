//! The routes of this project's plugin, on the scenario files: the HA actions' capabilities,
//! arm and disarm (CSRF, 409, 400, the fencing words), the per-endpoint summary and its 404
//! where the plugin is not installed.

use super::actions::NO_MODE;
use super::{HaChanges, Scenario, Scenarios};
use crate::http::{Request, Response};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::OnceLock;

fn scenario(name: &str) -> &'static Scenario {
    static SCENARIOS: OnceLock<Scenarios> = OnceLock::new();
    let scenarios = SCENARIOS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        Scenarios::load(&dir).unwrap_or_else(|e| panic!("{e}"))
    });
    scenarios.get(name).unwrap_or_else(|| panic!("no scenario {name}"))
}

fn get(path: &str) -> Request {
    Request {
        method: "GET".into(),
        path: path.into(),
        query: vec![],
        headers: vec![],
        form: vec![],
    }
}

/// A form POST as the app sends it from the plugin's page (with its CSRF token).
fn post(path: &str, form: &[(&str, &str)]) -> Request {
    Request {
        method: "POST".into(),
        headers: vec![("X-CSRFToken".into(), "mock-csrf-token".into())],
        form: form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ..get(path)
    }
}

/// Status, content type and body (JSON, or a string when it is not JSON).
fn parts(response: Response) -> (u16, String, Value) {
    match response {
        Response::Body { status, content_type, body, .. } => {
            let text = String::from_utf8(body).unwrap();
            (status, content_type, serde_json::from_str(&text).unwrap_or(Value::String(text)))
        }
        _ => panic!("not an answer"),
    }
}

fn json_of(response: Response) -> (u16, Value) {
    let (status, content_type, body) = parts(response);
    assert_eq!(content_type, "application/json", "{body}");
    (status, body)
}

const SUMMARY: &str = "/api/plugins/proxbox/ha/summary/";
const BY_ENDPOINT: &str = "/api/plugins/proxbox-ha/ha/summary/by-endpoint/";
const CAPABILITIES: &str = "/plugins/proxbox-ha/ha/actions/";
const ARM: &str = "/plugins/proxbox-ha/ha/arm/";
const DISARM: &str = "/plugins/proxbox-ha/ha/disarm/";

/// The status text of a cluster's fencing row in the summary, and the row itself.
fn fencing(s: &Scenario, changes: &HaChanges, cluster: &str) -> Vec<Value> {
    let (status, summary) = json_of(s.answer(&get(SUMMARY), changes));
    assert_eq!(status, 200);
    let rows = summary["status"].as_array().unwrap().iter();
    rows.filter(|r| r["cluster_name"] == cluster && r["type"] == "fencing").cloned().collect()
}

#[test]
fn no_mode_is_the_plugins_own_words() {
    let backend = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../netbox-plugin/netbox_proxbox_ha/backend.py");
    let source = std::fs::read_to_string(backend).unwrap();
    let (_, rest) = source.split_once("NO_MODE = (").unwrap();
    let (literal, _) = rest.split_once("\n)").unwrap();
    let words: String = literal
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"').map(str::to_owned))
        .collect();
    assert_eq!(NO_MODE, words);
}

#[test]
fn capabilities_say_disarm_is_unavailable_on_proxbox_api_0_0_30() {
    let (status, body) =
        json_of(scenario("actions").answer(&get(CAPABILITIES), &HaChanges::default()));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"arm": {"available": true}, "disarm": {"available": false, "reason": NO_MODE}})
    );
    assert!(NO_MODE.starts_with("proxbox-api's HA disarm route (POST /proxmox/cluster/ha/disarm) sends no resource mode, which"));
    assert!(NO_MODE.ends_with("instead: Datacenter → HA → Disarm HA."));
    for variant in ["actions-forbidden", "actions-slow", "actions-stale-token"] {
        let (_, same) =
            json_of(scenario(variant).answer(&get(CAPABILITIES), &HaChanges::default()));
        assert_eq!(same, body, "{variant}");
    }
    let modes = scenario("actions-disarm-modes").answer(&get(CAPABILITIES), &HaChanges::default());
    assert_eq!(
        json_of(modes),
        (
            200,
            json!({"arm": {"available": true}, "disarm": {"available": true, "modes": ["freeze", "ignore"]}})
        )
    );
    // Only on the plugin's pages.
    let (status, _, _) = parts(scenario("demo").answer(&get(CAPABILITIES), &HaChanges::default()));
    assert_eq!(status, 404);
}

#[test]
fn actions_need_the_pages_csrf_token_and_change_nothing_without_it() {
    let s = scenario("actions-disarm-modes");
    let mut changes = HaChanges::default();
    for (path, form) in
        [(DISARM, &[("endpoint_id", "1"), ("resource_mode", "freeze")][..]), (ARM, &[][..])]
    {
        let request = Request { headers: vec![], ..post(path, form) };
        let (status, content_type, body) = parts(s.post(&request, &mut changes));
        assert_eq!((status, content_type.as_str()), (403, "text/html; charset=utf-8"));
        assert!(body.as_str().unwrap().contains("CSRF verification failed"));
        let stale = Request {
            headers: vec![("X-CSRFToken".into(), "a-token-netbox-never-issued".into())],
            ..post(path, form)
        };
        assert_eq!(parts(s.post(&stale, &mut changes)).0, 403);
    }
    assert!(changes.is_empty());
    assert_eq!(
        fencing(s, &changes, "prod"),
        [json!({"cluster_name": "prod", "id": "fencing", "type": "fencing", "status": "armed"})]
    );
}

#[test]
fn disarm_without_a_resource_mode_on_the_backend_is_a_409_and_changes_nothing() {
    let s = scenario("actions");
    let mut changes = HaChanges::default();
    for form in [&[("endpoint_id", "1"), ("resource_mode", "freeze")][..], &[][..]] {
        let answer = json_of(s.post(&post(DISARM, form), &mut changes));
        assert_eq!(answer, (409, json!({"error": NO_MODE, "reason": "disarm_unsupported"})));
    }
    assert!(changes.is_empty());
    // Arm works as before.
    let (status, body) = json_of(s.post(&post(ARM, &[("endpoint_id", "1")]), &mut changes));
    assert_eq!((status, &body["action"]), (200, &json!("arm")));
    assert_eq!(body["results"][0]["ok"], true);
    assert_eq!(fencing(s, &changes, "prod")[0]["status"], "armed (CRM watchdog active)");
}

#[test]
fn disarm_needs_one_of_the_modes() {
    let s = scenario("actions-disarm-modes");
    let mut changes = HaChanges::default();
    let error = json!({"error": "resource_mode must be one of: freeze, ignore."});
    for form in [
        &[("endpoint_id", "1")][..],
        &[("endpoint_id", "1"), ("resource_mode", "thaw")],
        &[("resource_mode", "")],
        &[("resource_mode", "FREEZE")],
    ] {
        assert_eq!(
            json_of(s.post(&post(DISARM, form), &mut changes)),
            (400, error.clone()),
            "{form:?}"
        );
    }
    assert!(changes.is_empty());
}

#[test]
fn disarm_and_arm_say_so_in_the_fencing_row_as_proxmox_9_2_words_it() {
    let s = scenario("actions-disarm-modes");
    let mut changes = HaChanges::default();
    let form = [("endpoint_id", "1"), ("resource_mode", "freeze")];
    let (status, body) = json_of(s.post(&post(DISARM, &form), &mut changes));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"action": "disarm", "results": [{"endpoint_id": 1, "endpoint_name": "prod", "ok": true,
            "status_code": 200, "body": [{"status": "ok", "cluster": "prod"}]}]})
    );
    let disarmed = json!({"cluster_name": "prod", "id": "fencing", "type": "fencing",
        "status": "disarmed, resource mode: freeze (CRM watchdog released)"});
    assert_eq!(
        fencing(s, &changes, "prod"),
        [disarmed],
        "one row, no armed-state or resource-mode"
    );
    assert_eq!(fencing(s, &changes, "lab9"), Vec::<Value>::new(), "other clusters as they were");
    json_of(s.post(&post(ARM, &[("endpoint_id", "1")]), &mut changes));
    assert_eq!(fencing(s, &changes, "prod")[0]["status"], "armed (CRM watchdog active)");
    json_of(s.post(&post(DISARM, &[("resource_mode", "ignore")]), &mut changes));
    assert_eq!(
        fencing(s, &changes, "prod")[0]["status"],
        "disarmed, resource mode: ignore (CRM watchdog released)"
    );
    // The rest of the summary is the scenario's own.
    let (_, now) = json_of(s.answer(&get(SUMMARY), &changes));
    let (_, _, before) = parts(s.answer(&get(SUMMARY), &HaChanges::default()));
    assert_eq!(now["resources"], before["resources"]);
    assert_eq!(now["status"].as_array().unwrap().len(), before["status"].as_array().unwrap().len());
}

#[test]
fn every_endpoint_says_what_happened_the_disabled_one_is_not_asked() {
    let s = scenario("actions-disarm-modes");
    let mut changes = HaChanges::default();
    let (status, body) =
        json_of(s.post(&post(DISARM, &[("resource_mode", "freeze")]), &mut changes));
    assert_eq!(status, 200);
    let results = body["results"].as_array().unwrap();
    let names: Vec<&str> = results.iter().map(|r| r["endpoint_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["prod", "lab9", "edge", "dc2", "lab8"], "old-dc is disabled");
    assert_eq!(
        results[4],
        json!({"endpoint_id": 5, "endpoint_name": "lab8", "ok": false, "status_code": 200,
            "body": [{"cluster_name": "lab8", "status": "skipped", "error": "endpoint_writes_disabled"}]})
    );
    assert_eq!(results[1]["error"], "endpoint_writes_disabled");
    let form = [("endpoint_id", "6"), ("resource_mode", "freeze")];
    let gone = json_of(s.post(&post(DISARM, &form), &mut changes));
    assert_eq!(gone, (404, json!({"error": "Proxmox endpoint not found."})));
    let (_, list) = json_of(s.answer(&get("/api/plugins/proxbox/endpoints/proxmox/"), &changes));
    assert_eq!(
        list["results"][5],
        json!({"id": 6, "name": "old-dc", "enabled": false, "allow_writes": true})
    );
    assert_eq!(list["count"], 6);
}

#[test]
fn the_variants_answer_every_action_as_before() {
    for (name, status) in [
        ("actions-forbidden", 403),
        ("actions-backend-down", 502),
        ("actions-not-configured", 503),
        ("actions-gone", 404),
    ] {
        let s = scenario(name);
        let mut changes = HaChanges::default();
        for (path, form) in [
            (ARM, &[("endpoint_id", "1")][..]),
            (DISARM, &[("endpoint_id", "1"), ("resource_mode", "freeze")]),
        ] {
            assert_eq!(parts(s.post(&post(path, form), &mut changes)).0, status, "{name} {path}");
        }
        assert!(changes.is_empty());
    }
}

#[test]
fn netbox_proxboxs_own_action_routes_are_not_found() {
    let s = scenario("actions-disarm-modes");
    let mut changes = HaChanges::default();
    for path in ["/plugins/proxbox/ha/arm/", "/plugins/proxbox/ha/disarm/"] {
        let (status, content_type, body) =
            parts(s.post(&post(path, &[("resource_mode", "freeze")]), &mut changes));
        assert_eq!((status, content_type.as_str()), (404, "text/html; charset=utf-8"));
        assert!(body.as_str().unwrap().contains("Page Not Found"));
    }
    assert!(changes.is_empty());
}

fn session_failed(status: u16) -> Value {
    json!({"message": "Could not return Proxmox Sessions",
           "detail": {"reason": "proxmox_session_acquisition_failed",
                      "error_type": "ProxboxException", "upstream_status": status},
           "python_exception": "ProxboxException"})
}

#[test]
fn an_unreachable_endpoint_fails_the_combined_summary_and_is_named_per_endpoint() {
    let s = scenario("endpoint-unreachable");
    let none = HaChanges::default();
    let combined = json_of(s.answer(&get(SUMMARY), &none));
    assert_eq!(combined, (502, json!({"detail": "Upstream HA call failed: 503"})));
    let (status, body) = json_of(s.answer(&get(BY_ENDPOINT), &none));
    assert_eq!(status, 200);
    let rows = body["endpoints"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1],
        json!({"endpoint_id": 2, "endpoint_name": "edge", "address": "pve-edge.example:8006",
            "ok": false, "status_code": 503, "body": session_failed(503)})
    );
    let prod = &rows[0];
    assert_eq!(
        (&prod["endpoint_id"], &prod["endpoint_name"], &prod["address"], &prod["ok"]),
        (&json!(1), &json!("prod"), &json!("pve-prod.example:8006"), &json!(true))
    );
    // prod's own rows of the demo, and nothing of another cluster.
    let (_, _, demo) = parts(scenario("demo").answer(&get(SUMMARY), &none));
    for key in ["status", "groups", "rules", "resources"] {
        let of_prod: Vec<&Value> =
            demo[key].as_array().unwrap().iter().filter(|r| r["cluster_name"] == "prod").collect();
        let answered: Vec<&Value> = prod["summary"][key].as_array().unwrap().iter().collect();
        assert_eq!(answered, of_prod, "{key}");
    }
    assert_eq!(prod["summary"]["resources"].as_array().unwrap().len(), 6);
    // The VM tab asks proxbox-api about the VM's own endpoint: it still answers.
    let vm = Request {
        query: vec![("virtual_machine_id".into(), "1".into())],
        ..get("/api/plugins/proxbox/ha/vm/101/")
    };
    assert_eq!(json_of(s.answer(&vm, &none)).1["sid"], "vm:101");
}

#[test]
fn a_proxmox_404_reads_as_a_backend_too_old_combined_and_as_a_404_per_endpoint() {
    let s = scenario("endpoint-404");
    let none = HaChanges::default();
    let detail = "Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later.";
    assert_eq!(json_of(s.answer(&get(SUMMARY), &none)), (503, json!({ "detail": detail })));
    let (_, body) = json_of(s.answer(&get(BY_ENDPOINT), &none));
    assert_eq!(body["endpoints"][0]["ok"], true);
    assert_eq!(
        body["endpoints"][1],
        json!({"endpoint_id": 2, "endpoint_name": "edge", "address": "pve-edge.example:8006",
            "ok": false, "status_code": 404, "body": session_failed(404)})
    );
}

#[test]
fn without_the_plugin_the_per_endpoint_route_is_netboxs_404() {
    for name in [
        "demo",
        "actions",
        "actions-disarm-modes",
        "one-cluster-failing",
        "backend-down",
        "upstream-500",
        "plugin-missing",
        "pve9",
    ] {
        let (status, content_type, _) =
            parts(scenario(name).answer(&get(BY_ENDPOINT), &HaChanges::default()));
        assert_eq!((status, content_type.as_str()), (404, "text/html; charset=utf-8"), "{name}");
    }
}

#[test]
fn the_per_endpoint_read_sees_the_ha_actions_and_says_when_no_endpoint_is_enabled() {
    let file =
        |text: &str| Scenario::from(serde_json::from_str::<super::ScenarioFile>(text).unwrap());
    let none =
        file(r#"{"by_endpoint": true, "endpoints": [{"id": 1, "name": "a", "enabled": false}]}"#);
    let detail = json!({"detail": "No enabled Proxmox endpoints configured."});
    assert_eq!(json_of(none.answer(&get(BY_ENDPOINT), &HaChanges::default())), (200, detail));
    let s = file(
        r#"{"by_endpoint": true, "disarm_modes": ["ignore"],
        "summary": {"body": {"status": [{"cluster_name": "c", "type": "fencing", "status": "armed"}]}},
        "endpoints": [{"id": 1, "name": "a", "cluster": "c", "allow_writes": true}, {"id": 2, "name": "b"}]}"#,
    );
    let mut changes = HaChanges::default();
    let only_ignore = json!({"error": "resource_mode must be one of: ignore."});
    assert_eq!(
        json_of(s.post(&post(DISARM, &[("resource_mode", "freeze")]), &mut changes)),
        (400, only_ignore)
    );
    json_of(s.post(&post(DISARM, &[("resource_mode", "ignore")]), &mut changes));
    let (_, body) = json_of(s.answer(&get(BY_ENDPOINT), &changes));
    assert_eq!(
        body["endpoints"][0]["summary"]["status"],
        json!([{"cluster_name": "c", "id": "fencing", "type": "fencing",
            "status": "disarmed, resource mode: ignore (CRM watchdog released)"}])
    );
    assert_eq!(body["endpoints"][1]["address"], "pve-b.example:8006");
    assert_eq!(
        body["endpoints"][1]["summary"],
        json!({"status": [], "groups": [], "rules": [], "resources": []}),
        "no cluster known: nothing of another's"
    );
}
