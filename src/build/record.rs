//! Fingerprints of what a render wrote (path → hash of the bytes), so that a
//! later full render can write only the files whose bytes changed and remove
//! those it no longer writes (`serve`).

use crate::render::{Output, OutputError};
use std::collections::HashMap;
use std::hash::Hasher;
use std::path::Path;
use std::sync::Mutex;

/// Output path (relative, `/`) → fingerprint.
pub type Fingerprints = HashMap<String, u64>;

/// A deterministic 64-bit hash (SipHash with fixed keys): the same bytes give
/// the same fingerprint in every run.
fn hasher() -> std::hash::DefaultHasher {
    std::hash::DefaultHasher::new()
}

/// The fingerprint of a file's bytes.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    let mut h = hasher();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// The fingerprint of a copied file: its path, size and modification time (an
/// image is not read again to know that it did not change).
pub fn of_copy(from: &Path) -> u64 {
    let mut h = hasher();
    h.write(from.as_os_str().as_encoded_bytes());
    if let Ok(m) = std::fs::metadata(from) {
        h.write_u64(m.len());
        if let Ok(t) = m.modified().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).map_err(std::io::Error::other)) {
            h.write_u128(t.as_nanos());
        }
    }
    h.finish()
}

/// A writer that only hashes what goes through it (and passes it on, if given one).
pub struct HashWriter<'a> {
    hash: std::hash::DefaultHasher,
    len: usize,
    inner: Option<&'a mut dyn std::io::Write>,
}

impl<'a> HashWriter<'a> {
    pub fn new(inner: Option<&'a mut dyn std::io::Write>) -> Self {
        HashWriter { hash: hasher(), len: 0, inner }
    }

    /// The same value as [`of_bytes`] on everything written.
    pub fn finish(mut self) -> u64 {
        self.hash.write_usize(self.len);
        self.hash.finish()
    }
}

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = match &mut self.inner {
            Some(w) => w.write(buf)?,
            None => buf.len(),
        };
        self.hash.write(&buf[..n]);
        self.len += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

/// Writes a streamed file through `out`, returning the fingerprint of what `fill` wrote.
pub fn write_hashed(
    out: &dyn Output,
    rel: &str,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<u64, OutputError> {
    let mut print = 0;
    out.write_with(rel, &mut |w| {
        let mut tee = HashWriter::new(Some(w));
        fill(&mut tee)?;
        print = tee.finish();
        Ok(())
    })?;
    Ok(print)
}

/// An output that writes through `inner` and remembers the fingerprint of every file.
pub struct Recording<'a> {
    inner: &'a dyn Output,
    prints: Mutex<Fingerprints>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Output) -> Self {
        Recording { inner, prints: Mutex::default() }
    }

    pub fn into_prints(self) -> Fingerprints {
        self.prints.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, rel: &str, print: u64) {
        self.prints.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), print);
    }
}

impl Output for Recording<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.inner.write(rel, bytes)?;
        self.note(rel, of_bytes(bytes));
        Ok(())
    }
    fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError> {
        let print = write_hashed(self.inner, rel, fill)?;
        self.note(rel, print);
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        self.inner.copy(rel, from)?;
        self.note(rel, of_copy(from));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn streamed_and_whole_bytes_have_one_fingerprint() {
        let mut w = HashWriter::new(None);
        w.write_all(b"abc").unwrap();
        w.write_all(b"def").unwrap();
        assert_eq!(w.finish(), of_bytes(b"abcdef"));
        assert_ne!(of_bytes(b"abcdef"), of_bytes(b"abcdeg"));
    }
}
