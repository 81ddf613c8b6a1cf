//! Page geometry, type sizes and colours of the booklet: the one place to tune
//! the look. Units are PDF points (1/72 inch).

/// A4 portrait.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// The text block is narrow enough for 60 to 80 characters a line at the
/// body size (a comfortable measure: the old 471 pt block held 110); the
/// wide margins are the page's white.
pub const MARGIN_LEFT: f32 = 125.0;
pub const MARGIN_RIGHT: f32 = 125.0;
pub const MARGIN_TOP: f32 = 66.0;
pub const MARGIN_BOTTOM: f32 = 76.0;
/// Baseline of the running footer, from the bottom edge.
pub const FOOTER_BASELINE: f32 = 40.0;

/// Width of the text block.
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
// A fiche's photo is laid out in the box `check` measures it against.
const _: () = assert!(crate::model::image::PHOTO_BOX.0 >= TEXT_WIDTH - 0.5 && crate::model::image::PHOTO_BOX.0 <= TEXT_WIDTH);
/// Widest a table may spread, centred on the page (into the margins).
pub const WIDE_WIDTH: f32 = PAGE_WIDTH - 2.0 * 62.0;
/// Height of the text block.
pub const TEXT_HEIGHT: f32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

pub const BODY_SIZE: f32 = 11.5;
pub const BODY_LEADING: f32 = 15.8;
pub const SMALL_SIZE: f32 = 9.0;
pub const SMALL_LEADING: f32 = 12.0;
pub const FOOTER_SIZE: f32 = 8.5;
/// Indentation of one list level.
pub const LIST_INDENT: f32 = 16.0;
/// Padding inside table cells.
pub const CELL_PAD_X: f32 = 5.0;
pub const CELL_PAD_Y: f32 = 3.5;

/// The few colours of the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ink {
    #[default]
    Text,
    Accent,
    Muted,
    Link,
    Alert,
}

impl Ink {
    pub fn rgb(self) -> (f32, f32, f32) {
        match self {
            Ink::Text => (0.10, 0.10, 0.12),
            Ink::Accent => (0.09, 0.29, 0.45),
            Ink::Muted => (0.38, 0.40, 0.44),
            Ink::Link => (0.06, 0.33, 0.62),
            Ink::Alert => (0.62, 0.20, 0.05),
        }
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub ink: Ink,
}

impl Style {
    pub const fn new(face: Face, size: f32, ink: Ink) -> Style {
        Style { face, size, ink }
    }
    pub const fn body() -> Style {
        Style::new(Face::Regular, BODY_SIZE, Ink::Text)
    }
    pub const fn small() -> Style {
        Style::new(Face::Regular, SMALL_SIZE, Ink::Text)
    }
    pub fn bold(self) -> Style {
        Style { face: self.face.with_bold(true), ..self }
    }
    pub fn italic(self) -> Style {
        Style { face: self.face.with_italic(true), ..self }
    }
    pub fn ink(self, ink: Ink) -> Style {
        Style { ink, ..self }
    }
}

/// Heading sizes: level 1 is a fiche title, 2 a section, 3 a sub-heading.
pub fn heading_style(level: u8) -> (Style, f32) {
    match level {
        0 => (Style::new(Face::Bold, 26.0, Ink::Accent), 32.0),
        1 => (Style::new(Face::Bold, 19.0, Ink::Accent), 23.0),
        2 => (Style::new(Face::Bold, 13.0, Ink::Accent), 17.0),
        3 => (Style::new(Face::Bold, 11.0, Ink::Text), 15.0),
        _ => (Style::new(Face::BoldItalic, BODY_SIZE, Ink::Text), BODY_LEADING),
    }
}

/// The four faces of the text family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Face {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// File name in `themes/<theme>/fonts/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Face::Regular => "regular.ttf",
            Face::Bold => "bold.ttf",
            Face::Italic => "italic.ttf",
            Face::BoldItalic => "bold-italic.ttf",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face with bold added or removed.
    pub fn with_bold(self, bold: bool) -> Face {
        match (self.is_italic(), bold) {
            (false, false) => Face::Regular,
            (false, true) => Face::Bold,
            (true, false) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// The face with italic added or removed.
    pub fn with_italic(self, italic: bool) -> Face {
        match (self.is_bold(), italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, Face::Italic | Face::BoldItalic)
    }
}
