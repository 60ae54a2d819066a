//! A "Copy" button for a text (recovery codes, ids), shown once hydrated.

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// "Copy" for `text`, shown only once hydrated (it needs the clipboard API).
#[island(lazy)]
pub fn CopyButton(text: String) -> impl IntoView {
    let i = use_lang();
    let hydrated = RwSignal::new(false);
    let copied = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().navigator().clipboard().write_text(&text);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <Show when=move || hydrated.get()>
            <button type="button" on:click=copy.clone()>{i.t(Msg::CodesCopy)}</button>
        </Show>
        <Show when=move || copied.get()><span role="status">{i.t(Msg::CodesCopied)}</span></Show>
    }
}
