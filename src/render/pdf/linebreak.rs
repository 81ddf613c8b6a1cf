//! Paragraph → lines: total-fit line breaking (textwrap's `wrap_optimal_fit`
//! over our own fragments measured in points), French hyphenation, and
//! justification by per-gap offsets.

use super::assets::PdfAssets;
use super::hyphen;
use super::inline::{Link, Span};
use super::model::{Line, Run};
use super::style::Style;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_optimal_fit};

/// How the lines of a paragraph sit in their measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    Center,
}

/// The shape of a paragraph: where it starts, how wide, how it aligns.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub x: f32,
    pub width: f32,
    pub align: Align,
    pub leading: f32,
    pub hyphenate: bool,
}

/// Text in one style inside a fragment.
#[derive(Debug, Clone)]
struct Seg {
    text: String,
    style: Style,
    link: Option<Link>,
    width: f32,
}

/// An unbreakable piece: a word, or a syllable of a hyphenated word.
#[derive(Debug, Clone, Default)]
struct Piece {
    segs: Vec<Seg>,
    width: f32,
    /// Width of the space that follows, 0 inside a word.
    ws: f32,
    /// Width of the hyphen added when the line breaks here.
    pen: f32,
    no_hyphen: bool,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        f64::from(self.width)
    }
    fn whitespace_width(&self) -> f64 {
        f64::from(self.ws)
    }
    fn penalty_width(&self) -> f64 {
        f64::from(self.pen)
    }
}

/// Whether `c` is a space where a line may break (not the no-break spaces).
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}' | '\u{2060}')
}

/// Splits spans into words (pieces separated by breakable spaces).
fn words(spans: &[Span], assets: &PdfAssets) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut cur = Piece::default();
    for span in spans {
        let font = assets.face(span.style.face);
        for c in span.text.chars() {
            if is_break_space(c) {
                if !cur.segs.is_empty() {
                    cur.ws = font.em(' ') * span.style.size;
                }
                continue;
            }
            if c == '\u{AD}' {
                continue;
            }
            if cur.ws > 0.0 {
                out.push(std::mem::take(&mut cur));
            }
            let c = if font.has(c) { c } else { '?' };
            let w = font.em(c) * span.style.size;
            match cur.segs.last_mut() {
                Some(s) if s.style == span.style && s.link == span.link => {
                    s.text.push(c);
                    s.width += w;
                }
                _ => cur.segs.push(Seg { text: c.to_string(), style: span.style, link: span.link.clone(), width: w }),
            }
            cur.width += w;
            cur.no_hyphen |= span.no_hyphen;
        }
    }
    if !cur.segs.is_empty() {
        cur.ws = 0.0;
        out.push(cur);
    }
    if let Some(last) = out.last_mut() {
        last.ws = 0.0;
    }
    out
}

/// Cuts a piece at the given byte offsets of its text; every part but the
/// last gets `pen` from `pen_at`.
fn cut(piece: Piece, cuts: &[(usize, bool)], assets: &PdfAssets) -> Vec<Piece> {
    if cuts.is_empty() {
        return vec![piece];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut cur = Piece { no_hyphen: piece.no_hyphen, ..Piece::default() };
    let mut offset = 0usize;
    let mut next = 0usize;
    for seg in piece.segs {
        let font = assets.face(seg.style.face);
        let mut start = 0usize;
        let seg_len = seg.text.len();
        while next < cuts.len() && cuts[next].0 <= offset + seg_len {
            let (at, add_hyphen) = cuts[next];
            let local = at - offset;
            if local > start {
                let text = seg.text[start..local].to_string();
                let w = font.width(&text, seg.style.size);
                cur.width += w;
                cur.segs.push(Seg { text, style: seg.style, link: seg.link.clone(), width: w });
            }
            if !cur.segs.is_empty() {
                cur.pen = if add_hyphen { font.em('-') * seg.style.size } else { 0.0 };
                out.push(std::mem::replace(&mut cur, Piece { no_hyphen: piece.no_hyphen, ..Piece::default() }));
            }
            start = local;
            next += 1;
        }
        if start < seg_len {
            let text = seg.text[start..].to_string();
            let w = font.width(&text, seg.style.size);
            cur.width += w;
            cur.segs.push(Seg { text, style: seg.style, link: seg.link, width: w });
        }
        offset += seg_len;
    }
    cur.ws = piece.ws;
    cur.pen = piece.pen;
    if !cur.segs.is_empty() {
        out.push(cur);
    } else if let Some(last) = out.last_mut() {
        last.ws = piece.ws;
        last.pen = piece.pen;
    }
    out
}

/// Break opportunities inside a word: hyphenation points, and after a hyphen
/// already there (no hyphen added).
fn word_cuts(piece: &Piece, assets: &PdfAssets, hyphenate: bool) -> Vec<(usize, bool)> {
    if piece.no_hyphen {
        return Vec::new();
    }
    let text: String = piece.segs.iter().map(|s| s.text.as_str()).collect();
    if text.contains('-') {
        let b = text.as_bytes();
        return text
            .match_indices('-')
            .map(|(i, _)| i + 1)
            .filter(|&i| i >= 3 && i + 2 < b.len() && b[i - 2].is_ascii_alphabetic() && text[i..].starts_with(char::is_alphabetic))
            .map(|i| (i, false))
            .collect();
    }
    if !hyphenate {
        return Vec::new();
    }
    hyphen::points(&assets.hyphenator, &text).into_iter().map(|i| (i, true)).collect()
}

/// Breaks a piece wider than `width` into chunks that fit (a 300-letter word,
/// a long address): each chunk holds at least one character, so it ends.
fn split_wide(piece: Piece, width: f32, assets: &PdfAssets) -> Vec<Piece> {
    if piece.width + piece.pen <= width {
        return vec![piece];
    }
    let mut cuts = Vec::new();
    let mut line_w = 0.0f32;
    // room for the hyphen the last chunk may carry
    let width = width - piece.pen;
    let mut offset = 0usize;
    for seg in &piece.segs {
        let font = assets.face(seg.style.face);
        for (i, c) in seg.text.char_indices() {
            let w = font.em(c) * seg.style.size;
            if line_w + w > width && line_w > 0.0 {
                cuts.push((offset + i, false));
                line_w = 0.0;
            }
            line_w += w;
        }
        offset += seg.text.len();
    }
    cut(piece, &cuts, assets)
}

/// Breaks `spans` into lines within `m`.
pub fn break_lines(spans: &[Span], m: &Measure, assets: &PdfAssets) -> Vec<Line> {
    let width = m.width.max(1.0);
    let mut pieces: Vec<Piece> = Vec::new();
    for w in words(spans, assets) {
        let cuts = word_cuts(&w, assets, m.hyphenate);
        for p in cut(w, &cuts, assets) {
            pieces.extend(split_wide(p, width, assets));
        }
    }
    if pieces.is_empty() {
        return Vec::new();
    }
    let penalties = Penalties {
        nline_penalty: 1000,
        // a line may never overflow rather than leave a large gap
        overflow_penalty: 1_000_000_000,
        short_last_line_fraction: 4,
        short_last_line_penalty: 25,
        hyphen_penalty: 120,
    };
    let widths = [f64::from(width)];
    let size = spans.iter().map(|s| s.style.size).fold(0.0f32, f32::max);
    let ranges: Vec<(usize, usize)> = match wrap_optimal_fit(&pieces, &widths, &penalties) {
        Ok(lines) => {
            let mut start = 0;
            lines
                .iter()
                .map(|l| {
                    let r = (start, start + l.len());
                    start += l.len();
                    r
                })
                .collect()
        }
        Err(_) => first_fit(&pieces, width),
    };
    let ranges: Vec<(usize, usize)> = ranges.into_iter().filter(|(a, b)| a < b && *b <= pieces.len()).collect();
    let count = ranges.len();
    ranges.into_iter().enumerate().map(|(i, (a, b))| build_line(&pieces[a..b], m, width, size, i + 1 == count)).collect()
}

/// Greedy fallback, used only if the optimal fit overflows its arithmetic.
fn first_fit(pieces: &[Piece], width: f32) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut w = 0.0f32;
    for (i, p) in pieces.iter().enumerate() {
        if i > start && w + p.width + p.pen > width {
            out.push((start, i));
            start = i;
            w = 0.0;
        }
        w += p.width + p.ws;
    }
    out.push((start, pieces.len()));
    out
}

/// Lays out one line: runs of same-styled text, justification gaps.
fn build_line(pieces: &[Piece], m: &Measure, width: f32, size: f32, last: bool) -> Line {
    let n = pieces.len();
    let natural: f32 = pieces.iter().map(|p| p.width + p.ws).sum::<f32>() - pieces[n - 1].ws + pieces[n - 1].pen;
    let gaps = pieces[..n - 1].iter().filter(|p| p.ws > 0.0).count();
    let slack = (width - natural).max(0.0);
    let (offset, extra) = match m.align {
        Align::Justify if !last && gaps > 0 => (0.0, (slack / gaps as f32).min(size * 1.4)),
        Align::Right => (slack, 0.0),
        Align::Center => (slack / 2.0, 0.0),
        _ => (0.0, 0.0),
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut x = offset;
    let mut pending_space = 0.0f32;
    for (pi, p) in pieces.iter().enumerate() {
        let hyphen = pi + 1 == n && p.pen > 0.0;
        for (si, seg) in p.segs.iter().enumerate() {
            let mut text = seg.text.clone();
            let mut w = seg.width;
            if hyphen && si + 1 == p.segs.len() {
                text.push('-');
                w += p.pen;
            }
            let same = runs.last().is_some_and(|r| r.style == seg.style && r.link == seg.link);
            if same && let Some(r) = runs.last_mut() {
                if pending_space > 0.0 {
                    r.text.push(' ');
                    if extra > 0.0 {
                        r.gaps.push((r.text.len() as u32, extra));
                    }
                    r.width += pending_space + extra;
                    x += pending_space + extra;
                }
                r.text.push_str(&text);
                r.width += w;
            } else {
                if pending_space > 0.0 {
                    // the space ends the previous run, so text extraction keeps it
                    if let Some(r) = runs.last_mut() {
                        r.text.push(' ');
                        r.width += pending_space;
                    }
                    x += pending_space + extra;
                }
                runs.push(Run { dx: x, width: w, style: seg.style, link: seg.link.clone(), text, gaps: Vec::new() });
            }
            pending_space = 0.0;
            x += w;
        }
        pending_space = p.ws;
    }
    Line { x: m.x, width: x, max_width: width, leading: m.leading, size, runs, page_ref: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::style::{BODY_LEADING, Style};

    fn measure(width: f32) -> Measure {
        Measure { x: 0.0, width, align: Align::Justify, leading: BODY_LEADING, hyphenate: true }
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let a = PdfAssets::default_theme().expect("assets");
        let text = "Le centre social accompagne les habitants dans leurs démarches administratives et propose des ateliers de fonctionnement collectif pour lutter contre la précarité énergétique du quartier. ".repeat(4);
        let lines = break_lines(&[Span::new(text, Style::body())], &measure(300.0), &a);
        assert!(lines.len() > 5);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.width <= 300.0 + 0.01, "line {i} too wide: {}", l.width);
        }
        let joined: String = lines.iter().map(|l| l.text()).collect::<Vec<_>>().join(" ");
        assert!(joined.contains("accompagne"));
    }

    #[test]
    fn unbreakable_word_is_cut_and_ends() {
        let a = PdfAssets::default_theme().expect("assets");
        let word = "x".repeat(300);
        let lines = break_lines(&[Span::new(word.clone(), Style::body())], &measure(200.0), &a);
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| l.width <= 200.0 + 0.01));
        assert_eq!(lines.iter().map(|l| l.text()).collect::<String>(), word);
    }

    #[test]
    fn mixed_styles_keep_text() {
        let a = PdfAssets::default_theme().expect("assets");
        let spans = [Span::new("Un ", Style::body()), Span::new("mot", Style::body().bold()), Span::new("s gras.", Style::body())];
        let lines = break_lines(&spans, &measure(400.0), &a);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "Un mots gras.");
        assert_eq!(lines[0].runs.len(), 3);
    }

    fn shared() -> &'static PdfAssets {
        static A: std::sync::OnceLock<PdfAssets> = std::sync::OnceLock::new();
        A.get_or_init(|| PdfAssets::default_theme().expect("assets"))
    }

    proptest::proptest! {
        #[test]
        fn any_text_breaks_within_the_measure(s in "\\PC{0,400}", w in 12f32..480f32, bold in proptest::bool::ANY) {
            let style = if bold { Style::body().bold() } else { Style::body() };
            let lines = break_lines(&[Span::new(s.clone(), style), Span::new(" fin", Style::body().italic())], &measure(w), shared());
            for l in &lines {
                proptest::prop_assert!(l.width <= w + 0.01, "{} > {w}", l.width);
            }
        }
    }
}
