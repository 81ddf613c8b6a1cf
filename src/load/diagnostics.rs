//! Problems found in a project, and how they are shown to authors: one line
//! `fiches/x.md:12:3: erreur: …` followed by an `aide :` line, a summary line,
//! colours on a terminal only, or JSON for tools.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the build: the fiche cannot be published as it is.
    Erreur,
    /// Worth fixing, but the fiche is still published.
    Avertissement,
}

/// One problem at one place of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the project root, with `/` separators.
    pub fichier: String,
    /// Line in the file, from 1 (0 when the problem concerns the whole file).
    pub ligne: u32,
    /// Column in characters, from 1.
    pub colonne: u32,
    pub gravite: Severity,
    pub message: String,
    /// What to do about it: the closest known name, the expected format, an example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aide: Option<String>,
}

pub use crate::model::Pos;

/// Collects the diagnostics of one file, positions already absolute.
#[derive(Debug, Default)]
pub struct Sink {
    file: String,
    pub items: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(file: &str) -> Self {
        Sink { file: file.to_string(), items: Vec::new() }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>, aide: Option<String>) {
        self.push(Severity::Erreur, pos, message.into(), aide);
    }

    pub fn warning(&mut self, pos: Pos, message: impl Into<String>, aide: Option<String>) {
        self.push(Severity::Avertissement, pos, message.into(), aide);
    }

    fn push(&mut self, gravite: Severity, pos: Pos, message: String, aide: Option<String>) {
        self.items.push(Diagnostic { fichier: self.file.clone(), ligne: pos.line, colonne: pos.col, gravite, message, aide });
    }

    /// Whether an error was already reported at exactly that place.
    pub fn has_errors_at(&self, pos: Pos) -> bool {
        self.items.iter().any(|d| d.gravite == Severity::Erreur && d.ligne == pos.line && d.colonne == pos.col)
    }
}

/// Path of `path` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}

/// The whole report of a run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Number of fiche files read.
    pub fiches_lues: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Erreur)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Avertissement)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.gravite == s).count()
    }

    /// Sorts by file, then line, then column: the order an author reads.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| (&a.fichier, a.ligne, a.colonne, a.gravite).cmp(&(&b.fichier, b.ligne, b.colonne, b.gravite)));
    }

    /// `2 erreurs, 1 avertissement dans 3 fiches (40 lues)`; a file that is
    /// not a fiche is named: `… dans 2 fiches et recueil.yaml (40 lues)`.
    pub fn summary(&self) -> String {
        use crate::model::text::nombre;
        let (e, w) = (self.errors(), self.warnings());
        let lues = nombre(self.fiches_lues, "lue", "lues");
        if e == 0 && w == 0 {
            return format!(
                "aucun problème dans {} lue{}",
                nombre(self.fiches_lues, "fiche", "fiches"),
                if self.fiches_lues > 1 { "s" } else { "" }
            );
        }
        let mut files: Vec<&str> = self.diagnostics.iter().map(|d| d.fichier.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let (fiches, others): (Vec<&str>, Vec<&str>) = files.into_iter().partition(|f| f.starts_with("fiches/"));
        let mut places = Vec::new();
        if !fiches.is_empty() {
            places.push(nombre(fiches.len(), "fiche", "fiches"));
        }
        places.extend(others.iter().map(|f| f.to_string()));
        let places = match places.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
            None => String::new(),
        };
        format!("{}, {} dans {places} ({lues})", nombre(e, "erreur", "erreurs"), nombre(w, "avertissement", "avertissements"))
    }

    /// The human rendering: one block per problem, then the summary line.
    pub fn render_text(&self, colour: bool) -> String {
        let paint = |code: &str, s: &str| {
            if colour { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            let (label, code) = match d.gravite {
                Severity::Erreur => ("erreur", "1;31"),
                Severity::Avertissement => ("avertissement", "1;33"),
            };
            // An author's value may carry terminal sequences: shown, never obeyed.
            let shown = crate::model::text::visible_controls;
            let place = if d.ligne == 0 { d.fichier.clone() } else { format!("{}:{}:{}", d.fichier, d.ligne, d.colonne) };
            let _ = writeln!(out, "{}: {}: {}", paint("1", &shown(&place)), paint(code, label), shown(&d.message));
            if let Some(aide) = &d.aide {
                let _ = writeln!(out, "  {} {}", paint("36", "aide :"), shown(aide));
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            diagnostics: &'a [Diagnostic],
            erreurs: usize,
            avertissements: usize,
            fiches_lues: usize,
            resume: String,
        }
        let j = Json {
            diagnostics: &self.diagnostics,
            erreurs: self.errors(),
            avertissements: self.warnings(),
            fiches_lues: self.fiches_lues,
            resume: self.summary(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }
}

/// An I/O error in French, without Rust's debug text.
pub fn io_error_fr(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "fichier ou dossier introuvable".into(),
        K::PermissionDenied => "accès refusé (droits insuffisants)".into(),
        K::AlreadyExists => "le fichier existe déjà".into(),
        K::InvalidData => "contenu illisible".into(),
        K::StorageFull => "disque plein : libérez de la place puis recommencez".into(),
        K::QuotaExceeded => "quota de disque dépassé : libérez de la place puis recommencez".into(),
        K::IsADirectory => "c'est un dossier, pas un fichier".into(),
        K::NotADirectory => "un élément du chemin est un fichier, pas un dossier".into(),
        K::DirectoryNotEmpty => "le dossier n'est pas vide".into(),
        K::ReadOnlyFilesystem => {
            "disque en lecture seule : impossible d'y écrire (clé USB verrouillée, dossier réseau ou CD ?) ; choisissez un autre dossier"
                .into()
        }
        K::ResourceBusy | K::ExecutableFileBusy => {
            "fichier utilisé par un autre programme (un lecteur PDF ou un tableur l'a peut-être ouvert) : fermez-le puis recommencez".into()
        }
        K::FileTooLarge => "fichier trop volumineux".into(),
        K::InvalidFilename => "nom de fichier invalide (trop long, ou avec un caractère interdit)".into(),
        K::CrossesDevices => "déplacement impossible d'un disque à un autre".into(),
        K::AddrInUse => "adresse déjà utilisée : un autre programme (peut-être un autre « recueil serve ») écoute sur ce port".into(),
        K::AddrNotAvailable => "cette adresse n'existe pas sur cette machine".into(),
        K::TimedOut => "délai dépassé".into(),
        K::Interrupted => "opération interrompue".into(),
        K::OutOfMemory => "mémoire insuffisante".into(),
        K::Unsupported => "opération non prise en charge par ce système".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("erreur du système (code {code})"),
            None => "erreur du système".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The system's errors in French, never its English text.
    #[test]
    fn os_errors_in_french() {
        use std::io::{Error, ErrorKind as K};
        assert!(io_error_fr(&Error::from(K::ReadOnlyFilesystem)).starts_with("disque en lecture seule"));
        assert!(io_error_fr(&Error::from(K::AddrInUse)).starts_with("adresse déjà utilisée"));
        assert!(io_error_fr(&Error::from(K::ResourceBusy)).contains("un lecteur PDF"));
        #[cfg(target_os = "linux")]
        {
            // EROFS and EADDRINUSE as the system gives them.
            assert!(io_error_fr(&Error::from_raw_os_error(30)).starts_with("disque en lecture seule"));
            assert!(io_error_fr(&Error::from_raw_os_error(98)).starts_with("adresse déjà utilisée"));
            // An error without a French text: its code, not the system's English.
            assert_eq!(io_error_fr(&Error::from_raw_os_error(71)), "erreur du système (code 71)");
        }
    }

    #[test]
    fn summary_line() {
        let mut s = Sink::new("fiches/a.md");
        s.error(Pos::new(2, 1), "x", None);
        s.error(Pos::new(3, 1), "y", None);
        let mut t = Sink::new("fiches/b.md");
        t.warning(Pos::new(1, 1), "z", Some("faites ceci".into()));
        let mut u = Sink::new("fiches/c.md");
        u.error(Pos::new(1, 1), "w", None);
        let r = Report { diagnostics: [s.items, t.items, u.items].concat(), fiches_lues: 40 };
        assert_eq!(r.summary(), "3 erreurs, 1 avertissement dans 3 fiches (40 lues)");
        let mut y = Sink::new("recueil.yaml");
        y.error(Pos::new(3, 1), "v", None);
        let with_config = Report { diagnostics: [r.diagnostics.clone(), y.items.clone()].concat(), fiches_lues: 40 };
        assert_eq!(with_config.summary(), "4 erreurs, 1 avertissement dans 3 fiches et recueil.yaml (40 lues)");
        let only_config = Report { diagnostics: y.items, fiches_lues: 1 };
        assert_eq!(only_config.summary(), "1 erreur, 0 avertissement dans recueil.yaml (1 lue)", "not « dans 1 fiche »");
        let text = r.render_text(false);
        assert!(text.contains("fiches/b.md:1:1: avertissement: z\n  aide : faites ceci\n"));
    }
}
