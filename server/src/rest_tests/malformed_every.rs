//! Malformed requests at every `/v1` operation of the OpenAPI document,
//! signed in as the root user: broken and wrongly typed JSON, 10 kB and
//! 1 MB values, control characters and NUL, invalid UTF-8, look-alike
//! addresses, wrong or doubled content types, oversized and doubled token
//! headers, wrong methods. None is answered 5xx, every refusal is JSON
//! with a code and a message, and no account data changes.

use super::*;

/// The body fields the operations take.
const FIELDS: [&str; 15] = [
    "email",
    "password",
    "currentPassword",
    "newPassword",
    "description",
    "permission",
    "token",
    "mfaOTPCode",
    "userName",
    "operatorId",
    "authKeyId",
    "authKey",
    "roleId",
    "trustPolicy",
    "tokenTimeoutSeconds",
];

fn every_field(value: &Value) -> Vec<u8> {
    let map: serde_json::Map<String, Value> = FIELDS.iter().map(|f| (f.to_string(), value.clone())).collect();
    serde_json::to_vec(&Value::Object(map)).unwrap()
}

/// One malformed request: what it is, content types, extra headers, body.
struct Case {
    what: &'static str,
    content_types: Vec<&'static str>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn json_case(what: &'static str, body: Vec<u8>) -> Case {
    Case { what, content_types: vec!["application/json"], headers: vec![], body }
}

fn cases() -> Vec<Case> {
    let deep = format!("{}{}", "[".repeat(3000), "]".repeat(3000));
    vec![
        json_case("broken JSON", b"{\"email\":".to_vec()),
        json_case("an array for an object", b"[]".to_vec()),
        json_case("null for an object", b"null".to_vec()),
        json_case("wrong types", every_field(&json!({"nested": [1, 2]}))),
        json_case("numbers for text", every_field(&json!(12345))),
        json_case("10 kB values", every_field(&json!("v".repeat(10 * 1024)))),
        json_case("a 1 MB value", format!(r#"{{"description":"{}"}}"#, "m".repeat(1024 * 1024)).into_bytes()),
        json_case("control characters and NUL", every_field(&json!("a\u{0}b\u{1}c\r\n\u{7f}\u{202e}"))),
        json_case("invalid UTF-8", b"{\"email\":\"\xff\xfe\",\"password\":\"\xc0\xaf\"}".to_vec()),
        json_case("deep nesting", deep.into_bytes()),
        json_case("a look-alike address", every_field(&json!("r\u{43e}ot@example.com"))),
        json_case("an empty object", b"{}".to_vec()),
        Case {
            what: "plain text",
            content_types: vec!["text/plain"],
            headers: vec![],
            body: br#"{"email":"root@example.com"}"#.to_vec(),
        },
        Case { what: "no content type", content_types: vec![], headers: vec![], body: br#"{"a":1}"#.to_vec() },
        Case {
            what: "two content types",
            content_types: vec!["application/json", "application/x-www-form-urlencoded"],
            headers: vec![],
            body: b"email=a".to_vec(),
        },
        Case {
            what: "an oversized token",
            content_types: vec!["application/json"],
            headers: vec![("X-Soracom-Token", "t".repeat(16 * 1024))],
            body: b"{}".to_vec(),
        },
        Case {
            what: "a second, forged token",
            content_types: vec!["application/json"],
            headers: vec![("X-Soracom-Token", "forged.token.value".into())],
            body: b"{}".to_vec(),
        },
        Case {
            what: "a forged API key",
            content_types: vec!["application/json"],
            headers: vec![("X-Soracom-API-Key", "api-\u{0}".replace('\u{0}', "%00"))],
            body: b"{}".to_vec(),
        },
    ]
}

fn build(method: Method, path: &str, c: &Case, who: &Session) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(format!("/v1{path}"))
        .header("X-Soracom-API-Key", &who.api_key)
        .header("X-Soracom-Token", &who.token);
    for t in &c.content_types {
        b = b.header(header::CONTENT_TYPE, *t);
    }
    for (k, v) in &c.headers {
        b = b.header(*k, v.as_str());
    }
    b.body(Body::from(c.body.clone())).unwrap()
}

api_test!(malformed_requests_at_every_operation_get_a_clear_4xx_and_change_nothing, |site| {
    let root = site.root().await;
    site.sam(&root, "alice", None).await;
    let before = crate::store_snapshot::account_data(site.account.db()).await;
    let cases = cases();
    let mut sent = 0;
    for (method, path) in crate::rest::every_operation(&root.operator_id, "alice") {
        // Signing out would end the token the other cases use.
        if path.ends_with("/auth/logout") {
            continue;
        }
        for c in &cases {
            let a = site.send(build(method.clone(), &path, c, &root)).await;
            sent += 1;
            let what = format!("{method} {path} ({})", c.what);
            assert!(!a.status.is_server_error(), "{what}: {} {}", a.status, a.body);
            if a.status.is_client_error() {
                assert!(a.code().starts_with("AUM"), "{what}: {} {}", a.status, a.body);
                assert!(a.body["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {}", a.body);
            }
        }
        let wrong = site.send(build(Method::PATCH, &path, &cases[0], &root)).await;
        assert_eq!((wrong.status.as_u16(), wrong.code()), (405, "AUM0046"), "PATCH {path}: {}", wrong.body);
        sent += 1;
    }
    assert!(sent >= 200, "{sent} requests");
    assert_eq!(
        crate::store_snapshot::account_data(site.account.db()).await,
        before,
        "a malformed request changed account data"
    );
});
