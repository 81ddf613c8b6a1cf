//! Kill test: a build of a large generated corpus killed midway (SIGKILL, or
//! interrupted by SIGINT / SIGTERM) leaves the previous output intact, and the
//! next build succeeds and cleans what the killed one left.
#![cfg(unix)]

use crate::common;
use common::fs::corpus;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn recueil(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recueil"));
    c.arg("--root").arg(root).args(["build", "--no-pdf", "--output", "output"]).env("NO_COLOR", "1");
    // A fixed edition day: outputs compared across runs cannot differ by midnight.
    c.env("SOURCE_DATE_EPOCH", "1800000000");
    c
}

fn build_ok(root: &Path) {
    let o = recueil(root).output().unwrap();
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

fn tree_hash(dir: &Path) -> (usize, u64) {
    let mut all = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        if e.file_type().is_file() {
            std::fs::read(e.path()).unwrap().hash(&mut h);
        }
        all.insert(rel, h.finish());
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    all.hash(&mut h);
    (all.len(), h.finish())
}

/// Changes the input so that a swap that went through would change the output.
fn touch_input(root: &Path, n: usize) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/limites/base.md")).unwrap();
    std::fs::write(
        root.join(format!("fiches/ajout-{n}.md")),
        text.replacen("titre: Atelier de réparation", &format!("titre: Ajout {n}"), 1),
    )
    .unwrap();
}

/// Starts a build and returns once its staging folder holds fiche pages (midway),
/// or `None` if the build ended before that (then the caller tries again).
fn start_and_wait_midway(root: &Path) -> Option<(Child, PathBuf)> {
    let mut child = recueil(root).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let staging = root.join(format!(".output.recueil-en-cours-{}", child.id()));
    loop {
        if let Some(_status) = child.try_wait().unwrap() {
            return None;
        }
        let pages = std::fs::read_dir(staging.join("fiches")).map(|d| d.take(20).count()).unwrap_or(0);
        if pages >= 20 {
            return Some((child, staging));
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

fn signal(child: &Child, sig: libc::c_int) {
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, sig) }, 0);
}

fn leftovers(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".recueil-"))
        .collect();
    v.sort();
    v
}

/// Kills (or interrupts) a second build midway; returns its exit status and what it left.
fn interrupted_build(root: &Path, sig: libc::c_int, attempt: &mut usize) -> (std::process::ExitStatus, PathBuf, String) {
    loop {
        *attempt += 1;
        touch_input(root, *attempt);
        if let Some((mut child, staging)) = start_and_wait_midway(root) {
            signal(&child, sig);
            let status = child.wait().unwrap();
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            return (status, staging, err);
        }
        assert!(*attempt < 10, "the build always finished before it could be interrupted");
    }
}

#[test]
fn a_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up() {
    let p = corpus(3000);
    let root = p.path();
    build_ok(root);
    let before = tree_hash(&root.join("output"));
    assert!(before.0 > 3000);
    let mut attempt = 0;

    // SIGKILL: nothing runs in the build; its staging folder stays behind.
    let (status, staging, _) = interrupted_build(root, libc::SIGKILL, &mut attempt);
    assert!(!status.success());
    assert!(staging.is_dir(), "the killed build left its staging folder");
    assert_eq!(tree_hash(&root.join("output")), before, "the previous output is intact");
    build_ok(root);
    assert!(!staging.exists(), "the next build removed the stale staging folder");
    assert_eq!(leftovers(root), Vec::<String>::new());
    let after = tree_hash(&root.join("output"));
    assert_ne!(after, before, "the next build published the new input");

    // SIGINT and SIGTERM: the build removes its staging folder and its lock itself.
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let current = tree_hash(&root.join("output"));
        let (status, staging, err) = interrupted_build(root, sig, &mut attempt);
        assert_eq!(status.code(), Some(130), "signal {sig}: {err}");
        assert!(err.contains("construction interrompue"), "{err}");
        assert!(!staging.exists(), "signal {sig}: staging folder removed");
        assert_eq!(leftovers(root), Vec::<String>::new(), "signal {sig}");
        assert_eq!(tree_hash(&root.join("output")), current, "signal {sig}: previous output intact");
    }
}
