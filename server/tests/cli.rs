//! The `gatehouse` binary's command line: `--help` and `create-operator`.

use std::process::{Command, Output};

fn gatehouse(data_dir: &std::path::Path, args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
    cmd.args(args)
        .env("GATEHOUSE_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("SMTP_URL")
        .env("ARGON2_MEMORY_KIB", "64")
        .env("ARGON2_ITERATIONS", "1")
        .env("RUST_LOG", "warn");
    match password {
        Some(p) => cmd.env("GATEHOUSE_PASSWORD", p),
        None => cmd.env_remove("GATEHOUSE_PASSWORD"),
    };
    cmd.output().expect("the gatehouse binary runs")
}

#[test]
fn help_lists_the_sub_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = gatehouse(dir.path(), &["--help"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "migrate", "create-operator"] {
        assert!(text.contains(word), "--help names {word}:\n{text}");
    }
}

#[test]
fn create_operator_makes_a_verified_operator_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = gatehouse(dir.path(), &["create-operator", "--email", "Admin@Example.com"], Some("tulip-river-42"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("created operator OP"), "{text}");
    assert!(dir.path().join("gatehouse.db").exists(), "the SQLite file is created on first start");

    assert_signs_in(dir.path(), "admin@example.com", "tulip-river-42");

    let again = gatehouse(dir.path(), &["create-operator", "--email", "admin@example.com"], Some("tulip-river-42"));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("(AUM0021)"));
}

#[test]
fn create_operator_applies_the_password_policy() {
    let dir = tempfile::tempdir().unwrap();
    let out = gatehouse(dir.path(), &["create-operator", "--email", "admin@example.com"], Some("password"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("(AUM0010)"));
}

/// Opens the data folder's store and signs in: the operator is verified
/// (an unverified one would be refused with AUM0003).
fn assert_signs_in(data_dir: &std::path::Path, email: &str, password: &str) {
    use app::account::{Account, AccountConfig, Argon2Cost, Secret, SystemClock, mail::Mailer, secret_box::ServerKey};
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", data_dir.join("gatehouse.db").display());
        let db = app::account::db::connect_and_migrate(&url).await.unwrap();
        let config = AccountConfig {
            argon2: Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 },
            ..AccountConfig::default()
        };
        let key = ServerKey::from_bytes([0; 32]);
        let account =
            Account::new(db, config, std::sync::Arc::new(SystemClock), Mailer::outbox(data_dir.join("outbox")), &key)
                .unwrap();
        let step = account.sign_in_root(email, &Secret::new(password), &Default::default()).await;
        assert!(step.expect("signs in").signed_in().is_some());
    });
}
