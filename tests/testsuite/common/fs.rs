//! Copying fixture trees into temporary projects.

use std::path::Path;

/// Copies the tree `from` (folders and files) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A project of `count` fiches: the benchmark generator's when it is beside
/// the project, else copies of the sample fiches under new slugs.
pub fn corpus(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let generated = script.is_file()
        && std::process::Command::new("python3")
            .arg(&script)
            .args(["--count", &count.to_string(), "--out"])
            .arg(dir.path().join("fiches"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !generated {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches");
        let samples: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&src)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md") && !e.file_name().to_string_lossy().starts_with('_'))
            .map(|e| e.into_path())
            .collect();
        std::fs::create_dir_all(dir.path().join("fiches")).unwrap();
        for i in 0..count {
            let text = std::fs::read_to_string(&samples[i % samples.len()]).unwrap();
            // The sample's own `slug:` line gives way to the copy's.
            let text: String = text.lines().filter(|l| !l.starts_with("slug:")).map(|l| format!("{l}\n")).collect();
            let text = text.replacen("---\n", &format!("---\nslug: copie-{i}\n"), 1);
            std::fs::write(dir.path().join(format!("fiches/copie-{i}.md")), text).unwrap();
        }
    }
    dir
}
