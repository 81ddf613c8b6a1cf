//! Markdown (through [`Markdown::events`], the French typography already
//! applied) → blocks: paragraphs, headings, nested lists, tables, quotes, code,
//! images from the fiche's folder (a remote image prints its alt text).

use super::blocks::{Block, Para, Picture, Table};
use super::inline::{Link, Span};
use super::linebreak::Align;
use super::model::Kind;
use super::style::{Ink, LIST_INDENT, SMALL_LEADING, SMALL_SIZE, Style, TEXT_WIDTH, heading_style};
use crate::model::image::LocalImage;
use crate::model::markdown::Markdown;
use crate::theme::Labels;
use pulldown_cmark::{Alignment, Event, HeadingLevel, Tag, TagEnd};

/// Converts a Markdown fragment to blocks; `images` are the fiche's images
/// the loader found (any other image prints its alt text).
pub fn blocks(md: &Markdown, images: &[LocalImage], l: &Labels, out: &mut Vec<Block>) {
    let mut c = Converter::new(images, l, out);
    for e in md.events() {
        c.event(e);
    }
    c.flush();
    c.flush_pictures();
}

struct Converter<'a> {
    images: &'a [LocalImage],
    labels: &'a Labels,
    out: &'a mut Vec<Block>,
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    quote: u32,
    links: Vec<Option<Link>>,
    /// One entry per open list: the next number for an ordered list.
    lists: Vec<Option<u64>>,
    marker: Option<Span>,
    heading: Option<u8>,
    /// Inside an image: its address and alt text so far.
    image: Option<(String, String)>,
    pictures: Vec<Picture>,
    code_block: Option<String>,
    table: Option<Table>,
    row: Vec<Vec<Span>>,
    in_head: bool,
    first_in_item: bool,
}

impl<'a> Converter<'a> {
    fn new(images: &'a [LocalImage], labels: &'a Labels, out: &'a mut Vec<Block>) -> Self {
        Converter {
            images,
            labels,
            out,
            spans: Vec::new(),
            bold: 0,
            italic: 0,
            quote: 0,
            links: Vec::new(),
            lists: Vec::new(),
            marker: None,
            heading: None,
            image: None,
            pictures: Vec::new(),
            code_block: None,
            table: None,
            row: Vec::new(),
            in_head: false,
            first_in_item: false,
        }
    }

    fn style(&self) -> Style {
        let mut s = match self.heading {
            Some(l) => heading_style(l).0,
            None => Style::body(),
        };
        if self.table.is_some() {
            s.size = SMALL_SIZE;
        }
        if self.bold > 0 {
            s = s.bold();
        }
        if self.italic > 0 || self.quote > 0 {
            s = s.italic();
        }
        if self.links.last().is_some_and(Option::is_some) {
            s = s.ink(Ink::Link);
        }
        s
    }

    fn text(&mut self, t: &str, code: bool) {
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(t);
            return;
        }
        if let Some(cb) = &mut self.code_block {
            cb.push_str(t);
            return;
        }
        let mut span = Span::new(t, self.style());
        if let Some(Some(link)) = self.links.last() {
            span = span.link(link.clone());
        }
        if code || self.heading.is_some() {
            span.no_hyphen = true;
        }
        self.spans.push(span);
    }

    fn indent(&self) -> f32 {
        self.lists.len() as f32 * LIST_INDENT + self.quote as f32 * LIST_INDENT
    }

    /// Ends the paragraph being gathered.
    fn flush(&mut self) {
        if self.spans.iter().all(|s| s.text.trim().is_empty()) {
            self.spans.clear();
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        if self.table.is_some() {
            self.row.push(spans);
            return;
        }
        let mut p = Para::new(spans);
        p.indent = self.indent();
        if let Some(level) = self.heading {
            let (_, leading) = heading_style(level);
            p.heading = Some(level);
            p.align = Align::Left;
            p.leading = leading;
            p.space_before = if level <= 2 { 14.0 } else { 9.0 };
        } else if !self.lists.is_empty() {
            p.marker = self.marker.take();
            p.space_before = if self.first_in_item { 2.5 } else { 4.0 };
            self.first_in_item = false;
        }
        self.out.push(Block::Para(p));
        self.flush_pictures();
    }

    fn flush_pictures(&mut self) {
        for pic in self.pictures.drain(..) {
            self.out.push(Block::Picture(pic));
        }
    }

    fn image_end(&mut self) {
        let Some((url, alt)) = self.image.take() else {
            return;
        };
        match self.images.iter().find(|i| i.src == url.trim()) {
            Some(img) => self.pictures.push(Picture {
                path: img.path.clone(),
                alt: alt.clone(),
                credit: None,
                max_width: crate::model::image::BODY_IMAGE_BOX.0.min(TEXT_WIDTH - self.indent()),
                max_height: crate::model::image::BODY_IMAGE_BOX.1,
                flush_left: false,
            }),
            _ => {
                let label = if alt.trim().is_empty() { self.labels.get("pdf.image_sans_texte") } else { alt };
                self.spans.push(Span::new(self.labels.fill("pdf.image", &[("alt", &label)]), self.style().italic().ink(Ink::Muted)));
            }
        }
    }

    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, false),
            Event::Code(t) => self.text(&t, true),
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => {
                if self.table.is_some() || self.heading.is_some() {
                    self.text(" ", false);
                } else {
                    self.flush();
                    self.first_in_item = false;
                }
            }
            Event::Rule => {
                self.flush();
                self.out.push(Block::Rule(8.0));
            }
            Event::FootnoteReference(label) => {
                let s = Style { size: SMALL_SIZE, ..self.style() };
                self.spans.push(Span::new(format!("[{label}]"), s).no_hyphen());
            }
            Event::TaskListMarker(done) => self.text(if done { "☒ " } else { "☐ " }, true),
            Event::Html(_) | Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
                self.out.push(Block::Open(Kind::BlockQuote));
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
                self.out.push(Block::Open(Kind::L));
            }
            Tag::Item => {
                self.flush();
                self.out.push(Block::Open(Kind::LI));
                let depth = self.lists.len();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => match depth {
                        1 => "•".to_string(),
                        2 => "–".to_string(),
                        _ => "·".to_string(),
                    },
                };
                self.marker = Some(Span::new(marker, Style::body()));
                self.first_in_item = true;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                let ok = url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:");
                self.links.push(ok.then_some(Link::Uri(url)));
            }
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            Tag::Table(aligns) => {
                self.flush();
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Right => Align::Right,
                        Alignment::Center => Align::Center,
                        _ => Align::Left,
                    })
                    .collect();
                self.table = Some(Table { aligns, space_before: 6.0, ..Table::default() });
            }
            Tag::TableHead => {
                self.in_head = true;
                self.row.clear();
            }
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.spans.clear(),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.spans.push(Span::new(format!("[{label}] "), Style::small()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
                self.out.push(Block::Close);
            }
            TagEnd::CodeBlock => {
                let code = self.code_block.take().unwrap_or_default();
                let style = Style { size: SMALL_SIZE, ..Style::body() };
                for (i, line) in code.trim_end_matches('\n').lines().enumerate() {
                    let mut p = Para::new(vec![Span::new(line, style).no_hyphen()]);
                    p.align = Align::Left;
                    p.leading = SMALL_LEADING;
                    p.indent = self.indent() + LIST_INDENT;
                    p.space_before = if i == 0 { 4.0 } else { 0.0 };
                    self.out.push(Block::Para(p));
                }
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.out.push(Block::Close);
            }
            TagEnd::Item => {
                self.flush();
                self.out.push(Block::Close);
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.image_end(),
            TagEnd::TableCell => {
                let spans = std::mem::take(&mut self.spans);
                self.row.push(spans);
            }
            TagEnd::TableHead => {
                self.in_head = false;
                let row = std::mem::take(&mut self.row);
                if let Some(t) = &mut self.table {
                    t.header = Some(row);
                }
            }
            TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(t) = &mut self.table {
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.out.push(Block::Table(t));
                }
                self.flush_pictures();
            }
            TagEnd::FootnoteDefinition => self.flush(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<Block> {
        let mut out = Vec::new();
        blocks(&Markdown::new(md), &[], &crate::theme::default_labels(), &mut out);
        out
    }

    #[test]
    fn lists_tables_and_remote_images() {
        let b =
            texts("Intro *douce*.\n\n- un\n  - deux\n- trois\n\n| A | B |\n|---|--:|\n| x | 1 |\n\n![Photo](https://exemple.fr/a.png)\n");
        let paras: Vec<&Para> = b.iter().filter_map(|b| if let Block::Para(p) = b { Some(p) } else { None }).collect();
        assert_eq!(paras.len(), 5);
        assert_eq!(paras[1].marker.as_ref().map(|m| m.text.as_str()), Some("•"));
        assert_eq!(paras[2].marker.as_ref().map(|m| m.text.as_str()), Some("–"));
        assert!(paras[2].indent > paras[1].indent);
        assert!(paras[4].spans[0].text.contains("Photo"));
        let t = b.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).expect("table");
        assert_eq!(t.aligns, vec![Align::Left, Align::Right]);
        assert_eq!(t.rows.len(), 1);
        assert!(t.header.is_some());
    }
}
