//! The language a page is shown in: chosen from the `lang` cookie (set from
//! the account on sign-in and by the language switch), else the browser's
//! `Accept-Language`, else English.

use super::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A language of the console.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    /// The BCP 47 tag, also the value stored in the cookie and the account.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Parses a stored tag (`en`, `ja`); anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header,
    /// honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::from_tag(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language of a request: the `lang` cookie, else `Accept-Language`,
    /// else English.
    #[cfg(feature = "ssr")]
    pub fn of_request(headers: &http::HeaderMap) -> Lang {
        Lang::chosen_in(headers)
            .or_else(|| {
                headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or_default()
    }

    /// The language the visitor chose with the switch (the `lang` cookie), if any.
    #[cfg(feature = "ssr")]
    pub fn chosen_in(headers: &http::HeaderMap) -> Option<Lang> {
        crate::cookies::value(headers, crate::cookies::LANG).and_then(|v| Lang::from_tag(&v))
    }

    /// The text of `msg` in this language.
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Lang::En => msg.en(),
            Lang::Ja => msg.ja(),
        }
    }
}

/// The page's language. It does not change while a page is shown: the
/// language switch is a form post that renders the page again.
#[derive(Clone, Copy)]
pub struct LangContext(pub Lang);

impl LangContext {
    /// The page's language.
    pub fn get(self) -> Lang {
        self.0
    }

    /// A text in the page's language: use inside `view!` as `{i.t(Msg::X)}`.
    pub fn t(self, msg: Msg) -> &'static str {
        self.0.text(msg)
    }
}

/// Provides the language for the page: from the request on the server, from
/// the `<html lang>` the server rendered when an island hydrates.
pub fn provide_lang() -> LangContext {
    let ctx = LangContext(initial_lang());
    provide_context(ctx);
    ctx
}

/// The page's language context.
pub fn use_lang() -> LangContext {
    use_context::<LangContext>().unwrap_or_else(provide_lang)
}

#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    with_context::<http::request::Parts, _>(|parts| Lang::of_request(&parts.headers)).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial_lang() -> Lang {
    document()
        .document_element()
        .and_then(|el| el.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_q_value() {
        assert_eq!(Lang::from_accept_language("fr, ja;q=0.8, en;q=0.5"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_lang_cookie_wins_over_accept_language() {
        use http::header::{ACCEPT_LANGUAGE, COOKIE};
        use http::{HeaderMap, HeaderValue};
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("ja"));
        assert_eq!(Lang::of_request(&h), Lang::Ja);
        h.insert(COOKIE, HeaderValue::from_static("a=b; lang=en"));
        assert_eq!(Lang::of_request(&h), Lang::En);
    }
}
