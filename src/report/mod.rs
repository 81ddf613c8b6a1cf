//! Impact figures across a set of fiches: counts and exact sums (money in
//! cents, full-time equivalents in hundredths — never floats), used by the
//! booklets' key-figures page and by the impact report (`output/bilan/`, and
//! `livrets/bilan.pdf` drawn by the PDF renderer).

mod aggregate;
pub mod charts;

pub use aggregate::{Aggregate, ChiffreTotal, Count, DepartementCount, FinanceurTotal, Groupe, Valeur, aggregate, departement_order};

use crate::load::config::BilanConfig;
use crate::model::Fiche;
use crate::model::collection::Collection;

/// Which part of the report's fiches a page covers: all, one year of start, one région.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filtre {
    Tout,
    /// Actions started that year (`annee_debut`).
    Annee(i32),
    /// Région by URL name (`bourgogne-franche-comte`).
    Region(String),
}

impl Filtre {
    pub fn matches(&self, f: &Fiche) -> bool {
        match self {
            Filtre::Tout => true,
            Filtre::Annee(y) => f.annee_debut == Some(*y),
            Filtre::Region(slug) => crate::model::collection::TaxonomyKind::Regions.slug(&f.territoire.region) == *slug,
        }
    }
}

/// The published fiches the report covers: those of `bilan.selection`, and
/// with `bilan.annee`, only the actions started that year.
pub fn fiches_du_bilan<'a>(c: &'a Collection, cfg: &BilanConfig) -> Vec<&'a Fiche> {
    c.fiches.iter().filter(|f| cfg.selection.matches(f) && cfg.annee.is_none_or(|y| f.annee_debut == Some(y))).collect()
}

/// The report's title: `bilan.titre`, else `base` (« Bilan d’impact »), with
/// the year when the report is scoped to one.
pub fn titre(cfg: &BilanConfig, base: &str) -> String {
    match (&cfg.titre, cfg.annee) {
        (Some(t), _) => crate::model::typo::apply(t).into_owned(),
        (None, Some(y)) => format!("{base} {y}"),
        (None, None) => base.to_string(),
    }
}
