//! A labelled form field with its error tied to it (`aria-describedby`).

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// An input with label and error message.
#[component]
pub fn TextField(
    /// The form field name (the server function argument).
    name: &'static str,
    label: Msg,
    /// `text`, `email` or `password`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(into, optional)] value: Signal<Option<String>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let i = use_lang();
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{i.t(label)}</label>
            {hint.map(|h| view! { <small id=hint_id.clone() class="hint">{i.t(h)}</small> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=true
                value=move || value.get().unwrap_or_default()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {move || error.get().map(|e| view! { <p id=err_id.clone() class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
