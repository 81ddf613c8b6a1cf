//! One set of words for the site and the PDFs: a theme's `labels.yaml` that
//! renames a section, a key figure and a booklet heading renames them in the
//! pages and in every PDF (the fiche's, the booklet, the report).

use crate::common::fs::copy_dir;
use std::path::Path;
use std::process::Command;

fn text_of(pdf: &Path) -> String {
    crate::common::pdf::text_of(pdf, None)
}

#[test]
fn renaming_in_a_theme_renames_in_the_site_and_every_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &root.join("fiches"));
    std::fs::write(root.join("recueil.yaml"), "titre: Recueil du test\ntheme: maison\n").unwrap();
    std::fs::create_dir_all(root.join("themes/maison")).unwrap();
    std::fs::write(
        root.join("themes/maison/labels.yaml"),
        "sections:\n  fonctionnement: Comment ça marche\nchiffres:\n  participants: Personnes accompagnées\npdf:\n  livret:\n    sommaire: Table des actions\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(root).args(["build", "--quiet"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = root.join("output");

    let page = std::fs::read_to_string(out.join("fiches/repair-cafe-de-quartier/index.html")).unwrap();
    assert!(page.contains(">Comment ça marche<"), "the site's section heading");
    assert!(!page.contains(">Fonctionnement<"));

    if !crate::common::pdf::have_pdftotext("les intitulés des PDF ne sont pas vérifiés") {
        return;
    }
    let fiche = text_of(&out.join("fiches/repair-cafe-de-quartier/repair-cafe-de-quartier.pdf"));
    assert!(fiche.contains("Comment ça marche"), "the fiche PDF's section heading");
    assert!(!fiche.contains("Fonctionnement"), "no heading left from the default labels");
    assert!(fiche.contains("Personnes accompagnées"), "the fiche PDF's key figure");
    let booklet = text_of(&out.join("livrets/recueil.pdf"));
    assert!(booklet.contains("Comment ça marche") && !booklet.contains("Fonctionnement"), "the booklet's section headings");
    assert!(booklet.contains("Table des actions") && !booklet.contains("Sommaire"), "the booklet's contents heading");
    let bilan = text_of(&out.join("livrets/bilan.pdf"));
    assert!(bilan.contains("Personnes accompagnées") && !bilan.contains("Participants"), "the report's key figure");
}
