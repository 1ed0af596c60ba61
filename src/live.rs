//! Live refresh: re-fetch on an interval, never while the tab is hidden, at once when it
//! shows again if a refresh is due; and a clock for "updated N s ago".
//! Two leptos primitives (`set_interval_with_handle`, `window_event_listener`) are all it
//! takes, so no extra crate is pulled in for it.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Live {
    /// `Date.now()` of the last good answer.
    pub updated_at: RwSignal<Option<f64>>,
    /// Ticks every second while the view is mounted.
    pub now: ReadSignal<f64>,
    pub interval_seconds: u64,
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Starts the clock and, unless `interval_seconds` is 0, the refresh timer; both stop on unmount.
pub fn use_live_refresh(interval_seconds: u64, refetch: impl Fn() + Clone + Send + Sync + 'static) -> Live {
    let (now, set_now) = signal(js_sys::Date::now());
    let updated_at = RwSignal::new(None::<f64>);
    let clock = set_interval_with_handle(move || set_now.set(js_sys::Date::now()), Duration::from_secs(1)).ok();
    // Counted from the last attempt too, so that after a failure the next try waits a whole
    // interval: no request storm.
    let last_try = StoredValue::new(js_sys::Date::now());
    let refresh_if_due = move || {
        let since = updated_at.get_untracked().unwrap_or(0.0).max(last_try.get_value());
        if interval_seconds > 0 && visible() && js_sys::Date::now() - since >= interval_seconds as f64 * 1000.0 - 500.0 {
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

/// "updated 12 s ago · refreshes every 30 s", in the page header.
#[component]
pub fn UpdatedAgo(live: Live, #[prop(into)] stale: Signal<bool>) -> impl IntoView {
    let text = move || match live.updated_at.get() {
        None => String::new(),
        Some(t) => {
            let seconds = ((live.now.get() - t) / 1000.0).max(0.0) as u64;
            let ago = if seconds < 60 { format!("{seconds} s") } else { format!("{} min", seconds / 60) };
            let every = match live.interval_seconds {
                0 => "auto-refresh off".to_owned(),
                n => format!("refreshes every {n} s"),
            };
            format!("updated {ago} ago · {every}")
        }
    };
    view! { <span class="updated text-secondary" class:stale=move || stale.get() data-testid="updated">{text}</span> }
}
