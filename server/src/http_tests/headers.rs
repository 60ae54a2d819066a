//! The security headers on every answer, found by enumeration rather than
//! a hand-picked list: every page of the route list (signed out and signed
//! in), every `/v1` operation of the OpenAPI document (without and with a
//! token), every server function path, the health check, static files and
//! the error answers — over plain HTTP and under an HTTPS `PUBLIC_URL`.

use super::*;
use axum::http::Method;

const ROOT: &str = "headers@example.com";
const PW: &str = "tulip-river-42";

/// Every page path of the console, with a made-up value for each parameter.
fn every_page() -> Vec<String> {
    let mut paths: Vec<String> =
        leptos_axum::generate_route_list(app::App).iter().map(|r| fill_params(r.path())).collect();
    paths.sort();
    paths.dedup();
    assert!(paths.len() > 20, "the route list: {paths:?}");
    paths
}

/// `/a/:b/{c}/*d` → `/a/x/x/x`.
fn fill_params(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with(':') || seg.starts_with('{') || seg.starts_with('*') { "x" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// What every answer must carry; `html` answers also the page CSP.
fn assert_secure(what: &str, res: &Response<Body>, https: bool) {
    let h = res.headers();
    let status = res.status();
    assert_eq!(header_of(h, "x-content-type-options"), "nosniff", "{what} ({status})");
    assert_eq!(header_of(h, "x-frame-options"), "DENY", "{what} ({status})");
    let referrer = header_of(h, "referrer-policy");
    assert!(["no-referrer", "same-origin"].contains(&referrer), "{what} ({status}): Referrer-Policy {referrer:?}");
    let csp = header_of(h, "content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what} ({status}): CSP {csp:?}");
    assert!(!csp.contains("unsafe-inline"), "{what} ({status}): CSP {csp:?}");
    if header_of(h, "content-type").starts_with("text/html") {
        assert!(csp.contains("script-src 'self' 'nonce-"), "{what} ({status}): a page's CSP has a nonce: {csp:?}");
    }
    let hsts = header_of(h, "strict-transport-security");
    if https {
        assert_eq!(hsts, "max-age=31536000; includeSubDomains", "{what} ({status})");
    } else {
        assert_eq!(hsts, "", "{what} ({status}): no HSTS over plain HTTP");
    }
}

fn with_cookie(mut req: Request<Body>, cookie: Option<&str>) -> Request<Body> {
    if let Some(c) = cookie {
        req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
    }
    req
}

fn api(method: Method, path: &str, token: Option<&(String, String)>, body: &str) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path).header(header::CONTENT_TYPE, "application/json");
    if let Some((key, token)) = token {
        b = b.header("X-Soracom-API-Key", key).header("X-Soracom-Token", token);
    }
    b.body(Body::from(body.to_string())).unwrap()
}

async fn check_everything(public_url: &str) {
    let https = public_url.starts_with("https");
    let site = Site::with(config(public_url), "").await;
    site.user(ROOT, PW).await;
    let cookie = sign_in(&site, public_url, ROOT, PW).await;

    for path in every_page() {
        for who in [None, Some(cookie.as_str())] {
            let res = site.send(with_cookie(get(&path), who)).await;
            assert_secure(&format!("GET {path} signed {}", if who.is_some() { "in" } else { "out" }), &res, https);
        }
    }

    let auth =
        site.send(api(Method::POST, "/v1/auth", None, &format!(r#"{{"email":"{ROOT}","password":"{PW}"}}"#))).await;
    assert_secure("POST /v1/auth", &auth, https);
    let signed: serde_json::Value = serde_json::from_str(&text(auth).await).unwrap();
    let operator = signed["operatorId"].as_str().unwrap().to_string();
    let token = (signed["apiKey"].as_str().unwrap().to_string(), signed["token"].as_str().unwrap().to_string());
    for (method, path) in crate::rest::every_operation(&operator, "x") {
        let path = format!("/v1{path}");
        if path.ends_with("/logout") || path.ends_with("/auth") {
            continue;
        }
        let res = site.send(api(method.clone(), &path, None, "{}")).await;
        assert_secure(&format!("{method} {path} without a token"), &res, https);
        if method == Method::GET {
            let res = site.send(api(method.clone(), &path, Some(&token), "")).await;
            assert_secure(&format!("{method} {path} with a token"), &res, https);
        }
    }

    let mut others = vec![
        (get("/healthz"), "the health check"),
        (get("/v1/openapi.json"), "the OpenAPI document"),
        (get("/pkg/gatehouse.js"), "a static file"),
        (get("/favicon.ico"), "a public file"),
        (get("/v1/no-such-operation"), "an unknown operation"),
        (api(Method::PATCH, "/v1/auth", None, "{}"), "a wrong method"),
        (form_post(public_url, "/api/no_such_function", &[]), "an unknown server function"),
        (form_post("https://elsewhere.example", "/api/sign_in", &[]), "a post from another site"),
        (
            form_post(public_url, "/api/sign_in", &[("email", ROOT), ("password", &"x".repeat(70 * 1024))]),
            "a body over the cap",
        ),
        (api(Method::POST, "/v1/auth", None, "not json"), "a malformed API body"),
    ];
    for path in ["/api/whoami", "/api/sign_out", "/api/forgot_password"] {
        others.push((with_cookie(form_post(public_url, path, &[("email", ROOT)]), Some(&cookie)), "a server function"));
    }
    for (req, what) in others {
        let label = format!("{what}: {} {}", req.method(), req.uri());
        let res = site.send(req).await;
        assert_secure(&label, &res, https);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_api_answer_carries_the_security_headers_over_http() {
    check_everything("http://127.0.0.1:3000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_api_answer_carries_the_security_headers_and_hsts_under_https() {
    check_everything("https://console.test").await;
}
