//! Changing a fiche's file the way its author would by hand: only the values
//! that changed are rewritten, in place. Key order, comments, blank lines and
//! the quoting of untouched values stay as they were; the Markdown body keeps
//! its exact bytes unless a section was edited, and then only that section's
//! text changes. Used by the editor of `recueil serve`; no I/O here.

use crate::model::SectionKind;

/// A new value for one key of the front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    /// A text (written plain when YAML would read it back as the same text, quoted otherwise).
    Text(String),
    /// A whole number, written as digits.
    Number(i64),
    /// A number with decimals, written with a dot (`1.5`).
    Decimal(f64),
    Bool(bool),
    /// A list of texts (written `[a, b]`).
    List(Vec<String>),
    /// A list of rows (financeurs, indicateurs, partenaires), each its keys
    /// and values in order; a row holding only its first key, as text, is
    /// written as a plain item (`- Mission locale`), the others as `- { k: v }`.
    Rows(Vec<Vec<(String, NewValue)>>),
    /// The key is removed.
    Absent,
}

/// The changes to make to one fiche.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Key path (`["titre"]`, `["territoire", "commune"]`) and its new value.
    pub fields: Vec<(Vec<String>, NewValue)>,
    /// The new Markdown of a section (empty: the section is removed).
    pub sections: Vec<(SectionKind, String)>,
    /// The new chapeau (Markdown before the first section).
    pub chapeau: Option<String>,
}

/// Why a change could not be written without touching more than it should.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct EditError(pub String);

/// Where a value of the YAML text lies.
#[derive(Debug, Clone)]
struct Located {
    path: Vec<String>,
    /// Byte range of the value (quotes included).
    start: usize,
    end: usize,
    /// Byte where the line of its key starts, and where that entry ends
    /// (the end of its value's last line, newline included).
    key_line: usize,
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Block,
    FlowMap,
    BlockMap,
    FlowSeq,
    BlockSeq,
}

/// Byte offset of each char index, and the text's length at the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// Every value reached through mapping keys only (list items are not
/// addressed one by one: a list is rewritten whole).
fn locate(yaml: &str) -> Result<Vec<Located>, EditError> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
    let offsets = byte_offsets(yaml);
    let at = |m: &serde_saphyr::granit_parser::Marker| offsets.get(m.index()).copied().unwrap_or(yaml.len());
    enum Frame {
        Map { path: Vec<String>, key: Option<String>, key_line: usize, addressable: bool },
        Seq,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new(); // index in `out` of open collections, and stack depth
    let line_start = |i: usize| yaml[..i].rfind('\n').map_or(0, |n| n + 1);
    // The path of a value about to start, if it is a mapping's value reached by keys only.
    fn value_path(stack: &[Frame]) -> Option<(Vec<String>, usize)> {
        match stack.last()? {
            Frame::Map { path, key: Some(k), key_line, addressable: true } => {
                let mut p = path.clone();
                p.push(k.clone());
                Some((p, *key_line))
            }
            _ => None,
        }
    }
    for item in Parser::new_from_str(yaml) {
        let (event, span) = item.map_err(|_| {
            EditError("l'en-tête de la fiche a une erreur d'écriture : « recueil check » dit où et comment la corriger".into())
        })?;
        let (start, end) = (at(&span.start), at(&span.end));
        match event {
            Event::Scalar(v, style, _, _) => {
                // a key?
                if let Some(Frame::Map { key, key_line, .. }) = stack.last_mut()
                    && key.is_none()
                {
                    *key = Some(v.to_string());
                    *key_line = line_start(start);
                    continue;
                }
                if let Some((path, key_line)) = value_path(&stack) {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::Single,
                        ScalarStyle::DoubleQuoted => Style::Double,
                        _ => Style::Block,
                    };
                    out.push(Located { path, start, end, key_line, style });
                }
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let flow = yaml[start..].starts_with(['{', '[']);
                let located = value_path(&stack);
                let addressable = stack.is_empty() || located.is_some();
                if let Some((path, key_line)) = located.clone() {
                    let style = match (is_map, flow) {
                        (true, true) => Style::FlowMap,
                        (true, false) => Style::BlockMap,
                        (false, true) => Style::FlowSeq,
                        (false, false) => Style::BlockSeq,
                    };
                    open.push((out.len(), stack.len()));
                    out.push(Located { path, start, end: start, key_line, style });
                }
                let path = located.map(|(p, _)| p).unwrap_or_default();
                stack.push(if is_map { Frame::Map { path, key: None, key_line: 0, addressable } } else { Frame::Seq });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if let Some(&(i, depth)) = open.last()
                    && depth == stack.len()
                {
                    open.pop();
                    // a flow collection ends after its bracket; a block one after its last value
                    out[i].end = if matches!(out[i].style, Style::FlowMap | Style::FlowSeq) { end } else { last_end(&out, i, end) };
                }
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The end of a block collection: the furthest end among the values inside
/// it, else the end given by the parser (which may reach into the next key).
fn last_end(out: &[Located], i: usize, fallback: usize) -> usize {
    out[i + 1..].iter().map(|l| l.end).max().unwrap_or(fallback).max(out[i].start)
}

/// The deepest key whose entry covers line `line` (from 1) of a YAML text,
/// as a path `a.b`.
pub fn key_at_line(yaml: &str, line: u32) -> Option<String> {
    let located = locate(yaml).ok()?;
    let line_of = |byte: usize| yaml[..byte.min(yaml.len())].matches('\n').count() as u32 + 1;
    located
        .iter()
        .filter(|l| line_of(l.key_line) <= line && line <= line_of(l.end.saturating_sub(1).max(l.key_line)))
        .max_by_key(|l| l.path.len())
        .map(|l| l.path.join("."))
}

/// Whether YAML reads `s`, written plain, back as the same text.
fn plain_is_safe(s: &str) -> bool {
    if s.is_empty() || s != s.trim() || s.contains(['\n', '\r', '\t']) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // it must stay a text (not a number, a boolean, null, a date)
    let node = crate::load::yaml::parse(&format!("v: {s}"));
    match node.map(|n| n.value) {
        Ok(crate::load::yaml::Value::Map(m)) => {
            m.len() == 1 && matches!(&m[0].1.value, crate::load::yaml::Value::Str(t) if t == s) && !looks_like_date(s)
        }
        _ => false,
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text as a YAML scalar, in the author's style when it can hold it.
fn scalar(s: &str, was: Option<Style>) -> String {
    let s = s.trim();
    match was {
        Some(Style::Double) => double_quoted(s),
        Some(Style::Single) if !s.contains(['\n', '\r']) => format!("'{}'", s.replace('\'', "''")),
        _ if plain_is_safe(s) => s.to_string(),
        _ => double_quoted(s),
    }
}

/// A list item inside `[…]`: plain unless a comma, a bracket or YAML's reading makes it unsafe.
fn flow_item(s: &str) -> String {
    if plain_is_safe(s) && !s.contains([',', '[', ']', '{', '}']) { s.to_string() } else { double_quoted(s) }
}

/// A value as YAML after `key:`; a text of several lines as a literal block
/// whose lines are indented by `indent` spaces.
fn render(v: &NewValue, was: Option<Style>, indent: usize) -> String {
    match v {
        NewValue::Text(s) if s.trim().contains('\n') && matches!(was, None | Some(Style::Block | Style::Plain)) => {
            let pad = " ".repeat(indent);
            let lines: Vec<String> =
                s.trim().lines().map(|l| if l.trim().is_empty() { String::new() } else { format!("{pad}{}", l.trim_end()) }).collect();
            format!("|\n{}", lines.join("\n"))
        }
        NewValue::Text(s) => scalar(s, was),
        NewValue::Number(n) => n.to_string(),
        NewValue::Decimal(x) => x.to_string(),
        NewValue::Bool(b) => b.to_string(),
        NewValue::List(items) => format!("[{}]", items.iter().map(|s| flow_item(s)).collect::<Vec<_>>().join(", ")),
        NewValue::Rows(rows) => {
            let pad = " ".repeat(indent);
            let mut out = String::new();
            for row in rows {
                let filled: Vec<&(String, NewValue)> = row.iter().filter(|(_, v)| *v != NewValue::Absent).collect();
                out.push('\n');
                out.push_str(&pad);
                match filled.as_slice() {
                    [(k, NewValue::Text(t))] if Some(k) == row.first().map(|r| &r.0) => {
                        out.push_str("- ");
                        out.push_str(&flow_item(t));
                    }
                    _ => {
                        let inner: Vec<String> = filled
                            .iter()
                            .map(|(k, v)| format!("{k}: {}", if let NewValue::Text(t) = v { flow_item(t) } else { render(v, None, 0) }))
                            .collect();
                        out.push_str(&format!("- {{ {} }}", inner.join(", ")));
                    }
                }
            }
            out
        }
        NewValue::Absent => String::new(),
    }
}

/// The value the text holds at `path`, to tell whether it changed.
fn value_at<'a>(root: &'a crate::load::yaml::Node, path: &[String]) -> Option<&'a crate::load::yaml::Value> {
    let mut v = &root.value;
    for key in path {
        let crate::load::yaml::Value::Map(entries) = v else { return None };
        v = &entries.iter().find(|(k, _)| k.as_text().as_deref() == Some(key.as_str()))?.1.value;
    }
    Some(v)
}

fn same(old: Option<&crate::load::yaml::Value>, new: &NewValue) -> bool {
    use crate::load::yaml::Value;
    match (old, new) {
        (Some(Value::Str(a)), NewValue::Text(b)) => a.trim() == b.trim(),
        (Some(Value::Int(a)), NewValue::Number(b)) => a == b,
        (Some(Value::Float(a)), NewValue::Decimal(b)) => a == b,
        (Some(Value::Int(a)), NewValue::Text(b)) => a.to_string() == *b,
        // `"87 900"` in the file, 87900 from the form: the same number, left as written
        (Some(Value::Str(a)), NewValue::Number(b)) => crate::model::text::parse_french_number(a) == Some(*b as f64),
        (Some(Value::Str(a)), NewValue::Decimal(b)) => crate::model::text::parse_french_number(a) == Some(*b),
        (Some(Value::Int(a)), NewValue::Decimal(b)) => *a as f64 == *b,
        (Some(Value::Bool(a)), NewValue::Bool(b)) => a == b,
        (Some(Value::Seq(a)), NewValue::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.as_text().as_deref() == Some(y.as_str()))
        }
        (Some(Value::Seq(a)), NewValue::Rows(rows)) => {
            a.len() == rows.len() && a.iter().zip(rows).all(|(item, row)| same_row(&item.value, row))
        }
        (None | Some(Value::Null), NewValue::Absent) => true,
        _ => false,
    }
}

/// Whether a list item holds what a row of the form says.
fn same_row(item: &crate::load::yaml::Value, row: &[(String, NewValue)]) -> bool {
    use crate::load::yaml::Value;
    let filled: Vec<&(String, NewValue)> = row.iter().filter(|(_, v)| *v != NewValue::Absent).collect();
    match item {
        Value::Str(s) => {
            matches!(filled.as_slice(), [(k, NewValue::Text(t))] if Some(k) == row.first().map(|r| &r.0) && t.trim() == s.trim())
        }
        Value::Map(m) => {
            let held = m.iter().filter(|(_, v)| v.value != Value::Null).count();
            held == filled.len()
                && filled.iter().all(|(k, v)| {
                    let found = m.iter().find(|(mk, _)| mk.as_text().as_deref() == Some(k.as_str())).map(|(_, mv)| &mv.value);
                    same(found, v) || matches!((found, v), (Some(Value::Float(a)), NewValue::Text(t)) if a.to_string() == *t)
                })
        }
        _ => false,
    }
}

/// One replacement of the YAML text: bytes `start..end` become `with`.
type Splice = (usize, usize, String);

/// Applies the field changes to a YAML text (a fiche's front matter, or a
/// whole `.yaml` fiche). Values equal to what the text holds are left alone,
/// bytes and all.
pub fn edit_yaml(yaml: &str, fields: &[(Vec<String>, NewValue)]) -> Result<String, EditError> {
    let located = locate(yaml)?;
    let tree = crate::load::yaml::parse(yaml).map_err(|e| EditError(e.message))?;
    let find = |path: &[String]| located.iter().find(|l| l.path == path);
    let mut splices: Vec<Splice> = Vec::new();
    // new keys at the end: top-level ones, and children of a new parent gathered under it
    let mut appended: Vec<(String, Vec<String>)> = Vec::new();
    for (path, value) in fields {
        match find(path) {
            Some(l) if matches!(l.style, Style::FlowMap | Style::BlockMap) => {
                return Err(EditError(format!("« {} » est un ensemble de clés : modifiez ses clés une à une", path.join("."))));
            }
            Some(l) => {
                if same(value_at(&tree, path), value) {
                    continue;
                }
                if *value == NewValue::Absent {
                    // the whole entry goes: from its key's line to the end of its value's line
                    if l.path.len() > 1 && find(&l.path[..l.path.len() - 1]).is_some_and(|p| p.style == Style::FlowMap) {
                        // inside `{ a: 1, b: 2 }`: the key, its value and one comma
                        let key_start = yaml[..l.start].rfind([',', '{']).map_or(l.start, |i| i + 1);
                        let (s, e) = if yaml[..key_start].ends_with(',') {
                            (key_start - 1, l.end)
                        } else {
                            let after = yaml[l.end..].find(|c: char| c != ' ').map_or(l.end, |i| l.end + i);
                            (key_start, if yaml[after..].starts_with(',') { after + 1 } else { l.end })
                        };
                        splices.push((s, e, String::new()));
                    } else {
                        let end = yaml[l.end..].find('\n').map_or(yaml.len(), |i| l.end + i + 1);
                        splices.push((l.key_line, end, String::new()));
                    }
                    continue;
                }
                let was = matches!(l.style, Style::Plain | Style::Single | Style::Double | Style::Block).then_some(l.style);
                let key_indent = yaml[l.key_line..].len() - yaml[l.key_line..].trim_start_matches(' ').len();
                let text = render(value, was, key_indent + 2);
                if matches!(value, NewValue::Rows(_)) {
                    let colon = yaml[l.key_line..l.start].rfind(':').map(|i| l.key_line + i + 1).unwrap_or(l.start);
                    let end = yaml[..l.end].trim_end_matches([' ', '\n', '\r']).len();
                    splices.push((colon, end, text));
                } else if l.style == Style::BlockSeq || l.style == Style::Block {
                    // `key:` then lines under it: the value goes after the colon, on the key's line
                    let colon = yaml[l.key_line..l.start].rfind(':').map(|i| l.key_line + i + 1).unwrap_or(l.start);
                    let end = if l.style == Style::Block { l.end.max(l.start) } else { l.end };
                    let end = yaml[..end].trim_end_matches([' ', '\n', '\r']).len();
                    splices.push((colon, end, format!(" {text}")));
                } else {
                    splices.push((l.start, l.end, text));
                }
            }
            None if *value == NewValue::Absent => {}
            None => {
                let (parent, key) = path.split_at(path.len() - 1);
                let text = render(value, None, 2 * path.len());
                if parent.is_empty() {
                    let sep = if text.starts_with('\n') { "" } else { " " };
                    appended.push((format!("{}:{sep}{text}", key[0]), Vec::new()));
                    continue;
                }
                let Some(p) = find(parent) else {
                    // the parent is absent too: a new block
                    if parent.len() == 1 {
                        let head = format!("{}:", parent[0]);
                        match appended.iter_mut().find(|(h, _)| *h == head) {
                            Some((_, children)) => children.push(format!("  {}: {text}", key[0])),
                            None => appended.push((head, vec![format!("  {}: {text}", key[0])])),
                        }
                        continue;
                    }
                    return Err(EditError(format!("« {} » est absent de l'en-tête", parent.join("."))));
                };
                match p.style {
                    Style::FlowMap => {
                        let close = yaml[..p.end].rfind('}').unwrap_or(p.end);
                        let inner = yaml[p.start + 1..close].trim();
                        let before = yaml[..close].trim_end_matches(' ').len();
                        let sep = if inner.is_empty() { " " } else { ", " };
                        splices.push((before, before, format!("{sep}{}: {text}{}", key[0], if inner.is_empty() { " " } else { "" })));
                    }
                    Style::BlockMap => {
                        // after the block's last line, indented like its first key
                        let indent = p.start - yaml[..p.start].rfind('\n').map_or(0, |n| n + 1);
                        let end = yaml[p.end..].find('\n').map_or(yaml.len(), |i| p.end + i + 1);
                        let nl = if end == yaml.len() && !yaml.ends_with('\n') { "\n" } else { "" };
                        splices.push((end, end, format!("{nl}{}{}: {text}\n", " ".repeat(indent), key[0])));
                    }
                    _ => return Err(EditError(format!("« {} » n'est pas un ensemble de clés", parent.join(".")))),
                }
            }
        }
    }
    splices.sort_by_key(|s| (s.0, s.1));
    for w in splices.windows(2) {
        if w[1].0 < w[0].1 {
            return Err(EditError("deux changements touchent la même ligne de l'en-tête".into()));
        }
    }
    let mut out = yaml.to_string();
    for (s, e, with) in splices.into_iter().rev() {
        out.replace_range(s..e, &with);
    }
    if !appended.is_empty() {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        for (head, children) in appended {
            out.push_str(&head);
            out.push('\n');
            for c in children {
                out.push_str(&c);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// Applies the section and chapeau changes to a Markdown body. A section
/// whose text did not change keeps its bytes; a new section is placed in the
/// format's order; an emptied one is removed with its heading.
pub fn edit_body(body: &str, sections: &[(SectionKind, String)], chapeau: Option<&str>) -> String {
    // the body's parts: (kind or None for the chapeau / an unknown section, heading start, content start, end)
    let headings = h2_lines(body);
    let mut parts: Vec<(Option<SectionKind>, usize, usize, usize)> = Vec::new();
    let first = headings.first().map_or(body.len(), |h| h.0);
    parts.push((None, 0, 0, first));
    for (i, &(start, content, kind)) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(body.len(), |h| h.0);
        parts.push((kind, start, content, end));
    }
    let norm = |s: &str| s.trim().replace("\r\n", "\n");
    let mut out = String::with_capacity(body.len() + 256);
    // the chapeau
    let (_, _, _, chapeau_end) = parts[0];
    match chapeau {
        Some(c) if norm(c) != norm(&body[..chapeau_end]) => {
            let lead = (body.len() - body.trim_start().len()).min(chapeau_end);
            out.push_str(if lead == 0 { "\n" } else { &body[..lead] });
            if !c.trim().is_empty() {
                out.push_str(c.trim());
                out.push_str("\n\n");
            }
        }
        _ => out.push_str(&body[..chapeau_end]),
    }
    let mut placed: Vec<SectionKind> = Vec::new();
    let new_section = |kind: SectionKind, text: &str| format!("## {}\n\n{}\n\n", kind.label(), text.trim());
    for &(kind, start, content, end) in &parts[1..] {
        // sections that come before this one in the format's order and are new
        if let Some(k) = kind {
            for &(nk, ref text) in sections {
                if order(nk) < order(k) && !placed.contains(&nk) && !parts.iter().any(|p| p.0 == Some(nk)) && !text.trim().is_empty() {
                    out.push_str(&new_section(nk, text));
                    placed.push(nk);
                }
            }
        }
        match kind.and_then(|k| sections.iter().find(|(s, _)| *s == k)) {
            Some((k, text)) if norm(text) != norm(&body[content..end]) => {
                placed.push(*k);
                if text.trim().is_empty() {
                    continue;
                }
                out.push_str(&body[start..content]);
                if !body[start..content].ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(text.trim());
                out.push_str(if end == body.len() { "\n" } else { "\n\n" });
            }
            Some((k, _)) => {
                placed.push(*k);
                out.push_str(&body[start..end]);
            }
            None => out.push_str(&body[start..end]),
        }
    }
    for (k, text) in sections {
        if !placed.contains(k) && !parts.iter().any(|p| p.0 == Some(*k)) && !text.trim().is_empty() {
            if out.is_empty() {
                out.push('\n');
            } else if !out.ends_with("\n\n") {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            out.push_str(new_section(*k, text).trim_end());
            out.push('\n');
        }
    }
    out
}

fn order(k: SectionKind) -> usize {
    SectionKind::ALL.iter().position(|&x| x == k).unwrap_or(usize::MAX)
}

/// The body's level-2 headings as the loader finds them: byte of the
/// heading, byte of its content, its section.
fn h2_lines(body: &str) -> Vec<(usize, usize, Option<SectionKind>)> {
    crate::load::sections::headings(body)
        .into_iter()
        .map(|(start, content, titre)| (start, content, SectionKind::from_heading(&titre)))
        .collect()
}

/// Applies all the changes to a fiche's whole text: a Markdown fiche (front
/// matter between `---` lines, then the body) or a YAML-spelled one (the
/// sections under `sections:`, the chapeau under `chapeau:`).
///
/// `text` is the file as it is on disk: a byte-order mark and Windows line
/// ends (CRLF throughout) are kept, as the loader reads the file without them.
pub fn edit_fiche(text: &str, yaml_spelling: bool, changes: &Changes) -> Result<String, EditError> {
    let bom = if text.starts_with('\u{feff}') { "\u{feff}" } else { "" };
    let crlf = text.contains("\r\n");
    let lf = unix_text(text);
    let out = edit_lf(&lf, yaml_spelling, changes)?;
    let out = if crlf { out.replace('\n', "\r\n") } else { out };
    Ok(format!("{bom}{out}"))
}

/// The text as the loader reads it (no byte-order mark, `\n` line ends).
fn unix_text(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') { t.replace("\r\n", "\n").replace('\r', "\n") } else { t.to_string() }
}

fn edit_lf(text: &str, yaml_spelling: bool, changes: &Changes) -> Result<String, EditError> {
    if yaml_spelling {
        let mut fields = changes.fields.clone();
        for (k, t) in &changes.sections {
            let v = if t.trim().is_empty() { NewValue::Absent } else { NewValue::Text(t.trim().to_string()) };
            fields.push((vec!["sections".into(), k.name().into()], v));
        }
        if let Some(c) = &changes.chapeau {
            fields
                .push((vec!["chapeau".into()], if c.trim().is_empty() { NewValue::Absent } else { NewValue::Text(c.trim().to_string()) }));
        }
        return edit_yaml(text, &fields);
    }
    let Parts { head, yaml, close_line, body } = split(text)?;
    let new_yaml = if changes.fields.is_empty() { yaml.to_string() } else { edit_yaml(yaml, &changes.fields)? };
    let new_body = if changes.sections.is_empty() && changes.chapeau.is_none() {
        body.to_string()
    } else {
        edit_body(body, &changes.sections, changes.chapeau.as_deref())
    };
    Ok(format!("{head}{new_yaml}{close_line}{new_body}"))
}

/// The text a new fiche starts from before its values are written into it.
pub const NEW_FICHE: &str = "---\n---\n";

/// A Markdown fiche cut in four: the opening `---` line, the YAML, the
/// closing `---` line, the body.
pub struct Parts<'a> {
    pub head: &'a str,
    pub yaml: &'a str,
    pub close_line: &'a str,
    pub body: &'a str,
}

pub fn split(text: &str) -> Result<Parts<'_>, EditError> {
    match crate::load::fiche::front_matter_bounds(text) {
        Ok((start, end, body)) => {
            Ok(Parts { head: &text[..start], yaml: &text[start..end], close_line: &text[end..body], body: &text[body..] })
        }
        Err(true) => Err(EditError("la fiche ne commence pas par une ligne « --- »".into())),
        Err(false) => Err(EditError("l'en-tête de la fiche n'est pas fermé par une ligne « --- »".into())),
    }
}

/// A value as the file holds it, for the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    Text(String),
    List(Vec<String>),
    /// A list of maps or mixed items: each row's keys and values as texts
    /// (a text item is a row of one value under the key `""`).
    Rows(Vec<Vec<(String, String)>>),
}

/// What a fiche's file holds, for the form: each value reached through keys
/// (`titre`, `territoire.commune`, `thematiques`), the chapeau and each
/// section's Markdown as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Current {
    pub values: Vec<(String, Held)>,
    pub chapeau: String,
    pub sections: Vec<(SectionKind, String)>,
}

impl Current {
    pub fn get(&self, path: &str) -> Option<&Held> {
        self.values.iter().find(|(p, _)| p == path).map(|(_, v)| v)
    }
}

/// Reads a fiche's file for the form.
pub fn read(text: &str, yaml_spelling: bool) -> Result<Current, EditError> {
    use crate::load::yaml::{Node, Value};
    let owned = unix_text(text);
    let text = owned.as_str();
    let (yaml, body) = if yaml_spelling {
        (text, None)
    } else {
        let p = split(text)?;
        (p.yaml, Some(p.body))
    };
    let root = crate::load::yaml::parse(yaml).map_err(|e| EditError(e.message))?;
    let mut cur = Current::default();
    fn walk(prefix: &str, n: &Node, out: &mut Vec<(String, Held)>) {
        let Value::Map(entries) = &n.value else { return };
        for (k, v) in entries {
            let Some(k) = k.as_text() else { continue };
            let path = if prefix.is_empty() { k } else { format!("{prefix}.{k}") };
            match &v.value {
                Value::Map(_) => walk(&path, v, out),
                Value::Seq(items) if items.iter().any(|i| matches!(i.value, Value::Map(_))) => {
                    let rows = items
                        .iter()
                        .map(|i| match &i.value {
                            Value::Map(m) => m.iter().filter_map(|(k, v)| Some((k.as_text()?, v.as_text().unwrap_or_default()))).collect(),
                            _ => vec![(String::new(), i.as_text().unwrap_or_default())],
                        })
                        .collect();
                    out.push((path, Held::Rows(rows)));
                }
                Value::Seq(items) => out.push((path, Held::List(items.iter().filter_map(Node::as_text).collect()))),
                Value::Null => {}
                _ => out.push((path, Held::Text(v.as_text().unwrap_or_default()))),
            }
        }
    }
    walk("", &root, &mut cur.values);
    match body {
        Some(body) => {
            let heads = h2_lines(body);
            cur.chapeau = body[..heads.first().map_or(body.len(), |h| h.0)].trim().to_string();
            for (i, &(_, content, kind)) in heads.iter().enumerate() {
                let end = heads.get(i + 1).map_or(body.len(), |h| h.0);
                if let Some(k) = kind
                    && !cur.sections.iter().any(|(s, _)| *s == k)
                {
                    cur.sections.push((k, body[content..end].trim().to_string()));
                }
            }
        }
        None => {
            for (path, v) in std::mem::take(&mut cur.values) {
                match (path.strip_prefix("sections.").and_then(SectionKind::from_name), &v, path.as_str()) {
                    (Some(k), Held::Text(t), _) => cur.sections.push((k, t.trim().to_string())),
                    (None, Held::Text(t), "chapeau") => cur.chapeau = t.trim().to_string(),
                    _ => cur.values.push((path, v)),
                }
            }
        }
    }
    Ok(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, v: NewValue) -> (Vec<String>, NewValue) {
        (path.split('.').map(str::to_string).collect(), v)
    }
    fn t(s: &str) -> NewValue {
        NewValue::Text(s.into())
    }

    const YAML: &str = "# Fiche du CCAS\ntitre: Épicerie solidaire   # à revoir\nresume: \"Des courses à petit prix.\"\ndate: 2024-01-01\nterritoire: { commune: Dijon, departement: \"21\" }\nthematiques:\n  - Alimentation\n  - Lien social\npublics: [Familles]\nchiffres:\n  participants: 40\n  benevoles: 6\n";

    #[test]
    fn a_changed_title_is_the_only_change() {
        let out = edit_yaml(YAML, &[f("titre", t("Une épicerie pour tous"))]).unwrap();
        assert_eq!(out, YAML.replace("titre: Épicerie solidaire", "titre: Une épicerie pour tous"));
        // the same value: not a byte moves
        let same = edit_yaml(
            YAML,
            &[
                f("thematiques", NewValue::List(vec!["Alimentation".into(), "Lien social".into()])),
                f("publics", NewValue::List(vec!["Familles".into()])),
                f("titre", t("Épicerie solidaire")),
                f("resume", t("Des courses à petit prix.")),
                f("chiffres.participants", NewValue::Number(40)),
            ],
        )
        .unwrap();
        assert_eq!(same, YAML);
    }

    #[test]
    fn quoting_follows_the_author_and_yaml() {
        let out =
            edit_yaml(YAML, &[f("resume", t("Moins cher : « vraiment »")), f("titre", t("2019")), f("territoire.commune", t("Chenôve"))])
                .unwrap();
        assert!(out.contains("resume: \"Moins cher : « vraiment »\"\n"), "{out}");
        assert!(out.contains("titre: \"2019\"   # à revoir"), "{out}");
        assert!(out.contains("territoire: { commune: Chenôve, departement: \"21\" }"), "{out}");
        let out = edit_yaml(YAML, &[f("titre", t("Repas: partagés")), f("territoire.commune", t("Saint-Apollinaire #2"))]).unwrap();
        assert!(out.contains("titre: \"Repas: partagés\""), "{out}");
        for (k, v) in [("titre", "Repas: partagés"), ("commune", "Saint-Apollinaire #2")] {
            let back = crate::load::yaml::parse(&out).unwrap();
            let found = format!("{back:?}");
            assert!(found.contains(v), "{k}: {found}");
        }
    }

    #[test]
    fn lists_nested_keys_added_and_removed() {
        let out = edit_yaml(
            YAML,
            &[
                f("thematiques", NewValue::List(vec!["Alimentation".into(), "Santé, bien-être".into()])),
                f("publics", NewValue::List(vec!["Familles".into(), "Étudiants".into()])),
                f("territoire.habitants", NewValue::Number(156_920)),
                f("chiffres.ateliers", NewValue::Number(12)),
                f("chiffres.benevoles", NewValue::Absent),
                f("mots_cles", NewValue::List(vec!["vrac".into()])),
            ],
        )
        .unwrap();
        assert!(out.contains("thematiques: [Alimentation, \"Santé, bien-être\"]\npublics"), "{out}");
        assert!(out.contains("publics: [Familles, Étudiants]\n"), "{out}");
        assert!(out.contains("territoire: { commune: Dijon, departement: \"21\", habitants: 156920 }"), "{out}");
        assert!(out.contains("chiffres:\n  participants: 40\n  ateliers: 12\n"), "{out}");
        assert!(!out.contains("benevoles"), "{out}");
        assert!(out.ends_with("mots_cles: [vrac]\n"), "{out}");
        assert!(out.starts_with("# Fiche du CCAS\n"), "{out}");
        crate::load::yaml::parse(&out).expect("still YAML");
        let out = edit_yaml(YAML, &[f("territoire.departement", NewValue::Absent), f("publics", NewValue::Absent)]).unwrap();
        assert!(out.contains("territoire: { commune: Dijon }\nthematiques"), "{out}");
        assert!(!out.contains("publics"), "{out}");
    }

    #[test]
    fn a_new_fiche_is_written_from_nothing() {
        let c = Changes {
            fields: vec![
                f("titre", t("Épicerie")),
                f("territoire.commune", t("Dijon")),
                f("territoire.departement", t("21")),
                f("thematiques", NewValue::List(vec!["Alimentation".into()])),
                f("chiffres.participants", NewValue::Number(40)),
            ],
            sections: vec![(SectionKind::Contexte, "Un quartier.".into()), (SectionKind::Bilan, "Bien.".into())],
            chapeau: Some(String::new()),
        };
        let out = edit_fiche(NEW_FICHE, false, &c).unwrap();
        assert_eq!(
            out,
            "---\ntitre: Épicerie\nterritoire:\n  commune: Dijon\n  departement: \"21\"\nthematiques: [Alimentation]\nchiffres:\n  participants: 40\n---\n\n## Contexte\n\nUn quartier.\n\n## Bilan\n\nBien.\n"
        );
    }

    #[test]
    fn rows_are_rewritten_only_when_they_changed() {
        let y = "financeurs:\n  - { nom: CAF, montant: 3000 }\n  - \"Ville : 500 €\"\npartenaires: [Mission locale]\ndate: 2024-01-01\n";
        let row = |v: &[(&str, NewValue)]| v.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
        let same_rows = NewValue::Rows(vec![
            row(&[("nom", t("CAF")), ("montant", NewValue::Number(3000)), ("annee", NewValue::Absent)]),
            row(&[("nom", t("Ville : 500 €")), ("montant", NewValue::Absent)]),
        ]);
        assert_eq!(edit_yaml(y, &[f("financeurs", same_rows)]).unwrap(), y);
        let changed = NewValue::Rows(vec![
            row(&[("nom", t("CAF")), ("montant", NewValue::Number(3500)), ("annee", NewValue::Number(2024))]),
            row(&[("nom", t("Ville, centre-ville")), ("montant", NewValue::Absent)]),
        ]);
        let partners =
            NewValue::Rows(vec![row(&[("nom", t("Mission locale"))]), row(&[("nom", t("France Travail")), ("role", t("orientation"))])]);
        let out = edit_yaml(y, &[f("financeurs", changed), f("partenaires", partners)]).unwrap();
        assert_eq!(
            out,
            "financeurs:\n  - { nom: CAF, montant: 3500, annee: 2024 }\n  - \"Ville, centre-ville\"\npartenaires:\n  - Mission locale\n  - { nom: France Travail, role: orientation }\ndate: 2024-01-01\n"
        );
        crate::load::yaml::parse(&out).expect("still YAML");
    }

    #[test]
    fn a_folded_text_is_replaced_whole() {
        let y = "titre: T\nresume: >-\n  Une ligne\n  puis une autre.\ndate: 2024-01-01\n";
        let out = edit_yaml(y, &[f("resume", t("Court."))]).unwrap();
        assert_eq!(out, "titre: T\nresume: Court.\ndate: 2024-01-01\n");
    }

    const MD: &str =
        "---\ntitre: T\n---\n\nLe chapeau.\n\n## Contexte\n\nAvant.\n\n## Bilan\n\nUn  bilan   aux espaces\n\n## Moyens\n\nDes moyens.\n";

    #[test]
    fn the_body_keeps_its_bytes_but_the_edited_section() {
        let c = Changes { fields: vec![f("titre", t("Nouveau"))], ..Default::default() };
        assert_eq!(edit_fiche(MD, false, &c).unwrap(), MD.replace("titre: T", "titre: Nouveau"));
        let c = Changes {
            sections: vec![(SectionKind::Contexte, "Après.".into()), (SectionKind::Bilan, "Un  bilan   aux espaces".into())],
            ..Default::default()
        };
        assert_eq!(edit_fiche(MD, false, &c).unwrap(), MD.replace("Avant.", "Après."));
        // a new section in the format's order, an emptied one removed
        let c = Changes {
            sections: vec![(SectionKind::Fonctionnement, "Chaque mardi.".into()), (SectionKind::Moyens, String::new())],
            ..Default::default()
        };
        let out = edit_fiche(MD, false, &c).unwrap();
        assert_eq!(
            out,
            "---\ntitre: T\n---\n\nLe chapeau.\n\n## Contexte\n\nAvant.\n\n## Fonctionnement\n\nChaque mardi.\n\n## Bilan\n\nUn  bilan   aux espaces\n\n"
        );
        let c = Changes {
            sections: vec![(SectionKind::Observations, "À suivre.".into())],
            chapeau: Some("Un autre chapeau.".into()),
            ..Default::default()
        };
        let out = edit_fiche(MD, false, &c).unwrap();
        assert!(out.starts_with("---\ntitre: T\n---\n\nUn autre chapeau.\n\n## Contexte"), "{out}");
        assert!(out.ends_with("Des moyens.\n\n## Observations\n\nÀ suivre.\n"), "{out}");
    }

    #[test]
    fn a_yaml_fiche_is_edited_in_its_own_spelling() {
        let y = "titre: T\nsections:\n  contexte: |\n    Avant.\n  bilan: Bien.\n";
        let c = Changes { sections: vec![(SectionKind::Contexte, "Après.\nSur deux lignes.".into())], ..Default::default() };
        let out = edit_fiche(y, true, &c).unwrap();
        assert_eq!(out, "titre: T\nsections:\n  contexte: |\n    Après.\n    Sur deux lignes.\n  bilan: Bien.\n");
        // a new section in a fiche without it, and a one-line change of a block
        let c = Changes {
            sections: vec![(SectionKind::Moyens, "Un local.\n\nDeux bénévoles.".into()), (SectionKind::Bilan, "Très bien.".into())],
            ..Default::default()
        };
        let out = edit_fiche(y, true, &c).unwrap();
        assert_eq!(
            out,
            "titre: T\nsections:\n  contexte: |\n    Avant.\n  bilan: Très bien.\n  moyens: |\n    Un local.\n\n    Deux bénévoles.\n"
        );
        let back = read(&out, true).unwrap();
        assert_eq!(back.sections[2], (SectionKind::Moyens, "Un local.\n\nDeux bénévoles.".into()));
    }

    #[test]
    fn the_form_reads_what_the_file_holds() {
        let text = format!("---\n{YAML}---\n\nLe chapeau.\n\n## Contexte\n\nAvant.\n\n## Bilan\n\nBien.\n");
        let c = read(&text, false).unwrap();
        assert_eq!(c.get("titre"), Some(&Held::Text("Épicerie solidaire".into())));
        assert_eq!(c.get("territoire.departement"), Some(&Held::Text("21".into())));
        assert_eq!(c.get("chiffres.participants"), Some(&Held::Text("40".into())));
        assert_eq!(c.get("thematiques"), Some(&Held::List(vec!["Alimentation".into(), "Lien social".into()])));
        assert_eq!(c.chapeau, "Le chapeau.");
        assert_eq!(c.sections, vec![(SectionKind::Contexte, "Avant.".into()), (SectionKind::Bilan, "Bien.".into())]);
        assert_eq!(key_at_line(YAML, 2).as_deref(), Some("titre"));
        assert_eq!(key_at_line(YAML, 7).as_deref(), Some("thematiques"));
        assert_eq!(key_at_line(YAML, 11).as_deref(), Some("chiffres.participants"));
        assert_eq!(key_at_line(YAML, 1), None);
        let c = read("titre: T\nchapeau: C\nsections:\n  contexte: |\n    Avant.\n", true).unwrap();
        assert_eq!((c.chapeau.as_str(), c.sections.len(), c.get("titre").is_some()), ("C", 1, true));
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}---\r\ntitre: T\r\n---\r\n\r\n## Contexte\r\n\r\nx\r\n";
        let c = Changes { fields: vec![f("titre", t("U"))], ..Default::default() };
        assert_eq!(edit_fiche(text, false, &c).unwrap(), text.replace("titre: T", "titre: U"));
    }
}
