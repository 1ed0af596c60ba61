//! How absent and coerced values read in tables. A `0` counter is a value, not a dash.

pub const ABSENT: &str = "—";

pub fn text_or_dash(value: Option<&str>) -> String {
    value.unwrap_or(ABSENT).to_owned()
}

pub fn count_or_dash(value: Option<u64>) -> String {
    value.map_or_else(|| ABSENT.to_owned(), |n| n.to_string())
}

pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => ABSENT,
    }
}

/// A cluster's heading; single-cluster backends may not name it.
pub fn cluster_label(name: &str) -> &str {
    if name.is_empty() {
        "Cluster"
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_shown_and_absent_is_a_dash() {
        assert_eq!(count_or_dash(Some(0)), "0");
        assert_eq!(count_or_dash(None), ABSENT);
        assert_eq!(yes_no(Some(false)), "no");
        assert_eq!(yes_no(None), ABSENT);
        assert_eq!(text_or_dash(None), ABSENT);
        assert_eq!(cluster_label(""), "Cluster");
    }
}
