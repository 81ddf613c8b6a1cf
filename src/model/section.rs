//! The canonical sections of a fiche and the headings that mean them, through
//! their aliases (case, accents, spaces, a leading article and a trailing
//! « de l'action » do not matter).

use serde::{Serialize, Serializer};
use std::sync::OnceLock;

/// The sections of a fiche, in canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    Contexte,
    Public,
    Fonctionnement,
    Bilan,
    Moyens,
    Partenaires,
    Observations,
}

impl SectionKind {
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Contexte,
        SectionKind::Public,
        SectionKind::Fonctionnement,
        SectionKind::Bilan,
        SectionKind::Moyens,
        SectionKind::Partenaires,
        SectionKind::Observations,
    ];

    /// The name used as a key (`sections:` in YAML, labels, CSS classes).
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Contexte => "contexte",
            SectionKind::Public => "public",
            SectionKind::Fonctionnement => "fonctionnement",
            SectionKind::Bilan => "bilan",
            SectionKind::Moyens => "moyens",
            SectionKind::Partenaires => "partenaires",
            SectionKind::Observations => "observations",
        }
    }

    /// The default heading shown to readers.
    pub fn label(self) -> &'static str {
        self.aliases()[0]
    }

    pub fn required(self) -> bool {
        !matches!(self, SectionKind::Public | SectionKind::Observations)
    }

    /// Headings that mean this section, as the banks of experiences write them.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            SectionKind::Contexte => &["Contexte", "Diagnostic", "Éléments de diagnostic"],
            SectionKind::Public => &["Public", "Public ciblé", "Public(s) ciblé(s)", "Publics", "Publics visés"],
            SectionKind::Fonctionnement => &["Fonctionnement", "Description", "Description / Fonctionnement", "Déroulement"],
            SectionKind::Bilan => &["Bilan", "Résultats", "Résultats obtenus", "Évaluation"],
            SectionKind::Moyens => &["Moyens", "Moyens humains et matériels", "Budget"],
            SectionKind::Partenaires => &["Partenaires", "Partenariats"],
            SectionKind::Observations => {
                &["Observations", "Observations du CCAS", "Observations du CCAS/CIAS", "Perspectives", "Facteurs de réussite"]
            }
        }
    }

    pub fn from_name(s: &str) -> Option<SectionKind> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Matches a heading as an author wrote it.
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        // Most headings are written exactly as one of the aliases.
        if let Some((_, k, _)) = alias_table().iter().find(|(_, _, shown)| *shown == heading) {
            return Some(*k);
        }
        let n = normalize_heading(heading);
        alias_table().iter().find(|(a, _, _)| *a == n).map(|(_, k, _)| *k)
    }

    /// The accepted heading closest to an unknown one, for the hint.
    pub fn closest_heading(heading: &str) -> Option<&'static str> {
        let n = normalize_heading(heading);
        let limit = 2.max(n.chars().count() / 3);
        alias_table()
            .iter()
            .map(|(a, _, shown)| (strsim::levenshtein(&n, a), *shown))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, s)| s)
    }
}

impl Serialize for SectionKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// `(normalised alias, kind, alias as shown)`.
fn alias_table() -> &'static [(String, SectionKind, &'static str)] {
    static TABLE: OnceLock<Vec<(String, SectionKind, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| SectionKind::ALL.iter().flat_map(|&k| k.aliases().iter().map(move |a| (normalize_heading(a), k, *a))).collect())
}

/// Folds case and accents, collapses spaces, drops a leading article and a
/// trailing « de l'action » / « par l'action » and a final colon.
pub fn normalize_heading(h: &str) -> String {
    let folded = crate::model::text::fold(h);
    let mut s = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s.replace(" / ", "/").replace("/ ", "/").replace(" /", "/");
    while s.ends_with(':') || s.ends_with(' ') || s.ends_with('.') {
        s.pop();
    }
    for article in ["les ", "la ", "le ", "l'"] {
        if let Some(rest) = s.strip_prefix(article) {
            s = rest.trim_start().to_string();
            break;
        }
    }
    for suffix in [" de l'action", " par l'action", " de l'actions"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
            break;
        }
    }
    s
}
