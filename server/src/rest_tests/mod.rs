//! The `/v1` API through the whole router (in process), on SQLite and on
//! PostgreSQL: what a generated client, the CLI or a script sees.

use app::account::credential::secret_box::ServerKey;
use app::account::mail::Mailer;
use app::account::{Account, AccountConfig, Argon2Cost, FakeClock, Secret};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// The root user's address and the passwords the tests use.
pub const ROOT: &str = "root@example.com";
pub const PW: &str = "tulip-river-42";
pub const SAM_PW: &str = "harbor-violet-73";

/// A router over a fresh store, with a clock the test moves.
pub struct ApiSite {
    pub app: Router,
    pub account: Account,
    pub clock: FakeClock,
    pub outbox: std::path::PathBuf,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// A PostgreSQL database made for one test, dropped when it ends.
struct PgDatabase {
    admin: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                use sea_orm::{ConnectionTrait, Database};
                if let Ok(conn) = Database::connect(format!("{admin}/postgres")).await {
                    let _ = conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

/// The signed-in state a program keeps: the two headers' values.
#[derive(Clone, Debug)]
pub struct Session {
    pub api_key: String,
    pub token: String,
    pub operator_id: String,
}

/// An answer: status, body as JSON (`Null` when empty), and headers.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: axum::http::HeaderMap,
}

impl Answer {
    /// The error code of a failed answer.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

impl ApiSite {
    /// A fresh site on `store`.
    pub async fn new(store: Store) -> ApiSite {
        let dir = tempfile::tempdir().unwrap();
        let (url, pg) = match store {
            Store::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display()), None),
            Store::Postgres => {
                use sea_orm::{ConnectionTrait, Database};
                let admin = std::env::var("GATEHOUSE_TEST_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
                let name = format!("gh_api_{}", app::account::credential::secret::random_digits(12));
                let conn = Database::connect(format!("{admin}/postgres"))
                    .await
                    .expect("PostgreSQL is required for this test (build with GATEHOUSE_SKIP_PG=1 to skip)");
                conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
                (format!("{admin}/{name}"), Some(PgDatabase { admin, name }))
            }
        };
        let db = app::account::store::db::connect_and_migrate(&url).await.unwrap();
        let clock = FakeClock::new(1_767_225_600);
        let outbox = dir.path().join("outbox");
        let config = AccountConfig {
            public_url: "http://127.0.0.1:3000".into(),
            argon2: Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 },
            min_mail_response_ms: 1,
            lock: app::account::LockPolicy { over_budget_delay_ms: 5, ..Default::default() },
            // Never Busy in a behaviour test on a loaded machine (tests of Busy set 0).
            hash_queue_wait_ms: 30_000,
            ..AccountConfig::default()
        };
        let key = ServerKey::from_bytes([5; 32]);
        let account = Account::new(db, config, Arc::new(clock.clone()), Mailer::outbox(&outbox), &key).unwrap();
        let options = leptos::config::LeptosOptions::builder()
            .output_name("gatehouse")
            .site_root(dir.path().join("site").display().to_string())
            .site_pkg_dir("pkg")
            .build();
        let trusted = crate::client_addr::TrustedProxies::parse("").unwrap();
        let app = crate::router::build(options, account.clone(), trusted).unwrap();
        ApiSite { app, account, clock, outbox, _dir: dir, _pg: pg }
    }

    /// Sends a request as built, from `192.0.2.10`.
    pub async fn send(&self, mut req: Request<Body>) -> Answer {
        req.extensions_mut().insert(ConnectInfo("192.0.2.10:50000".parse::<SocketAddr>().unwrap()));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 4 << 20).await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON ({}): {}", parts.status, String::from_utf8_lossy(&bytes)))
        };
        Answer { status: parts.status, body, headers: parts.headers }
    }

    /// A JSON call, signed in as `who` when given.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>, who: Option<&Session>) -> Answer {
        let mut req = Request::builder().method(method).uri(format!("/v1{path}"));
        if let Some(s) = who {
            req = req.header("X-Soracom-API-Key", &s.api_key).header("X-Soracom-Token", &s.token);
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    /// `POST /v1/auth` with `body`; the session when it succeeded.
    pub async fn auth(&self, body: Value) -> Result<Session, Answer> {
        let a = self.call(Method::POST, "/auth", Some(body), None).await;
        if a.status != StatusCode::OK {
            return Err(a);
        }
        Ok(Session {
            api_key: a.body["apiKey"].as_str().unwrap().into(),
            token: a.body["token"].as_str().unwrap().into(),
            operator_id: a.body["operatorId"].as_str().unwrap().into(),
        })
    }

    /// The letters and digits right after `marker` in the newest mail
    /// that has it (and is to `to`, when given): a mailed token.
    pub fn mailed(&self, marker: &str, to: Option<&str>) -> String {
        let mut files: Vec<_> = std::fs::read_dir(&self.outbox).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let text = files
            .iter()
            .rev()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .find(|t| t.contains(marker) && to.is_none_or(|to| t.contains(&format!("To: {to}"))))
            .unwrap_or_else(|| panic!("no mail with {marker:?}"));
        let start = text.find(marker).unwrap() + marker.len();
        text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
    }

    /// A verified operator whose root user is signed in to the API.
    pub async fn root(&self) -> Session {
        self.account.create_operator_verified(ROOT, &Secret::new(PW), Default::default()).await.unwrap();
        self.auth(json!({"email": ROOT, "password": PW})).await.unwrap()
    }

    /// SAM user `name` with a password and `document` (if any), made by
    /// `root` through the API, and signed in.
    pub async fn sam(&self, root: &Session, name: &str, document: Option<&str>) -> Session {
        let base = format!("/operators/{}/users/{name}", root.operator_id);
        let made = self.call(Method::POST, &base, Some(json!({"description": "test"})), Some(root)).await;
        assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
        let pw =
            self.call(Method::POST, &format!("{base}/password"), Some(json!({"password": SAM_PW})), Some(root)).await;
        assert_eq!(pw.status, StatusCode::CREATED);
        if let Some(doc) = document {
            let body = json!({ "permission": doc });
            let set = self.call(Method::PUT, &format!("{base}/permission"), Some(body), Some(root)).await;
            assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
        }
        self.auth(json!({"operatorId": root.operator_id, "userName": name, "password": SAM_PW})).await.unwrap()
    }
}

impl ApiSite {
    /// A plain form post to the console's server function `endpoint`, as
    /// a script would send it (same origin, no `Accept: text/html`): a
    /// refusal comes back as the JSON error body.
    pub async fn console(&self, cookie: Option<&str>, endpoint: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{}={}", app::query::encode(k), app::query::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Signs SAM user `name` of `operator_id` in to the console; the
    /// `name=value` of its session cookie.
    pub async fn console_sam(&self, operator_id: &str, name: &str, password: &str) -> String {
        let fields = [("operator_id", operator_id), ("user_name", name), ("password", password)];
        let a = self.console(None, "sign_in_sam", &fields).await;
        let cookie = a
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.contains("gh_session=") && !c.contains("gh_session=;"))
            .unwrap_or_else(|| panic!("no session cookie: {} {}", a.status, a.body));
        cookie.split(';').next().unwrap().to_string()
    }
}

/// Declares one behaviour as two tests, on SQLite and on PostgreSQL.
macro_rules! api_test {
    ($name:ident, |$site:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($site: $crate::rest_tests::ApiSite) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::rest_tests::ApiSite::new($crate::rest_tests::Store::Sqlite).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(gatehouse_skip_pg, ignore = "PostgreSQL skipped (GATEHOUSE_SKIP_PG=1)")]
            async fn postgres() {
                run($crate::rest_tests::ApiSite::new($crate::rest_tests::Store::Postgres).await).await;
            }
        }
    };
}

mod access;
mod auth;
mod emails;
mod malformed;
mod malformed_every;
mod mfa;
mod one_rule;
mod openapi;
mod self_service;
mod switch;
mod users;
