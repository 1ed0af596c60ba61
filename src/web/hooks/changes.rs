//! The status page's change log: each successful answer compared with the one before it
//! (`model::changes`), kept in this browser tab's session storage, so that it survives a
//! reload of the tab and a second tab starts empty.

use crate::model::changes::{diff, new_problems, ChangeLog, RowMarks, Successive};
use crate::model::load::LoadState;
use crate::model::summary::Summary;
use crate::web::hooks::effect;
use crate::web::hooks::notifications::Notifications;
use crate::web::hooks::stored::{read, write};
use leptos::prelude::*;
use std::sync::Arc;

const KEY: &str = "proxbox-ha.changes";

#[derive(Clone, Copy)]
pub struct Changes {
    pub log: RwSignal<ChangeLog>,
    /// What the last successful answer changed per resource row: the table marks those rows
    /// until the next answer.
    pub marks: RwSignal<RowMarks>,
    /// The last answer's new problems, in words, for assistive technology to announce.
    pub announced: RwSignal<String>,
}

impl Changes {
    pub fn clear(self) {
        self.log.set(ChangeLog::default());
        write(false, KEY, None);
    }
}

/// Logs what each successful answer of `state` changed, and notifies of new problems.
pub fn use_changes(state: Memo<LoadState<Arc<Summary>>>, notifications: Notifications) -> Changes {
    let log = RwSignal::new(ChangeLog::from_json(&read(false, KEY).unwrap_or_default()));
    let (marks, announced) = (RwSignal::new(RowMarks::default()), RwSignal::new(String::new()));
    let mut seen = Successive::default();
    // An effect, not a memo: the log is history, and it is written to storage.
    effect(move || {
        let Some((earlier, now, at)) = state.with(|s| seen.next(s)) else { return };
        let changes = earlier.map(|earlier| diff(&earlier, &now, at)).unwrap_or_default();
        let problems = new_problems(&changes);
        if !changes.is_empty() {
            log.update(|l| l.add(&changes));
            log.with_untracked(|l| write(false, KEY, Some(&l.to_json())));
            notifications.send(&problems);
        }
        marks.set(RowMarks::of(&changes));
        announced.set(if problems.is_empty() {
            String::new()
        } else {
            format!("New problem: {}", problems.join("; "))
        });
    });
    Changes { log, marks, announced }
}
