//! Living in an iframe on NetBox's VM page: theme from the query or the parent page, and the
//! content height posted to the parent so it can size the frame.

use crate::model::contract::{QUERY_MESSAGE, RESIZE_MESSAGE};
use crate::model::embed::{EmbedOptions, Theme};
use crate::web::transport::framing_window;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Applies the theme asked for and, in a frame, follows the parent's theme and reports the
/// content's height to it; only NetBox's origin is listened to and told.
pub fn start(embed: EmbedOptions, netbox_origin: &str) {
    if let Some(theme) = embed.theme {
        apply_theme(theme);
    }
    if embed.embedded {
        follow_parent_theme(netbox_origin.to_owned());
        report_height(netbox_origin.to_owned());
    }
}

/// Sets NetBox's `data-bs-theme` on `<html>`; `Auto` leaves it to `prefers-color-scheme`.
fn apply_theme(theme: Theme) {
    let Some(html) = document().document_element() else { return };
    let _ = match theme.attribute() {
        Some(value) => html.set_attribute("data-bs-theme", value),
        None => html.remove_attribute("data-bs-theme"),
    };
}

/// Applies `{type: "proxbox-ha:theme", theme}` messages, only from a page on NetBox's origin.
fn follow_parent_theme(netbox_origin: String) {
    let handle = window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
        if event.origin() != netbox_origin {
            return;
        }
        let data = js_sys::JSON::stringify(&event.data())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        if let Some(theme) = serde_json::from_str(&data).ok().as_ref().and_then(Theme::from_message)
        {
            apply_theme(theme);
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

/// Tells the page that frames this one (NetBox's, and only NetBox's origin) the query it now
/// shows, `{type: "proxbox-ha:query", search}`, so that a filtered view can be bookmarked there.
pub fn tell_query(netbox_origin: &str, search: &str) {
    let Some(parent) = framing_window() else { return };
    post(&parent, serde_json::json!({ "type": QUERY_MESSAGE, "search": search }), netbox_origin);
}

/// Posts `message` to `parent`, the page that frames this one, for `netbox_origin` only.
pub fn post(parent: &web_sys::Window, message: serde_json::Value, netbox_origin: &str) {
    if let Ok(message) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&message, netbox_origin);
    }
}

/// Posts `{type: "proxbox-ha:resize", height}` to the parent whenever the content's height
/// changes. Only NetBox's origin may receive it. Nothing happens outside a frame.
fn report_height(netbox_origin: String) {
    let Some(parent) = framing_window() else { return };
    let Some(body) = document().body() else { return };
    let last = std::cell::Cell::new(0.0);
    let observed = body.clone();
    let callback = Closure::<dyn Fn()>::new(move || {
        let height = observed.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = serde_json::json!({ "type": RESIZE_MESSAGE, "height": height });
        post(&parent, message, &netbox_origin);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    callback.forget();
}
