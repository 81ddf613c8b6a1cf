//! TrueType subsetting: the glyphs a document uses (and the components of
//! composite glyphs) are copied, renumbered in their original order, into a
//! new font program. The content streams keep showing the original glyph ids
//! as CIDs; the `/CIDToGIDMap` stream this module also gives maps them to the
//! subset's glyphs. So pages are encoded before — and independently of — the
//! subset, and subsetting is a copy of the used outlines (microseconds).
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

/// Offsets of the component glyph ids of a composite glyph (none for a simple one).
fn component_offsets(glyph: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(_)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(at + 2);
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
    /// `/CIDToGIDMap`: for every original glyph id up to the highest kept, its
    /// subset glyph id (big-endian; 0 when left out).
    pub cid_to_gid: Vec<u8>,
}

/// A font program holding only the glyphs `used[gid]` (plus `.notdef` and
/// the components of composite glyphs). `None` when the font is not a
/// TrueType (`glyf`) font: the caller embeds it whole.
pub fn subset(font: &[u8], used: &[bool]) -> Option<Subset> {
    let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
    let head = table(&raw, b"head")?;
    let maxp = table(&raw, b"maxp")?;
    let hhea = table(&raw, b"hhea")?;
    let hmtx = table(&raw, b"hmtx")?;
    let loca = table(&raw, b"loca")?;
    let glyf = table(&raw, b"glyf")?;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    if glyphs == 0 {
        return None;
    }
    let ranges = glyph_ranges(head, loca, glyphs)?;
    let glyph = |g: usize| ranges.get(g).and_then(|&(a, b)| glyf.get(a..b.max(a)));
    let mut keep = vec![false; glyphs];
    let mut todo: Vec<usize> = std::iter::once(0).chain((0..glyphs.min(used.len())).filter(|&g| used[g])).collect();
    while let Some(g) = todo.pop() {
        if g >= glyphs || keep[g] {
            continue;
        }
        keep[g] = true;
        let data = glyph(g)?;
        todo.extend(component_offsets(data).into_iter().filter_map(|at| u16_at(data, at)).map(usize::from));
    }
    let kept: Vec<usize> = (0..glyphs).filter(|&g| keep[g]).collect();
    let mut new_id = vec![0u16; glyphs];
    for (n, &g) in kept.iter().enumerate() {
        new_id[g] = n as u16;
    }
    let metrics = usize::from(u16_at(hhea, 34)?).min(glyphs).max(1);
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (kept.len() + 1));
    let mut new_hmtx = Vec::with_capacity(4 * kept.len());
    for &g in &kept {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let start = new_glyf.len();
        new_glyf.extend_from_slice(glyph(g)?);
        for at in component_offsets(&new_glyf[start..]) {
            let old = usize::from(u16_at(&new_glyf[start..], at)?);
            let id = new_id.get(old).copied().unwrap_or(0);
            new_glyf[start + at..start + at + 2].copy_from_slice(&id.to_be_bytes());
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let advance = hmtx.get(4 * g.min(metrics - 1)..4 * g.min(metrics - 1) + 2)?;
        let lsb = if g < metrics {
            hmtx.get(4 * g + 2..4 * g + 4)?
        } else {
            hmtx.get(4 * metrics + 2 * (g - metrics)..4 * metrics + 2 * (g - metrics) + 2)?
        };
        new_hmtx.extend_from_slice(advance);
        new_hmtx.extend_from_slice(lsb);
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let count = (kept.len() as u16).to_be_bytes();
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea.get_mut(34..36)?.copy_from_slice(&count);
    let mut new_maxp = maxp.to_vec();
    new_maxp.get_mut(4..6)?.copy_from_slice(&count);
    let last = kept.last().copied().unwrap_or(0);
    let cid_to_gid = new_id[..=last].iter().flat_map(|id| id.to_be_bytes()).collect();

    let mut tables: Vec<([u8; 4], std::borrow::Cow<'_, [u8]>)> = Vec::new();
    for tag in KEPT {
        let data: std::borrow::Cow<'_, [u8]> = match tag {
            b"glyf" => std::mem::take(&mut new_glyf).into(),
            b"head" => std::mem::take(&mut new_head).into(),
            b"hhea" => std::mem::take(&mut new_hhea).into(),
            b"hmtx" => std::mem::take(&mut new_hmtx).into(),
            b"maxp" => std::mem::take(&mut new_maxp).into(),
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
    Some(Subset { program: out, cid_to_gid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_used_glyphs_renumbered() {
        let font = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/fonts/regular.ttf"));
        let face = ttf_parser::Face::parse(font, 0).expect("font");
        let mut used = vec![false; usize::from(face.number_of_glyphs())];
        let e_acute = face.glyph_index('é').expect("é");
        let z = face.glyph_index('z').expect("z");
        used[usize::from(e_acute.0)] = true;
        used[usize::from(z.0)] = true;
        let Subset { program, cid_to_gid } = subset(font, &used).expect("subset");
        assert!(program.len() < font.len() / 20, "{} bytes", program.len());
        let sub = ttf_parser::Face::parse(&program, 0).expect("subset parses");
        assert!(sub.number_of_glyphs() >= 3 && sub.number_of_glyphs() < 10);
        let new = |g: ttf_parser::GlyphId| {
            let at = 2 * usize::from(g.0);
            ttf_parser::GlyphId(u16::from_be_bytes([cid_to_gid[at], cid_to_gid[at + 1]]))
        };
        for g in [e_acute, z] {
            assert_ne!(new(g).0, 0);
            assert_eq!(sub.glyph_hor_advance(new(g)), face.glyph_hor_advance(g));
            assert_eq!(sub.glyph_bounding_box(new(g)), face.glyph_bounding_box(g));
        }
        assert_eq!(cid_to_gid.len(), 2 * (usize::from(e_acute.0.max(z.0)) + 1));
    }

    #[test]
    fn broken_fonts_are_not_subset() {
        assert!(subset(b"not a font", &[true]).is_none());
        let font = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/fonts/regular.ttf"));
        assert!(subset(&font[..1000], &[true]).is_none());
    }
}
