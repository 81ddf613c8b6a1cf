//! Open data: `donnees/fiches.json` (every published fiche, all fields, sections
//! as Markdown and as plain text; schema in `docs/fiches.schema.json`),
//! `donnees/fiches.csv` (one row per fiche), `donnees/financements.csv` (one
//! row per fiche × financeur) and `donnees/indicateurs.csv` (one row per fiche
//! × indicateur). CSV files are UTF-8 with a BOM, `;`-separated and
//! with decimal commas, so that LibreOffice and Excel in French open them right.

use crate::model::Fiche;
use crate::model::Montant;
use crate::model::markdown::Markdown;
use crate::render::{BuildError, Output, RenderInput, RenderStats, Renderer};
use rayon::prelude::*;
use serde::Serialize;

/// Fiches serialized side by side before being written in order.
const JSON_BATCH: usize = 256;

/// The open-data renderer.
pub struct Donnees;

/// Version of the JSON layout (bumped on incompatible change).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Texte<'a> {
    markdown: &'a str,
    texte: String,
}

impl<'a> Texte<'a> {
    fn of(md: &'a Markdown) -> Self {
        Texte { markdown: &md.source, texte: md.plain_text().replace(['\u{a0}', '\u{202f}'], " ") }
    }
}

#[derive(Serialize)]
struct SectionJson<'a> {
    cle: &'static str,
    titre: &'a str,
    markdown: &'a str,
    texte: String,
}

#[derive(Serialize)]
struct FicheJson<'a> {
    #[serde(flatten)]
    fiche: &'a Fiche,
    url: String,
    total_financements: Option<Montant>,
    chapeau: Option<Texte<'a>>,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct Export<'a> {
    version: u32,
    site: &'a str,
    date: String,
    nombre: usize,
    fiches: Vec<FicheJson<'a>>,
}

/// The export of one fiche.
fn fiche_json(f: &Fiche, url: String) -> FicheJson<'_> {
    FicheJson {
        fiche: f,
        url,
        total_financements: f.total_financements(),
        chapeau: f.chapeau.as_ref().map(Texte::of),
        sections: f
            .sections
            .iter()
            .map(|s| {
                let t = Texte::of(&s.contenu);
                SectionJson { cle: s.kind.name(), titre: &s.titre, markdown: t.markdown, texte: t.texte }
            })
            .collect(),
    }
}

/// `12000,5` — a decimal comma, no thousands separator (spreadsheet-friendly).
fn decimal(x: f64) -> String {
    let s = format!("{x}");
    s.replace('.', ",")
}

fn euros(m: Option<Montant>) -> String {
    m.map(|m| if m.cents % 100 == 0 { (m.cents / 100).to_string() } else { format!("{},{:02}", m.cents / 100, m.cents.abs() % 100) })
        .unwrap_or_default()
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+…`, `-…`,
/// `@…`, or after a tab or carriage return) gets a leading `'` (OWASP), so it
/// is shown as text; a number (`-12,5`) stays a number. The JSON keeps the raw value.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number =
        cell.strip_prefix(['-', '+']).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'));
    if risky && !number { std::borrow::Cow::Owned(format!("'{cell}")) } else { std::borrow::Cow::Borrowed(cell) }
}

fn csv_bytes(fichier: &'static str, rows: Vec<Vec<String>>) -> Result<Vec<u8>, BuildError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        for r in rows {
            w.write_record(r.iter().map(|c| spreadsheet_safe(c).into_owned()))
                .map_err(|e| BuildError::Data { fichier, source: e.into() })?;
        }
        w.flush().map_err(|e| BuildError::Data { fichier, source: e.into() })?;
    }
    Ok(out)
}

/// The columns of `fiches.csv`.
pub const FICHES_COLUMNS: &[&str] = &[
    "slug",
    "titre",
    "resume",
    "date",
    "mise_a_jour",
    "structure",
    "type_structure",
    "commune",
    "departement",
    "departement_nom",
    "region",
    "habitants",
    "annee_debut",
    "statut",
    "thematiques",
    "publics",
    "mots_cles",
    "participants",
    "benevoles",
    "salaries_etp",
    "budget_annuel",
    "cout_total",
    "sorties_positives",
    "ateliers",
    "nombre_financeurs",
    "total_financements",
    "url",
];

impl Renderer for Donnees {
    fn name(&self) -> &'static str {
        "données ouvertes"
    }

    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
        let c = input.collection;
        let config = &input.project.config;
        let page_url = |f: &Fiche| {
            let rel = format!("fiches/{}/", f.slug);
            match &config.url {
                Some(u) => format!("{u}/{rel}"),
                None => rel,
            }
        };
        // The JSON and the two tables side by side.
        let (json, tables) = rayon::join(|| write_json(input, out, &page_url), || write_tables(c, out, &page_url));
        json?;
        tables?;
        Ok(RenderStats { pages: 0, pdfs: 0, files: 4 })
    }
}

/// `donnees/fiches.json`, streamed.
fn write_json(input: &RenderInput, out: &dyn Output, page_url: &(dyn Fn(&Fiche) -> String + Sync)) -> Result<(), BuildError> {
    let c = input.collection;
    let config = &input.project.config;
    // The object without its fiches gives the opening (`…,"fiches":[`) with
    // serde's own escaping; the fiches are serialized in parallel, batch by
    // batch, and written in order: the same bytes as one `to_writer`.
    let head =
        Export { version: SCHEMA_VERSION, site: &config.titre, date: input.date().iso(), nombre: c.fiches.len(), fiches: Vec::new() };
    let head = serde_json::to_vec(&head).map_err(|e| BuildError::Data { fichier: "fiches.json", source: e.into() })?;
    let opening = &head[..head.len() - 2];
    debug_assert!(head.ends_with(b"]}"));
    out.write_with("donnees/fiches.json", &mut |w: &mut dyn std::io::Write| {
        w.write_all(opening)?;
        for (b, batch) in c.fiches.chunks(JSON_BATCH).enumerate() {
            let parts: Vec<Vec<u8>> =
                batch.par_iter().map(|f| serde_json::to_vec(&fiche_json(f, page_url(f)))).collect::<Result<_, _>>()?;
            for (k, part) in parts.iter().enumerate() {
                if b + k > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(part)?;
            }
        }
        w.write_all(b"]}")
    })?;

    Ok(())
}

/// An indicator's value for a spreadsheet: a number with a decimal comma and
/// no thousands separator (`1.9` and `1,9` → `1,9`; `3 000` → `3000`), any
/// other text as written.
fn indicator_value(v: &str) -> String {
    crate::model::text::parse_french_number(v).map(decimal).unwrap_or_else(|| v.trim().to_string())
}

/// `donnees/fiches.csv`, `donnees/financements.csv` and `donnees/indicateurs.csv`.
fn write_tables(
    c: &crate::model::collection::Collection,
    out: &dyn Output,
    page_url: &(dyn Fn(&Fiche) -> String + Sync),
) -> Result<(), BuildError> {
    let mut rows = vec![FICHES_COLUMNS.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    let mut fin = vec![["slug", "titre", "financeur", "montant", "annee"].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    let mut ind = vec![["slug", "titre", "indicateur", "valeur", "unite"].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    type Rows = Vec<Vec<String>>;
    let per_fiche: Vec<(Vec<String>, Rows, Rows)> = c
        .fiches
        .par_iter()
        .map(|f| {
            let ch = &f.chiffres;
            let t = &f.territoire;
            let row = vec![
                f.slug.clone(),
                f.titre.clone(),
                f.resume.clone(),
                f.date.iso(),
                opt(f.mise_a_jour.map(|d| d.iso())),
                f.structure.clone(),
                f.type_structure.code().into(),
                t.commune.clone(),
                t.departement.clone(),
                t.departement_nom.clone(),
                t.region.clone(),
                opt(t.habitants),
                opt(f.annee_debut),
                f.statut.code().into(),
                f.thematiques.join(" | "),
                f.publics.join(" | "),
                f.mots_cles.join(" | "),
                opt(ch.participants),
                opt(ch.benevoles),
                ch.salaries_etp.map(decimal).unwrap_or_default(),
                euros(ch.budget_annuel),
                euros(ch.cout_total),
                opt(ch.sorties_positives),
                opt(ch.ateliers),
                f.financeurs.len().to_string(),
                euros(f.total_financements()),
                page_url(f),
            ];
            let funders = f.financeurs.iter().map(|x| vec![f.slug.clone(), f.titre.clone(), x.nom.clone(), euros(x.montant), opt(x.annee)]);
            let indicators = f.indicateurs.iter().map(|x| {
                vec![f.slug.clone(), f.titre.clone(), x.libelle.clone(), indicator_value(&x.valeur), x.unite.clone().unwrap_or_default()]
            });
            (row, funders.collect(), indicators.collect())
        })
        .collect();
    for (row, funders, indicators) in per_fiche {
        rows.push(row);
        fin.extend(funders);
        ind.extend(indicators);
    }
    out.write("donnees/fiches.csv", &csv_bytes("fiches.csv", rows)?)?;
    out.write("donnees/financements.csv", &csv_bytes("financements.csv", fin)?)?;
    out.write("donnees/indicateurs.csv", &csv_bytes("indicateurs.csv", ind)?)?;
    Ok(())
}
