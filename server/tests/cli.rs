//! The `gatehouse` binary's command line: `--help`, `create-operator` and
//! `backup`.

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
    for word in ["serve", "migrate", "create-operator", "backup"] {
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

#[test]
fn a_backup_taken_while_the_server_runs_restores_and_signs_in() {
    let live = tempfile::tempdir().unwrap();
    let out = gatehouse(live.path(), &["create-operator", "--email", "admin@example.com"], Some("tulip-river-42"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let server = Server::start(live.path());

    let copy = live.path().join("backup.db");
    let out = gatehouse(live.path(), &["backup", "--to", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("server key"), "the reminder to keep the key");
    let again = gatehouse(live.path(), &["backup", "--to", copy.to_str().unwrap()], None);
    assert!(!again.status.success(), "a second backup to the same file is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    drop(server);

    // Restore into an empty data folder: the copy becomes its store.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored.path().join("gatehouse.db")).unwrap();
    assert_signs_in(restored.path(), "admin@example.com", "tulip-river-42");
}

/// `gatehouse serve` on a free loopback port over a data folder, stopped
/// when dropped.
struct Server(std::process::Child);

impl Server {
    fn start(data_dir: &std::path::Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("GATEHOUSE_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env_remove("DATABASE_URL")
            .env_remove("SMTP_URL")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the server starts");
        let server = Server(child);
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < until, "the server did not listen");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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
