//! The resources table's view state: search, filters, sort and page, kept in the URL query
//! so that a filtered view can be shared as a link; and the filtered rows as CSV.

mod column;
mod csv;
#[cfg(test)]
mod fixtures;
mod pages;

pub use column::{cell_text, Column};
pub use csv::csv;
pub use pages::{page_of, pager_label};

use crate::model::resource::Resource;
use crate::model::severity::Severity;
use std::cmp::Ordering;

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
                "severity" => q.severity = value.parse().ok(),
                "sort" => {
                    let (descending, key) =
                        value.strip_prefix('-').map_or((false, value), |k| (true, k));
                    q.sort = Column::from_key(key);
                    q.descending = descending && q.sort.is_some();
                }
                "page" => {
                    q.page = value.parse::<usize>().ok().filter(|p| *p > 0).map_or(0, |p| p - 1)
                }
                _ => {}
            }
        }
        q
    }

    /// The non-default parts, in a stable order, for the URL (the browser side percent-encodes).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        for (key, value) in
            [("cluster", &self.cluster), ("node", &self.node), ("state", &self.state)]
        {
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

    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.cluster.is_some()
            || self.node.is_some()
            || self.state.is_some()
            || self.severity.is_some()
    }

    /// The header's `aria-sort`: `none`, `ascending` or `descending`.
    pub fn aria_sort(&self, column: Column) -> &'static str {
        match (self.sort == Some(column), self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
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

/// Case folding for search and sort: ASCII letters only. Proxmox's own names (SIDs, nodes,
/// groups, clusters) are ASCII; Unicode folding would bring its case tables, 10 KB gzip of
/// the bundle, for guest names and comments alone.
fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

fn contains_folded(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| fold(h).contains(needle))
}

fn compare(
    a: &Resource,
    b: &Resource,
    column: Column,
    guest: &dyn Fn(&Resource) -> Option<String>,
) -> Ordering {
    match column {
        Column::Sid => {
            (a.sid.map(|s| s.vmid), &a.sid_text).cmp(&(b.sid.map(|s| s.vmid), &b.sid_text))
        }
        Column::MaxRestart => a.max_restart.cmp(&b.max_restart),
        Column::MaxRelocate => a.max_relocate.cmp(&b.max_relocate),
        Column::Failback => a.failback.cmp(&b.failback),
        Column::Guest => guest(a).map(|s| fold(&s)).cmp(&guest(b).map(|s| fold(&s))),
        other => fold(&cell_text(a, None, other)).cmp(&fold(&cell_text(b, None, other))),
    }
}

/// Indices of the rows the query keeps, in its order. Linear in the rows, plus the sort.
pub fn select(
    resources: &[Resource],
    guest: &dyn Fn(&Resource) -> Option<String>,
    q: &TableQuery,
) -> Vec<usize> {
    let needle = fold(&q.search);
    let mut rows: Vec<usize> = (0..resources.len())
        .filter(|&i| {
            let r = &resources[i];
            q.cluster.as_deref().is_none_or(|c| eq_ignore_case(r.cluster.as_deref(), c))
                && q.node.as_deref().is_none_or(|n| eq_ignore_case(r.node.as_deref(), n))
                && q.state.as_deref().is_none_or(|s| {
                    [&r.state, &r.crm_state, &r.request_state]
                        .into_iter()
                        .any(|v| eq_ignore_case(v.as_deref(), s))
                })
                && q.severity.is_none_or(|s| r.severity() == s)
                && (needle.is_empty()
                    || [
                        Some(r.sid_text.as_str()),
                        r.node.as_deref(),
                        r.group.as_deref(),
                        r.comment.as_deref(),
                    ]
                    .into_iter()
                    .any(|field| contains_folded(field, &needle))
                    || contains_folded(guest(r).as_deref(), &needle))
        })
        .collect();
    let default_order = |a: &Resource, b: &Resource| {
        (a.severity(), &a.cluster, a.sid.map(|s| s.vmid), &a.sid_text).cmp(&(
            b.severity(),
            &b.cluster,
            b.sid.map(|s| s.vmid),
            &b.sid_text,
        ))
    };
    // The row index breaks the last ties, so the order is total: the unstable sort (less
    // code than the stable one) gives the stable result.
    rows.sort_unstable_by(|&i, &j| {
        let (a, b) = (&resources[i], &resources[j]);
        let order = match q.sort {
            None => default_order(a, b),
            Some(column) => {
                let primary = compare(a, b, column, guest);
                let primary = if q.descending { primary.reverse() } else { primary };
                primary.then_with(|| default_order(a, b))
            }
        };
        order.then(i.cmp(&j))
    });
    rows
}

/// The distinct values of one field over all rows, sorted: a filter's choices.
pub fn distinct(resources: &[Resource], pick: fn(&Resource) -> Option<String>) -> Vec<String> {
    let mut values: Vec<String> = resources.iter().filter_map(pick).collect();
    values.sort_unstable();
    values.dedup();
    values
}

#[cfg(test)]
mod tests {
    use super::fixtures::{names, resources, sids};
    use super::*;

    #[test]
    fn default_order_is_problems_first() {
        let rs = resources();
        assert_eq!(
            sids(&rs, &select(&rs, &names, &TableQuery::default())),
            ["vm:104", "vm:300", "vm:101", "ct:200", "vm:9"]
        );
    }

    #[test]
    fn filters_combine_and_search_covers_sid_guest_node_group_comment() {
        let rs = resources();
        let q = |pairs: &[(&str, &str)]| {
            select(&rs, &names, &TableQuery::from_pairs(pairs.iter().copied()))
        };
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
    fn search_ignores_the_case_of_ascii_letters_only() {
        let rs = crate::model::table::fixtures::resources();
        let q = |text: &str| {
            select(&rs, &|_| Some("Ärzte-Web".to_owned()), &TableQuery::from_pairs([("q", text)]))
        };
        assert_eq!(q("ärzte-web").len(), 0, "Ä and ä are different letters here");
        assert_eq!(q("ÄRZTE-WEB").len(), rs.len(), "the ASCII letters ignore case");
        assert_eq!(q("MONITOR").len(), q("monitor").len());
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
        assert_eq!(
            by("restart"),
            ["ct:200", "vm:300", "vm:101", "vm:104"],
            "absent first, then 0, 1, 3"
        );
        assert_eq!(by("node"), ["vm:300", "vm:101", "ct:200", "vm:104"], "lab-b < pve01 < pve03");
        assert_eq!(by("guest")[3], "vm:101", "the named guest sorts after the unnamed");
    }

    #[test]
    fn url_round_trip() {
        let q = TableQuery::from_pairs([
            ("q", " web "),
            ("cluster", "prod"),
            ("severity", "problem"),
            ("sort", "-node"),
            ("page", "3"),
            ("junk", "1"),
        ]);
        assert_eq!(q.search, "web");
        assert_eq!((q.sort, q.descending, q.page), (Some(Column::Node), true, 2));
        let pairs = q.to_pairs();
        let back = TableQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert_eq!(
            TableQuery::from_pairs([("sort", "-bogus"), ("page", "0"), ("severity", "awful")]),
            TableQuery::default()
        );
        assert!(!q.sorted_by(Column::Node).descending);
        assert_eq!(
            q.sorted_by(Column::Sid),
            TableQuery { sort: Some(Column::Sid), descending: false, page: 0, ..q.clone() }
        );
    }

    #[test]
    fn header_states_and_filter_choices() {
        let q = TableQuery::from_pairs([("sort", "-node")]);
        assert_eq!([q.aria_sort(Column::Node), q.aria_sort(Column::Sid)], ["descending", "none"]);
        assert_eq!(q.sorted_by(Column::Node).aria_sort(Column::Node), "ascending");
        let rs = resources();
        assert_eq!(distinct(&rs, |r| r.cluster.clone()), ["lab", "prod", "x"]);
        assert_eq!(distinct(&rs, |r| r.node.clone()), ["lab-b", "pve01", "pve03"]);
    }
}
