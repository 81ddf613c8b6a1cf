//! A fiche in the YAML spelling: keys + `sections:`, then its HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let root = Path::new("/recueil-fuzz");
    let mut sink = recueil::load::diagnostics::Sink::new("fiches/x.yaml");
    if let Some(f) = recueil::load::fiche::parse_bytes(root, &root.join("fiches/x.yaml"), data, &mut sink) {
        for md in f.chapeau.iter().chain(f.sections.iter().map(|s| &s.contenu)) {
            let _ = recueil::render::site::html::to_html(md);
        }
    }
});
