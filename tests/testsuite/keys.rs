//! One test per key of the fiche format, through `parse_bytes` on small inline
//! fiches: the forms accepted, and the diagnostic (message, place, hint) for a
//! wrong one. Front matter lines are absolute: `titre` is on line 2.

use recueil::load::diagnostics::{Diagnostic, Severity, Sink};
use recueil::load::fiche::parse_bytes;
use recueil::model::{Fiche, Montant, SectionKind, Statut, TypeStructure};
use std::path::{Path, PathBuf};

/// The valid front matter every test starts from, one key per line (lines 2–9).
const BASE: &[(&str, &str)] = &[
    ("titre", "titre: Épicerie solidaire"),
    ("resume", "resume: Une épicerie à petits prix pour les familles."),
    ("date", "date: 2023-04-12"),
    ("structure", "structure: CCAS de Dijon"),
    ("type_structure", "type_structure: ccas"),
    ("territoire", "territoire: { commune: Dijon, departement: \"21\" }"),
    ("thematiques", "thematiques: [Alimentation]"),
    ("publics", "publics: [Familles]"),
];

const BODY: &str =
    "\nIntroduction.\n\n## Contexte\n\nA.\n\n## Fonctionnement\n\nB.\n\n## Bilan\n\nC.\n\n## Moyens\n\nD.\n\n## Partenaires\n\nE.\n";

/// The base front matter with `key`'s line replaced by `line` (appended after
/// the base keys when `key` is not a base key; removed when `line` is empty).
fn front(key: &str, line: &str) -> String {
    let mut out = String::new();
    let mut replaced = false;
    for (k, l) in BASE {
        if *k == key {
            replaced = true;
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    if !replaced && !line.is_empty() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn md(key: &str, line: &str) -> String {
    format!("---\n{}---\n{BODY}", front(key, line))
}

struct Parsed {
    fiche: Option<Fiche>,
    diags: Vec<Diagnostic>,
}

impl Parsed {
    fn ok(self) -> Fiche {
        assert!(self.diags.is_empty(), "{:#?}", self.diags);
        self.fiche.expect("a fiche")
    }

    /// The only diagnostic, rendered `ligne:colonne: gravité: message`.
    fn one(&self) -> (String, String) {
        assert_eq!(self.diags.len(), 1, "{:#?}", self.diags);
        self.first()
    }

    /// The first diagnostic (a syntax error comes first, the file's other
    /// problems after it).
    fn first(&self) -> (String, String) {
        let d = &self.diags[0];
        let g = match d.gravite {
            Severity::Erreur => "erreur",
            Severity::Avertissement => "avertissement",
        };
        (format!("{}:{}: {g}: {}", d.ligne, d.colonne, d.message), d.aide.clone().unwrap_or_default())
    }

    fn error(self, want: &str) -> String {
        let (got, aide) = self.one();
        assert_eq!(got, want);
        assert!(!aide.is_empty(), "no hint for {want}");
        aide
    }

    fn warning(self, want: &str) -> (Fiche, String) {
        let (got, aide) = self.one();
        assert_eq!(got, want);
        (self.fiche.expect("a warning does not block the fiche"), aide)
    }
}

fn parse_at(root: &Path, path: &Path, text: &str) -> Parsed {
    let mut sink = Sink::new("fiches/x.md");
    let fiche = parse_bytes(root, path, text.as_bytes(), &mut sink);
    Parsed { fiche, diags: sink.items }
}

fn parse(text: &str) -> Parsed {
    parse_at(Path::new("/projet"), Path::new("/projet/fiches/x.md"), text)
}

fn with(key: &str, line: &str) -> Parsed {
    parse(&md(key, line))
}

fn without(key: &str) -> Parsed {
    parse(&md(key, ""))
}

#[test]
fn base_fiche_is_valid() {
    let f = parse(&md("", "")).ok();
    assert_eq!(f.slug, "x");
    assert_eq!(f.chapeau.unwrap().source, "Introduction.");
    assert_eq!(f.sections.len(), 5);
}

#[test]
fn key_titre() {
    assert_eq!(with("titre", "titre: \"Couture : deux ateliers\"").ok().titre, "Couture : deux ateliers");
    assert_eq!(with("titre", "titre: '  Espaces autour  '").ok().titre, "Espaces autour");
    assert_eq!(with("titre", "titre: 2024").ok().titre, "2024");
    let aide = without("titre").error("1:1: erreur: clé obligatoire « titre » absente");
    assert!(aide.contains("titre: "), "{aide}");
    with("titre", "titre:").error("2:6: erreur: la clé « titre » est vide");
    with("titre", "titre: \"  \"").error("2:8: erreur: la clé « titre » est vide");
    let aide = with("titre", "titre: [Épicerie, solidaire]").error("2:8: erreur: « titre » doit être un texte, pas une liste");
    assert!(aide.starts_with("par exemple titre: "), "{aide}");
}

#[test]
fn key_resume() {
    let f = with("resume", "resume: >-\n  Une épicerie\n  à petits prix.").ok();
    assert_eq!(f.resume, "Une épicerie à petits prix.");
    without("resume").error("1:1: erreur: clé obligatoire « resume » absente");
    with("resume", "resume: { a: b }").error("3:9: erreur: « resume » doit être un paragraphe de texte, pas un ensemble de clés");
}

#[test]
fn key_slug() {
    assert_eq!(with("slug", "slug: epicerie-2").ok().slug, "epicerie-2");
    let f = with("slug", "slug: epicerie-2").ok();
    assert_eq!((f.slug_pos.line, f.slug_pos.col), (10, 7));
    // Default: the file name made ASCII.
    let p = parse_at(Path::new("/projet"), Path::new("/projet/fiches/Été à Évry (2).md"), &md("", ""));
    assert_eq!(p.ok().slug, "ete-a-evry-2");
    let aide =
        with("slug", "slug: Épicerie Solidaire").error("10:7: erreur: « slug » : « Épicerie Solidaire » contient des caractères interdits");
    assert!(aide.ends_with("slug: epicerie-solidaire"), "{aide}");
    let p = parse_at(Path::new("/projet"), Path::new("/projet/fiches/---.md"), &md("", ""));
    p.error("1:1: erreur: impossible de tirer une adresse du nom de fichier");
}

#[test]
fn key_date() {
    let f = with("date", "date: 2024-02-29").ok();
    assert_eq!((f.date.year, f.date.month, f.date.day), (2024, 2, 29));
    assert_eq!(with("date", "date: \"2024-02-29\"").ok().date.iso(), "2024-02-29");
    let aide = with("date", "date: 15/03/2024").error("4:7: erreur: « date » : « 15/03/2024 » n'est pas une date au format AAAA-MM-JJ");
    assert!(aide.contains("date: 2024-03-15"), "{aide}");
    with("date", "date: 2023-02-29").error("4:7: erreur: « date » : le 2023-02-29 n'existe pas dans le calendrier");
    with("date", "date: 2023-04-31").error("4:7: erreur: « date » : le 2023-04-31 n'existe pas dans le calendrier");
    with("date", "date: 2023-13-01").error("4:7: erreur: « date » : le 2023-13-01 n'existe pas dans le calendrier");
    with("date", "date: 2023").error("4:7: erreur: « date » : « 2023 » n'est pas une date au format AAAA-MM-JJ");
    without("date").error("1:1: erreur: clé obligatoire « date » absente");
}

#[test]
fn key_mise_a_jour() {
    let f = with("mise_a_jour", "mise_a_jour: 2025-01-10").ok();
    assert_eq!(f.mise_a_jour.unwrap().iso(), "2025-01-10");
    assert_eq!(f.derniere_date().iso(), "2025-01-10");
    assert!(without("mise_a_jour").ok().mise_a_jour.is_none());
    assert!(with("mise_a_jour", "mise_a_jour:").ok().mise_a_jour.is_none());
    // A wrong optional date is reported; the fiche still loads without it.
    let p = with("mise_a_jour", "mise_a_jour: janvier 2025");
    let (got, _) = p.one();
    assert_eq!(got, "10:14: erreur: « mise_a_jour » : « janvier 2025 » n'est pas une date au format AAAA-MM-JJ");
}

#[test]
fn key_structure() {
    assert_eq!(with("structure", "structure: CCAS d'Ajaccio").ok().structure, "CCAS d'Ajaccio");
    without("structure").error("1:1: erreur: clé obligatoire « structure » absente");
}

#[test]
fn key_type_structure() {
    for t in TypeStructure::ALL {
        let f = with("type_structure", &format!("type_structure: {}", t.code())).ok();
        assert_eq!(f.type_structure, *t);
    }
    assert_eq!(with("type_structure", "type_structure: Centre social").ok().type_structure, TypeStructure::CentreSocial);
    assert_eq!(with("type_structure", "type_structure: CIAS").ok().type_structure, TypeStructure::Cias);
    assert_eq!(with("type_structure", "type_structure: Département").ok().type_structure, TypeStructure::Departement);
    let aide = with("type_structure", "type_structure: mairie")
        .error("6:17: erreur: « type_structure » : « mairie » n'est pas une valeur permise");
    assert_eq!(aide, "valeurs permises : ccas, cias, centre-social, association, departement, commune, epci, autre");
    let aide = with("type_structure", "type_structure: asociation")
        .error("6:17: erreur: « type_structure » : « asociation » n'est pas une valeur permise");
    assert!(aide.starts_with("vouliez-vous dire « association » ?"), "{aide}");
    without("type_structure").error("1:1: erreur: clé obligatoire « type_structure » absente");
}

#[test]
fn key_territoire() {
    let f = with("territoire", "territoire:\n  commune: Ajaccio\n  departement: 2a\n  habitants: 72000").ok();
    assert_eq!(f.territoire.departement, "2A");
    assert_eq!(f.territoire.region, "Corse");
    assert_eq!(f.territoire.habitants, Some(72000));
    for (written, code, region) in [
        ("\"01\"", "01", "Auvergne-Rhône-Alpes"),
        ("1", "01", "Auvergne-Rhône-Alpes"),
        ("974", "974", "La Réunion"),
        ("2B", "2B", "Corse"),
        ("\"75\"", "75", "Île-de-France"),
        ("976", "976", "Mayotte"),
    ] {
        let f = with("territoire", &format!("territoire: {{ commune: X, departement: {written} }}")).ok();
        assert_eq!((f.territoire.departement.as_str(), f.territoire.region.as_str()), (code, region), "{written}");
    }
    // A region that agrees with the département is accepted, whatever its case.
    let f = with("territoire", "territoire: { commune: Dijon, departement: \"21\", region: bourgogne-franche-comté }").ok();
    assert_eq!(f.territoire.region, "Bourgogne-Franche-Comté");
    // One that disagrees is a warning; the derived one wins.
    let (f, aide) = with("territoire", "territoire: { commune: Dijon, departement: \"21\", region: Bretagne }").warning(
        "7:58: avertissement: la région « Bretagne » ne correspond pas au département 21 (Côte-d'Or), qui est en Bourgogne-Franche-Comté",
    );
    assert_eq!(f.territoire.region, "Bourgogne-Franche-Comté");
    assert!(aide.contains("region: Bourgogne-Franche-Comté"), "{aide}");

    let aide = with("territoire", "territoire: { commune: Dijon, departement: \"99\" }").error("7:44: erreur: département « 99 » inconnu");
    assert!(aide.contains("2A ou 2B"), "{aide}");
    with("territoire", "territoire: { commune: Ajaccio, departement: \"20\" }").error("7:46: erreur: département « 20 » inconnu");
    with("territoire", "territoire: { commune: Dijon }").error("7:13: erreur: clé obligatoire « departement » absente dans « territoire »");
    with("territoire", "territoire:\n  departement: \"21\"").error("8:3: erreur: clé obligatoire « commune » absente dans « territoire »");
    with("territoire", "territoire: Dijon").error("7:13: erreur: « territoire » doit être un ensemble de clés, pas un texte");
    let aide = with("territoire", "territoire: { commune: Dijon, departement: \"21\", ville: Dijon }")
        .error("7:50: erreur: clé inconnue « ville » dans « territoire »");
    assert!(aide.contains("commune, departement, region, habitants"), "{aide}");
    with("territoire", "territoire: { commune: Dijon, departement: \"21\", habitants: -3 }")
        .error("7:61: erreur: « habitants » doit être un nombre entier positif, pas « -3 »");
    without("territoire").error("1:1: erreur: clé obligatoire « territoire » absente");
}

#[test]
fn key_annee_debut() {
    assert_eq!(with("annee_debut", "annee_debut: 2019").ok().annee_debut, Some(2019));
    assert_eq!(with("annee_debut", "annee_debut: \"2019\"").ok().annee_debut, Some(2019));
    assert_eq!(without("annee_debut").ok().annee_debut, None);
    let p = with("annee_debut", "annee_debut: 1850");
    assert_eq!(p.one().0, "10:14: erreur: « annee_debut » : « 1850 » n'est pas une année");
    let p = with("annee_debut", "annee_debut: deux mille dix-neuf");
    assert_eq!(p.one().0, "10:14: erreur: « annee_debut » doit être un nombre, pas « deux mille dix-neuf »");
}

#[test]
fn key_statut() {
    assert_eq!(without("statut").ok().statut, Statut::EnCours);
    assert_eq!(with("statut", "statut: en-cours").ok().statut, Statut::EnCours);
    assert_eq!(with("statut", "statut: terminee").ok().statut, Statut::Terminee);
    assert_eq!(with("statut", "statut: Terminée").ok().statut, Statut::Terminee);
    assert_eq!(with("statut", "statut: en cours").ok().statut, Statut::EnCours);
    let aide = with("statut", "statut: finie").error("10:9: erreur: « statut » : « finie » n'est pas une valeur permise");
    assert!(aide.contains("en-cours, terminee"), "{aide}");
}

#[test]
fn key_thematiques() {
    assert_eq!(with("thematiques", "thematiques: [Insertion, Lien social]").ok().thematiques, ["Insertion", "Lien social"]);
    assert_eq!(with("thematiques", "thematiques:\n  - Insertion\n  - Emploi").ok().thematiques, ["Insertion", "Emploi"]);
    assert_eq!(with("thematiques", "thematiques: Insertion").ok().thematiques, ["Insertion"]);
    with("thematiques", "thematiques: []").error("8:14: erreur: « thematiques » est vide : il faut au moins une thématique");
    with("thematiques", "thematiques:").error("8:12: erreur: la clé « thematiques » est vide");
    without("thematiques").error("1:1: erreur: clé obligatoire « thematiques » absente");
    let (f, _) = with("thematiques", "thematiques: [Insertion, insertion]")
        .warning("8:26: avertissement: « insertion » est déjà dans la liste « thematiques »");
    assert_eq!(f.thematiques, ["Insertion"]);
    let aide = with("thematiques", "thématiques: [Insertion]").error("8:1: erreur: clé inconnue « thématiques »");
    assert!(aide.starts_with("vouliez-vous dire « thematiques » ?"), "{aide}");
}

#[test]
fn key_publics() {
    assert_eq!(with("publics", "publics: [Familles, Jeunes]").ok().publics, ["Familles", "Jeunes"]);
    let (f, aide) = without("publics")
        .warning("1:1: avertissement: aucun public indiqué : la fiche n'apparaîtra dans aucune entrée « public » du site");
    assert!(f.publics.is_empty());
    assert!(aide.contains("publics: ["), "{aide}");
    with("publics", "publics: [[a]]").error("9:11: erreur: « publics » doit être une liste de textes, pas une liste");
}

#[test]
fn key_mots_cles() {
    assert_eq!(with("mots_cles", "mots_cles: [épicerie, circuit court]").ok().mots_cles, ["épicerie", "circuit court"]);
    assert!(without("mots_cles").ok().mots_cles.is_empty());
    with("mots_cles", "mots_cles: { a: b }").error("10:12: erreur: « mots_cles » doit être une liste de textes, pas un ensemble de clés");
}

#[test]
fn key_chiffres() {
    let f = with(
        "chiffres",
        "chiffres:\n  participants: 40\n  benevoles: 5\n  salaries_etp: 0.5\n  budget_annuel: 12000\n  cout_total: \"35 000\"\n  sorties_positives: 3\n  ateliers: 24",
    )
    .ok();
    let c = &f.chiffres;
    assert_eq!((c.participants, c.benevoles, c.sorties_positives, c.ateliers), (Some(40), Some(5), Some(3), Some(24)));
    assert_eq!(c.salaries_etp, Some(0.5));
    assert_eq!(c.budget_annuel, Some(Montant { cents: 1_200_000 }));
    assert_eq!(c.cout_total, Some(Montant { cents: 3_500_000 }));
    assert!(without("chiffres").ok().chiffres.is_empty());
    assert!(with("chiffres", "chiffres: { participants: }").ok().chiffres.is_empty());

    let aide = with("chiffres", "chiffres: { participant: 40 }").error("10:13: erreur: clé inconnue « participant » dans « chiffres »");
    assert!(
        aide.starts_with("vouliez-vous dire « participants » ?") && aide.ends_with("un chiffre libre va dans « indicateurs »"),
        "{aide}"
    );
    let aide = with("chiffres", "chiffres: { familles: 40 }").error("10:13: erreur: clé inconnue « familles » dans « chiffres »");
    assert!(aide.contains("participants, benevoles") && aide.contains("indicateurs"), "{aide}");
    let aide = with("chiffres", "chiffres: { participants: quarante }")
        .error("10:27: erreur: « participants » doit être un nombre, pas « quarante »");
    assert_eq!(aide, "écrivez le nombre seul, en chiffres et sans unité : participants: 40");
    with("chiffres", "chiffres: { budget_annuel: 12 000 € }")
        .error("10:28: erreur: « budget_annuel » doit être un nombre, pas « 12 000 € »");
    with("chiffres", "chiffres: { ateliers: 2.5 }").error("10:23: erreur: « ateliers » doit être un nombre entier positif, pas « 2.5 »");
    with("chiffres", "chiffres: { salaries_etp: -1 }").error("10:27: erreur: « salaries_etp » doit être un nombre positif, pas « -1 »");
    with("chiffres", "chiffres: { cout_total: -100 }")
        .error("10:25: erreur: « cout_total » : un montant ne peut pas être négatif (« -100 »)");
    // Bounded inputs (point 9 of #14, point 8 of #16): beyond them, a typo, most often zeros.
    let aide = with("chiffres", "chiffres: { budget_annuel: 16500000000 }")
        .error("10:28: erreur: « budget_annuel » : « 16500000000 » est invraisemblable (plus d'un milliard d'euros)");
    assert_eq!(aide, "vérifiez le nombre de zéros ; par exemple budget_annuel: 12000");
    with("chiffres", "chiffres: { salaries_etp: 250000 }")
        .error("10:27: erreur: « salaries_etp » : « 250000 » est invraisemblable (plus de cent mille équivalents temps plein)");
    with("chiffres", "chiffres: { participants: 250000000 }")
        .error("10:27: erreur: « participants » : « 250000000 » est invraisemblable (plus de cent millions)");
    with("financeurs", "financeurs: [{ nom: CAF, montant: 9999999999999 }]")
        .error("10:35: erreur: « montant » : « 9999999999999 » est invraisemblable (plus d'un milliard d'euros)");
    with("chiffres", "chiffres: [40]").error("10:11: erreur: « chiffres » doit être un ensemble de clés, pas une liste");
}

#[test]
fn key_indicateurs() {
    let f = with(
        "indicateurs",
        "indicateurs:\n  - { libelle: Taux de retour à l'emploi, valeur: 42, unite: \"%\" }\n  - libelle: Repas\n    valeur: 87 %",
    )
    .ok();
    assert_eq!(f.indicateurs.len(), 2);
    assert_eq!((f.indicateurs[0].valeur.as_str(), f.indicateurs[0].unite.as_deref()), ("42", Some("%")));
    assert_eq!((f.indicateurs[1].libelle.as_str(), f.indicateurs[1].valeur.as_str()), ("Repas", "87 %"));
    with("indicateurs", "indicateurs: [{ valeur: 42 }]").error("10:15: erreur: clé obligatoire « libelle » absente dans un indicateur");
    let aide = with("indicateurs", "indicateurs: [{ libelle: x, valeur: 1, unité: kg }]")
        .error("10:40: erreur: clé inconnue « unité » dans un indicateur");
    assert!(aide.starts_with("vouliez-vous dire « unite » ?"), "{aide}");
    with("indicateurs", "indicateurs: 42").error("10:14: erreur: « indicateurs » doit être une liste");
}

#[test]
fn key_financeurs() {
    let f =
        with("financeurs", "financeurs:\n  - { nom: CAF, montant: 5000, annee: 2023 }\n  - nom: Ville\n    montant: 1 234,56\n  - Région")
            .ok();
    let fin = &f.financeurs;
    assert_eq!(fin.len(), 3);
    assert_eq!((fin[0].nom.as_str(), fin[0].montant, fin[0].annee), ("CAF", Some(Montant { cents: 500_000 }), Some(2023)));
    assert_eq!(fin[1].montant, Some(Montant { cents: 123_456 }));
    assert_eq!((fin[2].nom.as_str(), fin[2].montant), ("Région", None));
    assert_eq!(f.total_financements(), Some(Montant { cents: 623_456 }));

    let aide = with("financeurs", "financeurs:\n  - nom: CAF\n    montant: mille euros")
        .error("12:14: erreur: « montant » doit être un nombre, pas « mille euros »");
    assert_eq!(aide, "écrivez le nombre seul, en chiffres et sans unité : montant: 5000");
    with("financeurs", "financeurs: [{ nom: CAF, montant: 5000 € }]")
        .error("10:35: erreur: « montant » doit être un nombre, pas « 5000 € »");
    with("financeurs", "financeurs: [{ nom: CAF, annee: 23 }]").error("10:33: erreur: « annee » : « 23 » n'est pas une année");
    with("financeurs", "financeurs: [{ montant: 5000 }]").error("10:14: erreur: clé obligatoire « nom » absente dans un financeur");
}

#[test]
fn key_partenaires() {
    let f = with("partenaires", "partenaires:\n  - Mission locale\n  - { nom: CAF, role: financement }").ok();
    assert_eq!(f.partenaires.len(), 2);
    assert_eq!((f.partenaires[0].nom.as_str(), f.partenaires[0].role.as_deref()), ("Mission locale", None));
    assert_eq!((f.partenaires[1].nom.as_str(), f.partenaires[1].role.as_deref()), ("CAF", Some("financement")));
    let aide = with("partenaires", "partenaires: [{ nom: CAF, rôle: financement }]")
        .error("10:27: erreur: clé inconnue « rôle » dans un partenaire");
    assert!(aide.starts_with("vouliez-vous dire « role » ?"), "{aide}");
    with("partenaires", "partenaires: [{ role: financement }]").error("10:15: erreur: clé obligatoire « nom » absente dans un partenaire");
}

#[test]
fn key_contact() {
    let f = with(
        "contact",
        "contact:\n  nom: Marie Dupont\n  fonction: Coordinatrice\n  email: m.dupont@ccas.fr\n  telephone: 04 73 00 00 00\n  adresse: 1 place de la Mairie",
    )
    .ok();
    let c = f.contact.unwrap();
    assert_eq!(c.nom.as_deref(), Some("Marie Dupont"));
    assert_eq!(c.fonction.as_deref(), Some("Coordinatrice"));
    assert_eq!(c.email.as_deref(), Some("m.dupont@ccas.fr"));
    assert_eq!(c.telephone.as_deref(), Some("04 73 00 00 00"));
    assert_eq!(c.adresse.as_deref(), Some("1 place de la Mairie"));
    let (_, aide) = with("contact", "contact: { email: marie.dupont }")
        .warning("10:19: avertissement: « marie.dupont » ne ressemble pas à une adresse électronique");
    assert!(aide.contains("email: "), "{aide}");
    let aide = with("contact", "contact: { courriel: m@x.fr }").error("10:12: erreur: clé inconnue « courriel » dans « contact »");
    assert!(aide.contains("nom, fonction, email, telephone, adresse"), "{aide}");
}

#[test]
fn key_image() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    std::fs::create_dir_all(root.join("fiches/img")).unwrap();
    std::fs::write(root.join("fiches/img/photo.jpg"), b"\xff\xd8\xff\xe0 a JPEG, as far as its first bytes go").unwrap();
    let path: PathBuf = root.join("fiches/x.md");
    let at = |line: &str| parse_at(&root, &path, &md("image", line));

    let f = at("image: { fichier: img/photo.jpg, alt: Deux bénévoles, credit: CCAS }").ok();
    let i = f.image.unwrap();
    assert_eq!((i.fichier.as_str(), i.alt.as_str(), i.credit.as_deref()), ("img/photo.jpg", "Deux bénévoles", Some("CCAS")));

    let aide = at("image: { fichier: img/photo.jpg }").error(
        "10:8: erreur: image sans texte alternatif (« alt ») : les personnes aveugles ou malvoyantes ne sauront pas ce qu'elle montre",
    );
    assert!(aide.contains("alt: "), "{aide}");
    at("image: { fichier: img/photo.jpg, alt: \" \" }").error(
        "10:39: erreur: image sans texte alternatif (« alt ») : les personnes aveugles ou malvoyantes ne sauront pas ce qu'elle montre",
    );
    at("image: { fichier: ../../secret.png, alt: x }")
        .error("10:19: erreur: chemin d'image refusé : « ../../secret.png » sort du dossier du projet");
    at("image: { fichier: /etc/photo.png, alt: x }")
        .error("10:19: erreur: chemin d'image refusé : « /etc/photo.png » est un chemin absolu");
    at("image: { fichier: \"https://exemple.fr/a.png\", alt: x }")
        .error("10:19: erreur: chemin d'image refusé : « https://exemple.fr/a.png » n'est pas un fichier du projet (une adresse web n'est pas acceptée)");
    let (f, _) = at("image: { fichier: img/absente.jpg, alt: x }")
        .warning("10:19: avertissement: l'image « img/absente.jpg » est introuvable à côté de la fiche");
    assert_eq!(f.image.unwrap().fichier, "img/absente.jpg");
    at("image: { alt: x }").error("10:8: erreur: clé obligatoire « fichier » absente dans « image »");
}

#[test]
fn key_brouillon() {
    assert!(!without("brouillon").ok().brouillon);
    assert!(with("brouillon", "brouillon: true").ok().brouillon);
    assert!(!with("brouillon", "brouillon: false").ok().brouillon);
    assert!(with("brouillon", "brouillon: oui").ok().brouillon);
    assert!(!with("brouillon", "brouillon: non").ok().brouillon);
    let p = with("brouillon", "brouillon: peut-être");
    let (got, aide) = p.one();
    assert_eq!(got, "10:12: erreur: « brouillon » vaut true ou false, pas « peut-être »");
    assert_eq!(aide, "par exemple brouillon: true");
}

#[test]
fn chapeau_and_sections_keys_belong_to_the_yaml_spelling() {
    let aide = with("chapeau", "chapeau: Intro").error("10:1: erreur: clé inconnue « chapeau »");
    assert!(!aide.is_empty());
    with("sections", "sections: {}").error("10:1: erreur: clé inconnue « sections »");
}

#[test]
fn duplicate_key() {
    let text = md("", "titre: Autre titre");
    let p = parse(&text);
    let (got, aide) = p.one();
    assert_eq!(got, "10:1: erreur: la clé « titre » est écrite deux fois (déjà ligne 2)");
    assert_eq!(aide, "gardez une seule ligne pour cette clé");
}

/// The YAML spelling: the same keys, `chapeau:` and `sections:`.
fn yaml(sections: &str) -> String {
    format!("{}chapeau: Une introduction.\nsections:\n{sections}", front("", ""))
}

fn parse_yaml(text: &str) -> Parsed {
    parse_at(Path::new("/projet"), Path::new("/projet/fiches/x.yaml"), text)
}

const ALL_SECTIONS: &str = "  contexte: A.\n  fonctionnement: B.\n  bilan: C.\n  moyens: D.\n  partenaires: E.\n";

#[test]
fn key_chapeau_and_sections_in_yaml() {
    let f = parse_yaml(&yaml(ALL_SECTIONS)).ok();
    assert_eq!(f.chapeau.as_ref().unwrap().source, "Une introduction.");
    assert_eq!(
        f.sections.iter().map(|s| s.kind).collect::<Vec<_>>(),
        SectionKind::ALL.into_iter().filter(|k| k.required()).collect::<Vec<_>>()
    );
    assert_eq!(f.section(SectionKind::Contexte).unwrap().ligne, 11);
    // `.yml` too, and section names through their aliases.
    let p = parse_at(Path::new("/projet"), Path::new("/projet/fiches/x.yml"), &yaml(&ALL_SECTIONS.replace("bilan:", "résultats:")));
    assert_eq!(p.ok().section(SectionKind::Bilan).unwrap().contenu.source, "C.");

    let aide = parse_yaml(&yaml(&ALL_SECTIONS.replace("contexte:", "contxte:"))).error("11:3: erreur: section inconnue « contxte »");
    assert_eq!(aide, "vouliez-vous dire « contexte » ?");
    let aide =
        parse_yaml(&yaml(&ALL_SECTIONS.replace("  moyens: D.\n", ""))).error("11:3: erreur: la section obligatoire « Moyens » est absente");
    assert_eq!(aide, "ajoutez sous « sections: » une clé « moyens: | » suivie du texte");
    parse_yaml(&yaml(&format!("{ALL_SECTIONS}  evaluation: F.\n")))
        .error("16:3: erreur: la section « bilan » apparaît deux fois : « evaluation » veut dire la même chose (déjà ligne 13)");
    parse_yaml(&yaml(&format!("{ALL_SECTIONS}  bilan: F.\n")))
        .error("16:3: erreur: la section « bilan » apparaît deux fois (déjà ligne 13)");
    // A section with a wrong value is not reported missing as well.
    parse_yaml(&yaml(&ALL_SECTIONS.replace("contexte: A.", "contexte: [A]")))
        .error("11:13: erreur: la section « contexte » doit être un texte Markdown");
    parse_yaml(&yaml(&format!("{ALL_SECTIONS}  observations: [a, b]\n")))
        .error("16:17: erreur: la section « observations » doit être un texte Markdown");
    parse_yaml(&format!("{}sections: [contexte]\n", front("", "")))
        .error("9:11: erreur: « sections » doit associer chaque section à son texte");
    let p = parse_yaml(&front("", ""));
    assert_eq!(p.diags.len(), 5, "{:#?}", p.diags);
    assert!(p.diags.iter().all(|d| d.message.starts_with("la section obligatoire")));
}

#[test]
fn markdown_sections() {
    let body = BODY.replace("## Contexte", "## Contxte");
    let p = parse(&format!("---\n{}---\n{body}", front("", "")));
    let aide = p.error("14:1: erreur: l'intertitre « ## Contxte » ne correspond à aucune section");
    assert_eq!(aide, "vouliez-vous dire « ## Contexte » ?");

    let body = BODY.replace("## Moyens\n\nD.\n\n", "");
    let aide = parse(&format!("---\n{}---\n{body}", front("", ""))).error("10:1: erreur: la section obligatoire « Moyens » est absente");
    assert!(aide.contains("## Moyens") && aide.contains("Budget"), "{aide}");

    let body = format!("{BODY}\n## Bilan\n\nEncore.\n");
    let p = parse(&format!("---\n{}---\n{body}", front("", "")));
    p.error("34:1: erreur: la section « Bilan » apparaît deux fois (déjà ligne 22)");

    let body = BODY.replace("## Moyens", "## Historique");
    let p = parse(&format!("---\n{}---\n{body}", front("", "")));
    assert_eq!(p.diags.len(), 2, "{:#?}", p.diags);
    assert_eq!(p.diags[0].message, "l'intertitre « ## Historique » ne correspond à aucune section");
    assert!(p.diags[0].aide.as_deref().unwrap().contains("« ### »"), "{:#?}", p.diags);
    assert_eq!(p.diags[1].message, "la section obligatoire « Moyens » est absente");
}

/// YAML syntax errors, in plain French, at the place to fix.
#[test]
fn syntax_errors() {
    let cases: &[(&str, &str, &str)] = &[
        ("x.md", "---\ntitre: \"Épicerie\nresume: x\n---\n", "2:8: erreur: guillemet ouvert mais jamais fermé"),
        ("x.md", "titre: x\nresume: y\n---\n", "1:1: erreur: l'en-tête de la fiche est absent : la première ligne doit être « --- »"),
        ("x.md", "---\ntitre: x\nresume: y\n\n## Contexte\n", "1:1: erreur: l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé"),
        ("x.md", "---\ntitre: Couture : deux ateliers\n---\n", "2:16: erreur: la valeur contient « : », ce qui est ambigu en YAML"),
        ("x.md", "---\nthematiques: [a, b\nresume: y\n---\n", "2:14: erreur: crochet ouvert mais jamais fermé"),
        ("x.md", "---\ntitre: { a: b\n---\n", "2:8: erreur: accolade ouverte mais jamais fermée"),
        ("x.md", "---\ntitre: x\nresume:y\n---\n", "3:1: erreur: il manque une espace après « : »"),
        (
            "x.md",
            "---\nterritoire:\n\tcommune: Dijon\n---\n",
            "3:1: erreur: une tabulation sert d'indentation : YAML n'accepte que des espaces",
        ),
        ("x.yaml", "titre: x\n\tresume: y\n", "2:1: erreur: une tabulation sert d'indentation : YAML n'accepte que des espaces"),
        ("x.md", "---\ntitre: |\n\ttexte\n---\n", "3:1: erreur: une tabulation sert d'indentation : YAML n'accepte que des espaces"),
        ("x.yaml", "titre: x\r\n\tresume: y\r\n", "2:1: erreur: une tabulation sert d'indentation : YAML n'accepte que des espaces"),
        ("x.md", "---\ntitre: &a x\nresume: *a\n---\n", "3:9: erreur: les références YAML (*nom) ne sont pas acceptées dans une fiche"),
        ("x.yaml", "titre: x\n---\nresume: y\n", "2:1: erreur: plusieurs documents YAML dans un même fichier (ligne « --- » en trop)"),
        ("x.md", "---\n---\n\n## Contexte\n", "2:1: erreur: l'en-tête est vide"),
        ("x.md", "---\n- a\n- b\n---\n", "2:1: erreur: le contenu doit être un ensemble de clés, pas une liste"),
        ("x.md", "", "1:1: erreur: le fichier est vide"),
        ("x.yaml", " \n\n", "1:1: erreur: le fichier est vide"),
        ("x.md", "---\ntitre: \u{e9}t\u{e9}\n", "1:1: erreur: l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé"),
    ];
    for (name, text, want) in cases {
        let p = parse_at(Path::new("/projet"), &Path::new("/projet/fiches").join(name), text);
        let (got, aide) = p.first();
        assert_eq!(&got, want, "{text:?}");
        assert!(!aide.is_empty(), "{text:?}");
    }
    // Not UTF-8: says so, where, and how to re-save.
    let mut latin1 = b"---\ntitre: \xc9picerie\n---\n".to_vec();
    for name in ["x.md", "x.yaml"] {
        let mut sink = Sink::new("x");
        assert!(parse_bytes(Path::new("/projet"), &Path::new("/projet/fiches").join(name), &latin1, &mut sink).is_none());
        assert_eq!(sink.items.len(), 1);
        let d = &sink.items[0];
        assert_eq!((d.ligne, d.colonne), (2, 8));
        assert!(d.message.contains("UTF-8") && d.aide.as_deref().unwrap().contains("UTF-8"), "{d:?}");
    }
    // A BOM alone is fine.
    latin1 = [b"\xEF\xBB\xBF".as_slice(), md("", "").as_bytes()].concat();
    let mut sink = Sink::new("x");
    assert!(parse_bytes(Path::new("/projet"), Path::new("/projet/fiches/x.md"), &latin1, &mut sink).is_some());
    assert!(sink.items.is_empty(), "{:#?}", sink.items);
}

/// Hints are built from the author's own value: the date rewritten, the
/// number without its unit, the title line quoted, Word's quotes explained.
#[test]
fn hints_use_the_authors_own_values() {
    let aide = |key: &str, line: &str| with(key, line).one().1;
    assert_eq!(aide("date", "date: 14/04/2012"), "écrivez l'année, le mois et le jour séparés par des tirets : date: 2012-04-14");
    assert_eq!(aide("date", "date: 1er mars 2017"), "écrivez l'année, le mois et le jour séparés par des tirets : date: 2017-03-01");
    assert!(aide("date", "date: bientôt").ends_with("date: 2024-03-15"), "the format's example when the date cannot be read");
    assert_eq!(aide("chiffres", "chiffres: { cout_total: 630 € }"), "écrivez le nombre seul, en chiffres et sans unité : cout_total: 630");
    assert_eq!(
        aide("chiffres", "chiffres:\n  participants: 25 personnes"),
        "écrivez le nombre seul, en chiffres et sans unité : participants: 25"
    );
    let p = parse("---\ntitre: Couture solidaire : le bilan\n---\n");
    assert_eq!(p.one().1, "mettez la valeur entre guillemets : titre: \"Couture solidaire : le bilan\"");
    let p = parse("---\ntitre: “Couture solidaire : le bilan”\n---\n");
    let (message, aide) = p.one();
    assert!(message.contains("guillemets “ ” (ceux de Word)"), "{message}");
    assert_eq!(aide, "remplacez-les par des guillemets droits \" : titre: \"Couture solidaire : le bilan\"");
}
