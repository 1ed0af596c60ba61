//! The one error type of the network boundary, and how an HTTP answer maps onto it.
//! Every variant carries the server's own words (when it gave any) and says what to do.

use crate::model::coerce::detail_text;
use serde_json::Value;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// 503: proxbox-api answered 404 on the HA routes.
    BackendTooOld { detail: String },
    /// 503: the plugin has no proxbox-api backend configured.
    BackendNotConfigured { detail: String },
    /// 502/503/504: proxbox-api down, slow, or answering garbage.
    BackendUnavailable { status: u16, detail: String },
    /// 401, or 403 because no credentials were sent / the session expired.
    NotAuthenticated { status: u16, detail: String },
    /// 403 for a logged-in user without permission.
    Forbidden { detail: String },
    /// 404: the plugin (or its HA shim) is not installed on this NetBox.
    PluginMissing { detail: String },
    /// 400: the request was refused; the detail says why (e.g. no synced Proxmox id).
    Refused { detail: String },
    /// Any other status.
    Http { status: u16, detail: String },
    /// A 2xx answer that is not JSON, e.g. NetBox's HTML login page after the session expired.
    NotJson { status: u16, login_page: bool, excerpt: String },
    /// JSON, but not of the expected shape.
    BadShape { what: String },
    /// The request never got an answer (NetBox down, DNS, CORS, connection reset).
    Network { message: String },
    /// No answer within the time limit.
    Timeout { seconds: u32 },
}

impl FetchError {
    /// A stable name of the variant, for styling and tests (`data-error` on a banner).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::BackendTooOld { .. } => "backend-too-old",
            FetchError::BackendNotConfigured { .. } => "backend-not-configured",
            FetchError::BackendUnavailable { .. } => "backend-unavailable",
            FetchError::NotAuthenticated { .. } => "not-authenticated",
            FetchError::Forbidden { .. } => "forbidden",
            FetchError::PluginMissing { .. } => "plugin-missing",
            FetchError::Refused { .. } => "refused",
            FetchError::Http { .. } => "http",
            FetchError::NotJson { .. } => "not-json",
            FetchError::BadShape { .. } => "bad-shape",
            FetchError::Network { .. } => "network",
            FetchError::Timeout { .. } => "timeout",
        }
    }

    pub fn title(&self) -> String {
        match self {
            FetchError::BackendTooOld { .. } => {
                "The Proxbox backend is too old for HA views".into()
            }
            FetchError::BackendNotConfigured { .. } => "No Proxbox backend is configured".into(),
            FetchError::BackendUnavailable { status, .. } => {
                format!("The Proxbox backend is unavailable (HTTP {status})")
            }
            FetchError::NotAuthenticated { status, .. } => {
                format!("Not signed in to NetBox (HTTP {status})")
            }
            FetchError::Forbidden { .. } => "No permission (HTTP 403)".into(),
            FetchError::PluginMissing { .. } => {
                "The Proxbox HA API was not found on NetBox (HTTP 404)".into()
            }
            FetchError::Refused { .. } => "NetBox refused the request (HTTP 400)".into(),
            FetchError::Http { status, .. } => format!("NetBox answered HTTP {status}"),
            FetchError::NotJson { login_page: true, .. } => {
                "NetBox answered with its login page".into()
            }
            FetchError::NotJson { status, .. } => {
                format!("NetBox answered HTTP {status} with something that is not JSON")
            }
            FetchError::BadShape { .. } => "The answer was not in the expected format".into(),
            FetchError::Network { .. } => "NetBox could not be reached".into(),
            FetchError::Timeout { seconds } => format!("No answer after {seconds} seconds"),
        }
    }

    /// The server's own words (or the browser's), shown verbatim as text.
    pub fn detail(&self) -> Option<&str> {
        let text = match self {
            FetchError::BackendTooOld { detail }
            | FetchError::BackendNotConfigured { detail }
            | FetchError::BackendUnavailable { detail, .. }
            | FetchError::NotAuthenticated { detail, .. }
            | FetchError::Forbidden { detail }
            | FetchError::PluginMissing { detail }
            | FetchError::Refused { detail }
            | FetchError::Http { detail, .. } => detail,
            FetchError::NotJson { excerpt, .. } => excerpt,
            FetchError::BadShape { what } => what,
            FetchError::Network { message } => message,
            FetchError::Timeout { .. } => return None,
        };
        (!text.is_empty()).then_some(text.as_str())
    }

    /// NetBox wants the user to log in again: the banner offers NetBox's login page.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            FetchError::NotAuthenticated { .. } | FetchError::NotJson { login_page: true, .. }
        )
    }

    /// What the operator can do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            FetchError::BackendTooOld { .. } => "Upgrade proxbox-api to the version named above, then retry.",
            FetchError::BackendNotConfigured { .. } => "Add a FastAPI backend endpoint in NetBox under Plugins → Proxbox → Endpoints, then retry.",
            FetchError::BackendUnavailable { .. } => "Check that the proxbox-api service is running and reachable from NetBox (see the Proxbox backend logs), then retry.",
            FetchError::NotAuthenticated { .. } => "Log in to NetBox again in this browser, or set a NetBox API token under Settings, then retry.",
            FetchError::Forbidden { .. } => "Ask a NetBox administrator for permission to view the Proxbox plugin, or use a token of a user who has it.",
            FetchError::PluginMissing { .. } => "Install or upgrade the netbox-proxbox plugin to a release with the HA API, or check the NetBox URL in config.json.",
            FetchError::Refused { .. } => "Follow the message above; for a VM that has no synced Proxmox id, run a Proxbox sync and try again.",
            FetchError::Http { .. } => "Retry; if it persists, check the NetBox server logs.",
            FetchError::NotJson { login_page: true, .. } => "Your NetBox session has expired: log in to NetBox again, then retry.",
            FetchError::NotJson { .. } => "Check that the NetBox URL in config.json points at NetBox, and that no proxy rewrites API answers.",
            FetchError::BadShape { .. } => "Upgrade netbox-proxbox and proxbox-api to matching releases; report it if they already match.",
            FetchError::Network { .. } => "Check your connection and the NetBox URL; for a NetBox on another origin, allow this app's origin in NetBox's CORS_ORIGIN_WHITELIST.",
            FetchError::Timeout { .. } => "The backend may be overloaded or a Proxmox cluster may be unreachable. Retry in a moment.",
        }
    }
}

/// The title, then the server's words: what a log line or a one-line notice needs.
impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail() {
            Some(detail) => write!(f, "{}: {detail}", self.title()),
            None => f.write_str(&self.title()),
        }
    }
}

impl std::error::Error for FetchError {}

/// At most this many characters of a server's words are shown.
const MAX_DETAIL_CHARS: usize = 600;

fn clip(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_DETAIL_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Turns a finished HTTP exchange into JSON or a typed error. Never panics.
pub fn classify(status: u16, content_type: &str, body: &str) -> Result<Value, FetchError> {
    let json: Option<Value> = serde_json::from_str(body).ok();
    if (200..300).contains(&status) {
        return json.ok_or_else(|| not_json(status, content_type, body));
    }
    let detail = json
        .as_ref()
        .and_then(|v| v.get("detail"))
        .and_then(detail_text)
        .map(|d| clip(&d))
        .unwrap_or_else(|| {
            if looks_like_html(content_type, body) {
                String::new()
            } else {
                clip(body)
            }
        });
    let lower = detail.to_ascii_lowercase();
    Err(match status {
        400 => FetchError::Refused { detail },
        401 => FetchError::NotAuthenticated { status, detail },
        403 if lower.contains("credentials")
            || lower.contains("authenticat")
            || lower.contains("token") =>
        {
            FetchError::NotAuthenticated { status, detail }
        }
        403 => FetchError::Forbidden { detail },
        404 => FetchError::PluginMissing { detail },
        503 if lower.contains("upgrade") || lower.contains("does not support") => {
            FetchError::BackendTooOld { detail }
        }
        503 if lower.contains("configured") => FetchError::BackendNotConfigured { detail },
        502..=504 => FetchError::BackendUnavailable { status, detail },
        _ => FetchError::Http { status, detail },
    })
}

/// Whether an answer is an HTML page (a login page, an error page, an SPA fallback).
pub fn looks_like_html(content_type: &str, body: &str) -> bool {
    content_type.contains("html") || body.trim_start().starts_with('<')
}

fn not_json(status: u16, content_type: &str, body: &str) -> FetchError {
    let lower = body.to_ascii_lowercase();
    let login_page = looks_like_html(content_type, body)
        && (lower.contains("/login")
            || lower.contains("log in")
            || lower.contains("name=\"password\""));
    let excerpt = if looks_like_html(content_type, body) {
        "The answer was an HTML page.".to_owned()
    } else if body.trim().is_empty() {
        "The answer was empty.".to_owned()
    } else {
        format!(
            "The answer was not valid JSON: {}",
            clip(&body.chars().take(120).collect::<String>())
        )
    };
    FetchError::NotJson { status, login_page, excerpt }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_2xx_is_data() {
        assert_eq!(
            classify(200, "application/json", r#"{"a":1}"#),
            Ok(serde_json::json!({"a": 1}))
        );
    }

    #[test]
    fn contract_error_table_maps_to_variants() {
        let cases = [
            (
                503,
                r#"{"detail":"Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later."}"#,
                "backend-too-old",
            ),
            (
                503,
                r#"{"detail":"No FastAPI backend endpoint is configured."}"#,
                "backend-not-configured",
            ),
            (502, r#"{"detail":"Cannot connect: Connection refused"}"#, "backend-unavailable"),
            (502, r#"{"detail":"Upstream HA call failed: 500"}"#, "backend-unavailable"),
            (401, r#"{"detail":"Invalid token"}"#, "not-authenticated"),
            (
                403,
                r#"{"detail":"Authentication credentials were not provided."}"#,
                "not-authenticated",
            ),
            (
                403,
                r#"{"detail":"You do not have permission to perform this action."}"#,
                "forbidden",
            ),
            (404, "<html><body>Page not found</body></html>", "plugin-missing"),
            (400, r#"{"detail":"Run a Proxbox sync and try again."}"#, "refused"),
            (500, "oops", "http"),
        ];
        for (status, body, want) in cases {
            let err = classify(status, "application/json", body).unwrap_err();
            assert_eq!(err.kind(), want, "{status} {body} -> {err:?}");
            assert!(!err.advice().is_empty());
        }
    }

    #[test]
    fn server_words_are_kept_verbatim() {
        let err = classify(503, "application/json", r#"{"detail":"Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later."}"#).unwrap_err();
        assert_eq!(
            err.detail(),
            Some(
                "Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later."
            )
        );
        assert!(err.advice().contains("Upgrade proxbox-api"));
        // HTML error pages are not dumped into the banner.
        let err = classify(404, "text/html", "<html><h1>Not found</h1></html>").unwrap_err();
        assert_eq!(err.detail(), None);
    }

    #[test]
    fn html_login_page_on_200_says_log_in_again() {
        let page = r#"<!DOCTYPE html><html><form action="/login/?next=/api/" method="post"><input name="password"></form></html>"#;
        let err = classify(200, "text/html; charset=utf-8", page).unwrap_err();
        assert!(matches!(err, FetchError::NotJson { login_page: true, .. }));
        assert!(err.advice().contains("log in to NetBox again"));
        assert!(err.needs_login());
        let err = classify(200, "application/json", r#"{"status": ["#).unwrap_err();
        assert!(matches!(err, FetchError::NotJson { login_page: false, .. }));
        assert!(!err.needs_login());
        let unauthenticated = r#"{"detail":"Authentication credentials were not provided."}"#;
        assert!(classify(403, "application/json", unauthenticated).unwrap_err().needs_login());
    }

    #[test]
    fn long_details_are_clipped_on_a_char_boundary() {
        let body = serde_json::json!({"detail": "é".repeat(5000)}).to_string();
        let err = classify(502, "application/json", &body).unwrap_err();
        assert_eq!(err.detail().unwrap().chars().count(), MAX_DETAIL_CHARS + 1);
    }

    #[test]
    fn display_gives_title_and_words() {
        let err =
            classify(502, "application/json", r#"{"detail":"Connection refused"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The Proxbox backend is unavailable (HTTP 502): Connection refused"
        );
        assert_eq!(FetchError::Timeout { seconds: 17 }.to_string(), "No answer after 17 seconds");
    }

    #[test]
    fn non_string_detail_is_shown_as_json() {
        let err = classify(400, "application/json", r#"{"detail":["a","b"]}"#).unwrap_err();
        assert_eq!(err.detail(), Some(r#"["a","b"]"#));
    }
}
