//! A web page (saved from a bank of experiences, or any page with headings)
//! read into Markdown: the title from its `h1`, the labelled facts from its
//! definition lists and « Libellé : valeur » lines, and the text without what
//! the site wraps around it (menus, cookie banners, breadcrumbs, search forms,
//! « À lire aussi », newsletters, footers, scripts and styles).

use super::fiche::Source;
use htmd::{Element, HtmlToMarkdown, element_handler::Handlers};

/// Words in a `class` or `id` that mark what a site wraps around the fiche.
const BOILERPLATE: &[&str] = &[
    "cookie",
    "consent",
    "rgpd",
    "tarteaucitron",
    "menu",
    "nav",
    "breadcrumb",
    "ariane",
    "fil-d",
    "newsletter",
    "lettre-info",
    "footer",
    "pied",
    "header",
    "entete",
    "en-tete",
    "search",
    "recherche",
    "share",
    "partage",
    "related",
    "a-lire",
    "lire-aussi",
    "voir-aussi",
    "sidebar",
    "aside",
    "skip",
    "evitement",
    "back-to-top",
    "retour-haut",
    "haut-de-page",
    "banner",
    "bandeau",
    "modal",
    "popup",
    "print",
    "imprimer",
];

/// Paragraphs a site repeats on every page.
const BOILERPLATE_TEXT: &[&str] = &[
    "aller au contenu",
    "j'ai compris",
    "retour en haut",
    "a lire aussi",
    "à lire aussi",
    "partager sur",
    "inscrivez-vous",
    "abonnez-vous",
];

fn attr<'a>(e: &'a Element, name: &str) -> &'a str {
    e.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value).unwrap_or("")
}

fn is_boilerplate(e: &Element) -> bool {
    let marks = format!("{} {} {}", attr(e, "class"), attr(e, "id"), attr(e, "role")).to_lowercase();
    BOILERPLATE.iter().any(|w| marks.split([' ', '_']).any(|m| m == *w || m.starts_with(&format!("{w}-")) || m.ends_with(&format!("-{w}"))))
}

/// Reads a page.
pub fn read(html: &str) -> Source {
    let titre = first_h1(html);
    let html = &definitions_as_facts(html);
    let options = htmd::options::Options {
        bullet_list_marker: htmd::options::BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Default::default()
    };
    let converter = HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec![
            "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "template", "head",
        ])
        .add_handler(
            vec!["div", "section", "ul", "ol", "p", "span", "li", "dl", "figure", "article", "main", "a"],
            |h: &dyn Handlers, e: Element| {
                if is_boilerplate(&e) {
                    return None;
                }
                h.fallback(e)
            },
        )
        .build();
    let markdown = converter.convert(html).unwrap_or_default();
    let mut meta = Vec::new();
    let mut kept = Vec::new();
    let mut skip_title = titre.is_some();
    for line in markdown.lines() {
        let t = line.trim();
        let folded = crate::model::text::fold(t);
        if BOILERPLATE_TEXT.iter().any(|b| folded.contains(&crate::model::text::fold(b))) || folded == "fiche d'experience" {
            continue;
        }
        // The page's h1 is the fiche's title, not body text.
        if skip_title && t.starts_with("# ") {
            skip_title = false;
            continue;
        }
        if let Some(f) = super::fiche::fact(t) {
            meta.push(f);
            continue;
        }
        kept.push(line.to_string());
    }
    Source { titre, meta, markdown: kept.join("\n"), ..Source::default() }
}

/// The text of the first `<h1>`, tags removed.
fn first_h1(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<h1")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</h1>")?;
    let inner = htmd::convert(&html[open_end..close]).ok()?;
    let t = inner.replace(['*', '_', '#'], "").split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// A definition list (`<dt>Structure</dt><dd>CCAS de Dijon</dd>`), as the
/// banks give a fiche's facts, made « Structure : CCAS de Dijon » paragraphs
/// (several `<dd>` joined by commas).
fn definitions_as_facts(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(start) = lower[at..].find("<dl").map(|i| i + at) {
        let Some(end) = lower[start..].find("</dl>").map(|i| i + start) else { break };
        let inner = &html[start..end];
        let inner_lower = &lower[start..end];
        let mut facts: Vec<(String, Vec<String>)> = Vec::new();
        let mut pos = 0;
        while let Some(tag) = inner_lower[pos..].find("<d").map(|i| i + pos) {
            let kind = inner_lower.as_bytes().get(tag + 2).copied();
            let Some(open_end) = inner_lower[tag..].find('>').map(|i| i + tag + 1) else { break };
            let close = match kind {
                Some(b't') => "</dt>",
                Some(b'd') => "</dd>",
                _ => {
                    pos = open_end;
                    continue;
                }
            };
            let Some(content_end) = inner_lower[open_end..].find(close).map(|i| i + open_end) else { break };
            let text = htmd::convert(&inner[open_end..content_end]).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
            if kind == Some(b't') {
                facts.push((text, Vec::new()));
            } else if let Some(last) = facts.last_mut() {
                last.1.push(text);
            }
            pos = content_end + close.len();
        }
        out.push_str(&html[at..start]);
        // Facts only when every term has a value; any other list is left as it is.
        if !facts.is_empty() && facts.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()) {
            for (k, v) in facts {
                out.push_str(&format!("<p>{} : {}</p>", k.trim_end_matches(':').trim(), v.join(", ")));
            }
            at = end + "</dl>".len();
        } else {
            at = start;
            out.push_str(&html[start..end]);
            at = at.max(end);
        }
    }
    out.push_str(&html[at..]);
    out
}
