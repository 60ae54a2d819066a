//! A small SMTP server on a free loopback port, for tests that need a mail
//! server which behaves in a given way: one that accepts connections and
//! never answers (hung), or one that speaks enough SMTP for lettre, notes
//! every command and keeps every message — and can be taken down (it then
//! drops each connection at once) and brought back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the stub behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Accepts connections and never sends a byte.
    Hung,
    /// Answers every command with success and keeps the messages.
    Answering,
}

/// A running stub; it stops with the test's runtime.
#[derive(Clone)]
pub struct SmtpStub {
    pub url: String,
    commands: Arc<Mutex<Vec<String>>>,
    messages: Arc<Mutex<Vec<String>>>,
    down: Arc<AtomicBool>,
}

impl SmtpStub {
    /// Starts a stub on a free loopback port.
    pub async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let commands = Arc::new(Mutex::new(Vec::new()));
        let messages = Arc::new(Mutex::new(Vec::new()));
        let down = Arc::new(AtomicBool::new(false));
        let (log, kept, is_down) = (commands.clone(), messages.clone(), down.clone());
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                match behaviour {
                    Behaviour::Hung => held.push(stream),
                    Behaviour::Answering => {
                        tokio::spawn(converse(stream, log.clone(), kept.clone(), is_down.clone()));
                    }
                }
            }
        });
        SmtpStub { url, commands, messages, down }
    }

    /// Takes the server down (`true`) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// The messages received so far, raw, in order.
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// The command verbs received so far (`EHLO`, `NOOP`, `MAIL`, …), in order.
    pub fn verbs(&self) -> Vec<String> {
        self.commands.lock().unwrap().clone()
    }
}

async fn converse(
    stream: TcpStream,
    log: Arc<Mutex<Vec<String>>>,
    kept: Arc<Mutex<Vec<String>>>,
    down: Arc<AtomicBool>,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 stub ESMTP\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        // Taken down: a connection kept open from before ends too.
        if down.load(Ordering::SeqCst) {
            return;
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        log.lock().unwrap().push(verb.clone());
        let reply: &[u8] = match verb.as_str() {
            "DATA" => {
                let _ = write.write_all(b"354 go on\r\n").await;
                let mut message = String::new();
                while let Ok(Some(body)) = lines.next_line().await {
                    if body == "." {
                        break;
                    }
                    message.push_str(body.strip_prefix('.').unwrap_or(&body));
                    message.push_str("\r\n");
                }
                kept.lock().unwrap().push(message);
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 ok\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
