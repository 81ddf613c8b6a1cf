//! Reading PDFs back with poppler's tools.

use std::path::Path;
use std::process::Command;

/// Whether `pdftotext` can run (else the caller says so and returns, see
/// [`super::tool_available`]).
pub fn have_pdftotext(what: &str) -> bool {
    super::tool_available(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        &format!("pdftotext est introuvable (apt-get install poppler-utils) : {what}"),
    )
}

/// The text of a PDF (of its pages `first..=last` when given), words split by
/// a line end or a hyphen joined again, spaces collapsed.
pub fn text_of(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut c = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        c.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let o = c.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).replace("-\n", "").split_whitespace().collect::<Vec<_>>().join(" ")
}
