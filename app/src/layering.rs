//! The arrows between the crate's parts point one way: pages → api →
//! account, and `account`, `i18n`, `cookies` and `error` reach no adapter.
//! This test reads the sources so that a new `use` that breaks the rule
//! fails the build's tests instead of waiting for a review.

use std::path::Path;

/// The modules a part may not name, by path prefix inside `src/`.
const RULES: &[(&str, &[&str])] = &[
    ("account", &["crate::api", "crate::pages", "crate::components", "crate::state", "leptos"]),
    ("i18n", &["crate::api", "crate::pages", "crate::components", "crate::account", "crate::state"]),
    ("cookies.rs", &["crate::api", "crate::pages", "crate::account", "crate::i18n", "leptos"]),
    ("error", &["crate::api", "crate::pages", "crate::components"]),
];

fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn rules_and_shared_parts_reach_no_adapter() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = vec![];
    for (part, forbidden) in RULES {
        let mut files = vec![];
        sources(&src.join(part), &mut files);
        assert!(!files.is_empty(), "{part} has sources");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for f in *forbidden {
                    if code.contains(&format!("{f}::")) || code.contains(&format!("use {f};")) {
                        broken.push(format!("{}:{}: {f}", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}
