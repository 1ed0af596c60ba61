//! The resources table's view state: search, filters, sort and page, kept in the URL query
//! so that a filtered view can be shared as a link; and the filtered rows as CSV.

use crate::display::{count_or_dash, yes_no};
use crate::severity::Severity;
use crate::summary::Resource;
use std::cmp::Ordering;

/// Rows per page: enough to scan, few enough to draw at once at any cluster size.
pub const PAGE_SIZE: usize = 250;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Sid,
    Guest,
    Type,
    Cluster,
    Group,
    Node,
    State,
    CrmState,
    RequestState,
    MaxRestart,
    MaxRelocate,
    Failback,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Sid, Column::Guest, Column::Type, Column::Cluster, Column::Group, Column::Node, Column::State,
        Column::CrmState, Column::RequestState, Column::MaxRestart, Column::MaxRelocate, Column::Failback,
    ];

    /// The name in the URL (`?sort=node`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Sid => "sid",
            Column::Guest => "guest",
            Column::Type => "type",
            Column::Cluster => "cluster",
            Column::Group => "group",
            Column::Node => "node",
            Column::State => "state",
            Column::CrmState => "crm",
            Column::RequestState => "request",
            Column::MaxRestart => "restart",
            Column::MaxRelocate => "relocate",
            Column::Failback => "failback",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Column::Sid => "SID",
            Column::Guest => "Guest",
            Column::Type => "Type",
            Column::Cluster => "Cluster",
            Column::Group => "Group",
            Column::Node => "Node",
            Column::State => "State",
            Column::CrmState => "CRM state",
            Column::RequestState => "Request state",
            Column::MaxRestart => "Max restart",
            Column::MaxRelocate => "Max relocate",
            Column::Failback => "Failback",
        }
    }

    pub fn numeric(self) -> bool {
        matches!(self, Column::MaxRestart | Column::MaxRelocate)
    }

    fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableQuery {
    pub search: String,
    pub cluster: Option<String>,
    pub node: Option<String>,
    /// Matches the state, CRM state or request state.
    pub state: Option<String>,
    pub severity: Option<Severity>,
    /// `None`: problems first, then cluster and id.
    pub sort: Option<Column>,
    pub descending: bool,
    /// 0-based.
    pub page: usize,
}

fn severity_from_label(label: &str) -> Option<Severity> {
    [Severity::Problem, Severity::Transitional, Severity::Healthy, Severity::Neutral, Severity::Unknown]
        .into_iter()
        .find(|s| s.label() == label)
}

impl TableQuery {
    /// Reads `q`, `cluster`, `node`, `state`, `severity`, `sort` (`-` prefix: descending), `page` (1-based).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TableQuery {
        let mut q = TableQuery::default();
        let text = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        for (key, value) in pairs {
            match key {
                "q" => q.search = value.trim().to_owned(),
                "cluster" => q.cluster = text(value),
                "node" => q.node = text(value),
                "state" => q.state = text(value),
                "severity" => q.severity = severity_from_label(value),
                "sort" => {
                    let (descending, key) = value.strip_prefix('-').map_or((false, value), |k| (true, k));
                    q.sort = Column::from_key(key);
                    q.descending = descending && q.sort.is_some();
                }
                "page" => q.page = value.parse::<usize>().ok().filter(|p| *p > 0).map_or(0, |p| p - 1),
                _ => {}
            }
        }
        q
    }

    /// The non-default parts, in a stable order, for the URL.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        for (key, value) in [("cluster", &self.cluster), ("node", &self.node), ("state", &self.state)] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if let Some(s) = self.severity {
            pairs.push(("severity", s.label().to_owned()));
        }
        if let Some(c) = self.sort {
            pairs.push(("sort", format!("{}{}", if self.descending { "-" } else { "" }, c.key())));
        }
        if self.page > 0 {
            pairs.push(("page", (self.page + 1).to_string()));
        }
        pairs
    }

    /// `?q=...&sort=...` (empty for the default view), percent-encoded.
    pub fn query_string(&self) -> String {
        let encode = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let pairs: Vec<String> = self.to_pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) }
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty() || self.cluster.is_some() || self.node.is_some() || self.state.is_some() || self.severity.is_some()
    }

    /// Clicking a header: sort by it, or flip the direction when it already sorts.
    pub fn sorted_by(&self, column: Column) -> TableQuery {
        let descending = self.sort == Some(column) && !self.descending;
        TableQuery { sort: Some(column), descending, page: 0, ..self.clone() }
    }
}

fn eq_ignore_case(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.eq_ignore_ascii_case(b))
}

fn contains_folded(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| h.to_lowercase().contains(needle))
}

/// The text a column sorts and exports by.
pub fn cell_text(r: &Resource, guest: Option<&str>, column: Column) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match column {
        Column::Sid => r.sid_text.clone(),
        Column::Guest => guest.unwrap_or_default().to_owned(),
        Column::Type => r.guest_type().unwrap_or_default(),
        Column::Cluster => text(&r.cluster),
        Column::Group => text(&r.group),
        Column::Node => text(&r.node),
        Column::State => text(&r.state),
        Column::CrmState => text(&r.crm_state),
        Column::RequestState => text(&r.request_state),
        Column::MaxRestart => count_or_dash(r.max_restart),
        Column::MaxRelocate => count_or_dash(r.max_relocate),
        Column::Failback => yes_no(r.failback).to_owned(),
    }
}

fn compare(a: &Resource, b: &Resource, column: Column, guest: &dyn Fn(&Resource) -> Option<String>) -> Ordering {
    match column {
        Column::Sid => (a.sid.map(|s| s.vmid), &a.sid_text).cmp(&(b.sid.map(|s| s.vmid), &b.sid_text)),
        Column::MaxRestart => a.max_restart.cmp(&b.max_restart),
        Column::MaxRelocate => a.max_relocate.cmp(&b.max_relocate),
        Column::Failback => a.failback.cmp(&b.failback),
        Column::Guest => guest(a).map(|s| s.to_lowercase()).cmp(&guest(b).map(|s| s.to_lowercase())),
        other => cell_text(a, None, other).to_lowercase().cmp(&cell_text(b, None, other).to_lowercase()),
    }
}

/// Indices of the rows the query keeps, in its order. Linear in the rows, plus the sort.
pub fn select(resources: &[Resource], guest: &dyn Fn(&Resource) -> Option<String>, q: &TableQuery) -> Vec<usize> {
    let needle = q.search.to_lowercase();
    let mut rows: Vec<usize> = (0..resources.len())
        .filter(|&i| {
            let r = &resources[i];
            q.cluster.as_deref().is_none_or(|c| eq_ignore_case(r.cluster.as_deref(), c))
                && q.node.as_deref().is_none_or(|n| eq_ignore_case(r.node.as_deref(), n))
                && q.state.as_deref().is_none_or(|s| {
                    [&r.state, &r.crm_state, &r.request_state].into_iter().any(|v| eq_ignore_case(v.as_deref(), s))
                })
                && q.severity.is_none_or(|s| r.severity() == s)
                && (needle.is_empty()
                    || [Some(r.sid_text.as_str()), r.node.as_deref(), r.group.as_deref(), r.comment.as_deref()]
                        .into_iter()
                        .any(|field| contains_folded(field, &needle))
                    || contains_folded(guest(r).as_deref(), &needle))
        })
        .collect();
    let default_order = |a: &Resource, b: &Resource| {
        (a.severity(), &a.cluster, a.sid.map(|s| s.vmid), &a.sid_text).cmp(&(b.severity(), &b.cluster, b.sid.map(|s| s.vmid), &b.sid_text))
    };
    rows.sort_by(|&i, &j| {
        let (a, b) = (&resources[i], &resources[j]);
        match q.sort {
            None => default_order(a, b),
            Some(column) => {
                let primary = compare(a, b, column, guest);
                let primary = if q.descending { primary.reverse() } else { primary };
                primary.then_with(|| default_order(a, b))
            }
        }
    });
    rows
}

/// The page's slice of `rows` and the page actually shown (clamped to the last page).
pub fn page_of(rows: &[usize], page: usize) -> (&[usize], usize) {
    let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let start = page * PAGE_SIZE;
    (&rows[start.min(rows.len())..(start + PAGE_SIZE).min(rows.len())], page)
}

/// RFC 4180 CSV of the selected rows with every column. Cells that a spreadsheet would run
/// as a formula are prefixed with `'`.
pub fn csv(resources: &[Resource], rows: &[usize], guest: &dyn Fn(&Resource) -> Option<String>) -> String {
    let field = |text: &str| {
        let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
        if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
    };
    let mut out: Vec<String> = vec![Column::ALL.iter().map(|c| field(c.title())).collect::<Vec<_>>().join(",")];
    for &i in rows {
        let r = &resources[i];
        let name = guest(r);
        out.push(Column::ALL.iter().map(|&c| field(&cell_text(r, name.as_deref(), c))).collect::<Vec<_>>().join(","));
    }
    out.join("\r\n") + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{parse_summary, SummaryAnswer};
    use serde_json::json;

    fn resources() -> Vec<Resource> {
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

    fn names(r: &Resource) -> Option<String> {
        (r.sid_text == "vm:101").then(|| "web-01".to_owned())
    }

    fn sids(rs: &[Resource], rows: &[usize]) -> Vec<String> {
        rows.iter().map(|&i| rs[i].sid_text.clone()).collect()
    }

    #[test]
    fn default_order_is_problems_first() {
        let rs = resources();
        assert_eq!(sids(&rs, &select(&rs, &names, &TableQuery::default())), ["vm:104", "vm:300", "vm:101", "ct:200", "vm:9"]);
    }

    #[test]
    fn filters_combine_and_search_covers_sid_guest_node_group_comment() {
        let rs = resources();
        let q = |pairs: &[(&str, &str)]| select(&rs, &names, &TableQuery::from_pairs(pairs.iter().copied()));
        assert_eq!(sids(&rs, &q(&[("node", "PVE01")])), ["vm:101", "ct:200"]);
        assert_eq!(sids(&rs, &q(&[("cluster", "prod"), ("severity", "problem")])), ["vm:104"]);
        assert_eq!(sids(&rs, &q(&[("state", "stopped")])), ["ct:200"]);
        assert_eq!(sids(&rs, &q(&[("cluster", "prod")])).len(), 3);
        assert_eq!(sids(&rs, &q(&[("q", "monitor")])), ["vm:104"]);
        assert_eq!(sids(&rs, &q(&[("q", "WEB-01")])), ["vm:101"], "by guest name");
        assert_eq!(sids(&rs, &q(&[("q", "db")])), ["ct:200"], "by group");
        assert_eq!(sids(&rs, &q(&[("q", "lab-b")])), ["vm:300"], "by node");
        assert!(q(&[("cluster", "nowhere")]).is_empty());
    }

    #[test]
    fn sorting_by_columns_both_ways() {
        let rs = resources();
        // The formula row of cluster `x` is left out: it only serves the CSV test.
        let by = |sort: &str| {
            let all = sids(&rs, &select(&rs, &names, &TableQuery::from_pairs([("sort", sort)])));
            all.into_iter().filter(|s| s != "vm:9").collect::<Vec<_>>()
        };
        assert_eq!(by("sid"), ["vm:101", "vm:104", "ct:200", "vm:300"]);
        assert_eq!(by("-sid"), ["vm:300", "ct:200", "vm:104", "vm:101"]);
        assert_eq!(by("restart"), ["ct:200", "vm:300", "vm:101", "vm:104"], "absent first, then 0, 1, 3");
        assert_eq!(by("node"), ["vm:300", "vm:101", "ct:200", "vm:104"], "lab-b < pve01 < pve03");
        assert_eq!(by("guest")[3], "vm:101", "the named guest sorts after the unnamed");
    }

    #[test]
    fn url_round_trip() {
        let q = TableQuery::from_pairs([("q", " web "), ("cluster", "prod"), ("severity", "problem"), ("sort", "-node"), ("page", "3"), ("junk", "1")]);
        assert_eq!(q.search, "web");
        assert_eq!((q.sort, q.descending, q.page), (Some(Column::Node), true, 2));
        let pairs = q.to_pairs();
        let back = TableQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert_eq!(TableQuery::from_pairs([("sort", "-bogus"), ("page", "0"), ("severity", "awful")]), TableQuery::default());
        assert_eq!(q.sorted_by(Column::Node).descending, false);
        assert_eq!(q.sorted_by(Column::Sid), TableQuery { sort: Some(Column::Sid), descending: false, page: 0, ..q.clone() });
    }

    #[test]
    fn query_string_encodes_values() {
        let q = TableQuery { search: "web 01&x=é".into(), node: Some("pve01".into()), ..Default::default() };
        assert_eq!(q.query_string(), "?q=web%2001%26x%3D%C3%A9&node=pve01");
        assert_eq!(TableQuery::default().query_string(), "");
    }

    #[test]
    fn pages_clamp_to_the_last() {
        let rows: Vec<usize> = (0..PAGE_SIZE * 2 + 3).collect();
        assert_eq!(page_of(&rows, 0).0.len(), PAGE_SIZE);
        let (last, page) = page_of(&rows, 99);
        assert_eq!((last.len(), page), (3, 2));
        assert_eq!(page_of(&[], 5), (&[][..], 0));
    }

    #[test]
    fn csv_has_every_column_and_defuses_formulas() {
        let rs = resources();
        let rows = select(&rs, &names, &TableQuery::from_pairs([("node", "pve01")]));
        let text = csv(&rs, &rows, &names);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "SID,Guest,Type,Cluster,Group,Node,State,CRM state,Request state,Max restart,Max relocate,Failback");
        assert_eq!(lines[1], "vm:101,web-01,vm,prod,web,pve01,started,started,,1,—,—");
        assert_eq!(lines[2], "ct:200,,ct,prod,db,pve01,stopped,,,—,—,—");
        assert_eq!(lines.len(), 4, "header, two rows, final line break");
        let hostile = csv(&rs, &select(&rs, &names, &TableQuery::from_pairs([("cluster", "x")])), &names);
        assert!(hostile.contains(",'=cmd|' /C calc'!A0,"), "{hostile}");
    }
}
