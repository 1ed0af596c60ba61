//! Writes the facts the app shares with the NetBox plugin and the mock NetBox, kept once in
//! `netbox-plugin/netbox_proxbox_ha/contract.json`, as constants (`src/model/contract.rs`).

use serde_json::Value;
use std::{env, fs, path::Path};

const CONTRACT: &str = "netbox-plugin/netbox_proxbox_ha/contract.json";

fn main() {
    println!("cargo:rerun-if-changed={CONTRACT}");
    let text = fs::read_to_string(CONTRACT).unwrap_or_else(|e| panic!("{CONTRACT}: {e}"));
    let contract: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CONTRACT}: {e}"));
    let text_at = |pointer: &str| {
        contract
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{CONTRACT}: no text at {pointer}"))
    };
    let constants = [
        ("SETTINGS_META_NAME", "/settings_meta_name"),
        ("THEME_MESSAGE", "/frame_messages/theme"),
        ("RESIZE_MESSAGE", "/frame_messages/resize"),
        ("QUERY_MESSAGE", "/frame_messages/query"),
        ("PROBLEMS_MESSAGE", "/frame_messages/problems"),
        ("VM_HA_PATH", "/vm_ha_path"),
    ];
    let code: String = constants
        .iter()
        .map(|(name, pointer)| format!("pub const {name}: &str = {:?};\n", text_at(pointer)))
        .collect();
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("contract.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
