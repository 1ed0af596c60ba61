//! Stand-ins for the NetBox pages of this project's plugin that frame the app, with the
//! plugin's own frame snippet rendered as NetBox (Django) renders it: NetBox's VM page with
//! the HA live tab, and the HA Status page inside NetBox's layout, whose title counts the
//! status page's problems.

use crate::contract;
use crate::http::Response;

/// The plugin's frame snippet (also the README's).
const FRAME_SNIPPET: &str =
    include_str!("../../../netbox-plugin/netbox_proxbox_ha/templates/netbox_proxbox_ha/frame.html");

/// `{% include 'netbox_proxbox_ha/frame.html' with frame_title=... keep_query=... %}`.
fn frame(frame_src: &str, frame_title: Option<&str>, keep_query: bool) -> String {
    FRAME_SNIPPET
        .replace("{{ frame_src }}", frame_src)
        .replace(
            "{{ frame_title|default:'High Availability (live)' }}",
            frame_title.unwrap_or("High Availability (live)"),
        )
        .replace(
            "{% if keep_query %}data-keep-query{% endif %}",
            if keep_query { "data-keep-query" } else { "" },
        )
        .replace(
            "{{ frame_messages|json_script:\"proxbox-ha-messages\" }}",
            &contract::frame_messages_script(),
        )
}

/// A NetBox-like page: light or dark (`#toggle-theme`), the frame in a tab pane under `tab`.
fn page(title: &str, heading: &str, tab: &str, frame: &str) -> Response {
    Response::html(
        200,
        &format!(
            "<!DOCTYPE html><html lang=en data-bs-theme=light><head><meta charset=utf-8>\
             <title>{title} | NetBox (mock)</title>\
             <style>body{{font-family:sans-serif;margin:0;padding:1rem;background:#f6f8fb}} \
             html[data-bs-theme=dark]{{color-scheme:dark}} \
             html[data-bs-theme=dark] body{{background:#151f2c;color:#dce1e7}}\
             .tab-pane{{border:1px solid #dce1e7;padding:0.5rem}}</style></head><body>\
             <h1>{heading}</h1>\
             <button id=toggle-theme onclick=\"const h=document.documentElement;\
             h.dataset.bsTheme=h.dataset.bsTheme==='dark'?'light':'dark'\">Toggle theme</button>\
             <h2>{tab}</h2><div class=tab-pane>{frame}</div>\
             <p id=below>Content below the tab.</p></body></html>"
        ),
    )
}

/// NetBox's VM page with the HA live tab (`/__mock/embed/{id}`), for the demo and the tests.
pub fn vm_page(base: &str, vm_id: &str) -> Response {
    let Ok(vm_id) = vm_id.trim_end_matches('/').parse::<u64>() else {
        return Response::text(404, "embed page needs a numeric VM id");
    };
    let frame = frame(&format!("{base}embed.html?vm={vm_id}"), None, false);
    let heading = format!("Virtual machine {vm_id}");
    page(&format!("VM {vm_id}"), &heading, "High Availability", &frame)
}

/// NetBox's HA Status page of the plugin (`/__mock/ha-frame`): `ha.html?embed=1` framed,
/// keeping its query and counting its problems in the title.
pub fn status_page(base: &str) -> Response {
    let frame = frame(&format!("{base}ha.html?embed=1"), Some("HA Status (live)"), true);
    page("HA Status (live)", "Plugins", "HA Status (live)", &frame)
}
