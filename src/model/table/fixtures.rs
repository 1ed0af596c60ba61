//! Rows the table tests share.

use crate::model::resource::Resource;
use crate::model::summary::{parse_summary, SummaryAnswer};
use serde_json::json;

pub fn resources() -> Vec<Resource> {
    let body = json!({"resources": [
        {"cluster_name": "prod", "sid": "vm:101", "state": "started", "crm_state": "started", "node": "pve01", "group": "web", "max_restart": 1},
        {"cluster_name": "prod", "sid": "vm:104", "state": "started", "crm_state": "error", "node": "pve03", "comment": "Monitoring", "max_restart": 3},
        {"cluster_name": "lab", "sid": "vm:300", "state": "started", "crm_state": "request_start", "node": "lab-b", "max_restart": 0},
        {"cluster_name": "prod", "sid": "ct:200", "state": "stopped", "node": "pve01", "group": "db"},
        {"cluster_name": "x", "sid": "vm:9", "state": "ignored", "group": "=cmd|' /C calc'!A0"}
    ]});
    match parse_summary(&body).unwrap() {
        SummaryAnswer::Data(s) => s.resources.clone(),
        _ => unreachable!(),
    }
}

pub fn names(r: &Resource) -> Option<String> {
    (r.sid_text == "vm:101").then(|| "web-01".to_owned())
}

pub fn sids(rs: &[Resource], rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&i| rs[i].sid_text.clone()).collect()
}
