//! The form editor of `recueil serve` (never in `build`'s output): a page per
//! fiche with one labelled field per key of the format and one text area per
//! section, checked by the same reader and messages as `recueil check`, saved
//! by [`crate::load::edit`] so that only what changed is rewritten.
//!
//! Writes are guarded: the server answers only its own `Host` (see
//! [`super::http`]), a write must carry the page's token in
//! `X-Recueil-Jeton` and, when the browser sends one, an `Origin` of this
//! server; a file changed on disk since the form opened is not overwritten;
//! no path comes from the form (a fiche is named by its slug, looked up in
//! the project's own list).

use crate::load::diagnostics::{Diagnostic, Severity, Sink};
use crate::load::edit::{self, Changes, Held, NewValue};
use crate::load::fiche::is_yaml_spelling;
use crate::model::SectionKind;
use crate::model::text::xml_escape as esc;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// Address of a fiche's form (then its slug), of the script, of the checks and of saving.
pub const FORM: &str = "/__recueil/modifier/";
/// Address of the empty form of a new fiche.
pub const FORM_NEW: &str = "/__recueil/nouvelle-fiche";
pub const SCRIPT_PATH: &str = "/__recueil/editeur.js";
pub const CHECK: &str = "/__recueil/verifier";
pub const SAVE: &str = "/__recueil/enregistrer";
/// The header carrying the page's token.
pub const TOKEN_HEADER: &str = "x-recueil-jeton";
/// The largest form accepted (the text of a long fiche is far smaller).
pub const MAX_FORM: usize = 2 * 1024 * 1024;

/// A number as a French author writes it (« 87 900 », « 1,5 »): whole or
/// with decimals; `None` when it is not one.
fn number(raw: &str) -> Option<NewValue> {
    let x = crate::model::text::parse_french_number(raw)?;
    Some(if x.fract() == 0.0 && x.abs() < 1e15 { NewValue::Number(x as i64) } else { NewValue::Decimal(x) })
}

/// How a key figure is entered: a count of full-time equivalents may have decimals.
fn chiffre_kind(key: &str) -> Kind {
    if key == "salaries_etp" { Kind::Decimal } else { Kind::Number }
}

/// Whether an address is the editor's.
pub fn is_editor_path(path: &str) -> bool {
    path == SCRIPT_PATH || path == CHECK || path == SAVE || path == FORM_NEW || path.starts_with(FORM)
}

/// How a field is entered and written back.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Long,
    Date,
    /// A whole number (French spaces between thousands accepted).
    Number,
    /// A number that may have decimals (written back as the author typed it, with a dot).
    Decimal,
    /// Values separated by commas.
    List,
    Select(&'static [(&'static str, &'static str)]),
    Departement,
    Check,
}

/// One field of the form: its key path, its visible label, how it is entered, a hint.
struct Field {
    path: &'static str,
    label: &'static str,
    kind: Kind,
    hint: &'static str,
}

const TYPES: &[(&str, &str)] = &[
    ("ccas", "CCAS"),
    ("cias", "CIAS"),
    ("centre-social", "Centre social"),
    ("association", "Association"),
    ("departement", "Département"),
    ("commune", "Commune"),
    ("epci", "EPCI"),
    ("autre", "Autre"),
];
const STATUTS: &[(&str, &str)] = &[("en-cours", "En cours"), ("terminee", "Terminée")];

/// The fields of the identity part, in the format's order (the key figures follow, from the labels).
const FIELDS: &[Field] = &[
    Field { path: "titre", label: "Titre", kind: Kind::Text, hint: "Ce que fait l'action et où, en une ligne." },
    Field {
        path: "resume",
        label: "Résumé",
        kind: Kind::Long,
        hint: "Deux ou trois phrases : ce qui est fait, pour qui, ce qui a changé.",
    },
    Field { path: "date", label: "Date", kind: Kind::Date, hint: "Date de rédaction de la fiche." },
    Field { path: "mise_a_jour", label: "Mise à jour", kind: Kind::Date, hint: "Facultatif : date de la dernière mise à jour." },
    Field { path: "structure", label: "Structure", kind: Kind::Text, hint: "Le nom de la structure qui porte l'action." },
    Field { path: "type_structure", label: "Type de structure", kind: Kind::Select(TYPES), hint: "" },
    Field { path: "territoire.commune", label: "Commune", kind: Kind::Text, hint: "" },
    Field { path: "territoire.departement", label: "Département", kind: Kind::Departement, hint: "" },
    Field {
        path: "territoire.habitants",
        label: "Habitants",
        kind: Kind::Number,
        hint: "Facultatif : population de la commune ou du territoire.",
    },
    Field { path: "annee_debut", label: "Année de début", kind: Kind::Number, hint: "Facultatif, par exemple 2019." },
    Field { path: "statut", label: "Statut", kind: Kind::Select(STATUTS), hint: "" },
    Field {
        path: "thematiques",
        label: "Thématiques",
        kind: Kind::List,
        hint: "Séparées par des virgules, par exemple : Alimentation, Lien social.",
    },
    Field {
        path: "publics",
        label: "Publics",
        kind: Kind::List,
        hint: "Séparés par des virgules, par exemple : Familles, Personnes âgées.",
    },
    Field { path: "mots_cles", label: "Mots-clés", kind: Kind::List, hint: "Facultatif, séparés par des virgules." },
];

/// How a column of a list of rows is read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Text,
    /// Euros, a whole number.
    Money,
    Year,
    /// A number, or a short text.
    Value,
}

/// A list of rows: financeurs, indicateurs, partenaires.
struct Rows {
    path: &'static str,
    legend: &'static str,
    hint: &'static str,
    /// « un financeur »: for « Ajouter un financeur », « Retirer ce financeur ».
    one: &'static str,
    this: &'static str,
    cols: &'static [(&'static str, &'static str, Col)],
}

const ROWS: &[Rows] = &[
    Rows {
        path: "indicateurs",
        legend: "Indicateurs",
        hint: "Facultatif : les chiffres propres à l'action (objets réparés, taux de réussite…).",
        one: "un indicateur",
        this: "cet indicateur",
        cols: &[("libelle", "Indicateur", Col::Text), ("valeur", "Valeur", Col::Value), ("unite", "Unité", Col::Text)],
    },
    Rows {
        path: "financeurs",
        legend: "Financeurs",
        hint: "Le montant en euros, sans le signe € (87 900 ou 87900).",
        one: "un financeur",
        this: "ce financeur",
        cols: &[("nom", "Financeur", Col::Text), ("montant", "Montant (€)", Col::Money), ("annee", "Année", Col::Year)],
    },
    Rows {
        path: "partenaires",
        legend: "Partenaires",
        hint: "Facultatif : le rôle de chacun dans l'action.",
        one: "un partenaire",
        this: "ce partenaire",
        cols: &[("nom", "Partenaire", Col::Text), ("role", "Rôle", Col::Text)],
    },
];

/// The contact, all optional.
const CONTACT: &[Field] = &[
    Field { path: "contact.nom", label: "Nom du contact", kind: Kind::Text, hint: "" },
    Field { path: "contact.fonction", label: "Fonction", kind: Kind::Text, hint: "" },
    Field { path: "contact.email", label: "Courriel", kind: Kind::Text, hint: "" },
    Field { path: "contact.telephone", label: "Téléphone", kind: Kind::Text, hint: "" },
    Field { path: "contact.adresse", label: "Adresse", kind: Kind::Text, hint: "" },
];

/// What the editor knows of the project, refreshed after every reading.
#[derive(Default)]
pub struct Index {
    /// Slug → the fiche's file, from the project root (`fiches/x.md`).
    fiches: HashMap<String, String>,
    thematiques: Vec<String>,
    publics: Vec<String>,
    /// Key figure → its French name (`participants` → « Participants »).
    chiffres: Vec<(String, String)>,
}

/// The editor of one `serve` session.
pub struct Editor {
    root: PathBuf,
    token: String,
    index: RwLock<Index>,
}

/// What the form sends.
#[derive(Deserialize)]
struct Submission {
    fiche: String,
    empreinte: String,
    #[serde(default)]
    champs: BTreeMap<String, String>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
    chapeau: Option<String>,
    /// Each list of rows, each row its columns' texts.
    #[serde(default)]
    listes: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

/// A problem shown next to its field (`champ`: the field's key path,
/// `section.contexte`, or none for the fiche as a whole).
#[derive(Serialize)]
struct Shown {
    champ: Option<String>,
    gravite: &'static str,
    message: String,
    aide: Option<String>,
}

/// The answer to a check or a save.
#[derive(Serialize)]
pub struct Answer {
    pub ok: bool,
    message: String,
    diagnostics: Vec<Shown>,
    /// Where to go after a save: the fiche's page.
    url: Option<String>,
    /// The file's new fingerprint, for the next save from the same form.
    empreinte: Option<String>,
    /// The chapeau and each section as recueil renders them (field id → HTML).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    apercus: BTreeMap<String, String>,
}

/// The previews of the chapeau and the sections a form sends.
fn previews(sub: &Submission) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = sub.sections.iter().map(|(k, t)| (id_of(&format!("section.{k}")), preview(t))).collect();
    if let Some(c) = &sub.chapeau {
        out.insert(id_of("chapeau"), preview(c));
    }
    out
}

/// The message of a save refused for the fiche's errors.
const REFUSED: &str = "La fiche a des erreurs : rien n'a été enregistré.";

impl Shown {
    /// An error of the form itself, shown next to `champ`.
    fn error(champ: &str, message: String, aide: &str) -> Shown {
        Shown { champ: Some(champ.to_string()), gravite: "erreur", message, aide: Some(aide.to_string()) }
    }
}

impl Answer {
    /// A check or save refused: the message, the problems, the previews.
    fn refused(message: impl Into<String>, diagnostics: Vec<Shown>, apercus: BTreeMap<String, String>) -> Answer {
        Answer { ok: false, message: message.into(), diagnostics, url: None, empreinte: None, apercus }
    }
}

/// Markdown as the site shows it (sanitized by the site's own pipeline).
fn preview(text: &str) -> String {
    crate::render::site::html::to_html(&crate::model::markdown::Markdown::new(text))
}

/// A 128-bit random token, hex.
/// `None` when the system gives no randomness: then serve offers no editor.
fn random_token() -> Option<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).ok()?;
    Some(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A fingerprint of a file's bytes (to notice a change made elsewhere).
fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    format!("{:016x}-{}", h.finish(), bytes.len())
}

impl Editor {
    pub fn new(root: &Path) -> Option<Editor> {
        Some(Editor { root: root.to_path_buf(), token: random_token()?, index: RwLock::new(Index::default()) })
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Refreshes what the editor knows from the fiches just read (published and drafts).
    pub fn update<'a>(&self, fiches: impl Iterator<Item = &'a crate::model::Fiche>, labels: &crate::theme::Labels) {
        let mut idx = Index::default();
        let mut them = std::collections::BTreeSet::new();
        let mut pubs = std::collections::BTreeSet::new();
        for f in fiches {
            idx.fiches.insert(f.slug.clone(), f.fichier.clone());
            them.extend(f.thematiques.iter().cloned());
            pubs.extend(f.publics.iter().cloned());
        }
        idx.thematiques = them.into_iter().collect();
        idx.publics = pubs.into_iter().collect();
        idx.chiffres = crate::model::fiche::Chiffres::KEYS.iter().map(|k| (k.to_string(), labels.chiffre(k))).collect();
        if let Ok(mut w) = self.index.write() {
            *w = idx;
        }
    }

    fn file_of(&self, slug: &str) -> Option<String> {
        self.index.read().ok()?.fiches.get(slug).cloned()
    }

    /// The editor's link for a page of the output: « Modifier cette fiche »
    /// on a fiche's page, « Nouvelle fiche » on the home page and the list.
    pub fn link_for(&self, url_path: &str) -> Option<String> {
        let link = |href: &str, text: &str| {
            format!(
                "<a class=\"recueil-modifier\" href=\"{href}\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:1000;background:#1d3557;color:#fff;padding:.6rem 1rem;border-radius:.4rem;font:600 1rem/1.2 system-ui,sans-serif;text-decoration:underline\">{text}</a>"
            )
        };
        if matches!(url_path, "/" | "/index.html" | "/fiches/" | "/fiches/index.html") {
            return Some(link(FORM_NEW, "Nouvelle fiche"));
        }
        let slug = url_path.strip_prefix("/fiches/")?.trim_end_matches("index.html").trim_end_matches('/');
        if slug.contains('/') || self.file_of(slug).is_none() {
            return None;
        }
        Some(link(&format!("{FORM}{}/", esc(slug)), "Modifier cette fiche"))
    }

    /// The empty form of a new fiche (today's date filled in).
    pub fn new_page(&self) -> String {
        let today = crate::model::date::Date::from_days_since_epoch(crate::clock::today_days()).iso();
        let current = edit::Current { values: vec![("date".into(), Held::Text(today))], ..Default::default() };
        let idx = self
            .index
            .read()
            .map(|i| Index {
                fiches: HashMap::new(),
                thematiques: i.thematiques.clone(),
                publics: i.publics.clone(),
                chiffres: i.chiffres.clone(),
            })
            .unwrap_or_default();
        self.form("", "", "", &current, &idx)
    }

    /// The form of a fiche, or `None` when the slug names none.
    pub fn page(&self, slug: &str) -> Option<String> {
        let fichier = self.file_of(slug)?;
        let path = self.root.join(&fichier);
        let bytes = std::fs::read(&path).ok()?;
        let empreinte = fingerprint(&bytes);
        // the file as it is (its line ends and byte-order mark are kept when it is saved)
        let text = String::from_utf8(bytes).ok()?;
        let yaml = is_yaml_spelling(Path::new(&fichier));
        let current = match edit::read(&text, yaml) {
            Ok(c) => c,
            Err(e) => {
                return Some(page_shell(
                    "Fiche illisible",
                    &format!(
                        "<p>Cette fiche ne peut pas s'ouvrir dans le formulaire : {}. Corrigez-la dans son fichier ({}) : « recueil check » dit où.</p>",
                        esc(&e.0),
                        esc(&fichier)
                    ),
                ));
            }
        };
        let idx = self.index.read().ok()?;
        Some(self.form(slug, &fichier, &empreinte, &current, &idx))
    }

    fn form(&self, slug: &str, fichier: &str, empreinte: &str, cur: &edit::Current, idx: &Index) -> String {
        let mut h = String::with_capacity(16 * 1024);
        let page_title = match cur.get("titre") {
            _ if slug.is_empty() => "Nouvelle fiche".to_string(),
            Some(Held::Text(t)) => format!("Modifier : {t}"),
            _ => format!("Modifier : {slug}"),
        };
        if slug.is_empty() {
            h.push_str("<p class=\"chemin\">Le fichier sera nommé d'après le titre, dans le dossier <code>fiches/</code>. Les champs marqués obligatoires dans l'aide doivent être remplis pour enregistrer.</p>");
        } else {
            let _ = write!(
                h,
                "<p class=\"chemin\">Fichier : <code>{}</code> — <a href=\"/fiches/{}/\">voir la fiche</a></p>",
                esc(fichier),
                esc(slug)
            );
        }
        let _ = write!(
            h,
            "\
             <div id=\"resume-erreurs\" role=\"alert\" class=\"resume\" hidden></div>\
             <form id=\"editeur\" novalidate data-jeton=\"{}\" data-empreinte=\"{}\" data-fiche=\"{}\">",
            esc(&self.token),
            esc(empreinte),
            esc(slug)
        );
        h.push_str("<fieldset><legend><h2>La fiche</h2></legend>");
        for f in FIELDS {
            field(&mut h, f.path, f.label, f.kind, f.hint, cur.get(f.path), idx);
        }
        h.push_str("</fieldset><fieldset><legend><h2>Chiffres clés</h2></legend><p class=\"aide\">Facultatifs : des nombres entiers, sans unité (« 87 900 » ou « 87900 » pour un montant en euros).</p>");
        for (key, label) in &idx.chiffres {
            let path = format!("chiffres.{key}");
            field(&mut h, &path, label, chiffre_kind(key), "", cur.get(&path), idx);
        }
        h.push_str("</fieldset>");
        for r in ROWS {
            rows_html(&mut h, r, cur.get(r.path));
        }
        h.push_str(
            "<fieldset><legend><h2>Contact</h2></legend><p class=\"aide\">Facultatif : la personne à joindre pour en savoir plus.</p>",
        );
        for f in CONTACT {
            field(&mut h, f.path, f.label, f.kind, f.hint, cur.get(f.path), idx);
        }
        h.push_str("</fieldset><fieldset><legend><h2>Publication</h2></legend>");
        field(
            &mut h,
            "brouillon",
            "Brouillon",
            Kind::Check,
            "Une fiche en brouillon n'est pas publiée (« recueil build --drafts » la montre).",
            cur.get("brouillon"),
            idx,
        );
        h.push_str("</fieldset><fieldset><legend><h2>Le texte</h2></legend>");
        textarea(&mut h, "chapeau", "Chapeau", "Facultatif : un paragraphe d'introduction, avant les sections.", &cur.chapeau, 4);
        for k in SectionKind::ALL {
            let text = cur.sections.iter().find(|(s, _)| *s == k).map(|(_, t)| t.as_str()).unwrap_or("");
            let hint = if k.required() { "Obligatoire." } else { "Facultatif." };
            textarea(&mut h, &format!("section.{}", k.name()), k.label(), hint, text, 8);
        }
        h.push_str(
            "</fieldset><p class=\"aide\">Le texte s'écrit en Markdown : une ligne vide entre deux paragraphes, « - » en début de ligne pour une liste, **gras**.</p>\
             <p class=\"actions\"><button type=\"submit\">Enregistrer</button> <span id=\"etat\" role=\"status\"></span></p></form>",
        );
        // suggestions for the lists
        for (id, values) in [("suggestions-thematiques", &idx.thematiques), ("suggestions-publics", &idx.publics)] {
            let _ = write!(h, "<datalist id=\"{id}\">");
            for v in values {
                let _ = write!(h, "<option value=\"{}\"></option>", esc(v));
            }
            h.push_str("</datalist>");
        }
        page_shell(&page_title, &h)
    }

    /// Checks a submission, and writes it when `write` and it has no error.
    pub fn submit(&self, body: &[u8], write: bool) -> (u16, Answer) {
        let fail = |status: u16, message: &str| (status, Answer::refused(message.to_string(), Vec::new(), BTreeMap::new()));
        let Ok(sub) = serde_json::from_slice::<Submission>(body) else {
            return fail(400, "Formulaire illisible : rechargez la page.");
        };
        let apercus = previews(&sub);
        let new = sub.fiche.is_empty();
        let (fichier, text) = if new {
            // named from the title like `recueil new`, never over an existing file
            let slug = crate::model::text::slugify(sub.champs.get("titre").map(String::as_str).unwrap_or(""));
            if slug.is_empty() {
                let shown = vec![Shown::error(
                    "titre",
                    "la fiche n'a pas de titre".into(),
                    "donnez-lui un titre : il nomme aussi son fichier, par exemple « Une épicerie solidaire à Vannes »",
                )];
                return (422, Answer::refused(REFUSED, shown, apercus));
            }
            let fichier = format!("{}/{slug}.md", crate::load::project::FICHES_DIR);
            if self.root.join(&fichier).exists() {
                let shown = vec![Shown::error(
                    "titre",
                    format!("une fiche s'appelle déjà {fichier}"),
                    "changez un peu le titre (ajoutez la commune, par exemple), ou modifiez la fiche existante",
                )];
                return (409, Answer::refused("Rien n'a été enregistré.", shown, apercus));
            }
            (fichier, edit::NEW_FICHE.to_string())
        } else {
            let Some(fichier) = self.file_of(&sub.fiche) else {
                return fail(404, "Cette fiche n'existe plus dans le projet : rechargez la page.");
            };
            let bytes = match std::fs::read(self.root.join(&fichier)) {
                Ok(b) => b,
                Err(e) => return fail(500, &format!("Lecture de {fichier} impossible : {}", crate::load::diagnostics::io_error_fr(&e))),
            };
            if fingerprint(&bytes) != sub.empreinte {
                return fail(
                    409,
                    "Le fichier de cette fiche a changé depuis l'ouverture du formulaire (dans un autre éditeur ?) : rien n'a été enregistré. Rechargez la page pour voir la version du disque ; copiez d'abord ce que vous voulez garder.",
                );
            }
            let Ok(text) = String::from_utf8(bytes) else {
                return fail(422, &format!("{} : {}.", crate::load::decode::NOT_UTF8, crate::load::decode::NOT_UTF8_AIDE));
            };
            (fichier, text)
        };
        let path = self.root.join(&fichier);
        let yaml = is_yaml_spelling(Path::new(&fichier));
        let changes = match self.changes(&sub) {
            Ok(c) => c,
            Err(shown) => return (422, Answer::refused(REFUSED, shown, apercus)),
        };
        let new_text = match edit::edit_fiche(&text, yaml, &changes) {
            Ok(t) => t,
            Err(e) => return fail(422, &format!("Enregistrement impossible : {}.", e.0)),
        };
        let mut sink = Sink::new(&fichier);
        let fiche = crate::load::fiche::parse_bytes(&self.root, &path, new_text.as_bytes(), &mut sink);
        let shown: Vec<Shown> = sink.items.iter().map(|d| show(d, &new_text, yaml)).collect();
        let errors = sink.items.iter().any(|d| d.gravite == Severity::Erreur);
        if errors || fiche.is_none() {
            let message = if write { REFUSED } else { "La fiche a des erreurs." };
            return (422, Answer::refused(message, shown, apercus));
        }
        let slug = fiche.map(|f| f.slug).unwrap_or(sub.fiche);
        let url = Some(format!("/fiches/{slug}/"));
        if !write {
            return (200, Answer { ok: true, message: String::new(), diagnostics: shown, url, empreinte: None, apercus });
        }
        let written = if new {
            write_new(&path, new_text.as_bytes())
        } else if new_text != text {
            write_atomically(&path, new_text.as_bytes())
        } else {
            Ok(())
        };
        if let Err(e) = written {
            return fail(500, &format!("Écriture de {fichier} impossible : {}", crate::load::diagnostics::io_error_fr(&e)));
        }
        // a fingerprint only when the file was written: the page then waits for the rebuild
        let (message, empreinte) =
            if new_text == text && !new { ("Rien n'a changé.", None) } else { ("Enregistré.", Some(fingerprint(new_text.as_bytes()))) };
        (200, Answer { ok: true, message: message.into(), diagnostics: shown, url, empreinte, apercus })
    }

    /// The changes a submission asks for; a value that cannot be read is
    /// shown next to its field.
    fn changes(&self, sub: &Submission) -> Result<Changes, Vec<Shown>> {
        let mut c = Changes::default();
        let mut bad = Vec::new();
        let chiffres: Vec<(String, Kind)> = self
            .index
            .read()
            .map(|i| i.chiffres.iter().map(|(k, _)| (format!("chiffres.{k}"), chiffre_kind(k))).collect())
            .unwrap_or_default();
        let known = FIELDS
            .iter()
            .chain(CONTACT)
            .map(|f| (f.path.to_string(), f.kind))
            .chain(chiffres)
            .chain([("brouillon".to_string(), Kind::Check)]);
        for (path, kind) in known {
            let Some(raw) = sub.champs.get(&path) else { continue };
            let raw = raw.trim();
            let keys: Vec<String> = path.split('.').map(str::to_string).collect();
            let value = match kind {
                _ if raw.is_empty() && kind != Kind::Check => NewValue::Absent,
                Kind::Check => {
                    if raw == "true" {
                        NewValue::Bool(true)
                    } else {
                        NewValue::Absent
                    }
                }
                Kind::Number => match number(raw) {
                    Some(v @ NewValue::Number(_)) => v,
                    _ => {
                        let aide = "écrivez seulement des chiffres, par exemple 87 900 ou 87900, sans unité";
                        bad.push(Shown::error(&path, format!("« {raw} » n'est pas un nombre entier"), aide));
                        continue;
                    }
                },
                Kind::Decimal => match number(raw) {
                    Some(v) => v,
                    None => {
                        bad.push(Shown::error(
                            &path,
                            format!("« {raw} » n'est pas un nombre"),
                            "par exemple 1,5 pour un temps plein et demi",
                        ));
                        continue;
                    }
                },
                Kind::List => NewValue::List(raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()),
                _ => NewValue::Text(raw.to_string()),
            };
            c.fields.push((keys, value));
        }
        for r in ROWS {
            let Some(list) = sub.listes.get(r.path) else { continue };
            let mut rows = Vec::new();
            for (n, given) in list.iter().enumerate() {
                let mut row = Vec::new();
                for (key, label, col) in r.cols {
                    let raw = given.get(*key).map(|v| v.trim()).unwrap_or("");
                    let v = match col {
                        _ if raw.is_empty() => NewValue::Absent,
                        Col::Text => NewValue::Text(raw.to_string()),
                        Col::Money | Col::Year => match number(raw) {
                            Some(v @ NewValue::Number(_)) => v,
                            _ => {
                                let aide = if *col == Col::Money {
                                    "écrivez le montant en euros, sans le signe € ni les centimes : 87 900 ou 87900"
                                } else {
                                    "écrivez l'année en chiffres, par exemple 2024"
                                };
                                let message = format!("ligne {} : « {label} » vaut « {raw} », qui n'est pas un nombre entier", n + 1);
                                bad.push(Shown::error(r.path, message, aide));
                                NewValue::Absent
                            }
                        },
                        Col::Value => number(raw).unwrap_or_else(|| NewValue::Text(raw.to_string())),
                    };
                    row.push((key.to_string(), v));
                }
                if row.iter().any(|(_, v)| *v != NewValue::Absent) {
                    rows.push(row);
                }
            }
            let value = if rows.is_empty() { NewValue::Absent } else { NewValue::Rows(rows) };
            c.fields.push((vec![r.path.to_string()], value));
        }
        for k in SectionKind::ALL {
            if let Some(t) = sub.sections.get(k.name()) {
                c.sections.push((k, t.replace("\r\n", "\n")));
            }
        }
        c.chapeau = sub.chapeau.as_ref().map(|t| t.replace("\r\n", "\n"));
        if bad.is_empty() { Ok(c) } else { Err(bad) }
    }
}

/// A diagnostic of the saved text, placed at its field.
fn show(d: &Diagnostic, text: &str, yaml: bool) -> Shown {
    let gravite = if d.gravite == Severity::Erreur { "erreur" } else { "avertissement" };
    let champ = field_of(d, text, yaml);
    Shown { champ, gravite, message: d.message.clone(), aide: d.aide.clone() }
}

/// The form field a diagnostic is about: a section named in its message, else the key at its line.
fn field_of(d: &Diagnostic, text: &str, yaml: bool) -> Option<String> {
    for k in SectionKind::ALL {
        if d.message.contains(&format!("section obligatoire « {} »", k.label())) {
            return Some(format!("section.{}", k.name()));
        }
    }
    if d.ligne == 0 {
        return None;
    }
    let (front, offset) = if yaml {
        (text, 0)
    } else {
        let p = edit::split(text).ok()?;
        let yaml_lines = p.yaml.lines().count() as u32;
        if d.ligne > yaml_lines + 1 {
            // in the body: the section whose heading comes last before the line
            let body_first = yaml_lines + 3;
            let mut found = Some("chapeau".to_string());
            for (line, l) in (body_first..).zip(p.body.split_inclusive('\n')) {
                if line > d.ligne {
                    break;
                }
                if let Some(t) = l.trim_end().strip_prefix("## ") {
                    found = SectionKind::from_heading(t.trim()).map(|k| format!("section.{}", k.name()));
                }
            }
            return found;
        }
        (p.yaml, 1)
    };
    let key = edit::key_at_line(front, d.ligne.saturating_sub(offset))?;
    if let Some(name) = key.strip_prefix("sections.") {
        return Some(format!("section.{name}"));
    }
    Some(key)
}

/// Creates a new file, never over an existing one.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = f.write_all(bytes).and_then(|()| f.sync_all());
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}

/// Writes a file whole or not at all: a hidden file beside it, then a rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fiche");
    let tmp = path.with_file_name(format!(".{name}.recueil.tmp"));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn id_of(path: &str) -> String {
    format!("champ-{}", path.replace('.', "-"))
}

/// One labelled field, its hint and its (empty) error line.
fn field(h: &mut String, path: &str, label: &str, kind: Kind, hint: &str, value: Option<&Held>, idx: &Index) {
    let id = id_of(path);
    let text = match value {
        Some(Held::Text(t)) => t.clone(),
        Some(Held::List(v)) => v.join(", "),
        Some(Held::Rows(_)) | None => String::new(),
    };
    let hint_id = format!("{id}-aide");
    let described = if hint.is_empty() { String::new() } else { format!(" aria-describedby=\"{hint_id}\"") };
    let attrs = format!("id=\"{id}\" name=\"{}\" data-champ=\"{}\"{described}", esc(path), esc(path));
    h.push_str("<div class=\"champ\">");
    if kind == Kind::Check {
        let checked = if text == "true" { " checked" } else { "" };
        let _ = write!(h, "<input type=\"checkbox\" {attrs} value=\"true\"{checked}> <label for=\"{id}\">{}</label>", esc(label));
    } else {
        let _ = write!(h, "<label for=\"{id}\">{}</label>", esc(label));
        match kind {
            Kind::Long => {
                let _ = write!(h, "<textarea {attrs} rows=\"4\">{}</textarea>", esc(&text));
            }
            Kind::Select(options) => {
                let _ = write!(h, "<select {attrs}><option value=\"\">—</option>");
                for (code, name) in options {
                    let sel = if *code == text { " selected" } else { "" };
                    let _ = write!(h, "<option value=\"{code}\"{sel}>{}</option>", esc(name));
                }
                if !text.is_empty() && !options.iter().any(|(c, _)| *c == text) {
                    let _ = write!(h, "<option value=\"{}\" selected>{}</option>", esc(&text), esc(&text));
                }
                h.push_str("</select>");
            }
            Kind::Departement => {
                let _ = write!(h, "<select {attrs}><option value=\"\">—</option>");
                let known = crate::model::territory::departement(&text);
                for d in crate::model::territory::departements() {
                    let sel = if known.is_some_and(|k| k.code == d.code) { " selected" } else { "" };
                    let _ = write!(h, "<option value=\"{}\"{sel}>{} ({})</option>", d.code, esc(d.nom), d.code);
                }
                if !text.is_empty() && known.is_none() {
                    let _ = write!(h, "<option value=\"{}\" selected>{}</option>", esc(&text), esc(&text));
                }
                h.push_str("</select>");
            }
            Kind::Date => {
                let _ = write!(h, "<input type=\"date\" {attrs} value=\"{}\">", esc(&text));
            }
            Kind::Number | Kind::Decimal => {
                let _ = write!(h, "<input type=\"text\" inputmode=\"decimal\" {attrs} value=\"{}\">", esc(&text));
            }
            Kind::List => {
                let list = match path {
                    "thematiques" if !idx.thematiques.is_empty() => " list=\"suggestions-thematiques\"",
                    "publics" if !idx.publics.is_empty() => " list=\"suggestions-publics\"",
                    _ => "",
                };
                let _ = write!(h, "<input type=\"text\" {attrs}{list} value=\"{}\">", esc(&text));
            }
            _ => {
                let _ = write!(h, "<input type=\"text\" {attrs} value=\"{}\">", esc(&text));
            }
        }
    }
    if !hint.is_empty() {
        let _ = write!(h, "<p class=\"aide\" id=\"{hint_id}\">{}</p>", esc(hint));
    }
    let _ = write!(h, "<p class=\"erreur\" id=\"{id}-erreur\" hidden></p></div>");
}

/// One row of a list: a labelled input per column and its « Retirer » button.
fn row_html(h: &mut String, r: &Rows, n: &str, values: &[(String, String)]) {
    h.push_str("<div class=\"ligne\" data-ligne>");
    for (i, (key, label, _)) in r.cols.iter().enumerate() {
        let id = format!("{}-{n}-{key}", r.path);
        // a text item (`- Mission locale`) shows in the first column
        let v = values.iter().find(|(k, _)| k == key || (i == 0 && k.is_empty())).map(|(_, v)| v.as_str()).unwrap_or("");
        let _ = write!(
            h,
            "<div class=\"champ\"><label for=\"{id}\">{}</label><input type=\"text\" id=\"{id}\" data-cle=\"{key}\" value=\"{}\"></div>",
            esc(label),
            esc(v)
        );
    }
    let _ = write!(h, "<button type=\"button\" class=\"secondaire\" data-retirer>Retirer {}</button></div>", r.this);
}

/// A list of rows, its « Ajouter » button, the model of a new row and the line for its errors.
fn rows_html(h: &mut String, r: &Rows, held: Option<&Held>) {
    let id = id_of(r.path);
    let _ = write!(
        h,
        "<fieldset id=\"{id}\" data-liste=\"{p}\" aria-describedby=\"{id}-aide\"><legend><h2>{}</h2></legend><p class=\"aide\" id=\"{id}-aide\">{}</p><div class=\"lignes\">",
        esc(r.legend),
        esc(r.hint),
        p = r.path
    );
    let rows: Vec<Vec<(String, String)>> = match held {
        Some(Held::Rows(rows)) => rows.clone(),
        Some(Held::List(items)) => items.iter().map(|t| vec![(String::new(), t.clone())]).collect(),
        Some(Held::Text(t)) => vec![vec![(String::new(), t.clone())]],
        None => Vec::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        row_html(h, r, &i.to_string(), row);
    }
    let _ = write!(h, "</div><template id=\"modele-{p}\">", p = r.path);
    row_html(h, r, "__N__", &[]);
    let _ = write!(
        h,
        "</template><button type=\"button\" class=\"secondaire\" data-ajouter=\"{p}\">Ajouter {}</button><p class=\"erreur\" id=\"{id}-erreur\" hidden></p></fieldset>",
        r.one,
        p = r.path
    );
}

fn textarea(h: &mut String, path: &str, label: &str, hint: &str, text: &str, rows: u32) {
    let id = id_of(path);
    let (kind, name) = match path.strip_prefix("section.") {
        Some(name) => ("data-section", name),
        None => ("data-chapeau", "chapeau"),
    };
    let _ = write!(
        h,
        "<div class=\"champ\"><label for=\"{id}\">{}</label><textarea id=\"{id}\" name=\"{}\" {kind}=\"{}\" rows=\"{rows}\" aria-describedby=\"{id}-aide\">{}</textarea>\
         <p class=\"aide\" id=\"{id}-aide\">{}</p><p class=\"erreur\" id=\"{id}-erreur\" hidden></p>\
         <details class=\"apercu-bloc\"><summary>Aperçu de « {} »</summary><div class=\"apercu\" id=\"{id}-apercu\">{}</div></details></div>",
        esc(label),
        esc(path),
        esc(name),
        esc(text),
        esc(hint),
        esc(label),
        preview(text)
    );
}

/// The editor's page around its content: French, readable on a phone, no outside file.
fn page_shell(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} — recueil</title><style>{STYLE}</style></head><body><main><h1>{t}</h1>{content}</main>\
         <script src=\"{SCRIPT_PATH}\"></script></body></html>",
        t = esc(title)
    )
}

const STYLE: &str = "body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f7f7f5}\
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}\
fieldset{border:1px solid #8a8a8a;border-radius:.4rem;margin:0 0 1.25rem;padding:.75rem 1rem;background:#fff}\
legend{padding:0 .3rem}legend h2{font-size:1.15rem;margin:0}.champ{margin:0 0 1rem}label{display:block;font-weight:600;margin-bottom:.2rem}\
input[type=checkbox]+label{display:inline}input[type=text],input[type=date],select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.45rem;border:1px solid #595959;border-radius:.25rem;background:#fff;color:#1a1a1a}\
textarea{resize:vertical}.aide{margin:.2rem 0 0;color:#4a4a4a;font-size:.9rem}\
.erreur{margin:.3rem 0 0;color:#a4161a;font-weight:600}.avertissement{color:#7a4a00}[aria-invalid=true]{border:2px solid #a4161a}\
.resume{border:2px solid #a4161a;background:#fff5f5;padding:.75rem 1rem;border-radius:.4rem;margin-bottom:1rem}\
button{font:inherit;font-weight:700;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#1d3557;color:#fff;cursor:pointer}\
button:focus,input:focus,select:focus,textarea:focus,a:focus{outline:3px solid #f4a261;outline-offset:2px}\
a{color:#1d3557}code{overflow-wrap:anywhere}\
.ligne{border-top:1px solid #c4c4c4;padding-top:.6rem;margin-bottom:.6rem}\
details.apercu-bloc{margin-top:.4rem}summary{cursor:pointer;color:#1d3557;font-weight:600}\
.apercu{border-left:4px solid #c4c4c4;padding:.2rem .8rem;background:#fafafa;font-family:Georgia,serif}\
button.secondaire{background:#fff;color:#1d3557;border:2px solid #1d3557;padding:.35rem .9rem;font-weight:600}";

/// The editor's script: checks as the author types (debounced), shows each
/// problem next to its field, saves, then opens the fiche's page.
pub const SCRIPT: &str = r#"(function () {
  var form = document.getElementById('editeur');
  if (!form) { return; }
  var etat = document.getElementById('etat');
  var resume = document.getElementById('resume-erreurs');
  function data() {
    var o = { fiche: form.dataset.fiche, empreinte: form.dataset.empreinte, champs: {}, sections: {} };
    form.querySelectorAll('[data-champ]').forEach(function (el) {
      o.champs[el.dataset.champ] = el.type === 'checkbox' ? (el.checked ? 'true' : '') : el.value;
    });
    form.querySelectorAll('[data-section]').forEach(function (el) { o.sections[el.dataset.section] = el.value; });
    var c = form.querySelector('[data-chapeau]');
    if (c) { o.chapeau = c.value; }
    o.listes = {};
    form.querySelectorAll('[data-liste]').forEach(function (g) {
      o.listes[g.dataset.liste] = Array.prototype.map.call(g.querySelectorAll('.lignes [data-ligne]'), function (r) {
        var row = {};
        r.querySelectorAll('[data-cle]').forEach(function (i) { row[i.dataset.cle] = i.value; });
        return row;
      });
    });
    return o;
  }
  var added = 0;
  form.addEventListener('click', function (e) {
    var add = e.target.closest('[data-ajouter]');
    var remove = e.target.closest('[data-retirer]');
    if (add) {
      var list = add.dataset.ajouter;
      var model = document.getElementById('modele-' + list);
      var box = document.createElement('div');
      added += 1;
      box.innerHTML = model.innerHTML.replace(/__N__/g, 'n' + added);
      var row = box.firstElementChild;
      add.parentNode.querySelector('.lignes').appendChild(row);
      row.querySelector('input').focus();
    } else if (remove) {
      var group = remove.closest('[data-liste]');
      remove.closest('[data-ligne]').remove();
      group.querySelector('[data-ajouter]').focus();
      form.dispatchEvent(new Event('input'));
    }
  });
  function clear() {
    form.querySelectorAll('.erreur').forEach(function (p) { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid');
      var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(function (i) { return i && !/-erreur$/.test(i); });
      if (ids.length) { el.setAttribute('aria-describedby', ids.join(' ')); } else { el.removeAttribute('aria-describedby'); }
    });
    resume.hidden = true; resume.textContent = '';
  }
  function show(answer) {
    clear();
    Object.keys(answer.apercus || {}).forEach(function (id) {
      var box = document.getElementById(id + '-apercu');
      if (box) { box.innerHTML = answer.apercus[id]; }
    });
    var general = [];
    (answer.diagnostics || []).forEach(function (d) {
      var text = d.message + (d.aide ? ' — aide : ' + d.aide : '');
      var id = d.champ ? 'champ-' + d.champ.replace(/\./g, '-') : null;
      var el = id && document.getElementById(id);
      var p = id && document.getElementById(id + '-erreur');
      if (el && p) {
        p.hidden = false;
        p.className = d.gravite === 'erreur' ? 'erreur' : 'erreur avertissement';
        p.textContent = (p.textContent ? p.textContent + ' ' : '') + (d.gravite === 'erreur' ? 'Erreur : ' : 'Attention : ') + text;
        if (d.gravite === 'erreur') { el.setAttribute('aria-invalid', 'true'); }
        var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        if (ids.indexOf(id + '-erreur') < 0) { ids.push(id + '-erreur'); }
        el.setAttribute('aria-describedby', ids.join(' '));
      } else {
        general.push((d.gravite === 'erreur' ? 'Erreur : ' : 'Attention : ') + text);
      }
    });
    if (answer.message && !answer.ok) { general.unshift(answer.message); }
    if (general.length) {
      resume.hidden = false;
      general.forEach(function (t) { var p = document.createElement('p'); p.textContent = t; resume.appendChild(p); });
    }
  }
  function send(url) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Recueil-Jeton': form.dataset.jeton },
      body: JSON.stringify(data())
    }).then(function (r) { return r.json().then(function (j) { j.status = r.status; return j; }); });
  }
  var timer = null;
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { send('/__recueil/verifier').then(show).catch(function () {}); }, 600);
  });
  // After a save, the fiche's page is opened once the preview has rebuilt it.
  function open_when_rebuilt(es, url) {
    var done = false;
    function go() { if (!done) { done = true; es.close(); location.href = url; } }
    es.addEventListener('recharger', go);
    es.addEventListener('erreurs', go);
    setTimeout(go, 8000);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    etat.textContent = 'Enregistrement…';
    var es = new EventSource('/__recueil/evenements');
    var sent = false;
    function save() {
      if (sent) { return; }
      sent = true;
      send('/__recueil/enregistrer').then(function (a) {
        show(a);
        etat.textContent = a.ok ? a.message : 'Non enregistré.';
        if (a.ok) {
          if (a.empreinte) { form.dataset.empreinte = a.empreinte; }
          if (a.url && a.empreinte) { open_when_rebuilt(es, a.url); return; }
          es.close();
          if (a.url) { location.href = a.url; }
        } else {
          es.close();
          var first = form.querySelector('[aria-invalid=true]') || resume;
          if (first === resume) { resume.tabIndex = -1; }
          first.focus();
        }
      }).catch(function () { es.close(); etat.textContent = 'L’aperçu ne répond plus : relancez « recueil serve ».'; });
    }
    es.onopen = save;
    setTimeout(save, 1500);
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// The form as the page fills it, sent back untouched.
    fn untouched(slug: &str, cur: &edit::Current, idx: &Index) -> Submission {
        let value = |p: &str| match cur.get(p) {
            Some(Held::Text(t)) => t.clone(),
            Some(Held::List(v)) => v.join(", "),
            Some(Held::Rows(_)) | None => String::new(),
        };
        let mut champs: BTreeMap<String, String> = FIELDS.iter().chain(CONTACT).map(|f| (f.path.to_string(), value(f.path))).collect();
        for (k, _) in &idx.chiffres {
            champs.insert(format!("chiffres.{k}"), value(&format!("chiffres.{k}")));
        }
        champs.insert("brouillon".into(), value("brouillon"));
        let sections = SectionKind::ALL
            .iter()
            .map(|k| (k.name().to_string(), cur.sections.iter().find(|(s, _)| s == k).map(|(_, t)| t.clone()).unwrap_or_default()))
            .collect();
        let listes = ROWS
            .iter()
            .map(|r| {
                let rows: Vec<BTreeMap<String, String>> = match cur.get(r.path) {
                    Some(Held::Rows(rows)) => rows
                        .iter()
                        .map(|row| {
                            row.iter().map(|(k, v)| (if k.is_empty() { r.cols[0].0.to_string() } else { k.clone() }, v.clone())).collect()
                        })
                        .collect(),
                    Some(Held::List(items)) => items.iter().map(|t| BTreeMap::from([(r.cols[0].0.to_string(), t.clone())])).collect(),
                    _ => Vec::new(),
                };
                (r.path.to_string(), rows)
            })
            .collect();
        Submission { fiche: slug.into(), empreinte: String::new(), champs, sections, chapeau: Some(cur.chapeau.clone()), listes }
    }

    /// Every sample fiche, opened in the form and saved without a change, keeps every byte.
    #[test]
    fn an_untouched_form_changes_no_byte_of_any_sample_fiche() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let editor = Editor::new(root).expect("system randomness");
        let project = crate::load::project::Project::load(root);
        let labels = crate::theme::Theme::load(root, "default").expect("theme").labels;
        editor.update(project.fiches.iter(), &labels);
        let idx = editor.index.read().unwrap();
        assert!(project.fiches.len() >= 14);
        for f in &project.fiches {
            let text = std::fs::read_to_string(root.join(&f.fichier)).unwrap();
            let yaml = is_yaml_spelling(Path::new(&f.fichier));
            let cur = edit::read(&text, yaml).unwrap();
            let sub = untouched(&f.slug, &cur, &idx);
            let changes = editor.changes(&sub).unwrap_or_else(|_| panic!("{}: the form's values are refused", f.fichier));
            let out = edit::edit_fiche(&text, yaml, &changes).unwrap();
            assert_eq!(out, text, "{} changed", f.fichier);
        }
    }

    /// A fiche written on Windows (CRLF, byte-order mark) keeps both when a title is changed.
    #[test]
    fn a_windows_file_keeps_its_line_ends_and_mark() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("fiches")).unwrap();
        let sample = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches/Repair Café de quartier.md")).unwrap();
        let windows = format!("\u{feff}{}", sample.replace('\n', "\r\n"));
        let file = dir.path().join("fiches/repair.md");
        std::fs::write(&file, &windows).unwrap();
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches/repair-cafe.png"), dir.path().join("fiches/repair-cafe.png"))
            .unwrap();
        let editor = Editor::new(dir.path()).unwrap();
        let project = crate::load::project::Project::load(dir.path());
        editor.update(project.fiches.iter(), &crate::theme::Theme::load(dir.path(), "default").unwrap().labels);
        let body = serde_json::json!({"fiche": "repair", "empreinte": fingerprint(windows.as_bytes()), "champs": {"titre": "Un Repair Café au Breil"}});
        let (status, answer) = editor.submit(body.to_string().as_bytes(), true);
        assert_eq!(status, 200, "{}", answer.message);
        let saved = std::fs::read_to_string(&file).unwrap();
        let title = sample.lines().nth(1).unwrap();
        assert_eq!(saved, windows.replace(title, "titre: Un Repair Café au Breil"));
    }
}
