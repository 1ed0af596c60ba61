//! A mock NetBox for development, demos and tests: serves the built app and the NetBox and
//! netbox-proxbox routes proxbox-ha calls, from scenario files. Faults (hangs, dropped
//! connections, HTML, truncated or huge bodies) need socket-level control, hence a
//! hand-written server (`http.rs`).
//!
//! Scenario per request: the `mock_scenario` cookie, else the one chosen at start or at
//! run time through `/__mock/use/{name}`.

use mock_netbox::contract;
use mock_netbox::http::{self, Request, Response};
use mock_netbox::netbox_pages;
use mock_netbox::scenario::{self, Scenarios};
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

struct Options {
    port: u16,
    dist: PathBuf,
    base: String,
    scenario: String,
    scenarios: PathBuf,
    netbox_url: Option<String>,
    require_token: bool,
}

const USAGE: &str = "\
mock-netbox [--port 8080] [--dist dist] [--base /] [--scenario demo] [--scenarios DIR]
            [--netbox-url URL]   serve a config.json pointing at another NetBox
            [--require-token]    the API answers 403 without a token";

fn options() -> Result<Options, lexopt::Error> {
    use lexopt::prelude::*;
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut o = Options {
        port: 8080,
        dist: here.join("../../dist"),
        base: "/".into(),
        scenario: "demo".into(),
        scenarios: here.join("scenarios"),
        netbox_url: None,
        require_token: false,
    };
    let mut args = lexopt::Parser::from_env();
    while let Some(arg) = args.next()? {
        match arg {
            Long("port") => o.port = args.value()?.parse()?,
            Long("dist") => o.dist = args.value()?.into(),
            Long("base") => o.base = args.value()?.string()?,
            Long("scenario") => o.scenario = args.value()?.string()?,
            Long("scenarios") => o.scenarios = args.value()?.into(),
            Long("netbox-url") => o.netbox_url = Some(args.value()?.string()?),
            Long("require-token") => o.require_token = true,
            Short('h') | Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    if !o.base.starts_with('/') {
        o.base.insert(0, '/');
    }
    if !o.base.ends_with('/') {
        o.base.push('/');
    }
    Ok(o)
}

pub struct State {
    scenarios: RwLock<Scenarios>,
    /// Per scenario, what the HA actions changed (HA disarmed or armed, per cluster).
    changes: Mutex<HashMap<String, scenario::HaChanges>>,
    current: RwLock<String>,
    dist: PathBuf,
    base: String,
    netbox_url: Option<String>,
    require_token: bool,
}

impl State {
    /// Known, or generated on first use (`generated-N`).
    fn has_scenario(&self, name: &str) -> bool {
        let mut scenarios = self.scenarios.write().unwrap_or_else(|e| e.into_inner());
        scenarios.get_or_generate(name).is_some()
    }
}

fn main() {
    let o = options().unwrap_or_else(|e| {
        eprintln!("mock-netbox: {e}\n{USAGE}");
        std::process::exit(2);
    });
    let scenarios = Scenarios::load(&o.scenarios).unwrap_or_else(|e| {
        eprintln!("mock-netbox: {e}");
        std::process::exit(2);
    });
    let mut scenarios = scenarios;
    if scenarios.get_or_generate(&o.scenario).is_none() {
        eprintln!(
            "mock-netbox: no scenario {:?}; have: {}",
            o.scenario,
            scenarios.names().join(", ")
        );
        std::process::exit(2);
    }
    let listener = TcpListener::bind(("127.0.0.1", o.port)).unwrap_or_else(|e| {
        eprintln!("mock-netbox: cannot listen on 127.0.0.1:{}: {e}", o.port);
        std::process::exit(2);
    });
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(o.port);
    let state = Arc::new(State {
        scenarios: RwLock::new(scenarios),
        changes: Mutex::new(HashMap::new()),
        current: RwLock::new(o.scenario.clone()),
        dist: o.dist,
        base: o.base,
        netbox_url: o.netbox_url,
        require_token: o.require_token,
    });
    println!(
        "mock NetBox listening on http://127.0.0.1:{port}{}  (scenario: {})",
        state.base, o.scenario
    );
    println!("scenarios: http://127.0.0.1:{port}/__mock/");
    for stream in listener.incoming().flatten() {
        let state = state.clone();
        std::thread::spawn(move || http::serve(stream, |request| route(&state, request)));
    }
}

/// NetBox with `CORS_ORIGIN_WHITELIST`: cross-origin reads allowed, without credentials.
fn route(state: &State, request: &Request) -> Response {
    let response = if request.method == "OPTIONS" {
        Response::bytes(204, "text/plain", Vec::new())
    } else {
        answer(state, request)
    };
    match request.header("origin") {
        Some(origin) => response
            .with_header("Access-Control-Allow-Origin", origin)
            .with_header("Access-Control-Allow-Headers", "authorization, accept")
            .with_header("Access-Control-Allow-Methods", "GET, OPTIONS")
            .with_header("Vary", "Origin"),
        None => response,
    }
}

fn answer(state: &State, request: &Request) -> Response {
    let path = request.path.as_str();
    if let Some(rest) = path.strip_prefix("/__mock/") {
        return control(state, rest);
    }
    let name = request
        .cookie("mock_scenario")
        .filter(|n| state.has_scenario(n))
        .unwrap_or_else(|| state.current.read().map(|c| c.clone()).unwrap_or_default());
    let scenarios = state.scenarios.read().unwrap_or_else(|e| e.into_inner());
    let Some(scenario) = scenarios.get(&name).map(|s| s.for_request(request)) else {
        return Response::json(
            500,
            &serde_json::json!({"detail": format!("mock: no scenario {name}")}),
        );
    };
    if path.starts_with("/api/") && state.require_token && request.header("authorization").is_none()
    {
        return Response::json(
            403,
            &serde_json::json!({"detail": "Authentication credentials were not provided."}),
        );
    }
    let mut changes = state.changes.lock().unwrap_or_else(|e| e.into_inner());
    let changes = changes.entry(name).or_default();
    if request.method == "POST" {
        return scenario.post(request, changes);
    }
    // The plugin's own routes come before its pages (`netbox-plugin/.../urls.py`), also when
    // the app is served under `/plugins/proxbox-ha/`.
    if path.starts_with("/api/")
        || path.starts_with("/virtualization/")
        || path.starts_with("/plugins/proxbox-ha/ha/")
    {
        return scenario.answer(request, changes);
    }
    static_file(state, scenario, path)
}

fn control(state: &State, rest: &str) -> Response {
    if let Some(vm_id) = rest.strip_prefix("embed/") {
        return netbox_pages::vm_page(&state.base, vm_id);
    }
    if rest.trim_end_matches('/') == "ha-frame" {
        return netbox_pages::status_page(&state.base);
    }
    if let Some(name) = rest.strip_prefix("plain/") {
        let name = format!("generated-{}", name.trim_end_matches('/'));
        if !state.has_scenario(&name) {
            return Response::text(404, "plain/{N} takes a number of resources");
        }
        let scenarios = state.scenarios.read().unwrap_or_else(|e| e.into_inner());
        return Response::html(
            200,
            &scenarios.get(&name).map(scenario::Scenario::plain_table).unwrap_or_default(),
        );
    }
    if let Some(name) = rest.strip_prefix("use/") {
        let name = name.trim_end_matches('/');
        if !state.has_scenario(name) {
            return Response::text(404, &format!("no scenario {name}"));
        }
        if let Ok(mut current) = state.current.write() {
            *current = name.to_owned();
        }
        println!("scenario switched to {name}");
        return Response::redirect(&format!("{}ha", state.base));
    }
    let current = state.current.read().map(|c| c.clone()).unwrap_or_default();
    let scenarios = state.scenarios.read().unwrap_or_else(|e| e.into_inner());
    let items: String = scenarios
        .names()
        .iter()
        .map(|n| {
            let description = scenarios.get(n).map(|s| s.description.clone()).unwrap_or_default();
            let marker = if *n == current { " (current)" } else { "" };
            format!(
                "<li><a href=\"/__mock/use/{n}\">{n}</a>{marker}: {}</li>",
                http::escape(&description)
            )
        })
        .collect();
    Response::html(
        200,
        &format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>mock NetBox scenarios</title>\
             </head><body style=\"font-family:sans-serif\"><h1>mock NetBox scenarios</h1>\
             <p>Pick one; the app's pages then show it. App: <a href=\"{base}ha\">{base}ha</a>; \
             VM tab: <a href=\"{base}vm/1\">{base}vm/1</a>; embedded in a NetBox-like VM page: \
             <a href=\"/__mock/embed/1\">/__mock/embed/1</a> (demo VMs 1, 4, 9 to 13); the status \
             page in NetBox's layout: <a href=\"/__mock/ha-frame\">/__mock/ha-frame</a>.</p>\
             <ul>{items}</ul></body></html>",
            base = state.base
        ),
    )
}

fn static_file(state: &State, scenario: &scenario::Scenario, path: &str) -> Response {
    let Some(relative) = path
        .strip_prefix(&state.base)
        .or_else(|| (path.to_owned() + "/").strip_prefix(&state.base).map(|_| ""))
    else {
        return Response::text(404, "not under the app's base path");
    };
    if relative == "config.json" {
        let configured =
            state.netbox_url.as_ref().map(|url| serde_json::json!({ "netbox_url": url }));
        if let Some(config) = scenario.config.as_ref().or(configured.as_ref()) {
            return Response::json(200, config);
        }
    }
    let safe = !relative.split('/').any(|part| part == ".." || part.starts_with('.'));
    let file = state.dist.join(relative);
    if safe && relative.ends_with(".html") && file.is_file() {
        return page(state, scenario, &file);
    }
    if safe && !relative.is_empty() && file.is_file() {
        return Response::file(&file).with_header("Content-Security-Policy", &csp(state));
    }
    // Unknown files 404; everything else is an app route, served by its own page where it
    // has one (`ha` -> ha.html), else by index.html (like the README's nginx recipe).
    if relative.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        return Response::text(404, "not found");
    }
    let own_page = state.dist.join(format!("{relative}.html"));
    if safe && !relative.is_empty() && own_page.is_file() {
        return page(state, scenario, &own_page);
    }
    let index = state.dist.join("index.html");
    if index.is_file() {
        page(state, scenario, &index)
    } else {
        Response::text(500, "dist/index.html is missing: build the app with tools/build.sh first")
    }
}

/// One of the app's pages, with the scenario's page settings in the `<meta>` tag the NetBox
/// plugin writes.
fn page(state: &State, scenario: &scenario::Scenario, file: &std::path::Path) -> Response {
    let html = std::fs::read_to_string(file).unwrap_or_default();
    let html = match &scenario.page_settings {
        Some(settings) => html.replacen(
            "</head>",
            &format!(
                "<meta name=\"{}\" content=\"{}\"></head>",
                contract::settings_meta_name(),
                http::escape(&settings.to_string())
            ),
            1,
        ),
        None => html,
    };
    Response::html(200, &html).with_header("Content-Security-Policy", &csp(state))
}

/// The strict policy the README recommends: no inline script or style, no eval, only
/// WebAssembly compilation, and requests only to this host and NetBox.
fn csp(state: &State) -> String {
    let netbox = state.netbox_url.as_deref().map(|url| {
        let origin_end = url
            .find("://")
            .map_or(url.len(), |i| url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j));
        format!(" {}", &url[..origin_end])
    });
    contract::content_security_policy(&netbox.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(base: &str) -> State {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        State {
            scenarios: RwLock::new(Scenarios::load(&here.join("scenarios")).unwrap()),
            changes: Mutex::new(HashMap::new()),
            current: RwLock::new("demo".into()),
            dist: here.join("no-dist"),
            base: base.into(),
            netbox_url: None,
            require_token: false,
        }
    }

    fn request(method: &str, path: &str, scenario: &str, form: &[(&str, &str)]) -> Request {
        Request {
            method: method.into(),
            path: path.into(),
            query: vec![],
            headers: vec![
                ("Cookie".into(), format!("mock_scenario={scenario}")),
                ("X-CSRFToken".into(), "mock-csrf-token".into()),
            ],
            form: form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    fn answered(response: Response) -> (u16, String) {
        match response {
            Response::Body { status, body, .. } => (status, String::from_utf8(body).unwrap()),
            _ => panic!("not an answer"),
        }
    }

    #[test]
    fn the_plugins_routes_come_before_its_pages_and_actions_stay_per_scenario() {
        // Served where the plugin serves the app: its routes are not app pages.
        let state = state("/plugins/proxbox-ha/");
        let actions =
            request("GET", "/plugins/proxbox-ha/ha/actions/", "actions-disarm-modes", &[]);
        let (status, body) = answered(answer(&state, &actions));
        assert_eq!(status, 200);
        assert!(body.contains(r#""modes":["freeze","ignore"]"#), "{body}");
        let unknown = request("GET", "/plugins/proxbox-ha/ha/other/", "actions", &[]);
        assert_eq!(answered(answer(&state, &unknown)).0, 404);

        let form = [("endpoint_id", "1"), ("resource_mode", "freeze")];
        let disarm =
            request("POST", "/plugins/proxbox-ha/ha/disarm/", "actions-disarm-modes", &form);
        assert_eq!(answered(answer(&state, &disarm)).0, 200);
        let summary = |scenario| {
            answered(answer(
                &state,
                &request("GET", "/api/plugins/proxbox/ha/summary/", scenario, &[]),
            ))
            .1
        };
        let words = "disarmed, resource mode: freeze (CRM watchdog released)";
        assert!(summary("actions-disarm-modes").contains(words));
        assert!(!summary("actions").contains(words), "each scenario keeps its own");
        let old = request("POST", "/plugins/proxbox/ha/arm/", "actions-disarm-modes", &[]);
        assert_eq!(answered(answer(&state, &old)).0, 404);
        assert!(summary("actions-disarm-modes").contains(words), "the old route changed nothing");
    }
}
