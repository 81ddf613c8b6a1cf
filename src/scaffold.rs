//! `recueil init` and `recueil new`: a new project that checks and builds as it
//! is, and a new fiche with every key and section, never overwriting a file.

use crate::model::date::Date;
use std::path::{Path, PathBuf};

const CONFIG_TEMPLATE: &str = include_str!("scaffold/recueil.yaml");
const EXAMPLE_FICHE: &str = include_str!("scaffold/exemple.md");
const ACCUEIL: &str = include_str!("scaffold/_accueil.md");
const FICHE_TEMPLATE: &str = include_str!("scaffold/nouvelle-fiche.md");

/// Creates a project in `dir`. Refuses when a project is already there.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.join(crate::load::config::FILE).exists() || dir.join(crate::load::project::FICHES_DIR).exists() {
        return Err(format!("{} contient déjà un projet (recueil.yaml ou fiches/) : rien n'a été modifié", dir.display()));
    }
    let files: [(PathBuf, &str); 4] = [
        (dir.join(crate::load::config::FILE), CONFIG_TEMPLATE),
        (dir.join("fiches").join("exemple-epicerie-solidaire.md"), EXAMPLE_FICHE),
        (dir.join("fiches").join("_accueil.md"), ACCUEIL),
        (dir.join(".gitignore"), "/output/\n"),
    ];
    let mut written = Vec::new();
    for (path, content) in files {
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : {}", parent.display(), crate::load::diagnostics::io_error_fr(&e)))?;
        }
        std::fs::write(&path, content).map_err(|e| format!("{} : {}", path.display(), crate::load::diagnostics::io_error_fr(&e)))?;
        written.push(path);
    }
    Ok(written)
}

/// Writes `fiches/<slug>.md` for a new action, as a draft.
pub fn new_fiche(root: &Path, titre: &str) -> Result<PathBuf, String> {
    let titre = titre.trim();
    let slug = crate::model::text::slugify(titre);
    if slug.is_empty() {
        return Err("le titre doit contenir au moins une lettre ou un chiffre".into());
    }
    let dir = root.join(crate::load::project::FICHES_DIR);
    if !dir.is_dir() {
        return Err(format!(
            "pas de dossier fiches/ dans {} : lancez la commande dans un projet, ou « recueil init » pour en créer un",
            root.display()
        ));
    }
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!("fiches/{slug}.md existe déjà : rien n'a été écrit (choisissez un autre titre ou modifiez ce fichier)"));
    }
    let content = FICHE_TEMPLATE.replace("{{titre}}", &yaml_quote(titre)).replace("{{date}}", &Date::today().iso());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("fiches/{slug}.md : {}", crate::load::diagnostics::io_error_fr(&e)))?;
    std::io::Write::write_all(&mut file, content.as_bytes())
        .map_err(|e| format!("fiches/{slug}.md : {}", crate::load::diagnostics::io_error_fr(&e)))?;
    Ok(path)
}

/// A YAML double-quoted string.
fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
