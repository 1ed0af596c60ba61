//! Opt-in browser notifications of new problems while the page is hidden. Off by default; the
//! browser's permission is asked for only when the user turns them on, and the choice is kept
//! in local storage.

use crate::web::hooks::stored::{read, write};
use leptos::prelude::*;
use std::time::Duration;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

const KEY: &str = "proxbox-ha.notify";

#[derive(Clone, Copy)]
pub struct Notifications {
    pub on: RwSignal<bool>,
    /// The browser refuses them (the user said no, now or before): the switch says so.
    pub blocked: RwSignal<bool>,
    /// The browser has notifications at all.
    pub supported: bool,
}

fn permission() -> Option<NotificationPermission> {
    let has = js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false);
    has.then(Notification::permission)
}

fn hidden() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Hidden
}

/// The switch's state; `refetch` reads the status again every `interval_seconds` while the
/// page is hidden and notifications are on: live refresh pauses then, and nothing new could
/// be found to notify of.
pub fn use_notifications(interval_seconds: u64, refetch: impl Fn() + 'static) -> Notifications {
    let permission = permission();
    let granted = permission == Some(NotificationPermission::Granted);
    let on = RwSignal::new(granted && read(true, KEY).is_some());
    let blocked = RwSignal::new(permission == Some(NotificationPermission::Denied));
    let every = Duration::from_secs(interval_seconds);
    let refresh = move || {
        if on.get_untracked() && hidden() {
            refetch();
        }
    };
    let timer = (interval_seconds > 0).then(|| set_interval_with_handle(refresh, every).ok());
    on_cleanup(move || timer.flatten().into_iter().for_each(|t| t.clear()));
    Notifications { on, blocked, supported: permission.is_some() }
}

impl Notifications {
    fn set(self, on: bool) {
        self.on.set(on);
        write(true, KEY, on.then_some("1"));
    }

    /// Off, or on once the browser allows it: asked here, on the user's click, if never before.
    pub fn toggle(self) {
        if self.on.get_untracked() {
            return self.set(false);
        }
        match permission() {
            Some(NotificationPermission::Granted) => self.set(true),
            Some(NotificationPermission::Default) => {
                let Ok(asked) = Notification::request_permission() else { return };
                leptos::task::spawn_local(async move {
                    let answer = wasm_bindgen_futures::JsFuture::from(asked).await;
                    let granted =
                        answer.ok().and_then(|a| a.as_string()).as_deref() == Some("granted");
                    self.blocked.set(!granted);
                    if granted {
                        self.set(true);
                    }
                });
            }
            _ => self.blocked.set(true),
        }
    }

    /// One notification of these lines, when they are on and the page is hidden.
    pub fn send(self, lines: &[String]) {
        if lines.is_empty() || !self.on.get_untracked() || !hidden() {
            return;
        }
        let options = NotificationOptions::new();
        options.set_body(&lines.join("\n"));
        let _ = Notification::new_with_options("New HA problem", &options);
    }
}
