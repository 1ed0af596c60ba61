//! HA placement configuration: groups (Proxmox VE 8 and earlier) and rules (Proxmox VE 9).

use crate::model::coerce::{digits, text, Fields};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMember {
    pub node: String,
    pub priority: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub cluster: Option<String>,
    pub name: String,
    pub nodes: Vec<GroupMember>,
    pub restricted: Option<bool>,
    pub nofailback: Option<bool>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub cluster: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub affinity: Option<String>,
    pub nodes: Vec<GroupMember>,
    pub resources: Vec<String>,
    pub strict: Option<bool>,
    /// `disable` inverted; absent means enabled, as in Proxmox.
    pub enabled: bool,
    pub comment: Option<String>,
}

/// `pve01:1,pve02:2` or `pve01 pve02` (older API versions returned lists too).
pub fn node_list(value: Option<&Value>) -> Vec<GroupMember> {
    let parts: Vec<String> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(v) => text(v)
            .map(|s| s.split([',', ' ', ';']).map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(':') {
            Some((node, prio)) => {
                GroupMember { node: node.trim().to_owned(), priority: digits(prio.trim()) }
            }
            None => GroupMember { node: p.to_owned(), priority: None },
        })
        .collect()
}

fn word_list(value: Option<&Value>) -> Vec<String> {
    node_list(value)
        .into_iter()
        .map(|m| match m.priority {
            Some(p) => format!("{}:{p}", m.node),
            None => m.node,
        })
        .collect()
}

impl Group {
    /// `None` for a row without a name.
    pub fn parse(f: Fields) -> Option<Group> {
        Some(Group {
            cluster: f.cluster(),
            name: f.text("group").or_else(|| f.text("id"))?,
            nodes: node_list(f.get("nodes")),
            restricted: f.flag("restricted"),
            nofailback: f.flag("nofailback"),
            comment: f.text("comment"),
        })
    }
}

impl Rule {
    /// `None` for a row without a name.
    pub fn parse(f: Fields) -> Option<Rule> {
        Some(Rule {
            cluster: f.cluster(),
            name: f.text("rule").or_else(|| f.text("id"))?,
            kind: f.text("type"),
            affinity: f.text("affinity"),
            nodes: node_list(f.get("nodes")),
            resources: word_list(f.get("resources")),
            strict: f.flag("strict"),
            enabled: !f.flag("disable").unwrap_or(false),
            comment: f.text("comment"),
        })
    }
}
