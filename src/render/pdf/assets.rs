//! Fonts and hyphenation patterns, loaded once and shared (read-only) by every
//! booklet and fiche rendered in parallel.
//!
//! The default theme's four Liberation Serif faces and the French patterns are
//! embedded in the binary; a project theme folder may replace a font by putting
//! a file of the same name in its `fonts/` folder.

use super::error::PdfError;
pub use super::style::Face;
use super::style::Ink;
use hyphenation::{Load, Standard};
use std::sync::Arc;

/// Characters French text cannot do without; a font lacking one is refused.
const FRENCH_CHARS: &str = "aàâäbcçdeéèêëfghiîïjklmnoôöœpqrstuùûüvwxyÿzAÀÂÇÉÈÊËÎÏÔŒÙÛÜ0123456789’«»€–—…\u{A0}\u{202F}";

/// Width table value for a character the font does not have.
const MISSING: u16 = u16::MAX;

/// What the PDF font dictionaries say about a face (glyph space: 1/1000 em).
#[derive(Debug, Clone)]
pub struct FontMetrics {
    /// PostScript name, spaces removed.
    pub postscript_name: String,
    pub ascent: i64,
    pub descent: i64,
    pub cap_height: i64,
    pub bbox: [i64; 4],
    pub italic_angle: f32,
    pub weight: u16,
    /// Advance width of every glyph.
    pub glyph_widths: Vec<i64>,
}

/// One font face: its bytes for embedding, its glyph ids and advance widths.
pub struct FontFace {
    pub name: String,
    /// The font file (embedded subset is cut from it).
    pub bytes: Arc<[u8]>,
    units_per_em: f32,
    /// Advance width in font units for every BMP character, `MISSING` if absent.
    widths: Vec<u16>,
    /// Glyph id of every BMP character (0, `.notdef`, if absent).
    gids: Vec<u16>,
    pub metrics: FontMetrics,
    pub ascender: f32,
    pub descender: f32,
    /// Pair kerning from the font's `kern` table, in ems, between two
    /// characters (both BMP, neither a space); most characters have none.
    kerns: rustc_hash::FxHashMap<(char, char), f32>,
    /// Whether a character starts any kerning pair (skips the lookup for most).
    kerns_left: Vec<bool>,
}

impl FontFace {
    fn load(name: &str, bytes: &[u8]) -> Result<FontFace, PdfError> {
        let invalid = || PdfError::FontInvalid { name: name.to_string() };
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|_| invalid())?;
        let upem = f32::from(face.units_per_em().max(1));
        let mut widths = vec![MISSING; 0x1_0000];
        let mut gids = vec![0u16; 0x1_0000];
        if let Some(table) = face.tables().cmap {
            for sub in table.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if cp < 0x1_0000
                        && widths[cp as usize] == MISSING
                        && let Some(ch) = char::from_u32(cp)
                        && let Some(g) = face.glyph_index(ch)
                    {
                        widths[cp as usize] = face.glyph_hor_advance(g).unwrap_or(0).min(MISSING - 1);
                        gids[cp as usize] = g.0;
                    }
                });
            }
        }
        for c in FRENCH_CHARS.chars() {
            if widths[c as usize] == MISSING {
                return Err(PdfError::FontCoverage { name: name.to_string(), missing: c });
            }
        }
        let scale = |v: f32| (v * 1000.0 / upem).round() as i64;
        let bbox = face.global_bounding_box();
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .filter_map(|n| n.to_string())
            .map(|n| n.chars().filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c)).collect::<String>())
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| "Recueil".to_string());
        let metrics = FontMetrics {
            postscript_name,
            ascent: scale(f32::from(face.ascender())),
            descent: scale(f32::from(face.descender())),
            cap_height: scale(f32::from(face.capital_height().unwrap_or(face.ascender()))),
            bbox: [scale(f32::from(bbox.x_min)), scale(f32::from(bbox.y_min)), scale(f32::from(bbox.x_max)), scale(f32::from(bbox.y_max))],
            italic_angle: face.italic_angle(),
            weight: face.weight().to_number(),
            glyph_widths: (0..face.number_of_glyphs())
                .map(|g| scale(f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))))
                .collect(),
        };
        let (kerns, kerns_left) = kerning(&face, &gids, upem);
        Ok(FontFace {
            kerns,
            kerns_left,
            name: name.to_string(),
            bytes: Arc::from(bytes),
            units_per_em: upem,
            widths,
            gids,
            metrics,
            ascender: f32::from(face.ascender()) / upem,
            descender: f32::from(face.descender()) / upem,
        })
    }

    /// Whether the font can draw `c`.
    pub fn has(&self, c: char) -> bool {
        (c as u32) < 0x1_0000 && self.widths[c as usize] != MISSING
    }

    /// Advance width of `c` in ems (0 for a character the font lacks).
    pub fn em(&self, c: char) -> f32 {
        let w = if (c as u32) < 0x1_0000 { self.widths[c as usize] } else { MISSING };
        if w == MISSING { 0.0 } else { f32::from(w) / self.units_per_em }
    }

    /// Glyph id of `c` (0, `.notdef`, for a character the font lacks).
    pub fn gid(&self, c: char) -> u16 {
        if (c as u32) < 0x1_0000 { self.gids[c as usize] } else { 0 }
    }

    /// Kerning between `a` and `b` in ems (negative brings them closer).
    pub fn kern(&self, a: char, b: char) -> f32 {
        if (a as u32) < 0x1_0000 && self.kerns_left[a as usize] { self.kerns.get(&(a, b)).copied().unwrap_or(0.0) } else { 0.0 }
    }

    /// Width of `s` in points at `size`, kerning included.
    /// `text` cut with an ellipsis to fit `room` points at `size`.
    pub fn fit(&self, text: &str, size: f32, room: f32) -> String {
        if self.width(text, size) <= room {
            return text.to_string();
        }
        let ellipsis = self.width("…", size);
        let mut t = text.to_string();
        while !t.is_empty() && self.width(&t, size) + ellipsis > room {
            t.pop();
        }
        format!("{}…", t.trim_end())
    }

    pub fn width(&self, s: &str, size: f32) -> f32 {
        let mut prev = None;
        let mut w = 0.0f32;
        for c in s.chars() {
            w += self.em(c);
            if let Some(p) = prev {
                w += self.kern(p, c);
            }
            prev = Some(c);
        }
        w * size
    }
}

/// The pairs of the font's horizontal `kern` subtables of format 0, mapped back
/// to characters (a glyph drawn for several characters gives each its pairs).
fn kerning(face: &ttf_parser::Face<'_>, gids: &[u16], upem: f32) -> (rustc_hash::FxHashMap<(char, char), f32>, Vec<bool>) {
    let mut map = rustc_hash::FxHashMap::default();
    let mut left = vec![false; 0x1_0000];
    let Some(table) = face.tables().kern else { return (map, left) };
    let mut chars_of: rustc_hash::FxHashMap<u16, Vec<char>> = rustc_hash::FxHashMap::default();
    for (cp, &g) in gids.iter().enumerate() {
        if g != 0
            && let Some(c) = char::from_u32(cp as u32)
            && !c.is_whitespace()
        {
            chars_of.entry(g).or_default().push(c);
        }
    }
    for sub in table.subtables {
        if !sub.horizontal || sub.variable || sub.has_cross_stream || sub.has_state_machine {
            continue;
        }
        let ttf_parser::kern::Format::Format0(f0) = sub.format else { continue };
        for pair in f0.pairs {
            if pair.value == 0 {
                continue;
            }
            let (Some(ls), Some(rs)) = (chars_of.get(&pair.left().0), chars_of.get(&pair.right().0)) else { continue };
            for &a in ls {
                for &b in rs {
                    // the first subtable holding a pair wins
                    map.entry((a, b)).or_insert(f32::from(pair.value) / upem);
                    left[a as usize] = true;
                }
            }
        }
    }
    (map, left)
}

/// Everything the PDF stage reads but never changes: load once, share freely.
pub struct PdfAssets {
    faces: Vec<FontFace>,
    pub hyphenator: Standard,
    /// The logo shown on the cover: `logo:` of `recueil.yaml`, else
    /// `logo.png` or `logo.jpg` of the theme folder.
    pub logo: Option<std::path::PathBuf>,
    /// The theme's words.
    pub labels: crate::theme::Labels,
    /// The colour of headings, rules and the cover band, and of links
    /// (from `couleur:` of `recueil.yaml`, else the theme's).
    accent: [f32; 3],
    link: [f32; 3],
    /// The map of départements drawn in the report.
    pub carte: std::sync::Arc<crate::model::carte::Carte>,
}

impl PdfAssets {
    /// Parses the theme's fonts and hyphenation patterns (see [`crate::theme::PdfFiles`]);
    /// `labels` are the theme's words.
    pub fn from_theme(files: &crate::theme::PdfFiles, labels: crate::theme::Labels) -> Result<Self, PdfError> {
        let mut faces = Vec::with_capacity(4);
        for face in Face::ALL {
            let (name, bytes) = &files.fonts[face.index()];
            faces.push(FontFace::load(name, bytes)?);
        }
        let mut hyphenator = Standard::from_reader(hyphenation::Language::French, &mut &files.hyphenation[..]).map_err(|_| {
            PdfError::Hyphenation("le fichier fr.standard.bincode est illisible ou n’est pas le dictionnaire français".into())
        })?;
        hyphenator.minima = (2, 3);
        let rgb = |ink: Ink| {
            let (r, g, b) = ink.rgb();
            [r, g, b]
        };
        Ok(PdfAssets {
            faces,
            hyphenator,
            logo: files.logo.clone(),
            labels,
            accent: rgb(Ink::Accent),
            link: rgb(Ink::Link),
            carte: files.carte.clone(),
        })
    }

    /// The publication's logo and colour from `recueil.yaml`, over the theme's.
    pub fn with_identity(mut self, config: &crate::load::config::Config) -> Self {
        if let Some(logo) = &config.logo {
            self.logo = Some(logo.path.clone());
        }
        if let Some(p) = &config.couleur {
            self.accent = p.primaire.unit();
            self.link = p.primaire_fonce.unit();
        }
        self
    }

    /// The colour of `ink` in this publication.
    pub fn rgb(&self, ink: Ink) -> [f32; 3] {
        match ink {
            Ink::Accent => self.accent,
            Ink::Link => self.link,
            other => {
                let (r, g, b) = other.rgb();
                [r, g, b]
            }
        }
    }

    /// The default theme's fonts, patterns and words.
    pub fn default_theme() -> Result<Self, PdfError> {
        Self::from_theme(&crate::theme::default_pdf_files(), crate::theme::default_labels())
    }

    pub fn face(&self, f: Face) -> &FontFace {
        &self.faces[f.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_fonts_override_by_name() {
        let root = tempfile::tempdir().expect("tmp");
        let fonts = root.path().join("themes/maison/fonts");
        std::fs::create_dir_all(&fonts).expect("mkdir");
        std::fs::write(fonts.join("bold.ttf"), b"pas une police").expect("write");
        let theme = crate::theme::Theme::load(root.path(), "maison").expect("theme");
        let err = PdfAssets::from_theme(&theme.pdf, theme.labels.clone()).err().expect("refused");
        let msg = err.to_string();
        assert!(msg.contains("themes/maison/fonts/bold.ttf") && msg.contains("n'est pas une police"), "{msg}");
        // a valid font under the expected name replaces the embedded one
        let italic = crate::theme::default_pdf_files().fonts[Face::Italic.index()].1.clone();
        std::fs::write(fonts.join("bold.ttf"), &italic[..]).expect("write");
        let theme = crate::theme::Theme::load(root.path(), "maison").expect("theme");
        let a = PdfAssets::from_theme(&theme.pdf, theme.labels.clone()).expect("assets");
        assert_eq!(a.face(Face::Bold).name, "themes/maison/fonts/bold.ttf");
    }

    #[test]
    fn shareable_across_threads() {
        fn is_shareable<T: Send + Sync>() {}
        is_shareable::<PdfAssets>();
    }

    #[test]
    fn embedded_assets_load_and_cover_french() {
        let a = PdfAssets::default_theme().expect("assets");
        for f in Face::ALL {
            assert!(a.face(f).has('œ') && a.face(f).has('\u{202F}') && a.face(f).has('€'));
        }
        assert!(a.face(Face::Regular).width("Bonjour", 10.0) > 20.0);
    }
}
