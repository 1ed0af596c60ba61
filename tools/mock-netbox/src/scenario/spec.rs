//! Response specs of the scenario files: `{"status", "body"}`, `{"html"}`, `{"raw",
//! "content_type"}`, `{"fault": "hang" | "drop"}`, `{"huge_mb"}`, each with `"delay_ms"`.

use crate::http::Response;
use serde_json::{json, Value};
use std::time::Duration;

pub fn not_found_page() -> Response {
    Response::html(404, "<!DOCTYPE html><html><head><title>Page Not Found | NetBox</title></head><body><h1>Page Not Found</h1></body></html>")
}

pub fn spec_response(spec: &Value) -> Response {
    let status = spec.get("status").and_then(Value::as_u64).unwrap_or(200) as u16;
    let response = match spec.get("fault").and_then(Value::as_str) {
        Some("hang") => return Response::Hang,
        Some("drop") => return Response::Drop,
        _ => {
            if let Some(mb) = spec.get("huge_mb").and_then(Value::as_u64) {
                let padding = "x".repeat(mb as usize * 1024 * 1024);
                Response::json(
                    status,
                    &json!({"status": [], "groups": [], "rules": [], "resources": [], "padding": padding}),
                )
            } else if let Some(html) = spec.get("html").and_then(Value::as_str) {
                Response::html(status, html)
            } else if let Some(raw) = spec.get("raw").and_then(Value::as_str) {
                let content_type =
                    spec.get("content_type").and_then(Value::as_str).unwrap_or("application/json");
                Response::bytes(status, content_type, raw.as_bytes().to_vec())
            } else {
                Response::json(status, spec.get("body").unwrap_or(&Value::Null))
            }
        }
    };
    match spec.get("delay_ms").and_then(Value::as_u64) {
        Some(ms) => response.delayed(Duration::from_millis(ms)),
        None => response,
    }
}
