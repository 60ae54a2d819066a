//! wasm-bindgen, as a library: turns the main module of the split WASM into
//! `pkg/gatehouse.js` (the ES-module glue) and `pkg/gatehouse.wasm`.
//!
//! The CLI would write `gatehouse_bg.wasm`; Leptos, compiled with
//! `LEPTOS_OUTPUT_NAME`, asks for `gatehouse.wasm` and passes that path to
//! the glue's `init`, so the file is written under that name directly.

use crate::Failure;
use crate::layout::Layout;
use std::fs;
use std::path::Path;
use wasm_bindgen_cli_support::Bindgen;

/// Writes the glue JS, the bound WASM and any JS snippets into `pkg/`.
pub fn bind(layout: &Layout, wasm: &Path) -> Result<(), Failure> {
    let mut bindgen = Bindgen::new();
    bindgen
        .input_path(wasm)
        .out_name(crate::layout::OUTPUT_NAME)
        // The split-off islands call into the main module through the
        // linker's exports; wasm-bindgen would otherwise remove them.
        .keep_lld_exports(true)
        .typescript(false)
        // Debug builds keep function names for readable browser traces,
        // but not DWARF: it would make the file tens of megabytes.
        .keep_debug(false)
        .remove_name_section(layout.release)
        .remove_producers_section(layout.release);
    bindgen.web(true).map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    let mut output = bindgen.generate_output().map_err(|e| format!("wasm-bindgen on {}: {e:#}", wasm.display()))?;
    if !output.npm_dependencies().is_empty() {
        return Err("the frontend imports npm packages, which the site cannot serve".into());
    }
    write(&layout.output("js"), output.js().as_bytes())?;
    for (identifier, list) in output.snippets() {
        for (i, js) in list.iter().enumerate() {
            write(&layout.pkg.join("snippets").join(identifier).join(format!("inline{i}.js")), js.as_bytes())?;
        }
    }
    for (path, contents) in output.local_modules() {
        write(&layout.pkg.join("snippets").join(path), contents.as_bytes())?;
    }
    let bytes = output.wasm_mut().emit_wasm();
    write(&layout.output("wasm"), &bytes)
}

/// Writes `bytes` to `path`, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}
