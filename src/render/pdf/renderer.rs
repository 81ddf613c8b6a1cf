//! The PDF renderer of the build: every booklet of `livrets:` (or one booklet
//! of all published fiches) into `livrets/`, and one PDF per fiche beside its
//! page, and the impact report `livrets/bilan.pdf`, all rendered in parallel
//! with the fonts loaded once. `serve`'s PDF worker prints through
//! [`render_pdfs`] too, for the fiches and booklets a save touched.

use super::{PdfAssets, default_livret, render_booklet, render_fiche};
use crate::load::config::{Config, Livret};
use crate::model::Fiche;
use crate::model::collection::Collection;
use crate::render::{BuildError, Output, RenderInput, RenderStats, Renderer};
use rayon::prelude::*;

/// Booklets and single-fiche PDFs.
pub struct Livrets;

/// Where a fiche's PDF goes in the output (beside its page).
pub fn fiche_pdf(slug: &str) -> String {
    format!("fiches/{slug}/{slug}.pdf")
}

/// Where a booklet goes in the output.
pub fn booklet_pdf(fichier: &str) -> String {
    format!("livrets/{fichier}")
}

/// The booklets a project prints: those of `livrets:`, or one of every fiche.
pub fn livrets(config: &Config) -> Vec<Livret> {
    if config.livrets.is_empty() { vec![default_livret(config)] } else { config.livrets.clone() }
}

/// What to print.
pub struct PdfWork<'a> {
    /// The fiches whose own PDF is made.
    pub fiches: &'a [Fiche],
    /// Booklets, each with the collection it draws from.
    pub booklets: Vec<(&'a Livret, &'a Collection)>,
    /// The fiches of the impact report, when it is made.
    pub bilan: Option<&'a Collection>,
}

/// Prints `work` into `out`; `done` is called after each file. Returns the number of PDFs.
pub fn render_pdfs(
    work: &PdfWork,
    config: &Config,
    assets: &PdfAssets,
    out: &dyn Output,
    done: &(dyn Fn() + Sync),
) -> Result<usize, BuildError> {
    enum Doc<'a> {
        Booklet(&'a Livret, &'a Collection),
        Bilan(&'a Collection),
    }
    let docs: Vec<Doc> = work.booklets.iter().map(|&(l, c)| Doc::Booklet(l, c)).chain(work.bilan.map(Doc::Bilan)).collect();
    let (booklets, fiches) = rayon::join(
        || {
            docs.par_iter().try_for_each(|d| {
                let (path, bytes) = match *d {
                    Doc::Booklet(l, c) => (
                        booklet_pdf(&l.fichier),
                        render_booklet(c, config, l, assets)
                            .map_err(|source| BuildError::Pdf { document: format!("livret {}", l.fichier), source })?,
                    ),
                    Doc::Bilan(c) => (
                        booklet_pdf(super::bilan::FICHIER),
                        super::bilan::render_bilan(c, config, assets)
                            .map_err(|source| BuildError::Pdf { document: format!("bilan {}", super::bilan::FICHIER), source })?,
                    ),
                };
                out.write(&path, &bytes)?;
                done();
                Ok::<(), BuildError>(())
            })
        },
        || {
            work.fiches.par_iter().try_for_each(|f| {
                let bytes = render_fiche(f, config, assets).map_err(|source| BuildError::Pdf { document: f.fichier.clone(), source })?;
                out.write(&fiche_pdf(&f.slug), &bytes)?;
                done();
                Ok::<(), BuildError>(())
            })
        },
    );
    booklets?;
    fiches?;
    Ok(work.booklets.len() + usize::from(work.bilan.is_some()) + work.fiches.len())
}

impl Renderer for Livrets {
    fn name(&self) -> &'static str {
        "livrets PDF"
    }

    fn makes_pdfs(&self) -> bool {
        true
    }

    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
        let config = &input.project.config;
        let assets = PdfAssets::from_theme(&input.theme.pdf, input.theme.labels.clone())
            .map_err(|source| BuildError::Pdf { document: "polices du thème".into(), source })?
            .with_identity(config);
        let livrets = livrets(config);
        let work = PdfWork {
            fiches: &input.collection.fiches,
            booklets: livrets.iter().map(|l| (l, input.collection)).collect(),
            bilan: Some(input.collection),
        };
        let pdfs = render_pdfs(&work, config, &assets, out, &|| input.progress.inc(1))?;
        Ok(RenderStats { pages: 0, pdfs, files: pdfs })
    }
}
