//! French hyphenation points (Knuth–Liang patterns), with the house rules:
//! at least 2 letters before and 3 after a break, 3 after an elision
//! (« l’em-ploi » is refused), never in capitalised words (names of places and
//! bodies), numbers, codes, addresses or words that already hold a hyphen.

use hyphenation::{Hyphenator, Standard};

/// Words shorter than this (in letters) are never hyphenated.
const MIN_WORD: usize = 6;

/// Words whose hyphenation is remembered per thread (French text repeats its
/// words; the patterns never change).
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static CACHE: std::cell::RefCell<std::collections::HashMap<String, Vec<usize>>> = Default::default();
}

/// Byte offsets inside `word` where a hyphen may be inserted.
pub fn points(dict: &Standard, word: &str) -> Vec<usize> {
    if let Some(hit) = CACHE.with(|c| c.borrow().get(word).cloned()) {
        return hit;
    }
    let found = compute(dict, word);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(word.to_string(), found.clone());
    });
    found
}

fn compute(dict: &Standard, word: &str) -> Vec<usize> {
    // Only the letters: leading/trailing punctuation (« » , . ;) stays whole.
    let start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let end = word.rfind(|c: char| c.is_alphabetic()).map_or(start, |i| i + word[i..].chars().next().map_or(1, char::len_utf8));
    if start >= end {
        return Vec::new();
    }
    let core = &word[start..end];
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_WORD || !core.chars().all(|c| c.is_alphabetic() || c == '’' || c == '\'') {
        return Vec::new();
    }
    // The rest of the word must be plain punctuation, not digits or symbols.
    let outside = word[..start].chars().chain(word[end..].chars());
    if outside.clone().any(|c| c.is_alphanumeric() || c == '-' || c == '/' || c == '@' || c == '_') {
        return Vec::new();
    }
    // a capitalised word is a name: « Limoges », « CCAS », « l’Aisne »
    let stem = core.rsplit(['’', '\'']).next().unwrap_or(core);
    if core.starts_with(char::is_uppercase) || stem.starts_with(char::is_uppercase) {
        return Vec::new();
    }
    let lower = core.to_lowercase();
    if lower.len() != core.len() {
        return Vec::new();
    }
    let found = dict.hyphenate(&lower).breaks;
    found
        .into_iter()
        .filter(|&b| core.is_char_boundary(b))
        .filter(|&b| {
            let head = &core[..b];
            let before = head.chars().filter(|c| c.is_alphabetic()).count();
            let after = core[b..].chars().filter(|c| c.is_alphabetic()).count();
            // after an elision (l’, d’, qu’, n’…), at least 3 letters of the word itself
            let since_elision = head.rsplit(['’', '\'']).next().unwrap_or(head).chars().filter(|c| c.is_alphabetic()).count();
            let elided = head.contains(['’', '\'']);
            before >= 2 && after >= 3 && (!elided || since_elision >= 3)
        })
        .map(|b| b + start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::assets::PdfAssets;

    fn split(dict: &Standard, w: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for p in points(dict, w) {
            out.push_str(&w[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&w[last..]);
        out
    }

    #[test]
    fn french_words() {
        let a = PdfAssets::default_theme().expect("assets");
        let d = &a.hyphenator;
        assert_eq!(split(d, "fonctionnement"), "fonc-tion-ne-ment");
        assert_eq!(split(d, "précarité,"), "pré-ca-rité,");
        assert!(!split(d, "l’épicerie").contains("l’-"));
        // three letters of the word after an elision
        for w in ["l’emploi", "d’insertion", "qu’amicalement", "l’alimentation"] {
            let s = split(d, w);
            let after = s.split('’').nth(1).unwrap_or("");
            let first = after.split('-').next().unwrap_or("");
            assert!(first.chars().count() >= 3, "{s}");
        }
        assert_eq!(split(d, "l’emploi"), "l’emploi");
        // no break in capitalised words
        for w in ["Limoges", "Montpellier", "l’Ardèche", "Carsat", "SOLIDARITÉ"] {
            assert_eq!(split(d, w), w);
        }
        assert_eq!(split(d, "Saint-Hilaire-de-Riez"), "Saint-Hilaire-de-Riez");
        assert_eq!(split(d, "2019-2020"), "2019-2020");
        assert_eq!(split(d, "contact@exemple.fr"), "contact@exemple.fr");
        // at least three letters after the last break
        for w in ["accompagnement", "bénévoles", "solidarité"] {
            let s = split(d, w);
            let last = s.rsplit('-').next().unwrap_or("");
            assert!(last.chars().count() >= 3, "{s}");
        }
    }
}
