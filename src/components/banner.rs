use crate::error::FetchError;
use leptos::prelude::*;

/// An inline error banner: what failed, the server's own words, what to do, and a retry.
#[component]
pub fn ErrorBanner(error: FetchError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let detail = error.detail().map(str::to_owned);
    view! {
        <div class="alert alert-danger" role="alert" data-error=error_kind(&error)>
            <div class="alert-title">{error.title()}</div>
            {detail.map(|d| view! { <div class="alert-detail"><q>{d}</q></div> })}
            <div class="alert-advice">{error.advice()}</div>
            {retry.map(|retry| view! {
                <button type="button" class="btn btn-sm btn-outline" on:click=move |_| retry.run(())>"Retry"</button>
            })}
        </div>
    }
}

/// Information from the backend that is not HA data, e.g. no enabled Proxmox endpoint.
#[component]
pub fn InfoBanner(#[prop(into)] title: String, #[prop(into)] detail: String, #[prop(into)] advice: String) -> impl IntoView {
    view! {
        <div class="alert alert-info" role="status">
            <div class="alert-title">{title}</div>
            <div class="alert-detail"><q>{detail}</q></div>
            <div class="alert-advice">{advice}</div>
        </div>
    }
}

/// A stable name of the variant, for styling and tests.
fn error_kind(error: &FetchError) -> &'static str {
    match error {
        FetchError::BackendTooOld { .. } => "backend-too-old",
        FetchError::BackendNotConfigured { .. } => "backend-not-configured",
        FetchError::BackendUnavailable { .. } => "backend-unavailable",
        FetchError::NotAuthenticated { .. } => "not-authenticated",
        FetchError::Forbidden { .. } => "forbidden",
        FetchError::PluginMissing { .. } => "plugin-missing",
        FetchError::Refused { .. } => "refused",
        FetchError::Http { .. } => "http",
        FetchError::NotJson { .. } => "not-json",
        FetchError::BadShape { .. } => "bad-shape",
        FetchError::Network { .. } => "network",
        FetchError::Timeout { .. } => "timeout",
    }
}
