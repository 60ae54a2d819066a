//! Re-authentication over HTTP: the answer carries the session's new
//! cookie, and the old cookie stops working.

use super::*;
use axum::http::StatusCode;

const ORIGIN: &str = "http://127.0.0.1:3000";

/// The token in a `gh_session=<token>` cookie pair.
fn token_of(cookie: &str) -> &str {
    cookie.trim_start_matches("gh_session=")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_re_authentication_answers_with_a_new_session_cookie() {
    let clock = FakeClock::new(1_767_225_600);
    let site = Site::with_clock(&clock).await;
    site.user("step@example.com", "tulip-river-42").await;
    let old = sign_in(&site, ORIGIN, "step@example.com", "tulip-river-42").await;
    clock.advance(11 * 60);
    let mut req = form_post(ORIGIN, "/api/begin_mfa", &[("current", "tulip-river-42")]);
    req.headers_mut().insert(header::COOKIE, old.parse().unwrap());
    let res = site.send(req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(header_of(res.headers(), "location"), "/security/mfa");
    let new = set_cookies(res.headers())
        .into_iter()
        .find(|c| c.starts_with("gh_session=") && !c.starts_with("gh_session=;"))
        .expect("a new session cookie");
    assert!(new.contains("HttpOnly") && new.contains("SameSite=Lax"), "{new}");
    let new = new.split(';').next().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(site.account.principal(token_of(&old)).await.unwrap(), None, "the old cookie no longer works");
    let p = site.account.principal(token_of(&new)).await.unwrap().expect("the new cookie works");
    assert!(site.account.mfa_status(&p).await.unwrap().setup.is_some(), "the set-up belongs to the new session");
}
