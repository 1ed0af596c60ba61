//! SID -> NetBox VirtualMachine map (contract sections 4 and 5). Every row NetBox returns is
//! checked against the ids asked for, because NetBox silently ignores a filter on a custom
//! field that does not exist and then returns every VM.

use crate::model::coerce::{count, text, Fields};
use crate::model::resource::Resource;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Ids per lookup request; repeating the filter ORs the values.
pub const IDS_PER_REQUEST: usize = 100;
/// NetBox's usual MAX_PAGE_SIZE; two VMs may share an id, so a page may exceed the batch.
const PAGE_LIMIT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Current plugins: `/api/plugins/proxbox/sync-state/virtual-machines/`.
    SyncState,
    /// Older plugins: the `proxmox_vm_id` custom field on the VM.
    CustomField,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub netbox_id: u64,
    pub name: String,
    pub cluster: Option<String>,
    pub proxmox_id: u64,
    /// The Proxmox endpoint the plugin synced the VM from (sync-state rows only).
    pub endpoint: Option<u64>,
}

/// The distinct Proxmox ids of the resources, sorted.
pub fn wanted_ids(resources: &[Resource]) -> Vec<u64> {
    resources
        .iter()
        .filter_map(|r| r.sid.map(|s| s.vmid))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The NetBox path and query that looks up one batch of ids.
pub fn lookup_path(source: Source, ids: &[u64]) -> String {
    let (path, filter, fields) = match source {
        Source::SyncState => (
            "/api/plugins/proxbox/sync-state/virtual-machines/",
            "proxmox_vm_id",
            "id,virtual_machine,proxmox_vm_id,proxmox_cluster_name,endpoint",
        ),
        Source::CustomField => (
            "/api/virtualization/virtual-machines/",
            "cf_proxmox_vm_id",
            "id,name,cluster,custom_fields",
        ),
    };
    let filters: String = ids.iter().map(|id| format!("{filter}={id}&")).collect();
    format!("{path}?{filters}fields={fields}&limit={PAGE_LIMIT}")
}

/// One page of a lookup: the rows that really carry an id asked for, and the raw `next`.
pub struct Page {
    pub candidates: Vec<Candidate>,
    pub next: Value,
}

/// Reads a paged list answer. Rows whose id was not asked for are dropped (the ignored-filter trap).
pub fn parse_page(source: Source, body: &Value, asked: &BTreeSet<u64>) -> Result<Page, String> {
    let results = body
        .get("results")
        .and_then(Value::as_array)
        .ok_or("the NetBox list answer has no `results` list")?;
    let candidates = results
        .iter()
        .filter_map(|row| row.as_object().map(Fields))
        .filter_map(|row| match source {
            Source::SyncState => sync_state_row(row),
            Source::CustomField => custom_field_row(row),
        })
        .filter(|c| asked.contains(&c.proxmox_id))
        .collect();
    Ok(Page { candidates, next: body.get("next").cloned().unwrap_or(Value::Null) })
}

/// One sync-state row: the NetBox VM and the Proxmox id the plugin synced for it.
pub(crate) fn sync_state_row(row: Fields) -> Option<Candidate> {
    let vm = Fields(row.get("virtual_machine")?.as_object()?);
    Some(Candidate {
        netbox_id: vm.count("id")?,
        name: vm.text("name").or_else(|| vm.text("display")).unwrap_or_default(),
        cluster: row.text("proxmox_cluster_name"),
        proxmox_id: row.count("proxmox_vm_id")?,
        // A nested object (`{"id": 1, ...}`) or the bare id.
        endpoint: row
            .get("endpoint")
            .and_then(|e| e.get("id").and_then(count).or_else(|| count(e))),
    })
}

fn custom_field_row(row: Fields) -> Option<Candidate> {
    let custom_fields = Fields(row.get("custom_fields")?.as_object()?);
    Some(Candidate {
        netbox_id: row.count("id")?,
        name: row.text("name").or_else(|| row.text("display")).unwrap_or_default(),
        cluster: row.get("cluster").and_then(|c| c.get("name")).and_then(text),
        proxmox_id: custom_fields.get("proxmox_vm_id").and_then(count)?,
        endpoint: None,
    })
}

/// What a SID links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    Vm(Candidate),
    /// Several NetBox VMs carry the id and the cluster does not single one out.
    Ambiguous(Vec<Candidate>),
    /// The only VM with this id belongs to another cluster: not linked, but named.
    OtherCluster(Candidate),
    None,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkMap {
    by_id: HashMap<u64, Vec<Candidate>>,
}

fn same_cluster(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl LinkMap {
    pub fn add(&mut self, candidate: Candidate) {
        let list = self.by_id.entry(candidate.proxmox_id).or_default();
        if !list.iter().any(|c| c.netbox_id == candidate.netbox_id) {
            list.push(candidate);
        }
    }

    /// Every NetBox VM that carries this Proxmox id.
    pub fn candidates(&self, vmid: u64) -> &[Candidate] {
        self.by_id.get(&vmid).map_or(&[], Vec::as_slice)
    }

    /// The clusters each Proxmox endpoint synced VMs from: the pairing the HA actions show.
    pub fn endpoint_clusters(&self) -> BTreeMap<u64, BTreeSet<String>> {
        let mut pairs: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
        for c in self.by_id.values().flatten() {
            if let (Some(endpoint), Some(cluster)) = (c.endpoint, &c.cluster) {
                pairs.entry(endpoint).or_default().insert(cluster.clone());
            }
        }
        pairs
    }

    /// Picks the VM for a resource: the one in the resource's cluster when several share an id.
    pub fn resolve(&self, vmid: u64, cluster: Option<&str>) -> Link {
        let Some(all) = self.by_id.get(&vmid) else { return Link::None };
        let in_cluster = |c: &&Candidate| match (cluster, c.cluster.as_deref()) {
            (Some(want), Some(have)) => same_cluster(want, have),
            _ => false,
        };
        let matching: Vec<&Candidate> = all.iter().filter(in_cluster).collect();
        match (all.as_slice(), matching.as_slice()) {
            (_, [one]) => Link::Vm((*one).clone()),
            ([only], []) => match (cluster, only.cluster.as_deref()) {
                (Some(want), Some(have)) if !same_cluster(want, have) => {
                    Link::OtherCluster(only.clone())
                }
                _ => Link::Vm(only.clone()),
            },
            (_, []) => Link::Ambiguous(all.clone()),
            (_, several) => Link::Ambiguous(several.iter().map(|c| (*c).clone()).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn asked(ids: &[u64]) -> BTreeSet<u64> {
        ids.iter().copied().collect()
    }

    fn vm(id: u64, cluster: &str, pid: u64) -> Candidate {
        Candidate {
            netbox_id: id,
            name: format!("vm{id}"),
            cluster: Some(cluster.into()),
            proxmox_id: pid,
            endpoint: None,
        }
    }

    #[test]
    fn batch_queries_repeat_the_filter() {
        let q = lookup_path(Source::CustomField, &[101, 102]);
        assert!(
            q.starts_with(
                "/api/virtualization/virtual-machines/?cf_proxmox_vm_id=101&cf_proxmox_vm_id=102&"
            ),
            "{q}"
        );
        assert!(!q.contains("101,102"));
        let q = lookup_path(Source::SyncState, &[7]);
        assert!(
            q.starts_with(
                "/api/plugins/proxbox/sync-state/virtual-machines/?proxmox_vm_id=7&fields="
            ),
            "{q}"
        );
    }

    #[test]
    fn ignored_filter_returning_every_vm_links_nothing_wrong() {
        // A current plugin has no proxmox_vm_id custom field: the filter is ignored.
        let body = json!({"count": 3, "next": null, "results": [
            {"id": 1, "name": "a", "custom_fields": {}},
            {"id": 2, "name": "b", "custom_fields": {"proxmox_vm_id": null}},
            {"id": 3, "name": "c", "custom_fields": {"proxmox_vm_id": 999}}
        ]});
        let page = parse_page(Source::CustomField, &body, &asked(&[101])).unwrap();
        assert!(page.candidates.is_empty());
    }

    #[test]
    fn custom_field_values_are_coerced_and_garbage_refused() {
        let body = json!({"results": [
            {"id": 1, "name": "a", "cluster": {"name": "lab"}, "custom_fields": {"proxmox_vm_id": "101"}},
            {"id": 2, "name": "b", "custom_fields": {"proxmox_vm_id": "abc"}},
            {"id": 3, "name": "c", "custom_fields": {"proxmox_vm_id": ""}},
            {"id": "x", "name": "d", "custom_fields": {"proxmox_vm_id": 101}}
        ], "next": "http://h/api/virtualization/virtual-machines/?offset=4"});
        let page = parse_page(Source::CustomField, &body, &asked(&[101])).unwrap();
        assert_eq!(
            page.candidates,
            vec![vm(1, "lab", 101)]
                .into_iter()
                .map(|mut c| {
                    c.name = "a".into();
                    c
                })
                .collect::<Vec<_>>()
        );
        assert!(page.next.is_string());
    }

    #[test]
    fn sync_state_rows_are_read() {
        let body = json!({"count": 1, "next": null, "results": [
            {"id": 9, "virtual_machine": {"id": 2, "display": "vm101", "name": "vm101"}, "proxmox_vm_id": 101, "proxmox_cluster_name": "lab", "endpoint": {"id": 3, "name": "lab"}}
        ]});
        let page = parse_page(Source::SyncState, &body, &asked(&[101])).unwrap();
        assert_eq!(
            page.candidates,
            vec![Candidate {
                netbox_id: 2,
                name: "vm101".into(),
                cluster: Some("lab".into()),
                proxmox_id: 101,
                endpoint: Some(3)
            }]
        );
        assert!(parse_page(Source::SyncState, &json!({"detail": "x"}), &asked(&[1])).is_err());
    }

    #[test]
    fn shared_ids_pick_the_matching_cluster_or_show_ambiguity() {
        let mut map = LinkMap::default();
        map.add(vm(1, "lab", 101));
        map.add(vm(2, "prod", 101));
        map.add(vm(2, "prod", 101)); // the same row on two pages
        assert_eq!(map.resolve(101, Some("PROD")), Link::Vm(vm(2, "prod", 101)));
        assert_eq!(
            map.resolve(101, Some("other")),
            Link::Ambiguous(vec![vm(1, "lab", 101), vm(2, "prod", 101)])
        );
        assert_eq!(
            map.resolve(101, None),
            Link::Ambiguous(vec![vm(1, "lab", 101), vm(2, "prod", 101)])
        );
        assert_eq!(map.resolve(5, Some("lab")), Link::None);
    }

    #[test]
    fn endpoints_pair_with_the_clusters_they_synced() {
        let mut map = LinkMap::default();
        map.add(Candidate { endpoint: Some(1), ..vm(1, "prod", 101) });
        map.add(Candidate { endpoint: Some(1), ..vm(2, "prod", 102) });
        map.add(Candidate { endpoint: Some(2), ..vm(3, "lab9", 101) });
        map.add(Candidate { endpoint: None, ..vm(4, "old", 300) });
        let pairs = map.endpoint_clusters();
        assert_eq!(pairs.len(), 2, "rows without an endpoint pair nothing");
        assert_eq!(pairs[&1].iter().collect::<Vec<_>>(), ["prod"]);
        assert_eq!(pairs[&2].iter().collect::<Vec<_>>(), ["lab9"]);
        let bare =
            json!({"results": [{"virtual_machine": {"id": 5}, "proxmox_vm_id": 7, "endpoint": 4}]});
        let page = parse_page(Source::SyncState, &bare, &asked(&[7])).unwrap();
        assert_eq!(page.candidates[0].endpoint, Some(4), "a bare endpoint id");
    }

    #[test]
    fn a_single_vm_in_another_cluster_is_not_linked_silently() {
        let mut map = LinkMap::default();
        map.add(vm(1, "lab", 101));
        assert_eq!(map.resolve(101, Some("prod")), Link::OtherCluster(vm(1, "lab", 101)));
        assert_eq!(map.resolve(101, None), Link::Vm(vm(1, "lab", 101)));
        let mut unknown_cluster = LinkMap::default();
        unknown_cluster.add(Candidate { cluster: None, ..vm(1, "x", 101) });
        assert!(matches!(unknown_cluster.resolve(101, Some("prod")), Link::Vm(_)));
    }

    #[test]
    fn wanted_ids_are_distinct_and_validated() {
        let s = crate::model::summary::parse_summary(&json!({"resources": [
            {"sid": "vm:102"}, {"sid": "ct:101"}, {"sid": "vm:102", "cluster_name": "b"}, {"sid": "<b>"}
        ]})).unwrap();
        let crate::model::summary::SummaryAnswer::Data(s) = s else { unreachable!() };
        assert_eq!(wanted_ids(&s.resources), vec![101, 102]);
    }
}
