//! What the binary's tests share: running `gatehouse` commands over a data
//! folder, a served console on a free loopback port, a minimal HTTP client,
//! and signing in straight on a store.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Command, Output};

/// Runs `gatehouse ARGS` over `data_dir` (SQLite, outbox, cheap argon2),
/// with `password` as GATEHOUSE_PASSWORD.
pub fn gatehouse(data_dir: &std::path::Path, args: &[&str], password: Option<&str>) -> Output {
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

/// `gatehouse serve` on a free loopback port over a data folder, stopped
/// when dropped.
pub struct Server {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
}

impl Server {
    pub fn start(data_dir: &std::path::Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("GATEHOUSE_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("ARGON2_MEMORY_KIB", "64")
            .env("ARGON2_ITERATIONS", "1")
            .env_remove("DATABASE_URL")
            .env_remove("SMTP_URL")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the server starts");
        let server = Server { child, port };
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
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer: the status, the headers (names lower-cased) and the body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The `name=value` of the cookie `name` the answer sets, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }
}

impl Server {
    /// Posts a form to `path` as a hydrated page does (`Accept:
    /// application/json`, the console's own `Origin`), with `cookie`.
    pub fn post(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Answer {
        let body: String = form
            .iter()
            .map(|(k, v)| {
                format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace('=', "%3D"))
            })
            .collect::<Vec<_>>()
            .join("&");
        let origin = format!("http://127.0.0.1:{}", self.port);
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n",
            self.port,
            body.len()
        );
        if let Some(c) = cookie {
            request.push_str(&format!("Cookie: {c}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("the server answers");
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Answer { status, headers, body: body.to_string() }
    }
}

/// Opens the data folder's store and signs in: the operator is verified
/// (an unverified one would be refused with AUM0003).
pub fn assert_signs_in(data_dir: &std::path::Path, email: &str, password: &str) {
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
