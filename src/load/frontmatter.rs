//! The keys of a fiche (front matter, or the whole file in the YAML spelling):
//! their schema and their reading into the typed [`Fiche`].

use super::sections;
use crate::load::diagnostics::Pos;
use crate::load::fields::{Fields, KeySpec, Reader};
use crate::load::yaml::{Node, Value};
use crate::model::image::{ImageRef, LocalImage, image_ref};
use crate::model::markdown::Markdown;
use crate::model::*;
use std::path::Path;

/// Every key of a fiche, in the order of the format reference.
pub static FICHE_KEYS: &[KeySpec] = &[
    KeySpec::new("titre", "un texte", "titre: Épicerie solidaire itinérante"),
    KeySpec::new("resume", "un paragraphe de texte", "resume: Une épicerie qui se déplace dans les villages."),
    KeySpec::new("slug", "des minuscules, chiffres et tirets", "slug: epicerie-itinerante"),
    KeySpec::new("date", "une date AAAA-MM-JJ", "date: 2024-03-15"),
    KeySpec::new("mise_a_jour", "une date AAAA-MM-JJ", "mise_a_jour: 2025-01-10"),
    KeySpec::new("structure", "un texte", "structure: CCAS de Dijon"),
    KeySpec::new("type_structure", "un type de structure", "type_structure: ccas"),
    KeySpec::new("territoire", "un ensemble de clés", "territoire: { commune: Dijon, departement: \"21\" }"),
    KeySpec::new("annee_debut", "une année", "annee_debut: 2019"),
    KeySpec::new("statut", "en-cours ou terminee", "statut: en-cours"),
    KeySpec::new("thematiques", "une liste de textes", "thematiques: [Insertion, Lien social]"),
    KeySpec::new("publics", "une liste de textes", "publics: [Personnes âgées]"),
    KeySpec::new("mots_cles", "une liste de textes", "mots_cles: [épicerie, circuit court]"),
    KeySpec::new("chiffres", "un ensemble de chiffres clés", "chiffres: { participants: 40, budget_annuel: 12000 }"),
    KeySpec::new(
        "indicateurs",
        "une liste de { libelle, valeur, unite }",
        "indicateurs: [{ libelle: Taux de retour à l'emploi, valeur: 42, unite: \"%\" }]",
    ),
    KeySpec::new("financeurs", "une liste de { nom, montant, annee }", "financeurs: [{ nom: CAF, montant: 5000, annee: 2023 }]"),
    KeySpec::new("partenaires", "une liste de noms ou de { nom, role }", "partenaires: [Mission locale, { nom: CAF, role: financement }]"),
    KeySpec::new(
        "contact",
        "un ensemble { nom, fonction, email, telephone, adresse }",
        "contact: { nom: Marie Dupont, email: m.dupont@ccas.fr }",
    ),
    KeySpec::new(
        "image",
        "un ensemble { fichier, alt, credit }",
        "image: { fichier: atelier.jpg, alt: Deux bénévoles réparent un grille-pain }",
    ),
    KeySpec::new("brouillon", "true ou false", "brouillon: true"),
    KeySpec::new("chapeau", "un texte Markdown", "chapeau: Une phrase d'introduction."),
    KeySpec::new("sections", "un ensemble section → texte Markdown", "sections: { contexte: \"…\" }"),
];

fn key(k: &str) -> &'static KeySpec {
    FICHE_KEYS
        .iter()
        .chain(TERRITOIRE_KEYS)
        .chain(CHIFFRES_KEYS)
        .chain(INDICATEUR_KEYS)
        .chain(FINANCEUR_KEYS)
        .chain(PARTENAIRE_KEYS)
        .chain(CONTACT_KEYS)
        .chain(IMAGE_KEYS)
        .find(|s| s.key == k)
        .expect("known key")
}

static TERRITOIRE_KEYS: &[KeySpec] = &[
    KeySpec::new("commune", "un texte", "commune: Clermont-Ferrand"),
    KeySpec::new("departement", "un code de département", "departement: \"63\""),
    KeySpec::new("region", "un nom de région", "region: Auvergne-Rhône-Alpes"),
    KeySpec::new("habitants", "un nombre entier", "habitants: 147000"),
];
static CHIFFRES_KEYS: &[KeySpec] = &[
    KeySpec::new("participants", "un nombre entier", "participants: 40"),
    KeySpec::new("benevoles", "un nombre entier", "benevoles: 12"),
    KeySpec::new("salaries_etp", "un nombre", "salaries_etp: 1.5"),
    KeySpec::new("budget_annuel", "un montant en euros", "budget_annuel: 12000"),
    KeySpec::new("cout_total", "un montant en euros", "cout_total: 35000"),
    KeySpec::new("sorties_positives", "un nombre entier", "sorties_positives: 8"),
    KeySpec::new("ateliers", "un nombre entier", "ateliers: 24"),
];
static INDICATEUR_KEYS: &[KeySpec] = &[
    KeySpec::new("libelle", "un texte", "libelle: Familles accompagnées"),
    KeySpec::new("valeur", "un nombre ou un texte court", "valeur: 42"),
    KeySpec::new("unite", "un texte court", "unite: \"%\""),
];
static FINANCEUR_KEYS: &[KeySpec] = &[
    KeySpec::new("nom", "un texte", "nom: CAF du Puy-de-Dôme"),
    KeySpec::new("montant", "un montant en euros", "montant: 5000"),
    KeySpec::new("annee", "une année", "annee: 2024"),
];
static PARTENAIRE_KEYS: &[KeySpec] =
    &[KeySpec::new("nom", "un texte", "nom: Mission locale"), KeySpec::new("role", "un texte", "role: orientation des jeunes")];
static CONTACT_KEYS: &[KeySpec] = &[
    KeySpec::new("nom", "un texte", "nom: Marie Dupont"),
    KeySpec::new("fonction", "un texte", "fonction: Coordinatrice"),
    KeySpec::new("email", "une adresse électronique", "email: contact@ccas-exemple.fr"),
    KeySpec::new("telephone", "un numéro", "telephone: \"04 73 00 00 00\""),
    KeySpec::new("adresse", "un texte", "adresse: 1 place de la Mairie, 63000 Clermont-Ferrand"),
];
static IMAGE_KEYS: &[KeySpec] = &[
    KeySpec::new("fichier", "un chemin relatif à la fiche", "fichier: atelier.jpg"),
    KeySpec::new("alt", "une description de l'image", "alt: Deux bénévoles réparent un grille-pain"),
    KeySpec::new("credit", "un texte", "credit: Photo CCAS de Dijon"),
];

/// What the file gives besides the keys.
pub struct Source<'a> {
    /// Project root (paths must stay inside it).
    pub root: &'a Path,
    /// Path of the fiche file.
    pub path: &'a Path,
    /// `true` for `NAME.yaml` / `NAME.yml`.
    pub yaml_spelling: bool,
    /// The Markdown body (Markdown spelling) and its first line in the file.
    pub body: Option<(&'a str, u32)>,
}

/// Reads every key of `root` into a fiche, reporting every problem.
/// Returns `None` when a required value is missing or wrong.
pub fn read_fiche(r: &mut Reader, root: &Node, src: &Source) -> Option<Fiche> {
    let top_pos = Pos::new(1, 1);
    let allowed: &'static [KeySpec] = if src.yaml_spelling { FICHE_KEYS } else { &FICHE_KEYS[..FICHE_KEYS.len() - 2] };
    let f = r.map(root, "", allowed, top_pos)?;

    let titre = r.required(&f, key("titre")).and_then(|n| r.text(n, key("titre")));
    let resume = r.required(&f, key("resume")).and_then(|n| r.text(n, key("resume")));
    let date = r.required(&f, key("date")).and_then(|n| r.date(n, key("date")));
    let mise_a_jour = f.value("mise_a_jour").and_then(|n| r.date(n, key("mise_a_jour")));
    let structure = r.required(&f, key("structure")).and_then(|n| r.text(n, key("structure")));
    let type_structure = r.required(&f, key("type_structure")).and_then(|n| {
        r.choice(
            n,
            key("type_structure"),
            TypeStructure::from_code,
            TypeStructure::ALL.iter().map(|t| t.code()).collect::<Vec<_>>().as_slice(),
        )
    });
    let territoire = r.required(&f, key("territoire")).and_then(|n| read_territoire(r, n));
    let annee_debut = f.value("annee_debut").and_then(|n| r.year(n, key("annee_debut")));
    let statut = match f.value("statut") {
        Some(n) => r.choice(n, key("statut"), Statut::from_code, &["en-cours", "terminee"]),
        None => Some(Statut::EnCours),
    };
    let thematiques = match r.required(&f, key("thematiques")) {
        Some(n) => {
            let list = r.term_list(n, key("thematiques"));
            too_many(r, n, "thematiques", list.len());
            if list.is_empty() && !r.sink.has_errors_at(r.at(n)) {
                r.sink.error(
                    r.at(n),
                    "« thematiques » est vide : il faut au moins une thématique",
                    Some("par exemple thematiques: [Insertion, Lien social]".into()),
                );
            }
            list
        }
        None => Vec::new(),
    };
    let reported = r.sink.items.len();
    let publics = f.value("publics").map(|n| r.term_list(n, key("publics"))).unwrap_or_default();
    if let Some(n) = f.value("publics") {
        too_many(r, n, "publics", publics.len());
    }
    // A wrong `publics` is already an error: « aucun public » would repeat it.
    if publics.is_empty() && r.sink.items.len() == reported {
        r.sink.warning(
            f.get("publics").map(|n| r.at(n)).unwrap_or(top_pos),
            "aucun public indiqué : la fiche n'apparaîtra dans aucune entrée « public » du site",
            Some("ajoutez par exemple publics: [Familles, Personnes âgées]".into()),
        );
    }
    let mots_cles = f.value("mots_cles").map(|n| r.text_list(n, key("mots_cles"))).unwrap_or_default();
    let chiffres = f.value("chiffres").map(|n| read_chiffres(r, n)).unwrap_or_default();
    let indicateurs = f.value("indicateurs").map(|n| read_indicateurs(r, n)).unwrap_or_default();
    let financeurs = f.value("financeurs").map(|n| read_financeurs(r, n)).unwrap_or_default();
    let partenaires = f.value("partenaires").map(|n| read_partenaires(r, n)).unwrap_or_default();
    let contact = f.value("contact").and_then(|n| read_contact(r, n));
    let image = f.value("image").and_then(|n| read_image(r, n, src));
    let brouillon = f.value("brouillon").and_then(|n| r.boolean(n, key("brouillon"))).unwrap_or(false);

    let slug_node = f.value("slug");
    let slug = match slug_node {
        Some(n) => r.text(n, key("slug")).and_then(|s| {
            if crate::model::text::is_slug(&s) && s.len() > crate::model::text::SLUG_MAX {
                r.sink.error(
                    r.at(n),
                    format!(
                        "« slug » : {} caractères, {} au plus (c'est un nom de dossier du site)",
                        s.len(),
                        crate::model::text::SLUG_MAX
                    ),
                    Some(format!("raccourcissez-le, par exemple slug: {}", crate::model::text::slugify(&s))),
                );
                None
            } else if crate::model::text::is_slug(&s) {
                Some(s)
            } else {
                r.sink.error(
                    r.at(n),
                    format!("« slug » : « {s} » contient des caractères interdits"),
                    Some(format!(
                        "uniquement des minuscules sans accent, des chiffres et des tirets, par exemple slug: {}",
                        crate::model::text::slugify(&s)
                    )),
                );
                None
            }
        }),
        None => {
            let stem = src.path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            let s = crate::model::text::slugify(&stem);
            if s.is_empty() {
                r.sink.error(
                    top_pos,
                    "impossible de tirer une adresse du nom de fichier",
                    Some("renommez le fichier avec des lettres ou ajoutez une clé slug: mon-action".into()),
                );
                None
            } else {
                Some(s)
            }
        }
    };
    let slug_pos = slug_node.map(|n| r.at(n)).unwrap_or(top_pos);
    let terms_pos = ["thematiques", "publics"].map(|k| f.value(k).map(|n| r.at(n)).unwrap_or(top_pos));

    let (chapeau, sections) = if src.yaml_spelling {
        read_yaml_sections(r, &f)
    } else {
        let (body, first_line) = src.body.unwrap_or(("", 1));
        let b = sections::split_body(body, first_line, r.sink);
        sections::check_required(&b.sections, &b.suggested, Pos::new(first_line.saturating_sub(1).max(1), 1), r.sink, false);
        (b.chapeau, b.sections)
    };
    let images =
        check_markdown_images(r, src, chapeau.iter().chain(sections.iter().map(|s| &s.contenu)), sections.first().map_or(1, |s| s.ligne));

    let fichier = crate::load::diagnostics::display_path(src.root, src.path);
    Some(Fiche {
        slug: slug?,
        slug_pos,
        terms_pos,
        fichier,
        titre: titre?,
        resume: resume?,
        date: date?,
        mise_a_jour,
        structure: structure?,
        type_structure: type_structure?,
        territoire: territoire?,
        annee_debut,
        statut: statut?,
        thematiques,
        publics,
        mots_cles,
        chiffres,
        indicateurs,
        financeurs,
        partenaires,
        contact,
        image,
        images,
        brouillon,
        chapeau,
        sections,
    })
    .filter(|fiche| !fiche.thematiques.is_empty())
}

fn read_territoire(r: &mut Reader, n: &Node) -> Option<Territoire> {
    let f = r.map(n, "« territoire »", TERRITOIRE_KEYS, r.at(n))?;
    let commune = r.required(&f, key("commune")).and_then(|n| r.text(n, key("commune")));
    let dep_node = r.required(&f, key("departement"));
    let dep = dep_node.and_then(|n| {
        let code = r.text(n, key("departement"))?;
        let d = crate::model::territory::departement(&code);
        if d.is_none() {
            r.sink.error(
                r.at(n),
                format!("département « {code} » inconnu"),
                Some("un code de 01 à 95, 2A ou 2B pour la Corse, 971 à 976 outre-mer ; entre guillemets : departement: \"63\"".into()),
            );
        }
        d
    });
    let habitants = f.value("habitants").and_then(|n| r.count(n, key("habitants")));
    let region_written = f.value("region").and_then(|n| r.text(n, key("region")).map(|t| (t, r.at(n))));
    let dep = dep?;
    if let Some((written, pos)) = &region_written
        && crate::model::text::fold(written) != crate::model::text::fold(dep.region)
    {
        r.sink.warning(
            *pos,
            format!("la région « {written} » ne correspond pas au département {} ({}), qui est en {}", dep.code, dep.nom, dep.region),
            Some(format!("retirez la clé region (elle se déduit du département) ou écrivez region: {}", dep.region)),
        );
    }
    Some(Territoire {
        commune: commune?,
        departement: dep.code.to_string(),
        departement_nom: dep.nom.to_string(),
        region: dep.region.to_string(),
        habitants,
    })
}

fn read_chiffres(r: &mut Reader, n: &Node) -> Chiffres {
    let mut c = Chiffres::default();
    // The hint for unknown keys under `chiffres` also says where free figures go.
    let Some(f) = r.map_with_hint(n, "« chiffres »", CHIFFRES_KEYS, r.at(n), Some("un chiffre libre va dans « indicateurs »")) else {
        return c;
    };
    for (k, v) in f.keys() {
        if v.value == Value::Null {
            continue;
        }
        let s = key(k);
        match k {
            "participants" => c.participants = r.count(v, s),
            "benevoles" => c.benevoles = r.count(v, s),
            "salaries_etp" => {
                c.salaries_etp = r.number(v, s);
                if c.salaries_etp.is_some_and(|x| x < 0.0) {
                    r.sink.error(
                        r.at(v),
                        format!("« salaries_etp » doit être un nombre positif, pas « {} »", v.excerpt()),
                        Some(format!("par exemple {}", s.example)),
                    );
                    c.salaries_etp = None;
                } else if c.salaries_etp.is_some_and(|x| x > crate::load::fields::MAX_ETP) {
                    r.implausible(v, s, "plus de cent mille équivalents temps plein");
                    c.salaries_etp = None;
                }
            }
            "budget_annuel" => c.budget_annuel = r.montant(v, s),
            "cout_total" => c.cout_total = r.montant(v, s),
            "sorties_positives" => c.sorties_positives = r.count(v, s),
            "ateliers" => c.ateliers = r.count(v, s),
            _ => {}
        }
    }
    c
}

fn read_indicateurs(r: &mut Reader, n: &Node) -> Vec<Indicateur> {
    let mut out = Vec::new();
    for item in r.items(n, key("indicateurs")) {
        let Some(f) = r.map(item, "un indicateur", INDICATEUR_KEYS, r.at(item)) else { continue };
        let libelle = r.required(&f, key("libelle")).and_then(|n| r.text(n, key("libelle")));
        let valeur = r.required(&f, key("valeur")).and_then(|n| r.text(n, key("valeur")));
        let unite = r.opt_text(&f, key("unite"));
        if let (Some(libelle), Some(valeur)) = (libelle, valeur) {
            out.push(Indicateur { libelle, valeur, unite });
        }
    }
    out
}

fn read_financeurs(r: &mut Reader, n: &Node) -> Vec<Financeur> {
    let mut out = Vec::new();
    for item in r.items(n, key("financeurs")) {
        if let Value::Str(s) = &item.value {
            // « Carsat : 2 000 euros » written as one text: the amount would count nowhere.
            if let Some((nom, montant)) = crate::model::text::funder_with_amount(s) {
                r.sink.warning(
                    r.at(item),
                    format!("financeur « {} » écrit comme un seul texte : son montant ne compte dans aucun total", s.trim()),
                    Some(format!("écrivez le nom et le montant à part : - {{ nom: {nom}, montant: {montant} }}")),
                );
            }
            out.push(Financeur { nom: s.trim().to_string(), montant: None, annee: None });
            continue;
        }
        let Some(f) = r.map(item, "un financeur", FINANCEUR_KEYS, r.at(item)) else { continue };
        let nom = r.required(&f, key("nom")).and_then(|n| r.text(n, key("nom")));
        let montant = f.value("montant").and_then(|n| r.montant(n, key("montant")));
        let annee = f.value("annee").and_then(|n| r.year(n, key("annee")));
        if let Some(nom) = nom {
            out.push(Financeur { nom, montant, annee });
        }
    }
    out
}

fn read_partenaires(r: &mut Reader, n: &Node) -> Vec<Partenaire> {
    let mut out = Vec::new();
    for item in r.items(n, key("partenaires")) {
        match &item.value {
            Value::Map(_) => {
                let Some(f) = r.map(item, "un partenaire", PARTENAIRE_KEYS, r.at(item)) else { continue };
                let nom = r.required(&f, key("nom")).and_then(|n| r.text(n, key("nom")));
                let role = r.opt_text(&f, key("role"));
                if let Some(nom) = nom {
                    out.push(Partenaire { nom, role });
                }
            }
            _ => {
                if let Some(nom) = r.text(item, key("partenaires")) {
                    out.push(Partenaire { nom, role: None });
                }
            }
        }
    }
    out
}

fn read_contact(r: &mut Reader, n: &Node) -> Option<Contact> {
    let f = r.map(n, "« contact »", CONTACT_KEYS, r.at(n))?;
    let email = r.opt_text(&f, key("email"));
    if let (Some(e), Some(node)) = (&email, f.value("email"))
        && (!e.contains('@') || e.contains(' '))
    {
        r.sink.warning(
            r.at(node),
            format!("« {e} » ne ressemble pas à une adresse électronique"),
            Some("par exemple email: contact@ccas-exemple.fr".into()),
        );
    }
    Some(Contact {
        nom: r.opt_text(&f, key("nom")),
        fonction: r.opt_text(&f, key("fonction")),
        email,
        telephone: r.opt_text(&f, key("telephone")),
        adresse: r.opt_text(&f, key("adresse")),
    })
}

/// Most thématiques or publics on one fiche: each has its page listing the
/// fiche's card, which lists them all (so the site grows with the square).
pub const MAX_TERMES: usize = 100;

fn too_many(r: &mut Reader, n: &Node, cle: &str, count: usize) {
    if count > MAX_TERMES {
        r.sink.error(
            r.at(n),
            format!("« {cle} » compte {count} éléments : {MAX_TERMES} au plus par fiche"),
            Some("gardez les principaux ; les autres mots peuvent aller dans mots_cles (ils servent à la recherche)".into()),
        );
    }
}

fn read_image(r: &mut Reader, n: &Node, src: &Source) -> Option<Image> {
    let f = r.map(n, "« image »", IMAGE_KEYS, r.at(n))?;
    let fichier_node = r.required(&f, key("fichier"));
    let fichier = fichier_node.and_then(|n| r.text(n, key("fichier")));
    let alt = match f.get("alt") {
        Some(a) if a.as_text().is_some_and(|t| !t.trim().is_empty()) => a.as_text().map(|t| t.trim().to_string()),
        _ => {
            r.sink.error(
                f.get("alt").map(|a| r.at(a)).unwrap_or(r.at(n)),
                "image sans texte alternatif (« alt ») : les personnes aveugles ou malvoyantes ne sauront pas ce qu'elle montre",
                Some("décrivez l'image en une phrase : alt: Deux bénévoles réparent un grille-pain".into()),
            );
            None
        }
    };
    let credit = r.opt_text(&f, key("credit"));
    let fichier = fichier?;
    let node = fichier_node?;
    let folder = src.path.parent().unwrap_or(src.root);
    let mut path = None;
    match crate::load::paths::resolve_inside(src.root, folder, &fichier) {
        Ok(p) if !p.is_file() => r.sink.warning(
            r.at(node),
            format!("l'image « {fichier} » est introuvable à côté de la fiche"),
            Some("placez le fichier image dans le même dossier que la fiche, ou corrigez son nom (majuscules comprises)".into()),
        ),
        Ok(p) => match crate::load::paths::image_problem(&fichier, &p) {
            Some(why) => {
                r.sink.error(
                    r.at(node),
                    format!("image « {fichier} » refusée : elle {why}"),
                    Some("placez une photo (PNG ou JPEG) à côté de la fiche et donnez son nom : fichier: atelier.jpg".into()),
                );
                return None;
            }
            None => {
                if let Some((message, help)) = crate::load::paths::low_resolution(&fichier, &p, crate::model::image::PHOTO_BOX) {
                    r.sink.warning(r.at(node), message, Some(help));
                }
                path = Some(p)
            }
        },
        Err(why) => {
            r.sink.error(
                r.at(node),
                format!("chemin d'image refusé : « {fichier} » {why}"),
                Some("placez l'image à côté de la fiche et donnez juste son nom : fichier: atelier.jpg".into()),
            );
            return None;
        }
    }
    Some(Image { fichier: fichier.replace('\\', "/"), alt: alt?, credit, path })
}

fn read_yaml_sections(r: &mut Reader, f: &Fields) -> (Option<Markdown>, Vec<Section>) {
    let chapeau = f.value("chapeau").and_then(|n| r.text(n, key("chapeau"))).map(|t| Markdown::new(&t));
    let mut out: Vec<Section> = Vec::new();
    let mut suggested: Vec<SectionKind> = Vec::new();
    let sections_pos = f.get("sections").map(|n| r.at(n)).unwrap_or(Pos::new(1, 1));
    if let Some(n) = f.value("sections") {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let name = k.as_text().unwrap_or_default();
                    let Some(kind) = SectionKind::from_name(name.trim()).or_else(|| SectionKind::from_heading(&name)) else {
                        let names = SectionKind::ALL.map(|k| k.name());
                        let aide = match crate::model::text::closest(&name, names) {
                            Some(c) => {
                                suggested.extend(SectionKind::from_name(c));
                                format!("vouliez-vous dire « {c} » ?")
                            }
                            None => format!("sections possibles : {}", names.join(", ")),
                        };
                        r.sink.error(r.at(k), format!("section inconnue « {name} »"), Some(aide));
                        continue;
                    };
                    if let Some(first) = out.iter().find(|s| s.kind == kind) {
                        let message = if name.trim() == kind.name() {
                            format!("la section « {} » apparaît deux fois (déjà ligne {})", kind.name(), first.ligne)
                        } else {
                            format!(
                                "la section « {} » apparaît deux fois : « {} » veut dire la même chose (déjà ligne {})",
                                kind.name(),
                                name.trim(),
                                first.ligne
                            )
                        };
                        r.sink.error(r.at(k), message, Some("regroupez le texte sous une seule clé".into()));
                        continue;
                    }
                    let text = match v.as_text() {
                        Some(t) => t,
                        None if v.value == Value::Null => String::new(),
                        None => {
                            r.sink.error(
                                r.at(v),
                                format!("la section « {} » doit être un texte Markdown", kind.name()),
                                Some(format!("écrivez « {}: | » puis le texte à la ligne, indenté", kind.name())),
                            );
                            suggested.push(kind);
                            continue;
                        }
                    };
                    out.push(Section { kind, titre: kind.label().to_string(), ligne: r.at(k).line, contenu: Markdown::new(text.trim()) });
                }
            }
            _ => {
                r.sink.error(
                    r.at(n),
                    "« sections » doit associer chaque section à son texte",
                    Some("écrivez « sections: » puis, en retrait de deux espaces, une ligne par section (« contexte: | ») suivie de son texte".into()),
                );
                // Every section would be reported missing too: say it once.
                return (chapeau, out);
            }
        }
    }
    out.sort_by_key(|s| s.kind);
    sections::check_required(&out, &suggested, sections_pos, r.sink, true);
    (chapeau, out)
}

/// Images written in the Markdown must be files beside the fiche (or in a
/// sub-folder): no `..`, no absolute path, no link leading out; a remote image
/// is shown as a link only, since the site calls no other host.
fn check_markdown_images<'a>(
    r: &mut Reader,
    src: &Source,
    texts: impl Iterator<Item = &'a Markdown>,
    fallback_line: u32,
) -> Vec<LocalImage> {
    let folder = src.path.parent().unwrap_or(src.root);
    let mut found: Vec<LocalImage> = Vec::new();
    for md in texts {
        for dest in md.images() {
            let dest = dest.as_str();
            let line = match src.body {
                Some((body, first)) => body.find(dest).map_or(fallback_line, |i| first + body[..i].matches('\n').count() as u32),
                None => fallback_line,
            };
            let pos = Pos::new(line, 1);
            let file = match image_ref(dest) {
                ImageRef::Remote => {
                    r.sink.warning(
                        pos,
                        format!(
                            "image « {} » qui n'est pas un fichier de la fiche : le site ne l'affiche pas, elle devient un simple lien",
                            dest.chars().take(60).collect::<String>()
                        ),
                        Some("enregistrez l'image à côté de la fiche et écrivez ![description](nom-du-fichier.jpg)".into()),
                    );
                    continue;
                }
                ImageRef::Empty => "",
                ImageRef::Local(file) => file,
            };
            let climbs = file.split(['/', '\\']).any(|p| p == "..");
            match crate::load::paths::resolve_inside(src.root, folder, file) {
                Err(why) => r.sink.error(
                    pos,
                    format!("chemin d'image refusé : « {dest} » {why}"),
                    Some("placez l'image à côté de la fiche et donnez juste son nom : ![description](atelier.jpg)".into()),
                ),
                Ok(_) if climbs => r.sink.error(
                    pos,
                    format!("image « {dest} » hors du dossier de la fiche : le site ne pourrait pas la publier"),
                    Some("placez l'image dans le dossier de la fiche (ou un sous-dossier) : ![description](images/atelier.jpg)".into()),
                ),
                Ok(p) if !p.is_file() => r.sink.warning(
                    pos,
                    format!("l'image « {dest} » est introuvable à côté de la fiche"),
                    Some("vérifiez le nom du fichier (majuscules comprises) et qu'il est bien dans le dossier de la fiche".into()),
                ),
                Ok(path) if let Some(why) = crate::load::paths::image_problem(file, &path) => r.sink.error(
                    pos,
                    format!("image « {dest} » refusée : elle {why}"),
                    Some("placez une photo (PNG ou JPEG) à côté de la fiche : ![description](atelier.jpg)".into()),
                ),
                Ok(path) => {
                    if let Some((message, help)) = crate::load::paths::low_resolution(file, &path, crate::model::image::BODY_IMAGE_BOX) {
                        r.sink.warning(pos, message, Some(help));
                    }
                    if !found.iter().any(|i| i.src == dest) {
                        found.push(LocalImage { src: dest.to_string(), file: file.replace('\\', "/"), path });
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::model::text::funder_with_amount;

    #[test]
    fn a_funder_written_with_its_amount() {
        let got = |s: &str| funder_with_amount(s).map(|(n, m)| format!("{n}|{m}"));
        assert_eq!(got("Carsat : 2 000 euros").as_deref(), Some("Carsat|2000"));
        assert_eq!(got("CAF de l'Aisne 12 000 €").as_deref(), Some("CAF de l'Aisne|12000"));
        assert_eq!(got("Département – 1 500,50 €").as_deref(), Some("Département|1500.50"));
        assert_eq!(got("Ville : 3.000").as_deref(), Some("Ville|3000"));
        // A name alone, or with a year, is no amount.
        assert_eq!(got("Fonds social européen 2021"), None);
        assert_eq!(got("Conseil départemental"), None);
        assert_eq!(got("2 000 €"), None);
    }
}
