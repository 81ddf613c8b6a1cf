//! `recueil init` and `recueil new`: a new project that checks and builds as it
//! is, and a new fiche with every key and section, never overwriting a file.

use crate::load::diagnostics::io_error_fr;
use crate::model::date::Date;
use std::path::{Path, PathBuf};

/// Why `init` or `new` wrote nothing, in French.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} contient déjà un projet (recueil.yaml ou fiches/) : rien n'a été modifié", .0.display())]
    ProjectExists(PathBuf),
    #[error("le titre doit contenir au moins une lettre ou un chiffre")]
    EmptyTitle,
    #[error("pas de dossier fiches/ dans {} : lancez la commande dans un projet, ou « recueil init » pour en créer un", .0.display())]
    NoFichesFolder(PathBuf),
    #[error("fiches/{0}.md existe déjà : rien n'a été écrit (choisissez un autre titre ou modifiez ce fichier)")]
    FicheExists(String),
    #[error("{} : {}", path.display(), io_error_fr(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io { path: path.to_path_buf(), source }
}

/// The example fiche `init` writes in `fiches/`.
const EXAMPLE_FILE: &str = "exemple-epicerie-solidaire.md";
const CONFIG_TEMPLATE: &str = include_str!("scaffold/recueil.yaml");
const EXAMPLE_FICHE: &str = include_str!("scaffold/exemple.md");
const ACCUEIL: &str = include_str!("scaffold/_accueil.md");
const FICHE_TEMPLATE: &str = include_str!("scaffold/nouvelle-fiche.md");

/// Creates a project in `dir`. Refuses when a project is already there.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join(crate::load::config::FILE).exists() || dir.join(crate::load::project::FICHES_DIR).exists() {
        return Err(ScaffoldError::ProjectExists(dir.to_path_buf()));
    }
    let files: [(PathBuf, &str); 4] = [
        (dir.join(crate::load::config::FILE), CONFIG_TEMPLATE),
        (dir.join("fiches").join(EXAMPLE_FILE), EXAMPLE_FICHE),
        (dir.join("fiches").join("_accueil.md"), ACCUEIL),
        (dir.join(".gitignore"), "/output/\n"),
    ];
    let mut written = Vec::new();
    for (path, content) in files {
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, content).map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// What to do after `init` in `dir`, in French.
pub fn next_steps(dir: &Path) -> String {
    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
    let cd = if here { String::new() } else { format!("  d'abord, entrez dans le projet : cd \"{}\"\n", dir.display()) };
    format!(
        "\nProjet prêt. Et maintenant :\n{cd}\
         \x20 1. décrivez une première action : recueil new \"Titre de l'action\", puis complétez le fichier créé dans fiches/\n\
         \x20 2. supprimez la fiche d'exemple quand vous n'en avez plus besoin : fiches/{EXAMPLE_FILE}\n\
         \x20 3. vérifiez et construisez : recueil check, puis recueil build (le site et les livrets sont dans output/)\n\
         \x20 4. regardez le site pendant que vous écrivez : recueil serve, puis ouvrez l'adresse affichée\n\
         \x20 Réglages (titre, couleur, logo, livrets) : recueil.yaml ; guide complet : docs/format.md du dépôt de recueil"
    )
}

/// Writes `fiches/<slug>.md` for a new action, as a draft.
pub fn new_fiche(root: &Path, titre: &str) -> Result<PathBuf, ScaffoldError> {
    let titre = titre.trim();
    let slug = crate::model::text::slugify(titre);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let dir = root.join(crate::load::project::FICHES_DIR);
    if !dir.is_dir() {
        return Err(ScaffoldError::NoFichesFolder(root.to_path_buf()));
    }
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(ScaffoldError::FicheExists(slug));
    }
    let content = FICHE_TEMPLATE.replace("{{titre}}", &yaml_quote(titre)).replace("{{date}}", &today().iso());
    let shown = PathBuf::from(format!("fiches/{slug}.md"));
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(io(&shown))?;
    std::io::Write::write_all(&mut file, content.as_bytes()).map_err(io(&shown))?;
    Ok(path)
}

/// Today (UTC), from the system clock: the date a new fiche starts with.
fn today() -> Date {
    Date::from_days_since_epoch(crate::clock::today_days())
}

/// A YAML double-quoted string.
pub fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
