//! Short texts a page carries in its URL after a redirect (the address a
//! mail went to), sealed with the server key: proxy logs and the browser
//! history hold no address, and no one can make the page show a text of
//! their choosing through a crafted link. A note opens for
//! [`NOTE_SECS`] after it was sealed: the page reads it right after the
//! redirect, and a link found later shows nothing.

use super::Account;

/// What the sealed text is bound to (a sealed TOTP seed is no note).
const CONTEXT: &str = "page-note";

/// The longest sealed note accepted (a long address, sealed and in hex).
const MAX_SEALED: usize = 1024;

/// How long a sealed note opens after it was sealed.
pub const NOTE_SECS: i64 = 10 * 60;

impl Account {
    /// Seals `text` for a URL, with the time it was sealed.
    pub fn seal_page_note(&self, text: &str) -> String {
        let stamped = format!("{}\n{text}", self.now());
        self.inner.secrets.seal_bound(stamped.as_bytes(), CONTEXT)
    }

    /// The text of a note sealed by this server in the last [`NOTE_SECS`],
    /// or `None` if it is older, altered, made up, or sealed under another
    /// key.
    pub fn open_page_note(&self, sealed: &str) -> Option<String> {
        if sealed.len() > MAX_SEALED {
            return None;
        }
        let plain = String::from_utf8(self.inner.secrets.open_bound_only(sealed, CONTEXT)?).ok()?;
        let (at, text) = plain.split_once('\n')?;
        let age = self.now() - at.parse::<i64>().ok()?;
        // A minute of leeway for another instance's clock.
        (-60..=NOTE_SECS).contains(&age).then(|| text.to_string())
    }
}
