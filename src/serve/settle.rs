//! After a save, `serve` renders the whole site through the build's renderers
//! into this output: a file is written only when its fingerprint differs from
//! the last render's, and a file the render no longer produces is removed. So
//! the preview always ends with the bytes of `recueil build` (PDFs aside), and
//! what is rewritten is decided by the list of files a full render produces.

use crate::build::output::Staging;
use crate::build::record::{self, Fingerprints};
use crate::render::{Output, OutputError};
use std::path::Path;
use std::sync::Mutex;

pub struct Settle<'a> {
    out: &'a Staging,
    /// The previous render's fingerprints.
    known: &'a Fingerprints,
    /// This render's.
    seen: Mutex<Fingerprints>,
}

/// What a settling render changed on disk.
#[derive(Debug, Default)]
pub struct Settled {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl<'a> Settle<'a> {
    pub fn new(out: &'a Staging, known: &'a Fingerprints) -> Self {
        Settle { out, known, seen: Mutex::default() }
    }

    /// True when `rel` must be written (and notes its new fingerprint).
    fn changed(&self, rel: &str, print: u64) -> bool {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), print);
        self.known.get(rel) != Some(&print)
    }

    /// Removes the files of the last render that this one did not produce (and
    /// the PDF beside a fiche page that went); returns the new fingerprints.
    pub fn finish(self) -> Result<(Fingerprints, Settled), OutputError> {
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut removed: Vec<String> = self.known.keys().filter(|k| !seen.contains_key(*k)).cloned().collect();
        removed.sort();
        for rel in &removed {
            if let Some(slug) = rel.strip_prefix("fiches/").and_then(|r| r.strip_suffix("/index.html")) {
                self.out.remove_file(&crate::render::pdf::renderer::fiche_pdf(slug))?;
            }
            self.out.remove_file(rel)?;
        }
        let mut written: Vec<String> = seen.iter().filter(|(k, v)| self.known.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
        written.sort();
        Ok((seen, Settled { written, removed }))
    }
}

impl Output for Settle<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if self.changed(rel, record::of_bytes(bytes)) { self.out.write(rel, bytes) } else { Ok(()) }
    }
    fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError> {
        // A streamed file (the open data) is serialized once: written through
        // a hashing writer, in place (same bytes when unchanged).
        let print = record::write_hashed(self.out, rel, fill)?;
        self.changed(rel, print);
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        if self.changed(rel, record::of_copy(from)) { self.out.copy(rel, from) } else { Ok(()) }
    }
}
