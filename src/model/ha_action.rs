//! Arming and disarming HA through this project's plugin (`POST /plugins/proxbox-ha/ha/arm/`
//! and `/disarm/`: netbox-proxbox's own routes, with the NetBox user as proxbox-api's actor,
//! which proxbox-api 0.0.30 requires and netbox-proxbox 0.0.29 does not send): which endpoints
//! to offer, what the confirmation says, what answers mean. The routes act on Proxmox
//! *endpoints* (NetBox's ProxmoxEndpoint objects), not on clusters. Disarm is offered only
//! where the backend declares that it takes Proxmox VE 9.2's resource mode.

use crate::model::coerce::{detail_text, Fields};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What Proxmox VE 9.2 does with HA resources while HA is disarmed (`disarm-ha`'s required
/// `resource-mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceMode {
    Freeze,
    Ignore,
}

impl ResourceMode {
    pub const ALL: [ResourceMode; 2] = [ResourceMode::Freeze, ResourceMode::Ignore];

    pub fn word(self) -> &'static str {
        match self {
            ResourceMode::Freeze => "freeze",
            ResourceMode::Ignore => "ignore",
        }
    }

    fn parse(word: &str) -> Option<ResourceMode> {
        ResourceMode::ALL.into_iter().find(|m| m.word() == word)
    }

    /// What the mode means, in the words of Proxmox's own description.
    pub fn meaning(self) -> &'static str {
        match self {
            ResourceMode::Freeze => "HA-managed guests stay where and as they are: HA applies no new commands or state changes, and nothing is recovered, relocated, started or stopped by HA.",
            ResourceMode::Ignore => "HA stops tracking its resources: they can be started, stopped and migrated by hand as if they were not HA-managed.",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaAction {
    Arm,
    Disarm(ResourceMode),
}

impl HaAction {
    /// The plugin's route; the form field `endpoint_id` narrows it to one endpoint.
    pub fn path(self) -> &'static str {
        match self {
            HaAction::Arm => "/plugins/proxbox-ha/ha/arm/",
            HaAction::Disarm(_) => "/plugins/proxbox-ha/ha/disarm/",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HaAction::Arm => "Arm HA",
            HaAction::Disarm(_) => "Disarm HA",
        }
    }

    fn done(self) -> &'static str {
        match self {
            HaAction::Arm => "HA armed",
            HaAction::Disarm(_) => "HA disarmed",
        }
    }
}

/// What the backend can do, read before anything is offered.
pub const CAPABILITIES_PATH: &str = "/plugins/proxbox-ha/ha/actions/";

/// Disarm: the modes the backend takes, or why it cannot disarm (today: proxbox-api 0.0.30
/// sends no resource mode, which Proxmox VE 9.2 requires).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub disarm: Result<Vec<ResourceMode>, String>,
}

/// Reads `{"arm": {...}, "disarm": {"available": true, "modes": [...]} | {"available": false,
/// "reason": "..."}}`.
pub fn parse_capabilities(body: &Value) -> Result<Capabilities, String> {
    let disarm = body
        .get("disarm")
        .and_then(Value::as_object)
        .map(Fields)
        .ok_or("the answer has no `disarm`")?;
    let modes: Vec<ResourceMode> = disarm
        .get("modes")
        .and_then(Value::as_array)
        .map(|m| m.iter().filter_map(Value::as_str).filter_map(ResourceMode::parse).collect())
        .unwrap_or_default();
    let disarm = match disarm.flag("available") {
        Some(true) if !modes.is_empty() => Ok(modes),
        _ => Err(disarm.text("reason").unwrap_or_else(|| "The backend cannot disarm HA.".into())),
    };
    Ok(Capabilities { disarm })
}

/// Why arming and disarming cannot work from this page, if it cannot: the routes take only a
/// NetBox login session with the CSRF token of a page NetBox rendered (the plugin's), never
/// an API token, and only on NetBox's own origin.
pub fn unavailable(
    csrf_token: Option<&str>,
    token_set: bool,
    same_origin: bool,
) -> Option<&'static str> {
    if !same_origin {
        Some("Arming and disarming HA works only on NetBox's own origin: open HA Status (live) from NetBox's Plugins menu.")
    } else if token_set {
        Some("netbox-proxbox accepts arming and disarming only from a NetBox login, not from an API token: clear the token to use your NetBox session.")
    } else if csrf_token.is_none_or(str::is_empty) {
        Some("Arming and disarming HA needs the page NetBox serves (Plugins → HA Status (live)), which hands over the form token NetBox checks.")
    } else {
        None
    }
}

/// The Proxmox endpoints as the plugin lists them (names, never secrets).
pub const ENDPOINTS_PATH: &str =
    "/api/plugins/proxbox/endpoints/proxmox/?limit=1000&fields=id,name,enabled,allow_writes";

/// A Proxmox endpoint, with the clusters its synced VMs belong to (none known: empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub id: u64,
    pub name: String,
    pub enabled: bool,
    pub allow_writes: bool,
    pub clusters: Vec<String>,
}

impl Endpoint {
    /// With the clusters its synced VMs belong to (see `LinkMap::endpoint_clusters`).
    pub fn paired(&self, clusters: &BTreeMap<u64, BTreeSet<String>>) -> Endpoint {
        let clusters = clusters.get(&self.id).map(|c| c.iter().cloned().collect());
        Endpoint { clusters: clusters.unwrap_or_default(), ..self.clone() }
    }
}

/// Reads the endpoint list (clusters not yet paired).
pub fn parse_endpoints(body: &Value) -> Result<Vec<Endpoint>, String> {
    let rows = body
        .get("results")
        .and_then(Value::as_array)
        .ok_or("the endpoint list has no `results` list")?;
    let endpoint = |f: Fields| {
        let id = f.count("id")?;
        Some(Endpoint {
            id,
            name: f.text("name").or_else(|| f.text("display")).unwrap_or_else(|| format!("#{id}")),
            enabled: f.flag("enabled").unwrap_or(true),
            allow_writes: f.flag("allow_writes").unwrap_or(false),
            clusters: Vec::new(),
        })
    };
    Ok(rows.iter().filter_map(|r| r.as_object().map(Fields)).filter_map(endpoint).collect())
}

impl Endpoint {
    /// Why this endpoint offers no action, if it offers none: disabled in Proxbox, or its
    /// cluster runs a Proxmox VE without HA arm/disarm (no fencing row before 9.2).
    pub fn no_actions(&self, fencing: &[(String, Option<String>)]) -> Option<&'static str> {
        let read: Vec<_> = fencing.iter().filter(|(c, _)| self.clusters.contains(c)).collect();
        if !self.enabled {
            Some("disabled in Proxbox")
        } else if !read.is_empty() && read.iter().all(|(_, f)| f.is_none()) {
            Some("Proxmox VE before 9.2: no HA arm or disarm")
        } else {
            None
        }
    }
}

/// What an action is sent to: one endpoint, or every endpoint the user may change (the
/// route's own behaviour without `endpoint_id`, offered only as its own explicit choice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    One(Endpoint),
    All(Vec<Endpoint>),
}

impl Target {
    /// The form body of the POST.
    pub fn form(&self, action: HaAction) -> String {
        let endpoint = match self {
            Target::One(e) => Some(format!("endpoint_id={}", e.id)),
            Target::All(_) => None,
        };
        let mode = match action {
            HaAction::Disarm(mode) => Some(format!("resource_mode={}", mode.word())),
            HaAction::Arm => None,
        };
        endpoint.into_iter().chain(mode).collect::<Vec<_>>().join("&")
    }

    fn name(&self) -> String {
        match self {
            Target::One(e) => e.name.clone(),
            Target::All(_) => "all endpoints".to_owned(),
        }
    }

    fn clusters(&self) -> String {
        let list = |e: &Endpoint| match e.clusters.as_slice() {
            [] => format!("{} (its cluster is not known: no synced VM links it to one)", e.name),
            clusters => format!("{} (cluster {})", e.name, clusters.join(", ")),
        };
        match self {
            Target::One(e) => list(e),
            Target::All(all) => all.iter().map(list).collect::<Vec<_>>().join("; "),
        }
    }
}

/// What the confirmation dialog says: what will happen, where, and how to undo it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub title: String,
    pub what: String,
    pub undo: String,
    /// The confirming button names the action: "Disarm HA on prod".
    pub confirm: String,
}

pub fn confirmation(action: HaAction, target: &Target) -> Confirmation {
    let clusters = target.clusters();
    let what = match action {
        HaAction::Disarm(mode) => format!(
            "Proxmox disarms High Availability on {clusters}: the cluster stops fencing nodes \
             and releases the watchdogs until HA is armed again. Resource mode {}: {} The \
             guests keep running as they are.",
            mode.word(),
            mode.meaning()
        ),
        HaAction::Arm => format!(
            "Proxmox arms High Availability again on {clusters}: the watchdogs and fencing are \
             active again, and HA recovers, relocates, starts and stops its resources."
        ),
    };
    let undo = match action {
        HaAction::Disarm(_) => "To undo it: Arm HA on the same endpoint.",
        // Disarm is offered here only where the backend takes a resource mode.
        HaAction::Arm => "To undo it: disarm HA here where Disarm is offered, or in the Proxmox web UI (Datacenter → HA → Disarm HA).",
    };
    let confirm = match action {
        HaAction::Disarm(mode) => format!("{} ({})", confirm_label(action, target), mode.word()),
        HaAction::Arm => confirm_label(action, target),
    };
    let title = format!("{}?", confirm_label(action, target));
    Confirmation { title, what, undo: undo.to_owned(), confirm }
}

/// What a button that asks for `action` on `target` says: "Disarm HA on prod".
pub fn confirm_label(action: HaAction, target: &Target) -> String {
    format!("{} on {}", action.label(), target.name())
}

/// What happened on one endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// `endpoint_writes_disabled`: the endpoint is read-only in Proxbox; nothing was sent.
    ReadOnly,
    /// proxbox-api's own copy of the endpoint is read-only (its `allow_writes`, which
    /// netbox-proxbox never copies from NetBox); nothing reached Proxmox.
    BackendReadOnly,
    /// The backend reached Proxmox, which refused; its own words.
    Refused(String),
    /// The backend could not do it (unreachable, failing, not registered); its own words.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointResult {
    pub endpoint: String,
    pub outcome: Outcome,
}

impl EndpointResult {
    pub fn ok(&self) -> bool {
        self.outcome == Outcome::Done
    }

    /// The outcome in the user's words.
    pub fn text(&self, action: HaAction) -> String {
        match &self.outcome {
            Outcome::Done => format!("{}: done", action.done()),
            Outcome::ReadOnly => {
                "Skipped: the endpoint is read-only. Enable writes on this endpoint in Proxbox."
                    .to_owned()
            }
            Outcome::BackendReadOnly => "Skipped: proxbox-api has writes turned off for this endpoint (its own allow_writes, which netbox-proxbox does not copy from NetBox). Turn them on in proxbox-api's endpoint settings.".to_owned(),
            Outcome::Refused(words) => format!("Proxmox refused: {words}"),
            Outcome::Failed(words) => format!("Failed: {words}"),
        }
    }
}

/// Reads a 200 answer, `{"action", "results": [...]}`. A row counts as done only with
/// `"ok": true`: the plugin says `false` whenever any Proxmox row was not `"status": "ok"`.
pub fn parse_results(body: &Value) -> Result<Vec<EndpointResult>, String> {
    let rows =
        body.get("results").and_then(Value::as_array).ok_or("the answer has no `results` list")?;
    Ok(rows.iter().filter_map(|r| r.as_object().map(Fields)).map(endpoint_result).collect())
}

fn endpoint_result(f: Fields) -> EndpointResult {
    let endpoint = f
        .text("endpoint_name")
        .or_else(|| f.count("endpoint_id").map(|id| format!("#{id}")))
        .unwrap_or_default();
    let body = f.get("body");
    let words = body.and_then(backend_words);
    let skipped = body.and_then(Value::as_array).is_some_and(|rows| {
        rows.iter()
            .any(|r| r.get("error").and_then(Value::as_str) == Some("endpoint_writes_disabled"))
    });
    let outcome = match (f.flag("ok"), f.text("error"), f.count("status_code")) {
        (Some(true), ..) => Outcome::Done,
        _ if skipped => Outcome::BackendReadOnly,
        (_, Some(error), _) if error == "endpoint_writes_disabled" => Outcome::ReadOnly,
        (_, Some(error), _) => Outcome::Failed(error),
        // The backend itself failed: its status, and its words when it gave any.
        (_, None, Some(status)) if !(200..300).contains(&status) => Outcome::Failed(match words {
            Some(words) => format!("the backend answered HTTP {status}: {words}"),
            None => format!("the backend answered HTTP {status}"),
        }),
        // The backend reached Proxmox, and Proxmox said no.
        (_, None, _) => match words {
            Some(words) => Outcome::Refused(words),
            None => Outcome::Failed("the backend's answer did not say it was done".to_owned()),
        },
    };
    EndpointResult { endpoint, outcome }
}

/// The words of the backend's rows that are not `"status": "ok"`, or its `detail`.
fn backend_words(body: &Value) -> Option<String> {
    let words = |row: &Value| {
        ["message", "error", "detail", "status"]
            .iter()
            .find_map(|k| row.get(*k).and_then(detail_text).filter(|w| !w.is_empty()))
    };
    match body {
        Value::Array(rows) => {
            let failed: Vec<String> = rows
                .iter()
                .filter(|r| r.get("status").and_then(Value::as_str) != Some("ok"))
                .filter_map(words)
                .collect();
            (!failed.is_empty()).then(|| failed.join("; "))
        }
        other => words(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prod() -> Endpoint {
        Endpoint {
            id: 3,
            name: "prod".into(),
            enabled: true,
            allow_writes: true,
            clusters: vec!["prod".into()],
        }
    }

    #[test]
    fn actions_work_only_with_a_session_on_netboxs_origin_and_its_form_token() {
        assert_eq!(unavailable(Some("t0k3n"), false, true), None);
        assert!(unavailable(Some("t0k3n"), false, false).unwrap().contains("NetBox's own origin"));
        assert!(unavailable(Some("t0k3n"), true, true).unwrap().contains("not from an API token"));
        assert!(unavailable(None, false, true).unwrap().contains("form token"));
        assert!(unavailable(Some(""), false, true).is_some());
    }

    #[test]
    fn endpoints_are_paired_with_their_clusters_where_known() {
        let body = json!({"results": [
            {"id": 3, "name": "prod", "enabled": true, "allow_writes": true},
            {"id": 4, "display": "lab9", "allow_writes": "0"},
            {"name": "no id"}
        ]});
        let pairs = BTreeMap::from([(3, BTreeSet::from(["prod".to_owned()]))]);
        let list: Vec<Endpoint> =
            parse_endpoints(&body).unwrap().iter().map(|e| e.paired(&pairs)).collect();
        assert_eq!(list[0], prod());
        assert_eq!(
            (list[1].name.as_str(), list[1].allow_writes, list[1].clusters.len()),
            ("lab9", false, 0)
        );
        assert_eq!(list.len(), 2, "a row without an id is not offered");
        assert!(parse_endpoints(&json!({"detail": "x"})).is_err());
    }

    #[test]
    fn the_confirmation_names_the_action_the_mode_the_clusters_and_the_undo() {
        let freeze = HaAction::Disarm(ResourceMode::Freeze);
        let c = confirmation(freeze, &Target::One(prod()));
        assert_eq!(c.title, "Disarm HA on prod?");
        assert_eq!(c.confirm, "Disarm HA on prod (freeze)");
        assert!(
            c.what.contains("prod (cluster prod)")
                && c.what.contains("stops fencing")
                && c.what.contains("Resource mode freeze: HA-managed guests stay"),
            "{}",
            c.what
        );
        assert_eq!(c.undo, "To undo it: Arm HA on the same endpoint.");
        let ignore = confirmation(HaAction::Disarm(ResourceMode::Ignore), &Target::One(prod()));
        assert!(ignore.what.contains("Resource mode ignore: HA stops tracking"), "{}", ignore.what);
        let unknown = Endpoint { clusters: vec![], name: "edge".into(), ..prod() };
        let all = confirmation(HaAction::Arm, &Target::All(vec![prod(), unknown]));
        assert_eq!(all.confirm, "Arm HA on all endpoints");
        assert!(all.undo.contains("Datacenter → HA → Disarm HA"), "{}", all.undo);
        assert!(
            all.what.contains("prod (cluster prod); edge (its cluster is not known"),
            "{}",
            all.what
        );
        assert_eq!(Target::One(prod()).form(HaAction::Arm), "endpoint_id=3");
        assert_eq!(Target::One(prod()).form(freeze), "endpoint_id=3&resource_mode=freeze");
        assert_eq!(
            Target::All(vec![]).form(HaAction::Arm),
            "",
            "no endpoint_id: every endpoint the user may change"
        );
    }

    #[test]
    fn disarm_is_offered_only_where_the_backend_takes_a_mode() {
        let today = json!({"arm": {"available": true}, "disarm": {"available": false,
            "reason": "proxbox-api's HA disarm route sends no resource mode"}});
        assert_eq!(
            parse_capabilities(&today).unwrap().disarm,
            Err("proxbox-api's HA disarm route sends no resource mode".to_owned())
        );
        let later = json!({"disarm": {"available": true, "modes": ["freeze", "ignore", "other"]}});
        assert_eq!(
            parse_capabilities(&later).unwrap().disarm,
            Ok(vec![ResourceMode::Freeze, ResourceMode::Ignore])
        );
        let no_modes = json!({"disarm": {"available": true, "modes": []}});
        assert!(parse_capabilities(&no_modes).unwrap().disarm.is_err());
        assert!(parse_capabilities(&json!([])).is_err());
    }

    #[test]
    fn disabled_endpoints_and_clusters_without_arm_offer_nothing() {
        let fencing = [("prod".to_owned(), None), ("lab9".to_owned(), Some("armed".to_owned()))];
        assert_eq!(prod().no_actions(&fencing), Some("Proxmox VE before 9.2: no HA arm or disarm"));
        let lab9 = Endpoint { clusters: vec!["lab9".into()], ..prod() };
        assert_eq!(lab9.no_actions(&fencing), None);
        let unknown = Endpoint { clusters: vec![], ..prod() };
        assert_eq!(unknown.no_actions(&fencing), None, "a cluster not known: both are offered");
        let disabled = Endpoint { enabled: false, ..lab9 };
        assert_eq!(disabled.no_actions(&fencing), Some("disabled in Proxbox"));
    }

    #[test]
    fn every_outcome_of_the_plugin_in_the_users_words() {
        let body = json!({"action": "disarm", "results": [
            {"endpoint_id": 3, "endpoint_name": "prod", "ok": true, "status_code": 200, "body": [{"status": "ok"}]},
            {"endpoint_id": 4, "endpoint_name": "lab9", "ok": false, "error": "endpoint_writes_disabled"},
            {"endpoint_id": 5, "endpoint_name": "edge", "ok": false, "status_code": 200,
             "body": [{"status": "ok"}, {"status": "error", "message": "cluster not ready - no quorum?"}]},
            {"endpoint_id": 6, "endpoint_name": "dc2", "ok": false, "error": "Backend endpoint id not resolved."},
            {"endpoint_id": 7, "ok": false, "status_code": 500, "body": null},
            {"endpoint_id": 8, "endpoint_name": "dc3", "ok": false, "status_code": 500, "body": {"detail": "Internal Server Error"}},
            {"endpoint_id": 9, "endpoint_name": "lab8", "ok": false, "status_code": 200,
             "body": [{"cluster_name": "lab8", "status": "skipped", "error": "endpoint_writes_disabled"}]}
        ]});
        let results = parse_results(&body).unwrap();
        let disarm = HaAction::Disarm(ResourceMode::Freeze);
        let texts: Vec<String> = results.iter().map(|r| r.text(disarm)).collect();
        assert_eq!(
            texts,
            [
                "HA disarmed: done",
                "Skipped: the endpoint is read-only. Enable writes on this endpoint in Proxbox.",
                "Proxmox refused: cluster not ready - no quorum?",
                "Failed: Backend endpoint id not resolved.",
                "Failed: the backend answered HTTP 500",
                "Failed: the backend answered HTTP 500: Internal Server Error",
                "Skipped: proxbox-api has writes turned off for this endpoint (its own allow_writes, which netbox-proxbox does not copy from NetBox). Turn them on in proxbox-api's endpoint settings.",
            ]
        );
        assert_eq!(
            results.iter().filter(|r| r.ok()).count(),
            1,
            "a 200 is not a success by itself"
        );
        assert_eq!(results[4].endpoint, "#7");
        assert!(parse_results(&json!([1])).is_err());
    }

    #[test]
    fn an_ok_row_is_not_trusted_when_ok_is_false() {
        let body =
            json!({"results": [{"endpoint_name": "x", "ok": false, "body": [{"status": "ok"}]}]});
        let result = &parse_results(&body).unwrap()[0];
        assert!(!result.ok());
        assert_eq!(
            result.text(HaAction::Arm),
            "Failed: the backend's answer did not say it was done"
        );
    }
}
