//! The built CSS/JS/WASM under `/pkg`, served precompressed (`.br`/`.gz`
//! siblings). Pages name them inside a version folder,
//! `/pkg/<version>/gatehouse.js`, the version being a hash of their content
//! taken once at start: browsers keep those for a year, and a new build gets
//! new URLs. Plain `/pkg/<file>` URLs are revalidated on each use.
//!
//! (cargo-leptos `hash-files` does the same with renamed files, but Leptos
//! then re-reads the hash file on every page render, which cost a fifth of
//! the sign-in page's throughput.)

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// How long a file under the current version folder may be reused unasked.
const VERSIONED: &str = "public, max-age=31536000, immutable";
/// Files named without a version may change with any build.
const UNVERSIONED: &str = "no-cache";

/// The content hash of the built JS, WASM (with its per-island parts) and
/// CSS (16 hex digits), or
/// `None` when they are not built or are rebuilt while the server runs
/// (then pages use plain `/pkg` URLs).
pub fn content_version(options: &LeptosOptions) -> Option<String> {
    // `cargo leptos watch` rebuilds the WASM under a running server.
    if std::env::var_os("LEPTOS_WATCH").is_some() {
        return None;
    }
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let mut hash = Sha256::new();
    // Not built yet: pages use plain URLs.
    for ext in ["js", "wasm", "css"] {
        if !dir.join(format!("{}.{ext}", options.output_name)).is_file() {
            return None;
        }
    }
    // Every file the build wrote (the glue, the main WASM and its per-island
    // parts, the CSS), in name order; compressed copies follow their file.
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
        .collect();
    files.sort();
    for file in files {
        hash.update(file.file_name()?.as_encoded_bytes());
        hash.update(std::fs::read(&file).ok()?);
    }
    Some(hex::encode(&hash.finalize()[..8]))
}

/// The options pages render with: asset URLs inside the version folder.
pub fn versioned(options: &LeptosOptions, version: Option<&str>) -> LeptosOptions {
    let mut options = options.clone();
    if let Some(v) = version {
        options.site_pkg_dir = format!("{}/{v}", options.site_pkg_dir).into();
    }
    options
}

/// The `/pkg` service over the folder `dir`.
pub fn service(dir: String, version: Option<String>) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::from_fn_with_state(Arc::new(version), versions))
}

/// Where a `/pkg` request points.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// A file of the current version: its path without the version folder.
    Current(&'a str),
    /// A version folder of another build: gone.
    Stale,
    /// A plain file name.
    Plain,
}

fn target<'a>(path: &'a str, version: Option<&str>) -> Target<'a> {
    let path = path.trim_start_matches('/');
    match path.split_once('/') {
        Some((folder, rest)) if Some(folder) == version => Target::Current(rest),
        Some(_) => Target::Stale,
        None => Target::Plain,
    }
}

async fn versions(State(version): State<Arc<Option<String>>>, mut req: Request<Body>, next: Next) -> Response {
    let cache = match target(req.uri().path(), version.as_deref()) {
        Target::Stale => return StatusCode::NOT_FOUND.into_response(),
        Target::Plain => UNVERSIONED,
        Target::Current(rest) => {
            let Ok(uri) = format!("/{rest}").parse::<Uri>() else {
                return StatusCode::NOT_FOUND.into_response();
            };
            *req.uri_mut() = uri;
            VERSIONED
        }
    };
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::{Target, content_version, target};

    #[test]
    fn files_of_the_current_version_are_served_from_the_folder_without_it() {
        assert_eq!(target("/0123abcd/gatehouse.wasm", Some("0123abcd")), Target::Current("gatehouse.wasm"));
    }

    #[test]
    fn version_folders_of_other_builds_are_gone() {
        assert_eq!(target("/ffff0000/gatehouse.wasm", Some("0123abcd")), Target::Stale);
        assert_eq!(target("/0123abcd/gatehouse.wasm", None), Target::Stale);
    }

    #[test]
    fn a_new_build_of_an_island_part_is_a_new_version() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for (file, body) in [("gatehouse.js", "glue"), ("gatehouse.wasm", "main"), ("gatehouse.css", "css")] {
            std::fs::write(pkg.join(file), body).unwrap();
        }
        std::fs::write(pkg.join("split_sign_in_form_loader_1.wasm"), "one").unwrap();
        let options = leptos::config::LeptosOptions::builder()
            .output_name("gatehouse")
            .site_root(site.path().to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let before = content_version(&options).expect("a version");
        std::fs::write(pkg.join("split_sign_in_form_loader_1.wasm.br"), "compressed copy").unwrap();
        assert_eq!(content_version(&options).unwrap(), before, "compressed copies follow their file");
        std::fs::write(pkg.join("split_sign_in_form_loader_1.wasm"), "two").unwrap();
        assert_ne!(content_version(&options).unwrap(), before);
    }

    #[test]
    fn plain_file_names_are_served_as_they_are() {
        assert_eq!(target("/gatehouse.css", Some("0123abcd")), Target::Plain);
        assert_eq!(target("/bench-login.html", None), Target::Plain);
    }
}
