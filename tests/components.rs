//! Component tests in headless Chromium (wasm-bindgen-test): the views render parsed data
//! and errors as a user sees them. Run by tools/test.sh.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proxbox_ha::model::config::AppConfig;
use proxbox_ha::model::error::FetchError;
use proxbox_ha::model::linkmap::{Candidate, LinkMap};
use proxbox_ha::model::netbox::NetBox;
use proxbox_ha::model::summary::{parse_summary, Summary, SummaryAnswer};
use proxbox_ha::web::components::alert::ErrorBanner;
use proxbox_ha::web::components::badge::StateBadge;
use proxbox_ha::web::context::{AppContext, Setup};
use proxbox_ha::web::hooks::page_query::PageQuery;
use proxbox_ha::web::pages::status::{LinkResult, ResourcesSection, StatusSections};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document; the handle keeps the view mounted.
fn mount<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> (HtmlElement, impl Drop) {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), view);
    (container, handle)
}

fn all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    all(root, selector).first().map(|e| e.inner_text()).unwrap_or_default()
}

fn context() -> AppContext {
    let netbox = NetBox::new(Some("https://netbox.example.com"), "http://localhost").unwrap();
    AppContext::new(Setup {
        netbox,
        config: AppConfig::default(),
        embed: Default::default(),
        base: String::new(),
        known_vm: None,
    })
}

#[wasm_bindgen_test]
fn error_banner_shows_words_as_text_and_retries() {
    let retried = RwSignal::new(0);
    let error = FetchError::BackendTooOld {
        detail: "<img src=x onerror=alert(1)> upgrade proxbox-api".into(),
    };
    let (root, _handle) = mount(
        move || view! { <ErrorBanner error retry=Callback::new(move |_| retried.update(|n| *n += 1)) /> },
    );
    let banner = &all(&root, "[role=alert]")[0];
    assert_eq!(banner.get_attribute("data-error").as_deref(), Some("backend-too-old"));
    assert!(
        text(&root, ".alert-detail").contains("<img src=x onerror=alert(1)> upgrade proxbox-api")
    );
    assert!(all(&root, "img").is_empty(), "the server's words are text, never markup");
    assert!(text(&root, ".alert-advice").contains("Upgrade proxbox-api"));
    all(&root, "button")[0].click();
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn state_badges_carry_the_word_and_the_severity_colour() {
    let (root, _handle) = mount(|| {
        view! {
            <StateBadge state=Some("error".to_owned()) />
            <StateBadge state=Some("migrate".to_owned()) />
            <StateBadge state=None />
        }
    });
    let badges = all(&root, ".badge");
    assert_eq!(badges.len(), 2);
    assert_eq!(
        (badges[0].inner_text(), badges[0].class_name()),
        ("error".into(), "badge text-bg-red".into())
    );
    assert_eq!(badges[1].class_name(), "badge text-bg-yellow");
    assert!(root.inner_text().contains('—'));
}

const SUMMARY: &str = r#"{
  "status": [
    {"cluster_name": "prod", "type": "quorum", "status": "No quorum on node 'pve02'!", "quorate": 0},
    {"cluster_name": "prod", "type": "lrm", "id": "lrm:pve01", "status": "pve01 (lost_agent_lock, Wed Nov 25 10:00:00 2026)"}
  ],
  "groups": [],
  "rules": [],
  "resources": [
    {"cluster_name": "prod", "sid": "vm:101", "state": "started", "crm_state": "started", "max_restart": 0, "max_relocate": "0", "failback": "0", "comment": "<script>window.pwned=1</script>"},
    {"cluster_name": "prod", "sid": "vm:102", "state": "started", "crm_state": "fence"}
  ]
}"#;

fn summary() -> Arc<Summary> {
    match parse_summary(&serde_json::from_str(SUMMARY).unwrap()).unwrap() {
        SummaryAnswer::Data(data) => data,
        SummaryAnswer::Notice(n) => panic!("{n}"),
    }
}

#[wasm_bindgen_test]
async fn sections_render_problems_empty_states_and_links_when_they_arrive() {
    let links: RwSignal<LinkResult> = RwSignal::new(None);
    let data = summary();
    let (root, _handle) = mount(move || {
        provide_context(context());
        // As in ha.html: the table's query from the browser's history, no router.
        provide_context(PageQuery::of_history());
        let shared = RwSignal::new(Some(data.clone()));
        view! {
            <StatusSections data=data.clone() />
            <ResourcesSection data=shared links retry_links=Callback::new(|_| ()) />
        }
    });

    let cluster = text(&root, ".cluster[data-cluster=prod]");
    assert!(cluster.contains("NO QUORUM") && cluster.contains("needs attention"), "{cluster}");
    assert!(cluster.contains("lost_agent_lock"));
    assert_eq!(text(&root, "#ha-groups .empty-row"), "No HA groups configured.");
    assert_eq!(text(&root, "#ha-rules .empty-row"), "No HA rules configured.");

    let rows = all(&root, "#ha-resources tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].inner_text().starts_with("vm:102"), "the fenced resource sorts first");
    let cells: Vec<String> = all(&rows[1], "td").iter().map(|c| c.inner_text()).collect();
    assert_eq!(&cells[9..], ["0", "0", "no"], "zero counters are values");
    assert_eq!(all(&root, "#ha-resources .placeholder").len(), 2, "links are loading");
    assert!(all(&root, "script").is_empty());

    let mut map = LinkMap::default();
    map.add(Candidate {
        netbox_id: 42,
        name: "web-01".into(),
        cluster: Some("prod".into()),
        proxmox_id: 101,
        endpoint: None,
    });
    links.set(Some(Ok(Arc::new(map))));
    leptos::task::tick().await;
    let link = &all(&root, "#ha-resources td.sid a")[0];
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://netbox.example.com/virtualization/virtual-machines/42/")
    );
    assert_eq!(link.get_attribute("rel").as_deref(), Some("external"));
    assert_eq!(text(&root, "#ha-resources td.guest a"), "web-01");
    assert!(all(&root, "#ha-resources .placeholder").is_empty());

    links.set(Some(Err(FetchError::Http { status: 500, detail: "boom".into() })));
    leptos::task::tick().await;
    assert!(text(&root, ".link-notice").contains("Links to NetBox VMs are unavailable"));
    assert!(all(&root, "#ha-resources td.sid a").is_empty());
}
