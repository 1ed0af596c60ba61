//! What moved between two successful answers of the summary: resources, nodes, quorum, the CRM
//! master, fencing, clusters that start or stop failing. Kept by the browser tab only.

mod diff;
mod log;
mod vm;

pub use diff::diff;
pub use log::{ChangeLog, LOG_CAP};
pub use vm::{History, Was};

use crate::model::display::ABSENT;
use crate::model::load::LoadState;
use crate::model::severity::Severity;
use crate::model::summary::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    State,
    CrmState,
    RequestState,
    /// The node a resource runs on.
    Node,
    Added,
    Removed,
    /// A node's LRM state.
    Lrm,
    Quorum,
    /// The CRM master moved to another node.
    Master,
    /// The CRM master stopped (or started again) updating its status: `Master::dead`.
    MasterStale,
    Fencing,
    /// The backend could (or could not) read the cluster.
    Read,
}

impl Kind {
    /// In the order the log stores them by (`kind as usize`).
    pub const ALL: [Kind; 12] = [
        Kind::State,
        Kind::CrmState,
        Kind::RequestState,
        Kind::Node,
        Kind::Added,
        Kind::Removed,
        Kind::Lrm,
        Kind::Quorum,
        Kind::Master,
        Kind::MasterStale,
        Kind::Fencing,
        Kind::Read,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::CrmState => "CRM state",
            Kind::RequestState => "request state",
            Kind::Node => "node",
            Kind::Added => "added:",
            Kind::Removed => "removed, was",
            Kind::Lrm => "LRM",
            Kind::Quorum => "quorum",
            Kind::Master | Kind::MasterStale => "master",
            Kind::Fencing => "fencing",
            Kind::Read => "status",
        }
    }

    /// A change of one resource: its subject is the SID, linked like the table's.
    pub fn of_resource(self) -> bool {
        matches!(
            self,
            Kind::State
                | Kind::CrmState
                | Kind::RequestState
                | Kind::Node
                | Kind::Added
                | Kind::Removed
        )
    }

    /// How bad a value of this kind is: state words by the contract's vocabulary, the
    /// verdict words (`lost`, `dead?`, `unreadable`) as problems, node names as neutral.
    fn severity(self, value: Option<&str>) -> Severity {
        match (self, value) {
            (Kind::Quorum | Kind::MasterStale | Kind::Read, Some(word)) => {
                if matches!(word, LOST | DEAD | UNREADABLE) {
                    Severity::Problem
                } else {
                    Severity::Healthy
                }
            }
            (Kind::Node | Kind::Master | Kind::Removed, _) => Severity::Neutral,
            (_, value) => Severity::of_state(value.unwrap_or_default()),
        }
    }
}

pub(crate) const LOST: &str = "lost";
pub(crate) const DEAD: &str = "dead?";
pub(crate) const UNREADABLE: &str = "unreadable";

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// When the answer that showed it arrived (ms since the epoch).
    pub at: f64,
    /// Empty when the backend gave no cluster name.
    pub cluster: String,
    /// The SID as the backend wrote it, the node, or empty for the cluster itself.
    pub subject: String,
    pub kind: Kind,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where a resource runs now (where it ran, once removed); why a cluster is unreadable.
    pub note: Option<String>,
    /// Of the value after the change.
    pub severity: Severity,
    /// The value after is a problem and the value before was not.
    pub new_problem: bool,
}

impl Change {
    /// Judges the values by their kind.
    pub fn new(at: f64, cluster: &str, subject: &str, kind: Kind) -> Change {
        Change {
            at,
            cluster: cluster.to_owned(),
            subject: subject.to_owned(),
            kind,
            before: None,
            after: None,
            note: None,
            severity: kind.severity(None),
            new_problem: false,
        }
    }

    /// The values before and after, and the note.
    pub fn with(
        mut self,
        before: Option<String>,
        after: Option<String>,
        note: Option<String>,
    ) -> Change {
        self.severity = self.kind.severity(after.as_deref());
        self.new_problem = self.severity == Severity::Problem
            && self.kind.severity(before.as_deref()) != Severity::Problem;
        (self.before, self.after, self.note) = (before, after, note);
        self
    }

    /// `" CRM state started → "`: what a line says between the subject and the value after.
    pub fn lead(&self) -> String {
        let label = self.kind.label();
        match &self.before {
            Some(before) => format!(" {label} {before} → "),
            None => format!(" {label} "),
        }
    }

    pub fn after_text(&self) -> &str {
        self.after.as_deref().unwrap_or(ABSENT)
    }

    /// `" on pve02"`, or `": 596 Connection timed out"` for an unreadable cluster.
    pub fn note_text(&self) -> String {
        match (&self.note, self.kind) {
            (None, _) => String::new(),
            (Some(note), Kind::Read) => format!(": {note}"),
            (Some(node), _) => format!(" on {node}"),
        }
    }

    /// `"vm:102 CRM state started → error on pve02"`.
    pub fn what(&self) -> String {
        let line =
            format!("{}{}{}{}", self.subject, self.lead(), self.after_text(), self.note_text());
        line.trim_start().to_owned()
    }

    /// `"prod · vm:102 CRM state started → error on pve02"`: a line without its time.
    pub fn text(&self) -> String {
        match self.cluster.as_str() {
            "" => self.what(),
            cluster => format!("{cluster} · {}", self.what()),
        }
    }
}

/// What changed per resource row, by cluster and SID: the table marks those rows until the
/// next refresh. A list: a refresh changes a few rows, and a page shows at most 250.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowMarks(Vec<(String, String, String)>);

impl RowMarks {
    /// The rows a batch of changes concerns, with what changed there.
    pub fn of(changes: &[Change]) -> RowMarks {
        let mut marks = RowMarks::default();
        for c in changes.iter().filter(|c| c.kind.of_resource()) {
            let what = c.what();
            let what = what.strip_prefix(c.subject.as_str()).unwrap_or(&what).trim_start();
            match marks.0.iter_mut().find(|(cl, sid, _)| *cl == c.cluster && *sid == c.subject) {
                Some((_, _, text)) => *text = format!("{text}; {what}"),
                None => marks.0.push((c.cluster.clone(), c.subject.clone(), what.to_owned())),
            }
        }
        marks
    }

    /// What changed in the row of `sid` in `cluster` (empty: the backend named no cluster).
    pub fn get(&self, cluster: &str, sid: &str) -> Option<&str> {
        let mark = self.0.iter().find(|(c, s, _)| c == cluster && s == sid.trim());
        mark.map(|(_, _, text)| text.as_str())
    }
}

/// The lines of the changes that are new problems, for the page to announce.
pub fn new_problems(changes: &[Change]) -> Vec<String> {
    changes.iter().filter(|c| c.new_problem).map(Change::text).collect()
}

/// The problems of an answer, as the overview judges them: resources in a problem state and
/// clusters with a problem (`ClusterStatus::has_problem`).
pub fn current_problems(summary: &Summary) -> usize {
    let resources = summary.resources.iter().filter(|r| r.severity() == Severity::Problem);
    let clusters = summary.clusters().into_iter().filter(|c| c.has_problem());
    resources.count() + clusters.count()
}

/// `"(2) HA Status"`; the title alone without problems.
pub fn titled(title: &str, problems: usize) -> String {
    match problems {
        0 => title.to_owned(),
        n => format!("({n}) {title}"),
    }
}

/// Successive successful answers of a `LoadState`. A failure brings no answer, so the data
/// after it are compared with the last data before it; nor does a notice without data.
#[derive(Clone, Debug)]
pub struct Successive<T> {
    last: Option<T>,
    seen: Option<f64>,
}

impl<T> Default for Successive<T> {
    fn default() -> Self {
        Successive { last: None, seen: None }
    }
}

impl<T: Clone> Successive<T> {
    /// Folds in the state after an answer: `Some((earlier, now, at))` when it holds new data,
    /// `earlier` being those of the last successful answer before (none the first time).
    pub fn next(&mut self, state: &LoadState<T>) -> Option<(Option<T>, T, f64)> {
        let at = state.updated_at.filter(|at| self.seen != Some(*at))?;
        self.seen = Some(at);
        let now = state.last_good.clone()?;
        Some((self.last.replace(now.clone()), now, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::Outcome;
    use crate::model::summary::{parse_summary, SummaryAnswer};
    use serde_json::json;

    #[test]
    fn lines_say_what_moved_in_words() {
        let c = Change::new(1.0, "prod", "vm:102", Kind::CrmState).with(
            Some("started".into()),
            Some("error".into()),
            Some("pve02".into()),
        );
        assert_eq!(c.text(), "prod · vm:102 CRM state started → error on pve02");
        assert!(c.new_problem && c.severity == Severity::Problem);
        let quorum =
            Change::new(1.0, "", "", Kind::Quorum).with(Some("OK".into()), Some(LOST.into()), None);
        assert_eq!(quorum.text(), "quorum OK → lost", "no cluster name, no subject");
        assert!(quorum.new_problem);
        let back = Change::new(1.0, "lab", "", Kind::Quorum).with(
            Some(LOST.into()),
            Some("OK".into()),
            None,
        );
        assert!(!back.new_problem && back.severity == Severity::Healthy);
        let added = Change::new(1.0, "lab", "ct:7", Kind::Added).with(
            None,
            Some("started".into()),
            Some("n1".into()),
        );
        assert_eq!(added.text(), "lab · ct:7 added: started on n1");
        let unreadable = Change::new(1.0, "edge", "", Kind::Read).with(
            Some("readable".into()),
            Some(UNREADABLE.into()),
            Some("596 Connection timed out".into()),
        );
        assert_eq!(
            unreadable.text(),
            "edge · status readable → unreadable: 596 Connection timed out"
        );
        let gone =
            Change::new(1.0, "lab", "pve9", Kind::Lrm).with(Some("active".into()), None, None);
        assert_eq!(gone.what(), "pve9 LRM active → —");
        let error_to_error = Change::new(1.0, "a", "vm:1", Kind::State).with(
            Some("error".into()),
            Some("fence".into()),
            None,
        );
        assert!(!error_to_error.new_problem, "a problem before is not a new one");
    }

    #[test]
    fn only_resource_changes_mark_rows() {
        let on = |kind, before: &str, after: &str| {
            Change::new(1.0, "prod", "vm:102", kind).with(
                Some(before.into()),
                Some(after.into()),
                Some("pve02".into()),
            )
        };
        let changes = [
            on(Kind::CrmState, "migrate", "started"),
            Change::new(1.0, "prod", "vm:102", Kind::Node).with(
                Some("pve01".into()),
                Some("pve02".into()),
                None,
            ),
            Change::new(1.0, "prod", "pve01", Kind::Lrm).with(Some("active".into()), None, None),
        ];
        let marks = RowMarks::of(&changes);
        assert_eq!(
            marks.get("prod", "vm:102"),
            Some("CRM state migrate → started on pve02; node pve01 → pve02")
        );
        assert_eq!(marks.get("prod", "pve01"), None, "a node is no resource row");
        assert_eq!(marks.get("lab", "vm:102"), None);
    }

    #[test]
    fn problems_count_resources_and_clusters_like_the_overview() {
        let SummaryAnswer::Data(s) = parse_summary(&json!({
            "status": [
                {"cluster_name": "a", "type": "quorum", "status": "No quorum", "quorate": 0},
                {"cluster_name": "b", "status": "error: down"},
                {"cluster_name": "c", "type": "quorum", "status": "OK", "quorate": 1}
            ],
            "resources": [
                {"cluster_name": "c", "sid": "vm:1", "crm_state": "error"},
                {"cluster_name": "c", "sid": "vm:2", "crm_state": "started"}
            ]
        }))
        .unwrap() else {
            unreachable!()
        };
        assert_eq!(current_problems(&s), 3);
        assert_eq!(current_problems(&Summary::default()), 0);
        assert_eq!(titled("HA Status", 2), "(2) HA Status");
        assert_eq!(titled("HA Status", 0), "HA Status");
    }

    #[test]
    fn a_failed_refresh_is_skipped_and_the_next_success_compares_with_the_last_good() {
        let mut seen = Successive::default();
        let state = LoadState::default().next(Outcome::Fresh("a"), 1.0);
        assert_eq!(seen.next(&state), Some((None, "a", 1.0)), "the first answer: nothing before");
        assert_eq!(seen.next(&state), None, "the same state twice is one answer");
        let failed = state.next(Outcome::Failed, 2.0);
        assert_eq!(seen.next(&failed), None, "a failure brings no answer");
        let back = failed.next(Outcome::Fresh("b"), 3.0);
        assert_eq!(seen.next(&back), Some((Some("a"), "b", 3.0)));
        let unchanged = back.next(Outcome::Fresh("b"), 4.0);
        assert_eq!(seen.next(&unchanged), Some((Some("b"), "b", 4.0)), "an answer, if unchanged");
        let notice = unchanged.next(Outcome::Cleared, 5.0);
        assert_eq!(seen.next(&notice), None, "a notice has no data to compare");
        let again = notice.next(Outcome::Fresh("c"), 6.0);
        assert_eq!(seen.next(&again), Some((Some("b"), "c", 6.0)), "compared with the last data");
    }
}
