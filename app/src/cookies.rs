//! Every cookie the console uses, by name, and reading one from request
//! headers. A leaf: it knows no page, server function or account rule, so
//! both `i18n` (the language cookie) and the request adapters can use it.

use cookie::Cookie;
use http::HeaderMap;
use http::header::COOKIE;

/// The session cookie's name over plain HTTP.
pub const SESSION: &str = "gh_session";
/// The session cookie's name over HTTPS (`__Host-` binds it to this origin).
pub const SESSION_SECURE: &str = "__Host-gh_session";
/// The pending-login token between the password and the MFA step (plain HTTP).
pub const MFA: &str = "gh_mfa";
/// The same over HTTPS.
pub const MFA_SECURE: &str = "__Host-gh_mfa";
/// An address typed into a failed plain form post (plain HTTP).
pub const TYPED: &str = "gh_typed";
/// The same over HTTPS.
pub const TYPED_SECURE: &str = "__Host-gh_typed";
/// The chosen language (not a secret; readable over both schemes).
pub const LANG: &str = "lang";

/// The name to use for a cookie that has a `__Host-` form under HTTPS.
pub fn name(plain: &'static str, secure: &'static str, https: bool) -> &'static str {
    if https { secure } else { plain }
}

/// The value of the first cookie called `name` in these headers.
pub fn value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use proptest::prelude::*;

    #[test]
    fn the_first_cookie_of_that_name_is_read_across_headers() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; lang=ja"));
        h.append(COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(value(&h, LANG).as_deref(), Some("ja"));
        assert_eq!(value(&h, "missing"), None);
    }

    proptest::proptest! {
        #[test]
        fn cookies_are_read_back_from_any_header_and_junk_never_panics(
            value in "[A-Za-z0-9]{0,40}", before in "[a-z]{1,8}", junk in "[ -~]{0,80}",
        ) {
            prop_assume!(before != "gh_session");
            let mut headers = http::HeaderMap::new();
            let line = format!("{before}=x; gh_session={value}; gh_session=second");
            headers.append(http::header::COOKIE, line.parse().unwrap());
            if let Ok(v) = junk.parse() {
                headers.append(http::header::COOKIE, v);
            }
            prop_assert_eq!(super::value(&headers, "gh_session"), Some(value));
        }

    }
}
