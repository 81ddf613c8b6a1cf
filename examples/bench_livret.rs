//! Benchmark program (not a test): renders one booklet of every
//! fiche of the project at `RECUEIL_BENCH_ROOT`, writing it to
//! `RECUEIL_BENCH_OUT` (default: the system temp folder). Run it through
//! `scripts/bench_pdf.sh`, which measures wall time and peak memory.

use recueil::load::project::Project;
use recueil::render::pdf::{self, PdfAssets};
use std::path::PathBuf;
use std::time::Instant;

/// Resident memory now, from /proc (Linux), for the phase report.
fn rss_mb() -> f64 {
    let st = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = st.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}

fn main() {
    let Some(root) = std::env::var_os("RECUEIL_BENCH_ROOT").map(PathBuf::from) else {
        eprintln!("RECUEIL_BENCH_ROOT is not set: nothing to measure");
        return;
    };
    let out = std::env::var_os("RECUEIL_BENCH_OUT").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let t0 = Instant::now();
    let project = Project::load(&root);
    let collection = project.collection(false);
    let t1 = Instant::now();
    let m_load = rss_mb();
    let assets = PdfAssets::default_theme().expect("assets");
    let m_assets = rss_mb();
    let livret = pdf::default_livret(&project.config);
    let layout = pdf::layout_booklet(&collection, &project.config, &livret, &assets);
    let pages = layout.pages.len();
    let t2 = Instant::now();
    let m_layout = rss_mb();
    let bytes = pdf::write(layout, &assets).expect("pdf");
    let t3 = Instant::now();
    let file = out.join(&livret.fichier);
    std::fs::write(&file, &bytes).expect("write");
    eprintln!(
        "bench: {} fiches, {pages} pages, {} bytes -> {}\n  load {:.2} s, layout {:.2} s, pdf {:.2} s",
        collection.fiches.len(),
        bytes.len(),
        file.display(),
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        (t3 - t2).as_secs_f64()
    );
    eprintln!("  resident memory: after load {m_load:.0} MB, after assets {m_assets:.0} MB, after layout {m_layout:.0} MB");
}
