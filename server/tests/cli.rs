//! The `gatehouse` binary's command line: `--help`, `create-operator` and
//! `backup`.

mod support;

use support::{Server, assert_signs_in, gatehouse, gatehouse_with};

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
fn a_sender_address_that_is_not_a_mailbox_stops_the_server_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    // `migrate` reads the same settings as `serve` and ends by itself.
    let out = gatehouse_with(dir.path(), &["migrate"], None, &[("MAIL_FROM", "Gatehouse <no-reply>")]);
    assert!(!out.status.success(), "the settings are refused before anything runs");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("MAIL_FROM") && text.contains("Gatehouse <no-reply>"), "{text}");
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

#[cfg(unix)]
#[test]
fn the_data_folder_the_database_and_backups_are_readable_by_the_server_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let top = tempfile::tempdir().unwrap();
    let data = top.path().join("data");
    let out = gatehouse(&data, &["create-operator", "--email", "admin@example.com"], Some("tulip-river-42"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("gatehouse.db")), 0o600, "the database");
    let copy = top.path().join("copy.db");
    let out = gatehouse(&data, &["backup", "--to", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&copy), 0o600, "the backup");
    assert_signs_in_copy(&copy);
}

/// The backup is a working store.
fn assert_signs_in_copy(copy: &std::path::Path) {
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(copy, restored.path().join("gatehouse.db")).unwrap();
    assert_signs_in(restored.path(), "admin@example.com", "tulip-river-42");
}
