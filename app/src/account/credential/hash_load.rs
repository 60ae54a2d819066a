//! Admission to the password hasher: a caller is refused at once (`Busy`,
//! a fast 503) when the hashes already waiting would keep it from starting
//! within the allowed wait, instead of queueing and being refused only
//! after waiting. Under twice the hashing capacity the server sheds the
//! excess immediately, and the sign-ins it admits stay fast.
//!
//! A refusal is answered after a short pause (one hash's time, at most
//! [`MAX_BUSY_PAUSE`]): a client that retries the moment it is refused
//! would otherwise send thousands of requests a second, whose answering
//! takes the CPU from the hashing threads, makes hashes slower, the
//! estimate higher and refusals more frequent, until sign-ins collapse.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// How long callers would wait before a hash of theirs starts: the hashes
/// waiting ahead of them, spread over the hashing threads, each taking
/// `per_hash`.
pub(crate) fn predicted_wait(waiting: usize, per_hash: Duration, workers: usize) -> Duration {
    let rounds = waiting.div_ceil(workers.max(1)) as u32;
    per_hash.saturating_mul(rounds)
}

/// The longest pause before a refusal is answered: still a fast answer
/// next to a sign-in's ~200 ms.
pub(crate) const MAX_BUSY_PAUSE: Duration = Duration::from_millis(20);

/// How long a refusal is held: about when a hashing thread frees a place
/// (one hash), within [`MAX_BUSY_PAUSE`].
pub(crate) fn busy_pause(per_hash: Duration) -> Duration {
    per_hash.min(MAX_BUSY_PAUSE)
}

/// The hasher's load: hashes waiting for a thread, and how long a hash
/// takes lately (a moving average, seeded with the start-up hash).
#[derive(Debug)]
pub(crate) struct HashLoad {
    waiting: AtomicUsize,
    per_hash_micros: AtomicU64,
    workers: usize,
    max_wait: Duration,
}

impl HashLoad {
    /// The load of `workers` threads whose hash took `first` at start-up,
    /// admitting callers that would start within `max_wait`.
    pub(crate) fn new(workers: usize, first: Duration, max_wait: Duration) -> Self {
        HashLoad {
            waiting: AtomicUsize::new(0),
            per_hash_micros: AtomicU64::new(first.as_micros() as u64),
            workers: workers.max(1),
            max_wait,
        }
    }

    /// Whether a caller would be admitted now (without taking a place): a
    /// cheap check before any other work for a request that will hash.
    pub(crate) fn has_room(&self) -> bool {
        let per_hash = Duration::from_micros(self.per_hash_micros.load(Ordering::Relaxed));
        let waiting = self.waiting.load(Ordering::Relaxed);
        waiting == 0 || predicted_wait(waiting + 1, per_hash, self.workers) <= self.max_wait
    }

    /// Takes a place in the queue if the wait it predicts is within the
    /// limit (the first in line always gets one: it starts as soon as a
    /// thread is free); `false` means "busy, come back in a moment".
    pub(crate) fn admit(&self) -> bool {
        let per_hash = Duration::from_micros(self.per_hash_micros.load(Ordering::Relaxed));
        let mut waiting = self.waiting.load(Ordering::Relaxed);
        loop {
            if waiting > 0 && predicted_wait(waiting + 1, per_hash, self.workers) > self.max_wait {
                return false;
            }
            match self.waiting.compare_exchange_weak(waiting, waiting + 1, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => waiting = now,
            }
        }
    }

    /// How long to hold a refusal before answering it (see [`busy_pause`]).
    pub(crate) fn busy_pause(&self) -> Duration {
        busy_pause(Duration::from_micros(self.per_hash_micros.load(Ordering::Relaxed)))
    }

    /// A queued hash left the queue (a thread took it, or it was refused).
    pub(crate) fn left_queue(&self) {
        let _ = self.waiting.fetch_update(Ordering::AcqRel, Ordering::Relaxed, |w| Some(w.saturating_sub(1)));
    }

    /// A hash took `took`: the average moves an eighth of the way to it.
    pub(crate) fn hashed(&self, took: Duration) {
        let took = took.as_micros() as u64;
        let _ = self
            .per_hash_micros
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |avg| Some(avg - avg / 8 + took / 8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_wait_is_the_rounds_of_hashes_ahead() {
        assert_eq!(predicted_wait(0, 40 * MS, 2), Duration::ZERO);
        assert_eq!(predicted_wait(1, 40 * MS, 2), 40 * MS);
        assert_eq!(predicted_wait(2, 40 * MS, 2), 40 * MS);
        assert_eq!(predicted_wait(3, 40 * MS, 2), 80 * MS);
        assert_eq!(predicted_wait(5, 40 * MS, 0), 200 * MS, "no thread counts as one");
    }

    #[test]
    fn callers_are_admitted_while_they_would_start_in_time_and_refused_at_once_after() {
        // Two threads, 40 ms a hash, 200 ms of waiting allowed: five rounds
        // of two.
        let load = HashLoad::new(2, 40 * MS, 200 * MS);
        assert!(load.has_room());
        let admitted = (0..20).take_while(|_| load.admit()).count();
        assert_eq!(admitted, 10);
        assert!(!load.admit());
        assert!(!load.has_room());
        load.left_queue();
        assert!(load.admit(), "a place freed is taken again");
    }

    #[test]
    fn a_refusal_is_held_for_one_hash_and_never_long() {
        assert_eq!(busy_pause(20 * MS), 20 * MS);
        assert_eq!(busy_pause(Duration::ZERO), Duration::ZERO);
        assert_eq!(busy_pause(400 * MS), MAX_BUSY_PAUSE);
        let load = HashLoad::new(2, 12 * MS, 200 * MS);
        assert_eq!(load.busy_pause(), 12 * MS);
    }

    #[test]
    fn the_per_hash_time_follows_what_hashes_take() {
        let load = HashLoad::new(1, 40 * MS, 200 * MS);
        for _ in 0..64 {
            load.hashed(400 * MS);
        }
        let admitted = (0..20).take_while(|_| load.admit()).count();
        assert_eq!(admitted, 1, "slow hashes: only the next one may wait");
    }
}
