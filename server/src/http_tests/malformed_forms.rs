//! Malformed requests at every console form — every server function the
//! router knows, found by enumeration — signed in: missing fields, wrong
//! types, 10 kB and 1 MB values, control characters and NUL, invalid
//! UTF-8, broken percent-encoding, look-alike and mixed-case addresses,
//! wrong content types, oversized cookies, duplicate headers and wrong
//! methods. Each is answered without a 5xx; a refusal carries a code and a
//! message (JSON for a script, the page for a browser); and no account
//! data changes.

use super::*;
use axum::http::{Method, StatusCode};

const ORIGIN: &str = "http://127.0.0.1:3000";
const ROOT: &str = "forms@example.com";
const PW: &str = "tulip-river-42";

/// Every server function path.
fn every_server_fn() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> =
        leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).filter(|p| p.starts_with("/api/")).collect();
    paths.sort();
    paths.dedup();
    assert!(paths.len() > 40, "the server functions: {paths:?}");
    paths
}

/// The field names the console's forms use.
const FIELDS: [&str; 16] = [
    "email",
    "password",
    "confirm",
    "current",
    "code",
    "token",
    "next",
    "name",
    "user_name",
    "operator_id",
    "description",
    "permission",
    "session_id",
    "key_id",
    "role_id",
    "address",
];

/// Every field set to `value` (percent-encoded as a form would).
fn all_fields(value: &str) -> Vec<u8> {
    FIELDS.iter().map(|f| format!("{f}={}", app::query::encode(value))).collect::<Vec<_>>().join("&").into_bytes()
}

/// One malformed request: what it is, its method, extra headers, the body.
struct Case {
    what: &'static str,
    method: Method,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn case(what: &'static str, body: Vec<u8>) -> Case {
    Case { what, method: Method::POST, headers: vec![], body }
}

fn cases() -> Vec<Case> {
    let form = "application/x-www-form-urlencoded";
    vec![
        case("no fields at all", vec![]),
        case("every field 10 kB", all_fields(&"x".repeat(10 * 1024))),
        case("a 1 MB value", format!("email={}&password=x", "y".repeat(1024 * 1024)).into_bytes()),
        case("control characters and NUL", all_fields("a\u{0}b\u{1}c\u{7f}\r\nd\u{202e}")),
        case("invalid UTF-8, percent-encoded", FIELDS.map(|f| format!("{f}=%FF%FE%C0%AF")).join("&").into_bytes()),
        case("invalid UTF-8, raw", b"email=\xff\xfe&password=\xc0\xaf&code=\x80".to_vec()),
        case("broken percent-encoding", b"email=%G1%&password=%&code=%%41&token=%E2%82".to_vec()),
        case("a list where one value goes", b"email[]=a@example.com&email[]=b@example.com&password[0]=x".to_vec()),
        case("a map where one value goes", b"email[a]=b&password[x][y]=z&next[0][1]=/".to_vec()),
        case("a field named twice", b"email=a@example.com&email=b@example.com&password=x&password=y".to_vec()),
        case("a look-alike address", all_fields("f\u{43e}rms@example.com")),
        case("a mixed-case address and a wrong password", b"email=FORMS%40Example.COM&password=wrong-one-12".to_vec()),
        case("a next that leaves the site", all_fields("https://evil.example/\\\\x")),
        Case {
            what: "JSON sent to a form",
            method: Method::POST,
            headers: vec![("content-type", "application/json".into())],
            body: br#"{"email":"forms@example.com","password":{"x":1}}"#.to_vec(),
        },
        Case {
            what: "plain text",
            method: Method::POST,
            headers: vec![("content-type", "text/plain".into())],
            body: b"\x00\x01\x02 hello".to_vec(),
        },
        Case {
            what: "a broken multipart body",
            method: Method::POST,
            headers: vec![("content-type", "multipart/form-data; boundary=zz".into())],
            body: b"--zz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx".to_vec(),
        },
        Case {
            what: "two content types",
            method: Method::POST,
            headers: vec![("content-type", "application/json".into()), ("content-type", form.into())],
            body: all_fields("a@example.com"),
        },
        Case {
            what: "an oversized cookie",
            method: Method::POST,
            headers: vec![("cookie", format!("gh_session={}", "c".repeat(16 * 1024)))],
            body: all_fields("a@example.com"),
        },
        Case {
            what: "a second, forged session cookie",
            method: Method::POST,
            headers: vec![("cookie", "gh_session=forged%00%01value; gh_session=x; =; ;;".into())],
            body: all_fields("a@example.com"),
        },
        Case { what: "GET", method: Method::GET, headers: vec![], body: vec![] },
        Case { what: "PUT", method: Method::PUT, headers: vec![], body: all_fields("a@example.com") },
        Case { what: "DELETE", method: Method::DELETE, headers: vec![], body: vec![] },
    ]
}

fn build(path: &str, c: &Case, accept: &str, cookie: &str) -> Request<Body> {
    let mut b = Request::builder()
        .method(c.method.clone())
        .uri(path)
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, accept);
    if !c.headers.iter().any(|(k, _)| *k == "content-type") {
        b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    if !c.headers.iter().any(|(k, _)| *k == "cookie") {
        b = b.header(header::COOKIE, cookie);
    }
    for (k, v) in &c.headers {
        b = b.header(*k, v.as_str());
    }
    b.header(header::CONTENT_LENGTH, c.body.len()).body(Body::from(c.body.clone())).unwrap()
}

/// Whether `text` names an error code (`AUM` and four digits).
fn has_code(text: &str) -> bool {
    text.match_indices("AUM").any(|(i, _)| text[i + 3..].chars().take(4).filter(char::is_ascii_digit).count() == 4)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_at_every_form_get_a_clear_4xx_and_change_nothing() {
    let mut config = config(ORIGIN);
    // Hundreds of refused attempts from one client: the lock must not be
    // what answers them all.
    config.lock.max_failures = 10_000;
    config.lock.max_consecutive_failures = 10_000;
    config.lock.max_failures_per_client = 1_000_000;
    let site = Site::with(config, "").await;
    site.user(ROOT, PW).await;
    let before = crate::store_snapshot::account_data(site.account.db()).await;
    let mut sent = 0;
    let cases = cases();
    for path in every_server_fn() {
        // One session per form (a form that signs out ends it: the rest of
        // its cases then come from a signed-out browser, as they may).
        let cookie = sign_in(&site, ORIGIN, ROOT, PW).await;
        for c in &cases {
            for accept in ["application/json", "text/html"] {
                let res = site.send(build(path, c, accept, &cookie)).await;
                let status = res.status();
                let what = format!("{} {path} ({}, {accept})", c.method, c.what);
                let body = text(res).await;
                sent += 1;
                assert!(!status.is_server_error(), "{what}: {status} {body}");
                if status.is_client_error() {
                    assert!(has_code(&body), "{what}: {status} without a code: {body:.300}");
                    if accept == "application/json" && status != StatusCode::NOT_FOUND {
                        let json: serde_json::Value = serde_json::from_str(&body)
                            .unwrap_or_else(|_| panic!("{what}: {status} not JSON: {body:.300}"));
                        assert!(
                            json["message"].as_str().is_some_and(|m| !m.is_empty()),
                            "{what}: a message: {body:.300}"
                        );
                    }
                }
            }
        }
    }
    assert!(sent >= 200, "{sent} requests");
    assert_eq!(
        crate::store_snapshot::account_data(site.account.db()).await,
        before,
        "a malformed request changed account data"
    );
}
