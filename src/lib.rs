//! recueil turns a folder of *fiches d'expérience* into a good-practice website,
//! PDF booklets and an impact report.
//!
//! Dependencies run one way (a test checks it, `tests/testsuite/layers.rs`):
//! [`model`] (no I/O) ← [`load`] (project, YAML, diagnostics) ← [`report`]
//! (totals) and [`theme`] (templates, labels) ← [`render`] (site, PDF, data,
//! behind one trait) ← [`build`] (pipeline, staging, lock) ← [`serve`] and
//! [`cli`]. [`timing`] and [`clock`] are leaves every layer may use.

pub mod build;
pub mod cli;
pub mod clock;
pub mod import;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod timing;
