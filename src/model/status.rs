//! Rows of Proxmox's `/cluster/ha/status/current`, as the summary carries them (contract
//! section 1, StatusRow), and the older documented `nodes` rows.

use crate::model::coerce::Fields;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Quorum,
    Master,
    Lrm,
    Service,
    Fencing,
    /// The older documented shape: `{"node", "online", "ha_state", "quorum"}` rows.
    Node,
    /// No `type` at all, as in the backend's per-cluster error row.
    Untyped,
    /// A type this app does not know; shown as it came.
    Other(String),
}

impl StatusKind {
    fn parse(kind: Option<String>) -> StatusKind {
        let Some(kind) = kind else { return StatusKind::Untyped };
        match kind.to_ascii_lowercase().as_str() {
            "quorum" => StatusKind::Quorum,
            "master" => StatusKind::Master,
            "lrm" => StatusKind::Lrm,
            "service" => StatusKind::Service,
            "fencing" => StatusKind::Fencing,
            "node" => StatusKind::Node,
            _ => StatusKind::Other(kind),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRow {
    pub cluster: Option<String>,
    pub kind: StatusKind,
    pub id: Option<String>,
    pub sid: Option<String>,
    pub node: Option<String>,
    pub state: Option<String>,
    pub status: Option<String>,
    pub crm_state: Option<String>,
    pub request_state: Option<String>,
    pub quorate: Option<bool>,
    pub online: Option<bool>,
    pub ha_state: Option<String>,
    /// `fencing` rows on Proxmox VE 9: armed, standby, disarming or disarmed.
    pub armed_state: Option<String>,
    /// `fencing` rows while disarmed: what HA does with its resources (freeze, ignore).
    pub resource_mode: Option<String>,
}

impl StatusRow {
    /// Reads one row; `nodes` rows of the older envelope are forced to `StatusKind::Node`.
    pub fn parse(f: Fields, forced: Option<StatusKind>) -> StatusRow {
        StatusRow {
            cluster: f.cluster(),
            kind: forced.unwrap_or_else(|| StatusKind::parse(f.text("type"))),
            id: f.text("id"),
            sid: f.text("sid"),
            node: f.text("node"),
            state: f.text("state"),
            status: f.text("status"),
            crm_state: f.text("crm_state"),
            request_state: f.text("request_state"),
            // The old `nodes` rows carry `quorum` as the quorate flag.
            quorate: f.flag("quorate").or_else(|| f.flag("quorum")),
            online: f.flag("online"),
            ha_state: f.text("ha_state"),
            armed_state: f.text("armed_state"),
            resource_mode: f.text("resource_mode"),
        }
    }

    /// `{"cluster_name": "lab", "status": "error: ..."}`: the backend could not read this cluster.
    pub fn cluster_error(&self) -> Option<&str> {
        if self.kind != StatusKind::Untyped {
            return None;
        }
        let status = self.status.as_deref()?.trim();
        let (head, rest) = status.split_at(status.find(':')?);
        head.eq_ignore_ascii_case("error").then(|| rest[1..].trim())
    }
}
