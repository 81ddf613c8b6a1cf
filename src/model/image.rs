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

/// The box a fiche's photo prints in, in the booklets and fiche PDFs: the
/// text block's width and at most this height (points).
pub const PHOTO_BOX: (f32, f32) = (345.0, 260.0);
/// The box of an image in a fiche's text (less wide inside a list or a quotation).
pub const BODY_IMAGE_BOX: (f32, f32) = (345.0, 300.0);
/// Pixels per inch under which a picture is not enlarged further: it prints
/// smaller than its box instead.
pub const MIN_PPI: f32 = 150.0;

/// Printed size (points) of a `px_w` × `px_h` picture in a `room_w` ×
/// `room_h` box: as large as the box allows, keeping its shape, never beyond
/// [`MIN_PPI`].
pub fn print_size(px_w: usize, px_h: usize, room_w: f32, room_h: f32) -> (f32, f32) {
    fit(ratio(px_w, px_h), room_w.min(px_w as f32 * 72.0 / MIN_PPI), room_h)
}

fn ratio(px_w: usize, px_h: usize) -> f32 {
    px_h.max(1) as f32 / px_w.max(1) as f32
}

/// A shape of height/width `ratio` at `width`, made smaller to stay under `room_h`.
fn fit(ratio: f32, width: f32, room_h: f32) -> (f32, f32) {
    if width * ratio > room_h { (room_h / ratio, room_h) } else { (width, width * ratio) }
}

/// When a picture of `px_w` × `px_h` pixels has too few to fill its box
/// (`(width, height)` in points) at [`MIN_PPI`]: `(printed width, box width
/// it would take, pixels wide it needs)`, widths in centimetres.
pub fn too_small_to_print(px_w: usize, px_h: usize, (room_w, room_h): (f32, f32)) -> Option<(f32, f32, usize)> {
    let (w, _) = print_size(px_w, px_h, room_w, room_h);
    let (full, _) = fit(ratio(px_w, px_h), room_w, room_h);
    let cm = |pt: f32| pt / 72.0 * 2.54;
    (full - w > 0.5).then(|| (cm(w), cm(full), (full / 72.0 * MIN_PPI).ceil() as usize))
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

    #[test]
    fn a_photo_prints_at_150_ppi_at_most_and_says_when_it_is_too_small() {
        // 345 pt = 4.79 in: 719 pixels fill the width
        assert_eq!(print_size(3000, 1000, 345.0, 260.0), (345.0, 115.0));
        assert_eq!(print_size(300, 100, 345.0, 260.0), (144.0, 48.0));
        // a portrait photo is bounded by the height
        assert_eq!(print_size(3000, 6000, 345.0, 260.0), (130.0, 260.0));
        assert_eq!(too_small_to_print(3000, 1000, PHOTO_BOX), None);
        assert_eq!(too_small_to_print(719, 300, PHOTO_BOX), None);
        let (printed, full, needed) = too_small_to_print(400, 300, PHOTO_BOX).expect("too small");
        assert!((printed - 6.77).abs() < 0.01 && (full - 12.17).abs() < 0.01, "{printed} {full}");
        assert_eq!(needed, 719);
        // portrait: the box is 260 pt high, so 195 pt wide for 3:4
        let (_, full, needed) = too_small_to_print(300, 400, PHOTO_BOX).expect("too small");
        assert!((full - 6.88).abs() < 0.01, "{full}");
        assert_eq!(needed, 407);
    }
}
