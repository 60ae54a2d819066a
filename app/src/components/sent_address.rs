//! The address a "we sent a mail" page shows, opened from the sealed `to`
//! of its URL on the server.

use crate::server_fns::sent::sent_address;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `<p data-testid="sent-to">` with the address (empty if the URL's value
/// is missing or not one this server sealed).
#[component]
pub fn SentAddress() -> impl IntoView {
    let query = use_query_map();
    let to = move || query.read().get("to").unwrap_or_default();
    let address = Resource::new_blocking(to, |to| async move {
        if to.is_empty() { None } else { sent_address(to).await.ok().flatten() }
    });
    view! {
        <p class="address" data-testid="sent-to">
            <Suspense fallback=|| ()><strong>{move || address.get().flatten()}</strong></Suspense>
        </p>
    }
}
