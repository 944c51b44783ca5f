//! Commit before answering: a request that changed the world's durable part has its snapshot written to the state
//! file before its answer goes out. Requests take turns ([`Committer::turn`]): a turn lasts from a change to the end
//! of its commit, so that nobody reads or changes what a failed commit takes back. The snapshot is taken (serialised
//! to bytes) under the world's lock and numbered; the write happens after the lock is released, on a blocking thread,
//! and a snapshot older than one already on disk is never written over it. A snapshot identical to the last one taken
//! is not written again. A commit that fails says why ([`CommitError`]); the caller undoes the change and answers 503.

use std::sync::{Arc, Mutex, PoisonError};

use super::state_file::{StateFile, encode};
use crate::emulator::world::World;

/// Why a change could not be committed. Names the cause, never the content.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// The snapshot could not be serialised.
    #[error("the emulator's state could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
    /// The state file could not be written.
    #[error("the emulator's state file could not be written: {0}")]
    Write(#[from] std::io::Error),
    /// The blocking write stopped before it finished.
    #[error("the emulator's state write stopped: {0}")]
    Stopped(#[from] tokio::task::JoinError),
}

/// Takes numbered snapshots of one emulator's world for its state file.
pub struct Committer {
    file: StateFile,
    port: Option<u16>,
    taken: Mutex<Taken>,
    written: Arc<Mutex<u64>>,
    turns: tokio::sync::Mutex<()>,
}

/// The newest snapshot taken: its number and its bytes.
#[derive(Default)]
struct Taken {
    generation: u64,
    bytes: Option<Arc<Vec<u8>>>,
}

/// A snapshot taken and not yet written.
pub struct Commit {
    generation: u64,
    bytes: Arc<Vec<u8>>,
    file: StateFile,
    written: Arc<Mutex<u64>>,
}

impl Committer {
    /// Commits to `file`, recording `port` as the port to try first at the next start.
    #[must_use]
    pub fn new(file: StateFile, port: Option<u16>) -> Self {
        Self {
            file,
            port,
            taken: Mutex::new(Taken::default()),
            written: Arc::new(Mutex::new(0)),
            turns: tokio::sync::Mutex::new(()),
        }
    }

    /// Waits for this request's turn with the world, which it keeps until the guard is dropped: after its change is
    /// committed, or undone.
    pub async fn turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.turns.lock().await
    }

    /// The file it writes.
    #[must_use]
    pub fn file(&self) -> &StateFile {
        &self.file
    }

    /// Takes a snapshot of `world`, which the caller holds locked: a numbered commit when its durable part differs
    /// from the last snapshot taken, else `None`.
    pub fn take(&self, world: &World) -> Result<Option<Commit>, CommitError> {
        Ok(self.take_bytes(encode(self.port, &world.snapshot())?))
    }

    /// Forgets the last snapshot taken, after its commit failed and the world came back to what is on disk: the next
    /// snapshot is written whatever it holds.
    pub fn forget_failed(&self) {
        self.taken.lock().unwrap_or_else(PoisonError::into_inner).bytes = None;
    }

    /// A numbered commit of `bytes`, unless they are the bytes taken last.
    fn take_bytes(&self, bytes: Vec<u8>) -> Option<Commit> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        if taken.bytes.as_deref() == Some(&bytes) {
            return None;
        }
        let bytes = Arc::new(bytes);
        taken.generation += 1;
        taken.bytes = Some(Arc::clone(&bytes));
        Some(Commit {
            generation: taken.generation,
            bytes,
            file: self.file.clone(),
            written: Arc::clone(&self.written),
        })
    }
}

impl Commit {
    /// Writes the snapshot on a blocking thread and waits for it: call it after the world's lock is released and
    /// before answering.
    pub async fn write(self) -> Result<(), CommitError> {
        tokio::task::spawn_blocking(move || self.write_now()).await?
    }

    /// Writes the snapshot unless a newer one is already on disk (blocking). The lock on the newest number written
    /// is held while writing, so writes happen one at a time and never go back in time.
    pub fn write_now(self) -> Result<(), CommitError> {
        let mut newest = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        if *newest >= self.generation {
            return Ok(());
        }
        self.file.write(&self.bytes)?;
        *newest = self.generation;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::config::Profile;
    use crate::emulator::EmulatorConfig;
    use crate::emulator::jwt::Claims;

    fn committer(dir: &std::path::Path) -> Committer {
        Committer::new(StateFile::for_profile(dir, Profile::Qa), Some(1))
    }

    #[test]
    fn commits_written_out_of_order_never_leave_an_older_snapshot_on_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let committer = committer(dir.path());
        for round in 0..20_u32 {
            let commits: Vec<Commit> = (0..8_u32)
                .map(|n| committer.take_bytes(format!("snapshot {round}-{n}").into_bytes()).expect("changed"))
                .collect();
            // The newest is written first, then the older ones race each other to write over it.
            let threads: Vec<_> = commits
                .into_iter()
                .rev()
                .enumerate()
                .map(|(order, commit)| {
                    std::thread::spawn(move || {
                        std::thread::sleep(std::time::Duration::from_millis(u64::try_from(order).expect("small")));
                        commit.write_now().expect("written or already newer");
                    })
                })
                .collect();
            for thread in threads {
                thread.join().expect("wrote");
            }
            let on_disk = std::fs::read_to_string(committer.file().path()).expect("written");
            assert_eq!(on_disk, format!("snapshot {round}-7"), "the newest snapshot stays");
        }
    }

    /// How long a commit of a world with 250 bank accounts takes (snapshot and encoding under the lock, then the
    /// atomic write): printed with `--nocapture`, not asserted.
    #[test]
    fn commit_time_with_250_bank_accounts_is_measured() {
        let dir = tempfile::tempdir().expect("temp dir");
        let committer = committer(dir.path());
        let mut world = World::new(EmulatorConfig::default(), StdRng::seed_from_u64(3));
        let now = jiff::Timestamp::from_second(1_700_000_000).expect("valid time");
        let claims = Claims { org: "org-1".into(), company: "co-1".into(), iat: 0, exp: i64::MAX };
        for n in 0..250 {
            let body = serde_json::json!({
                "bankId": "emulator-bank-gbr", "accountName": format!("Account {n}"), "accountKey": format!("key-{n}"),
                "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
                "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
            });
            world.create_bank_account(&claims, &serde_json::to_vec(&body).expect("JSON"), now).expect("created");
        }
        let (mut taking, mut writing) = (Vec::new(), Vec::new());
        for round in 0..20 {
            world.require_auth(&world.bank_accounts(&claims, now)[round].bank_account_id.0, "MFA", now).expect("ok");
            let started = Instant::now();
            let commit = committer.take(&world).expect("encoded").expect("changed");
            taking.push(started.elapsed());
            let started = Instant::now();
            commit.write_now().expect("written");
            writing.push(started.elapsed());
        }
        taking.sort();
        writing.sort();
        let size = std::fs::metadata(committer.file().path()).expect("written").len();
        eprintln!(
            "commit of 250 bank accounts (and their 250 authorisations, 1000 candidates): snapshot and encoding under \
             the lock median {:?} (slowest {:?}); atomic write with fsync median {:?} (slowest {:?}); {size} bytes",
            taking[10], taking[19], writing[10], writing[19],
        );
    }

    #[test]
    fn an_unchanged_snapshot_is_not_committed_again_unless_the_last_one_failed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let committer = committer(dir.path());
        assert!(committer.take_bytes(b"a".to_vec()).is_some());
        assert!(committer.take_bytes(b"a".to_vec()).is_none());
        assert!(committer.take_bytes(b"b".to_vec()).is_some());
        committer.forget_failed();
        assert!(committer.take_bytes(b"b".to_vec()).is_some(), "written again, whatever it holds");
    }

    #[test]
    fn a_write_that_fails_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("a file, not a folder");
        std::fs::write(&blocker, b"in the way").expect("writes");
        let committer = committer(&blocker.join("state"));
        let commit = committer.take_bytes(b"a".to_vec()).expect("changed");
        let error = commit.write_now().expect_err("no folder can be made under a file");
        assert_matches!(error, CommitError::Write(_), "{error}");
    }
}
