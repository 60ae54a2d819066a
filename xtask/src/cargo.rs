//! The two `cargo build`s: the frontend to WASM, the server natively.

use crate::Failure;
use crate::layout::Layout;
use std::path::PathBuf;
use std::process::Command;

/// The WASM profile of a release build: size-optimised, fat LTO, abort on
/// panic (`[profile.wasm-release]` in the workspace).
const WASM_RELEASE_PROFILE: &str = "wasm-release";

/// Builds the `frontend` crate for the browser; returns its `.wasm`.
pub fn build_frontend(layout: &Layout) -> Result<PathBuf, Failure> {
    let (profile, folder) =
        if layout.release { (WASM_RELEASE_PROFILE, WASM_RELEASE_PROFILE) } else { ("dev", "debug") };
    run(
        Command::new(cargo()).current_dir(&layout.root).args([
            "build",
            "-p",
            "frontend",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ]),
        "the frontend (WASM)",
    )?;
    Ok(layout.target.join("wasm32-unknown-unknown").join(folder).join("frontend.wasm"))
}

/// Builds the server binary (`target/{debug,release}/gatehouse`).
pub fn build_server(release: bool) -> Result<(), Failure> {
    let layout = Layout::of_workspace(release)?;
    let mut cmd = Command::new(cargo());
    cmd.current_dir(&layout.root).args(["build", "-p", "gatehouse", "--bin", "gatehouse"]);
    if release {
        cmd.arg("--release");
    }
    run(&mut cmd, "the server")
}

/// The cargo that runs xtask, so both builds use one toolchain.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run(cmd: &mut Command, what: &str) -> Result<(), Failure> {
    let status = cmd.status().map_err(|e| format!("could not start cargo for {what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("building {what} failed ({status})")) }
}
