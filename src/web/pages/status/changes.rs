//! Changes: what moved between the answers this tab received, newest first, collapsed until
//! opened; new problems are announced to assistive technology, and notified when asked for.

use super::resources::{link_map, LinkResult};
use crate::model::changes::Change;
use crate::model::linkmap::{Link, LinkMap};
use crate::model::sid::Sid;
use crate::web::components::badge::Badge;
use crate::web::components::links::VmLink;
use crate::web::components::local_time::local_time;
use crate::web::hooks::changes::Changes;
use crate::web::hooks::notifications::Notifications;
use leptos::prelude::*;

#[component]
pub fn ChangesPanel(
    changes: Changes,
    notifications: Notifications,
    links: Signal<LinkResult>,
) -> impl IntoView {
    let count = move || changes.log.with(|l| l.entries().len());
    let newest = move || {
        let newest = changes.log.with(|l| l.entries().first().map(|c| (c.at, c.text())));
        newest.map(|(at, text)| format!("newest {} · {text}", local_time(at, true)))
    };
    let lines = move || {
        let map = links.with(link_map);
        changes.log.with(|l| l.entries().iter().map(|c| line(c, map.as_deref())).collect_view())
    };
    view! {
        <details class="card changes" id="changes">
            <summary class="card-header">
                <h2>"Changes"</h2>
                <span class="text-secondary">{move || format!(" ({}) ", count())}</span>
                <span class="changes-newest">{newest}</span>
            </summary>
            <div class="changes-tools">
                <span class="text-secondary">"Kept in this browser tab only."</span>
                {notifications.supported.then(|| view! { <NotifySwitch notifications /> })}
                <button
                    type="button"
                    class="btn btn-sm btn-outline"
                    disabled=move || count() == 0
                    on:click=move |_| changes.clear()
                >
                    "Clear"
                </button>
            </div>
            <ol class="change-list" tabindex="0" aria-label="Changes, newest first">
                {lines}
            </ol>
        </details>
        <p class="visually-hidden" aria-live="polite" data-testid="announced">
            {move || changes.announced.get()}
        </p>
    }
}

/// "14:02:31 · prod · vm:102 CRM state started → error on pve02", the SID linked and the
/// state after in a badge of its severity.
fn line(c: &Change, map: Option<&LinkMap>) -> impl IntoView {
    let cluster = (!c.cluster.is_empty()).then_some(c.cluster.as_str());
    let time = local_time(c.at, true);
    let head = format!("{time} · {}", cluster.map(|name| format!("{name} · ")).unwrap_or_default());
    let vm = c.kind.of_resource().then(|| Sid::parse(&c.subject)).flatten();
    let linked = vm.and_then(|sid| match map?.resolve(sid.vmid, cluster) {
        Link::Vm(vm) => Some(vm.netbox_id),
        _ => None,
    });
    let subject = match linked {
        Some(netbox_id) => view! { <VmLink netbox_id text=c.subject.clone() /> }.into_any(),
        None => c.subject.clone().into_any(),
    };
    let tail = if c.new_problem { " · new problem" } else { "" };
    view! {
        <li class:change-problem=c
            .new_problem>
            {head} {subject} {c.lead()} <Badge severity=c.severity text=c.after_text() />
            {c.note_text() + tail}
        </li>
    }
}

/// Off by default; turning it on asks for the browser's permission, if it was never asked.
#[component]
fn NotifySwitch(notifications: Notifications) -> impl IntoView {
    let Notifications { on, blocked, .. } = notifications;
    view! {
        <button
            type="button"
            class="btn btn-sm btn-outline switch"
            role="switch"
            aria-checked=move || on.get().to_string()
            on:click=move |_| notifications.toggle()
        >
            "Notify of new problems while hidden"
        </button>
        {move || {
            blocked
                .get()
                .then(|| {
                    view! { <span class="text-secondary">"Not allowed by the browser."</span> }
                })
        }}
    }
}
