//! Markdown → safe HTML (and plain text), as the site renders every fragment.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let md = recueil::model::markdown::Markdown::new(s);
        let _ = recueil::render::site::html::to_html(&md);
        let _ = md.plain_text();
    }
});
