//! One NetBox VirtualMachine and its HA state (contract sections 2, 4 and 5).

use crate::model::coerce::{count, detail_text, text, Fields};
use crate::model::contract::VM_HA_PATH;
use crate::model::error::FetchError;
use crate::model::linkmap::sync_state_row;
use crate::model::load::Outcome;
use crate::model::resource::{parse_resource, Resource};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct NetBoxVm {
    pub id: u64,
    pub name: String,
    pub cluster: Option<String>,
    /// `custom_fields.proxmox_vm_id` when it is a usable id (older plugins).
    pub custom_field_id: Option<u64>,
}

/// Reads `GET /api/virtualization/virtual-machines/{id}/`.
pub fn parse_vm(body: &Value) -> Result<NetBoxVm, String> {
    let f = Fields(body.as_object().ok_or("the VM answer is not an object")?);
    Ok(NetBoxVm {
        id: f.count("id").ok_or("the VM answer has no id")?,
        name: f.text("name").or_else(|| f.text("display")).unwrap_or_default(),
        cluster: f.get("cluster").and_then(|c| c.get("name")).and_then(text),
        custom_field_id: f
            .get("custom_fields")
            .and_then(|c| c.get("proxmox_vm_id"))
            .and_then(count),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdSource {
    SyncState,
    CustomField,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProxmoxId {
    pub vmid: u64,
    pub source: IdSource,
}

/// The sync-state query for one NetBox VM.
pub fn sync_state_path(netbox_id: u64) -> String {
    format!(
        "/api/plugins/proxbox/sync-state/virtual-machines/?virtual_machine_id={netbox_id}&fields=id,virtual_machine,proxmox_vm_id"
    )
}

/// The VM's Proxmox id: the sync-state row for this very VM when the plugin has that table
/// (`sync_state` is `None` where it answered 404), else the custom field.
pub fn proxmox_id(vm: &NetBoxVm, sync_state: Option<&Value>) -> Option<ProxmoxId> {
    let synced = sync_state
        .and_then(|body| body.get("results"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|row| row.as_object().map(Fields))
        .filter_map(sync_state_row)
        .find(|c| c.netbox_id == vm.id);
    match synced {
        Some(c) => Some(ProxmoxId { vmid: c.proxmox_id, source: IdSource::SyncState }),
        None => vm.custom_field_id.map(|vmid| ProxmoxId { vmid, source: IdSource::CustomField }),
    }
}

/// The per-VM shim call; `virtual_machine_id` is required by current plugins.
pub fn vm_ha_path(vmid: u64, netbox_id: u64) -> String {
    VM_HA_PATH.replace("{vmid}", &vmid.to_string()).replace("{netbox_id}", &netbox_id.to_string())
}

#[derive(Clone, Debug, PartialEq)]
pub enum VmHa {
    Managed(Box<Resource>),
    /// `{}` or `null`.
    NotManaged,
    /// `{"detail": ...}` with a 200: information, not HA data.
    Notice(String),
}

/// Reads the per-VM shim's 200 answer.
pub fn parse_vm_ha(body: &Value) -> Result<VmHa, String> {
    match body {
        Value::Null => Ok(VmHa::NotManaged),
        Value::Object(map) if map.is_empty() => Ok(VmHa::NotManaged),
        Value::Object(map) => match parse_resource(body) {
            Some(resource) => Ok(VmHa::Managed(Box::new(resource))),
            None => match map.get("detail").and_then(detail_text) {
                Some(detail) => Ok(VmHa::Notice(detail)),
                None => Err("the HA answer has no `sid`".into()),
            },
        },
        Value::Array(_) => Err("the HA answer was a list, not a resource object".into()),
        _ => Err("the HA answer was a single value, not a resource object".into()),
    }
}

/// What the VM tab shows: the NetBox VM, its Proxmox id and the shim's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct VmState {
    pub vm: NetBoxVm,
    /// `None`: never synced through Proxbox.
    pub proxmox: Option<ProxmoxId>,
    /// The shim's answer; `None` when there is no Proxmox id to ask about.
    pub ha: Option<Result<VmHa, FetchError>>,
}

/// A VM the page already knows: the NetBox plugin draws the tab for a VM it has just read
/// with the user's permissions, and hands it over in the page's settings (`"vm": {...}`), so
/// the first load asks the shim at once. The shim still checks that the VM and the id match.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownVm {
    pub vm: NetBoxVm,
    pub proxmox: Option<ProxmoxId>,
}

impl KnownVm {
    /// Reads `{"vm": {"id", "name", "cluster", "proxmox_vm_id", "source"}}` (other keys, such
    /// as the plugin's `proxmox_cluster`, are ignored).
    pub fn from_settings(settings: &Value) -> Option<KnownVm> {
        let f = Fields(settings.get("vm")?.as_object()?);
        let vm = NetBoxVm {
            id: f.count("id")?,
            name: f.text("name").unwrap_or_default(),
            cluster: f.text("cluster"),
            custom_field_id: None,
        };
        let source = match f.text("source").as_deref() {
            Some("custom-field") => IdSource::CustomField,
            _ => IdSource::SyncState,
        };
        let proxmox = f.count("proxmox_vm_id").map(|vmid| ProxmoxId { vmid, source });
        Some(KnownVm { vm, proxmox })
    }
}

/// One load of the VM tab: `Ok(None)` when NetBox answered 404 (no such VM, or not visible).
pub type VmAnswer = Result<Option<VmState>, FetchError>;

/// The error of a load, whether NetBox or the shim failed.
pub fn failure(answer: &VmAnswer) -> Option<&FetchError> {
    match answer {
        Err(error) | Ok(Some(VmState { ha: Some(Err(error)), .. })) => Some(error),
        _ => None,
    }
}

/// What a load means for the state on screen: a failure of NetBox or of the shim keeps the
/// last good state; a VM that is gone clears it.
pub fn outcome(answer: &VmAnswer) -> Outcome<VmState> {
    match answer {
        _ if failure(answer).is_some() => Outcome::Failed,
        Ok(Some(state)) => Outcome::Fresh(state.clone()),
        _ => Outcome::Cleared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vm(cf: Value) -> NetBoxVm {
        parse_vm(&json!({"id": 2, "name": "web-01", "cluster": {"name": "prod"}, "custom_fields": {"proxmox_vm_id": cf}})).unwrap()
    }

    #[test]
    fn custom_field_values_in_the_wild() {
        assert_eq!(vm(json!(101)).custom_field_id, Some(101));
        assert_eq!(vm(json!("101")).custom_field_id, Some(101));
        for bad in [json!(null), json!(""), json!("abc"), json!(-1), json!(1.5), json!([101])] {
            assert_eq!(vm(bad.clone()).custom_field_id, None, "{bad}");
        }
        let current = parse_vm(&json!({"id": 2, "name": "x", "custom_fields": {}})).unwrap();
        assert_eq!(current.custom_field_id, None);
        assert!(parse_vm(&json!([1])).is_err());
        assert!(parse_vm(&json!({"name": "no id"})).is_err());
    }

    /// contract.json's table, which the plugin (identity.py) and the mock NetBox pass too:
    /// the same value is the same Proxmox id, from the custom field or the sync-state row.
    #[test]
    fn proxmox_ids_as_the_contract_cases_say() {
        let contract = crate::model::contract::contract();
        for case in contract["proxmox_id_cases"].as_array().expect("a table of cases") {
            let (raw, vmid) = (&case["raw"], case["vmid"].as_u64());
            assert_eq!(vm(raw.clone()).custom_field_id, vmid, "custom field {raw}");
            let sync = json!({"results": [{"virtual_machine": {"id": 2}, "proxmox_vm_id": raw}]});
            let synced = proxmox_id(&vm(Value::Null), Some(&sync)).map(|p| p.vmid);
            assert_eq!(synced, vmid, "sync-state row {raw}");
        }
    }

    #[test]
    fn sync_state_wins_over_the_custom_field() {
        let sync = json!({"results": [{"id": 9, "virtual_machine": {"id": 2, "name": "web-01"}, "proxmox_vm_id": 555, "proxmox_cluster_name": "prod"}]});
        assert_eq!(
            proxmox_id(&vm(json!(101)), Some(&sync)),
            Some(ProxmoxId { vmid: 555, source: IdSource::SyncState })
        );
    }

    #[test]
    fn older_plugins_fall_back_to_the_custom_field() {
        assert_eq!(
            proxmox_id(&vm(json!("101")), None).map(|p| (p.vmid, p.source)),
            Some((101, IdSource::CustomField))
        );
        // An empty sync-state answer (not synced yet) also falls back.
        assert_eq!(
            proxmox_id(&vm(json!(101)), Some(&json!({"results": []}))).map(|p| p.source),
            Some(IdSource::CustomField)
        );
        assert_eq!(proxmox_id(&vm(json!("abc")), Some(&json!({"results": []}))), None);
    }

    #[test]
    fn sync_state_rows_of_other_vms_are_ignored() {
        // A filter the plugin ignored would return other VMs' rows.
        let sync = json!({"results": [{"virtual_machine": {"id": 3}, "proxmox_vm_id": 777}]});
        assert_eq!(proxmox_id(&vm(json!(null)), Some(&sync)), None);
    }

    #[test]
    fn per_vm_answers() {
        assert_eq!(parse_vm_ha(&json!({})), Ok(VmHa::NotManaged));
        assert_eq!(parse_vm_ha(&json!(null)), Ok(VmHa::NotManaged));
        let VmHa::Managed(r) =
            parse_vm_ha(&json!({"sid": "ct:200", "max_restart": 0, "crm-state": "started"}))
                .unwrap()
        else {
            panic!()
        };
        assert_eq!((r.max_restart, r.crm_state.as_deref()), (Some(0), Some("started")));
        assert_eq!(
            parse_vm_ha(&json!({"detail": "No enabled Proxmox endpoints configured."})),
            Ok(VmHa::Notice("No enabled Proxmox endpoints configured.".into()))
        );
        assert!(parse_vm_ha(&json!([{"sid": "vm:1"}])).is_err());
        assert!(parse_vm_ha(&json!("vm:1")).is_err());
        assert!(parse_vm_ha(&json!({"state": "started"})).is_err());
    }

    #[test]
    fn a_failing_shim_is_a_failed_load_even_with_the_vm_known() {
        let state = |ha| VmState { vm: vm(json!(101)), proxmox: None, ha };
        let down = FetchError::BackendUnavailable { status: 502, detail: "refused".into() };
        assert_eq!(outcome(&Ok(Some(state(Some(Err(down.clone())))))), Outcome::Failed);
        assert_eq!(failure(&Ok(Some(state(Some(Err(down.clone())))))), Some(&down));
        assert_eq!(outcome(&Err(down)), Outcome::Failed);
        assert_eq!(outcome(&Ok(None)), Outcome::Cleared, "the VM is gone or hidden");
        let managed = state(Some(Ok(VmHa::NotManaged)));
        assert_eq!(outcome(&Ok(Some(managed.clone()))), Outcome::Fresh(managed));
        assert_eq!(outcome(&Ok(Some(state(None)))), Outcome::Fresh(state(None)), "not synced");
    }

    #[test]
    fn a_vm_handed_over_by_the_page() {
        let settings = json!({"refresh_seconds": 30, "vm": {"id": 7, "name": "web-01", "cluster": "prod",
            "proxmox_vm_id": 101, "source": "sync-state", "proxmox_cluster": "prod"}});
        let known = KnownVm::from_settings(&settings).unwrap();
        assert_eq!(
            (known.vm.id, known.vm.name.as_str(), known.vm.cluster.as_deref()),
            (7, "web-01", Some("prod"))
        );
        assert_eq!(known.proxmox, Some(ProxmoxId { vmid: 101, source: IdSource::SyncState }));
        let unsynced = KnownVm::from_settings(&json!({"vm": {"id": 9, "name": "x"}})).unwrap();
        assert_eq!(unsynced.proxmox, None, "never synced: no shim call");
        let legacy = json!({"vm": {"id": 2, "proxmox_vm_id": "102", "source": "custom-field"}});
        assert_eq!(
            KnownVm::from_settings(&legacy).unwrap().proxmox.unwrap().source,
            IdSource::CustomField
        );
        for none in [
            json!({}),
            json!({"vm": null}),
            json!({"vm": {"name": "no id"}}),
            json!({"vm": {"id": "x"}}),
        ] {
            assert_eq!(KnownVm::from_settings(&none), None, "{none}");
        }
    }

    #[test]
    fn paths() {
        assert_eq!(vm_ha_path(101, 2), "/api/plugins/proxbox/ha/vm/101/?virtual_machine_id=2");
        assert!(sync_state_path(2).starts_with(
            "/api/plugins/proxbox/sync-state/virtual-machines/?virtual_machine_id=2&"
        ));
    }
}
