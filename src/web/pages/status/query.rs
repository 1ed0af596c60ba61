//! The resources table's query lives in the URL (`/ha?q=web&cluster=prod&sort=-node`).

use crate::model::table::TableQuery;
use crate::web::hooks::page_query::PageQuery;
use leptos::prelude::*;

const KEYS: [&str; 7] = ["q", "cluster", "node", "state", "severity", "sort", "page"];

/// The URL's table query and a way to change it (replacing the history entry).
/// Read from the raw search string: leptos_router's query map decodes values twice, which
/// turns a search for `%41` into `A` after a reload.
pub fn use_table_query() -> (Memo<TableQuery>, Callback<TableQuery>) {
    let PageQuery { search, replace } = expect_context();
    let current = Memo::new(move |_| {
        let params = search.with(|s| web_sys::UrlSearchParams::new_with_str(s).ok());
        let pairs: Vec<(&str, String)> =
            KEYS.into_iter().filter_map(|k| Some((k, params.as_ref()?.get(k)?))).collect();
        TableQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let set = Callback::new(move |next: TableQuery| {
        let pairs: Vec<String> = next
            .to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
            .collect();
        replace.run(if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) });
    });
    (current, set)
}

/// Scrolls the resources table into view, after a click elsewhere filtered it.
pub fn show_table() {
    if let Some(table) = document().get_element_by_id("ha-resources") {
        table.scroll_into_view();
    }
}
