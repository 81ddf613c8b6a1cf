//! Limits: very large or very deep inputs either build correctly or are
//! refused with a clear diagnostic, without a stack overflow or an endless run.
//! Inputs are generated at run time from `tests/fixtures/limites/base.md`.
//! Each build runs in a child process under a generous bound (a hang, not a
//! slowness, is what the bound catches: nothing here asserts a duration).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what any of these takes; only an endless loop reaches it.
const BOUND: Duration = Duration::from_secs(300);

fn base() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/limites/base.md")).unwrap()
}

/// The base fiche with `key: value` lines added to the front matter and `extra` appended to the body.
fn fiche(front: &str, extra: &str) -> String {
    let b = base();
    let b = b.replacen("\n---\n", &format!("\n{front}\n---\n"), 1);
    format!("{b}\n{extra}\n")
}

enum Outcome {
    Built(PathBuf),
    Refused(String),
}

/// Writes `files` into a fresh project and builds it in a child process.
fn run(files: &[(&str, String)]) -> (tempfile::TempDir, Outcome) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = dir.path().join("output");
    let err_path = dir.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--output"])
        .arg(&out)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build did not finish within {BOUND:?}: endless loop?");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = std::fs::read_to_string(&err_path).unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(status.signal().is_none(), "killed by signal {:?} (stack overflow?):\n{err:.2000}", status.signal());
    }
    assert!(!err.contains("panicked") && !err.contains("overflow"), "crash:\n{err:.2000}");
    if status.success() {
        (dir, Outcome::Built(out))
    } else {
        assert_eq!(status.code(), Some(1), "unexpected exit:\n{err:.2000}");
        (dir, Outcome::Refused(err))
    }
}

/// The page of the fiche, which must have been built (each case below has one
/// expected outcome: a test that accepted either could not fail).
fn built(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Built(out) => {
            let page = out.join("fiches/grande/index.html");
            assert!(page.is_file(), "no page for the fiche");
            std::fs::read_to_string(page).unwrap()
        }
        Outcome::Refused(err) => panic!("refused, where the fiche should be built:\n{err:.2000}"),
    }
}

#[test]
fn a_5_mb_fiche() {
    let para = "Les habitants du quartier se retrouvent chaque semaine pour réparer ensemble leurs objets du quotidien. ";
    let mut body = String::with_capacity(5_300_000);
    while body.len() < 5 * 1024 * 1024 {
        body.push_str(&para.repeat(8));
        body.push_str("\n\n");
    }
    let text = fiche("", &format!("## Observations\n\n{body}"));
    let (_d, o) = run(&[("fiches/grande.md", text)]);
    let page = built(&o);
    assert!(page.len() > 5 * 1024 * 1024, "the whole text is on the page");
}

#[test]
fn ten_thousand_list_items() {
    let items: String = (0..10_000).map(|i| format!("- élément {i}\n")).collect();
    let (_d, o) = run(&[("fiches/grande.md", fiche("", &format!("## Observations\n\n{items}")))]);
    let page = built(&o);
    assert!(page.matches("<li>").count() >= 10_000);
    assert!(page.contains("élément 9999"));
}

#[test]
fn five_hundred_nested_block_quotes() {
    let quotes = format!("{} profond\n", "> ".repeat(500));
    let (_d, o) = run(&[("fiches/grande.md", fiche("", &format!("## Observations\n\n{quotes}")))]);
    let page = built(&o);
    assert!(page.contains("profond"));
    assert_eq!(page.matches("<blockquote>").count(), page.matches("</blockquote>").count());
}

#[test]
fn five_hundred_nested_lists() {
    let mut lists = String::new();
    for level in 0..500 {
        lists.push_str(&format!("{}- niveau {level}\n", "  ".repeat(level)));
    }
    let (_d, o) = run(&[("fiches/grande.md", fiche("", &format!("## Observations\n\n{lists}")))]);
    let page = built(&o);
    assert!(page.contains("niveau 0"));
    assert!(page.matches("<ul>").count() >= 500, "every level is a list");
}

#[test]
fn five_hundred_nested_html_elements() {
    // Raw HTML goes through the sanitizer (html5ever): deep nesting too.
    let html = format!("{}profond{}", "<div>".repeat(500), "</div>".repeat(500));
    let (_d, o) = run(&[("fiches/grande.md", fiche("", &format!("## Observations\n\n{html}\n")))]);
    let page = built(&o);
    assert!(page.contains("profond"));
}

#[test]
fn twenty_thousand_nested_html_elements_stay_linear() {
    // Beyond what the sanitizer handles quickly (its cost grows with the square
    // of the depth): shown as text, not parsed.
    let html = format!("{}profond{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
    let (_d, o) = run(&[("fiches/grande.md", fiche("", &format!("## Observations\n\n{html}\n")))]);
    let page = built(&o);
    assert!(page.contains("profond"));
    assert!(!page.contains("<div><div><div>"), "not parsed as HTML");
}

#[test]
fn deeply_nested_yaml_in_the_front_matter() {
    for depth in [500, 10_000] {
        let nested = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
        let (_d, o) = run(&[("fiches/grande.md", fiche(&format!("mots_cles: {nested}"), ""))]);
        match o {
            Outcome::Refused(err) => assert!(err.contains("fiches/grande.md:") && err.contains("erreur"), "{err:.2000}"),
            Outcome::Built(_) => panic!("nested lists are not keywords: should be refused"),
        }
        let block: String = (0..depth.min(2_000)).map(|i| format!("{}- \n", "  ".repeat(i))).collect();
        let (_d, o) = run(&[("fiches/grande.md", fiche(&format!("publics:\n{block}"), ""))]);
        assert!(matches!(o, Outcome::Refused(_)), "block nesting {depth}");
    }
}

#[test]
fn a_100_000_character_line() {
    let line: String = (0..20_000).map(|i| format!("m{:03} ", i % 1000)).collect::<String>();
    assert!(line.len() >= 100_000);
    let word = "a".repeat(100_000);
    // The base fiche's own `resume:` line is replaced (a second one would be refused).
    let text: String = fiche("", &format!("## Observations\n\n{line}\n\n{word}\n"))
        .lines()
        .map(|l| if l.starts_with("resume:") { format!("resume: {}\n", &line[..50_000]) } else { format!("{l}\n") })
        .collect();
    let (_d, o) = run(&[("fiches/grande.md", text)]);
    let page = built(&o);
    assert!(page.contains(&word));
    assert!(page.contains(&line[..50_000].trim_end()[..49_000]), "the long summary is on the page");
}

#[test]
fn a_title_of_2000_characters() {
    let title: String = std::iter::repeat_n("Atelier très long ", 120).collect::<String>()[..2000].trim().to_string();
    let text = fiche("", "").replacen("titre: Atelier de réparation", &format!("titre: {title}"), 1);
    let (d, o) = run(&[("fiches/grande.md", text)]);
    let page = built(&o);
    assert!(page.contains(title.trim_end()));
    // The title reaches the search index and the feed whole.
    let out = d.path().join("output");
    let docs = std::fs::read_to_string(out.join("recherche/docs/0.js")).unwrap();
    assert!(docs.contains(&title[..1000]));
}

#[test]
fn a_slug_of_300_characters_is_refused_at_its_line() {
    let (_d, o) = run(&[("fiches/grande.md", fiche(&format!("slug: {}", "a".repeat(300)), ""))]);
    match o {
        Outcome::Refused(err) => assert!(err.contains("fiches/grande.md:11:") && err.contains("« slug » : 300 caractères"), "{err:.2000}"),
        Outcome::Built(_) => panic!("a 300-character slug cannot be a folder name"),
    }
}

#[test]
fn three_thousand_thematiques_on_one_fiche_are_refused_at_their_line() {
    let list: Vec<String> = (0..3000).map(|i| format!("Thématique numéro {i} {}", "long ".repeat(i % 40))).collect();
    let text = fiche("", "").replacen("thematiques: [Réemploi]", &format!("thematiques: [{}]", list.join(", ")), 1);
    let (_d, o) = run(&[("fiches/grande.md", text)]);
    match o {
        Outcome::Refused(err) => {
            assert!(err.contains("fiches/grande.md:8:14: erreur: « thematiques » compte 3000 éléments : 100 au plus"), "{err:.2000}")
        }
        Outcome::Built(_) => panic!("3,000 thématiques on one fiche are past the limit of 100"),
    }
}

#[test]
fn three_thousand_thematiques_across_the_fiches() {
    // 30 fiches of 100 thématiques each, all different: 3,000 term pages.
    let files: Vec<(String, String)> = (0..30)
        .map(|k| {
            let list: Vec<String> = (0..100).map(|i| format!("Thématique {k} {i}")).collect();
            let text = fiche(&format!("slug: fiche-{k}"), "").replacen(
                "thematiques: [Réemploi]",
                &format!("thematiques: [{}]", list.join(", ")),
                1,
            );
            (format!("fiches/fiche-{k}.md"), text)
        })
        .collect();
    let refs: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (d, o) = run(&refs);
    match o {
        Outcome::Built(out) => {
            let dirs = std::fs::read_dir(out.join("thematiques")).unwrap().count();
            assert_eq!(dirs, 3001, "one page per thématique, and the index");
        }
        Outcome::Refused(err) => panic!("refused:\n{err:.2000}"),
    }
    drop(d);
}
