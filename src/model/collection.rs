//! The typed collection every renderer reads: published fiches in a stable
//! order, and their taxonomies (thématiques, publics, régions, départements,
//! types de structure), each built in one pass.

use crate::model::Fiche;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// URL folder and filter name (`thematiques`, `publics`, `regions`, `departements`, `types`).
    pub key: &'static str,
    /// Terms sorted by label, without regard to case or accents.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// What the taxonomies are and how a fiche gives its terms.
pub const TAXONOMY_KEYS: [&str; 5] = ["thematiques", "publics", "regions", "departements", "types"];

/// The terms of a fiche in one taxonomy, as `(label, slug)`.
pub fn terms_of(f: &Fiche, key: &str) -> Vec<(String, String)> {
    match key {
        "thematiques" => f.thematiques.iter().map(|t| (t.clone(), crate::model::text::slugify(t))).collect(),
        "publics" => f.publics.iter().map(|t| (t.clone(), crate::model::text::slugify(t))).collect(),
        "regions" => vec![(f.territoire.region.clone(), crate::model::text::slugify(&f.territoire.region))],
        "departements" => vec![(
            format!("{} ({})", f.territoire.departement_nom, f.territoire.departement),
            f.territoire.departement.to_ascii_lowercase(),
        )],
        "types" => vec![(f.type_structure.libelle().to_string(), f.type_structure.code().to_string())],
        _ => Vec::new(),
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
        // The five taxonomies side by side (each one pass over the fiches).
        let taxonomies = TAXONOMY_KEYS
            .par_iter()
            .map(|&key| {
                let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
                for (i, f) in fiches.iter().enumerate() {
                    for (label, slug) in terms_of(f, key) {
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
                Taxonomy { key, terms }
            })
            .collect();
        Collection { fiches, taxonomies }
    }

    pub fn taxonomy(&self, key: &str) -> &Taxonomy {
        self.taxonomies.iter().find(|t| t.key == key).expect("known taxonomy")
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Fiche> {
        self.fiches.iter().find(|f| f.slug == slug)
    }
}
