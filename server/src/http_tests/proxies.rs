//! Behind a TLS proxy: the client's address comes from the forwarding
//! headers of trusted proxies only, and one client's failures do not shut
//! sign-in for the others behind the same proxy.

use super::*;

const ORIGIN: &str = "http://127.0.0.1:3000";

fn sign_in_from(client: &str, email: &str, password: &str) -> Request<Body> {
    let mut req = form_post(ORIGIN, "/api/sign_in", &[("email", email), ("password", password)]);
    req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    req.headers_mut().insert("x-forwarded-for", client.parse().unwrap());
    req
}

async fn session_addr(site: &Site, email: &str) -> Option<String> {
    let s = site.account.sign_in_root(email, &Secret::new("tulip-river-42"), &Default::default()).await.unwrap();
    let p = site.account.principal(s.signed_in().unwrap().session_token.expose()).await.unwrap().unwrap();
    let sessions = site.account.list_sessions(&p).await.unwrap();
    sessions.into_iter().find(|s| !s.current).and_then(|s| s.client_addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_sessions_show_the_real_client_address() {
    let site = Site::with(config(ORIGIN), "10.0.0.0/8").await;
    site.user("px@example.com", "tulip-river-42").await;
    let res = site.send_from("10.0.0.2:40000", sign_in_from("203.0.113.9", "px@example.com", "tulip-river-42")).await;
    assert!(started_session(&res), "{}", res.status());
    assert_eq!(session_addr(&site, "px@example.com").await.as_deref(), Some("203.0.113.9"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let site = Site::with(config(ORIGIN), "10.0.0.0/8").await;
    site.user("fg@example.com", "tulip-river-42").await;
    site.send_from("198.51.100.4:40000", sign_in_from("203.0.113.9", "fg@example.com", "tulip-river-42")).await;
    assert_eq!(session_addr(&site, "fg@example.com").await.as_deref(), Some("198.51.100.4"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_behind_the_proxy_cannot_shut_sign_in_for_the_others() {
    let site = Site::with(config(ORIGIN), "10.0.0.2").await;
    site.user("ok@example.com", "tulip-river-42").await;
    let limit = site.account.config().lock.max_failures_per_client;
    for n in 0..=limit {
        let email = format!("spray{n}@example.com");
        site.send_from("10.0.0.2:40000", sign_in_from("203.0.113.66", &email, "wrong-password-1")).await;
    }
    let res =
        site.send_from("10.0.0.2:40000", sign_in_from("203.0.113.66", "nope@example.com", "wrong-password-1")).await;
    assert!(!started_session(&res), "the sprayer is slowed down, and its guesses still fail");
    let res = site.send_from("10.0.0.2:40000", sign_in_from("198.51.100.23", "ok@example.com", "tulip-river-42")).await;
    assert!(started_session(&res), "another client behind the same proxy signs in: {}", res.status());
}
