//! A restart keeps the console's promises: a locked sign-in name stays
//! locked, and signed-in sessions stay signed in (both live in the store,
//! not in the process).

mod support;

use support::{Server, gatehouse};

const PW: &str = "tulip-river-42";

#[test]
fn after_a_restart_a_locked_name_stays_locked_and_sessions_stay_signed_in() {
    let data = tempfile::tempdir().unwrap();
    for email in ["locked@example.com", "kept@example.com"] {
        let out = gatehouse(data.path(), &["create-operator", "--email", email], Some(PW));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    let server = Server::start(data.path());
    let signed_in = server.post("/api/sign_in", &[("email", "kept@example.com"), ("password", PW)], None);
    let session = signed_in.cookie("gh_session").expect("a session cookie");
    let mut last = None;
    for _ in 0..6 {
        last = Some(server.post("/api/sign_in", &[("email", "locked@example.com"), ("password", "wrong-pw-1")], None));
    }
    let last = last.unwrap();
    assert_eq!(last.status, 429, "{}", last.body);
    assert!(last.body.contains("AUM0131"), "{}", last.body);
    drop(server);

    let server = Server::start(data.path());
    let refused = server.post("/api/sign_in", &[("email", "locked@example.com"), ("password", PW)], None);
    assert_eq!(refused.status, 429, "still locked after the restart: {}", refused.body);
    assert!(refused.body.contains("AUM0131"), "{}", refused.body);
    let me = server.post("/api/whoami", &[], Some(&session));
    assert!(me.body.contains("kept@example.com"), "the session survived the restart: {}", me.body);
}
