//! TrueType subsetting that keeps the glyph ids: the glyphs a document uses
//! (and the components of composite glyphs) keep their outlines, every other
//! glyph becomes empty. The content streams can then show the original glyph
//! ids (`/CIDToGIDMap /Identity`), so pages are encoded before — and
//! independently of — the subset, and subsetting is a copy of the used
//! outlines (microseconds, not a font rebuild).
//!
//! Only the tables a PDF TrueType font program needs are kept (ISO 32000-1,
//! 9.9: `head`, `hhea`, `loca`, `maxp`, `cvt `, `prep`, `glyf`, `hmtx`, `fpgm`),
//! plus `OS/2`. `loca` is always written in the long format.

/// Tables copied from the original font (when present), sorted by tag.
const KEPT: [&[u8; 4]; 9] = [b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"maxp", b"prep"];

fn table<'a>(raw: &ttf_parser::RawFace<'a>, tag: &[u8; 4]) -> Option<&'a [u8]> {
    raw.table(ttf_parser::Tag::from_bytes(tag))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

/// The byte ranges of every glyph in `glyf`, from `loca`.
fn glyph_ranges(head: &[u8], loca: &[u8], glyphs: usize) -> Option<Vec<(usize, usize)>> {
    let long = u16_at(head, 50)? == 1;
    let offset = |i: usize| -> Option<usize> {
        if long { u32_at(loca, 4 * i).map(|v| v as usize) } else { u16_at(loca, 2 * i).map(|v| 2 * v as usize) }
    };
    (0..glyphs).map(|i| Some((offset(i)?, offset(i + 1)?))).collect()
}

/// Component glyph ids of a composite glyph (empty for a simple one).
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(gid);
        at += 4;
        at += if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            at += 2;
        } else if flags & 0x0040 != 0 {
            at += 4;
        } else if flags & 0x0080 != 0 {
            at += 8;
        }
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    for chunk in data.chunks(4) {
        let mut w = [0u8; 4];
        w[..chunk.len()].copy_from_slice(chunk);
        sum = sum.wrapping_add(u32::from_be_bytes(w));
    }
    sum
}

/// A subset font program.
pub struct Subset {
    pub program: Vec<u8>,
    /// Glyphs it holds, by glyph id: those asked for, `.notdef` and components.
    pub kept: Vec<bool>,
}

/// A font program holding only the glyphs `used[gid]` (plus `.notdef` and
/// the components of composite glyphs), glyph ids unchanged. `None` when the
/// font is not a TrueType (`glyf`) font: the caller embeds it whole.
pub fn subset(font: &[u8], used: &[bool]) -> Option<Subset> {
    let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
    let head = table(&raw, b"head")?;
    let maxp = table(&raw, b"maxp")?;
    let loca = table(&raw, b"loca")?;
    let glyf = table(&raw, b"glyf")?;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let ranges = glyph_ranges(head, loca, glyphs)?;
    let mut keep = vec![false; glyphs];
    let mut todo: Vec<u16> = std::iter::once(0).chain((0..glyphs.min(used.len())).filter(|&g| used[g]).map(|g| g as u16)).collect();
    while let Some(g) = todo.pop() {
        let g = usize::from(g);
        if g >= glyphs || keep[g] {
            continue;
        }
        keep[g] = true;
        let (a, b) = ranges[g];
        if let Some(data) = glyf.get(a..b) {
            todo.extend(components(data));
        }
    }
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for (g, &(a, b)) in ranges.iter().enumerate() {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep[g] && a < b {
            new_glyf.extend_from_slice(glyf.get(a..b)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    // Advance widths of the glyphs left out are zeroed: the PDF's `/W` gives
    // the widths, and runs of zeros cost nothing once deflated.
    let mut new_hmtx = table(&raw, b"hmtx")?.to_vec();
    let metrics = usize::from(u16_at(table(&raw, b"hhea")?, 34)?);
    for (g, &k) in keep.iter().enumerate() {
        if !k {
            let (at, len) = if g < metrics { (4 * g, 4) } else { (4 * metrics + 2 * (g - metrics), 2) };
            if let Some(slot) = new_hmtx.get_mut(at..at + len) {
                slot.fill(0);
            }
        }
    }
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());

    let mut tables: Vec<([u8; 4], std::borrow::Cow<'_, [u8]>)> = Vec::new();
    for tag in KEPT {
        let data: std::borrow::Cow<'_, [u8]> = match tag {
            b"glyf" => std::mem::take(&mut new_glyf).into(),
            b"head" => std::mem::take(&mut new_head).into(),
            b"hmtx" => std::mem::take(&mut new_hmtx).into(),
            _ => match table(&raw, tag) {
                Some(d) => d.into(),
                None => continue,
            },
        };
        tables.push((*tag, data));
    }
    tables.push((*b"loca", new_loca.into()));
    tables.sort_by_key(|t| t.0);

    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + tables.iter().map(|t| t.1.len() + 3).sum::<usize>());
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, log, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    Some(Subset { program: out, kept: keep })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_used_glyphs_and_their_ids() {
        let font = include_bytes!("../../themes/default/fonts/regular.ttf");
        let face = ttf_parser::Face::parse(font, 0).expect("font");
        let mut used = vec![false; usize::from(face.number_of_glyphs())];
        let e_acute = face.glyph_index('é').expect("é");
        let a = face.glyph_index('a').expect("a");
        used[usize::from(e_acute.0)] = true;
        let Subset { program: out, kept } = subset(font, &used).expect("subset");
        assert!(kept[0] && kept[usize::from(e_acute.0)]);
        assert!(out.len() < font.len() / 4, "{} bytes", out.len());
        let sub = ttf_parser::Face::parse(&out, 0).expect("subset parses");
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs());
        assert_eq!(sub.glyph_hor_advance(e_acute), face.glyph_hor_advance(e_acute));
        let bbox = |f: &ttf_parser::Face<'_>, g| f.glyph_bounding_box(g);
        assert_eq!(bbox(&sub, e_acute), bbox(&face, e_acute));
        // not used: no outline left
        if a != e_acute {
            assert!(bbox(&sub, a).is_none() || bbox(&face, a).is_none() || used[usize::from(a.0)]);
        }
    }
}
