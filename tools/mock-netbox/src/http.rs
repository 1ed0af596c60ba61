//! Just enough HTTP/1.1 for a mock: one request per connection, then close.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// A form body's fields (`application/x-www-form-urlencoded`).
    pub form: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.header("cookie")?
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    pub fn params(&self, name: &str) -> Vec<&str> {
        self.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params(name).into_iter().next()
    }

    pub fn form_field(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

pub enum Response {
    Body {
        status: u16,
        content_type: String,
        body: Vec<u8>,
        headers: Vec<(String, String)>,
        delay: Duration,
    },
    /// Accepts the request and never answers (bounded, so the mock's threads end).
    Hang,
    /// Closes the connection without a byte of answer.
    Drop,
}

impl Response {
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response::Body {
            status,
            content_type: content_type.into(),
            body,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::bytes(status, "application/json", value.to_string().into_bytes())
    }
    pub fn html(status: u16, html: &str) -> Response {
        Response::bytes(status, "text/html; charset=utf-8", html.as_bytes().to_vec())
    }
    pub fn text(status: u16, text: &str) -> Response {
        Response::bytes(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
    }
    pub fn redirect(location: &str) -> Response {
        let mut r = Response::bytes(303, "text/plain", Vec::new());
        if let Response::Body { headers, .. } = &mut r {
            headers.push(("Location".into(), location.into()));
        }
        r
    }
    pub fn file(path: &Path) -> Response {
        let content_type = match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
            "html" => "text/html; charset=utf-8",
            "js" => "text/javascript",
            "wasm" => "application/wasm",
            "css" => "text/css",
            "json" => "application/json",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        match std::fs::read(path) {
            Ok(body) => Response::bytes(200, content_type, body),
            Err(e) => Response::text(500, &format!("cannot read {}: {e}", path.display())),
        }
    }
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        if let Response::Body { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
    pub fn delayed(mut self, by: Duration) -> Response {
        if let Response::Body { delay, .. } = &mut self {
            *delay = by;
        }
        self
    }
}

/// Longest a hanging answer keeps its connection open.
const HANG: Duration = Duration::from_secs(120);

pub fn serve(stream: TcpStream, handler: impl Fn(&Request) -> Response) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else { return };
    match handler(&request) {
        Response::Hang => std::thread::sleep(HANG),
        Response::Drop => {}
        Response::Body { status, content_type, body, headers, delay } => {
            std::thread::sleep(delay);
            let mut head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
                 Connection: close\r\nCache-Control: no-store\r\n",
                reason(status),
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let mut stream = stream;
            let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
        }
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 || h.trim().is_empty() || headers.len() > 100 {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    std::io::Read::read_exact(&mut reader, &mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let (path, query, form) = (decode_path(path), pairs(query.as_bytes()), pairs(&body));
    Some(Request { method, path, query, headers, form })
}

/// A path's `%XX` escapes decoded; `+` stays a plus sign (it means a space only in a query).
fn decode_path(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// `a=1&b=x+y` (a query or a form body), decoded: `+` is a space there.
fn pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        204 => "No Content",
        303 => "See Other",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plus_is_a_space_in_a_query_and_a_plus_in_a_path() {
        assert_eq!(decode_path("/api/a+b%20c/%2B/"), "/api/a+b c/+/");
        assert_eq!(
            pairs(b"q=web+01&sid=vm%3A101&plus=%2B&flag&=x"),
            [("q", "web 01"), ("sid", "vm:101"), ("plus", "+"), ("flag", ""), ("", "x")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(decode_path("/bad%zz%"), "/bad%zz%", "malformed escapes stay as they are");
        assert_eq!(decode_path("/%E2%9C%93%FF"), "/\u{2713}\u{FFFD}");
    }
}
