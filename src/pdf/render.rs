//! Pages of the layout model → printpdf pages: text runs with per-gap
//! offsets, table rows, images, rules, links and the running footer.

use super::assets::{Face, PdfAssets};
use super::inline::Link;
use super::model::{Content, Item, Line, Page, Row};
use super::style::{
    CELL_PAD_X, CELL_PAD_Y, FOOTER_BASELINE, FOOTER_SIZE, Ink, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, TEXT_WIDTH,
};
use printpdf::{
    Actions, BorderArray, Color, Destination, FontId, Line as PLine, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, PdfPage,
    Point, Pt, Rect, Rgb, TextItem, TextMatrix, XObjectId, XObjectTransform,
};
use rayon::prelude::*;
use std::collections::HashMap;

/// What the renderer needs beside the pages.
pub struct RenderCtx<'a> {
    pub assets: &'a PdfAssets,
    pub items: &'a [Item],
    /// Font ids, indexed by [`Face::index`].
    pub fonts: Vec<FontId>,
    /// Image ids, indexed like the flow's images; with their pixel size.
    pub images: Vec<(XObjectId, usize, usize)>,
    /// 1-based page of each fiche.
    pub fiche_pages: &'a HashMap<usize, usize>,
    pub footer_title: String,
}

fn rgb(ink: Ink) -> Color {
    let (r, g, b) = ink.rgb();
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

fn grey(v: f32) -> Color {
    Color::Rgb(Rgb { r: v, g: v, b: v, icc_profile: None })
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

/// Top of the text block in PDF coordinates.
const TOP: f32 = PAGE_HEIGHT - MARGIN_TOP;

/// The ops of one page, with the text state already set (fewer operators:
/// one text object per stretch of text, font and colour only when they change).
struct PageOps<'a, 'c> {
    ctx: &'c RenderCtx<'a>,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(Face, f32)>,
    fill: Option<Ink>,
}

impl PageOps<'_, '_> {
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn text(&mut self, face: Face, size: f32, ink: Ink, x: f32, baseline: f32, items: Vec<TextItem>) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        if self.font != Some((face, size)) {
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(self.ctx.fonts[face.index()].clone()), size: Pt(size) });
            self.font = Some((face, size));
        }
        if self.fill != Some(ink) {
            self.ops.push(Op::SetFillColor { col: rgb(ink) });
            self.fill = Some(ink);
        }
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(baseline)) });
        self.ops.push(Op::ShowText { items });
    }

    /// Fill colour for graphics (leaves the text state's colour unknown).
    fn graphics_fill(&mut self, col: Color) {
        self.end_text();
        self.ops.push(Op::SetFillColor { col });
        self.fill = None;
    }

    fn link(&mut self, link: &Link, x: f32, y: f32, w: f32, h: f32) {
        let actions = match link {
            Link::Uri(u) => Actions::Uri(u.clone()),
            Link::Fiche(i) => match self.ctx.fiche_pages.get(i) {
                Some(&page) => Actions::Goto(Destination::Xyz { page, left: None, top: None, zoom: None }),
                None => return,
            },
        };
        let rect = Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h));
        self.ops
            .push(Op::LinkAnnotation { link: LinkAnnotation::new(rect, actions, Some(BorderArray::Solid([0.0, 0.0, 0.0])), None, None) });
    }

    /// Draws a line whose top is at `top` (PDF coordinates), left edge `left`.
    fn line(&mut self, line: &Line, left: f32, top: f32) {
        let baseline = top - line.baseline();
        let x0 = left + line.x;
        for run in &line.runs {
            let size = run.style.size;
            let mut items: Vec<TextItem> = Vec::with_capacity(2 * run.gaps.len() + 1);
            for (piece, extra) in run.pieces() {
                items.push(TextItem::Text(piece.to_string()));
                if extra > 0.0 {
                    items.push(TextItem::Offset(-extra * 1000.0 / size));
                }
            }
            self.text(run.style.face, size, run.style.ink, x0 + run.dx, baseline, items);
            if let Some(l) = &run.link {
                self.link(l, x0 + run.dx, baseline - 0.25 * size, run.width, 1.15 * size);
            }
        }
        if let Some(fiche) = line.page_ref {
            let n = self.ctx.fiche_pages.get(&fiche).map(|p| p.to_string()).unwrap_or_default();
            let style = line.runs.first().map(|r| r.style).unwrap_or_else(super::style::Style::body);
            let w = self.ctx.assets.face(style.face).width(&n, style.size);
            let x = MARGIN_LEFT + TEXT_WIDTH - w;
            self.text(style.face, style.size, Ink::Text, x, baseline, vec![TextItem::Text(n)]);
            self.link(&Link::Fiche(fiche), x - 4.0, baseline - 0.25 * style.size, w + 4.0, 1.15 * style.size);
        }
    }

    fn hline(&mut self, x0: f32, x1: f32, y: f32, thickness: f32, color: Color) {
        self.end_text();
        self.ops.push(Op::SetOutlineColor { col: color });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: PLine {
                points: vec![LinePoint { p: point(x0, y), bezier: false }, LinePoint { p: point(x1, y), bezier: false }],
                is_closed: false,
            },
        });
    }

    fn row(&mut self, row: &Row, top: f32, height: f32) {
        let left = MARGIN_LEFT;
        if row.shaded {
            self.graphics_fill(grey(0.92));
            let mut r = Rect::from_xywh(Pt(left), Pt(top - height), Pt(row.width), Pt(height));
            r.mode = Some(PaintMode::Fill);
            self.ops.push(Op::DrawRectangle { rectangle: r });
        }
        for cell in &row.cells {
            for (k, line) in cell.lines.iter().enumerate() {
                let line_top = top - CELL_PAD_Y - k as f32 * line.leading;
                self.line(line, left + cell.x + CELL_PAD_X, line_top);
            }
        }
        self.hline(left, left + row.width, top - height, 0.4, grey(0.75));
    }

    fn item(&mut self, item: &Item, y: f32) {
        let top = TOP - y;
        match &item.content {
            Content::Text(line) => self.line(line, MARGIN_LEFT, top),
            Content::Row(row) => self.row(row, top, item.height),
            Content::Image(img) => {
                let Some((id, w, h)) = self.ctx.images.get(img.image) else {
                    return;
                };
                self.ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(MARGIN_LEFT + img.x)),
                        translate_y: Some(Pt(top - img.height)),
                        scale_x: Some(img.width / *w as f32),
                        scale_y: Some(img.height / *h as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
            Content::Rule => self.hline(MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, top - item.height / 2.0, 0.8, rgb(Ink::Accent)),
            Content::Space => {}
        }
    }

    /// The cover's accent band across the top and thin bar at the foot.
    fn cover_band(&mut self) {
        self.graphics_fill(rgb(Ink::Accent));
        let mut r = Rect::from_xywh(Pt(0.0), Pt(PAGE_HEIGHT - 120.0), Pt(PAGE_WIDTH), Pt(120.0));
        r.mode = Some(PaintMode::Fill);
        self.ops.push(Op::DrawRectangle { rectangle: r });
        let mut r = Rect::from_xywh(Pt(0.0), Pt(0.0), Pt(PAGE_WIDTH), Pt(14.0));
        r.mode = Some(PaintMode::Fill);
        self.ops.push(Op::DrawRectangle { rectangle: r });
    }

    fn footer(&mut self, n: usize, total: usize) {
        let y = FOOTER_BASELINE;
        self.hline(MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, MARGIN_BOTTOM - 18.0, 0.4, grey(0.7));
        let font = self.ctx.assets.face(Face::Regular);
        let right = format!("page {n} / {total}");
        let rw = font.width(&right, FOOTER_SIZE);
        let mut title = self.ctx.footer_title.clone();
        let room = TEXT_WIDTH - rw - 20.0;
        if font.width(&title, FOOTER_SIZE) > room {
            while !title.is_empty() && font.width(&title, FOOTER_SIZE) + font.width("…", FOOTER_SIZE) > room {
                title.pop();
            }
            title = format!("{}…", title.trim_end());
        }
        self.text(Face::Italic, FOOTER_SIZE, Ink::Muted, MARGIN_LEFT, y, vec![TextItem::Text(title)]);
        self.text(Face::Regular, FOOTER_SIZE, Ink::Muted, MARGIN_LEFT + TEXT_WIDTH - rw, y, vec![TextItem::Text(right)]);
    }
}

/// Renders the pages.
pub fn pages(ctx: &RenderCtx<'_>, pages: &[Page]) -> Vec<PdfPage> {
    let total = pages.len();
    pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut p = PageOps { ctx, ops: Vec::with_capacity(page.placed.len() * 3), in_text: false, font: None, fill: None };
            if !page.footer {
                p.cover_band();
            }
            for pl in &page.placed {
                p.item(&ctx.items[pl.item], pl.y);
            }
            if page.footer {
                p.footer(i + 1, total);
            }
            p.end_text();
            PdfPage::new(printpdf::Mm::from(Pt(PAGE_WIDTH)), printpdf::Mm::from(Pt(PAGE_HEIGHT)), p.ops)
        })
        .collect()
}
