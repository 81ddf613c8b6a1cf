//! A LibreOffice document (.odt) read into the same document model as Word
//! (undoc's), so that one renderer makes the Markdown: headings from their
//! language-independent `text:outline-level`, the title from the Title style,
//! bold and italic from the automatic styles they hide in, lists (numbered
//! when their list style numbers), tables, links, pictures with their alt
//! text (`svg:title`/`svg:desc`, or the caption under them).
//!
//! Read with `zip` and `quick-xml` into a small tree: `content.xml` is
//! bounded, every part read is bounded, a picture outside the file is refused.

use super::fiche::Source;
use super::word::WordError;
use std::collections::HashMap;
use std::io::Read;
use undoc::model::InlineImage;
use undoc::{Block, Document, HeadingLevel, ListInfo, ListType, Paragraph, Resource, ResourceType, TextRun, TextStyle};

/// The most a part of the file may inflate to (a fiche's text is far smaller).
const MAX_PART: u64 = 64 * 1024 * 1024;
/// The most a part may inflate relative to its compressed size.
const MAX_RATIO: u64 = 200;

/// An element of the XML tree: its local name (with prefix), attributes, children.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| if let Node::El(e) = c { Some(e) } else { None })
    }
    fn find(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }
    /// The text under this element, spaces and tabs as ODF writes them.
    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => s.push_str(t),
                Node::El(e) if e.name == "text:s" => {
                    s.push_str(&" ".repeat(e.attr("text:c").and_then(|n| n.parse().ok()).unwrap_or(1).min(50)))
                }
                Node::El(e) if e.name == "text:tab" || e.name == "text:line-break" => s.push(' '),
                Node::El(e) if e.name == "text:note" || e.name == "office:annotation" => {}
                Node::El(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

/// One part of the zip, bounded.
fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, WordError> {
    let Ok(entry) = zip.by_name(name) else { return Ok(None) };
    let limit = MAX_PART.min(entry.compressed_size().saturating_mul(MAX_RATIO).max(1 << 20));
    let mut bytes = Vec::new();
    entry.take(limit + 1).read_to_end(&mut bytes).map_err(|_| WordError::Unreadable(damaged()))?;
    if bytes.len() as u64 > limit {
        return Err(WordError::Unreadable(
            "le document se décompresse en bien plus que ce qu'une fiche contient (fichier piégé ou abîmé) : il n'est pas lu".into(),
        ));
    }
    Ok(Some(bytes))
}

fn damaged() -> String {
    "ce n'est pas un document LibreOffice lisible (fichier abîmé, ou d'un autre format renommé en .odt)".into()
}

/// Parses XML into a tree (whitespace-only text between elements dropped).
fn tree(xml: &[u8]) -> Result<El, WordError> {
    let text = std::str::from_utf8(xml).map_err(|_| WordError::Unreadable(damaged()))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart| -> El {
        let name = e.name().as_ref().to_string();
        let attrs = e
            .attributes()
            .flatten()
            .map(|a| {
                let v = a.normalized_value(quick_xml::XmlVersion::default()).map(|v| v.into_owned()).unwrap_or_default();
                (a.key.as_ref().to_string(), v)
            })
            .collect();
        El { name, attrs, children: Vec::new() }
    };
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                if stack.len() > 200 {
                    return Err(WordError::Unreadable(damaged()));
                }
                stack.push(open(&e));
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                let el = open(&e);
                stack.last_mut().map(|p| p.children.push(Node::El(el))).unwrap_or_default();
            }
            Ok(quick_xml::events::Event::End(_)) => {
                let el = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(p) => p.children.push(Node::El(el)),
                    None => return Err(WordError::Unreadable(damaged())),
                }
            }
            Ok(quick_xml::events::Event::Text(t)) => {
                let s = t.xml10_content().into_owned();
                if !s.trim().is_empty() || stack.last().is_some_and(|p| p.name.starts_with("text:")) {
                    stack.last_mut().map(|p| p.children.push(Node::Text(s))).unwrap_or_default();
                }
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let name = r.as_ref().to_string();
                let c = match name.as_str() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    n => n
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32)
                        .map(String::from)
                        .unwrap_or_default(),
                };
                stack.last_mut().map(|p| p.children.push(Node::Text(c))).unwrap_or_default();
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Err(_) => return Err(WordError::Unreadable(damaged())),
            _ => {}
        }
    }
    let mut root = stack.into_iter().next().unwrap_or_default();
    root.children.retain(|c| matches!(c, Node::El(_)));
    Ok(root.children.into_iter().find_map(|c| if let Node::El(e) = c { Some(e) } else { None }).unwrap_or_default())
}

/// What the styles say: bold and italic of text and paragraph styles, the
/// parent of a style, which list styles number, which style is a title.
#[derive(Default)]
struct Styles {
    bold: HashMap<String, bool>,
    italic: HashMap<String, bool>,
    parent: HashMap<String, String>,
    numbered: HashMap<String, bool>,
}

impl Styles {
    fn read(&mut self, root: &El) {
        for group in root.elements().filter(|e| e.name == "office:automatic-styles" || e.name == "office:styles") {
            for s in group.elements() {
                let Some(name) = s.attr("style:name") else { continue };
                match s.name.as_str() {
                    "style:style" => {
                        if let Some(p) = s.attr("style:parent-style-name") {
                            self.parent.insert(name.into(), p.into());
                        }
                        if let Some(tp) = s.find("style:text-properties") {
                            if let Some(w) = tp.attr("fo:font-weight") {
                                self.bold.insert(name.into(), w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
                            }
                            if let Some(st) = tp.attr("fo:font-style") {
                                self.italic.insert(name.into(), st == "italic" || st == "oblique");
                            }
                        }
                    }
                    "text:list-style" => {
                        let first = s.elements().next();
                        self.numbered.insert(name.into(), first.is_some_and(|l| l.name == "text:list-level-style-number"));
                    }
                    _ => {}
                }
            }
        }
    }

    /// A property through the style's parents (« Strong Emphasis » is bold by name too).
    fn get(&self, map: &HashMap<String, bool>, style: &str, by_name: &str) -> bool {
        let mut s = style;
        for _ in 0..10 {
            if let Some(&v) = map.get(s) {
                return v;
            }
            if s.to_lowercase().replace("_20_", " ").contains(by_name) {
                return true;
            }
            match self.parent.get(s) {
                Some(p) => s = p,
                None => return false,
            }
        }
        false
    }

    fn is_title(&self, style: &str) -> bool {
        let mut s = style;
        for _ in 0..10 {
            if s == "Title" || s == "Titre" {
                return true;
            }
            match self.parent.get(s) {
                Some(p) => s = p,
                None => return false,
            }
        }
        false
    }
}

/// Reads a .odt file's bytes.
pub fn read(bytes: &[u8]) -> Result<Source, WordError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| WordError::Unreadable(damaged()))?;
    let content = part(&mut zip, "content.xml")?.ok_or_else(|| WordError::Unreadable(damaged()))?;
    let root = tree(&content)?;
    let mut styles = Styles::default();
    if let Some(s) = part(&mut zip, "styles.xml")? {
        styles.read(&tree(&s)?);
    }
    styles.read(&root);
    let body = root.find("office:body").and_then(|b| b.find("office:text")).ok_or_else(|| WordError::Unreadable(damaged()))?;
    let mut doc = Document::default();
    let mut section = undoc::Section::new(0);
    let mut reader = Reader { styles: &styles, zip: &mut zip, doc: &mut doc, blocks: Vec::new() };
    reader.blocks(body, None)?;
    section.content = std::mem::take(&mut reader.blocks);
    doc.sections.push(section);
    Ok(super::word::render(&doc))
}

struct Reader<'a, 'z> {
    styles: &'a Styles,
    zip: &'a mut zip::ZipArchive<std::io::Cursor<&'z [u8]>>,
    doc: &'a mut Document,
    blocks: Vec<Block>,
}

impl Reader<'_, '_> {
    /// The blocks of a container (the body, a list item, a section).
    fn blocks(&mut self, el: &El, list: Option<(bool, u8, u32)>) -> Result<(), WordError> {
        let children: Vec<&El> = el.elements().collect();
        let mut i = 0;
        while i < children.len() {
            let e = children[i];
            match e.name.as_str() {
                "text:p" | "text:h" => {
                    let mut p = self.paragraph(e)?;
                    if e.name == "text:h" {
                        let level = e.attr("text:outline-level").and_then(|l| l.parse().ok()).unwrap_or(1u8);
                        p.heading = HeadingLevel::from_number(level.clamp(1, 6));
                    } else if let Some(style) = e.attr("text:style-name")
                        && self.styles.is_title(style)
                    {
                        p.style_name = Some("Title".into());
                    }
                    // A caption under a picture without alt text is its alt text.
                    if let Some(img) = p.images.iter_mut().find(|i| i.alt_text.is_none())
                        && let Some(next) = children.get(i + 1)
                        && next.attr("text:style-name").is_some_and(|s| {
                            let s = s.to_lowercase();
                            s.contains("caption") || s.contains("illustration") || s.contains("legende")
                        })
                    {
                        img.alt_text = Some(next.text().trim().to_string());
                        i += 1;
                    }
                    if let Some((numbered, level, number)) = list {
                        p.list_info = Some(ListInfo {
                            list_type: if numbered { ListType::Numbered } else { ListType::Bullet },
                            level,
                            number: numbered.then_some(number),
                            ..Default::default()
                        });
                    }
                    self.blocks.push(Block::Paragraph(p));
                }
                "text:list" => {
                    let numbered = match e.attr("text:style-name") {
                        Some(s) => self.styles.numbered.get(s).copied().unwrap_or(false),
                        None => list.is_some_and(|(n, _, _)| n),
                    };
                    let level = list.map(|(_, l, _)| l + 1).unwrap_or(0);
                    let items = e.elements().filter(|c| c.name == "text:list-item" || c.name == "text:list-header");
                    for (n, item) in items.enumerate() {
                        self.blocks(item, Some((numbered, level, n as u32 + 1)))?;
                    }
                }
                "table:table" => self.table(e)?,
                "text:section" | "text:soft-page-break" => self.blocks(e, list)?,
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }

    fn paragraph(&mut self, e: &El) -> Result<Paragraph, WordError> {
        let mut p = Paragraph::default();
        let style = e.attr("text:style-name").unwrap_or_default();
        let base = TextStyle {
            bold: self.styles.get(&self.styles.bold, style, "strong"),
            italic: self.styles.get(&self.styles.italic, style, "emphasis"),
            ..Default::default()
        };
        self.runs(e, &base, None, &mut p)?;
        Ok(p)
    }

    fn runs(&mut self, e: &El, style: &TextStyle, link: Option<&str>, p: &mut Paragraph) -> Result<(), WordError> {
        for c in &e.children {
            match c {
                Node::Text(t) => {
                    p.runs.push(TextRun { text: t.clone(), style: style.clone(), hyperlink: link.map(String::from), ..Default::default() })
                }
                Node::El(x) => match x.name.as_str() {
                    "text:span" => {
                        let s = x.attr("text:style-name").unwrap_or_default();
                        let mut inner = style.clone();
                        if self.styles.bold.contains_key(s) || s.to_lowercase().contains("strong") {
                            inner.bold = self.styles.get(&self.styles.bold, s, "strong");
                        }
                        if self.styles.italic.contains_key(s) || s.to_lowercase().contains("emphasis") {
                            inner.italic = self.styles.get(&self.styles.italic, s, "emphasis");
                        }
                        self.runs(x, &inner, link, p)?;
                    }
                    "text:a" => self.runs(x, style, x.attr("xlink:href"), p)?,
                    "text:s" | "text:tab" | "text:line-break" => {
                        p.runs.push(TextRun { text: x.text().max(" ".into()), style: style.clone(), ..Default::default() })
                    }
                    "draw:frame" => self.frame(x, p)?,
                    "text:note" | "office:annotation" | "text:bookmark-start" | "text:bookmark-end" | "text:bookmark" => {}
                    _ => self.runs(x, style, link, p)?,
                },
            }
        }
        Ok(())
    }

    /// A picture: its bytes from the file's Pictures/, its alt text. A
    /// picture linked outside the file is refused.
    fn frame(&mut self, frame: &El, p: &mut Paragraph) -> Result<(), WordError> {
        let Some(img) = frame.find("draw:image") else { return Ok(()) };
        let href = img.attr("xlink:href").unwrap_or_default();
        if href.is_empty() {
            return Ok(());
        }
        if href.contains(':') || href.starts_with('/') || href.starts_with("..") {
            return Err(WordError::External(href.to_string()));
        }
        let alt = [frame.find("svg:desc"), frame.find("svg:title")]
            .into_iter()
            .flatten()
            .map(|e| e.text().trim().to_string())
            .find(|t| !t.is_empty());
        let Some(bytes) = part(self.zip, href)? else { return Ok(()) };
        let mime = crate::model::image::PictureFormat::from_name(href).map_or("application/octet-stream", |f| f.mime);
        let id = format!("odt{}", self.doc.resources.len());
        let mut res = Resource::new(ResourceType::Image, bytes);
        res.mime_type = Some(mime.into());
        res.filename = href.rsplit('/').next().map(String::from);
        self.doc.resources.insert(id.clone(), res);
        p.images.push(InlineImage { resource_id: id, alt_text: alt, width: None, height: None });
        Ok(())
    }

    fn table(&mut self, t: &El) -> Result<(), WordError> {
        let mut table = undoc::Table::default();
        let mut rows: Vec<&El> = Vec::new();
        for c in t.elements() {
            match c.name.as_str() {
                "table:table-row" => rows.push(c),
                "table:table-header-rows" | "table:table-rows" => rows.extend(c.elements().filter(|r| r.name == "table:table-row")),
                _ => {}
            }
        }
        for r in rows {
            let mut row = undoc::Row::default();
            for cell in r.elements().filter(|c| c.name == "table:table-cell") {
                let mut content = Vec::new();
                for para in cell.elements().filter(|p| p.name == "text:p" || p.name == "text:h") {
                    content.push(self.paragraph(para)?);
                }
                row.cells.push(undoc::Cell { content, ..Default::default() });
            }
            table.rows.push(row);
        }
        self.blocks.push(Block::Table(table));
        Ok(())
    }
}
