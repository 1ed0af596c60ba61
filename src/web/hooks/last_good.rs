//! The last good answer of a resource, derived (a memo over the resource, no effect writing
//! signals), following `model::load`'s rule.

use crate::model::load::{LoadState, Outcome};
use leptos::prelude::*;
use std::sync::Arc;

/// Folds each answer of `resource` into a `LoadState` with `outcome`.
pub fn use_last_good<R, T>(
    resource: LocalResource<R>,
    outcome: fn(&R) -> Outcome<T>,
) -> Memo<LoadState<T>>
where
    R: Clone + 'static,
    T: Clone + Send + Sync + 'static,
{
    Memo::new_owning(move |previous: Option<LoadState<T>>| {
        let previous = previous.unwrap_or_default();
        match resource.get() {
            Some(answer) => (previous.next(outcome(&answer), js_sys::Date::now()), true),
            None => (previous, false),
        }
    })
}

/// A memo comparator for shared answers: changed when another answer replaced it, without
/// comparing the contents of thousands of rows.
pub fn replaced<T>(old: Option<&Option<Arc<T>>>, new: Option<&Option<Arc<T>>>) -> bool {
    match (old.and_then(Option::as_ref), new.and_then(Option::as_ref)) {
        (Some(old), Some(new)) => !Arc::ptr_eq(old, new),
        (None, None) => old.is_none() != new.is_none(),
        _ => true,
    }
}
