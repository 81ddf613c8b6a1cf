//! The French typography pass shared by the site and the PDFs: no-break spaces
//! before `; : ! ?` and inside « », apostrophes, and no break inside `12 000 €`,
//! `16 %` or `14 h 00`. Authors type ordinary spaces; this fixes them.

use std::borrow::Cow;

/// U+00A0, before `:` and `€`.
pub const NBSP: char = '\u{00A0}';
/// U+202F, before `; ! ?`, inside « » and between digit groups.
pub const NNBSP: char = '\u{202F}';

/// Applies French typography to a run of text (not code, not URLs).
pub fn apply(s: &str) -> Cow<'_, str> {
    if !needs_work(s) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 16);
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < b.len() {
        // Runs of characters this pass leaves alone are copied whole.
        let mut j = i;
        while j < b.len() {
            let x = b[j];
            // A lone space between a word and a letter stays a space, unless
            // it follows a digit (`14 h`) or `«` (whose last byte is 0xAB).
            let plain_space =
                x == b' ' && j > 0 && b[j - 1] != 0xAB && !b[j - 1].is_ascii_digit() && b.get(j + 1).is_some_and(u8::is_ascii_alphabetic);
            if ACTIVE[x as usize] && !plain_space {
                break;
            }
            j += 1;
        }
        if j > i {
            out.push_str(&s[i..j]);
            prev = s[i..j].chars().next_back();
            i = j;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        match c {
            ' ' | '\t' => {
                let mut j = i;
                while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                    j += 1;
                }
                let after = s[j..].chars().next();
                let glue = match after {
                    Some(';' | '!' | '?' | '»' | '%') if prev.is_some() => Some(NNBSP),
                    Some(':') if prev.is_some() && ends_word(s, j + 1) => Some(NBSP),
                    Some('€') if prev.is_some_and(|p| p.is_ascii_digit()) => Some(NBSP),
                    Some(d) if d.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_digit()) && is_digit_group(b, j) => Some(NNBSP),
                    Some('h') if prev.is_some_and(|p| p.is_ascii_digit()) && !s[j + 1..].starts_with(char::is_alphabetic) => Some(NBSP),
                    Some(d) if d.is_ascii_digit() && out.ends_with("\u{a0}h") => Some(NBSP),
                    _ => None,
                };
                let sep = if prev == Some('«') { NNBSP } else { glue.unwrap_or(' ') };
                out.push(sep);
                prev = Some(sep);
                i = j;
                continue;
            }
            '\'' if prev.is_some_and(char::is_alphabetic) => out.push('’'),
            '«' => {
                out.push('«');
                if s[i + len..].starts_with(|x: char| x != ' ' && x != NNBSP && x != NBSP) {
                    out.push(NNBSP);
                }
            }
            '»' | ';' | '!' | '?' => {
                // Glue when the author typed no space at all ("Bravo!").
                if prev.is_some_and(char::is_alphanumeric)
                    && (c == '»' || ends_word(s, i + len))
                    && !(c == '!' && s[i + len..].starts_with('['))
                {
                    out.push(NNBSP);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        prev = Some(c);
        i += len;
    }
    Cow::Owned(out)
}

/// The bytes that start a character [`apply`] looks at: spaces, `'`, `; ! ?`
/// and 0xC2, the first byte of `«` and `»` (and of other characters, which it
/// copies). Every other byte is copied as it is.
const ACTIVE: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let active = b" \t';!?\xC2";
    while k < active.len() {
        t[active[k] as usize] = true;
        k += 1;
    }
    t
};

/// Cheap test: nothing this pass would change.
fn needs_work(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b';' | b':' | b'!' | b'?' | b'\'' | b'%' | 0xC2 | 0xE2 => true,
        b' ' => i > 0 && b[i - 1].is_ascii_digit(),
        _ => false,
    })
}

/// Whether the text at byte `i` is the end of the text or a space or closing mark.
fn ends_word(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '.' | ','))
}

/// Whether `b[j..]` starts a group of exactly three digits (`12 000`).
fn is_digit_group(b: &[u8], j: usize) -> bool {
    b.len() >= j + 3 && b[j..j + 3].iter().all(u8::is_ascii_digit) && b.get(j + 3).is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_spaces() {
        assert_eq!(apply("Objectifs : lien social ; confiance !"), "Objectifs\u{a0}: lien social\u{202f}; confiance\u{202f}!");
        assert_eq!(apply("« Bonjour »"), "«\u{202f}Bonjour\u{202f}»");
        assert_eq!(apply("«Bonjour»"), "«\u{202f}Bonjour\u{202f}»");
        assert_eq!(apply("Bravo!"), "Bravo\u{202f}!");
        assert_eq!(apply("12 000 €"), "12\u{202f}000\u{a0}€");
        assert_eq!(apply("87 900 € et 16 %"), "87\u{202f}900\u{a0}€ et 16\u{202f}%");
        assert_eq!(apply("de 14 h 00 à 16 h"), "de 14\u{a0}h\u{a0}00 à 16\u{a0}h");
        assert_eq!(apply("l'action"), "l’action");
        assert_eq!(apply("en 2019 200 personnes"), "en 2019 200 personnes".replace("2019 200", "2019\u{202f}200"));
        assert_eq!(apply("voir https://exemple.fr/?a=1"), "voir https://exemple.fr/?a=1");
        assert_eq!(apply("10:30"), "10:30");
        // Spaces copied in bulk next to what the pass looks at.
        assert_eq!(apply("Noël est là ; 10 heures à 9 h l'été"), "Noël est là\u{202f}; 10 heures à 9\u{a0}h l’été");
        assert_eq!(apply("«\u{a0}Noë b »"), "«\u{a0}Noë b\u{202f}»");
        assert_eq!(apply("« a b »"), "«\u{202f}a b\u{202f}»");
        // Text the pass leaves alone is not copied.
        assert!(matches!(apply("simple texte"), Cow::Borrowed("simple texte")));
    }
}
