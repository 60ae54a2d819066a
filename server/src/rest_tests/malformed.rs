//! Malformed requests, each answered with a 4xx and a code (never a 500),
//! and nothing stored.

use super::*;

/// A request to `/v1{path}` with raw `body` and `content_type`, signed in as `who`.
fn raw(method: Method, path: &str, content_type: Option<&str>, body: Vec<u8>, who: Option<&Session>) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(format!("/v1{path}"));
    if let Some(t) = content_type {
        req = req.header(header::CONTENT_TYPE, t);
    }
    if let Some(s) = who {
        req = req.header("X-Soracom-API-Key", &s.api_key).header("X-Soracom-Token", &s.token);
    }
    req.body(Body::from(body)).unwrap()
}

fn json_req(method: Method, path: &str, body: &str, who: Option<&Session>) -> Request<Body> {
    raw(method, path, Some("application/json"), body.as_bytes().to_vec(), who)
}

api_test!(every_malformed_request_gets_a_4xx_with_a_code_and_changes_nothing, |site| {
    let root = site.root().await;
    site.sam(&root, "alice", None).await;
    let op = format!("/operators/{}", root.operator_id);
    let user = format!("{op}/users/alice");
    let r = Some(&root);
    let long_name = "n".repeat(101);
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let cases: Vec<(&str, Request<Body>, u16, &str)> = vec![
        ("broken JSON", json_req(Method::POST, "/auth", "{", None), 400, "AUM0041"),
        ("an array for an object", json_req(Method::POST, "/auth", "[]", None), 400, "AUM0042"),
        ("null for an object", json_req(Method::POST, "/auth", "null", None), 400, "AUM0042"),
        (
            "a number for the email",
            json_req(Method::POST, "/auth", r#"{"email":5,"password":"x"}"#, None),
            400,
            "AUM0042",
        ),
        (
            "a word for seconds",
            json_req(
                Method::POST,
                "/auth",
                r#"{"email":"a@example.com","password":"x","tokenTimeoutSeconds":"soon"}"#,
                None,
            ),
            400,
            "AUM0042",
        ),
        (
            "a fraction for seconds",
            json_req(
                Method::POST,
                "/auth",
                r#"{"email":"a@example.com","password":"x","tokenTimeoutSeconds":1.5}"#,
                None,
            ),
            400,
            "AUM0042",
        ),
        ("trailing text", json_req(Method::POST, "/auth", "{} x", None), 400, "AUM0041"),
        (
            "invalid UTF-8",
            raw(Method::POST, "/auth", Some("application/json"), b"{\"email\":\"\xff\xfe\"}".to_vec(), None),
            400,
            "AUM0041",
        ),
        ("deep nesting", json_req(Method::POST, "/auth", &deep, None), 400, "AUM0042"),
        (
            "deep nesting in a field",
            json_req(Method::POST, "/auth", &format!(r#"{{"email":{deep}}}"#), None),
            400,
            "AUM0042",
        ),
        (
            "a plain-text body",
            raw(Method::POST, "/auth", Some("text/plain"), br#"{"email":"a@example.com"}"#.to_vec(), None),
            415,
            "AUM0043",
        ),
        (
            "a body without a type",
            raw(Method::POST, "/auth", None, br#"{"email":"a@example.com"}"#.to_vec(), None),
            415,
            "AUM0043",
        ),
        (
            "a form body",
            raw(Method::POST, "/auth", Some("application/x-www-form-urlencoded"), b"email=a".to_vec(), None),
            415,
            "AUM0043",
        ),
        (
            "a 100 kB body",
            json_req(Method::POST, "/auth", &format!(r#"{{"email":"{}"}}"#, "a".repeat(100_000)), None),
            413,
            "AUM0044",
        ),
        ("no credentials", json_req(Method::POST, "/auth", "{}", None), 400, "AUM0012"),
        ("no password", json_req(Method::POST, "/auth", r#"{"email":"root@example.com"}"#, None), 400, "AUM0012"),
        (
            "a key id without its secret",
            json_req(Method::POST, "/auth", r#"{"authKeyId":"keyId-x"}"#, None),
            400,
            "AUM0012",
        ),
        (
            "a NUL in the email",
            json_req(Method::POST, "/auth", r#"{"email":"a\u0000@example.com","password":"x"}"#, None),
            400,
            "AUM0004",
        ),
        (
            "a 10 kB email",
            json_req(
                Method::POST,
                "/auth",
                &format!(r#"{{"email":"{}@example.com","password":"x"}}"#, "a".repeat(10_000)),
                None,
            ),
            400,
            "AUM0013",
        ),
        ("GET on a POST operation", raw(Method::GET, "/auth", None, vec![], None), 405, "AUM0046"),
        ("an unknown path", raw(Method::GET, "/nothing/here", None, vec![], None), 404, "AUM0045"),
        ("PATCH on a user", raw(Method::PATCH, &user, None, vec![], r), 405, "AUM0046"),
        ("a number for a description", json_req(Method::PUT, &user, r#"{"description":5}"#, r), 400, "AUM0042"),
        ("a 101-character name", json_req(Method::POST, &format!("{op}/users/{long_name}"), "{}", r), 400, "AUM0030"),
        ("a NUL in a name", json_req(Method::POST, &format!("{op}/users/a%00b"), "{}", r), 400, "AUM0030"),
        ("a space in a name", json_req(Method::POST, &format!("{op}/users/a%20b"), "{}", r), 400, "AUM0030"),
        (
            "a 2000-character description",
            json_req(
                Method::POST,
                &format!("{op}/users/carol"),
                &format!(r#"{{"description":"{}"}}"#, "d".repeat(2000)),
                r,
            ),
            400,
            "AUM0013",
        ),
        (
            "a user as plain text",
            raw(Method::POST, &format!("{op}/users/carol"), Some("text/plain"), b"carol".to_vec(), r),
            415,
            "AUM0043",
        ),
        ("a permission left out", json_req(Method::PUT, &format!("{user}/permission"), "{}", r), 400, "AUM0042"),
        (
            "a permission as a number",
            json_req(Method::PUT, &format!("{user}/permission"), r#"{"permission":1}"#, r),
            400,
            "AUM0042",
        ),
        (
            "a permission that is not JSON",
            json_req(Method::PUT, &format!("{user}/permission"), r#"{"permission":"allow all"}"#, r),
            400,
            "AUM0029",
        ),
        (
            "a role without a permission",
            json_req(Method::POST, &format!("{op}/roles/r1"), r#"{"description":"x"}"#, r),
            400,
            "AUM0042",
        ),
        (
            "a role with an unknown effect",
            json_req(
                Method::POST,
                &format!("{op}/roles/r1"),
                r#"{"permission":"{\"statements\":[{\"effect\":\"maybe\",\"api\":\"*\"}]}"}"#,
                r,
            ),
            400,
            "AUM0029",
        ),
        (
            "a role id as a number",
            json_req(Method::POST, &format!("{user}/roles"), r#"{"roleId":7}"#, r),
            400,
            "AUM0042",
        ),
        (
            "an unknown role",
            json_req(Method::POST, &format!("{user}/roles"), r#"{"roleId":"none"}"#, r),
            404,
            "AUM0034",
        ),
        ("an unknown user", json_req(Method::PUT, &format!("{op}/users/nobody"), "{}", r), 404, "AUM0032"),
        (
            "an unknown auth key",
            raw(Method::DELETE, &format!("{user}/auth_keys/keyId-none"), None, vec![], r),
            404,
            "AUM0037",
        ),
        (
            "a token lifetime too short",
            json_req(Method::POST, &format!("{op}/token"), r#"{"tokenTimeoutSeconds":5}"#, r),
            400,
            "AUM0040",
        ),
        (
            "a password change without the new one",
            json_req(Method::POST, &format!("{op}/password"), r#"{"currentPassword":"x"}"#, r),
            400,
            "AUM0042",
        ),
        (
            "a 5000-character password",
            json_req(
                Method::POST,
                &format!("{user}/password"),
                &format!(r#"{{"password":"{}"}}"#, "p".repeat(5000)),
                r,
            ),
            400,
            "AUM0010",
        ),
        (
            "a reset without a password",
            json_req(Method::POST, "/auth/password_reset_token/verify", r#"{"token":"abc"}"#, None),
            400,
            "AUM0042",
        ),
        (
            "a reset for a non-address",
            json_req(Method::POST, "/auth/password_reset_token/issue", r#"{"email":"not an address"}"#, None),
            400,
            "AUM0004",
        ),
        (
            "a reset with a forged token",
            json_req(
                Method::POST,
                "/auth/password_reset_token/verify",
                r#"{"token":"abc","password":"meadow-copper-88"}"#,
                None,
            ),
            400,
            "AUM0006",
        ),
        (
            "an API key without a token",
            {
                let mut q = raw(Method::GET, &op, None, vec![], None);
                q.headers_mut().insert("X-Soracom-API-Key", root.api_key.parse().unwrap());
                q
            },
            401,
            "AUM0001",
        ),
        (
            "a 5000-character token",
            {
                let mut q = raw(Method::GET, &op, None, vec![], None);
                q.headers_mut().insert("X-Soracom-API-Key", root.api_key.parse().unwrap());
                q.headers_mut().insert("X-Soracom-Token", "t".repeat(5000).parse().unwrap());
                q
            },
            401,
            "AUM0038",
        ),
    ];
    assert!(cases.len() >= 30);
    for (what, req, status, code) in cases {
        let a = site.send(req).await;
        assert_eq!((a.status.as_u16(), a.code()), (status, code), "{what}: {}", a.body);
        assert!(!a.body["message"].as_str().unwrap_or_default().is_empty(), "{what}: a message");
    }
    let users = site.call(Method::GET, &format!("{op}/users"), None, r).await;
    assert_eq!(users.body.as_array().unwrap().len(), 1, "no user was made: {}", users.body);
    assert_eq!(site.call(Method::GET, &format!("{op}/roles"), None, r).await.body, json!([]), "no role was made");
    assert_eq!(site.call(Method::GET, &format!("{user}/permission"), None, r).await.body, json!({"permission": ""}));
});
