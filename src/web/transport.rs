//! Sending one request. Framed by a page of its own origin (the plugin's HA live tab on
//! NetBox's VM page), the app fetches through that page's `fetch`: a `<link rel="preload">`
//! serves only its own document, and the VM page preloads the shim's answer while the frame
//! is still loading. The objects that come back belong to the other page's JavaScript realm,
//! where `instanceof` checks fail (gloo-net's `send` would panic on them), so they are read
//! here without such checks.

use gloo_net::http::Request;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Window;

/// What came back: status, content type, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// Sends a request as gloo-net built it and reads the whole answer; `Err` carries the
/// browser's words (or why the request could not be built).
pub async fn send(built: Result<Request, gloo_net::Error>) -> Result<Answer, String> {
    let request: web_sys::Request = built.map_err(|e| e.to_string())?.into();
    let (fetch, this) = fetcher().ok_or("this page has no fetch")?;
    let promise = fetch.call1(&this, &request).map_err(|e| js_message(&e))?;
    let response: web_sys::Response = JsFuture::from(promise.unchecked_into::<Promise>())
        .await
        .map_err(|e| js_message(&e))?
        .unchecked_into();
    let content_type = response.headers().get("content-type").ok().flatten().unwrap_or_default();
    let text = response.text().map_err(|e| js_message(&e))?;
    let body = JsFuture::from(text).await.map_err(|e| js_message(&e))?;
    Ok(Answer {
        status: response.status(),
        content_type,
        body: body.as_string().unwrap_or_default(),
    })
}

/// The window framing this page, if any (of any origin).
pub fn framing_window() -> Option<Window> {
    let own = web_sys::window()?;
    own.parent().ok().flatten().filter(|parent| *parent != own)
}

/// The parent window's `fetch` where the parent is of this origin (reading a property of
/// another origin's window throws, caught here), else this window's.
fn fetcher() -> Option<(Function, JsValue)> {
    let own = web_sys::window()?;
    let parent = framing_window();
    let window_fetch = |window: &JsValue| -> Option<(Function, JsValue)> {
        let fetch = Reflect::get(window, &JsValue::from_str("fetch")).ok()?;
        Some((fetch.dyn_into::<Function>().ok()?, window.clone()))
    };
    parent.and_then(|parent| window_fetch(&parent)).or_else(|| window_fetch(&own))
}

/// `name: message` of a thrown value, whichever realm it comes from.
fn js_message(value: &JsValue) -> String {
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok()?.as_string();
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        _ => value.as_string().unwrap_or_else(|| format!("{value:?}")),
    }
}
