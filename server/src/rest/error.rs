//! How the API answers a failure: the status that fits the error, and
//! `{"code":"AUM…","message":"…"}` in the caller's language — never a null,
//! never an empty body. A lock and a busy hasher also say when to come back.

use super::lang::ApiLang;
use app::error::AppError;
use app::i18n::Lang;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every failed call.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The stable error code, e.g. `AUM0002`.
    #[schema(example = "AUM0002")]
    pub code: String,
    /// What went wrong, for a person, in the request's language.
    pub message: String,
}

/// A failed call: the error and the language to tell it in.
#[derive(Debug)]
pub struct ApiFailure {
    pub error: AppError,
    pub lang: Lang,
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody { code: self.error.code().to_string(), message: self.error.message(self.lang) };
        let mut res = (status, Json(body)).into_response();
        // A busy hasher frees up in a moment; a lock's wait is added by
        // the router, which knows its length.
        if matches!(self.error, AppError::Busy | AppError::StoreUnavailable) {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}

/// Attaches the request's language to an account error.
pub trait InLang<T> {
    /// The result, with its error ready to answer in `lang`.
    fn in_lang(self, lang: ApiLang) -> Result<T, ApiFailure>;
}

impl<T> InLang<T> for Result<T, AppError> {
    fn in_lang(self, lang: ApiLang) -> Result<T, ApiFailure> {
        self.map_err(|error| ApiFailure { error, lang: lang.0 })
    }
}
