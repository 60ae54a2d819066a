//! Security around every response: headers (CSP with a per-response nonce,
//! framing, sniffing, referrer) and refusing state-changing requests that
//! come from another site.

use app::error::AppError;
use app::i18n::Lang;
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::{provide_nonce, use_nonce};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Gives each rendered page a CSP nonce (used by Leptos for its hydration
/// scripts) and the matching `Content-Security-Policy` header.
pub fn provide_csp_nonce() {
    provide_nonce();
    if let (Some(nonce), Some(res)) = (use_nonce(), use_context::<ResponseOptions>()) {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        );
        if let Ok(v) = HeaderValue::from_str(&policy) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

/// Adds the headers every response carries.
pub async fn headers(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    res
}

/// Whether a request that changes state was sent by this site: the
/// `Origin` (or, failing that, `Sec-Fetch-Site`) must not name another site.
fn is_same_origin(req: &Request<Body>) -> bool {
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    let fetch_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok());
    match req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // Pages with `Referrer-Policy: no-referrer` (the reset page) make
        // browsers send `Origin: null`; then only the browser's own
        // `Sec-Fetch-Site` can vouch for the request.
        Some("null") => fetch_site == Some("same-origin"),
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            origin_host.is_some() && origin_host == host
        }
        None => matches!(fetch_site, None | Some("same-origin") | Some("none")),
    }
}

/// Refuses cross-site POST/PUT/PATCH/DELETE with `AUM0015` (403).
pub async fn same_origin_writes(req: Request<Body>, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && !is_same_origin(&req) {
        let e = AppError::ForeignOrigin;
        let body = serde_json::json!({ "code": e.code(), "message": e.message(Lang::En) });
        return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method(Method::POST).uri("/api/sign_in");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn posts_from_this_origin_pass() {
        assert!(is_same_origin(&post(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(is_same_origin(&post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-origin")])));
        assert!(is_same_origin(&post(&[("host", "h"), ("origin", "null"), ("sec-fetch-site", "same-origin")])));
    }

    #[test]
    fn posts_from_other_sites_are_refused() {
        assert!(!is_same_origin(&post(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")])));
        assert!(!is_same_origin(&post(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(!is_same_origin(&post(&[("host", "h"), ("origin", "null"), ("sec-fetch-site", "cross-site")])));
        assert!(!is_same_origin(&post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")])));
    }
}
