//! `"summary_steps"`: the HA shim's answers in turn, so that a test sees the estate move
//! between two refreshes. Each GET of the summary or of one VM's HA state takes the next step;
//! the last one sticks. A step edits rows of the data before it (the scenario's own `summary`
//! first) and keeps them edited for the steps after; or it answers with a response spec
//! instead (a failure), after which the next step carries on from the last data, with what
//! its own edits moved meanwhile.
//!
//! ```json
//! "summary_steps": [
//!   {},
//!   {"edit": [{"match": {"cluster_name": "prod", "sid": "vm:102", "type": "service"},
//!              "set": {"crm_state": "error"}}]},
//!   {"reverse": true},
//!   {"answer": {"status": 502, "body": {"detail": "down"}}}
//! ]
//! ```

use super::spec::Spec;
use super::Scenario;
use crate::http::Request;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Instead of data: this response (`{"status": 502, "body": {...}}`, `{"fault": "hang"}`).
    answer: Option<Spec>,
    /// Row edits, applied to the data of the step before and kept for the steps after.
    #[serde(default)]
    edit: Vec<Edit>,
    /// Serves this step's sections in reverse order (this step only): the same data.
    #[serde(default)]
    reverse: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    /// The envelope's section: `status` (the default), `resources`, `groups`, `rules`.
    #[serde(default = "status")]
    section: String,
    /// The rows that have all of these values (exactly: `1` is not `"1"`)...
    #[serde(rename = "match")]
    matching: Map<String, Value>,
    /// ...get these values (`null` removes the key)...
    #[serde(default)]
    set: Map<String, Value>,
    /// ...or are removed.
    #[serde(default)]
    remove: bool,
}

fn status() -> String {
    "status".into()
}

impl Edit {
    fn apply(&self, data: &mut Value) {
        let Some(rows) = data.get_mut(&self.section).and_then(Value::as_array_mut) else { return };
        let matches = |row: &Value| self.matching.iter().all(|(k, v)| row.get(k) == Some(v));
        if self.remove {
            rows.retain(|row| !matches(row));
            return;
        }
        for row in rows.iter_mut().filter(|row| matches(row)) {
            let Some(fields) = row.as_object_mut() else { continue };
            for (key, value) in &self.set {
                match value {
                    Value::Null => fields.remove(key),
                    value => fields.insert(key.clone(), value.clone()),
                };
            }
        }
    }
}

fn reversed(data: &Value) -> Value {
    let mut data = data.clone();
    if let Some(sections) = data.as_object_mut() {
        sections.values_mut().filter_map(Value::as_array_mut).for_each(|rows| rows.reverse());
    }
    data
}

/// A scenario's steps, each the whole scenario with that step's summary, and how many HA
/// shim requests they have answered.
#[derive(Clone, Default)]
pub(super) struct Steps {
    answers: Vec<Scenario>,
    served: Arc<AtomicUsize>,
}

impl Steps {
    pub(super) fn of(scenario: &Scenario, steps: &[Step]) -> Steps {
        let answers = answers(&scenario.summary, steps).into_iter();
        let answers = answers.map(|summary| Scenario { summary, ..scenario.clone() });
        Steps { answers: answers.collect(), served: Arc::default() }
    }
}

/// The summary answer of each step, from the scenario's own summary.
fn answers(first: &Spec, steps: &[Step]) -> Vec<Spec> {
    let mut data = first.body.clone().unwrap_or(Value::Null);
    let answer = |step: &Step, data: &mut Value| {
        step.edit.iter().for_each(|edit| edit.apply(data));
        match &step.answer {
            Some(answer) => answer.clone(),
            None if step.reverse => Spec::body(reversed(data)),
            None => Spec::body(data.clone()),
        }
    };
    steps.iter().map(|step| answer(step, &mut data)).collect()
}

impl Scenario {
    /// The scenario as `request` finds it. With `summary_steps`, an HA shim request takes the
    /// next step; other requests see the step served last (the first before any).
    pub fn for_request(&self, request: &Request) -> &Scenario {
        let Steps { answers, served } = &self.steps;
        let Some(last) = answers.len().checked_sub(1) else { return self };
        let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
        let shim = request.method == "GET"
            && matches!(
                segments.as_slice(),
                ["api", "plugins", "proxbox", "ha", "summary" | "vm", ..]
            );
        let step = if shim {
            served.fetch_add(1, Ordering::SeqCst)
        } else {
            served.load(Ordering::SeqCst).saturating_sub(1)
        };
        &answers[step.min(last)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn steps(v: Value) -> Vec<Step> {
        serde_json::from_value(v).unwrap()
    }

    fn crm(spec: &Spec) -> Value {
        spec.body.as_ref().unwrap()["status"][0]["crm_state"].clone()
    }

    #[test]
    fn edits_carry_on_and_a_failure_keeps_what_moved_meanwhile() {
        let first = Spec::body(json!({"status": [
            {"sid": "vm:1", "crm_state": "started", "node": "a"},
            {"sid": "vm:2", "crm_state": "started", "node": "a"}
        ]}));
        let answers = answers(
            &first,
            &steps(json!([
                {},
                {"edit": [{"match": {"sid": "vm:1"}, "set": {"crm_state": "error", "node": null}}]},
                {"reverse": true},
                {"answer": {"status": 502}, "edit": [{"match": {"sid": "vm:2"}, "remove": true}]},
                {}
            ])),
        );
        assert_eq!(crm(&answers[0]), "started");
        assert_eq!(crm(&answers[1]), "error");
        assert_eq!(answers[1].body.as_ref().unwrap()["status"][0].get("node"), None);
        assert_eq!(answers[2].body.as_ref().unwrap()["status"][1]["sid"], "vm:1", "reversed");
        assert_eq!(answers[3].status, Some(502));
        let last = answers[4].body.as_ref().unwrap()["status"].as_array().unwrap().clone();
        assert_eq!(last.len(), 1, "removed while the failure was served");
        assert_eq!(
            (last[0]["sid"].clone(), last[0]["crm_state"].clone()),
            (json!("vm:1"), json!("error"))
        );
    }

    fn get(path: &str) -> Request {
        let (method, path) = ("GET".into(), path.into());
        Request { method, path, query: vec![], headers: vec![], form: vec![] }
    }

    #[test]
    fn each_ha_request_takes_the_next_step_and_the_last_sticks() {
        let file: super::super::ScenarioFile = serde_json::from_value(json!({
            "summary": {"body": {"status": [{"crm_state": "started"}]}},
            "summary_steps": [{}, {"edit": [{"match": {}, "set": {"crm_state": "error"}}]}]
        }))
        .unwrap();
        let scenario = Scenario::from(file);
        let crm_of = |path| crm(&scenario.for_request(&get(path)).summary);
        assert_eq!(crm_of("/api/virtualization/virtual-machines/"), "started", "none served yet");
        assert_eq!(crm_of("/api/plugins/proxbox/ha/summary/"), "started");
        assert_eq!(crm_of("/api/plugins/proxbox/sync-state/virtual-machines/"), "started");
        assert_eq!(crm_of("/api/plugins/proxbox/ha/vm/101/"), "error", "the per-VM route too");
        assert_eq!(crm_of("/api/plugins/proxbox/ha/summary/"), "error", "the last one sticks");
    }

    #[test]
    fn an_unknown_key_in_a_step_is_an_error() {
        for bad in [json!([{"edits": []}]), json!([{"edit": [{"match": {}, "sett": {}}]}])] {
            let error = serde_json::from_value::<Vec<Step>>(bad).unwrap_err().to_string();
            assert!(error.contains("unknown field"), "{error}");
        }
    }
}
