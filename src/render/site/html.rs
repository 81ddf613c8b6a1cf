//! Markdown → safe HTML for the site. Reads [`Markdown::events`] (the one
//! parse), neutralises dangerous link targets and remote images at the event
//! level, and runs `ammonia` whenever the author wrote raw HTML.

use crate::model::markdown::Markdown;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::sync::OnceLock;

/// Whether a URL written by an author may be linked: web, mail, phone, or a
/// relative path that does not climb out (`..` at the start is allowed for
/// sibling files but never an absolute or scheme-relative path).
pub fn safe_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    if u.starts_with("//") || u.starts_with('\\') {
        return false;
    }
    match u.find(':') {
        Some(i) if !u[..i].contains(['/', '?', '#']) => {
            matches!(&u[..i], "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Whether an image source is a file of the site (no host, no scheme, not absolute).
fn local_image(url: &str) -> bool {
    matches!(crate::model::image::image_ref(url), crate::model::image::ImageRef::Local(f) if !f.starts_with(['/', '\\']))
}

/// Renders a fragment to HTML that is safe to insert in a page.
pub fn to_html(md: &Markdown) -> String {
    to_html_and_text(md, None)
}

/// Renders HTML and, in the same pass, the plain text, which it remembers in
/// the model and appends to `text` (for the search index): one parse for both.
pub fn to_html_and_text(md: &Markdown, text: Option<&mut String>) -> String {
    let mut plain = String::new();
    let want_text = text.is_some();
    let mut has_raw = false;
    let mut in_remote_image = false;
    let raw_as_text = raw_html_too_deep(&md.source);
    let events = md.events().map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) if raw_as_text => Event::Text(h),
        Event::Html(h) | Event::InlineHtml(h) => {
            has_raw = true;
            Event::Html(h)
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe_link(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { dest_url, title, id, .. }) if !local_image(&dest_url) => {
            // A remote image would make the visitor's browser call another host:
            // show its description as a link instead.
            in_remote_image = true;
            let dest_url = if safe_link(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id })
        }
        Event::End(TagEnd::Image) if in_remote_image => {
            in_remote_image = false;
            Event::End(TagEnd::Link)
        }
        other => other,
    });
    let events = events.inspect(|e| {
        if want_text {
            crate::model::markdown::push_plain(e, &mut plain);
        }
    });
    let mut out = String::with_capacity(md.source.len() + md.source.len() / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    if let Some(t) = text {
        md.remember_plain(plain);
        t.push_str(md.plain_text());
        t.push('\n');
    }
    if has_raw { sanitize(&out) } else { out }
}

/// Deepest nesting of raw HTML sent to the sanitizer. HTML parsing costs the
/// depth at each start tag (scope checks on the open elements), so thousands of
/// nested `<div>` would take minutes: deeper raw HTML is shown as text instead.
const MAX_RAW_DEPTH: usize = 256;

fn raw_html_too_deep(source: &str) -> bool {
    const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
    let b = source.as_bytes();
    let mut depth = 0usize;
    for (i, _) in source.match_indices('<') {
        match b.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[i + 1..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |p| i + 1 + p);
                let closes_tag = matches!(b.get(name_end), None | Some(b' ' | b'\t' | b'\n' | b'>' | b'/'));
                if closes_tag && !VOID.iter().any(|v| v.eq_ignore_ascii_case(&source[i + 1..name_end])) {
                    depth += 1;
                    if depth > MAX_RAW_DEPTH {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// ammonia with the tags Markdown produces, no scripts, styles, frames, event
/// handlers or foreign schemes; images only from the site itself.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(Some("noopener noreferrer"))
                .attribute_filter(
                    |element, attribute, value| {
                        if element == "img" && attribute == "src" && !local_image(value) { None } else { Some(value.into()) }
                    },
                );
            b
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> String {
        to_html(&Markdown::new(s))
    }

    #[test]
    fn hostile_markdown_is_neutralised() {
        let out = html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) <iframe src=\"https://x\"></iframe>\n\n<a href=\"javascript:x\">b</a> <style>body{position:fixed}</style>\n\n![i](https://tracker.example/p.png) ![j](data:image/png;base64,AAAA)",
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<style", "src=\"https", "data:"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("href=\"#\""));
    }

    #[test]
    fn ordinary_markdown() {
        let out = html("Objectifs : **lien** [site](https://exemple.fr) ![photo](photo.png)\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(out.contains("Objectifs\u{a0}: <strong>lien</strong>"));
        assert!(out.contains("<a href=\"https://exemple.fr\">site</a>"));
        assert!(out.contains("<img src=\"photo.png\" alt=\"photo\""));
        assert!(out.contains("<table>"));
    }
}
