//! The theme: Tera 2 templates, static assets and the French labels file. The
//! default theme is embedded in the binary; a project's `themes/<name>/`
//! overrides any template, asset or label of it by file name.

use crate::load::yaml::{Node, Value};
pub mod labels;

pub use labels::Labels;

use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A loaded theme, templates compiled once.
pub struct Theme {
    pub tera: tera::Tera,
    /// Files copied to `output/assets/` (path under `assets/` → bytes).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// `labels.yaml`, default merged with the project's overrides.
    pub labels: Labels,
    /// The theme folder of the project, if any (for PDF fonts).
    pub dir: Option<PathBuf>,
    /// Whether `fiche.html` renders `fiche.proches` as cards itself (a theme
    /// written before `fiche.proches_html`): pages then get whole cards there.
    pub full_proches: bool,
    /// What the PDFs take from the theme: fonts, hyphenation patterns, logo.
    pub pdf: PdfFiles,
    /// The map of départements (`carte/departements.txt`).
    pub carte: Arc<crate::model::carte::Carte>,
}

/// Where a theme keeps the map's geometry.
pub const CARTE_FILE: &str = "carte/departements.txt";

/// The font files of a theme, by face, in `fonts/`.
pub const FONT_FILES: [&str; 4] = ["regular.ttf", "bold.ttf", "italic.ttf", "bold-italic.ttf"];

/// The files the PDFs read from the theme: the default theme's, each
/// replaceable by the project's theme (`themes/<nom>/fonts/bold.ttf`,
/// `themes/<nom>/logo.png`). Cheap to clone.
#[derive(Debug, Clone)]
pub struct PdfFiles {
    /// Regular, bold, italic and bold italic ([`FONT_FILES`]): the name shown
    /// in messages, and the bytes.
    pub fonts: [(String, Arc<[u8]>); 4],
    /// French hyphenation patterns (`fr.standard.bincode`).
    pub hyphenation: Arc<[u8]>,
    /// `logo.png`, `logo.jpg` or `logo.jpeg` of the project's theme folder.
    pub logo: Option<PathBuf>,
    /// The map of départements (the theme's, read once by [`Theme::load`]).
    pub carte: Arc<crate::model::carte::Carte>,
}

impl PdfFiles {
    /// From a theme's files (relative path → bytes and name shown), the
    /// project's over the default's.
    fn from_files<'a>(
        get: impl Fn(&str) -> Option<(&'a [u8], String)>,
        dir: Option<&Path>,
        carte: Arc<crate::model::carte::Carte>,
    ) -> PdfFiles {
        let file = |rel: &str| get(rel).map(|(b, shown)| (shown, Arc::<[u8]>::from(b))).unwrap_or_default();
        PdfFiles {
            fonts: FONT_FILES.map(|f| file(&format!("fonts/{f}"))),
            hyphenation: file("fr.standard.bincode").1,
            logo: dir.and_then(|d| ["logo.png", "logo.jpg", "logo.jpeg"].iter().map(|n| d.join(n)).find(|p| p.is_file())),
            carte,
        }
    }
}

/// A theme problem, in French, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{fichier}: erreur: {message}")]
pub struct ThemeError {
    pub fichier: String,
    pub message: String,
}

/// Every file of a folder, as (relative path with `/`, bytes), sorted.
fn walk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
        if e.file_type().is_file()
            && let Ok(rel) = e.path().strip_prefix(dir)
        {
            out.push((rel.to_string_lossy().replace('\\', "/"), e.path().to_path_buf()));
        }
    }
    out
}

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        embedded_files(d, out);
    }
}

impl Theme {
    /// Loads the default theme, then the project's `themes/<name>/` over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut files: BTreeMap<String, (Vec<u8>, String)> = BTreeMap::new();
        let mut embedded = Vec::new();
        embedded_files(&DEFAULT, &mut embedded);
        for (rel, bytes) in embedded {
            files.insert(rel.clone(), (bytes.to_vec(), format!("themes/default/{rel} (intégré)")));
        }
        let mut labels =
            parse_labels(files.get("labels.yaml").map(|(b, _)| b.as_slice()).unwrap_or_default(), "themes/default/labels.yaml")?;
        let project_dir = root.join("themes").join(name);
        let dir = project_dir.is_dir().then(|| project_dir.clone());
        if let Some(dir) = &dir {
            for (rel, path) in walk_files(dir) {
                let shown = format!("themes/{name}/{rel}");
                let bytes = std::fs::read(&path)
                    .map_err(|e| ThemeError { fichier: shown.clone(), message: crate::load::diagnostics::io_error_fr(&e) })?;
                if rel == "labels.yaml" {
                    merge(&mut labels, parse_labels(&bytes, &shown)?);
                } else {
                    files.insert(rel, (bytes, shown));
                }
            }
        }

        let carte = Arc::new(match files.get(CARTE_FILE) {
            Some((bytes, shown)) => {
                let text = String::from_utf8_lossy(bytes);
                crate::model::carte::Carte::parse(&text).map_err(|e| ThemeError {
                    fichier: format!("{shown}:{}", e.ligne),
                    message: format!("carte des départements illisible : {}", e.message),
                })?
            }
            None => crate::model::carte::Carte::default(),
        });
        let pdf = PdfFiles::from_files(|rel| files.get(rel).map(|(b, shown)| (b.as_slice(), shown.clone())), dir.as_deref(), carte.clone());
        let mut tera = tera::Tera::new();
        let mut templates = Vec::new();
        let mut origins: BTreeMap<String, String> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for (rel, (bytes, shown)) in files {
            if let Some(t) = rel.strip_prefix("templates/") {
                let text = crate::load::decode::decode_text(bytes).map_err(|e| ThemeError {
                    fichier: format!("{shown}:{}:{}", e.pos.line, e.pos.col),
                    message: format!("{}\n  aide : {}", crate::load::decode::NOT_UTF8, crate::load::decode::NOT_UTF8_AIDE),
                })?;
                origins.insert(t.to_string(), shown);
                templates.push((t.to_string(), text));
            } else if let Some(a) = rel.strip_prefix("assets/") {
                assets.insert(a.to_string(), bytes);
            }
        }
        tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str()))).map_err(|e| template_error(&e, &origins))?;
        let full_proches = templates.iter().any(|(n, c)| n == "fiche.html" && !c.contains("proches_html"));
        Ok(Theme { tera, assets, labels: Labels(labels), dir, full_proches, pdf, carte })
    }

    /// A label by dotted path (`sections.contexte`), or the path itself.
    pub fn label(&self, path: &str) -> String {
        self.labels.get(path)
    }
}

/// The default theme's PDF files (for a PDF made without a project's theme).
pub fn default_pdf_files() -> PdfFiles {
    let carte = DEFAULT
        .get_file(CARTE_FILE)
        .and_then(|f| crate::model::carte::Carte::parse(&String::from_utf8_lossy(f.contents())).ok())
        .unwrap_or_default();
    PdfFiles::from_files(
        |rel| DEFAULT.get_file(rel).map(|f| (f.contents(), format!("themes/default/{rel} (intégré)"))),
        None,
        Arc::new(carte),
    )
}

/// The default theme's labels (for a PDF made without a project's theme).
pub fn default_labels() -> Labels {
    let bytes = DEFAULT.get_file("labels.yaml").map(|f| f.contents()).unwrap_or_default();
    Labels(parse_labels(bytes, "themes/default/labels.yaml").unwrap_or_default())
}

/// A Tera error as `themes/x/templates/f.html: erreur: …` (Tera's own text names line and column).
pub fn template_error(e: &tera::Error, origins: &BTreeMap<String, String>) -> ThemeError {
    let text = e.to_string();
    let file = origins
        .iter()
        .find(|(name, _)| text.contains(&format!("{name}:")) || text.contains(&format!("'{name}'")))
        .map(|(_, shown)| shown.clone())
        .unwrap_or_else(|| "themes".into());
    ThemeError { fichier: file, message: format!("erreur de gabarit :\n{text}") }
}

fn parse_labels(bytes: &[u8], shown: &str) -> Result<serde_json::Value, ThemeError> {
    let text = crate::load::decode::decode_text(bytes.to_vec()).map_err(|e| ThemeError {
        fichier: format!("{shown}:{}:{}", e.pos.line, e.pos.col),
        message: format!("{}\n  aide : {}", crate::load::decode::NOT_UTF8, crate::load::decode::NOT_UTF8_AIDE),
    })?;
    let node = crate::load::yaml::parse(&text).map_err(|e| ThemeError {
        fichier: format!("{shown}:{}:{}", e.pos.line, e.pos.col),
        message: format!("{}{}", e.message, e.aide.map(|a| format!("\n  aide : {a}")).unwrap_or_default()),
    })?;
    Ok(to_json(&node))
}

fn to_json(n: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &n.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => J::from(*f),
        Value::Str(s) => J::String(crate::model::typo::apply(s).into_owned()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.as_text().unwrap_or_default(), to_json(v))).collect()),
    }
}

fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label the Rust side asks for exists in the default theme.
    #[test]
    fn labels_used_by_the_renderer_exist() {
        let t = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        let mut keys: Vec<String> = ["nav.accueil", "nav.fiches", "nav.thematiques", "nav.publics", "nav.regions", "erreur_404.titre"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for k in crate::model::SectionKind::ALL {
            keys.push(format!("sections.{}", k.name()));
        }
        for k in crate::model::Chiffres::KEYS {
            keys.push(format!("chiffres.{k}"));
        }
        for k in crate::model::collection::TaxonomyKind::ALL {
            keys.push(format!("taxonomies.{}", k.key()));
        }
        for k in crate::model::collection::TaxonomyKind::ALL.map(|k| k.facet()).into_iter().chain(["statut", "annee"]) {
            keys.push(format!("taxonomies.facettes.{k}"));
        }
        for k in ["fiche", "fiches", "structures", "departements", "participants"] {
            keys.push(format!("accueil.chiffres_cles.{k}"));
        }
        keys.push("nav.bilan".into());
        keys.extend(crate::render::site::bilan::LABELS.iter().map(|k| format!("bilan.{k}")));
        for k in keys {
            assert_ne!(t.label(&k), k, "label {k} missing from themes/default/labels.yaml");
        }
    }
}
