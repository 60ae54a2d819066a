//! The security page (`/security/…`): one module per tab, plus the page
//! that shows new recovery codes once.

pub mod activity;
pub mod auth_keys;
pub mod codes;
pub mod mfa;
pub mod password;
pub mod sessions;

use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/security` opens the first tab.
#[component]
pub fn SecurityIndex() -> impl IntoView {
    view! { <Redirect path=crate::paths::SECURITY_PASSWORD/> }
}
