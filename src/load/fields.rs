//! Reading a located YAML tree against a schema: unknown keys with the closest
//! known one, duplicate keys, required keys, and typed values (text, numbers,
//! amounts, years, dates, lists, choices), each problem reported at its place.
//! Shared by fiches and by `recueil.yaml`.

use crate::load::diagnostics::{Pos, Sink};
use crate::load::yaml::{Node, Value};
use crate::model::Montant;
use crate::model::date::{Date, DateError};

/// The largest count an author may write (people, sessions, inhabitants):
/// more is a typo. With [`MAX_EUROS`], it bounds every value a total adds.
pub const MAX_COUNT: f64 = 1e8;
/// The largest amount in euros an author may write.
pub const MAX_EUROS: f64 = 1e9;
/// The largest number of full-time equivalents.
pub const MAX_ETP: f64 = 1e5;

/// Reads values of one file; positions are shifted by `line_offset`
/// (the front matter starts on line 2 of a Markdown fiche).
pub struct Reader<'s> {
    pub sink: &'s mut Sink,
    pub line_offset: u32,
}

/// The entries of one YAML map, after key checks.
pub struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node)>,
    /// Where to report a missing key.
    pub pos: Pos,
    /// Known keys that an unknown key's hint already named (not reported missing).
    suggested: Vec<&'static str>,
    /// How the map is named in messages (« l'en-tête », « territoire »).
    pub name: String,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
    }

    /// Present and not null.
    pub fn value(&self, key: &str) -> Option<&'n Node> {
        self.get(key).filter(|n| n.value != Value::Null)
    }

    pub fn keys(&self) -> impl Iterator<Item = (&'n str, &'n Node)> + '_ {
        self.entries.iter().copied()
    }

    pub fn empty(pos: Pos, name: &str) -> Fields<'n> {
        Fields { entries: Vec::new(), pos, suggested: Vec::new(), name: name.to_string() }
    }
}

/// A YAML key with what it expects, for hints.
pub struct KeySpec {
    pub key: &'static str,
    /// The expected type or format, in French.
    pub format: &'static str,
    /// A line the author can copy.
    pub example: &'static str,
}

impl KeySpec {
    /// A key, the French words for what it takes, and an example line.
    pub const fn new(key: &'static str, format: &'static str, example: &'static str) -> KeySpec {
        KeySpec { key, format, example }
    }
}

impl<'s> Reader<'s> {
    pub fn at(&self, n: &Node) -> Pos {
        Pos::new(n.pos.line + self.line_offset, n.pos.col)
    }

    /// Checks that `node` is a map whose keys are all in `specs`, without duplicates.
    /// `missing_pos` is where missing keys will be reported.
    pub fn map<'n>(&mut self, node: &'n Node, name: &str, specs: &'static [KeySpec], missing_pos: Pos) -> Option<Fields<'n>> {
        self.map_with_hint(node, name, specs, missing_pos, None)
    }

    /// [`Reader::map`], with `unknown_hint` added to the hint of every unknown key.
    pub fn map_with_hint<'n>(
        &mut self,
        node: &'n Node,
        name: &str,
        specs: &'static [KeySpec],
        missing_pos: Pos,
        unknown_hint: Option<&str>,
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            let example = specs.first().map(|s| s.example).unwrap_or("");
            self.sink.error(
                self.at(node),
                // `name` is already quoted (« territoire ») or a phrase (un indicateur).
                format!(
                    "{} doit être un ensemble de clés, pas {}",
                    if name.is_empty() { "le contenu" } else { name },
                    node.value.kind_fr()
                ),
                Some(format!("écrivez par exemple : {example}")),
            );
            return None;
        };
        let mut fields = Fields::empty(missing_pos, name);
        for (i, (k, v)) in entries.iter().enumerate() {
            let Some(key) = (match &k.value {
                Value::Str(s) => Some(s.as_str()),
                _ => None,
            }) else {
                // `{ salaries_etp: 0,25 }`: in braces the comma ends the value,
                // and `25` becomes a key. The number before it is not kept.
                if let (Value::Int(_), Value::Null, Some((prev_k, prev_v))) = (&k.value, &v.value, i.checked_sub(1).map(|j| &entries[j]))
                    && let (Some(prev_key), Value::Int(units)) = (prev_k.as_text(), &prev_v.value)
                {
                    let decimals = k.excerpt();
                    self.sink.error(
                        self.at(prev_v),
                        format!(
                            "« {prev_key}: {units},{decimals} » : entre accolades {{ … }}, la virgule sépare les clés, et {units},{decimals} se lit {units} suivi d'une clé « {decimals} »"
                        ),
                        Some(format!(
                            "écrivez {prev_key}: {units}.{decimals} entre les accolades, ou mettez {prev_key}: {units},{decimals} sur une ligne à lui, sans accolades"
                        )),
                    );
                    fields.entries.retain(|(e, _)| *e != prev_key.as_str());
                    continue;
                }
                self.sink.error(
                    self.at(k),
                    format!("clé « {} » invalide", k.excerpt()),
                    Some("une clé est un mot en minuscules sans accent, suivi de « : »".into()),
                );
                continue;
            };
            if !specs.iter().any(|s| s.key == key) {
                let closest = crate::model::text::closest(key, specs.iter().map(|s| s.key));
                let aide = match closest {
                    Some(c) => {
                        if let Some(spec) = specs.iter().find(|s| s.key == c) {
                            fields.suggested.push(spec.key);
                        }
                        format!("vouliez-vous dire « {c} » ? (les clés s'écrivent en minuscules, sans accent)")
                    }
                    None => format!("clés possibles{} : {}", in_name(name), specs.iter().map(|s| s.key).collect::<Vec<_>>().join(", ")),
                };
                let aide = match unknown_hint {
                    Some(h) => format!("{aide} ; {h}"),
                    None => aide,
                };
                self.sink.error(self.at(k), format!("clé inconnue « {key} »{}", in_name(name)), Some(aide));
                continue;
            }
            if let Some((_, first)) = fields.entries.iter().find(|(e, _)| *e == key) {
                let first_line = first.pos.line + self.line_offset;
                self.sink.error(
                    self.at(k),
                    format!("la clé « {key} » est écrite deux fois (déjà ligne {first_line})"),
                    Some("gardez une seule ligne pour cette clé".into()),
                );
                continue;
            }
            fields.entries.push((key, v));
        }
        Some(fields)
    }

    /// Reports a required key that is absent or empty. Returns the node when present.
    pub fn required<'n>(&mut self, f: &Fields<'n>, spec: &KeySpec) -> Option<&'n Node> {
        match f.get(spec.key) {
            Some(n) if n.value != Value::Null => Some(n),
            Some(n) => {
                self.sink.error(
                    self.at(n),
                    format!("la clé « {} » est vide", spec.key),
                    Some(format!("attendu : {} ; par exemple {}", spec.format, spec.example)),
                );
                None
            }
            None => {
                if !f.suggested.contains(&spec.key) {
                    self.sink.error(
                        f.pos,
                        format!("clé obligatoire « {} » absente{}", spec.key, in_name(&f.name)),
                        Some(format!("ajoutez une ligne « {} » ({})", spec.example, spec.format)),
                    );
                }
                None
            }
        }
    }

    /// A single line or paragraph of text. Numbers and booleans are taken as text.
    pub fn text(&mut self, n: &Node, spec: &KeySpec) -> Option<String> {
        match n.as_text() {
            Some(t) if t.trim().is_empty() => {
                self.sink.error(self.at(n), format!("la clé « {} » est vide", spec.key), Some(format!("par exemple {}", spec.example)));
                None
            }
            Some(t) if t.chars().any(crate::model::text::is_hidden_control) => {
                let (i, c) = t.chars().enumerate().find(|(_, c)| crate::model::text::is_hidden_control(*c)).unwrap_or((0, ' '));
                let clean: String = t.chars().filter(|c| !crate::model::text::is_hidden_control(*c)).collect();
                self.sink.error(
                    self.at(n),
                    format!(
                        "« {} » contient un caractère invisible ({}), en {} position : il pourrait tromper le lecteur ou casser les fichiers produits",
                        spec.key,
                        crate::model::text::hidden_control_name(c),
                        if i == 0 { "1re".to_string() } else { format!("{}e", i + 1) }
                    ),
                    Some(format!("retirez-le : {}: \"{}\"", spec.key, clean.trim())),
                );
                None
            }
            Some(t) => Some(t.trim().to_string()),
            None => {
                self.sink.error(
                    self.at(n),
                    format!("« {} » doit être {}, pas {}", spec.key, spec.format, n.value.kind_fr()),
                    Some(format!("par exemple {}", spec.example)),
                );
                None
            }
        }
    }

    pub fn opt_text(&mut self, f: &Fields, spec: &KeySpec) -> Option<String> {
        f.value(spec.key).and_then(|n| self.text(n, spec))
    }

    /// A number, as YAML writes it, or as a French author may (`12 000`, `1,5`).
    /// `87.900` is refused: a French reader sees 87 900, YAML 87.9.
    pub fn number(&mut self, n: &Node, spec: &KeySpec) -> Option<f64> {
        if let Value::Str(s) = &n.value
            && crate::load::yaml::is_dotted_thousands(s.trim())
        {
            let s = s.trim();
            let whole = s.replace('.', "");
            let grouped = crate::model::text::group_thousands(whole.parse::<u128>().unwrap_or(0));
            // One dot: both readings, in the message and in the hint; more: thousands only.
            let (question, aide) = match s.parse::<f64>() {
                Ok(x) if s.matches('.').count() == 1 => (
                    format!("faut-il lire {grouped} ou {} ?", crate::model::text::number_fr(x)),
                    format!(
                        "écrivez {whole} s'il s'agit de {grouped}, ou {} s'il s'agit de décimales (entre accolades {{ … }}, écrivez {x})",
                        crate::model::text::number_fr(x)
                    ),
                ),
                _ => (format!("faut-il lire {grouped} ?"), format!("écrivez {whole} (sans point entre les milliers)")),
            };
            self.sink.error(self.at(n), format!("« {} » : « {s} » est ambigu : {question}", spec.key), Some(aide));
            return None;
        }
        let x = match &n.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::Str(s) => parse_french_number(s),
            _ => None,
        };
        if x.is_none() {
            // `630 €`, `25 personnes`: the author's number without its unit.
            let own = n.as_text().and_then(|s| {
                let number = s.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).trim_end();
                (number.len() < s.trim().len()).then(|| parse_french_number(number)).flatten().map(|_| number.to_string())
            });
            let example = own.map_or_else(|| spec.example.to_string(), |v| format!("{}: {v}", spec.key));
            self.sink.error(
                self.at(n),
                format!("« {} » doit être un nombre, pas « {} »", spec.key, n.excerpt()),
                Some(format!("écrivez le nombre seul, en chiffres et sans unité : {example}")),
            );
        }
        x
    }

    /// A whole number ≥ 0, at most [`MAX_COUNT`].
    pub fn count(&mut self, n: &Node, spec: &KeySpec) -> Option<u64> {
        let x = self.number(n, spec)?;
        if x < 0.0 || x.fract() != 0.0 {
            self.sink.error(
                self.at(n),
                format!("« {} » doit être un nombre entier positif, pas « {} »", spec.key, n.excerpt()),
                Some(format!("par exemple {}", spec.example)),
            );
            return None;
        }
        if x > MAX_COUNT {
            self.implausible(n, spec, "plus de cent millions");
            return None;
        }
        Some(x as u64)
    }

    /// An amount in euros ≥ 0, at most [`MAX_EUROS`], kept in cents.
    pub fn montant(&mut self, n: &Node, spec: &KeySpec) -> Option<Montant> {
        let x = self.number(n, spec)?;
        if x < 0.0 {
            self.sink.error(
                self.at(n),
                format!("« {} » : un montant ne peut pas être négatif (« {} »)", spec.key, n.excerpt()),
                Some(format!("un montant en euros, sans signe, par exemple {}", spec.example)),
            );
            return None;
        }
        if x > MAX_EUROS {
            self.implausible(n, spec, "plus d'un milliard d'euros");
            return None;
        }
        Some(Montant::from_euros(x))
    }

    /// A value beyond what any local action can hold: a typo, most often zeros.
    pub fn implausible(&mut self, n: &Node, spec: &KeySpec, what: &str) {
        self.sink.error(
            self.at(n),
            format!("« {} » : « {} » est invraisemblable ({what})", spec.key, n.excerpt()),
            Some(format!("vérifiez le nombre de zéros ; par exemple {}", spec.example)),
        );
    }

    /// A year between 1900 and 2100.
    pub fn year(&mut self, n: &Node, spec: &KeySpec) -> Option<i32> {
        let x = self.number(n, spec)?;
        if x.fract() != 0.0 || !(1900.0..=2100.0).contains(&x) {
            self.sink.error(
                self.at(n),
                format!("« {} » : « {} » n'est pas une année", spec.key, n.excerpt()),
                Some(format!("une année sur quatre chiffres, par exemple {}", spec.example)),
            );
            return None;
        }
        Some(x as i32)
    }

    /// A date `AAAA-MM-JJ` that exists.
    pub fn date(&mut self, n: &Node, spec: &KeySpec) -> Option<Date> {
        let text = n.as_text().unwrap_or_default();
        match Date::parse(&text) {
            Ok(d) if !(1900..=2100).contains(&d.year) => {
                self.sink.error(
                    self.at(n),
                    format!("« {} » : l'année {} n'est pas plausible pour une fiche", spec.key, d.year),
                    Some(format!("une date entre 1900 et 2100, par exemple {}", spec.example)),
                );
                None
            }
            Ok(d) => Some(d),
            Err(DateError::Format) => {
                // The author's own date, rewritten, when it can be read.
                let example = Date::guess(&text).map_or_else(|| spec.example.to_string(), |d| format!("{}: {}", spec.key, d.iso()));
                self.sink.error(
                    self.at(n),
                    format!("« {} » : « {} » n'est pas une date au format AAAA-MM-JJ", spec.key, n.excerpt()),
                    Some(format!("écrivez l'année, le mois et le jour séparés par des tirets : {example}")),
                );
                None
            }
            Err(DateError::Impossible) => {
                self.sink.error(
                    self.at(n),
                    format!("« {} » : le {} n'existe pas dans le calendrier", spec.key, text.trim()),
                    Some("vérifiez le mois (01 à 12) et le jour (pas de 30 février, ni de 31 avril)".into()),
                );
                None
            }
        }
    }

    /// A yes/no value (`true`/`false`, `oui`/`non`).
    pub fn boolean(&mut self, n: &Node, spec: &KeySpec) -> Option<bool> {
        match &n.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(crate::model::text::fold(s.trim()).as_str(), "oui" | "yes") => Some(true),
            Value::Str(s) if matches!(crate::model::text::fold(s.trim()).as_str(), "non" | "no") => Some(false),
            _ => {
                self.sink.error(
                    self.at(n),
                    format!("« {} » vaut true ou false, pas « {} »", spec.key, n.excerpt()),
                    Some(format!("par exemple {}", spec.example)),
                );
                None
            }
        }
    }

    /// One of a fixed list of codes, matched without case, accents or spaces
    /// (`Centre social` → `centre-social`).
    pub fn choice<T: Copy>(
        &mut self,
        n: &Node,
        spec: &KeySpec,
        from_code: impl Fn(&str) -> Option<T>,
        codes: &[&'static str],
    ) -> Option<T> {
        let text = n.as_text().unwrap_or_default();
        if let Some(v) = from_code(&crate::model::text::slugify(&text)) {
            return Some(v);
        }
        let hint = match crate::model::text::closest(&text, codes.iter().copied()) {
            Some(c) => format!("vouliez-vous dire « {c} » ? Valeurs permises : {}", codes.join(", ")),
            None => format!("valeurs permises : {}", codes.join(", ")),
        };
        self.sink.error(self.at(n), format!("« {} » : « {} » n'est pas une valeur permise", spec.key, n.excerpt()), Some(hint));
        None
    }

    /// A list of texts. A single text is accepted as a list of one.
    pub fn text_list(&mut self, n: &Node, spec: &KeySpec) -> Vec<String> {
        let items: Vec<&Node> = match &n.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![n],
        };
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        // Folded forms seen so far: a long list stays linear.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::with_capacity(items.len());
        for item in items {
            if let Some(t) = self.text(item, spec) {
                if !seen.insert(crate::model::text::fold(&t)) {
                    self.sink.warning(
                        self.at(item),
                        format!("« {t} » est déjà dans la liste « {} »", spec.key),
                        Some("retirez le doublon".into()),
                    );
                } else {
                    out.push(t);
                }
            }
        }
        out
    }

    /// A list of terms that name pages of the site (thématiques, publics):
    /// a term without any letter or digit would have no page, so it is refused.
    pub fn term_list(&mut self, n: &Node, spec: &KeySpec) -> Vec<String> {
        let mut list = self.text_list(n, spec);
        let items: Vec<&Node> = match &n.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        for item in items {
            if let Some(t) = item.as_text().map(|t| t.trim().to_string())
                && !t.is_empty()
                && crate::model::text::slugify(&t).is_empty()
            {
                self.sink.error(
                    self.at(item),
                    format!("« {t} » dans « {} » n'a ni lettre ni chiffre : aucune page du site ne peut porter ce nom", spec.key),
                    Some(format!("écrivez un mot, par exemple {}", spec.example)),
                );
                list.retain(|x| x != &t);
            }
        }
        list
    }

    /// The items of a list (a single map is accepted as a list of one).
    pub fn items<'n>(&mut self, n: &'n Node, spec: &KeySpec) -> Vec<&'n Node> {
        match &n.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            Value::Map(_) => vec![n],
            _ => {
                self.sink.error(self.at(n), format!("« {} » doit être une liste", spec.key), Some(format!("par exemple {}", spec.example)));
                Vec::new()
            }
        }
    }
}

fn in_name(name: &str) -> String {
    if name.is_empty() { String::new() } else { format!(" dans {name}") }
}

pub use crate::model::text::parse_french_number;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(parse_french_number("12 000"), Some(12000.0));
        assert_eq!(parse_french_number("1,5"), Some(1.5));
        assert_eq!(parse_french_number("mille euros"), None);
        assert_eq!(parse_french_number("12 000 €"), None);
        assert!(crate::load::yaml::is_dotted_thousands("87.900") && crate::load::yaml::is_dotted_thousands("1.234.567"));
        for not in ["87.9", "0.250", "1.5", "87.9000", "1234.567", "12,5", ".900", "87."] {
            assert!(!crate::load::yaml::is_dotted_thousands(not), "{not}");
        }
        assert_eq!(parse_french_number(""), None);
    }
}
