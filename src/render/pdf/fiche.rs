//! The pages of one fiche, following the card: title, summary, identity
//! block, key figures, sections in canonical order, funders with their total,
//! partners, contact, image with its credit.

use super::blocks::{Block, Para, Picture, Table};
use super::inline::{Link, Span, fr};
use super::linebreak::Align;
use super::model::Anchor;
use super::style::{BODY_LEADING, Ink, Style, TEXT_WIDTH};
use crate::model::Fiche;
use crate::model::SectionKind;
use crate::model::Statut;

/// The notice printed on a fiche whose action has ended.
pub const NOTICE_TERMINEE: &str = "Cette action n’est plus portée.";

fn label_cell(text: &str) -> Vec<Span> {
    vec![Span::new(text, Style::small().bold().ink(Ink::Muted)).no_hyphen()]
}

fn value_cell(text: &str) -> Vec<Span> {
    vec![Span::new(fr(text), Style::small())]
}

/// Appends the blocks of fiche number `index` (its place in the booklet).
pub fn fiche_blocks(f: &Fiche, index: usize, out: &mut Vec<Block>) {
    out.push(Block::Anchor(Anchor::Fiche(index)));
    out.push(Block::Para(Para::heading(1, &fr(&f.titre))));
    let resume = Style { size: 11.5, ..Style::body() }.italic().ink(Ink::Accent);
    out.push(Block::Para(Para::new(vec![Span::new(fr(&f.resume), resume)]).leading(15.5).space_before(8.0)));
    if f.statut == Statut::Terminee {
        out.push(Block::Para(
            Para::new(vec![Span::new(NOTICE_TERMINEE, Style::body().bold().ink(Ink::Alert))]).align(Align::Left).space_before(8.0),
        ));
    }
    identity(f, out);
    figures(f, out);
    if let Some(ch) = &f.chapeau
        && !ch.is_blank()
    {
        out.push(Block::Space(4.0));
        super::markdown::blocks(ch, &f.images, out);
    }
    for s in &f.sections {
        out.push(Block::Anchor(Anchor::Section(index, s.kind.label().to_string())));
        out.push(Block::Para(Para::heading(2, s.kind.label())));
        super::markdown::blocks(&s.contenu, &f.images, out);
        if s.kind == SectionKind::Partenaires {
            partner_list(f, out);
        }
    }
    if f.section(SectionKind::Partenaires).is_none() && !f.partenaires.is_empty() {
        out.push(Block::Para(Para::heading(2, "Partenaires")));
        partner_list(f, out);
    }
    funders(f, index, out);
    contact(f, index, out);
    if let Some(img) = &f.image
        && let Some(path) = &img.path
    {
        out.push(Block::Picture(Picture {
            path: path.clone(),
            alt: img.alt.clone(),
            credit: img.credit.clone(),
            max_width: TEXT_WIDTH,
            max_height: 330.0,
        }));
    }
}

fn identity(f: &Fiche, out: &mut Vec<Block>) {
    let t = &f.territoire;
    let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
    let mut row = |k: &str, v: String| rows.push(vec![label_cell(k), value_cell(&v)]);
    row("Structure", format!("{} ({})", f.structure, f.type_structure.libelle()));
    let mut commune = t.commune.clone();
    if let Some(h) = t.habitants {
        commune.push_str(&format!(" ({} habitants)", crate::model::text::group_thousands(h)));
    }
    row("Commune", commune);
    row("Département", format!("{} ({}), {}", t.departement_nom, t.departement, t.region));
    let mut dates = Vec::new();
    if let Some(y) = f.annee_debut {
        dates.push(format!("action lancée en {y}"));
    }
    dates.push(format!("fiche publiée le {}", f.date.fr()));
    if let Some(m) = f.mise_a_jour {
        dates.push(format!("mise à jour le {}", m.fr()));
    }
    let mut dates = dates.join(", ");
    if let Some(c) = dates.get(..1) {
        dates = c.to_uppercase() + &dates[1..];
    }
    row("Dates", dates);
    row("Statut", f.statut.libelle().to_string());
    if !f.thematiques.is_empty() {
        row("Thématiques", f.thematiques.join(", "));
    }
    if !f.publics.is_empty() {
        row("Publics", f.publics.join(", "));
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

fn figures(f: &Fiche, out: &mut Vec<Block>) {
    let c = &f.chiffres;
    let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
    let mut row = |k: &str, v: String| rows.push(vec![value_cell(k), vec![Span::new(v, Style::small().bold()).no_hyphen()]]);
    let n = crate::model::text::group_thousands;
    if let Some(v) = c.participants {
        row("Participants", n(v));
    }
    if let Some(v) = c.benevoles {
        row("Bénévoles", n(v));
    }
    if let Some(v) = c.salaries_etp {
        row("Salariés (équivalents temps plein)", crate::model::text::number_fr(v));
    }
    if let Some(v) = c.ateliers {
        row("Ateliers", n(v));
    }
    if let Some(v) = c.sorties_positives {
        row("Sorties positives (emploi, formation)", n(v));
    }
    if let Some(v) = c.budget_annuel {
        row("Budget annuel", v.fr());
    }
    if let Some(v) = c.cout_total {
        row("Coût total", v.fr());
    }
    for i in &f.indicateurs {
        let mut v = fr(&i.valeur);
        if let Some(u) = &i.unite {
            v.push('\u{A0}');
            v.push_str(&fr(u));
        }
        row(&i.libelle, v);
    }
    if rows.is_empty() {
        return;
    }
    out.push(Block::Para(Para::heading(3, "Chiffres clés")));
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
    for p in &f.partenaires {
        let mut spans = vec![Span::new(fr(&p.nom), Style::body().bold())];
        if let Some(r) = &p.role {
            spans.push(Span::new(format!("\u{A0}: {}", fr(r)), Style::body()));
        }
        let mut para = Para::new(spans).align(Align::Left).space_before(2.5);
        para.indent = super::style::LIST_INDENT;
        para.marker = Some(Span::new("•", Style::body()));
        out.push(Block::Para(para));
    }
}

fn funders(f: &Fiche, index: usize, out: &mut Vec<Block>) {
    if f.financeurs.is_empty() {
        return;
    }
    out.push(Block::Anchor(Anchor::Section(index, "Financeurs".into())));
    out.push(Block::Para(Para::heading(2, "Financeurs")));
    let years = f.financeurs.iter().any(|x| x.annee.is_some());
    let head = |t: &str| vec![Span::new(t, Style::small()).no_hyphen()];
    let mut header = vec![head("Financeur")];
    let mut aligns = vec![Align::Left];
    if years {
        header.push(head("Année"));
        aligns.push(Align::Right);
    }
    header.push(head("Montant"));
    aligns.push(Align::Right);
    let mut rows = Vec::new();
    for x in &f.financeurs {
        let mut row = vec![value_cell(&x.nom)];
        if years {
            row.push(value_cell(&x.annee.map(|y| y.to_string()).unwrap_or_default()));
        }
        row.push(vec![Span::new(x.montant.map(|m| m.fr()).unwrap_or_else(|| "non précisé".into()), Style::small()).no_hyphen()]);
        rows.push(row);
    }
    let total = f.total_financements();
    if let Some(t) = total {
        let mut row = vec![vec![Span::new("Total", Style::small().bold())]];
        if years {
            row.push(Vec::new());
        }
        row.push(vec![Span::new(t.fr(), Style::small().bold()).no_hyphen()]);
        rows.push(row);
    }
    out.push(Block::Table(Table { header: Some(header), rows, aligns, total: total.is_some(), space_before: 6.0, width: None }));
}

fn contact(f: &Fiche, index: usize, out: &mut Vec<Block>) {
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
    out.push(Block::Anchor(Anchor::Section(index, "Contact".into())));
    out.push(Block::Para(Para::heading(2, "Contact")));
    for (i, spans) in lines.into_iter().enumerate() {
        out.push(Block::Para(Para::new(spans).align(Align::Left).leading(BODY_LEADING).space_before(if i == 0 { 4.0 } else { 0.0 })));
    }
}
