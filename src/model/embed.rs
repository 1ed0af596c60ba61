//! Options of the embedded variant (`?embed=1&theme=dark`), read from the page's query string.

use crate::model::contract::THEME_MESSAGE;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follow `prefers-color-scheme`.
    Auto,
}

impl Theme {
    pub fn parse(value: &str) -> Option<Theme> {
        match value.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    /// The value of `data-bs-theme` on `<html>`, as NetBox sets it; `None` removes it.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
            Theme::Auto => None,
        }
    }

    /// A theme change posted by the parent page: `{type: "proxbox-ha:theme", theme: "dark"}`.
    pub fn from_message(data: &Value) -> Option<Theme> {
        (data.get("type")?.as_str()? == THEME_MESSAGE)
            .then(|| Theme::parse(data.get("theme")?.as_str()?))
            .flatten()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub embedded: bool,
    pub theme: Option<Theme>,
    /// `?vm=42`: the NetBox VM of the lean embedded page (`embed.html`).
    pub vm: Option<u64>,
}

impl EmbedOptions {
    /// Reads `?embed=1&theme=...` from a `location.search` string.
    pub fn from_query(search: &str) -> EmbedOptions {
        let mut options = EmbedOptions::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "embed" => options.embedded = matches!(value, "1" | "true" | "yes"),
                "theme" => options.theme = Theme::parse(value),
                "vm" => options.vm = crate::model::coerce::digits(value),
                _ => {}
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_embed_and_theme_from_the_query() {
        assert_eq!(
            EmbedOptions::from_query("?embed=1&theme=dark"),
            EmbedOptions { embedded: true, theme: Some(Theme::Dark), vm: None }
        );
        assert_eq!(EmbedOptions::from_query("?vm=42&theme=light").vm, Some(42));
        assert_eq!(EmbedOptions::from_query("?vm=-1").vm, None);
        assert_eq!(
            EmbedOptions::from_query("?theme=AUTO"),
            EmbedOptions { embedded: false, theme: Some(Theme::Auto), vm: None }
        );
        assert_eq!(EmbedOptions::from_query("?embed=0&theme=pink"), EmbedOptions::default());
        assert_eq!(EmbedOptions::from_query(""), EmbedOptions::default());
    }

    #[test]
    fn theme_messages_from_the_parent() {
        assert_eq!(
            Theme::from_message(&json!({"type": "proxbox-ha:theme", "theme": "dark"})),
            Some(Theme::Dark)
        );
        assert_eq!(Theme::from_message(&json!({"type": "other", "theme": "dark"})), None);
        assert_eq!(Theme::from_message(&json!({"type": "proxbox-ha:theme", "theme": "<b>"})), None);
        assert_eq!(Theme::from_message(&json!("dark")), None);
        assert_eq!(Theme::Auto.attribute(), None);
    }
}
