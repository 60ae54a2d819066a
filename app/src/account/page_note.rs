//! Short texts a page carries in its URL after a redirect (the address a
//! mail went to), sealed with the server key: proxy logs and the browser
//! history hold no address, and no one can make the page show a text of
//! their choosing through a crafted link.

use super::Account;

/// What the sealed text is bound to (a sealed TOTP seed is no note).
const CONTEXT: &str = "page-note";

/// The longest sealed note accepted (a long address, sealed and in hex).
const MAX_SEALED: usize = 1024;

impl Account {
    /// Seals `text` for a URL.
    pub fn seal_page_note(&self, text: &str) -> String {
        self.inner.secrets.seal_bound(text.as_bytes(), CONTEXT)
    }

    /// The text of a note sealed by this server, or `None` if it was
    /// altered, made up, or sealed under another key.
    pub fn open_page_note(&self, sealed: &str) -> Option<String> {
        if sealed.len() > MAX_SEALED {
            return None;
        }
        let plain = self.inner.secrets.open_bound_only(sealed, CONTEXT)?;
        String::from_utf8(plain).ok()
    }
}
