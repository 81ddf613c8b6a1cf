//! Blocks → the vertical flow of items: paragraphs broken into lines with
//! their keep rules (headings, widows, orphans), tables into rows with their
//! column widths, images scaled to the text width.

use super::assets::PdfAssets;
use super::blocks::{Block, Para, Picture, Table};
use super::inline::Span;
use super::linebreak::{Align, Measure, break_lines};
use super::model::{Anchor, Cell, Content, ImageBox, Item, Kind, Line, Node, Role, Row};
use super::picture::{self as pic, PdfImage};
use super::style::{CELL_PAD_X, CELL_PAD_Y, Ink, SMALL_LEADING, Style, TEXT_WIDTH, WIDE_WIDTH};

/// Room kept on the right of contents entries for the page number.
pub const PAGE_REF_WIDTH: f32 = 36.0;

/// The flow being built, and the images it references.
pub struct Flow<'a> {
    assets: &'a PdfAssets,
    pub items: Vec<Item>,
    pub images: Vec<PdfImage>,
    next_para: u32,
    pending_break: bool,
    pending_anchor: Option<Anchor>,
    no_footer: bool,
    /// The next item after a heading must keep with the one after it.
    after_heading: bool,
    /// The logical structure (tagged PDF), in reading order.
    pub nodes: Vec<Node>,
    /// Elements holding what comes next (a list, a list item with its body…).
    open: Vec<Open>,
}

/// Which cells of a table row are header cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowHead {
    None,
    /// Every cell: the header row (each heads its column).
    All,
    /// The first: it heads its row.
    First,
}

/// An open structure element.
#[derive(Debug, Clone, Copy)]
struct Open {
    node: usize,
    /// A list item's body, once its label is set.
    body: Option<usize>,
}

impl<'a> Flow<'a> {
    pub fn new(assets: &'a PdfAssets) -> Self {
        Flow {
            assets,
            items: Vec::new(),
            images: Vec::new(),
            next_para: 0,
            pending_break: false,
            pending_anchor: None,
            no_footer: false,
            after_heading: false,
            nodes: Vec::new(),
            open: Vec::new(),
        }
    }

    /// Whether content is set at the text block's left edge (not inside a
    /// list or a quotation, whose tables stay in the block).
    fn indent_free(&self) -> bool {
        !self.open.iter().any(|o| matches!(self.nodes[o.node].kind, Kind::L | Kind::LI | Kind::BlockQuote))
    }

    /// The element new content goes into (`None`: the document).
    fn parent(&self) -> Option<usize> {
        self.open.last().map(|o| o.body.unwrap_or(o.node))
    }

    fn inside(&self, kind: Kind) -> bool {
        self.open.last().is_some_and(|o| self.nodes[o.node].kind == kind)
    }

    /// A new structure element under `parent`.
    fn node_in(&mut self, kind: Kind, parent: Option<usize>, alt: Option<String>) -> usize {
        self.nodes.push(Node { kind, parent, alt });
        self.nodes.len() - 1
    }

    fn node(&mut self, kind: Kind) -> usize {
        self.node_in(kind, self.parent(), None)
    }

    fn push_item(&mut self, mut item: Item) -> usize {
        if self.pending_break {
            item.break_before = true;
            self.pending_break = false;
            self.no_footer = false;
        }
        if item.anchor.is_none() {
            item.anchor = self.pending_anchor.take();
        }
        item.no_footer = self.no_footer;
        if item.role == Role::Heading {
            self.after_heading = true;
        } else if self.after_heading {
            self.after_heading = false;
            item.keep_with_next = true;
        }
        self.items.push(item);
        self.items.len() - 1
    }

    pub fn push(&mut self, block: Block) {
        match block {
            Block::Para(p) => self.para(p),
            Block::Table(t) => self.table(t),
            Block::Picture(p) => self.picture(p),
            Block::Drawing(d) => {
                let height = d.height;
                let alt = Some(d.alt.clone());
                let figure = self.node_in(Kind::Figure, self.parent(), alt);
                let mut it = Item::new(Content::Drawing(d), height);
                it.node = Some(figure);
                it.space_before = 8.0;
                it.keep_with_next = true;
                self.push_item(it);
            }
            Block::Space(h) => {
                self.push_item(Item::new(Content::Space, h));
            }
            Block::Rule(sb) => {
                let mut it = Item::new(Content::Rule, 6.0);
                it.space_before = sb;
                self.push_item(it);
            }
            Block::PageBreak => self.pending_break = true,
            Block::Anchor(a) => self.pending_anchor = Some(a),
            Block::NoFooter => self.no_footer = true,
            Block::Open(kind) => {
                let node = self.node(kind);
                self.open.push(Open { node, body: None });
            }
            Block::Close => {
                self.open.pop();
            }
        }
    }

    /// Appends a flow built separately (in parallel), renumbering its
    /// paragraphs, header rows, images and structure elements.
    pub fn append(&mut self, other: Flow<'_>) {
        let base = self.items.len();
        let images = self.images.len();
        let paras = self.next_para;
        let nodes = self.nodes.len();
        let parent = self.parent();
        self.nodes.extend(other.nodes.into_iter().map(|mut n| {
            n.parent = n.parent.map_or(parent, |p| Some(p + nodes));
            n
        }));
        let shift = |n: &mut Option<usize>| {
            if let Some(v) = n.as_mut() {
                *v += nodes;
            }
        };
        self.items.extend(other.items.into_iter().map(|mut it| {
            shift(&mut it.node);
            match &mut it.content {
                Content::Text(line) => line.runs.iter_mut().for_each(|r| shift(&mut r.node)),
                Content::Row(row) => row.cells.iter_mut().for_each(|c| {
                    shift(&mut c.node);
                    c.lines.iter_mut().flat_map(|l| l.runs.iter_mut()).for_each(|r| shift(&mut r.node));
                }),
                _ => {}
            }
            if let Role::Body { para, line, count } = it.role {
                it.role = Role::Body { para: para + paras, line, count };
            }
            if let Some(h) = it.repeat_header.as_mut() {
                *h += base;
            }
            if let Content::Image(img) = &mut it.content {
                img.image += images;
            }
            it
        }));
        self.images.extend(other.images);
        self.next_para += other.next_para;
        self.after_heading = other.after_heading;
    }

    pub fn extend(&mut self, blocks: impl IntoIterator<Item = Block>) {
        for b in blocks {
            self.push(b);
        }
    }

    /// The structure element of a paragraph (and of its list label).
    fn para_node(&mut self, p: &Para) -> (usize, Option<usize>) {
        if self.inside(Kind::TOC) && (p.page_ref.is_some() || p.heading.is_some()) {
            return (self.node(Kind::TOCI), None);
        }
        if let Some(level) = p.heading {
            return (self.node(Kind::H(level)), None);
        }
        if p.marker.is_some()
            && let Some(top) = self.open.last().copied()
            && self.nodes[top.node].kind == Kind::LI
            && top.body.is_none()
        {
            let label = self.node_in(Kind::Lbl, Some(top.node), None);
            let body = self.node_in(Kind::LBody, Some(top.node), None);
            if let Some(o) = self.open.last_mut() {
                o.body = Some(body);
            }
            return (body, Some(label));
        }
        (self.node(Kind::P), None)
    }

    fn para(&mut self, p: Para) {
        let node = self.para_node(&p);
        self.para_in(p, node);
    }

    /// Sets a paragraph whose content belongs to `node` (its label to `.1`).
    fn para_in(&mut self, p: Para, (node, label): (usize, Option<usize>)) {
        let reserve = if p.page_ref.is_some() { PAGE_REF_WIDTH } else { 0.0 };
        let m = Measure {
            x: p.indent,
            width: TEXT_WIDTH - p.indent - p.indent_right - reserve,
            align: p.align,
            leading: p.leading,
            hyphenate: p.heading.is_none() && p.page_ref.is_none(),
            balance: p.heading.is_some(),
        };
        let mut lines = break_lines(&p.spans, &m, self.assets);
        if lines.is_empty() {
            return;
        }
        if let Some(marker) = &p.marker {
            let w = self.assets.face(marker.style.face).width(&marker.text, marker.style.size);
            let run = super::model::Run {
                dx: -(w + 5.0),
                width: w,
                style: marker.style,
                link: None,
                text: marker.text.clone(),
                gaps: Vec::new(),
                node: label,
            };
            lines[0].runs.insert(0, run);
        }
        if let (Some(r), Some(last)) = (p.page_ref, lines.last_mut()) {
            last.page_ref = Some(r);
        }
        let count = lines.len() as u32;
        let para = self.next_para;
        self.next_para += 1;
        for (i, line) in lines.into_iter().enumerate() {
            let i = i as u32;
            let mut it = Item::new(Content::Text(line), p.leading);
            it.node = Some(node);
            if i == 0 {
                it.space_before = p.space_before;
            }
            if p.heading.is_some() {
                it.role = Role::Heading;
                it.keep_with_next = true;
            } else {
                it.role = Role::Body { para, line: i, count };
                // no orphan (first line alone at a page's foot), no widow (last line alone at the top)
                it.keep_with_next = count >= 2 && (i == 0 || i + 2 == count);
                if i + 1 == count && p.keep_with_next {
                    it.keep_with_next = true;
                }
            }
            self.push_item(it);
        }
    }

    /// Natural (one-line) and minimal (longest word) widths of a cell.
    fn cell_widths(&self, spans: &[Span]) -> (f32, f32) {
        let mut natural = 0.0f32;
        let mut longest = 0.0f32;
        for s in spans {
            let font = self.assets.face(s.style.face);
            natural += font.width(&s.text, s.style.size);
            for w in s.text.split(' ') {
                longest = longest.max(font.width(w, s.style.size));
            }
        }
        (natural + 2.0 * CELL_PAD_X, longest + 2.0 * CELL_PAD_X)
    }

    fn table(&mut self, t: Table) {
        let ncols = t.header.iter().chain(t.rows.iter()).map(Vec::len).max().unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let mut nat = vec![0.0f32; ncols];
        let mut min = vec![0.0f32; ncols];
        // the header is measured as it is drawn: in bold
        let header: Option<Vec<Vec<Span>>> =
            t.header.as_ref().map(|h| h.iter().map(|c| c.iter().map(|s| Span { style: s.style.bold(), ..s.clone() }).collect()).collect());
        for row in header.iter().chain(t.rows.iter()) {
            for (i, cell) in row.iter().enumerate() {
                let (n, m) = self.cell_widths(cell);
                nat[i] = nat[i].max(n.min(WIDE_WIDTH));
                min[i] = min[i].max(m.min(TEXT_WIDTH / 2.0));
            }
        }
        let total_nat: f32 = nat.iter().sum();
        let total_min: f32 = min.iter().sum();
        // a table that does not fit the text block spreads into the margins,
        // centred on the page, rather than cutting its words
        let full = match t.width {
            Some(w) => w.min(TEXT_WIDTH),
            None if total_nat > TEXT_WIDTH && self.indent_free() => WIDE_WIDTH.min(total_nat.max(TEXT_WIDTH)),
            None => TEXT_WIDTH,
        };
        let shift = (TEXT_WIDTH - full).min(0.0) / 2.0;
        let widths: Vec<f32> = if total_nat <= full {
            nat.iter().map(|n| n + (full - total_nat) * n / total_nat.max(1.0)).collect()
        } else if total_min <= full {
            let flex: f32 = nat.iter().zip(&min).map(|(n, m)| n - m).sum::<f32>().max(1.0);
            nat.iter().zip(&min).map(|(n, m)| m + (full - total_min) * (n - m) / flex).collect()
        } else {
            min.iter().map(|m| full * m / total_min).collect()
        };
        let table = self.node(Kind::Table);
        // header cells: the header row's, else each row's first cell (label, value tables)
        let header_idx = header.as_ref().map(|bold| {
            let mut it = self.row_item(bold, &widths, &t.aligns, true, (table, RowHead::All, shift));
            it.space_before = t.space_before;
            it.keep_with_next = true;
            self.push_item(it)
        });
        let head = if header_idx.is_some() || ncols < 2 { RowHead::None } else { RowHead::First };
        let n = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let total = t.total && i + 1 == n;
            let mut it = self.row_item(row, &widths, &t.aligns, total, (table, head, shift));
            if header_idx.is_none() && i == 0 {
                it.space_before = t.space_before;
            }
            it.repeat_header = header_idx;
            // the total row stays with the row above it
            if t.total && i + 2 == n {
                it.keep_with_next = true;
            }
            self.push_item(it);
        }
    }

    /// A table row: a TR under `table`, a TH or TD per cell.
    fn row_item(
        &mut self,
        cells: &[Vec<Span>],
        widths: &[f32],
        aligns: &[Align],
        shaded: bool,
        (table, head, shift): (usize, RowHead, f32),
    ) -> Item {
        let tr = self.node_in(Kind::TR, Some(table), None);
        let mut x = 0.0;
        let mut out = Vec::with_capacity(widths.len());
        let mut height = 0.0f32;
        for (i, w) in widths.iter().enumerate() {
            let spans = cells.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let m = Measure {
                x: 0.0,
                width: w - 2.0 * CELL_PAD_X,
                align: aligns.get(i).copied().unwrap_or(Align::Left),
                leading: SMALL_LEADING,
                hyphenate: true,
                balance: false,
            };
            let lines: Vec<Line> = break_lines(spans, &m, self.assets);
            height = height.max(lines.len() as f32 * SMALL_LEADING);
            let kind = match head {
                RowHead::All => Kind::TH { row: false },
                RowHead::First if i == 0 => Kind::TH { row: true },
                _ => Kind::TD,
            };
            let node = self.node_in(kind, Some(tr), None);
            out.push(Cell { x, width: *w, lines, node: Some(node) });
            x += w;
        }
        let row = Row { cells: out, x: shift, width: x, shaded, header: shaded };
        let mut it = Item::new(Content::Row(row), height.max(SMALL_LEADING) + 2.0 * CELL_PAD_Y);
        it.node = Some(tr);
        it
    }

    fn picture(&mut self, p: Picture) {
        let room = p.max_width.min(TEXT_WIDTH);
        let decoded = std::fs::read(&p.path).ok().and_then(|b| pic::load(&b, room));
        let Some(img) = decoded else {
            let l = &self.assets.labels;
            let label = if p.alt.trim().is_empty() { l.get("pdf.image_sans_texte") } else { super::inline::fr(&p.alt) };
            let style = Style::body().italic().ink(Ink::Muted);
            self.para(Para::new(vec![Span::new(l.fill("pdf.image", &[("alt", &label)]), style)]));
            return;
        };
        let (px_w, px_h) = img.size();
        // never printed larger than its pixels allow
        let (width, height) = crate::model::image::print_size(px_w, px_h, room, p.max_height);
        self.images.push(img);
        let x = if p.flush_left { 0.0 } else { (TEXT_WIDTH - width) / 2.0 };
        let mut it = Item::new(Content::Image(ImageBox { image: self.images.len() - 1, x, width, height }), height);
        it.space_before = 8.0;
        it.keep_with_next = p.credit.is_some();
        // the alt text goes into the structure, not under the picture; an
        // image without one is a decoration
        let alt = super::inline::fr(p.alt.trim());
        let figure = (!alt.is_empty()).then(|| self.node_in(Kind::Figure, self.parent(), Some(alt)));
        it.node = figure;
        self.push_item(it);
        if let Some(c) = &p.credit {
            let caption_style = Style::small().italic().ink(Ink::Muted);
            let credit = self.assets.labels.fill("fiche.credit", &[("credit", c)]);
            let para = Para::new(vec![Span::new(super::inline::fr(&credit), caption_style).no_hyphen()])
                .align(Align::Center)
                .leading(SMALL_LEADING)
                .space_before(3.0);
            let node = match figure {
                Some(f) => self.node_in(Kind::Caption, Some(f), None),
                None => self.node(Kind::P),
            };
            self.para_in(para, (node, None));
        }
    }
}
