//! YAML text → a located tree ([`Node`]), and YAML syntax errors translated into
//! plain French. Parsing goes through serde (serde-saphyr) into an untyped tree so
//! that validation can report every problem of a file, not only the first one.

use crate::diagnostics::Pos;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

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

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Spanned<Value> = Spanned::deserialize(d)?;
        Ok(Node {
            value: s.value,
            pos: Pos::new(s.referenced.line() as u32, s.referenced.column() as u32),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une valeur YAML")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map(Value::Int).unwrap_or(Value::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

/// A YAML syntax error in French, at a position relative to the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub aide: Option<String>,
}

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
    o.leading_zero_numbers_as_strings = true;
    o.strict_booleans = true;
    o.with_snippet = false;
    o
}

/// Parses a YAML document into a located tree. An empty text gives `Null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            pos: Pos::new(1, 1),
        });
    }
    serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|e| translate(&e, text))
}

fn translate(err: &serde_saphyr::Error, text: &str) -> SyntaxError {
    use serde_saphyr::Error as E;
    let mut err = err;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = err {
        err = error;
    }
    let pos = err
        .location()
        .map(|l| Pos::new(l.line().max(1) as u32, l.column().max(1) as u32))
        .unwrap_or(Pos::new(1, 1));
    let (message, aide): (String, Option<&str>) = match err {
        E::ExternalMessage { source, msg, .. } => match source.as_ref() {
            serde_saphyr::localizer::ExternalMessageSource::Parser(scan) => {
                return scan_error(scan.kind(), pos, text);
            }
            _ => (format!("YAML invalide ({msg})"), None),
        },
        E::Budget { .. } => (
            "en-tête trop complexe (trop d'imbrications ou de références)".into(),
            Some("un en-tête de fiche ne contient que des clés simples, des listes et quelques sous-clés"),
        ),
        E::UnknownAnchor { .. } => (
            "référence YAML (*nom) vers une ancre qui n'existe pas".into(),
            Some("retirez le signe * ou mettez la valeur entre guillemets"),
        ),
        E::MultipleDocuments { .. } => (
            "plusieurs documents YAML dans un même fichier (ligne « --- » en trop)".into(),
            Some("une fiche ne contient qu'un seul en-tête ; retirez la ligne « --- » en trop"),
        ),
        other => (
            format!("YAML invalide : {}", strip_location(&other.to_string())),
            Some("vérifiez l'indentation (des espaces, pas de tabulation) et mettez les textes contenant « : » entre guillemets"),
        ),
    };
    SyntaxError {
        pos,
        message,
        aide: aide.map(str::to_string),
    }
}

fn strip_location(s: &str) -> String {
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn scan_error(kind: &serde_saphyr::granit_parser::ErrorKind, pos: Pos, text: &str) -> SyntaxError {
    use serde_saphyr::granit_parser::ErrorKind as K;
    let line_text = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
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
            if line_text.matches(": ").count() > 1 || line_text.trim_end().matches(':').count() > 1 {
                (
                    "la valeur contient « : », ce qui est ambigu en YAML".to_string(),
                    "mettez la valeur entre guillemets : titre: \"Couture solidaire : deux ateliers\"".to_string(),
                )
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
        K::UnexpectedEofFlowSequence | K::MisplacedFlowCollectionEnd | K::ExpectedFlowSequenceSeparator => (
            "liste entre crochets mal fermée".to_string(),
            "une liste s'écrit [Insertion, Lien social] : vérifiez les crochets et les virgules".to_string(),
        ),
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping | K::ExpectedFlowMappingSeparator => (
            "accolades mal fermées".to_string(),
            "un ensemble s'écrit { commune: Dijon, departement: \"21\" } : vérifiez les accolades et les virgules".to_string(),
        ),
        K::RecursionLimitExceeded => (
            "en-tête trop imbriqué".to_string(),
            "un en-tête de fiche n'a que deux ou trois niveaux de clés".to_string(),
        ),
        K::ExpectedWhitespace | K::CommentNotSeparated => (
            "il manque une espace".to_string(),
            "écrivez « cle: valeur » avec une espace après les deux-points, et une espace avant un commentaire #".to_string(),
        ),
        _ => (
            "YAML invalide : cette ligne ne se lit pas".to_string(),
            "vérifiez l'indentation (des espaces, pas de tabulation) et mettez les textes contenant « : » ou « # » entre guillemets".to_string(),
        ),
    };
    SyntaxError {
        pos,
        message,
        aide: Some(aide),
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
