//! Loading: walking the project, `recueil.yaml`, YAML with positions, the key
//! reader, decoding, fiches read into the [`crate::model`], and the
//! diagnostics that explain every problem to the author.

pub mod config;
pub mod decode;
pub mod diagnostics;
pub mod edit;
pub mod fiche;
pub mod fields;
pub mod frontmatter;
pub mod paths;
pub mod project;
pub mod sections;
pub mod yaml;
