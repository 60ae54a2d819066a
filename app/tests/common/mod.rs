//! Test harness for the account logic: a fresh store per test (a temp
//! SQLite file, or a PostgreSQL database created and dropped around the
//! test), a fake clock, cheap argon2 and a real `.eml` outbox.
#![allow(dead_code)]

pub mod smtp_stub;

use app::account::mail::Mailer;
use app::account::store::db;
use app::account::{Account, AccountConfig, Argon2Cost, ClientInfo, FakeClock, Proof, Secret};
use std::path::PathBuf;
use std::sync::Arc;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// The start of the fake clock (2026-01-01T00:00:00Z).
pub const T0: i64 = 1_767_225_600;

/// Everything one test needs.
pub struct TestEnv {
    pub account: Account,
    pub clock: FakeClock,
    pub outbox: PathBuf,
    /// The SMTP stub, when the environment mails through one.
    pub smtp: Option<smtp_stub::SmtpStub>,
    _dir: tempfile::TempDir,
    _pg: Option<PgGuard>,
}

/// Drops the test's PostgreSQL database when the test ends, even on panic.
struct PgGuard {
    admin_url: String,
    name: String,
}

impl Drop for PgGuard {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                use sea_orm::{ConnectionTrait, Database};
                if let Ok(conn) = Database::connect(format!("{url}/postgres")).await {
                    let _ = conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

fn pg_admin_url() -> String {
    std::env::var("GATEHOUSE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// The cheap account configuration tests use.
pub fn test_config() -> AccountConfig {
    AccountConfig {
        argon2: Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 },
        min_mail_response_ms: 20,
        lock: app::account::LockPolicy { over_budget_delay_ms: 5, ..Default::default() },
        // Tests run side by side on two cores: a behaviour test must never
        // be answered Busy by the hasher's admission (tests of Busy set 0).
        hash_queue_wait_ms: 30_000,
        ..AccountConfig::default()
    }
}

impl TestEnv {
    /// A fresh environment on `store` with the test configuration.
    pub async fn new(store: Store) -> Self {
        Self::with_config(store, test_config()).await
    }

    /// A fresh environment with a given configuration.
    pub async fn with_config(store: Store, config: AccountConfig) -> Self {
        Self::build(store, config, None).await
    }

    /// A fresh environment whose SMTP server does not answer (nothing
    /// listens on the discard port of this machine).
    pub async fn with_smtp_down(store: Store) -> Self {
        Self::build(store, test_config(), Some(Mailer::smtp("smtp://127.0.0.1:9").unwrap())).await
    }

    /// A fresh environment whose SMTP server accepts connections and never
    /// answers.
    pub async fn with_hung_smtp(store: Store) -> Self {
        Self::with_smtp_stub(store, smtp_stub::Behaviour::Hung).await
    }

    /// A fresh environment whose SMTP server answers and notes each command.
    pub async fn with_answering_smtp(store: Store) -> Self {
        Self::with_smtp_stub(store, smtp_stub::Behaviour::Answering).await
    }

    async fn with_smtp_stub(store: Store, behaviour: smtp_stub::Behaviour) -> Self {
        let stub = smtp_stub::SmtpStub::start(behaviour).await;
        let mut env = Self::build(store, test_config(), Some(Mailer::smtp(&stub.url).unwrap())).await;
        env.smtp = Some(stub);
        env
    }

    async fn build(store: Store, config: AccountConfig, mailer: Option<Mailer>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (url, pg) = match store {
            Store::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()), None),
            Store::Postgres => {
                use sea_orm::{ConnectionTrait, Database};
                let admin = pg_admin_url();
                let name = format!("gh_test_{}", app::account::credential::secret::random_digits(12));
                let conn = Database::connect(format!("{admin}/postgres"))
                    .await
                    .expect("PostgreSQL is required for this test (build with GATEHOUSE_SKIP_PG=1 to skip)");
                conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
                (format!("{admin}/{name}"), Some(PgGuard { admin_url: admin, name }))
            }
        };
        let conn = db::connect_and_migrate(&url).await.unwrap();
        let clock = FakeClock::new(T0);
        let outbox = dir.path().join("outbox");
        let key = app::account::credential::secret_box::ServerKey::from_bytes([42; 32]);
        let mailer = mailer.unwrap_or_else(|| Mailer::outbox(&outbox));
        let account = Account::new(conn, config, Arc::new(clock.clone()), mailer, &key).unwrap();
        TestEnv { account, clock, outbox, smtp: None, _dir: dir, _pg: pg }
    }

    /// A second account service over the same store and clock with another
    /// configuration (e.g. one whose hashing is always busy).
    pub fn sibling(&self, config: AccountConfig) -> Account {
        let key = app::account::credential::secret_box::ServerKey::from_bytes([42; 32]);
        let clock = Arc::new(self.clock.clone());
        Account::new(self.account.db().clone(), config, clock, Mailer::outbox(&self.outbox), &key).unwrap()
    }

    /// Every mail written so far, oldest first: (to, subject, plain text).
    pub fn mails(&self) -> Vec<(String, String, String)> {
        self.raw_mails()
            .iter()
            .map(|raw| {
                let msg = mail_parser::MessageParser::default().parse(raw).unwrap();
                let to = msg.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string();
                (to, msg.subject().unwrap_or_default().to_string(), msg.body_text(0).unwrap_or_default().to_string())
            })
            .collect()
    }

    /// The raw `.eml` files written so far, oldest first.
    pub fn raw_mails(&self) -> Vec<Vec<u8>> {
        let Ok(rd) = std::fs::read_dir(&self.outbox) else { return vec![] };
        let mut files: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    /// The token of the newest link to `path_prefix` (e.g. `/verify/`) mailed to `to`.
    pub fn token_from_last_mail(&self, to: &str, path_prefix: &str) -> String {
        let mails = self.mails();
        // Mails sent after the answer (the lock notice) may land later than
        // the one asked for, so the newest mail *with such a link* counts.
        let (_, _, body) = mails
            .iter()
            .rev()
            .find(|(t, _, b)| t == to && b.contains(path_prefix))
            .expect("no mail with such a link to that address");
        let start = body.find(path_prefix).unwrap() + path_prefix.len();
        body[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
    }

    /// Signs up and verifies a root user; returns the user id.
    pub async fn verified_user(&self, email: &str, password: &str) -> i64 {
        let pw = Secret::new(password);
        self.account
            .sign_up(
                app::account::signup::SignUpForm { email, password: &pw, confirm: &pw },
                Default::default(),
                &client(),
            )
            .await
            .unwrap();
        let token = self.token_from_last_mail(email, "/verify/");
        self.account.verify_email(&token, &pw, &client()).await.unwrap();
        self.account.sign_in_root(email, &pw, &client()).await.unwrap().signed_in().unwrap().user_id
    }
}

/// The password the session helpers sign in with.
pub const PW: &str = "tulip-river-42";

/// Signs in (password only) and returns the session's principal and token.
pub async fn session(env: &TestEnv, email: &str) -> (app::account::Principal, String) {
    let s = env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap();
    let token = s.session_token.expose().to_string();
    (env.account.principal(&token).await.unwrap().unwrap(), token)
}

/// A verified user with MFA on; returns the TOTP secret and the recovery codes.
pub async fn mfa_user(env: &TestEnv, email: &str) -> (Vec<u8>, Vec<String>) {
    env.verified_user(email, PW).await;
    let (p, _) = session(env, email).await;
    env.account.begin_mfa_setup(&p, Proof::default(), &client()).await.unwrap();
    let setup = env.account.mfa_status(&p).await.unwrap().setup.unwrap();
    let secret = app::account::credential::totp::secret_from_base32(&setup.secret_base32).unwrap();
    let code = app::account::credential::totp::code_at(&secret, env.clock.now_secs());
    let codes = env.account.confirm_mfa_setup(&p, &code, &client()).await.unwrap();
    (secret, codes)
}

/// Password step of a user with MFA on: the pending-login token.
pub async fn pending(env: &TestEnv, email: &str) -> String {
    match env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap() {
        app::account::SignInStep::MfaRequired(t) => t.expose().to_string(),
        app::account::SignInStep::Done(_) => panic!("MFA is on: a second step is expected"),
    }
}

/// Signs in through the MFA step with `code`.
pub async fn session_mfa(env: &TestEnv, email: &str, code: &str) -> (app::account::Principal, String) {
    let pending = pending(env, email).await;
    let s = env.account.complete_mfa_sign_in(&pending, code, &client()).await.unwrap();
    let token = s.session_token.expose().to_string();
    (env.account.principal(&token).await.unwrap().unwrap(), token)
}

/// `p` acting from the test client.
pub fn caller(p: &app::account::Principal) -> app::account::Caller {
    app::account::Caller { principal: p.clone(), client: client() }
}

/// A client address for tests.
pub fn client() -> ClientInfo {
    ClientInfo { addr: Some("192.0.2.10".into()), user_agent: Some("test".into()) }
}

/// Declares one behaviour as two tests, on SQLite and on PostgreSQL; the
/// environment comes from `TestEnv::new`, or from the named constructor
/// (e.g. `with_smtp_down`).
#[macro_export]
macro_rules! store_test {
    ($name:ident, |$env:ident| $body:block) => {
        store_test!($name, new, |$env| $body);
    };
    ($name:ident, $make:ident, |$env:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($env: $crate::common::TestEnv) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::TestEnv::$make($crate::common::Store::Sqlite).await).await;
            }

            // Reported as ignored, not passed, when built with GATEHOUSE_SKIP_PG=1.
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(gatehouse_skip_pg, ignore = "PostgreSQL skipped (GATEHOUSE_SKIP_PG=1)")]
            async fn postgres() {
                run($crate::common::TestEnv::$make($crate::common::Store::Postgres).await).await;
            }
        }
    };
}
