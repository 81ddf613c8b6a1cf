//! Errors of the PDF stage, worded in French for the person running `recueil`.

use crate::load::diagnostics::io_error_fr;
use std::path::PathBuf;

/// Why a booklet or a fiche PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font file of the theme could not be read.
    #[error("police « {} » illisible : {}", path.display(), io_error_fr(source))]
    FontRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A font file could not be understood as a TrueType/OpenType font.
    #[error("le fichier de police « {name} » n'est pas une police TrueType ou OpenType valide")]
    FontInvalid { name: String },
    /// A font lacks a character French text needs.
    #[error("la police « {name} » ne contient pas le caractère « {missing} » (U+{:04X}) indispensable au français", *missing as u32)]
    FontCoverage { name: String, missing: char },
    /// The hyphenation patterns could not be loaded.
    #[error("motifs de césure français inutilisables : {0}")]
    Hyphenation(String),
    /// The document being written lacks a part it must have (`what` says which).
    #[error("écriture du PDF impossible : {what}")]
    Structure {
        what: &'static str,
        #[source]
        source: lopdf::Error,
    },
    /// The final PDF could not be written.
    #[error("écriture du PDF impossible : {}", io_error_fr(source))]
    Save {
        #[source]
        source: std::io::Error,
    },
}
