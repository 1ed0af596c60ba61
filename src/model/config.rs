//! `config.json`, read at start from next to `index.html`, so one build serves any NetBox.

use crate::model::coerce::{count, Fields};
use crate::model::error::looks_like_html;
use serde_json::Value;

/// The shim times out at 15 s (summary) and 10 s (per VM); the browser gives up a little later.
pub const SUMMARY_TIMEOUT_SECONDS: u32 = 17;
pub const VM_TIMEOUT_SECONDS: u32 = 12;
pub const NETBOX_TIMEOUT_SECONDS: u32 = 15;
/// netbox-proxbox gives the backend 30 s per endpoint for an HA action; "all endpoints" runs
/// them one after another.
pub const ACTION_TIMEOUT_SECONDS: u32 = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// NetBox's base URL; `None` means the page's own origin.
    pub netbox_url: Option<String>,
    /// Seconds between automatic refreshes; 0 turns it off.
    pub refresh_seconds: u64,
    /// Offer the API-token setting (another origin); the NetBox plugin turns it off, since
    /// there the session always signs the user in.
    pub token_setting: bool,
    /// The CSRF token of the page NetBox rendered (the plugin's), for the HA actions.
    pub csrf_token: Option<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig { netbox_url: None, refresh_seconds: 30, token_setting: true, csrf_token: None }
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
            refresh_seconds: f
                .get("refresh_seconds")
                .and_then(count)
                .unwrap_or(defaults.refresh_seconds),
            token_setting: f.flag("token_setting").unwrap_or(defaults.token_setting),
            csrf_token: f.text("csrf_token"),
        }
    }
}

/// What an answer to `GET config.json` means. The file is optional, and a static host that
/// answers unknown paths with `index.html` (`try_files $uri /index.html`) answers a missing
/// config.json with 200 and HTML: like a 404, that means "no file", so the defaults apply.
pub fn from_answer(status: u16, content_type: &str, body: &str) -> Result<AppConfig, String> {
    let ok = (200..300).contains(&status);
    if status == 404 || (ok && looks_like_html(content_type, body)) {
        return Ok(AppConfig::default());
    }
    if !ok {
        return Err(format!("config.json could not be loaded: HTTP {status}."));
    }
    match serde_json::from_str::<Value>(body) {
        Ok(value) => Ok(AppConfig::parse(&value)),
        Err(e) => Err(format!(
            "config.json is not valid JSON ({e}). Fix it or remove it to use the defaults."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_values_and_falls_back_on_garbage() {
        let c = AppConfig::parse(
            &json!({"netbox_url": "https://nb.example.com", "refresh_seconds": "0", "x": 1}),
        );
        assert_eq!(
            c,
            AppConfig {
                netbox_url: Some("https://nb.example.com".into()),
                refresh_seconds: 0,
                token_setting: true,
                csrf_token: None
            }
        );
        assert_eq!(
            AppConfig::parse(&json!({"netbox_url": "", "refresh_seconds": -5})),
            AppConfig::default()
        );
        assert_eq!(AppConfig::parse(&json!([1])), AppConfig::default());
        assert!(!AppConfig::parse(&json!({"token_setting": false})).token_setting);
        assert_eq!(
            AppConfig::parse(&json!({"csrf_token": "abc"})).csrf_token.as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn a_missing_file_and_an_index_html_fallback_mean_defaults() {
        assert_eq!(from_answer(404, "text/html", "<h1>Not found</h1>"), Ok(AppConfig::default()));
        let fallback = "<!DOCTYPE html><html><head><base href=\"/proxbox-ha/\">";
        assert_eq!(from_answer(200, "text/html", fallback), Ok(AppConfig::default()));
        assert_eq!(
            from_answer(200, "application/octet-stream", fallback),
            Ok(AppConfig::default())
        );
        let set = from_answer(200, "application/json", r#"{"refresh_seconds": 5}"#).unwrap();
        assert_eq!(set.refresh_seconds, 5);
    }

    #[test]
    fn a_broken_file_or_a_failing_server_is_an_error() {
        let broken = from_answer(200, "application/json", "{\"refresh_seconds\": ").unwrap_err();
        assert!(broken.starts_with("config.json is not valid JSON"), "{broken}");
        assert_eq!(
            from_answer(500, "text/plain", "boom"),
            Err("config.json could not be loaded: HTTP 500.".into())
        );
    }
}
