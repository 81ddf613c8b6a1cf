//! One build at a time per output folder: a lock file `.X.recueil-verrou`
//! beside the output `X`, holding the pid of the build that writes it.
//!
//! The file is locked with the operating system's file lock (`File::try_lock`),
//! which the system releases when the process ends however it ends: a lock file
//! left by a killed build is simply taken over by the next one (its pid is only
//! there for the message). A second build waits for the first (up to
//! [`DEFAULT_WAIT`], or `RECUEIL_ATTENTE_VERROU` seconds), then refuses.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a build waits for another one writing the same output.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(600);
const POLL: Duration = Duration::from_millis(100);

/// Why the lock could not be taken, in French.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{} : {}", path.display(), crate::load::diagnostics::io_error_fr(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} : verrou impossible ({})", path.display(), crate::load::diagnostics::io_error_fr(source))]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "une autre construction de ce projet est en cours{} et écrit dans le même dossier de sortie : réessayez quand elle sera terminée (verrou : {})",
        holder.map(|p| format!(" (processus {p})")).unwrap_or_default(),
        path.display()
    )]
    Busy { path: PathBuf, holder: Option<u32> },
}

/// The lock, released (and its file removed) when dropped.
pub struct BuildLock {
    path: PathBuf,
    file: Option<File>,
}

fn wait_bound() -> Duration {
    std::env::var("RECUEIL_ATTENTE_VERROU").ok().and_then(|s| s.trim().parse::<u64>().ok()).map(Duration::from_secs).unwrap_or(DEFAULT_WAIT)
}

fn holder(path: &Path) -> Option<u32> {
    let mut s = String::new();
    File::open(path).ok()?.read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

/// Whether `file` is still the file at `path` (not removed by the holder we
/// waited for): same device and inode on Unix, same volume and file index on
/// Windows.
fn same_file(file: &File, path: &Path) -> bool {
    match (file.try_clone().and_then(same_file::Handle::from_file), same_file::Handle::from_path(path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Takes the lock file at `path`, waiting for another build to finish.
pub fn acquire(path: &Path) -> Result<BuildLock, LockError> {
    acquire_within(path, wait_bound())
}

/// Takes the lock, waiting at most `wait`.
pub fn acquire_within(path: &Path, wait: Duration) -> Result<BuildLock, LockError> {
    let path = path.to_path_buf();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| LockError::Io { path: parent.to_path_buf(), source })?;
    }
    let started = Instant::now();
    let mut said = false;
    loop {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| LockError::Io { path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) if same_file(&file, &path) => {
                let _ = file.set_len(0);
                let _ = file.rewind();
                let _ = writeln!(file, "{}", std::process::id());
                let _ = file.flush();
                super::interrupt::remove_on_interrupt(&path);
                return Ok(BuildLock { path, file: Some(file) });
            }
            // The holder removed the file between our open and our lock: open it again.
            Ok(()) => continue,
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(source)) => return Err(LockError::Lock { path, source }),
        }
        drop(file);
        let who = holder(&path);
        if started.elapsed() >= wait {
            return Err(LockError::Busy { path, holder: who });
        }
        let qui = who.map(|p| format!(" (processus {p})")).unwrap_or_default();
        if !said {
            eprintln!("une autre construction est en cours{qui} : attente de la fin de celle-ci…");
            said = true;
        }
        std::thread::sleep(POLL);
    }
}

impl BuildLock {
    /// Path of the lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Remove first, then unlock: a waiter that locked the removed file sees
        // that it is no longer the file at the path and opens it again.
        super::interrupt::keep_on_interrupt(&self.path);
        let _ = std::fs::remove_file(&self.path);
        if let Some(f) = self.file.take() {
            let _ = f.unlock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_taker_waits_then_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire_within(&crate::build::output::lock_path(dir.path(), Path::new("output")), Duration::ZERO).unwrap();
        assert!(first.path().is_file());
        let err = acquire_within(&crate::build::output::lock_path(dir.path(), Path::new("output")), Duration::ZERO).err().unwrap();
        let err = err.to_string();
        assert!(err.contains("une autre construction de ce projet est en cours"), "{err}");
        assert!(err.contains(&format!("processus {}", std::process::id())), "{err}");
        drop(first);
        assert!(!dir.path().join(".output.recueil-verrou").exists());
        let again = acquire_within(&crate::build::output::lock_path(dir.path(), Path::new("output")), Duration::ZERO).unwrap();
        drop(again);
    }

    #[test]
    fn a_left_over_lock_file_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".output.recueil-verrou"), "999999999\n").unwrap();
        let l = acquire_within(&crate::build::output::lock_path(dir.path(), Path::new("output")), Duration::ZERO).unwrap();
        assert_eq!(std::fs::read_to_string(l.path()).unwrap().trim(), std::process::id().to_string());
    }
}
