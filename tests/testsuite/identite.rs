//! The publication's identity and edition date from `recueil.yaml`: `couleur`
//! gives the site and the PDFs their palette (every text contrast at WCAG AA,
//! a colour too light refused with a darker one), `logo` goes in the header
//! and on the booklets' covers, `edition` fixes the date printed on covers and
//! in the footer (else the day of the build, or of `SOURCE_DATE_EPOCH`).

use crate::common::fs::copy_dir;
use crate::common::pdf::{have_pdftotext, text_of};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The identity fixture (colour, logo, edition) over the valid fiches, with
/// `recueil.yaml` changed by `yaml` (the fixture's text → the test's).
fn project(yaml: impl Fn(String) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("identite"), tmp.path());
    copy_dir(&fixture("valide/fiches"), &tmp.path().join("fiches"));
    let text = std::fs::read_to_string(tmp.path().join("recueil.yaml")).unwrap();
    std::fs::write(tmp.path().join("recueil.yaml"), yaml(text)).unwrap();
    tmp
}

fn recueil(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recueil"));
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.arg("--root").arg(root).args(args).output().expect("recueil runs")
}

fn built(root: &Path, env: &[(&str, &str)]) -> PathBuf {
    let o = recueil(root, &["build", "--quiet"], env);
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    root.join("output")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn colour_and_logo_reach_the_site_and_the_pdfs() {
    let tmp = project(|t| t);
    let out = built(tmp.path(), &[]);
    // The logo, published as is, in the header of every page, its text the site's title.
    assert_eq!(std::fs::read(out.join("assets/identite/logo.png")).unwrap(), std::fs::read(fixture("identite/images/logo.png")).unwrap());
    let alt = "alt=\"Banque d’expériences du CCAS de Bellerive\"";
    for page in ["index.html", "fiches/index.html", "fiches/epicerie-gresilles/index.html", "404.html"] {
        let html = read(&out.join(page));
        let img = html.split("<img class=\"site-logo\"").nth(1).unwrap_or_else(|| panic!("{page}: no logo in the header"));
        assert!(img.contains(alt) && img.contains("width=\"720\" height=\"240\""), "{page}: {}", &img[..200.min(img.len())]);
        assert!(html.contains("assets/identite/couleurs.css\">"), "{page}: the colours' style sheet");
    }
    // The logo replaces the default mark; pages deeper down reach it.
    let deep = read(&out.join("fiches/epicerie-gresilles/index.html"));
    assert!(deep.contains("src=\"../../assets/identite/logo.png\""), "relative to the page");
    // The palette: the colour itself, a darker band, all under the theme's variables.
    let css = read(&out.join("assets/identite/couleurs.css"));
    for var in ["--primaire: #8a1c4a;", "--primaire-fonce: #", "--focus-sombre: #", "--fond-teinte: #"] {
        assert!(css.contains(var), "{var} in\n{css}");
    }
    // The booklet's cover holds the logo (an image on page 1) and the fixed edition date.
    if !have_pdftotext("le logo et la date des PDF ne sont pas vérifiés") {
        return;
    }
    let cover = text_of(&out.join("livrets/recueil.pdf"), Some((1, 1)));
    assert!(cover.contains("édition du 24 novembre 2026"), "{cover}");
    let images = Command::new("pdfimages").args(["-list", "-f", "1", "-l", "1"]).arg(out.join("livrets/recueil.pdf")).output().unwrap();
    let list = String::from_utf8_lossy(&images.stdout);
    // 720×240 pixels printed about 2 inches wide: reduced to 300 pixels per inch or a little more, shape kept
    let logo = list.lines().skip(2).find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (w, h) = (f.get(3)?.parse::<u32>().ok()?, f.get(4)?.parse::<u32>().ok()?);
        (w == 3 * h).then_some(w)
    });
    assert!(logo.is_some_and(|w| (300..=720).contains(&w)), "the logo on the cover:\n{list}");
}

#[test]
fn without_identity_the_default_look_stays() {
    let tmp = project(|_| "titre: Sans identité\n".into());
    let out = built(tmp.path(), &[]);
    let home = read(&out.join("index.html"));
    assert!(!home.contains("site-logo") && !home.contains("couleurs.css"));
    assert!(!out.join("assets/identite").exists());
}

#[test]
fn identity_mistakes_are_explained_with_the_authors_value() {
    let cases: &[(&str, &str, &str)] = &[
        // Unquoted: YAML reads `#` as a comment and the key is empty.
        ("couleur: #8A1C4A", "la clé « couleur » est vide", "couleur: \"#8a1c4a\" (sans guillemets, # commence un commentaire)"),
        ("couleur: bordeaux", "« couleur » : « bordeaux » n'est pas une couleur au format \"#rrggbb\"", "couleur: \"#8a1c4a\""),
        (
            "couleur: \"#f5c400\"",
            "la couleur « #f5c400 » est trop claire pour du texte sur fond clair (contraste 1,5:1, il faut au moins 4,5:1)",
            "prenez une teinte plus foncée, par exemple couleur: \"#",
        ),
        ("logo: images/absent.png", "logo « images/absent.png » : fichier ou dossier introuvable", "le chemin part du dossier du projet"),
        (
            "logo: images/LISEZMOI.txt",
            "le logo « images/LISEZMOI.txt » n'est pas une image PNG ou JPEG",
            "enregistrez le logo au format PNG",
        ),
        ("logo: ../logo.png", "chemin de logo refusé : « ../logo.png »", "une image du dossier du projet"),
        ("edition: 24/11/2026", "« edition » : « 24/11/2026 » n'est pas une date au format AAAA-MM-JJ", "edition: 2026-11-24"),
    ];
    for (line, message, aide) in cases {
        let key = line.split(':').next().unwrap();
        let tmp = project(|t| {
            let kept: Vec<&str> = t.lines().filter(|l| !l.starts_with(&format!("{key}:"))).collect();
            format!("{}\n{line}\n", kept.join("\n"))
        });
        let o = recueil(tmp.path(), &["check"], &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{line}: {err}");
        let n = read(&tmp.path().join("recueil.yaml")).lines().count();
        let at = format!("recueil.yaml:{n}:");
        let found = err.lines().position(|l| l.starts_with(&at) && l.contains(&format!("erreur: {message}")));
        let i = found.unwrap_or_else(|| panic!("{line}: expected « {at}…: erreur: {message} » in\n{err}"));
        let hint = err.lines().nth(i + 1).unwrap_or_default();
        assert!(hint.contains("aide :") && hint.contains(aide), "{line}: hint « {hint} » lacks « {aide} »");
    }
}

/// Today's local date, in French, as the build prints it: the test runs the
/// build in UTC (`TZ=UTC`), so today is today in UTC.
fn today_fr_utc() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 / 86_400;
    recueil::model::date::Date::from_days_since_epoch(days).fr()
}

#[test]
fn the_edition_date_is_the_build_day_unless_fixed() {
    // No `edition:`, no SOURCE_DATE_EPOCH: the day of the build, on the cover and in the footer,
    // while each fiche keeps its own date.
    let tmp = project(|t| t.lines().filter(|l| !l.starts_with("edition:")).collect::<Vec<_>>().join("\n"));
    let before = today_fr_utc();
    let out = built(tmp.path(), &[("TZ", "UTC")]);
    let after = today_fr_utc();
    let footer = read(&out.join("index.html"));
    assert!(
        footer.contains(&format!("Mis à jour le {before}")) || footer.contains(&format!("Mis à jour le {after}")),
        "the footer says the build day ({before})"
    );
    let fiche = read(&out.join("fiches/epicerie-gresilles/index.html"));
    assert!(fiche.contains("29 février 2024"), "the fiche's own date stays");
    // SOURCE_DATE_EPOCH gives the day for reproducible builds…
    let out = built(tmp.path(), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(read(&out.join("index.html")).contains("Mis à jour le 14 novembre 2023"));
    // …and `edition:` wins over both.
    let fixed = project(|t| t);
    let out = built(fixed.path(), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(read(&out.join("index.html")).contains("Mis à jour le 24 novembre 2026"));
    assert!(read(&out.join("donnees/fiches.json")).contains("\"date\":\"2026-11-24\""));
    if have_pdftotext("la date des couvertures n'est pas vérifiée") {
        assert!(text_of(&out.join("livrets/bilan.pdf"), Some((1, 1))).contains("24 novembre 2026"), "the report's cover");
    }
}
