//! Mailed links: opening one (GET or HEAD, as link scanners do) changes
//! nothing; pressing its button does. Their pages send no Referer.

use super::*;
use app::account::signup::SignUpForm;
use app::account::{AppError, ClientInfo, Proof};
use axum::http::{Method, StatusCode};

const ORIGIN: &str = "http://127.0.0.1:3000";

async fn open(site: &Site, path: &str) {
    for method in [Method::GET, Method::HEAD] {
        let res = site.send(Request::builder().method(method).uri(path).body(Body::empty()).unwrap()).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(res.headers(), "referrer-policy"), "no-referrer", "{path}");
    }
}

fn press(kind: &str, token: &str) -> Request<Body> {
    form_post(ORIGIN, "/api/open_mailed_link", &[("kind", kind), ("token", token)])
}

/// Presses a verification link's button with the password typed.
fn press_verify(token: &str, password: &str) -> Request<Body> {
    form_post(ORIGIN, "/api/open_mailed_link", &[("kind", "Verify"), ("token", token), ("password", password)])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_verification_link_changes_nothing_until_its_button_is_pressed() {
    let site = Site::new().await;
    let pw = Secret::new("tulip-river-42");
    let form = SignUpForm { email: "scan@example.com", password: &pw, confirm: &pw };
    site.account.sign_up(form, Default::default(), &ClientInfo::default()).await.unwrap();
    let token = site.token_mailed_to("scan@example.com", "/verify/");
    open(&site, &format!("/verify/{token}")).await;
    let page = text(site.send(get(&format!("/verify/{token}"))).await).await;
    assert!(page.contains("mailed-link-form"), "the page offers a button");
    assert!(page.contains(r#"type="password""#), "and asks for the password chosen at sign-up");
    let client = ClientInfo::default();
    let sign_in = || site.account.sign_in_root("scan@example.com", &pw, &client);
    assert_eq!(sign_in().await.map(|_| ()), Err(AppError::EmailNotVerified));

    // Without the password, or with another one, the link is kept.
    for wrong in [press("Verify", &token), press_verify(&token, "tulip-river-41")] {
        let back = header_of(site.send(wrong).await.headers(), "location").to_string();
        assert!(back.contains("AUM0056") || back.contains("__err"), "{back}");
        assert!(text(site.send(get(&back)).await).await.contains("(AUM0056)"), "{back}");
    }
    let res = site.send(press_verify(&token, "tulip-river-42")).await;
    assert_eq!((res.status(), header_of(res.headers(), "location")), (StatusCode::FOUND, "/login?verified=1"));
    sign_in().await.unwrap();
    // Pressed again: the page says the link is spent.
    let res = site.send(press_verify(&token, "tulip-river-42")).await;
    let back = header_of(res.headers(), "location").to_string();
    assert!(back.contains(&format!("/verify/{token}")), "{back}");
    assert!(text(site.send(get(&back)).await).await.contains("(AUM0007)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_address_links_changes_nothing_until_their_buttons_are_pressed() {
    let site = Site::new().await;
    site.user("addr@example.com", "tulip-river-42").await;
    let client = ClientInfo::default();
    let s = site.account.sign_in_root("addr@example.com", &Secret::new("tulip-river-42"), &client).await.unwrap();
    let p = site.account.principal(s.signed_in().unwrap().session_token.expose()).await.unwrap().unwrap();
    let pw = Secret::new("tulip-river-42");
    site.account.request_recovery_email(&p, "backup@example.org", Proof::password(&pw), &client).await.unwrap();
    site.account.request_email_change(&p, "new@example.com", Proof::password(&pw), &client).await.unwrap();
    let recovery = site.token_mailed_to("backup@example.org", "/email/recovery/");
    let primary = site.token_mailed_to("new@example.com", "/email/confirm/");
    open(&site, &format!("/email/recovery/{recovery}")).await;
    open(&site, &format!("/email/confirm/{primary}")).await;
    let settings = site.account.email_settings(&p).await.unwrap();
    assert_eq!((settings.primary.as_str(), settings.recovery.as_deref()), ("addr@example.com", None));

    let res = site.send(press("Recovery", &recovery)).await;
    assert_eq!(header_of(res.headers(), "location"), "/email/done?which=recovery");
    let res = site.send(press("Primary", &primary)).await;
    assert_eq!(header_of(res.headers(), "location"), "/email/done?which=primary");
    let settings = site.account.email_settings(&p).await.unwrap();
    assert_eq!(
        (settings.primary.as_str(), settings.recovery.as_deref()),
        ("new@example.com", Some("backup@example.org"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_or_altered_address_and_recover_links_say_so() {
    let site = Site::new().await;
    for (kind, code) in [("Primary", "(AUM0008)"), ("Recovery", "(AUM0008)"), ("Verify", "(AUM0007)")] {
        let res = site.send(press(kind, "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE.")).await;
        let back = header_of(res.headers(), "location").to_string();
        assert!(text(site.send(get(&back)).await).await.contains(code), "{kind}: {back}");
    }
    let page = text(site.send(get("/recover/aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE%25")).await).await;
    assert!(page.contains("(AUM0009)"));
}
