use super::clusters::ClusterStatusSection;
use super::config_tables::{GroupsSection, RulesSection};
use super::overview::Overview;
use crate::model::overview::{overview, resources_per_node};
use crate::model::summary::Summary;
use crate::web::components::alert::{Alert, Level};
use leptos::prelude::*;
use std::sync::Arc;

/// Overview, cluster status, groups and rules for one answer.
#[component]
pub fn StatusSections(data: Arc<Summary>) -> impl IntoView {
    let cluster_list = data.clusters();
    let overviews = overview(&cluster_list, &data.resources);
    let per_node = resources_per_node(&data.resources);
    let many_clusters = overviews.len() > 1;
    let warnings = data.warnings.clone();
    // The combined summary failed and each endpoint was read on its own: say why.
    let per_endpoint = data.read_per_endpoint.clone().map(|detail| {
        view! {
            <Alert
                level=Level::Warning
                kind="read-per-endpoint"
                title="Read per Proxmox endpoint"
                detail=Some(detail)
                advice="The clusters that failed say why in their own cards below."
            />
        }
    });
    view! {
        {per_endpoint}
        {(!warnings.is_empty())
            .then(|| {
                view! {
                    <Alert
                        level=Level::Warning
                        title="Part of the backend's answer could not be read"
                    >
                        <ul>
                            {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    </Alert>
                }
            })}
        <Overview overviews />
        <ClusterStatusSection clusters=cluster_list per_node />
        <GroupsSection groups=data.groups.clone() has_rules=!data.rules.is_empty() many_clusters />
        <RulesSection rules=data.rules.clone() has_groups=!data.groups.is_empty() many_clusters />
    }
}
