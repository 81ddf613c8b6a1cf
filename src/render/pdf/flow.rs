//! Blocks → the vertical flow of items: paragraphs broken into lines with
//! their keep rules (headings, widows, orphans), tables into rows with their
//! column widths, images scaled to the text width.

use super::assets::PdfAssets;
use super::blocks::{Block, Para, Picture, Table};
use super::inline::Span;
use super::linebreak::{Align, Measure, break_lines};
use super::model::{Anchor, Cell, Content, ImageBox, Item, Line, Role, Row};
use super::style::{CELL_PAD_X, CELL_PAD_Y, Ink, SMALL_LEADING, Style, TEXT_WIDTH};
use printpdf::RawImage;

/// Room kept on the right of contents entries for the page number.
pub const PAGE_REF_WIDTH: f32 = 36.0;

/// The flow being built, and the images it references.
pub struct Flow<'a> {
    assets: &'a PdfAssets,
    pub items: Vec<Item>,
    pub images: Vec<RawImage>,
    next_para: u32,
    pending_break: bool,
    pending_anchor: Option<Anchor>,
    no_footer: bool,
    /// The next item after a heading must keep with the one after it.
    after_heading: bool,
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
        }
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
                let mut it = Item::new(Content::Drawing(d), height);
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
        }
    }

    /// Appends a flow built separately (in parallel), renumbering its
    /// paragraphs, header rows and images.
    pub fn append(&mut self, other: Flow<'_>) {
        let base = self.items.len();
        let images = self.images.len();
        let paras = self.next_para;
        self.items.extend(other.items.into_iter().map(|mut it| {
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

    fn para(&mut self, p: Para) {
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
                nat[i] = nat[i].max(n.min(TEXT_WIDTH));
                min[i] = min[i].max(m.min(TEXT_WIDTH / 2.0));
            }
        }
        let full = t.width.unwrap_or(TEXT_WIDTH).min(TEXT_WIDTH);
        let total_nat: f32 = nat.iter().sum();
        let total_min: f32 = min.iter().sum();
        let widths: Vec<f32> = if total_nat <= full {
            nat.iter().map(|n| n + (full - total_nat) * n / total_nat.max(1.0)).collect()
        } else if total_min <= full {
            let flex: f32 = nat.iter().zip(&min).map(|(n, m)| n - m).sum::<f32>().max(1.0);
            nat.iter().zip(&min).map(|(n, m)| m + (full - total_min) * (n - m) / flex).collect()
        } else {
            min.iter().map(|m| full * m / total_min).collect()
        };
        let header_idx = header.as_ref().map(|bold| {
            let mut it = self.row_item(bold, &widths, &t.aligns, true);
            it.space_before = t.space_before;
            it.keep_with_next = true;
            self.push_item(it)
        });
        let n = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let total = t.total && i + 1 == n;
            let mut it = self.row_item(row, &widths, &t.aligns, total);
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

    fn row_item(&self, cells: &[Vec<Span>], widths: &[f32], aligns: &[Align], shaded: bool) -> Item {
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
            out.push(Cell { x, width: *w, lines });
            x += w;
        }
        let row = Row { cells: out, width: x, shaded, header: shaded };
        Item::new(Content::Row(row), height.max(SMALL_LEADING) + 2.0 * CELL_PAD_Y)
    }

    fn picture(&mut self, p: Picture) {
        let decoded = std::fs::read(&p.path).ok().and_then(|b| {
            let mut warnings = Vec::new();
            RawImage::decode_from_bytes(&b, &mut warnings).ok()
        });
        let Some(img) = decoded.filter(|i| i.width > 0 && i.height > 0) else {
            let l = &self.assets.labels;
            let label = if p.alt.trim().is_empty() { l.get("pdf.image_sans_texte") } else { super::inline::fr(&p.alt) };
            let style = Style::body().italic().ink(Ink::Muted);
            self.para(Para::new(vec![Span::new(l.fill("pdf.image", &[("alt", &label)]), style)]));
            return;
        };
        let ratio = img.height as f32 / img.width as f32;
        let mut width = p.max_width.min(TEXT_WIDTH);
        let mut height = width * ratio;
        if height > p.max_height {
            height = p.max_height;
            width = height / ratio;
        }
        self.images.push(img);
        let x = if p.flush_left { 0.0 } else { (TEXT_WIDTH - width) / 2.0 };
        let mut it = Item::new(Content::Image(ImageBox { image: self.images.len() - 1, x, width, height }), height);
        it.space_before = 8.0;
        it.keep_with_next = p.credit.is_some() || !p.alt.is_empty();
        self.push_item(it);
        let caption_style = Style::small().italic().ink(Ink::Muted);
        let mut captions = Vec::new();
        if !p.alt.trim().is_empty() {
            captions.push(Span::new(super::inline::fr(&p.alt), caption_style).no_hyphen());
        }
        if let Some(c) = &p.credit {
            let credit = self.assets.labels.fill("fiche.credit", &[("credit", c)]);
            captions.push(Span::new(super::inline::fr(&credit), caption_style.ink(Ink::Muted)).no_hyphen());
        }
        let n = captions.len();
        for (i, span) in captions.into_iter().enumerate() {
            let mut para = Para::new(vec![span]).align(Align::Center).leading(SMALL_LEADING).space_before(if i == 0 { 3.0 } else { 0.0 });
            para.keep_with_next = i + 1 < n;
            self.para(para);
        }
    }
}
