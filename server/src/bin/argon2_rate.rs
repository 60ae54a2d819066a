//! The raw argon2id bound for the sign-in benchmark: hashes per second this
//! machine computes with the production cost (m = 19456 KiB, t = 2, p = 1)
//! on all cores. Prints one JSON object.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::time::{Duration, Instant};

fn main() {
    let secs: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            std::thread::spawn(move || {
                let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19_456, 2, 1, None).unwrap());
                let salt = SaltString::from_b64("c2FsdHNhbHRzYWx0c2FsdA").unwrap();
                let mut n = 0u64;
                while Instant::now() < until {
                    argon.hash_password(b"correct horse battery staple", &salt).unwrap();
                    n += 1;
                }
                n
            })
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{{\"threads\":{threads},\"hashes\":{total},\"seconds\":{elapsed:.3},\"hashes_per_sec\":{:.2}}}",
        total as f64 / elapsed
    );
}
