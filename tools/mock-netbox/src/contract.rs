//! The facts the mock shares with the app and the NetBox plugin, kept once in the plugin's
//! `contract.json`: the page's Content-Security-Policy, the settings `<meta>` name, the frame's
//! message types, the rule for a Proxmox id.

use serde_json::Value;
use std::sync::LazyLock;

static CONTRACT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../netbox-plugin/netbox_proxbox_ha/contract.json"))
        .expect("contract.json is JSON")
});

fn text(key: &str) -> &'static str {
    CONTRACT[key].as_str().unwrap_or_else(|| panic!("contract.json has no text {key}"))
}

/// The page's policy; `connect_src` added to its `connect-src` (a NetBox on another origin).
pub fn content_security_policy(connect_src: &str) -> String {
    let policy = text("content_security_policy");
    policy.replacen("connect-src 'self'", &format!("connect-src 'self'{connect_src}"), 1)
}

pub fn settings_meta_name() -> &'static str {
    text("settings_meta_name")
}

/// What Django's `{{ frame_messages|json_script:"proxbox-ha-messages" }}` writes.
pub fn frame_messages_script() -> String {
    format!(
        "<script id=\"proxbox-ha-messages\" type=\"application/json\">{}</script>",
        CONTRACT["frame_messages"]
    )
}

/// A Proxmox id as netbox-proxbox's fields hold it: a whole non-negative number, or a
/// string of ASCII digits with blanks around it; anything else is no id.
pub fn proxmox_id(raw: &Value) -> Option<u64> {
    match raw {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxmox_ids_as_the_contract_cases_say() {
        for case in CONTRACT["proxmox_id_cases"].as_array().expect("a table of cases") {
            assert_eq!(proxmox_id(&case["raw"]), case["vmid"].as_u64(), "{}", case["raw"]);
        }
    }

    #[test]
    fn another_netbox_origin_joins_connect_src_only() {
        let policy = content_security_policy(" http://netbox:8000");
        assert!(policy.contains("connect-src 'self' http://netbox:8000;"), "{policy}");
        assert!(policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"));
    }
}
