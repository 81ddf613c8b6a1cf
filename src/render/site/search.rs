//! The full-text search index, built in the same pass as the pages: words
//! folded (case, accents), grouped by their French Snowball stem, postings per
//! stem with field weights (title > summary > taxonomies > body), split in
//! chunks by word so that a visitor loads only what a query needs.
//!
//! Files (JavaScript, so that search also works from `file://`):
//! - `recherche/index.js`: number of documents and the first word of each chunk;
//! - `recherche/mots/<i>.js`: `{mots: {word: stem}, racines: {stem: [Δdoc, score, …]}}`;
//! - `recherche/docs/<k>.js`: `[[slug, url, titre, resume, structure, commune], …]`, 100 per file.

use crate::model::Fiche;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents per `docs/<k>.js` file.
pub const DOCS_PER_FILE: usize = 100;
/// Target size of a word chunk, in bytes.
const CHUNK_BYTES: usize = 48 * 1024;
/// Occurrences counted per field (more add nothing).
const MAX_TF: u32 = 3;

const STOPWORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "elles", "en", "est", "et", "il", "ils", "la",
    "le", "les", "leur", "leurs", "lui", "mais", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sont", "sur", "un", "une", "vos", "votre", "vous", "ete", "etre", "ont", "été", "ainsi", "aussi",
];

/// A word of at most 8 bytes as one number (words hold no NUL byte, so two
/// different words never share a key).
const fn pack(w: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < w.len() {
        k = (k << 8) | w[i] as u64;
        i += 1;
    }
    k
}

/// [`STOPWORDS`] packed and sorted, for a binary search.
static STOP_KEYS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<u64> = STOPWORDS.iter().map(|w| pack(w.as_bytes())).collect();
    v.sort_unstable();
    v
});

/// Whether a folded word is too common to index (every stop word has at most 5 bytes).
fn is_stopword(w: &str) -> bool {
    w.len() <= 5 && STOP_KEYS.binary_search(&pack(w.as_bytes())).is_ok()
}

/// Calls `f` with each run of alphanumeric characters of `text`, checking ASCII
/// bytes directly and decoding only the others.
fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (word, len) = if b[i] < 0x80 {
            (b[i].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// Calls `f` with each indexable word of already folded text (2+ bytes, no stop word).
fn for_each_word<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    for_each_token(folded, |w| {
        if w.len() >= 2 && !is_stopword(w) {
            f(w)
        }
    });
}

/// The distinct words of one document with their scores, in one allocation.
#[derive(Default)]
pub struct DocWords {
    arena: String,
    words: Vec<(u32, u32, u32)>,
}

impl DocWords {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words.iter().map(|&(a, b, s)| (&self.arena[a as usize..b as usize], s))
    }
}

/// Weights of the fields of [`doc_words`]: title, summary, taxonomies, place, body.
const WEIGHTS: [u32; 5] = [10, 5, 4, 3, 1];

/// The weighted words of one fiche. `body` is the plain text of its chapeau and
/// sections (extracted while rendering them). A word counts at most [`MAX_TF`]
/// times per field; fields weigh title 10, summary 5, taxonomies 4, place 3, body 1.
pub fn doc_words(f: &Fiche, body: &str) -> DocWords {
    let t = &f.territoire;
    let tags = f.thematiques.iter().chain(&f.publics).chain(&f.mots_cles).map(String::as_str);
    let names = f.partenaires.iter().map(|p| p.nom.as_str()).chain(f.financeurs.iter().map(|x| x.nom.as_str()));
    // The five fields folded into one string; `ends[k]` is where field k stops.
    let mut folded = String::with_capacity(body.len() + f.titre.len() + f.resume.len() + 512);
    let mut ends = [0usize; 5];
    let mut field = |k: usize, parts: &mut dyn Iterator<Item = &str>| {
        for p in parts {
            crate::model::text::fold_append(p, &mut folded);
            folded.push(' ');
        }
        ends[k] = folded.len();
    };
    field(0, &mut std::iter::once(f.titre.as_str()));
    field(1, &mut std::iter::once(f.resume.as_str()));
    field(2, &mut { tags });
    field(3, &mut [f.structure.as_str(), &t.commune, &t.departement_nom, &t.region].into_iter());
    field(4, &mut std::iter::once(body).chain(names));
    // Occurrences per field, capped at MAX_TF.
    let mut counts: FxHashMap<&str, [u8; 5]> = FxHashMap::default();
    counts.reserve(256);
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        for_each_word(&folded[start..end], |w| {
            let c = &mut counts.entry(w).or_insert([0; 5])[k];
            *c = (*c + 1).min(MAX_TF as u8);
        });
        start = end;
    }
    let arena_len = counts.keys().map(|w| w.len()).sum();
    let mut out = DocWords { arena: String::with_capacity(arena_len), words: Vec::with_capacity(counts.len()) };
    for (w, c) in counts {
        let score = c.iter().zip(WEIGHTS).map(|(&n, weight)| n as u32 * weight).sum();
        let a = out.arena.len() as u32;
        out.arena.push_str(w);
        out.words.push((a, out.arena.len() as u32, score));
    }
    out
}

/// The plain text of a fiche's body, for callers that do not render it.
pub fn body_text(f: &Fiche) -> String {
    let mut body = String::new();
    for md in f.chapeau.iter().chain(f.sections.iter().map(|s| &s.contenu)) {
        body.push_str(md.plain_text());
        body.push('\n');
    }
    body
}

/// Gathers postings document by document, so that only one batch of per-document
/// word maps is in memory at a time.
#[derive(Default)]
pub struct IndexBuilder {
    by_word: FxHashMap<String, Vec<(u32, u32)>>,
}

impl IndexBuilder {
    /// Adds the words of consecutive documents, the first being `first`
    /// (documents must come in ascending order).
    pub fn add_all(&mut self, first: usize, docs: &[DocWords]) {
        for (k, words) in docs.iter().enumerate() {
            self.add(first + k, words);
        }
    }

    /// Adds one document's words (documents must come in ascending order).
    pub fn add(&mut self, doc: usize, words: &DocWords) {
        for (w, s) in words.iter() {
            match self.by_word.get_mut(w) {
                Some(v) => v.push((doc as u32, s)),
                None => {
                    self.by_word.insert(w.to_string(), vec![(doc as u32, s)]);
                }
            }
        }
    }

    /// Writes every index file. `url_of` gives a fiche's page URL relative to the site root.
    pub fn finish(self, fiches: &[Fiche], url_of: impl Fn(&Fiche) -> String + Sync) -> Vec<IndexFile> {
        finish(self.by_word, fiches, url_of)
    }
}

/// One file of the index: path under `recherche/` and its content.
pub struct IndexFile {
    pub path: String,
    pub content: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    nb_docs: usize,
    taille_lot_docs: usize,
    mots: &'a [String],
}

#[derive(Serialize)]
struct Chunk<'a> {
    mots: BTreeMap<&'a str, &'a str>,
    racines: BTreeMap<&'a str, &'a [u32]>,
}

fn js(name: &str, json: &str) -> String {
    format!("window.__recueilRecherche(\"{name}\",{json});\n")
}

/// Builds every index file for `fiches` (doc ids are positions in the slice).
pub fn build(fiches: &[Fiche], url_of: impl Fn(&Fiche) -> String + Sync) -> Vec<IndexFile> {
    let mut b = IndexBuilder::default();
    let words: Vec<DocWords> = fiches.par_iter().map(|f| doc_words(f, &body_text(f))).collect();
    b.add_all(0, &words);
    b.finish(fiches, url_of)
}

fn finish(by_word: FxHashMap<String, Vec<(u32, u32)>>, fiches: &[Fiche], url_of: impl Fn(&Fiche) -> String + Sync) -> Vec<IndexFile> {
    // Stems computed once per distinct word.
    let mut vocabulary: Vec<&str> = by_word.keys().map(String::as_str).collect();
    vocabulary.sort_unstable();
    let stems: Vec<String> = vocabulary
        .par_iter()
        .map_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French), |st, w| st.stem(w).into_owned())
        .collect();

    // Stem → merged postings (a doc holding two forms of a stem sums their scores).
    let mut by_stem: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for (w, stem) in vocabulary.iter().zip(&stems) {
        by_stem.entry(stem.as_str()).or_default().push(w);
    }
    let encoded: FxHashMap<&str, Vec<u32>> = by_stem
        .into_par_iter()
        .map(|(stem, words)| {
            let mut postings: Vec<(u32, u32)> = words.iter().flat_map(|w| by_word[*w].iter().copied()).collect();
            if words.len() > 1 {
                postings.sort_unstable();
                postings.dedup_by(|b, a| {
                    let same = a.0 == b.0;
                    if same {
                        a.1 += b.1;
                    }
                    same
                });
            }
            let mut flat = Vec::with_capacity(postings.len() * 2);
            let mut last = 0u32;
            for (doc, s) in postings {
                flat.push(doc - last);
                flat.push(s);
                last = doc;
            }
            (stem, flat)
        })
        .collect();

    // Chunks of consecutive words, each carrying the postings of its stems:
    // bounds found in order, then each chunk serialized on its own.
    let mut bounds: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    let mut start = 0;
    while start < vocabulary.len() {
        let mut end = start;
        let mut size = 0usize;
        let mut seen: Vec<&str> = Vec::new();
        while end < vocabulary.len() && (end == start || size < CHUNK_BYTES) {
            let stem = stems[end].as_str();
            size += vocabulary[end].len() + stem.len() + 8;
            if !seen.contains(&stem) {
                seen.push(stem);
                size += encoded[stem].len() * 4 + stem.len();
            }
            end += 1;
        }
        bounds.push((start, end, seen));
        start = end;
    }
    let firsts: Vec<String> = bounds.iter().map(|(start, _, _)| vocabulary[*start].to_string()).collect();
    let mut files: Vec<IndexFile> = bounds
        .par_iter()
        .enumerate()
        .map(|(i, (start, end, seen))| {
            let chunk = Chunk {
                mots: (*start..*end).map(|i| (vocabulary[i], stems[i].as_str())).collect(),
                racines: seen.iter().map(|s| (*s, encoded[s].as_slice())).collect(),
            };
            let name = format!("mots/{i}");
            IndexFile { content: js(&name, &serde_json::to_string(&chunk).unwrap_or_default()), path: format!("{name}.js") }
        })
        .collect();

    files.par_extend(fiches.par_chunks(DOCS_PER_FILE).enumerate().map(|(k, lot)| {
        let rows: Vec<[String; 6]> = lot
            .iter()
            .map(|f| {
                [
                    f.slug.clone(),
                    url_of(f),
                    crate::model::typo::apply(&f.titre).into_owned(),
                    crate::model::typo::apply(&f.resume).into_owned(),
                    f.structure.clone(),
                    f.territoire.commune.clone(),
                ]
            })
            .collect();
        let name = format!("docs/{k}");
        IndexFile { content: js(&name, &serde_json::to_string(&rows).unwrap_or_default()), path: format!("{name}.js") }
    }));

    let manifest = Manifest { version: 1, nb_docs: fiches.len(), taille_lot_docs: DOCS_PER_FILE, mots: &firsts };
    files.push(IndexFile { path: "index.js".into(), content: js("index", &serde_json::to_string(&manifest).unwrap_or_default()) });
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits text into folded words (accents and case removed, 2+ characters, no stop words).
    fn words(text: &str, mut f: impl FnMut(&str)) {
        let folded = crate::model::text::fold(text);
        for_each_word(&folded, &mut f);
    }

    #[test]
    fn folds_and_stems_french_forms_together() {
        let st = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
        let mut ws = Vec::new();
        words("Épicerie épiceries EPICERIE", |w| ws.push(st.stem(w).into_owned()));
        assert_eq!(ws.len(), 3);
        assert!(ws.iter().all(|w| w == &ws[0]), "{ws:?}");
    }
}
