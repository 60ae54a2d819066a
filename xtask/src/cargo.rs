//! The two `cargo build`s: the frontend to WASM, the server natively.

use crate::Failure;
use crate::layout::Layout;
use std::path::PathBuf;
use std::process::{Child, Command};

/// The WASM profile of a release build: size-optimised, fat LTO, abort on
/// panic (`[profile.wasm-release]` in the workspace).
const WASM_RELEASE_PROFILE: &str = "wasm-release";

/// Builds the `frontend` crate for the browser; returns its `.wasm`.
pub fn build_frontend(layout: &Layout) -> Result<PathBuf, Failure> {
    let (profile, folder) =
        if layout.release { (WASM_RELEASE_PROFILE, WASM_RELEASE_PROFILE) } else { ("dev", "debug") };
    let status = Command::new(cargo())
        .current_dir(&layout.root)
        .args(["build", "-p", "frontend", "--lib", "--target", "wasm32-unknown-unknown", "--profile", profile])
        .arg("--target-dir")
        .arg(&layout.front_target)
        .status()
        .map_err(|e| format!("could not start cargo for the frontend: {e}"))?;
    if !status.success() {
        return Err(format!("building the frontend (WASM) failed ({status})"));
    }
    Ok(layout.front_target.join("wasm32-unknown-unknown").join(folder).join("frontend.wasm"))
}

/// Starts building the server binary (`target/{debug,release}/gatehouse`).
pub fn spawn_server(release: bool) -> Result<Child, Failure> {
    let layout = Layout::of_workspace(release)?;
    let mut cmd = Command::new(cargo());
    cmd.current_dir(&layout.root).args(["build", "-p", "gatehouse", "--bin", "gatehouse"]);
    if release {
        cmd.arg("--release");
    }
    cmd.spawn().map_err(|e| format!("could not start cargo for the server: {e}"))
}

/// Waits for a cargo run started by [`spawn_server`].
pub fn wait(child: &mut Child, what: &str) -> Result<(), Failure> {
    let status = child.wait().map_err(|e| format!("waiting for cargo ({what}): {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("building {what} failed ({status})")) }
}

/// The cargo that runs xtask, so both builds use one toolchain.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}
