//! A booklet's blocks: cover, introduction, contents (grouped by first
//! thématique, or in the chosen order), key figures, the fiches, and an index
//! by département.

use super::blocks::{Block, Para, Picture, Table};
use super::inline::{Link, Span, fr};
use super::linebreak::Align;
use super::model::{Anchor, Kind};
use super::style::{Ink, SMALL_LEADING, Style};
use crate::load::config::{Config, Livret, Ordre};
use crate::model::Fiche;
use crate::model::date::Date;
use crate::model::text::fold;
use crate::report::{Aggregate, Valeur, departement_order};
use crate::theme::Labels;
use std::path::Path;

/// Fiches in booklet order, each with the group heading it starts (if any).
pub struct Ordered<'a> {
    pub fiches: Vec<&'a Fiche>,
    /// `(first index, label)` of each group of the contents.
    pub groups: Vec<(usize, String)>,
}

/// Orders the selected fiches: grouped by first thématique (newest first
/// inside a group) for `ordre: date`, alphabetical for `titre`, by
/// département for `departement`.
pub fn order<'a>(selected: Vec<&'a Fiche>, ordre: Ordre, l: &Labels) -> Ordered<'a> {
    let mut v = selected;
    let key_title = |f: &Fiche| (fold(&f.titre), f.slug.clone());
    match ordre {
        Ordre::Date => {
            let autres = l.get("pdf.livret.autres");
            let theme = |f: &Fiche| f.thematiques.first().cloned().unwrap_or_else(|| autres.clone());
            v.sort_by(|a, b| fold(&theme(a)).cmp(&fold(&theme(b))).then_with(|| b.date.cmp(&a.date)).then_with(|| a.slug.cmp(&b.slug)));
            let groups = group_starts(&v, |f| fr(&theme(f)));
            Ordered { fiches: v, groups }
        }
        Ordre::Titre => {
            v.sort_by_cached_key(|f| key_title(f));
            Ordered { fiches: v, groups: Vec::new() }
        }
        Ordre::Departement => {
            v.sort_by_cached_key(|f| (departement_order(&f.territoire.departement), key_title(f)));
            let groups = group_starts(&v, departement_label);
            Ordered { fiches: v, groups }
        }
    }
}

fn group_starts(v: &[&Fiche], label: impl Fn(&Fiche) -> String) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, f) in v.iter().enumerate() {
        let l = label(f);
        if out.last().is_none_or(|(_, last)| *last != l) {
            out.push((i, l));
        }
    }
    out
}

fn departement_label(f: &Fiche) -> String {
    fr(&format!("{} ({})", f.territoire.departement_nom, f.territoire.departement))
}

/// The cover page.
pub fn cover(config: &Config, livret: &Livret, date: Date, count: usize, logo: Option<&Path>, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::NoFooter);
    match logo {
        Some(p) => {
            out.push(Block::Space(90.0));
            out.push(Block::Picture(Picture {
                path: p.to_path_buf(),
                // No caption under a logo (its text for screen readers comes with the tagging of #15).
                alt: String::new(),
                credit: None,
                max_width: 160.0,
                max_height: 90.0,
                flush_left: true,
            }));
            out.push(Block::Space(50.0));
        }
        None => out.push(Block::Space(200.0)),
    }
    out.push(Block::Para(Para::heading(0, &fr(&livret.titre))));
    if let Some(s) = &livret.sous_titre {
        let st = Style { size: 15.0, ..Style::body() }.italic().ink(Ink::Muted);
        out.push(Block::Para(Para::new(vec![Span::new(fr(s), st).no_hyphen()]).align(Align::Left).leading(20.0).space_before(12.0)));
    }
    out.push(Block::Rule(30.0));
    let big = Style { size: 13.0, ..Style::body() };
    if let Some(e) = &config.editeur {
        out.push(Block::Para(
            Para::new(vec![Span::new(fr(e), big.bold()).no_hyphen()]).align(Align::Left).leading(18.0).space_before(10.0),
        ));
    }
    if config.editeur.as_deref() != Some(config.titre.as_str()) && config.titre != livret.titre {
        out.push(Block::Para(
            Para::new(vec![Span::new(fr(&config.titre), big).no_hyphen()]).align(Align::Left).leading(18.0).space_before(4.0),
        ));
    }
    let n = l.count("pdf.livret.fiches", count, &crate::model::text::group_thousands(count as u64));
    let edition = l.fill("pdf.livret.edition", &[("fiches", &n), ("date", &date.fr())]);
    out.push(Block::Para(
        Para::new(vec![Span::new(fr(&edition), big.ink(Ink::Muted)).no_hyphen()]).align(Align::Left).leading(18.0).space_before(4.0),
    ));
}

/// The optional introduction.
pub fn introduction(livret: &Livret, l: &Labels, out: &mut Vec<Block>) {
    let Some(md) = &livret.introduction else {
        return;
    };
    if md.is_blank() {
        return;
    }
    out.push(Block::PageBreak);
    part(1, &l.get("pdf.livret.introduction"), out);
    super::markdown::blocks(md, &[], l, out);
}

fn entry(f: &Fiche, index: usize) -> Block {
    let mut p = Para::new(vec![
        Span::new(fr(&f.titre), Style::body()).link(Link::Fiche(index)),
        Span::new(format!(" —\u{a0}{}", fr(&f.territoire.commune)), Style::small().ink(Ink::Muted)).link(Link::Fiche(index)),
    ])
    .align(Align::Left)
    .space_before(3.0);
    p.page_ref = Some(index);
    p.indent = 8.0;
    Block::Para(p)
}

/// The contents: entries link to the fiches and carry their page number.
pub fn contents(o: &Ordered<'_>, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    part(1, &l.get("pdf.livret.sommaire"), out);
    out.push(Block::Open(Kind::TOC));
    let mut groups = o.groups.iter().peekable();
    for (i, f) in o.fiches.iter().enumerate() {
        if let Some((_, label)) = groups.next_if(|(start, _)| *start == i) {
            out.push(Block::Para(Para::heading(3, label).space_before(12.0)));
        }
        out.push(entry(f, i));
    }
    out.push(Block::Close);
}

fn cell(t: &str, s: Style) -> Vec<Span> {
    vec![Span::new(fr(t), s)]
}

/// A three-column table whose header cells are the labels at `header`.
fn table(l: &Labels, header: [&str; 3], rows: Vec<Vec<Vec<Span>>>, second_right: bool, total: bool, space_before: f32) -> Block {
    let s = Style::small();
    Block::Table(Table {
        header: Some(header.iter().map(|k| cell(&l.get(k), s)).collect()),
        rows,
        aligns: vec![Align::Left, if second_right { Align::Right } else { Align::Left }, Align::Right],
        total,
        space_before,
        width: None,
    })
}

/// A part of the document: its outline entry and its heading.
pub fn part(level: u8, title: &str, out: &mut Vec<Block>) {
    out.push(Block::Anchor(Anchor::Part(title.into())));
    out.push(Block::Para(Para::heading(level, title)));
}

/// The key-figures page of the selection.
pub fn key_figures(a: &Aggregate, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    part(1, &l.get("pdf.livret.chiffres_cles"), out);
    let n = |x: usize| crate::model::text::group_thousands(x as u64);
    let intro = l.count("pdf.livret.chiffres_intro", a.fiches, &n(a.fiches));
    out.push(Block::Para(Para::new(vec![Span::new(intro, Style::body())]).space_before(6.0)));
    let s = Style::small();
    let mut rows: Vec<Vec<Vec<Span>>> = vec![
        vec![cell(&l.get("pdf.livret.fiches_experience"), s), cell(&n(a.fiches), s.bold()), Vec::new()],
        vec![cell(&l.get("pdf.livret.en_cours"), s), cell(&n(a.en_cours), s.bold()), Vec::new()],
        vec![cell(&l.get("pdf.livret.terminees"), s), cell(&n(a.terminees), s.bold()), Vec::new()],
    ];
    for c in &a.chiffres {
        if c.fiches == 0 {
            continue;
        }
        let label = match c.total {
            Valeur::Euros(_) => l.fill("pdf.livret.cumule", &[("libelle", &l.chiffre(c.cle))]),
            _ => l.chiffre(c.cle),
        };
        let scope = l.fiches(c.fiches);
        rows.push(vec![cell(&label, s), cell(&c.total.fr(), s.bold()), cell(&scope, s.ink(Ink::Muted))]);
    }
    if a.financements.cents > 0 {
        rows.push(vec![cell(&l.get("pdf.livret.financements"), s), cell(&a.financements.fr(), s.bold()), Vec::new()]);
    }
    out.push(table(l, ["pdf.livret.indicateur", "pdf.livret.total", "pdf.livret.renseigne_par"], rows, true, false, 8.0));

    if !a.financeurs.is_empty() {
        out.push(Block::Para(Para::heading(2, &l.get("pdf.livret.par_financeur"))));
        const SHOWN: usize = 20;
        let mut rows: Vec<Vec<Vec<Span>>> =
            a.financeurs.iter().take(SHOWN).map(|f| vec![cell(&f.nom, s), cell(&n(f.fiches), s), cell(&f.montant.fr(), s)]).collect();
        if a.financeurs.len() > SHOWN {
            let rest = &a.financeurs[SHOWN..];
            let sum = crate::model::Montant { cents: rest.iter().map(|f| f.montant.cents).sum() };
            let fiches: usize = rest.iter().map(|f| f.fiches).sum();
            rows.push(vec![
                cell(&l.fill("bilan.autres_financeurs", &[("n", &n(rest.len()))]), s.italic()),
                cell(&n(fiches), s),
                cell(&sum.fr(), s),
            ]);
        }
        rows.push(vec![cell(&l.get("pdf.livret.total"), s.bold()), Vec::new(), cell(&a.financements.fr(), s.bold())]);
        out.push(table(l, ["pdf.livret.financeur", "pdf.livret.fiches_colonne", "pdf.livret.montant"], rows, true, true, 6.0));
    }

    out.push(Block::Para(Para::heading(2, &l.get("pdf.livret.territoires"))));
    let regions = a.regions.len();
    let deps = a.departements.len();
    let text = l.fill(
        "pdf.livret.territoires_intro",
        &[
            ("departements", &l.count("pdf.livret.nb_departements", deps, &n(deps))),
            ("regions", &l.count("pdf.livret.nb_regions", regions, &n(regions))),
        ],
    );
    out.push(Block::Para(Para::new(vec![Span::new(text, Style::body())]).space_before(4.0)));
    let rows = a
        .departements
        .iter()
        .map(|d| vec![cell(&format!("{} ({})", d.nom, d.code), s), cell(&d.region, s), cell(&n(d.fiches), s)])
        .collect();
    out.push(table(l, ["pdf.livret.departement", "pdf.livret.region", "pdf.livret.fiches_colonne"], rows, false, false, 6.0));
}

/// Index of the fiches by département, with page numbers.
pub fn index(o: &Ordered<'_>, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    part(1, &l.get("pdf.livret.index"), out);
    let mut by_dep: Vec<(usize, &Fiche)> = o.fiches.iter().copied().enumerate().collect();
    by_dep.sort_by_cached_key(|(i, f)| (departement_order(&f.territoire.departement), fold(&f.titre), *i));
    let mut last: Option<&str> = None;
    for (i, f) in by_dep {
        if last != Some(f.territoire.departement.as_str()) {
            let mut h = Para::heading(3, &departement_label(f));
            h.space_before = 10.0;
            out.push(Block::Para(h));
            last = Some(&f.territoire.departement);
        }
        let mut p = Para::new(vec![
            Span::new(fr(&f.titre), Style::small()).link(Link::Fiche(i)),
            Span::new(format!(" —\u{a0}{}", fr(&f.territoire.commune)), Style::small().ink(Ink::Muted)).link(Link::Fiche(i)),
        ])
        .align(Align::Left)
        .leading(SMALL_LEADING)
        .space_before(1.0);
        p.page_ref = Some(i);
        p.indent = 8.0;
        out.push(Block::Para(p));
    }
}
