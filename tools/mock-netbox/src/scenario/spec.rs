//! Response specs of the scenario files: `{"status", "body"}`, `{"html"}`, `{"raw",
//! "content_type"}`, `{"fault": "hang" | "drop"}`, `{"huge_mb"}`, each with `"delay_ms"`.

use crate::http::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// One answer of a scenario file. Unknown keys are an error (a misspelt `"stauts"` would
/// otherwise answer 200 silently).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// 200 when not given.
    pub status: Option<u16>,
    /// The JSON body; `null` when not given.
    pub body: Option<Value>,
    html: Option<String>,
    raw: Option<String>,
    /// Of `raw`; `application/json` when not given.
    content_type: Option<String>,
    fault: Option<Fault>,
    /// A summary padded to this many MB.
    huge_mb: Option<usize>,
    delay_ms: Option<u64>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Fault {
    /// Accept the request and never answer.
    Hang,
    /// Close the connection without a byte of answer.
    Drop,
}

impl Spec {
    /// A 200 with this JSON body.
    pub fn body(body: Value) -> Spec {
        Spec { body: Some(body), ..Spec::default() }
    }

    pub fn response(&self) -> Response {
        let status = self.status.unwrap_or(200);
        let response = match (self.fault, self.huge_mb, &self.html, &self.raw) {
            (Some(Fault::Hang), ..) => return Response::Hang,
            (Some(Fault::Drop), ..) => return Response::Drop,
            (None, Some(mb), ..) => {
                let padding = "x".repeat(mb * 1024 * 1024);
                let body = json!({"status": [], "groups": [], "rules": [], "resources": [],
                    "padding": padding});
                Response::json(status, &body)
            }
            (None, None, Some(html), _) => Response::html(status, html),
            (None, None, None, Some(raw)) => {
                let content_type = self.content_type.as_deref().unwrap_or("application/json");
                Response::bytes(status, content_type, raw.as_bytes().to_vec())
            }
            (None, None, None, None) => {
                Response::json(status, self.body.as_ref().unwrap_or(&Value::Null))
            }
        };
        match self.delay_ms {
            Some(ms) => response.delayed(Duration::from_millis(ms)),
            None => response,
        }
    }
}

pub fn not_found_page() -> Response {
    Response::html(
        404,
        "<!DOCTYPE html><html><head><title>Page Not Found | NetBox</title></head>\
         <body><h1>Page Not Found</h1></body></html>",
    )
}
