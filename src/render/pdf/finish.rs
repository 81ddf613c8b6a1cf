//! Post-processing with lopdf: the hierarchical outline (booklet → fiche →
//! sections), `/Lang (fr-FR)`, `/PageMode /UseOutlines` as a name, a clean
//! Info dictionary (no bogus `/GTS_PDFXVersion`, real dates) and a stable
//! document ID, so the same input gives the same bytes.

use super::style::{MARGIN_TOP, PAGE_HEIGHT};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// One entry of the outline.
#[derive(Debug, Clone)]
pub struct OutlineNode {
    pub title: String,
    /// 1-based page.
    pub page: usize,
    /// From the top of the text block.
    pub y: f32,
    pub children: Vec<OutlineNode>,
    pub open: bool,
}

/// A PDF text string (UTF-16BE with its byte order mark).
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:20250214093000Z` from seconds since 1970.
pub fn pdf_date(secs: i64) -> Object {
    let d = crate::model::date::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let s = format!("D:{:04}{:02}{:02}{:02}{:02}{:02}Z", d.year, d.month, d.day, t / 3600, t % 3600 / 60, t % 60);
    Object::String(s.into_bytes(), StringFormat::Literal)
}

/// Writes `nodes` under `parent`; returns (first, last, visible count).
fn write_nodes(doc: &mut Document, pages: &[ObjectId], parent: ObjectId, nodes: &[OutlineNode]) -> Option<(ObjectId, ObjectId, i64)> {
    if nodes.is_empty() {
        return None;
    }
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0i64;
    for (i, node) in nodes.iter().enumerate() {
        let page = pages.get(node.page.saturating_sub(1)).or(pages.first()).copied();
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&node.title));
        dict.set("Parent", Object::Reference(parent));
        if let Some(p) = page {
            let top = PAGE_HEIGHT - MARGIN_TOP - node.y + 12.0;
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(p),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(top.min(PAGE_HEIGHT)),
                    Object::Null,
                ]),
            );
        }
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            dict.set("Next", Object::Reference(ids[i + 1]));
        }
        visible += 1;
        if let Some((first, last, count)) = write_nodes(doc, pages, ids[i], &node.children) {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            if node.open {
                dict.set("Count", Object::Integer(count));
                visible += count;
            } else {
                dict.set("Count", Object::Integer(-count));
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    Some((ids[0], ids[ids.len() - 1], visible))
}

/// Document information.
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub date_secs: i64,
    /// Feeds the stable document ID.
    pub fingerprint: String,
}

use crate::model::text::xml_escape as xml;

/// `2025-02-14T09:30:00Z` from seconds since 1970.
fn xmp_date(secs: i64) -> String {
    let d = crate::model::date::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, t / 3600, t % 3600 / 60, t % 60)
}

/// The XMP metadata: the same title, author, subject and dates as the Info
/// dictionary, the language, and the PDF/UA-1 identification.
fn metadata_xmp(meta: &Meta) -> String {
    let date = xmp_date(meta.date_secs);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>recueil (lopdf)</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
<xmp:CreatorTool>recueil</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{FEFF}',
        title = xml(&meta.title),
        author = xml(&meta.author),
        subject = xml(&meta.subject),
        keywords = xml(&meta.keywords.join(", ")),
    )
}

/// A stable 16-byte ID from the document's fingerprint (FNV-1a, two seeds).
fn stable_id(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142] {
        let mut h = seed;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    out
}

/// Applies outline, language, page mode and metadata to the document.
pub fn finish(doc: &mut Document, outline: &[OutlineNode], meta: &Meta) -> Result<(), super::PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|source| super::PdfError::Structure { what: "le catalogue du document est introuvable", source })?;
    let outlines_id = doc.new_object_id();
    let written = write_nodes(doc, &pages, outlines_id, outline);
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let Some((first, last, count)) = written {
        outlines.set("First", Object::Reference(first));
        outlines.set("Last", Object::Reference(last));
        outlines.set("Count", Object::Integer(count));
    }
    doc.objects.insert(outlines_id, Object::Dictionary(outlines));
    {
        let catalog = doc
            .get_object_mut(root_id)
            .and_then(Object::as_dict_mut)
            .map_err(|source| super::PdfError::Structure { what: "le catalogue du document est illisible", source })?;
        catalog.set("Outlines", Object::Reference(outlines_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        catalog.set("Lang", Object::String(b"fr-FR".to_vec(), StringFormat::Literal));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
    let mut xmp = Dictionary::new();
    xmp.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp.set("Subtype", Object::Name(b"XML".to_vec()));
    // left uncompressed, as XMP readers expect
    let xmp_id = doc.add_object(lopdf::Stream::new(xmp, metadata_xmp(meta).into_bytes()).with_compression(false));
    if let Ok(catalog) = doc.get_object_mut(root_id).and_then(Object::as_dict_mut) {
        catalog.set("Metadata", Object::Reference(xmp_id));
    }
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords.join(", ")));
    info.set("Creator", text_string("recueil"));
    info.set("Producer", text_string("recueil (lopdf)"));
    info.set("CreationDate", pdf_date(meta.date_secs));
    info.set("ModDate", pdf_date(meta.date_secs));
    let info_id = doc.add_object(Object::Dictionary(info));
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = stable_id(&meta.fingerprint);
    doc.trailer.set(
        "ID",
        Object::Array(vec![Object::String(id.clone(), StringFormat::Hexadecimal), Object::String(id, StringFormat::Hexadecimal)]),
    );
    Ok(())
}
