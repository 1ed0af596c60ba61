//! The resources table's columns: their names in the URL, their titles, their text.

use crate::model::display::{count_or_dash, yes_no};
use crate::model::resource::Resource;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Sid,
    Guest,
    Type,
    Cluster,
    Group,
    Node,
    State,
    CrmState,
    RequestState,
    MaxRestart,
    MaxRelocate,
    Failback,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Sid,
        Column::Guest,
        Column::Type,
        Column::Cluster,
        Column::Group,
        Column::Node,
        Column::State,
        Column::CrmState,
        Column::RequestState,
        Column::MaxRestart,
        Column::MaxRelocate,
        Column::Failback,
    ];

    /// The name in the URL (`?sort=node`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Sid => "sid",
            Column::Guest => "guest",
            Column::Type => "type",
            Column::Cluster => "cluster",
            Column::Group => "group",
            Column::Node => "node",
            Column::State => "state",
            Column::CrmState => "crm",
            Column::RequestState => "request",
            Column::MaxRestart => "restart",
            Column::MaxRelocate => "relocate",
            Column::Failback => "failback",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Column::Sid => "SID",
            Column::Guest => "Guest",
            Column::Type => "Type",
            Column::Cluster => "Cluster",
            Column::Group => "Group",
            Column::Node => "Node",
            Column::State => "State",
            Column::CrmState => "CRM state",
            Column::RequestState => "Request state",
            Column::MaxRestart => "Max restart",
            Column::MaxRelocate => "Max relocate",
            Column::Failback => "Failback",
        }
    }

    pub fn numeric(self) -> bool {
        matches!(self, Column::MaxRestart | Column::MaxRelocate)
    }

    pub(super) fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The text a column sorts and exports by.
pub fn cell_text(r: &Resource, guest: Option<&str>, column: Column) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match column {
        Column::Sid => r.sid_text.clone(),
        Column::Guest => guest.unwrap_or_default().to_owned(),
        Column::Type => r.guest_type().unwrap_or_default(),
        Column::Cluster => text(&r.cluster),
        Column::Group => text(&r.group),
        Column::Node => text(&r.node),
        Column::State => text(&r.state),
        Column::CrmState => text(&r.crm_state),
        Column::RequestState => text(&r.request_state),
        Column::MaxRestart => count_or_dash(r.max_restart),
        Column::MaxRelocate => count_or_dash(r.max_relocate),
        Column::Failback => yes_no(r.failback).to_owned(),
    }
}
