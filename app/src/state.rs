//! The server's shared state, given to every page render and server
//! function as context.

use crate::account::Account;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// What every request handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub account: Account,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
