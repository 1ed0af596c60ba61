use crate::web::context::AppContext;
use leptos::prelude::*;

/// Paste or clear a NetBox API token. Needed only when NetBox is on another origin;
/// kept in this browser tab's session storage and never put in a URL.
#[component]
pub fn TokenSettings() -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let draft = RwSignal::new(String::new());
    let has_token = move || ctx.token.with(Option::is_some);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = draft.get_untracked().trim().to_owned();
        if !value.is_empty() {
            ctx.set_token(Some(value));
            draft.set(String::new());
        }
    };
    view! {
        <details class="settings">
            <summary>
                "API token: "
                <span data-testid="token-state">
                    {move || if has_token() { "set" } else { "not set" }}
                </span>
            </summary>
            <form class="settings-panel" on:submit=save>
                <p class="text-secondary">
                    "Served from NetBox itself, this app uses your NetBox login and needs no token. "
                    "For a NetBox on another origin (" {ctx.netbox().origin().to_owned()}
                    "), paste a NetBox API token: " "it is kept for this browser tab only."
                </p>
                <label for="token-input">"NetBox API token"</label>
                <input
                    id="token-input"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="nbt_… or 40-character v1 key"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <div class="settings-actions">
                    <button type="submit" class="btn btn-sm btn-primary">
                        "Save token"
                    </button>
                    <button
                        type="button"
                        class="btn btn-sm btn-outline"
                        disabled=move || !has_token()
                        on:click=move |_| ctx.set_token(None)
                    >
                        "Clear token"
                    </button>
                </div>
            </form>
        </details>
    }
}
