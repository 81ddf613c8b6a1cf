//! The PDF renderer of the build: every booklet of `livrets:` (or one booklet
//! of all published fiches) into `livrets/`, and one PDF per fiche beside its
//! page, and the impact report `livrets/bilan.pdf`, all rendered in parallel
//! with the fonts loaded once.

use super::{PdfAssets, default_livret, render_booklet, render_fiche};
use crate::render::{BuildError, Output, RenderInput, RenderStats, Renderer};
use rayon::prelude::*;

/// Booklets and single-fiche PDFs.
pub struct Livrets;

impl Renderer for Livrets {
    fn name(&self) -> &'static str {
        "livrets PDF"
    }

    fn makes_pdfs(&self) -> bool {
        true
    }

    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
        let config = &input.project.config;
        let assets = PdfAssets::load(input.theme.dir.as_deref())
            .map(|a| a.with_labels(input.theme.labels.clone()))
            .map_err(|source| BuildError::Pdf { document: "polices du thème".into(), source })?;
        let livrets = if config.livrets.is_empty() { vec![default_livret(config)] } else { config.livrets.clone() };
        let (booklets, fiches) = rayon::join(
            || {
                livrets.par_iter().map(Some).chain(rayon::iter::once(None)).try_for_each(|l| {
                    let Some(l) = l else {
                        let bytes = super::bilan::render_bilan(input.collection, config, &assets)
                            .map_err(|source| BuildError::Pdf { document: format!("bilan {}", super::bilan::FICHIER), source })?;
                        return out.write(&format!("livrets/{}", super::bilan::FICHIER), &bytes).map_err(BuildError::from);
                    };
                    let bytes = render_booklet(input.collection, config, l, &assets)
                        .map_err(|source| BuildError::Pdf { document: format!("livret {}", l.fichier), source })?;
                    out.write(&format!("livrets/{}", l.fichier), &bytes).map_err(BuildError::from)?;
                    input.progress.inc(1);
                    Ok::<(), BuildError>(())
                })
            },
            || {
                input.collection.fiches.par_iter().try_for_each(|f| {
                    let bytes =
                        render_fiche(f, config, &assets).map_err(|source| BuildError::Pdf { document: f.fichier.clone(), source })?;
                    out.write(&format!("fiches/{0}/{0}.pdf", f.slug), &bytes).map_err(BuildError::from)?;
                    input.progress.inc(1);
                    Ok::<(), BuildError>(())
                })
            },
        );
        booklets?;
        fiches?;
        let pdfs = livrets.len() + 1 + input.collection.fiches.len();
        Ok(RenderStats { pages: 0, pdfs, files: pdfs })
    }
}
