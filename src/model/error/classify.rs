//! How a finished HTTP exchange maps onto `FetchError`: statuses, NetBox's and the plugin's
//! error bodies, HTML pages where JSON was expected.

use super::FetchError;
use crate::model::coerce::detail_text;
use serde_json::Value;

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
    // NetBox's API says `detail`; netbox-proxbox's action routes say `error`.
    let detail = json
        .as_ref()
        .and_then(|v| v.get("detail").or_else(|| v.get("error")))
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
        502 if lower.contains("read timed out") => {
            FetchError::BackendTooSlow { seconds: read_timeout(&lower), detail }
        }
        502..=504 => match upstream_status(status, &detail) {
            Some(upstream) => FetchError::UpstreamFailed { upstream, detail },
            None => FetchError::BackendUnavailable { status, detail },
        },
        _ => FetchError::Http { status, detail },
    })
}

/// The seconds of requests' "(read timeout=15)" in netbox-proxbox's 502 for a slow proxbox-api.
fn read_timeout(lower: &str) -> Option<u32> {
    let (_, rest) = lower.split_once("read timeout=")?;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// netbox-proxbox's 502 for any non-2xx answer of proxbox-api: "Upstream HA call failed: 503".
fn upstream_status(status: u16, detail: &str) -> Option<u16> {
    let code = detail.strip_prefix("Upstream HA call failed: ")?;
    (status == 502).then(|| code.trim().parse().ok()).flatten()
}

/// Turns an answer of the HA action routes (`POST /plugins/proxbox-ha/ha/arm/`, netbox-proxbox's
/// own views) into JSON or a typed error: their 403 is Django's CSRF page or the missing
/// `run_proxmox_action` permission, their 404 an unknown endpoint; the rest reads as for
/// every request.
pub fn classify_action(status: u16, content_type: &str, body: &str) -> Result<Value, FetchError> {
    match classify(status, content_type, body) {
        // Django's page says so; NetBox's own 403 page merely carries `window.CSRF_TOKEN`.
        Err(_)
            if status == 403 && body.to_ascii_lowercase().contains("csrf verification failed") =>
        {
            Err(FetchError::CsrfRejected)
        }
        Err(FetchError::Forbidden { detail } | FetchError::NotAuthenticated { detail, .. })
            if status == 403 =>
        {
            Err(FetchError::NoActionPermission { detail })
        }
        Err(FetchError::PluginMissing { detail }) => Err(FetchError::EndpointNotFound { detail }),
        other => other,
    }
}

/// Whether an answer is an HTML page (a login page, an error page, an SPA fallback).
pub fn looks_like_html(content_type: &str, body: &str) -> bool {
    content_type.contains("html") || body.trim_start().starts_with('<')
}

fn not_json(status: u16, content_type: &str, body: &str) -> FetchError {
    let html = looks_like_html(content_type, body);
    let lower = body.to_ascii_lowercase();
    let login_page = html
        && (lower.contains("/login")
            || lower.contains("log in")
            || lower.contains("name=\"password\""));
    let excerpt = if html {
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
            (502, r#"{"detail":"Upstream HA call failed: 500"}"#, "upstream-failed"),
            // As netbox-proxbox 0.0.29.post6 answered, proxbox-api 0.0.30.post2 reading 200
            // HA resources at 100 ms per Proxmox call (the tier's bench).
            (
                502,
                r#"{"detail":"HTTPConnectionPool(host='localhost', port=58800): Read timed out. (read timeout=15)"}"#,
                "backend-too-slow",
            ),
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
    fn a_slow_backend_names_netbox_proxboxs_wait() {
        let body = r#"{"detail":"HTTPConnectionPool(host='localhost', port=58800): Read timed out. (read timeout=15)"}"#;
        let err = classify(502, "application/json", body).unwrap_err();
        assert_eq!(
            err,
            FetchError::BackendTooSlow { seconds: Some(15), detail: err.detail().unwrap().into() }
        );
        assert_eq!(err.title(), "proxbox-api took longer than netbox-proxbox waits (15 s)");
        assert!(err.advice().contains("once per HA resource"));
        let unnumbered = r#"{"detail":"Read timed out."}"#;
        let err = classify(502, "application/json", unnumbered).unwrap_err();
        assert_eq!(err.title(), "proxbox-api took longer than netbox-proxbox waits");
        // A 504 of proxbox-api itself (a Proxmox call slower than its own timeout) is Proxmox's.
        let err = classify(502, "application/json", r#"{"detail":"Upstream HA call failed: 504"}"#);
        assert_eq!(err.unwrap_err().kind(), "upstream-failed");
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
    fn answers_of_the_action_routes() {
        let csrf = "<html><h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p></html>";
        assert_eq!(classify_action(403, "text/html", csrf), Err(FetchError::CsrfRejected));
        let denied =
            classify_action(403, "text/html", "<html><h1>Access Denied</h1></html>").unwrap_err();
        assert_eq!(denied.kind(), "no-action-permission");
        assert!(denied.advice().contains("run_proxmox_action"));
        let missing =
            classify_action(404, "application/json", r#"{"error": "Proxmox endpoint not found."}"#);
        assert_eq!(
            missing,
            Err(FetchError::EndpointNotFound { detail: "Proxmox endpoint not found.".into() })
        );
        let down = classify_action(
            502,
            "application/json",
            r#"{"action": "arm", "error": "Connection refused"}"#,
        )
        .unwrap_err();
        assert_eq!(
            (down.kind(), down.detail()),
            ("backend-unavailable", Some("Connection refused"))
        );
        let unconfigured = r#"{"error": "No FastAPI backend endpoint is configured."}"#;
        assert_eq!(
            classify_action(503, "application/json", unconfigured).unwrap_err().kind(),
            "backend-not-configured"
        );
        assert_eq!(
            classify_action(
                400,
                "application/json",
                r#"{"error": "endpoint_id must be an integer."}"#
            )
            .unwrap_err()
            .kind(),
            "refused"
        );
        assert!(classify_action(200, "application/json", r#"{"results": []}"#).is_ok());
    }

    #[test]
    fn non_string_detail_is_shown_as_json() {
        let err = classify(400, "application/json", r#"{"detail":["a","b"]}"#).unwrap_err();
        assert_eq!(err.detail(), Some(r#"["a","b"]"#));
    }
}
