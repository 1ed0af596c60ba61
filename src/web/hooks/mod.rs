//! Reactive building blocks the pages share.

pub mod changes;
pub mod last_good;
pub mod live_refresh;
pub mod notifications;
pub mod page_query;
pub mod stored;
pub mod tab_title;
pub mod vm_history;

use leptos::prelude::Effect;

/// `Effect::new` of a boxed function: the effects made here share one copy of leptos' effect
/// loop, instead of one per closure (each about 0.3 KB brotli).
pub fn effect(run: impl FnMut() + 'static) {
    boxed_effect(Box::new(run));
}

fn boxed_effect(mut run: Box<dyn FnMut()>) {
    Effect::new(move |_| run());
}
