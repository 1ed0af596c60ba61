//! Fetchers: one exchange with timeout (GETs of JSON aborted on cleanup, and the POSTs of the
//! HA actions), and the loads built on it.

use crate::model::by_endpoint::{parse_by_endpoint, worth_reading_per_endpoint, BY_ENDPOINT_PATH};
use crate::model::config::{
    ACTION_TIMEOUT_SECONDS, NETBOX_TIMEOUT_SECONDS, SUMMARY_TIMEOUT_SECONDS, VM_TIMEOUT_SECONDS,
};
use crate::model::error::{classify, classify_action, FetchError};
use crate::model::ha_action::{
    parse_capabilities, parse_endpoints, parse_results, Capabilities, Endpoint, EndpointResult,
    HaAction, Target, CAPABILITIES_PATH, ENDPOINTS_PATH,
};
use crate::model::linkmap::{lookup_path, parse_page, Candidate, LinkMap, Source, IDS_PER_REQUEST};
use crate::model::netbox::{authorization, NetBox};
use crate::model::summary::{parse_summary, SummaryAnswer};
use crate::model::vm::{
    parse_vm, parse_vm_ha, proxmox_id, sync_state_path, vm_ha_path, KnownVm, VmAnswer, VmHa,
    VmState,
};
use crate::web::shared;
use crate::web::transport::{send, Answer};
use futures::StreamExt;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::{on_cleanup, set_timeout_with_handle};
use send_wrapper::SendWrapper;
use serde_json::Value;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

/// Where requests go and with which credentials; the token is read from session storage.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    pub netbox: NetBox,
    pub token: Option<String>,
}

thread_local! {
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
}

/// Requests of this page still on their way: an automatic refresh waits for them.
pub fn requests_in_flight() -> u32 {
    IN_FLIGHT.get()
}

/// Counts one request while it lives (answered, failed, or dropped when its view went away).
struct InFlight;

impl InFlight {
    fn start() -> Self {
        IN_FLIGHT.set(IN_FLIGHT.get() + 1);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.set(IN_FLIGHT.get().saturating_sub(1));
    }
}

/// A guard against paging loops: a NetBox list is never followed further than this.
const MAX_PAGES: usize = 200;

impl Client {
    /// GETs `url` and decodes JSON. The request is aborted when the reactive owner that
    /// started it is cleaned up (navigation away, refetch), and after `timeout_seconds`.
    pub async fn get_json(&self, url: &str, timeout_seconds: u32) -> Result<Value, FetchError> {
        self.exchange(url, timeout_seconds, None).await
    }

    /// POSTs an HA action as a form with the CSRF token of the page NetBox rendered; the
    /// routes refuse API tokens, so none is sent. Not aborted when the view goes away: the
    /// action happens on the server whether or not its answer is read.
    pub async fn act(
        &self,
        action: HaAction,
        target: &Target,
        csrf_token: &str,
    ) -> Result<Vec<EndpointResult>, FetchError> {
        let url = self.netbox.url(action.path());
        let form = Some((csrf_token, target.form(action)));
        let body = self.exchange(&url, ACTION_TIMEOUT_SECONDS, form).await?;
        parse_results(&body).map_err(|what| FetchError::BadShape { what })
    }

    /// The Proxmox endpoints the user may view, and what the backend can do on them.
    pub async fn endpoints(&self) -> Result<(Vec<Endpoint>, Capabilities), FetchError> {
        let (endpoints_url, capabilities_url) =
            (self.netbox.url(ENDPOINTS_PATH), self.netbox.url(CAPABILITIES_PATH));
        let (endpoints, capabilities) = futures::join!(
            self.get_json(&endpoints_url, NETBOX_TIMEOUT_SECONDS),
            self.get_json(&capabilities_url, NETBOX_TIMEOUT_SECONDS),
        );
        let bad_shape = |what| FetchError::BadShape { what };
        Ok((
            parse_endpoints(&endpoints?).map_err(bad_shape)?,
            parse_capabilities(&capabilities?).map_err(bad_shape)?,
        ))
    }

    /// One request: a GET, or with `form` (CSRF token, body) the POST of an HA action.
    async fn exchange(
        &self,
        url: &str,
        timeout_seconds: u32,
        form: Option<(&str, String)>,
    ) -> Result<Value, FetchError> {
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        if form.is_none() {
            let on_unmount = SendWrapper::new(controller.clone());
            on_cleanup(move || {
                if let Some(c) = on_unmount.take() {
                    c.abort();
                }
            });
        }
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let timed_out = timed_out.clone();
            set_timeout_with_handle(
                move || {
                    timed_out.set(true);
                    if let Some(c) = controller {
                        c.abort();
                    }
                },
                Duration::from_secs(timeout_seconds.into()),
            )
            .ok()
        };

        let mut request =
            builder(url).abort_signal(signal.as_ref()).header("Accept", "application/json");
        // The token goes to the configured NetBox and nowhere else, and never with a form.
        if let Some(header) = self
            .token
            .as_deref()
            .and_then(authorization)
            .filter(|_| self.netbox.owns(url) && form.is_none())
        {
            request = request.header("Authorization", &header);
        }
        let posting = form.is_some();
        // Only answers of the session's cookies, which every tab of this browser shares.
        let shareable = !posting && self.token.is_none();
        if let Some(shared) = shareable.then(|| shared::reusable(url)).flatten() {
            return classify(shared.status, &shared.content_type, &shared.body);
        }
        let _in_flight = InFlight::start();
        let request = match form {
            Some((csrf_token, body)) => request
                .method(Method::POST)
                .header("X-CSRFToken", csrf_token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body),
            None => request.build(),
        };
        let answer = send(request).await;
        if let Some(timer) = timer {
            timer.clear();
        }
        match answer {
            Ok(Answer { status, content_type, body }) if posting => {
                classify_action(status, &content_type, &body)
            }
            Ok(answer) => {
                if shareable && (200..300).contains(&answer.status) {
                    shared::publish(url, &answer);
                }
                classify(answer.status, &answer.content_type, &answer.body)
            }
            Err(_) if timed_out.get() => Err(FetchError::Timeout { seconds: timeout_seconds }),
            Err(message) => Err(FetchError::Network { message }),
        }
    }

    /// The one shim call of a status page render; only when proxbox-api failed the whole
    /// summary, each Proxmox endpoint on its own through this project's plugin (see
    /// `model::by_endpoint`), where that plugin is installed.
    pub async fn summary(&self) -> Result<SummaryAnswer, FetchError> {
        let url = self.netbox.url("/api/plugins/proxbox/ha/summary/");
        let combined = match self.get_json(&url, SUMMARY_TIMEOUT_SECONDS).await {
            Ok(body) => return parse_summary(&body).map_err(|what| FetchError::BadShape { what }),
            Err(error) if worth_reading_per_endpoint(&error) => error,
            Err(error) => return Err(error),
        };
        let url = self.netbox.url(BY_ENDPOINT_PATH);
        match self.get_json(&url, SUMMARY_TIMEOUT_SECONDS).await {
            Ok(body) => {
                parse_by_endpoint(&body, &combined).map_err(|what| FetchError::BadShape { what })
            }
            // No such route (static hosting, an older plugin), or it failed too: the first words.
            Err(_) => Err(combined),
        }
    }

    /// Finds the NetBox VMs carrying these Proxmox ids, 100 to a request, from the sync-state
    /// table of current plugins or, where that answers 404, the `proxmox_vm_id` custom field.
    /// The first batch finds out which; the others then run four at a time.
    pub async fn links(&self, ids: &[u64]) -> Result<LinkMap, FetchError> {
        let mut batches = ids.chunks(IDS_PER_REQUEST);
        let mut map = LinkMap::default();
        let Some(first) = batches.next() else { return Ok(map) };
        let (source, found) = match self.lookup(Source::SyncState, first).await {
            Err(FetchError::PluginMissing { .. }) => {
                (Source::CustomField, self.lookup(Source::CustomField, first).await?)
            }
            other => (Source::SyncState, other?),
        };
        found.into_iter().for_each(|c| map.add(c));
        let mut rest = futures::stream::iter(batches.map(|batch| self.lookup(source, batch)))
            .buffer_unordered(4);
        while let Some(found) = rest.next().await {
            found?.into_iter().for_each(|c| map.add(c));
        }
        Ok(map)
    }

    /// One batch of ids, following `next` pages on the NetBox origin.
    async fn lookup(&self, source: Source, batch: &[u64]) -> Result<Vec<Candidate>, FetchError> {
        let asked: BTreeSet<u64> = batch.iter().copied().collect();
        let mut found = Vec::new();
        let mut next = Some(self.netbox.url(&lookup_path(source, batch)));
        let mut pages = 0;
        while let Some(url) = next.take() {
            let body = self.get_json(&url, NETBOX_TIMEOUT_SECONDS).await?;
            let page =
                parse_page(source, &body, &asked).map_err(|what| FetchError::BadShape { what })?;
            found.extend(page.candidates);
            pages += 1;
            next = (pages < MAX_PAGES).then(|| self.netbox.follow_next(&page.next)).flatten();
        }
        Ok(found)
    }

    /// One VM's HA state: the NetBox VM and its sync-state row (in parallel), then the shim;
    /// only the shim when the page already knows the VM.
    /// `Ok(None)`: NetBox answered 404, the VM does not exist or the user may not view it.
    pub async fn vm(&self, netbox_id: u64, known: Option<KnownVm>) -> VmAnswer {
        let KnownVm { vm, proxmox } = match known {
            Some(known) => known,
            None => match self.netbox_vm(netbox_id).await? {
                Some(known) => known,
                None => return Ok(None),
            },
        };
        let ha = match &proxmox {
            Some(id) => Some(self.vm_ha(id.vmid, vm.id).await),
            None => None,
        };
        Ok(Some(VmState { vm, proxmox, ha }))
    }

    /// The NetBox VM and its Proxmox id; `None` when NetBox answers 404.
    async fn netbox_vm(&self, netbox_id: u64) -> Result<Option<KnownVm>, FetchError> {
        let detail_url =
            self.netbox.url(&format!("/api/virtualization/virtual-machines/{netbox_id}/"));
        let sync_url = self.netbox.url(&sync_state_path(netbox_id));
        let (detail, sync_state) = futures::join!(
            self.get_json(&detail_url, NETBOX_TIMEOUT_SECONDS),
            self.get_json(&sync_url, NETBOX_TIMEOUT_SECONDS)
        );
        let vm = match detail {
            Err(FetchError::PluginMissing { .. }) => return Ok(None),
            other => parse_vm(&other?).map_err(|what| FetchError::BadShape { what })?,
        };
        let proxmox = match &sync_state {
            Ok(body) => proxmox_id(&vm, Some(body)),
            // An older plugin without the sync-state table: the custom field holds the id.
            Err(FetchError::PluginMissing { .. }) => proxmox_id(&vm, None),
            Err(error) => match proxmox_id(&vm, None) {
                Some(id) => Some(id),
                None => return Err(error.clone()),
            },
        };
        Ok(Some(KnownVm { vm, proxmox }))
    }

    /// The per-VM shim call; the shim checks that the VM may be seen and the ids match.
    async fn vm_ha(&self, vmid: u64, netbox_id: u64) -> Result<VmHa, FetchError> {
        let url = self.netbox.url(&vm_ha_path(vmid, netbox_id));
        let body = self.get_json(&url, VM_TIMEOUT_SECONDS).await?;
        parse_vm_ha(&body).map_err(|what| FetchError::BadShape { what })
    }
}

/// gloo-net 0.6 appends a stray `&` to a URL that carries its own query (`?a=1&`), so that
/// the request no longer matches a `<link rel="preload">` of the same URL: the query goes in
/// through `.query()` instead, split by the browser's URL parser. Upstream:
/// <https://github.com/ranile/gloo/issues/498> (formerly rustwasm/gloo; fix proposed in #497).
fn builder(url: &str) -> RequestBuilder {
    let Ok(parsed) = web_sys::Url::new(url) else { return RequestBuilder::new(url) };
    let pairs: Vec<(String, String)> = js_sys::try_iter(&parsed.search_params())
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.ok()?.into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect();
    parsed.set_search("");
    RequestBuilder::new(&parsed.href()).query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}
