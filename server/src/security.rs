//! Security around every response: headers (CSP with a per-response nonce,
//! framing, sniffing, referrer, no caching of anything but static assets,
//! HSTS and COOP under HTTPS) and refusing state-changing requests that do
//! not come from the console's own origin (`PUBLIC_URL`).

use app::error::AppError;
use app::i18n::Lang;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::{provide_nonce, use_nonce};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::sync::Arc;

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

/// The console's own origin, from `PUBLIC_URL`.
#[derive(Clone, Debug)]
pub struct Site(Arc<SiteInner>);

#[derive(Debug)]
struct SiteInner {
    /// `scheme://host[:port]`, as browsers write it in `Origin`.
    origin: String,
    https: bool,
}

impl Site {
    /// The site of `public_url`; refuses a URL without a host.
    pub fn new(public_url: &str) -> Result<Self, String> {
        let url = url::Url::parse(public_url).map_err(|e| format!("PUBLIC_URL {public_url:?}: {e}"))?;
        let origin = url.origin();
        if !origin.is_tuple() {
            return Err(format!("PUBLIC_URL {public_url:?} must be an http(s) URL with a host"));
        }
        Ok(Site(Arc::new(SiteInner { origin: origin.ascii_serialization(), https: url.scheme() == "https" })))
    }

    /// Whether the request was sent by a page of this origin: `Origin` must
    /// equal it (scheme, host and port); `Origin: null` (sent from pages with
    /// `Referrer-Policy: no-referrer`) and requests without `Origin` pass only
    /// when the browser's `Sec-Fetch-Site` vouches for them, or, failing
    /// that, their `Referer` is of this origin. Requests with none of these
    /// are refused.
    fn sent_from_here(&self, req: &Request<Body>) -> bool {
        let h = req.headers();
        let fetch_site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        match h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some("null") => fetch_site == Some("same-origin"),
            Some(origin) => origin == self.0.origin,
            None => match fetch_site {
                Some(site) => site == "same-origin",
                None => h
                    .get(header::REFERER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|r| url::Url::parse(r).ok())
                    .is_some_and(|r| r.origin().ascii_serialization() == self.0.origin),
            },
        }
    }
}

/// Whether a response is a static asset that caches may keep: the
/// content-versioned `/pkg/` files and images, styles and scripts from the
/// site folder. Everything else (pages, server functions, redirects,
/// errors) may hold personal data.
fn is_static_asset(path: &str, res: &Response) -> bool {
    if path.starts_with("/pkg/") {
        return true;
    }
    let ty = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    res.status().is_success()
        && ["image/", "text/css", "text/javascript", "application/javascript", "application/wasm", "font/"]
            .iter()
            .any(|t| ty.starts_with(t))
}

/// Adds the headers every response carries.
pub async fn headers(State(site): State<Site>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let cacheable = is_static_asset(&path, &res);
    let h = res.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    // Pages set their own policy (with the nonce); every other answer (API
    // JSON, static files, errors) may load nothing and be framed nowhere,
    // should a browser ever be led to render it.
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"));
    if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if site.0.https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// Refuses POST/PUT/PATCH/DELETE not sent from the console's origin with
/// `AUM0015` (403).
pub async fn same_origin_writes(State(site): State<Site>, req: Request<Body>, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && !site.sent_from_here(&req) {
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

    fn site() -> Site {
        Site::new("http://127.0.0.1:3000").unwrap()
    }

    #[test]
    fn posts_from_this_origin_pass() {
        let s = site();
        assert!(s.sent_from_here(&post(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(s.sent_from_here(&post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-origin")])));
        assert!(s.sent_from_here(&post(&[("host", "h"), ("origin", "null"), ("sec-fetch-site", "same-origin")])));
        assert!(s.sent_from_here(&post(&[("referer", "http://127.0.0.1:3000/login")])));
    }

    #[test]
    fn posts_from_other_sites_are_refused() {
        let s = site();
        assert!(!s.sent_from_here(&post(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")])));
        assert!(!s.sent_from_here(&post(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(!s.sent_from_here(&post(&[("host", "h"), ("origin", "null"), ("sec-fetch-site", "cross-site")])));
        assert!(!s.sent_from_here(&post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")])));
        assert!(!s.sent_from_here(&post(&[("referer", "http://evil.example/x")])));
    }

    #[test]
    fn the_origin_must_match_public_url_in_scheme_host_and_port() {
        let s = Site::new("https://console.example").unwrap();
        assert!(s.sent_from_here(&post(&[("origin", "https://console.example")])));
        assert!(!s.sent_from_here(&post(&[("origin", "http://console.example")])), "scheme");
        assert!(!s.sent_from_here(&post(&[("origin", "https://console.example:8443")])), "port");
        // DNS rebinding: the Host header agrees with the attacker's Origin, PUBLIC_URL does not.
        assert!(!s.sent_from_here(&post(&[("host", "rebind.test:3000"), ("origin", "http://rebind.test:3000")])));
    }

    #[test]
    fn posts_that_carry_neither_origin_nor_fetch_metadata_nor_referer_are_refused() {
        assert!(!site().sent_from_here(&post(&[("host", "127.0.0.1:3000")])));
    }
}
