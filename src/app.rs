//! The app shell: loads `config.json`, provides the shared context, routes.

use crate::api::Client;
use crate::components::settings::TokenSettings;
use crate::config::AppConfig;
use crate::embed::EmbedOptions;
use crate::frame;
use crate::netbox::NetBox;
use crate::pages::not_found::NotFound;
use crate::pages::status::StatusPage;
use crate::pages::vm::{VmPage, VmidPage};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use serde_json::Value;

const TOKEN_KEY: &str = "proxbox-ha.token";

/// What every view needs: where NetBox is, the settings, and the session token.
#[derive(Clone, Copy)]
pub struct AppContext {
    setup: StoredValue<Setup>,
    pub token: RwSignal<Option<String>>,
}

#[derive(Clone, Debug)]
pub struct Setup {
    pub netbox: NetBox,
    pub config: AppConfig,
    pub embed: EmbedOptions,
    /// The path the app is served under (`""` or like `/proxbox-ha`).
    pub base: String,
}

impl AppContext {
    pub fn new(setup: Setup) -> Self {
        AppContext { setup: StoredValue::new(setup), token: RwSignal::new(stored_token()) }
    }

    pub fn netbox(&self) -> NetBox {
        self.setup.with_value(|s| s.netbox.clone())
    }

    /// config.json's `refresh_seconds`; 0 turns live refresh off.
    pub fn refresh_seconds(&self) -> u64 {
        self.setup.with_value(|s| s.config.refresh_seconds)
    }

    pub fn embedded(&self) -> bool {
        self.setup.with_value(|s| s.embed.embedded)
    }

    /// A link to one of this app's pages. Embedded, it opens in the top window like NetBox's links.
    pub fn app_link(&self, path: &str) -> (String, Option<&'static str>) {
        let href = self.setup.with_value(|s| format!("{}{path}", s.base));
        (href, self.embedded().then_some("_top"))
    }

    /// A client for the current token; reading it inside a resource refetches on token change.
    pub fn client(&self) -> Client {
        Client { netbox: self.netbox(), token: self.token.get() }
    }

    /// Keeps the token for this tab only (session storage), or forgets it.
    pub fn set_token(&self, token: Option<String>) {
        if let Some(storage) = window().session_storage().ok().flatten() {
            let _ = match &token {
                Some(t) => storage.set_item(TOKEN_KEY, t),
                None => storage.remove_item(TOKEN_KEY),
            };
        }
        self.token.set(token);
    }
}

fn stored_token() -> Option<String> {
    window().session_storage().ok().flatten()?.get_item(TOKEN_KEY).ok().flatten()
}

/// A link to one of this app's pages, with the base path in its href (leptos_router's `<A>`
/// drops it), marked as the current page when it is.
#[component]
pub fn AppLink(path: &'static str, #[prop(into)] text: String) -> impl IntoView {
    let (href, target) = expect_context::<AppContext>().app_link(path);
    let location = leptos_router::hooks::use_location();
    let current = {
        let href = href.clone();
        move || (location.pathname.get() == href).then_some("page")
    };
    view! { <a href=href target=target aria-current=current>{text}</a> }
}

/// The path the app is served under, from the `<base href>` trunk writes at build time
/// (`trunk build --public-url /proxbox-ha/`). `""` at the web root.
pub fn router_base() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = base.split_once("://").map_or("", |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// config.json is optional: without it NetBox is the page's own origin.
pub async fn load_setup() -> Result<Setup, String> {
    let page_origin = window().location().origin().unwrap_or_default();
    let config = match gloo_net::http::Request::get("config.json").send().await {
        Ok(r) if r.status() == 404 => AppConfig::default(),
        Ok(r) if r.ok() => match r.json::<Value>().await {
            Ok(body) => AppConfig::parse(&body),
            Err(e) => return Err(format!("config.json is not valid JSON ({e}). Fix it or remove it to use the defaults.")),
        },
        Ok(r) => return Err(format!("config.json could not be loaded: HTTP {}.", r.status())),
        Err(e) => return Err(format!("config.json could not be loaded: {e}.")),
    };
    let netbox = NetBox::new(config.netbox_url.as_deref(), &page_origin)?;
    let embed = EmbedOptions::from_query(&window().location().search().unwrap_or_default());
    Ok(Setup { netbox, config, embed, base: router_base() })
}

/// The app, once config.json is read (see main.rs: it is read once, before mounting).
#[component]
pub fn App(setup: Result<Setup, String>) -> impl IntoView {
    match setup {
        Ok(setup) => view! { <Shell setup/> }.into_any(),
        Err(message) => view! {
            <main class="container">
                <div class="alert alert-danger" role="alert">
                    <div class="alert-title">"This app is not configured correctly"</div>
                    <div class="alert-detail">{message}</div>
                </div>
            </main>
        }.into_any(),
    }
}

#[component]
fn Shell(setup: Setup) -> impl IntoView {
    if let Some(theme) = setup.embed.theme {
        frame::apply_theme(theme);
    }
    let embedded = setup.embed.embedded;
    if embedded {
        frame::follow_parent_theme(setup.netbox.origin().to_owned());
        frame::report_height(setup.netbox.origin().to_owned());
    }
    let base = setup.base.clone();
    provide_context(AppContext::new(setup));
    view! {
        <Router base>
            {(!embedded).then(|| view! {
                <header class="navbar">
                    <div class="navbar-inner">
                        <span class="navbar-brand">"Proxbox HA"</span>
                        <nav class="navbar-nav" aria-label="Main">
                            <AppLink path="/ha" text="HA Status"/>
                        </nav>
                        <TokenSettings/>
                    </div>
                </header>
            })}
            <main class="container" class:embedded=embedded>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/ha"/> }/>
                    <Route path=path!("/ha") view=StatusPage/>
                    <Route path=path!("/vm/:id") view=VmPage/>
                    <Route path=path!("/vmid/:vmid") view=VmidPage/>
                </Routes>
            </main>
        </Router>
    }
}
