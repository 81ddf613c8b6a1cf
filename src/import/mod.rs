//! `recueil import`: fiches the author already has (a page saved from a bank
//! of experiences, a Markdown or text file) become fiches in the Markdown
//! spelling, as drafts: what the source says goes into its key, what it does
//! not say is left empty with `# à compléter`, so that `recueil check` lists
//! exactly what remains. Nothing is overwritten, nothing is fetched from the
//! network.
//!
//! Sources are read into Markdown ([`html`] for web pages), then one builder
//! ([`fiche`]) maps headings to sections and fills the front matter.

pub mod fiche;
pub mod html;
pub mod modele;
pub mod odt;
pub mod word;

use std::path::{Path, PathBuf};

/// The largest source read (a bank page or a text is far smaller).
pub const MAX_SOURCE: u64 = 20 * 1024 * 1024;

/// One source imported.
#[derive(Debug)]
pub struct Imported {
    /// The source as given (for the message).
    pub source: String,
    /// The fiche written, relative to the project root, with `/`.
    pub fiche: String,
    /// The keys left to complete, in the format's words.
    pub a_completer: Vec<String>,
}

/// Why a source could not be imported, in French.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} : fichier ou dossier introuvable")]
    Missing(String),
    #[error("{0} : format non pris en charge (formats lus : .docx, .doc, .odt, .html, .htm, .md, .txt)")]
    Unsupported(String),
    #[error(
        "{0} : fichier trop gros (plus de 20 Mo) pour être une fiche ; s'il contient de grandes photos, réduisez-les dans le document avant de l'importer"
    )]
    TooBig(String),
    #[error(
        "{0} : le document renvoie à un fichier extérieur ({1}), que recueil ne va pas chercher ; insérez l'image dans le document (Insertion > Image, sans « Lier au fichier »), puis importez-le à nouveau"
    )]
    External(String, String),
    #[error("{0} : {1}")]
    Io(String, String),
    #[error("pas de dossier fiches/ dans {0} : lancez la commande dans un projet (ou « recueil init » pour en créer un)")]
    NoProject(String),
    #[error("{0} : aucun fichier à reprendre dans ce dossier (formats lus : .docx, .doc, .odt, .html, .htm, .md, .txt)")]
    EmptyFolder(String),
    #[error("sous-dossier « {0} » refusé : un nom de dossier simple, dans fiches/")]
    BadFolder(String),
}

/// The files a source names: itself, or every supported file under a folder.
fn expand(source: &Path) -> Vec<PathBuf> {
    if source.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(source)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && kind(e.path()).is_some())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        files
    } else {
        vec![source.to_path_buf()]
    }
}

/// How a file is read, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Text,
    Word,
    OpenDocument,
}

fn kind(p: &Path) -> Option<Kind> {
    match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some(Kind::Html),
        "md" | "txt" | "markdown" => Some(Kind::Text),
        "docx" | "doc" => Some(Kind::Word),
        "odt" => Some(Kind::OpenDocument),
        _ => None,
    }
}

/// Imports every source into `fiches/[dossier/]`: one result per file, in order.
pub fn import(root: &Path, sources: &[PathBuf], dossier: Option<&str>) -> Result<Vec<Result<Imported, ImportError>>, ImportError> {
    let fiches = root.join(crate::load::project::FICHES_DIR);
    if !fiches.is_dir() {
        return Err(ImportError::NoProject(root.display().to_string()));
    }
    let target = match dossier {
        Some(d) => {
            let slug = crate::model::text::slugify(d);
            if slug.is_empty() || slug != d.trim().to_lowercase() || d.contains(['/', '\\']) {
                return Err(ImportError::BadFolder(d.to_string()));
            }
            fiches.join(slug)
        }
        None => fiches,
    };
    let mut out = Vec::new();
    for source in sources {
        if !source.exists() {
            out.push(Err(ImportError::Missing(source.display().to_string())));
            continue;
        }
        let files = expand(source);
        if files.is_empty() {
            out.push(Err(ImportError::EmptyFolder(source.display().to_string())));
        }
        for file in files {
            out.push(import_one(root, &target, &file));
        }
    }
    Ok(out)
}

fn import_one(root: &Path, target: &Path, file: &Path) -> Result<Imported, ImportError> {
    let shown = file.display().to_string();
    let Some(k) = kind(file) else { return Err(ImportError::Unsupported(shown)) };
    let io = |p: &Path| {
        let shown = p.display().to_string();
        move |e: std::io::Error| ImportError::Io(shown, crate::load::diagnostics::io_error_fr(&e))
    };
    let size = std::fs::metadata(file).map_err(io(file))?.len();
    if size > MAX_SOURCE {
        return Err(ImportError::TooBig(shown));
    }
    let bytes = std::fs::read(file).map_err(io(file))?;
    let as_text = |bytes: Vec<u8>| match String::from_utf8(bytes) {
        Ok(t) => t,
        // A page saved by an old program: Windows-1252, read as such.
        Err(e) => e.into_bytes().iter().map(|&b| windows_1252(b)).collect(),
    };
    let source = match k {
        Kind::Html => with_page_pictures(html::read(&as_text(bytes)), file),
        Kind::Text => fiche::Source::from_markdown(&as_text(bytes)),
        Kind::Word | Kind::OpenDocument => {
            let read = if k == Kind::Word { word::read(&bytes) } else { odt::read(&bytes) };
            read.map_err(|e| match e {
                word::WordError::External(target) => ImportError::External(shown.clone(), target),
                word::WordError::Unreadable(why) => ImportError::Io(shown.clone(), why),
            })?
        }
    };
    let built = fiche::build(&source);
    std::fs::create_dir_all(target).map_err(io(target))?;
    let path = free_path(target, &built.slug);
    // Pictures beside the fiche, under the fiche's name (`<slug>-image-1.png`).
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut text = built.text;
    for pic in &source.pictures {
        let (base, ext) = pic.name.rsplit_once('.').unwrap_or((&pic.name, "png"));
        let wanted = format!("{stem}-{base}");
        let mut dest = target.join(format!("{wanted}.{ext}"));
        let mut n = 2;
        while dest.exists() {
            dest = target.join(format!("{wanted}-{n}.{ext}"));
            n += 1;
        }
        write_new_bytes(&dest, &pic.bytes).map_err(io(&dest))?;
        let new_name = dest.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        text = text
            .replace(&format!("]({})", pic.name), &format!("]({new_name})"))
            .replace(&format!("\"{}\"", pic.name), &format!("\"{new_name}\""));
    }
    write_new(&path, &text).map_err(io(&path))?;
    Ok(Imported {
        source: file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(shown),
        fiche: crate::load::diagnostics::display_path(root, &path),
        a_completer: built.a_completer,
    })
}

/// A page saved with its pictures (« Page web complète »: `page_files/`):
/// each image the page shows from a file beside it, inside the page's folder,
/// is taken with its alt text, as from a Word document. Nothing outside that
/// folder is read; an address elsewhere stays a link.
fn with_page_pictures(mut source: fiche::Source, page: &Path) -> fiche::Source {
    use crate::model::image::{ImageRef, image_ref};
    let Some(dir) = page.parent().and_then(|d| dunce::canonicalize(d).ok()) else { return source };
    let mut markdown = String::with_capacity(source.markdown.len());
    let mut rest = source.markdown.as_str();
    while let Some(start) = rest.find("![") {
        let Some((alt, after)) = rest[start + 2..].split_once("](") else { break };
        let Some((dest, tail)) = after.split_once(')') else { break };
        markdown.push_str(&rest[..start]);
        match image_ref(dest) {
            ImageRef::Local(file) if !alt.contains('\n') => match page_picture(&dir, file) {
                Some((bytes, ext)) => {
                    let name = format!("image-{}.{ext}", source.pictures.len() + 1);
                    markdown.push_str(&format!("![{alt}]({name})"));
                    source.pictures.push(fiche::Picture { name, bytes });
                }
                // Said in the text, never read: a file outside the page's folder, or missing.
                None => {
                    markdown.push_str(&format!("*Image non reprise ({file} : introuvable dans le dossier de la page) : {}*", alt.trim()))
                }
            },
            _ => markdown.push_str(&rest[start..start + 2 + alt.len() + 2 + dest.len() + 1]),
        }
        rest = tail;
    }
    markdown.push_str(rest);
    source.markdown = markdown;
    source
}

/// The bytes and extension of a picture file inside `dir` (a web image, at
/// most 10 MB), or nothing.
fn page_picture(dir: &Path, file: &str) -> Option<(Vec<u8>, &'static str)> {
    let decoded = percent_encoding::percent_decode_str(file).decode_utf8().ok()?;
    let path = dunce::canonicalize(dir.join(decoded.as_ref())).ok()?;
    if !path.starts_with(dir) || !path.is_file() || std::fs::metadata(&path).ok()?.len() > 10 * 1024 * 1024 {
        return None;
    }
    let format = crate::model::image::PictureFormat::from_ext(path.extension()?.to_str()?)?;
    Some((std::fs::read(&path).ok()?, format.ext))
}

/// `slug.md`, or `slug-2.md`, `slug-3.md`… when taken: never overwritten.
fn free_path(dir: &Path, slug: &str) -> PathBuf {
    let first = dir.join(format!("{slug}.md"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{slug}-{n}.md"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    write_new_bytes(path, text.as_bytes())
}

fn write_new_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)
}

/// A Windows-1252 byte as a character.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}
