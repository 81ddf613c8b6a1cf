//! The layout's one-way flow, checked on the source: model (no I/O) ← load ←
//! report, theme ← render (site, PDF, data) ← build ← serve, cli. A file may
//! use its own layer and those below; report and theme do not use each
//! other; the HTML renderer and the PDF renderer do not use each other.
//! (`../shared/tools/module_cycles.py src` checks the cycles between files.)

use std::collections::BTreeSet;
use std::path::Path;

/// The layer of a source file (path under `src/`, `/` separators) and its rank.
fn layer(file: &str) -> (&'static str, u8) {
    let first = file.split(['/', '.']).next().unwrap_or_default();
    match first {
        "timing" | "clock" => ("leaf", 0),
        "model" => ("model", 1),
        "load" => ("load", 2),
        "report" => ("report", 3),
        "theme" => ("theme", 3),
        "render" => ("render", 4),
        "build" => ("build", 5),
        "serve" => ("serve", 6),
        "cli" | "scaffold" | "import" | "main" | "lib" => ("cli", 7),
        other => panic!("src/{file}: layer « {other} » unknown to this test: add it to the layout"),
    }
}

/// The renderer a file of `render/` belongs to (`site`, `pdf`, `data`), if any.
fn renderer(file: &str) -> Option<&str> {
    let mut parts = file.strip_prefix("render/")?.split('/');
    let first = parts.next()?;
    parts.next().map(|_| first).or_else(|| first.strip_suffix(".rs")).filter(|r| *r != "mod")
}

/// The source without comments and without `#[cfg(test)] mod … { … }` blocks.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find('{') {
            Some(open) if after[..open].contains("mod ") => {
                let mut depth = 0;
                let mut end = after.len();
                for (j, c) in after.char_indices().skip(open) {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            _ => {
                out.push_str("#[cfg(test)]");
                rest = &after["#[cfg(test)]".len()..];
            }
        }
    }
    out.push_str(rest);
    out.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The files of `src/` a file's code names through `crate::a::b` (longest match).
fn uses(code: &str, files: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut paths: Vec<Vec<String>> = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let tail = &code[i + "crate::".len()..];
        if let Some(group) = tail.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            paths.extend(inner.split(',').map(|p| p.trim().split("::").map(str::to_string).collect()));
        } else {
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            paths.push(tail[..end].split("::").map(str::to_string).collect());
        }
    }
    for segs in paths {
        for n in (1..=segs.len()).rev() {
            let base = segs[..n].join("/");
            let found = [format!("{base}.rs"), format!("{base}/mod.rs")].into_iter().find(|c| files.contains(c));
            if let Some(f) = found {
                out.insert(f);
                break;
            }
        }
    }
    out
}

#[test]
fn dependencies_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: BTreeSet<String> = walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    let mut wrong = Vec::new();
    for file in &files {
        if file.ends_with("/tests.rs") {
            continue;
        }
        let (from, rank) = layer(file);
        let text = std::fs::read_to_string(src.join(file)).unwrap();
        for target in uses(&code(&text), &files) {
            let (to, to_rank) = layer(&target);
            let upward = to_rank > rank || (to_rank == rank && to != from);
            let across = matches!((renderer(file), renderer(&target)), (Some("site"), Some("pdf")) | (Some("pdf"), Some("site")));
            if upward || across {
                wrong.push(format!("src/{file} ({from}) uses src/{target} ({to})"));
            }
        }
    }
    assert!(wrong.is_empty(), "dependencies against the layout:\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_a_wrong_way_use() {
    // The test above would fail on these: a model file naming the loader, the
    // PDF renderer naming the site's.
    let files: BTreeSet<String> = ["model/fiche.rs", "load/yaml.rs", "render/pdf/bilan.rs", "render/site/svg.rs"].map(String::from).into();
    let seen = uses(&code("use crate::load::yaml::Node;\n// crate::render::x\n"), &files);
    assert_eq!(seen, ["load/yaml.rs".to_string()].into());
    assert!(layer("load/yaml.rs").1 > layer("model/fiche.rs").1);
    let seen = uses(&code("let s = crate::render::site::svg::pourcent(1, 2);"), &files);
    assert_eq!(seen, ["render/site/svg.rs".to_string()].into());
    assert_eq!((renderer("render/pdf/bilan.rs"), renderer("render/site/svg.rs")), (Some("pdf"), Some("site")));
    assert_eq!(renderer("render/mod.rs"), None);
    assert_eq!(renderer("render/progress.rs"), Some("progress"));
}
