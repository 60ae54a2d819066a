//! The language an API answer is written in, read from the request: a
//! leaf that both the failure answers (`error.rs`) and the extractors
//! (`extract.rs`) use.

use app::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;

/// The header naming the language of messages (`ja` or `en`).
pub const LANG_HEADER: &str = "x-soracom-lang";

/// The language of the answer: `X-Soracom-Lang`, else `Accept-Language`,
/// else English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiLang(pub Lang);

impl ApiLang {
    /// The language the headers ask for.
    pub fn of(headers: &axum::http::HeaderMap) -> ApiLang {
        let header = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
        let lang = header(LANG_HEADER)
            .and_then(Lang::from_tag)
            .or_else(|| header(ACCEPT_LANGUAGE.as_str()).and_then(Lang::from_accept_language))
            .unwrap_or_default();
        ApiLang(lang)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang::of(&parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_header_wins_over_accept_language() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, "ja".parse().unwrap());
        assert_eq!(ApiLang::of(&h), ApiLang(Lang::Ja));
        h.insert(LANG_HEADER, "en".parse().unwrap());
        assert_eq!(ApiLang::of(&h), ApiLang(Lang::En));
        assert_eq!(ApiLang::of(&axum::http::HeaderMap::new()), ApiLang(Lang::En));
    }
}
