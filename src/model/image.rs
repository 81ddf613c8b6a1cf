//! The one rule for an image address written in a fiche (`image:` or
//! `![…](…)`): a file beside the fiche, or an address elsewhere that the site
//! never calls (shown as a link).

use std::path::PathBuf;

/// What an image address means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRef<'a> {
    /// Nothing written.
    Empty,
    /// An address with a scheme (`https:`, `data:`, a Windows drive `C:`) or a
    /// host (`//…`): never fetched.
    Remote,
    /// A file of the project, relative to the fiche's folder: the address
    /// without its `?query` or `#fragment` (`photo.png?v=2` is `photo.png`).
    Local(&'a str),
}

/// Reads an image address as the site, the PDF and `check` all read it.
pub fn image_ref(dest: &str) -> ImageRef<'_> {
    let d = dest.trim();
    let file = d.split(['?', '#']).next().unwrap_or_default();
    if d.starts_with("//") || d.starts_with("\\\\") || file.contains(':') {
        ImageRef::Remote
    } else if file.is_empty() {
        ImageRef::Empty
    } else {
        ImageRef::Local(file)
    }
}

/// A Markdown image of a fiche found by the loader inside the fiche's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalImage {
    /// The address as written (trimmed): what the Markdown events carry.
    pub src: String,
    /// The file, relative to the fiche's folder, with `/` separators.
    pub file: String,
    /// Where it is on disk (absolute).
    pub path: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_remote_and_empty() {
        assert_eq!(image_ref("photo.png?v=2"), ImageRef::Local("photo.png"));
        assert_eq!(image_ref(" images/a.jpg#x "), ImageRef::Local("images/a.jpg"));
        assert_eq!(image_ref("https://exemple.fr/a.png"), ImageRef::Remote);
        assert_eq!(image_ref("//exemple.fr/a.png"), ImageRef::Remote);
        assert_eq!(image_ref("data:image/png;base64,AAAA"), ImageRef::Remote);
        assert_eq!(image_ref("C:\\photos\\a.png"), ImageRef::Remote);
        assert_eq!(image_ref("?v=2"), ImageRef::Empty);
        assert_eq!(image_ref(""), ImageRef::Empty);
    }
}
