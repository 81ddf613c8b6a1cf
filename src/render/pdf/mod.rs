//! PDF booklets and single-fiche PDFs (issue #4).
//!
//! Pipeline: [`booklet`] and [`fiche`] describe the document as [`blocks`]
//! (Markdown through [`markdown`]); [`flow`] breaks paragraphs into lines
//! ([`linebreak`], [`hyphen`]) and tables into rows; [`paginate`] cuts the
//! flow into pages by the keep rules; [`render`] writes the pages, fonts
//! ([`subset`]) and images with lopdf and [`finish`] adds the outline and metadata. Everything up to
//! the pages is plain data ([`model`]), tested without writing a PDF.

pub mod assets;
pub mod bilan;
pub mod blocks;
pub mod booklet;
pub mod error;
pub mod fiche;
pub mod finish;
pub mod flow;
pub mod hyphen;
pub mod inline;
pub mod linebreak;
pub mod markdown;
pub mod model;
pub mod paginate;
pub mod picture;
pub mod render;
pub mod renderer;
pub mod save;
pub mod style;
pub mod subset;
pub mod tags;
#[cfg(test)]
mod tests;

pub use assets::PdfAssets;
pub use error::PdfError;

use crate::load::config::{Config, Livret, Ordre, Selection};
use crate::model::Fiche;
use crate::model::collection::Collection;
use blocks::{Block, Para};
use finish::{Meta, OutlineNode};
use inline::{Span, fr};
use model::{Anchor, Item, Page};
use rayon::prelude::*;
use std::collections::HashMap;
use style::{Ink, Style};

/// The booklet made when `recueil.yaml` defines none: every published fiche.
pub fn default_livret(config: &Config) -> Livret {
    Livret {
        fichier: "recueil.pdf".into(),
        titre: config.titre.clone(),
        sous_titre: config.description.clone(),
        introduction: None,
        selection: Selection::default(),
        ordre: Ordre::Date,
    }
}

/// A laid-out document: the flow, its pages, and what the writer needs.
pub struct Layout {
    pub items: Vec<Item>,
    pub pages: Vec<Page>,
    /// Titles of the fiches, in document order.
    pub fiche_titles: Vec<String>,
    images: Vec<picture::PdfImage>,
    /// The logical structure (tagged PDF).
    pub nodes: Vec<model::Node>,
    footer_title: String,
    outline_title: String,
    meta: Meta,
}

impl Layout {
    /// 1-based page where each fiche (by document order) starts.
    pub fn fiche_pages(&self) -> HashMap<usize, usize> {
        paginate::fiche_pages(&self.items, &self.pages)
    }
}

fn keywords<'a>(fiches: impl IntoIterator<Item = &'a Fiche>) -> Vec<String> {
    let agg = crate::report::aggregate(fiches);
    agg.thematiques.into_iter().take(20).map(|c| c.libelle).collect()
}

fn fingerprint(title: &str, fiches: &[&Fiche], secs: i64) -> String {
    let mut s = format!("{title}\n{secs}\n");
    for f in fiches {
        s.push_str(&f.slug);
        s.push('\n');
    }
    s
}

/// Lays out a booklet (test entry: no PDF written).
pub fn layout_booklet(collection: &Collection, config: &Config, livret: &Livret, assets: &PdfAssets) -> Layout {
    let selected: Vec<&Fiche> = collection.fiches.iter().filter(|f| livret.selection.matches(f)).collect();
    let secs = config.edition_secs();
    let date = config.edition_date();
    let l = &assets.labels;
    let ordered = booklet::order(selected, livret.ordre, l);
    let mut blocks = Vec::new();
    booklet::cover(config, livret, date, ordered.fiches.len(), assets.logo.as_deref(), l, &mut blocks);
    booklet::introduction(livret, l, &mut blocks);
    booklet::contents(&ordered, l, &mut blocks);
    booklet::key_figures(&crate::report::aggregate(ordered.fiches.iter().copied()), l, &mut blocks);
    let mut flow = flow::Flow::new(assets);
    flow.extend(blocks);
    // The fiches are laid out in parallel, then put end to end.
    let fiche_flows: Vec<flow::Flow<'_>> = ordered
        .fiches
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut blocks = vec![Block::PageBreak];
            fiche::fiche_blocks(f, i, l, &mut blocks);
            let mut fl = flow::Flow::new(assets);
            fl.extend(blocks);
            fl
        })
        .collect();
    for fl in fiche_flows {
        flow.append(fl);
    }
    let mut blocks = Vec::new();
    if !ordered.fiches.is_empty() {
        booklet::index(&ordered, l, &mut blocks);
    }
    flow.extend(blocks);
    let title = fr(&livret.titre);
    let meta = Meta {
        title: title.clone(),
        author: fr(config.editeur.as_deref().unwrap_or(&config.titre)),
        subject: fr(&livret
            .sous_titre
            .as_deref()
            .or(config.description.as_deref())
            .map_or_else(|| assets.labels.get("pdf.sujet"), str::to_string)),
        keywords: keywords(ordered.fiches.iter().copied()),
        date_secs: secs,
        fingerprint: fingerprint(&title, &ordered.fiches, secs),
    };
    let titles = ordered.fiches.iter().map(|f| fr(&f.titre)).collect();
    build(flow, titles, title.clone(), title, meta)
}

/// Lays out one fiche's PDF (test entry: no PDF written).
pub fn layout_fiche(f: &Fiche, config: &Config, assets: &PdfAssets) -> Layout {
    let mut blocks = Vec::new();
    let head = Style::small().ink(Ink::Muted);
    let mut p = Para::new(vec![Span::new(fr(&config.titre), head.italic()).no_hyphen()]).align(linebreak::Align::Left);
    p.space_before = 0.0;
    blocks.push(Block::Para(p));
    blocks.push(Block::Rule(0.0));
    blocks.push(Block::Space(6.0));
    fiche::fiche_blocks(f, 0, &assets.labels, &mut blocks);
    let secs = crate::model::edition::fiche_secs(config.source_date_epoch, f);
    let title = fr(&f.titre);
    let meta = Meta {
        title: title.clone(),
        author: fr(&f.structure),
        subject: fr(&f.resume),
        keywords: f.thematiques.iter().chain(&f.mots_cles).map(|t| fr(t)).collect(),
        date_secs: secs,
        fingerprint: fingerprint(&title, &[f], secs),
    };
    let mut flow = flow::Flow::new(assets);
    flow.extend(blocks);
    build(flow, vec![title.clone()], title.clone(), title, meta)
}

fn build(flow: flow::Flow<'_>, fiche_titles: Vec<String>, footer_title: String, outline_title: String, meta: Meta) -> Layout {
    let pages = paginate::paginate(&flow.items, style::TEXT_HEIGHT);
    Layout { items: flow.items, pages, fiche_titles, images: flow.images, nodes: flow.nodes, footer_title, outline_title, meta }
}

/// The outline: document → parts and fiches → sections.
fn outline(layout: &Layout) -> Vec<OutlineNode> {
    let mut children: Vec<OutlineNode> = Vec::new();
    let node = |title: String, page: usize, y: f32| OutlineNode { title, page, y, children: Vec::new(), open: false };
    let mut single_sections = Vec::new();
    let single = layout.fiche_titles.len() == 1 && layout.items.iter().all(|i| !matches!(i.anchor, Some(Anchor::Part(_))));
    for (a, page, y) in paginate::anchor_pages(&layout.items, &layout.pages) {
        match a {
            Anchor::Part(t) => children.push(node(t, page, y)),
            Anchor::Fiche(i) if !single => children.push(node(layout.fiche_titles.get(i).cloned().unwrap_or_default(), page, y)),
            Anchor::Fiche(_) => {}
            Anchor::Section(_, label) if single => single_sections.push(node(label, page, y)),
            Anchor::Section(_, label) => {
                if let Some(last) = children.last_mut() {
                    last.children.push(node(label, page, y));
                }
            }
        }
    }
    let kids = if single { single_sections } else { children };
    vec![OutlineNode { title: layout.outline_title.clone(), page: 1, y: 0.0, children: kids, open: true }]
}

/// The running head of each page of a booklet: the title of the fiche it
/// belongs to, except on the fiche's first page (its title is there in full)
/// and outside the fiches (contents, key figures, index). A fiche's own PDF
/// has none: its footer already names it.
fn running_heads(layout: &Layout) -> Vec<Option<String>> {
    let mut heads = vec![None; layout.pages.len()];
    if layout.fiche_titles.len() < 2 {
        return heads;
    }
    let anchors = paginate::anchor_pages(&layout.items, &layout.pages);
    let mut current: Option<(usize, &str)> = None;
    let mut next = anchors.iter().peekable();
    for (p, head) in heads.iter_mut().enumerate() {
        let page = p + 1;
        while let Some((a, _, _)) = next.next_if(|(_, at, _)| *at <= page) {
            match a {
                Anchor::Part(_) => current = None,
                Anchor::Fiche(i) => current = layout.fiche_titles.get(*i).map(|t| (page, t.as_str())),
                Anchor::Section(..) => {}
            }
        }
        *head = current.filter(|(start, _)| *start < page).map(|(_, t)| t.to_string());
    }
    heads
}

/// Writes a laid-out document to PDF bytes.
pub fn write(layout: Layout, assets: &PdfAssets) -> Result<Vec<u8>, PdfError> {
    let outline = outline(&layout);
    let fiche_pages = layout.fiche_pages();
    let heads = running_heads(&layout);
    let Layout { items, pages, images, nodes, footer_title, meta, .. } = layout;
    let big = pages.len() > 100;
    let parts = render::Parts {
        items,
        nodes: &nodes,
        pages: &pages,
        images: &images,
        fiche_pages: &fiche_pages,
        footer_title,
        heads: &heads,
        outline: &outline,
        meta: &meta,
    };
    let (mut lo, raw) = render::document(parts, assets)?;
    drop((pages, images));
    if big {
        release_free_memory();
    }
    compress(&mut lo);
    Ok(save::save(&lo, raw))
}

/// Hands the memory just freed back to the system. The layout was built on
/// rayon's threads, whose malloc arenas the serialisation (on this thread)
/// would not reuse: without this, the peak holds both.
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Deflates every stream not yet compressed, in parallel (lopdf's own
/// `compress` uses the slowest level on one thread).
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    doc.objects.par_iter_mut().for_each(|(_, obj)| {
        let lopdf::Object::Stream(s) = obj else { return };
        // the XMP metadata stays readable as it is
        let metadata = s.dict.get(b"Type").and_then(lopdf::Object::as_name).is_ok_and(|t| t == b"Metadata");
        if s.dict.get(b"Filter").is_ok() || s.content.len() < 64 || metadata {
            return;
        }
        let mut enc = flate2::write::ZlibEncoder::new(Vec::with_capacity(s.content.len() / 3), flate2::Compression::new(3));
        let packed = enc.write_all(&s.content).and_then(|()| enc.finish());
        if let Ok(packed) = packed
            && packed.len() < s.content.len()
        {
            s.dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            s.set_content(packed);
        }
    });
}

/// A booklet: cover, introduction, contents, key figures, fiches, index.
pub fn render_booklet(collection: &Collection, config: &Config, livret: &Livret, assets: &PdfAssets) -> Result<Vec<u8>, PdfError> {
    write(layout_booklet(collection, config, livret, assets), assets)
}

/// One fiche's PDF: a small header, then the fiche's pages.
pub fn render_fiche(fiche: &Fiche, config: &Config, assets: &PdfAssets) -> Result<Vec<u8>, PdfError> {
    write(layout_fiche(fiche, config, assets), assets)
}
