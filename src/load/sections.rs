//! The body of a fiche: the chapeau, and the level-2 headings matched to the
//! canonical sections ([`SectionKind::from_heading`]).

use crate::load::diagnostics::{Pos, Sink};
use crate::model::SectionKind;
use crate::model::fiche::Section;
use crate::model::markdown::{Markdown, options};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The body split into chapeau and sections (canonical order).
pub struct Body {
    pub chapeau: Option<Markdown>,
    pub sections: Vec<Section>,
    /// Sections that the hint of a misspelt heading named (not reported missing too).
    pub suggested: Vec<SectionKind>,
}

/// Splits a Markdown body at its level-2 headings. `first_line` is the file line
/// of the body's first line; problems go to `sink`.
pub fn split_body(body: &str, first_line: u32, sink: &mut Sink) -> Body {
    let line_starts: Vec<usize> = std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let pos_of = |offset: usize| -> Pos {
        let idx = line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let col = body[line_starts[idx]..offset].chars().count() as u32 + 1;
        Pos::new(first_line + idx as u32, col)
    };

    struct Open {
        kind: Option<SectionKind>,
        titre: String,
        pos: Pos,
        content_start: usize,
    }
    let mut chapeau_end = body.len();
    let mut current: Option<Open> = None;
    let mut finished: Vec<(Open, usize)> = Vec::new();
    let headings = headings(body);
    for (start, content_start, titre) in headings {
        if let Some(open) = current.take() {
            finished.push((open, start));
        } else {
            chapeau_end = start;
        }
        let pos = pos_of(start);
        current = Some(Open { kind: SectionKind::from_heading(&titre), titre, pos, content_start });
    }
    if let Some(open) = current.take() {
        finished.push((open, body.len()));
    }

    typed_bullets(body, first_line, sink);
    let chapeau_src = body[..chapeau_end].trim();
    let chapeau = (!chapeau_src.is_empty()).then(|| Markdown::new(chapeau_src));

    let mut sections: Vec<Section> = Vec::new();
    let mut suggested: Vec<SectionKind> = Vec::new();
    for (open, end) in finished {
        let Some(kind) = open.kind else {
            // « Ils financent l'action »: the funders belong in the front matter.
            if crate::model::text::fold(&open.titre).contains("financ") {
                let lines = funders_lines(&body[open.content_start.min(end)..end]);
                sink.error(
                    open.pos,
                    format!("l'intertitre « ## {} » n'est pas une section : les financeurs vont dans l'en-tête de la fiche", open.titre),
                    Some(if lines.is_empty() {
                        "écrivez-les dans l'en-tête : financeurs: [{ nom: Carsat, montant: 2000 }], puis retirez cette partie".into()
                    } else {
                        format!(
                            "remplacez cette partie par ces lignes dans l'en-tête (entre les deux « --- ») :\nfinanceurs:\n{}",
                            lines.join("\n")
                        )
                    }),
                );
                continue;
            }
            let aide = match SectionKind::closest_heading(&open.titre) {
                Some(c) => {
                    suggested.extend(SectionKind::from_heading(c));
                    format!("vouliez-vous dire « ## {c} » ?")
                }
                None => format!(
                    "les sections reconnues sont : {} ; un intertitre à l'intérieur d'une section s'écrit « ### »",
                    SectionKind::ALL.map(|k| k.label()).join(", ")
                ),
            };
            sink.error(open.pos, format!("l'intertitre « ## {} » ne correspond à aucune section", open.titre), Some(aide));
            continue;
        };
        if let Some(first) = sections.iter().find(|s| s.kind == kind) {
            let message = if crate::model::text::fold(&open.titre) == crate::model::text::fold(&first.titre) {
                format!("la section « {} » apparaît deux fois (déjà ligne {})", kind.label(), first.ligne)
            } else {
                format!(
                    "la section « {} » apparaît deux fois : « ## {} » veut dire la même chose que « ## {} » (ligne {})",
                    kind.label(),
                    open.titre,
                    first.titre,
                    first.ligne
                )
            };
            sink.error(
                open.pos,
                message,
                Some("regroupez les deux parties sous un seul intertitre « ## », ou changez le second en « ### »".into()),
            );
            continue;
        }
        sections.push(Section {
            kind,
            titre: open.titre,
            ligne: open.pos.line,
            contenu: Markdown::new(body[open.content_start.min(end)..end].trim()),
        });
    }
    sections.sort_by_key(|s| s.kind);
    Body { chapeau, sections, suggested }
}

/// The `financeurs:` lines a funders' paragraph says (« Carsat : 2 000
/// euros » → `  - { nom: Carsat, montant: 2000 }`; a name alone → `{ nom }`).
fn funders_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '•', '▪']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| match crate::model::text::funder_with_amount(l) {
            Some((nom, montant)) => format!("  - {{ nom: {nom}, montant: {montant} }}"),
            None => format!("  - {{ nom: {} }}", l.trim_end_matches([':', '.'])),
        })
        .take(20)
        .collect()
}

/// Warns on each line starting with a bullet typed by hand (« • », « ▪ »,
/// copied from Word or a web page): Markdown shows it as a paragraph, not a
/// list item. Code blocks aside.
fn typed_bullets(body: &str, first_line: u32, sink: &mut Sink) {
    let mut fence = false;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(b) = ['•', '▪', '◦', '➢', '►'].into_iter().find(|b| t.starts_with(*b)) {
            let rest = t[b.len_utf8()..].trim_start();
            sink.warning(
                Pos::new(first_line + i as u32, (line.chars().count() - t.chars().count()) as u32 + 1),
                format!("puce tapée à la main (« {b} ») : le site l'affichera comme un paragraphe, pas comme une liste"),
                Some(format!("commencez la ligne par « - » : - {}", rest.chars().take(60).collect::<String>())),
            );
        }
    }
}

/// A level-2 heading: where it starts, where the text under it starts, its text.
type H2 = (usize, usize, String);

/// The body's level-2 headings: where each starts, where its content starts,
/// its text. The one rule for the loader and the editor.
pub fn headings(body: &str) -> Vec<H2> {
    h2_by_lines(body).unwrap_or_else(|| h2_by_parser(body))
}

/// The level-2 headings of `body`, from the full Markdown parse.
fn h2_by_parser(body: &str) -> Vec<H2> {
    let mut out = Vec::new();
    let mut in_h2: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match (&event, &mut in_h2) {
            (Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }), None) => in_h2 = Some((range.start, String::new())),
            (Event::End(TagEnd::Heading(HeadingLevel::H2)), Some((start, text))) => {
                out.push((*start, range.end, text.trim().to_string()));
                in_h2 = None;
            }
            (Event::Text(t) | Event::Code(t), Some((_, text))) => text.push_str(t),
            _ => {}
        }
    }
    out
}

/// The level-2 headings of `body` read line by line, without parsing the
/// paragraphs: `## Titre` lines at the start of a line. `None` as soon as a
/// line could make this reading differ from the full parse (a code fence, an
/// HTML block, a quote, a setext underline or thematic break, a `#` that a
/// list or an indent could put in a heading, a link or a `|` in a heading):
/// the full parse then decides.
fn h2_by_lines(body: &str) -> Option<Vec<H2>> {
    if body.contains('\r') {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let end = start + line.len();
        let text = line.strip_suffix('\n').unwrap_or(line);
        let first = text.trim_start_matches([' ', '\t']);
        match first.bytes().next() {
            Some(b'`' | b'~' | b'<' | b'>') => return None,
            Some(b'-' | b'=' | b'_' | b'*') if first.bytes().all(|b| matches!(b, b'-' | b'=' | b'_' | b'*' | b' ' | b'\t')) => return None,
            _ => {}
        }
        match text.find('#') {
            Some(0) => {
                let b = text.as_bytes();
                if b.get(1) == Some(&b'#') && b.get(2).is_none_or(|c| *c == b' ' || *c == b'\t') {
                    if text.contains(['[', '|']) {
                        return None;
                    }
                    out.push((start, end, heading_text(text)));
                }
            }
            Some(_) if !text.starts_with(char::is_alphabetic) => return None,
            _ => {}
        }
        start = end;
    }
    Some(out)
}

/// The text of a heading line as the full parse gives it (inline markup read).
fn heading_text(line: &str) -> String {
    // Plain words (no markup, entity, link or closing `#`): the text as written.
    let content = line.get(2..).unwrap_or_default();
    if !content.bytes().any(|b| matches!(b, b'\\' | b'`' | b'*' | b'_' | b'&' | b'<' | b'!' | b'[' | b']' | b'~' | b'#' | b'|' | b'$')) {
        return content.trim().to_string();
    }
    let mut text = String::new();
    for e in Parser::new_ext(line, options()) {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(&t);
        }
    }
    text.trim().to_string()
}

/// Reports the required sections that are missing, at `pos`, except those
/// already reported otherwise (`suggested`: named by the hint of a misspelt
/// heading, or written with a wrong value).
pub fn check_required(sections: &[Section], suggested: &[SectionKind], pos: Pos, sink: &mut Sink, yaml_spelling: bool) {
    for kind in SectionKind::ALL.into_iter().filter(|k| k.required() && !suggested.contains(k)) {
        if !sections.iter().any(|s| s.kind == kind) {
            let aide = if yaml_spelling {
                format!("ajoutez sous « sections: » une clé « {}: | » suivie du texte", kind.name())
            } else {
                format!(
                    "ajoutez un intertitre « ## {} » suivi du texte (autres intitulés acceptés : {})",
                    kind.label(),
                    kind.aliases()[1..].join(", ")
                )
            };
            sink.error(pos, format!("la section obligatoire « {} » est absente", kind.label()), Some(aide));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_matches_its_section() {
        for k in SectionKind::ALL {
            for a in k.aliases() {
                assert_eq!(SectionKind::from_heading(a), Some(k), "{a}");
                assert_eq!(SectionKind::from_heading(&a.to_uppercase()), Some(k), "{a}");
            }
        }
    }

    #[test]
    fn forgiving_matching() {
        let cases = [
            ("  contexte  ", SectionKind::Contexte),
            ("ÉLÉMENTS DE DIAGNOSTIC", SectionKind::Contexte),
            ("Le contexte", SectionKind::Contexte),
            ("Les partenaires", SectionKind::Partenaires),
            ("L'évaluation", SectionKind::Bilan),
            ("L’évaluation de l’action", SectionKind::Bilan),
            ("Le fonctionnement de l'action", SectionKind::Fonctionnement),
            ("Public(s) ciblé(s) par l'action", SectionKind::Public),
            ("Public(s) Ciblé(s)", SectionKind::Public),
            ("Description/Fonctionnement", SectionKind::Fonctionnement),
            ("Résultats obtenus :", SectionKind::Bilan),
            ("Observations du CCAS/CIAS", SectionKind::Observations),
            ("Moyens humains   et matériels", SectionKind::Moyens),
            ("Les moyens", SectionKind::Moyens),
            ("Facteurs de réussite", SectionKind::Observations),
            ("Publics visés", SectionKind::Public),
            ("Déroulement", SectionKind::Fonctionnement),
            ("Budget", SectionKind::Moyens),
            ("Partenariats", SectionKind::Partenaires),
            ("Perspectives", SectionKind::Observations),
        ];
        for (h, k) in cases {
            assert_eq!(SectionKind::from_heading(h), Some(k), "{h}");
        }
        assert_eq!(SectionKind::from_heading("Contxte"), None);
        assert_eq!(SectionKind::closest_heading("Contxte"), Some("Contexte"));
        assert_eq!(SectionKind::closest_heading("Partenaire"), Some("Partenaires"));
    }

    #[test]
    fn splits_body_in_canonical_order() {
        let body = "Intro *chapeau*.\n\n## Bilan\n\nBien.\n\n## Contexte\n\nAvant.\n\n```\n## pas un titre\n```\n";
        let mut sink = Sink::new("x.md");
        let b = split_body(body, 10, &mut sink);
        assert!(sink.items.is_empty(), "{:?}", sink.items);
        assert_eq!(b.chapeau.unwrap().source, "Intro *chapeau*.");
        assert_eq!(b.sections[0].kind, SectionKind::Contexte);
        assert_eq!(b.sections[0].ligne, 16);
        assert!(b.sections[0].contenu.source.contains("## pas un titre"));
        assert_eq!(b.sections[1].kind, SectionKind::Bilan);
        assert_eq!(b.sections[1].ligne, 12);
        assert_eq!(b.sections[1].contenu.source, "Bien.");
    }

    /// Where the line-by-line reading answers, it agrees with the full parse.
    fn same_headings(body: &str) -> bool {
        let parsed = h2_by_parser(body);
        match h2_by_lines(body) {
            None => false,
            Some(lines) => {
                assert_eq!(lines.len(), parsed.len(), "{body:?}");
                for (a, b) in lines.iter().zip(&parsed) {
                    assert_eq!((a.0, &a.2), (b.0, &b.2), "{body:?}");
                    assert_eq!(body[a.1..].trim_start(), body[b.1..].trim_start(), "{body:?}");
                }
                true
            }
        }
    }

    #[test]
    fn headings_read_by_lines_match_the_parser() {
        // Read line by line.
        for body in [
            "## Contexte\n\nTexte.\n\n## Bilan ##\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Chapeau.\n## Public *ciblé*\nSuite `##` du texte, le n°1 et le #2.\n###  Sous-titre\n# Titre\n##\n##\tTab\n#hashtag\n",
            "## Le `code` &amp; **gras**\nTexte\n1. un\n2. deux\n\n* * x\n",
            "##   Espaces   gardés\u{a0}\n## \u{a0}Insécable\n## Fin ##\n## Le $ et 2 < 3\n",
            "",
            "Sans intertitre.",
            "## Fin sans retour",
        ] {
            assert!(same_headings(body), "{body:?}");
        }
        // Left to the parser (the line reading declines).
        for body in [
            "```\n## pas un titre\n```\n## Bilan\n",
            "~~~\n## non\n~~~\n",
            "<div>\n## non\n</div>\n",
            "> ## cité\n",
            "- ## dans une liste\n",
            "1. ## dans une liste\n",
            "   ## indenté\n",
            "    ## code indenté\n",
            "Titre\n---\n",
            "Titre\n===\n",
            "## Titre\r\n",
            "***\n",
            "## [Bilan]\n\n[Bilan]: https://exemple.fr\n",
            "## Bilan | 2024\n",
            "- liste\n  ## suite\n",
        ] {
            assert!(!same_headings(body), "{body:?}");
        }
    }

    #[test]
    fn headings_of_every_sample_fiche_read_the_same_both_ways() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["fiches", "tests/fixtures"] {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    // The body, after the front matter.
                    let body = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map_or(text.as_str(), |(_, b)| b);
                    read += usize::from(same_headings(body));
                }
            }
        }
        assert!(read >= 10, "{read} fiches read line by line");
    }

    #[test]
    fn unknown_and_duplicate_sections() {
        let body = "## Contxte\n\nx\n\n## Bilan\n\na\n\n## Résultats\n\nb\n";
        let mut sink = Sink::new("x.md");
        split_body(body, 5, &mut sink);
        assert_eq!(sink.items.len(), 2);
        assert_eq!((sink.items[0].ligne, sink.items[0].colonne), (5, 1));
        assert!(sink.items[0].aide.as_deref().unwrap().contains("## Contexte"));
        assert_eq!(sink.items[1].ligne, 13);
        assert!(sink.items[1].message.contains("deux fois"));
    }
}
