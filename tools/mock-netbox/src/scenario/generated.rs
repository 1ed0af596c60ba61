//! Generated estates of any size (`generated-N`) for the benchmark, and the same rows as a
//! plain server-rendered table, the benchmark's baseline.

use super::{Scenario, Vm};
use crate::http::escape;
use serde_json::{json, Value};
use std::collections::HashMap;

impl Scenario {
    /// The resources as one server-rendered HTML table: the benchmark's baseline.
    pub fn plain_table(&self) -> String {
        let resources = self
            .summary
            .pointer("/body/resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let cell = |r: &Value, key: &str| {
            escape(
                &r.get(key)
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .unwrap_or_default(),
            )
        };
        let by_vmid: HashMap<u64, &Vm> =
            self.vms.iter().filter_map(|vm| Some((vm.synced_id()?, vm))).collect();
        let mut html = String::with_capacity(resources.len() * 400);
        html.push_str("<!DOCTYPE html><html><head><meta charset=utf-8><title>HA resources (plain)</title></head><body>");
        html.push_str(&format!("<h1>HA Resources ({})</h1><table id=plain><thead><tr><th>SID<th>Guest<th>Type<th>Cluster<th>Group<th>Node<th>State<th>CRM state<th>Request state<th>Max restart<th>Max relocate<th>Failback</tr></thead><tbody>", resources.len()));
        for r in &resources {
            let vmid =
                r.get("sid").and_then(Value::as_str).and_then(|s| s.get(3..)?.parse::<u64>().ok());
            let vm = vmid.and_then(|id| by_vmid.get(&id));
            let (id, name) = vm.map_or((0, String::new()), |vm| (vm.id, escape(&vm.name)));
            html.push_str(&format!(
                "<tr><td><a href=\"/virtualization/virtual-machines/{id}/\">{}</a><td><a href=\"/virtualization/virtual-machines/{id}/\">{name}</a><td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}</tr>",
                cell(r, "sid"), cell(r, "type"), cell(r, "cluster_name"), cell(r, "group"), cell(r, "node"), cell(r, "state"),
                cell(r, "crm_state"), cell(r, "request_state"), cell(r, "max_restart"), cell(r, "max_relocate"), cell(r, "failback")
            ));
        }
        html.push_str("</tbody></table></body></html>");
        html
    }
}

/// A large estate: `resources` HA resources over `clusters` clusters, each with a NetBox VM.
pub(super) fn generate(resources: usize, clusters: usize) -> (Value, Vec<Vm>) {
    const NAMES: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const NODES_PER_CLUSTER: usize = 8;
    let cluster_name =
        |c: usize| NAMES.get(c).map_or_else(|| format!("cluster{c}"), |n| n.to_string());
    let mut status = Vec::new();
    for c in 0..clusters {
        let cluster = cluster_name(c);
        status.push(json!({"cluster_name": cluster, "id": "quorum", "type": "quorum", "status": "OK", "quorate": 1}));
        status.push(json!({"cluster_name": cluster, "id": "master", "type": "master", "node": format!("{cluster}-pve1"),
            "status": format!("{cluster}-pve1 (active, Wed Nov 25 10:00:00 2026)")}));
        for n in 1..=NODES_PER_CLUSTER {
            status.push(json!({"cluster_name": cluster, "id": format!("lrm:{cluster}-pve{n}"), "type": "lrm", "node": format!("{cluster}-pve{n}"),
                "status": format!("{cluster}-pve{n} (active, watchdog active, Wed Nov 25 10:00:00 2026)")}));
        }
    }
    let mut rows = Vec::with_capacity(resources);
    let mut vms = Vec::with_capacity(resources);
    for i in 0..resources {
        let cluster = cluster_name(i % clusters);
        let vmid = 1000 + i;
        let node = format!("{cluster}-pve{}", 1 + (i / clusters) % NODES_PER_CLUSTER);
        let crm_state = match i % 97 {
            13 => "error",
            41 => "migrate",
            77 => "stopped",
            _ => "started",
        };
        let sid = if i % 10 == 9 { format!("ct:{vmid}") } else { format!("vm:{vmid}") };
        status.push(json!({"cluster_name": cluster, "id": format!("service:{sid}"), "type": "service", "sid": sid, "node": node,
            "crm_state": crm_state, "request_state": "started", "state": crm_state}));
        rows.push(json!({"cluster_name": cluster, "sid": sid, "type": &sid[..2], "state": "started", "group": format!("{cluster}-default"),
            "max_restart": 1, "max_relocate": 1, "failback": 1, "node": node, "crm_state": crm_state, "request_state": "started"}));
        vms.push(Vm {
            id: 1 + i as u64,
            name: format!("guest-{vmid}"),
            cluster: Some(cluster),
            proxmox_vm_id: json!(vmid),
            hidden: false,
        });
    }
    let groups: Vec<Value> = (0..clusters)
        .map(|c| json!({"cluster_name": cluster_name(c), "group": format!("{}-default", cluster_name(c)),
            "nodes": (1..=NODES_PER_CLUSTER).map(|n| format!("{}-pve{n}:{}", cluster_name(c), NODES_PER_CLUSTER - n + 1)).collect::<Vec<_>>().join(","),
            "restricted": 0, "nofailback": 0}))
        .collect();
    (json!({"body": {"status": status, "groups": groups, "rules": [], "resources": rows}}), vms)
}
