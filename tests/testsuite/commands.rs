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
