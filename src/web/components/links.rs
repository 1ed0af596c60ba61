//! Links out of a view: to this app's pages, and to NetBox's VM pages.

use crate::web::context::AppContext;
use leptos::prelude::*;

/// A link to one of this app's pages, with the base path in its href (leptos_router's `<A>`
/// drops it); embedded, it opens in the top window.
#[component]
pub fn AppLink(#[prop(into)] path: String, #[prop(into)] text: String) -> impl IntoView {
    let (href, target) = expect_context::<AppContext>().app_link(&path);
    view! {
        <a href=href target=target>
            {text}
        </a>
    }
}

/// NetBox's page of a VM, built only from a validated integer id, always in the top window.
#[component]
pub fn VmLink(netbox_id: u64, #[prop(into)] text: String) -> impl IntoView {
    let href = expect_context::<AppContext>().netbox().vm_page(netbox_id);
    view! {
        <a href=href rel="external" target="_top" data-vm-id=netbox_id.to_string()>
            {text}
        </a>
    }
}
