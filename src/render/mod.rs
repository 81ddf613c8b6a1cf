//! What every renderer gets and gives back. A renderer (site, PDF, data
//! exports) only reads the collection and writes files through [`Staging`].

pub mod data;
pub mod pdf;
pub mod progress;
pub mod site;

use crate::build::output::{OutputError, Staging};
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

/// A build failure, in French, naming the file when there is one.
#[derive(Debug)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> Self {
        BuildError(e.0)
    }
}

/// Name of the PDF renderer (the site links to the PDFs only when it runs).
pub const PDF_RENDERER: &str = "livrets PDF";

/// One output of the build.
pub trait Renderer: Sync {
    /// Short French name, for messages (« site », « livrets PDF »).
    fn name(&self) -> &'static str;
    fn render(&self, input: &RenderInput, out: &Staging) -> Result<RenderStats, BuildError>;
}
