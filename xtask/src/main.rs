//! The workspace's build tool: `cargo xtask build [--release]` makes what
//! `make run` serves -- the site under `target/site` (`/pkg/gatehouse.js`,
//! `gatehouse.wasm`, `gatehouse.css`, the `public/` files) and the server
//! binary -- with nothing installed but Rust and the npm tools in `end2end/`.
//!
//! It does what cargo-leptos did for this workspace (two `cargo build`s,
//! the WASM split at its lazy islands, wasm-bindgen, binaryen's `-Oz`, JS
//! and CSS minifying), so a new machine
//! no longer compiles cargo-leptos and the wasm-bindgen CLI first.
//! `cargo leptos watch` remains the optional hot-reload path (`make dev`).

mod bindgen;
mod cargo;
mod layout;
mod node;
mod public;
mod split;

use layout::Layout;
use std::process::ExitCode;
use std::time::Instant;

/// A step that failed, said in words.
type Failure = String;

const USAGE: &str = "usage: cargo xtask build [--release | --release-site] | site [--release]
  build   the site under target/site and the server binary, side by side
  site    the site only (WASM, JS, CSS, public files)
  --release       optimised: the WASM through wasm-opt -Oz, JS and CSS
                  minified, .br/.gz copies written; the server in the
                  release profile
  --release-site  the optimised site with a debug server (the browser tests:
                  the files `make run` serves, a server the tests share)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let command = args.iter().find(|a| !a.starts_with("--")).map(String::as_str);
    let result = match command {
        Some("build") => build(flag("--release") || flag("--release-site"), flag("--release")),
        Some("site") => build_site(flag("--release")),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("xtask: {why}");
            ExitCode::FAILURE
        }
    }
}

/// The site and the server at once: the server build ends with long
/// single-crate steps (`app`, then the binary) that leave a core idle, which
/// the WASM build fills. The WASM has a target folder of its own, so the two
/// cargo runs do not wait for each other's lock.
fn build(release_site: bool, release_server: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let mut server = cargo::spawn_server(release_server)?;
    let site = build_site(release_site);
    let server = cargo::wait(&mut server, "the server");
    site.and(server)?;
    eprintln!("xtask: site and server built in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Every file the browser loads, in the `/pkg` layout Leptos asks for.
fn build_site(release: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let layout = Layout::of_workspace(release)?;
    std::fs::create_dir_all(&layout.pkg).map_err(|e| format!("creating {}: {e}", layout.pkg.display()))?;
    let wasm = cargo::build_frontend(&layout)?;
    let main = split::split(&layout, &wasm)?;
    bindgen::bind(&layout, &main)?;
    node::finish(&layout)?;
    public::copy(&layout)?;
    eprintln!("xtask: site built in {:.1} s under {}", started.elapsed().as_secs_f64(), layout.site.display());
    Ok(())
}
