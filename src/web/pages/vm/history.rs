use crate::model::changes::History;
use crate::web::components::badge::StateBadge;
use crate::web::components::local_time::local_time;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;

/// "was migrate on pve01 until 14:02", newest first; nothing until the resource moved. The
/// card is written out, not `Card`: the VM tab has no other (`ManagedCards` neither).
#[component]
pub fn VmHistory(history: Memo<History>) -> impl IntoView {
    move || {
        history.with(|h| {
            (!h.0.is_empty()).then(|| {
                let lines = h.0.iter().map(|was| {
                    view! {
                        <li>
                            "was " <StateBadge state=was.state.clone() />
                            {was.node.as_ref().map(|node| format!(" on {node}"))}
                            {format!(" until {}", local_time(was.until, false))}
                        </li>
                    }
                    .into_any()
                });
                // The list `erase_components` makes of every element's children: its code is
                // already in the page, a `Vec` of these lines would bring its own (0.7 KB br).
                let lines = StaticVec::from(lines.collect::<Vec<_>>());
                view! {
                    <section class="card" id="vm-history" aria-labelledby="vm-history-title">
                        <h2 class="card-header" id="vm-history-title">
                            "Recent changes"
                        </h2>
                        <ul class="card-body change-list">{lines}</ul>
                    </section>
                }
            })
        })
    }
}
