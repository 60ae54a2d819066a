//! The built CSS/JS/WASM under `/pkg`: served precompressed, kept by
//! browsers for a year when their names carry a content hash (a new build
//! gets new names), and revalidated on every use when they do not.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use std::path::Path;
use tower_http::services::ServeDir;

/// How long a content-hashed file may be reused without asking.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Files without a hash may change with any build: ask each time (cheap
/// with `Last-Modified`).
const UNHASHED: &str = "no-cache";

/// Turns on hashed asset names when the build wrote its hash file (cargo-leptos
/// `hash-files`) next to the executable, unless `LEPTOS_HASH_FILES` says
/// otherwise. Without the file the unhashed names are used.
pub fn detect_hashed_names(options: &mut LeptosOptions) {
    if std::env::var_os("LEPTOS_HASH_FILES").is_some() {
        return;
    }
    let beside_exe = std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf));
    options.hash_files = beside_exe.is_some_and(|dir| dir.join(options.hash_file.as_ref()).is_file());
}

/// The `/pkg` service: files from `dir`, their `.br`/`.gz` siblings to
/// browsers that take them, with cache headers fitting their names.
pub fn service(dir: String) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::from_fn(cache_headers))
}

async fn cache_headers(req: Request<Body>, next: Next) -> Response {
    let hashed = req.uri().path().rsplit('/').next().is_some_and(is_content_hashed);
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        let value = if hashed { HASHED } else { UNHASHED };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

/// Whether a file name has the shape cargo-leptos gives hashed files,
/// `<name>.<hash>.<ext>`, the hash being at least 10 URL-safe characters.
fn is_content_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && hash.len() >= 10
        && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && hash.bytes().any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn names_with_a_content_hash_are_recognised() {
        assert!(is_content_hashed("gatehouse.Xq3v_9kLmN2pQr7sTu1wYz.js"));
        assert!(is_content_hashed("gatehouse_bg.a1b2c3d4e5f60718.wasm"));
        assert!(is_content_hashed("gatehouse.0123456789ab.css"));
    }

    #[test]
    fn names_without_a_hash_are_not() {
        assert!(!is_content_hashed("gatehouse.css"));
        assert!(!is_content_hashed("gatehouse_bg.wasm"));
        assert!(!is_content_hashed("favicon.svg"));
        assert!(!is_content_hashed("bench-login.html"));
        assert!(!is_content_hashed("jquery.min.js"));
        assert!(!is_content_hashed("my.stylesheet.css"));
        assert!(!is_content_hashed(".short.js"));
    }
}
