//! Runs the built `recueil` binary on the fixture projects and checks the exact
//! diagnostics: file, line, column, French message and `aide :` line, the
//! summary line, the JSON rendering, colours and ignored folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn recueil(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the recueil binary runs")
}

fn invalide() -> PathBuf {
    manifest_dir().join("tests/fixtures/invalide")
}

/// Every diagnostic of `tests/fixtures/invalide`, in report order: the
/// `fichier:ligne:colonne: gravité: message` line, then the hint. Each was
/// checked by hand against its fixture file.
const EXPECTED: &[(&str, &str)] = &[
    (
        "fiches/chiffre-inconnu.md:11:3: erreur: clé inconnue « participant » dans « chiffres »",
        "vouliez-vous dire « participants » ? (les clés s'écrivent en minuscules, sans accent) ; un chiffre libre va dans « indicateurs »",
    ),
    (
        "fiches/cle-absente.md:1:1: erreur: clé obligatoire « resume » absente",
        "ajoutez une ligne « resume: Une épicerie qui se déplace dans les villages. » (un paragraphe de texte)",
    ),
    (
        "fiches/cle-inconnue.md:8:1: erreur: clé inconnue « thématiques »",
        "vouliez-vous dire « thematiques » ? (les clés s'écrivent en minuscules, sans accent)",
    ),
    (
        "fiches/date-impossible.md:4:7: erreur: « date » : le 2023-02-30 n'existe pas dans le calendrier",
        "vérifiez le mois (01 à 12) et le jour (pas de 30 février, ni de 31 avril)",
    ),
    (
        "fiches/departement-inconnu.md:7:44: erreur: département « 99 » inconnu",
        "un code de 01 à 95, 2A ou 2B pour la Corse, 971 à 976 outre-mer ; entre guillemets : departement: \"63\"",
    ),
    (
        "fiches/entete-non-ferme.md:1:1: erreur: l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé",
        "ajoutez une ligne « --- » après la dernière clé, avant le premier intertitre (ligne 13)",
    ),
    (
        "fiches/image-hors-projet.md:10:19: erreur: chemin d'image refusé : « ../../secret.png » sort du dossier du projet",
        "placez l'image à côté de la fiche et donnez juste son nom : fichier: atelier.jpg",
    ),
    (
        "fiches/image-introuvable.md:10:19: avertissement: l'image « rayons.jpg » est introuvable à côté de la fiche",
        "placez le fichier image dans le même dossier que la fiche, ou corrigez son nom (majuscules comprises)",
    ),
    (
        "fiches/image-sans-alt.md:11:3: erreur: image sans texte alternatif (« alt ») : les personnes aveugles ou malvoyantes ne sauront pas ce qu'elle montre",
        "décrivez l'image en une phrase : alt: Deux bénévoles réparent un grille-pain",
    ),
    (
        "fiches/intertitre-mal-ecrit.md:14:1: erreur: l'intertitre « ## Contxte » ne correspond à aucune section",
        "vouliez-vous dire « ## Contexte » ?",
    ),
    (
        "fiches/latin1.md:2:8: erreur: le fichier n'est pas encodé en UTF-8 (probablement en Latin-1 / Windows-1252) : les accents seraient illisibles",
        "ouvrez-le dans votre éditeur et enregistrez-le en « UTF-8 » (Bloc-notes : Enregistrer sous → Encodage UTF-8 ; LibreOffice : Texte codé → Unicode UTF-8)",
    ),
    (
        "fiches/nombre-en-texte.md:12:14: erreur: « montant » doit être un nombre, pas « mille euros »",
        "écrivez le nombre seul, en chiffres et sans unité : montant: 5000",
    ),
    (
        "fiches/section-absente.md:10:1: erreur: la section obligatoire « Moyens » est absente",
        "ajoutez un intertitre « ## Moyens » suivi du texte (autres intitulés acceptés : Moyens humains et matériels, Budget)",
    ),
    (
        "fiches/section-en-double.md:26:1: erreur: la section « Bilan » apparaît deux fois : « ## Résultats » veut dire la même chose que « ## Bilan » (ligne 22)",
        "regroupez les deux parties sous un seul intertitre « ## », ou changez le second en « ### »",
    ),
    (
        "fiches/sections-yaml.yaml:11:3: erreur: la section obligatoire « Partenaires » est absente",
        "ajoutez sous « sections: » une clé « partenaires: | » suivie du texte",
    ),
    ("fiches/sections-yaml.yaml:13:3: erreur: section inconnue « fonctionement »", "vouliez-vous dire « fonctionnement » ?"),
    (
        "fiches/slug-en-double-b.md:4:7: erreur: l'adresse « epicerie-solidaire » est déjà celle de fiches/slug-en-double-a.md : deux fiches ne peuvent pas avoir la même",
        "donnez à l'une des deux une clé slug différente, par exemple slug: epicerie-solidaire-2",
    ),
    (
        "fiches/tabulation.md:8:1: erreur: une tabulation sert d'indentation : YAML n'accepte que des espaces",
        "remplacez la tabulation par deux espaces (dans votre éditeur : « convertir les tabulations en espaces »)",
    ),
    (
        "fiches/thematiques-vide.md:8:14: erreur: « thematiques » est vide : il faut au moins une thématique",
        "par exemple thematiques: [Insertion, Lien social]",
    ),
    (
        "fiches/type-structure-inconnu.md:6:17: erreur: « type_structure » : « mairie » n'est pas une valeur permise",
        "valeurs permises : ccas, cias, centre-social, association, departement, commune, epci, autre",
    ),
    (
        "fiches/vide.md:1:1: erreur: le fichier est vide",
        "une fiche commence par un en-tête entre deux lignes « --- » (titre, resume, date…) ; « recueil new \"Titre\" » en crée une complète",
    ),
];

const SUMMARY: &str = "20 erreurs, 1 avertissement dans 20 fiches (21 lues)";

fn stderr_of(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 output")
}

#[test]
fn invalid_project_exits_1() {
    let out = recueil(&invalide(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
}

#[test]
fn every_case_reported_with_place_message_and_hint() {
    let out = recueil(&invalide(), &["check"]);
    let text = stderr_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Exactly the expected blocks, in order, then the summary.
    let mut expected: Vec<String> = Vec::new();
    for (diag, aide) in EXPECTED {
        expected.push(diag.to_string());
        expected.push(format!("  aide : {aide}"));
    }
    expected.push(SUMMARY.to_string());
    for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "line {} of the output:\n{text}", i + 1);
    }
    assert_eq!(lines.len(), expected.len(), "{text}");
    assert!(out.stdout.is_empty(), "the text report goes to stderr");
}

#[test]
fn every_diagnostic_has_a_french_hint() {
    let out = recueil(&invalide(), &["check"]);
    let text = stderr_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    let diags: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("fiches/")).collect();
    assert_eq!(diags.len(), EXPECTED.len());
    for i in diags {
        let aide = lines[i + 1];
        assert!(aide.starts_with("  aide : "), "no hint after {}", lines[i]);
        for bad in ["Error", "error(", "Some(", "None", "{:?}", "\\n", "Utf8", "panicked"] {
            assert!(!lines[i].contains(bad) && !aide.contains(bad), "jargon « {bad} » in:\n{}\n{aide}", lines[i]);
        }
    }
}

/// Every fixture fiche produces its own diagnostic (the first of the two
/// duplicate-slug files is the reference and is clean).
#[test]
fn each_fixture_file_is_reported() {
    let out = recueil(&invalide(), &["check"]);
    let text = stderr_of(&out);
    let dir = invalide().join("fiches");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md") || n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 21);
    for f in files {
        let reported = text.lines().any(|l| l.starts_with(&format!("fiches/{f}:")));
        assert_eq!(reported, f != "slug-en-double-a.md", "fiches/{f}:\n{text}");
    }
}

#[test]
fn summary_counts_errors_warnings_and_files() {
    let out = recueil(&invalide(), &["check"]);
    let text = stderr_of(&out);
    assert_eq!(text.lines().last(), Some(SUMMARY));
    let errors = EXPECTED.iter().filter(|(d, _)| d.contains(": erreur: ")).count();
    let warnings = EXPECTED.iter().filter(|(d, _)| d.contains(": avertissement: ")).count();
    assert_eq!((errors, warnings), (20, 1));
    assert!(SUMMARY.starts_with(&format!("{errors} erreurs, {warnings} avertissement dans ")));
}

#[derive(serde::Deserialize, Debug)]
struct JsonReport {
    diagnostics: Vec<JsonDiag>,
    erreurs: usize,
    avertissements: usize,
    fiches_lues: usize,
    resume: String,
}

#[derive(serde::Deserialize, Debug)]
struct JsonDiag {
    fichier: String,
    ligne: u32,
    colonne: u32,
    gravite: String,
    message: String,
    aide: Option<String>,
}

#[test]
fn json_gives_the_same_diagnostics() {
    let out = recueil(&invalide(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: JsonReport = serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    assert_eq!(report.diagnostics.len(), EXPECTED.len());
    for (d, (line, aide)) in report.diagnostics.iter().zip(EXPECTED) {
        let rebuilt = format!("{}:{}:{}: {}: {}", d.fichier, d.ligne, d.colonne, d.gravite, d.message);
        assert_eq!(&rebuilt, line);
        assert_eq!(d.aide.as_deref(), Some(*aide));
    }
    assert_eq!((report.erreurs, report.avertissements, report.fiches_lues), (20, 1, 21));
    assert_eq!(report.resume, SUMMARY);
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn no_colour_codes_when_not_a_terminal() {
    let out = recueil(&invalide(), &["check"]);
    assert!(!out.stderr.contains(&0x1b), "escape code in piped output");
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn ignored_folders_produce_nothing() {
    let out = recueil(&invalide(), &["check"]);
    let text = stderr_of(&out);
    // The folders exist and hold broken fiches…
    let fiches = invalide().join("fiches");
    assert!(fiches.join("_brouillons/casse.md").is_file());
    assert!(fiches.join(".cache/casse.yaml").is_file());
    // …that are neither reported nor counted.
    assert!(!text.contains("_brouillons") && !text.contains(".cache"), "{text}");
    assert!(text.trim_end().ends_with("(21 lues)"));
}

#[test]
fn snapshot_of_the_whole_report() {
    let out = recueil(&invalide(), &["check"]);
    insta::assert_snapshot!("invalide_texte", stderr_of(&out));
}

/// The project's own sample fiches check clean: no error, no warning.
#[test]
fn sample_fiches_check_clean() {
    let out = recueil(&manifest_dir(), &["check", "--format", "json"]);
    let report: JsonReport = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!((report.erreurs, report.avertissements), (0, 0));
    assert_eq!(report.fiches_lues, 14);
    let out = recueil(&manifest_dir(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr_of(&out), "aucun problème dans 14 fiches lues\n");
}

/// The valid fixture checks clean too (its draft and BOM/CRLF file included).
#[test]
fn valid_fixture_checks_clean() {
    let root = manifest_dir().join("tests/fixtures/valide");
    let out = recueil(&root, &["check"]);
    let text = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("aucun problème dans "), "{text}");
}

/// A project of one fiche, `fiches/epicerie.md`: `head` (the front matter's
/// lines after the opening `---`), then the five required sections.
fn one_fiche(head: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fiches")).unwrap();
    let body = "## Contexte\n\nx\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n";
    std::fs::write(dir.path().join("fiches/epicerie.md"), format!("---\n{head}---\n\n{body}")).unwrap();
    dir
}

/// The front matter's first lines, common to the fiches below (7 lines).
const HEAD: &str = "titre: Épicerie\nresume: Des courses à petit prix.\ndate: 2024-01-01\nstructure: CCAS\ntype_structure: ccas\n";

/// `87.900` reads 87 900 to a French author and 87,9 to YAML: refused at its
/// place, with both readings in the hint, for every numeric key; never summed.
#[test]
fn a_dot_before_three_digits_is_refused_with_both_readings() {
    let dir = one_fiche(&format!(
        "{HEAD}territoire: {{ commune: Dijon, departement: \"21\", habitants: 156.920 }}\nthematiques: [Alimentation]\n\
         chiffres:\n  budget_annuel: 16.500\n  salaries_etp: 1.5\nfinanceurs:\n  - {{ nom: CAF, montant: 87.900 }}\n  - {{ nom: Ville, montant: 1.234.567 }}\n"
    ));
    let out = recueil(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for (at, key, value, aide) in [
        ("7:61", "habitants", "156.920", "écrivez 156920 s'il s'agit de 156\u{202f}920, ou 156,92 s'il s'agit de décimales"),
        (
            "10:18",
            "budget_annuel",
            "16.500",
            "écrivez 16500 s'il s'agit de 16\u{202f}500, ou 16,5 s'il s'agit de décimales (entre accolades { … }, écrivez 16.5)",
        ),
        ("13:26", "montant", "87.900", "écrivez 87900 s'il s'agit de 87\u{202f}900, ou 87,9 s'il s'agit de décimales"),
        ("14:28", "montant", "1.234.567", "écrivez 1234567 (sans point entre les milliers)"),
    ] {
        let line = format!("fiches/epicerie.md:{at}: erreur: « {key} » : « {value} » est ambigu");
        assert!(err.contains(&line), "missing « {line} » in:\n{err}");
        assert!(err.contains(aide), "missing hint « {aide} » in:\n{err}");
    }
    assert!(!err.contains("salaries_etp"), "1.5 is a plain decimal:\n{err}");
}

/// `{ salaries_etp: 0,25 }`: in braces the comma separates keys. The message
/// says so with the author's value and both fixes, and 0 is not kept.
#[test]
fn a_decimal_comma_in_braces_is_explained() {
    let dir = one_fiche(&format!(
        "{HEAD}territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: [Alimentation]\n\
         chiffres: {{ participants: 12, salaries_etp: 0,25 }}\npublics: [Familles]\n"
    ));
    let out = recueil(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "one error, not « clé « 25 » invalide » besides: {d}");
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.starts_with("« salaries_etp: 0,25 » : entre accolades { … }, la virgule sépare les clés"), "{message}");
    let aide = d[0]["aide"].as_str().unwrap();
    assert!(aide.contains("salaries_etp: 0.25") && aide.contains("sur une ligne à lui"), "{aide}");
    assert_eq!((d[0]["ligne"].as_u64(), d[0]["colonne"].as_u64()), (Some(9), Some(45)));
}

/// A funder written as one text with its amount is kept, but its amount would
/// count in no total: a warning gives the line to write instead.
#[test]
fn a_funder_written_as_one_text_is_warned() {
    let dir = one_fiche(&format!(
        "{HEAD}territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: [Alimentation]\n\
         financeurs:\n  - \"Carsat : 2 000 euros\"\n  - Fonds social européen 2021\n"
    ));
    let out = recueil(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fiches/epicerie.md:10:5: avertissement: financeur « Carsat : 2 000 euros » écrit comme un seul texte : son montant ne compte dans aucun total"),
        "{err}"
    );
    assert!(err.contains("aide : écrivez le nom et le montant à part : - { nom: Carsat, montant: 2000 }"), "{err}");
    assert!(!err.contains("Fonds social"), "a year in a name is no amount:\n{err}");
}

/// A YAML syntax error does not hide the file's other problems: the
/// newcomer's fiche with a colon in its title, a French date, a dotted
/// amount and a misspelt key gets its four errors in one run; the title set
/// aside is not reported missing, and no error is reported twice.
#[test]
fn a_syntax_error_does_not_hide_the_files_other_problems() {
    let dir = one_fiche(
        "titre: Atelier : cuisine et santé\nresume: Des repas partagés.\ndate: 14/04/2012\nstructure: CCAS de Hirson\n\
         type_structure: ccas\nterritoire: { commune: Hirson, departement: \"02\" }\nthematiques: [Alimentation]\n\
         financeurs:\n  - { nom: CAF, montant: 87.900 }\npublique: [Familles]\n",
    );
    let out = recueil(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": erreur: ")).collect();
    for (at, what) in [
        ("fiches/epicerie.md:2:", "la valeur contient « : »"),
        ("fiches/epicerie.md:4:7:", "« date » : « 14/04/2012 » n'est pas une date"),
        ("fiches/epicerie.md:10:", "87.900"),
        ("fiches/epicerie.md:11:1:", "clé inconnue « publique »"),
    ] {
        assert!(errors.iter().any(|l| l.starts_with(at) && l.contains(what)), "{at} {what} in\n{err}");
    }
    assert_eq!(errors.len(), 4, "exactly these four:\n{err}");
    assert!(!err.contains("« titre » absente"), "the title's line set aside is not reported missing");
    assert!(err.contains("aide : écrivez l'année, le mois et le jour séparés par des tirets : date: 2012-04-14"));
}

/// Point 16 of #14: a public written with another case, accent or plural than
/// in other fiches is warned about (with the spelling the site shows), and
/// merged into one term, as thématiques are.
#[test]
fn spellings_of_one_public_are_warned_about_and_merged() {
    let dir = tempfile::tempdir().unwrap();
    let body = "## Contexte\n\nx\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n";
    std::fs::create_dir_all(dir.path().join("fiches")).unwrap();
    for (name, date, publics, them) in [
        ("a", "2024-01-01", "[Familles, Jeunes]", "[Alimentation]"),
        ("b", "2024-02-01", "[Familles]", "[alimentation]"),
        ("c", "2024-03-01", "[famille, Personnes âgées]", "[Alimentation]"),
        ("d", "2024-04-01", "[personne agée]", "[Alimentation]"),
    ] {
        let head = format!(
            "titre: Action {name}\nresume: x.\ndate: {date}\nstructure: CCAS\ntype_structure: ccas\n\
             territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: {them}\npublics: {publics}\n"
        );
        std::fs::write(dir.path().join(format!("fiches/{name}.md")), format!("---\n{head}---\n\n{body}")).unwrap();
    }
    let out = recueil(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let err = String::from_utf8_lossy(&out.stderr);
    let warned: Vec<&str> = err.lines().filter(|l| l.contains(": avertissement: ")).collect();
    assert_eq!(warned.len(), 3, "{err}");
    assert!(err.contains(
        "fiches/c.md:9:10: avertissement: le public « famille » s'écrit autrement ailleurs : « Familles » (2 fiches) ; le site les réunit sous « Familles »"
    ), "{err}");
    assert!(err.contains("aide : écrivez partout la même chose, par exemple publics: [Familles, Personnes âgées]"), "{err}");
    assert!(err.contains("fiches/b.md:8:14: avertissement: la thématique « alimentation » s'écrit autrement ailleurs"), "{err}");
    // On a tie (1 and 1), the capitalised spelling is shown.
    assert!(
        err.contains("fiches/d.md:9:10: avertissement: le public « personne agée »") && err.contains("réunit sous « Personnes âgées »"),
        "{err}"
    );

    let out = recueil(dir.path(), &["build", "--no-pdf", "--quiet"]);
    assert!(out.status.success());
    let publics: Vec<String> = std::fs::read_dir(dir.path().join("output/publics"))
        .unwrap()
        .filter_map(|e| e.ok().filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    let mut publics = publics;
    publics.sort();
    assert_eq!(publics, ["familles", "jeunes", "personnes-agees"], "one term per public");
    let term = std::fs::read_to_string(dir.path().join("output/publics/familles/index.html")).unwrap();
    assert_eq!(["fiches/a/", "fiches/b/", "fiches/c/"].iter().filter(|f| term.contains(*f)).count(), 3, "the three fiches under one term");
    let list = std::fs::read_to_string(dir.path().join("output/fiches/index.html")).unwrap();
    assert_eq!(list.matches("name=\"public\" value=\"familles\"").count(), 1, "one filter");
    assert!(!list.contains("value=\"famille\""));
    assert_eq!(list.matches("data-public=\"familles").count(), 3, "every card filters under it");
}

/// #13 (around the import): a bullet typed by hand is warned about, with the
/// author's line written as a list item.
#[test]
fn a_typed_bullet_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fiches")).unwrap();
    let fiche = "---\ntitre: Épicerie\nresume: Des courses.\ndate: 2024-01-01\nstructure: CCAS\ntype_structure: ccas\n\
                 territoire: { commune: Dijon, departement: \"21\" }\nthematiques: [Alimentation]\npublics: [Familles]\n---\n\n\
                 ## Contexte\n\nx\n\n## Fonctionnement\n\n• des ateliers cuisine\n\n```\n• dans du code\n```\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n";
    std::fs::write(dir.path().join("fiches/epicerie.md"), fiche).unwrap();
    let out = recueil(dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "a warning only: {err}");
    assert!(err.contains("fiches/epicerie.md:18:1: avertissement: puce tapée à la main (« • »)"), "{err}");
    assert!(err.contains("aide : commencez la ligne par « - » : - des ateliers cuisine"), "{err}");
    assert_eq!(err.matches("puce tapée").count(), 1, "not in a code block: {err}");
}

/// #13 (around the import): a « ## Ils financent l'action » section is
/// explained, with the `financeurs:` lines built from its own text.
#[test]
fn a_funders_section_gives_the_front_matter_lines() {
    let dir = one_fiche(&format!(
        "{HEAD}territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: [Alimentation]\npublics: [Familles]\n"
    ));
    let path = dir.path().join("fiches/epicerie.md");
    let text = std::fs::read_to_string(&path).unwrap()
        + "\n## Ils financent l'action\n\n- Ville de Dijon (CUCS) : 1 000 euros\n- Carsat : 2 000 euros\n- Fondation locale\n";
    std::fs::write(&path, text).unwrap();
    let out = recueil(dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "erreur: l'intertitre « ## Ils financent l'action » n'est pas une section : les financeurs vont dans l'en-tête de la fiche"
        ),
        "{err}"
    );
    assert!(
        err.contains("financeurs:\n  - { nom: Ville de Dijon (CUCS), montant: 1000 }\n  - { nom: Carsat, montant: 2000 }\n  - { nom: Fondation locale }"),
        "{err}"
    );
}

/// A photo with too few pixels to print sharp across the booklet's text block
/// (150 per inch) is warned at its line, with its size, the width it will
/// print at and the pixels it needs; a large enough one is not. The same for
/// an image in the text.
#[test]
fn an_image_too_small_to_print_is_warned_with_its_size() {
    let dir = one_fiche(&format!(
        "{HEAD}territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: [Alimentation]\npublics: [Familles]\n\
         image:\n  fichier: petite.png\n  alt: Des bénévoles rangent les rayons\n"
    ));
    image::RgbImage::new(400, 300).save(dir.path().join("fiches/petite.png")).unwrap();
    image::RgbImage::new(800, 600).save(dir.path().join("fiches/grande.png")).unwrap();
    let out = recueil(dir.path(), &["check"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error: {err}");
    assert!(
        err.contains(
            "fiches/epicerie.md:11:12: avertissement: l'image « petite.png » n'a que 400 × 300 pixels : dans les PDF, elle sera imprimée sur 6,8 cm de large au lieu de 12,2 cm"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "aide : pour qu'elle occupe toute la largeur, remplacez « petite.png » par la même photo en 719 pixels de large au moins"
        ),
        "{err}"
    );
    // large enough: nothing to say
    let path = dir.path().join("fiches/epicerie.md");
    let text = std::fs::read_to_string(&path).unwrap().replace("petite.png", "grande.png");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(stderr_of(&recueil(dir.path(), &["check"])), "aucun problème dans 1 fiche lue\n");
    // in the text
    std::fs::write(&path, text.replace("## Bilan\n\nx\n", "## Bilan\n\n![Le local](petite.png)\n")).unwrap();
    let err = stderr_of(&recueil(dir.path(), &["check"]));
    assert!(err.contains("avertissement: l'image « petite.png » n'a que 400 × 300 pixels"), "{err}");
}
