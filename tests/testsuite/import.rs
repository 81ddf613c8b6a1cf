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
        said.contains("notes.txt → fiches/un-jardin-partage-au-pied-des-immeubles.md : à compléter : date, structure, type de structure, commune, département, thématiques, section Bilan, section Moyens, section Partenaires"),
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
    let empty = root.join("vide");
    std::fs::create_dir(&empty).unwrap();
    let out = recueil(root, &["import", "absent.html", doc.to_str().unwrap(), empty.to_str().unwrap(), ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("erreur : absent.html : fichier ou dossier introuvable"), "{err}");
    assert!(err.contains("vide : aucun fichier à reprendre dans ce dossier"), "{err}");
    assert!(err.contains("fiche.docx : ce n'est pas un document Word lisible"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("banque-dijon.html → "), "the readable source is still imported");
    // Outside a project: said, nothing written.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = recueil(elsewhere.path(), &["import", ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas de dossier fiches/"));
}

/// Imports one fixture into a fresh project: the project, the fiche's path and text.
fn import_fixture(name: &str) -> (tempfile::TempDir, String, String) {
    let tmp = project();
    let out = recueil(tmp.path(), &["import", fixture(name).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = said.lines().find(|l| l.starts_with(&format!("{name} → "))).unwrap_or_else(|| panic!("{said}"));
    let written = line.split(" → ").nth(1).unwrap().split(" : ").next().unwrap().to_string();
    let text = std::fs::read_to_string(tmp.path().join(&written)).unwrap();
    (tmp, written, text)
}

fn has_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(text.lines().any(|l| l.starts_with(line)), "« {line} » in\n{text}");
    }
}

#[test]
fn a_word_file_with_french_styles_keeps_its_sections_lists_table_and_picture() {
    let (tmp, written, text) = import_fixture("hirson-styles.docx");
    let root = tmp.path();
    assert_eq!(written, "fiches/des-ateliers-d-insertion-a-hirson-devenus-un-pole-d-economie-sociale-et-solidaire.md");
    // Word's Title style is the title; the facts block fills the keys; the funders' table gives amounts.
    has_lines(
        &text,
        &[
            "titre: \"Des ateliers d'insertion à Hirson, devenus un pôle d'économie sociale et solidaire\"",
            "resume: \"Depuis 2001, le CCAS accueille",
            "date: 2015-09-15",
            "structure: \"CCAS de Hirson\"",
            "type_structure: ccas",
            "territoire: { commune: \"Hirson\", departement: \"02\" }",
            "thematiques: [\"Insertion\", \"Lien social\"]",
            "publics: [\"Bénéficiaires du RSA\", \"Demandeurs d'emploi\"]",
            "mots_cles: [\"ateliers\", \"remobilisation\", \"économie sociale et solidaire\"]",
            "  - { nom: \"Conseil départemental de l'Aisne\", montant: 87900 }",
            "  - { nom: \"Commune de Hirson\", montant: 12000 }",
            "contact: { nom: \"Service insertion\", email: \"ateliers@ccas-hirson.example\", telephone: \"03 23 58 00 00\" }",
            "  alt: \"Deux bénévoles restaurent une commode dans l'atelier meubles\"",
            "  credit: \"CCAS de Hirson\"",
            "brouillon: true",
        ],
    );
    assert!(!text.contains("Financeur"), "the table's header is no funder:\n{text}");
    // The chapeau, said whole by the résumé, is not repeated in the body (the page shows both).
    assert_eq!(text.matches("Depuis 2001, le CCAS accueille").count(), 1, "{text}");
    // « Titre 1 » (heading 1) became `##`; the custom style with an outline level `###`.
    assert!(section(&text, "Public(s) Ciblé(s) par l'action").contains("Tout le monde peut venir"));
    assert!(section(&text, "Contexte").contains("Le CCAS connaît les besoins"));
    let fonctionnement = section(&text, "Description / Fonctionnement de l'action");
    assert!(
        fonctionnement.contains(":\n\n- apprendre le français, avec une quarantaine d'ateliers par an ;\n- cuisiner"),
        "{fonctionnement}"
    );
    assert!(
        fonctionnement.contains("\n1. un entretien d'accueil avec l'assistant socio-éducatif ;\n2. une période d'essai"),
        "{fonctionnement}"
    );
    assert!(section(&text, "Bilan").contains("**dans la durée** : *dix sorties positives*"), "bold and italic kept");
    assert!(section(&text, "Bilan").contains("[le site du département](https://www.aisne.fr/)"), "link kept");
    let moyens = section(&text, "Moyens");
    assert!(moyens.contains("### Moyens humains\n\nHuit encadrants") && moyens.contains("### Moyens matériels"), "{moyens}");
    assert!(section(&text, "Les partenaires").contains("- Conseil départemental de l'Aisne\n- Mission locale\n- Aisne Habitat"));
    assert!(section(&text, "Les observations du CCAS/CIAS").contains("épicerie solidaire"));
    assert!(!text.contains("## Ils financent") && !text.contains("Contact :") && !text.contains("Photo :"), "{text}");
    // The picture copied beside the fiche under a readable name, the same bytes.
    let picture = "des-ateliers-d-insertion-a-hirson-devenus-un-pole-d-economie-sociale-et-solidaire-image-1.png";
    assert!(text.contains(&format!("  fichier: \"{picture}\"")), "{text}");
    let bytes = std::fs::read(root.join("fiches").join(picture)).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n"), "a PNG");
    // Nothing left to complete: check finds no error, and the draft builds with --brouillons.
    let check = recueil(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(!err.contains(": erreur:"), "{err}");
    // The document's picture is a 48 × 36 icon: too small to print, and said so.
    assert!(err.contains(&format!("avertissement: l'image « {picture} » n'a que 48 × 36 pixels")), "{err}");
}

#[test]
fn a_word_file_typed_without_styles_is_read_from_its_bold_lines_and_typed_bullets() {
    let (tmp, _, text) = import_fixture("clermont-sans-styles.docx");
    has_lines(
        &text,
        &[
            "titre: \"Réparer ses objets pour reprendre confiance\"",
            "  departement: \"63\"",
            "statut: terminee",
            "  - { nom: \"Carsat Auvergne\", montant: 2000 }",
            "  - { nom: \"Département du Puy-de-Dôme\", montant: 3500 }",
            "contact: { email: \"antenne.sociale@puy-de-dome.example\" }",
            "date:   # à compléter",
        ],
    );
    assert!(section(&text, "Contexte").contains("La ressourcerie voulait"));
    assert!(section(&text, "Public").contains("Des adultes suivis"));
    assert!(
        section(&text, "Fonctionnement").contains(
            ":\n\n- accueil autour d'un café,\n- diagnostic de l'objet apporté,\n- réparation avec le salarié de la ressourcerie,\n- bilan du jour en groupe."
        ),
        "typed « • », « o », « - » make one list:\n{text}"
    );
    assert!(section(&text, "Bilan").contains("onze participants") && section(&text, "Moyens").contains("service civique"));
    assert!(!text.contains("n'est plus portée") && !text.contains("**"), "{text}");
    // check lists the keys left to complete, and nothing else.
    let check = recueil(tmp.path(), &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": erreur: ")).collect();
    assert_eq!(errors.len(), 5, "{err}");
    for key in ["date", "structure", "type_structure", "commune", "thematiques"] {
        assert!(errors.iter().any(|l| l.ends_with(&format!("erreur: la clé « {key} » est vide"))), "{key} in\n{err}");
    }
}

#[test]
fn hostile_word_files_are_refused_with_a_reason_and_never_a_panic() {
    let tmp = project();
    let root = tmp.path();
    let huge = root.join("rapport-annuel.docx");
    std::fs::File::create(&huge).unwrap().set_len(50 * 1024 * 1024).unwrap();
    let garbage = root.join("renomme.docx");
    std::fs::write(&garbage, "ceci n'est pas un document Word".repeat(40)).unwrap();
    let bomb = fixture("bombe.docx");
    let external = fixture("piege-externe.docx");
    let odt_bomb = fixture("bombe.odt");
    let sources = [&bomb, &odt_bomb, &external, &huge, &garbage].map(|p| p.to_str().unwrap().to_string());
    let mut args = vec!["import"];
    args.extend(sources.iter().map(String::as_str));
    let out = recueil(root, &args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.contains("bombe.docx : le document se décompresse en bien plus que ce qu'une fiche contient"), "{err}");
    assert!(err.contains("bombe.odt : le document se décompresse en bien plus que ce qu'une fiche contient"), "{err}");
    assert!(err.contains("piege-externe.docx : le document renvoie à un fichier extérieur (file:///C:/Users/Public/photo.png)"), "{err}");
    assert!(err.contains("rapport-annuel.docx : fichier trop gros (plus de 20 Mo)"), "{err}");
    assert!(err.contains("renomme.docx : ce n'est pas un document Word lisible"), "{err}");
    assert_eq!(std::fs::read_dir(root.join("fiches")).unwrap().count(), 0, "nothing written");
}

#[test]
fn a_libreoffice_file_made_by_another_program_imports_the_same_way() {
    let (tmp, written, text) = import_fixture("dijon-pandoc.odt");
    assert_eq!(written, "fiches/un-atelier-pour-sortir-de-l-isolement-a-la-fontaine-d-ouche.md");
    has_lines(
        &text,
        &[
            "titre: \"Un atelier pour sortir de l’isolement à la Fontaine d’Ouche\"",
            "structure: \"CCAS de Dijon\"",
            "territoire: { commune: \"Dijon\", departement: \"21\" }",
            "thematiques: [\"Lien social\"]",
            "  - { nom: \"Ville de Dijon\", montant: 1000 }",
            "  - { nom: \"Carsat\", montant: 2000 }",
            "  alt: \"Des participantes cousent des sacs en tissu de récupération\"",
            "  credit: \"Centre social de la Fontaine d’Ouche\"",
        ],
    );
    // Headings by their outline level, lists (the numbered one numbered), a table, emphasis from automatic styles.
    assert!(section(&text, "Contexte").contains("Le diagnostic de territoire a repéré"));
    let fonctionnement = section(&text, "Fonctionnement");
    assert!(fonctionnement.contains("- à la sortie du supermarché du quartier,\n- dans la salle d’attente"), "{fonctionnement}");
    assert!(fonctionnement.contains("1. un accueil libre, sans inscription ;\n2. un échange"), "{fonctionnement}");
    assert!(section(&text, "Bilan").contains("un *atelier de confection* dont les **ventes financent des sorties**"), "{text}");
    assert!(section(&text, "Moyens").contains("| Poste | Temps |\n| --- | --- |\n| Animatrice sociale | un mi-temps |"), "{text}");
    assert!(section(&text, "Partenaires").contains("- Bailleur social du quartier"));
    let picture = tmp.path().join("fiches/un-atelier-pour-sortir-de-l-isolement-a-la-fontaine-d-ouche-image-1.png");
    assert!(std::fs::read(picture).unwrap().starts_with(b"\x89PNG"));
    // Only the date is left: one error.
    let check = recueil(tmp.path(), &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": erreur: ")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].ends_with("erreur: la clé « date » est vide"), "{err}");
}

/// A model filled in as a partner would: each answer typed after its label,
/// each section's text in the empty paragraph under its instruction, two
/// funders in the table.
fn fill_model(model: &Path, filled: &Path) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(model).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(filled).unwrap());
    let answers = [
        ("Structure", "CCAS de Hirson"),
        ("Type de structure", "CCAS"),
        ("Commune", "Hirson"),
        ("Département", "02"),
        ("Date", "15/03/2024"),
        ("Thématiques", "Insertion, Lien social"),
        ("Publics", "Demandeurs d'emploi"),
        ("Contact", "Service insertion, insertion@ccas-hirson.example"),
    ];
    let texts = [
        "Des ateliers pour reprendre confiance avant de chercher un emploi.",
        "Les permanences du CCAS ont montré des personnes seules et découragées.",
        "Des habitants éloignés de l'emploi, orientés par les travailleurs sociaux.",
        "Trois ateliers par semaine : cuisine, couture, français.",
        "Dix sorties positives en un an.",
        "Huit encadrants techniques et deux véhicules.",
        "La mission locale oriente les jeunes vers les ateliers.",
        "Commencer petit, avec un seul atelier.",
    ];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            assert!(xml.contains("Titre de l’action"), "the title line in French typography");
            xml = xml.replacen("Titre de l’action", "Des ateliers pour reprendre confiance", 1);
            for (label, answer) in answers {
                let at = format!("{label}\u{a0}: </w:t></w:r>");
                assert!(xml.contains(&at), "{label} in the model");
                xml = xml.replacen(&at, &format!("{at}<w:r><w:t xml:space=\"preserve\">{answer}</w:t></w:r>"), 1);
            }
            for text in texts {
                assert!(xml.contains("<w:p/>"), "an empty paragraph for « {text} »");
                xml = xml.replacen("<w:p/>", &format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"), 1);
            }
            for cell in ["Carsat", "2 000 €", "Conseil départemental de l'Aisne", "87 900 €"] {
                xml = xml.replacen("<w:p><w:pPr/></w:p>", &format!("<w:p><w:r><w:t>{cell}</w:t></w:r></w:p>"), 1);
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn the_word_model_filled_in_by_a_partner_imports_without_error() {
    let tmp = project();
    let root = tmp.path();
    let model = root.join("modele-fiche.docx");
    let out = recueil(root, &["import", "--modele", model.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("modèle de fiche écrit"));
    // Never over an existing file.
    let again = recueil(root, &["import", "--modele", model.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"), "{}", String::from_utf8_lossy(&again.stderr));

    let filled = root.join("retour-partenaire.docx");
    fill_model(&model, &filled);
    let out = recueil(root, &["import", filled.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("retour-partenaire.docx → fiches/des-ateliers-pour-reprendre-confiance.md : brouillon à relire"), "{said}");
    let text = std::fs::read_to_string(root.join("fiches/des-ateliers-pour-reprendre-confiance.md")).unwrap();
    has_lines(
        &text,
        &[
            "titre: \"Des ateliers pour reprendre confiance\"",
            "resume: \"Des ateliers pour reprendre confiance avant de chercher un emploi.\"",
            "date: 2024-03-15",
            "type_structure: ccas",
            "territoire: { commune: \"Hirson\", departement: \"02\" }",
            "  - { nom: \"Carsat\", montant: 2000 }",
            "  - { nom: \"Conseil départemental de l'Aisne\", montant: 87900 }",
        ],
    );
    // The model's instructions are not the partner's text.
    assert!(!text.contains("Consigne") && !text.contains("Pourquoi cette action") && !text.contains("par exemple"), "{text}");
    assert!(section(&text, "Observations").contains("Commencer petit"));
    let check = recueil(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(!err.contains(": erreur:"), "{err}");
}

#[test]
fn a_questionnaire_shaped_page_goes_by_the_meaning_of_its_questions() {
    let (tmp, _, text) = import_fixture("questionnaire-homecourt.html");
    has_lines(
        &text,
        &[
            "titre: \"Des ateliers ouverts à tous, tremplin vers l'autonomie\"",
            "structure: \"Centre social Jules Ferry, Homécourt\"",
            "type_structure: centre-social",
            "territoire: { commune: \"Homécourt\", departement: \"54\" }",
            "thematiques: [\"Insertion\", \"Lien social\"]",
            "mots_cles: [\"Famille\", \"Parentalité\", \"Santé\", \"Apprentissage du français\", \"Mixité sociale\"]",
        ],
    );
    // Each question in the section its words name, kept as a sub-heading.
    let contexte = section(&text, "Contexte");
    assert!(contexte.contains("### Quels furent les éléments de diagnostic") && contexte.contains("le même constat"), "{text}");
    let fonctionnement = section(&text, "Fonctionnement");
    assert!(fonctionnement.contains("### Description générale") && fonctionnement.contains("### Description de l'expérience"), "{text}");
    assert!(fonctionnement.contains("- le français, une quarantaine de séances dans l'année ;\n- la vie quotidienne"), "{text}");
    let bilan = section(&text, "Bilan");
    for q in ["### Quels sont les impacts", "### Quels furent les facteurs de réussite", "### Quelles sont les limites"] {
        assert!(bilan.contains(q), "{q} in\n{text}");
    }
    assert!(!text.contains("## Public"), "« au niveau du public » is about effects:\n{text}");
    // What the site wraps around it, its scripts and event attributes: absent.
    for junk in
        ["Aller au contenu", "traceurs", "Accueil", "Voir aussi", "Plan du site", "Texte injecté", "alert", "onclick", "cdn.example", "\\-"]
    {
        assert!(!text.contains(junk), "« {junk} » left in\n{text}");
    }
    let check = recueil(tmp.path(), &["check"]);
    let err = String::from_utf8_lossy(&check.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": erreur: ")).collect();
    assert_eq!(errors.len(), 1, "only the date is left:\n{err}");
    assert!(errors[0].ends_with("erreur: la clé « date » est vide"), "{err}");
}

#[test]
fn a_page_saved_with_its_pictures_brings_them_and_nothing_from_elsewhere() {
    let tmp = project();
    let root = tmp.path();
    let saved = root.join("enregistre");
    std::fs::create_dir_all(saved.join("fiche_files")).unwrap();
    image::RgbImage::from_pixel(8, 6, image::Rgb([200, 80, 40])).save(saved.join("fiche_files/atelier%20couture.png")).unwrap();
    image::RgbImage::from_pixel(8, 6, image::Rgb([0, 0, 0])).save(root.join("secret.png")).unwrap();
    std::fs::write(
        saved.join("fiche.html"),
        "<html><body><main><h1>Un atelier de couture au centre social</h1>\
         <p><img src=\"fiche_files/atelier%2520couture.png\" alt=\"Trois machines à coudre sur une grande table\"></p>\
         <p>Crédit photo : Centre social des Tilleuls</p>\
         <h2>Contexte</h2><p>Des habitantes voulaient apprendre à coudre.</p>\
         <p><img src=\"../secret.png\" alt=\"hors du dossier\"> <img src=\"https://exemple.fr/banniere.png\" alt=\"Bannière\"></p>\
         </main></body></html>",
    )
    .unwrap();
    let out = recueil(root, &["import", saved.join("fiche.html").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(root.join("fiches/un-atelier-de-couture-au-centre-social.md")).unwrap();
    has_lines(
        &text,
        &[
            "  fichier: \"un-atelier-de-couture-au-centre-social-image-1.png\"",
            "  alt: \"Trois machines à coudre sur une grande table\"",
            "  credit: \"Centre social des Tilleuls\"",
        ],
    );
    let copied = image::open(root.join("fiches/un-atelier-de-couture-au-centre-social-image-1.png")).unwrap().to_rgb8();
    assert_eq!(copied.get_pixel(0, 0).0, [200, 80, 40], "the page's own picture");
    // A file outside the page's folder is not read; a remote picture stays a link.
    assert_eq!(std::fs::read_dir(root.join("fiches")).unwrap().count(), 2, "the fiche and its one picture");
    assert!(text.contains("[Image : Bannière](https://exemple.fr/banniere.png)"), "{text}");
    assert!(!text.contains("![Bannière]"), "{text}");
    assert!(text.contains("*Image non reprise (../secret.png : introuvable dans le dossier de la page) : hors du dossier*"), "{text}");
    assert!(text.contains("resume: \"Des habitantes voulaient apprendre à coudre.\""), "{text}");
}

#[test]
fn an_old_word_97_document_is_read_too() {
    let (tmp, _, text) = import_fixture("hirson-word97.doc");
    has_lines(
        &text,
        &[
            "titre: \"Des ateliers d'insertion à Hirson, devenus un pôle d'économie sociale et solidaire\"",
            "territoire: { commune: \"Hirson\", departement: \"02\" }",
            "  - { nom: \"Conseil départemental de l'Aisne\", montant: 87900 }",
            "  credit: \"CCAS de Hirson\"",
        ],
    );
    assert!(section(&text, "Description / Fonctionnement de l'action").contains("\n1. un entretien d'accueil"), "{text}");
    assert!(section(&text, "Les partenaires").contains("- Mission locale\n- Aisne Habitat"), "{text}");
    // The Word 97 file lost the picture's alt text on the way: asked for, not invented.
    assert!(text.contains("  alt:   # à compléter"), "{text}");
    let picture = tmp.path().join("fiches/des-ateliers-d-insertion-a-hirson-devenus-un-pole-d-economie-sociale-et-solidaire-image-1.png");
    assert!(std::fs::read(picture).unwrap().starts_with(b"\x89PNG"));
}
