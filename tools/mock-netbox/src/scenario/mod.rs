//! Scenario files: what the mock's NetBox, plugin and backend answer.
//!
//! A response spec is `{"status": 503, "body": {...}}`, `{"html": "..."}`, `{"raw": "...",
//! "content_type": "..."}`, `{"fault": "hang" | "drop"}`, `{"huge_mb": 20}`, each with an
//! optional `"delay_ms"`. A scenario may `"extends": "other"`; its keys replace the other's.

mod actions;
mod backend;
mod generated;
mod spec;

use crate::http::{escape, Request, Response};
use generated::generate;
use serde_json::{json, Map, Value};
use spec::{not_found_page, spec_response};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Plugin {
    /// 0.0.29+: sync-state table, no `proxmox_vm_id` custom field (its filter is ignored).
    Current,
    /// Older releases: the custom field, no sync-state route.
    Legacy,
    /// A site in between: both.
    Both,
}

struct Vm {
    id: u64,
    name: String,
    cluster: Option<String>,
    /// Any JSON: numbers, numeric strings, null, "", "abc" are all seen in the wild.
    proxmox_vm_id: Value,
    hidden: bool,
}

pub struct Scenario {
    pub description: String,
    pub config: Option<Value>,
    plugin: Plugin,
    summary: Value,
    vm_answers: Map<String, Value>,
    /// Per Proxmox id, how late the HA answer arrives (for the VM-switch race test).
    vm_delay_ms: Map<String, Value>,
    lookups: Option<Value>,
    vms: Vec<Vm>,
    next_origin: Option<String>,
    max_page_size: usize,
    /// The settings NetBox's plugin page would carry (`<meta name="proxbox-ha-config">`).
    pub page_settings: Option<Value>,
    /// Proxmox endpoints: `{id, name, enabled, allow_writes, cluster, outcome}`; `outcome`
    /// is what the backend does with an HA action there (`ok`, `proxmox-error`, `backend-500`).
    endpoints: Vec<Value>,
    /// A response spec answering every HA action (a 403, a 502...).
    action_answer: Option<Value>,
}

pub struct Scenarios(BTreeMap<String, Scenario>);

impl Scenarios {
    pub fn load(dir: &Path) -> Result<Scenarios, String> {
        let mut raw = BTreeMap::new();
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let value: Value =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                raw.insert(name, value);
            }
        }
        let mut out = BTreeMap::new();
        for name in raw.keys() {
            let merged = resolve(&raw, name, 0)?;
            out.insert(
                name.clone(),
                Scenario::from_value(&merged).map_err(|e| format!("scenario {name}: {e}"))?,
            );
        }
        Ok(Scenarios(out))
    }

    pub fn get(&self, name: &str) -> Option<&Scenario> {
        self.0.get(name)
    }

    /// `generated-N`: N resources over 3 clusters, made on first use (for the benchmark).
    pub fn get_or_generate(&mut self, name: &str) -> Option<&Scenario> {
        if !self.0.contains_key(name) {
            let n: usize =
                name.strip_prefix("generated-")?.parse().ok().filter(|n| *n <= 200_000)?;
            let (summary, vms) = generate(n, 3);
            let scenario = Scenario {
                description: format!("{n} generated resources over 3 clusters"),
                config: None,
                plugin: Plugin::Current,
                summary,
                vm_answers: Map::new(),
                vm_delay_ms: Map::new(),
                lookups: None,
                vms,
                next_origin: None,
                max_page_size: 1000,
                page_settings: None,
                endpoints: Vec::new(),
                action_answer: None,
            };
            self.0.insert(name.to_owned(), scenario);
        }
        self.0.get(name)
    }

    pub fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

fn resolve(
    raw: &BTreeMap<String, Value>,
    name: &str,
    depth: usize,
) -> Result<Map<String, Value>, String> {
    let own =
        raw.get(name).and_then(Value::as_object).ok_or(format!("no scenario object {name}"))?;
    let mut merged = match own.get("extends").and_then(Value::as_str) {
        Some(parent) if depth < 8 => resolve(raw, parent, depth + 1)?,
        Some(_) => return Err(format!("{name}: extends too deep")),
        None => Map::new(),
    };
    for (k, v) in own {
        merged.insert(k.clone(), v.clone());
    }
    Ok(merged)
}

impl Scenario {
    fn from_value(v: &Map<String, Value>) -> Result<Scenario, String> {
        let plugin = match v.get("plugin").and_then(Value::as_str).unwrap_or("current") {
            "current" => Plugin::Current,
            "legacy" => Plugin::Legacy,
            "both" => Plugin::Both,
            other => return Err(format!("unknown plugin {other}")),
        };
        let (summary, mut vms) = match v.get("generate") {
            Some(g) => generate(
                g.get("resources").and_then(Value::as_u64).unwrap_or(100) as usize,
                g.get("clusters").and_then(Value::as_u64).unwrap_or(3).max(1) as usize,
            ),
            None => (v.get("summary").cloned().unwrap_or(json!({"body": {}})), Vec::new()),
        };
        for vm in v.get("vms").and_then(Value::as_array).into_iter().flatten() {
            vms.push(Vm {
                id: vm.get("id").and_then(Value::as_u64).ok_or("every vm needs an integer id")?,
                name: vm.get("name").and_then(Value::as_str).unwrap_or("unnamed").to_owned(),
                cluster: vm.get("cluster").and_then(Value::as_str).map(str::to_owned),
                proxmox_vm_id: vm.get("proxmox_vm_id").cloned().unwrap_or(Value::Null),
                hidden: vm.get("hidden").and_then(Value::as_bool).unwrap_or(false),
            });
        }
        Ok(Scenario {
            description: v
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            config: v.get("config").cloned(),
            plugin,
            summary,
            vm_answers: v.get("vm_answers").and_then(Value::as_object).cloned().unwrap_or_default(),
            vm_delay_ms: v
                .get("vm_delay_ms")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            lookups: v.get("lookups").cloned(),
            vms,
            next_origin: v.get("next_origin").and_then(Value::as_str).map(str::to_owned),
            max_page_size: v.get("max_page_size").and_then(Value::as_u64).unwrap_or(1000) as usize,
            page_settings: v.get("page_settings").cloned(),
            endpoints: v.get("endpoints").and_then(Value::as_array).cloned().unwrap_or_default(),
            action_answer: v.get("action_answer").cloned(),
        })
    }

    /// NetBox's answer; `disarmed`: the clusters where an HA action disarmed HA.
    pub fn answer(&self, request: &Request, disarmed: &HashSet<String>) -> Response {
        let path = request.path.as_str();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            ["api", "plugins", "proxbox", "ha", "summary"] if !disarmed.is_empty() => {
                Response::json(200, &self.summary_disarmed(None, disarmed))
            }
            ["api", "plugins", "proxbox", "ha", "summary"] => spec_response(&self.summary),
            ["api", "plugins", "proxbox", "endpoints", "proxmox"] => {
                let fields = ["id", "name", "enabled", "allow_writes"];
                let rows = self.endpoints.iter().map(|e| {
                    Value::Object(fields.iter().filter_map(|k| Some((k.to_string(), e.get(*k)?.clone()))).collect())
                });
                self.page(request, rows.collect())
            }
            ["api", "plugins", "proxbox", "ha", "vm", vmid] => self.vm_ha(vmid, request),
            ["api", "plugins", "proxbox", "sync-state", "virtual-machines"] => {
                if self.plugin == Plugin::Legacy {
                    return not_found_page();
                }
                if let Some(spec) = &self.lookups {
                    return spec_response(spec);
                }
                let wanted: HashSet<u64> = request.params("proxmox_vm_id").iter().filter_map(|v| v.parse().ok()).collect();
                let by_vm: HashSet<u64> = request.params("virtual_machine_id").iter().filter_map(|v| v.parse().ok()).collect();
                let rows: Vec<Value> = self
                    .visible()
                    .filter_map(|vm| Some((vm, vm.synced_id()?)))
                    .filter(|(vm, pid)| (wanted.is_empty() || wanted.contains(pid)) && (by_vm.is_empty() || by_vm.contains(&vm.id)))
                    .map(|(vm, pid)| self.sync_state_row(request, vm, pid))
                    .collect();
                self.page(request, rows)
            }
            ["api", "virtualization", "virtual-machines"] => {
                if let Some(spec) = &self.lookups {
                    return spec_response(spec);
                }
                // NetBox ignores a filter on a custom field that does not exist: on current
                // plugins this returns every VM.
                let wanted: HashSet<u64> = request.params("cf_proxmox_vm_id").iter().filter_map(|v| v.parse().ok()).collect();
                let filter_applies = self.plugin != Plugin::Current && !wanted.is_empty();
                let rows: Vec<Value> = self
                    .visible()
                    .filter(|vm| !filter_applies || vm.synced_id().is_some_and(|p| wanted.contains(&p)))
                    .map(|vm| self.vm_json(request, vm))
                    .collect();
                self.page(request, rows)
            }
            ["api", "virtualization", "virtual-machines", id] => {
                match self.visible().find(|vm| id.parse() == Ok(vm.id)) {
                    Some(vm) => Response::json(200, &self.vm_json(request, vm)),
                    None => Response::json(404, &json!({"detail": "No VirtualMachine matches the given query."})),
                }
            }
            ["virtualization", "virtual-machines", id] => match self.visible().find(|vm| id.parse() == Ok(vm.id)) {
                Some(vm) => Response::html(200, &format!(
                    "<!DOCTYPE html><html><head><meta charset=utf-8><title>{name} | NetBox (mock)</title></head>\
                     <body style=\"font-family:sans-serif\"><h1>Virtual machine: {name}</h1><p>This stands in for NetBox's own VM page.</p></body></html>",
                    name = escape(&vm.name)
                )),
                None => not_found_page(),
            },
            _ => not_found_page(),
        }
    }

    fn visible(&self) -> impl Iterator<Item = &Vm> {
        self.vms.iter().filter(|vm| !vm.hidden)
    }

    fn vm_ha(&self, vmid: &str, request: &Request) -> Response {
        let delay =
            Duration::from_millis(self.vm_delay_ms.get(vmid).and_then(Value::as_u64).unwrap_or(0));
        self.vm_ha_answer(vmid, request).delayed(delay)
    }

    fn vm_ha_answer(&self, vmid: &str, request: &Request) -> Response {
        if let Some(spec) = self.vm_answers.get(vmid) {
            return spec_response(spec);
        }
        // A backend that fails, or answers other than an HA envelope, does so for both routes.
        let envelope = self.summary.get("body").is_some_and(|b| b.get("resources").is_some());
        if !envelope || self.summary.get("status").and_then(Value::as_u64).is_some_and(|s| s != 200)
        {
            return spec_response(&self.summary);
        }
        // Current plugins check the VM: visible to the user, synced, and the id matching.
        if self.plugin != Plugin::Legacy {
            let refuse = |detail: String| Response::json(400, &json!({ "detail": detail }));
            let Some(id) = request.param("virtual_machine_id") else {
                return refuse("virtual_machine_id query parameter is required.".into());
            };
            let Some(vm) = self.visible().find(|vm| id.parse() == Ok(vm.id)) else {
                return refuse(format!(
                    "Virtual machine {id} was not found or you do not have permission to view it."
                ));
            };
            match vm.synced_id() {
                None => return refuse(format!("Virtual machine {id} has no synced Proxmox VM id. Run a Proxbox sync and try again.")),
                Some(synced) if synced.to_string() != vmid => {
                    return refuse(format!("Proxmox VM id {vmid} does not match the synced id {synced} of virtual machine {id}."))
                }
                Some(_) => {}
            }
        }
        match self.resource_of(vmid, None) {
            Some(resource) => Response::json(200, &resource),
            None => Response::json(200, &json!({})),
        }
    }

    fn origin(&self, request: &Request) -> String {
        self.next_origin
            .clone()
            .unwrap_or_else(|| format!("http://{}", request.header("host").unwrap_or("127.0.0.1")))
    }

    fn vm_json(&self, request: &Request, vm: &Vm) -> Value {
        let origin = self.origin(request);
        let mut custom_fields = Map::new();
        if self.plugin != Plugin::Current {
            custom_fields.insert("proxmox_vm_id".into(), vm.proxmox_vm_id.clone());
        }
        json!({
            "id": vm.id,
            "url": format!("{origin}/api/virtualization/virtual-machines/{}/", vm.id),
            "display_url": format!("{origin}/virtualization/virtual-machines/{}/", vm.id),
            "display": vm.name,
            "name": vm.name,
            "status": {"value": "active", "label": "Active"},
            "cluster": vm.cluster.as_ref().map(|c| json!({"id": 1, "name": c, "display": c})),
            "custom_fields": custom_fields,
        })
    }

    fn sync_state_row(&self, request: &Request, vm: &Vm, proxmox_id: u64) -> Value {
        let origin = self.origin(request);
        json!({
            "id": 1000 + vm.id,
            "virtual_machine": {"id": vm.id, "url": format!("{origin}/api/virtualization/virtual-machines/{}/", vm.id), "display": vm.name, "name": vm.name},
            "proxmox_vm_id": proxmox_id,
            "proxmox_vm_type": "qemu",
            "proxmox_cluster_name": vm.cluster,
            "endpoint": self.endpoint_of(vm.cluster.as_deref()).map(|e| json!({"id": e["id"], "name": e["name"]})),
        })
    }

    /// NetBox paging: `limit` (capped), `offset`, absolute `next` built from the Host header.
    fn page(&self, request: &Request, rows: Vec<Value>) -> Response {
        let limit = request
            .param("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(50usize)
            .clamp(1, self.max_page_size);
        let offset = request.param("offset").and_then(|o| o.parse().ok()).unwrap_or(0usize);
        let count = rows.len();
        let next = (offset + limit < count).then(|| {
            let query: Vec<String> = request
                .query
                .iter()
                .filter(|(k, _)| k != "offset" && k != "limit")
                .map(|(k, v)| format!("{k}={v}"))
                .chain([format!("limit={limit}"), format!("offset={}", offset + limit)])
                .collect();
            format!("{}{}?{}", self.origin(request), request.path, query.join("&"))
        });
        let results: Vec<Value> = rows.into_iter().skip(offset).take(limit).collect();
        Response::json(
            200,
            &json!({"count": count, "next": next, "previous": null, "results": results}),
        )
    }
}

impl Vm {
    fn synced_id(&self) -> Option<u64> {
        match &self.proxmox_vm_id {
            Value::Number(n) => n.as_u64(),
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok()
            }
            _ => None,
        }
    }
}
