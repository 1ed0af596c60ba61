use crate::web::hooks::live_refresh::Live;
use leptos::prelude::*;

/// "updated 12 s ago · refreshes every 30 s", in the page header.
#[component]
pub fn UpdatedAgo(live: Live, #[prop(into)] stale: Signal<bool>) -> impl IntoView {
    let text = move || {
        let t = live.updated_at.get()?;
        let seconds = ((live.now.get() - t) / 1000.0).max(0.0) as u64;
        let ago =
            if seconds < 60 { format!("{seconds} s") } else { format!("{} min", seconds / 60) };
        let every = match live.interval_seconds {
            0 => "auto-refresh off".to_owned(),
            n => format!("refreshes every {n} s"),
        };
        Some(format!("updated {ago} ago · {every}"))
    };
    view! {
        <span class="updated text-secondary" class:stale=move || stale.get() data-testid="updated">
            {text}
        </span>
    }
}
