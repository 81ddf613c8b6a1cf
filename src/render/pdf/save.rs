//! Writes the finished document: the `lopdf` objects and the objects we
//! serialised ourselves (the structure tree: hundreds of thousands of small
//! dictionaries in a big booklet, which as `lopdf` objects took about 1.6 KB
//! of memory each), in object order, with the cross-reference table and the
//! trailer.

use lopdf::{Dictionary, Document, Object, StringFormat};
use std::io::Write;

/// Objects already serialised: their number and their bytes (between
/// `N 0 obj` and `endobj`).
pub type Raw = Vec<(u32, Vec<u8>)>;

/// Whether `b` may stand in a name as it is.
fn regular(b: u8) -> bool {
    (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b)
}

pub fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if regular(b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

fn string(out: &mut Vec<u8>, s: &[u8], format: StringFormat) {
    match format {
        StringFormat::Literal => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for &b in s {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        name(out, k);
        out.push(b' ');
        object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// Appends `o` in PDF syntax.
pub fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let r = if r.is_finite() { *r } else { 0.0 };
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(s, f) => string(out, s, *f),
        Object::Array(a) => {
            out.push(b'[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, v);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => {
            let _ = write!(out, "{n} {g} R");
        }
    }
}

/// The whole file: header, every object in number order, cross-reference
/// table, trailer.
pub fn save(doc: &Document, mut raw: Raw) -> Vec<u8> {
    raw.sort_unstable_by_key(|(n, _)| *n);
    let size = doc.objects.keys().map(|(n, _)| *n).chain(raw.iter().map(|(n, _)| *n)).max().unwrap_or(0) + 1;
    let estimate = raw.iter().map(|(_, b)| b.len() + 24).sum::<usize>()
        + doc.objects.values().map(|o| if let Object::Stream(s) = o { s.content.len() + 64 } else { 64 }).sum::<usize>();
    let mut out = Vec::with_capacity(estimate + 20 * size as usize + 256);
    let _ = write!(out, "%PDF-{}\n%\u{E2}\u{E3}\u{CF}\u{D3}\n", doc.version);
    let mut offsets = vec![None; size as usize];
    let mut ours = raw.into_iter().peekable();
    let mut put = |out: &mut Vec<u8>, n: u32, g: u16, body: &dyn Fn(&mut Vec<u8>)| {
        offsets[n as usize] = Some((out.len(), g));
        let _ = writeln!(out, "{n} {g} obj");
        body(out);
        out.extend_from_slice(b"\nendobj\n");
    };
    for (&(n, g), o) in &doc.objects {
        while let Some((m, bytes)) = ours.next_if(|(m, _)| *m < n) {
            put(&mut out, m, 0, &|out| out.extend_from_slice(&bytes));
        }
        put(&mut out, n, g, &|out| object(out, o));
    }
    for (m, bytes) in ours {
        put(&mut out, m, 0, &|out| out.extend_from_slice(&bytes));
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {size}\n0000000000 65535 f \n");
    for entry in offsets.iter().skip(1) {
        match entry {
            Some((at, g)) => {
                let _ = writeln!(out, "{at:010} {g:05} n ");
            }
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    let mut trailer = doc.trailer.clone();
    trailer.set("Size", Object::Integer(i64::from(size)));
    out.extend_from_slice(b"trailer\n");
    dictionary(&mut out, &trailer);
    let _ = write!(out, "\nstartxref\n{xref}\n%%EOF\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let s = |o: Object| {
            let mut v = Vec::new();
            object(&mut v, &o);
            String::from_utf8_lossy(&v).into_owned()
        };
        assert_eq!(s(Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(s(Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)), "(a\\(b\\)\\\\)");
        assert_eq!(s(Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal)), "<FEFF>");
        assert_eq!(s(Object::Array(vec![1.into(), Object::Real(0.5), Object::Reference((3, 0))])), "[1 0.5 3 0 R]");
        assert_eq!(s(Object::Real(f32::NAN)), "0");
    }

    #[test]
    fn a_saved_document_reads_back() {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let raw_id = doc.new_object_id();
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Pages".to_vec()));
        d.set("Kids", Object::Array(vec![]));
        d.set("Count", Object::Integer(0));
        doc.objects.insert(pages, Object::Dictionary(d));
        let mut c = Dictionary::new();
        c.set("Type", Object::Name(b"Catalog".to_vec()));
        c.set("Pages", Object::Reference(pages));
        c.set("Extra", Object::Reference(raw_id));
        let cat = doc.add_object(c);
        doc.trailer.set("Root", Object::Reference(cat));
        let bytes = save(&doc, vec![(raw_id.0, b"<</Mine (ours)>>".to_vec())]);
        let back = Document::load_mem(&bytes).expect("reads back");
        let mine = back.get_dictionary(raw_id).expect("raw object");
        assert_eq!(mine.get(b"Mine").and_then(Object::as_str).ok(), Some(&b"ours"[..]));
        assert!(back.catalog().is_ok());
    }
}
