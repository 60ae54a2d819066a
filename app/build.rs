//! Generates the `Msg` enum and its English and Japanese texts from
//! `locales/en.txt` and `locales/ja.txt`, so a missing translation is a
//! compile error instead of a blank label at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn parse(path: &str) -> BTreeMap<String, String> {
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(" = ").unwrap_or_else(|| panic!("{path}:{}: expected `key = text`", n + 1));
        let key = key.trim().to_string();
        if map.insert(key.clone(), value.replace("\\n", "\n")).is_some() {
            panic!("{path}:{}: duplicate key {key}", n + 1);
        }
    }
    map
}

fn variant(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            format!("{first}{}", c.as_str())
        })
        .collect()
}

fn main() {
    // With GATEHOUSE_SKIP_PG=1 the PostgreSQL halves of the store tests are
    // compiled as ignored, so `cargo test` reports them as skipped (never as passed).
    println!("cargo::rustc-check-cfg=cfg(gatehouse_skip_pg)");
    println!("cargo::rerun-if-env-changed=GATEHOUSE_SKIP_PG");
    if env::var("GATEHOUSE_SKIP_PG").is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg=gatehouse_skip_pg");
    }
    let en = parse("locales/en.txt");
    let ja = parse("locales/ja.txt");
    for key in en.keys() {
        assert!(ja.contains_key(key), "locales/ja.txt lacks {key}");
    }
    for key in ja.keys() {
        assert!(en.contains_key(key), "locales/en.txt lacks {key}");
    }
    let mut out = String::new();
    out.push_str("/// Every translatable text of the console, named after its key in `locales/*.txt`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Msg {\n");
    for key in en.keys() {
        writeln!(out, "    /// `{key}`\n    {},", variant(key)).unwrap();
    }
    out.push_str("}\n\nimpl Msg {\n");
    out.push_str(
        "    /// The translation key of this text.\n    pub fn key(self) -> &'static str {\n        match self {\n",
    );
    for key in en.keys() {
        writeln!(out, "            Msg::{} => {key:?},", variant(key)).unwrap();
    }
    out.push_str("        }\n    }\n\n    /// Looks a text up by its key (e.g. an error code's message).\n");
    out.push_str("    pub fn from_key(key: &str) -> Option<Msg> {\n        match key {\n");
    for key in en.keys() {
        writeln!(out, "            {key:?} => Some(Msg::{}),", variant(key)).unwrap();
    }
    out.push_str("            _ => None,\n        }\n    }\n");
    for (name, map) in [("en", &en), ("ja", &ja)] {
        writeln!(
            out,
            "\n    /// The text in `{name}`.\n    pub fn {name}(self) -> &'static str {{\n        match self {{"
        )
        .unwrap();
        for (key, value) in map.iter() {
            writeln!(out, "            Msg::{} => {value:?},", variant(key)).unwrap();
        }
        out.push_str("        }\n    }\n");
    }
    out.push_str("}\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}
