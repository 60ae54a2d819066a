//! The page for unknown paths.

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i = use_lang();
    view! {
        <h1>{i.t(Msg::NotFoundTitle)}</h1>
        <p><a href="/">{i.t(Msg::NotFoundBack)}</a></p>
    }
}
