//! The resources table's controls: search and filters, sortable headers, pages.

use super::query::show_table;
use crate::model::resource::Resource;
use crate::model::severity::Severity;
use crate::model::summary::Summary;
use crate::model::table::{distinct, pager_label, Column, TableQuery};
use leptos::prelude::*;
use std::sync::Arc;

/// Applies a change to the query and goes back to the first page.
fn updater(
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
    change: fn(&mut TableQuery, Option<String>),
) -> Callback<Option<String>> {
    Callback::new(move |value| {
        let mut next = query.get_untracked();
        change(&mut next, value);
        next.page = 0;
        set_query.run(next);
    })
}

#[component]
pub fn Toolbar(
    data: Signal<Option<Arc<Summary>>>,
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
    export: Callback<()>,
) -> impl IntoView {
    let choices = move |pick: fn(&Resource) -> Option<String>| {
        Signal::derive(move || data.with(|d| d.as_deref().map(|d| distinct(&d.resources, pick))))
    };
    let current =
        move |pick: fn(&TableQuery) -> Option<String>| Signal::derive(move || query.with(pick));
    let search = updater(query, set_query, |q, v| q.search = v.unwrap_or_default());
    let severities = Signal::stored(Some(Severity::ALL.map(|s| s.label().to_owned()).to_vec()));
    view! {
        <div class="toolbar" role="search">
            <label class="filter search">
                <span>"Search"</span>
                <input
                    type="search"
                    id="resource-search"
                    placeholder="SID, guest, node, group, comment"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| search.run(Some(event_target_value(&ev)))
                />
            </label>
            <FilterSelect
                label="Cluster"
                id="filter-cluster"
                options=choices(|r| r.cluster.clone())
                current=current(|q| q.cluster.clone())
                on_change=updater(query, set_query, |q, v| q.cluster = v)
            />
            <FilterSelect
                label="Node"
                id="filter-node"
                options=choices(|r| r.node.clone())
                current=current(|q| q.node.clone())
                on_change=updater(query, set_query, |q, v| q.node = v)
            />
            <FilterSelect
                label="State"
                id="filter-state"
                options=choices(|r| r.crm_state.clone().or_else(|| r.state.clone()))
                current=current(|q| q.state.clone())
                on_change=updater(query, set_query, |q, v| q.state = v)
            />
            <FilterSelect
                label="Severity"
                id="filter-severity"
                options=severities
                current=current(|q| q.severity.map(|s| s.label().to_owned()))
                on_change=updater(
                    query,
                    set_query,
                    |q, v| { q.severity = v.and_then(|v| v.parse().ok()) },
                )
            />
            <ToolbarActions query set_query export />
        </div>
    }
}

/// "Clear filters" while the table is filtered, and the CSV export of what it shows.
#[component]
fn ToolbarActions(
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
    export: Callback<()>,
) -> impl IntoView {
    let clear = move |_| {
        let q = query.get_untracked();
        set_query.run(TableQuery { sort: q.sort, descending: q.descending, ..Default::default() });
    };
    view! {
        <div class="toolbar-actions">
            {move || {
                query
                    .with(TableQuery::is_filtered)
                    .then(|| {
                        view! {
                            <button type="button" class="btn btn-sm btn-outline" on:click=clear>
                                "Clear filters"
                            </button>
                        }
                    })
            }}
            <button
                type="button"
                class="btn btn-sm btn-outline"
                data-testid="export-csv"
                on:click=move |_| export.run(())
            >
                "Export CSV"
            </button>
        </div>
    }
}

/// A filter: "all", or one of the values found in the data.
#[component]
fn FilterSelect(
    label: &'static str,
    id: &'static str,
    options: Signal<Option<Vec<String>>>,
    current: Signal<Option<String>>,
    on_change: Callback<Option<String>>,
) -> impl IntoView {
    let option = move |value: String| {
        let selected = {
            let value = value.clone();
            move || current.with(|c| c.as_deref() == Some(value.as_str()))
        };
        let label = value.clone();
        view! {
            <option value=value selected=selected>
                {label}
            </option>
        }
    };
    view! {
        <label class="filter">
            <span>{label}</span>
            <select
                id=id
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    on_change.run((!value.is_empty()).then_some(value));
                }
            >
                <option value="" selected=move || current.with(Option::is_none)>
                    "all"
                </option>
                {move || options.get().unwrap_or_default().into_iter().map(option).collect_view()}
            </select>
        </label>
    }
}

/// A column header that sorts by its column, then reverses; a button, so the keyboard works.
#[component]
pub fn SortHeader(
    column: Column,
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
) -> impl IntoView {
    let sort = move || query.with(|q| q.aria_sort(column));
    let mark = move || match sort() {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" class:num=column.numeric() aria-sort=sort>
            <button
                type="button"
                class="sort"
                on:click=move |_| set_query.run(query.get_untracked().sorted_by(column))
            >
                {column.title()}
                <span class="sort-mark" aria-hidden="true">
                    {mark}
                </span>
            </button>
        </th>
    }
}

/// "Showing 1–250 of 1000", with Previous and Next when there is more than one page.
#[component]
pub fn Pager(
    shown: Signal<usize>,
    total: Signal<usize>,
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
) -> impl IntoView {
    let go = move |to: usize| {
        set_query.run(TableQuery { page: to, ..query.get_untracked() });
        show_table();
    };
    move || {
        let requested = query.with(|q| q.page);
        let (label, pages) = pager_label(shown.get(), total.get(), requested);
        let page = requested.min(pages - 1);
        view! {
            <div class="pager" data-testid="pager">
                <span aria-live="polite">{label}</span>
                {(pages > 1)
                    .then(|| {
                        view! {
                            <span class="pager-buttons">
                                <button
                                    type="button"
                                    class="btn btn-sm btn-outline"
                                    disabled={page == 0}
                                    on:click=move |_| go(page - 1)
                                >
                                    "Previous"
                                </button>
                                <span>{format!("page {} of {pages}", page + 1)}</span>
                                <button
                                    type="button"
                                    class="btn btn-sm btn-outline"
                                    disabled={page + 1 >= pages}
                                    on:click=move |_| go(page + 1)
                                >
                                    "Next"
                                </button>
                            </span>
                        }
                    })}
            </div>
        }
    }
}
