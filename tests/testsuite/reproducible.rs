//! Reproducible builds: the same project gives the same bytes in every output
//! file (pages, search index, JSON, CSV, PDFs), run after run, wherever the
//! project lies on disk, whatever the clock says.

use crate::common;
use common::fs::copy_dir;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A fixed edition day (`SOURCE_DATE_EPOCH`) for the byte comparisons.
const PINNED: (&str, &str) = ("SOURCE_DATE_EPOCH", "1800000000");

fn build(root: &Path, out: &Path, env: &[(&str, &str)]) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recueil"));
    c.env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.arg("--root").arg(root).arg("build").arg("--output").arg(out).output().unwrap();
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir` (relative path → bytes); links and folders by name.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        let bytes = if e.file_type().is_file() { std::fs::read(e.path()).unwrap() } else { b"<dossier>".to_vec() };
        out.insert(rel, bytes);
    }
    out
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: not the same files");
    for (name, bytes) in a {
        if bytes != &b[name] {
            let (x, y) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[name]));
            let at = x.chars().zip(y.chars()).position(|(p, q)| p != q).unwrap_or(0);
            let around = |s: &str| s.chars().skip(at.saturating_sub(80)).take(200).collect::<String>();
            panic!("{what}: {name} differs at character {at}:\n--- first\n{}\n--- second\n{}", around(&x), around(&y));
        }
    }
}

fn sample_copy(at: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("fiches"), &at.join("fiches"));
    for f in ["recueil.yaml"] {
        if repo.join(f).is_file() {
            std::fs::copy(repo.join(f), at.join(f)).unwrap();
        }
    }
    for d in ["livrets", "themes"] {
        if repo.join(d).is_dir() {
            copy_dir(&repo.join(d), &at.join(d));
        }
    }
}

#[test]
fn same_project_same_bytes_twice_and_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("projet-a");
    sample_copy(&a);
    // The edition day is pinned: two runs either side of midnight would differ by it.
    build(&a, &tmp.path().join("sortie-1"), &[PINNED]);
    build(&a, &tmp.path().join("sortie-2"), &[PINNED]);
    let first = tree(&tmp.path().join("sortie-1"));
    assert!(first.keys().any(|k| k.ends_with(".html")));
    assert!(first.keys().any(|k| k.starts_with("recherche/")));
    assert!(first.keys().any(|k| k.ends_with(".json")), "the open data files are compared too");
    assert!(first.keys().any(|k| k.ends_with(".csv")));
    assert_same(&first, &tree(&tmp.path().join("sortie-2")), "two runs");

    // The same project at another absolute path, with a different directory depth.
    let b = tmp.path().join("ailleurs/tout/autre/projet-b");
    sample_copy(&b);
    build(&b, &b.join("output"), &[PINNED]);
    assert_same(&first, &tree(&b.join("output")), "another folder");
}

#[test]
fn the_clock_counts_only_as_the_edition_day() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("projet");
    sample_copy(&a);
    // With SOURCE_DATE_EPOCH, the time zone and locale of the machine do not matter
    // (Kiritimati and Adak are a whole day apart)...
    let pinned = [("SOURCE_DATE_EPOCH", "1700000000")];
    build(&a, &tmp.path().join("e1"), &[pinned[0], ("TZ", "Pacific/Kiritimati"), ("LC_ALL", "C")]);
    build(&a, &tmp.path().join("e2"), &[pinned[0], ("TZ", "America/Adak"), ("LC_ALL", "fr_FR.UTF-8")]);
    let e1 = tree(&tmp.path().join("e1"));
    assert_same(&e1, &tree(&tmp.path().join("e2")), "time zones");
    // ...and it is the date used: 1700000000 is 14 November 2023, in the
    // footer, the open data and the PDFs' metadata (the sample fiches are older).
    let text = |name: &str| String::from_utf8_lossy(&e1[name]).into_owned();
    assert!(text("index.html").contains("14 novembre 2023"), "footer of the home page");
    assert!(text("donnees/fiches.json").contains("\"date\":\"2023-11-14\""), "date of the open data");
    assert!(text("livrets/recueil.pdf").contains("D:20231114"), "CreationDate of the booklet");
    // A fiche's own PDF carries the fiche's date, not the build's: it does not
    // change from one day to the next.
    build(&a, &tmp.path().join("s1"), &[]);
    let s1 = tree(&tmp.path().join("s1"));
    let fiche_pdf = "fiches/repair-cafe-de-quartier/repair-cafe-de-quartier.pdf";
    assert!(!String::from_utf8_lossy(&s1[fiche_pdf]).contains("D:2023111"), "no build date in a fiche's PDF");
    build(&a, &tmp.path().join("s2"), &[("TZ", "Pacific/Kiritimati")]);
    assert_eq!(s1[fiche_pdf], tree(&tmp.path().join("s2"))[fiche_pdf], "the fiche's PDF, another day");
}

#[test]
fn file_order_on_disk_does_not_matter() {
    // The same fiches written in the opposite order (directory entries come back
    // in creation order on many file systems).
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = walkdir::WalkDir::new(repo.join("fiches"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for (name, order) in [("p1", false), ("p2", true)] {
        let root = tmp.path().join(name);
        let list: Vec<_> = if order { files.iter().rev().collect() } else { files.iter().collect() };
        for f in list {
            let dest = root.join(f.strip_prefix(repo).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(f, &dest).unwrap();
        }
        build(&root, &root.join("output"), &[PINNED]);
    }
    assert_same(&tree(&tmp.path().join("p1/output")), &tree(&tmp.path().join("p2/output")), "file order");
}
