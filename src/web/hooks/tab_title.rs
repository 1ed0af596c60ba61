//! The tab's title counts the current problems, "(2) HA Status", so that a tab in the
//! background tells the operator. Framed by NetBox's own page, whose title the tab shows, the
//! page posts the count there, `{type: "proxbox-ha:problems", count}`, to NetBox's origin only.

use crate::model::changes::{current_problems, titled};
use crate::model::contract::PROBLEMS_MESSAGE;
use crate::model::summary::Summary;
use crate::web::frame::post;
use crate::web::hooks::effect;
use crate::web::transport::framing_window;
use leptos::prelude::*;
use std::sync::Arc;

/// Counts the problems of `data` until the page goes away (another route of the whole app),
/// when the title is restored.
pub fn use_problem_title(data: Signal<Option<Arc<Summary>>>, netbox_origin: String) {
    let problems = Memo::new(move |_| data.with(|d| d.as_deref().map_or(0, current_problems)));
    let title = document().title();
    let original = title.clone();
    effect(move || {
        let count = problems.get();
        document().set_title(&titled(&title, count));
        let Some(parent) = framing_window() else { return };
        let message = serde_json::json!({ "type": PROBLEMS_MESSAGE, "count": count });
        post(&parent, message, &netbox_origin);
    });
    on_cleanup(move || document().set_title(&original));
}
