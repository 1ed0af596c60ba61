//! Where NetBox is, and the rules that keep requests (and the token) on that origin.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetBox {
    /// `scheme://host[:port]`
    origin: String,
    /// NetBox's own sub-path (its `BASE_PATH`), `""` or like `/netbox`.
    path: String,
}

/// Splits `scheme://authority/rest` into (`scheme://authority`, `/rest`) for http(s) URLs.
fn split_origin(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url
        .strip_prefix("https://")
        .map(|rest| (8, rest))
        .or_else(|| url.strip_prefix("http://").map(|rest| (7, rest)));
    let (scheme_len, rest) = after_scheme?;
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let bad = |c: char| c.is_whitespace() || c == '@' || c == '\\';
    if authority.is_empty() || authority.contains(bad) {
        return None;
    }
    Some(url.split_at(scheme_len + authority_len))
}

impl NetBox {
    /// `configured` is config.json's `netbox_url`; without it NetBox is the page's own origin.
    /// A path alone (`/netbox/`, NetBox's `BASE_PATH`) means the page's origin under it.
    pub fn new(configured: Option<&str>, page_origin: &str) -> Result<NetBox, String> {
        let configured = configured.map(str::trim).filter(|u| !u.is_empty());
        let same_origin_path = configured
            .filter(|u| u.starts_with('/') && !u.starts_with("//"))
            .map(|path| format!("{page_origin}{path}"));
        let url = same_origin_path.as_deref().or(configured).unwrap_or(page_origin);
        let (origin, path) = split_origin(url)
            .ok_or_else(|| format!("\"{url}\" is not an http(s) URL; set netbox_url in config.json like \"https://netbox.example.com\"."))?;
        if path.contains(['?', '#']) {
            return Err(format!("\"{url}\" must not carry a query or fragment."));
        }
        Ok(NetBox {
            origin: origin.to_ascii_lowercase(),
            path: path.trim_end_matches('/').to_owned(),
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// An absolute URL for a NetBox path like `/api/...`.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{}{}", self.origin, self.path, path_and_query)
    }

    /// NetBox's page of one VirtualMachine; built only from a validated integer id.
    pub fn vm_page(&self, netbox_id: u64) -> String {
        self.url(&format!("/virtualization/virtual-machines/{netbox_id}/"))
    }

    /// Whether a URL is on the configured NetBox (the only place the token may go).
    pub fn owns(&self, url: &str) -> bool {
        split_origin(url).is_some_and(|(origin, rest)| {
            origin.eq_ignore_ascii_case(&self.origin)
                && rest.starts_with(&format!("{}/", self.path))
        })
    }

    /// A paged list's `next` link, made safe: NetBox builds it from the request's Host header,
    /// so behind a proxy it may name another host. Keep only its path and query, on our origin.
    pub fn follow_next(&self, next: &Value) -> Option<String> {
        let next = next.as_str()?.trim();
        let path_and_query = match split_origin(next) {
            Some((_, rest)) => rest,
            None if next.starts_with('/') && !next.starts_with("//") => next,
            None => return None,
        };
        let api_root = format!("{}/api/", self.path);
        path_and_query.starts_with(&api_root).then(|| format!("{}{}", self.origin, path_and_query))
    }
}

/// The `Authorization` header value for a pasted NetBox token: v2 `nbt_...` keys use
/// `Bearer`, 40-hex v1 keys use `Token`; a pasted full header value is kept as is.
pub fn authorization(token: &str) -> Option<String> {
    let token = token.trim();
    if token.is_empty() || token.contains(|c: char| c.is_control()) {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("bearer ") || lower.starts_with("token ") {
        return Some(token.to_owned());
    }
    if token.starts_with("nbt_") {
        Some(format!("Bearer {token}"))
    } else {
        Some(format!("Token {token}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nb() -> NetBox {
        NetBox::new(Some("https://NetBox.example.com/"), "http://app.local").unwrap()
    }

    #[test]
    fn defaults_to_page_origin_and_keeps_sub_path() {
        let own = NetBox::new(None, "http://127.0.0.1:8080").unwrap();
        assert_eq!(own.url("/api/x/"), "http://127.0.0.1:8080/api/x/");
        let sub = NetBox::new(Some("https://nb.example.com/netbox/"), "x").unwrap();
        assert_eq!(
            sub.vm_page(7),
            "https://nb.example.com/netbox/virtualization/virtual-machines/7/"
        );
        assert_eq!(
            nb().vm_page(2),
            "https://netbox.example.com/virtualization/virtual-machines/2/"
        );
    }

    #[test]
    fn a_path_alone_is_the_page_origin_under_a_base_path() {
        let nb = NetBox::new(Some("/netbox/"), "https://nb.example.com").unwrap();
        assert_eq!(nb.url("/api/x/"), "https://nb.example.com/netbox/api/x/");
        let root = NetBox::new(Some("/"), "http://127.0.0.1:8080").unwrap();
        assert_eq!(root.url("/api/x/"), "http://127.0.0.1:8080/api/x/");
        assert!(NetBox::new(Some("//evil.example/"), "https://nb.example.com").is_err());
    }

    #[test]
    fn refuses_urls_that_are_not_plain_http() {
        for bad in [
            "javascript:alert(1)",
            "ftp://x",
            "https://",
            "https://user@evil.com",
            "https://a b",
            "https://x/?a=1",
        ] {
            assert!(NetBox::new(Some(bad), "http://x").is_err(), "{bad}");
        }
    }

    #[test]
    fn next_links_stay_on_our_origin() {
        let nb = nb();
        assert_eq!(
            nb.follow_next(&json!(
                "https://netbox.example.com/api/virtualization/virtual-machines/?limit=2&offset=2"
            ))
            .as_deref(),
            Some(
                "https://netbox.example.com/api/virtualization/virtual-machines/?limit=2&offset=2"
            )
        );
        // Built from an internal Host header behind a proxy: rebuilt on our origin.
        assert_eq!(
            nb.follow_next(&json!(
                "http://10.0.0.5:8000/api/virtualization/virtual-machines/?offset=50"
            ))
            .as_deref(),
            Some("https://netbox.example.com/api/virtualization/virtual-machines/?offset=50")
        );
        assert_eq!(nb.follow_next(&json!(null)), None);
        assert_eq!(nb.follow_next(&json!("https://evil.example/steal")), None, "not an API path");
        assert_eq!(nb.follow_next(&json!("//evil.example/api/")), None);
        assert_eq!(nb.follow_next(&json!("javascript:alert(1)")), None);
    }

    #[test]
    fn owns_only_the_configured_origin_and_path() {
        let nb = nb();
        assert!(nb.owns("https://netbox.example.com/api/x/"));
        assert!(!nb.owns("https://netbox.example.com.evil.com/api/x/"));
        assert!(!nb.owns("http://netbox.example.com/api/x/"));
        let sub = NetBox::new(Some("https://nb.example.com/netbox"), "x").unwrap();
        assert!(!sub.owns("https://nb.example.com/other/api/"));
    }

    #[test]
    fn token_header_follows_netbox_token_versions() {
        assert_eq!(authorization("nbt_abc.def").as_deref(), Some("Bearer nbt_abc.def"));
        assert_eq!(
            authorization(&"a".repeat(40)).as_deref(),
            Some(format!("Token {}", "a".repeat(40)).as_str())
        );
        assert_eq!(authorization(" Bearer nbt_x.y ").as_deref(), Some("Bearer nbt_x.y"));
        assert_eq!(authorization("  "), None);
        assert_eq!(authorization("abc\r\nX-Evil: 1"), None);
    }
}
