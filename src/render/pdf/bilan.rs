//! The impact report as a PDF (`livrets/bilan.pdf`): the same figures as the
//! site's `bilan/` page, from the same aggregation, as blocks (headings,
//! paragraphs, tables with right-aligned amounts) laid out and written like a
//! booklet. Charts are given as their data tables.

use super::blocks::{Block, Para, Table};
use super::inline::{Span, fr};
use super::linebreak::Align;
use super::model::Anchor;
use super::style::{Ink, Style};
use super::{Layout, PdfAssets, PdfError, booklet, fingerprint};
use crate::load::config::{Config, Livret, Ordre};
use crate::model::Fiche;
use crate::model::Montant;
use crate::model::collection::Collection;
use crate::model::text::group_thousands;
use crate::report::{Aggregate, Groupe, aggregate, fiches_du_bilan};

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

fn table(header: &[&str], rows: Vec<Vec<Vec<Span>>>, total: bool, first_left: usize) -> Block {
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
    out.push(Block::Anchor(Anchor::Part(title.into())));
    out.push(Block::Para(Para::heading(2, title)));
}

/// The key figures with how many fiches declare each.
fn key_figures(a: &Aggregate, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    out.push(Block::Anchor(Anchor::Part("Chiffres clés".into())));
    out.push(Block::Para(Para::heading(1, "Chiffres clés")));
    out.push(para(
        &format!(
            "Chaque total additionne les fiches qui renseignent ce chiffre ; la dernière colonne dit combien le font, sur {} du bilan.",
            crate::report::fiches_fr(a.fiches)
        ),
        Style::body(),
    ));
    let s = Style::small();
    let mut rows = vec![
        vec![cell("Fiches d’expérience", s), cell(&n(a.fiches), s.bold()), Vec::new()],
        vec![cell("Actions en cours", s), cell(&n(a.en_cours), s.bold()), Vec::new()],
        vec![cell("Actions terminées", s), cell(&n(a.terminees), s.bold()), Vec::new()],
        vec![cell("Départements", s), cell(&n(a.par_departement.len()), s.bold()), Vec::new()],
    ];
    for c in &a.chiffres {
        let (value, scope) = if c.fiches == 0 {
            ("—".to_string(), "non renseigné".to_string())
        } else {
            (c.total.fr(), format!("{} sur {}", n(c.fiches), n(a.fiches)))
        };
        rows.push(vec![cell(c.libelle, s), cell(&value, s.bold()), cell(&scope, s.ink(Ink::Muted))]);
    }
    rows.push(vec![
        cell("Financements déclarés", s),
        cell(&a.financements.fr(), s.bold()),
        cell(&format!("{} sur {}", n(a.fiches_financements), n(a.fiches)), s.ink(Ink::Muted)),
    ]);
    out.push(table(&["Indicateur", "Total", "Renseigné par"], rows, false, 1));
}

/// One grouping: fiches and sums per group.
fn groups(title: &str, first: &str, gs: &[Groupe], notes: &[String], out: &mut Vec<Block>) {
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
    out.push(table(&[first, "Fiches", "Participants", "Bénévoles", "Budget annuel", "Financements"], rows, false, 1));
    let mut notes = notes.to_vec();
    if gs.len() > TABLE_MAX {
        notes.push(format!("Le tableau montre les {} premiers sur {} ; les données ouvertes contiennent tout.", TABLE_MAX, n(gs.len())));
    }
    for t in notes {
        out.push(para(&t, Style::small().ink(Ink::Muted)));
    }
}

fn funders(a: &Aggregate, out: &mut Vec<Block>) {
    if a.financeurs.is_empty() {
        return;
    }
    part("Financeurs", out);
    out.push(para(
        &format!(
            "{} sur {} nomment au moins un financeur ; une fiche financée par plusieurs financeurs compte une fois dans le total.",
            crate::report::fiches_fr(a.fiches_financees),
            n(a.fiches)
        ),
        Style::body(),
    ));
    let s = Style::small();
    let total = a.financements.cents;
    let share = |c: i64| crate::render::site::svg::pourcent(c, total);
    let mut rows: Vec<Vec<Vec<Span>>> = a
        .financeurs
        .iter()
        .take(TABLE_MAX)
        .map(|f| {
            let amount = if f.fiches == f.sans_montant { "—".to_string() } else { f.montant.fr() };
            let mut m = vec![Span::new(fr(&amount), s).no_hyphen()];
            if f.sans_montant > 0 {
                m.push(
                    Span::new(format!(" (dont {} sans montant)", crate::report::fiches_fr(f.sans_montant)), s.ink(Ink::Muted)).no_hyphen(),
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
            cell(&format!("Autres financeurs ({})", n(rest.len())), s.italic()),
            cell("—", s),
            cell(&sum.fr(), s),
            cell(&share(sum.cents), s),
        ]);
    }
    rows.push(vec![
        cell("Total", s.bold()),
        cell(&format!("{} distinctes", n(a.fiches_financees)), s.bold()),
        cell(&a.financements.fr(), s.bold()),
        cell(if total > 0 { "100 %" } else { "—" }, s.bold()),
    ]);
    out.push(table(&["Financeur", "Fiches financées", "Montant", "Part"], rows, true, 1));
}

/// The report's blocks after the cover.
pub fn report_blocks(a: &Aggregate, out: &mut Vec<Block>) {
    key_figures(a, out);
    if a.fiches == 0 {
        return;
    }
    out.push(Block::Para(Para::heading(1, "Répartitions").space_before(24.0)));
    out.push(para(
        "Pour chaque thématique, public, territoire, type de structure et année de début : le nombre de fiches et la somme de leurs chiffres. Entre parenthèses, le nombre de fiches qui renseignent ce chiffre, quand toutes ne le font pas. Une fiche à plusieurs thématiques ou publics compte dans chacun.",
        Style::body(),
    ));
    groups("Thématiques", "Thématique", &a.par_thematique, &[], out);
    let sans_public =
        if a.sans_public > 0 { vec![format!("{} sans public indiqué.", crate::report::fiches_fr(a.sans_public))] } else { vec![] };
    groups("Publics", "Public", &a.par_public, &sans_public, out);
    groups("Régions", "Région", &a.par_region, &[], out);
    groups("Départements", "Département", &a.par_departement, &[], out);
    groups("Types de structure", "Type de structure", &a.par_type, &[], out);
    let sans_annee = if a.sans_annee_debut > 0 {
        vec![format!("{} sans année de début.", crate::report::fiches_fr(a.sans_annee_debut))]
    } else {
        vec![]
    };
    groups("Années de début", "Année de début", &a.par_annee, &sans_annee, out);
    funders(a, out);
}

/// Lays out the report (test entry: no PDF written).
pub fn layout_bilan(collection: &Collection, config: &Config, assets: &PdfAssets) -> Layout {
    let fiches: Vec<&Fiche> = fiches_du_bilan(collection, &config.bilan);
    let a = aggregate(fiches.iter().copied());
    let secs = crate::model::edition::stamp_secs(config.source_date_epoch, fiches.iter().copied());
    let date = crate::model::date::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let titre = crate::report::titre(&config.bilan, "Bilan d’impact");
    let livret = Livret {
        fichier: FICHIER.into(),
        titre: titre.clone(),
        sous_titre: Some("Ce que représentent les actions du recueil, additionné fiche par fiche".into()),
        introduction: None,
        selection: config.bilan.selection.clone(),
        ordre: Ordre::Date,
    };
    let mut blocks = Vec::new();
    booklet::cover(config, &livret, date, fiches.len(), assets.logo.as_deref(), &mut blocks);
    report_blocks(&a, &mut blocks);
    let mut flow = super::flow::Flow::new(assets);
    flow.extend(blocks);
    let title = fr(&titre);
    let meta = super::finish::Meta {
        title: title.clone(),
        author: fr(config.editeur.as_deref().unwrap_or(&config.titre)),
        subject: fr(&format!("Bilan d’impact : {}", config.titre)),
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
