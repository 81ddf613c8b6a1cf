//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

pub mod fs;
pub mod html;
pub mod pdf;

/// Whether a test that needs an outside tool may run: `true` when the tool is
/// there. Without it the test fails under CI (`CI` set), and elsewhere says
/// « ignoré : … » on the test output and returns `false` (the caller returns).
pub fn tool_available(present: bool, why: &str) -> bool {
    if present {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("outil manquant en CI : {why}");
    }
    eprintln!("\nignoré : {why}\n");
    false
}
