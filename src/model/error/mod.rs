//! The one error type of the network boundary, and how an HTTP answer maps onto it.
//! Every variant carries the server's own words (when it gave any) and says what to do.

mod classify;

pub use classify::{classify, classify_action, looks_like_html};

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// 503: proxbox-api answered 404 on the HA routes.
    BackendTooOld { detail: String },
    /// 503: the plugin has no proxbox-api backend configured.
    BackendNotConfigured { detail: String },
    /// 502/503/504: proxbox-api down, slow, or answering garbage.
    BackendUnavailable { status: u16, detail: String },
    /// 502 "... Read timed out. (read timeout=15)": proxbox-api runs, but took longer than
    /// netbox-proxbox waits for it (it reads Proxmox once per HA resource).
    BackendTooSlow { seconds: Option<u32>, detail: String },
    /// 502 "Upstream HA call failed: N": proxbox-api runs, but answered HTTP N, mostly
    /// because a Proxmox cluster it reads failed or could not be reached.
    UpstreamFailed { upstream: u16, detail: String },
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
    /// 403 from an action route with Django's CSRF page: the form's token was refused.
    CsrfRejected,
    /// 403 from an action route: the user lacks `run_proxmox_action` on Proxmox endpoints.
    NoActionPermission { detail: String },
    /// 404 from an action route: NetBox knows no such Proxmox endpoint.
    EndpointNotFound { detail: String },
}

impl FetchError {
    /// A stable name of the variant, for styling and tests (`data-error` on a banner).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::BackendTooOld { .. } => "backend-too-old",
            FetchError::BackendNotConfigured { .. } => "backend-not-configured",
            FetchError::BackendUnavailable { .. } => "backend-unavailable",
            FetchError::BackendTooSlow { .. } => "backend-too-slow",
            FetchError::UpstreamFailed { .. } => "upstream-failed",
            FetchError::NotAuthenticated { .. } => "not-authenticated",
            FetchError::Forbidden { .. } => "forbidden",
            FetchError::PluginMissing { .. } => "plugin-missing",
            FetchError::Refused { .. } => "refused",
            FetchError::Http { .. } => "http",
            FetchError::NotJson { .. } => "not-json",
            FetchError::BadShape { .. } => "bad-shape",
            FetchError::Network { .. } => "network",
            FetchError::Timeout { .. } => "timeout",
            FetchError::CsrfRejected => "csrf-rejected",
            FetchError::NoActionPermission { .. } => "no-action-permission",
            FetchError::EndpointNotFound { .. } => "endpoint-not-found",
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
            FetchError::BackendTooSlow { seconds: Some(seconds), .. } => {
                format!("proxbox-api took longer than netbox-proxbox waits ({seconds} s)")
            }
            FetchError::BackendTooSlow { seconds: None, .. } => {
                "proxbox-api took longer than netbox-proxbox waits".into()
            }
            FetchError::UpstreamFailed { upstream, .. } => {
                format!("proxbox-api could not read Proxmox (it answered HTTP {upstream})")
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
            FetchError::CsrfRejected => "NetBox refused the request's CSRF token (HTTP 403)".into(),
            FetchError::NoActionPermission { .. } => {
                "No permission to arm or disarm HA (HTTP 403)".into()
            }
            FetchError::EndpointNotFound { .. } => {
                "NetBox does not know this Proxmox endpoint (HTTP 404)".into()
            }
        }
    }

    /// The server's own words (or the browser's), shown verbatim as text.
    pub fn detail(&self) -> Option<&str> {
        let text = match self {
            FetchError::BackendTooOld { detail }
            | FetchError::BackendNotConfigured { detail }
            | FetchError::BackendUnavailable { detail, .. }
            | FetchError::UpstreamFailed { detail, .. }
            | FetchError::BackendTooSlow { detail, .. }
            | FetchError::NotAuthenticated { detail, .. }
            | FetchError::Forbidden { detail }
            | FetchError::PluginMissing { detail }
            | FetchError::Refused { detail }
            | FetchError::Http { detail, .. }
            | FetchError::NoActionPermission { detail }
            | FetchError::EndpointNotFound { detail } => detail,
            FetchError::NotJson { excerpt, .. } => excerpt,
            FetchError::BadShape { what } => what,
            FetchError::Network { message } => message,
            FetchError::Timeout { .. } | FetchError::CsrfRejected => return None,
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
            FetchError::BackendTooOld { .. } => "Upgrade proxbox-api to the version named above, then retry. netbox-proxbox says this for any 404 from proxbox-api, a Proxmox cluster's own 404 included: if proxbox-api is current, check the Proxmox endpoints' addresses in Proxbox.",
            FetchError::BackendNotConfigured { .. } => "Add a FastAPI backend endpoint in NetBox under Plugins → Proxbox → Endpoints, then retry.",
            FetchError::BackendUnavailable { .. } => "Check that the proxbox-api service is running and reachable from NetBox (see the Proxbox backend logs), then retry.",
            FetchError::BackendTooSlow { .. } => "proxbox-api is running, but netbox-proxbox stopped waiting for its answer. proxbox-api reads Proxmox once per HA resource, one call after another, so many HA resources or a slow Proxmox add up (200 resources at 100 ms a call take about 21 s). Check how fast Proxmox answers proxbox-api; automatic refreshes wait longer while this lasts.",
            FetchError::UpstreamFailed { .. } => "proxbox-api is running, but failed the whole answer: a Proxmox cluster it reads is down, unreachable or slower than its timeouts, or an endpoint's address or token is wrong. Check the Proxmox endpoints in Proxbox and proxbox-api's log, then retry.",
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
            FetchError::CsrfRejected => "Reload the page and try again.",
            FetchError::NoActionPermission { .. } => "Ask a NetBox administrator for the run_proxmox_action permission on this Proxmox endpoint.",
            FetchError::EndpointNotFound { .. } => "Reload the page: the endpoint may have been deleted.",
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
