//! How bad a state is at a glance, following the contract's "State vocabulary".

use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Sorted first: needs attention now.
    Problem,
    Transitional,
    Healthy,
    Neutral,
    /// A word this app does not know; shown as is, without a verdict.
    Unknown,
}

impl Severity {
    /// Every severity, worst first: the overview counts, the filter choices, the table order.
    pub const ALL: [Severity; 5] = [
        Severity::Problem,
        Severity::Transitional,
        Severity::Healthy,
        Severity::Neutral,
        Severity::Unknown,
    ];

    /// Classifies a CRM, request, node, LRM or master state word.
    pub fn of_state(state: &str) -> Severity {
        let state = state.trim().to_ascii_lowercase();
        match state.as_str() {
            "error" | "fence" | "recovery" | "lost_agent_lock" | "dead" => Severity::Problem,
            "migrate"
            | "relocate"
            | "freeze"
            | "maintenance"
            | "wait_for_agent_lock"
            | "disarming"
            | "disarmed"
            | "disarm"
            | "unknown" => Severity::Transitional,
            s if s.starts_with("request_") => Severity::Transitional,
            "started" | "online" | "active" | "enabled" | "ok" | "armed" => Severity::Healthy,
            "stopped" | "disabled" | "ignored" | "ignore" | "idle" | "gone" | "standby" => {
                Severity::Neutral
            }
            _ => Severity::Unknown,
        }
    }

    /// The NetBox (Tabler) badge colour class for this severity.
    pub fn badge_class(self) -> &'static str {
        match self {
            Severity::Problem => "text-bg-red",
            Severity::Transitional => "text-bg-yellow",
            Severity::Healthy => "text-bg-green",
            Severity::Neutral => "text-bg-gray",
            Severity::Unknown => "text-bg-blue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Problem => "problem",
            Severity::Transitional => "transitional",
            Severity::Healthy => "healthy",
            Severity::Neutral => "neutral",
            Severity::Unknown => "unknown",
        }
    }
}

/// Reads a label as `label()` writes it (`?severity=problem`).
impl FromStr for Severity {
    type Err = ();

    fn from_str(label: &str) -> Result<Severity, ()> {
        Severity::ALL.into_iter().find(|s| s.label() == label).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_transitions_and_healthy_states_follow_the_contract() {
        for s in ["error", "fence", "recovery", "lost_agent_lock", "ERROR"] {
            assert_eq!(Severity::of_state(s), Severity::Problem, "{s}");
        }
        for s in [
            "disarmed",
            "disarming",
            "migrate",
            "relocate",
            "freeze",
            "request_stop",
            "request_start_balance",
            "maintenance",
            "wait_for_agent_lock",
        ] {
            assert_eq!(Severity::of_state(s), Severity::Transitional, "{s}");
        }
        for s in ["started", "online", "active", "enabled", "OK"] {
            assert_eq!(Severity::of_state(s), Severity::Healthy, "{s}");
        }
        for s in ["stopped", "disabled", "ignored", "idle"] {
            assert_eq!(Severity::of_state(s), Severity::Neutral, "{s}");
        }
        assert_eq!(Severity::of_state("banana"), Severity::Unknown);
    }

    #[test]
    fn problems_sort_first() {
        let mut all =
            [Severity::Neutral, Severity::Healthy, Severity::Problem, Severity::Transitional];
        all.sort();
        assert_eq!(all[0], Severity::Problem);
        assert_eq!(all[1], Severity::Transitional);
    }

    #[test]
    fn labels_read_back() {
        for s in Severity::ALL {
            assert_eq!(s.label().parse(), Ok(s));
        }
        assert_eq!("awful".parse::<Severity>(), Err(()));
        let mut sorted = Severity::ALL;
        sorted.sort();
        assert_eq!(sorted, Severity::ALL, "ALL is in severity order");
    }

    #[test]
    fn badge_colours_use_netbox_palette_names() {
        assert_eq!(Severity::Neutral.badge_class(), "text-bg-gray");
        assert_eq!(Severity::Problem.badge_class(), "text-bg-red");
    }
}
