//! A refused form post without JavaScript always reaches the person: it
//! goes back to the page its server function names (never to whatever the
//! `Referer` says, which privacy settings strip or trim), and a refusal
//! whose form is not on that page is shown as the page's notice, with its
//! code.

use super::*;
use app::account::Caller;
use axum::http::StatusCode;

const ORIGIN: &str = "http://127.0.0.1:3000";

/// A form post as a browser without JavaScript sends it, with no `Referer`.
fn post_without_referer(path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let mut req = form_post(ORIGIN, path, fields);
    req.headers_mut().remove(header::REFERER);
    if let Some(c) = cookie {
        req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
    }
    req
}

/// Follows a redirect as the browser does, with `cookie`: the page's HTML.
async fn follow(site: &Site, res: Response<Body>, cookie: Option<&str>) -> (String, String) {
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = header_of(res.headers(), "location").to_string();
    let mut req = get(&to);
    if let Some(c) = cookie {
        req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
    }
    (to, text(site.send(req).await).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sign_in_without_a_referer_returns_to_the_sign_in_page_and_says_why() {
    let site = Site::new().await;
    site.user("nr@example.com", "tulip-river-42").await;
    let fields = [("email", "nr@example.com"), ("password", "not-the-password-1")];
    let res = site.send(post_without_referer("/api/sign_in", &fields, None)).await;
    let (to, page) = follow(&site, res, None).await;
    assert!(to.starts_with("/login?"), "{to}");
    assert!(page.contains("(AUM0002)"), "the page says why: {page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_post_whose_form_is_not_on_the_page_is_the_pages_notice() {
    let site = Site::new().await;
    site.user("boss@example.com", "tulip-river-42").await;
    let root_cookie = sign_in(&site, ORIGIN, "boss@example.com", "tulip-river-42").await;
    let root = site.account.principal(root_cookie.trim_start_matches("gh_session=")).await.unwrap().unwrap();
    let root = Caller { principal: root, client: Default::default() };
    let reader = r#"{"statements":[{"effect":"allow","api":["User:getUser","User:listUsers"]}]}"#;
    for (name, doc) in [("reader", Some(reader)), ("other", None)] {
        site.account.create_sam_user(&root, name, "").await.unwrap();
        let pw = Secret::new("harbor-violet-73");
        site.account.set_user_password(&root, name, None, &pw, &pw).await.unwrap();
        if let Some(doc) = doc {
            site.account.update_sam_permission(&root, name, doc).await.unwrap();
        }
    }
    let operator_id = root.principal.operator_id().to_string();
    let fields = [("operator_id", operator_id.as_str()), ("user_name", "reader"), ("password", "harbor-violet-73")];
    let res = site.send(form_post(ORIGIN, "/api/sign_in_sam", &fields)).await;
    let cookie = set_cookies(res.headers())
        .into_iter()
        .find(|c| c.contains("gh_session=") && !c.contains("gh_session=;"))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("the reader is signed in");

    // The reader's page of `other` offers no delete button; a post made by
    // hand (or from a page opened before its rights changed) is refused.
    let res = site.send(post_without_referer("/api/delete_user", &[("name", "other")], Some(&cookie))).await;
    let (to, page) = follow(&site, res, Some(&cookie)).await;
    assert!(to.starts_with("/users/other?tab=access"), "{to}");
    assert!(page.contains("(AUM0017)") && page.contains(r#"data-code="AUM0017""#), "the page says why: {page}");
}
