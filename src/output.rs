//! The output folder: a build writes into a staging folder beside it and swaps
//! it in only when everything succeeded, so a failed build leaves the previous
//! output untouched. A marker file records that a folder is recueil's; a folder
//! holding other files is never overwritten without `--force`.

use std::path::{Path, PathBuf};

/// Name of the marker file written at the top of every output.
pub const MARKER: &str = ".recueil-sortie";

/// A folder being written.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
}

/// Why an output folder was refused or could not be written, in French.
#[derive(Debug)]
pub struct OutputError(pub String);

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn io(path: &Path, e: std::io::Error) -> OutputError {
    OutputError(format!("{} : {}", path.display(), crate::diagnostics::io_error_fr(&e)))
}

impl Staging {
    /// Checks the target and creates an empty staging folder beside it.
    pub fn begin(root: &Path, target: &Path, force: bool) -> Result<Staging, OutputError> {
        let target = if target.is_absolute() { target.to_path_buf() } else { root.join(target) };
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if let Ok(canon) = target.canonicalize() {
            if canon == canon_root || canon_root.starts_with(&canon) {
                return Err(OutputError(format!(
                    "refus d'écrire dans {} : c'est le dossier du projet (ou un dossier parent)",
                    target.display()
                )));
            }
            let ours = canon.join(MARKER).is_file();
            if !ours && (canon.join(crate::config::FILE).exists() || canon.join(crate::project::FICHES_DIR).exists()) {
                return Err(OutputError(format!(
                    "refus d'écrire dans {} : il ressemble à un projet (recueil.yaml ou fiches/)",
                    target.display()
                )));
            }
            let empty = std::fs::read_dir(&canon).map(|mut d| d.next().is_none()).unwrap_or(true);
            if !force && !empty && !ours {
                return Err(OutputError(format!(
                    "refus d'écrire dans {} : ce dossier contient des fichiers qui ne viennent pas de recueil (ajoutez --force pour le remplacer)",
                    target.display()
                )));
            }
        }
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
        std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
        let dir = parent.join(format!(".{name}.recueil-en-cours-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        std::fs::write(dir.join(MARKER), "Dossier écrit par recueil : il est remplacé à chaque construction.\n")
            .map_err(|e| io(&dir, e))?;
        Ok(Staging { dir, target })
    }

    /// Writes a file under the staging folder (parents created).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io(p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io(p, e))?;
        }
        std::fs::copy(from, &path).map(|_| ()).map_err(|e| io(from, e))
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let old = self.target.with_file_name(format!(
            ".{}.recueil-ancien-{}",
            self.target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.target, e));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(self.target.clone())
    }

    /// Removes the staging folder after a failure.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
