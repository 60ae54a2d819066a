//! Several instances on one PostgreSQL database behave as one: two real
//! server processes share the store and the server key, as they would
//! behind a load balancer, and every promise (the lock, sessions, one-time
//! links and codes, API tokens) holds across them.
#![cfg_attr(gatehouse_skip_pg, allow(dead_code, unused_imports))]

mod support;

use std::path::{Path, PathBuf};
use support::pg::PgDatabase;
use support::{Answer, Server, gatehouse_with};

const ROOT: &str = "root@example.com";
const PW: &str = "tulip-river-42";
const NEW_PW: &str = "meadow-copper-58";
/// One key for both: TOTP secrets sealed by one instance open on the other.
const SERVER_KEY: &str = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

/// Two instances, A and B, on one fresh PostgreSQL database, each with its
/// own data folder (as on two hosts), behind a trusted proxy on loopback.
struct Pair {
    a: Server,
    b: Server,
    dirs: [tempfile::TempDir; 2],
    _db: PgDatabase,
}

fn env(db: &PgDatabase) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", db.url()),
        ("GATEHOUSE_SERVER_KEY", SERVER_KEY.into()),
        ("TRUSTED_PROXIES", "127.0.0.1".into()),
        ("MIN_MAIL_RESPONSE_MS", "1".into()),
    ]
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

impl Pair {
    /// Both instances, with the root user `ROOT` made through the CLI.
    fn start() -> Pair {
        let db = PgDatabase::create();
        let env = env(&db);
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let out = gatehouse_with(dirs[0].path(), &["create-operator", "--email", ROOT], Some(PW), &as_refs(&env));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let a = Server::start_with(dirs[0].path(), &as_refs(&env));
        let b = Server::start_with(dirs[1].path(), &as_refs(&env));
        Pair { a, b, dirs, _db: db }
    }

    /// Instance `i` (0 is A, 1 is B).
    fn at(&self, i: usize) -> &Server {
        if i.is_multiple_of(2) { &self.a } else { &self.b }
    }

    /// The outbox of instance `i`.
    fn outbox(&self, i: usize) -> PathBuf {
        self.dirs[i % 2].path().join("outbox")
    }
}

/// A client address of its own for request `n`, as the proxy reports it.
fn client(n: usize) -> String {
    format!("198.51.100.{}", n % 250 + 1)
}

fn sign_in(server: &Server, password: &str, n: usize) -> Answer {
    let from = client(n);
    server.post_from("/api/sign_in", &[("email", ROOT), ("password", password)], None, &[("X-Forwarded-For", &from)])
}

fn session_of(answer: &Answer) -> String {
    answer.cookie("gh_session").unwrap_or_else(|| panic!("a session cookie: {} {}", answer.status, answer.body))
}

fn is_signed_in(server: &Server, session: &str) -> bool {
    server.post("/api/whoami", &[], Some(session)).body.contains(ROOT)
}

/// `/v1/auth` with `body`; the answer.
fn api_auth(server: &Server, body: serde_json::Value) -> Answer {
    server.call("POST", "/auth", Some(&body.to_string()), None)
}

/// The `(api key, token)` of a successful `/v1/auth`.
fn api_token(answer: &Answer) -> (String, String) {
    let j = answer.json();
    match (j["apiKey"].as_str(), j["token"].as_str()) {
        (Some(k), Some(t)) => (k.to_string(), t.to_string()),
        _ => panic!("not signed in: {} {}", answer.status, answer.body),
    }
}

/// The token of the newest link to `/password/reset/` in `outbox`, waiting
/// a little for a mail sent after the answer.
fn mailed_reset_token(outbox: &Path) -> String {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let mut files: Vec<_> = std::fs::read_dir(outbox)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files.iter().rev() {
            let raw = std::fs::read(file).unwrap();
            let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let body = msg.body_text(0).unwrap_or_default().to_string();
            if let Some(at) = body.find("/password/reset/") {
                return body[at + 16..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            }
        }
        assert!(std::time::Instant::now() < until, "no reset mail in {}", outbox.display());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Runs `f(i)` for `i in 0..n` on threads at once; the results in order.
fn in_parallel<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let start = std::sync::Barrier::new(n);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (f, start) = (&f, &start);
                s.spawn(move || {
                    start.wait();
                    f(i)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

macro_rules! pg_test {
    ($name:ident, $body:block) => {
        #[test]
        #[cfg_attr(gatehouse_skip_pg, ignore = "PostgreSQL skipped (GATEHOUSE_SKIP_PG=1)")]
        fn $name() $body
    };
}

pg_test!(two_instances_started_together_on_an_empty_database_both_serve, {
    let db = PgDatabase::create();
    let env = env(&db);
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let refs = as_refs(&env);
    let (refs, dirs) = (&refs, &dirs);
    let servers = std::thread::scope(|s| {
        [0, 1].map(|i| s.spawn(move || Server::start_with(dirs[i].path(), refs))).map(|h| h.join())
    });
    for server in servers {
        let server = server.expect("both instances start while both apply the migrations");
        assert_eq!(server.request("GET", "/login", &[], b"").status, 200);
    }
});

pg_test!(fifty_parallel_wrong_passwords_across_both_instances_never_pass_the_lock_limit, {
    let pair = Pair::start();
    let answers = in_parallel(50, |i| sign_in(pair.at(i), &format!("wrong-guess-{i}"), i));
    let checked = answers.iter().filter(|a| a.body.contains("AUM0002")).count();
    let locked = answers.iter().filter(|a| a.body.contains("AUM0131")).count();
    assert_eq!(
        checked + locked,
        50,
        "every answer is a refusal: {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(checked <= 5, "{checked} guesses were checked; the lock allows 5");
    for (i, server) in [&pair.a, &pair.b].into_iter().enumerate() {
        let right = sign_in(server, PW, 100 + i);
        assert_eq!(right.status, 429, "{}", right.body);
        assert!(right.body.contains("AUM0131"), "{}", right.body);
    }
});

pg_test!(a_session_made_on_one_instance_works_on_the_other_and_signing_out_ends_it_there, {
    let pair = Pair::start();
    let session = session_of(&sign_in(&pair.a, PW, 1));
    assert!(is_signed_in(&pair.b, &session));
    pair.a.post("/api/sign_out", &[], Some(&session));
    assert!(!is_signed_in(&pair.b, &session), "signed out on A, still signed in on B");
    assert!(!is_signed_in(&pair.a, &session));
});

pg_test!(a_password_change_on_one_instance_ends_the_other_sessions_on_the_other, {
    let pair = Pair::start();
    let on_a = session_of(&sign_in(&pair.a, PW, 1));
    let on_b = session_of(&sign_in(&pair.b, PW, 2));
    let changed =
        pair.b.post("/api/change_password", &[("current", PW), ("password", NEW_PW), ("confirm", NEW_PW)], Some(&on_b));
    assert!(changed.status < 400, "{} {}", changed.status, changed.body);
    assert!(!is_signed_in(&pair.a, &on_a), "the session on A outlived the password change on B");
    assert!(sign_in(&pair.a, NEW_PW, 3).cookie("gh_session").is_some());
});

pg_test!(a_reset_link_used_on_one_instance_is_refused_on_the_other, {
    let pair = Pair::start();
    let issued =
        pair.a.call("POST", "/auth/password_reset_token/issue", Some(&format!(r#"{{"email":"{ROOT}"}}"#)), None);
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = mailed_reset_token(&pair.outbox(0));
    let reset = |server: &Server, pw: &str| {
        let body = serde_json::json!({"token": token, "password": pw}).to_string();
        server.call("POST", "/auth/password_reset_token/verify", Some(&body), None)
    };
    assert_eq!(reset(&pair.a, NEW_PW).status, 200);
    let again = reset(&pair.b, "another-one-91");
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(sign_in(&pair.b, NEW_PW, 1).cookie("gh_session").is_some(), "the first reset stands");
});

pg_test!(twenty_parallel_uses_of_one_reset_token_across_both_instances_change_the_password_once, {
    let pair = Pair::start();
    let issued =
        pair.b.call("POST", "/auth/password_reset_token/issue", Some(&format!(r#"{{"email":"{ROOT}"}}"#)), None);
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = mailed_reset_token(&pair.outbox(1));
    let answers = in_parallel(20, |i| {
        let body = serde_json::json!({"token": token, "password": format!("parallel-pw-{i:02}-x")}).to_string();
        pair.at(i).call("POST", "/auth/password_reset_token/verify", Some(&body), None)
    });
    let won: Vec<usize> = (0..20).filter(|&i| answers[i].status == 200).collect();
    assert_eq!(won.len(), 1, "{:?}", answers.iter().map(|a| (a.status, a.body.clone())).collect::<Vec<_>>());
    assert!(answers.iter().all(|a| a.status == 200 || a.status == 400), "refusals are 400s, never 500s");
    let winner = format!("parallel-pw-{:02}-x", won[0]);
    assert!(sign_in(&pair.a, &winner, 1).cookie("gh_session").is_some(), "the winner's password is the one set");
});

/// The current step's TOTP code, taken early enough in its step that the
/// next calls fall in the same one; and the code of the step before.
fn fresh_codes(seed: &[u8]) -> (String, String) {
    loop {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        if now % 30 < 20 {
            return (
                app::account::credential::totp::code_at(seed, now - 30),
                app::account::credential::totp::code_at(seed, now),
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
}

pg_test!(a_totp_code_and_a_recovery_code_used_on_one_instance_are_refused_on_the_other, {
    let pair = Pair::start();
    let root = api_token(&api_auth(&pair.a, serde_json::json!({"email": ROOT, "password": PW})));
    let operator = api_auth(&pair.a, serde_json::json!({"email": ROOT, "password": PW})).json()["operatorId"]
        .as_str()
        .unwrap()
        .to_string();
    let mfa = format!("/operators/{operator}/mfa");
    let on = pair.a.call("POST", &mfa, None, Some((&root.0, &root.1)));
    let uri = on.json()["totpUri"].as_str().unwrap_or_else(|| panic!("{}", on.body)).to_string();
    let secret = uri.split("secret=").nth(1).unwrap().split('&').next().unwrap();
    let seed = app::account::credential::totp::secret_from_base32(secret).unwrap();
    let (earlier, current) = fresh_codes(&seed);
    let body = serde_json::json!({"mfaOTPCode": earlier}).to_string();
    let verified = pair.b.call("POST", &format!("{mfa}/verify"), Some(&body), Some((&root.0, &root.1)));
    let recovery: Vec<String> = verified.json()["backupCodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", verified.body))
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();

    let with_code = |server: &Server, code: &str| {
        api_auth(server, serde_json::json!({"email": ROOT, "password": PW, "mfaOTPCode": code}))
    };
    assert_eq!(with_code(&pair.a, &current).status, 200, "the current code signs in on A");
    let replayed = with_code(&pair.b, &current);
    assert_eq!(replayed.json()["code"], "AUM0023", "the same code on B: {}", replayed.body);

    assert_eq!(with_code(&pair.b, &recovery[0]).status, 200, "a recovery code signs in on B");
    let reused = with_code(&pair.a, &recovery[0]);
    assert_eq!(reused.json()["code"], "AUM0023", "the same recovery code on A: {}", reused.body);
});

pg_test!(an_api_token_signed_out_on_one_instance_is_refused_on_the_other, {
    let pair = Pair::start();
    let (key, token) = api_token(&api_auth(&pair.a, serde_json::json!({"email": ROOT, "password": PW})));
    let operator = api_auth(&pair.a, serde_json::json!({"email": ROOT, "password": PW})).json()["operatorId"]
        .as_str()
        .unwrap()
        .to_string();
    let get = |server: &Server| server.call("GET", &format!("/operators/{operator}"), None, Some((&key, &token)));
    assert_eq!(get(&pair.b).status, 200, "a token from A works on B");
    let out = pair.a.call("POST", "/auth/logout", None, Some((&key, &token)));
    assert!(out.status < 300, "{} {}", out.status, out.body);
    let refused = get(&pair.b);
    assert_eq!(refused.status, 401, "{}", refused.body);
});
