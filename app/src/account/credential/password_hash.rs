//! Argon2id password hashing on hashing threads of its own, one per core
//! (never on the async workers), fed by a bounded queue.

use super::hash_load::HashLoad;
use super::secret::{Secret, constant_time_eq, random_token};
use crate::account::config::Argon2Cost;
use crate::error::AppError;
use argon2::password_hash::{self, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Hashes and verifies passwords with argon2id at a configured cost, on
/// hashing threads of its own (one per core, each with its work area), fed
/// by a bounded queue. A thread that finishes a hash takes the next one
/// straight from the queue, so the cores never idle between hashes while
/// callers wait. A caller whose hash would not start within `max_wait` (by
/// the hashes ahead of it, see `hash_load`) is answered `Busy` without
/// waiting in line (after a pause of at most 20 ms);
/// one whose hash has not started in time after all, or that finds the
/// queue full, is answered `Busy` too: nothing queues without bound.
#[derive(Clone)]
pub struct PasswordHasherService {
    cost: Argon2Cost,
    queue: SyncSender<Job>,
    load: Arc<HashLoad>,
    /// A hash of a random password, verified against for unknown users so
    /// that their sign-in takes as long as a real one.
    dummy_hash: Arc<str>,
}

impl fmt::Debug for PasswordHasherService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordHasherService").field("cost", &self.cost).finish()
    }
}

/// Queued hashes per hashing thread before callers are told `Busy` at once.
const QUEUE_PER_THREAD: usize = 256;

/// The work of a queued hash: given the thread's work area, or `None` when
/// it waited longer than allowed (it then answers `Busy`).
type JobFn = Box<dyn FnOnce(Option<&mut WorkArea>) + Send>;

/// A queued hash and when it was queued.
struct Job {
    queued: Instant,
    run: JobFn,
}

/// Gives the calling thread a lower scheduling priority (nice 10) on
/// Linux: with every core hashing, the threads that answer pages, API
/// calls and "busy" refusals still get the CPU first, and hashing takes
/// what is left (on an idle machine, all of it).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid` and `setpriority` take plain integers and touch no
    // memory of ours; a failure only leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let _ = libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// One hashing thread: takes jobs until the service is dropped.
fn hashing_thread(jobs: Arc<Mutex<Receiver<Job>>>, max_wait: Duration, load: Arc<HashLoad>) {
    lower_priority();
    let mut area = WorkArea::new();
    loop {
        let job = match jobs.lock() {
            Ok(queue) => match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
            Err(_) => return,
        };
        load.left_queue();
        let in_time = job.queued.elapsed() <= max_wait;
        let started = Instant::now();
        // A panicking hash drops its answer (the caller sees an internal
        // error); the thread keeps serving.
        let _ = catch_unwind(AssertUnwindSafe(|| (job.run)(in_time.then_some(&mut area))));
        if in_time {
            load.hashed(started.elapsed());
        }
    }
}

/// A reusable argon2 work area: one per hashing thread, so the ~19 MiB a
/// hash needs is allocated once instead of on every sign-in (repeated large
/// allocations across threads made the allocator hold on to gigabytes
/// under load).
type WorkArea = Vec<Block>;

fn params(cost: Argon2Cost) -> Result<Params, AppError> {
    Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None).map_err(|_| AppError::Internal)
}

fn hash_now(cost: Argon2Cost, password: &str, work: &mut WorkArea) -> Result<String, AppError> {
    let params = params(cost)?;
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|_| AppError::Internal)?;
    work.resize(params.block_count(), Block::default());
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, &mut work[..])
            .map_err(|_| password_hash::Error::Crypto)
    })
    .map_err(|_| AppError::Internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|_| AppError::Internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

fn verify_now(password: &str, hash: &str, work: &mut WorkArea) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Ok(params), Ok(algorithm), Some(expected), Some(salt)) =
        (Params::try_from(&parsed), Algorithm::try_from(parsed.algorithm), parsed.hash, parsed.salt)
    else {
        return false;
    };
    let version = parsed.version.map(Version::try_from).transpose().ok().flatten().unwrap_or(Version::V0x13);
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else { return false };
    work.resize(params.block_count(), Block::default());
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version, params);
    argon.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut work[..]).is_ok()
        && constant_time_eq(&out, expected.as_bytes())
}

impl PasswordHasherService {
    /// A hasher with the given cost, `workers` hashing threads, and callers
    /// waiting at most `max_wait` for their hash to start.
    pub fn new(cost: Argon2Cost, workers: usize, max_wait: Duration) -> Result<Self, AppError> {
        let workers = workers.max(1);
        let started = Instant::now();
        let dummy_hash = hash_now(cost, random_token().expose(), &mut WorkArea::new())?;
        let load = Arc::new(HashLoad::new(workers, started.elapsed(), max_wait));
        let (queue, jobs) = sync_channel(workers * QUEUE_PER_THREAD);
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..workers {
            let (jobs, load) = (jobs.clone(), load.clone());
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                // Admission keeps the waits within `max_wait`; a hash that
                // still has not started at twice that (a slower machine than
                // the average says) is refused rather than served late.
                .spawn(move || hashing_thread(jobs, max_wait * 2, load))
                .map_err(|_| AppError::Internal)?;
        }
        Ok(PasswordHasherService { cost, dummy_hash: dummy_hash.into(), queue, load })
    }

    /// Queues `work` for a hashing thread and waits for its result.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut WorkArea) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (answer, result) = oneshot::channel();
        let run = move |area: Option<&mut WorkArea>| {
            if answer.is_closed() {
                return; // the caller has gone: skip the work
            }
            let _ = answer.send(area.map(work).ok_or(AppError::Busy));
        };
        if !self.load.admit() {
            return Err(self.refused().await);
        }
        if self.queue.try_send(Job { queued: Instant::now(), run: Box::new(run) }).is_err() {
            self.load.left_queue();
            return Err(self.refused().await);
        }
        result.await.map_err(|_| AppError::Internal)?
    }

    /// `Busy`, answered after a short pause (see `hash_load`): callers
    /// that retry at once cannot flood the server with refusals.
    pub async fn refused(&self) -> AppError {
        tokio::time::sleep(self.load.busy_pause()).await;
        AppError::Busy
    }

    /// Whether a hash asked for now would be admitted: checked before a
    /// sign-in does anything else, so the requests shed past capacity cost
    /// next to nothing (no lock bookkeeping in the database).
    pub fn has_room(&self) -> bool {
        self.load.has_room()
    }

    /// Hashes a password (argon2id, random salt).
    pub async fn hash(&self, password: &Secret) -> Result<String, AppError> {
        let cost = self.cost;
        let password = password.clone();
        self.run(move |work| hash_now(cost, password.expose(), work)).await?
    }

    /// Whether a stored hash was made with another algorithm or cost than
    /// the configured one (then a successful sign-in hashes the password
    /// again, so every account ends up at the current cost and a known
    /// user's sign-in takes as long as the dummy check of an unknown one).
    pub fn needs_rehash(&self, hash: &str) -> bool {
        let Ok(parsed) = argon2::PasswordHash::new(hash) else { return true };
        let Ok(params) = argon2::Params::try_from(&parsed) else { return true };
        parsed.algorithm.as_str() != "argon2id"
            || (params.m_cost(), params.t_cost(), params.p_cost())
                != (self.cost.memory_kib, self.cost.iterations, self.cost.parallelism)
    }

    /// Verifies a password against a stored hash; with no hash (unknown
    /// user, or no console password) it verifies against a dummy hash and
    /// answers `false`, taking the same time.
    pub async fn verify(&self, password: &Secret, hash: Option<&str>) -> Result<bool, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or(&self.dummy_hash).to_string();
        let password = password.clone();
        let ok = self.run(move |work| verify_now(password.expose(), &hash, work)).await?;
        Ok(ok && known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_caller_that_gets_no_hashing_turn_in_time_is_told_the_server_is_busy() {
        let cost = Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 };
        let hasher = PasswordHasherService::new(cost, 1, Duration::from_millis(50)).unwrap();
        // The only hashing thread is busy for longer than a caller may wait.
        let busy = hasher.run(|_| std::thread::sleep(Duration::from_millis(300)));
        let password = Secret::new("x");
        let (held, late) = tokio::join!(busy, hasher.hash(&password));
        assert_eq!(held, Ok(()));
        assert_eq!(late, Err(AppError::Busy));
        // Once free, the next caller is served.
        assert!(hasher.verify(&Secret::new("x"), None).await.is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_caller_that_finds_the_queue_full_is_told_the_server_is_busy_at_once() {
        let cost = Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 };
        let hasher = PasswordHasherService::new(cost, 1, Duration::from_secs(30)).unwrap();
        // The only hashing thread is on a long job...
        let (started, running) = std::sync::mpsc::channel();
        let long = tokio::spawn({
            let hasher = hasher.clone();
            async move {
                hasher
                    .run(move |_| {
                        let _ = started.send(());
                        std::thread::sleep(Duration::from_millis(300));
                    })
                    .await
            }
        });
        tokio::task::spawn_blocking(move || running.recv_timeout(Duration::from_secs(5))).await.unwrap().unwrap();
        // ...so a full queue's worth waits, and one more is refused.
        let queued = (0..=QUEUE_PER_THREAD).map(|_| hasher.run(|_| ()));
        let answers = futures::future::join_all(queued).await;
        assert!(answers[..QUEUE_PER_THREAD].iter().all(|a| a.is_ok()));
        assert_eq!(answers[QUEUE_PER_THREAD], Err(AppError::Busy));
        assert_eq!(long.await.unwrap(), Ok(()));
    }

    #[tokio::test]
    async fn hashes_are_standard_argon2id_strings_that_verify() {
        use argon2::password_hash::PasswordVerifier;
        let cost = Argon2Cost { memory_kib: 256, iterations: 2, parallelism: 1 };
        let hasher = PasswordHasherService::new(cost, 2, Duration::from_secs(5)).unwrap();
        let hash = hasher.hash(&Secret::new("tulip-river-42")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=256,t=2,p=1$"), "{hash}");
        assert!(hasher.verify(&Secret::new("tulip-river-42"), Some(&hash)).await.unwrap());
        assert!(!hasher.verify(&Secret::new("tulip-river-43"), Some(&hash)).await.unwrap());
        assert!(!hasher.verify(&Secret::new("tulip-river-42"), None).await.unwrap(), "no hash never verifies");
        // Readable by any argon2 implementation, and it reads theirs.
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(Argon2::default().verify_password(b"tulip-river-42", &parsed).is_ok());
        let theirs = argon2::password_hash::PasswordHasher::hash_password(
            &Argon2::default(),
            b"pw",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert!(hasher.verify(&Secret::new("pw"), Some(&theirs)).await.unwrap());
    }
}
