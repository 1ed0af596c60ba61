//! Scenario files: what the mock's NetBox, plugin and backend answer.
//!
//! Read with serde: a key the mock does not know (a misspelling) or a value of the wrong type
//! is an error naming the file, line and key. A response spec is `{"status": 503, "body":
//! {...}}`, `{"html": "..."}`, `{"raw": "...", "content_type": "..."}`, `{"fault": "hang" |
//! "drop"}`, `{"huge_mb": 20}`, each with an optional `"delay_ms"` (`spec.rs`). A scenario may
//! `"extends": "other"`; its keys replace the other's. `"summary_steps"` makes the HA shim's
//! answer move on per request (`steps.rs`).

mod actions;
mod backend;
mod by_endpoint;
mod generated;
mod netbox;
#[cfg(test)]
mod route_tests;
mod spec;
mod steps;

pub use backend::HaChanges;
use generated::generate;
use serde::Deserialize;
use serde_json::{Map, Value};
use spec::Spec;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Plugin {
    /// 0.0.29+: sync-state table, no `proxmox_vm_id` custom field (its filter is ignored).
    #[default]
    Current,
    /// Older releases: the custom field, no sync-state route.
    Legacy,
    /// A site in between: both.
    Both,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vm {
    id: u64,
    #[serde(default = "unnamed")]
    name: String,
    cluster: Option<String>,
    /// Any JSON: numbers, numeric strings, null, "", "abc" are all seen in the wild.
    #[serde(default)]
    proxmox_vm_id: Value,
    #[serde(default)]
    hidden: bool,
}

fn unnamed() -> String {
    "unnamed".into()
}

/// A Proxmox endpoint of netbox-proxbox.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Endpoint {
    id: u64,
    name: String,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    allow_writes: bool,
    /// The cluster the synced VMs link it to.
    cluster: Option<String>,
    /// What the backend does with an HA action there.
    #[serde(default)]
    outcome: Outcome,
    /// Its Proxmox address, as this project's plugin names it (default `pve-{name}.example:8006`).
    address: Option<String>,
    /// What proxbox-api answers for this endpoint's HA summary alone, when it is not its
    /// `cluster`'s rows of `summary`. A status other than 2xx also fails the combined summary,
    /// as proxbox-api 0.0.30 fails it whole (`by_endpoint.rs`).
    summary: Option<Upstream>,
}

fn yes() -> bool {
    true
}

/// proxbox-api's answer to one request: `{"status": 503, "body": {...}}`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Upstream {
    #[serde(default = "ok_status")]
    status: u16,
    #[serde(default)]
    body: Value,
}

fn ok_status() -> u16 {
    200
}

/// Proxmox VE 9.2's `disarm-ha` resource mode.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum ResourceMode {
    Freeze,
    Ignore,
}

impl ResourceMode {
    fn word(self) -> &'static str {
        match self {
            ResourceMode::Freeze => "freeze",
            ResourceMode::Ignore => "ignore",
        }
    }
}

#[derive(Clone, Copy, Default, Deserialize)]
enum Outcome {
    #[default]
    #[serde(rename = "ok")]
    Ok,
    /// Proxmox refuses (a 200 with an error row).
    #[serde(rename = "proxmox-error")]
    ProxmoxError,
    /// The backend fails (a 500).
    #[serde(rename = "backend-500")]
    Backend500,
    /// Writable in NetBox, read-only in proxbox-api (its own `allow_writes`): a 200 with a
    /// skipped row.
    #[serde(rename = "backend-read-only")]
    BackendReadOnly,
}

/// `"generate": {"resources": 1000, "clusters": 3}`: a generated estate.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    #[serde(default = "hundred")]
    resources: usize,
    #[serde(default = "three")]
    clusters: usize,
}

fn hundred() -> usize {
    100
}

fn three() -> usize {
    3
}

fn thousand() -> usize {
    1000
}

/// A scenario file as written (after `extends` is resolved).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    #[serde(default)]
    description: String,
    /// Resolved before this is read (`resolve`).
    #[serde(rename = "extends")]
    _extends: Option<String>,
    /// Served as the app's `config.json`.
    config: Option<Value>,
    #[serde(default)]
    plugin: Plugin,
    /// The HA summary shim's answer (default: a 200 `{}`).
    summary: Option<Spec>,
    /// The HA shim's answers in turn, one per summary or per-VM request, the last one sticking:
    /// edits of the data before, or a response instead (`steps.rs`).
    #[serde(default)]
    summary_steps: Vec<steps::Step>,
    /// Instead of `summary` and `vms`.
    generate: Option<Generate>,
    #[serde(default)]
    vms: Vec<Vm>,
    /// Per Proxmox id, the per-VM shim's answer instead of the summary's resource.
    #[serde(default)]
    vm_answers: BTreeMap<String, Spec>,
    /// Per Proxmox id, how late the HA answer arrives (for the VM-switch race test).
    #[serde(default)]
    vm_delay_ms: BTreeMap<String, u64>,
    /// Answers every VM lookup (sync-state and VM list).
    lookups: Option<Spec>,
    /// The origin of `next` links instead of the Host header's.
    next_origin: Option<String>,
    #[serde(default = "thousand")]
    max_page_size: usize,
    /// The settings NetBox's plugin page would carry (`<meta name="proxbox-ha-config">`).
    page_settings: Option<Value>,
    #[serde(default)]
    endpoints: Vec<Endpoint>,
    /// A response spec answering every HA action (a 403, a 502...).
    action_answer: Option<Spec>,
    /// The resource modes the backend's HA disarm takes (`["freeze", "ignore"]`); none (the
    /// default, proxbox-api 0.0.30): disarm is unavailable, as this project's plugin says.
    #[serde(default)]
    disarm_modes: Vec<ResourceMode>,
    /// This project's plugin answers `GET /api/plugins/proxbox-ha/ha/summary/by-endpoint/`,
    /// from `endpoints`; otherwise that route is NetBox's 404 (a NetBox without the plugin).
    #[serde(default)]
    by_endpoint: bool,
}

#[derive(Clone)]
pub struct Scenario {
    pub description: String,
    pub config: Option<Value>,
    plugin: Plugin,
    summary: Spec,
    vm_answers: BTreeMap<String, Spec>,
    vm_delay_ms: BTreeMap<String, u64>,
    lookups: Option<Spec>,
    vms: Vec<Vm>,
    next_origin: Option<String>,
    max_page_size: usize,
    pub page_settings: Option<Value>,
    endpoints: Vec<Endpoint>,
    action_answer: Option<Spec>,
    disarm_modes: Vec<ResourceMode>,
    by_endpoint: bool,
    /// `summary_steps`, each the scenario with that step's summary.
    steps: steps::Steps,
}

impl ScenarioFile {
    /// `{}`: every key at its default.
    fn empty() -> ScenarioFile {
        serde_json::from_str("{}").expect("every key has a default")
    }
}

impl From<ScenarioFile> for Scenario {
    fn from(file: ScenarioFile) -> Scenario {
        let (summary, mut vms) = match file.generate {
            Some(g) => generate(g.resources, g.clusters.max(1)),
            None => (file.summary.unwrap_or_else(|| Spec::body(Value::Object(Map::new()))), vec![]),
        };
        vms.extend(file.vms);
        let scenario = Scenario {
            description: file.description,
            config: file.config,
            plugin: file.plugin,
            summary,
            vm_answers: file.vm_answers,
            vm_delay_ms: file.vm_delay_ms,
            lookups: file.lookups,
            vms,
            next_origin: file.next_origin,
            max_page_size: file.max_page_size,
            page_settings: file.page_settings,
            endpoints: file.endpoints,
            action_answer: file.action_answer,
            disarm_modes: file.disarm_modes,
            by_endpoint: file.by_endpoint,
            steps: steps::Steps::default(),
        };
        let steps = steps::Steps::of(&scenario, &file.summary_steps);
        Scenario { steps, ..scenario }
    }
}

pub struct Scenarios(BTreeMap<String, Scenario>);

impl Scenarios {
    pub fn load(dir: &Path) -> Result<Scenarios, String> {
        let mut raw = BTreeMap::new();
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                // Each file on its own first, so that an error names its line.
                serde_json::from_str::<ScenarioFile>(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let value: Value =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                raw.insert(name, value);
            }
        }
        let mut out = BTreeMap::new();
        for name in raw.keys() {
            let merged = resolve(&raw, name, 0)?;
            let file: ScenarioFile = serde_json::from_value(Value::Object(merged))
                .map_err(|e| format!("scenario {name}: {e}"))?;
            out.insert(name.clone(), Scenario::from(file));
        }
        Ok(Scenarios(out))
    }

    pub fn get(&self, name: &str) -> Option<&Scenario> {
        self.0.get(name)
    }

    /// `generated-N`: N resources over 3 clusters, made on first use (for the benchmark).
    pub fn get_or_generate(&mut self, name: &str) -> Option<&Scenario> {
        if !self.0.contains_key(name) {
            let n: usize =
                name.strip_prefix("generated-")?.parse().ok().filter(|n| *n <= 200_000)?;
            let file = ScenarioFile {
                description: format!("{n} generated resources over 3 clusters"),
                generate: Some(Generate { resources: n, clusters: 3 }),
                ..ScenarioFile::empty()
            };
            self.0.insert(name.to_owned(), Scenario::from(file));
        }
        self.0.get(name)
    }

    pub fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

fn resolve(
    raw: &BTreeMap<String, Value>,
    name: &str,
    depth: usize,
) -> Result<Map<String, Value>, String> {
    let own =
        raw.get(name).and_then(Value::as_object).ok_or(format!("no scenario object {name}"))?;
    let mut merged = match own.get("extends") {
        None => Map::new(),
        Some(Value::String(parent)) if depth < 8 => resolve(raw, parent, depth + 1)?,
        Some(Value::String(_)) => return Err(format!("{name}: extends too deep")),
        Some(other) => return Err(format!("{name}: extends takes a scenario name, not {other}")),
    };
    for (k, v) in own {
        merged.insert(k.clone(), v.clone());
    }
    Ok(merged)
}

impl Vm {
    fn synced_id(&self) -> Option<u64> {
        crate::contract::proxmox_id(&self.proxmox_vm_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "mock-netbox-test-{}-{}",
            std::process::id(),
            files.iter().map(|(name, _)| *name).collect::<Vec<_>>().join("-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(format!("{name}.json")), text).unwrap();
        }
        dir
    }

    fn load(files: &[(&str, &str)]) -> Result<Scenarios, String> {
        let dir = dir_with(files);
        let loaded = Scenarios::load(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        loaded
    }

    #[test]
    fn every_scenario_file_loads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let files = std::fs::read_dir(&dir).unwrap().flatten().count();
        let scenarios = Scenarios::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scenarios.names().len(), files);
        for name in [
            "demo",
            "pve8",
            "pve9",
            "actions",
            "actions-disarm-modes",
            "endpoint-unreachable",
            "endpoint-404",
            "large",
            "vm-race",
            "hang",
        ] {
            assert!(scenarios.get(name).is_some(), "{name}");
        }
        let large = scenarios.get("large").unwrap();
        assert_eq!(large.vms.len(), 1000, "generated");
        assert!(scenarios.get("pve9").unwrap().summary.body.is_some(), "extends demo's");
    }

    #[test]
    fn a_misspelt_key_is_an_error_naming_it() {
        for (text, key) in [
            (r#"{"descripton": "typo at the top"}"#, "descripton"),
            (r#"{"summary": {"stauts": 503, "body": {}}}"#, "stauts"),
            (r#"{"vms": [{"id": 1, "proxmox_vmid": 101}]}"#, "proxmox_vmid"),
            (r#"{"endpoints": [{"id": 1, "name": "a", "allow_write": true}]}"#, "allow_write"),
            (r#"{"vm_answers": {"101": {"fault": "hang", "delay": 5}}}"#, "delay"),
            (r#"{"generate": {"resource": 5}}"#, "resource"),
            (r#"{"endpoints": [{"id": 1, "name": "a", "summary": {"stauts": 503}}]}"#, "stauts"),
            (r#"{"endpoints": [{"id": 1, "name": "a", "adress": "x:1"}]}"#, "adress"),
            (r#"{"by_endpoints": true}"#, "by_endpoints"),
            (r#"{"disarm_mode": ["freeze"]}"#, "disarm_mode"),
            (r#"{"summary_steps": [{"answer": {"stauts": 502}}]}"#, "stauts"),
        ] {
            let error = load(&[("typo", text)]).err().unwrap_or_else(|| panic!("{text} loaded"));
            assert!(error.contains(&format!("unknown field `{key}`")), "{error}");
            assert!(error.contains("typo.json") && error.contains("line 1"), "{error}");
        }
    }

    #[test]
    fn wrong_types_and_values_are_errors() {
        for text in [
            r#"{"plugin": "newest"}"#,
            r#"{"vms": [{"name": "no id"}]}"#,
            r#"{"summary": {"fault": "explode"}}"#,
            r#"{"max_page_size": "many"}"#,
            r#"{"endpoints": [{"id": 1, "name": "a", "outcome": "maybe"}]}"#,
            r#"{"disarm_modes": ["freez"]}"#,
            r#"{"disarm_modes": "freeze"}"#,
            r#"{"by_endpoint": "yes"}"#,
            r#"{"endpoints": [{"id": 1, "name": "a", "summary": {"status": "503"}}]}"#,
        ] {
            assert!(load(&[("bad", text)]).is_err(), "{text}");
        }
        let error = load(&[("orphan", r#"{"extends": "missing"}"#)]).err().unwrap();
        assert!(error.contains("no scenario object missing"), "{error}");
    }

    #[test]
    fn extends_replaces_whole_keys() {
        let parent = r#"{"description": "parent", "plugin": "legacy", "max_page_size": 2}"#;
        let child = r#"{"extends": "parent", "description": "child"}"#;
        let scenarios = load(&[("parent", parent), ("child", child)]).unwrap();
        let child = scenarios.get("child").unwrap();
        assert_eq!(child.description, "child");
        assert!(child.plugin == Plugin::Legacy && child.max_page_size == 2);
    }
}
