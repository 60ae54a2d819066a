//! Where things are: the workspace, cargo's target folder, the site folder
//! the server reads (`LEPTOS_SITE_ROOT`, default `target/site`).

use crate::Failure;
use std::path::{Path, PathBuf};

/// The name Leptos gives the JS, WASM and CSS (`LEPTOS_OUTPUT_NAME` in
/// `.cargo/config.toml`, which the server is compiled with).
pub const OUTPUT_NAME: &str = "gatehouse";

/// Paths and settings of one build.
pub struct Layout {
    /// The workspace root.
    pub root: PathBuf,
    /// The WASM build's own target folder (`target/front`), so it can run
    /// beside the server build.
    pub front_target: PathBuf,
    /// The site root the server serves (`target/site`).
    pub site: PathBuf,
    /// Where the built JS, WASM and CSS go (`target/site/pkg`).
    pub pkg: PathBuf,
    /// Optimised build (`--release`).
    pub release: bool,
}

impl Layout {
    /// The layout of this workspace, found from where xtask was compiled.
    pub fn of_workspace(release: bool) -> Result<Layout, Failure> {
        let root =
            Path::new(env!("CARGO_MANIFEST_DIR")).parent().ok_or("xtask is not inside a workspace")?.to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|t| if t.is_absolute() { t } else { root.join(t) })
            .unwrap_or_else(|| root.join("target"));
        let site = std::env::var_os("LEPTOS_SITE_ROOT")
            .map(PathBuf::from)
            .map(|s| if s.is_absolute() { s } else { root.join(s) })
            .unwrap_or_else(|| root.join("target/site"));
        let pkg = site.join("pkg");
        let front_target = target.join("front");
        Ok(Layout { root, front_target, site, pkg, release })
    }

    /// A file of the built site: `pkg/gatehouse.<ext>`.
    pub fn output(&self, ext: &str) -> PathBuf {
        self.pkg.join(format!("{OUTPUT_NAME}.{ext}"))
    }
}
