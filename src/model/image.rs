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

/// A picture format the site publishes (PNG, JPEG, GIF, WebP): the one list,
/// for `check`, the site and `recueil import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureFormat {
    /// The extension a copied file gets (`jpg` for `.jpeg` too).
    pub ext: &'static str,
    pub mime: &'static str,
    /// Its name for a reader (« JPEG »).
    pub name: &'static str,
    /// How its files begin.
    magic: &'static [&'static [u8]],
}

const FORMATS: [PictureFormat; 4] = [
    PictureFormat { ext: "png", mime: "image/png", name: "PNG", magic: &[b"\x89PNG\r\n\x1a\n"] },
    PictureFormat { ext: "jpg", mime: "image/jpeg", name: "JPEG", magic: &[b"\xff\xd8\xff"] },
    PictureFormat { ext: "gif", mime: "image/gif", name: "GIF", magic: &[b"GIF87a", b"GIF89a"] },
    PictureFormat { ext: "webp", mime: "image/webp", name: "WebP", magic: &[b"RIFF"] },
];

impl PictureFormat {
    /// From a file's extension (any case; `jpeg` is `jpg`).
    pub fn from_ext(ext: &str) -> Option<PictureFormat> {
        let e = ext.to_ascii_lowercase();
        let e = if e == "jpeg" { "jpg".to_string() } else { e };
        FORMATS.into_iter().find(|f| f.ext == e)
    }

    /// From a MIME type (`image/jpg` is read as JPEG).
    pub fn from_mime(mime: &str) -> Option<PictureFormat> {
        let m = mime.trim().to_ascii_lowercase();
        FORMATS.into_iter().find(|f| f.mime == m || (f.ext == "jpg" && m == "image/jpg"))
    }

    /// From a file name (`photo.JPEG`).
    pub fn from_name(name: &str) -> Option<PictureFormat> {
        name.rsplit_once('.').and_then(|(_, e)| PictureFormat::from_ext(e))
    }

    /// Whether a file's first 12 bytes are of this format.
    pub fn matches(&self, head: &[u8]) -> bool {
        self.magic.iter().any(|m| head.starts_with(m)) && (self.ext != "webp" || head.get(8..12) == Some(b"WEBP"))
    }
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
