//! What every view needs: where NetBox is, the settings, the session token. Read once at start.

use crate::model::config::{from_answer, AppConfig};
use crate::model::contract::SETTINGS_META_NAME;
use crate::model::embed::EmbedOptions;
use crate::model::ha_action::unavailable;
use crate::model::netbox::NetBox;
use crate::model::vm::KnownVm;
use crate::web::api::Client;
use crate::web::transport::send;
use gloo_net::http::RequestBuilder;
use leptos::prelude::*;
use serde_json::Value;

const TOKEN_KEY: &str = "proxbox-ha.token";

#[derive(Clone, Debug)]
pub struct Setup {
    pub netbox: NetBox,
    pub config: AppConfig,
    pub embed: EmbedOptions,
    /// The path the app is served under (`""` or like `/proxbox-ha`).
    pub base: String,
    /// The VM the page was drawn for, when the NetBox plugin drew it.
    pub known_vm: Option<KnownVm>,
}

#[derive(Clone, Copy)]
pub struct AppContext {
    setup: StoredValue<Setup>,
    pub token: RwSignal<Option<String>>,
}

/// The settings a page carries: the NetBox plugin's `<meta>` tag, as JSON.
fn page_settings() -> Option<Value> {
    let meta = document().query_selector(&format!("meta[name='{SETTINGS_META_NAME}']")).ok()??;
    serde_json::from_str(&meta.get_attribute("content")?).ok()
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

    /// Whether the page offers the API-token setting (not where NetBox's plugin serves it).
    pub fn token_setting(&self) -> bool {
        self.setup.with_value(|s| s.config.token_setting)
    }

    /// The path the app is served under (`""` or like `/proxbox-ha`).
    pub fn base(&self) -> String {
        self.setup.with_value(|s| s.base.clone())
    }

    /// The NetBox VM id the page's query asks for (`embed.html?vm=42`).
    pub fn vm_asked(&self) -> Option<u64> {
        self.setup.with_value(|s| s.embed.vm)
    }

    pub fn embedded(&self) -> bool {
        self.setup.with_value(|s| s.embed.embedded)
    }

    /// A link to one of this app's pages. Embedded, it opens in the top window like NetBox's.
    pub fn app_link(&self, path: &str) -> (String, Option<&'static str>) {
        let href = self.setup.with_value(|s| format!("{}{path}", s.base));
        (href, self.embedded().then_some("_top"))
    }

    /// The VM the page was drawn for, once: the first load of that VM's tab uses it, later
    /// refreshes read NetBox again.
    pub fn take_known_vm(&self, netbox_id: u64) -> Option<KnownVm> {
        self.setup.try_update_value(|s| s.known_vm.take_if(|k| k.vm.id == netbox_id)).flatten()
    }

    /// A client for the current token; reading it inside a resource refetches on token change.
    pub fn client(&self) -> Client {
        Client { netbox: self.netbox(), token: self.token.get() }
    }

    /// NetBox's login page, coming back to the page the user is on (the top window's, when
    /// the app is framed in NetBox). Offered only where the NetBox session is what counts.
    pub fn login_url(&self) -> Option<String> {
        if !self.same_origin() {
            return None;
        }
        let location = window().location();
        let top = window().top().ok().flatten().map(|top| top.location());
        let here = |l: &web_sys::Location| Some(l.pathname().ok()? + &l.search().ok()?);
        let next = top.as_ref().and_then(here).or_else(|| here(&location))?;
        let next = js_sys::encode_uri_component(&next);
        Some(self.netbox().url(&format!("/login/?next={next}")))
    }

    /// Whether this page is on NetBox's own origin, where NetBox's session counts.
    fn same_origin(&self) -> bool {
        window().location().origin().is_ok_and(|o| o.eq_ignore_ascii_case(self.netbox().origin()))
    }

    /// Why the HA actions cannot work here (`None`: they can); see `model::ha_action`.
    pub fn actions_unavailable(&self) -> Option<&'static str> {
        let (token_set, same_origin) = (self.token.with(Option::is_some), self.same_origin());
        self.setup
            .with_value(|s| unavailable(s.config.csrf_token.as_deref(), token_set, same_origin))
    }

    /// The CSRF token of the page NetBox rendered, for the HA actions' form.
    pub fn csrf_token(&self) -> Option<String> {
        self.setup.with_value(|s| s.config.csrf_token.clone())
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

async fn fetch_config() -> Result<AppConfig, String> {
    let answer = send(RequestBuilder::new("config.json").build())
        .await
        .map_err(|e| format!("config.json could not be loaded: {e}."))?;
    from_answer(answer.status, &answer.content_type, &answer.body)
}

/// The path the app is served under, from the `<base href>` trunk writes at build time
/// (`trunk build --public-url /proxbox-ha/`). `""` at the web root.
pub fn router_base() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|url| url.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// The settings: from the page when the NetBox plugin serves it, else from the optional
/// config.json next to index.html. Without either, NetBox is the page's own origin.
pub async fn load_setup() -> Result<Setup, String> {
    let page_origin = window().location().origin().unwrap_or_default();
    let settings = page_settings();
    let config = match &settings {
        Some(settings) => AppConfig::parse(settings),
        None => fetch_config().await?,
    };
    let netbox = NetBox::new(config.netbox_url.as_deref(), &page_origin)?;
    let embed = EmbedOptions::from_query(&window().location().search().unwrap_or_default());
    let known_vm = settings.as_ref().and_then(KnownVm::from_settings);
    Ok(Setup { netbox, config, embed, base: router_base(), known_vm })
}
