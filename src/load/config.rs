//! The site file `recueil.yaml`: site identity, theme, booklets and report scope.
//! Optional: without it every key has its default.

use crate::load::diagnostics::{Pos, Sink};
use crate::load::fields::{Fields, KeySpec, Reader};
use crate::load::yaml::{Node, Value};
use crate::model::color::{Palette, Rgb};
use crate::model::date::Date;
use crate::model::markdown::Markdown;
use crate::model::{Fiche, Statut, TypeStructure};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// File name of the site file at the project root.
pub const FILE: &str = "recueil.yaml";

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub titre: String,
    pub description: Option<String>,
    /// Public base URL, without trailing slash (`https://exemple.fr/recueil`).
    pub url: Option<String>,
    pub langue: String,
    pub editeur: Option<String>,
    pub theme: String,
    pub livrets: Vec<Livret>,
    pub bilan: BilanConfig,
    /// `edition:` — the edition date printed on covers and in the footer.
    #[serde(skip)]
    pub edition: Option<Date>,
    /// `couleur:` — the palette derived from the publication's main colour.
    #[serde(skip)]
    pub couleur: Option<Palette>,
    /// `logo:` — the organisation's logo, shown in the header and on covers.
    #[serde(skip)]
    pub logo: Option<Logo>,
    /// `SOURCE_DATE_EPOCH` of the build's environment (see [`crate::model::edition`]).
    #[serde(skip)]
    pub source_date_epoch: Option<i64>,
    /// Today, where the build runs (days since 1970, [`crate::clock`]).
    #[serde(skip)]
    pub today: i64,
}

impl Config {
    /// Seconds since 1970 of this publication's edition ([`crate::model::edition`]).
    pub fn edition_secs(&self) -> i64 {
        crate::model::edition::publication_secs(self.edition, self.source_date_epoch, self.today)
    }

    /// The edition date printed on covers, in the footer and in the open data.
    pub fn edition_date(&self) -> Date {
        crate::model::edition::day_of(self.edition_secs())
    }
}

/// The logo file named by `logo:`.
#[derive(Debug, Clone)]
pub struct Logo {
    /// The path as written, with `/` (for messages).
    pub shown: String,
    pub path: PathBuf,
    /// `png` or `jpg`: the extension of the published copy.
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            titre: "Recueil d'expériences".into(),
            description: None,
            url: None,
            langue: "fr".into(),
            editeur: None,
            theme: "default".into(),
            livrets: Vec::new(),
            bilan: BilanConfig::default(),
            edition: None,
            couleur: None,
            logo: None,
            source_date_epoch: None,
            today: crate::clock::today_days(),
        }
    }
}

/// One PDF booklet.
#[derive(Debug, Clone, Serialize)]
pub struct Livret {
    /// File name written to `output/livrets/`.
    pub fichier: String,
    pub titre: String,
    pub sous_titre: Option<String>,
    pub introduction: Option<Markdown>,
    pub selection: Selection,
    pub ordre: Ordre,
}

/// Which fiches a booklet or the report covers. Empty lists select everything.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Selection {
    pub thematiques: Vec<String>,
    pub publics: Vec<String>,
    pub type_structure: Vec<TypeStructure>,
    pub departement: Vec<String>,
    pub region: Vec<String>,
    pub statut: Vec<Statut>,
    pub slugs: Vec<String>,
}

impl Selection {
    pub fn matches(&self, f: &Fiche) -> bool {
        let any = |wanted: &[String], have: &[String]| {
            wanted.is_empty() || wanted.iter().any(|w| have.iter().any(|h| crate::model::text::fold(w) == crate::model::text::fold(h)))
        };
        any(&self.thematiques, &f.thematiques)
            && any(&self.publics, &f.publics)
            && (self.type_structure.is_empty() || self.type_structure.contains(&f.type_structure))
            && (self.departement.is_empty() || self.departement.contains(&f.territoire.departement))
            && any(&self.region, std::slice::from_ref(&f.territoire.region))
            && (self.statut.is_empty() || self.statut.contains(&f.statut))
            && (self.slugs.is_empty() || self.slugs.contains(&f.slug))
    }
}

/// Order of the fiches in a booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Ordre {
    #[default]
    Date,
    Titre,
    Departement,
}

/// Scope of the impact report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BilanConfig {
    pub titre: Option<String>,
    pub annee: Option<i32>,
    pub selection: Selection,
}

static KEYS: &[KeySpec] = &[
    KeySpec::new("titre", "un texte", "titre: Banque d'expériences du CCAS"),
    KeySpec::new("description", "un texte", "description: Les actions sociales de notre territoire"),
    KeySpec::new("url", "une adresse web", "url: https://www.exemple.fr/recueil"),
    KeySpec::new("langue", "un code de langue", "langue: fr"),
    KeySpec::new("editeur", "un texte", "editeur: CCAS de Dijon"),
    KeySpec::new("couleur", "une couleur \"#rrggbb\" entre guillemets", "couleur: \"#8a1c4a\""),
    KeySpec::new("logo", "une image PNG ou JPEG du projet", "logo: images/logo.png"),
    KeySpec::new("edition", "une date AAAA-MM-JJ", "edition: 2026-11-24"),
    KeySpec::new("theme", "un nom de dossier de themes/", "theme: default"),
    KeySpec::new("livrets", "une liste de livrets", "livrets: [{ fichier: tout.pdf, titre: Nos actions }]"),
    KeySpec::new("bilan", "un ensemble { titre, annee, selection }", "bilan: { annee: 2024 }"),
];
static LIVRET_KEYS: &[KeySpec] = &[
    KeySpec::new("fichier", "un nom de fichier .pdf", "fichier: insertion.pdf"),
    KeySpec::new("titre", "un texte", "titre: L'insertion par l'activité"),
    KeySpec::new("sous_titre", "un texte", "sous_titre: Recueil 2024 pour nos financeurs"),
    KeySpec::new("introduction", "un fichier Markdown du projet", "introduction: livrets/insertion.md"),
    KeySpec::new("selection", "un ensemble de critères", "selection: { thematiques: [Insertion] }"),
    KeySpec::new("ordre", "date, titre ou departement", "ordre: date"),
];
static SELECTION_KEYS: &[KeySpec] = &[
    KeySpec::new("thematiques", "une liste de thématiques", "thematiques: [Insertion]"),
    KeySpec::new("publics", "une liste de publics", "publics: [Jeunes]"),
    KeySpec::new("type_structure", "une liste de types", "type_structure: [ccas, cias]"),
    KeySpec::new("departement", "une liste de codes", "departement: [\"63\", \"03\"]"),
    KeySpec::new("region", "une liste de régions", "region: [Bretagne]"),
    KeySpec::new("statut", "en-cours ou terminee", "statut: [en-cours]"),
    KeySpec::new("slugs", "une liste d'adresses de fiches", "slugs: [epicerie-solidaire]"),
];
static BILAN_KEYS: &[KeySpec] = &[
    KeySpec::new("titre", "un texte", "titre: Bilan 2024"),
    KeySpec::new("annee", "une année", "annee: 2024"),
    KeySpec::new("selection", "un ensemble de critères", "selection: { region: [Bretagne] }"),
];

fn spec(table: &'static [KeySpec], k: &str) -> &'static KeySpec {
    table.iter().find(|s| s.key == k).expect("known key")
}

/// Reads `recueil.yaml` from `root`; absent → defaults.
/// `SOURCE_DATE_EPOCH` from the environment, when it holds a number of seconds.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok())
}

pub fn load(root: &Path) -> (Config, Sink) {
    let path = root.join(FILE);
    let mut sink = Sink::new(FILE);
    let mut config = Config { source_date_epoch: source_date_epoch(), today: crate::clock::today_days(), ..Config::default() };
    let text = match std::fs::read(&path) {
        Ok(b) => match crate::load::decode::decode(b, &mut sink) {
            Some(t) => t,
            None => return (config, sink),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (config, sink),
        Err(e) => {
            sink.error(Pos::new(0, 0), format!("lecture impossible : {}", crate::load::diagnostics::io_error_fr(&e)), None);
            return (config, sink);
        }
    };
    let root_node = match crate::load::yaml::parse(&text) {
        Ok(n) => n,
        Err(e) => {
            sink.error(e.pos, e.message, e.aide);
            return (config, sink);
        }
    };
    if root_node.value == Value::Null {
        return (config, sink);
    }
    let mut r = Reader { sink: &mut sink, line_offset: 0 };
    if let Some(f) = r.map(&root_node, "", KEYS, Pos::new(1, 1)) {
        read_config(&mut r, &f, root, &mut config);
        read_identity(&mut r, &f, root, &text, &mut config);
    }
    (config, sink)
}

fn read_config(r: &mut Reader, f: &Fields, root: &Path, c: &mut Config) {
    if let Some(t) = r.opt_text(f, spec(KEYS, "titre")) {
        c.titre = t;
    }
    c.description = r.opt_text(f, spec(KEYS, "description"));
    if let Some(n) = f.value("url")
        && let Some(u) = r.text(n, spec(KEYS, "url"))
    {
        if u.contains(['?', '#']) {
            let base = u.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
            r.sink.error(
                r.at(n),
                format!("« url » : « {u} » contient « ? » ou « # » : l'adresse du site ne peut pas porter de paramètres, les liens des pages seraient faux"),
                Some(format!("gardez l'adresse sans ce qui suit : url: {base}")),
            );
        } else if (u.starts_with("https://") || u.starts_with("http://"))
            && !u.chars().any(|c| c.is_whitespace() || c.is_control() || "\"'<>`{}|\\^".contains(c))
        {
            c.url = Some(u.trim_end_matches('/').to_string());
        } else {
            r.sink.error(
                r.at(n),
                format!("« url » : « {u} » n'est pas une adresse web complète"),
                Some("commencez par https:// : url: https://www.exemple.fr/recueil".into()),
            );
        }
    }
    if let Some(n) = f.value("langue")
        && let Some(l) = r.text(n, spec(KEYS, "langue"))
    {
        // A language tag: `fr`, `fr-FR`, `br`, `oc`…
        let (lang, region) = l.split_once('-').unwrap_or((&l, ""));
        let ok = (2..=3).contains(&lang.len())
            && lang.chars().all(|c| c.is_ascii_lowercase())
            && (region.is_empty() || ((2..=4).contains(&region.len()) && region.chars().all(|c| c.is_ascii_alphanumeric())));
        if ok {
            c.langue = l;
        } else {
            r.sink.error(
                r.at(n),
                format!("« langue » : « {l} » n'est pas un code de langue"),
                Some("le code de la langue des pages, en minuscules : langue: fr (ou fr-FR)".into()),
            );
        }
    }
    c.editeur = r.opt_text(f, spec(KEYS, "editeur"));
    if let Some(n) = f.value("theme")
        && let Some(t) = r.text(n, spec(KEYS, "theme"))
    {
        if t != "default" && !crate::model::text::is_slug(&t.replace('_', "-")) {
            r.sink.error(
                r.at(n),
                format!("nom de thème « {t} » invalide"),
                Some("le nom d'un dossier de themes/, en minuscules : theme: mon-theme".into()),
            );
        } else if let Err(why) = crate::load::paths::resolve_inside(root, &root.join("themes"), &t) {
            r.sink.error(
                r.at(n),
                format!("chemin de thème refusé : « themes/{t} » {why}"),
                Some("le thème doit être un vrai dossier de themes/ dans le projet : copiez-le au lieu de créer un lien".into()),
            );
        } else if t != "default" && !root.join("themes").join(&t).is_dir() {
            r.sink.error(
                r.at(n),
                format!("le thème « {t} » est introuvable : pas de dossier themes/{t}/"),
                Some("créez ce dossier, ou retirez la clé theme pour le thème par défaut".into()),
            );
        } else {
            c.theme = t;
        }
    }
    if let Some(n) = f.value("livrets") {
        let mut seen: Vec<String> = Vec::new();
        for item in r.items(n, spec(KEYS, "livrets")) {
            if let Some(l) = read_livret(r, item, root) {
                if seen.contains(&l.fichier) {
                    r.sink.error(
                        r.at(item),
                        format!("deux livrets s'appellent « {} »", l.fichier),
                        Some("donnez à chaque livret un nom de fichier différent".into()),
                    );
                    continue;
                }
                seen.push(l.fichier.clone());
                c.livrets.push(l);
            }
        }
    }
    if let Some(n) = f.value("bilan")
        && let Some(b) = r.map(n, "« bilan »", BILAN_KEYS, r.at(n))
    {
        c.bilan.titre = r.opt_text(&b, spec(BILAN_KEYS, "titre"));
        c.bilan.annee = b.value("annee").and_then(|n| r.year(n, spec(BILAN_KEYS, "annee")));
        if let Some(s) = b.value("selection") {
            c.bilan.selection = read_selection(r, s);
        }
    }
}

/// `couleur`, `logo` and `edition`.
fn read_identity(r: &mut Reader, f: &Fields, root: &Path, text: &str, c: &mut Config) {
    if let Some(n) = f.get("couleur") {
        c.couleur = read_couleur(r, n, text);
    }
    if let Some(n) = f.value("logo")
        && let Some(rel) = r.text(n, spec(KEYS, "logo"))
    {
        c.logo = read_logo(r, n, root, &rel);
    }
    if let Some(n) = f.value("edition") {
        c.edition = r.date(n, spec(KEYS, "edition"));
    }
}

fn read_couleur(r: &mut Reader, n: &Node, text: &str) -> Option<Palette> {
    let example = "couleur: \"#8a1c4a\"";
    if n.value == Value::Null {
        // `couleur: #8a1c4a` unquoted: YAML reads `#` as the start of a comment.
        let line = text.lines().nth((n.pos.line as usize).saturating_sub(1)).unwrap_or_default();
        let written = line.split_once('#').map(|(_, after)| after.split_whitespace().next().unwrap_or_default()).unwrap_or_default();
        let aide = match Rgb::parse(written) {
            Some(rgb) => {
                format!("mettez la couleur entre guillemets : couleur: \"{}\" (sans guillemets, # commence un commentaire)", rgb.hex())
            }
            None => format!("une couleur en hexadécimal entre guillemets, par exemple {example}"),
        };
        r.sink.error(r.at(n), "la clé « couleur » est vide".to_string(), Some(aide));
        return None;
    }
    let written = r.text(n, spec(KEYS, "couleur"))?;
    let Some(rgb) = Rgb::parse(&written) else {
        r.sink.error(
            r.at(n),
            format!("« couleur » : « {written} » n'est pas une couleur au format \"#rrggbb\""),
            Some(format!("six chiffres hexadécimaux (0 à 9, a à f) après un #, entre guillemets, par exemple {example}")),
        );
        return None;
    };
    match crate::model::color::palette(rgb) {
        Ok(p) => Some(p),
        Err(e) => {
            r.sink.error(
                r.at(n),
                format!(
                    "la couleur « {written} » est trop claire pour du texte sur fond clair (contraste {}:1, il faut au moins 4,5:1)",
                    crate::model::text::number_fr((e.contrast * 10.0).floor() / 10.0)
                ),
                Some(format!("prenez une teinte plus foncée, par exemple couleur: \"{}\"", e.suggestion.hex())),
            );
            None
        }
    }
}

fn read_logo(r: &mut Reader, n: &Node, root: &Path, rel: &str) -> Option<Logo> {
    let shown = rel.replace('\\', "/");
    let path = match crate::load::paths::resolve_inside(root, root, rel) {
        Ok(p) => p,
        Err(why) => {
            r.sink.error(
                r.at(n),
                format!("chemin de logo refusé : « {shown} » {why}"),
                Some("une image du dossier du projet, par exemple logo: images/logo.png".into()),
            );
            return None;
        }
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            r.sink.error(
                r.at(n),
                format!("logo « {shown} » : {}", crate::load::diagnostics::io_error_fr(&e)),
                Some("le chemin part du dossier du projet (celui de recueil.yaml), par exemple logo: images/logo.png".into()),
            );
            return None;
        }
    };
    let format = image::guess_format(&bytes).ok();
    let ext = match format {
        Some(image::ImageFormat::Png) => "png",
        Some(image::ImageFormat::Jpeg) => "jpg",
        _ => {
            r.sink.error(
                r.at(n),
                format!("le logo « {shown} » n'est pas une image PNG ou JPEG"),
                Some("enregistrez le logo au format PNG (ou JPEG) depuis votre logiciel d'image, puis indiquez ce fichier".into()),
            );
            return None;
        }
    };
    let dims = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format.unwrap_or(image::ImageFormat::Png)).into_dimensions();
    match dims {
        Ok((width, height)) if width > 0 && height > 0 => Some(Logo { shown, path, ext, width, height }),
        _ => {
            r.sink.error(
                r.at(n),
                format!("le logo « {shown} » est une image abîmée : ses dimensions sont illisibles"),
                Some("ouvrez-le dans un logiciel d'image et enregistrez-le de nouveau en PNG".into()),
            );
            None
        }
    }
}

fn read_livret(r: &mut Reader, n: &Node, root: &Path) -> Option<Livret> {
    let f = r.map(n, "un livret", LIVRET_KEYS, r.at(n))?;
    let fichier_node = r.required(&f, spec(LIVRET_KEYS, "fichier"));
    let fichier = fichier_node.and_then(|n| r.text(n, spec(LIVRET_KEYS, "fichier")));
    let titre = r.required(&f, spec(LIVRET_KEYS, "titre")).and_then(|n| r.text(n, spec(LIVRET_KEYS, "titre")));
    let sous_titre = r.opt_text(&f, spec(LIVRET_KEYS, "sous_titre"));
    let introduction = f.value("introduction").and_then(|n| {
        let rel = r.text(n, spec(LIVRET_KEYS, "introduction"))?;
        match crate::load::paths::resolve_inside(root, root, &rel) {
            Ok(p) => match std::fs::read(&p) {
                Ok(b) => match crate::load::decode::decode_text(b) {
                    Ok(t) => Some(Markdown::new(&t)),
                    Err(e) => {
                        r.sink.error(
                            r.at(n),
                            format!("introduction « {rel} », ligne {} : {}", e.pos.line, crate::load::decode::NOT_UTF8),
                            Some(crate::load::decode::NOT_UTF8_AIDE.into()),
                        );
                        None
                    }
                },
                Err(e) => {
                    r.sink.error(
                        r.at(n),
                        format!("introduction « {rel} » : {}", crate::load::diagnostics::io_error_fr(&e)),
                        Some("le chemin part du dossier du projet, par exemple introduction: livrets/insertion.md".into()),
                    );
                    None
                }
            },
            Err(why) => {
                r.sink.error(
                    r.at(n),
                    format!("chemin d'introduction refusé : « {rel} » {why}"),
                    Some("un fichier Markdown du projet, par exemple introduction: livrets/insertion.md".into()),
                );
                None
            }
        }
    });
    let selection = f.value("selection").map(|s| read_selection(r, s)).unwrap_or_default();
    let ordre = match f.value("ordre") {
        Some(n) => r.choice(
            n,
            spec(LIVRET_KEYS, "ordre"),
            |s| match s {
                "date" => Some(Ordre::Date),
                "titre" => Some(Ordre::Titre),
                "departement" => Some(Ordre::Departement),
                _ => None,
            },
            &["date", "titre", "departement"],
        )?,
        None => Ordre::Date,
    };
    let fichier = fichier?;
    let valid = fichier.ends_with(".pdf")
        && !fichier.contains(['/', '\\'])
        && crate::model::text::is_slug(fichier.trim_end_matches(".pdf").replace('_', "-").as_str());
    if !valid {
        r.sink.error(
            r.at(fichier_node?),
            format!("nom de livret « {fichier} » invalide"),
            Some(format!(
                "un nom simple en minuscules terminé par .pdf, par exemple fichier: {}.pdf",
                crate::model::text::slugify(fichier.trim_end_matches(".pdf"))
            )),
        );
        return None;
    }
    if fichier == "bilan.pdf" {
        r.sink.error(
            r.at(fichier_node?),
            "le nom de livret « bilan.pdf » est réservé au bilan d'impact".to_string(),
            Some("choisissez un autre nom, par exemple fichier: bilan-livret.pdf ; le bilan se règle avec la clé bilan".into()),
        );
        return None;
    }
    Some(Livret { fichier, titre: titre?, sous_titre, introduction, selection, ordre })
}

fn read_selection(r: &mut Reader, n: &Node) -> Selection {
    let mut s = Selection::default();
    let Some(f) = r.map(n, "« selection »", SELECTION_KEYS, r.at(n)) else {
        return s;
    };
    let list = |r: &mut Reader, k: &str| f.value(k).map(|n| r.text_list(n, spec(SELECTION_KEYS, k))).unwrap_or_default();
    s.thematiques = list(r, "thematiques");
    s.publics = list(r, "publics");
    s.region = list(r, "region");
    s.slugs = list(r, "slugs");
    if let Some(n) = f.value("departement") {
        for code in r.text_list(n, spec(SELECTION_KEYS, "departement")) {
            match crate::model::territory::departement(&code) {
                Some(d) => s.departement.push(d.code.to_string()),
                None => {
                    r.sink.error(r.at(n), format!("département « {code} » inconnu"), Some("un code de 01 à 95, 2A, 2B ou 971 à 976".into()))
                }
            }
        }
    }
    if let Some(n) = f.value("type_structure") {
        let codes: Vec<&str> = TypeStructure::codes().collect();
        for item in text_items(n) {
            if let Some(t) = r.choice(item, spec(SELECTION_KEYS, "type_structure"), TypeStructure::from_code, &codes) {
                s.type_structure.push(t);
            }
        }
    }
    if let Some(n) = f.value("statut") {
        for item in text_items(n) {
            if let Some(t) = r.choice(item, spec(SELECTION_KEYS, "statut"), Statut::from_code, &["en-cours", "terminee"]) {
                s.statut.push(t);
            }
        }
    }
    s
}

fn text_items(n: &Node) -> Vec<&Node> {
    match &n.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![n],
    }
}
