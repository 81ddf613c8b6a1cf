//! Errors of the PDF stage, worded in French for the person running `recueil`.

use std::fmt;
use std::path::PathBuf;

/// Why a booklet or a fiche PDF could not be made.
#[derive(Debug)]
pub enum PdfError {
    /// A font file of the theme could not be read.
    FontRead { path: PathBuf, cause: String },
    /// A font file could not be understood as a TrueType/OpenType font.
    FontInvalid { name: String },
    /// A font lacks a character French text needs.
    FontCoverage { name: String, missing: char },
    /// The hyphenation patterns could not be loaded.
    Hyphenation(String),
    /// The final PDF could not be written.
    Write(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::FontRead { path, cause } => {
                write!(f, "police « {} » illisible : {cause}", path.display())
            }
            PdfError::FontInvalid { name } => write!(f, "le fichier de police « {name} » n'est pas une police TrueType ou OpenType valide"),
            PdfError::FontCoverage { name, missing } => write!(
                f,
                "la police « {name} » ne contient pas le caractère « {missing} » (U+{:04X}) indispensable au français",
                *missing as u32
            ),
            PdfError::Hyphenation(why) => {
                write!(f, "motifs de césure français inutilisables : {why}")
            }
            PdfError::Write(why) => write!(f, "écriture du PDF impossible : {why}"),
        }
    }
}

impl std::error::Error for PdfError {}
