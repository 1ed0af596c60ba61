//! The VM tab's memory of its one resource: "was migrate on pve01 until 14:02".

use crate::model::resource::Resource;
use serde_json::Value;

/// What the resource was until an answer showed it otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Was {
    /// When that answer arrived (ms since the epoch).
    pub until: f64,
    /// The CRM state, else the state.
    pub state: Option<String>,
    pub node: Option<String>,
}

impl Was {
    /// `before` as it was, when `after` differs in state, CRM state, request state or node.
    pub fn between(before: &Resource, after: &Resource, at: f64) -> Option<Was> {
        fn moving(r: &Resource) -> [&Option<String>; 4] {
            [&r.state, &r.crm_state, &r.request_state, &r.node]
        }
        (moving(before) != moving(after)).then(|| Was {
            until: at,
            state: before.crm_state.clone().or_else(|| before.state.clone()),
            node: before.node.clone(),
        })
    }
}

/// A tab's few last states of its VM, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History(pub Vec<Was>);

impl History {
    const CAP: usize = 20;

    pub fn add(&mut self, was: Was) {
        self.0.insert(0, was);
        self.0.truncate(Self::CAP);
    }

    pub fn to_json(&self) -> String {
        let entry = |w: &Was| {
            let values: [Value; 3] =
                [w.until.into(), w.state.clone().into(), w.node.clone().into()];
            Value::Array(values.into())
        };
        Value::Array(self.0.iter().map(entry).collect()).to_string()
    }

    /// What `to_json` wrote; anything else is an empty history.
    pub fn from_json(text: &str) -> History {
        let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(text) else {
            return History::default();
        };
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let was = |v: &Value| {
            Some(Was { until: v.get(0)?.as_f64()?, state: text(v.get(1)?), node: text(v.get(2)?) })
        };
        History(entries.iter().filter_map(was).take(Self::CAP).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::resource::parse_resource;
    use serde_json::json;

    fn resource(v: Value) -> Resource {
        parse_resource(&v).unwrap()
    }

    #[test]
    fn says_what_the_resource_was_until_it_moved() {
        let migrating = resource(
            json!({"sid": "vm:1", "state": "started", "crm_state": "migrate", "node": "pve01"}),
        );
        let moved = resource(
            json!({"sid": "vm:1", "state": "started", "crm_state": "started", "node": "pve02"}),
        );
        let was = Was::between(&migrating, &moved, 9.0).unwrap();
        assert_eq!(
            was,
            Was { until: 9.0, state: Some("migrate".into()), node: Some("pve01".into()) }
        );
        let same = resource(
            json!({"sid": 1, "state": "started", "crm_state": "started", "node": "pve02", "max_restart": "2"}),
        );
        assert_eq!(Was::between(&moved, &same, 10.0), None, "only what moves counts");
    }

    #[test]
    fn newest_first_capped_and_read_back() {
        let mut history = History::default();
        for n in 0..25 {
            history.add(Was { until: n as f64, state: Some("started".into()), node: None });
        }
        assert_eq!(history.0.len(), 20);
        assert_eq!(history.0[0].until, 24.0);
        assert_eq!(History::from_json(&history.to_json()), history);
        for garbage in ["", "{}", "[[\"x\"]]", "[1]", "null"] {
            assert_eq!(History::from_json(garbage), History::default(), "{garbage}");
        }
    }
}
