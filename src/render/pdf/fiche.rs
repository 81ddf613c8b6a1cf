//! The pages of one fiche, following the card: title, summary, identity
//! block, key figures, sections in canonical order, funders with their total,
//! partners, contact, image with its credit.

use super::blocks::{Block, Para, Picture, Table};
use super::inline::{Link, Span, fr};
use super::linebreak::Align;
use super::model::{Anchor, Kind};
use super::style::{BODY_LEADING, Ink, Style, TEXT_WIDTH};
use crate::model::Fiche;
use crate::model::SectionKind;
use crate::model::Statut;
use crate::theme::Labels;

/// The notice printed on a fiche whose action has ended (`fiche.terminee`, as a sentence).
pub fn notice_terminee(l: &Labels) -> String {
    format!("{}.", l.get("fiche.terminee"))
}

fn label_cell(text: &str) -> Vec<Span> {
    vec![Span::new(text, Style::small().bold().ink(Ink::Muted)).no_hyphen()]
}

fn value_cell(text: &str) -> Vec<Span> {
    vec![Span::new(fr(text), Style::small())]
}

/// Appends the blocks of fiche number `index` (its place in the booklet).
pub fn fiche_blocks(f: &Fiche, index: usize, l: &Labels, out: &mut Vec<Block>) {
    out.push(Block::Anchor(Anchor::Fiche(index)));
    out.push(Block::Para(Para::heading(1, &fr(&f.titre))));
    let resume = Style { size: 11.5, ..Style::body() }.italic().ink(Ink::Accent);
    out.push(Block::Para(Para::new(vec![Span::new(fr(&f.resume), resume)]).leading(15.5).space_before(8.0)));
    if f.statut == Statut::Terminee {
        out.push(Block::Para(
            Para::new(vec![Span::new(notice_terminee(l), Style::body().bold().ink(Ink::Alert))]).align(Align::Left).space_before(8.0),
        ));
    }
    // the photo near the top, under the summary; its credit as caption
    if let Some(img) = &f.image
        && let Some(path) = &img.path
    {
        out.push(Block::Picture(Picture {
            path: path.clone(),
            alt: img.alt.clone(),
            credit: img.credit.clone(),
            max_width: crate::model::image::PHOTO_BOX.0,
            max_height: crate::model::image::PHOTO_BOX.1,
            flush_left: false,
        }));
    }
    identity(f, l, out);
    figures(f, l, out);
    if let Some(ch) = &f.chapeau
        && !ch.is_blank()
    {
        out.push(Block::Space(4.0));
        super::markdown::blocks(ch, &f.images, l, out);
    }
    for s in &f.sections {
        let heading = l.section(s.kind);
        out.push(Block::Anchor(Anchor::Section(index, heading.clone())));
        out.push(Block::Para(Para::heading(2, &heading)));
        super::markdown::blocks(&s.contenu, &f.images, l, out);
        if s.kind == SectionKind::Partenaires && !f.partenaires.is_empty() {
            // Its own heading, as on the site: after an author's « ### Ils
            // financent l'action », the list must not read as the funders.
            out.push(Block::Para(Para::heading(3, &l.get("fiche.partenaires"))));
            partner_list(f, out);
        }
    }
    if f.section(SectionKind::Partenaires).is_none() && !f.partenaires.is_empty() {
        out.push(Block::Para(Para::heading(2, &l.get("fiche.partenaires"))));
        partner_list(f, out);
    }
    funders(f, index, l, out);
    contact(f, index, l, out);
}

fn identity(f: &Fiche, l: &Labels, out: &mut Vec<Block>) {
    let t = &f.territoire;
    let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
    let mut row = |k: &str, v: String| rows.push(vec![label_cell(&l.get(k)), value_cell(&v)]);
    row("fiche.structure", format!("{} ({})", f.structure, f.type_structure.libelle()));
    let commune = match t.habitants {
        Some(h) => l.fill("pdf.fiche.habitants", &[("commune", &t.commune), ("n", &crate::model::text::group_thousands(h))]),
        None => t.commune.clone(),
    };
    row("fiche.commune", commune);
    row(
        "fiche.departement",
        l.fill("pdf.fiche.departement", &[("nom", &t.departement_nom), ("code", &t.departement), ("region", &t.region)]),
    );
    let mut dates = Vec::new();
    if let Some(y) = f.annee_debut {
        dates.push(l.fill("pdf.fiche.lancee", &[("annee", &y.to_string())]));
    }
    dates.push(l.fill("pdf.fiche.publiee", &[("date", &f.date.fr())]));
    if let Some(m) = f.mise_a_jour {
        dates.push(l.fill("pdf.fiche.mise_a_jour", &[("date", &m.fr())]));
    }
    let mut dates = dates.join(", ");
    if let Some(c) = dates.get(..1) {
        dates = c.to_uppercase() + &dates[1..];
    }
    row("pdf.fiche.dates", dates);
    row("fiche.statut", f.statut.libelle().to_string());
    if !f.thematiques.is_empty() {
        row("fiche.thematiques", f.thematiques.join(", "));
    }
    if !f.publics.is_empty() {
        row("fiche.publics", f.publics.join(", "));
    }
    out.push(Block::Table(Table {
        header: None,
        rows,
        aligns: vec![Align::Left, Align::Left],
        total: false,
        space_before: 10.0,
        width: None,
    }));
}

fn figures(f: &Fiche, l: &Labels, out: &mut Vec<Block>) {
    let c = &f.chiffres;
    let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
    let mut row = |k: &str, v: String| rows.push(vec![value_cell(k), vec![Span::new(v, Style::small().bold()).no_hyphen()]]);
    let n = crate::model::text::group_thousands;
    if let Some(v) = c.participants {
        row(&l.chiffre("participants"), n(v));
    }
    if let Some(v) = c.benevoles {
        row(&l.chiffre("benevoles"), n(v));
    }
    if let Some(v) = c.salaries_etp {
        row(&l.chiffre("salaries_etp"), crate::model::text::number_fr(v));
    }
    if let Some(v) = c.ateliers {
        row(&l.chiffre("ateliers"), n(v));
    }
    if let Some(v) = c.sorties_positives {
        row(&l.chiffre("sorties_positives"), n(v));
    }
    if let Some(v) = c.budget_annuel {
        row(&l.chiffre("budget_annuel"), v.fr());
    }
    if let Some(v) = c.cout_total {
        row(&l.chiffre("cout_total"), v.fr());
    }
    for i in &f.indicateurs {
        row(&i.libelle, i.texte_fr());
    }
    if rows.is_empty() {
        return;
    }
    out.push(Block::Para(Para::heading(3, &l.get("fiche.chiffres_cles"))));
    out.push(Block::Table(Table {
        header: None,
        rows,
        aligns: vec![Align::Left, Align::Right],
        total: false,
        space_before: 4.0,
        width: Some(TEXT_WIDTH * 0.62),
    }));
}

fn partner_list(f: &Fiche, out: &mut Vec<Block>) {
    if f.partenaires.is_empty() {
        return;
    }
    out.push(Block::Open(Kind::L));
    for p in &f.partenaires {
        out.push(Block::Open(Kind::LI));
        let mut spans = vec![Span::new(fr(&p.nom), Style::body().bold())];
        if let Some(r) = &p.role {
            spans.push(Span::new(format!("\u{A0}: {}", fr(r)), Style::body()));
        }
        let mut para = Para::new(spans).align(Align::Left).space_before(2.5);
        para.indent = super::style::LIST_INDENT;
        para.marker = Some(Span::new("•", Style::body()));
        out.push(Block::Para(para));
        out.push(Block::Close);
    }
    out.push(Block::Close);
}

fn funders(f: &Fiche, index: usize, l: &Labels, out: &mut Vec<Block>) {
    if f.financeurs.is_empty() {
        return;
    }
    let title = l.get("fiche.financeurs");
    out.push(Block::Anchor(Anchor::Section(index, title.clone())));
    out.push(Block::Para(Para::heading(2, &title)));
    let years = f.financeurs.iter().any(|x| x.annee.is_some());
    let head = |t: &str| vec![Span::new(l.get(t), Style::small()).no_hyphen()];
    let mut header = vec![head("fiche.financeur")];
    let mut aligns = vec![Align::Left];
    if years {
        header.push(head("fiche.annee"));
        aligns.push(Align::Right);
    }
    header.push(head("fiche.montant"));
    aligns.push(Align::Right);
    let mut rows = Vec::new();
    for x in &f.financeurs {
        let mut row = vec![value_cell(&x.nom)];
        if years {
            row.push(value_cell(&x.annee.map(|y| y.to_string()).unwrap_or_default()));
        }
        row.push(vec![Span::new(x.montant.map(|m| m.fr()).unwrap_or_else(|| l.get("fiche.non_communique")), Style::small()).no_hyphen()]);
        rows.push(row);
    }
    let total = f.total_financements();
    if let Some(t) = total {
        let mut row = vec![vec![Span::new(l.get("fiche.total"), Style::small().bold())]];
        if years {
            row.push(Vec::new());
        }
        row.push(vec![Span::new(t.fr(), Style::small().bold()).no_hyphen()]);
        rows.push(row);
    }
    out.push(Block::Table(Table { header: Some(header), rows, aligns, total: total.is_some(), space_before: 6.0, width: None }));
}

fn contact(f: &Fiche, index: usize, l: &Labels, out: &mut Vec<Block>) {
    let Some(c) = &f.contact else { return };
    let mut lines: Vec<Vec<Span>> = Vec::new();
    let who: Vec<String> = [&c.nom, &c.fonction].into_iter().flatten().map(|s| fr(s)).collect();
    if !who.is_empty() {
        lines.push(vec![Span::new(who.join(", "), Style::body().bold())]);
    }
    if let Some(e) = &c.email {
        lines.push(vec![Span::new(e.clone(), Style::body().ink(Ink::Link)).link(Link::Uri(format!("mailto:{e}")))]);
    }
    if let Some(t) = &c.telephone {
        lines.push(vec![Span::new(fr(t), Style::body()).no_hyphen()]);
    }
    if let Some(a) = &c.adresse {
        lines.push(vec![Span::new(fr(a), Style::body())]);
    }
    if lines.is_empty() {
        return;
    }
    let title = l.get("fiche.contact");
    out.push(Block::Anchor(Anchor::Section(index, title.clone())));
    out.push(Block::Para(Para::heading(2, &title)));
    for (i, spans) in lines.into_iter().enumerate() {
        out.push(Block::Para(Para::new(spans).align(Align::Left).leading(BODY_LEADING).space_before(if i == 0 { 4.0 } else { 0.0 })));
    }
}
