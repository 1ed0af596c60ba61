//! Generated estates of any size (`generated-N`) for the benchmark, and the same rows as a
//! plain server-rendered table, the benchmark's baseline.

use super::spec::Spec;
use super::{Scenario, Vm};
use crate::http::escape;
use serde_json::{json, Value};
use std::collections::HashMap;

impl Scenario {
    /// The resources as one server-rendered HTML table: the benchmark's baseline.
    pub fn plain_table(&self) -> String {
        let resources = self.rows("resources");
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
        html.push_str(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>HA resources (plain)</title>\
             </head><body>",
        );
        html.push_str(&format!(
            "<h1>HA Resources ({})</h1><table id=plain><thead><tr><th>SID<th>Guest<th>Type\
             <th>Cluster<th>Group<th>Node<th>State<th>CRM state<th>Request state<th>Max restart\
             <th>Max relocate<th>Failback</tr></thead><tbody>",
            resources.len()
        ));
        const CELLS: [&str; 10] = [
            "type",
            "cluster_name",
            "group",
            "node",
            "state",
            "crm_state",
            "request_state",
            "max_restart",
            "max_relocate",
            "failback",
        ];
        for r in &resources {
            let vmid =
                r.get("sid").and_then(Value::as_str).and_then(|s| s.get(3..)?.parse::<u64>().ok());
            let vm = vmid.and_then(|id| by_vmid.get(&id));
            let (id, name) = vm.map_or((0, String::new()), |vm| (vm.id, escape(&vm.name)));
            let link = format!("/virtualization/virtual-machines/{id}/");
            html.push_str(&format!(
                "<tr><td><a href=\"{link}\">{}</a><td><a href=\"{link}\">{name}</a>",
                cell(r, "sid")
            ));
            for key in CELLS {
                html.push_str(&format!("<td>{}", cell(r, key)));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></body></html>");
        html
    }
}

/// A large estate: `resources` HA resources over `clusters` clusters, each with a NetBox VM.
pub(super) fn generate(resources: usize, clusters: usize) -> (Spec, Vec<Vm>) {
    const NAMES: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const NODES_PER_CLUSTER: usize = 8;
    let cluster_name =
        |c: usize| NAMES.get(c).map_or_else(|| format!("cluster{c}"), |n| n.to_string());
    let mut status = Vec::new();
    for c in 0..clusters {
        let cluster = cluster_name(c);
        status.push(json!({"cluster_name": cluster, "id": "quorum", "type": "quorum",
            "status": "OK", "quorate": 1}));
        status.push(json!({"cluster_name": cluster, "id": "master", "type": "master",
            "node": format!("{cluster}-pve1"),
            "status": format!("{cluster}-pve1 (active, Wed Nov 25 10:00:00 2026)")}));
        for n in 1..=NODES_PER_CLUSTER {
            let node = format!("{cluster}-pve{n}");
            status.push(
                json!({"cluster_name": cluster, "id": format!("lrm:{node}"), "type": "lrm",
                "node": node,
                "status": format!("{node} (active, watchdog active, Wed Nov 25 10:00:00 2026)")}),
            );
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
        status.push(json!({"cluster_name": cluster, "id": format!("service:{sid}"),
            "type": "service", "sid": sid, "node": node, "crm_state": crm_state,
            "request_state": "started", "state": crm_state}));
        rows.push(
            json!({"cluster_name": cluster, "sid": sid, "type": &sid[..2], "state": "started",
            "group": format!("{cluster}-default"), "max_restart": 1, "max_relocate": 1,
            "failback": 1, "node": node, "crm_state": crm_state, "request_state": "started"}),
        );
        vms.push(Vm {
            id: 1 + i as u64,
            name: format!("guest-{vmid}"),
            cluster: Some(cluster),
            proxmox_vm_id: json!(vmid),
            hidden: false,
        });
    }
    let groups: Vec<Value> = (0..clusters)
        .map(|c| {
            let cluster = cluster_name(c);
            let nodes: Vec<String> = (1..=NODES_PER_CLUSTER)
                .map(|n| format!("{cluster}-pve{n}:{}", NODES_PER_CLUSTER - n + 1))
                .collect();
            json!({"cluster_name": cluster, "group": format!("{cluster}-default"),
                "nodes": nodes.join(","), "restricted": 0, "nofailback": 0})
        })
        .collect();
    let body = json!({"status": status, "groups": groups, "rules": [], "resources": rows});
    (Spec::body(body), vms)
}
