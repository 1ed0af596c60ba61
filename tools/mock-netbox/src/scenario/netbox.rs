//! NetBox's routes as the app calls them: the HA shim, the endpoint and sync-state lists of
//! netbox-proxbox, this project's plugin's per-endpoint summary and HA action capabilities,
//! and NetBox's own VM list, VM detail and VM page, one method per route.

use super::spec::not_found_page;
use super::{HaChanges, Plugin, Scenario, Vm};
use crate::http::{escape, Request, Response};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::time::Duration;

impl Scenario {
    /// NetBox's answer to a GET; `changes`: what the HA actions changed.
    pub fn answer(&self, request: &Request, changes: &HaChanges) -> Response {
        let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            ["api", "plugins", "proxbox", "ha", "summary"] => self.summary_answer(changes),
            ["api", "plugins", "proxbox-ha", "ha", "summary", "by-endpoint"] => {
                self.by_endpoint(changes)
            }
            ["plugins", "proxbox-ha", "ha", "actions"] => self.capabilities(),
            ["api", "plugins", "proxbox", "endpoints", "proxmox"] => self.endpoint_list(request),
            ["api", "plugins", "proxbox", "ha", "vm", vmid] => self.vm_ha(vmid, request),
            ["api", "plugins", "proxbox", "sync-state", "virtual-machines"] => {
                self.sync_state_list(request)
            }
            ["api", "virtualization", "virtual-machines"] => self.vm_list(request),
            ["api", "virtualization", "virtual-machines", id] => self.vm_detail(request, id),
            ["virtualization", "virtual-machines", id] => self.vm_page(id),
            _ => not_found_page(),
        }
    }

    fn summary_answer(&self, changes: &HaChanges) -> Response {
        if let Some(failure) = self.combined_failure() {
            failure
        } else if changes.is_empty() {
            self.summary.response()
        } else {
            Response::json(200, &self.summary_acted(changes))
        }
    }

    fn endpoint_list(&self, request: &Request) -> Response {
        let rows = self.endpoints.iter().map(|e| {
            let (id, name, enabled, allow_writes) = (e.id, &e.name, e.enabled, e.allow_writes);
            json!({"id": id, "name": name, "enabled": enabled, "allow_writes": allow_writes})
        });
        self.page(request, rows.collect())
    }

    fn sync_state_list(&self, request: &Request) -> Response {
        if self.plugin == Plugin::Legacy {
            return not_found_page();
        }
        if let Some(spec) = &self.lookups {
            return spec.response();
        }
        let wanted = numbers(request.params("proxmox_vm_id"));
        let by_vm = numbers(request.params("virtual_machine_id"));
        let rows: Vec<Value> = self
            .visible()
            .filter_map(|vm| Some((vm, vm.synced_id()?)))
            .filter(|(vm, pid)| {
                (wanted.is_empty() || wanted.contains(pid))
                    && (by_vm.is_empty() || by_vm.contains(&vm.id))
            })
            .map(|(vm, pid)| self.sync_state_row(request, vm, pid))
            .collect();
        self.page(request, rows)
    }

    fn vm_list(&self, request: &Request) -> Response {
        if let Some(spec) = &self.lookups {
            return spec.response();
        }
        // NetBox ignores a filter on a custom field that does not exist: on current plugins
        // this returns every VM.
        let wanted = numbers(request.params("cf_proxmox_vm_id"));
        let filter_applies = self.plugin != Plugin::Current && !wanted.is_empty();
        let rows: Vec<Value> = self
            .visible()
            .filter(|vm| !filter_applies || vm.synced_id().is_some_and(|pid| wanted.contains(&pid)))
            .map(|vm| self.vm_json(request, vm))
            .collect();
        self.page(request, rows)
    }

    fn vm_detail(&self, request: &Request, id: &str) -> Response {
        match self.visible_vm(id) {
            Some(vm) => Response::json(200, &self.vm_json(request, vm)),
            None => {
                let detail = "No VirtualMachine matches the given query.";
                Response::json(404, &json!({ "detail": detail }))
            }
        }
    }

    /// A stand-in for NetBox's own VM page (links to NetBox open it).
    fn vm_page(&self, id: &str) -> Response {
        let Some(vm) = self.visible_vm(id) else {
            return not_found_page();
        };
        Response::html(
            200,
            &format!(
                "<!DOCTYPE html><html><head><meta charset=utf-8>\
                 <title>{name} | NetBox (mock)</title></head>\
                 <body style=\"font-family:sans-serif\"><h1>Virtual machine: {name}</h1>\
                 <p>This stands in for NetBox's own VM page.</p></body></html>",
                name = escape(&vm.name)
            ),
        )
    }

    pub(super) fn visible(&self) -> impl Iterator<Item = &Vm> {
        self.vms.iter().filter(|vm| !vm.hidden)
    }

    fn visible_vm(&self, id: &str) -> Option<&Vm> {
        self.visible().find(|vm| id.parse() == Ok(vm.id))
    }

    fn vm_ha(&self, vmid: &str, request: &Request) -> Response {
        let delay = self.vm_delay_ms.get(vmid).copied().unwrap_or(0);
        self.vm_ha_answer(vmid, request).delayed(Duration::from_millis(delay))
    }

    fn vm_ha_answer(&self, vmid: &str, request: &Request) -> Response {
        if let Some(spec) = self.vm_answers.get(vmid) {
            return spec.response();
        }
        // A backend that fails, or answers other than an HA envelope, does so for both routes.
        let envelope = self.summary.body.as_ref().is_some_and(|b| b.get("resources").is_some());
        if !envelope || self.summary.status.is_some_and(|s| s != 200) {
            return self.summary.response();
        }
        // Current plugins check the VM: visible to the user, synced, and the id matching.
        if self.plugin != Plugin::Legacy {
            if let Err(detail) = self.check_vm(vmid, request) {
                return Response::json(400, &json!({ "detail": detail }));
            }
        }
        Response::json(200, &self.resource_of(vmid).unwrap_or_else(|| json!({})))
    }

    /// The plugin's checks before it asks the backend about one VM.
    fn check_vm(&self, vmid: &str, request: &Request) -> Result<(), String> {
        let Some(id) = request.param("virtual_machine_id") else {
            return Err("virtual_machine_id query parameter is required.".into());
        };
        let Some(vm) = self.visible_vm(id) else {
            return Err(format!(
                "Virtual machine {id} was not found or you do not have permission to view it."
            ));
        };
        match vm.synced_id() {
            None => Err(format!(
                "Virtual machine {id} has no synced Proxmox VM id. \
                 Run a Proxbox sync and try again."
            )),
            Some(synced) if synced.to_string() != vmid => Err(format!(
                "Proxmox VM id {vmid} does not match the synced id {synced} \
                 of virtual machine {id}."
            )),
            Some(_) => Ok(()),
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
        let url =
            format!("{}/api/virtualization/virtual-machines/{}/", self.origin(request), vm.id);
        let endpoint = self.endpoint_of(vm.cluster.as_deref());
        json!({
            "id": 1000 + vm.id,
            "virtual_machine": {"id": vm.id, "url": url, "display": vm.name, "name": vm.name},
            "proxmox_vm_id": proxmox_id,
            "proxmox_vm_type": "qemu",
            "proxmox_cluster_name": vm.cluster,
            "endpoint": endpoint.map(|e| json!({"id": e.id, "name": e.name})),
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
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (k, v) in request.query.iter().filter(|(k, _)| k != "offset" && k != "limit") {
                query.append_pair(k, v);
            }
            query.append_pair("limit", &limit.to_string());
            query.append_pair("offset", &(offset + limit).to_string());
            format!("{}{}?{}", self.origin(request), request.path, query.finish())
        });
        let results: Vec<Value> = rows.into_iter().skip(offset).take(limit).collect();
        Response::json(
            200,
            &json!({"count": count, "next": next, "previous": null, "results": results}),
        )
    }
}

fn numbers(values: Vec<&str>) -> HashSet<u64> {
    values.iter().filter_map(|v| v.parse().ok()).collect()
}
