//! Caches and headers: nothing but static assets may be kept; under HTTPS
//! the browser is told to stay on HTTPS; sign-out clears the browser's copy.

use super::*;
use axum::http::StatusCode;

const ORIGIN: &str = "http://127.0.0.1:3000";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_server_answers_carry_no_store_and_the_security_headers() {
    let site = Site::new().await;
    for res in [
        site.send(get("/login")).await,
        site.send(get("/no-such-page")).await,
        site.send(form_post(ORIGIN, "/api/whoami", &[])).await,
        site.send(form_post(ORIGIN, "/api/sign_in", &[("email", "a@example.com"), ("password", "x")])).await,
    ] {
        let h = res.headers();
        assert_eq!(header_of(h, "cache-control"), "no-store", "{}", res.status());
        assert_eq!(header_of(h, "x-frame-options"), "DENY");
        assert_eq!(header_of(h, "x-content-type-options"), "nosniff");
        assert_eq!(header_of(h, "cross-origin-opener-policy"), "same-origin");
        assert_eq!(header_of(h, "strict-transport-security"), "", "no HSTS over plain HTTP");
    }
    let page = site.send(get("/login")).await;
    let csp = header_of(page.headers(), "content-security-policy");
    assert!(csp.contains("script-src 'self' 'nonce-") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header_of(page.headers(), "referrer-policy"), "same-origin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_https_answers_tell_the_browser_to_stay_on_https() {
    let site = Site::with(config("https://console.test"), "").await;
    let res = site.send(get("/login")).await;
    assert_eq!(header_of(res.headers(), "strict-transport-security"), "max-age=31536000; includeSubDomains");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_clears_the_browsers_cache_and_storage() {
    let site = Site::new().await;
    site.user("out@example.com", "tulip-river-42").await;
    let cookie = sign_in(&site, ORIGIN, "out@example.com", "tulip-river-42").await;
    let mut req = form_post(ORIGIN, "/api/sign_out", &[]);
    req.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
    let res = site.send(req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(header_of(res.headers(), "clear-site-data"), r#""cache", "storage""#);
    assert_eq!(header_of(res.headers(), "cache-control"), "no-store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_64_kib_cap_is_refused_with_413() {
    let site = Site::new().await;
    let big = "x".repeat(65 * 1024);
    let res = site.send(form_post(ORIGIN, "/api/sign_in", &[("email", "a@example.com"), ("password", &big)])).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let under = "x".repeat(60 * 1024);
    let res = site.send(form_post(ORIGIN, "/api/sign_in", &[("email", "a@example.com"), ("password", &under)])).await;
    assert_ne!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
