//! The console's page paths, in one place: the route table, the links,
//! the redirects after a form and the pages a refused form returns to all
//! name them from here.

use crate::query::encode;

/// The dashboard.
pub const HOME: &str = "/";
/// Root sign-in.
pub const LOGIN: &str = "/login";
/// SAM user sign-in.
pub const LOGIN_SAM: &str = "/login/sam";
/// The MFA step of a sign-in.
pub const LOGIN_MFA: &str = "/login/mfa";
/// Sign-up, and the page that says the link was sent.
pub const SIGNUP: &str = "/signup";
pub const SIGNUP_SENT: &str = "/signup/sent";
/// Forgot password, and the page that says the link was sent.
pub const FORGOT: &str = "/password/forgot";
pub const FORGOT_SENT: &str = "/password/forgot/sent";
/// `/recover` (a lost primary address), and its pages.
pub const RECOVER: &str = "/recover";
pub const RECOVER_SENT: &str = "/recover/sent";
pub const RECOVER_CHOSEN: &str = "/recover/chosen";
/// Email settings.
pub const EMAIL: &str = "/email";
/// The security tabs.
pub const SECURITY: &str = "/security";
pub const SECURITY_PASSWORD: &str = "/security/password";
pub const SECURITY_MFA: &str = "/security/mfa";
pub const SECURITY_MFA_CODES: &str = "/security/mfa/codes";
pub const SECURITY_AUTH_KEYS: &str = "/security/auth-keys";
pub const SECURITY_SESSIONS: &str = "/security/sessions";
pub const SECURITY_ACTIVITY: &str = "/security/activity";
/// Users & roles.
pub const USERS: &str = "/users";
pub const ROLES: &str = "/roles";

/// `page` with a notice flag (`key=value`) or nothing.
pub fn with(page: &str, flag: &str) -> String {
    match (flag.is_empty(), page.contains('?')) {
        (true, _) => page.to_string(),
        (false, true) => format!("{page}&{flag}"),
        (false, false) => format!("{page}?{flag}"),
    }
}

/// Sign-in that goes on to `next` once signed in.
pub fn login_next(next: Option<&str>) -> String {
    match next.filter(|n| !n.is_empty() && *n != HOME) {
        Some(next) => format!("{LOGIN}?next={}", encode(next)),
        None => LOGIN.to_string(),
    }
}

/// The MFA step that goes on to `next`.
pub fn login_mfa_next(next: &str) -> String {
    format!("{LOGIN_MFA}?next={}", encode(next))
}

/// The reset page of a mailed token.
pub fn reset(token: &str) -> String {
    format!("/password/reset/{}", encode(token))
}

/// The page of a `/recover` token.
pub fn recover_token(token: &str) -> String {
    format!("{RECOVER}/{}", encode(token))
}

/// A SAM user's page on `tab`, with a notice flag (or "").
pub fn user(name: &str, tab: &str, flag: &str) -> String {
    with(&format!("{USERS}/{}?tab={tab}", encode(name)), flag)
}

/// A role's page, with a notice flag (or "").
pub fn role(id: &str, flag: &str) -> String {
    with(&format!("{ROLES}/{}", encode(id)), flag)
}

/// The page of `user`'s keys (a SAM user's page) or the caller's own.
pub fn keys(user: Option<&str>, flag: &str) -> String {
    match user.filter(|u| !u.is_empty()) {
        Some(name) => self::user(name, "keys", flag),
        None => with(SECURITY_AUTH_KEYS, flag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_join_the_query_and_names_are_encoded() {
        assert_eq!(user("a b", "access", "saved=1"), "/users/a%20b?tab=access&saved=1");
        assert_eq!(role("r1", ""), "/roles/r1");
        assert_eq!(keys(None, "made=1"), "/security/auth-keys?made=1");
        assert_eq!(keys(Some(""), ""), "/security/auth-keys");
        assert_eq!(login_next(Some("/users")), "/login?next=/users");
        assert_eq!(login_next(None), "/login");
    }
}
