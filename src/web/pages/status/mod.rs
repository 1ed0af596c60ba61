//! The cluster-wide HA Status page: one shim call per render, then batched VM link lookups.
//! Data render from the last good answer, so a refresh never blanks the page and a failed
//! one shows its banner above data marked stale.

mod actions;
mod changes;
mod clusters;
mod config_tables;
mod overview;
mod query;
mod resources;
mod sections;
mod table_controls;

pub use resources::{LinkResult, ResourcesSection};
pub use sections::StatusSections;

use crate::model::error::FetchError;
use crate::model::linkmap::wanted_ids;
use crate::model::load::LoadState;
use crate::model::summary::{outcome, SummaryAnswer};
use crate::web::components::alert::{ErrorBanner, InfoBanner, StaleNote};
use crate::web::components::loading::Loading;
use crate::web::components::updated_ago::UpdatedAgo;
use crate::web::context::AppContext;
use crate::web::hooks::changes::use_changes;
use crate::web::hooks::last_good::{replaced, use_last_good};
use crate::web::hooks::live_refresh::{use_live_refresh, Live, LiveRefresh};
use crate::web::hooks::notifications::use_notifications;
use crate::web::hooks::tab_title::use_problem_title;
use actions::HaActions;
use changes::ChangesPanel;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn StatusPage() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let summary = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.summary().await }
    });
    let state = use_last_good(summary, outcome);
    let updated_at = Memo::new(move |_| state.with(|s| s.updated_at));
    let stale = Signal::derive(move || state.with(LoadState::stale));
    let refresh = LiveRefresh {
        interval_seconds: ctx.refresh_seconds(),
        updated_at: updated_at.into(),
        stale,
    };
    let live = use_live_refresh(refresh, move || summary.refetch());
    let data = Memo::new_with_compare(move |_| state.with(|s| s.last_good.clone()), replaced);
    // Looked up again after every answer that was not a failure (a VM may have been renamed).
    let links = LocalResource::new(move || {
        updated_at.track();
        let current = data.get_untracked();
        let client = ctx.client();
        async move {
            let ids = wanted_ids(&current?.resources);
            if ids.is_empty() {
                return None;
            }
            Some(client.links(&ids).await.map(Arc::new))
        }
    });
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |_| summary.refetch());
    let actions_open = RwSignal::new(false);
    let link_state = Signal::derive(move || links.get().flatten());
    let notifications = use_notifications(ctx.refresh_seconds(), move || summary.refetch());
    let changes = use_changes(state, notifications);
    use_problem_title(data.into(), ctx.netbox().origin().to_owned());
    view! {
        <PageHeader live stale pending refresh=retry actions_open />
        {move || {
            actions_open
                .get()
                .then(|| view! { <HaActions data=data.into() links=link_state on_done=retry /> })
        }}
        <Transition
            fallback=|| view! { <Loading label="Loading HA status…" /> }
            set_pending=pending.write_only()
        >
            {move || Suspend::new(async move { answer_banner(summary.await, retry) })}
        </Transition>
        {move || {
            stale
                .get()
                .then(|| {
                    view! {
                        <StaleNote text="Showing the last data received before the error above; they may be out of date." />
                    }
                })
        }}
        <ChangesPanel changes notifications links=link_state />
        <div class:stale=move || {
            stale.get()
        }>
            {move || data.get().map(|data| view! { <StatusSections data /> })}
            <Show when=move || data.with(Option::is_some)>
                <ResourcesSection
                    data
                    links=link_state
                    retry_links=Callback::new(move |_| links.refetch())
                    marks=changes.marks
                />
            </Show>
        </div>
    }
}

/// The title, when the data were updated, and Refresh (a spinner while it runs).
#[component]
fn PageHeader(
    live: Live,
    stale: Signal<bool>,
    pending: RwSignal<bool>,
    refresh: Callback<()>,
    actions_open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="page-header">
            <h1>"HA Status"</h1>
            <div class="page-actions">
                <UpdatedAgo live stale />
                {move || {
                    pending
                        .get()
                        .then(|| {
                            view! {
                                <span class="spinner" role="status" aria-label="Refreshing"></span>
                            }
                        })
                }}
                <button
                    type="button"
                    class="btn btn-outline"
                    aria-expanded=move || actions_open.get().to_string()
                    aria-controls="ha-actions"
                    on:click=move |_| actions_open.update(|open| *open = !*open)
                >
                    "Arm / disarm HA…"
                </button>
                <button
                    type="button"
                    class="btn btn-outline"
                    on:click=move |_| refresh.run(())
                    disabled=move || pending.get()
                >
                    "Refresh"
                </button>
            </div>
        </div>
    }
}

/// What an answer says above the data: a failure, or a notice instead of data.
fn answer_banner(answer: Result<SummaryAnswer, FetchError>, retry: Callback<()>) -> AnyView {
    match answer {
        Err(error) => view! { <ErrorBanner error retry /> }.into_any(),
        Ok(SummaryAnswer::Notice(detail)) => view! {
            <InfoBanner
                title="Proxbox has no HA data to show"
                detail
                advice="Enable a Proxmox endpoint in NetBox under Plugins → Proxbox, then refresh."
            />
        }
        .into_any(),
        Ok(SummaryAnswer::Data(_)) => ().into_any(),
    }
}
