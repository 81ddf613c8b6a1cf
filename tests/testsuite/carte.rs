//! The map of départements (#17): on the bilan, the départements index and
//! the home page, every département once with its INSEE code, overseas and
//! Corsica included; each shaded shape links to a page that exists and says
//! the same number of fiches as the open data.

use crate::common;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// One shape of a map: its code, and the link around it (target, name, class).
#[derive(Debug)]
struct Shape {
    code: String,
    link: Option<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

/// The shapes of the map `id` in a page.
fn shapes(html: &str, id: &str) -> Vec<Shape> {
    let start = html.find("<figure class=\"geo").and_then(|_| html.find(&format!(" id=\"{id}\""))).expect("no map");
    let end = start + html[start..].find("</figure>").unwrap();
    let map = &html[start..end];
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = map[from..].find("data-code=\"") {
        let at = from + i;
        let code = attr(&map[at - 1..], "data-code").unwrap();
        let last_open = map[..at].rfind("<a ");
        let last_close = map[..at].rfind("</a>");
        let link = match (last_open, last_close) {
            (Some(o), c) if c.is_none_or(|c| c < o) => {
                let tag = &map[o..o + map[o..].find('>').unwrap()];
                Some((attr(tag, "href").unwrap(), attr(tag, "aria-label").unwrap(), attr(tag, "class").unwrap()))
            }
            _ => None,
        };
        out.push(Shape { code, link });
        from = at + 11;
    }
    out
}

/// Fiches per département, from the open data.
fn counts(out: &Path) -> BTreeMap<String, usize> {
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("donnees/fiches.json")).unwrap()).unwrap();
    let mut counts = BTreeMap::new();
    for f in data["fiches"].as_array().unwrap() {
        *counts.entry(f["territoire"]["departement"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts
}

fn check_maps(root: &Path) {
    let out = root.join("output");
    let ok = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(root).args(["--quiet", "build", "--no-pdf"]).status().unwrap();
    assert!(ok.success());
    let counts = counts(&out);
    for (page, id) in
        [("bilan/index.html", "carte-departements"), ("departements/index.html", "carte-departements"), ("index.html", "carte-accueil")]
    {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let shapes = shapes(&html, id);
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &shapes {
            *seen.entry(s.code.as_str()).or_default() += 1;
        }
        assert_eq!(shapes.len(), 101 + usize::from(counts.contains_key("975")), "{page}: every département once");
        assert!(seen.values().all(|&n| n == 1), "{page}: a code twice: {seen:?}");
        for code in ["2A", "2B", "971", "972", "973", "974", "976", "01", "95"] {
            assert!(seen.contains_key(code), "{page}: {code} missing");
        }
        let dir = out.join(page).parent().unwrap().to_path_buf();
        for s in &shapes {
            let n = counts.get(&s.code).copied().unwrap_or(0);
            match &s.link {
                Some((href, name, class)) => {
                    assert!(n > 0, "{page}: {} is a link without fiches", s.code);
                    assert!(dir.join(href).is_file(), "{page}: {href} does not exist");
                    let said = if n == 1 { "1 fiche".to_string() } else { format!("{n} fiches") };
                    assert!(name.ends_with(&format!(" : {said}")), "{page}: {} named « {name} », {n} fiches in the data", s.code);
                    assert!(class.starts_with("geo-c"), "{class}");
                }
                None => assert_eq!(n, 0, "{page}: {} has {n} fiches but no link", s.code),
            }
        }
        assert!(html.contains("Fond de carte") && html.contains("MapSVG (Victor Cazanave), licence CC BY 4.0."), "{page}: the credit");
    }
}

#[test]
fn the_map_shows_every_departement_once_with_the_counts_of_the_data() {
    let dir = tempfile::tempdir().unwrap();
    common::fs::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &dir.path().join("fiches"));
    check_maps(dir.path());
    // A bigger project: several fiches per département, several classes.
    let corpus = common::fs::corpus(400);
    check_maps(corpus.path());
    let html = std::fs::read_to_string(corpus.path().join("output/bilan/index.html")).unwrap();
    let legend = &html[html.find("geo-legende").unwrap()..];
    assert!(legend.matches("geo-pastille").count() >= 3, "classes in the legend");
}
