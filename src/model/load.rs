//! "Keep the last good answer; mark it stale when a refresh fails", the one rule both views
//! render by (after Proxmox Datacenter Manager's `LoadResult`).

/// What the newest answer means for the data on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// New data: show it.
    Fresh(T),
    /// A failure: keep what is shown, marked stale.
    Failed,
    /// An answer, but not data (no enabled endpoint, the VM is gone): show none.
    Cleared,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadState<T> {
    pub last_good: Option<T>,
    /// The newest answer failed.
    pub failed: bool,
    /// When the newest answer that was not a failure arrived (ms since the epoch).
    pub updated_at: Option<f64>,
}

impl<T> Default for LoadState<T> {
    fn default() -> Self {
        LoadState { last_good: None, failed: false, updated_at: None }
    }
}

impl<T> LoadState<T> {
    /// The state after an answer that arrived at `now`.
    pub fn next(self, outcome: Outcome<T>, now: f64) -> LoadState<T> {
        match outcome {
            Outcome::Fresh(data) => {
                LoadState { last_good: Some(data), failed: false, updated_at: Some(now) }
            }
            Outcome::Failed => LoadState { failed: true, ..self },
            Outcome::Cleared => LoadState { last_good: None, failed: false, updated_at: Some(now) },
        }
    }

    /// Data are on screen but the newest answer failed: they may be out of date.
    pub fn stale(&self) -> bool {
        self.failed && self.last_good.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_refresh_keeps_the_data_and_marks_them_stale() {
        let first = LoadState::default().next(Outcome::Fresh("a"), 1.0);
        assert_eq!(
            (first.last_good, first.stale(), first.updated_at),
            (Some("a"), false, Some(1.0))
        );
        let failed = first.next(Outcome::Failed, 2.0);
        assert_eq!((failed.last_good, failed.stale()), (Some("a"), true));
        assert_eq!(failed.updated_at, Some(1.0), "a failure is not an update");
        let again = failed.clone().next(Outcome::Failed, 3.0);
        assert_eq!(again, failed, "failing twice changes nothing");
        let back = failed.next(Outcome::Fresh("b"), 4.0);
        assert_eq!((back.last_good, back.stale(), back.updated_at), (Some("b"), false, Some(4.0)));
    }

    #[test]
    fn a_failure_before_any_data_is_not_stale() {
        let failed = LoadState::<&str>::default().next(Outcome::Failed, 1.0);
        assert!(failed.failed && !failed.stale());
        assert_eq!(failed.last_good, None);
    }

    #[test]
    fn an_answer_without_data_clears_what_was_shown() {
        let cleared = LoadState::default().next(Outcome::Fresh(1), 1.0).next(Outcome::Failed, 2.0);
        let cleared = cleared.next(Outcome::Cleared, 3.0);
        assert_eq!(cleared, LoadState { last_good: None, failed: false, updated_at: Some(3.0) });
    }
}
