//! Requests as a browser without JavaScript and as a script send them:
//! the redirect after sign-in, the busy answer, cross-site posts, cookies.

use super::*;
use axum::http::StatusCode;

const ORIGIN: &str = "http://127.0.0.1:3000";

async fn sign_in_with_next(site: &Site, next: &str) -> Response<Body> {
    let fields = [("email", "nx@example.com"), ("password", "tulip-river-42"), ("next", next)];
    site.send(form_post(ORIGIN, "/api/sign_in", &fields)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_in_a_next_with_a_tab_or_control_character_goes_home_without_a_panic() {
    let site = Site::new().await;
    site.user("nx@example.com", "tulip-river-42").await;
    for next in ["/\t/evil.example", "/\u{1}", "//evil.example", "https://evil.example/"] {
        let res = sign_in_with_next(&site, next).await;
        assert_eq!(res.status(), StatusCode::FOUND, "{next:?}");
        assert_eq!(header_of(res.headers(), "location"), "/", "{next:?}");
    }
    let res = sign_in_with_next(&site, "/security/sessions?x=1").await;
    assert_eq!(header_of(res.headers(), "location"), "/security/sessions?x=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_hasher_answers_a_script_503_with_retry_after_and_a_person_the_message() {
    let site = Site::with(AccountConfig { hash_queue_wait_ms: 0, ..config(ORIGIN) }, "").await;
    // A script (or the hydrated form) posting JSON-style.
    let mut req = form_post(ORIGIN, "/api/sign_in", &[("email", "a@example.com"), ("password", "tulip-river-42")]);
    req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    let res = site.send(req).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header_of(res.headers(), "retry-after"), "1");
    assert!(text(res).await.contains("AUM0132"));
    // A person without JavaScript is sent back to the form, which says so.
    let res = site.send(form_post(ORIGIN, "/api/sign_in", &[("email", "a@example.com"), ("password", "x")])).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = header_of(res.headers(), "location").trim_start_matches(ORIGIN).to_string();
    assert!(back.starts_with("/login?"), "{back}");
    assert!(!url_text(&back).contains("a@example.com"), "no email in the URL: {}", url_text(&back));
    // The address comes back to the form through a short-lived cookie instead.
    let kept = set_cookies(res.headers()).into_iter().find(|c| c.starts_with("gh_typed=")).expect("the typed address");
    assert!(kept.contains("HttpOnly") && kept.contains("SameSite=Strict") && kept.contains("Max-Age=60"), "{kept}");
    let mut again = get(&back);
    again.headers_mut().insert(header::COOKIE, kept.split(';').next().unwrap().parse().unwrap());
    let res = site.send(again).await;
    assert!(set_cookies(res.headers()).iter().any(|c| c.starts_with("gh_typed=;")), "read once, then removed");
    let page = text(res).await;
    assert!(page.contains("(AUM0132)"), "{page}");
    assert!(page.contains(r#"value="a@example.com""#), "the form is refilled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locked_answers_carry_retry_after() {
    let site = Site::new().await;
    let mut last = None;
    for _ in 0..6 {
        let mut req = form_post(ORIGIN, "/api/sign_in", &[("email", "lk@example.com"), ("password", "wrong-pw-1")]);
        req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        last = Some(site.send(req).await);
    }
    let res = last.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = header_of(res.headers(), "retry-after").parse().unwrap();
    assert!(secs >= 60, "{secs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_another_site_is_refused_with_a_code() {
    let site = Site::new().await;
    let res = site.send(form_post("http://evil.example", "/api/set_language", &[("lang", "ja")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res).await.contains("AUM0015"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_https_the_session_cookie_is_host_prefixed_and_an_unprefixed_one_is_ignored() {
    let site = Site::with(config("https://console.test"), "").await;
    site.user("ck@example.com", "tulip-river-42").await;
    let origin = "https://console.test";
    let res = site
        .send(form_post(origin, "/api/sign_in", &[("email", "ck@example.com"), ("password", "tulip-river-42")]))
        .await;
    let cookies = set_cookies(res.headers());
    let session = cookies.iter().find(|c| c.starts_with("__Host-gh_session=")).expect("a __Host- session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(flag), "{flag} in {session}");
    }
    let lang = cookies.iter().find(|c| c.starts_with("lang=")).expect("the language cookie");
    assert!(lang.contains("Secure"), "{lang}");
    let token = session.split(';').next().unwrap().trim_start_matches("__Host-gh_session=");
    let whoami = |cookie: String| {
        let mut req = form_post(origin, "/api/whoami", &[]);
        req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        req.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        req
    };
    assert!(text(site.send(whoami(format!("__Host-gh_session={token}"))).await).await.contains("ck@example.com"));
    assert_eq!(text(site.send(whoami(format!("gh_session={token}"))).await).await, "null");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http_the_session_cookie_is_http_only_and_same_site_lax() {
    let site = Site::new().await;
    site.user("ht@example.com", "tulip-river-42").await;
    let res = site
        .send(form_post(ORIGIN, "/api/sign_in", &[("email", "ht@example.com"), ("password", "tulip-river-42")]))
        .await;
    let cookies = set_cookies(res.headers());
    let session = cookies.iter().find(|c| c.starts_with("gh_session=")).expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax") && !session.contains("Secure"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_gets_the_error_text_in_its_language_and_a_plain_form_post_gets_none_in_the_url() {
    let site = Site::new().await;
    site.user("tx@example.com", "tulip-river-42").await;
    let fields = [("email", "tx@example.com"), ("password", "wrong-pw-1")];
    let mut req = form_post(ORIGIN, "/api/sign_in", &fields);
    req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    req.headers_mut().insert(header::ACCEPT_LANGUAGE, "ja".parse().unwrap());
    let body = text(site.send(req).await).await;
    let answer: serde_json::Value = serde_json::from_str(&body).expect(&body);
    assert_eq!(answer["text"], "メールアドレスまたはパスワードが正しくありません。 (AUM0002)", "{body}");
    // The browser reads the code and the field, not the domain error.
    assert_eq!(answer["code"], "AUM0002", "{body}");
    assert!(answer["field"].is_null(), "{body}");
    // Without JavaScript the error goes back in the URL, code only; the page
    // it leads to writes the text itself.
    let res = site.send(form_post(ORIGIN, "/api/sign_in", &fields)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = header_of(res.headers(), "location").trim_start_matches(ORIGIN).to_string();
    let carried = url_text(&back);
    assert!(carried.contains("InvalidCredentials") || carried.contains("AUM0002"), "{carried}");
    assert!(!carried.contains("\"text\""), "{carried}");
    let page = text(site.send(get(&back)).await).await;
    assert!(page.contains("Invalid email address or password. (AUM0002)"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_error_names_its_field_for_the_browser() {
    let site = Site::new().await;
    let mut req = form_post(ORIGIN, "/api/sign_in", &[("email", "not-an-address"), ("password", "tulip-river-42")]);
    req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    let body = text(site.send(req).await).await;
    let answer: serde_json::Value = serde_json::from_str(&body).expect(&body);
    assert_eq!(answer["field"], "Email", "{body}");
    assert!(answer["code"].as_str().is_some_and(|c| c.starts_with("AUM")), "{body}");
}

/// A URL with its query values percent-decoded and base64-decoded where
/// they are base64 (how Leptos carries a form's error back).
fn url_text(url: &str) -> String {
    use base64::Engine;
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(_, v)| {
            let v = v.replace("%3D", "=").replace("%2F", "/").replace("%2B", "+");
            base64::engine::general_purpose::STANDARD
                .decode(&v)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or(v)
        })
        .collect::<Vec<_>>()
        .join(" ")
}
