//! The typed collection every renderer reads: published fiches in a stable
//! order, and their taxonomies (thématiques, publics, régions, départements,
//! types de structure), each built in one pass.

use crate::model::Fiche;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The page of a fiche, from the site's root.
pub fn fiche_url(slug: &str) -> String {
    format!("fiches/{slug}/index.html")
}

/// The five ways of grouping fiches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Thematiques,
    Publics,
    Regions,
    Departements,
    Types,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 5] =
        [TaxonomyKind::Thematiques, TaxonomyKind::Publics, TaxonomyKind::Regions, TaxonomyKind::Departements, TaxonomyKind::Types];

    /// URL folder, label group and filter name (`thematiques`, …, `types`).
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Thematiques => "thematiques",
            TaxonomyKind::Publics => "publics",
            TaxonomyKind::Regions => "regions",
            TaxonomyKind::Departements => "departements",
            TaxonomyKind::Types => "types",
        }
    }

    /// The facet's name in the list page's filters (singular).
    pub fn facet(self) -> &'static str {
        match self {
            TaxonomyKind::Thematiques => "thematique",
            TaxonomyKind::Publics => "public",
            TaxonomyKind::Regions => "region",
            TaxonomyKind::Departements => "departement",
            TaxonomyKind::Types => "type",
        }
    }

    /// The one slug rule of a term: a free label (thématique, public, région)
    /// is slugified; a département or a type of structure is known by its code.
    pub fn slug(self, value: &str) -> String {
        match self {
            TaxonomyKind::Thematiques | TaxonomyKind::Publics | TaxonomyKind::Regions => crate::model::text::slugify(value),
            TaxonomyKind::Departements | TaxonomyKind::Types => value.to_ascii_lowercase(),
        }
    }

    /// The page of a term, from the site's root.
    pub fn term_url(self, slug: &str) -> String {
        format!("{}/{slug}/index.html", self.key())
    }

    /// The terms of a fiche in this taxonomy, as `(label, slug)`.
    pub fn terms_of(self, f: &Fiche) -> Vec<(String, String)> {
        match self {
            TaxonomyKind::Thematiques => f.thematiques.iter().map(|t| (t.clone(), self.slug(t))).collect(),
            TaxonomyKind::Publics => f.publics.iter().map(|t| (t.clone(), self.slug(t))).collect(),
            TaxonomyKind::Regions => vec![(f.territoire.region.clone(), self.slug(&f.territoire.region))],
            TaxonomyKind::Departements => {
                vec![(format!("{} ({})", f.territoire.departement_nom, f.territoire.departement), self.slug(&f.territoire.departement))]
            }
            TaxonomyKind::Types => vec![(f.type_structure.libelle().to_string(), self.slug(f.type_structure.code()))],
        }
    }
}

impl Serialize for TaxonomyKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// The spellings authors gave one thématique or public (same
/// [`crate::model::text::term_key`]), and the one shown for all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spellings {
    /// The most used spelling (on a tie, a capitalised one, then that of the newest fiche).
    pub shown: String,
    /// Every spelling with the number of fiches using it, most used first.
    pub all: Vec<(String, usize)>,
}

impl TaxonomyKind {
    /// Whether spellings of one term are merged (thématiques and publics:
    /// case, accents and plural do not make two terms).
    pub fn merges_spellings(self) -> bool {
        matches!(self, TaxonomyKind::Thematiques | TaxonomyKind::Publics)
    }

    /// The values an author wrote for this taxonomy (thématiques, publics).
    pub fn written(self, f: &Fiche) -> &[String] {
        match self {
            TaxonomyKind::Thematiques => &f.thematiques,
            TaxonomyKind::Publics => &f.publics,
            _ => &[],
        }
    }
}

/// The spellings of every term of `kind` among `fiches`, by term key; the
/// same whatever the order the fiches come in (newest first decides ties).
pub fn spellings<'a>(kind: TaxonomyKind, fiches: impl IntoIterator<Item = &'a Fiche>) -> HashMap<String, Spellings> {
    let mut order: Vec<&Fiche> = fiches.into_iter().collect();
    order.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    // key → spelling → (fiches, first seen)
    let mut seen: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new();
    let mut rank = 0;
    for f in order {
        for v in kind.written(f) {
            let v = v.trim();
            let entry = seen.entry(crate::model::text::term_key(v)).or_default();
            match entry.iter_mut().find(|(s, _, _)| s == v) {
                Some(e) => e.1 += 1,
                None => entry.push((v.to_string(), 1, rank)),
            }
            rank += 1;
        }
    }
    seen.into_iter()
        .map(|(key, mut all)| {
            // Most used; on a tie, a capitalised spelling, then the newest fiche's.
            let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
            all.sort_by(|a, b| b.1.cmp(&a.1).then(capital(&b.0).cmp(&capital(&a.0))).then(a.2.cmp(&b.2)));
            let shown = all[0].0.clone();
            (key, Spellings { shown, all: all.into_iter().map(|(s, n, _)| (s, n)).collect() })
        })
        .collect()
}

/// Writes every thématique and public of `fiches` in its shown spelling
/// (each once per fiche): two spellings of one term make one term.
fn merge_spellings(fiches: &mut [Fiche]) {
    for kind in TaxonomyKind::ALL.into_iter().filter(|k| k.merges_spellings()) {
        let spellings = spellings(kind, fiches.iter());
        if spellings.values().all(|s| s.all.len() == 1) {
            continue;
        }
        for f in fiches.iter_mut() {
            let values = match kind {
                TaxonomyKind::Thematiques => &mut f.thematiques,
                _ => &mut f.publics,
            };
            let mut merged: Vec<String> = Vec::with_capacity(values.len());
            for v in values.iter() {
                let shown = spellings.get(&crate::model::text::term_key(v.trim())).map_or_else(|| v.clone(), |s| s.shown.clone());
                if !merged.contains(&shown) {
                    merged.push(shown);
                }
            }
            *values = merged;
        }
    }
}

/// A taxonomy term and the fiches that carry it (indices into `Collection::fiches`).
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub label: String,
    pub slug: String,
    pub fiches: Vec<usize>,
}

/// One way of grouping fiches.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Terms sorted by label, without regard to case or accents.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// The published fiches and their taxonomies.
#[derive(Debug, Clone, Serialize)]
pub struct Collection {
    /// Newest first (date, then title), drafts left out unless asked for.
    pub fiches: Vec<Fiche>,
    pub taxonomies: Vec<Taxonomy>,
}

impl Collection {
    pub fn new(mut fiches: Vec<Fiche>, with_drafts: bool) -> Collection {
        fiches.retain(|f| with_drafts || !f.brouillon);
        fiches.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        merge_spellings(&mut fiches);
        // The five taxonomies side by side (each one pass over the fiches).
        let taxonomies = TaxonomyKind::ALL
            .par_iter()
            .map(|&kind| {
                let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
                for (i, f) in fiches.iter().enumerate() {
                    for (label, slug) in kind.terms_of(f) {
                        if slug.is_empty() {
                            continue;
                        }
                        let term = by_slug.entry(slug.clone()).or_insert_with(|| Term { label, slug, fiches: Vec::new() });
                        if term.fiches.last() != Some(&i) {
                            term.fiches.push(i);
                        }
                    }
                }
                let mut terms: Vec<Term> = by_slug.into_values().collect();
                terms.sort_by_cached_key(|t| (crate::model::text::fold(&t.label), t.slug.clone()));
                Taxonomy { kind, terms }
            })
            .collect();
        Collection { fiches, taxonomies }
    }

    /// The taxonomies are built in the order of [`TaxonomyKind::ALL`].
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind as usize]
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Fiche> {
        self.fiches.iter().find(|f| f.slug == slug)
    }
}
