//! The database away for a moment: every request that needs it answers a
//! clear 503 with a code (never a 500, never a hang), and the server
//! recovers by itself when the database is back — sessions and tokens
//! made before still work.
#![cfg_attr(gatehouse_skip_pg, allow(dead_code, unused_imports))]

mod support;

use support::pg::PgDatabase;
use support::relay::Relay;
use support::{Answer, Server, gatehouse_with};

const ROOT: &str = "root@example.com";
const PW: &str = "tulip-river-42";

fn assert_unavailable(what: &str, answer: &Answer) {
    assert_eq!(answer.status, 503, "{what}: {} {}", answer.status, answer.body);
    assert_eq!(answer.json()["code"], "AUM0133", "{what}: {}", answer.body);
    assert!(answer.json()["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {}", answer.body);
    assert_eq!(answer.header("retry-after"), Some("1"), "{what}");
}

#[test]
#[cfg_attr(gatehouse_skip_pg, ignore = "PostgreSQL skipped (GATEHOUSE_SKIP_PG=1)")]
fn while_the_database_is_away_requests_answer_503_with_a_code_and_the_server_recovers_by_itself() {
    let db = PgDatabase::create();
    let relay = Relay::to(db.server_addr());
    let url = db.url_through(relay.port);
    let env = [("DATABASE_URL", url.as_str())];
    let data = tempfile::tempdir().unwrap();
    let made = gatehouse_with(data.path(), &["create-operator", "--email", ROOT], Some(PW), &env);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let server = Server::start_with(data.path(), &env);

    let session = server.post("/api/sign_in", &[("email", ROOT), ("password", PW)], None).cookie("gh_session");
    let session = session.expect("signed in");
    let auth = server.call("POST", "/auth", Some(&format!(r#"{{"email":"{ROOT}","password":"{PW}"}}"#)), None);
    let (key, token, operator) = {
        let j = auth.json();
        let field = |k: &str| j[k].as_str().unwrap_or_else(|| panic!("{}", auth.body)).to_string();
        (field("apiKey"), field("token"), field("operatorId"))
    };
    let whoami = || server.post("/api/whoami", &[], Some(&session));
    let get_operator = || server.call("GET", &format!("/operators/{operator}"), None, Some((&key, &token)));
    assert_eq!(server.request("GET", "/healthz", &[], b"").status, 200);

    relay.cut();
    assert_unavailable("the health check", &server.request("GET", "/healthz", &[], b""));
    assert_unavailable("a signed-in call", &whoami());
    assert_unavailable("a sign-in", &server.post("/api/sign_in", &[("email", ROOT), ("password", PW)], None));
    assert_unavailable("an API call", &get_operator());
    let page = server.request("GET", "/", &[("Cookie", &session)], b"");
    assert_ne!(page.status, 500, "a signed-in page: {}", page.body);
    assert!(page.status < 500 || page.body.contains("AUM0133"), "a page says why: {} {}", page.status, page.body);

    relay.restore();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while server.request("GET", "/healthz", &[], b"").status != 200 {
        assert!(std::time::Instant::now() < until, "the server did not recover by itself");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(whoami().body.contains(ROOT), "the session made before still works");
    assert_eq!(get_operator().status, 200, "the API token made before still works");
    let again = server.post("/api/sign_in", &[("email", ROOT), ("password", PW)], None);
    assert!(again.cookie("gh_session").is_some(), "signing in works again: {}", again.body);
}
