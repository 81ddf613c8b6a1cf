//! Integration tests of `recueil build` on the sample project and on hostile
//! input: every page present, sections in order, facet pages right, every
//! internal link resolving, nothing active from a fiche reaching a page.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn recueil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recueil"))
}

fn build(root: &Path, out: &Path) {
    let o = recueil().args(["--root"]).arg(root).args(["build", "--no-pdf", "--output"]).arg(out).output().unwrap();
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

fn sample_site() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("recueil-test-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        build(Path::new(env!("CARGO_MANIFEST_DIR")), &dir);
        dir
    })
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// The sample fiches, loaded through the library (the same model the site reads).
fn sample() -> recueil::model::collection::Collection {
    let p = recueil::load::project::Project::load(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(p.report.errors(), 0);
    p.collection(false)
}

fn html_text(s: &str) -> String {
    s.replace("&#x27;", "'").replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn every_fiche_has_its_page_with_sections_in_order() {
    let site = sample_site();
    let c = sample();
    assert!(c.fiches.len() >= 8);
    for f in &c.fiches {
        let page = site.join("fiches").join(&f.slug).join("index.html");
        assert!(page.is_file(), "missing {}", page.display());
        let text = html_text(&read(&page));
        let title = f.titre.replace('\'', "’");
        assert!(
            text.contains(&html_text(&recueil::model::typo::apply(&f.titre))) || text.contains(&title),
            "title of {} not in page",
            f.slug
        );
        let mut last = 0;
        for s in &f.sections {
            let label = recueil::theme::Theme::load(Path::new(env!("CARGO_MANIFEST_DIR")), "default")
                .unwrap()
                .label(&format!("sections.{}", s.kind.name()));
            let needle = format!(">{label}<");
            let at = text[last..].find(&needle).unwrap_or_else(|| panic!("section {label} missing or out of order in {}", f.slug));
            last += at + needle.len();
        }
    }
}

#[test]
fn every_facet_term_has_its_page_with_the_right_fiches() {
    let site = sample_site();
    let c = sample();
    for tax in &c.taxonomies {
        assert!(site.join(tax.kind.key()).join("index.html").is_file(), "index of {}", tax.kind.key());
        for term in &tax.terms {
            let page = read(&site.join(tax.kind.key()).join(&term.slug).join("index.html"));
            let linked: BTreeSet<&str> =
                c.fiches.iter().map(|f| f.slug.as_str()).filter(|s| page.contains(&format!("fiches/{s}/index.html"))).collect();
            let expected: BTreeSet<&str> = term.fiches.iter().map(|&i| c.fiches[i].slug.as_str()).collect();
            assert_eq!(linked, expected, "{}/{}", tax.kind.key(), term.slug);
        }
    }
}

#[test]
fn site_files_exist() {
    let site = sample_site();
    for f in ["index.html", "404.html", "fiches/index.html", "robots.txt", "recherche/index.js", ".recueil-sortie"] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let image = site.join("fiches/repair-cafe-de-quartier/repair-cafe.png");
    assert!(image.is_file(), "the image beside its fiche is copied next to its page");
}

/// Publishing (point 15 of #14): without `url`, no feed nor sitemap (they need
/// absolute addresses: no empty `<loc>` or `<id>`), no link to them, and the
/// build says so once; with `url`, both with absolute addresses. The 404 page
/// keeps its look at any depth: its links start from the site's root folder.
#[test]
fn publishing_with_and_without_url() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    common::fs::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &root.join("fiches"));
    let build = |yaml: &str| {
        std::fs::write(root.join("recueil.yaml"), yaml).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(root).args(["build", "--no-pdf"]).output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let said = build("titre: Sans adresse\n");
    assert_eq!(said.matches("remarque : sans « url »").count(), 1, "{said}");
    let out = root.join("output");
    assert!(!out.join("feed.xml").exists() && !out.join("sitemap.xml").exists());
    assert!(!read(&out.join("robots.txt")).contains("Sitemap"));
    assert!(!read(&out.join("index.html")).contains("feed.xml"), "no link to a feed that is not there");
    let not_found = read(&out.join("404.html"));
    assert!(not_found.contains("href=\"/assets/style.css\"") && not_found.contains("href=\"/index.html\""), "from the host's root");

    let said = build("titre: Avec adresse\nurl: https://www.exemple.fr/recueil/\n");
    assert!(!said.contains("remarque"), "{said}");
    let feed = read(&out.join("feed.xml"));
    assert!(feed.contains("<id>https://www.exemple.fr/recueil/</id>") && feed.contains("<entry>"));
    assert!(feed.contains("<id>https://www.exemple.fr/recueil/fiches/repair-cafe-de-quartier/</id>"));
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        !sitemap.contains("<loc></loc>")
            && sitemap.lines().filter(|l| l.contains("<loc>")).all(|l| l.contains("<loc>https://www.exemple.fr/recueil/"))
    );
    assert!(read(&out.join("robots.txt")).contains("Sitemap: https://www.exemple.fr/recueil/sitemap.xml"));
    assert!(read(&out.join("index.html")).contains("href=\"feed.xml\""));
    let not_found = read(&out.join("404.html"));
    assert!(not_found.contains("href=\"/recueil/assets/style.css\""), "from the site's folder on the host");
}

/// Every `href`/`src` of every page that points inside the site resolves to a file.
#[test]
fn every_internal_link_resolves() {
    let site = sample_site();
    let mut checked = 0;
    for page in files(site, "html") {
        let html = read(&page);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                if url.is_empty() || url.starts_with('#') || url.contains(':') {
                    assert!(!url.starts_with("//"), "scheme-relative link {url} in {}", page.display());
                    continue;
                }
                // Only the 404 page, served at any depth, starts from the host's root.
                let is_404 = page == site.join("404.html");
                assert!(!url.starts_with('/') || is_404, "absolute link {url} in {}", page.display());
                let path = url.split(['#', '?']).next().unwrap();
                let path = path.replace("%20", " ");
                let mut target = if is_404 { site.join(path.trim_start_matches('/')) } else { page.parent().unwrap().join(&path) };
                if path.ends_with('/') {
                    target = target.join("index.html");
                }
                assert!(target.exists(), "dead link {url} in {}", page.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn no_request_to_another_host() {
    let site = sample_site();
    for page in files(site, "html").into_iter().chain(files(site, "css")).chain(files(site, "js")) {
        let text = read(&page);
        for bad in ["src=\"http", "src=\"//", "@import url(http", "url(http", "url(//"] {
            assert!(!text.contains(bad), "{bad} in {}", page.display());
        }
    }
}

#[test]
fn hostile_markdown_and_front_matter_leave_no_trace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let out = std::env::temp_dir().join(format!("recueil-test-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    build(&root, &out);
    let mut pages = 0;
    for page in files(&out, "html") {
        pages += 1;
        let html = read(&page);
        for tag in common::html::elements(&html) {
            let name = tag.name.as_str();
            assert!(
                !["iframe", "object", "embed", "style", "frame", "frameset", "base", "applet"].contains(&name),
                "<{name}> in {}",
                page.display()
            );
            if name == "form" {
                let action = tag.attrs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()).unwrap_or("");
                assert!(!action.contains(':') && !action.starts_with("//"), "form to {action} in {}", page.display());
            }
            if name == "script" {
                let src = tag.attrs.iter().find(|(k, _)| k == "src").map(|(_, v)| v.as_str()).unwrap_or("");
                assert!(src.contains("assets/"), "inline or foreign script in {}", page.display());
            }
            for (k, v) in &tag.attrs {
                assert!(!k.starts_with("on"), "event handler {k} on <{name}> in {}", page.display());
                assert!(k != "style" || !v.contains("fixed"), "style {v} in {}", page.display());
                let v = v.trim().to_lowercase();
                if ["href", "src", "action", "formaction", "data", "xlink:href"].contains(&k.as_str()) {
                    for scheme in ["javascript:", "vbscript:", "data:"] {
                        assert!(!v.starts_with(scheme), "{k}={v} in {}", page.display());
                    }
                    assert!(!v.contains("evil.example") && !v.contains("tracker.example") || name == "a", "{k}={v} in {}", page.display());
                }
            }
        }
    }
    assert!(pages > 5);
    for js in files(&out.join("recherche"), "js") {
        let text = read(&js);
        assert!(text.starts_with("window.__recueilRecherche("), "{}", js.display());
    }
}

#[test]
fn drafts_are_published_only_when_asked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valide");
    let draft_page = |out: &Path| out.join("fiches/reunion/index.html");
    let without = std::env::temp_dir().join(format!("recueil-test-sans-brouillons-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&without);
    // The build says what it left out, once, with the way to see it (point 13 of #14).
    let o = recueil().arg("--root").arg(&root).args(["build", "--no-pdf", "--output"]).arg(&without).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        said.lines().filter(|l| l.contains("brouillon")).collect::<Vec<_>>(),
        ["1 brouillon non publié : fiches/outre-mer/reunion.md — recueil build --drafts pour le voir"]
    );
    assert!(!draft_page(&without).exists(), "a draft was published without --drafts");
    assert!(!read(&without.join("fiches/index.html")).contains("fiches/reunion/"));
    assert!(!read(&without.join("fiches/index.html")).contains("badge-brouillon"));
    let with = std::env::temp_dir().join(format!("recueil-test-avec-brouillons-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&with);
    let o = recueil().arg("--root").arg(&root).args(["build", "--no-pdf", "--drafts", "--output"]).arg(&with).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(draft_page(&with).is_file(), "--drafts did not publish the draft");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("brouillon non publié"));
    // With --drafts, the draft's page and its card say it is one; the others do not.
    assert!(read(&draft_page(&with)).contains("<p class=\"badge-brouillon\">Brouillon\u{a0}: non publié</p>"));
    let list = read(&with.join("fiches/index.html"));
    let card =
        list.split("<li class=\"carte\" data-slug=\"reunion\"").nth(1).and_then(|c| c.split("</li>").next()).expect("the draft's card");
    assert!(card.contains("badge-brouillon"), "{card}");
    assert_eq!(list.matches("badge-brouillon").count(), 1, "only the draft's card");
    let published = read(&with.join("fiches/ain/index.html"));
    let header = published.split("<header class=\"fiche-entete\">").nth(1).and_then(|h| h.split("</header>").next()).unwrap();
    assert!(!header.contains("badge-brouillon"), "a published fiche's header has no badge");
}

/// A theme that overrides `fiche.html` as written before `fiche.proches_html`
/// (rendering `fiche.proches` as cards itself) still builds, with the same pages.
#[test]
fn a_fiche_template_rendering_proches_itself_still_works() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = tempfile::tempdir().unwrap();
    common::fs::copy_dir(&repo.join("fiches"), &project.path().join("fiches"));
    common::fs::copy_dir(&repo.join("livrets"), &project.path().join("livrets"));
    std::fs::copy(repo.join("recueil.yaml"), project.path().join("recueil.yaml")).unwrap();
    let current = read(&repo.join("themes/default/templates/fiche.html"));
    let start = current.find("<ul class=\"cartes\">").expect("the « proches » list in fiche.html");
    let end = current[start..].find("</ul>").unwrap() + start + "</ul>".len();
    let old = format!("{}{{{{ <cartes liste={{fiche.proches}} niveau={{3}}/> }}}}{}", &current[..start], &current[end..]);
    assert!(!old.contains("proches_html"));
    let templates = project.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("fiche.html"), old).unwrap();
    let out = project.path().join("output");
    build(project.path(), &out);
    let mut compared = 0;
    for page in files(&sample_site().join("fiches"), "html") {
        let rel = page.strip_prefix(sample_site()).unwrap();
        if rel.components().count() == 3 {
            assert_eq!(read(&out.join(rel)), read(&page), "{}", rel.display());
            compared += 1;
        }
    }
    assert!(compared >= 10, "{compared} fiche pages compared");
}

/// Indicator values the French way on the page and in the fiche's PDF:
/// `1.9` → « 1,9 », `3000` → « 3 000 », a narrow no-break space before the unit.
#[test]
fn indicator_values_are_written_the_french_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fiches")).unwrap();
    let fiche = "---\ntitre: Épicerie\nresume: Des courses.\ndate: 2024-01-01\nstructure: CCAS\ntype_structure: ccas\n\
                 territoire: { commune: Dijon, departement: \"21\" }\nthematiques: [Alimentation]\npublics: [Familles]\n\
                 indicateurs:\n  - { libelle: Taux de retour, valeur: 1.9, unite: \"%\" }\n  - { libelle: Repas servis, valeur: 3000, unite: repas }\n\
                 ---\n\n## Contexte\n\nx\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n";
    std::fs::write(dir.path().join("fiches/epicerie.md"), fiche).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(dir.path()).args(["build", "--quiet"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(dir.path().join("output/fiches/epicerie/index.html")).unwrap();
    assert!(page.contains("<dd>1,9\u{202f}%</dd>"), "1.9 %");
    assert!(page.contains("<dd>3\u{202f}000\u{202f}repas</dd>"), "3000 repas");
    // The CSV, for a French spreadsheet: a decimal comma, no thousands separator.
    let csv = std::fs::read_to_string(dir.path().join("output/donnees/indicateurs.csv")).unwrap();
    assert!(csv.contains("epicerie;Épicerie;Taux de retour;1,9;%\r\n"), "{csv}");
    assert!(csv.contains("epicerie;Épicerie;Repas servis;3000;repas\r\n"), "{csv}");
    if !crate::common::tool_available(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "pdftotext est introuvable : le PDF n'est pas vérifié",
    ) {
        return;
    }
    let t = Command::new("pdftotext").arg(dir.path().join("output/fiches/epicerie/epicerie.pdf")).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&t.stdout).replace(['\u{202f}', '\u{a0}'], " ");
    assert!(text.contains("1,9 %") && text.contains("3 000 repas"), "{text}");
}

/// Point 18 of #14: the sample's facts. The Clermont-Ferrand fiche gave the
/// Puy-de-Dôme's population (the structure's, 661 852) as the city's; the
/// figure is now that of the territory the action covers, said as such.
#[test]
fn the_sample_gives_the_population_of_the_territory_covered() {
    let site = sample_site();
    let clermont = read(&site.join("fiches/ateliers-auto-reparation-clermont-ferrand/index.html"));
    assert!(!clermont.contains("661") && !clermont.contains("Habitants"), "no département population for a city's action");
    let gueret = read(&site.join("fiches/permanences-numeriques-itinerantes-grand-gueret/index.html"));
    assert!(gueret.contains("<dt>Habitants du territoire couvert</dt><dd>27\u{202f}000</dd>"), "the agglomeration's, said as such");
    let yaml = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches/reemploi/ateliers-auto-reparation-clermont-ferrand.md"));
    assert!(!yaml.contains("habitants:"));
}
