//! A mail catcher a test can stop and start again on the same port: it
//! speaks enough SMTP for lettre and keeps every message it receives.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A running catcher; stopped when dropped.
pub struct SmtpCatcher {
    stop: Arc<AtomicBool>,
    messages: Arc<Mutex<Vec<String>>>,
}

/// A loopback port nothing listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl SmtpCatcher {
    /// Listens on `port` of loopback.
    pub fn start_on(port: u16) -> SmtpCatcher {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the port is free");
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (stopped, kept) = (stop.clone(), messages.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let kept = kept.clone();
                        std::thread::spawn(move || converse(stream, kept));
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        });
        SmtpCatcher { stop, messages }
    }

    /// The messages received so far, raw.
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
}

impl Drop for SmtpCatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn converse(stream: TcpStream, kept: Arc<Mutex<Vec<String>>>) {
    stream.set_nonblocking(false).unwrap();
    let mut write = stream.try_clone().unwrap();
    let mut lines = BufReader::new(stream).lines();
    let _ = write.write_all(b"220 catcher ESMTP\r\n");
    while let Some(Ok(line)) = lines.next() {
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-catcher\r\n250 8BITMIME\r\n",
            "DATA" => {
                let _ = write.write_all(b"354 go on\r\n");
                let mut message = String::new();
                for body in lines.by_ref() {
                    let Ok(body) = body else { return };
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
                let _ = write.write_all(b"221 bye\r\n");
                return;
            }
            _ => b"250 ok\r\n",
        };
        if write.write_all(reply).is_err() {
            return;
        }
    }
}
