//! `config.json`, read at start from next to `index.html`, so one build serves any NetBox.

use crate::coerce::{count, Fields};
use serde_json::Value;

/// The shim times out at 15 s (summary) and 10 s (per VM); the browser gives up a little later.
pub const SUMMARY_TIMEOUT_SECONDS: u32 = 17;
pub const VM_TIMEOUT_SECONDS: u32 = 12;
pub const NETBOX_TIMEOUT_SECONDS: u32 = 15;

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// NetBox's base URL; `None` means the page's own origin.
    pub netbox_url: Option<String>,
    /// Seconds between automatic refreshes; 0 turns it off.
    pub refresh_seconds: u64,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig { netbox_url: None, refresh_seconds: 30 }
    }
}

impl AppConfig {
    /// Reads config.json; unknown keys are ignored and bad values fall back to defaults.
    pub fn parse(body: &Value) -> AppConfig {
        let defaults = AppConfig::default();
        let Some(map) = body.as_object() else { return defaults };
        let f = Fields(map);
        AppConfig {
            netbox_url: f.text("netbox_url"),
            refresh_seconds: f.get("refresh_seconds").and_then(count).unwrap_or(defaults.refresh_seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_values_and_falls_back_on_garbage() {
        let c = AppConfig::parse(&json!({"netbox_url": "https://nb.example.com", "refresh_seconds": "0", "x": 1}));
        assert_eq!(c, AppConfig { netbox_url: Some("https://nb.example.com".into()), refresh_seconds: 0 });
        assert_eq!(AppConfig::parse(&json!({"netbox_url": "", "refresh_seconds": -5})), AppConfig::default());
        assert_eq!(AppConfig::parse(&json!([1])), AppConfig::default());
    }
}
