//! The impact report (`output/bilan/`, `output/livrets/bilan.pdf`) on the
//! sample project, checked against sums this test computes itself from the
//! fiches' own files (its own front-matter reading with serde-saphyr, no call
//! to the aggregation), and the `bilan:` scope of `recueil.yaml`.

use crate::common;
use common::fs::copy_dir;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, out: &Path, pdf: bool) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recueil"));
    cmd.arg("--root").arg(root).arg("build");
    if !pdf {
        cmd.arg("--no-pdf");
    }
    let o = cmd.arg("--output").arg(out).output().unwrap();
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

fn sample_output() -> &'static Path {
    static OUT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("recueil-test-bilan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        build(&root(), &dir, true);
        dir
    })
}

/// The front matter of every published fiche under `dir`, read here without the library.
fn fiches_front_matter(dir: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('_') || name.starts_with('.'))
    }) {
        let e = e.unwrap();
        let ext = e.path().extension().map(|x| x.to_string_lossy().to_string()).unwrap_or_default();
        if !e.file_type().is_file() || !["md", "yaml", "yml"].contains(&ext.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let yaml = if ext == "md" {
            let rest = text.strip_prefix("---\n").expect("front matter");
            &rest[..rest.find("\n---").expect("end of front matter")]
        } else {
            text.as_str()
        };
        let v: Value = serde_saphyr::from_str(yaml).unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
        if v.get("brouillon").and_then(Value::as_bool) != Some(true) {
            out.push(v);
        }
    }
    out
}

/// Euros written in a fiche (`6800`, `1234.5`) as cents, exactly.
fn cents(v: &Value) -> i64 {
    if let Some(i) = v.as_i64() {
        return i * 100;
    }
    let s = v.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = format!("{:0<2}", frac);
    int.parse::<i64>().unwrap() * 100 + frac[..2].parse::<i64>().unwrap()
}

/// `87 900 €`, `1 234,50 €`, `540` → cents (amounts) or the integer ×100.
fn shown_cents(s: &str) -> i64 {
    let t: String = s.chars().filter(|c| c.is_ascii_digit() || *c == ',').collect();
    let (int, frac) = t.split_once(',').unwrap_or((&t, ""));
    let frac = format!("{:0<2}", frac);
    int.parse::<i64>().unwrap_or_else(|_| panic!("not a number: {s:?}")) * 100 + frac[..2].parse::<i64>().unwrap()
}

fn shown_int(s: &str) -> u64 {
    let t: String = s.chars().filter(char::is_ascii_digit).collect();
    t.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// The text after `start` up to `end` (or to the end of `s` when `end` is `\0`).
fn text_between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
    &s[i..i + s[i..].find(end).unwrap_or(s.len() - i)]
}

/// A key figure of the page: `(value, « renseigné par … » note)`.
fn key_figure(page: &str, cle: &str) -> (String, String) {
    let li = text_between(page, &format!("<li data-cle=\"{cle}\">"), "</li>");
    let value = text_between(text_between(li, "<span class=\"chiffre-valeur", "</span>"), ">", "\u{0}").to_string();
    let note = if li.contains("chiffre-renseigne") {
        text_between(li, "<span class=\"chiffre-renseigne\">", "</span>").to_string()
    } else {
        String::new()
    };
    (value, note)
}

fn unescape(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace(['\u{202f}', '\u{a0}'], " ")
        .replace('’', "'")
}

/// The values of the cells of a table row (`<td class="nombre" data-libelle="…"><span>VALUE…`).
fn cell_values(row: &str) -> Vec<&str> {
    row.split("<td class=\"nombre\"")
        .skip(1)
        .map(|c| {
            let v = &c[c.find("<span>").map_or(c.find('>').unwrap() + 1, |i| i + "<span>".len())..];
            &v[..v.find('<').unwrap()]
        })
        .collect()
}

/// Rows of a report table: row header text → cell texts (without their notes).
fn table_rows(page: &str, section: &str) -> BTreeMap<String, Vec<String>> {
    let table = text_between(page, &format!("data-section=\"{section}\">"), "</table>");
    let body = text_between(table, "<tbody>", "</tbody>");
    let mut rows = BTreeMap::new();
    for tr in body.split("<tr ").skip(1) {
        let th = text_between(tr, "<th scope=\"row\">", "</th>");
        let label = if th.starts_with("<a") { text_between(th, "\">", "</a>") } else { th };
        let cells = cell_values(tr).into_iter().map(unescape).collect();
        rows.insert(unescape(label).to_lowercase(), cells);
    }
    rows
}

#[test]
fn report_page_equals_sums_of_the_fiche_files() {
    let out = sample_output();
    let fiches = fiches_front_matter(&root().join("fiches"));
    assert!(fiches.len() >= 10, "{} fiches", fiches.len());
    let page = std::fs::read_to_string(out.join("bilan/index.html")).unwrap();

    let total = fiches.len();
    assert_eq!(shown_int(&key_figure(&page, "fiches").0), total as u64);

    // Every integer figure: sum and number of fiches declaring it.
    for key in ["participants", "benevoles", "ateliers", "sorties_positives"] {
        let vals: Vec<u64> = fiches.iter().filter_map(|f| f.get("chiffres")?.get(key)?.as_u64()).collect();
        let (value, note) = key_figure(&page, key);
        if vals.is_empty() {
            assert_eq!(value, "—", "{key}");
            continue;
        }
        assert_eq!(shown_int(&value), vals.iter().sum::<u64>(), "{key}");
        let expected = if vals.len() == total {
            "renseigné par toutes les fiches".to_string()
        } else {
            format!("renseigné par {} sur {total} fiches", vals.len())
        };
        assert_eq!(unescape(&note), expected, "{key}");
    }
    // Amounts in exact cents.
    for key in ["budget_annuel", "cout_total"] {
        let vals: Vec<i64> = fiches.iter().filter_map(|f| f.get("chiffres")?.get(key)).map(cents).collect();
        let (value, note) = key_figure(&page, key);
        if vals.is_empty() {
            continue;
        }
        assert_eq!(shown_cents(&value), vals.iter().sum::<i64>(), "{key}");
        let n = unescape(&note);
        assert!(
            n.starts_with(&format!("renseigné par {} sur", vals.len())) || (vals.len() == total && n.ends_with("toutes les fiches")),
            "{key}: {n}"
        );
    }
    // Funding: every amount, and fiches naming a funder counted once each.
    let amounts: i64 = fiches
        .iter()
        .flat_map(|f| f.get("financeurs").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|x| x.get("montant").map(cents))
        .sum();
    assert!(amounts > 0);
    assert_eq!(shown_cents(&key_figure(&page, "financements").0), amounts);
    let funded = fiches.iter().filter(|f| f.get("financeurs").and_then(Value::as_array).is_some_and(|a| !a.is_empty())).count();
    let fin = text_between(&page, "data-section=\"financeurs\">", "</table>");
    let foot = text_between(fin, "<tfoot>", "</tfoot>");
    let cells: Vec<&str> = cell_values(foot);
    assert_eq!(shown_int(cells[0]), funded as u64);
    assert_eq!(shown_cents(cells[1]), amounts);

    // Per funder: amount and fiches funded.
    let mut per_funder: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    for f in &fiches {
        let mut seen = Vec::new();
        for x in f.get("financeurs").and_then(Value::as_array).cloned().unwrap_or_default() {
            let nom = x["nom"].as_str().unwrap().trim().replace('’', "'").to_lowercase();
            let e = per_funder.entry(nom.clone()).or_default();
            e.0 += x.get("montant").map(cents).unwrap_or(0);
            if !seen.contains(&nom) {
                e.1 += 1;
                seen.push(nom);
            }
        }
    }
    let rows = table_rows(&page, "financeurs");
    assert_eq!(rows.len(), per_funder.len());
    for (nom, (amount, count)) in &per_funder {
        let r = rows.get(nom).unwrap_or_else(|| panic!("funder {nom} missing from {:?}", rows.keys()));
        assert_eq!(shown_int(&r[0]), *count as u64, "{nom}");
        if *amount > 0 {
            assert_eq!(shown_cents(&r[1]), *amount, "{nom}");
        }
    }

    // Fiches and participants per thématique, a fiche once per thématique.
    let mut per_theme: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for f in &fiches {
        let mut themes: Vec<String> =
            f["thematiques"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().trim().replace('’', "'").to_lowercase()).collect();
        themes.dedup();
        for t in themes {
            let e = per_theme.entry(t).or_default();
            e.0 += 1;
            e.1 += f.get("chiffres").and_then(|c| c.get("participants")).and_then(Value::as_u64).unwrap_or(0);
        }
    }
    let rows = table_rows(&page, "thematiques");
    assert_eq!(rows.len(), per_theme.len());
    for (t, (count, participants)) in &per_theme {
        let r = rows.get(t).unwrap_or_else(|| panic!("thématique {t} missing"));
        assert_eq!(shown_int(&r[0]), *count as u64, "{t}");
        if *participants > 0 {
            assert_eq!(shown_int(&r[1]), *participants, "{t}");
        }
    }

    // Fiches per year of start, and one page per year showing only its fiches.
    let mut per_year: BTreeMap<i64, usize> = BTreeMap::new();
    for f in &fiches {
        if let Some(y) = f.get("annee_debut").and_then(Value::as_i64) {
            *per_year.entry(y).or_default() += 1;
        }
    }
    let rows = table_rows(&page, "annees");
    assert_eq!(rows.len(), per_year.len());
    for (y, count) in &per_year {
        assert_eq!(shown_int(&rows[&y.to_string()][0]), *count as u64, "{y}");
        let year_page = std::fs::read_to_string(out.join(format!("bilan/{y}/index.html"))).unwrap();
        assert_eq!(shown_int(&key_figure(&year_page, "fiches").0), *count as u64, "page {y}");
        assert!(page.contains(&format!("href=\"../bilan/{y}/index.html\"")), "no link to the {y} page");
    }
    // The régions partition the fiches.
    let regions = table_rows(&page, "regions");
    assert_eq!(regions.values().map(|r| shown_int(&r[0])).sum::<u64>(), total as u64);
}

#[test]
fn charts_are_inline_svg_followed_by_their_table() {
    let page = std::fs::read_to_string(sample_output().join("bilan/index.html")).unwrap();
    assert!(!page.contains("<canvas") && !page.contains("chart.js"));
    let sections: Vec<&str> = page.split("<section class=\"bloc bilan-section\"").skip(1).collect();
    assert!(sections.len() >= 7, "{} sections", sections.len());
    let mut charts = 0;
    for s in &sections {
        // The départements' section holds the map (tests/testsuite/carte.rs), not a chart.
        if s.contains("<figure class=\"geo") {
            assert!(s.find("<table").expect("table after the map") > s.find("<svg").unwrap());
            continue;
        }
        if let Some(i) = s.find("<svg") {
            charts += 1;
            let svg = &s[i..s.find("</svg>").unwrap()];
            assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=") && svg.contains("<title id="));
            let t = s.find("<table").expect("table after the chart");
            assert!(t > i);
            assert!(s[t..].contains("<caption") && s[t..].contains("<th scope=\"col\"") && s[t..].contains("<th scope=\"row\""));
        }
    }
    assert!(charts >= 6, "{charts} charts");
    assert!(page.contains("id=\"repartition\""), "stacked bar of the funding mix");
    // The report is in the site's navigation, on every page.
    let home = std::fs::read_to_string(sample_output().join("index.html")).unwrap();
    assert!(home.contains("href=\"bilan/index.html\""));
    assert!(page.contains("href=\"../bilan/index.html\" aria-current=\"page\""));
}

#[test]
fn report_pdf_has_the_same_figures() {
    let pdf = sample_output().join("livrets/bilan.pdf");
    assert!(pdf.is_file());
    let o = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output();
    if !crate::common::tool_available(
        o.is_ok(),
        "pdftotext est introuvable (apt-get install poppler-utils) : les chiffres de bilan.pdf ne sont pas vérifiés",
    ) {
        return;
    }
    let o = o.unwrap();
    let text = String::from_utf8_lossy(&o.stdout).replace(['\u{202f}', '\u{a0}'], " ");
    let page = std::fs::read_to_string(sample_output().join("bilan/index.html")).unwrap();
    for key in ["participants", "budget_annuel", "financements"] {
        let v = unescape(&key_figure(&page, key).0);
        assert!(text.contains(&v), "{key} = {v} not in the PDF:\n{text}");
    }
    for h in ["Chiffres clés", "Thématiques", "Financeurs", "Années de début", "Types de structure"] {
        assert!(text.contains(h), "{h}");
    }
    // The map of départements (#17), drawn as vectors: its overseas tiles, legend and credit.
    for t in
        ["Outre-mer", "971", "976", "Nombre de fiches par département :", "aucune fiche", "MapSVG (Victor Cazanave), licence CC BY 4.0"]
    {
        assert!(text.contains(t), "{t} not in the PDF's map");
    }
}

#[test]
fn bilan_key_scopes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fiches"), &dir.path().join("fiches"));
    std::fs::write(dir.path().join("recueil.yaml"), "titre: Essai\nbilan:\n  titre: Bilan 2021 du réseau\n  annee: 2021\n").unwrap();
    let out = dir.path().join("sortie");
    build(dir.path(), &out, false);
    let fiches = fiches_front_matter(&dir.path().join("fiches"));
    let n2021 = fiches.iter().filter(|f| f.get("annee_debut").and_then(Value::as_i64) == Some(2021)).count();
    assert!(n2021 > 0);
    let page = std::fs::read_to_string(out.join("bilan/index.html")).unwrap();
    assert!(page.contains("<h1>Bilan 2021 du réseau"));
    assert_eq!(shown_int(&key_figure(&page, "fiches").0), n2021 as u64);
    assert!(!out.join("bilan/2019").exists(), "no page for a year outside the report");
}
