//! The "we sent a mail" pages: where the mail went travels in the URL
//! sealed (see `account::page_note`), never as a plain `?email=`.

use super::ConsoleError;
use leptos::prelude::*;

/// Goes to a "mail sent" page (`path`, e.g. `/signup/sent`) that shows
/// `address`; `extra` is further query text (e.g. `&again=1`).
#[cfg(feature = "ssr")]
pub fn redirect_to_sent(path: &str, address: &str, extra: &str) -> Result<(), ConsoleError> {
    let note = super::request::account()?.seal_page_note(address);
    leptos_axum::redirect(&format!("{path}?to={note}{extra}"));
    Ok(())
}

/// The address a "mail sent" page shows, from its sealed `to`; nothing for
/// a missing, altered or made-up value.
#[server(prefix = "/api", endpoint = "sent_address")]
pub async fn sent_address(to: String) -> Result<Option<String>, ConsoleError> {
    Ok(super::request::account()?.open_page_note(&to))
}
