//! Arm and disarm HA per Proxmox endpoint (or all of them, as its own choice), after a
//! confirmation; one POST per confirmation, then the status is read again at once. Disarm is
//! offered only where the backend takes Proxmox's resource mode; where it does not, the panel
//! says so before anyone asks.

use super::resources::{link_map, LinkResult};
use crate::model::display::ABSENT;
use crate::model::error::FetchError;
use crate::model::ha_action::{
    confirm_label, confirmation, Capabilities, Endpoint, EndpointResult, HaAction, ResourceMode,
    Target,
};
use crate::model::summary::Summary;
use crate::web::components::alert::{Alert, ErrorBanner, Level};
use crate::web::components::badge::StateBadge;
use crate::web::components::dialog::ConfirmDialog;
use crate::web::components::loading::Loading;
use crate::web::context::AppContext;
use leptos::prelude::*;
use std::sync::Arc;

type Asked = Option<(HaAction, Target)>;
type Answer = Option<(HaAction, Result<Vec<EndpointResult>, FetchError>)>;

/// The panel the header's "Arm / disarm HA…" button opens; why not, where it cannot work.
#[component]
pub fn HaActions(
    data: Signal<Option<Arc<Summary>>>,
    links: Signal<LinkResult>,
    on_done: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let body = match (ctx.actions_unavailable(), ctx.csrf_token()) {
        (None, Some(csrf_token)) => {
            view! { <EndpointActions data links on_done csrf_token /> }.into_any()
        }
        (reason, _) => view! {
            <p class="card-body text-secondary" data-testid="actions-unavailable">
                {reason.unwrap_or_default()}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="card" id="ha-actions" aria-labelledby="ha-actions-title">
            <h2 class="card-header" id="ha-actions-title">
                "Arm / disarm HA per Proxmox endpoint"
            </h2>
            {body}
        </section>
    }
}

#[component]
fn EndpointActions(
    data: Signal<Option<Arc<Summary>>>,
    links: Signal<LinkResult>,
    on_done: Callback<()>,
    csrf_token: String,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let endpoints = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.endpoints().await }
    });
    let asked = RwSignal::<Asked>::new(None);
    let busy = RwSignal::new(false);
    let answer = RwSignal::<Answer>::new(None);
    let confirm = Callback::new(move |_| {
        // One POST per confirmation: a second click, or Enter held down, finds it busy.
        let Some((action, target)) = asked.get_untracked().filter(|_| !busy.get_untracked()) else {
            return;
        };
        busy.set(true);
        let (client, csrf_token) = (ctx.client(), csrf_token.clone());
        leptos::task::spawn_local(async move {
            let result = client.act(action, &target, &csrf_token).await;
            let _ = answer.try_set(Some((action, result)));
            let _ = busy.try_set(false);
            let _ = asked.try_set(None);
            on_done.run(());
        });
    });
    let asking =
        Signal::derive(move || asked.with(|a| a.as_ref().map(|(a, t)| confirmation(*a, t))));
    let retry = Callback::new(move |_| endpoints.refetch());
    view! {
        <Transition fallback=|| {
            view! { <Loading label="Loading the Proxmox endpoints…" /> }
        }>
            {move || Suspend::new(async move {
                match endpoints.await {
                    Err(error) => view! { <ErrorBanner error retry /> }.into_any(),
                    Ok((list, capabilities)) => {
                        view! { <EndpointTable list capabilities data links asked /> }.into_any()
                    }
                }
            })}
        </Transition>
        <ActionAnswer answer />
        <ConfirmDialog
            asking
            busy
            on_confirm=confirm
            on_cancel=Callback::new(move |_| asked.set(None))
        >
            <ModeChoice asked />
        </ConfirmDialog>
    }
}

/// Where the dialog asks to disarm: which of Proxmox's resource modes, and what each does.
#[component]
fn ModeChoice(asked: RwSignal<Asked>) -> impl IntoView {
    let chosen = move || match asked.get() {
        Some((HaAction::Disarm(mode), _)) => Some(mode),
        _ => None,
    };
    let choose = move |mode| {
        asked.update(|a| {
            if let Some((action @ HaAction::Disarm(_), _)) = a {
                *action = HaAction::Disarm(mode);
            }
        })
    };
    let option = move |mode: ResourceMode| {
        view! {
            <label class="mode-option">
                <input
                    type="radio"
                    name="resource-mode"
                    value=mode.word()
                    prop:checked=move || chosen() == Some(mode)
                    on:change=move |_| choose(mode)
                />
                <strong>{mode.word()}</strong>
                ": "
                {mode.meaning()}
            </label>
        }
    };
    move || {
        chosen().map(|_| {
            view! {
                <fieldset class="mode-choice">
                    <legend>"While disarmed, Proxmox should"</legend>
                    {ResourceMode::ALL.map(option).collect_view()}
                </fieldset>
            }
        })
    }
}

/// The endpoints, paired with their clusters as soon as the VM lookups have answered.
#[component]
fn EndpointTable(
    list: Vec<Endpoint>,
    capabilities: Capabilities,
    data: Signal<Option<Arc<Summary>>>,
    links: Signal<LinkResult>,
    asked: RwSignal<Asked>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="card-body empty-state">"No Proxmox endpoint is visible to you."</p> }
        .into_any();
    }
    // Each cluster's HA state (none: before Proxmox VE 9.2), read once per answer for all rows.
    let fencing = Memo::new(move |_| {
        data.with(|d| {
            let clusters = d.as_deref().map(|d| d.clusters()).unwrap_or_default();
            let read = clusters.into_iter().filter(|c| c.error.is_none());
            read.map(|c| (c.name, c.fencing)).collect::<Vec<_>>()
        })
    });
    let (disarm, why_no_disarm) = match capabilities.disarm {
        Ok(modes) => (modes.first().copied(), None),
        Err(reason) => (None, Some(reason)),
    };
    let paired = Memo::new(move |_| {
        let pairs = links.with(link_map).map(|map| map.endpoint_clusters()).unwrap_or_default();
        list.iter().map(|e| e.paired(&pairs)).collect::<Vec<_>>()
    });
    let rows = move || {
        let rows = paired
            .get()
            .into_iter()
            .map(|e| view! { <EndpointRow endpoint=e fencing disarm asked /> });
        rows.collect_view()
    };
    // Only the endpoints that offer actions: not the disabled ones, not those before PVE 9.2.
    let all = move || {
        let able = fencing.with(|f| {
            paired.get().into_iter().filter(|e| e.no_actions(f).is_none()).collect::<Vec<_>>()
        });
        view! { <ActionButtons target=Target::All(able) disarm asked /> }
    };
    view! {
        {why_no_disarm
            .map(|reason| {
                view! {
                    <p class="card-body notice" data-testid="disarm-unavailable">
                        <strong>"Disarm is not offered here. "</strong>
                        {reason}
                    </p>
                }
            })}
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Endpoint"</th>
                        <th scope="col">"Cluster"</th>
                        <th scope="col">"HA now"</th>
                        <th scope="col">"Writes"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows} <tr class="all-endpoints">
                        <td colspan="4">"All endpoints you may change, one after another"</td>
                        <td>{all}</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn EndpointRow(
    endpoint: Endpoint,
    fencing: Memo<Vec<(String, Option<String>)>>,
    disarm: Option<ResourceMode>,
    asked: RwSignal<Asked>,
) -> impl IntoView {
    let names = endpoint.clusters.clone();
    let actions = {
        let endpoint = endpoint.clone();
        move || match fencing.with(|f| endpoint.no_actions(f)) {
            Some(why) => view! { <span class="text-secondary">{why}</span> }.into_any(),
            None => view! { <ActionButtons target=Target::One(endpoint.clone()) disarm asked /> }
                .into_any(),
        }
    };
    let fencing = move || {
        let states: Vec<String> = fencing.with(|f| {
            let mine = f.iter().filter(|(c, _)| names.contains(c));
            mine.filter_map(|(_, s)| s.clone()).collect()
        });
        if states.is_empty() {
            return view! { <span class="text-secondary">{ABSENT}</span> }.into_any();
        }
        states.into_iter().map(|s| view! { <StateBadge state=Some(s) /> }).collect_view().into_any()
    };
    let cluster = match endpoint.clusters.as_slice() {
        [] => "not known (no synced VM links it to a cluster)".to_owned(),
        known => known.join(", "),
    };
    let writes = match (endpoint.enabled, endpoint.allow_writes) {
        (false, _) => "disabled",
        (true, true) => "allowed",
        (true, false) => "read-only",
    };
    let (name, label) = (endpoint.name.clone(), endpoint.name.clone());
    view! {
        <tr data-endpoint=name>
            <td class="mono">{label}</td>
            <td>{cluster}</td>
            <td>{fencing}</td>
            <td>{writes}</td>
            <td>{actions}</td>
        </tr>
    }
}

/// Arm, and Disarm where the backend can (the dialog asks the mode, `disarm` first).
#[component]
fn ActionButtons(
    target: Target,
    disarm: Option<ResourceMode>,
    asked: RwSignal<Asked>,
) -> impl IntoView {
    let button = move |action: HaAction| {
        let target = target.clone();
        let label = confirm_label(action, &target);
        view! {
            <button
                type="button"
                class="btn btn-sm btn-outline"
                on:click=move |_| asked.set(Some((action, target.clone())))
            >
                {label}
            </button>
        }
    };
    let disarm = disarm.map(|mode| {
        view! {
            {button.clone()(HaAction::Disarm(mode))}
            " "
        }
    });
    view! { <span class="action-buttons">{disarm}{button(HaAction::Arm)}</span> }
}

/// The last action's answer, per endpoint, in the user's words.
#[component]
fn ActionAnswer(answer: RwSignal<Answer>) -> impl IntoView {
    move || {
        answer.get().map(|(action, result)| match result {
            Err(error) => view! {
                <Alert
                    level=Level::Danger
                    title=format!("{} did not happen: {}", action.label(), error.title())
                    detail=error.detail().map(str::to_owned)
                    advice=error.advice()
                    kind=error.kind()
                />
            }
            .into_any(),
            Ok(rows) => {
                let all_ok = !rows.is_empty() && rows.iter().all(EndpointResult::ok);
                let items = rows.into_iter().map(move |r| {
                    let (text, ok) = (r.text(action), r.ok());
                    view! {
                        <li class:failed=!ok>
                            <strong>{r.endpoint}</strong>
                            ": "
                            {text}
                        </li>
                    }
                });
                view! {
                    <Alert
                        level=if all_ok { Level::Info } else { Level::Warning }
                        title=if all_ok {
                            format!("{}: done", action.label())
                        } else {
                            format!("{}: not everywhere", action.label())
                        }
                        kind=if all_ok { "action-done" } else { "action-partial" }
                    >
                        <ul class="action-results">{items.collect_view()}</ul>
                    </Alert>
                }
                .into_any()
            }
        })
    }
}
