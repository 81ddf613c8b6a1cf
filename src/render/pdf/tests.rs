//! Pagination rules checked on the layout model, without writing a PDF.

use super::assets::PdfAssets;
use super::blocks::{Block, Para, Table};
use super::flow::Flow;
use super::inline::Span;
use super::linebreak::Align;
use super::model::{Anchor, Content, Item, Page, Role};
use super::paginate::{fiche_pages, paginate};
use super::style::{CELL_PAD_X, Style, TEXT_HEIGHT, TEXT_WIDTH};
use std::collections::HashMap;

const WORDS: &[&str] = &[
    "accompagnement",
    "des",
    "habitants",
    "le",
    "centre",
    "social",
    "propose",
    "un",
    "atelier",
    "hebdomadaire",
    "où",
    "chacun",
    "apprend",
    "à",
    "réparer",
    "ses",
    "objets",
    "précarité",
    "énergétique",
    "fonctionnement",
    "et",
    "la",
    "bénévoles",
    "solidarité",
    "intergénérationnelle",
    "quartier",
    "prioritaire",
    "12\u{202F}000\u{A0}€",
    "CCAS",
];

/// Deterministic pseudo-random numbers (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn text(rng: &mut Rng, words: usize) -> String {
    (0..words).map(|_| WORDS[rng.next(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

/// A long document with every kind of block, paragraphs of 1 to 9 lines.
fn stress_blocks(seed: u64) -> Vec<Block> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for fiche in 0..12 {
        out.push(Block::PageBreak);
        out.push(Block::Anchor(Anchor::Fiche(fiche)));
        out.push(Block::Para(Para::heading(1, &format!("Fiche {fiche} : {}", text(&mut rng, 6)))));
        for s in 0..8 {
            out.push(Block::Para(Para::heading(2 + (s % 2) as u8, &text(&mut rng, 3))));
            for _ in 0..1 + rng.next(4) {
                let n = 3 + rng.next(110);
                out.push(Block::Para(Para::new(vec![Span::new(text(&mut rng, n), Style::body())])));
            }
            if rng.next(4) == 0 {
                let mut p = Para::new(vec![Span::new(text(&mut rng, 30), Style::body())]);
                p.indent = 16.0;
                p.marker = Some(Span::new("•", Style::body()));
                out.push(Block::Para(p));
            }
            if rng.next(5) == 0 {
                let rows = (0..5 + rng.next(40))
                    .map(|_| {
                        vec![vec![Span::new(text(&mut rng, 8), Style::small())], vec![Span::new("1\u{202F}000\u{A0}€", Style::small())]]
                    })
                    .collect();
                let header = Some(vec![vec![Span::new("Nom", Style::small())], vec![Span::new("Montant", Style::small())]]);
                out.push(Block::Table(Table {
                    header,
                    rows,
                    aligns: vec![Align::Left, Align::Right],
                    total: false,
                    space_before: 6.0,
                    width: None,
                }));
            }
        }
    }
    out
}

fn lay(blocks: Vec<Block>, assets: &PdfAssets) -> (Vec<Item>, Vec<Page>) {
    let mut flow = Flow::new(assets);
    flow.extend(blocks);
    let pages = paginate(&flow.items, TEXT_HEIGHT);
    (flow.items, pages)
}

/// Every rule of the issue, on any layout.
fn check_rules(items: &[Item], pages: &[Page]) {
    let mut placed = vec![0u32; items.len()];
    for (n, page) in pages.iter().enumerate() {
        let own: Vec<_> = page
            .placed
            .iter()
            .enumerate()
            .filter(|(k, pl)| {
                !(*k == 0
                    && pages.len() > 1
                    && items[pl.item].keep_with_next
                    && matches!(items[pl.item].content, Content::Row(ref r) if r.header)
                    && placed[pl.item] > 0)
            })
            .map(|(_, pl)| *pl)
            .collect();
        for pl in &page.placed {
            placed[pl.item] += 1;
            let it = &items[pl.item];
            assert!(pl.y + it.height <= TEXT_HEIGHT + 0.01, "page {}: item overflows the text block", n + 1);
            match &it.content {
                Content::Text(l) => assert!(l.x + l.width <= TEXT_WIDTH + 0.01, "line wider than the text block: {}", l.text()),
                Content::Row(r) => {
                    for c in &r.cells {
                        for l in &c.lines {
                            assert!(l.x + l.width <= c.width - 2.0 * CELL_PAD_X + 0.01, "cell line too wide: {}", l.text());
                        }
                    }
                }
                _ => {}
            }
        }
        let (Some(first), Some(last)) = (own.first(), own.last()) else {
            continue;
        };
        if n + 1 < pages.len() {
            assert_ne!(items[last.item].role, Role::Heading, "page {} ends with a heading", n + 1);
            if let Role::Body { line: 0, count, .. } = items[last.item].role {
                assert!(count < 2, "page {}: first line of a paragraph alone at the bottom", n + 1);
            }
            // A heading keeps at least two following lines (fewer only before a forced page break).
            if let Some(h) = own.iter().rposition(|p| items[p.item].role == Role::Heading) {
                let idx = own[h].item;
                let mut want = 0;
                for it in items.iter().skip(idx + 1).take(2) {
                    if it.break_before {
                        break;
                    }
                    if it.role != Role::Heading {
                        want += 1;
                    }
                }
                let after = own[h + 1..].iter().filter(|p| items[p.item].role != Role::Heading).count();
                assert!(after >= want, "page {}: heading followed by {after} lines, {want} expected", n + 1);
            }
        }
        if let Role::Body { line, count, .. } = items[first.item].role {
            assert!(!(count >= 2 && line + 1 == count), "page {}: last line of a paragraph alone at the top", n + 1);
        }
    }
    for (i, c) in placed.iter().enumerate() {
        assert!(*c >= 1, "item {i} never placed");
    }
}

#[test]
fn pagination_rules_hold_on_long_documents() {
    let assets = PdfAssets::default_theme().expect("assets");
    for seed in [1u64, 7, 42, 1234] {
        let (items, pages) = lay(stress_blocks(seed), &assets);
        assert!(pages.len() > 20, "seed {seed}: {} pages", pages.len());
        check_rules(&items, &pages);
        // repeated table headers: a row starting a page is preceded by its header
        for page in &pages {
            if let Some(first) = page.placed.first()
                && let Some(h) = items[first.item].repeat_header
            {
                assert_eq!(first.item, h, "a table row starts a page without its header");
            }
        }
    }
}

#[test]
fn unbreakable_words_do_not_hang() {
    let assets = PdfAssets::default_theme().expect("assets");
    let word = "a".repeat(300);
    let url = format!("https://exemple.fr/{}", "chemin/".repeat(60));
    let blocks = vec![
        Block::Para(Para::new(vec![Span::new(format!("Avant {word} après"), Style::body())])),
        Block::Para(Para::heading(2, &word)),
        Block::Table(Table {
            header: None,
            rows: vec![vec![vec![Span::new(word.clone(), Style::small())], vec![Span::new(url.clone(), Style::small())]]],
            aligns: vec![Align::Left, Align::Right],
            total: false,
            space_before: 0.0,
            width: None,
        }),
        Block::Para(Para::new(vec![Span::new(url, Style::body()).no_hyphen()])),
    ];
    let (items, pages) = lay(blocks, &assets);
    check_rules(&items, &pages);
    let text: String = items.iter().filter_map(|i| if let Content::Text(l) = &i.content { Some(l.text()) } else { None }).collect();
    assert!(text.contains(&word[..100]));
}

/// The sample project, its collection, the default assets and its default booklet laid out.
fn sample_booklet() -> (crate::load::project::Project, crate::model::collection::Collection, PdfAssets, super::Layout) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = crate::load::project::Project::load(root);
    let collection = project.collection(false);
    let assets = PdfAssets::default_theme().expect("assets");
    let livret = super::default_livret(&project.config);
    let layout = super::layout_booklet(&collection, &project.config, &livret, &assets);
    (project, collection, assets, layout)
}

#[test]
fn contents_page_numbers_are_the_fiche_pages() {
    let (_, collection, _, layout) = sample_booklet();
    check_rules(&layout.items, &layout.pages);
    let starts = layout.fiche_pages();
    assert_eq!(starts.len(), collection.fiches.len());
    // page of every item
    let mut page_of: HashMap<usize, usize> = HashMap::new();
    for (n, p) in layout.pages.iter().enumerate() {
        for pl in &p.placed {
            page_of.entry(pl.item).or_insert(n + 1);
        }
    }
    let mut refs = 0;
    for (idx, it) in layout.items.iter().enumerate() {
        if let Content::Text(l) = &it.content
            && let Some(f) = l.page_ref
        {
            refs += 1;
            // the fiche starts on that page, with its title as the page's first line
            let page = starts[&f];
            let first = layout.pages[page - 1].placed[0].item;
            assert_eq!(layout.items[first].anchor, Some(Anchor::Fiche(f)));
            if let Content::Text(t) = &layout.items[first].content {
                assert!(layout.fiche_titles[f].starts_with(t.text().trim_end_matches('-')));
            }
            assert!(page_of[&idx] != page, "an entry is not on the fiche's own page");
        }
    }
    // contents + index: each fiche twice
    assert!(refs >= 2 * collection.fiches.len());
    assert_eq!(fiche_pages(&layout.items, &layout.pages), starts);
}

#[test]
fn single_fiche_layouts_follow_the_rules() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = crate::load::project::Project::load(root);
    let assets = PdfAssets::default_theme().expect("assets");
    for f in project.collection(false).fiches.iter() {
        let layout = super::layout_fiche(f, &project.config, &assets);
        check_rules(&layout.items, &layout.pages);
        let all: String =
            layout.items.iter().filter_map(|i| if let Content::Text(l) = &i.content { Some(l.text()) } else { None }).collect();
        if f.statut == crate::model::Statut::Terminee {
            assert!(all.contains(&super::fiche::notice_terminee(&crate::theme::default_labels())));
        }
    }
}

#[test]
fn running_heads_name_the_fiche_of_the_page() {
    let (project, collection, assets, layout) = sample_booklet();
    let heads = super::running_heads(&layout);
    assert_eq!(heads.len(), layout.pages.len());
    let starts = layout.fiche_pages();
    let mut first_pages: Vec<(usize, usize)> = starts.iter().map(|(&f, &p)| (p, f)).collect();
    first_pages.sort();
    let mut continued = 0;
    for (k, &(page, f)) in first_pages.iter().enumerate() {
        // none on the fiche's first page: its title is there in full
        assert_eq!(heads[page - 1], None, "page {page}");
        let end = first_pages.get(k + 1).map_or(page + 1, |&(p, _)| p);
        for p in page + 1..end {
            assert_eq!(heads[p - 1].as_deref(), Some(layout.fiche_titles[f].as_str()), "page {p}");
            continued += 1;
        }
    }
    assert!(continued > 5, "the sample's fiches run over several pages");
    // none before the first fiche (cover, contents, key figures) nor on the index
    assert!(heads[..first_pages[0].0].iter().all(Option::is_none));
    assert_eq!(heads.last(), Some(&None), "the index has no fiche's head");
    // a fiche's own PDF has none
    let single = super::layout_fiche(&collection.fiches[0], &project.config, &assets);
    assert!(super::running_heads(&single).iter().all(Option::is_none));
}

/// `bilan.pdf` draws the site's charts as vectors: one per grouping (the map
/// for départements), the funders' bars and the funding mix, each a Figure
/// whose text alternative gives its values, each followed by its table, and
/// bars as long as their values.
#[test]
fn bilan_draws_each_chart_before_its_table() {
    use crate::report::charts;
    let (project, collection, assets, _) = sample_booklet();
    let layout = super::bilan::layout_bilan(&collection, &project.config, &assets);
    let fiches = crate::report::fiches_du_bilan(&collection, &project.config.bilan);
    let a = crate::report::aggregate(fiches.iter().copied());
    let drawings: Vec<usize> =
        layout.items.iter().enumerate().filter(|(_, it)| matches!(it.content, Content::Drawing(_))).map(|(i, _)| i).collect();
    // thématiques, publics, régions, the map, types, années, financeurs, répartition
    assert_eq!(drawings.len(), 8, "charts in bilan.pdf");
    for &i in &drawings {
        let Content::Drawing(d) = &layout.items[i].content else { unreachable!() };
        let node = layout.items[i].node.expect("a chart belongs to the structure");
        assert_eq!(layout.nodes[node].kind, super::model::Kind::Figure);
        assert_eq!(layout.nodes[node].alt.as_deref(), Some(d.alt.as_str()));
        assert!(layout.items[i].keep_with_next, "a chart is kept with what follows it");
        // its table comes next (after the map's credit line at most)
        let next_row = layout.items[i + 1..].iter().position(|it| matches!(it.content, Content::Row(_))).expect("a table after the chart");
        let between = &layout.items[i + 1..i + 1 + next_row];
        assert!(between.iter().all(|it| matches!(it.content, Content::Text(_))) && between.len() <= 3, "chart {i}: {between:?}");
        assert!(!between.iter().any(|it| it.role == Role::Heading), "chart {i} is not followed by its own table");
    }
    // The thématiques' bars: one per group (at most CHART_MAX), lengths in proportion, values in the alt text.
    let Content::Drawing(d) = &layout.items[drawings[0]].content else { unreachable!() };
    let bars = charts::group_bars(&a.par_thematique);
    assert_eq!(d.shapes.len(), bars.len());
    let width = |s: &crate::render::pdf::model::Shape| s.0[0][1].0 - s.0[0][0].0;
    let unit = width(&d.shapes[0]) / bars[0].valeur as f32;
    for (s, b) in d.shapes.iter().zip(&bars) {
        assert!((width(s) - unit * b.valeur as f32).abs() < 0.01, "bar of {} is {} long", b.libelle, width(s));
        assert!(
            d.alt.contains(&format!("{}\u{a0}: {}", crate::model::typo::apply(&b.libelle), b.texte)),
            "{} missing from {}",
            b.libelle,
            d.alt
        );
    }
    // The mix: its segments span the text block and its legend gives the shares.
    let Content::Drawing(m) = &layout.items[*drawings.last().expect("mix")].content else { unreachable!() };
    let parts = charts::funding_mix(&a, |k| format!("autres {k}"));
    let segments: f32 = m.shapes[..parts.len()].iter().map(width).sum();
    assert!((segments - super::style::TEXT_WIDTH).abs() < 0.1, "{segments}");
    assert!(m.labels.iter().any(|l| l.3.contains("\u{a0}%)")), "{:?}", m.labels);
}
