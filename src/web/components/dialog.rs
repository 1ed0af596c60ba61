//! A confirmation in a modal `<dialog>`: the page behind is inert and Escape cancels. Focus
//! starts on Cancel, so that Enter held down does not confirm by accident.

use crate::model::ha_action::Confirmation;
use crate::web::hooks::effect;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Shown while `Some`; what it asks.
    #[prop(into)]
    asking: Signal<Option<Confirmation>>,
    /// While the confirmed action runs: the buttons are disabled.
    #[prop(into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// Choices the confirmation asks for, between what it does and how to undo it.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let cancel_button = NodeRef::<html::Button>::new();
    effect(move || {
        let (Some(dialog), open) = (dialog.get(), asking.with(Option::is_some)) else { return };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
            if let Some(cancel) = cancel_button.get() {
                let _ = cancel.focus();
            }
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let text = move |pick: fn(&Confirmation) -> String| {
        move || asking.with(|a| a.as_ref().map(pick).unwrap_or_default())
    };
    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-what"
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    on_cancel.run(());
                }
            }
        >
            <h2 id="confirm-title">{text(|c| c.title.clone())}</h2>
            <p id="confirm-what">{text(|c| c.what.clone())}</p>
            {children.map(|c| c())}
            <p class="text-secondary">{text(|c| c.undo.clone())}</p>
            <div class="confirm-actions">
                <button
                    type="button"
                    class="btn btn-outline"
                    node_ref=cancel_button
                    disabled=move || busy.get()
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="btn btn-danger"
                    data-testid="confirm"
                    disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {text(|c| c.confirm.clone())}
                </button>
            </div>
        </dialog>
    }
}
