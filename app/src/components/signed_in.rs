//! What a protected page shows when its data could not be loaded: a
//! redirect to sign-in (coming back afterwards) or the error.

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::server_fns::ConsoleError;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Sends a signed-out visitor to `/login?next=<here>`; shows other errors.
#[component]
pub fn LoadError(error: ConsoleError) -> impl IntoView {
    let i = use_lang();
    let location = use_location();
    if error.is(&AppError::SignInRequired) {
        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
        let path = format!("{}?next={}", crate::paths::LOGIN, crate::query::encode(&here));
        view! { <Redirect path=path/> }.into_any()
    } else {
        view! { <p class="notice error" role="alert" data-code=error.code().to_string()>{error.message(i.get())}</p> }
            .into_any()
    }
}
