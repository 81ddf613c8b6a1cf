//! Pages of the layout model → PDF objects, written straight to lopdf: one
//! content stream per page, encoded and deflated in parallel (text runs with
//! per-gap offsets, table rows, images, rules, links and the running footer),
//! then the fonts — subset once per document from the glyphs the pages used —
//! and the images.
//!
//! Text is shown with the fonts' original glyph ids as CIDs (`Identity-H`;
//! the subset's `/CIDToGIDMap` maps them to its own glyphs): a page's stream
//! does not depend on the subset, so no page waits for another.

use super::assets::{Face, FontFace, PdfAssets};
use super::finish::{self, Meta, OutlineNode};
use super::inline::Link;
use super::model::{Content, Item, Line, Node, Page, Row};
use super::picture::PdfImage;
use super::style::{
    CELL_PAD_X, CELL_PAD_Y, FOOTER_BASELINE, FOOTER_SIZE, Ink, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, TEXT_WIDTH,
};
use super::tags::{Owner, PageLink, PageMarks};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use printpdf::{RawImage, RawImageData, RawImageFormat};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Top of the text block in PDF coordinates.
const TOP: f32 = PAGE_HEIGHT - MARGIN_TOP;

/// Words of a bit set over the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x1_0000 / 64;

/// Deflate level of the content streams and embedded files (fast; the text
/// streams gain little from the slow levels).
const DEFLATE_LEVEL: u32 = 3;

/// Resource name of a face (six capitals: also the subset tag).
fn font_tag(face: Face) -> String {
    format!("RECUE{}", char::from(b'A' + face.index() as u8))
}

/// What the renderer needs beside the pages.
pub struct RenderCtx<'a> {
    pub assets: &'a PdfAssets,
    pub items: &'a [Item],
    /// The logical structure the items belong to.
    pub nodes: &'a [Node],
    pub total_pages: usize,
    /// How many images the document holds (`/Im0`…).
    pub images: usize,
    /// 1-based page of each fiche.
    pub fiche_pages: &'a HashMap<usize, usize>,
    pub footer_title: String,
    /// Each page's running head (`None`: none).
    pub heads: &'a [Option<String>],
    /// Characters shown, per face (bit set over the BMP).
    used: Vec<Vec<AtomicU64>>,
}

impl<'a> RenderCtx<'a> {
    pub fn new(assets: &'a PdfAssets, parts: &'a Parts<'a>, total_pages: usize) -> Self {
        let used = Face::ALL.iter().map(|_| (0..BMP_WORDS).map(|_| AtomicU64::new(0)).collect()).collect();
        RenderCtx {
            assets,
            items: &parts.items,
            nodes: parts.nodes,
            total_pages,
            images: parts.images.len(),
            fiche_pages: parts.fiche_pages,
            footer_title: parts.footer_title.clone(),
            heads: parts.heads,
            used,
        }
    }

    /// Glyphs of `face` the pages showed, indexed by glyph id, with the
    /// character each stands for (the lowest one, when several share a glyph).
    fn used_glyphs(&self, face: Face) -> Option<(Vec<bool>, Vec<Option<char>>)> {
        let font = self.assets.face(face);
        let n = font.metrics.glyph_widths.len();
        let mut used = vec![false; n];
        let mut chars = vec![None; n];
        let mut any = false;
        for (w, word) in self.used[face.index()].iter().enumerate() {
            let mut bits = word.load(Ordering::Relaxed);
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(c) = char::from_u32((w * 64 + b) as u32) else { continue };
                let g = usize::from(font.gid(c));
                if g != 0 && g < n {
                    used[g] = true;
                    any = true;
                    if chars[g].is_none() {
                        chars[g] = Some(c);
                    }
                }
            }
        }
        any.then_some((used, chars))
    }
}

/// Appends `v` with at most three decimals and no trailing zeros.
fn num(out: &mut Vec<u8>, v: f32) {
    let n = if v.is_finite() { (f64::from(v) * 1000.0).round() as i64 } else { 0 };
    if n < 0 {
        out.push(b'-');
    }
    let a = n.unsigned_abs();
    let (int, frac) = (a / 1000, a % 1000);
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut x = int;
    loop {
        i -= 1;
        digits[i] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
    if frac != 0 {
        out.push(b'.');
        let f = [(frac / 100) as u8, (frac / 10 % 10) as u8, (frac % 10) as u8];
        let len = if f[2] != 0 {
            3
        } else if f[1] != 0 {
            2
        } else {
            1
        };
        out.extend(f[..len].iter().map(|d| b'0' + d));
    }
}

/// Appends the numbers separated by spaces, then ` op\n`.
fn op(out: &mut Vec<u8>, args: &[f32], name: &str) {
    for &a in args {
        num(out, a);
        out.push(b' ');
    }
    out.extend_from_slice(name.as_bytes());
    out.push(b'\n');
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Where a link annotation leads.
enum Target {
    Uri(String),
    /// 1-based page.
    Page(usize),
}

/// A link annotation of a page.
struct Annot {
    rect: [f32; 4],
    target: Target,
    /// What the link says (its text), for assistive technology.
    contents: String,
}

/// What the content being drawn is, for the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Content of a structure element (marked with an MCID).
    Tagged(Owner),
    /// A decoration (rules, backgrounds, a repeated table header).
    Artifact,
    /// The running footer.
    Footer,
    /// The running head.
    Header,
}

/// The content stream of one page, with the text state already set (fewer
/// operators: one text object per stretch of text, font and colour only when
/// they change).
struct PageWriter<'c, 'a> {
    ctx: &'c RenderCtx<'a>,
    out: Vec<u8>,
    annots: Vec<Annot>,
    in_text: bool,
    font: Option<(Face, f32)>,
    fill: Option<[f32; 3]>,
    /// Characters shown on this page, per face (merged into the context at the end).
    used: Vec<Vec<u64>>,
    /// The marked-content sequence open now.
    mark: Option<Mark>,
    marks: PageMarks,
}

impl PageWriter<'_, '_> {
    /// Makes what is drawn next belong to `mark`: closes the open
    /// marked-content sequence and opens another when it changes. Text
    /// objects never straddle a boundary.
    fn begin(&mut self, mark: Mark) {
        if self.mark == Some(mark) {
            return;
        }
        self.end_mark();
        match mark {
            Mark::Tagged(owner) => {
                let mcid = self.marks.mcids.len();
                self.marks.mcids.push(owner);
                let tag = match owner {
                    Owner::Node(n) => self.ctx.nodes.get(n).map_or("Span", |n| n.kind.name()),
                    Owner::Link(_) => "Link",
                };
                let _ = writeln!(self.out, "/{tag} <</MCID {mcid}>> BDC");
            }
            Mark::Artifact => self.out.extend_from_slice(b"/Artifact BMC\n"),
            Mark::Footer => self.out.extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"),
            Mark::Header => self.out.extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"),
        }
        self.mark = Some(mark);
    }

    fn end_mark(&mut self) {
        self.end_text();
        if self.mark.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    /// The mark of content owned by `node` (`None`: a decoration).
    fn owned(node: Option<usize>) -> Mark {
        node.map_or(Mark::Artifact, |n| Mark::Tagged(Owner::Node(n)))
    }

    /// Starts a link element under `parent` for the text drawn next.
    fn begin_link(&mut self, parent: usize) -> usize {
        let k = self.marks.links.len();
        self.marks.links.push(PageLink { parent, annots: Vec::new() });
        self.begin(Mark::Tagged(Owner::Link(k)));
        k
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, col: [f32; 3]) {
        if self.fill != Some(col) {
            op(&mut self.out, &col, "rg");
            self.fill = Some(col);
        }
    }

    /// Appends `<glyph ids>` for `s` in `font`, noting the characters used;
    /// a kerning pair closes the string and moves the next glyph by its value.
    fn glyphs(&mut self, face: Face, font: &FontFace, s: &str) {
        self.out.push(b'<');
        let used = &mut self.used[face.index()];
        let mut prev = None;
        for c in s.chars() {
            if let Some(p) = prev {
                let k = font.kern(p, c);
                if k != 0.0 {
                    self.out.push(b'>');
                    // thousandths of an em; positive moves left
                    num(&mut self.out, -k * 1000.0);
                    self.out.push(b'<');
                }
            }
            prev = Some(c);
            let g = font.gid(c);
            let cp = c as usize;
            if cp < 0x1_0000 {
                used[cp / 64] |= 1 << (cp % 64);
            }
            for b in g.to_be_bytes() {
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 15)]);
            }
        }
        self.out.push(b'>');
    }

    /// Shows `pieces` (text, extra space after it in points) from `(x, baseline)`.
    fn text<'s>(&mut self, face: Face, size: f32, ink: Ink, x: f32, baseline: f32, pieces: impl IntoIterator<Item = (&'s str, f32)>) {
        let assets = self.ctx.assets;
        let font = assets.face(face);
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
        if self.font != Some((face, size)) {
            self.out.push(b'/');
            self.out.extend_from_slice(font_tag(face).as_bytes());
            self.out.push(b' ');
            op(&mut self.out, &[size], "Tf");
            self.font = Some((face, size));
        }
        self.set_fill(self.ctx.assets.rgb(ink));
        op(&mut self.out, &[1.0, 0.0, 0.0, 1.0, x, baseline], "Tm");
        self.out.push(b'[');
        for (piece, extra) in pieces {
            self.glyphs(face, font, piece);
            if extra != 0.0 {
                // thousandths of an em; negative moves right (a shrunk space: left)
                num(&mut self.out, -extra * 1000.0 / size);
            }
        }
        self.out.extend_from_slice(b"] TJ\n");
    }

    /// Fill colour for graphics.
    fn graphics_fill(&mut self, col: [f32; 3]) {
        self.end_text();
        self.set_fill(col);
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        op(&mut self.out, &[x, y, w, h], "re f");
    }

    /// A link annotation over `[x, y, w, h]`, part of link element `owner`
    /// (`None`: the link is in a decoration, no annotation is made).
    fn link(&mut self, link: &Link, owner: Option<usize>, contents: &str, [x, y, w, h]: [f32; 4]) {
        let Some(k) = owner else { return };
        let target = match link {
            Link::Uri(u) => Target::Uri(u.clone()),
            Link::Fiche(i) => match self.ctx.fiche_pages.get(i) {
                Some(&page) => Target::Page(page),
                None => return,
            },
        };
        let contents = match contents.trim() {
            "" => match &target {
                Target::Uri(u) => u.clone(),
                Target::Page(p) => {
                    self.ctx.assets.labels.fill("pdf.page", &[("n", &p.to_string()), ("total", &self.ctx.total_pages.to_string())])
                }
            },
            t => t.replace('\u{AD}', ""),
        };
        self.marks.links[k].annots.push(self.annots.len());
        self.annots.push(Annot { rect: [x, y, x + w, y + h], target, contents });
    }

    /// Draws a line whose top is at `top` (PDF coordinates), left edge `left`;
    /// its runs belong to `owner` (`None`: a decoration), links to link
    /// elements under it.
    fn line(&mut self, line: &Line, left: f32, top: f32, owner: Option<usize>) {
        let baseline = top - line.baseline();
        let x0 = left + line.x;
        for run in &line.runs {
            let size = run.style.size;
            let node = run.node.or(owner);
            let link = match (&run.link, node) {
                (Some(_), Some(n)) => Some(self.begin_link(n)),
                _ => {
                    self.begin(Self::owned(node));
                    None
                }
            };
            self.text(run.style.face, size, run.style.ink, x0 + run.dx, baseline, run.pieces());
            if let Some(l) = &run.link {
                self.link(l, link, &run.text, [x0 + run.dx, baseline - 0.25 * size, run.width, 1.15 * size]);
            }
        }
        if let Some(fiche) = line.page_ref {
            let n = self.ctx.fiche_pages.get(&fiche).map(|p| p.to_string()).unwrap_or_default();
            let style = line.runs.first().map(|r| r.style).unwrap_or_else(super::style::Style::body);
            let w = self.ctx.assets.face(style.face).width(&n, style.size);
            let x = MARGIN_LEFT + TEXT_WIDTH - w;
            // dot leaders from the entry to its page number, on a 4 pt grid so
            // that they line up from entry to entry (a decoration)
            let end = line.runs.last().map_or(x0, |r| x0 + r.dx + r.width);
            let dot = self.ctx.assets.face(style.face).width(".", style.size);
            let first = MARGIN_LEFT + ((end + 4.0 - MARGIN_LEFT) / 4.0).ceil() * 4.0;
            let count = ((x - 4.0 - first) / 4.0).floor();
            if count >= 2.0 {
                self.begin(Mark::Artifact);
                let dots = std::iter::repeat_n((".", 4.0 - dot), count as usize);
                self.text(style.face, style.size, Ink::Muted, first, baseline, dots);
            }
            let link = match owner {
                Some(o) => Some(self.begin_link(o)),
                None => {
                    self.begin(Mark::Artifact);
                    None
                }
            };
            self.text(style.face, style.size, Ink::Text, x, baseline, [(n.as_str(), 0.0)]);
            let contents = self.ctx.assets.labels.fill("pdf.page", &[("n", &n), ("total", &self.ctx.total_pages.to_string())]);
            self.link(&Link::Fiche(fiche), link, &contents, [x - 4.0, baseline - 0.25 * style.size, w + 4.0, 1.15 * style.size]);
        }
    }

    fn hline(&mut self, x0: f32, x1: f32, y: f32, thickness: f32, col: [f32; 3]) {
        self.end_text();
        op(&mut self.out, &col, "RG");
        op(&mut self.out, &[thickness], "w");
        op(&mut self.out, &[x0, y], "m");
        op(&mut self.out, &[x1, y], "l S");
    }

    /// A table row; `repeat`: its header drawn again on a new page (a decoration).
    fn row(&mut self, row: &Row, top: f32, height: f32, repeat: bool) {
        let left = MARGIN_LEFT + row.x;
        if row.shaded {
            self.begin(Mark::Artifact);
            self.graphics_fill([0.92; 3]);
            self.fill_rect(left, top - height, row.width, height);
        }
        for cell in &row.cells {
            let owner = if repeat { None } else { cell.node };
            for (k, line) in cell.lines.iter().enumerate() {
                let line_top = top - CELL_PAD_Y - k as f32 * line.leading;
                self.line(line, left + cell.x + CELL_PAD_X, line_top, owner);
            }
        }
        self.begin(Mark::Artifact);
        self.hline(left, left + row.width, top - height, 0.4, [0.75; 3]);
    }

    fn item(&mut self, item: &Item, y: f32, repeat: bool) {
        let top = TOP - y;
        let node = if repeat { None } else { item.node };
        match &item.content {
            Content::Text(line) => self.line(line, MARGIN_LEFT, top, node),
            Content::Row(row) => self.row(row, top, item.height, repeat),
            Content::Image(img) => {
                if img.image >= self.ctx.images {
                    return;
                }
                self.begin(Self::owned(node));
                self.out.extend_from_slice(b"q\n");
                op(&mut self.out, &[img.width, 0.0, 0.0, img.height, MARGIN_LEFT + img.x, top - img.height], "cm");
                let _ = writeln!(self.out, "/Im{} Do\nQ", img.image);
            }
            Content::Drawing(d) => {
                self.begin(Self::owned(node));
                let (left, top) = (MARGIN_LEFT + d.x, top);
                op(&mut self.out, &[1.0, 1.0, 1.0], "RG");
                op(&mut self.out, &[0.4], "w");
                self.out.extend_from_slice(b"1 j\n");
                for (rings, fill) in &d.shapes {
                    self.set_fill(*fill);
                    for ring in rings {
                        for (i, &(x, y)) in ring.iter().enumerate() {
                            op(&mut self.out, &[left + x, top - y], if i == 0 { "m" } else { "l" });
                        }
                        self.out.extend_from_slice(b"h\n");
                    }
                    self.out.extend_from_slice(b"B\n");
                }
                for (x, y, size, text) in &d.labels {
                    self.text(Face::Regular, *size, Ink::Text, left + x, top - y, [(text.as_str(), 0.0)]);
                }
            }
            Content::Rule => {
                self.begin(Mark::Artifact);
                self.hline(MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, top - item.height / 2.0, 0.8, self.ctx.assets.rgb(Ink::Accent))
            }
            Content::Space => {}
        }
    }

    /// The cover's accent band across the top and thin bar at the foot.
    fn cover_band(&mut self) {
        self.begin(Mark::Artifact);
        self.graphics_fill(self.ctx.assets.rgb(Ink::Accent));
        self.fill_rect(0.0, PAGE_HEIGHT - 120.0, PAGE_WIDTH, 120.0);
        self.fill_rect(0.0, 0.0, PAGE_WIDTH, 14.0);
    }

    /// The running head: the title of the fiche the page belongs to.
    fn head(&mut self, title: &str) {
        self.begin(Mark::Header);
        let font = self.ctx.assets.face(Face::Italic);
        let title = font.fit(title, FOOTER_SIZE, TEXT_WIDTH);
        let w = font.width(&title, FOOTER_SIZE);
        self.text(
            Face::Italic,
            FOOTER_SIZE,
            Ink::Muted,
            MARGIN_LEFT + TEXT_WIDTH - w,
            PAGE_HEIGHT - MARGIN_TOP + 22.0,
            [(title.as_str(), 0.0)],
        );
    }

    fn footer(&mut self, n: usize, total: usize) {
        self.begin(Mark::Footer);
        let y = FOOTER_BASELINE;
        self.hline(MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, MARGIN_BOTTOM - 18.0, 0.4, [0.7; 3]);
        let font = self.ctx.assets.face(Face::Regular);
        let right = self.ctx.assets.labels.fill("pdf.page", &[("n", &n.to_string()), ("total", &total.to_string())]);
        let rw = font.width(&right, FOOTER_SIZE);
        let title = self.ctx.assets.face(Face::Italic).fit(&self.ctx.footer_title, FOOTER_SIZE, TEXT_WIDTH - rw - 20.0);
        self.text(Face::Italic, FOOTER_SIZE, Ink::Muted, MARGIN_LEFT, y, [(title.as_str(), 0.0)]);
        self.text(Face::Regular, FOOTER_SIZE, Ink::Muted, MARGIN_LEFT + TEXT_WIDTH - rw, y, [(right.as_str(), 0.0)]);
    }
}

/// Zlib-deflates `data`. Each thread keeps one compressor: its state (a few
/// hundred kilobytes, zeroed on creation) would otherwise be made anew for
/// every page.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::new(DEFLATE_LEVEL), true));
    }
    COMPRESSOR.with_borrow_mut(|c| {
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 3 + 64);
        loop {
            let read = c.total_in() as usize;
            match c.compress_vec(&data[read.min(data.len())..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // a deflater cannot fail on well-formed calls; keep the data readable
                Err(_) => return fallback_deflate(data),
            }
        }
        out
    })
}

fn fallback_deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(DEFLATE_LEVEL));
    // writing to a Vec cannot fail
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// A stream deflated now (`lopdf` will not touch it again).
fn deflated_stream(mut dict: Dictionary, data: &[u8]) -> Stream {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Stream::new(dict, deflate(data)).with_compression(false)
}

fn annot_dict(a: &Annot, page_ids: &[ObjectId], page: ObjectId) -> Object {
    let mut action = Dictionary::new();
    match &a.target {
        Target::Uri(u) => {
            action.set("S", Object::Name(b"URI".to_vec()));
            action.set("URI", Object::String(u.clone().into_bytes(), StringFormat::Literal));
        }
        Target::Page(p) => {
            action.set("S", Object::Name(b"GoTo".to_vec()));
            let page = page_ids.get(p.saturating_sub(1)).copied().map_or(Object::Null, Object::Reference);
            action.set("D", Object::Array(vec![page, Object::Name(b"XYZ".to_vec()), Object::Null, Object::Null, Object::Null]));
        }
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Link".to_vec()));
    d.set("Rect", Object::Array(a.rect.iter().map(|&v| Object::Real(v)).collect()));
    d.set("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)]));
    d.set("A", Object::Dictionary(action));
    d.set("Contents", finish::text_string(&a.contents));
    d.set("P", Object::Reference(page));
    // printed (PDF/A)
    d.set("F", Object::Integer(4));
    Object::Dictionary(d)
}

/// One rendered page: its dictionary, deflated content, annotations and marks.
struct Rendered {
    dict: Dictionary,
    content: Stream,
    annots: Vec<Annot>,
    marks: PageMarks,
}

/// Renders the pages in parallel: each page's dictionary and deflated content stream.
fn pages(ctx: &RenderCtx<'_>, pages: &[Page], ids: &PageIds) -> Vec<Rendered> {
    let total = pages.len();
    pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut p = PageWriter {
                ctx,
                out: Vec::with_capacity(page.placed.len() * 120 + 256),
                annots: Vec::new(),
                in_text: false,
                font: None,
                fill: None,
                used: Face::ALL.iter().map(|_| vec![0u64; BMP_WORDS]).collect(),
                mark: None,
                marks: PageMarks::default(),
            };
            if !page.footer {
                p.cover_band();
            }
            for pl in &page.placed {
                p.item(&ctx.items[pl.item], pl.y, pl.repeat);
            }
            if page.footer {
                if let Some(Some(title)) = ctx.heads.get(i) {
                    p.head(title);
                }
                p.footer(i + 1, total);
            }
            p.end_mark();
            for (mine, shared) in p.used.iter().zip(&ctx.used) {
                for (w, s) in mine.iter().zip(shared) {
                    if *w != 0 {
                        s.fetch_or(*w, Ordering::Relaxed);
                    }
                }
            }
            let content = deflated_stream(Dictionary::new(), &p.out);
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"Page".to_vec()));
            dict.set("Parent", Object::Reference(ids.pages));
            dict.set("MediaBox", Object::Array(vec![0.into(), 0.into(), Object::Real(PAGE_WIDTH), Object::Real(PAGE_HEIGHT)]));
            dict.set("Resources", Object::Reference(ids.resources));
            dict.set("Contents", Object::Reference(ids.contents[i]));
            // the tab order follows the structure
            dict.set("Tabs", Object::Name(b"S".to_vec()));
            Rendered { dict, content, annots: p.annots, marks: p.marks }
        })
        .collect()
}

/// Object ids reserved before the pages are rendered.
struct PageIds {
    pages: ObjectId,
    resources: ObjectId,
    pages_list: Vec<ObjectId>,
    contents: Vec<ObjectId>,
}

/// `/ToUnicode` of the glyphs used (glyph id → character).
fn to_unicode(tag: &str, chars: &[Option<char>]) -> Vec<u8> {
    let pairs: Vec<(usize, char)> = chars.iter().enumerate().filter_map(|(g, c)| c.map(|c| (g, c))).collect();
    let mut s = String::with_capacity(200 + pairs.len() * 24);
    s.push_str("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    s.push_str("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
    s.push_str(&format!("/CMapName /{tag}-UCS def\n/CMapType 2 def\n"));
    s.push_str("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for chunk in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (g, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{g:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// `/W` for the glyphs used: runs of consecutive ids.
fn widths(font: &FontFace, used: &[bool]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut g = 0;
    while g < used.len() {
        if !used[g] {
            g += 1;
            continue;
        }
        let start = g;
        let mut run = Vec::new();
        while g < used.len() && used[g] {
            run.push(Object::Integer(font.metrics.glyph_widths[g]));
            g += 1;
        }
        out.push(Object::Integer(start as i64));
        out.push(Object::Array(run));
    }
    out
}

/// Embeds one face, subset to the glyphs used; returns the font dictionary's id.
fn embed_font(doc: &mut Document, assets: &PdfAssets, face: Face, used: &[bool], chars: &[Option<char>]) -> ObjectId {
    let font = assets.face(face);
    let tag = font_tag(face);
    let m = &font.metrics;
    let mut file_dict = Dictionary::new();
    let (base, subtype, file_key, program, cid_to_gid) = if let Some(sub) = super::subset::subset(&font.bytes, used) {
        file_dict.set("Length1", Object::Integer(sub.program.len() as i64));
        let map = doc.add_object(deflated_stream(Dictionary::new(), &sub.cid_to_gid));
        (format!("{tag}+{}", m.postscript_name), "CIDFontType2", "FontFile2", deflate(&sub.program), Object::Reference(map))
    } else if font.bytes.starts_with(b"OTTO") {
        // CFF outlines: embedded whole (glyph ids are the codes)
        file_dict.set("Subtype", Object::Name(b"OpenType".to_vec()));
        (m.postscript_name.clone(), "CIDFontType0", "FontFile3", deflate(&font.bytes), Object::Null)
    } else {
        file_dict.set("Length1", Object::Integer(font.bytes.len() as i64));
        (m.postscript_name.clone(), "CIDFontType2", "FontFile2", deflate(&font.bytes), Object::Name(b"Identity".to_vec()))
    };
    file_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let file_id = doc.add_object(Stream::new(file_dict, program).with_compression(false));
    let italic = m.italic_angle.abs() > 0.01;
    let stem_v = if m.weight == 0 { 80 } else { 50 + (f32::from(m.weight) / 65.0).powi(2).round() as i64 };
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(base.clone().into_bytes()));
    descriptor.set("Flags", Object::Integer(32 | if italic { 64 } else { 0 }));
    descriptor.set("FontBBox", Object::Array(m.bbox.iter().map(|&v| Object::Integer(v)).collect()));
    descriptor.set("ItalicAngle", Object::Real(m.italic_angle));
    descriptor.set("Ascent", Object::Integer(m.ascent));
    descriptor.set("Descent", Object::Integer(m.descent));
    descriptor.set("CapHeight", Object::Integer(m.cap_height));
    descriptor.set("StemV", Object::Integer(stem_v));
    descriptor.set(file_key, Object::Reference(file_id));
    let descriptor_id = doc.add_object(descriptor);
    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    cid.set("BaseFont", Object::Name(base.clone().into_bytes()));
    let mut info = Dictionary::new();
    info.set("Registry", Object::String(b"Adobe".to_vec(), StringFormat::Literal));
    info.set("Ordering", Object::String(b"Identity".to_vec(), StringFormat::Literal));
    info.set("Supplement", Object::Integer(0));
    cid.set("CIDSystemInfo", Object::Dictionary(info));
    cid.set("FontDescriptor", Object::Reference(descriptor_id));
    cid.set("DW", Object::Integer(1000));
    cid.set("W", Object::Array(widths(font, used)));
    if subtype == "CIDFontType2" {
        cid.set("CIDToGIDMap", cid_to_gid);
    }
    let cid_id = doc.add_object(cid);
    let unicode_id = doc.add_object(deflated_stream(Dictionary::new(), &to_unicode(&tag, chars)));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Font".to_vec()));
    dict.set("Subtype", Object::Name(b"Type0".to_vec()));
    dict.set("BaseFont", Object::Name(base.into_bytes()));
    dict.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    dict.set("DescendantFonts", Object::Array(vec![Object::Reference(cid_id)]));
    dict.set("ToUnicode", Object::Reference(unicode_id));
    doc.add_object(dict)
}

/// 8-bit samples of an image and its colour space, with the alpha channel apart.
fn image_samples(img: &RawImage) -> (Vec<u8>, &'static [u8], Option<Vec<u8>>) {
    let samples: Vec<u8> = match &img.pixels {
        RawImageData::U8(v) => v.clone(),
        RawImageData::U16(v) => v.iter().map(|s| (s >> 8) as u8).collect(),
        RawImageData::F32(v) => v.iter().map(|s| (s.clamp(0.0, 1.0) * 255.0).round() as u8).collect(),
    };
    let (channels, colour, alpha_at, bgr): (usize, &[u8], Option<usize>, bool) = match img.data_format {
        RawImageFormat::R8 | RawImageFormat::R16 => (1, b"DeviceGray", None, false),
        RawImageFormat::RG8 | RawImageFormat::RG16 => (2, b"DeviceGray", Some(1), false),
        RawImageFormat::RGB8 | RawImageFormat::RGB16 | RawImageFormat::RGBF32 => (3, b"DeviceRGB", None, false),
        RawImageFormat::RGBA8 | RawImageFormat::RGBA16 | RawImageFormat::RGBAF32 => (4, b"DeviceRGB", Some(3), false),
        RawImageFormat::BGR8 => (3, b"DeviceRGB", None, true),
        RawImageFormat::BGRA8 => (4, b"DeviceRGB", Some(3), true),
    };
    if alpha_at.is_none() && !bgr {
        return (samples, colour, None);
    }
    let colours = if alpha_at.is_some() { channels - 1 } else { channels };
    let mut out = Vec::with_capacity(samples.len() / channels * colours);
    let mut alpha = alpha_at.map(|_| Vec::with_capacity(samples.len() / channels));
    for px in samples.chunks_exact(channels) {
        if bgr {
            out.extend_from_slice(&[px[2], px[1], px[0]]);
        } else {
            out.extend_from_slice(&px[..colours]);
        }
        if let (Some(a), Some(at)) = (alpha.as_mut(), alpha_at) {
            a.push(px[at]);
        }
    }
    (out, colour, alpha)
}

fn image_dict(w: usize, h: usize, colour: &[u8]) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Image".to_vec()));
    d.set("Width", Object::Integer(w as i64));
    d.set("Height", Object::Integer(h as i64));
    d.set("ColorSpace", Object::Name(colour.to_vec()));
    d.set("BitsPerComponent", Object::Integer(8));
    d
}

/// The image XObjects (and their soft masks), deflated in parallel.
fn images(doc: &mut Document, images: &[PdfImage]) -> Vec<ObjectId> {
    let encoded: Vec<(Stream, Option<Stream>)> = images
        .par_iter()
        .map(|img| {
            let img = match img {
                PdfImage::Jpeg { data, width, height, gray } => {
                    // the file's own bytes: DCTDecode, never re-encoded
                    let mut d = image_dict(*width, *height, if *gray { b"DeviceGray" } else { b"DeviceRGB" });
                    d.set("Filter", Object::Name(b"DCTDecode".to_vec()));
                    return (Stream::new(d, data.clone()).with_compression(false), None);
                }
                PdfImage::Raw(r) => r,
            };
            let (samples, colour, alpha) = image_samples(img);
            let mask = alpha.map(|a| deflated_stream(image_dict(img.width, img.height, b"DeviceGray"), &a));
            (deflated_stream(image_dict(img.width, img.height, colour), &samples), mask)
        })
        .collect();
    encoded
        .into_iter()
        .map(|(mut s, mask)| {
            if let Some(m) = mask {
                let id = doc.add_object(m);
                s.dict.set("SMask", Object::Reference(id));
            }
            doc.add_object(s)
        })
        .collect()
}

/// Everything `document` writes.
pub struct Parts<'a> {
    /// Dropped as soon as the pages are drawn (the largest part of a big layout).
    pub items: Vec<Item>,
    pub nodes: &'a [Node],
    pub pages: &'a [Page],
    pub images: &'a [PdfImage],
    pub fiche_pages: &'a HashMap<usize, usize>,
    pub footer_title: String,
    pub heads: &'a [Option<String>],
    pub outline: &'a [OutlineNode],
    pub meta: &'a Meta,
}

/// Writes the document: pages, fonts, images, outline and metadata.
/// Returns the `lopdf` document and the objects serialised apart (the
/// structure tree), for [`super::save::save`].
pub fn document(mut parts: Parts<'_>, assets: &PdfAssets) -> Result<(Document, super::save::Raw), super::PdfError> {
    let mut doc = Document::with_version("1.7");
    let ids = PageIds {
        pages: doc.new_object_id(),
        resources: doc.new_object_id(),
        pages_list: parts.pages.iter().map(|_| doc.new_object_id()).collect(),
        contents: parts.pages.iter().map(|_| doc.new_object_id()).collect(),
    };
    let (rendered, glyphs) = {
        let ctx = RenderCtx::new(assets, &parts, parts.pages.len());
        let rendered = pages(&ctx, parts.pages, &ids);
        let glyphs: Vec<_> = Face::ALL.iter().map(|&f| ctx.used_glyphs(f)).collect();
        (rendered, glyphs)
    };
    // the layout's lines are drawn: free them before the structure is written
    parts.items = Vec::new();
    super::release_free_memory();
    let mut marks = Vec::with_capacity(rendered.len());
    let mut annot_ids = Vec::with_capacity(rendered.len());
    for (r, (&page_id, &content_id)) in rendered.into_iter().zip(ids.pages_list.iter().zip(&ids.contents)) {
        let Rendered { mut dict, content, annots, marks: m } = r;
        let refs: Vec<ObjectId> = annots.iter().map(|a| doc.add_object(annot_dict(a, &ids.pages_list, page_id))).collect();
        if !refs.is_empty() {
            dict.set("Annots", Object::Array(refs.iter().map(|&r| Object::Reference(r)).collect()));
        }
        doc.objects.insert(page_id, Object::Dictionary(dict));
        doc.objects.insert(content_id, Object::Stream(content));
        marks.push(m);
        annot_ids.push(refs);
    }
    let (struct_tree, raw) = super::tags::write_tree(&mut doc, parts.nodes, &marks, &ids.pages_list, &annot_ids);
    drop(marks);
    let mut fonts = Dictionary::new();
    for (face, glyphs) in Face::ALL.into_iter().zip(glyphs) {
        if let Some((used, chars)) = glyphs {
            let id = embed_font(&mut doc, assets, face, &used, &chars);
            fonts.set(font_tag(face), Object::Reference(id));
        }
    }
    let mut xobjects = Dictionary::new();
    for (i, id) in images(&mut doc, parts.images).into_iter().enumerate() {
        xobjects.set(format!("Im{i}"), Object::Reference(id));
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    if !xobjects.is_empty() {
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    doc.objects.insert(ids.resources, Object::Dictionary(resources));
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(ids.pages_list.len() as i64));
    tree.set("Kids", Object::Array(ids.pages_list.iter().map(|&p| Object::Reference(p)).collect()));
    doc.objects.insert(ids.pages, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(ids.pages));
    catalog.set("StructTreeRoot", Object::Reference(struct_tree));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));
    finish::finish(&mut doc, parts.outline, parts.meta)?;
    Ok((doc, raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        let s = |v: f32| {
            let mut o = Vec::new();
            num(&mut o, v);
            String::from_utf8(o).expect("ascii")
        };
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0001), "0");
        assert_eq!(s(12.0), "12");
        assert_eq!(s(595.276), "595.276");
        assert_eq!(s(-3.5), "-3.5");
        assert_eq!(s(0.05), "0.05");
        assert_eq!(s(f32::NAN), "0");
    }

    #[test]
    fn deflate_round_trips_and_reuses_its_compressor() {
        use std::io::Read as _;
        for data in [Vec::new(), b"BT /RECUEA 10 Tf ET\n".repeat(5000), (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect()] {
            for _ in 0..2 {
                let packed = deflate(&data);
                let mut back = Vec::new();
                flate2::read::ZlibDecoder::new(&packed[..]).read_to_end(&mut back).expect("inflate");
                assert_eq!(back, data);
            }
        }
    }

    #[test]
    fn to_unicode_maps_glyphs_to_characters() {
        let cmap = String::from_utf8(to_unicode("RECUEA", &[None, Some('é'), None, Some('\u{1F600}')])).expect("ascii");
        assert!(cmap.contains("<0001> <00E9>"), "{cmap}");
        assert!(cmap.contains("<0003> <D83DDE00>"), "{cmap}");
        assert!(cmap.contains("2 beginbfchar"));
    }
}
