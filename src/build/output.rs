//! The output folder: a build writes into a staging folder beside it and swaps
//! it in only when everything succeeded, so a failed build leaves the previous
//! output untouched. A marker file records that a folder is recueil's; a folder
//! holding other files is never overwritten without `--force`.
//!
//! Names beside an output `X` (all hidden, all recueil's):
//! - `.X.recueil-en-cours-<pid>`: the staging folder of build `<pid>`;
//! - `.X.recueil-ancien-<pid>`: the previous output while build `<pid>` swaps;
//! - `.X.recueil-verrou`: the lock of [`crate::build::lock`], held from the start of
//!   the staging folder to the end of the swap.
//!
//! A build killed outright leaves its staging folder behind: the next build
//! removes it when its process is gone (and puts a previous output back if the
//! kill fell between the two renames of the swap). Ctrl-C and SIGTERM remove
//! the staging folder before exiting (see [`super::interrupt`]; the CLI installs the handler).

use super::interrupt::{Cleanup, cleanup_read, cleanup_write, keep_on_interrupt, remove_on_interrupt};
use crate::render::{Output, OutputError};
use std::path::{Component, Path, PathBuf};

/// Name of the marker file written at the top of every output.
pub const MARKER: &str = ".recueil-sortie";

const STAGING_TAG: &str = "recueil-en-cours-";
const OLD_TAG: &str = "recueil-ancien-";

/// A folder being written.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    /// One build at a time writes this output (released after the swap).
    lock: Option<crate::build::lock::BuildLock>,
    /// Set once committed or abandoned: `Drop` then leaves the folder alone.
    done: bool,
    /// Writes go straight into the target, each file through a temporary name
    /// and a rename (`serve`'s partial rebuilds: a page is never seen half written).
    in_place: bool,
    /// Whether the folder was seeded from the previous output (its files are
    /// then hard links, replaced rather than written through).
    seeded: std::sync::atomic::AtomicBool,
}

fn io(path: &Path, source: std::io::Error) -> OutputError {
    OutputError::Io { path: path.to_path_buf(), source }
}

/// Whether process `pid` still runs (unknown → assumed alive, so nothing is removed).
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(p) = libc::pid_t::try_from(pid) else { return false };
        if p <= 0 {
            return false;
        }
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(p, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{CloseHandle, ERROR_ACCESS_DENIED, GetLastError, STILL_ACTIVE};
        use windows_sys::Win32::System::Threading::{GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION};
        // SAFETY: the handle is checked, only queried, then closed.
        unsafe {
            let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
            if handle.is_null() {
                // A process of another user exists but cannot be opened.
                return GetLastError() == ERROR_ACCESS_DENIED;
            }
            let mut code = 0u32;
            let ok = GetExitCodeProcess(handle, &mut code) != 0;
            CloseHandle(handle);
            !ok || code == STILL_ACTIVE as u32
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        true
    }
}

/// Path of the lock file of an output folder.
pub fn lock_path(root: &Path, output: &Path) -> PathBuf {
    let target = target_of(root, output);
    let (name, parent) = name_and_parent(root, &target);
    parent.join(format!(".{name}.recueil-verrou"))
}

/// The absolute target folder of `output` for a project at `root`.
pub fn target_of(root: &Path, output: &Path) -> PathBuf {
    if output.is_absolute() { output.to_path_buf() } else { root.join(output) }
}

/// The name of the target and its parent folder (where staging folders go).
pub fn name_and_parent(root: &Path, target: &Path) -> (String, PathBuf) {
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
    (name, parent)
}

fn refuse(target: &Path, why: &str) -> OutputError {
    OutputError::Refused(format!("refus d'écrire dans {} : {why}", target.display()))
}

/// The canonical form of a path, or for one that does not exist yet, of where it
/// would be (its deepest existing ancestor, canonical, plus the rest).
fn canonical_or_planned(target: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut cur = target;
    loop {
        if let Ok(c) = dunce::canonicalize(cur) {
            return rest.iter().rev().fold(c, |acc, n| acc.join(n));
        }
        match (cur.parent(), cur.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                cur = p;
            }
            _ => return target.to_path_buf(),
        }
    }
}

/// What a project says of the folders an output may not replace (from the loader).
pub struct Protected {
    /// Folders of the project (relative to its root) that an output may not be in.
    pub folders: Vec<&'static str>,
    /// Whether a folder holds a project: (its site file, its fiches folder).
    pub is_project: fn(&Path) -> (bool, bool),
}

/// Checks that `target` may be replaced by a build of the project at `root`.
fn check_target(root: &Path, target: &Path, force: bool, protected: &Protected) -> Result<(), OutputError> {
    let canon_root = dunce::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let canon = canonical_or_planned(target);
    if canon == canon_root || canon_root.starts_with(&canon) {
        return Err(refuse(target, "c'est le dossier du projet (ou un dossier parent)"));
    }
    for &own in &protected.folders {
        if canon.starts_with(canon_root.join(own)) {
            return Err(refuse(
                target,
                &format!("il est dans le dossier {own}/ du projet, qui serait effacé ou mélangé au site (choisissez par exemple output/)"),
            ));
        }
    }
    // Inside the project: never a hidden folder (.git), never over the
    // project's own files, even with --force (livrets/ holds the booklets'
    // introductions, any folder may hold what recueil.yaml names).
    let inside = canon.strip_prefix(&canon_root).ok().map(Path::to_path_buf);
    if let Some(first) = inside.as_ref().and_then(|r| r.components().next()).map(|c| c.as_os_str().to_string_lossy().into_owned())
        && (first.starts_with('.') || first.starts_with('_'))
    {
        return Err(refuse(
            target,
            &format!("{first}/ est un dossier caché du projet : recueil n'y écrit jamais (choisissez par exemple output/)"),
        ));
    }
    let Ok(meta) = std::fs::symlink_metadata(target) else { return Ok(()) };
    let is_folder = meta.is_dir() || (meta.file_type().is_symlink() && canon.is_dir());
    if !is_folder {
        return Err(refuse(target, "ce n'est pas un dossier (un fichier de ce nom existe déjà)"));
    }
    let ours = canon.join(MARKER).is_file();
    // An output has a fiches/ folder of its own (the pages): only the marker tells them apart.
    let (site_file, fiches) = (protected.is_project)(&canon);
    if site_file || (!ours && fiches) {
        return Err(refuse(target, "il ressemble à un projet (recueil.yaml ou fiches/) : recueil ne le remplacera pas, même avec --force"));
    }
    let empty = std::fs::read_dir(&canon).map(|mut d| d.next().is_none()).map_err(|e| io(target, e))?;
    if inside.is_some() && !empty && !ours {
        return Err(refuse(
            target,
            "ce dossier du projet contient des fichiers qui ne viennent pas de recueil : il n'est jamais remplacé, même avec --force (choisissez par exemple output/)",
        ));
    }
    if !force && !empty && !ours {
        return Err(refuse(target, "ce dossier contient des fichiers qui ne viennent pas de recueil (ajoutez --force pour le remplacer)"));
    }
    Ok(())
}

/// Removes the staging folders of builds of `name` (in `parent`) whose process
/// is gone; puts back a previous output left aside by a build killed mid-swap.
pub fn clean_stale(parent: &Path, name: &str) {
    let target = parent.join(name);
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.");
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let (old, pid) = if let Some(p) = rest.strip_prefix(STAGING_TAG) {
            (false, p)
        } else if let Some(p) = rest.strip_prefix(OLD_TAG) {
            (true, p)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !process_alive(pid) && e.file_type().is_ok_and(|t| t.is_dir()) {
            stale.push((old, e.path()));
        }
    }
    stale.sort();
    for (old, path) in stale {
        if old && !target.exists() {
            // Killed between « output → ancien » and « en-cours → output ».
            let _ = std::fs::rename(&path, &target);
        } else if path.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            // Killed before the marker was written: only an empty folder is ours for sure.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// Refuses a file name that would leave the staging folder.
fn check_rel(rel: &str) -> Result<(), OutputError> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(OutputError::Refused(format!("nom de fichier refusé dans le dossier de sortie : « {rel} »")));
    }
    Ok(())
}

impl Staging {
    /// Checks the target and creates an empty staging folder beside it.
    pub fn begin(root: &Path, target: &Path, force: bool, protected: &Protected) -> Result<Staging, OutputError> {
        let target = target_of(root, target);
        check_target(root, &target, force, protected)?;
        let (name, parent) = name_and_parent(root, &target);
        std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
        let lock = super::lock::acquire(&lock_path(root, &target)).map_err(|e| OutputError::Lock(Box::new(e)))?;
        // Checked again: the build we waited for may have changed the folder.
        check_target(root, &target, force, protected)?;
        clean_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.{STAGING_TAG}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        remove_on_interrupt(&dir);
        let staging = Staging { dir, target, lock: Some(lock), done: false, in_place: false, seeded: Default::default() };
        std::fs::create_dir_all(&staging.dir).map_err(|e| io(&staging.dir, e))?;
        std::fs::write(staging.dir.join(MARKER), "Dossier écrit par recueil : il est remplacé à chaque construction.\n")
            .map_err(|e| io(&staging.dir, e))?;
        Ok(staging)
    }

    /// Writes into an existing output folder (one written by recueil, as its
    /// marker file shows) file by file, for `serve`'s partial rebuilds.
    pub fn in_place(target: &Path) -> Result<Staging, OutputError> {
        if !target.join(MARKER).is_file() {
            return Err(OutputError::Refused(format!(
                "le dossier {} n'a pas été écrit par recueil (ou a été vidé entre-temps) : arrêtez l'aperçu et relancez « recueil serve »",
                target.display()
            )));
        }
        Ok(Staging {
            dir: target.to_path_buf(),
            target: target.to_path_buf(),
            lock: None,
            done: true,
            in_place: true,
            seeded: Default::default(),
        })
    }

    /// Writes one file at `path` with `fill` (through a temporary name in place).
    fn put(&self, path: &Path, fill: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<(), OutputError> {
        if !self.in_place {
            return fill(path).map_err(|e| io(path, e));
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".recueil-tmp");
        let tmp = PathBuf::from(tmp);
        fill(&tmp).and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(path, e)
        })
    }

    /// Removes a file written by an earlier build, and its folder once empty
    /// (in place only: a staging folder starts empty).
    pub fn remove_file(&self, rel: &str) -> Result<(), OutputError> {
        let _g = self.guard()?;
        check_rel(rel)?;
        let path = self.dir.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                if let Some(parent) = path.parent().filter(|p| *p != self.dir) {
                    let _ = std::fs::remove_dir(parent);
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&path, e)),
        }
    }

    fn guard(&self) -> Result<std::sync::RwLockReadGuard<'static, Cleanup>, OutputError> {
        let g = cleanup_read();
        if g.interrupted {
            return Err(OutputError::Interrupted);
        }
        Ok(g)
    }

    /// Writes a file under the staging folder (parents created).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let _g = self.guard()?;
        let path = self.fresh_path(rel)?;
        self.put(&path, |p| std::fs::write(p, bytes))
    }

    /// Writes a file by streaming into it, so that a large export is never held
    /// whole in memory.
    pub fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError> {
        use std::io::Write;
        let _g = self.guard()?;
        let path = self.fresh_path(rel)?;
        self.put(&path, |p| {
            let mut w = std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(p)?);
            fill(&mut w).and_then(|()| w.flush())
        })
    }

    /// The staging path of `rel`, parents created. In a folder seeded from the
    /// previous output, the file there is removed first: it is a hard link, so
    /// it is replaced (new inode) rather than written through into the previous
    /// output. A fresh staging folder holds nothing to remove.
    fn fresh_path(&self, rel: &str) -> Result<PathBuf, OutputError> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io(p, e))?;
        }
        if self.seeded.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = std::fs::remove_file(&path);
        }
        Ok(path)
    }

    /// Starts from the previous output (hard links, or copies where links are
    /// impossible), for builds that rewrite only part of it (`--pdf-only`).
    pub fn seed_from_previous(&self) -> Result<(), OutputError> {
        if !self.target.join(MARKER).is_file() {
            return Ok(());
        }
        self.seeded.store(true, std::sync::atomic::Ordering::Relaxed);
        for e in walkdir::WalkDir::new(&self.target).follow_links(false).into_iter().flatten() {
            let Ok(rel) = e.path().strip_prefix(&self.target) else { continue };
            if rel.as_os_str().is_empty() || rel == Path::new(MARKER) {
                continue;
            }
            let to = self.dir.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).map_err(|err| io(&to, err))?;
            } else if e.file_type().is_file() && std::fs::hard_link(e.path(), &to).is_err() {
                std::fs::copy(e.path(), &to).map_err(|err| io(e.path(), err))?;
            }
        }
        Ok(())
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let _g = self.guard()?;
        let path = self.fresh_path(rel)?;
        self.put(&path, |p| std::fs::copy(from, p).map(|_| ())).map_err(|e| match e {
            OutputError::Io { path, source } => OutputError::Copy { path, from: from.to_path_buf(), source },
            e => e,
        })
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        self.done = true;
        let (name, parent) = name_and_parent(&self.dir, &self.target);
        let old = parent.join(format!(".{name}.{OLD_TAG}{}", std::process::id()));
        {
            // Alone: the interrupt handler waits until both renames are done.
            let mut c = cleanup_write();
            if c.interrupted {
                return Err(OutputError::Interrupted);
            }
            let had_old = std::fs::symlink_metadata(&self.target).is_ok();
            if had_old {
                if old.exists() {
                    std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
                }
                if let Err(e) = rename_retrying(&self.target, &old) {
                    let _ = std::fs::remove_dir_all(&self.dir);
                    return Err(match held_file(&self.target) {
                        Some(file) => OutputError::Refused(format!(
                            "{} est ouvert dans un autre programme (un lecteur de PDF ou un tableur ?) : fermez-le puis relancez la construction",
                            crate::load::diagnostics::display_path(&parent, &file)
                        )),
                        None => io(&self.target, e),
                    });
                }
            }
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                if had_old {
                    let _ = std::fs::rename(&old, &self.target);
                }
                let _ = std::fs::remove_dir_all(&self.dir);
                c.paths.retain(|p| p != &self.dir);
                return Err(io(&self.target, e));
            }
            c.paths.retain(|p| p != &self.dir);
            if had_old {
                c.paths.push(old.clone());
            }
        }
        if std::fs::symlink_metadata(&old).is_ok() {
            if std::fs::symlink_metadata(&old).is_ok_and(|m| m.file_type().is_symlink()) {
                let _ = std::fs::remove_file(&old);
            } else {
                remove_dir_all_parallel(&old);
            }
        }
        keep_on_interrupt(&old);
        self.lock = None;
        Ok(self.target.clone())
    }

    /// Removes the staging folder after a failure.
    pub fn abandon(mut self) {
        self.remove();
    }

    fn remove(&mut self) {
        if !self.done {
            self.done = true;
            let _ = std::fs::remove_dir_all(&self.dir);
            keep_on_interrupt(&self.dir);
        }
        self.lock = None;
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        Staging::write(self, rel, bytes)
    }
    fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError> {
        Staging::write_with(self, rel, fill)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        Staging::copy(self, rel, from)
    }
}

impl Drop for Staging {
    /// A build that panics or returns early never leaves its staging folder.
    fn drop(&mut self) {
        self.remove();
    }
}

/// A rename that a file held open elsewhere may refuse for a moment (on
/// Windows, a PDF reader or an antivirus holding a file of the output):
/// tried again for about three seconds before giving up.
fn rename_retrying(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut wait = std::time::Duration::from_millis(50);
    let mut left = 8;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if left > 0 && may_pass(&e) => {
                std::thread::sleep(wait);
                wait = (wait * 2).min(std::time::Duration::from_millis(800));
                left -= 1;
            }
            r => return r,
        }
    }
}

/// Whether a refused rename may pass later (a file held open).
fn may_pass(e: &std::io::Error) -> bool {
    // ERROR_ACCESS_DENIED (5) and ERROR_SHARING_VIOLATION (32) on Windows.
    matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ResourceBusy)
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32)))
}

/// The first file under `dir` that another program holds open so that it
/// cannot be moved (Windows: opened without sharing deletion); `None` elsewhere.
fn held_file(dir: &Path) -> Option<PathBuf> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const DELETE: u32 = 0x0001_0000;
        const FILE_SHARE_ALL: u32 = 0x1 | 0x2 | 0x4;
        walkdir::WalkDir::new(dir).follow_links(false).into_iter().flatten().filter(|e| e.file_type().is_file()).find_map(|e| {
            let held = std::fs::OpenOptions::new().access_mode(DELETE).share_mode(FILE_SHARE_ALL).open(e.path()).is_err();
            held.then(|| e.into_path())
        })
    }
    #[cfg(not(windows))]
    {
        let _ = dir;
        None
    }
}

/// Removes a folder and everything in it, the entries of its first two
/// levels side by side (10,000 fiche folders go twice as fast on two cores).
/// Symbolic links are removed, never followed; errors leave what remains.
fn remove_dir_all_parallel(dir: &Path) {
    use rayon::prelude::*;
    let entries = |d: &Path| -> Vec<(PathBuf, bool)> {
        std::fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir()))).collect())
            .unwrap_or_default()
    };
    let mut leaves = Vec::new();
    for (path, is_dir) in entries(dir) {
        if is_dir {
            leaves.extend(entries(&path));
        } else {
            leaves.push((path, false));
        }
    }
    leaves.par_iter().for_each(|(p, is_dir)| {
        let _ = if *is_dir { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside() {
        assert!(check_rel("fiches/a/index.html").is_ok());
        assert!(check_rel("../x").is_err());
        assert!(check_rel("a/../../x").is_err());
        assert!(check_rel("/etc/x").is_err());
        assert!(check_rel("").is_err());
    }

    #[test]
    fn dead_and_live_processes() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(u32::MAX - 1));
    }
}
