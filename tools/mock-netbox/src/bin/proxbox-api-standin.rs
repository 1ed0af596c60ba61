//! A stand-in proxbox-api for the real-NetBox tier: answers the backend routes netbox-proxbox
//! calls (auth bootstrap, endpoint list, HA summary and per-VM resource) from a scenario file,
//! one Proxmox endpoint per cluster, scoped by `proxmox_endpoint_ids` like the real backend.
//!
//! proxbox-api-standin --port 58800 --config standin.json
//!   {"key": "...", "scenario": "demo", "endpoints": [{"id": 1, "nb_pk": 1, "name": "prod",
//!    "domain": "pve-prod.test", "port": 8006, "cluster": "prod", "allow_writes": true}]}
//! `POST /__standin/ha/too-old` makes the HA routes answer 404 (a backend older than the HA
//! API); `POST /__standin/ha/current` undoes it. `POST /__standin/action/<cluster>/<outcome>`
//! sets what `POST /proxmox/cluster/ha/arm|disarm` does there: `ok` (the default),
//! `proxmox-error` (Proxmox refuses: a 200 with an error row) or `fail` (a 500).

use mock_netbox::http::{self, Request, Response};
use mock_netbox::scenario::Scenarios;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

struct Standin {
    key: String,
    scenario: String,
    scenarios: Scenarios,
    endpoints: Vec<Value>,
    too_old: AtomicBool,
    /// Clusters where HA is disarmed.
    disarmed: Mutex<HashSet<String>>,
    /// Per cluster, what an HA action does (see the module's comment).
    outcomes: Mutex<HashMap<String, String>>,
}

fn fail(message: String) -> ! {
    eprintln!("proxbox-api-standin: {message}");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut port, mut config, mut scenarios) =
        (58800u16, None, PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| fail(format!("{flag} needs a value")));
        match flag.as_str() {
            "--port" => {
                port = value.parse().unwrap_or_else(|_| fail("--port takes a number".into()))
            }
            "--config" => config = Some(PathBuf::from(value)),
            "--scenarios" => scenarios = value.into(),
            other => fail(format!("unknown option {other}")),
        }
    }
    let config = config.unwrap_or_else(|| fail("--config FILE is required".into()));
    let text = std::fs::read_to_string(&config)
        .unwrap_or_else(|e| fail(format!("{}: {e}", config.display())));
    let config: Value = serde_json::from_str(&text).unwrap_or_else(|e| fail(e.to_string()));
    let mut scenarios = Scenarios::load(&scenarios).unwrap_or_else(|e| fail(e));
    let scenario = config["scenario"].as_str().unwrap_or("demo").to_owned();
    if scenarios.get_or_generate(&scenario).is_none() {
        fail(format!("no scenario {scenario}"));
    }
    let standin = Arc::new(Standin {
        key: config["key"].as_str().unwrap_or_default().to_owned(),
        scenario,
        scenarios,
        endpoints: config["endpoints"].as_array().cloned().unwrap_or_default(),
        too_old: AtomicBool::new(false),
        disarmed: Mutex::new(HashSet::new()),
        outcomes: Mutex::new(HashMap::new()),
    });
    let listener = TcpListener::bind(("127.0.0.1", port))
        .unwrap_or_else(|e| fail(format!("cannot listen on 127.0.0.1:{port}: {e}")));
    println!("proxbox-api stand-in listening on http://127.0.0.1:{port}");
    for stream in listener.incoming().flatten() {
        let standin = standin.clone();
        std::thread::spawn(move || http::serve(stream, |request| standin.answer(request)));
    }
}

fn detail(status: u16, text: &str) -> Response {
    Response::json(status, &json!({ "detail": text }))
}

impl Standin {
    fn answer(&self, request: &Request) -> Response {
        let path = request.path.trim_end_matches('/');
        println!("{} {}", request.method, path);
        if let Some((cluster, outcome)) =
            path.strip_prefix("/__standin/action/").and_then(|rest| rest.split_once('/'))
        {
            self.lock_outcomes().insert(cluster.to_owned(), outcome.to_owned());
            return Response::json(200, &json!({ "cluster": cluster, "outcome": outcome }));
        }
        if let Some(mode) = path.strip_prefix("/__standin/ha/") {
            self.too_old.store(mode == "too-old", Ordering::SeqCst);
            return Response::json(200, &json!({ "ha": mode }));
        }
        if path == "/auth/bootstrap-status" {
            return Response::json(200, &json!({"needs_bootstrap": false, "has_db_keys": true}));
        }
        if request.header("x-proxbox-api-key") != Some(self.key.as_str()) {
            return detail(401, "Invalid or missing API key");
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["auth", "keys"]) => Response::json(
                200,
                &json!({"keys": [{"id": 1, "label": "test tier", "is_active": true,
                    "created_at": 1_795_651_200}]}),
            ),
            ("GET", ["proxmox", "endpoints"]) => Response::json(200, &self.endpoint_rows()),
            (_, ["proxmox", "cluster", "ha", ..]) if self.too_old.load(Ordering::SeqCst) => {
                detail(404, "Not Found")
            }
            ("GET", ["proxmox", "cluster", "ha", "summary"]) => {
                let disarmed = self.lock_disarmed().clone();
                Response::json(
                    200,
                    &self.scenario().summary_disarmed(Some(&self.clusters(request)), &disarmed),
                )
            }
            ("POST", ["proxmox", "cluster", "ha", verb @ ("arm" | "disarm")]) => {
                self.act(*verb == "disarm", &self.clusters(request))
            }
            ("GET", ["proxmox", "cluster", "ha", "resources", "by-vm", vmid]) => {
                let found = self.scenario().resource_of(vmid, Some(&self.clusters(request)));
                Response::json(200, &found.unwrap_or(Value::Null))
            }
            _ => detail(404, "Not Found"),
        }
    }

    /// Arms or disarms HA on the clusters, each as its outcome says; one row per cluster.
    fn act(&self, disarm: bool, clusters: &[String]) -> Response {
        let outcomes = self.lock_outcomes().clone();
        let mut rows = Vec::new();
        for cluster in clusters {
            match outcomes.get(cluster).map(String::as_str).unwrap_or("ok") {
                "fail" => return detail(500, "Internal Server Error"),
                "proxmox-error" => rows.push(json!({"cluster": cluster, "status": "error",
                    "message": format!("{cluster}: cluster not ready - no quorum? (500)")})),
                _ => {
                    let mut disarmed = self.lock_disarmed();
                    if disarm {
                        disarmed.insert(cluster.clone());
                    } else {
                        disarmed.remove(cluster);
                    }
                    rows.push(json!({"cluster": cluster, "status": "ok"}));
                }
            }
        }
        Response::json(200, &Value::Array(rows))
    }

    fn lock_disarmed(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.disarmed.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_outcomes(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.outcomes.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn scenario(&self) -> &mock_netbox::scenario::Scenario {
        self.scenarios.get(&self.scenario).expect("checked at start")
    }

    /// `GET /proxmox/endpoints`: the plugin maps its endpoints by `name (nb:<pk>)` and target.
    fn endpoint_rows(&self) -> Value {
        let rows = self.endpoints.iter().map(|e| {
            json!({"id": e["id"], "name": format!("{} (nb:{})", e["name"].as_str().unwrap_or(""), e["nb_pk"]),
                "ip_address": null, "domain": e["domain"], "port": e["port"], "username": "root@pam",
                "verify_ssl": false, "enabled": true, "allow_writes": e["allow_writes"]})
        });
        Value::Array(rows.collect())
    }

    /// The clusters of the endpoints the request is scoped to (`proxmox_endpoint_ids=1,2`);
    /// without the parameter, every endpoint's, as the real backend does.
    fn clusters(&self, request: &Request) -> Vec<String> {
        let ids: Option<Vec<u64>> = request
            .param("proxmox_endpoint_ids")
            .map(|ids| ids.split(',').filter_map(|id| id.trim().parse().ok()).collect());
        self.endpoints
            .iter()
            .filter(|e| {
                ids.as_ref().is_none_or(|ids| e["id"].as_u64().is_some_and(|id| ids.contains(&id)))
            })
            .filter_map(|e| e["cluster"].as_str().map(str::to_owned))
            .collect()
    }
}
