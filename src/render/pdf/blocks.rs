//! Blocks: what a page is made of before line breaking — paragraphs (with
//! their role: heading, body, list item, contents entry), tables, images and
//! spacing. Built by [`super::markdown`] and [`super::booklet`].

use super::inline::Span;
use super::linebreak::Align;
use super::model::Anchor;
use std::path::PathBuf;

/// A paragraph and how to set it.
#[derive(Debug, Clone)]
pub struct Para {
    pub spans: Vec<Span>,
    pub align: Align,
    /// Left indent (lists, quotes).
    pub indent: f32,
    /// Right indent.
    pub indent_right: f32,
    /// A list marker hung left of the first line.
    pub marker: Option<Span>,
    pub leading: f32,
    pub space_before: f32,
    /// Heading level (0 cover title … 4), never hyphenated, kept with what follows.
    pub heading: Option<u8>,
    /// Contents/index entry: the page number of this fiche printed flush right.
    pub page_ref: Option<usize>,
    pub keep_with_next: bool,
}

impl Para {
    pub fn new(spans: Vec<Span>) -> Para {
        Para {
            spans,
            align: Align::Justify,
            indent: 0.0,
            indent_right: 0.0,
            marker: None,
            leading: super::style::BODY_LEADING,
            space_before: 5.0,
            heading: None,
            page_ref: None,
            keep_with_next: false,
        }
    }

    /// A heading of `level` with the level's size and spacing.
    pub fn heading(level: u8, text: &str) -> Para {
        let (style, leading) = super::style::heading_style(level);
        let mut p = Para::new(vec![Span::new(text, style).no_hyphen()]);
        p.heading = Some(level);
        p.align = Align::Left;
        p.leading = leading;
        p.space_before = match level {
            0 | 1 => 0.0,
            2 => 14.0,
            _ => 9.0,
        };
        p
    }

    pub fn align(mut self, a: Align) -> Para {
        self.align = a;
        self
    }

    pub fn space_before(mut self, s: f32) -> Para {
        self.space_before = s;
        self
    }

    pub fn leading(mut self, l: f32) -> Para {
        self.leading = l;
        self
    }
}

/// A table: header row, body rows, column alignment; the last row may be a total.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Option<Vec<Vec<Span>>>,
    pub rows: Vec<Vec<Vec<Span>>>,
    pub aligns: Vec<Align>,
    /// The last row is a total (shaded, bold).
    pub total: bool,
    pub space_before: f32,
    /// Narrower than the text width (short label/value tables).
    pub width: Option<f32>,
}

/// An image from the fiche's folder.
#[derive(Debug, Clone)]
pub struct Picture {
    pub path: PathBuf,
    pub alt: String,
    pub credit: Option<String>,
    /// Largest width, points (the text width by default).
    pub max_width: f32,
    pub max_height: f32,
    /// Set flush left (a cover's logo, in line with the title), else centred.
    pub flush_left: bool,
}

/// A block of the flow.
#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
    Picture(Picture),
    /// Vector shapes (the report's map), kept with what follows.
    Drawing(Box<super::model::Drawing>),
    /// Vertical space kept even at the top of a page (cover).
    Space(f32),
    Rule(f32),
    /// The next block starts a new page.
    PageBreak,
    /// The next block carries this anchor.
    Anchor(Anchor),
    /// Pages from the next block on print no footer, until the next page break.
    NoFooter,
    /// A structure element holding the next blocks (a list, a list item, the
    /// contents, a quotation), until its `Close`.
    Open(super::model::Kind),
    Close,
}
