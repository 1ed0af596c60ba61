//! The facts the app shares with the NetBox plugin and the mock NetBox, kept once in
//! `netbox-plugin/netbox_proxbox_ha/contract.json` (build.rs writes them as constants): the
//! settings `<meta>` name, the frame's message types, the per-VM shim path.

include!(concat!(env!("OUT_DIR"), "/contract.rs"));

/// contract.json itself, for the tests that hold every implementation to its tables.
#[cfg(test)]
pub fn contract() -> serde_json::Value {
    serde_json::from_str(include_str!("../../netbox-plugin/netbox_proxbox_ha/contract.json"))
        .expect("contract.json is JSON")
}
