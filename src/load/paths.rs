//! Paths written in fiches and in `recueil.yaml` are resolved inside the project:
//! no absolute path, no `..` climbing out, no symbolic link leading elsewhere.

use std::path::{Component, Path, PathBuf};

/// Resolves `rel` (as written by an author) against `base`, refusing anything
/// that would leave `root`. The `Err` text completes « chemin refusé : "x" … ».
pub fn resolve_inside(root: &Path, base: &Path, rel: &str) -> Result<PathBuf, &'static str> {
    let rel = rel.trim();
    if rel.is_empty() {
        return Err("est vide");
    }
    if rel.contains("://") || rel.starts_with("data:") || rel.starts_with("javascript:") {
        return Err("n'est pas un fichier du projet (une adresse web n'est pas acceptée)");
    }
    let rel_path = Path::new(rel);
    if rel_path.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') || rel.get(1..2) == Some(":") {
        return Err("est un chemin absolu");
    }
    let mut out = base.to_path_buf();
    for c in rel_path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() || !out.starts_with(root) {
                    return Err("sort du dossier du projet");
                }
            }
            _ => return Err("est un chemin absolu"),
        }
    }
    if !out.starts_with(root) {
        return Err("sort du dossier du projet");
    }
    if let (Ok(real), Ok(real_root)) = (dunce::canonicalize(&out), dunce::canonicalize(root))
        && !real.starts_with(&real_root)
    {
        return Err("mène hors du projet par un lien symbolique");
    }
    Ok(out)
}

/// Why a file found beside a fiche may not be published as an image, or
/// nothing: the one rule for `image:` and for Markdown images. Only PNG,
/// JPEG, GIF and WebP files are images (their extension *and* their first
/// bytes), never an SVG (it can carry script), never a file reached through a
/// hidden folder or file (`.git/`, `_brouillons/`), never outside the fiche's folder.
pub fn image_problem(file: &str, path: &Path) -> Option<String> {
    let parts: Vec<&str> = file.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.contains(&"..") {
        return Some("est hors du dossier de la fiche : le site ne pourrait pas la publier".into());
    }
    if let Some(hidden) = parts.iter().find(|p| p.starts_with('.') || p.starts_with('_')) {
        return Some(format!("passe par « {hidden} », un nom caché (commençant par . ou _) : ce qui est caché n'est jamais publié"));
    }
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if ext == "svg" {
        return Some("est un dessin SVG, qui peut contenir du code : enregistrez-le en PNG pour le publier".into());
    }
    let Some(format) = crate::model::image::PictureFormat::from_ext(&ext) else {
        return Some("n'est pas une image que le site publie (formats acceptés : PNG, JPEG, GIF, WebP)".into());
    };
    let mut head = [0u8; 12];
    let n = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    let ok = format.matches(&head[..n]);
    let format = format.name;
    (!ok).then(|| format!("porte l'extension .{ext} mais son contenu n'est pas une image {format} : fichier renommé ?"))
}

/// The warning for an image with too few pixels to print sharp across its box
/// in the PDFs (under 150 per inch), built from the author's file name: its
/// message and its help. Only PNG and JPEG are measured (the formats the PDFs print).
pub fn low_resolution(file: &str, path: &Path, room: (f32, f32)) -> Option<(String, String)> {
    use crate::model::text::number_fr;
    let format = crate::model::image::PictureFormat::from_name(file)?;
    if !matches!(format.ext, "png" | "jpg") {
        return None;
    }
    let (w, h) = image::ImageReader::open(path).ok()?.with_guessed_format().ok()?.into_dimensions().ok()?;
    let (printed, full, needed) = crate::model::image::too_small_to_print(w as usize, h as usize, room)?;
    let cm = |x: f32| if x < 0.1 { "moins de 0,1".to_string() } else { number_fr((f64::from(x) * 10.0).round() / 10.0) };
    Some((
        format!(
            "l'image « {file} » n'a que {} × {} pixels : dans les PDF, elle sera imprimée sur {} cm de large au lieu de {} cm, pour rester nette (150 pixels par pouce au moins)",
            crate::model::text::group_thousands(w),
            crate::model::text::group_thousands(h),
            cm(printed),
            cm(full)
        ),
        format!(
            "pour qu'elle occupe toute la largeur, remplacez « {file} » par la même photo en {} pixels de large au moins (l'original de l'appareil photo convient)",
            crate::model::text::group_thousands(needed as u64)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside() {
        let root = Path::new("/p");
        let base = Path::new("/p/fiches");
        assert_eq!(resolve_inside(root, base, "a.png").unwrap(), Path::new("/p/fiches/a.png"));
        assert_eq!(resolve_inside(root, base, "../img/a.png").unwrap(), Path::new("/p/img/a.png"));
        assert!(resolve_inside(root, base, "../../etc/passwd").is_err());
        assert!(resolve_inside(root, base, "/etc/passwd").is_err());
        assert!(resolve_inside(root, base, "https://x.fr/a.png").is_err());
        assert!(resolve_inside(root, base, "").is_err());
    }
}
