//! `recueil init` and `recueil new` through the built binary: a new project
//! checks clean, a new fiche keeps it clean, and `new` never overwrites.

use std::path::Path;
use std::process::{Command, Output};

fn recueil(args: &[&str], root: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recueil"));
    if let Some(root) = root {
        cmd.arg("--root").arg(root);
    }
    cmd.args(args).env_remove("NO_COLOR").output().expect("the recueil binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn init_then_check_is_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mon-recueil");
    let out = recueil(&["init", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("recueil.yaml").is_file());
    assert!(dir.join("fiches").is_dir());

    let out = recueil(&["check"], Some(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "aucun problème dans 1 fiche lue\n");

    // A second init refuses and changes nothing.
    let before = std::fs::read(dir.join("recueil.yaml")).unwrap();
    let out = recueil(&["init", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("erreur : "), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(dir.join("recueil.yaml")).unwrap(), before);
}

#[test]
fn new_writes_a_fiche_that_checks_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert_eq!(recueil(&["init", dir.to_str().unwrap()], None).status.code(), Some(0));

    let out = recueil(&["new", "Repair Café (version 2)"], Some(dir));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = dir.join("fiches/repair-cafe-version-2.md");
    assert!(path.is_file(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("fiches/repair-cafe-version-2.md"));
    let content = std::fs::read_to_string(&path).unwrap();
    assert!(content.contains("titre: \"Repair Café (version 2)\""), "{content}");

    let out = recueil(&["check", "--format", "json"], Some(dir));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["erreurs"], 0, "{report:#}");
    assert_eq!(report["fiches_lues"], 2);

    // The new fiche loads as a draft with the title as written.
    let project = recueil::load::project::Project::load(dir);
    let f = project.fiches.iter().find(|f| f.slug == "repair-cafe-version-2").unwrap();
    assert!(f.brouillon);
    assert_eq!(f.titre, "Repair Café (version 2)");

    // Same title again: refused, file untouched.
    std::fs::write(&path, "modifié à la main\n").unwrap();
    let out = recueil(&["new", "Repair Café (version 2)"], Some(dir));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("existe déjà") && err.contains("fiches/repair-cafe-version-2.md"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "modifié à la main\n");
}

#[test]
fn new_outside_a_project_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = recueil(&["new", "Une action"], Some(tmp.path()));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("pas de dossier fiches/"), "{}", text(&out.stderr));
    assert!(!tmp.path().join("fiches").exists());
}

#[test]
fn check_without_fiches_folder_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = recueil(&["check"], Some(tmp.path()));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("fiches/: erreur: le dossier fiches/ est introuvable\n  aide : "), "{err}");
}

/// After `init`, the newcomer is told what to do next; the example fiche says
/// in its title and summary that it is one (point 14 of #14).
#[test]
fn init_says_what_to_do_next_and_the_example_says_it_is_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mon-recueil");
    let out = recueil(&["init", dir.to_str().unwrap()], None);
    let said = text(&out.stdout);
    for step in [
        "cd \"",
        "recueil new \"Titre de l'action\"",
        "supprimez la fiche d'exemple",
        "fiches/exemple-epicerie-solidaire.md",
        "recueil build",
        "recueil serve",
    ] {
        assert!(said.contains(step), "« {step} » in\n{said}");
    }
    assert!(dir.join("fiches/exemple-epicerie-solidaire.md").is_file(), "the file it names exists");
    let out = recueil(&["build", "--no-pdf"], Some(&dir));
    assert!(out.status.success());
    let page = std::fs::read_to_string(dir.join("output/fiches/index.html")).unwrap();
    assert!(page.contains("Exemple\u{a0}: une épicerie solidaire"), "the title says it is an example");
    assert!(page.contains("Fiche d’exemple, à supprimer"), "so does the summary");
}

/// French everywhere on the command line (point 17 of #14): the help of every
/// command without clap's English, real plurals, « 0,33 s », an address in
/// use explained in French.
#[test]
fn the_command_line_speaks_french() {
    for args in
        [&["--help"][..], &["build", "--help"], &["serve", "--help"], &["init", "--help"], &["check", "--help"], &["new", "--help"], &[]]
    {
        let out = recueil(args, None);
        let help = text(&out.stdout) + &text(&out.stderr);
        assert!(help.contains("Utilisation : recueil") && help.contains("Options :"), "{args:?}:\n{help}");
        for english in ["Usage:", "Commands:", "Options:\n", "[default:", "Print help", "Arguments:", "possible values", "<COMMAND>"] {
            assert!(!help.contains(english), "{args:?}: « {english} » in\n{help}");
        }
    }
    // One fiche: « 1 fiche », « 1 PDF », seconds with a comma.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    recueil(&["init", dir.to_str().unwrap(), "--quiet"], None);
    let out = recueil(&["build"], Some(&dir));
    let said = text(&out.stdout);
    let line = said.lines().find(|l| l.starts_with("site construit")).unwrap_or_else(|| panic!("{said}"));
    assert!(line.contains(": 1 fiche, ") && !line.contains("(s)"), "{line}");
    let secs = line.rsplit(" en ").next().unwrap();
    assert!(secs.ends_with("\u{a0}s") && secs.contains(',') && !secs.contains('.'), "« {secs} »");
    // The port already taken: said in French, with the way out.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = recueil(&["serve", "--port", &port], Some(&dir));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("adresse déjà utilisée") && err.contains("recueil serve --port"), "{err}");
    assert!(!err.contains("in use") && !err.contains("os error"), "{err}");
}
