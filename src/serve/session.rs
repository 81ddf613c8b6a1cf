//! `serve`'s memory of the project between two saves: the loaded fiches, the
//! theme, the collection and the cards already rendered. Saving a fiche re-reads
//! that file only and re-renders what shows it: its page, the pages that show
//! its card (neighbours, « proches »), the list of fiches, the pages of its old
//! and new terms, the taxonomy indexes, the home page and the feeds. The search
//! index and the open data follow right after the reload; PDFs are made by a
//! worker thread ([`super::pdf_worker`]) so that pages never wait for them.

use crate::build::output::Staging;
use crate::build::{Prepared, prepare_from, set_globals};
use crate::load::diagnostics::{Diagnostic, Report};
use crate::model::Fiche;
use crate::model::collection::{Collection, TaxonomyKind};
use crate::render::progress::Progress;
use crate::render::site::view::{Carte, carte};
use crate::render::site::{LIST_CARDS, Parts, TERM_CARDS, card_values, render_card_sets};
use crate::render::{BuildError, BuildOptions, RenderInput};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// Window of the « proches » around a fiche in a thématique's list, plus one.
const PROCHES_REACH: usize = crate::render::site::view::PROCHES_WINDOW + 1;

/// What a rebuild did, for the terminal and the browser.
pub enum Outcome {
    /// Pages rewritten (count), whether the whole site was, the fiche files
    /// taken in (display paths, for their PDFs) and the warnings' report
    /// (empty when there is none).
    Rendered { pages: usize, full: bool, fiches: usize, files: HashSet<String>, warnings: String, drafts: Vec<String> },
    /// The project has errors: the report, in French.
    Errors(String),
}

/// Why the preview could not be (re)made: the project's errors (the report,
/// in French), or a build problem.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Invalid(String),
    #[error("erreur : {0}\n")]
    Build(#[from] BuildError),
}

/// The state kept between rebuilds.
pub struct Session {
    prepared: Prepared,
    /// Fiches left out of the collection (drafts, without `--drafts`).
    aside: Vec<Fiche>,
    output: PathBuf,
    options: BuildOptions,
    cartes: Vec<Carte>,
    cards_list: Vec<tera::Value>,
    cards_term: Vec<tera::Value>,
    /// Diagnostics of the last reading, by file.
    diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Fiche files changed since the last good render (kept while errors last).
    pending: BTreeSet<PathBuf>,
    /// Held while the output folder is swapped (see [`super::pdf_worker::OutputGuard`]).
    guard: super::pdf_worker::OutputGuard,
    /// Fingerprints of the files the last full render wrote (see [`super::settle`]).
    prints: crate::build::record::Fingerprints,
}

fn by_file(report: &Report) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut m: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        m.entry(d.fichier.clone()).or_default().push(d.clone());
    }
    m
}

impl Session {
    /// Loads the project and writes the whole site (no PDF: see the worker).
    /// Returns the session and the warnings' report (empty when there is none),
    /// or the errors' report.
    pub fn start(root: &Path, output: &Path, drafts: bool, guard: super::pdf_worker::OutputGuard) -> Result<(Session, String), StartError> {
        let options = BuildOptions { drafts, no_pdf: true, pdf_only: false, pdf_apart: true };
        let mut project = crate::load::project::Project::load(root);
        let diagnostics = by_file(&project.report);
        if project.report.errors() > 0 {
            return Err(StartError::Invalid(project.report.render_text(false)));
        }
        let aside: Vec<Fiche> = if drafts { Vec::new() } else { project.fiches.iter().filter(|f| f.brouillon).cloned().collect() };
        project.fiches.retain(|f| drafts || !f.brouillon);
        let warnings = warnings_text(&project.report);
        let prepared = prepare_from(project, &options)?;
        let mut s = Session {
            prepared,
            aside,
            output: output.to_path_buf(),
            options,
            cartes: Vec::new(),
            cards_list: Vec::new(),
            cards_term: Vec::new(),
            diagnostics,
            pending: BTreeSet::new(),
            guard,
            prints: Default::default(),
        };
        s.render_everything()?;
        Ok((s, warnings))
    }

    /// The drafts this preview does not show (their files, sorted).
    pub fn drafts_aside(&self) -> Vec<String> {
        let mut d: Vec<String> = self.aside.iter().filter(|f| f.brouillon).map(|f| f.fichier.clone()).collect();
        d.sort();
        d
    }

    /// Every fiche read, drafts set aside included.
    pub fn all_fiches(&self) -> impl Iterator<Item = &Fiche> {
        self.prepared.collection.fiches.iter().chain(&self.aside)
    }

    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    /// Renders the whole site into a fresh output (staging, then swap) and
    /// fills the card caches.
    fn render_everything(&mut self) -> Result<usize, BuildError> {
        let stats = {
            let _g = self.guard.lock().unwrap_or_else(|e| e.into_inner());
            let (stats, _, prints) =
                crate::build::render_all_recorded(&self.prepared, &self.output, &self.options, false, &Progress::hidden(), true)?;
            self.prints = prints;
            stats
        };
        self.refill_cards()?;
        Ok(stats.pages)
    }

    fn refill_cards(&mut self) -> Result<(), BuildError> {
        let c = &self.prepared.collection;
        let theme = &self.prepared.theme;
        self.cartes = c.fiches.par_iter().enumerate().map(|(i, f)| carte(i, f)).collect();
        let mut sets = render_card_sets(theme, &self.cartes, &[LIST_CARDS, TERM_CARDS])?.into_iter().map(card_values);
        (self.cards_list, self.cards_term) = (sets.next().unwrap_or_default(), sets.next().unwrap_or_default());
        Ok(())
    }

    /// After fiche files changed (saved, created, removed): re-reads them and
    /// re-renders what they touch. While any file has an error, nothing is
    /// written and the changes wait (the last good pages stay served).
    pub fn fiches_changed(&mut self, paths: &[PathBuf]) -> Outcome {
        let root = self.prepared.project.root.clone();
        self.pending.extend(paths.iter().cloned());
        let t = crate::timing::phase("serve : relecture");
        let pending: Vec<PathBuf> = self.pending.iter().cloned().collect();
        // (display path, the new fiche or None when the file is gone or invalid, diagnostics)
        type Read = (String, Option<Fiche>, Vec<Diagnostic>);
        let read: Vec<Read> = pending
            .par_iter()
            .map(|p| {
                let rel = crate::load::diagnostics::display_path(&root, p);
                if p.is_file() {
                    let (fiche, sink) = crate::load::fiche::load_file(&root, p);
                    (rel, fiche, sink.items)
                } else {
                    (rel, None, Vec::new())
                }
            })
            .collect();
        for (rel, _, diags) in &read {
            if diags.is_empty() {
                self.diagnostics.remove(rel);
            } else {
                self.diagnostics.insert(rel.clone(), diags.clone());
            }
        }
        // Slugs across files: the kept fiches and the new versions.
        let changed: HashSet<&str> = read.iter().map(|r| r.0.as_str()).collect();
        let mut slug_sink = crate::load::diagnostics::Sink::new("");
        let kept = self.prepared.collection.fiches.iter().chain(&self.aside).filter(|f| !changed.contains(f.fichier.as_str()));
        let all = kept.chain(read.iter().filter_map(|r| r.1.as_ref()));
        crate::load::project::check_unique_slugs(all.clone(), &mut slug_sink);
        crate::load::project::check_term_spellings(all, &mut slug_sink);
        let mut report = Report {
            diagnostics: self.diagnostics.values().flatten().cloned().chain(slug_sink.items).collect(),
            fiches_lues: self.prepared.collection.fiches.len() + self.aside.len(),
        };
        report.sort();
        if report.errors() > 0 {
            return Outcome::Errors(report.render_text(false));
        }
        let warnings = warnings_text(&report);
        self.pending.clear();
        drop(t);
        let files: HashSet<String> = read.iter().map(|r| r.0.clone()).collect();
        // Saved drafts that this preview does not show.
        let mut drafts: Vec<String> = if self.options.drafts {
            Vec::new()
        } else {
            read.iter().filter(|r| r.1.as_ref().is_some_and(|f| f.brouillon)).map(|r| r.0.clone()).collect()
        };
        drafts.sort();
        match self.apply(read.into_iter().map(|(rel, f, _)| (rel, f)).collect()) {
            Ok((pages, full)) => Outcome::Rendered { pages, full, fiches: self.prepared.collection.fiches.len(), files, warnings, drafts },
            Err(e) => Outcome::Errors(format!("erreur : {e}\n")),
        }
    }

    /// Puts the new versions in the collection and renders what changed.
    fn apply(&mut self, news: Vec<(String, Option<Fiche>)>) -> Result<(usize, bool), BuildError> {
        let changed: HashSet<String> = news.iter().map(|(rel, _)| rel.clone()).collect();
        let c = &self.prepared.collection;
        let old_order: Vec<String> = c.fiches.iter().map(|f| f.fichier.clone()).collect();
        // Terms (taxonomy, slug) and thématique windows of the old versions.
        let mut terms: HashSet<(TaxonomyKind, String)> = HashSet::new();
        let mut around: BTreeSet<usize> = BTreeSet::new();
        let old_them = c.taxonomy(TaxonomyKind::Thematiques);
        for (i, f) in c.fiches.iter().enumerate().filter(|(_, f)| changed.contains(&f.fichier)) {
            for kind in TaxonomyKind::ALL {
                terms.extend(kind.terms_of(f).into_iter().map(|(_, slug)| (kind, slug)));
            }
            window(&mut around, old_them, i);
        }
        let old_them_of: BTreeMap<String, Vec<String>> =
            c.fiches.iter().filter(|f| changed.contains(&f.fichier)).map(|f| (f.fichier.clone(), f.thematiques.clone())).collect();

        let t = crate::timing::phase("serve : collection");
        // A fiche whose place and terms did not change replaces its old version
        // where it stands; otherwise the collection is made again.
        if !self.replace_in_place(&news) {
            self.rebuild_collection(news);
        }
        let c = &self.prepared.collection;
        set_globals(&mut self.prepared.theme, &self.prepared.project.config);
        drop(t);
        let same_order = c.fiches.len() == old_order.len() && c.fiches.iter().zip(&old_order).all(|(f, o)| &f.fichier == o);
        if !same_order {
            // A fiche added, removed or moved in the order (its date): every card's
            // position changes, so every page is written again (no file is re-read).
            return Ok((self.render_everything()?, true));
        }

        let t = crate::timing::phase("serve : cartes");
        let idx: Vec<usize> = c.fiches.iter().enumerate().filter(|(_, f)| changed.contains(&f.fichier)).map(|(i, _)| i).collect();
        let theme = &self.prepared.theme;
        let new_cards: Vec<(usize, Carte)> = idx.iter().map(|&i| (i, carte(i, &c.fiches[i]))).collect();
        for (i, card) in new_cards {
            self.cartes[i] = card;
        }
        let updated = render_card_sets(theme, &idx.iter().map(|&i| self.cartes[i].clone()).collect::<Vec<_>>(), &[LIST_CARDS, TERM_CARDS])?;
        for (set, cards) in updated.into_iter().zip([&mut self.cards_list, &mut self.cards_term]) {
            for (&i, html) in idx.iter().zip(set) {
                cards[i] = tera::Value::from(html);
            }
        }
        let them = c.taxonomy(TaxonomyKind::Thematiques);
        let mut them_changed = false;
        for &i in &idx {
            let f = &c.fiches[i];
            for kind in TaxonomyKind::ALL {
                terms.extend(kind.terms_of(f).into_iter().map(|(_, slug)| (kind, slug)));
            }
            window(&mut around, them, i);
            them_changed |= old_them_of.get(&f.fichier) != Some(&f.thematiques);
        }

        drop(t);
        let t = crate::timing::phase("serve : pages des fiches");
        let staging = Staging::in_place(&self.output)?;
        let progress = Progress::hidden();
        let input = RenderInput {
            project: &self.prepared.project,
            collection: c,
            theme,
            options: &self.options,
            with_pdf: true,
            progress: &progress,
        };
        // What is written here is fingerprinted, so that the settling render
        // that follows does not write it again.
        let recorded = crate::build::record::Recording::new(&staging);
        let parts = Parts::new(&input, &recorded, &self.cartes);
        // Pages that show a changed card; all of the window when the thématiques
        // moved (the « proches » of the fiches around shift too).
        let idx_set: HashSet<usize> = idx.iter().copied().collect();
        let mut pages: BTreeSet<usize> = idx.iter().copied().collect();
        for &i in &idx {
            pages.extend(i.checked_sub(1));
            pages.extend((i + 1 < c.fiches.len()).then_some(i + 1));
        }
        pages.extend(
            around.into_iter().filter(|&j| j < c.fiches.len() && (them_changed || parts.shown_on(j).iter().any(|k| idx_set.contains(k)))),
        );
        let pages: Vec<usize> = pages.into_iter().collect();
        parts.fiche_pages(&pages)?;
        drop(t);
        // The list (one large page) beside the term pages, home and feeds (the
        // theme's assets are unchanged: a theme change renders everything).
        let t = crate::timing::phase("serve : liste, termes, accueil, flux");
        let (list, n_terms) = rayon::join(
            || parts.list_page(&self.cards_list),
            || -> Result<usize, BuildError> {
                let n = parts.term_pages(&self.cards_term, Some(&terms))?;
                // A term no fiche carries any more loses its page.
                for (key, slug) in &terms {
                    if c.taxonomy(*key).term(slug).is_none() {
                        staging.remove_file(&key.term_url(slug))?;
                    }
                }
                parts.home()?;
                parts.feeds()?;
                Ok(n)
            },
        );
        list?;
        let n_terms = n_terms?;
        drop(t);
        let written = pages.len() + 2 + n_terms.min(terms.len() + TaxonomyKind::ALL.len());
        drop(parts);
        self.prints.extend(recorded.into_prints());
        Ok((written, false))
    }

    fn replace_in_place(&mut self, news: &[(String, Option<Fiche>)]) -> bool {
        let c = &self.prepared.collection;
        let mut at = Vec::new();
        for (rel, new) in news {
            let Some(new) = new else { return false };
            let Some(i) = c.fiches.iter().position(|f| &f.fichier == rel) else { return false };
            let old = &c.fiches[i];
            let same_place = old.date == new.date && old.slug == new.slug && old.brouillon == new.brouillon;
            if !same_place || TaxonomyKind::ALL.iter().any(|k| k.terms_of(old) != k.terms_of(new)) {
                return false;
            }
            at.push(i);
        }
        for ((_, new), i) in news.iter().zip(at) {
            if let Some(new) = new {
                self.prepared.collection.fiches[i] = new.clone();
            }
        }
        true
    }

    fn rebuild_collection(&mut self, news: Vec<(String, Option<Fiche>)>) {
        let changed: HashSet<String> = news.iter().map(|(rel, _)| rel.clone()).collect();
        let mut all = std::mem::take(&mut self.prepared.collection.fiches);
        all.append(&mut self.aside);
        all.retain(|f| !changed.contains(&f.fichier));
        all.extend(news.into_iter().filter_map(|(_, f)| f));
        let drafts = self.options.drafts;
        let (published, aside): (Vec<Fiche>, Vec<Fiche>) = all.into_iter().partition(|f| drafts || !f.brouillon);
        self.aside = aside;
        self.prepared.collection = Collection::new(published, true);
    }

    /// A PDF job for the fiches of `slugs` (all when `None`) and the booklets
    /// that hold one of them, with copies of what it needs.
    pub fn pdf_job(&self, files: Option<&HashSet<String>>) -> super::pdf_worker::PdfJob {
        let c = &self.prepared.collection;
        let config = &self.prepared.project.config;
        let wanted = |f: &Fiche| files.is_none_or(|s| s.contains(&f.fichier));
        let livrets = crate::render::pdf::renderer::livrets(config);
        // One copy of the whole collection, shared by the booklets that take
        // every fiche and by the impact report.
        let all = std::sync::Arc::new(Collection::new(c.fiches.clone(), true));
        let booklets = livrets
            .into_iter()
            .filter(|l| c.fiches.iter().any(|f| wanted(f) && l.selection.matches(f)))
            .map(|l| {
                let chosen = if c.fiches.iter().all(|f| l.selection.matches(f)) {
                    all.clone()
                } else {
                    std::sync::Arc::new(Collection::new(c.fiches.iter().filter(|f| l.selection.matches(f)).cloned().collect(), true))
                };
                (l, chosen)
            })
            .collect();
        super::pdf_worker::PdfJob {
            fiches: c.fiches.iter().filter(|f| wanted(f)).cloned().collect(),
            booklets,
            bilan: all,
            config: config.clone(),
            theme: self.prepared.theme.pdf.clone(),
            labels: self.prepared.theme.labels.clone(),
            output: self.output.clone(),
        }
    }

    /// What follows the reload: the whole site rendered again through the
    /// build's renderers, each file written only when its bytes changed, and
    /// the files a full render no longer makes removed ([`super::settle`]):
    /// the search index, the open data, the report, and anything the quick
    /// rebuild did not touch (a footer's date, an old slug's page).
    pub fn settle(&mut self) -> Result<super::settle::Settled, BuildError> {
        let _t = crate::timing::phase("serve : vérification complète");
        let staging = Staging::in_place(&self.output)?;
        let progress = Progress::hidden();
        let input = RenderInput {
            project: &self.prepared.project,
            collection: &self.prepared.collection,
            theme: &self.prepared.theme,
            options: &self.options,
            with_pdf: true,
            progress: &progress,
        };
        let settle = super::settle::Settle::new(&staging, &self.prints);
        crate::build::run_renderers(&crate::build::renderers(&self.options), &input, &settle)?;
        let (prints, settled) = {
            // The PDF worker does not write a fiche's PDF while pages are removed.
            let _g = self.guard.lock().unwrap_or_else(|e| e.into_inner());
            settle.finish()?
        };
        self.prints = prints;
        Ok(settled)
    }
}

/// Adds the fiches within reach of `i` in each of its thématique lists.
fn window(out: &mut BTreeSet<usize>, them: &crate::model::collection::Taxonomy, i: usize) {
    for t in &them.terms {
        if let Ok(pos) = t.fiches.binary_search(&i) {
            let lo = pos.saturating_sub(PROCHES_REACH);
            let hi = (pos + PROCHES_REACH + 1).min(t.fiches.len());
            out.extend(&t.fiches[lo..hi]);
        }
    }
}

/// The report to show when it holds warnings only (empty when there is none).
fn warnings_text(report: &Report) -> String {
    if report.warnings() > 0 { report.render_text(false) } else { String::new() }
}
