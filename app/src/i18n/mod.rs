//! English and Japanese texts of the console. The texts live in
//! `app/locales/*.txt`; `build.rs` turns them into [`Msg`] (one constant per key) so every
//! label is checked at compile time to exist in both languages.

pub mod lang;

pub use lang::{Lang, LangContext, provide_lang, use_lang};

/// One translatable text: its key and its wording in each language.
#[derive(Debug)]
pub struct MsgText {
    key: &'static str,
    en: &'static str,
    ja: &'static str,
}

/// A translatable text of the console, named after its key in
/// `locales/*.txt` (`Msg::LoginTitle` is `login.title`). It points at its
/// texts, so only the texts a build uses are linked into it.
#[derive(Clone, Copy, Debug)]
pub struct Msg(&'static MsgText);

impl Msg {
    /// The translation key of this text.
    pub fn key(self) -> &'static str {
        self.0.key
    }

    /// The text in English.
    pub fn en(self) -> &'static str {
        self.0.en
    }

    /// The text in Japanese.
    pub fn ja(self) -> &'static str {
        self.0.ja
    }

    /// Looks a text up by its key (e.g. an event kind's label).
    pub fn from_key(key: &str) -> Option<Msg> {
        ALL.binary_search_by(|m| m.key().cmp(key)).ok().map(|i| ALL[i])
    }
}

impl PartialEq for Msg {
    fn eq(&self, other: &Msg) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Msg {}

impl std::hash::Hash for Msg {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_found_by_its_key_and_no_other() {
        assert!(ALL.len() > 100);
        for msg in ALL {
            assert_eq!(Msg::from_key(msg.key()), Some(*msg));
            assert!(!msg.en().is_empty() && !msg.ja().is_empty(), "{} has an empty text", msg.key());
        }
        assert_eq!(Msg::from_key("login.title"), Some(Msg::LoginTitle));
        assert_eq!(Msg::from_key("no.such.key"), None);
    }

    #[test]
    fn texts_differ_by_language() {
        assert_eq!(Lang::En.text(Msg::LoginTitle), Msg::LoginTitle.en());
        assert_eq!(Lang::Ja.text(Msg::LoginTitle), Msg::LoginTitle.ja());
        assert_ne!(Msg::LoginTitle.en(), Msg::LoginTitle.ja());
    }
}
