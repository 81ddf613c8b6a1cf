//! `recueil import` (#13, first part): a page saved from a bank of
//! experiences becomes a draft fiche with its sections in place, its facts in
//! their keys, its typed bullets as lists and the site's boilerplate left out;
//! nothing is overwritten; an unreadable source fails alone, in French.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn recueil(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(root).args(args).env("NO_COLOR", "1").output().expect("recueil runs")
}

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("fiches")).unwrap();
    tmp
}

/// The part of a fiche's body under `## heading`, up to the next `## `.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(&format!("\n## {heading}\n")).unwrap_or_else(|| panic!("no « ## {heading} » in\n{text}")) + heading.len() + 5;
    let rest = &text[start..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn a_bank_page_becomes_a_draft_fiche_that_checks_clean() {
    let tmp = project();
    let root = tmp.path();
    let page = fixture("banque-dijon.html");
    let out = recueil(root, &["import", page.to_str().unwrap(), "--dossier", "lien-social"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let written = "fiches/lien-social/un-atelier-pour-reprendre-confiance-et-se-sentir-utile.md";
    assert!(said.contains(&format!("banque-dijon.html → {written} : ")), "{said}");
    let text = std::fs::read_to_string(root.join(written)).unwrap();

    // The facts in their keys.
    for line in [
        "titre: \"Un atelier pour reprendre confiance et se sentir utile\"",
        "date: 2015-09-15",
        "structure: \"CCAS de Dijon\"",
        "type_structure: ccas",
        "territoire: { commune: \"Dijon\", departement: \"21\" }",
        "statut: terminee",
        "thematiques: [\"Lien social\", \"Insertion\"]",
        "publics: [\"Personnes isolées\", \"Retraités\"]",
        "  - { nom: \"Ville de Dijon\", montant: 1000 }",
        "  - { nom: \"Carsat\", montant: 2000 }",
        "brouillon: true",
    ] {
        assert!(text.lines().any(|l| l.starts_with(line)), "« {line} » in\n{text}");
    }
    // Each section's text in its section; typed bullets as a list.
    assert!(section(&text, "Contexte").contains("Le diagnostic de territoire de 2008"));
    let fonctionnement = section(&text, "Description / Fonctionnement de l'action");
    assert!(fonctionnement.contains("L'animatrice rencontre les habitants"));
    assert!(
        fonctionnement.contains("- un atelier de théâtre et d'écriture\n- une séance de relaxation\n- un atelier de couture"),
        "{fonctionnement}"
    );
    assert!(section(&text, "Les partenaires").contains("- Musée de la vie locale"));
    assert!(section(&text, "Les observations du CCAS/CIAS").contains("Une action modeste"));
    // The funders went to their key, not to a section of the body.
    assert!(!text.contains("## Ils financent"));
    // Nothing of what the site wraps around the fiche.
    for junk in [
        "J'ai compris",
        "cookies",
        "Actualités",
        "Fil d'Ariane",
        "À lire aussi",
        "Une autre fiche",
        "lettre d'information",
        "Retour en haut",
        "Mentions légales",
        "tracker",
        "font-family",
        "n'est plus portée",
    ] {
        assert!(!text.contains(junk), "« {junk} » left in\n{text}");
    }
    // The project checks clean: the draft is complete for the format.
    let check = recueil(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));

    // Imported again: a second file, never an overwrite.
    let again = recueil(root, &["import", page.to_str().unwrap(), "--dossier", "lien-social"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("un-atelier-pour-reprendre-confiance-et-se-sentir-utile-2.md"));
    assert_eq!(std::fs::read_to_string(root.join(written)).unwrap(), text);
}

#[test]
fn what_a_source_does_not_say_is_left_to_complete_and_listed_by_check() {
    let tmp = project();
    let root = tmp.path();
    let src = root.join("notes.txt");
    std::fs::write(
        &src,
        "# Un jardin partagé au pied des immeubles\n\nLes habitants cultivent ensemble une ancienne pelouse.\n\n\
         **Contexte**\n\nPeu d'espaces verts dans le quartier.\n\n**Fonctionnement**\n\n• trente parcelles familiales\n• une parcelle collective\n",
    )
    .unwrap();
    let out = recueil(root, &["import", src.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("notes.txt → fiches/un-jardin-partage-au-pied-des-immeubles.md : à compléter : date, structure, type_structure, commune, département, thematiques, Bilan, Moyens, Partenaires"),
        "{said}"
    );
    let text = std::fs::read_to_string(root.join("fiches/un-jardin-partage-au-pied-des-immeubles.md")).unwrap();
    assert!(text.contains("date:   # à compléter") && text.contains("## Contexte\n\nPeu d'espaces verts"), "{text}");
    assert!(text.contains("- trente parcelles familiales\n- une parcelle collective"), "{text}");
    // `check` lists exactly what remains: one error per key left empty.
    let check = recueil(root, &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    for key in ["date", "structure", "type_structure", "commune", "departement", "thematiques"] {
        assert!(err.contains(&format!("erreur: la clé « {key} » est vide")), "{key} in\n{err}");
    }
}

#[test]
fn an_unreadable_source_fails_alone_in_french() {
    let tmp = project();
    let root = tmp.path();
    let ok = fixture("banque-dijon.html");
    let doc = root.join("fiche.docx");
    std::fs::write(&doc, b"PK\x03\x04").unwrap();
    let out = recueil(root, &["import", "absent.html", doc.to_str().unwrap(), ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("erreur : absent.html : fichier ou dossier introuvable"), "{err}");
    assert!(err.contains("format Word (.docx, .doc) pas encore lu par recueil import"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("banque-dijon.html → "), "the readable source is still imported");
    // Outside a project: said, nothing written.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = recueil(elsewhere.path(), &["import", ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas de dossier fiches/"));
}
