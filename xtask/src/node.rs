//! The steps done by npm tools that `end2end/` installs (`npm ci`):
//! `xtask/finish.mjs` (binaryen's optimizer for the WASM files, lightningcss
//! for the CSS, terser for the JS, Node's zlib for the `.br`/`.gz`
//! siblings).

use crate::Failure;
use crate::layout::Layout;

use std::process::Command;

/// CSS from `style/main.css`; in release builds also the optimised WASM,
/// the minified JS and the precompressed siblings. Debug builds remove
/// stale siblings.
pub fn finish(layout: &Layout) -> Result<(), Failure> {
    let tools = layout.root.join("end2end/node_modules");
    if !tools.join("binaryen").exists() {
        return Err(format!("the npm tools are missing in {}: run `make tools` (npm ci in end2end/)", tools.display()));
    }
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

fn run(cmd: &mut Command, what: &str) -> Result<(), Failure> {
    let status = cmd.status().map_err(|e| format!("could not start {what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}
