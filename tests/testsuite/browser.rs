//! Browser tests: the built sample site driven in headless Chromium (search with
//! and without accents, facets, keyboard, shareable URL). The scenario lives in
//! `tests/browser/parcours.mjs`. Where Chromium or playwright-core is absent the
//! test fails in CI and says so loudly elsewhere, never passing silently.

use std::path::Path;
use std::process::Command;

pub fn missing_tools() -> Option<String> {
    let prefix = std::env::var("ACCEPTANCE_DIR").unwrap_or_else(|_| "/opt/acceptance".into());
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node est absent".into());
    }
    if !Path::new(&prefix).join("node_modules/playwright-core").is_dir() {
        return Some(format!("playwright-core est absent de {prefix} (lancez ../shared/tools/setup.sh)"));
    }
    if !Path::new(&std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).exists() {
        return Some("Chromium est absent (apt-get install chromium)".into());
    }
    None
}

#[test]
fn search_facets_keyboard_and_shared_url_in_a_real_browser() {
    let missing = missing_tools();
    if !crate::common::tool_available(missing.is_none(), &format!("tests navigateur : {}", missing.unwrap_or_default())) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("recueil-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let b = Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(root)
        .args(["build", "--no-pdf", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let run = Command::new("node").arg(root.join("tests/browser/parcours.mjs")).arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "browser tests failed:\n{stdout}");
    assert!(stdout.contains(" passed, 0 failed"));
    let _ = std::fs::remove_dir_all(&out);
}
