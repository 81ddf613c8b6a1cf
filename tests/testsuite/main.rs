//! The integration tests, in one binary (as mdBook's `tests/testsuite`): one
//! link instead of one per file. Each module runs the built `recueil` on
//! fixture projects, or calls the library, and asserts on what it wrote.

mod bilan;
mod browser;
mod carte;
mod check;
mod commands;
mod common;
mod donnees;
mod fuzz_regressions;
mod hardening;
mod identite;
mod import;
mod keys;
mod kill;
mod labels;
mod layers;
mod limits;
mod markdown_paths;
mod pdf;
mod reproducible;
mod robustness;
mod serve;
mod site;
mod valide;
