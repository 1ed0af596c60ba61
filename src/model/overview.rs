//! The problem-first summary at the top of the status page, one line per cluster.

use crate::model::cluster::ClusterStatus;
use crate::model::resource::Resource;
use crate::model::severity::Severity;
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterOverview {
    pub name: String,
    /// The backend could not read this cluster.
    pub unreadable: bool,
    /// What the cluster's status rows say: `ClusterStatus::has_problem`.
    pub status_problem: bool,
    pub quorate: Option<bool>,
    pub master_alive: Option<bool>,
    /// HA fencing: `armed`, `disarmed`...
    pub fencing: Option<String>,
    pub nodes_online: usize,
    pub nodes_maintenance: usize,
    /// Nodes whose LRM is not running normally (lost lock, waiting, unreadable, offline).
    pub nodes_other: usize,
    /// Resources per severity, in `Severity` order (problem, transitional, healthy, neutral, unknown).
    pub resources: [usize; Severity::ALL.len()],
}

impl ClusterOverview {
    pub fn count(&self, severity: Severity) -> usize {
        self.resources[severity as usize]
    }

    /// The quorum badge: unreadable, no quorum or quorate; `None` when the backend did not say.
    pub fn quorum_verdict(&self) -> Option<(Severity, &'static str)> {
        match (self.unreadable, self.quorate) {
            (true, _) => Some((Severity::Problem, "unreadable")),
            (_, Some(false)) => Some((Severity::Problem, "NO QUORUM")),
            (_, Some(true)) => Some((Severity::Healthy, "quorate")),
            (_, None) => None,
        }
    }

    /// The CRM master badge; `None` when there is no master row.
    pub fn master_verdict(&self) -> Option<(Severity, &'static str)> {
        match self.master_alive? {
            false => Some((Severity::Problem, "master dead?")),
            true => Some((Severity::Healthy, "master alive")),
        }
    }

    /// A badge only when HA is not armed (disarmed for maintenance, or on its way).
    pub fn fencing_verdict(&self) -> Option<(Severity, String)> {
        let state = self.fencing.as_deref()?;
        state.starts_with("disarm").then(|| (Severity::Transitional, format!("HA {state}")))
    }

    /// "nodes: 2 online · 1 maintenance · 0 not running"
    pub fn nodes_text(&self) -> String {
        format!(
            "nodes: {} online · {} maintenance · {} not running",
            self.nodes_online, self.nodes_maintenance, self.nodes_other
        )
    }

    /// The cluster's status has a problem (the one rule, `ClusterStatus::has_problem`), or a
    /// resource there is in a problem state.
    pub fn has_problem(&self) -> bool {
        self.status_problem || self.count(Severity::Problem) > 0
    }
}

/// One entry per cluster, in the order clusters first appear in the status, then in resources.
pub fn overview(clusters: &[ClusterStatus], resources: &[Resource]) -> Vec<ClusterOverview> {
    let mut out: Vec<ClusterOverview> = clusters
        .iter()
        .map(|c| {
            let mut o = ClusterOverview {
                name: c.name.clone(),
                unreadable: c.error.is_some(),
                status_problem: c.has_problem(),
                quorate: c.quorum.as_ref().map(|q| q.ok),
                master_alive: c.master.as_ref().map(|m| !m.dead()),
                fencing: c.fencing.clone(),
                ..Default::default()
            };
            for node in &c.nodes {
                match node.state.as_str() {
                    "active" | "idle" | "online" => o.nodes_online += 1,
                    "maintenance" => o.nodes_maintenance += 1,
                    _ => o.nodes_other += 1,
                }
            }
            o
        })
        .collect();
    let mut index: HashMap<String, usize> =
        out.iter().enumerate().map(|(i, o)| (o.name.clone(), i)).collect();
    for r in resources {
        let name = r.cluster.clone().unwrap_or_default();
        let i = *index.entry(name.clone()).or_insert_with(|| {
            out.push(ClusterOverview { name, ..Default::default() });
            out.len() - 1
        });
        out[i].resources[r.severity() as usize] += 1;
    }
    out
}

/// How many resources run on each (cluster, node), for the node rows.
pub fn resources_per_node(resources: &[Resource]) -> HashMap<(String, String), usize> {
    let mut counts = HashMap::new();
    for r in resources {
        if let Some(node) = &r.node {
            *counts.entry((r.cluster.clone().unwrap_or_default(), node.clone())).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cluster::clusters;
    use crate::model::summary::{parse_summary, SummaryAnswer};
    use serde_json::json;

    #[test]
    fn counts_nodes_and_resources_per_cluster() {
        let SummaryAnswer::Data(s) = parse_summary(&json!({
            "status": [
                {"cluster_name": "a", "type": "quorum", "status": "OK", "quorate": 1},
                {"cluster_name": "a", "type": "master", "status": "n1 (old timestamp - dead?, Wed)"},
                {"cluster_name": "a", "type": "lrm", "id": "lrm:n1", "status": "n1 (active, x)"},
                {"cluster_name": "a", "type": "lrm", "id": "lrm:n2", "status": "n2 (maintenance, x)"},
                {"cluster_name": "a", "type": "lrm", "id": "lrm:n3", "status": "n3 (lost_agent_lock, x)"},
                {"cluster_name": "b", "status": "error: down"}
            ],
            "resources": [
                {"cluster_name": "a", "sid": "vm:1", "crm_state": "error", "node": "n1"},
                {"cluster_name": "a", "sid": "vm:2", "crm_state": "started", "node": "n1"},
                {"cluster_name": "c", "sid": "vm:3", "state": "stopped", "node": "x"}
            ]
        })).unwrap() else { unreachable!() };
        let o = overview(&clusters(&s.status), &s.resources);
        assert_eq!(o.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!((o[0].quorate, o[0].master_alive), (Some(true), Some(false)));
        assert_eq!((o[0].nodes_online, o[0].nodes_maintenance, o[0].nodes_other), (1, 1, 1));
        assert_eq!((o[0].count(Severity::Problem), o[0].count(Severity::Healthy)), (1, 1));
        assert!(o[0].has_problem() && o[1].has_problem() && !o[2].has_problem());
        assert_eq!(o[2].count(Severity::Neutral), 1);
        assert_eq!(o[0].quorum_verdict(), Some((Severity::Healthy, "quorate")));
        assert_eq!(o[0].master_verdict(), Some((Severity::Problem, "master dead?")));
        assert_eq!(o[1].quorum_verdict(), Some((Severity::Problem, "unreadable")));
        assert_eq!((o[2].quorum_verdict(), o[2].master_verdict()), (None, None));
        assert_eq!(o[0].nodes_text(), "nodes: 1 online · 1 maintenance · 1 not running");
        assert_eq!(o[0].fencing_verdict(), None, "armed, or not said: no badge");
        let disarmed = ClusterOverview { fencing: Some("disarmed".into()), ..o[0].clone() };
        assert_eq!(
            disarmed.fencing_verdict(),
            Some((Severity::Transitional, "HA disarmed".into()))
        );
        let per_node = resources_per_node(&s.resources);
        assert_eq!(per_node[&("a".to_owned(), "n1".to_owned())], 2);
    }
}
