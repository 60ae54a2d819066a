//! The raw argon2id bound for the sign-in benchmark: hashes per second this
//! machine computes with the production cost (m = 19456 KiB, t = 2, p = 1)
//! on all cores, each thread reusing one work area (as the server does), so
//! the bound is the best this machine can do. Prints one JSON object.

use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::time::{Duration, Instant};

fn main() {
    let secs: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            std::thread::spawn(move || {
                let params = Params::new(19_456, 2, 1, None).unwrap();
                let mut work = vec![Block::default(); params.block_count()];
                let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
                let mut out = [0u8; 32];
                let mut n = 0u64;
                while Instant::now() < until {
                    argon
                        .hash_password_into_with_memory(
                            b"correct horse battery staple",
                            b"saltsaltsaltsalt",
                            &mut out,
                            &mut work,
                        )
                        .unwrap();
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
