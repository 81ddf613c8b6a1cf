//! The layout model: positioned lines, table rows and images stacked in a
//! vertical flow, then cut into pages. Everything here is plain data, so the
//! pagination rules are tested without writing a PDF.

use super::inline::Link;
use super::style::Style;

/// Text in one style (and one link) on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// From the line's left edge.
    pub dx: f32,
    pub width: f32,
    pub style: Style,
    pub link: Option<Link>,
    /// The text, spaces included.
    pub text: String,
    /// Extra space (points) added by justification after byte offset `.0`.
    pub gaps: Vec<(u32, f32)>,
    /// The structure element this run belongs to, when not its item's (a
    /// list item's label).
    pub node: Option<usize>,
}

impl Run {
    /// The text of the run.
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The text cut at the justification gaps: `(piece, extra space after it)`.
    pub fn pieces(&self) -> impl Iterator<Item = (&str, f32)> {
        let mut start = 0usize;
        let mut gaps = self.gaps.iter();
        std::iter::from_fn(move || {
            if start >= self.text.len() {
                return None;
            }
            match gaps.next() {
                Some(&(at, extra))
                    if (at as usize) > start && (at as usize) <= self.text.len() && self.text.is_char_boundary(at as usize) =>
                {
                    let piece = &self.text[start..at as usize];
                    start = at as usize;
                    Some((piece, extra))
                }
                _ => {
                    let piece = &self.text[start..];
                    start = self.text.len();
                    Some((piece, 0.0))
                }
            }
        })
    }
}

/// One line of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Left edge, from the text block's left edge.
    pub x: f32,
    /// Width the line occupies (natural width plus justification).
    pub width: f32,
    /// Width available to it (the line must not exceed `x + max_width`).
    pub max_width: f32,
    pub leading: f32,
    /// Largest font size on the line (for the baseline).
    pub size: f32,
    pub runs: Vec<Run>,
    /// A page number to print flush right at `x + max_width` (contents, index).
    pub page_ref: Option<usize>,
}

impl Line {
    pub fn text(&self) -> String {
        self.runs.iter().map(Run::text).collect()
    }

    /// Distance from the top of the line to its baseline.
    pub fn baseline(&self) -> f32 {
        (self.leading - self.size) / 2.0 + 0.82 * self.size
    }
}

/// A cell of a table row: its own lines inside its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub x: f32,
    pub width: f32,
    pub lines: Vec<Line>,
    /// Its structure element (TH or TD).
    pub node: Option<usize>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Left edge from the text block's (negative: a wide table in the margins).
    pub x: f32,
    pub width: f32,
    /// Filled background (header and total rows).
    pub shaded: bool,
    pub header: bool,
}

/// A raster image placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageBox {
    /// Index into the document's images.
    pub image: usize,
    pub x: f32,
    pub width: f32,
    pub height: f32,
}

/// A filled shape: its closed rings (points from the drawing's top left, y
/// downwards) and its fill colour.
pub type Shape = (Vec<Vec<(f32, f32)>>, [f32; 3]);

/// Filled shapes and short labels drawn as vectors (the report's map), in
/// points from the box's top left corner, y downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub x: f32,
    pub width: f32,
    pub height: f32,
    /// Each shape: its closed rings and its fill colour (outlined in white).
    pub shapes: Vec<Shape>,
    /// Each label: position of its baseline's start, size, text.
    pub labels: Vec<(f32, f32, f32, String)>,
    /// What the drawing shows, for those who cannot see it.
    pub alt: String,
}

/// What a flow item draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(Line),
    Row(Row),
    Image(ImageBox),
    Drawing(Box<Drawing>),
    /// A horizontal rule across the text block.
    Rule,
    /// Blank space (cover layout); kept even at the top of a page.
    Space,
}

/// What a flow item is, for the pagination rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading,
    /// Line `line` of `count` of paragraph `para`.
    Body {
        para: u32,
        line: u32,
        count: u32,
    },
    Other,
}

/// A place the outline or the contents point to.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// A top-level part of the booklet (introduction, contents…).
    Part(String),
    /// The start of the n-th fiche.
    Fiche(usize),
    /// A section of the n-th fiche.
    Section(usize, String),
}

/// One element of the vertical flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub content: Content,
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Must share a page with the next item.
    pub keep_with_next: bool,
    /// Starts a new page.
    pub break_before: bool,
    pub role: Role,
    pub anchor: Option<Anchor>,
    /// Index of the table header row to repeat when this row starts a page.
    pub repeat_header: Option<usize>,
    /// Pages holding this item print no running footer (the cover).
    pub no_footer: bool,
    /// The structure element its content belongs to; `None`: a decoration
    /// (an artifact for assistive technology).
    pub node: Option<usize>,
}

impl Item {
    pub fn new(content: Content, height: f32) -> Item {
        Item {
            content,
            height,
            space_before: 0.0,
            keep_with_next: false,
            break_before: false,
            role: Role::Other,
            anchor: None,
            repeat_header: None,
            no_footer: false,
            node: None,
        }
    }
}

/// An item placed on a page, `y` from the top of the text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub item: usize,
    pub y: f32,
    /// A table's header row repeated at the top of a page (an artifact: the
    /// structure holds it once).
    pub repeat: bool,
}

/// A standard structure type of tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading; its level is made to follow the previous one without a gap
    /// when the tree is written.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    /// A header cell: of its row (`row`) or of its column.
    TH {
        row: bool,
    },
    TD,
    Figure,
    Caption,
    TOC,
    TOCI,
    BlockQuote,
}

impl Kind {
    /// The structure type's name (`H` gets its level when written).
    pub fn name(self) -> &'static str {
        match self {
            Kind::H(_) => "H",
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::Table => "Table",
            Kind::TR => "TR",
            Kind::TH { .. } => "TH",
            Kind::TD => "TD",
            Kind::Figure => "Figure",
            Kind::Caption => "Caption",
            Kind::TOC => "TOC",
            Kind::TOCI => "TOCI",
            Kind::BlockQuote => "BlockQuote",
        }
    }
}

/// An element of the document's logical structure, made with the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// `None`: a child of the document.
    pub parent: Option<usize>,
    /// The text alternative of a figure.
    pub alt: Option<String>,
}

/// One page of the layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub placed: Vec<Placed>,
    pub footer: bool,
}
