//! recueil turns a folder of *fiches d'expérience* into a good-practice website,
//! PDF booklets and an impact report.
//!
//! The pipeline: [`project`] walks and reads the files ([`fiche::load`]),
//! validating as it goes ([`diagnostics`]); [`collection`] gathers the
//! published fiches with their taxonomies; renderers only read the collection.

pub mod cli;
pub mod collection;
pub mod config;
pub mod diagnostics;
pub mod fields;
pub mod fiche;
pub mod paths;
pub mod pdf;
pub mod project;
pub mod report;
pub mod scaffold;
pub mod text;
pub mod typo;
pub mod yaml;
