//! The mail server away: "forgot password" answers as it always does (no
//! hint of the outage, no 500), the mail waits in the store through a
//! restart, and arrives once the mail server is back — with a link that
//! works.

mod support;

use support::smtp::{SmtpCatcher, free_port};
use support::{Server, gatehouse};

const ROOT: &str = "root@example.com";
const PW: &str = "tulip-river-42";

/// The reset link's token in a raw message, if it has one.
fn reset_token(raw: &str) -> Option<String> {
    let msg = mail_parser::MessageParser::default().parse(raw.as_bytes())?;
    let body = msg.body_text(0)?.to_string();
    let at = body.find("/password/reset/")? + "/password/reset/".len();
    Some(body[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect())
}

#[test]
fn a_reset_asked_while_smtp_is_down_is_mailed_when_it_is_back_even_across_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let made = gatehouse(data.path(), &["create-operator", "--email", ROOT], Some(PW));
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let port = free_port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let env = [("SMTP_URL", smtp_url.as_str()), ("MIN_MAIL_RESPONSE_MS", "1")];

    let server = Server::start_with(data.path(), &env);
    let known = server.post("/api/forgot_password", &[("email", ROOT)], None);
    let unknown = server.post("/api/forgot_password", &[("email", "nobody@example.com")], None);
    assert!(known.status < 400, "{} {}", known.status, known.body);
    assert_eq!(known.status, unknown.status, "the outage tells nothing: {} / {}", known.body, unknown.body);
    let redirect = |a: &support::Answer| a.header("location").or(a.header("serverfnredirect")).map(str::to_string);
    assert_eq!(redirect(&known).is_some(), redirect(&unknown).is_some());
    drop(server);

    let server = Server::start_with(data.path(), &env);
    let catcher = SmtpCatcher::start_on(port);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let token = loop {
        if let Some(token) = catcher.messages().iter().find_map(|m| reset_token(m)) {
            break token;
        }
        assert!(std::time::Instant::now() < until, "the queued mail never arrived");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let body = serde_json::json!({"token": token, "password": "meadow-copper-58"}).to_string();
    let reset = server.call("POST", "/auth/password_reset_token/verify", Some(&body), None);
    assert_eq!(reset.status, 200, "the link mailed after the outage works: {}", reset.body);
}
