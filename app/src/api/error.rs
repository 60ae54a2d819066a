//! The error a server function sends over the wire: the domain error plus,
//! for forms that failed, the non-secret value typed (the email), so a page
//! rendered without JavaScript can refill it.

use crate::error::AppError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A failed server function call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: AppError,
    /// The email typed into the form, echoed back for refilling it.
    pub email: Option<String>,
}

impl ApiError {
    /// Attaches the typed email (cut to a sane length) for refilling the
    /// form. After a plain form post the error travels in the URL of the
    /// page it returns to, and an address does not belong in URLs (proxy
    /// logs, history): then the address goes back in a short-lived cookie
    /// instead (see [`request::keep_typed_email`](super::request::keep_typed_email)).
    pub fn with_email(error: AppError, email: &str) -> Self {
        let email: String = email.chars().take(320).collect();
        #[cfg(feature = "ssr")]
        if super::request::is_plain_form_post() {
            super::request::keep_typed_email(&email);
            return error.into();
        }
        ApiError { error, email: Some(email) }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError { error, email: None }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            // On the server a request error means the body could not be read
            // (cut off, or over the size cap): the caller's request was bad.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Request(_) => AppError::BadRequest,
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest
            }
            _ => AppError::Internal,
        };
        error.into()
    }
}
