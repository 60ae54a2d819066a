//! The page head's scripts that bring the islands to life: the WASM glue
//! and main module, preloaded, and a small loader that hydrates each island
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

const LOADER: &str = include_str!("island_loader.js");

/// The loader as the page carries it: without its comments and indents.
static LOADER_COMPACT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let lines: Vec<&str> = LOADER.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).collect();
    lines.join("\n").trim_end_matches(';').to_string()
});

/// Goes in the `<head>` of the shell.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // The server renders islands as plain HTML with their markers; nothing
    // outside them hydrates.
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = options.output_name.to_string();
    let script = format!("{}({pkg:?},{name:?});", LOADER_COMPACT.as_str());
    view! {
        <link rel="modulepreload" href=format!("{pkg}/{name}.js")/>
        <link rel="preload" href=format!("{pkg}/{name}.wasm") r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=use_nonce()>{script}</script>
    }
}
