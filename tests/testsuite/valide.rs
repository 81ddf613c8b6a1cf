//! The valid fixture through the library API: every key and both spellings,
//! every section alias, BOM + CRLF, slugs from file names, regions derived
//! from département codes, drafts, defaults — checked as typed values.

use recueil::load::project::Project;
use recueil::model::collection::Collection;
use recueil::model::date::Date;
use recueil::model::{Fiche, Montant, SectionKind, Statut, TypeStructure};
use std::path::PathBuf;
use std::sync::OnceLock;

fn project() -> &'static Project {
    static P: OnceLock<Project> = OnceLock::new();
    P.get_or_init(|| Project::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valide")))
}

fn fiche(slug: &str) -> &'static Fiche {
    project().fiches.iter().find(|f| f.slug == slug).unwrap_or_else(|| panic!("no fiche {slug}"))
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn kinds(f: &Fiche) -> Vec<SectionKind> {
    f.sections.iter().map(|s| s.kind).collect()
}

#[test]
fn loads_clean() {
    let p = project();
    assert!(p.report.diagnostics.is_empty(), "{:#?}", p.report.diagnostics);
    assert_eq!(p.report.fiches_lues, 7);
    assert_eq!(p.fiches.len(), 7);
    let mut slugs: Vec<&str> = p.fiches.iter().map(|f| f.slug.as_str()).collect();
    slugs.sort();
    assert_eq!(slugs, ["ain", "bom-crlf", "corse", "epicerie-gresilles", "minimal", "repair-cafe-version-2", "reunion"]);
}

#[test]
fn every_key_typed() {
    let f = fiche("epicerie-gresilles");
    assert_eq!(f.fichier, "fiches/complete.md");
    assert_eq!(f.titre, "Une épicerie solidaire pour les familles des Grésilles");
    assert!(f.resume.starts_with("Le CCAS ouvre deux après-midi"));
    assert_eq!(f.date, date("2024-02-29"));
    assert_eq!(f.date.fr(), "29 février 2024");
    assert_eq!(f.mise_a_jour, Some(date("2025-01-10")));
    assert_eq!(f.derniere_date(), date("2025-01-10"));
    assert_eq!(f.structure, "CCAS de Dijon");
    assert_eq!(f.type_structure, TypeStructure::Ccas, "« CCAS » in capitals is accepted");
    assert_eq!(f.territoire.commune, "Dijon");
    assert_eq!(f.territoire.departement, "21", "an unquoted 21 is the code 21");
    assert_eq!(f.territoire.departement_nom, "Côte-d'Or");
    assert_eq!(f.territoire.region, "Bourgogne-Franche-Comté");
    assert_eq!(f.territoire.habitants, Some(156_920));
    assert_eq!(f.annee_debut, Some(2021));
    assert_eq!(f.statut, Statut::Terminee);
    assert_eq!(f.thematiques, ["Alimentation", "Lien social"]);
    assert_eq!(f.publics, ["Familles", "Personnes isolées"]);
    assert_eq!(f.mots_cles, ["épicerie", "aide alimentaire"]);

    let c = &f.chiffres;
    assert_eq!(c.participants, Some(120));
    assert_eq!(c.benevoles, Some(14));
    assert_eq!(c.salaries_etp, Some(1.5), "« 1,5 » with a French comma");
    assert_eq!(c.budget_annuel, Some(Montant { cents: 4_800_050 }), "« 48 000,50 »");
    assert_eq!(c.cout_total, Some(Montant { cents: 3_500_000 }));
    assert_eq!(c.sorties_positives, Some(8));
    assert_eq!(c.ateliers, Some(30));

    assert_eq!(f.indicateurs.len(), 2);
    assert_eq!((f.indicateurs[0].libelle.as_str(), f.indicateurs[0].valeur.as_str()), ("Familles orientées", "35"));
    assert_eq!(f.indicateurs[0].unite, None);
    assert_eq!(f.indicateurs[1].unite.as_deref(), Some("%"));

    assert_eq!(f.financeurs.len(), 3);
    assert_eq!(f.financeurs[0].nom, "Ville de Dijon");
    assert_eq!(f.financeurs[0].montant, Some(Montant { cents: 123_450 }));
    assert_eq!(f.financeurs[0].annee, Some(2024));
    assert_eq!(f.financeurs[1].montant, Some(Montant { cents: 1_200_000 }), "« 12 000 » with a space");
    assert_eq!(f.financeurs[1].annee, None);
    assert_eq!((f.financeurs[2].nom.as_str(), f.financeurs[2].montant), ("Conférence des financeurs", None));
    assert_eq!(f.total_financements(), Some(Montant { cents: 1_323_450 }));
    assert_eq!(Montant { cents: 123_450 }.fr(), "1\u{202F}234,50\u{A0}€");

    assert_eq!(f.partenaires.len(), 2);
    assert_eq!((f.partenaires[0].nom.as_str(), f.partenaires[0].role.as_deref()), ("Banque alimentaire", None));
    assert_eq!(f.partenaires[1].role.as_deref(), Some("ateliers cuisine"));

    let contact = f.contact.as_ref().unwrap();
    assert_eq!(contact.nom.as_deref(), Some("Claire Martin"));
    assert_eq!(contact.fonction.as_deref(), Some("Responsable de l'épicerie"));
    assert_eq!(contact.email.as_deref(), Some("epicerie@ccas-dijon.exemple.fr"));
    assert_eq!(contact.telephone.as_deref(), Some("03 80 00 00 00"));
    assert_eq!(contact.adresse.as_deref(), Some("1 place de la Mairie, 21000 Dijon"));

    let image = f.image.as_ref().unwrap();
    assert_eq!(image.fichier, "images/rayons.png");
    assert_eq!(image.alt, "Les rayons de l'épicerie, fruits et légumes au premier plan");
    assert_eq!(image.credit.as_deref(), Some("CCAS de Dijon"));
    assert!(image.path.as_deref().is_some_and(std::path::Path::is_file), "the image beside the fiche is found");
    assert!(!f.brouillon);
}

#[test]
fn sections_in_canonical_order_with_chapeau() {
    let f = fiche("epicerie-gresilles");
    assert_eq!(kinds(f), SectionKind::ALL, "written Observations, Partenaires, Contexte… ; read in canonical order");
    assert_eq!(f.chapeau.as_ref().unwrap().source, "Ouverte en 2021, l'épicerie est *aussi* un lieu de rencontre.");
    let contexte = f.section(SectionKind::Contexte).unwrap();
    assert_eq!(contexte.titre, "Contexte");
    assert_eq!(contexte.ligne, 63);
    assert!(contexte.contenu.source.contains("### Le diagnostic"), "### stays inside the section");
    assert!(contexte.contenu.source.ends_with("Un quartier de 8 000 habitants."));
    assert_eq!(f.section(SectionKind::Bilan).unwrap().contenu.source, "### Points positifs\n\n- Des familles qui reviennent.");
    assert_eq!(f.section(SectionKind::Fonctionnement).unwrap().contenu.source, "Deux après-midi par semaine.");
}

#[test]
fn every_section_alias_is_used_and_recognised() {
    let p = project();
    let mut seen: Vec<String> = Vec::new();
    for f in p.fiches.iter().filter(|f| f.fichier.ends_with(".md")) {
        for s in &f.sections {
            assert_eq!(SectionKind::from_heading(&s.titre), Some(s.kind));
            seen.push(recueil::model::section::normalize_heading(&s.titre));
        }
    }
    for kind in SectionKind::ALL {
        for alias in kind.aliases() {
            let n = recueil::model::section::normalize_heading(alias);
            assert!(seen.contains(&n), "alias « {alias} » not used in tests/fixtures/valide");
        }
    }
    // Case, accents, articles, « de l'action » and a final colon are forgiven.
    let corse = fiche("corse");
    assert_eq!(corse.section(SectionKind::Contexte).unwrap().titre, "CONTEXTE");
    assert_eq!(corse.section(SectionKind::Bilan).unwrap().titre, "Évaluation :");
    let reunion = fiche("reunion");
    assert_eq!(reunion.section(SectionKind::Contexte).unwrap().titre, "Le contexte de l'action");
    assert_eq!(reunion.section(SectionKind::Bilan).unwrap().titre, "L'évaluation de l'action");
    assert_eq!(kinds(reunion), SectionKind::ALL);
}

#[test]
fn yaml_spelling_means_the_same() {
    let f = fiche("ain");
    assert_eq!(f.fichier, "fiches/ain.yaml");
    assert_eq!(f.chapeau.as_ref().unwrap().source, "Le camion passe **une fois par mois** dans chaque village.");
    assert_eq!(kinds(f), SectionKind::ALL, "sections: written partenaires first, read in canonical order");
    assert_eq!(f.section(SectionKind::Partenaires).unwrap().contenu.source, "Les mairies du Bugey.");
    assert_eq!(f.section(SectionKind::Contexte).unwrap().contenu.source, "Pas de déchetterie à moins de trente kilomètres.");
    assert_eq!(f.section(SectionKind::Contexte).unwrap().ligne, 17);
    assert_eq!(f.statut, Statut::EnCours);
    assert_eq!(f.territoire.habitants, Some(9000));

    let m = fiche("minimal");
    assert_eq!(m.fichier, "fiches/minimal.yml");
    assert!(m.chapeau.is_none());
    assert_eq!(
        kinds(m),
        [SectionKind::Contexte, SectionKind::Fonctionnement, SectionKind::Bilan, SectionKind::Moyens, SectionKind::Partenaires]
    );
    assert_eq!(m.thematiques, ["Numérique"], "a single text is a list of one");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let raw = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valide/fiches/bom-crlf.md")).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBF---\r\n"), "the fixture keeps its BOM and CRLF");
    let f = fiche("bom-crlf");
    assert_eq!(f.titre, "Aide aux devoirs à Bastia");
    assert_eq!(f.chapeau.as_ref().unwrap().source, "Le chapeau en CRLF.");
    assert_eq!(kinds(f), SectionKind::ALL);
    assert!(f.sections.iter().all(|s| !s.contenu.source.contains('\r') && !s.titre.contains('\r')));
    assert_eq!(f.section(SectionKind::Contexte).unwrap().ligne, 14);
}

#[test]
fn slug_from_file_name() {
    let f = fiche("repair-cafe-version-2");
    assert_eq!(f.fichier, "fiches/Repair Café (version 2).md");
    assert_eq!(f.type_structure, TypeStructure::CentreSocial, "« centre social » is centre-social");
    assert!(f.chapeau.is_none());
}

#[test]
fn region_derived_from_departement() {
    let cases = [
        ("bom-crlf", "2A", "Corse-du-Sud", "Corse"),
        ("corse", "2B", "Haute-Corse", "Corse"),
        ("reunion", "974", "La Réunion", "La Réunion"),
        ("ain", "01", "Ain", "Auvergne-Rhône-Alpes"),
        ("minimal", "06", "Alpes-Maritimes", "Provence-Alpes-Côte d'Azur"),
        ("repair-cafe-version-2", "21", "Côte-d'Or", "Bourgogne-Franche-Comté"),
    ];
    for (slug, code, nom, region) in cases {
        let t = &fiche(slug).territoire;
        assert_eq!((t.departement.as_str(), t.departement_nom.as_str(), t.region.as_str()), (code, nom, region), "{slug}");
    }
}

#[test]
fn statut_defaults_to_en_cours() {
    for slug in ["repair-cafe-version-2", "bom-crlf", "corse", "reunion", "minimal"] {
        assert_eq!(fiche(slug).statut, Statut::EnCours, "{slug}");
    }
    assert_eq!(fiche("epicerie-gresilles").statut, Statut::Terminee);
}

#[test]
fn drafts_are_loaded_but_marked() {
    let p = project();
    let drafts: Vec<&str> = p.fiches.iter().filter(|f| f.brouillon).map(|f| f.slug.as_str()).collect();
    assert_eq!(drafts, ["reunion"]);
    assert_eq!(fiche("reunion").fichier, "fiches/outre-mer/reunion.md", "sub-folders are walked");

    let published: Collection = p.collection(false);
    assert_eq!(published.fiches.len(), 6);
    assert!(published.by_slug("reunion").is_none());
    let all = Collection::new(p.fiches.clone(), true);
    assert_eq!(all.fiches.len(), 7);
    assert!(all.by_slug("reunion").is_some_and(|f| f.brouillon));
    // Newest first.
    let dates: Vec<Date> = published.fiches.iter().map(|f| f.date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(published.fiches[0].slug, "minimal");
    // Taxonomies read the typed values.
    let regions = published.taxonomy(recueil::model::collection::TaxonomyKind::Regions);
    assert_eq!(regions.term("corse").unwrap().fiches.len(), 2);
    assert!(regions.term("la-reunion").is_none(), "the draft is not published");
    assert_eq!(published.taxonomy(recueil::model::collection::TaxonomyKind::Types).term("centre-social").unwrap().label, "Centre social");
}
