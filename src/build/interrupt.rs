//! What an interrupted build must remove (its staging folder and its lock), and
//! whether it was interrupted. The CLI installs the Ctrl-C / SIGTERM handler
//! and calls [`interrupt`] from it; nothing here exits the process.

use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Paths to remove if the process is interrupted, and whether it was.
pub(super) struct Cleanup {
    pub(super) interrupted: bool,
    pub(super) paths: Vec<PathBuf>,
}

/// Writers hold it shared; [`interrupt`] and the swap hold it alone, so that
/// no file is written into a staging folder after it was removed and the
/// removal never runs between the two renames of the swap.
static CLEANUP: RwLock<Cleanup> = RwLock::new(Cleanup { interrupted: false, paths: Vec::new() });

pub(super) fn cleanup_write() -> RwLockWriteGuard<'static, Cleanup> {
    CLEANUP.write().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn cleanup_read() -> RwLockReadGuard<'static, Cleanup> {
    CLEANUP.read().unwrap_or_else(|e| e.into_inner())
}

/// Removes `path` (a staging folder or a lock file) if the process is interrupted.
pub fn remove_on_interrupt(path: &Path) {
    cleanup_write().paths.push(path.to_path_buf());
}

/// Forgets a path given to [`remove_on_interrupt`].
pub fn keep_on_interrupt(path: &Path) {
    cleanup_write().paths.retain(|p| p != path);
}

/// Marks the process as interrupted and removes what a build in progress left
/// (staging folder, lock). Returns whether anything was removed. The previous
/// output is never touched. Writes after this fail (« construction interrompue »).
pub fn interrupt() -> bool {
    let mut c = cleanup_write();
    c.interrupted = true;
    let any = !c.paths.is_empty();
    for p in c.paths.drain(..).rev() {
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(&p);
        } else {
            let _ = std::fs::remove_file(&p);
        }
    }
    any
}
