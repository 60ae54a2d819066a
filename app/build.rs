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

/// The name of a text's static: `login.title` -> `MSG_LOGIN_TITLE`.
fn static_name(key: &str) -> String {
    let mut name = String::from("MSG_");
    for c in key.chars() {
        name.push(if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' });
    }
    name
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
    // Each text is a static of its own and `Msg` points at it, so a build
    // links only the texts it uses: the WASM carries the few its islands
    // show, not both languages of every mail and page.
    let mut out = String::new();
    for key in en.keys() {
        writeln!(
            out,
            "static {}: MsgText = MsgText {{ key: {key:?}, en: {:?}, ja: {:?} }};",
            static_name(key),
            en[key],
            ja[key]
        )
        .unwrap();
    }
    out.push_str("\n#[allow(non_upper_case_globals)]\nimpl Msg {\n");
    for key in en.keys() {
        writeln!(out, "    /// `{key}`\n    pub const {}: Msg = Msg(&{});", variant(key), static_name(key)).unwrap();
    }
    out.push_str("}\n\n/// Every text, sorted by key (for [`Msg::from_key`]).\nstatic ALL: &[Msg] = &[\n");
    for key in en.keys() {
        writeln!(out, "    Msg::{},", variant(key)).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}
