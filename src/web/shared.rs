//! One refresh per browser: the tabs of one browser (same origin, the NetBox session's
//! cookies) hand each other the answers they fetched, over a `BroadcastChannel`, so that when
//! a tab's automatic refresh comes due and another tab has just fetched the same URL, it shows
//! that answer instead of asking again. A page's first load, Refresh and Retry always fetch;
//! answers fetched with an API token (a tab of its own credentials) are never shared. Nothing
//! leaves the browser.

use crate::web::transport::Answer;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const CHANNEL: &str = "proxbox-ha:answers";

#[derive(Default)]
struct Shared {
    channel: Option<web_sys::BroadcastChannel>,
    /// The latest answer per URL, from this tab or another: (when, status, type, body).
    answers: HashMap<String, (f64, u16, String, String)>,
    /// Until when a refresh may take an answer younger than `max_age_ms` instead of asking.
    reuse_until: f64,
    max_age_ms: f64,
}

thread_local! {
    static SHARED: RefCell<Shared> = RefCell::new(Shared::default());
}

/// Joins the browser's channel once per page; later calls do nothing.
fn join() {
    SHARED.with_borrow_mut(|shared| {
        if shared.channel.is_some() {
            return;
        }
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
                let fields = js_sys::Array::from(&event.data());
                let text = |i| fields.get(i).as_string().unwrap_or_default();
                let (at, status) =
                    (fields.get(1).as_f64().unwrap_or(0.0), fields.get(2).as_f64().unwrap_or(0.0));
                SHARED.with_borrow_mut(|shared| {
                    shared.answers.insert(text(0), (at, status as u16, text(3), text(4)));
                });
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The listener lives as long as the page.
        on_message.forget();
        shared.channel = Some(channel);
    });
}

/// An automatic refresh is about to fetch: for a moment, answers younger than `max_age_ms`
/// (this tab's or another's) stand in for new requests.
pub fn allow_reuse(max_age_ms: f64) {
    join();
    let now = js_sys::Date::now();
    SHARED.with_borrow_mut(|shared| {
        shared.reuse_until = now + 2_000.0;
        shared.max_age_ms = max_age_ms;
    });
}

/// A recent answer for `url` where an automatic refresh may use one.
pub fn reusable(url: &str) -> Option<Answer> {
    let now = js_sys::Date::now();
    SHARED.with_borrow(|shared| {
        let (at, status, content_type, body) = shared.answers.get(url)?;
        (now < shared.reuse_until && now - at < shared.max_age_ms).then(|| Answer {
            status: *status,
            content_type: content_type.clone(),
            body: body.clone(),
        })
    })
}

/// A good answer this tab fetched: kept, and handed to the browser's other tabs.
pub fn publish(url: &str, answer: &Answer) {
    join();
    let at = js_sys::Date::now();
    SHARED.with_borrow_mut(|shared| {
        let message = js_sys::Array::of5(
            &url.into(),
            &at.into(),
            &f64::from(answer.status).into(),
            &answer.content_type.as_str().into(),
            &answer.body.as_str().into(),
        );
        if let Some(channel) = &shared.channel {
            let _ = channel.post_message(&message);
        }
        let entry = (at, answer.status, answer.content_type.clone(), answer.body.clone());
        shared.answers.insert(url.to_owned(), entry);
    });
}
