//! The files of `public/` (favicon and the like), copied to the site root
//! as they are.

use crate::Failure;
use crate::layout::Layout;
use std::fs;
use std::path::Path;

/// Copies `public/` into the site root, keeping its folders.
pub fn copy(layout: &Layout) -> Result<(), Failure> {
    copy_dir(&layout.root.join("public"), &layout.site)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), Failure> {
    let entries = fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("reading {}: {e}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("copying {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}
