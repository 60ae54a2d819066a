//! A labelled form field with its error tied to it (`aria-describedby`).

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// The `aria-describedby` of a field: its hint, and its error while shown.
fn described_by(
    has_hint: bool,
    hint_id: &str,
    err_id: &str,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + use<> {
    let (hint_id, err_id) = (hint_id.to_string(), err_id.to_string());
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(err_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// An input with label and error message.
#[component]
pub fn TextField(
    /// The form field name (the server function argument).
    name: &'static str,
    /// The element id, when a page has two fields of the same name (default `f-<name>`).
    #[prop(optional)]
    id: Option<&'static str>,
    label: Msg,
    /// `text`, `email` or `password`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(into, optional)] value: Signal<Option<String>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Msg>,
    /// The virtual keyboard to offer (e.g. `numeric` for codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Empties the field whenever this changes (e.g. an action's version),
    /// so a password is never left in a form after a failed submission.
    #[prop(into, optional)]
    clear_on: Option<Signal<usize>>,
    /// The field may be left empty (e.g. a description).
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let i = use_lang();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    if let Some(trigger) = clear_on {
        Effect::new(move |first_run_done: Option<()>| {
            trigger.track();
            if first_run_done.is_some()
                && let Some(input) = input_ref.get()
            {
                input.set_value("");
            }
        });
    }
    let id = id.map(str::to_string).unwrap_or_else(|| format!("f-{name}"));
    let (err_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let described = described_by(hint.is_some(), &hint_id, &err_id, error);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{i.t(label)}</label>
            {hint.map(|h| view! { <small id=hint_id.clone() class="hint">{i.t(h)}</small> })}
            <input
                node_ref=input_ref
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=!optional
                value=move || value.get().unwrap_or_default()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {move || error.get().map(|e| view! { <p id=err_id.clone() class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// A multi-line field (a permission document) with label, hint and error.
/// The text is kept as typed when the form is refused.
#[component]
pub fn TextArea(
    name: &'static str,
    label: Msg,
    #[prop(into)] value: String,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = 12)] rows: u32,
) -> impl IntoView {
    let i = use_lang();
    let id = format!("f-{name}");
    let (err_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let described = described_by(hint.is_some(), &hint_id, &err_id, error);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{i.t(label)}</label>
            {hint.map(|h| view! { <small id=hint_id.clone() class="hint">{i.t(h)}</small> })}
            <textarea id=id.clone() name=name rows=rows spellcheck="false" class="code"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described>{value}</textarea>
            {move || error.get().map(|e| view! { <p id=err_id.clone() class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
