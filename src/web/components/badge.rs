use crate::model::display::ABSENT;
use crate::model::severity::Severity;
use leptos::prelude::*;

/// A state word in a badge coloured by severity; the word itself is always shown,
/// so colour is never the only signal.
#[component]
pub fn StateBadge(#[prop(into)] state: Option<String>) -> impl IntoView {
    match state {
        Some(state) => {
            let severity = Severity::of_state(&state);
            view! {
                <span class=format!("badge {}", severity.badge_class()) title=severity.label()>
                    {state}
                </span>
            }
            .into_any()
        }
        None => view! { <span class="text-secondary">{ABSENT}</span> }.into_any(),
    }
}

/// A badge with a fixed severity, for verdicts that are not a single state word.
#[component]
pub fn Badge(severity: Severity, #[prop(into)] text: String) -> impl IntoView {
    view! { <span class=format!("badge {}", severity.badge_class())>{text}</span> }
}
