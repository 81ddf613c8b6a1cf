//! recueil turns a folder of *fiches d'expérience* into a good-practice website,
//! PDF booklets and an impact report.
//!
//! The pipeline: [`project`] walks and reads the files ([`fiche::load`]),
//! validating as it goes ([`diagnostics`]); [`collection`] gathers the
//! published fiches with their taxonomies; renderers only read the collection.

pub mod build;
pub mod cli;
pub mod collection;
pub mod config;
pub mod data;
pub mod diagnostics;
pub mod fiche;
pub mod fields;
pub mod lock;
pub mod output;
pub mod paths;
pub mod pdf;
pub mod progress;
pub mod project;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod text;
pub mod timing;
pub mod typo;
pub mod yaml;
