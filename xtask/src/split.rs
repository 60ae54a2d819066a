//! Per-page WASM: the frontend's islands are lazy (`#[island(lazy)]`), so
//! each island's code can live in a file of its own. This step cuts the
//! linked `frontend.wasm` at those split points (the linker kept its
//! relocations, `--emit-relocs`) into the main module -- the runtime every
//! page needs -- and one `split_*.wasm` per island plus `chunk_*.wasm` for
//! code several islands share. A page then loads the main module and only
//! the files of the islands it shows.
//!
//! The main module still goes through wasm-bindgen (see `bindgen`); the
//! split files are plain WASM that import what they use from it, loaded by
//! the small JS module this step writes (`__wasm_split.….js`).

use crate::Failure;
use crate::layout::Layout;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The loader module's name as the split WASM imports it and as Leptos
/// names it when files are not renamed by content hash.
const LINK_NAME: &str = "./__wasm_split.______________________.js";

/// Which split files each lazy function needs, for preloading
/// (`{ "sign_in_form_loader_…": ["chunk_0", "split_sign_in_form_loader_…"] }`).
const MANIFEST: &str = "__wasm_split_manifest.json";

/// Splits `wasm` into the main module (beside it; returned, still to be
/// bound by wasm-bindgen) and the parts in `pkg/` (final but for binaryen's
/// optimizer), removing the parts of an earlier build first.
pub fn split(layout: &Layout, wasm: &Path) -> Result<PathBuf, Failure> {
    remove_earlier_parts(&layout.pkg)?;
    let input = fs::read(wasm).map_err(|e| format!("reading {}: {e}", wasm.display()))?;
    let main = wasm.with_file_name("frontend_main.wasm");
    // The loader imports `initSync` from the glue beside it: a relative
    // path, so it is the very module the page loaded (under the version
    // folder the server puts in asset URLs), not a second copy.
    let main_module = format!("./{}.js", crate::layout::OUTPUT_NAME);
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &layout.pkg;
    options.main_out_path = &main;
    options.link_name = LINK_NAME;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("splitting the WASM: {e:#}"))?;
    let manifest: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| format!("writing {MANIFEST}: {e}"))?;
    crate::bindgen::write(&layout.pkg.join(MANIFEST), json.as_bytes())?;
    Ok(main)
}

/// The files of an earlier split, so a build never serves a stale part.
fn remove_earlier_parts(pkg: &Path) -> Result<(), Failure> {
    let Ok(entries) = fs::read_dir(pkg) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_part(&name) {
            fs::remove_file(entry.path()).map_err(|e| format!("removing {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Whether a file in `pkg/` was written by a split (or is a compressed
/// copy of one).
fn is_part(name: &str) -> bool {
    let base = name.trim_end_matches(".br").trim_end_matches(".gz");
    (base.starts_with("split_") || base.starts_with("chunk_")) && base.ends_with(".wasm")
        || base.starts_with("__wasm_split")
}

#[cfg(test)]
mod tests {
    use super::is_part;

    #[test]
    fn the_files_of_a_split_are_recognised_and_the_site_files_are_not() {
        for part in ["split_sign_in_form_loader_1.wasm", "chunk_3.wasm.br", LINK, "__wasm_split_manifest.json"] {
            assert!(is_part(part), "{part}");
        }
        for site in ["gatehouse.wasm", "gatehouse.js", "gatehouse.css.gz", "splitter.js"] {
            assert!(!is_part(site), "{site}");
        }
    }

    const LINK: &str = "__wasm_split.______________________.js";
}
