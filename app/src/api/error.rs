//! The error a server function sends over the wire: the domain error, its
//! text in the caller's language (rendered by the server, so the browser's
//! WASM carries no error texts) and, for forms that failed, the non-secret
//! value typed (the email), so a page rendered without JavaScript can
//! refill it.

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A failed server function call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: AppError,
    /// The email typed into the form, echoed back for refilling it.
    pub email: Option<String>,
    /// The error's message in the request's language, as the server wrote
    /// it for a call from a hydrated island. Left out when the browser asked
    /// for a page (a plain form post, a page load): that page is written on
    /// the server, and an error carried back in a URL never brings its own
    /// text, so a crafted link cannot put words on our page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
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
        ApiError { email: Some(email), ..error.into() }
    }

    /// What the page shows: the message in `lang`, ending with the code.
    /// The server writes it from the translation files; in the browser it
    /// is the text the server sent, or for the few errors the browser
    /// raises itself (no connection, an answer it cannot read) its own.
    pub fn message(&self, lang: Lang) -> String {
        #[cfg(feature = "ssr")]
        {
            self.error.message(lang)
        }
        #[cfg(not(feature = "ssr"))]
        {
            self.text.clone().unwrap_or_else(|| self.error.browser_message(lang))
        }
    }
}

impl From<AppError> for ApiError {
    #[cfg(feature = "ssr")]
    fn from(error: AppError) -> Self {
        let text = (!super::request::is_plain_form_post()).then(|| error.message(super::request::request_lang()));
        ApiError { error, email: None, text }
    }

    #[cfg(not(feature = "ssr"))]
    fn from(error: AppError) -> Self {
        ApiError { error, email: None, text: None }
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
