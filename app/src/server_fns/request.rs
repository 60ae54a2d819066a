//! Reading the HTTP request behind a server function or page render
//! (session cookie, client address, language) and writing cookies back.

use super::ConsoleError;
use crate::account::{Account, ClientInfo, Principal};
use crate::cookies;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use cookie::{Cookie, SameSite};
use http::HeaderValue;
use http::header::SET_COOKIE;
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Keeps a page's URL (which holds a one-time token) out of `Referer` headers.
pub fn no_referrer() {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(http::header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
}

/// The account service of this server.
pub fn account() -> Result<Account, ConsoleError> {
    with_context::<AppState, _>(|s| s.account.clone()).ok_or_else(|| AppError::Internal.into())
}

/// Reads the request's head in place: cloning it (every header) for each
/// cookie or header looked at cost every signed-in page several copies.
fn with_parts<R>(f: impl FnOnce(&Parts) -> R) -> Option<R> {
    with_context::<Parts, _>(f)
}

/// The language the visitor chose with the switch (the `lang` cookie), if any.
pub fn chosen_lang() -> Option<Lang> {
    with_parts(|p| Lang::chosen_in(&p.headers)).flatten()
}

/// The language of the current request.
pub fn request_lang() -> Lang {
    with_parts(|p| Lang::of_request(&p.headers)).unwrap_or_default()
}

pub use crate::request_head::{ClientAddr, client_info_of};

/// The client's address and User-Agent.
pub fn client_info() -> ClientInfo {
    with_parts(client_info_of).unwrap_or_default()
}

/// Whether the console is served over HTTPS (then only `__Host-` cookie
/// names are read or written, so a sibling site or a plain-HTTP page cannot
/// plant a cookie of its own).
fn is_https() -> bool {
    with_context::<AppState, _>(|s| s.account.config().is_https()).unwrap_or(false)
}

/// The session token the browser sent, if any.
pub fn session_token() -> Option<String> {
    let name = cookies::name(cookies::SESSION, cookies::SESSION_SECURE, is_https());
    with_parts(|p| cookies::value(&p.headers, name)).flatten()
}

/// The signed-in principal, if any.
pub async fn principal() -> Result<Option<Principal>, ConsoleError> {
    let Some(token) = session_token() else { return Ok(None) };
    let account = account()?;
    match use_context::<PrincipalCache>() {
        Some(cache) => Ok(cache.0.get_or_try_init(|| account.principal(&token)).await?.clone()),
        None => Ok(account.principal(&token).await?),
    }
}

/// The session look-up of one request, shared by everything that request
/// renders or runs (a page's menu and its content need the same principal).
#[derive(Clone, Default)]
pub struct PrincipalCache(std::sync::Arc<tokio::sync::OnceCell<Option<Principal>>>);

/// Gives the current request its own, empty [`PrincipalCache`].
pub fn provide_request_cache() {
    provide_context(PrincipalCache::default());
}

/// The signed-in principal, or `SignInRequired`.
pub async fn require_principal() -> Result<Principal, ConsoleError> {
    principal().await?.ok_or_else(|| AppError::SignInRequired.into())
}

/// The signed-in caller (principal and client), or `SignInRequired`: what
/// every operation of the access wing takes.
pub async fn caller() -> Result<crate::account::Caller, ConsoleError> {
    Ok(crate::account::Caller { principal: require_principal().await?, client: client_info() })
}

/// The account service and the signed-in caller: the prologue of every
/// server function of the access wing.
pub async fn acting() -> Result<(Account, crate::account::Caller), ConsoleError> {
    Ok((account()?, caller().await?))
}

fn append_cookie(c: Cookie<'_>) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&c.to_string())) {
        res.append_header(SET_COOKIE, v);
    }
}

fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    let name = cookies::name(cookies::SESSION, cookies::SESSION_SECURE, secure);
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure).build()
}

/// Sets the session cookie (a browser-session cookie; the server enforces expiry).
pub fn set_session_cookie(token: &str) -> Result<(), ConsoleError> {
    let secure = account()?.config().is_https();
    append_cookie(session_cookie(token.to_string(), secure));
    Ok(())
}

/// Hands the browser the session's new token after a re-authentication
/// renewed it (the old one no longer works).
pub fn set_renewed_session(token: Option<&crate::account::Secret>) -> Result<(), ConsoleError> {
    match token {
        Some(t) => set_session_cookie(t.expose()),
        None => Ok(()),
    }
}

/// Takes the session token off the request and removes the cookie; tells
/// the browser to drop what it cached and stored for the console (nothing
/// a signed-in page showed may come back with the Back button).
pub fn take_session_cookie() -> Result<Option<String>, ConsoleError> {
    let secure = account()?.config().is_https();
    let token = session_token();
    let mut c = session_cookie(String::new(), secure);
    c.make_removal();
    append_cookie(c);
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(
            http::header::HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    Ok(token)
}

fn mfa_cookie_name(secure: bool) -> &'static str {
    cookies::name(cookies::MFA, cookies::MFA_SECURE, secure)
}

/// The pending-login token of the MFA step, if any.
pub fn mfa_cookie() -> Option<String> {
    let name = mfa_cookie_name(is_https());
    with_parts(|p| cookies::value(&p.headers, name)).flatten().filter(|v| !v.is_empty())
}

/// Sets (for the MFA step's lifetime) or removes the pending-login cookie.
pub fn set_mfa_cookie(token: Option<&str>) {
    let secure = is_https();
    let mut c = Cookie::build((mfa_cookie_name(secure), token.unwrap_or("").to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(crate::account::login::MFA_STEP_SECS))
        .build();
    if token.is_none() {
        c.make_removal();
    }
    append_cookie(c);
}

fn typed_cookie_name() -> &'static str {
    cookies::name(cookies::TYPED, cookies::TYPED_SECURE, is_https())
}

/// Keeps the address typed into a failed plain form post for the page the
/// browser is sent back to (a minute, this site only, never in the URL).
pub fn keep_typed_email(email: &str) {
    let c = Cookie::build((typed_cookie_name(), crate::query::encode(email)))
        .path("/")
        .http_only(true)
        .secure(is_https())
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(60))
        .build();
    append_cookie(c);
}

/// The address kept by [`keep_typed_email`], once: reading it removes it.
pub fn take_typed_email() -> Option<String> {
    let name = typed_cookie_name();
    let raw = with_parts(|p| cookies::value(&p.headers, name)).flatten()?;
    let mut removal = Cookie::build((name, "")).path("/").secure(is_https()).build();
    removal.make_removal();
    append_cookie(removal);
    url::form_urlencoded::parse(format!("v={raw}").as_bytes()).next().map(|(_, v)| v.into_owned())
}

/// Remembers the language in a cookie for a year.
pub fn set_lang_cookie(lang: Lang) {
    let c = Cookie::build((cookies::LANG, lang.tag()))
        .path("/")
        .secure(is_https())
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build();
    append_cookie(c);
}

/// A redirect target after sign-in: only a path of the console itself,
/// resolved against `PUBLIC_URL`; anything else becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    let base = with_context::<AppState, _>(|s| s.account.config().public_url.clone());
    same_origin_path(next.unwrap_or_default(), base.as_deref().unwrap_or("http://localhost"))
        .unwrap_or_else(|| "/".to_string())
}

/// `next` as a path (with query and fragment) on the origin of `base`, or
/// `None`. Whitespace and control characters are refused anywhere (browsers
/// drop tabs and newlines, so `/\t/host` would become `//host`), as is
/// anything that resolves to another origin or to a `//` path.
fn same_origin_path(next: &str, base: &str) -> Option<String> {
    if !next.starts_with('/') || next.len() > 512 || next.contains(|c: char| c.is_control() || c.is_whitespace()) {
        return None;
    }
    if next.contains('\\') {
        return None;
    }
    let base = url::Url::parse(base).ok()?;
    let joined = base.join(next).ok()?;
    if joined.origin() != base.origin() {
        return None;
    }
    let path = &joined[url::Position::BeforePath..];
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// Whether the current request is a form posted without JavaScript (the
/// browser wants the next page, not data).
pub fn is_plain_form_post() -> bool {
    with_parts(|p| {
        p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    })
    .unwrap_or(false)
}

/// The response header in which a server function names its own page
/// (read and removed by the server's `server_fn_status` layer; never sent).
pub const RETURN_PAGE: &str = "x-gatehouse-return-page";

/// Names the page a refused plain form post (no JavaScript) to this server
/// function goes back to, where the refusal is shown with its code. Each
/// server function of a form says it first thing, so the way back never
/// depends on the `Referer` header, which privacy settings strip or trim.
/// With JavaScript the error simply returns to the page that called.
pub fn returns_to(page: &str) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(page)) {
        res.insert_header(http::HeaderName::from_static(RETURN_PAGE), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_after_sign_in_stay_on_the_console() {
        assert_eq!(safe_next(Some("/security?tab=1")), "/security?tab=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", ""] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn redirect_targets_with_whitespace_or_control_characters_go_home() {
        // Browsers drop tabs and newlines from URLs: `/\t/evil` would become `//evil`.
        for bad in ["/\t/evil.example", "/\t\\evil.example", "/ /evil.example", "/\u{1}", "/\u{7f}", "/\0", "/a\u{85}b"]
        {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
    }

    #[test]
    fn redirect_targets_stay_on_the_console_origin() {
        for bad in ["http:evil.example", "/..//evil.example", "https:/\\evil.example", "\\evil.example", "/%2F/x\n"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/email?tab=recovery#x")), "/email?tab=recovery#x");
        assert_eq!(safe_next(Some("/a/../security")), "/security");
    }
}
