//! Notices: an error for the whole form, or a success message.

use crate::api::ApiError;
use crate::error::Field;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The error of a server action, if its last call failed.
pub fn action_error<T: 'static>(
    value: impl Fn() -> Option<Result<T, ApiError>> + Send + Sync + 'static,
) -> Signal<Option<ApiError>> {
    Signal::derive(move || value().and_then(|r| r.err()))
}

/// The error's message when it belongs to `field`.
pub fn field_error(err: Signal<Option<ApiError>>, field: Field) -> Signal<Option<String>> {
    let i = use_lang();
    Signal::derive(move || err.get().filter(|e| e.field() == Some(field)).map(|e| e.message(i.get())))
}

/// The email a failed form sent back, to refill its email field: in the
/// error itself, or (after a plain form post, rendered on the server) in a
/// short-lived cookie, so it never sits in the URL.
pub fn typed_email(err: Signal<Option<ApiError>>) -> Signal<Option<String>> {
    #[cfg(feature = "ssr")]
    let kept = crate::api::request::take_typed_email();
    #[cfg(not(feature = "ssr"))]
    let kept: Option<String> = None;
    Signal::derive(move || err.get().and_then(|e| e.email.or_else(|| kept.clone())))
}

/// Shows a form's error that belongs to no single field.
#[component]
pub fn FormError(err: Signal<Option<ApiError>>) -> impl IntoView {
    let i = use_lang();
    move || {
        err.get().filter(|e| e.field().is_none()).map(|e| {
            view! { <p class="notice error" role="alert" data-code=e.code().to_string()>{e.message(i.get())}</p> }
        })
    }
}

/// A success or information notice.
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! { <p class="notice ok" role="status">{children()}</p> }
}
