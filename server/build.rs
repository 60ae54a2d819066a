//! With GATEHOUSE_SKIP_PG=1 the PostgreSQL halves of the API's store tests
//! are compiled as ignored, so `cargo test` reports them as skipped.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(gatehouse_skip_pg)");
    println!("cargo::rerun-if-env-changed=GATEHOUSE_SKIP_PG");
    if std::env::var("GATEHOUSE_SKIP_PG").is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg=gatehouse_skip_pg");
    }
}
