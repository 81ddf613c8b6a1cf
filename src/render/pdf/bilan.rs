//! The impact report as a PDF (`livrets/bilan.pdf`): the same figures as the
//! site's `bilan/` page, from the same aggregation, as blocks (headings,
//! paragraphs, tables with right-aligned amounts) laid out and written like a
//! booklet. Charts are given as their data tables; the départements have the
//! site's map, drawn as vectors, before theirs.

use super::blocks::{Block, Para, Table};
use super::inline::{Span, fr};
use super::linebreak::Align;
use super::style::{Ink, Style};
use super::{Layout, PdfAssets, PdfError, booklet, fingerprint};
use crate::load::config::{Config, Livret, Ordre};
use crate::model::Fiche;
use crate::model::Montant;
use crate::model::collection::Collection;
use crate::model::text::group_thousands;
use crate::report::{Aggregate, Groupe, aggregate, fiches_du_bilan};
use crate::theme::Labels;

/// File name of the report in `livrets/`.
pub const FICHIER: &str = "bilan.pdf";

/// Rows shown at most in a table.
const TABLE_MAX: usize = 60;

fn n(x: usize) -> String {
    group_thousands(x as u64)
}

fn cell(t: &str, s: Style) -> Vec<Span> {
    vec![Span::new(fr(t), s).no_hyphen()]
}

/// A value and, when some fiches do not declare it, « (3 sur 5) » in grey.
fn figure(text: &str, declared: usize, of: usize) -> Vec<Span> {
    let s = Style::small();
    if declared == 0 {
        return vec![Span::new("—", s.ink(Ink::Muted))];
    }
    let mut v = vec![Span::new(fr(text), s).no_hyphen()];
    if declared < of {
        // Kept on one line: « (2 sur 3) » never breaks inside.
        v.push(Span::new(format!(" ({}\u{A0}sur\u{A0}{})", n(declared), n(of)), s.ink(Ink::Muted)).no_hyphen());
    }
    v
}

fn table(header: &[String], rows: Vec<Vec<Vec<Span>>>, total: bool, first_left: usize) -> Block {
    let s = Style::small();
    let cols = header.len();
    Block::Table(Table {
        // Measured bold, as drawn, and never hyphenated.
        header: Some(header.iter().map(|h| vec![Span::new(fr(h), s.bold()).no_hyphen()]).collect()),
        rows,
        aligns: (0..cols).map(|i| if i < first_left { Align::Left } else { Align::Right }).collect(),
        total,
        space_before: 6.0,
        width: None,
    })
}

fn para(text: &str, style: Style) -> Block {
    Block::Para(Para::new(vec![Span::new(fr(text), style)]).align(Align::Left).space_before(4.0))
}

fn part(title: &str, out: &mut Vec<Block>) {
    booklet::part(2, title, out);
}

/// The key figures with how many fiches declare each.
fn key_figures(a: &Aggregate, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    booklet::part(1, &l.get("pdf.livret.chiffres_cles"), out);
    out.push(para(&l.fill("pdf.bilan.chiffres_intro", &[("fiches", &l.fiches(a.fiches))]), Style::body()));
    let s = Style::small();
    let sur = |k: usize, of: usize| l.fill("commun.sur", &[("n", &n(k)), ("total", &n(of))]);
    let mut rows = vec![
        vec![cell(&l.get("pdf.livret.fiches_experience"), s), cell(&n(a.fiches), s.bold()), Vec::new()],
        vec![cell(&l.get("pdf.livret.en_cours"), s), cell(&n(a.en_cours), s.bold()), Vec::new()],
        vec![cell(&l.get("pdf.livret.terminees"), s), cell(&n(a.terminees), s.bold()), Vec::new()],
        vec![cell(&l.get("pdf.livret.departements"), s), cell(&n(a.par_departement.len()), s.bold()), Vec::new()],
    ];
    for c in &a.chiffres {
        let (value, scope) =
            if c.fiches == 0 { ("—".to_string(), l.get("bilan.non_renseigne")) } else { (c.total.fr(), sur(c.fiches, a.fiches)) };
        rows.push(vec![cell(&l.chiffre(c.cle), s), cell(&value, s.bold()), cell(&scope, s.ink(Ink::Muted))]);
    }
    rows.push(vec![
        cell(&l.get("pdf.livret.financements"), s),
        cell(&a.financements.fr(), s.bold()),
        cell(&sur(a.fiches_financements, a.fiches), s.ink(Ink::Muted)),
    ]);
    let header = ["pdf.livret.indicateur", "pdf.livret.total", "pdf.livret.renseigne_par"].map(|k| l.get(k));
    out.push(table(&header, rows, false, 1));
}

/// One grouping: fiches and sums per group.
fn groups(title: &str, first: &str, gs: &[Groupe], notes: &[String], l: &Labels, out: &mut Vec<Block>) {
    if gs.is_empty() {
        return;
    }
    part(title, out);
    let s = Style::small();
    let rows = gs
        .iter()
        .take(TABLE_MAX)
        .map(|g| {
            let c = |k: &str| g.chiffre(k).expect("known key");
            let p = c("participants");
            let b = c("benevoles");
            let bud = c("budget_annuel");
            vec![
                cell(&g.libelle, s),
                cell(&n(g.fiches), s),
                figure(&p.total.fr(), p.fiches, g.fiches),
                figure(&b.total.fr(), b.fiches, g.fiches),
                figure(&bud.total.fr(), bud.fiches, g.fiches),
                figure(&g.financements.fr(), g.fiches_financements, g.fiches),
            ]
        })
        .collect();
    let header = [
        first.to_string(),
        l.get("bilan.colonnes.fiches"),
        l.chiffre("participants"),
        l.chiffre("benevoles"),
        l.chiffre("budget_annuel"),
        l.get("bilan.colonnes.financements"),
    ];
    out.push(table(&header, rows, false, 1));
    let mut notes = notes.to_vec();
    if gs.len() > TABLE_MAX {
        notes.push(l.fill("bilan.note_tableau", &[("n", &TABLE_MAX.to_string()), ("total", &n(gs.len()))]));
    }
    for t in notes {
        out.push(para(&t, Style::small().ink(Ink::Muted)));
    }
}

fn funders(a: &Aggregate, l: &Labels, out: &mut Vec<Block>) {
    if a.financeurs.is_empty() {
        return;
    }
    part(&l.get("bilan.financeurs"), out);
    out.push(para(
        &l.fill("pdf.bilan.note_financees", &[("fiches", &l.fiches(a.fiches_financees)), ("total", &n(a.fiches))]),
        Style::body(),
    ));
    let s = Style::small();
    let total = a.financements.cents;
    let share = |c: i128| crate::model::text::pourcent(c, total);
    let mut rows: Vec<Vec<Vec<Span>>> = a
        .financeurs
        .iter()
        .take(TABLE_MAX)
        .map(|f| {
            let amount = if f.fiches == f.sans_montant { "—".to_string() } else { f.montant.fr() };
            let mut m = vec![Span::new(fr(&amount), s).no_hyphen()];
            if f.sans_montant > 0 {
                m.push(
                    Span::new(l.fill("pdf.bilan.dont_sans_montant", &[("fiches", &l.fiches(f.sans_montant))]), s.ink(Ink::Muted))
                        .no_hyphen(),
                );
            }
            let part = if f.fiches == f.sans_montant { "—".to_string() } else { share(f.montant.cents) };
            vec![cell(&f.nom, s), cell(&n(f.fiches), s), m, cell(&part, s)]
        })
        .collect();
    if a.financeurs.len() > TABLE_MAX {
        let rest = &a.financeurs[TABLE_MAX..];
        let sum = Montant { cents: rest.iter().map(|f| f.montant.cents).sum() };
        rows.push(vec![
            cell(&l.fill("bilan.autres_financeurs", &[("n", &n(rest.len()))]), s.italic()),
            cell("—", s),
            cell(&sum.fr(), s),
            cell(&share(sum.cents), s),
        ]);
    }
    rows.push(vec![
        cell(&l.get("bilan.total"), s.bold()),
        cell(&l.fill("pdf.bilan.distinctes", &[("n", &n(a.fiches_financees))]), s.bold()),
        cell(&a.financements.fr(), s.bold()),
        cell(if total > 0 { "100 %" } else { "—" }, s.bold()),
    ]);
    let header =
        ["bilan.colonnes.financeur", "bilan.colonnes.fiches_financees", "bilan.colonnes.montant", "bilan.colonnes.part"].map(|k| l.get(k));
    out.push(table(&header, rows, true, 1));
}

/// The report's blocks after the cover.
/// The map of départements as vectors, shaded like the site's (the theme's
/// colour mixed with white, darker with more fiches; the darkest shades when
/// there are few classes), the overseas départements as tiles, the legend
/// under it. The table that follows gives the same figures as text.
fn map(a: &Aggregate, assets: &PdfAssets) -> Option<Block> {
    use crate::model::carte::{OUTRE_MER, classe, classes};
    let carte = &assets.carte;
    if carte.formes.is_empty() || a.par_departement.is_empty() {
        return None;
    }
    let l = &assets.labels;
    let count = |code: &str| a.par_departement.iter().find(|g| g.cle == code).map_or(0, |g| g.fiches);
    let classes = classes(a.par_departement.iter().map(|g| g.fiches).max().unwrap_or(0));
    let shade = |k: usize| if k == 0 { 0 } else { 4 - classes.len() + k };
    let accent = assets.rgb(Ink::Accent);
    let colour = |s: usize| match s {
        0 => [0.894, 0.91, 0.922],
        k => {
            let t = [0.22, 0.48, 0.74, 1.0][k - 1];
            accent.map(|c| c * t + (1.0 - t))
        }
    };
    let width = super::style::TEXT_WIDTH * 0.7;
    let k = width / carte.largeur as f32;
    let map_h = carte.hauteur as f32 * k;
    let mut shapes: Vec<super::model::Shape> = carte
        .formes
        .iter()
        .map(|f| {
            let rings = f.anneaux().into_iter().map(|r| r.into_iter().map(|(x, y)| (x as f32 * k, y as f32 * k)).collect()).collect();
            (rings, colour(shade(classe(&classes, count(&f.code)))))
        })
        .collect();
    let mut labels = Vec::new();
    let tile = 34.0 * k;
    let gap = 6.0 * k;
    let first = map_h - OUTRE_MER.len() as f32 * (tile + gap);
    labels.push((gap, first - 4.0, 7.5, fr(&l.get("carte_departements.outre_mer"))));
    for (i, code) in OUTRE_MER.iter().enumerate() {
        let (x, y) = (gap, map_h - (OUTRE_MER.len() - i) as f32 * (tile + gap));
        let square = vec![vec![(x, y), (x + tile, y), (x + tile, y + tile), (x, y + tile)]];
        shapes.push((square, colour(shade(classe(&classes, count(code))))));
        labels.push((x + tile + 3.0, y + tile * 0.68, 7.0, (*code).to_string()));
    }
    // The legend: a swatch and its range per class, then « aucune fiche ».
    let mut y = map_h + 16.0;
    labels.push((0.0, y, 8.5, fr(&l.get("carte_departements.legende"))));
    let mut entries: Vec<(usize, String)> = classes
        .iter()
        .enumerate()
        .map(|(i, &(lo, hi))| {
            let text = if lo == hi {
                group_thousands(lo as u64)
            } else {
                l.get("carte_departements.de_a").replace("{a}", &group_thousands(lo as u64)).replace("{b}", &group_thousands(hi as u64))
            };
            (shade(i + 1), text)
        })
        .collect();
    entries.push((0, l.get("carte_departements.aucune")));
    for (s, text) in entries {
        y += 12.0;
        shapes.push((vec![vec![(0.0, y - 7.5), (9.0, y - 7.5), (9.0, y + 1.5), (0.0, y + 1.5)]], colour(s)));
        labels.push((14.0, y, 8.5, fr(&text)));
    }
    let height = y + 6.0;
    // the text alternative: the title, the départements with the most fiches, and where the rest is
    let mut top: Vec<&crate::report::Groupe> = a.par_departement.iter().collect();
    top.sort_by(|x, y| y.fiches.cmp(&x.fiches).then_with(|| x.cle.cmp(&y.cle)));
    let most: Vec<String> =
        top.iter().take(5).map(|g| format!("{} : {} {}", g.libelle, n(g.fiches), if g.fiches > 1 { "fiches" } else { "fiche" })).collect();
    let alt = fr(&format!("{}. {}. {}", l.get("carte_departements.titre"), most.join(", "), l.get("carte_departements.texte")));
    Some(Block::Drawing(Box::new(super::model::Drawing { x: 0.0, width, height, shapes, labels, alt })))
}

pub fn report_blocks(a: &Aggregate, assets: &PdfAssets, out: &mut Vec<Block>) {
    let l = &assets.labels;
    key_figures(a, l, out);
    if a.fiches == 0 {
        return;
    }
    out.push(Block::Para(Para::heading(1, &l.get("pdf.bilan.repartitions")).space_before(24.0)));
    out.push(para(&l.get("pdf.bilan.repartitions_intro"), Style::body()));
    let taxonomy = |key: &str, facet: &str| (l.get(&format!("taxonomies.{key}")), l.get(&format!("taxonomies.facettes.{facet}")));
    let note = |k: usize, key: &str| if k > 0 { vec![l.fill(key, &[("fiches", &l.fiches(k))])] } else { vec![] };
    let (t, f) = taxonomy("thematiques", "thematique");
    groups(&t, &f, &a.par_thematique, &[], l, out);
    let (t, f) = taxonomy("publics", "public");
    groups(&t, &f, &a.par_public, &note(a.sans_public, "bilan.sans_public"), l, out);
    let (t, f) = taxonomy("regions", "region");
    groups(&t, &f, &a.par_region, &[], l, out);
    let (t, f) = taxonomy("departements", "departement");
    if !a.par_departement.is_empty()
        && let Some(drawing) = map(a, assets)
    {
        // The map under the part's title, then its credit; groups() adds the title itself.
        let mut part_blocks = Vec::new();
        groups(&t, &f, &a.par_departement, &[], l, &mut part_blocks);
        // Its anchor and heading.
        out.extend(part_blocks.drain(..2));
        out.push(drawing);
        out.push(para(&l.get("carte_departements.credit"), Style::small().ink(Ink::Muted)));
        out.extend(part_blocks);
    } else {
        groups(&t, &f, &a.par_departement, &[], l, out);
    }
    let (t, f) = taxonomy("types", "type");
    groups(&t, &f, &a.par_type, &[], l, out);
    groups(
        &l.get("bilan.annees"),
        &l.get("taxonomies.facettes.annee"),
        &a.par_annee,
        &note(a.sans_annee_debut, "bilan.sans_annee"),
        l,
        out,
    );
    funders(a, l, out);
}

/// Lays out the report (test entry: no PDF written).
pub fn layout_bilan(collection: &Collection, config: &Config, assets: &PdfAssets) -> Layout {
    let fiches: Vec<&Fiche> = fiches_du_bilan(collection, &config.bilan);
    let a = aggregate(fiches.iter().copied());
    let secs = config.edition_secs();
    let date = config.edition_date();
    let l = &assets.labels;
    let titre = crate::report::titre(&config.bilan, &l.get("bilan.titre"));
    let livret = Livret {
        fichier: FICHIER.into(),
        titre: titre.clone(),
        sous_titre: Some(l.get("pdf.bilan.sous_titre")),
        introduction: None,
        selection: config.bilan.selection.clone(),
        ordre: Ordre::Date,
    };
    let mut blocks = Vec::new();
    booklet::cover(config, &livret, date, fiches.len(), assets.logo.as_deref(), l, &mut blocks);
    report_blocks(&a, assets, &mut blocks);
    let mut flow = super::flow::Flow::new(assets);
    flow.extend(blocks);
    let title = fr(&titre);
    let meta = super::finish::Meta {
        title: title.clone(),
        author: fr(config.editeur.as_deref().unwrap_or(&config.titre)),
        subject: fr(&l.fill("pdf.bilan.sujet", &[("site", &config.titre)])),
        keywords: a.thematiques.iter().take(20).map(|c| c.libelle.clone()).collect(),
        date_secs: secs,
        fingerprint: fingerprint(&format!("bilan\n{title}"), &fiches, secs),
    };
    super::build(flow, Vec::new(), title.clone(), title, meta)
}

/// Renders `bilan.pdf`.
pub fn render_bilan(collection: &Collection, config: &Config, assets: &PdfAssets) -> Result<Vec<u8>, PdfError> {
    super::write(layout_bilan(collection, config, assets), assets)
}
