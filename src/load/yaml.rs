//! YAML text → a located tree ([`Node`]), and YAML syntax errors translated into
//! plain French. The tree is untyped so that validation ([`crate::load::fields`]) can
//! report every problem of a file, not only the first one as serde would.

use crate::load::diagnostics::Pos;

/// A YAML value with the position (relative to the YAML text) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A French name for the kind of value, for messages (« une liste »).
    pub fn kind_fr(&self) -> &'static str {
        match self {
            Value::Null => "une valeur vide",
            Value::Bool(_) => "un booléen (true/false)",
            Value::Int(_) | Value::Float(_) => "un nombre",
            Value::Str(_) => "un texte",
            Value::Seq(_) => "une liste",
            Value::Map(_) => "un ensemble de clés",
        }
    }
}

impl Node {
    /// The scalar as text (numbers and booleans written back), or `None` for
    /// lists, maps and null.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
            _ => None,
        }
    }

    /// The text shown back to the author in a message.
    pub fn excerpt(&self) -> String {
        match self.as_text() {
            Some(t) if t.chars().count() > 40 => format!("{}…", t.chars().take(40).collect::<String>()),
            Some(t) => t,
            None => self.value.kind_fr().to_string(),
        }
    }
}

/// A YAML syntax error in French, at a position relative to the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub aide: Option<String>,
}

/// Parses a YAML document into a located tree. An empty text gives `Null`.
///
/// Built straight from the events of serde-saphyr's parser (granit-parser):
/// one pass, no intermediate typed values, a position for every node.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    use serde_saphyr::granit_parser::{Event, Parser};
    struct Frame {
        node: Node,
        key: Option<Node>,
    }
    fn attach(stack: &mut [Frame], root: &mut Option<Node>, node: Node) {
        match stack.last_mut() {
            Some(Frame { node: Node { value: Value::Seq(items), .. }, .. }) => items.push(node),
            Some(Frame { node: Node { value: Value::Map(entries), .. }, key }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            _ => *root = Some(node),
        }
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            let m = e.marker();
            scan_error(e.kind(), Pos::new(m.line().max(1) as u32, m.col() as u32 + 1), text)
        })?;
        let pos = Pos::new(span.start.line().max(1) as u32, span.start.col() as u32 + 1);
        match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        pos,
                        message: "plusieurs documents YAML dans un même fichier (ligne « --- » en trop)".into(),
                        aide: Some("une fiche n'a qu'un seul en-tête ; retirez la ligne « --- » en trop".into()),
                    });
                }
            }
            Event::Scalar(v, style, _, _) => {
                let value = resolve_scalar(&v, style);
                attach(&mut stack, &mut root, Node { value, pos });
            }
            Event::SequenceStart(..) => stack.push(Frame { node: Node { value: Value::Seq(Vec::new()), pos }, key: None }),
            Event::MappingStart(..) => stack.push(Frame { node: Node { value: Value::Map(Vec::new()), pos }, key: None }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = stack.pop() {
                    attach(&mut stack, &mut root, frame.node);
                }
            }
            Event::Alias(_) => {
                return Err(SyntaxError {
                    pos,
                    message: "les références YAML (*nom) ne sont pas acceptées dans une fiche".into(),
                    aide: Some("recopiez la valeur, ou mettez-la entre guillemets si elle commence par *".into()),
                });
            }
            _ => {}
        }
    }
    Ok(root.unwrap_or(Node { value: Value::Null, pos: Pos::new(1, 1) }))
}

/// Whether a plain value is a number whose dots a French reader takes for
/// thousands separators: a group of 1 to 3 digits (not starting with 0), then
/// one or more groups of a dot and exactly 3 digits (`87.900`, `1.234.567`).
/// YAML would read `87.900` as 87.9: such a value stays text, and the key
/// reader refuses it with both readings ([`crate::load::fields`]).
pub fn is_dotted_thousands(v: &str) -> bool {
    let mut groups = v.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && first.bytes().all(|b| b.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// YAML 1.2 core schema for plain scalars, except that numbers with a leading
/// zero stay text (`"01"` is a département, not the number 1), and so do
/// numbers written with dots between thousands ([`is_dotted_thousands`]).
fn resolve_scalar(v: &str, style: serde_saphyr::granit_parser::ScalarStyle) -> Value {
    use serde_saphyr::granit_parser::ScalarStyle;
    if style != ScalarStyle::Plain {
        return Value::Str(v.to_string());
    }
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if !leading_zero && let Ok(i) = v.parse::<i64>() {
            return Value::Int(i);
        }
        return Value::Str(v.to_string());
    }
    if is_dotted_thousands(v) {
        return Value::Str(v.to_string());
    }
    let looks_float = !leading_zero
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float
        && let Ok(f) = v.parse::<f64>()
        && f.is_finite()
    {
        return Value::Float(f);
    }
    Value::Str(v.to_string())
}

fn scan_error(kind: &serde_saphyr::granit_parser::ErrorKind, pos: Pos, text: &str) -> SyntaxError {
    use serde_saphyr::granit_parser::ErrorKind as K;
    let line_text = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
    // A key after a `[` or `{` left open on an earlier line: the bracket is the problem.
    if matches!(kind, K::InvalidColonPlacement)
        && let Some((open_pos, open)) = unclosed_bracket(text, pos.line)
    {
        let (message, aide) = if open == '{' {
            ("accolade ouverte mais jamais fermée", "un ensemble s'écrit { commune: Dijon, departement: \"21\" } : ajoutez « } » à la fin")
        } else {
            ("crochet ouvert mais jamais fermé", "une liste s'écrit [Insertion, Lien social] : ajoutez « ] » à la fin")
        };
        return SyntaxError { pos: open_pos, message: message.into(), aide: Some(aide.into()) };
    }
    let (message, aide) = match kind {
        K::TabInBlockIndentation | K::TabInIndentation | K::TabNotAllowed | K::TabAtBlockScalarStart | K::TabInPlainScalar => (
            "une tabulation sert d'indentation : YAML n'accepte que des espaces".to_string(),
            "remplacez la tabulation par deux espaces (dans votre éditeur : « convertir les tabulations en espaces »)".to_string(),
        ),
        K::UnclosedQuotedScalar | K::InvalidTrailingDoubleQuotedScalar | K::InvalidTrailingSingleQuotedScalar => (
            "guillemet ouvert mais jamais fermé".to_string(),
            "fermez le guillemet à la fin de la valeur (titre: \"Mon action\"), ou retirez-le".to_string(),
        ),
        K::MappingValueNotAllowed | K::MappingKeyNotAllowed | K::InvalidSimpleKey | K::SimpleKeyExpected => {
            if missing_space_after_colon(line_text) {
                (
                    "il manque une espace après « : »".to_string(),
                    "écrivez « cle: valeur », avec une espace après les deux-points".to_string(),
                )
            } else if line_text.matches(": ").count() > 1 || line_text.trim_end().matches(':').count() > 1 {
                // The author's own line, quoted; Word's curly quotes do not count in YAML.
                let (key, value) = line_text.split_once(": ").unwrap_or(("titre", "Couture solidaire : deux ateliers"));
                let value = value.trim();
                let curly = value.starts_with(['“', '‘', '«']);
                let bare = value.trim_matches(['“', '”', '‘', '’', '«', '»', ' ', '\u{a0}', '\u{202f}']).replace('"', "\\\"");
                let quoted = format!("{}: \"{bare}\"", key.trim());
                if curly {
                    (
                        "la valeur contient « : », et ses guillemets “ ” (ceux de Word) ne comptent pas en YAML".to_string(),
                        format!("remplacez-les par des guillemets droits \" : {quoted}"),
                    )
                } else {
                    (
                        "la valeur contient « : », ce qui est ambigu en YAML".to_string(),
                        format!("mettez la valeur entre guillemets : {quoted}"),
                    )
                }
            } else {
                (
                    "ligne mal formée : une clé est attendue, suivie de « : » et de sa valeur".to_string(),
                    "écrivez « cle: valeur », avec la même indentation que les autres clés".to_string(),
                )
            }
        }
        K::InvalidIndentation | K::InvalidBlockScalarIndent | K::InvalidFlowScalarIndent | K::ExpectedBlockMappingKey => (
            "indentation incohérente".to_string(),
            "alignez cette ligne sur les autres clés du même niveau (même nombre d'espaces)".to_string(),
        ),
        K::UnclosedFlowCollection { open: '{' } => (
            "accolade ouverte mais jamais fermée".to_string(),
            "un ensemble s'écrit { commune: Dijon, departement: \"21\" } : ajoutez « } » à la fin".to_string(),
        ),
        K::UnclosedFlowCollection { .. } => (
            "crochet ouvert mais jamais fermé".to_string(),
            "une liste s'écrit [Insertion, Lien social] : ajoutez « ] » à la fin".to_string(),
        ),
        K::UnexpectedEofFlowSequence | K::MisplacedFlowCollectionEnd | K::ExpectedFlowSequenceSeparator => (
            "liste entre crochets mal fermée".to_string(),
            "une liste s'écrit [Insertion, Lien social] : vérifiez les crochets et les virgules".to_string(),
        ),
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping | K::ExpectedFlowMappingSeparator => (
            "accolades mal fermées".to_string(),
            "un ensemble s'écrit { commune: Dijon, departement: \"21\" } : vérifiez les accolades et les virgules".to_string(),
        ),
        K::RecursionLimitExceeded => {
            ("en-tête trop imbriqué".to_string(), "un en-tête de fiche n'a que deux ou trois niveaux de clés".to_string())
        }
        K::ExpectedWhitespace | K::CommentNotSeparated => (
            "il manque une espace".to_string(),
            "écrivez « cle: valeur » avec une espace après les deux-points, et une espace avant un commentaire #".to_string(),
        ),
        _ => (
            "YAML invalide : cette ligne ne se lit pas".to_string(),
            "vérifiez l'indentation (des espaces, pas de tabulation) et mettez les textes contenant « : » ou « # » entre guillemets"
                .to_string(),
        ),
    };
    // The parser marks where the value started, or the character after the
    // tab: point at the tab itself (on that line or one of the next two).
    let is_tab =
        matches!(kind, K::TabInBlockIndentation | K::TabInIndentation | K::TabNotAllowed | K::TabAtBlockScalarStart | K::TabInPlainScalar);
    let first = pos.line.saturating_sub(1) as usize;
    let tab = text.lines().enumerate().skip(first).take(3).find_map(|(i, l)| l.chars().position(|c| c == '\t').map(|c| (i, c)));
    let pos = match tab {
        Some((i, c)) if is_tab => Pos::new(i as u32 + 1, c as u32 + 1),
        _ => pos,
    };
    SyntaxError { pos, message, aide: Some(aide) }
}

/// The outermost `[` or `{` still open before line `before` (quotes and comments skipped).
fn unclosed_bracket(text: &str, before: u32) -> Option<(Pos, char)> {
    let mut stack: Vec<(Pos, char)> = Vec::new();
    for (i, line) in text.lines().enumerate().take(before.saturating_sub(1) as usize) {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                (None, '#') if prev == ' ' => break,
                (None, '[' | '{') => stack.push((Pos::new(i as u32 + 1, col as u32 + 1), c)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    stack.first().copied()
}

/// `resume:Une action` (a key, a colon, no space): YAML reads one word.
fn missing_space_after_colon(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ");
    match t.split_once(':') {
        Some((key, rest)) => {
            !key.is_empty()
                && key.chars().all(|c| c.is_alphanumeric() || c == '_')
                && rest.chars().next().is_some_and(|c| !c.is_whitespace())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_tree() {
        let n = parse("titre: Bonjour\nliste:\n  - a\n  - 2\nd: \"01\"\ne: 01\n").unwrap();
        let Value::Map(m) = &n.value else { panic!() };
        assert_eq!(m[0].1.value, Value::Str("Bonjour".into()));
        assert_eq!(m[0].1.pos, Pos::new(1, 8));
        let Value::Seq(s) = &m[1].1.value else { panic!() };
        assert_eq!(s[1].value, Value::Int(2));
        assert_eq!(s[1].pos.line, 4);
        assert_eq!(m[3].1.value, Value::Str("01".into()));
    }

    #[test]
    fn scalars() {
        let n = parse("a: 1.5\nb: -3\nc: 007\nd: ~\ne: 1e3\nf: 2019-02-14\ng: '12'\n").unwrap();
        let Value::Map(m) = &n.value else { panic!() };
        let v: Vec<&Value> = m.iter().map(|(_, v)| &v.value).collect();
        assert_eq!(
            v,
            [
                &Value::Float(1.5),
                &Value::Int(-3),
                &Value::Str("007".into()),
                &Value::Null,
                &Value::Float(1000.0),
                &Value::Str("2019-02-14".into()),
                &Value::Str("12".into())
            ]
        );
        assert!(parse("a: *x\n").is_err());
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn keeps_duplicates_for_validation() {
        let n = parse("a: 1\na: 2\n").unwrap();
        let Value::Map(m) = &n.value else { panic!() };
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn french_syntax_errors() {
        let e = parse("titre: x\nterritoire:\n\tcommune: Dijon\n").unwrap_err();
        assert!(e.message.contains("tabulation"), "{e:?}");
        assert_eq!(e.pos.line, 3);
        let e = parse("titre: \"abc\nresume: x\n").unwrap_err();
        assert!(e.message.contains("guillemet"), "{e:?}");
        let e = parse("titre: Couture : deux\n").unwrap_err();
        assert!(e.message.contains("« : »"), "{e:?}");
    }

    #[test]
    fn words_stay_text() {
        let n = parse("a: Non\nb: yes\n").unwrap();
        let Value::Map(m) = &n.value else { panic!() };
        assert_eq!(m[0].1.value, Value::Str("Non".into()));
        assert_eq!(m[1].1.value, Value::Str("yes".into()));
    }
}
