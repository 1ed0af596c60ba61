//! Cards, key-value rows and tables in NetBox's (Tabler's) markup.

use leptos::prelude::*;

#[component]
pub fn Card(#[prop(into)] title: String, id: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="card" id=id aria-labelledby=format!("{id}-title")>
            <h2 class="card-header" id=format!("{id}-title")>
                {title}
            </h2>
            {children()}
        </section>
    }
}

/// A table row that says why the table is empty, instead of a missing table.
#[component]
pub fn EmptyRow(columns: usize, #[prop(into)] text: String) -> impl IntoView {
    view! {
        <tr class="empty-row">
            <td colspan=columns.to_string()>{text}</td>
        </tr>
    }
}

/// A card holding a table, or its empty-state row.
#[component]
pub fn TableCard(
    #[prop(into)] title: String,
    id: &'static str,
    headers: Vec<&'static str>,
    empty: &'static str,
    rows: Vec<AnyView>,
) -> impl IntoView {
    let columns = headers.len();
    let body = if rows.is_empty() {
        view! { <EmptyRow columns text=empty /> }.into_any()
    } else {
        rows.into_any()
    };
    view! {
        <Card title id>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            {headers
                                .into_iter()
                                .map(|h| view! { <th scope="col">{h}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </Card>
    }
}

/// One "key: value" line of a card.
#[component]
pub fn Kv(
    #[prop(into)] key: String,
    #[prop(optional)] problem: bool,
    #[prop(optional, into)] title: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="kv" class:kv-problem=problem>
            <span class="kv-key">{key}</span>
            <span class="kv-value" title=title>
                {children()}
            </span>
        </div>
    }
}
