//! Renders the sample project's booklets and reads them back with `pdftotext`
//! (poppler-utils): titles and section texts in order, the contents' page
//! numbers, a selection holding no other fiche, stable bytes.

use recueil::load::config::{Livret, Selection};
use recueil::load::project::Project;
use recueil::model::collection::Collection;
use recueil::render::pdf::{self, PdfAssets};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load() -> (Project, Collection) {
    let p = Project::load(&root());
    assert_eq!(
        p.report.diagnostics.iter().filter(|d| d.gravite == recueil::load::diagnostics::Severity::Erreur).count(),
        0,
        "sample project has errors"
    );
    let c = p.collection(false);
    assert!(c.fiches.len() >= 10);
    (p, c)
}

/// Whether pdftotext can run; without it the test fails under CI and is
/// skipped loudly elsewhere.
fn have_pdftotext() -> bool {
    crate::common::tool_available(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "pdftotext est introuvable (apt-get install poppler-utils) : le texte des PDF n'est pas vérifié",
    )
}

fn pdftotext(file: &Path, pages: Option<(usize, usize)>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd.arg(file).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Text without spaces and hyphens, so line breaks and hyphenation do not matter.
fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{AD}').collect()
}

/// The first paragraph of a section, shortened: what must show in the PDF.
fn probe(md: &recueil::model::markdown::Markdown) -> String {
    let text = md.plain_text();
    let first = text.lines().find(|l| l.chars().count() > 20).unwrap_or("").to_string();
    norm(&first.chars().take(70).collect::<String>())
}

#[test]
fn sample_booklet_reads_back_in_order() {
    let (p, c) = load();
    let assets = PdfAssets::default_theme().expect("assets");
    let livret = p.config.livrets.first().cloned().unwrap_or_else(|| pdf::default_livret(&p.config));
    let livret = Livret { selection: Selection::default(), ..livret };
    let layout = pdf::layout_booklet(&c, &p.config, &livret, &assets);
    let starts = layout.fiche_pages();
    let titles = layout.fiche_titles.clone();
    let bytes = pdf::write(layout, &assets).expect("pdf");
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("recueil.pdf");
    std::fs::write(&file, &bytes).expect("write");
    if let Some(out) = std::env::var_os("RECUEIL_PDF_OUT") {
        // every booklet of recueil.yaml, as configured, for a look
        for l in &p.config.livrets {
            let b = pdf::render_booklet(&c, &p.config, l, &assets).expect("pdf");
            std::fs::write(Path::new(&out).join(format!("livret-{}", l.fichier)), b).expect("copy");
        }
        std::fs::write(Path::new(&out).join("recueil.pdf"), &bytes).expect("copy");
    }
    if !have_pdftotext() {
        return;
    }
    assert_eq!(titles.len(), c.fiches.len());
    // Each fiche starts on the page the contents announce.
    for (i, t) in titles.iter().enumerate() {
        let page = starts[&i];
        let text = norm(&pdftotext(&file, Some((page, page))));
        assert!(text.starts_with(&norm(t)) || text.contains(&norm(t)), "fiche « {t} » not on page {page}");
    }
    // Fiche titles and their sections, in order, after the key figures.
    let first = starts[&0];
    let all = norm(&pdftotext(&file, Some((first, 100_000))));
    let mut pos = 0;
    for t in &titles {
        let f = c.fiches.iter().find(|f| norm(&recueil::model::typo::apply(&f.titre)) == norm(t)).expect("fiche");
        let at = all[pos..].find(&norm(t)).unwrap_or_else(|| panic!("title « {t} » missing or out of order"));
        pos += at;
        for s in &f.sections {
            let label = norm(s.kind.label());
            let at = all[pos..].find(&label).unwrap_or_else(|| panic!("section « {} » of « {t} » missing", s.kind.label()));
            pos += at;
            let want = probe(&s.contenu);
            if want.is_empty() {
                continue;
            }
            let at = all[pos..].find(&want).unwrap_or_else(|| panic!("text of « {} » in « {t} » missing: {want}", s.kind.label()));
            pos += at;
        }
    }
    // The contents list every fiche with its page number.
    let contents = pdftotext(&file, Some((2, first - 1)));
    for (i, t) in titles.iter().enumerate() {
        let start = norm(&contents).find(&norm(t)).unwrap_or_else(|| panic!("« {t} » missing from the contents"));
        let after = &norm(&contents)[start..];
        assert!(after.contains(&starts[&i].to_string()));
    }
}

#[test]
fn selection_holds_only_selected_fiches() {
    let (p, c) = load();
    let assets = PdfAssets::default_theme().expect("assets");
    let theme = c.fiches[0].thematiques[0].clone();
    let livret = Livret {
        fichier: "extrait.pdf".into(),
        titre: "Extrait".into(),
        sous_titre: None,
        introduction: None,
        selection: Selection { thematiques: vec![theme], ..Selection::default() },
        ordre: recueil::load::config::Ordre::Titre,
    };
    let (inside, outside): (Vec<_>, Vec<_>) = c.fiches.iter().partition(|f| livret.selection.matches(f));
    assert!(!inside.is_empty() && !outside.is_empty());
    let bytes = pdf::render_booklet(&c, &p.config, &livret, &assets).expect("pdf");
    if !have_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("extrait.pdf");
    std::fs::write(&file, &bytes).expect("write");
    let text = norm(&pdftotext(&file, None));
    for f in inside {
        assert!(text.contains(&norm(&recueil::model::typo::apply(&f.titre))), "« {} » missing", f.titre);
    }
    for f in outside {
        assert!(!text.contains(&norm(&recueil::model::typo::apply(&f.titre))), "« {} » must not be in the booklet", f.titre);
    }
}

#[test]
fn fiche_pdfs_render_and_bytes_are_stable() {
    let (p, c) = load();
    let assets = PdfAssets::default_theme().expect("assets");
    for f in &c.fiches {
        let a = pdf::render_fiche(f, &p.config, &assets).expect("pdf");
        assert!(a.starts_with(b"%PDF-"));
        if f.slug == c.fiches[0].slug {
            let b = pdf::render_fiche(f, &p.config, &assets).expect("pdf");
            assert!(a == b, "same input, same bytes");
        }
        if let Some(out) = std::env::var_os("RECUEIL_PDF_OUT") {
            std::fs::write(Path::new(&out).join(format!("{}.pdf", f.slug)), &a).expect("copy");
        }
    }
}

/// After an author's « ### Ils financent l'action » closing the Partenaires
/// section, the partners list has its own heading (`fiche.partenaires`), as
/// on the site: it does not read as the funders.
#[test]
fn the_partners_list_has_its_own_heading() {
    let text = "---\ntitre: Épicerie\nresume: Des courses.\ndate: 2024-01-01\nstructure: CCAS\ntype_structure: ccas\n\
                territoire: { commune: Dijon, departement: \"21\" }\nthematiques: [Alimentation]\npublics: [Familles]\n\
                partenaires: [Mission locale]\n---\n\n## Contexte\n\nx\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n\
                ## Partenaires\n\nLes associations du quartier.\n\n### Ils financent l'action\n\nLa CAF.\n";
    let mut sink = recueil::load::diagnostics::Sink::new("fiches/x.md");
    let fiche = recueil::load::fiche::parse_bytes(Path::new("/p"), Path::new("/p/fiches/x.md"), text.as_bytes(), &mut sink).expect("fiche");
    let assets = PdfAssets::default_theme().expect("assets");
    let bytes = pdf::render_fiche(&fiche, &recueil::load::config::Config::default(), &assets).expect("pdf");
    if !have_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, bytes).expect("write");
    let all = norm(&pdftotext(&file, None));
    let (caf, heading, list) = (all.find(&norm("La CAF.")), all.find(&norm("Partenaires de l’action")), all.find(&norm("Mission locale")));
    assert!(caf < heading && heading < list && caf.is_some(), "« La CAF. », then the heading, then the list: {caf:?} {heading:?} {list:?}");
}

/// `pdfinfo -struct` of a PDF: its structure tree, one element per line.
fn structure(file: &Path) -> String {
    let out = Command::new("pdfinfo").arg("-struct").arg(file).output().expect("pdfinfo runs");
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The booklets, a fiche's PDF and the report are tagged (PDF/UA-1): a
/// structure tree with the expected elements, headings that never skip a
/// level, the figure's text alternative, links with a description, and the
/// catalogue's marks (language, MarkInfo, title shown, XMP with the PDF/UA
/// identification).
#[test]
fn every_pdf_is_tagged_with_its_structure() {
    let (p, c) = load();
    let assets = PdfAssets::default_theme().expect("assets");
    let dir = tempfile::tempdir().expect("tmp");
    let livret = pdf::default_livret(&p.config);
    let with_photo = c.fiches.iter().find(|f| f.image.as_ref().is_some_and(|i| i.path.is_some())).expect("a sample fiche has a photo");
    let files = [
        ("livret.pdf", pdf::render_booklet(&c, &p.config, &livret, &assets).expect("booklet")),
        ("fiche.pdf", pdf::render_fiche(with_photo, &p.config, &assets).expect("fiche")),
        ("bilan.pdf", pdf::bilan::render_bilan(&c, &p.config, &assets).expect("bilan")),
    ];
    let mut seen_in_all = String::new();
    for (name, bytes) in &files {
        let doc = lopdf::Document::load_mem(bytes).expect("readable");
        let catalog = doc.catalog().expect("catalog");
        assert!(catalog.get(b"StructTreeRoot").is_ok(), "{name}: no structure tree");
        assert_eq!(catalog.get(b"Lang").and_then(lopdf::Object::as_str).ok(), Some(&b"fr-FR"[..]), "{name}: /Lang");
        let marked =
            catalog.get(b"MarkInfo").and_then(lopdf::Object::as_dict).and_then(|d| d.get(b"Marked")).and_then(lopdf::Object::as_bool);
        assert_eq!(marked.ok(), Some(true), "{name}: MarkInfo");
        let xmp = catalog
            .get(b"Metadata")
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| doc.get_object(r))
            .and_then(lopdf::Object::as_stream);
        let xmp = String::from_utf8_lossy(&xmp.expect("XMP").content).into_owned();
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}: PDF/UA identification");
        for (_, page) in doc.get_pages() {
            let page = doc.get_dictionary(page).expect("page");
            assert_eq!(page.get(b"Tabs").and_then(lopdf::Object::as_name).ok(), Some(&b"S"[..]), "{name}: /Tabs /S");
            assert!(page.get(b"StructParents").is_ok(), "{name}: /StructParents");
        }
        // every element's type, the figures' alt texts, the links' descriptions
        let mut alts = Vec::new();
        for obj in doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"StructElem")
                && d.get(b"S").and_then(lopdf::Object::as_name).ok() == Some(b"Figure")
            {
                alts.push(d.get(b"Alt").and_then(lopdf::Object::as_str).map(|s| s.to_vec()).unwrap_or_default());
            }
            if d.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Link") {
                assert!(d.get(b"Contents").is_ok_and(|c| c.as_str().is_ok_and(|s| s.len() > 2)), "{name}: a link without a description");
                assert!(d.get(b"StructParent").is_ok(), "{name}: a link outside the structure");
            }
        }
        assert!(alts.iter().all(|a| a.len() > 10), "{name}: a figure without its text alternative");
        if !have_pdftotext() {
            continue;
        }
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let tree = structure(&file);
        // heading levels never skip (H1, then H2 or another H1…)
        let mut prev = 0u32;
        for line in tree.lines() {
            let t = line.trim();
            if let Some(level) = t.strip_prefix('H').and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse::<u32>().ok()) {
                assert!(level <= prev + 1, "{name}: H{level} after H{prev}");
                prev = level;
            }
        }
        assert!(tree.trim_start().starts_with("Document"), "{name}: {tree:.200}");
        seen_in_all.push_str(&tree);
    }
    if !have_pdftotext() {
        return;
    }
    for tag in ["H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Figure", "Caption", "Link", "TOC", "TOCI"] {
        assert!(seen_in_all.lines().any(|l| l.trim().split([' ', ':']).next() == Some(tag)), "no {tag} element in any PDF");
    }
    // the report's map is a figure too
    let bilan = structure(&dir.path().join("bilan.pdf"));
    assert!(bilan.lines().any(|l| l.trim() == "Figure"), "the map of bilan.pdf is not a Figure");
}
