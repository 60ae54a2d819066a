//! What the binary's tests share: running `gatehouse` commands over a data
//! folder, a served console on a free loopback port, a minimal HTTP client,
//! and signing in straight on a store.
#![allow(dead_code)]

pub mod pg;
pub mod relay;
pub mod smtp;

use std::io::{Read, Write};
use std::process::{Command, Output};

/// Runs `gatehouse ARGS` over `data_dir` (SQLite, outbox, cheap argon2),
/// with `password` as GATEHOUSE_PASSWORD.
pub fn gatehouse(data_dir: &std::path::Path, args: &[&str], password: Option<&str>) -> Output {
    gatehouse_with(data_dir, args, password, &[])
}

/// [`gatehouse`] with `env` set over the defaults (e.g. a `DATABASE_URL`).
pub fn gatehouse_with(
    data_dir: &std::path::Path,
    args: &[&str],
    password: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
    cmd.args(args)
        .env("GATEHOUSE_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("SMTP_URL")
        .env_remove("GATEHOUSE_SERVER_KEY")
        .env("ARGON2_MEMORY_KIB", "64")
        .env("ARGON2_ITERATIONS", "1")
        .env("RUST_LOG", "warn");
    match password {
        Some(p) => cmd.env("GATEHOUSE_PASSWORD", p),
        None => cmd.env_remove("GATEHOUSE_PASSWORD"),
    };
    for (k, v) in env {
        cmd.env(k, v);
    }
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
    /// A server on the data folder's SQLite store.
    pub fn start(data_dir: &std::path::Path) -> Server {
        Server::start_with(data_dir, &[])
    }

    /// A server with `env` set over the defaults (a `DATABASE_URL`, a
    /// shared `GATEHOUSE_SERVER_KEY`, `TRUSTED_PROXIES`, …).
    pub fn start_with(data_dir: &std::path::Path, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
        cmd.env("GATEHOUSE_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("ARGON2_MEMORY_KIB", "64")
            .env("ARGON2_ITERATIONS", "1")
            .env_remove("DATABASE_URL")
            .env_remove("SMTP_URL")
            .env_remove("GATEHOUSE_SERVER_KEY")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("the server starts");
        let mut server = Server { child, port };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server ended before it listened: {status}");
            }
            assert!(std::time::Instant::now() < until, "the server did not listen");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// The process id (to send it a signal).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself (after a signal); its exit
    /// status.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("the server ends")
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
    /// The value of header `name` (lower case), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

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
        self.post_from(path, form, cookie, &[])
    }

    /// [`post`](Self::post) with more headers (e.g. `X-Forwarded-For`).
    pub fn post_from(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>, extra: &[(&str, &str)]) -> Answer {
        let body = form_body(form);
        let origin = format!("http://127.0.0.1:{}", self.port);
        let mut headers = vec![
            ("Origin", origin.as_str()),
            ("Accept", "application/json"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        if let Some(c) = cookie {
            headers.push(("Cookie", c));
        }
        headers.extend_from_slice(extra);
        self.request("POST", path, &headers, body.as_bytes())
    }

    /// A `/v1` JSON call; `token` is `(api key, token)` when signed in.
    pub fn call(&self, method: &str, path: &str, json: Option<&str>, token: Option<(&str, &str)>) -> Answer {
        let mut headers = vec![("Accept", "application/json")];
        if json.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        if let Some((key, token)) = token {
            headers.push(("X-Soracom-API-Key", key));
            headers.push(("X-Soracom-Token", token));
        }
        self.request(method, &format!("/v1{path}"), &headers, json.unwrap_or_default().as_bytes())
    }

    /// One HTTP/1.1 request on a fresh connection, as written: `headers`
    /// go out as given (duplicates too), then `body` with its length.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", self.port);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut raw = head.into_bytes();
        raw.extend_from_slice(body);
        self.send_raw(&raw)
    }

    /// Sends `raw` bytes as they are and reads the answer.
    pub fn send_raw(&self, raw: &[u8]) -> Answer {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("the server answers");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
        // A server may answer and close before reading all of a large body.
        let _ = stream.write_all(raw);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        parse_answer(&bytes)
    }
}

/// `k=v&…`, percent-encoding what a form would.
fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| {
            format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace('=', "%3D"))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Splits an HTTP/1.1 answer; a chunked body is joined.
fn parse_answer(bytes: &[u8]) -> Answer {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&bytes[..split.min(bytes.len())]);
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = bytes[split.min(bytes.len())..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        let end = (start + size).min(rest.len());
        out.extend_from_slice(&rest[start..end]);
        rest = &rest[(end + 2).min(rest.len())..];
    }
    out
}

/// Opens the data folder's store and signs in: the operator is verified
/// (an unverified one would be refused with AUM0003).
pub fn assert_signs_in(data_dir: &std::path::Path, email: &str, password: &str) {
    use app::account::{
        Account, AccountConfig, Argon2Cost, Secret, SystemClock, credential::secret_box::ServerKey, mail::Mailer,
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", data_dir.join("gatehouse.db").display());
        let db = app::account::store::db::connect_and_migrate(&url).await.unwrap();
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
