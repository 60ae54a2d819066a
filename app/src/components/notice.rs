//! Notices: an error for the whole form, or a success message.

use crate::error::Field;
use crate::i18n::use_lang;
use crate::server_fns::ConsoleError;
use leptos::prelude::*;

/// The error of a server action, if its last call failed. An error that a
/// plain form post brought back in the URL is marked so: the page's notice
/// ([`RefusalNotice`], in every page's frame) says it, and [`FormError`]
/// does not say it twice (the form still marks the field it belongs to).
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<ConsoleError>>
where
    S: leptos::server_fn::ServerFn<Error = ConsoleError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        let err = action.value().get().and_then(|r| r.err())?;
        Some(err.brought_by_url(action.version().get() == 0))
    })
}

/// A refusal a plain form post (no JavaScript) brought back, shown at the
/// top of whatever page it returned to: the form that was posted may no
/// longer be on the page (the caller's rights changed while it was open,
/// or the post was made by hand), and the person must still read why.
/// Errors of one field are shown at that field by the form instead.
#[component]
pub fn RefusalNotice() -> impl IntoView {
    use leptos::server_fn::error::ServerFnUrlError;
    let i = use_lang();
    // Read from the URL here: the router gives it to the forms inside the
    // routes only, and this notice is in the frame around them.
    let query = leptos_router::hooks::use_query_map();
    let refused = query
        .with_untracked(|q| q.get("__path").and(q.get("__err")))
        .map(|err| ServerFnUrlError::<ConsoleError>::decode_err(&err))
        .filter(|e| e.field().is_none());
    refused.map(|e| {
        view! { <p class="notice error" role="alert" data-code=e.code().to_string()>{e.message(i.get())}</p> }
    })
}

/// The error's message when it belongs to `field`.
pub fn field_error(err: Signal<Option<ConsoleError>>, field: Field) -> Signal<Option<String>> {
    let i = use_lang();
    Signal::derive(move || err.get().filter(|e| e.field() == Some(field)).map(|e| e.message(i.get())))
}

/// The email a failed form sent back, to refill its email field: in the
/// error itself, or (after a plain form post, rendered on the server) in a
/// short-lived cookie, so it never sits in the URL.
pub fn typed_email(err: Signal<Option<ConsoleError>>) -> Signal<Option<String>> {
    #[cfg(feature = "ssr")]
    let kept = crate::server_fns::request::take_typed_email();
    #[cfg(not(feature = "ssr"))]
    let kept: Option<String> = None;
    // The cookie is only ever set by a refused post, so it stands on its own.
    Signal::derive(move || err.get().and_then(|e| e.email).or_else(|| kept.clone()))
}

/// Shows a form's error that belongs to no single field.
#[component]
pub fn FormError(err: Signal<Option<ConsoleError>>) -> impl IntoView {
    let i = use_lang();
    move || {
        err.get().filter(|e| e.field().is_none() && !e.is_brought_by_url()).map(|e| {
            view! { <p class="notice error" role="alert" data-code=e.code().to_string()>{e.message(i.get())}</p> }
        })
    }
}

/// A success or information notice.
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! { <p class="notice ok" role="status">{children()}</p> }
}
