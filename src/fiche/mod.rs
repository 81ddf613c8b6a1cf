//! Fiches: the typed model, and everything that reads a file into it (front
//! matter keys, body sections, dates, territories, Markdown).

pub mod date;
pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod model;
pub mod sections;
pub mod territory;

pub use model::*;
pub use sections::SectionKind;
