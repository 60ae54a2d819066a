//! A small SMTP server on a free loopback port, for tests that need a mail
//! server which behaves in a given way: one that accepts connections and
//! never answers (hung), or one that speaks enough SMTP for lettre and
//! notes every command it receives.

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
}

impl SmtpStub {
    /// Starts a stub on a free loopback port.
    pub async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let commands = Arc::new(Mutex::new(Vec::new()));
        let log = commands.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                match behaviour {
                    Behaviour::Hung => held.push(stream),
                    Behaviour::Answering => {
                        tokio::spawn(converse(stream, log.clone()));
                    }
                }
            }
        });
        SmtpStub { url, commands }
    }

    /// The command verbs received so far (`EHLO`, `NOOP`, `MAIL`, …), in order.
    pub fn verbs(&self) -> Vec<String> {
        self.commands.lock().unwrap().clone()
    }
}

async fn converse(stream: TcpStream, log: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 stub ESMTP\r\n").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        log.lock().unwrap().push(verb.clone());
        let reply: &[u8] = match verb.as_str() {
            "DATA" => {
                let _ = write.write_all(b"354 go on\r\n").await;
                while let Ok(Some(body)) = lines.next_line().await {
                    if body == "." {
                        break;
                    }
                }
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
