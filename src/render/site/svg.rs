//! The report's charts, drawn as inline SVG by hand: horizontal bars and one
//! stacked bar with its legend. No script, no external file; each chart is an
//! image with a title (`role="img"`, `aria-labelledby`) and the page follows it
//! with the same data as a table. Colours are dark enough for 3:1 against
//! white (WCAG 1.4.11), segments are separated by white gaps, and text is
//! near-black.

use std::fmt::Write;

pub use crate::report::charts::Barre;
use crate::report::charts::PALETTE;

/// The fill colour of the `i`-th segment, as `#rrggbb`.
fn colour(i: usize) -> String {
    let [r, g, b] = PALETTE[i % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Narrow on purpose: the chart is scaled to the column, and its 13-unit text
/// stays readable on a phone (about 12 px on a 375 px screen).
const WIDTH: f64 = 400.0;
/// Width of one character of the value text, generously (digits and spaces of 14-unit text).
const CHAR_W: f64 = 8.6;
/// One bar: its label above it, then the bar and its value.
const ROW: f64 = 42.0;
const BAR: f64 = 14.0;
const TEXT: &str = "#1f2937";

/// Escapes text for XML (content and attribute values).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Cuts a label to `max` characters with an ellipsis (the table gives it whole).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t = t.trim_end().to_string();
    t.push('…');
    t
}

fn open(out: &mut String, id: &str, titre: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="graphique-svg" role="img" aria-labelledby="{id}-titre" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titre">{}</title>"#,
        esc(titre)
    );
}

/// Horizontal bars, longest value = full width; each label above its bar, the value right of it.
pub fn barres(id: &str, titre: &str, barres: &[Barre]) -> String {
    let height = (barres.len() as f64 * ROW).max(ROW);
    let mut out = String::with_capacity(256 + barres.len() * 320);
    open(&mut out, id, titre, height);
    let max = barres.iter().map(|b| b.valeur).max().unwrap_or(0).max(1) as f64;
    // Room right of the longest bar for the longest value.
    let value_w = barres.iter().map(|b| b.texte.chars().count()).max().unwrap_or(0) as f64 * CHAR_W + 8.0;
    let span = (WIDTH - value_w).max(WIDTH / 3.0);
    let _ = write!(out, r#"<g font-family="system-ui, sans-serif" font-size="14" fill="{TEXT}">"#);
    for (i, b) in barres.iter().enumerate() {
        let y = i as f64 * ROW;
        let w = if b.valeur > 0 { (b.valeur as f64 / max * span).max(2.0) } else { 0.0 };
        let _ = write!(
            out,
            r#"<text x="0" y="{ly:.1}">{label}</text><rect x="0" y="{ry:.1}" width="{w:.1}" height="{BAR}" rx="2" fill="{c}"/><text x="{vx:.1}" y="{vy:.1}">{value}</text>"#,
            ly = y + 14.0,
            label = esc(&short(&b.libelle, 50)),
            ry = y + 20.0,
            c = colour(0),
            vx = w + 6.0,
            vy = y + 20.0 + BAR - 2.5,
            value = esc(&b.texte),
        );
    }
    out.push_str("</g></svg>");
    out
}

pub use crate::model::text::pourcent;

/// One bar split into segments in proportion to their values, with a legend
/// below: colour and label, then value and share on a second line.
pub fn empilement(id: &str, titre: &str, parts: &[Barre]) -> String {
    const BAR_H: f64 = 36.0;
    let legend_top = BAR_H + 18.0;
    const LEGEND_ROW: f64 = 42.0;
    let height = legend_top + parts.len() as f64 * LEGEND_ROW;
    let mut out = String::with_capacity(512 + parts.len() * 400);
    open(&mut out, id, titre, height);
    let total: i128 = parts.iter().map(|p| p.valeur.max(0)).sum();
    let mut x = 0.0;
    for (i, p) in parts.iter().enumerate() {
        if total == 0 || p.valeur <= 0 {
            continue;
        }
        let w = p.valeur as f64 / total as f64 * WIDTH;
        let _ = write!(
            out,
            r##"<rect x="{x:.2}" y="0" width="{w:.2}" height="{BAR_H}" fill="{c}" stroke="#ffffff" stroke-width="2"/>"##,
            c = colour(i)
        );
        x += w;
    }
    let _ = write!(out, r#"<g font-family="system-ui, sans-serif" font-size="14" fill="{TEXT}">"#);
    for (i, p) in parts.iter().enumerate() {
        let y = legend_top + i as f64 * LEGEND_ROW;
        let _ = write!(
            out,
            r#"<rect x="0" y="{y:.1}" width="14" height="14" fill="{c}"/><text x="22" y="{ty:.1}">{label}</text><text x="22" y="{vy:.1}">{value} ({share})</text>"#,
            c = colour(i),
            ty = y + 12.0,
            vy = y + 30.0,
            label = esc(&short(&p.libelle, 48)),
            value = esc(&p.texte),
            share = pourcent(p.valeur.max(0), total),
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(l: &str, v: i128) -> Barre {
        Barre { libelle: l.into(), valeur: v, texte: v.to_string() }
    }

    #[test]
    fn bars_are_proportional_and_escaped() {
        let s = barres("g", "Fiches <par> thème", &[b("A & B", 10), b("C", 5), b("D", 0)]);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains(r#"role="img" aria-labelledby="g-titre""#));
        assert!(s.contains("<title id=\"g-titre\">Fiches &lt;par&gt; thème</title>"));
        assert!(s.contains("A &amp; B"));
        assert!(s.contains(r#"width="374.8""#), "{s}");
        assert!(s.contains(r#"width="187.4""#), "{s}");
        assert!(s.contains(r#"width="0.0""#), "{s}");
    }

    #[test]
    fn stacked_shares() {
        let s = empilement("m", "Répartition", &[b("CAF", 300), b("Ville", 100)]);
        assert!(s.contains(r#"width="300.00""#), "{s}");
        assert!(s.contains(">CAF</text>") && s.contains(">300 (75\u{A0}%)</text>"), "{s}");
        assert_eq!(pourcent(1, 1000), "moins\u{A0}de\u{A0}1\u{A0}%");
        assert_eq!(pourcent(0, 0), "0\u{A0}%");
        assert_eq!(short("abcdef", 4), "abc…");
    }
}
