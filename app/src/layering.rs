//! The arrows between the crate's parts point one way: pages → server_fns →
//! account, and `account`, `i18n`, `cookies` and `error` reach no adapter
//! (`account` names no web crate at all). The `/v1` adapter
//! (`server/src/rest`) names only `account`, `error` and `i18n` of this
//! crate, never the console's adapter. This test reads the sources so that
//! a new `use` that breaks a rule fails the build's tests instead of
//! waiting for a review.

use std::path::Path;

/// The modules a part may not name, by path prefix inside `src/`.
const RULES: &[(&str, &[&str])] = &[
    (
        "account",
        &[
            "crate::server_fns",
            "crate::pages",
            "crate::components",
            "crate::state",
            "crate::request_head",
            "leptos",
            "leptos_axum",
            "axum",
            "http",
            "utoipa",
            "tower",
        ],
    ),
    ("i18n", &["crate::server_fns", "crate::pages", "crate::components", "crate::account", "crate::state"]),
    ("cookies.rs", &["crate::server_fns", "crate::pages", "crate::account", "crate::i18n", "leptos"]),
    ("error", &["crate::server_fns", "crate::pages", "crate::components"]),
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
            for (n, code) in uses(&text) {
                for f in *forbidden {
                    if names(&code, f) {
                        broken.push(format!("{}:{}: {f}", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

/// Each line of code (comments cut), with grouped `use crate::{…}` items
/// spread out (`crate::server_fns`, …) so that they are matched like paths.
fn uses(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| {
            let code = line.split("//").next().unwrap_or("").to_string();
            match code.split_once("crate::{") {
                Some((_, group)) => {
                    let spread: Vec<String> = group
                        .split([',', '}', ' '])
                        .filter(|s| !s.is_empty())
                        .map(|item| format!("crate::{item}::"))
                        .collect();
                    (n, format!("{code} {}", spread.join(" ")))
                }
                None => (n, code),
            }
        })
        .collect()
}

/// Whether `code` names the module or crate `path`.
fn names(code: &str, path: &str) -> bool {
    let found = |pat: &str| {
        code.match_indices(pat).any(|(i, _)| {
            // `leptos::` must not match inside `leptos_axum::`, nor `http::` inside `tower_http::`.
            !code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    found(&format!("{path}::")) || found(&format!("use {path};"))
}

#[test]
fn the_v1_adapter_names_only_account_error_and_i18n_of_the_console_crate() {
    let rest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/rest");
    let mut files = vec![];
    sources(&rest, &mut files);
    assert!(!files.is_empty(), "server/src/rest has sources");
    let mut broken = vec![];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, code) in uses(&text) {
            for (i, _) in code.match_indices("app::") {
                if code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &code[i + "app::".len()..];
                if !["account", "error", "i18n"].iter().any(|m| rest.starts_with(m)) {
                    broken.push(format!("{}:{}: {}", file.display(), n + 1, code.trim()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "the /v1 adapter reaches into the console's crate:\n{}", broken.join("\n"));
}

#[test]
fn a_grouped_import_of_an_adapter_is_caught() {
    let (_, line) = uses("use crate::{server_fns, error::AppError};").remove(0);
    assert!(names(&line, "crate::server_fns"));
    assert!(!names("use leptos_axum::redirect;", "leptos"));
    assert!(names("use leptos::prelude::*;", "leptos"));
    assert!(!names("let x = tower_http::cors;", "http"));
}

/// The public operations of `impl Account` blocks in `text`.
fn account_operations(text: &str) -> Vec<String> {
    let mut inside = false;
    let mut ops = vec![];
    for line in text.lines() {
        if line.starts_with("impl Account {") {
            inside = true;
        } else if line.starts_with('}') {
            inside = false;
        } else if inside && let Some(rest) = line.strip_prefix("    pub async fn ").or(line.strip_prefix("    pub fn "))
        {
            ops.push(rest.split(['(', '<']).next().unwrap_or_default().to_string());
        }
    }
    ops
}

/// Every `.rs` file under `dir`, at any depth.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_account_index_names_every_file_and_operation_and_no_file_has_more_than_twelve() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/account");
    let index: String = std::fs::read_to_string(dir.join("mod.rs"))
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut missing = vec![];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "mod.rs" || name == "parser_props.rs" {
            continue;
        }
        let shown = if path.is_dir() { format!("`{name}/`") } else { format!("`{name}`") };
        if !index.contains(&shown) {
            missing.push(shown);
        }
        // A folder's files (its mod.rs too) count and are named like the others.
        let files: Vec<_> = if path.is_dir() { rust_files(&path) } else { vec![path.clone()] };
        for file in files {
            let ops = account_operations(&std::fs::read_to_string(&file).unwrap());
            let shown = file.strip_prefix(&dir).unwrap().display().to_string();
            assert!(ops.len() <= 12, "{shown} has {} public operations: split it", ops.len());
            missing.extend(
                ops.into_iter().filter(|op| !index.contains(&format!("`{op}`"))).map(|op| format!("{shown}: {op}")),
            );
        }
    }
    assert!(missing.is_empty(), "the index of account/mod.rs does not name: {missing:?}");
}

/// The `/v1` modules each file of `server/src/rest` imports (`use super::x`
/// or `use super::{x, …}`), by module name.
fn rest_imports() -> std::collections::BTreeMap<String, Vec<String>> {
    let rest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/rest");
    let mut graph = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&rest).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().map(|s| s.to_string_lossy().to_string()) else { continue };
        if path.is_dir() || name == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The tests of a file read it whole (`use super::*`): not an import.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut used = vec![];
        for line in code.lines().map(str::trim).filter(|l| l.starts_with("use super::")) {
            let tail = &line["use super::".len()..];
            let items = match tail.strip_prefix('{') {
                Some(group) => {
                    group.split([',', '}', ';']).map(|s| s.trim().split("::").next().unwrap_or("")).collect()
                }
                None => vec![tail.split([':', ';']).next().unwrap_or("")],
            };
            used.extend(items.into_iter().filter(|m| !m.is_empty() && *m != "*").map(str::to_string));
        }
        graph.insert(name, used);
    }
    graph
}

#[test]
fn the_v1_modules_import_each_other_without_a_circle() {
    let graph = rest_imports();
    assert!(graph.contains_key("model") && graph.contains_key("users"), "{graph:?}");
    // Depth-first: a module met again while still on the path closes a circle.
    fn visit(
        m: &str,
        graph: &std::collections::BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            return Some(path[at..].iter().cloned().chain([m.to_string()]).collect());
        }
        if !done.insert(m.to_string()) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    for m in graph.keys() {
        let circle = visit(m, &graph, &mut vec![], &mut Default::default());
        assert!(circle.is_none(), "an import circle in server/src/rest: {}", circle.unwrap().join(" → "));
    }
}

#[test]
fn sign_in_and_security_paths_are_named_only_in_paths_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&src, &mut files);
    let mut literal = vec![];
    for file in &files {
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        // paths.rs names them; the route table's `path!` must be literals
        // (checked against paths.rs below); this test names them to look.
        if ["paths.rs", "lib.rs", "layering.rs"].contains(&name.as_str()) {
            continue;
        }
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if code.contains("\"/login") || code.contains("\"/security/") {
                literal.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(literal.is_empty(), "name these paths through crate::paths:\n{}", literal.join("\n"));
    let paths = std::fs::read_to_string(src.join("paths.rs")).unwrap();
    let routes = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut unnamed = vec![];
    for route in routes.split("path!(\"").skip(1).filter_map(|r| r.split('"').next()) {
        if (route.starts_with("/login") || route.starts_with("/security/"))
            && !paths.contains(&format!("&str = \"{route}\";"))
        {
            unnamed.push(route.to_string());
        }
    }
    assert!(unnamed.is_empty(), "routes paths.rs does not name: {unnamed:?}");
}
