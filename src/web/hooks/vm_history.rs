//! The VM tab's memory of its resource, "was migrate on pve01 until 14:02": successive
//! successful answers compared (a failed refresh in between is skipped), kept in this browser
//! tab's session storage per VM.

use crate::model::changes::{History, Successive, Was};
use crate::model::load::LoadState;
use crate::model::resource::Resource;
use crate::model::vm::{VmHa, VmState};
use crate::web::hooks::stored::{read, write};
use leptos::prelude::*;
use std::sync::Mutex;

fn managed(state: &VmState) -> Option<&Resource> {
    match &state.ha {
        Some(Ok(VmHa::Managed(resource))) => Some(resource),
        _ => None,
    }
}

/// A memo over `state`, like the state itself (`use_last_good`), rather than an effect writing
/// a signal (0.4 KB br less): each new answer folds in; a memo's function is `Fn` and `Sync`,
/// hence the lock around what it saw last.
pub fn use_vm_history(netbox_id: u64, state: Memo<LoadState<VmState>>) -> Memo<History> {
    let key = format!("proxbox-ha.vm.{netbox_id}");
    let seen = Mutex::new(Successive::<VmState>::default());
    Memo::new_owning(move |history: Option<History>| {
        let mut history =
            history.unwrap_or_else(|| History::from_json(&read(false, &key).unwrap_or_default()));
        let Some((Some(earlier), now, at)) = state.with(|s| seen.lock().ok()?.next(s)) else {
            return (history, false);
        };
        let both = managed(&earlier).zip(managed(&now));
        let Some(was) = both.and_then(|(before, after)| Was::between(before, after, at)) else {
            return (history, false);
        };
        history.add(was);
        write(false, &key, Some(&history.to_json()));
        (history, true)
    })
}
