//! Markdown fragments of a fiche. The model keeps the source; every renderer
//! reads it through [`Markdown::events`], the one parse with the one set of
//! extensions and the French typography pass, so no renderer parses its own way.
//! Keeping only the source holds memory to the size of the text.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::{Serialize, Serializer};

/// A Markdown fragment (a section, a chapeau, an introduction).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    /// The Markdown as written.
    pub source: String,
    /// The plain text, computed once by whichever renderer asks first.
    plain: std::sync::OnceLock<String>,
    /// Image destinations, found once (validation and the site both need them).
    images: std::sync::OnceLock<Vec<String>>,
}

impl Serialize for Markdown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

/// The Markdown extensions recueil accepts: tables, strikethrough, footnotes.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

impl Markdown {
    pub fn new(source: &str) -> Markdown {
        Markdown { source: source.to_string(), ..Markdown::default() }
    }

    /// The destinations of the Markdown images (`![…](dest)`), trimmed, in
    /// order. Parsed once, and only when the text holds `![` at all.
    pub fn images(&self) -> &[String] {
        self.images.get_or_init(|| {
            if !self.source.contains("![") {
                return Vec::new();
            }
            Parser::new_ext(&self.source, options())
                .filter_map(|e| match e {
                    Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.trim().to_string()),
                    _ => None,
                })
                .collect()
        })
    }

    /// The parsed events, French typography applied to text (never to code).
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        let mut typo = TypoState::default();
        Parser::new_ext(&self.source, options()).map(move |e| typo.apply(e))
    }

    pub fn is_blank(&self) -> bool {
        self.source.trim().is_empty()
    }

    /// The text without markup, paragraphs separated by blank lines (for search,
    /// summaries and the plain-text export).
    pub fn plain_text(&self) -> &str {
        self.plain.get_or_init(|| {
            let mut out = String::with_capacity(self.source.len());
            for e in self.events() {
                push_plain(&e, &mut out);
            }
            finish_plain(out)
        })
    }

    /// Stores the plain text a renderer extracted with [`push_plain`] while it
    /// walked the events anyway (so that nobody parses again for it).
    pub fn remember_plain(&self, text: String) {
        let _ = self.plain.set(finish_plain(text));
    }
}

/// Appends the text of one event to a plain-text rendering.
pub fn push_plain(e: &Event, out: &mut String) {
    match e {
        Event::Text(t) | Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::CodeBlock)
            if !out.ends_with('\n') =>
        {
            out.push('\n');
        }
        Event::End(TagEnd::TableCell) => out.push(' '),
        _ => {}
    }
}

fn finish_plain(out: String) -> String {
    let t = out.trim();
    if t.len() == out.len() { out } else { t.to_string() }
}

/// Applies [`crate::model::typo`] to text events outside code blocks.
#[derive(Default)]
pub struct TypoState {
    in_code: bool,
}

impl TypoState {
    pub fn apply<'a>(&mut self, e: Event<'a>) -> Event<'a> {
        match e {
            Event::Start(Tag::CodeBlock(k)) => {
                self.in_code = true;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t) if !self.in_code => match crate::model::typo::apply(&t) {
                std::borrow::Cow::Borrowed(_) => Event::Text(t),
                std::borrow::Cow::Owned(s) => Event::Text(CowStr::from(s)),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_outside_code_only() {
        let m = Markdown::new("Objectifs : lien\n\n```\na : b\n```\n");
        let texts: Vec<String> = m.events().filter_map(|e| if let Event::Text(t) = e { Some(t.to_string()) } else { None }).collect();
        assert_eq!(texts[0], "Objectifs\u{a0}: lien");
        assert_eq!(texts[1], "a : b\n");
        assert_eq!(m.plain_text(), "Objectifs\u{a0}: lien\na : b");
    }
}
