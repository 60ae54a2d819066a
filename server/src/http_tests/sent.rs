//! The "we sent a mail" pages: the address travels sealed in the URL, so
//! logs and history hold none and a crafted link cannot make the page show
//! a text of its choosing.

use super::*;
use axum::http::StatusCode;

const ORIGIN: &str = "http://127.0.0.1:3000";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sent_page_shows_the_address_without_putting_it_in_the_url() {
    let site = Site::new().await;
    let res = site.send(form_post(ORIGIN, "/api/forgot_password", &[("email", "Someone@Example.com")])).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = header_of(res.headers(), "location").to_string();
    assert!(location.starts_with("/password/forgot/sent?to="), "{location}");
    assert!(!location.to_ascii_lowercase().contains("someone"), "no address in the URL: {location}");
    let page = text(site.send(get(&location)).await).await;
    assert!(page.contains("someone@example.com"), "the page shows where the mail went");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crafted_sent_link_shows_no_text_of_its_own() {
    let site = Site::new().await;
    for path in [
        "/signup/sent?email=Call%20us%20at%20555-0100",
        "/password/forgot/sent?to=Call%20us%20at%20555-0100",
        "/recover/sent?to=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    ] {
        let res = site.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let page = text(res).await;
        assert!(!page.contains("555-0100"), "{path}");
        assert!(page.contains(r#"data-testid="sent-to""#), "{path}");
    }
}
