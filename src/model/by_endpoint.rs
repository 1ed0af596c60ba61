//! When netbox-proxbox's combined HA summary fails: proxbox-api 0.0.30 fails the whole answer
//! when one cluster cannot be read (every call to it failing, or slower than its timeouts), and
//! the shim then says only "Upstream HA call failed: 503" (or, for a Proxmox 404, "upgrade
//! proxbox-api"). This project's plugin then reads each Proxmox endpoint the user may view on
//! its own; this module turns that answer into one summary, in which each endpoint that failed
//! is a cluster card saying what failed and what to do.

use crate::model::cluster::ClusterError;
use crate::model::coerce::{detail_text, Fields};
use crate::model::error::FetchError;
use crate::model::summary::{parse_summary, Summary, SummaryAnswer};
use serde_json::Value;
use std::sync::Arc;

/// The plugin's route (`netbox-plugin/netbox_proxbox_ha/api/urls.py`).
pub const BY_ENDPOINT_PATH: &str = "/api/plugins/proxbox-ha/ha/summary/by-endpoint/";

/// Whether a failed combined summary is worth reading per endpoint: proxbox-api answered, but
/// failed the whole summary. Not when it is down or slow (each endpoint would fail the same).
pub fn worth_reading_per_endpoint(error: &FetchError) -> bool {
    matches!(error, FetchError::UpstreamFailed { .. } | FetchError::BackendTooOld { .. })
}

/// Reads the plugin's answer, `{"endpoints": [{"endpoint_name", "address", "ok", "summary" |
/// "status_code" + "body" | "error"}]}`, after the combined summary failed with `combined`.
pub fn parse_by_endpoint(body: &Value, combined: &FetchError) -> Result<SummaryAnswer, String> {
    let Some(rows) = body.get("endpoints").and_then(Value::as_array) else {
        return match body.get("detail").and_then(detail_text) {
            Some(detail) => Ok(SummaryAnswer::Notice(detail)),
            None => Err("the per-endpoint answer has no `endpoints` list".into()),
        };
    };
    let mut merged = Summary::default();
    let (mut answered, mut asked) = (0, 0);
    for row in rows.iter().filter_map(|r| r.as_object().map(Fields)) {
        asked += 1;
        let name = row.text("endpoint_name").unwrap_or_else(|| "?".into());
        let summary = row.get("summary").filter(|_| row.flag("ok") == Some(true));
        match summary.map(parse_summary) {
            Some(Ok(SummaryAnswer::Data(one))) => {
                answered += 1;
                merged.append(Arc::unwrap_or_clone(one));
            }
            Some(Ok(SummaryAnswer::Notice(_))) => answered += 1,
            Some(Err(what)) => merged.unread.push((name, unreadable(&what))),
            None => merged.unread.push((name, failure(&row))),
        }
    }
    merged.read_per_endpoint = Some(format!(
        "{} ({}), so each Proxmox endpoint was read on its own: {answered} of {asked} answered.",
        combined.title(),
        combined.detail().unwrap_or_default(),
    ));
    Ok(SummaryAnswer::Data(Arc::new(merged)))
}

fn unreadable(what: &str) -> ClusterError {
    ClusterError {
        title: "proxbox-api's answer for this endpoint could not be read".into(),
        detail: what.to_owned(),
        advice: "Upgrade netbox-proxbox and proxbox-api to matching releases.".into(),
    }
}

/// What one endpoint's failure means, from proxbox-api's own answer.
fn failure(row: &Fields) -> ClusterError {
    let name = row.text("endpoint_name").unwrap_or_else(|| "?".into());
    let address = row.text("address").unwrap_or_else(|| "its address".into());
    let others = "The other clusters are shown as usual.";
    if let Some(error) = row.text("error") {
        return ClusterError {
            title: format!("proxbox-api could not be asked about Proxmox endpoint {name}"),
            detail: error,
            advice: format!(
                "Check that proxbox-api runs and that this endpoint is registered there. {others}"
            ),
        };
    }
    let body = row.get("body").cloned().unwrap_or(Value::Null);
    let status = row.count("status_code").unwrap_or(0);
    let reason = body.pointer("/detail/reason").and_then(Value::as_str).unwrap_or_default();
    let upstream = body.pointer("/detail/upstream_status").and_then(Value::as_u64);
    let words = ["message", "detail"]
        .iter()
        .find_map(|k| body.get(*k).and_then(detail_text))
        .or_else(|| detail_text(&body))
        .unwrap_or_default();
    let detail = match (reason, upstream) {
        ("", _) => format!("HTTP {status}: {words}"),
        (reason, Some(code)) => format!("{words} ({reason}, HTTP {code})"),
        (reason, None) => format!("{words} ({reason})"),
    };
    let (title, advice) = match (reason, upstream) {
        ("proxmox_session_acquisition_failed", Some(504)) => (
            format!("Proxmox endpoint {name} ({address}) did not answer in time"),
            format!(
                "proxbox-api gives each Proxmox call 5 seconds. Check that the cluster is up and \
                 not overloaded, and the network between proxbox-api and {address}. {others}"
            ),
        ),
        ("proxmox_session_acquisition_failed", Some(401 | 403)) => (
            format!("Proxmox endpoint {name} ({address}) refused proxbox-api's credentials"),
            format!(
                "Check the endpoint's API token (user, token name, secret) in Proxbox, and that \
                 it holds Sys.Audit on /. {others}"
            ),
        ),
        ("proxmox_session_acquisition_failed", Some(404)) => (
            format!("Proxmox endpoint {name} ({address}) answered HTTP 404: not the Proxmox API"),
            format!(
                "proxbox-api is not too old: the endpoint's address or port points at something \
                 that is not a Proxmox VE API. Check them in Proxbox. {others}"
            ),
        ),
        ("proxmox_session_acquisition_failed", Some(503) | None) => (
            format!("proxbox-api could not reach Proxmox endpoint {name} ({address})"),
            format!(
                "Check that the cluster is up and that the proxbox-api host can reach \
                 {address} (firewall, DNS, port). {others}"
            ),
        ),
        ("proxmox_session_acquisition_failed", Some(code)) => (
            format!("Proxmox endpoint {name} ({address}) failed proxbox-api's session calls (HTTP {code})"),
            format!(
                "Proxmox itself answered with an error: see the cluster's own logs (pveproxy, \
                 pvedaemon) and proxbox-api's log. {others}"
            ),
        ),
        _ => (
            format!("proxbox-api failed to read Proxmox endpoint {name} ({address})"),
            format!("See proxbox-api's log for this endpoint. {others}"),
        ),
    };
    ClusterError { title, detail, advice }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn combined() -> FetchError {
        FetchError::UpstreamFailed { upstream: 503, detail: "Upstream HA call failed: 503".into() }
    }

    fn summary(body: Value) -> Summary {
        match parse_by_endpoint(&body, &combined()).unwrap() {
            SummaryAnswer::Data(s) => Arc::unwrap_or_clone(s),
            other => panic!("{other:?}"),
        }
    }

    /// proxbox-api 0.0.30.post2's answer when every call to a cluster fails (seen on the tier).
    fn session_failed(upstream: u64) -> Value {
        json!({"message": "Could not return Proxmox Sessions",
               "detail": {"reason": "proxmox_session_acquisition_failed",
                          "error_type": "ProxboxException", "upstream_status": upstream},
               "python_exception": "ProxboxException"})
    }

    #[test]
    fn the_healthy_endpoints_stay_and_the_failing_one_is_named() {
        let s = summary(json!({"endpoints": [
            {"endpoint_id": 1, "endpoint_name": "prod", "address": "localhost:58443", "ok": true,
             "summary": {"status": [{"cluster_name": "prod", "type": "quorum", "status": "OK", "quorate": true}],
                         "resources": [{"cluster_name": "prod", "sid": "vm:101"}], "groups": [], "rules": []}},
            {"endpoint_id": 2, "endpoint_name": "lab9", "address": "localhost:58444", "ok": false,
             "status_code": 503, "body": session_failed(503)}
        ]}));
        assert_eq!(s.resources.len(), 1);
        let names: Vec<_> = s.clusters().into_iter().map(|c| (c.name, c.error.is_some())).collect();
        assert_eq!(names, [("prod".to_owned(), false), ("lab9".to_owned(), true)]);
        let (name, error) = &s.unread[0];
        assert_eq!(name, "lab9");
        assert_eq!(
            error.title,
            "proxbox-api could not reach Proxmox endpoint lab9 (localhost:58444)"
        );
        assert_eq!(
            error.detail,
            "Could not return Proxmox Sessions (proxmox_session_acquisition_failed, HTTP 503)"
        );
        assert!(error.advice.contains("can reach localhost:58444"), "{}", error.advice);
        assert_eq!(
            s.read_per_endpoint.as_deref(),
            Some("proxbox-api could not read Proxmox (it answered HTTP 503) (Upstream HA call failed: 503), so each Proxmox endpoint was read on its own: 1 of 2 answered.")
        );
    }

    #[test]
    fn a_proxmox_404_is_not_a_backend_too_old_and_a_timeout_says_so() {
        let row = |code| json!({"endpoints": [{"endpoint_name": "lab9", "address": "a:1", "ok": false, "status_code": code, "body": session_failed(code)}]});
        let not_found = &summary(row(404)).unread[0].1;
        assert!(not_found.title.contains("answered HTTP 404: not the Proxmox API"));
        assert!(not_found.advice.contains("proxbox-api is not too old"));
        assert!(summary(row(504)).unread[0].1.title.contains("did not answer in time"));
        assert!(summary(row(401)).unread[0].1.title.contains("refused proxbox-api's credentials"));
        assert_eq!(
            summary(row(500)).unread[0].1.title,
            "Proxmox endpoint lab9 (a:1) failed proxbox-api's session calls (HTTP 500)"
        );
        let other = json!({"endpoints": [{"endpoint_name": "x", "ok": false, "status_code": 500, "body": {"detail": "boom"}}]});
        assert_eq!(summary(other).unread[0].1.detail, "HTTP 500: boom");
        let down = json!({"endpoints": [{"endpoint_name": "x", "ok": false, "error": "Connection refused"}]});
        let down = &summary(down).unread[0].1;
        assert_eq!(
            (down.detail.as_str(), down.title.contains("could not be asked")),
            ("Connection refused", true)
        );
    }

    #[test]
    fn notices_and_garbage_are_read_tolerantly() {
        let notice = parse_by_endpoint(
            &json!({"detail": "No enabled Proxmox endpoints configured."}),
            &combined(),
        );
        assert_eq!(
            notice,
            Ok(SummaryAnswer::Notice("No enabled Proxmox endpoints configured.".into()))
        );
        assert!(parse_by_endpoint(&json!([1]), &combined()).is_err());
        let odd =
            summary(json!({"endpoints": [1, {"endpoint_name": "y", "ok": true, "summary": [1]}]}));
        assert_eq!(
            odd.unread[0].1.title,
            "proxbox-api's answer for this endpoint could not be read"
        );
        assert!(worth_reading_per_endpoint(&combined()));
        assert!(!worth_reading_per_endpoint(&FetchError::Timeout { seconds: 17 }));
    }
}
