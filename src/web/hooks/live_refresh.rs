//! Live refresh: re-fetch on an interval, never while the tab is hidden, at once when it
//! shows again if a refresh is due; and a clock for "updated N s ago". A good citizen of a
//! backend that pays for every call (`model::refresh`): the interval stretches while answers
//! fail or come slowly, no refresh starts while a request of the page is on its way, and the
//! browser's tabs share what they fetched (`web::shared`).
//! Two leptos primitives (`set_interval_with_handle`, `window_event_listener`) are all it
//! takes, so no extra crate is pulled in for it.

use crate::model::refresh::refresh_delay_ms;
use crate::web::api::requests_in_flight;
use crate::web::shared;
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

/// What the refresh reads of its view.
pub struct LiveRefresh {
    /// 0: no automatic refresh.
    pub interval_seconds: u64,
    pub updated_at: Signal<Option<f64>>,
    /// The last attempt failed (the view shows the last good answer, stale).
    pub stale: Signal<bool>,
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Starts the clock and, unless the interval is 0, the refresh timer; both stop on unmount.
pub fn use_live_refresh(
    options: LiveRefresh,
    refetch: impl Fn() + Clone + Send + Sync + 'static,
) -> Live {
    let LiveRefresh { interval_seconds, updated_at, stale } = options;
    let interval_ms = interval_seconds as f64 * 1000.0;
    let (now, set_now) = signal(js_sys::Date::now());
    let clock =
        set_interval_with_handle(move || set_now.set(js_sys::Date::now()), Duration::from_secs(1))
            .ok();
    // Counted from the last attempt too, so that after a failure the next try waits a whole
    // (stretched) interval: no request storm.
    let last_try = StoredValue::new(js_sys::Date::now());
    let failures = StoredValue::new(0u32);
    let refresh_if_due = move || {
        let (tried, updated) = (last_try.get_value(), updated_at.get_untracked());
        // How long the last good answer took, when it answered the last attempt.
        let took = updated.filter(|at| *at >= tried).map(|at| at - tried);
        let wait = refresh_delay_ms(interval_ms, failures.get_value(), took);
        let due = js_sys::Date::now() - updated.unwrap_or(0.0).max(tried) >= wait - 500.0;
        if interval_seconds > 0 && visible() && due && requests_in_flight() == 0 {
            failures.update_value(|n| *n = if stale.get_untracked() { *n + 1 } else { 0 });
            last_try.set_value(js_sys::Date::now());
            shared::allow_reuse(interval_ms - 1_000.0);
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
