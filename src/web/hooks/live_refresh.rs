//! Live refresh: re-fetch on an interval, never while the tab is hidden, at once when it
//! shows again if a refresh is due; and a clock for "updated N s ago".
//! Two leptos primitives (`set_interval_with_handle`, `window_event_listener`) are all it
//! takes, so no extra crate is pulled in for it.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Live {
    /// `Date.now()` of the last answer that was not a failure.
    pub updated_at: Signal<Option<f64>>,
    /// Ticks every second while the view is mounted.
    pub now: ReadSignal<f64>,
    pub interval_seconds: u64,
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Starts the clock and, unless `interval_seconds` is 0, the refresh timer; both stop on unmount.
pub fn use_live_refresh(
    interval_seconds: u64,
    updated_at: Signal<Option<f64>>,
    refetch: impl Fn() + Clone + Send + Sync + 'static,
) -> Live {
    let (now, set_now) = signal(js_sys::Date::now());
    let clock =
        set_interval_with_handle(move || set_now.set(js_sys::Date::now()), Duration::from_secs(1))
            .ok();
    // Counted from the last attempt too, so that after a failure the next try waits a whole
    // interval: no request storm.
    let last_try = StoredValue::new(js_sys::Date::now());
    let refresh_if_due = move || {
        let since = updated_at.get_untracked().unwrap_or(0.0).max(last_try.get_value());
        let due = js_sys::Date::now() - since >= interval_seconds as f64 * 1000.0 - 500.0;
        if interval_seconds > 0 && visible() && due {
            last_try.set_value(js_sys::Date::now());
            refetch();
        }
    };
    let timer = (interval_seconds > 0)
        .then(|| set_interval_with_handle(refresh_if_due.clone(), Duration::from_secs(1)).ok())
        .flatten();
    let on_show = window_event_listener(leptos::ev::visibilitychange, move |_| refresh_if_due());
    let on_show = send_wrapper::SendWrapper::new(on_show);
    on_cleanup(move || {
        clock.into_iter().chain(timer).for_each(|h| h.clear());
        on_show.take().remove();
    });
    Live { updated_at, now, interval_seconds }
}
