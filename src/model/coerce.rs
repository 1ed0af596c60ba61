//! Tolerant readers for JSON values that Proxmox leaks through the backend unnormalised:
//! booleans as `0/1` or strings, integers as numeric strings, kebab-case keys.

use serde_json::{Map, Value};

/// A JSON object read with snake_case or kebab-case keys alike.
#[derive(Clone, Copy)]
pub struct Fields<'a>(pub &'a Map<String, Value>);

impl<'a> Fields<'a> {
    /// The value under `key` (snake_case) or its kebab-case spelling; `null` counts as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        let found = self
            .0
            .get(key)
            .or_else(|| key.contains('_').then(|| self.0.get(&key.replace('_', "-"))).flatten());
        found.filter(|v| !v.is_null())
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(text)
    }

    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(flag)
    }

    pub fn count(&self, key: &str) -> Option<u64> {
        self.get(key).and_then(count)
    }

    /// The row's cluster: `cluster_name`, or `cluster` in hand-written answers.
    pub fn cluster(&self) -> Option<String> {
        self.text("cluster_name").or_else(|| self.text("cluster"))
    }
}

/// Text of a scalar; numbers and booleans are shown as written. Empty strings are absent.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A `detail` value as text; a list or object is shown as compact JSON rather than dropped.
pub fn detail_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A boolean from `true/false`, `0/1`, or `"1" "0" "true" "false" "yes" "no" "on" "off" ""`.
pub fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Some(true),
            "0" | "false" | "no" | "off" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A non-negative integer from a number or an all-digit string; anything else is absent.
pub fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => digits(s.trim()),
        _ => None,
    }
}

/// Parses an all-ASCII-digit string, refusing signs, blanks and overflow.
pub fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_accept_every_spelling_proxmox_uses() {
        for v in [
            json!(true),
            json!(1),
            json!("1"),
            json!("true"),
            json!("yes"),
            json!("on"),
            json!(" ON "),
        ] {
            assert_eq!(flag(&v), Some(true), "{v}");
        }
        for v in [
            json!(false),
            json!(0),
            json!("0"),
            json!("false"),
            json!("no"),
            json!("off"),
            json!(""),
        ] {
            assert_eq!(flag(&v), Some(false), "{v}");
        }
        for v in [json!(null), json!("maybe"), json!([1]), json!({})] {
            assert_eq!(flag(&v), None, "{v}");
        }
    }

    #[test]
    fn counts_keep_zero_and_refuse_garbage() {
        assert_eq!(count(&json!(0)), Some(0));
        assert_eq!(count(&json!("0")), Some(0));
        assert_eq!(count(&json!(" 3 ")), Some(3));
        assert_eq!(count(&json!(101)), Some(101));
        for v in [
            json!(-1),
            json!(1.5),
            json!("abc"),
            json!("-1"),
            json!("+1"),
            json!(""),
            json!(null),
            json!("99999999999999999999999"),
        ] {
            assert_eq!(count(&v), None, "{v}");
        }
    }

    #[test]
    fn fields_read_kebab_case_and_treat_null_as_absent() {
        let v = json!({"max-restart": "2", "crm_state": "started", "node": null, "request-state": "stopped"});
        let f = Fields(v.as_object().unwrap());
        assert_eq!(f.count("max_restart"), Some(2));
        assert_eq!(f.text("crm_state").as_deref(), Some("started"));
        assert_eq!(f.text("request_state").as_deref(), Some("stopped"));
        assert_eq!(f.text("node"), None);
    }

    #[test]
    fn text_shows_scalars_and_drops_blanks() {
        assert_eq!(text(&json!(5)).as_deref(), Some("5"));
        assert_eq!(text(&json!("  ")), None);
        assert_eq!(text(&json!({"a": 1})), None);
    }
}
