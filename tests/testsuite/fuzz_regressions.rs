//! The fuzz targets' functions on every file of their regression corpus
//! (`fuzz/regressions/<target>/`) and on the sample fiches, so that plain
//! `cargo test` replays every crash ever found without nightly or libFuzzer.
//! Keep these bodies identical to `fuzz/fuzz_targets/*.rs`.

use std::path::{Path, PathBuf};

fn fiche(data: &[u8], name: &str) {
    let root = Path::new("/recueil-fuzz");
    let mut sink = recueil::load::diagnostics::Sink::new(&format!("fiches/{name}"));
    if let Some(f) = recueil::load::fiche::parse_bytes(root, &root.join("fiches").join(name), data, &mut sink) {
        for md in f.chapeau.iter().chain(f.sections.iter().map(|s| &s.contenu)) {
            let _ = recueil::render::site::html::to_html(md);
        }
    }
}

fn fiche_md(data: &[u8]) {
    fiche(data, "x.md");
}

fn fiche_yaml(data: &[u8]) {
    fiche(data, "x.yaml");
}

fn markdown_html(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        let md = recueil::model::markdown::Markdown::new(s);
        let _ = recueil::render::site::html::to_html(&md);
        let _ = md.plain_text();
    }
}

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn sample_fiches(ext: &[&str]) -> Vec<PathBuf> {
    walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().and_then(|x| x.to_str()).is_some_and(|x| ext.contains(&x)))
        .map(|e| e.into_path())
        .collect()
}

fn replay(target: &str, run: fn(&[u8]), seeds: Vec<PathBuf>) {
    let files = corpus(target);
    assert!(!files.is_empty(), "fuzz/regressions/{target}/ is empty");
    for f in files.iter().chain(&seeds) {
        let bytes = std::fs::read(f).unwrap();
        // A panic names the input that caused it.
        let r = std::panic::catch_unwind(|| run(&bytes));
        assert!(r.is_ok(), "{target} panics on {}", f.display());
        // Truncations of each input: cheap extra coverage.
        for cut in [bytes.len() / 2, bytes.len().saturating_sub(1)] {
            run(&bytes[..cut]);
        }
    }
}

#[test]
fn fiche_md_regressions() {
    replay("fiche_md", fiche_md, sample_fiches(&["md"]));
}

#[test]
fn fiche_yaml_regressions() {
    replay("fiche_yaml", fiche_yaml, sample_fiches(&["yaml", "yml"]));
}

#[test]
fn markdown_html_regressions() {
    replay("markdown_html", markdown_html, sample_fiches(&["md"]));
}
