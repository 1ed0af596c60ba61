//! The problem-first summary at the top: one line per cluster, counts that filter the table.

use super::query::{show_table, use_table_query};
use crate::model::display::cluster_label;
use crate::model::overview::ClusterOverview;
use crate::model::severity::Severity;
use crate::model::table::TableQuery;
use crate::web::components::badge::Badge;
use leptos::prelude::*;

#[component]
pub fn Overview(overviews: Vec<ClusterOverview>) -> impl IntoView {
    let (query, set_query) = use_table_query();
    let filter = Callback::new(move |(cluster, severity): (String, Severity)| {
        let next = query.get_untracked();
        set_query.run(TableQuery {
            cluster: Some(cluster),
            severity: Some(severity),
            page: 0,
            ..next
        });
        show_table();
    });
    (!overviews.is_empty()).then(|| view! {
        <section class="overview" aria-label="Summary by cluster">
            {overviews.into_iter().map(|o| view! { <OverviewCluster o filter /> }).collect_view()}
        </section>
    })
}

#[component]
fn OverviewCluster(o: ClusterOverview, filter: Callback<(String, Severity)>) -> impl IntoView {
    let fencing = o.fencing_verdict().map(|(severity, text)| {
        view! {
            " "
            <Badge severity text />
        }
    });
    let verdict = |v: Option<(Severity, &'static str)>| {
        v.map(|(severity, text)| view! { <Badge severity text /> })
    };
    let counts = Severity::ALL.into_iter().filter(|s| *s != Severity::Unknown).map(|severity| {
        let (n, name) = (o.count(severity), o.name.clone());
        view! {
            <button
                type="button"
                class=format!("count count-{}", severity.label())
                class:count-zero={n == 0}
                data-severity=severity.label()
                on:click=move |_| filter.run((name.clone(), severity))
                title=format!("Show the {} resources", severity.label())
            >
                <strong>{n}</strong>
                " "
                {severity.label()}
            </button>
        }
    });
    view! {
        <div
            class="overview-cluster"
            class:overview-problem=o.has_problem()
            data-cluster=o.name.clone()
        >
            <h2 class="overview-name">{cluster_label(&o.name).to_owned()}</h2>
            <div class="overview-badges">
                {verdict(o.quorum_verdict())}" "{verdict(o.master_verdict())}{fencing}" "
                <span class="text-secondary" class:nodes-problem={o.nodes_other > 0}>
                    {o.nodes_text()}
                </span>
            </div>
            <div class="overview-counts" role="group" aria-label="Resources by severity">
                {counts.collect_view()}
            </div>
        </div>
    }
}
