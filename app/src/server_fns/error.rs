//! The error a server function sends over the wire: the domain error, its
//! text in the caller's language (rendered by the server, so the browser's
//! WASM carries no error texts) and, for forms that failed, the non-secret
//! value typed (the email), so a page rendered without JavaScript can
//! refill it.

use crate::error::{AppError, Field};
use crate::i18n::Lang;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A failed server function call, as the server holds it.
///
/// On the wire it also carries the error's `code` and `field`: the browser
/// reads those instead of the domain error, so the WASM needs no decoder
/// for the sixty-odd error variants (see the browser's `ConsoleError`).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ConsoleError {
    pub error: AppError,
    /// The email typed into the form, echoed back for refilling it.
    pub email: Option<String>,
    /// The error's message in the request's language, as the server wrote
    /// it for a call from a hydrated island. Left out when the browser asked
    /// for a page (a plain form post, a page load): that page is written on
    /// the server, and an error carried back in a URL never brings its own
    /// text, so a crafted link cannot put words on our page.
    #[serde(default)]
    pub text: Option<String>,
    /// (On a page only.) The error came back in the page's URL after a
    /// plain form post: the page's notice says it, not the form.
    #[serde(skip)]
    brought_by_url: bool,
}

/// A failed server function call, as the browser reads it: what the page
/// shows (the code, the field it belongs to, the server's text) and the
/// email to refill; the domain error itself stays on the server.
#[cfg(not(feature = "ssr"))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleError {
    code: String,
    field: Option<Field>,
    /// The email typed into the form, echoed back for refilling it.
    pub email: Option<String>,
    /// The error's message in the caller's language, written by the server.
    #[serde(default)]
    pub text: Option<String>,
    /// (On a page only.) The error came back in the page's URL after a
    /// plain form post: the page's notice says it, not the form.
    #[serde(skip)]
    brought_by_url: bool,
}

#[cfg(feature = "ssr")]
impl Serialize for ConsoleError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut wire = serializer.serialize_struct("ConsoleError", 5)?;
        wire.serialize_field("error", &self.error)?;
        wire.serialize_field("code", self.error.code())?;
        wire.serialize_field("field", &self.error.field())?;
        wire.serialize_field("email", &self.email)?;
        match &self.text {
            Some(text) => wire.serialize_field("text", text)?,
            None => wire.skip_field("text")?,
        }
        wire.end()
    }
}

impl ConsoleError {
    /// The same error, marked as brought back in the page's URL (or not).
    pub fn brought_by_url(self, yes: bool) -> Self {
        ConsoleError { brought_by_url: yes, ..self }
    }

    /// Whether the error came back in the page's URL after a plain form post.
    pub fn is_brought_by_url(&self) -> bool {
        self.brought_by_url
    }

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
        ConsoleError { email: Some(email), ..error.into() }
    }

    /// The error's stable code (`AUM0002`), for `data-code` and tests.
    pub fn code(&self) -> &str {
        #[cfg(feature = "ssr")]
        {
            self.error.code()
        }
        #[cfg(not(feature = "ssr"))]
        {
            &self.code
        }
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<Field> {
        #[cfg(feature = "ssr")]
        {
            self.error.field()
        }
        #[cfg(not(feature = "ssr"))]
        {
            self.field
        }
    }

    /// Whether this is the error `error` (compared by code in the browser).
    pub fn is(&self, error: &AppError) -> bool {
        self.code() == error.code()
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
            self.text.clone().unwrap_or_else(|| AppError::browser_message(&self.code, lang))
        }
    }
}

impl From<AppError> for ConsoleError {
    #[cfg(feature = "ssr")]
    fn from(error: AppError) -> Self {
        let text = (!super::request::is_plain_form_post()).then(|| error.message(super::request::request_lang()));
        ConsoleError { error, email: None, text, brought_by_url: false }
    }

    #[cfg(not(feature = "ssr"))]
    fn from(error: AppError) -> Self {
        ConsoleError {
            code: error.code().to_string(),
            field: error.field(),
            email: None,
            text: None,
            brought_by_url: false,
        }
    }
}

impl FromServerFnError for ConsoleError {
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
