//! Paths of images written in a fiche's Markdown: `..`, absolute paths and
//! symbolic links leading out of the project are errors with file and line.

use recueil::load::diagnostics::{Severity, Sink};
use std::path::Path;

const HEAD: &str = "---\ntitre: T\nresume: R\ndate: 2024-01-01\nstructure: S\ntype_structure: ccas\nterritoire: { commune: C, departement: \"21\" }\nthematiques: [A]\npublics: [P]\n---\n\n## Contexte\n\nTexte.\n\n";
const TAIL: &str = "\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n";

fn diagnostics(root: &Path, image: &str) -> Vec<(u32, Severity, String)> {
    let path = root.join("fiches/f.md");
    let text = format!("{HEAD}![photo]({image}){TAIL}");
    let mut sink = Sink::new("fiches/f.md");
    recueil::load::fiche::parse_bytes(root, &path, text.as_bytes(), &mut sink);
    sink.items.into_iter().map(|d| (d.ligne, d.gravite, d.message)).collect()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fiches/images")).unwrap();
    std::fs::write(dir.path().join("fiches/images/ok.png"), b"\x89PNG\r\n\x1a\n a PNG, as far as its first bytes go").unwrap();
    dir
}

#[test]
fn an_image_beside_the_fiche_is_fine() {
    let p = project();
    assert!(diagnostics(p.path(), "images/ok.png").is_empty());
}

#[test]
fn climbing_out_is_an_error_at_its_line() {
    let p = project();
    let d = diagnostics(p.path(), "../../secret.png");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0, d[0].1), (16, Severity::Erreur));
    assert!(d[0].2.contains("sort du dossier du projet"), "{}", d[0].2);
    let d = diagnostics(p.path(), "../autre/photo.png");
    assert!(d[0].2.contains("hors du dossier de la fiche"), "{d:?}");
}

#[test]
fn an_absolute_path_is_an_error() {
    let p = project();
    let d = diagnostics(p.path(), "/etc/hostname");
    assert_eq!(d[0].1, Severity::Erreur);
    assert!(d[0].2.contains("chemin absolu"), "{}", d[0].2);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_leading_out_is_an_error() {
    let p = project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.png"), b"png").unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.png"), p.path().join("fiches/lien.png")).unwrap();
    let d = diagnostics(p.path(), "lien.png");
    assert_eq!(d[0].1, Severity::Erreur);
    assert!(d[0].2.contains("lien symbolique"), "{}", d[0].2);
}

#[test]
fn a_remote_image_is_a_warning() {
    let p = project();
    let d = diagnostics(p.path(), "https://exemple.fr/a.png");
    assert_eq!(d[0].1, Severity::Avertissement);
}

/// `![x](photo.png?v=2)` names `photo.png` for `check`, the site and the PDF
/// alike (one rule, `model::image`): no warning, the file copied beside the
/// page, the picture in the fiche's PDF rather than « [image : …] ».
#[test]
fn an_image_with_a_query_is_the_same_file_everywhere() {
    let p = project();
    let png = Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches/repair-cafe.png");
    std::fs::copy(&png, p.path().join("fiches/images/ok.png")).unwrap();
    assert!(diagnostics(p.path(), "images/ok.png?v=2").is_empty());
    std::fs::write(p.path().join("fiches/f.md"), format!("{HEAD}![Des rayons bien rangés](images/ok.png?v=2){TAIL}")).unwrap();
    let out = p.path().join("output");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(p.path()).arg("build").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("fiches/f/images/ok.png").is_file(), "the image is copied beside the page");
    let page = std::fs::read_to_string(out.join("fiches/f/index.html")).unwrap();
    assert!(page.contains("src=\"images/ok.png?v=2\""), "the page shows it");
    let pdf = lopdf::Document::load(out.join("fiches/f/f.pdf")).unwrap();
    let images = pdf
        .objects
        .values()
        .filter(|o| o.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).is_ok_and(|n| n == b"Image")))
        .count();
    assert!(images >= 1, "the PDF embeds it");
}
