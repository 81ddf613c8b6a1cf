//! Text helpers shared by every stage: accent folding, slugs, closest-name
//! suggestions and French number formatting.

use unicode_normalization::UnicodeNormalization;

/// Lowercases and removes accents (`Épicerie` → `epicerie`, `œ` → `oe`) and
/// turns typographic apostrophes into `'`. Used for matching, never for display.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_append(s, &mut out);
    out
}

/// [`fold`], appended to `out` (no allocation of its own).
pub fn fold_append(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|c| if c == b'`' { '\'' } else { c.to_ascii_lowercase() as char }));
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(if c == '`' { '\'' } else { c.to_ascii_lowercase() });
        } else if let Some(f) = fold_latin(c) {
            out.push_str(f);
        } else {
            fold_into(c.encode_utf8(&mut [0; 4]), out);
        }
    }
}

/// The folded form of the accented letters of French and its neighbours
/// (the common case, without Unicode decomposition).
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        '’' | 'ʼ' | '‘' => "'",
        _ => return None,
    })
}

fn fold_into(s: &str, out: &mut String) {
    for c in s.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            '’' | 'ʼ' | '‘' | '`' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Makes a URL name: ASCII, lowercase, words joined by `-`
/// (`Repair Café (version 2)` → `repair-cafe-version-2`).
/// Text escaped for XML (and HTML attributes): `&`, `<`, `>` and `"`.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > SLUG_MAX {
        // A slug is a file name in the output (255 bytes at most on most systems):
        // a long one is cut, and a hash of the whole keeps two long ones apart.
        let hash = out.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
        let mut cut = SLUG_MAX - 9;
        if let Some(h) = out[..cut].rfind('-').filter(|&h| h + 20 > cut) {
            cut = h;
        }
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
        out.push_str(&format!("-{hash:08x}"));
    }
    out
}

/// Longest slug made by [`slugify`], in bytes.
pub const SLUG_MAX: usize = 200;

/// Whether `s` is a valid slug: `[a-z0-9-]+`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The candidate closest to `wanted`, compared without case or accents, when it
/// is close enough to be a plausible typo, or the only one sharing its first
/// five letters (`publique` → `publics`: a French ending put on the key).
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = fold(wanted.trim());
    let limit = 2.max(w.chars().count() / 3);
    let candidates: Vec<(String, &str)> = candidates.into_iter().map(|c| (fold(c), c)).collect();
    let typo = candidates
        .iter()
        .map(|(f, c)| (strsim::levenshtein(&w, f), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    typo.or_else(|| {
        let prefix: String = w.chars().take(5).collect();
        let mut same_start = candidates.iter().filter(|(f, _)| prefix.chars().count() == 5 && f.starts_with(&prefix));
        match (same_start.next(), same_start.next()) {
            (Some((_, c)), None) => Some(*c),
            _ => None,
        }
    })
}

/// Formats an integer the French way: `87900` → `87 900` (narrow no-break space).
pub fn group_thousands(n: impl Into<u128>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// Formats a decimal number the French way: `1234.5` → `1 234,5`.
pub fn number_fr(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let neg = x < 0.0;
    let x = x.abs();
    let int = x.trunc() as u64;
    let frac = ((x - x.trunc()) * 100.0).round() as u64;
    let (int, frac) = if frac == 100 { (int + 1, 0) } else { (int, frac) };
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&group_thousands(int));
    if frac > 0 {
        let f = format!("{frac:02}");
        s.push(',');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

/// What two spellings of a thématique or a public share when they name the
/// same thing: the slug with each word's French plural mark (`s`, `x`) left
/// out — « Familles », « famille » and « FAMILLES » share `famille`;
/// « Personnes âgées » and « personne agée » share `personne-agee`.
pub fn term_key(value: &str) -> String {
    slugify(value)
        .split('-')
        .map(|w| if w.len() > 3 && (w.ends_with('s') || w.ends_with('x')) { &w[..w.len() - 1] } else { w })
        .collect::<Vec<_>>()
        .join("-")
}

/// A funder's name and amount read from one text (« Carsat : 2 000 euros »,
/// « CAF 12 000 € »): the name, and the amount as digits.
pub fn funder_with_amount(s: &str) -> Option<(String, String)> {
    let t = s.trim();
    let unit = ["euros", "euro", "€", "EUR"].iter().find_map(|u| t.strip_suffix(u));
    let t = unit.unwrap_or(t).trim_end();
    // The amount: the last run of digits, spaces and separators.
    let start =
        t.char_indices().rev().take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | ',')).last()?.0;
    let amount: String = t[start..].chars().filter(|c| c.is_ascii_digit() || *c == ',').collect();
    let before = t[..start].trim_end();
    let nom = before.trim_end_matches([':', '-', '–', '—']).trim_end();
    // A year in a name (« Fonds social européen 2021 ») is no amount: a unit or a separator says it is.
    if unit.is_none() && nom.len() == before.len() {
        return None;
    }
    if nom.is_empty() || !amount.bytes().any(|b| b.is_ascii_digit()) || amount.starts_with(',') {
        return None;
    }
    Some((nom.to_string(), amount.replace(',', ".")))
}

/// `n` and its noun, singular for 0 and 1 as French says (« 1 page »,
/// « 0 fiche », « 12 pages »), thousands grouped.
pub fn nombre(n: usize, singulier: &str, pluriel: &str) -> String {
    format!("{} {}", group_thousands(n as u64), if n < 2 { singulier } else { pluriel })
}

/// A duration in seconds the French way, two decimals: « 0,33 s ».
pub fn secondes(s: f64) -> String {
    let centiemes = (s * 100.0).round().max(0.0) as u64;
    format!("{},{:02}\u{A0}s", group_thousands(centiemes / 100), centiemes % 100)
}

/// Share of `part` in `total`, in whole percent, for display (`34 %`).
pub fn pourcent(part: i128, total: i128) -> String {
    if total <= 0 {
        return "0\u{A0}%".into();
    }
    // Exact for any total of bounded amounts (below 2^120).
    let (part, total) = if total > i128::MAX / 200 { (part / 1000, total / 1000) } else { (part, total) };
    let p = (part * 100 + total / 2) / total.max(1);
    if p == 0 && part > 0 { "moins\u{A0}de\u{A0}1\u{A0}%".into() } else { format!("{p}\u{A0}%") }
}

/// `12000`, `12 000`, `12 000,50`, `1.5`, `1,5` → a number; anything else → None.
pub fn parse_french_number(s: &str) -> Option<f64> {
    let t: String = s.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let t = t.replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A character an author never means to type and a reader cannot see: C0
/// controls other than tab, newline and carriage return, DEL, C1 controls,
/// and the bidirectional overrides and isolates that make « Facture
/// `\u{202E}`gnp.exe » read « Facture exe.png ».
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What such a character is, in French (« U+202E, inversion du sens d'écriture »).
pub fn hidden_control_name(c: char) -> String {
    let what = match c {
        '\0' => "caractère nul",
        '\u{1B}' => "échappement de terminal",
        '\u{7}' => "sonnerie",
        '\u{8}' => "retour arrière",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "inversion du sens d'écriture",
        _ => "caractère de contrôle",
    };
    format!("U+{:04X}, {what}", c as u32)
}

/// A text with its hidden controls made visible (`\u{1B}`): what a terminal
/// shows of an author's value, never a sequence it would obey.
pub fn visible_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_hidden_control(c) || c == '\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden_control(c) || c == '\r' {
            out.push_str(&format!("\\u{{{:X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_fast_path_matches_decomposition() {
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let mut slow = String::new();
            fold_into(c.encode_utf8(&mut [0; 4]), &mut slow);
            let mut fast = String::new();
            fold_append(c.encode_utf8(&mut [0; 4]), &mut fast);
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Épicerie Solidaire"), "epicerie solidaire");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("L’action"), "l'action");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Repair Café (version 2)"), "repair-cafe-version-2");
        assert_eq!(slugify("  L'été à Évry  "), "l-ete-a-evry");
        assert!(is_slug("abc-12"));
        assert!(!is_slug("Abc"));
        assert!(!is_slug(""));
    }

    #[test]
    fn spellings_of_one_term_share_a_key() {
        assert_eq!(term_key("Familles"), term_key("famille"));
        assert_eq!(term_key("Personnes âgées"), term_key("personne agée"));
        assert_eq!(term_key("Jeunes"), term_key("JEUNE"));
        assert_ne!(term_key("Jeunes"), term_key("Familles"));
        assert_eq!(term_key("Bus"), "bus", "a short word keeps its s");
    }

    #[test]
    fn counts_and_durations_in_french() {
        assert_eq!(nombre(1, "page", "pages"), "1 page");
        assert_eq!(nombre(0, "fiche", "fiches"), "0 fiche");
        assert_eq!(nombre(12_000, "page", "pages"), "12\u{202F}000 pages");
        assert_eq!(secondes(0.334), "0,33\u{A0}s");
        assert_eq!(secondes(12.0), "12,00\u{A0}s");
    }

    #[test]
    fn closest_names() {
        let keys = ["titre", "thematiques", "publics"];
        assert_eq!(closest("thématiques", keys), Some("thematiques"));
        assert_eq!(closest("zzzzzzzz", keys), None);
        assert_eq!(closest("publique", keys), Some("publics"), "a French ending on the key");
        assert_eq!(closest("them", keys), None, "too short to say");
    }

    #[test]
    fn numbers() {
        assert_eq!(group_thousands(87900u32), "87\u{202F}900");
        assert_eq!(group_thousands(900u32), "900");
        assert_eq!(number_fr(1234.5), "1\u{202F}234,5");
        assert_eq!(number_fr(1.25), "1,25");
        assert_eq!(number_fr(3.0), "3");
    }
}
