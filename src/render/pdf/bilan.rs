//! The impact report as a PDF (`livrets/bilan.pdf`): the same figures as the
//! site's `bilan/` page, from the same aggregation, as blocks (headings,
//! paragraphs, tables with right-aligned amounts) laid out and written like a
//! booklet. The site's charts (bars, the funding mix, the map of
//! départements) are drawn as vectors, each a Figure with its text
//! alternative, and followed by its table.

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
use crate::report::charts::{self, Barre, CHART_MAX, PALETTE, TABLE_MAX};
use crate::report::{Aggregate, Groupe, aggregate, fiches_du_bilan};
use crate::theme::Labels;

/// File name of the report in `livrets/`.
pub const FICHIER: &str = "bilan.pdf";

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

/// One grouping: its chart (`chart`: the bars of fiches per group, or the
/// map), then fiches and sums per group.
fn groups(title: &str, first: &str, gs: &[Groupe], notes: &[String], chart: Vec<Block>, l: &Labels, out: &mut Vec<Block>) {
    if gs.is_empty() {
        return;
    }
    part(title, out);
    out.extend(chart);
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

fn funders(a: &Aggregate, assets: &PdfAssets, out: &mut Vec<Block>) {
    let l = &assets.labels;
    if a.financeurs.is_empty() {
        return;
    }
    part(&l.get("bilan.financeurs"), out);
    out.extend(bars(&l.get("bilan.graphique_financeurs"), &charts::funder_bars(a), assets));
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
    // The bars of fiches per group, and the note when the chart stops before the table.
    let chart = |facet: &str, gs: &[Groupe], notes: &mut Vec<String>| {
        if gs.len() > CHART_MAX {
            notes.push(l.fill("bilan.note_graphique", &[("n", &n(CHART_MAX)), ("total", &n(gs.len()))]));
        }
        let title = l.fill("bilan.graphique_fiches", &[("titre", &facet.to_lowercase())]);
        bars(&title, &charts::group_bars(gs), assets).into_iter().collect::<Vec<_>>()
    };
    let grouping = |key: &str, facet: &str, gs: &[Groupe], mut notes: Vec<String>, out: &mut Vec<Block>| {
        let (t, f) = taxonomy(key, facet);
        let figure = chart(&f, gs, &mut notes);
        groups(&t, &f, gs, &notes, figure, l, out);
    };
    grouping("thematiques", "thematique", &a.par_thematique, vec![], out);
    grouping("publics", "public", &a.par_public, note(a.sans_public, "bilan.sans_public"), out);
    grouping("regions", "region", &a.par_region, vec![], out);
    let (t, f) = taxonomy("departements", "departement");
    match map(a, assets) {
        // The map in place of bars (it shows every département), then its credit.
        Some(drawing) => {
            let figure = vec![drawing, para(&l.get("carte_departements.credit"), Style::small().ink(Ink::Muted))];
            groups(&t, &f, &a.par_departement, &[], figure, l, out);
        }
        None => grouping("departements", "departement", &a.par_departement, vec![], out),
    }
    grouping("types", "type", &a.par_type, vec![], out);
    let mut notes = note(a.sans_annee_debut, "bilan.sans_annee");
    let f = l.get("taxonomies.facettes.annee");
    let figure = chart(&f, &a.par_annee, &mut notes);
    groups(&l.get("bilan.annees"), &f, &a.par_annee, &notes, figure, l, out);
    funders(a, assets, out);
    mix(a, assets, out);
}

/// The fill colour of the `i`-th bar or segment.
fn palette(i: usize) -> [f32; 3] {
    PALETTE[i % PALETTE.len()].map(|c| f32::from(c) / 255.0)
}

/// Text size of the charts' labels.
const CHART_TEXT: f32 = 8.5;

/// The text alternative of a chart: its title, each entry and its value, and
/// where the same data follows.
fn chart_alt(title: &str, entries: &[String], l: &Labels) -> String {
    fr(&format!("{title}. {}. {}", entries.join(", "), l.get("pdf.bilan.graphique_suite")))
}

/// Horizontal bars as vectors, like the site's: the chart's title, then per
/// row the label (cut to its column; the table gives it whole), the bar (the
/// largest value takes the room left) and the value after it.
fn bars(title: &str, rows: &[Barre], assets: &PdfAssets) -> Option<Block> {
    if rows.is_empty() {
        return None;
    }
    let font = assets.face(super::assets::Face::Regular);
    let width = super::style::TEXT_WIDTH;
    const LABEL_W: f32 = 140.0;
    const ROW: f32 = 15.0;
    const BAR: f32 = 9.0;
    let value_w = rows.iter().map(|b| font.width(&fr(&b.texte), CHART_TEXT)).fold(0.0, f32::max);
    let span = width - LABEL_W - 6.0 - value_w;
    let max = rows.iter().map(|b| b.valeur).max().unwrap_or(0).max(1) as f32;
    let mut shapes = Vec::new();
    let mut labels = vec![(0.0, 9.0, 9.0, fr(title))];
    for (i, b) in rows.iter().enumerate() {
        let top = 18.0 + i as f32 * ROW;
        let w = if b.valeur > 0 { (b.valeur as f32 / max * span).max(1.5) } else { 0.0 };
        let base = top + BAR - 1.5;
        labels.push((0.0, base, CHART_TEXT, font.fit(&fr(&b.libelle), CHART_TEXT, LABEL_W - 6.0)));
        if w > 0.0 {
            let x = LABEL_W;
            shapes.push((vec![vec![(x, top), (x + w, top), (x + w, top + BAR), (x, top + BAR)]], palette(0)));
        }
        labels.push((LABEL_W + w + 4.0, base, CHART_TEXT, fr(&b.texte)));
    }
    let height = 18.0 + rows.len() as f32 * ROW;
    let entries: Vec<String> = rows.iter().map(|b| format!("{} : {}", b.libelle, b.texte)).collect();
    let alt = chart_alt(title, &entries, &assets.labels);
    Some(Block::Drawing(Box::new(super::model::Drawing { x: 0.0, width, height, shapes, labels, alt })))
}

/// One bar across the text block split in proportion to the parts, then a
/// legend line per part: its colour, its name, amount and share.
fn stacked(title: &str, parts: &[Barre], assets: &PdfAssets) -> Option<Block> {
    let total: i128 = parts.iter().map(|p| p.valeur.max(0)).sum();
    if parts.is_empty() || total == 0 {
        return None;
    }
    let font = assets.face(super::assets::Face::Regular);
    let width = super::style::TEXT_WIDTH;
    const BAR: f32 = 22.0;
    const ROW: f32 = 13.0;
    let mut shapes = Vec::new();
    let mut labels = vec![(0.0, 9.0, 9.0, fr(title))];
    let mut x = 0.0;
    for (i, p) in parts.iter().enumerate() {
        if p.valeur <= 0 {
            continue;
        }
        let w = p.valeur as f32 / total as f32 * width;
        shapes.push((vec![vec![(x, 16.0), (x + w, 16.0), (x + w, 16.0 + BAR), (x, 16.0 + BAR)]], palette(i)));
        x += w;
    }
    let mut entries = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let top = 16.0 + BAR + 10.0 + i as f32 * ROW;
        shapes.push((vec![vec![(0.0, top), (8.0, top), (8.0, top + 8.0), (0.0, top + 8.0)]], palette(i)));
        let share = crate::model::text::pourcent(p.valeur.max(0), total);
        let text = format!("{} : {} ({share})", p.libelle, p.texte);
        labels.push((13.0, top + 7.5, CHART_TEXT, font.fit(&fr(&text), CHART_TEXT, width - 13.0)));
        entries.push(text);
    }
    let height = 16.0 + BAR + 10.0 + parts.len() as f32 * ROW;
    let alt = chart_alt(title, &entries, &assets.labels);
    Some(Block::Drawing(Box::new(super::model::Drawing { x: 0.0, width, height, shapes, labels, alt })))
}

/// The funding mix (as the site's « Répartition des financements »): the
/// stacked bar, then its table of amounts and shares.
fn mix(a: &Aggregate, assets: &PdfAssets, out: &mut Vec<Block>) {
    let l = &assets.labels;
    let total = a.financements.cents;
    if a.financeurs.is_empty() || total <= 0 {
        return;
    }
    let parts = charts::funding_mix(a, |k| l.fill("bilan.autres_financeurs", &[("n", &n(k))]));
    part(&l.get("bilan.repartition"), out);
    out.push(para(&l.get("bilan.repartition_intro"), Style::body()));
    out.extend(stacked(&l.get("bilan.graphique_repartition"), &parts, assets));
    let s = Style::small();
    let rows = parts
        .iter()
        .map(|p| vec![cell(&p.libelle, s), cell(&p.texte, s), cell(&crate::model::text::pourcent(p.valeur, total), s)])
        .collect();
    let header = ["bilan.colonnes.financeur", "bilan.colonnes.montant", "bilan.colonnes.part"].map(|k| l.get(k));
    out.push(table(&header, rows, false, 1));
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
