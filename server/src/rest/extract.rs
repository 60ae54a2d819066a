//! What every API handler takes from the request: the caller's language,
//! its client address, the signed-in caller (API key + token, read afresh),
//! and a JSON body read strictly — each failure already an answer with a
//! code.

use super::error::{ApiFailure, InLang};
use super::lang::ApiLang;
use app::account::{Account, Caller, ClientInfo};
use app::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// The header carrying the API key.
pub const API_KEY_HEADER: &str = "x-soracom-api-key";
/// The header carrying the API token.
pub const TOKEN_HEADER: &str = "x-soracom-token";
/// The largest body any operation takes (a permission document is the
/// largest field, well below this).
pub const MAX_BODY: usize = 64 * 1024;

/// The client of a request that needs no sign-in.
#[derive(Clone, Debug)]
pub struct Client(pub ClientInfo);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(crate::client_addr::client_info(parts)))
    }
}

/// A signed-in caller: its API key and token were checked against their
/// server-side session on this request, and the operator id in the path
/// (if any) is its own.
#[derive(Clone, Debug)]
pub struct Authed {
    pub caller: Caller,
    pub lang: ApiLang,
}

impl FromRequestParts<Account> for Authed {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, account: &Account) -> Result<Self, Self::Rejection> {
        let lang = ApiLang::of(&parts.headers);
        let header = |name| parts.headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
        let client = crate::client_addr::client_info(parts);
        let principal =
            account.api_principal(header(API_KEY_HEADER), header(TOKEN_HEADER), &client).await.in_lang(lang)?;
        let caller = Caller { principal, client };
        let params = RawPathParams::from_request_parts(parts, account).await.ok();
        if let Some(operator_id) = params.as_ref().and_then(|p| p.iter().find(|(k, _)| *k == "operator_id")) {
            account.authorize_operator(&caller, operator_id.1).in_lang(lang)?;
        }
        Ok(Authed { caller, lang })
    }
}

/// A JSON body, read strictly: sent as `application/json` (an empty body
/// counts as `{}`, whatever its type), at most [`MAX_BODY`] bytes, and
/// every failure named — where the JSON breaks, or which field is missing
/// or of the wrong type.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let lang = ApiLang::of(req.headers());
        let fail = |error| ApiFailure { error, lang: lang.0 };
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY).await.map_err(|_| fail(AppError::BodyTooLarge))?;
        let bytes = if bytes.iter().all(u8::is_ascii_whitespace) { Bytes::from_static(b"{}") } else { bytes };
        if bytes.as_ref() != b"{}" && !is_json {
            return Err(fail(AppError::ContentType));
        }
        parse(&bytes).map(JsonBody).map_err(fail)
    }
}

/// Reads `bytes` as a `T`, naming where or what is wrong.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let text = inner.to_string();
            let missing = text.strip_prefix("missing field `").and_then(|t| t.split('`').next());
            let field = match (missing, path.as_str()) {
                (Some(name), ".") => name.to_string(),
                (Some(name), at) => format!("{at}.{name}"),
                (None, ".") => "body".to_string(),
                (None, _) => path,
            };
            AppError::JsonField { field }
        } else {
            AppError::JsonSyntax { line: inner.line(), column: inner.column() }
        }
    })?;
    de.end().map_err(|e| AppError::JsonSyntax { line: e.line(), column: e.column() })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Req {
        email: String,
        token_timeout_seconds: Option<i64>,
    }

    #[test]
    fn a_body_that_is_not_json_is_placed_by_line_and_column() {
        assert_eq!(parse::<Req>(b"{\"email\": }").unwrap_err(), AppError::JsonSyntax { line: 1, column: 11 });
        assert_eq!(parse::<Req>(b"{\"email\":\"a\"} x").unwrap_err(), AppError::JsonSyntax { line: 1, column: 15 });
        assert!(matches!(parse::<Req>(b"\xff\xfe").unwrap_err(), AppError::JsonSyntax { .. }));
    }

    #[test]
    fn a_missing_or_mistyped_field_is_named() {
        assert_eq!(parse::<Req>(b"{}").unwrap_err(), AppError::JsonField { field: "email".into() });
        assert_eq!(parse::<Req>(br#"{"email":null}"#).unwrap_err(), AppError::JsonField { field: "email".into() });
        let wrong = parse::<Req>(br#"{"email":"a","tokenTimeoutSeconds":"soon"}"#).unwrap_err();
        assert_eq!(wrong, AppError::JsonField { field: "tokenTimeoutSeconds".into() });
        assert_eq!(parse::<Req>(b"[]").unwrap_err(), AppError::JsonField { field: "body".into() });
    }
}
