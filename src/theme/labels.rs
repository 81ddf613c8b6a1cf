//! The visible words of recueil (`labels.yaml`), shared by the site and the
//! PDFs: the default theme's file, merged with a project theme's overrides,
//! French typography already applied.

use serde::Serialize;

/// The labels, by dotted path (`sections.contexte`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Labels(pub(super) serde_json::Value);

impl Labels {
    /// The label at `path`, or the path itself when the theme lacks it (a
    /// visible sign of a missing label, never a failure).
    pub fn get(&self, path: &str) -> String {
        let mut v = &self.0;
        for part in path.split('.') {
            match v.get(part) {
                Some(x) => v = x,
                None => return path.to_string(),
            }
        }
        v.as_str().map(str::to_string).unwrap_or_else(|| path.to_string())
    }

    /// The label at `path` with its `{name}` markers replaced.
    pub fn fill(&self, path: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(path);
        for (k, v) in values {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// « 1 fiche » / « 3 fiches »: the label `path.un` for one, else `path.n` with `{n}`.
    pub fn count(&self, path: &str, n: usize, shown: &str) -> String {
        if n == 1 { self.get(&format!("{path}.un")) } else { self.fill(&format!("{path}.n"), &[("n", shown)]) }
    }

    /// « aucune fiche », « 1 fiche », « 1 234 fiches ».
    pub fn fiches(&self, k: usize) -> String {
        match k {
            0 => self.get("commun.fiches_zero"),
            1 => self.get("commun.fiche_un"),
            _ => self.fill("commun.fiches_n", &[("n", &crate::model::text::group_thousands(k as u64))]),
        }
    }

    /// The section's heading (`sections.<name>`).
    pub fn section(&self, kind: crate::model::SectionKind) -> String {
        self.get(&format!("sections.{}", kind.name()))
    }

    /// The key figure's name (`chiffres.<key>`).
    pub fn chiffre(&self, key: &str) -> String {
        self.get(&format!("chiffres.{key}"))
    }
}
