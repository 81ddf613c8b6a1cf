//! Loading a whole project: `recueil.yaml`, every fiche under `fiches/` (in
//! parallel), the home introduction, and the checks that span files (slugs).

use crate::load::config::Config;
use crate::load::diagnostics::{Pos, Report, Sink};
use crate::model::Fiche;
use crate::model::collection::Collection;
use crate::model::markdown::Markdown;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folder of the fiches, relative to the root.
pub const FICHES_DIR: &str = "fiches";

/// The project's own folders: an output may never be one of them or inside one.
pub const OWN_FOLDERS: [&str; 2] = [FICHES_DIR, "themes"];

/// Whether a folder holds a recueil project (its site file or its fiches folder).
/// An output also has a `fiches/` folder (its pages): the caller tells them apart.
pub fn looks_like_project(dir: &Path) -> (bool, bool) {
    (dir.join(crate::load::config::FILE).exists(), dir.join(FICHES_DIR).exists())
}

/// A loaded project: configuration, all fiches (drafts included) and the report.
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub fiches: Vec<Fiche>,
    /// `fiches/_accueil.md`, the home page introduction.
    pub accueil: Option<Markdown>,
    pub report: Report,
}

impl Project {
    /// Reads everything, reporting every problem of every file.
    pub fn load(root: &Path) -> Project {
        let root = dunce::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (config, config_sink) = crate::load::config::load(&root);
        let mut sinks = vec![config_sink];
        let files = fiche_files(&root, &mut sinks);
        let results: Vec<(Option<Fiche>, Sink)> = files.par_iter().map(|p| crate::load::fiche::load_file(&root, p)).collect();
        let fiches_lues = results.len();
        let mut fiches = Vec::with_capacity(results.len());
        for (fiche, sink) in results {
            sinks.push(sink);
            fiches.extend(fiche);
        }
        let mut slug_sink = Sink::new("");
        check_unique_slugs(&fiches, &mut slug_sink);
        check_term_spellings(&fiches, &mut slug_sink);
        let accueil_path = root.join(FICHES_DIR).join("_accueil.md");
        let mut accueil_sink = Sink::new(&crate::load::diagnostics::display_path(&root, &accueil_path));
        let accueil =
            std::fs::read(&accueil_path).ok().and_then(|b| crate::load::decode::decode(b, &mut accueil_sink)).map(|t| Markdown::new(&t));
        sinks.push(accueil_sink);
        let mut report = Report { diagnostics: sinks.into_iter().flat_map(|s| s.items).chain(slug_sink.items).collect(), fiches_lues };
        report.sort();
        Project { root, config, fiches, accueil, report }
    }

    /// The collection to publish (drafts only when asked for).
    pub fn collection(&self, with_drafts: bool) -> Collection {
        Collection::new(self.fiches.clone(), with_drafts)
    }

    /// Moves the fiches into the collection to publish (no copy).
    pub fn take_collection(&mut self, with_drafts: bool) -> Collection {
        Collection::new(std::mem::take(&mut self.fiches), with_drafts)
    }
}

/// Whether a file or folder name is left out of the fiches (`_modeles`, `.git`).
fn is_skipped_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('_') || n.starts_with('.'))
}

/// Whether `path` is a fiche file [`Project::load`] reads: under `fiches/`,
/// a fiche extension, and no `_x` or `.x` name on the way.
pub fn is_fiche_path(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root.join(FICHES_DIR)).is_ok_and(|rel| !rel.as_os_str().is_empty() && !rel.iter().any(is_skipped_name))
        && crate::load::fiche::is_fiche_file(path)
}

/// Every fiche file under `fiches/`, sorted, skipping `_x` and `.x` names.
fn fiche_files(root: &Path, sinks: &mut Vec<Sink>) -> Vec<PathBuf> {
    let dir = root.join(FICHES_DIR);
    if !dir.is_dir() {
        let mut s = Sink::new("fiches/");
        s.error(
            Pos::new(0, 0),
            "le dossier fiches/ est introuvable",
            Some("lancez recueil dans le dossier du projet (ou indiquez-le avec --root), ou créez un projet avec « recueil init »".into()),
        );
        sinks.push(s);
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_name(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && crate::load::fiche::is_fiche_file(e.path()) => files.push(e.into_path()),
            Ok(e) if e.file_type().is_symlink() && crate::load::fiche::is_fiche_file(e.path()) => {
                let mut s = Sink::new(&crate::load::diagnostics::display_path(root, e.path()));
                s.error(
                    Pos::new(0, 0),
                    "lien symbolique ignoré : une fiche doit être un vrai fichier du dossier fiches/",
                    Some("copiez le fichier au lieu de créer un lien".into()),
                );
                sinks.push(s);
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(|p| crate::load::diagnostics::display_path(root, p)).unwrap_or_else(|| "fiches/".into());
                let mut s = Sink::new(&path);
                s.error(Pos::new(0, 0), "dossier illisible", Some("vérifiez les droits d'accès de ce dossier".into()));
                sinks.push(s);
            }
        }
    }
    files
}

/// Two fiches may not share a URL name: the later file (by path) is reported.
/// Warns on each thématique or public written differently from the same term
/// in other fiches (case, accents, plural): they are shown as one term, in its
/// most used spelling, which the hint gives.
pub fn check_term_spellings<'a>(fiches: impl IntoIterator<Item = &'a Fiche> + Clone, sink: &mut Sink) {
    use crate::model::collection::{TaxonomyKind, spellings};
    let mut order: Vec<&Fiche> = fiches.clone().into_iter().collect();
    order.sort_by(|a, b| a.fichier.cmp(&b.fichier));
    for (i, kind) in [TaxonomyKind::Thematiques, TaxonomyKind::Publics].into_iter().enumerate() {
        let all = spellings(kind, fiches.clone());
        if all.values().all(|s| s.all.len() == 1) {
            continue;
        }
        let what = if i == 0 { "la thématique" } else { "le public" };
        for f in &order {
            for v in kind.written(f) {
                let Some(s) = all.get(&crate::model::text::term_key(v.trim())) else { continue };
                if s.all.len() < 2 || v.trim() == s.shown {
                    continue;
                }
                let others: Vec<String> = s
                    .all
                    .iter()
                    .filter(|(w, _)| w != v.trim())
                    .map(|(w, n)| format!("« {w} » ({})", crate::model::text::nombre(*n, "fiche", "fiches")))
                    .collect();
                let fixed: Vec<&str> = kind.written(f).iter().map(|w| if w == v { s.shown.as_str() } else { w.as_str() }).collect();
                let mut one = Sink::new(&f.fichier);
                one.warning(
                    f.terms_pos[i],
                    format!(
                        "{what} « {} » s'écrit autrement ailleurs : {} ; le site les réunit sous « {} »",
                        v.trim(),
                        others.join(", "),
                        s.shown
                    ),
                    Some(format!("écrivez partout la même chose, par exemple {}: [{}]", kind.key(), fixed.join(", "))),
                );
                sink.items.extend(one.items);
            }
        }
    }
}

pub fn check_unique_slugs<'a>(fiches: impl IntoIterator<Item = &'a Fiche>, sink: &mut Sink) {
    let mut order: Vec<&Fiche> = fiches.into_iter().collect();
    order.sort_by(|a, b| a.fichier.cmp(&b.fichier));
    let mut seen: HashMap<&str, &Fiche> = HashMap::with_capacity(order.len());
    for f in order {
        if let Some(first) = seen.get(f.slug.as_str()) {
            let mut s = Sink::new(&f.fichier);
            s.error(
                f.slug_pos,
                format!("l'adresse « {} » est déjà celle de {} : deux fiches ne peuvent pas avoir la même", f.slug, first.fichier),
                Some(format!("donnez à l'une des deux une clé slug différente, par exemple slug: {}-2", f.slug)),
            );
            sink.items.extend(s.items);
        } else {
            seen.insert(&f.slug, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiche_paths_are_those_the_loader_reads() {
        let root = Path::new("/p");
        assert!(is_fiche_path(root, Path::new("/p/fiches/a.md")));
        assert!(is_fiche_path(root, Path::new("/p/fiches/alimentation/a.yaml")));
        assert!(!is_fiche_path(root, Path::new("/p/fiches/_modeles/a.md")), "a folder starting with _ is skipped");
        assert!(!is_fiche_path(root, Path::new("/p/fiches/_accueil.md")));
        assert!(!is_fiche_path(root, Path::new("/p/fiches/.cache/a.md")));
        assert!(!is_fiche_path(root, Path::new("/p/fiches/a.txt")));
        assert!(!is_fiche_path(root, Path::new("/p/themes/a.md")));
    }
}
