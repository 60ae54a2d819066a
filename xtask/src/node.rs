//! The steps done by npm tools that `end2end/` installs (`npm ci`):
//! binaryen's `wasm-opt`, and `xtask/finish.mjs` (lightningcss for the CSS,
//! terser for the JS glue, Node's zlib for the `.br`/`.gz` siblings).

use crate::Failure;
use crate::layout::Layout;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `wasm-opt -Oz` on a WASM file of the site, in place (release builds).
pub fn wasm_opt(layout: &Layout, wasm: &Path) -> Result<(), Failure> {
    run(
        Command::new(tool(layout, "wasm-opt")?)
            .arg("-Oz")
            // The features rustc's wasm32 target emits by default.
            .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext"])
            .args(["--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
        "wasm-opt",
    )
}

/// CSS from `style/main.css`; in release builds also the minified JS and
/// the precompressed siblings. Debug builds remove stale siblings.
pub fn finish(layout: &Layout) -> Result<(), Failure> {
    let mut cmd = Command::new("node");
    cmd.arg(layout.root.join("xtask/finish.mjs"))
        .arg(&layout.pkg)
        .arg(crate::layout::OUTPUT_NAME)
        .arg(layout.root.join("style/main.css"));
    if layout.release {
        cmd.arg("--release");
    }
    run(cmd.current_dir(&layout.root), "xtask/finish.mjs")
}

/// An npm tool's path in `end2end/node_modules/.bin`.
fn tool(layout: &Layout, name: &str) -> Result<PathBuf, Failure> {
    let path = layout.root.join("end2end/node_modules/.bin").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} is missing: run `make tools` (npm ci in end2end/)", path.display()))
    }
}

fn run(cmd: &mut Command, what: &str) -> Result<(), Failure> {
    let status = cmd.status().map_err(|e| format!("could not start {what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}
