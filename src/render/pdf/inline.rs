//! Inline text: runs of styled text (spans) as Markdown and front matter give
//! them, before they are broken into lines.

use super::style::Style;

/// What a piece of text points to.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// A web address (`https://…`, `mailto:…`).
    Uri(String),
    /// The first page of the n-th fiche of the booklet.
    Fiche(usize),
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub link: Option<Link>,
    /// Never hyphenate this run (titles, URLs, codes).
    pub no_hyphen: bool,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span { text: text.into(), style, link: None, no_hyphen: false }
    }

    pub fn link(mut self, link: Link) -> Span {
        self.link = Some(link);
        self.no_hyphen = true;
        self
    }

    pub fn no_hyphen(mut self) -> Span {
        self.no_hyphen = true;
        self
    }
}

/// Plain text from the front matter, with the French typography pass.
pub fn fr(s: &str) -> String {
    crate::model::typo::apply(s).into_owned()
}
