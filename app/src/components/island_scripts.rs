//! The page head's links and scripts: the stylesheet, the WASM glue and
//! main module (preloaded), and a small loader that hydrates each island
//! of the page once its code has arrived (`island_loader.js`).
//!
//! Leptos' `HydrationScripts` does the same for one WASM file, walking the
//! islands one after another and saying nothing when it is done; the
//! console's islands are split into files of their own (`#[island(lazy)]`),
//! so they are fetched side by side, and the body is marked hydrated once
//! the last one is.

use leptos::config::LeptosOptions;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use std::sync::Arc;

const LOADER: &str = include_str!("island_loader.js");

/// The loader as the page carries it: without its comments and indents.
fn loader_compact() -> String {
    let lines: Vec<&str> = LOADER.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).collect();
    lines.join("\n").trim_end_matches(';').to_string()
}

/// The asset URLs and the loader script every page's head names, worked
/// out once when the server starts instead of on every page render.
/// A cheap handle: each render clones it.
#[derive(Clone, Debug)]
pub struct HeadAssets(Arc<Head>);

#[derive(Debug)]
struct Head {
    /// The options, when `cargo leptos watch` serves the site (its
    /// hot-reload script reads them); `None` otherwise.
    watched: Option<LeptosOptions>,
    css: Arc<str>,
    js: Arc<str>,
    wasm: Arc<str>,
    script: Arc<str>,
}

impl HeadAssets {
    /// The head for `options` (its `site_pkg_dir` already names the version
    /// folder when the files are versioned).
    pub fn new(options: LeptosOptions) -> Self {
        let pkg = format!("/{}", options.site_pkg_dir);
        let name = options.output_name.to_string();
        Self(Arc::new(Head {
            css: format!("{pkg}/{name}.css").into(),
            js: format!("{pkg}/{name}.js").into(),
            wasm: format!("{pkg}/{name}.wasm").into(),
            script: format!("{}({pkg:?},{name:?});", loader_compact()).into(),
            // What `AutoReload` checks on each render, checked once.
            watched: std::env::var_os("LEPTOS_WATCH").is_some().then_some(options),
        }))
    }
}

/// Goes in the `<head>` of the shell: the hot-reload script when watched,
/// the stylesheet, then the scripts.
#[component]
pub fn HeadLinks(head: HeadAssets) -> impl IntoView {
    // The server renders islands as plain HTML with their markers; nothing
    // outside them hydrates.
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    let head = &head.0;
    view! {
        {head.watched.clone().map(|options| view! { <AutoReload options/> })}
        <link rel="stylesheet" id="leptos" href=head.css.clone()/>
        <link rel="modulepreload" href=head.js.clone()/>
        <link rel="preload" href=head.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=use_nonce()>{head.script.clone()}</script>
    }
}
