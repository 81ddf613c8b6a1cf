//! The publication's colour (`couleur:` of `recueil.yaml`) and the palette
//! derived from it, every text contrast at WCAG 2.1 AA (4.5:1) or better.

/// A colour as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The site's softest grey background (`--fond-doux` of the default theme):
/// the main colour is read as text on it.
const SOFT: Rgb = Rgb(0xf3, 0xf5, 0xf6);
/// WCAG 2.1 AA for normal text.
pub const AA: f64 = 4.5;

impl Rgb {
    /// `#rrggbb` or `#rgb` (case does not matter, the `#` may be left out).
    pub fn parse(s: &str) -> Option<Rgb> {
        let h = s.trim().trim_start_matches('#');
        let digits: Vec<u8> = h.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
        match digits[..] {
            [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Components from 0 to 1 (for the PDF).
    pub fn unit(self) -> [f32; 3] {
        [f32::from(self.0) / 255.0, f32::from(self.1) / 255.0, f32::from(self.2) / 255.0]
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Contrast ratio with `other` (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `self` moved towards `other` by `t` (0 = self, 1 = other).
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The colours derived from the main one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The main colour: links and headings on light backgrounds.
    pub primaire: Rgb,
    /// Darker: the header and footer bands (white text on it), key figures.
    pub primaire_fonce: Rgb,
    /// A light tint: the search button and the marks on the dark band
    /// (`primaire_fonce` text on it).
    pub clair: Rgb,
    /// A very light tint: panels behind text in the main colour.
    pub fond_teinte: Rgb,
}

/// Why a colour cannot be the main one, with the nearest darker colour that can.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TooLight {
    pub contrast: f64,
    pub suggestion: Rgb,
}

/// The palette of `main`, or why it is too light for text on a light background.
pub fn palette(main: Rgb) -> Result<Palette, TooLight> {
    let contrast = main.contrast(SOFT);
    if contrast < AA {
        return Err(TooLight { contrast, suggestion: darker_until_readable(main) });
    }
    let primaire_fonce = main.mix(BLACK, 0.35);
    // The lightest tints that keep their text readable: start pale, go paler.
    let clair =
        (0..=20).map(|i| main.mix(WHITE, 0.75 + 0.0125 * f64::from(i))).find(|c| primaire_fonce.contrast(*c) >= AA).unwrap_or(WHITE);
    let fond_teinte = (0..=10).map(|i| main.mix(WHITE, 0.9 + 0.01 * f64::from(i))).find(|c| main.contrast(*c) >= AA).unwrap_or(WHITE);
    Ok(Palette { primaire: main, primaire_fonce, clair, fond_teinte })
}

/// The first shade of `c` towards black readable on the light backgrounds.
fn darker_until_readable(c: Rgb) -> Rgb {
    (1..=100).map(|i| c.mix(BLACK, f64::from(i) / 100.0)).find(|d| d.contrast(SOFT) >= AA).unwrap_or(BLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(Rgb::parse("#8A1C4A"), Some(Rgb(0x8a, 0x1c, 0x4a)));
        assert_eq!(Rgb::parse("8a1c4a").map(Rgb::hex).as_deref(), Some("#8a1c4a"));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("rouge"), None);
        assert_eq!(Rgb::parse("#12345"), None);
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((WHITE.contrast(BLACK) - 21.0).abs() < 1e-9);
        assert!((Rgb(0x76, 0x76, 0x76).contrast(WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_pair_of_a_palette_is_readable() {
        for hex in ["#8a1c4a", "#00566b", "#1d4ed8", "#000000", "#6b4e00", "#0b6e4f"] {
            let p = palette(Rgb::parse(hex).unwrap()).unwrap();
            assert!(p.primaire.contrast(WHITE) >= AA && p.primaire.contrast(SOFT) >= AA, "{hex}");
            assert!(p.primaire.contrast(p.fond_teinte) >= AA, "{hex} on its tint");
            assert!(WHITE.contrast(p.primaire_fonce) >= AA, "white on the band of {hex}");
            assert!(p.primaire_fonce.contrast(p.clair) >= AA, "{hex} button");
        }
    }

    #[test]
    fn a_light_colour_is_refused_with_a_darker_one_that_works() {
        let e = palette(Rgb::parse("#f5c400").unwrap()).unwrap_err();
        assert!(e.contrast < AA);
        assert!(e.suggestion.contrast(SOFT) >= AA);
        assert!(palette(e.suggestion).is_ok());
        assert!(e.suggestion.luminance() < Rgb::parse("#f5c400").unwrap().luminance());
    }
}
