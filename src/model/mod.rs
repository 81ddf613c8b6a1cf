//! The model: the typed fiche and its values (dates, amounts, Markdown, the
//! typography pass, territories), the collection and its taxonomies, and the
//! rules every part of recueil shares (slugs, URLs, the edition date, what
//! counts as a local image). No I/O here: [`crate::load`] fills it, the
//! renderers read it.

pub mod carte;
pub mod collection;
pub mod color;
pub mod date;
pub mod edition;
pub mod fiche;
pub mod image;
pub mod markdown;
pub mod section;
pub mod territory;
pub mod text;
pub mod typo;

pub use fiche::*;
pub use section::SectionKind;

/// A position in a source file (line and column from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}
