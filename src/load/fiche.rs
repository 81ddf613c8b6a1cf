//! One file → one fiche: bytes, encoding (UTF-8, BOM, CRLF), the front matter
//! fence, then the keys and the body. Every problem goes to the file's [`Sink`].

use super::frontmatter::{Source, read_fiche};
use crate::load::diagnostics::{Pos, Sink};
use crate::load::fields::Reader;
use crate::model::Fiche;
use std::path::Path;

/// Whether a path names a fiche file by its extension.
pub fn is_fiche_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("md" | "yaml" | "yml"))
}

/// Reads and parses one fiche file.
pub fn load_file(root: &Path, path: &Path) -> (Option<Fiche>, Sink) {
    let mut sink = Sink::new(&crate::load::diagnostics::display_path(root, path));
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            sink.error(Pos::new(0, 0), format!("lecture impossible : {}", crate::load::diagnostics::io_error_fr(&e)), None);
            return (None, sink);
        }
    };
    let fiche = parse_owned(root, path, bytes, &mut sink);
    (fiche, sink)
}

/// Parses the content of a fiche file (exposed for tests and fuzzing).
pub fn parse_bytes(root: &Path, path: &Path, bytes: &[u8], sink: &mut Sink) -> Option<Fiche> {
    parse_owned(root, path, bytes.to_vec(), sink)
}

fn parse_owned(root: &Path, path: &Path, bytes: Vec<u8>, sink: &mut Sink) -> Option<Fiche> {
    let text = crate::load::decode::decode(bytes, sink)?;
    if text.trim().is_empty() {
        sink.error(
            Pos::new(1, 1),
            "le fichier est vide",
            Some("une fiche commence par un en-tête entre deux lignes « --- » (titre, resume, date…) ; « recueil new \"Titre\" » en crée une complète".into()),
        );
        return None;
    }
    let yaml_spelling = is_yaml_spelling(path);
    let (yaml_text, line_offset, body) = if yaml_spelling {
        (text.as_str(), 0, None)
    } else {
        let (fm, body, body_line) = split_front_matter(&text, sink)?;
        (fm, 1, Some((body, body_line)))
    };
    let root_node = match crate::load::yaml::parse(yaml_text) {
        Ok(n) => n,
        Err(e) => {
            sink.error(Pos::new(e.pos.line + line_offset, e.pos.col), e.message, e.aide);
            let src = Source { root, path, yaml_spelling, body };
            read_around_syntax_error(yaml_text, e.pos.line, line_offset, &src, sink);
            return None;
        }
    };
    if root_node.value == crate::load::yaml::Value::Null {
        sink.error(
            Pos::new(1 + line_offset, 1),
            "l'en-tête est vide",
            Some("ajoutez au moins titre, resume, date, structure, type_structure, territoire et thematiques".into()),
        );
        return None;
    }
    let mut reader = Reader { sink, line_offset };
    let src = Source { root, path, yaml_spelling, body };
    read_fiche(&mut reader, &root_node, &src)
}

/// After a YAML syntax error, the file's other problems: the bad line (and
/// the lines indented under it) is set aside and the rest is read as usual,
/// so that the author sees every problem in one run. What the missing lines
/// explain (a required key absent because its line was set aside) is not
/// reported; when setting lines aside does not give readable YAML after a
/// few tries, only the syntax error is reported.
fn read_around_syntax_error(yaml: &str, bad_line: u32, line_offset: u32, src: &Source, sink: &mut Sink) {
    const TRIES: usize = 5;
    let mut lines: Vec<&str> = yaml.split('\n').collect();
    let mut set_aside: Vec<String> = Vec::new();
    let mut bad = bad_line;
    for _ in 0..TRIES {
        let mut i = (bad as usize).saturating_sub(1);
        if i >= lines.len() || lines[i].trim().is_empty() {
            return;
        }
        let indent = |l: &str| l.len() - l.trim_start().len();
        // The whole top-level entry holding the bad line is set aside (an
        // emptied parent would only report the consequence).
        while indent(lines[i]) > 0 {
            match (0..i).rev().find(|&j| !lines[j].trim().is_empty() && indent(lines[j]) < indent(lines[i])) {
                Some(j) => i = j,
                None => break,
            }
        }
        let own = indent(lines[i]);
        if let Some((k, _)) = lines[i].trim_start().trim_start_matches("- ").split_once(':') {
            set_aside.push(k.trim().to_string());
        }
        lines[i] = "";
        for l in lines.iter_mut().skip(i + 1) {
            if !l.trim().is_empty() && indent(l) <= own {
                break;
            }
            *l = "";
        }
        match crate::load::yaml::parse(&lines.join("\n")) {
            Ok(node) if node.value != crate::load::yaml::Value::Null => {
                let mut scratch = Sink::new("");
                let mut reader = Reader { sink: &mut scratch, line_offset };
                let _ = crate::load::frontmatter::read_fiche(&mut reader, &node, src);
                for d in scratch.items {
                    let explained = set_aside.iter().any(|k| d.message.starts_with(&format!("clé obligatoire « {k} » absente")));
                    if !explained && !sink.items.iter().any(|o| o.ligne == d.ligne && o.message == d.message) {
                        match d.gravite {
                            crate::load::diagnostics::Severity::Erreur => sink.error(Pos::new(d.ligne, d.colonne), d.message, d.aide),
                            crate::load::diagnostics::Severity::Avertissement => {
                                sink.warning(Pos::new(d.ligne, d.colonne), d.message, d.aide)
                            }
                        }
                    }
                }
                return;
            }
            Ok(_) => return,
            Err(e) => bad = e.pos.line,
        }
    }
}

/// UTF-8 only (a BOM is dropped, CRLF becomes LF); otherwise says how to re-save.
/// Splits `---\nYAML\n---\nbody`. Returns the YAML, the body and the body's first line.
/// Whether a fiche file is spelt in YAML (anything but `.md`: `.yaml`, `.yml`).
pub fn is_yaml_spelling(path: &Path) -> bool {
    !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Where a Markdown fiche's front matter lies: the byte where its YAML
/// starts, where its closing `---` (or `...`) line starts, and where the body
/// starts; `Err(true)` when the first line is not `---`, `Err(false)` when it
/// is never closed. The one rule for the loader and the editor.
pub fn front_matter_bounds(text: &str) -> Result<(usize, usize, usize), bool> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(true);
    }
    let start = (first.len() + 1).min(text.len());
    let mut offset = start;
    for l in text[offset..].split_inclusive('\n') {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok((start, offset, (offset + l.len()).min(text.len())));
        }
        offset += l.len();
    }
    Err(false)
}

fn split_front_matter<'a>(text: &'a str, sink: &mut Sink) -> Option<(&'a str, &'a str, u32)> {
    let bounds = front_matter_bounds(text);
    if bounds == Err(true) {
        let aide = if text.lines().take(30).any(|l| l.starts_with("titre:")) {
            "ajoutez une ligne « --- » tout en haut du fichier, avant « titre: »"
        } else {
            "une fiche commence par une ligne « --- », puis les clés (titre, resume, date…), puis une autre ligne « --- » ; « recueil new \"Titre\" » crée un modèle"
        };
        sink.error(Pos::new(1, 1), "l'en-tête de la fiche est absent : la première ligne doit être « --- »", Some(aide.into()));
        return None;
    }
    if let Ok((start, end, body)) = bounds {
        // the body's first line: after the opening line, the YAML's lines and the closing line
        let line = 3 + text[start..end].matches('\n').count() as u32;
        return Some((&text[start..end], &text[body..], line));
    }
    let heading_line = text.lines().position(|l| l.starts_with("## ")).map(|i| i + 1);
    let aide = match heading_line {
        Some(n) => format!("ajoutez une ligne « --- » après la dernière clé, avant le premier intertitre (ligne {n})"),
        None => "ajoutez une ligne « --- » après la dernière clé de l'en-tête".to_string(),
    };
    sink.error(Pos::new(1, 1), "l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé", Some(aide));
    None
}
