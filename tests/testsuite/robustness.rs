//! Loading never panics, whatever the bytes: arbitrary input, mutated copies
//! of a valid fiche in both spellings, and hostile inputs (deep nesting, alias
//! bombs, a very large body) all come back as a fiche or as diagnostics.

use proptest::prelude::*;
use recueil::load::diagnostics::Sink;
use recueil::load::fiche::parse_bytes;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const VALID_MD: &str = r#"---
titre: "Épicerie solidaire : l'escale"
resume: >-
  Une épicerie à petits prix
  pour les familles du quartier.
date: 2023-04-12
mise_a_jour: 2024-01-05
structure: CCAS de Dijon
type_structure: ccas
territoire: { commune: Dijon, departement: "21", habitants: 156000 }
annee_debut: 2021
statut: en-cours
thematiques: [Alimentation, Lien social]
publics:
  - Familles
  - 'Personnes isolées'
chiffres: { participants: 40, salaries_etp: 1.5, budget_annuel: "12 000" }
indicateurs:
  - { libelle: Taux de satisfaction, valeur: 92, unite: "%" }
financeurs:
  - { nom: CAF, montant: 5000, annee: 2023 }
  - Ville de Dijon
partenaires: [Banque alimentaire, { nom: Centre social, role: ateliers }]
contact: { nom: Claire, email: claire@exemple.fr }
image: { fichier: photo.jpg, alt: Les rayons }
brouillon: false
---

Introduction *en italique* avec un [lien](https://exemple.fr).

## Contexte

Du texte, une liste :

- un
- deux

## Fonctionnement

| a | b |
|---|---|
| 1 | 2 |

## Bilan

### Points positifs

> Une citation.

## Moyens

```
## pas un titre
```

## Partenaires

Fin.
"#;

const VALID_YAML: &str = r#"titre: Jardin partagé
resume: Un jardin cultivé ensemble.
date: 2022-06-01
structure: Centre social
type_structure: centre-social
territoire:
  commune: Dijon
  departement: "21"
thematiques: [Alimentation]
publics: [Habitants]
chapeau: |
  Trente parcelles.
sections:
  contexte: |
    Peu d'espaces verts.
  fonctionnement: Une parcelle par famille.
  bilan: "Trente familles : un succès."
  moyens: 'Un animateur.'
  partenaires: >
    Le bailleur.
"#;

const PATHS: [&str; 3] = ["/projet/fiches/x.md", "/projet/fiches/x.yaml", "/projet/fiches/sous/x.yml"];

/// Parses `bytes` as each spelling; a panic fails the test.
fn load_all(bytes: &[u8]) {
    for path in PATHS {
        let mut sink = Sink::new("fiches/x");
        let fiche = parse_bytes(Path::new("/projet"), Path::new(path), bytes, &mut sink);
        // Whatever comes back is consistent: a diagnostic has a message.
        for d in &sink.items {
            assert!(!d.message.is_empty());
        }
        if let Some(f) = fiche {
            assert!(!f.slug.is_empty());
        }
    }
}

/// Runs `f` on its own thread and fails if it takes longer than `limit`.
fn within(limit: Duration, what: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            f();
            let _ = tx.send(());
        })
        .unwrap();
    match rx.recv_timeout(limit) {
        Ok(()) => handle.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The thread ended without sending: it panicked.
            if let Err(e) = handle.join() {
                std::panic::resume_unwind(e);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {limit:?}"),
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Insert one of YAML's and Markdown's special tokens at a position (per mille of the length).
    Insert(u16, &'static str),
    /// Cut the text at a position.
    Truncate(u16),
    /// Copy a chunk somewhere else.
    Duplicate(u16, u16, u16),
    /// Put a byte that is never valid UTF-8 (or a lone continuation byte).
    InvalidUtf8(u16, u8),
    /// Remove a chunk.
    Delete(u16, u16),
}

const TOKENS: &[&str] = &[
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "|",
    ">",
    "\"",
    "'",
    "#",
    "?",
    "\t",
    "\n",
    "---\n",
    "## ",
    "&a ",
    "*a",
    "!!binary ",
    "%YAML 1.2\n",
    "\r",
    "\u{FEFF}",
    "\\",
    "`",
    "\n  ",
    ": ",
    ",",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (0u16..=1000, proptest::sample::select(TOKENS)).prop_map(|(p, t)| Mutation::Insert(p, t)),
        1 => (0u16..=1000).prop_map(Mutation::Truncate),
        1 => (0u16..=1000, 0u16..=200, 0u16..=1000).prop_map(|(a, l, b)| Mutation::Duplicate(a, l, b)),
        1 => (0u16..=1000, prop_oneof![Just(0xFFu8), Just(0xC3), Just(0x80), Just(0xE9), Just(0xF0)]).prop_map(|(p, b)| Mutation::InvalidUtf8(p, b)),
        1 => (0u16..=1000, 0u16..=100).prop_map(|(a, l)| Mutation::Delete(a, l)),
    ]
}

fn at(len: usize, per_mille: u16) -> usize {
    len * per_mille as usize / 1000
}

/// Applies mutations at byte level (so they may split a UTF-8 sequence too).
fn mutate(base: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for m in mutations {
        let len = b.len();
        match *m {
            Mutation::Insert(p, t) => {
                let i = at(len, p);
                b.splice(i..i, t.bytes());
            }
            Mutation::Truncate(p) => b.truncate(at(len, p)),
            Mutation::Duplicate(a, l, to) => {
                let start = at(len, a);
                let end = (start + l as usize).min(len);
                let chunk = b[start..end].to_vec();
                let i = at(len, to);
                b.splice(i..i, chunk);
            }
            Mutation::InvalidUtf8(p, byte) => {
                let i = at(len, p);
                b.insert(i, byte);
            }
            Mutation::Delete(a, l) => {
                let start = at(len, a);
                let end = (start + l as usize).min(len);
                b.drain(start..end);
            }
        }
    }
    b
}

#[test]
fn the_bases_are_valid() {
    for (text, path) in [(VALID_MD, "/projet/fiches/x.md"), (VALID_YAML, "/projet/fiches/x.yaml")] {
        let mut sink = Sink::new("x");
        let f = parse_bytes(Path::new("/projet"), Path::new(path), text.as_bytes(), &mut sink);
        // The image is absent on disk: one warning, nothing else.
        assert!(sink.items.iter().all(|d| d.message.contains("introuvable")), "{:#?}", sink.items);
        assert!(f.is_some(), "{path}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct("tests/robustness.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_all(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(---\n)?([a-z_]{1,12}: ?[ -~éà\t]{0,30}\n|  - [ -~]{0,20}\n|## [A-Za-zé ]{0,20}\n|[\\[\\]{}&*!|>\"'#?:, -]{1,8}\n){0,40}") {
        load_all(text.as_bytes());
    }

    #[test]
    fn mutated_markdown_fiche_never_panics(ms in proptest::collection::vec(mutation(), 1..10)) {
        load_all(&mutate(VALID_MD, &ms));
    }

    #[test]
    fn mutated_yaml_fiche_never_panics(ms in proptest::collection::vec(mutation(), 1..10)) {
        load_all(&mutate(VALID_YAML, &ms));
    }
}

fn md_with_front(front: &str) -> String {
    format!("---\n{front}\n---\n\n## Contexte\n\nx\n")
}

fn hostile(what: &str, bytes: Vec<u8>) {
    let start = Instant::now();
    within(Duration::from_secs(120), what, move || load_all(&bytes));
    eprintln!("{what}: {:?}", start.elapsed());
}

#[test]
fn hundred_thousand_open_brackets() {
    let brackets = "[".repeat(100_000);
    hostile("100 000 [ (yaml)", brackets.clone().into_bytes());
    hostile("100 000 [ (front matter)", md_with_front(&format!("titre: {brackets}")).into_bytes());
    hostile("100 000 {", "{".repeat(100_000).into_bytes());
}

#[test]
fn fifty_thousand_nested_dashes() {
    let dashes = format!("{}x", "- ".repeat(50_000));
    hostile("50 000 - (yaml)", dashes.clone().into_bytes());
    hostile("50 000 - (front matter)", md_with_front(&format!("thematiques:\n  {dashes}")).into_bytes());
    // Deep Markdown nesting in the body.
    let quotes = format!("---\ntitre: x\n---\n\n## Contexte\n\n{}x\n", "> ".repeat(50_000));
    hostile("50 000 > (body)", quotes.into_bytes());
    let lists = format!("---\ntitre: x\n---\n\n## Contexte\n\n{}x\n", "- ".repeat(50_000));
    hostile("50 000 - (body)", lists.into_bytes());
}

#[test]
fn alias_bomb() {
    let mut yaml = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        yaml.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = n;
    }
    hostile("alias bomb (yaml)", yaml.clone().into_bytes());
    hostile("alias bomb (front matter)", md_with_front(&yaml).into_bytes());
    // And the error says it plainly.
    let mut sink = Sink::new("x.yaml");
    parse_bytes(Path::new("/projet"), Path::new("/projet/fiches/x.yaml"), yaml.as_bytes(), &mut sink);
    assert_eq!(sink.items.len(), 1, "{:#?}", sink.items);
    assert_eq!((sink.items[0].ligne, sink.items[0].colonne), (2, 8));
    assert!(sink.items[0].message.contains("références YAML"), "{:#?}", sink.items);
}

#[test]
fn five_megabyte_body() {
    let mut body = String::with_capacity(5_300_000);
    body.push_str("Chapeau.\n\n");
    let sections = ["Contexte", "Fonctionnement", "Bilan", "Moyens", "Partenaires"];
    let mut i = 0;
    while body.len() < 5_000_000 {
        if i % 2000 == 0 {
            body.push_str(&format!("## {}\n\n", sections[(i / 2000) % sections.len()]));
        }
        body.push_str("Un paragraphe *assez* long, avec un [lien](https://exemple.fr), des « guillemets » : et 12 000 €.\n\n");
        i += 1;
    }
    let md = format!("---\n{}\n---\n\n{body}", VALID_MD.split("---\n").nth(1).unwrap().trim_end());
    assert!(md.len() > 5_000_000);
    hostile("5 MB body", md.into_bytes());
}

#[test]
fn long_lines_and_many_keys() {
    let long = format!("titre: {}\n", "é".repeat(1_000_000));
    hostile("1 000 000 characters on one line", long.into_bytes());
    let keys: String = (0..5_000).map(|i| format!("cle{i}: x\n")).collect();
    hostile("5 000 unknown keys", keys.into_bytes());
    let headings: String = (0..5_000).map(|i| format!("## Titre {i}\n\ntexte\n\n")).collect();
    hostile("5 000 unknown headings", md_with_front(&format!("titre: x\n{headings}")).into_bytes());
    let body = format!("---\ntitre: x\n---\n\n{}", "## Contxte\n\n".repeat(5_000));
    hostile("5 000 misspelt headings", body.into_bytes());
}
