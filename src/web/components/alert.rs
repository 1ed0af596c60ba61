//! Alert boxes: what happened, the server's own words, what to do, and a retry.

use crate::model::error::FetchError;
use crate::web::context::AppContext;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Danger,
    Warning,
    Info,
}

impl Level {
    fn class(self) -> &'static str {
        match self {
            Level::Danger => "alert alert-danger",
            Level::Warning => "alert alert-warning",
            Level::Info => "alert alert-info",
        }
    }
}

/// The server's words are quoted and always text; `role` defaults to `alert` for dangers and
/// `status` otherwise.
#[component]
pub fn Alert(
    level: Level,
    #[prop(into)] title: String,
    #[prop(optional_no_strip)] detail: Option<String>,
    #[prop(optional, into)] advice: Option<String>,
    #[prop(optional_no_strip)] retry: Option<Callback<()>>,
    /// The retry button's words ("Retry" by default).
    #[prop(optional)]
    retry_label: Option<&'static str>,
    #[prop(optional)] role: Option<&'static str>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let role = role.unwrap_or(if level == Level::Danger { "alert" } else { "status" });
    view! {
        <div class=format!("{} {class}", level.class()) role=role data-error=kind>
            <div class="alert-title">{title}</div>
            {detail
                .map(|d| {
                    view! {
                        <div class="alert-detail">
                            <q>{d}</q>
                        </div>
                    }
                })}
            {children.map(|c| c())}
            {advice.map(|a| view! { <div class="alert-advice">{a}</div> })}
            {retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="btn btn-sm btn-outline"
                            on:click=move |_| retry.run(())
                        >
                            {retry_label.unwrap_or("Retry")}
                        </button>
                    }
                })}
        </div>
    }
}

/// A failed request: its title, the server's words, the advice, and a retry; NetBox's login
/// page (in the top window, also from a frame) when the session is gone.
#[component]
pub fn ErrorBanner(error: FetchError, retry: Callback<()>) -> impl IntoView {
    let detail = error.detail().map(str::to_owned);
    let login = error.needs_login().then(|| use_context::<AppContext>()?.login_url()).flatten();
    view! {
        <Alert
            level=Level::Danger
            title=error.title()
            detail
            advice=error.advice()
            retry=Some(retry)
            kind=error.kind()
        >
            {login
                .map(|href| {
                    view! {
                        <a class="btn btn-sm btn-primary login-link" href=href target="_top">
                            "Log in to NetBox"
                        </a>
                    }
                })}
        </Alert>
    }
}

/// Information from the backend that is not HA data, e.g. no enabled Proxmox endpoint.
#[component]
pub fn InfoBanner(
    #[prop(into)] title: String,
    #[prop(into)] detail: String,
    #[prop(into)] advice: String,
) -> impl IntoView {
    view! { <Alert level=Level::Info title detail=Some(detail) advice /> }
}

/// Under a failed refresh's banner: the data below are the last ones received.
#[component]
pub fn StaleNote(text: &'static str) -> impl IntoView {
    view! {
        <p class="stale-note" role="status" data-testid="stale">
            {text}
        </p>
    }
}

/// The app cannot start: config.json or the NetBox URL is wrong.
#[component]
pub fn SetupFailed(message: String) -> impl IntoView {
    view! {
        <main class="container">
            <Alert
                level=Level::Danger
                title="This app is not configured correctly"
                detail=Some(message)
            />
        </main>
    }
}
