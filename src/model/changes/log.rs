//! The log of changes a browser tab keeps (in its session storage), newest first and capped.

use super::{Change, Kind};
use serde_json::Value;

/// A busy estate moves a few hundred times an hour; older entries drop off.
pub const LOG_CAP: usize = 500;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeLog(Vec<Change>);

impl ChangeLog {
    /// Newest first.
    pub fn entries(&self) -> &[Change] {
        &self.0
    }

    /// One answer's changes, in front, in their own order.
    pub fn add(&mut self, changes: &[Change]) {
        self.0.splice(0..0, changes.iter().cloned());
        self.0.truncate(LOG_CAP);
    }

    /// Each change as `[at, cluster, subject, kind, before, after, note]`; its verdicts are
    /// judged again when read.
    pub fn to_json(&self) -> String {
        let entry = |c: &Change| {
            let (cluster, subject, kind) = (c.cluster.clone(), c.subject.clone(), c.kind as usize);
            let texts = [c.before.clone(), c.after.clone(), c.note.clone()].map(Value::from);
            let head = [c.at.into(), cluster.into(), subject.into(), kind.into()];
            Value::Array(head.into_iter().chain(texts).collect())
        };
        Value::Array(self.0.iter().map(entry).collect()).to_string()
    }

    /// What `to_json` wrote. Anything else (an older format, a value edited by hand) starts
    /// an empty log rather than failing: entries that cannot be read are dropped.
    pub fn from_json(text: &str) -> ChangeLog {
        let Ok(Value::Array(entries)) = serde_json::from_str(text) else {
            return ChangeLog::default();
        };
        let mut log: Vec<Change> = entries.iter().filter_map(entry).collect();
        log.truncate(LOG_CAP);
        ChangeLog(log)
    }
}

fn entry(v: &Value) -> Option<Change> {
    let text = |i: usize| v.get(i).and_then(Value::as_str);
    let kind = *Kind::ALL.get(usize::try_from(v.get(3)?.as_u64()?).ok()?)?;
    let change = Change::new(v.get(0)?.as_f64()?, text(1)?, text(2)?, kind);
    let owned = |i| text(i).map(str::to_owned);
    Some(change.with(owned(4), owned(5), owned(6)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(n: usize) -> Change {
        Change::new(n as f64, "prod", &format!("vm:{n}"), Kind::CrmState).with(
            Some("started".into()),
            Some("error".into()),
            Some("pve01".into()),
        )
    }

    #[test]
    fn newest_first_and_capped() {
        let mut log = ChangeLog::default();
        log.add(&[change(1), change(2)]);
        log.add(&[change(3)]);
        let subjects: Vec<&str> = log.entries().iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(subjects, ["vm:3", "vm:1", "vm:2"], "each answer's own order kept");
        for n in 0..LOG_CAP {
            log.add(&[change(n + 10)]);
        }
        assert_eq!(log.entries().len(), LOG_CAP);
        assert_eq!(log.entries()[0].subject, format!("vm:{}", LOG_CAP + 9));
    }

    #[test]
    fn reads_back_what_it_wrote_with_its_verdicts() {
        let mut log = ChangeLog::default();
        let quorum = Change::new(2.5, "", "", Kind::Quorum).with(
            Some("OK".into()),
            Some("lost".into()),
            None,
        );
        log.add(&[change(1), quorum]);
        let back = ChangeLog::from_json(&log.to_json());
        assert_eq!(back, log);
        assert!(back.entries().iter().all(|c| c.new_problem));
    }

    #[test]
    fn garbage_in_storage_starts_an_empty_log() {
        for text in ["", "null", "{}", "[1, 2", "\"x\"", "[{\"t\": 1}]", "[[1, 2]]"] {
            assert_eq!(ChangeLog::from_json(text), ChangeLog::default(), "{text}");
        }
        let mixed = r#"[[1, "a", "vm:1", 1, null, "error"], [1, "a", "vm:1", 99],
            ["x", "a", "", 0], [1, null, "", 0], [1, "a", "", -1]]"#;
        let log = ChangeLog::from_json(mixed);
        assert_eq!(log.entries().len(), 1, "unreadable entries are dropped");
        assert_eq!(log.entries()[0].text(), "a · vm:1 CRM state error");
        let many = format!("[{}]", vec![r#"[1,"","",0]"#; LOG_CAP + 5].join(","));
        assert_eq!(ChangeLog::from_json(&many).entries().len(), LOG_CAP);
    }
}
