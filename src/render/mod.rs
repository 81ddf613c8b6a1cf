//! What every renderer gets and gives back. A renderer (site, PDF, data
//! exports) reads the project's model ([`RenderInput`]) and writes files
//! through an [`Output`] (the build's staging folder, or serve's).

pub mod data;
pub mod error;
pub mod pdf;
pub mod progress;
pub mod site;

pub use error::{BuildError, OutputError};

use crate::load::project::Project;
use crate::model::collection::Collection;
use crate::theme::Theme;

/// Options of `recueil build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish drafts too.
    pub drafts: bool,
    /// Skip the PDFs.
    pub no_pdf: bool,
    /// Only the PDFs.
    pub pdf_only: bool,
    /// The PDFs are made apart (serve's worker): pages link to them anyway.
    pub pdf_apart: bool,
}

/// Everything a renderer reads.
pub struct RenderInput<'a> {
    pub project: &'a Project,
    pub collection: &'a Collection,
    pub theme: &'a Theme,
    pub options: &'a BuildOptions,
    /// Pages of the site that will exist (a renderer may link to another's files).
    pub with_pdf: bool,
    /// Where renderers count the pages and PDFs they write.
    pub progress: &'a crate::render::progress::Progress,
}

impl RenderInput<'_> {
    /// The edition date stamped on what the build writes ([`crate::model::edition`]).
    pub fn date(&self) -> crate::model::date::Date {
        self.project.config.edition_date()
    }
}

/// What a renderer wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub pdfs: usize,
    pub files: usize,
}

impl std::ops::AddAssign for RenderStats {
    fn add_assign(&mut self, o: RenderStats) {
        self.pages += o.pages;
        self.pdfs += o.pdfs;
        self.files += o.files;
    }
}

/// Where a renderer writes its files: paths relative to the output's root,
/// with `/` separators.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;
    /// Writes a file through a buffered writer given to `fill`.
    fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError>;
    /// Copies the file `from` (an image of a fiche) to `rel`.
    fn copy(&self, rel: &str, from: &std::path::Path) -> Result<(), OutputError>;
}

/// One output of the build.
pub trait Renderer: Sync {
    /// Short French name, for messages (« site », « livrets PDF »).
    fn name(&self) -> &'static str;
    /// Whether it writes the PDFs that pages link to.
    fn makes_pdfs(&self) -> bool {
        false
    }
    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError>;
}
