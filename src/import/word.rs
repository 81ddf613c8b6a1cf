//! A Word document (.docx, and old .doc) read into Markdown through `undoc`:
//! headings from the style's outline level (French Word's « Titre 1 » is
//! `heading 1` inside), the title from Word's Title style or a first bold
//! line, real lists as lists (numbered ones numbered), tables as Markdown
//! tables, bold, italic and links kept, pictures taken out with their alt
//! text. What is refused: a document whose content points at a file outside
//! it, a part that inflates like a bomb (undoc stops it), a damaged file.

use super::fiche::{Picture, Source};
use undoc::{Block, Document, ListType, Paragraph, ResourceRole, Table};

/// Why a Word document could not be read, in French.
#[derive(Debug)]
pub enum WordError {
    /// Its content points at a file outside the document (a linked picture,
    /// a sub-document): the target, as written.
    External(String),
    /// undoc refused it; the reason, in French.
    Unreadable(String),
}

/// Reads a .docx or .doc file's bytes.
pub fn read(bytes: &[u8]) -> Result<Source, WordError> {
    if bytes.starts_with(b"PK")
        && let Some(target) = external_target(bytes)
    {
        return Err(WordError::External(target));
    }
    let doc = undoc::parse_bytes(bytes).map_err(|e| WordError::Unreadable(reason_fr(&e)))?;
    Ok(render(&doc))
}

/// The reason undoc gives, in the author's words.
fn reason_fr(e: &undoc::Error) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("decompression bomb") || lower.contains("expanded past") {
        "le document se décompresse en bien plus que ce qu'une fiche contient (fichier piégé ou abîmé) : il n'est pas lu".into()
    } else if lower.contains("encrypt") || lower.contains("password") {
        "le document est protégé par un mot de passe : enregistrez-en une copie sans mot de passe, puis importez-la".into()
    } else if lower.contains("zip") || lower.contains("archive") || lower.contains("format") {
        "ce n'est pas un document Word lisible (fichier abîmé, ou d'un autre format renommé en .docx)".into()
    } else {
        format!("document Word illisible ({text})")
    }
}

/// A relationship of the document's content that points outside it (other
/// than a hyperlink, which is only a link): linked pictures, sub-documents,
/// linked objects. Read from `word/_rels/document.xml.rels`.
fn external_target(bytes: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("word/_rels/document.xml.rels").ok()?;
    let mut xml = String::new();
    // A relationships part is a few kilobytes: read no more than 1 MB of it.
    entry.take(1 << 20).read_to_string(&mut xml).ok()?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |name: &str| {
                    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.to_string()).unwrap_or_default()
                };
                if get("TargetMode").eq_ignore_ascii_case("external") && !get("Type").ends_with("/hyperlink") {
                    return Some(get("Target"));
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The document as Markdown, with its title and pictures (also for
/// LibreOffice documents, read into the same model).
pub(super) fn render(doc: &Document) -> Source {
    let mut out = Source::default();
    let mut lines: Vec<String> = Vec::new();
    let mut seen_heading = false;
    for block in doc.sections.iter().flat_map(|s| s.content.iter()) {
        match block {
            Block::Paragraph(p) => paragraph(doc, p, &mut out, &mut lines, &mut seen_heading),
            Block::Table(t) => {
                blank(&mut lines);
                lines.extend(table(t));
                lines.push(String::new());
            }
            Block::Image { resource_id, alt_text, .. } => {
                if let Some(line) = picture(doc, resource_id, alt_text.as_deref(), &mut out.pictures) {
                    blank(&mut lines);
                    lines.push(line);
                    lines.push(String::new());
                }
            }
            Block::Note { label, content } => {
                blank(&mut lines);
                let text: Vec<String> = content.iter().map(inline).collect();
                lines.push(format!("Note {label} : {}", text.join(" ").trim()));
                lines.push(String::new());
            }
            Block::PageBreak | Block::SectionBreak => {}
        }
    }
    // Labelled facts: in the block before the first section, or a contact anywhere.
    let mut before_sections = true;
    let mut kept = Vec::with_capacity(lines.len());
    for line in lines {
        let t = line.trim();
        // A label left without its answer (« **Structure :** »): nothing said.
        if t.starts_with("**")
            && t.trim_end_matches('*').trim_end().ends_with(':')
            && super::fiche::is_fact_label(t.trim_matches(['*', ':', ' ']))
        {
            continue;
        }
        if t.starts_with('#') || super::fiche::bold_line(t).is_some() {
            before_sections = false;
        }
        if let Some((k, v)) = super::fiche::fact(t).filter(|(k, _)| before_sections || super::fiche::fact_anywhere(k)) {
            out.meta.push((k, v));
            continue;
        }
        kept.push(line);
    }
    out.markdown = kept.join("\n");
    out
}

/// One blank line before a new block.
fn blank(lines: &mut Vec<String>) {
    if lines.last().is_some_and(|l| !l.is_empty()) {
        lines.push(String::new());
    }
}

fn paragraph(doc: &Document, p: &Paragraph, out: &mut Source, lines: &mut Vec<String>, seen_heading: &mut bool) {
    let text = inline(p);
    let plain = p.plain_text();
    let plain = plain.trim();
    for img in &p.images {
        if let Some(line) = picture(doc, &img.resource_id, img.alt_text.as_deref(), &mut out.pictures) {
            blank(lines);
            lines.push(line);
            lines.push(String::new());
        }
    }
    if plain.is_empty() {
        return;
    }
    // The instructions of recueil's own model are not the author's text.
    if p.style_name.as_deref() == Some(super::modele::CONSIGNE_STYLE) {
        return;
    }
    let style = p.style_name.as_deref().unwrap_or_default().to_lowercase();
    if style == "title" || style == "titre" {
        if out.titre.is_none() {
            out.titre = Some(plain.to_string());
            return;
        }
        blank(lines);
        lines.push(format!("# {plain}"));
        lines.push(String::new());
        return;
    }
    if p.heading.is_heading() {
        *seen_heading = true;
        blank(lines);
        lines.push(format!("{} {plain}", "#".repeat(usize::from(p.heading.level()))));
        lines.push(String::new());
        return;
    }
    // The title of a document typed without styles: its first line, all bold.
    let all_bold = p.runs.iter().filter(|r| !r.text.trim().is_empty()).all(|r| r.style.bold);
    if all_bold && !plain.ends_with(':') && out.titre.is_none() && !*seen_heading && lines.iter().all(|l| l.trim().is_empty()) {
        out.titre = Some(plain.trim_end_matches(':').trim().to_string());
        return;
    }
    if let Some(list) = &p.list_info {
        let indent = "  ".repeat(usize::from(list.level.min(4)));
        let mark = match list.list_type {
            ListType::Numbered => format!("{}.", list.number.unwrap_or(1)),
            _ => "-".to_string(),
        };
        // Items of one list stay together; a list starts after a blank line.
        if lines.last().is_some_and(|l| !l.is_empty() && !is_item(l)) {
            lines.push(String::new());
        }
        lines.push(format!("{indent}{mark} {}", text.trim()));
        return;
    }
    blank(lines);
    lines.push(text.trim().to_string());
    lines.push(String::new());
}

/// Whether a line is a Markdown list item.
fn is_item(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("- ") || t.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A paragraph's runs as Markdown: bold, italic and links kept.
fn inline(p: &Paragraph) -> String {
    let merged = p.with_merged_runs();
    let mut s = String::new();
    for r in &merged.runs {
        if r.line_break {
            s.push(' ');
        }
        let raw = r.text.as_str();
        if raw.trim().is_empty() {
            s.push_str(raw);
            continue;
        }
        // Emphasis marks hug the words: spaces go outside them.
        let lead = &raw[..raw.len() - raw.trim_start().len()];
        let trail = &raw[raw.trim_end().len()..];
        let mut t = escape(raw.trim());
        if let Some(url) = r.hyperlink.as_deref().filter(|u| !u.trim().is_empty()) {
            t = format!("[{t}]({})", url.trim().replace(' ', "%20").replace(')', "%29"));
        }
        if r.style.italic {
            t = format!("*{t}*");
        }
        if r.style.bold {
            t = format!("**{t}**");
        }
        s.push_str(lead);
        s.push_str(&t);
        s.push_str(trail);
    }
    // Adjacent marks of two runs (`**a** **b**` is fine; `**a****b**` is not).
    s.replace("****", "").replace("\u{b}", " ")
}

/// Characters that would change the meaning of Markdown text.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '[' | ']' | '`' | '\\' | '<' | '>' | '|' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A picture of the document, kept when it is an image the site shows (PNG,
/// JPEG, GIF, WebP): its Markdown line, the bytes set aside for the writer.
/// Another format (a Windows metafile) is said in the text, not dropped.
fn picture(doc: &Document, id: &str, alt: Option<&str>, pictures: &mut Vec<Picture>) -> Option<String> {
    let res = doc.get_resource(id)?;
    if res.role != ResourceRole::Primary {
        return None;
    }
    let alt = alt.map(str::trim).filter(|a| !a.is_empty()).unwrap_or_default().replace(['[', ']', '\n'], " ");
    use crate::model::image::PictureFormat;
    let format =
        res.mime_type.as_deref().and_then(PictureFormat::from_mime).or_else(|| res.filename.as_deref().and_then(PictureFormat::from_name));
    let Some(PictureFormat { ext, .. }) = format else {
        // Another format (a Windows metafile): said in the text, not dropped.
        let shown =
            res.filename.as_deref().and_then(|f| f.rsplit_once('.')).map(|(_, e)| e.to_uppercase()).unwrap_or_else(|| "inconnu".into());
        return Some(format!("*Image non reprise (format {shown}, que le site ne montre pas) : {alt}*"));
    };
    let name = format!("image-{}.{ext}", pictures.len() + 1);
    pictures.push(Picture { name: name.clone(), bytes: res.data.clone() });
    Some(format!("![{alt}]({name})"))
}

/// A table as a Markdown table (the first row as its header).
fn table(t: &Table) -> Vec<String> {
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    let text: Vec<String> = c.content.iter().map(inline).filter(|s| !s.trim().is_empty()).collect();
                    text.join(" ").replace('\n', " ").trim().to_string()
                })
                .collect()
        })
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return Vec::new();
    }
    let line = |r: &Vec<String>| {
        let cells: Vec<&str> = (0..width).map(|i| r.get(i).map(String::as_str).unwrap_or("")).collect();
        format!("| {} |", cells.join(" | "))
    };
    // A header row in bold says it twice: the table's header is bold already.
    let header: Vec<String> =
        rows[0].iter().map(|c| c.strip_prefix("**").and_then(|c| c.strip_suffix("**")).unwrap_or(c).to_string()).collect();
    let mut out = vec![line(&header), format!("|{}", " --- |".repeat(width))];
    out.extend(rows.iter().skip(1).map(line));
    out
}
