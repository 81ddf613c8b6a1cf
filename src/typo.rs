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
    if !s.bytes().any(|b| matches!(b, b';' | b':' | b'!' | b'?' | b'\'' | b' ' | b'%'))
        && !s.contains(['«', '»', '€'])
    {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        match c {
            ' ' | '\t' => {
                // A run of spaces followed by a punctuation that wants a no-break space.
                let mut j = i;
                while j < n && (chars[j] == ' ' || chars[j] == '\t') {
                    j += 1;
                }
                let after = chars.get(j).copied();
                let before = prev;
                let glue = match after {
                    Some(';' | '!' | '?' | '»' | '%') if before.is_some() => Some(NNBSP),
                    Some(':') if before.is_some() && after_is_space_or_end(&chars, j + 1) => Some(NBSP),
                    Some('€') if before.is_some_and(|b| b.is_ascii_digit()) => Some(NBSP),
                    Some(d) if d.is_ascii_digit() && before.is_some_and(|b| b.is_ascii_digit()) && is_digit_group(&chars, j) => {
                        Some(NNBSP)
                    }
                    Some('h') if before.is_some_and(|b| b.is_ascii_digit()) && is_hour(&chars, j) => Some(NBSP),
                    Some(d) if d.is_ascii_digit() && out.ends_with("\u{a0}h") => Some(NBSP),
                    _ => None,
                };
                if before == Some('«') {
                    out.push(NNBSP);
                } else if let Some(g) = glue {
                    out.push(g);
                } else {
                    out.push(' ');
                }
                i = j;
                continue;
            }
            '\'' if prev.is_some_and(char::is_alphabetic) => out.push('’'),
            '«' => {
                out.push('«');
                if next.is_some_and(|x| x != ' ' && x != NNBSP && x != NBSP) {
                    out.push(NNBSP);
                }
            }
            '»' | ';' | '!' | '?' => {
                // Glue when the author typed no space at all ("Bravo!").
                if prev.is_some_and(char::is_alphanumeric)
                    && (c == '»' || after_is_space_or_end(&chars, i + 1))
                    && !(c == '!' && next == Some('['))
                {
                    out.push(NNBSP);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

fn after_is_space_or_end(chars: &[char], i: usize) -> bool {
    chars.get(i).is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '.' | ','))
}

/// Whether `chars[j..]` starts a group of exactly three digits (`12 000`).
fn is_digit_group(chars: &[char], j: usize) -> bool {
    chars.len() >= j + 3
        && chars[j..j + 3].iter().all(char::is_ascii_digit)
        && chars.get(j + 3).is_none_or(|c| !c.is_ascii_digit())
}

/// `14 h 00` / `14 h`: an `h` standing alone after a number.
fn is_hour(chars: &[char], j: usize) -> bool {
    chars.get(j + 1).is_none_or(|c| !c.is_alphabetic())
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
        assert!(matches!(apply("simple texte"), Cow::Owned(_) | Cow::Borrowed(_)));
    }
}
