//! The errors of rendering and writing an output, worded in French for the
//! person running `recueil`; each keeps its cause as [`std::error::Error::source`].

use crate::load::diagnostics::io_error_fr;
use std::path::PathBuf;

/// Why a file of the output could not be written, or an output folder was refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The system refused a read or write.
    #[error("{} : {}", path.display(), io_error_fr(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Copying a file into the output failed (`from` is the file copied).
    #[error("{} : {} ({})", path.display(), io_error_fr(source), from.display())]
    Copy {
        path: PathBuf,
        from: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The folder or name is refused (the French sentence says why and what to do).
    #[error("{0}")]
    Refused(String),
    /// Another build holds the output, or its lock could not be taken.
    #[error(transparent)]
    Lock(Box<dyn std::error::Error + Send + Sync>),
    /// Ctrl-C or SIGTERM arrived: nothing more is written.
    #[error("construction interrompue")]
    Interrupted,
}

/// A build failure, in French, naming the file when there is one.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Theme(#[from] crate::theme::ThemeError),
    /// A template failed while rendering a page (`template` as the author finds it on disk).
    #[error("{template}: erreur de gabarit en écrivant {page} :\n{source}")]
    Template {
        template: String,
        page: String,
        #[source]
        source: tera::Error,
    },
    /// The card component of the theme failed.
    #[error("themes/default/templates/partials/composants.html (composant « carte ») : erreur de gabarit :\n{source}")]
    Card {
        #[source]
        source: tera::Error,
    },
    /// A PDF could not be made (`document`: « livret x.pdf », the fiche's file…).
    #[error("{document} : {source}")]
    Pdf {
        document: String,
        #[source]
        source: crate::render::pdf::PdfError,
    },
    /// An open-data file could not be serialized.
    #[error("données ouvertes ({fichier}) : {source}")]
    Data {
        fichier: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A renderer failed: its French name, then the cause.
    #[error("{renderer} : {source}")]
    Renderer {
        renderer: &'static str,
        #[source]
        source: Box<BuildError>,
    },
}
