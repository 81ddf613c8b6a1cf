//! From a source read as Markdown to a fiche: headings mapped to sections
//! (the format's aliases, then the words of the heading), typed bullets made
//! lists, the funders' lines made `financeurs`, the front matter filled with
//! what the source says and `# à compléter` for what it does not.

use crate::model::SectionKind;
use crate::model::text::fold;
use crate::scaffold::yaml_quote;

/// A source read: its title and labelled facts when the reader found them,
/// and its text as Markdown.
#[derive(Debug, Default, Clone)]
pub struct Source {
    pub titre: Option<String>,
    /// Labelled facts (« Département » → « Aisne (02) »), in order.
    pub meta: Vec<(String, String)>,
    pub markdown: String,
    /// Pictures taken out of the source, named in the Markdown by their
    /// `name` (`image-1.png`); the writer places them beside the fiche.
    pub pictures: Vec<Picture>,
}

/// A picture carried by the source (a Word or LibreOffice document).
#[derive(Debug, Clone)]
pub struct Picture {
    /// Its name in the Markdown (`image-1.png`).
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source {
    /// A Markdown or text file (a front matter, if any, gives its `titre`).
    pub fn from_markdown(text: &str) -> Source {
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        if let Some(rest) = text.strip_prefix("---\n")
            && let Some(end) = rest.find("\n---\n")
        {
            let titre = rest[..end].lines().find_map(|l| l.strip_prefix("titre:")).map(|t| t.trim().trim_matches('"').to_string());
            return Source { titre, markdown: rest[end + 5..].to_string(), ..Source::default() };
        }
        Source { markdown: text, ..Source::default() }
    }
}

/// « Département : Aisne (02) », « **Structure :** CCAS de Hirson »: a
/// labelled fact the front matter holds, as label and value.
pub fn fact(line: &str) -> Option<(String, String)> {
    let plain = unescape(&line.trim().replace("**", ""));
    let (k, v) = plain.split_once(':')?;
    let ok =
        k.chars().count() <= 30 && !k.contains(['.', '#', '[', '!']) && !v.trim().is_empty() && !k.trim().is_empty() && is_fact_label(k);
    ok.then(|| (k.trim().trim_start_matches("- ").to_string(), v.trim().to_string()))
}

/// Whether a fact may be anywhere in the text (a contact at the end), not
/// only in the block of facts before the first section.
pub fn fact_anywhere(label: &str) -> bool {
    let k = fold(label);
    ["contact", "courriel", "telephone", "e-mail", "email", "mots cles", "mots-cles", "date de publication"]
        .iter()
        .any(|l| k.starts_with(l))
}

/// Markdown escapes removed (`ateliers\_2024` → `ateliers_2024`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether a label names a fact the front matter holds.
pub fn is_fact_label(k: &str) -> bool {
    let k = crate::model::text::fold(k.trim().trim_start_matches("- "));
    [
        "structure",
        "porteur",
        "organisme",
        "nom de la structure",
        "collectivite",
        "commune",
        "ville",
        "departement",
        "region",
        "thematique",
        "theme",
        "public",
        "date de publication",
        "date",
        "contact",
        "telephone",
        "courriel",
        "e-mail",
        "email",
        "localite",
        "mots cles",
        "type de structure",
        "mots-cles",
        "mot cle",
    ]
    .iter()
    .any(|l| k == *l || k.starts_with(&format!("{l}s")) || k.starts_with(&format!("{l}(")) || k.starts_with(&format!("{l} (")))
}

/// The fiche made from a source.
#[derive(Debug)]
pub struct Built {
    pub slug: String,
    pub text: String,
    /// The keys left to complete.
    pub a_completer: Vec<String>,
}

/// Where a heading goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Section(SectionKind),
    /// « Ils financent l'action », « Financement »: the `financeurs` key.
    Financeurs,
    /// « Mots clés associés à l'action »: the `mots_cles` key.
    MotsCles,
}

/// A heading's target: the format's aliases first, then the words it uses
/// (« Quels furent les éléments de diagnostic… » is the context).
fn target_of(heading: &str) -> Option<Target> {
    if let Some(k) = SectionKind::from_heading(heading) {
        return Some(Target::Section(k));
    }
    let h = fold(heading);
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["financent", "financement", "financeur"]) {
        return Some(Target::Financeurs);
    }
    if has(&["mots cles", "mots-cles", "mot cle"]) {
        return Some(Target::MotsCles);
    }
    // What a question is about: its effects before its public (« les effets
    // produits au niveau du public » is a bilan).
    let kind = if has(&["diagnostic", "contexte", "origine", "constat", "enjeu"]) {
        SectionKind::Contexte
    } else if has(&["bilan", "resultat", "evaluation", "impact", "effets"]) {
        SectionKind::Bilan
    } else if has(&["public", "beneficiaire", "personnes concernees"]) {
        SectionKind::Public
    } else if has(&["fonctionnement", "deroulement", "description", "mise en oeuvre", "organisation", "comment"]) {
        SectionKind::Fonctionnement
    } else if has(&["moyens", "budget", "ressources", "cout"]) {
        SectionKind::Moyens
    } else if has(&["partenai"]) {
        SectionKind::Partenaires
    } else if has(&["observation", "perspective", "remarque", "conseil", "suite"]) {
        SectionKind::Observations
    } else {
        return None;
    };
    Some(Target::Section(kind))
}

/// A typed bullet at the start of a paragraph (« • », « ▪ », « – », « o »)
/// as a Markdown list item.
fn typed_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    // (`\- ` is a typed dash that an HTML converter escaped.)
    for b in ["• ", "•\t", "▪ ", "◦ ", "· ", "– ", "— ", "➢ ", "► ", "* ", "- ", "\\- ", "\\* "] {
        if let Some(rest) = t.strip_prefix(b) {
            return Some(rest.trim_start());
        }
    }
    // « o » as a bullet, before a capital or a digit.
    t.strip_prefix("o ").filter(|r| r.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
}

/// A paragraph all in bold (`**Contexte**`): its text.
pub fn bold_line(line: &str) -> Option<&str> {
    let t = line.trim();
    t.strip_prefix("**")
        .and_then(|r| r.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|r| r.strip_suffix("__")))
        .filter(|inner| !inner.contains("**") && !inner.trim().is_empty())
        .map(|s| s.trim().trim_end_matches([':', ' ']))
}

/// A Markdown heading: level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&level).then(|| t[level..].strip_prefix(' ')).flatten().map(|rest| (level, rest.trim().trim_end_matches('#').trim()))
}

/// One part of the body: the text before any section, or a section.
struct Part {
    target: Option<Target>,
    /// The heading as written (kept when it is an accepted alias).
    titre: String,
    lines: Vec<String>,
}

/// Builds the fiche's text from a source.
pub fn build(src: &Source) -> Built {
    let mut titre = src.titre.clone().filter(|t| !t.trim().is_empty() && t.trim().replace('\'', "’") != super::modele::TITLE_PLACEHOLDER);
    // Lines, typed bullets as lists, bold lines that name a section as headings.
    let mut lines: Vec<String> = Vec::new();
    let ended = src.markdown.lines().any(is_ended_notice);
    let (image, markdown) = main_image(src);
    for raw in markdown.lines() {
        let remote = remote_image_as_link(raw);
        let line = remote.as_deref().unwrap_or(raw).trim_end();
        // « Cette action n'est plus portée… » becomes `statut: terminee` (the
        // site says it in its own words); so does the invitation after it.
        if is_ended_notice(line) || (ended && fold(line).contains("n'hesitez pas cependant")) {
            continue;
        }
        // No more than one blank line in a row.
        if line.trim().is_empty() && lines.last().is_some_and(|l: &String| l.trim().is_empty()) {
            continue;
        }
        // « o » after a bullet is one more, whatever letter follows it.
        let after_item = lines.iter().rev().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("- "));
        if let Some(item) = typed_bullet(line).or_else(|| line.strip_prefix("o ").filter(|_| after_item)) {
            // Bullets typed one per paragraph make one tight list.
            let n = lines.len();
            if n >= 2 && lines[n - 1].trim().is_empty() && lines[n - 2].starts_with("- ") {
                lines.pop();
            }
            if lines.last().is_some_and(|l| !l.trim().is_empty() && !l.starts_with("- ")) {
                lines.push(String::new());
            }
            lines.push(format!("- {item}"));
        } else if let Some(b) = bold_line(line).filter(|b| target_of(b).is_some() && b.chars().count() < 90) {
            lines.push(format!("## {b}"));
        } else {
            if lines.last().is_some_and(|l| l.starts_with("- ")) && !line.trim().is_empty() && !line.starts_with("  ") {
                lines.push(String::new());
            }
            lines.push(line.to_string());
        }
    }
    // The title: a first-level heading before any section, when none was given.
    let section_level =
        lines.iter().filter_map(|l| heading(l)).filter(|(_, t)| target_of(t).is_some()).map(|(lv, _)| lv).min().unwrap_or(2);
    let mut parts: Vec<Part> = vec![Part { target: None, titre: String::new(), lines: Vec::new() }];
    let mut seen: Vec<Target> = Vec::new();
    for line in lines {
        if let Some((level, text)) = heading(&line) {
            if level < section_level && titre.is_none() && parts.len() == 1 && parts[0].lines.iter().all(|l| l.trim().is_empty()) {
                titre = Some(text.to_string());
                continue;
            }
            let target = if level <= section_level { target_of(text) } else { None };
            match target {
                Some(t) if !seen.contains(&t) => {
                    seen.push(t);
                    parts.push(Part { target: Some(t), titre: text.to_string(), lines: Vec::new() });
                }
                // Another heading: kept as a sub-heading where it falls.
                _ => parts.last_mut().map(|p| p.lines.push(format!("### {text}"))).unwrap_or_default(),
            }
            continue;
        }
        parts.last_mut().map(|p| p.lines.push(line)).unwrap_or_default();
    }

    let all_text: String = parts.iter().flat_map(|p| p.lines.iter()).map(|l| format!("{l}\n")).collect();
    let meta = |labels: &[&str]| -> Option<String> {
        src.meta
            .iter()
            .find(|(k, _)| labels.iter().any(|l| fold(k).starts_with(l)))
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };

    // Funders: the « Ils financent l'action » part, line by line.
    let mut financeurs: Vec<(String, Option<String>)> = Vec::new();
    let mut leftover_funding: Vec<String> = Vec::new();
    for p in parts.iter().filter(|p| p.target == Some(Target::Financeurs)) {
        for l in &p.lines {
            let row = table_row(l);
            let item = match &row {
                // A table of funders: name and amount in two cells; its header and rule skipped.
                Some(cells) if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) => continue,
                Some(cells) if cells.iter().any(|c| fold(c).starts_with("financeur") || fold(c).starts_with("montant")) => continue,
                Some(cells) if cells.len() >= 2 => format!("{} : {}", cells[0], cells[1]),
                Some(cells) => cells.join(" "),
                None => l.trim().trim_start_matches("- ").trim().to_string(),
            };
            let item = item.as_str();
            if item.is_empty() {
                continue;
            }
            match crate::model::text::funder_with_amount(item) {
                Some((nom, montant)) => financeurs.push((nom, Some(montant))),
                None if item.chars().count() < 80 && !item.ends_with('.') => {
                    financeurs.push((item.trim_end_matches(':').to_string(), None))
                }
                None => leftover_funding.push(l.clone()),
            }
        }
    }

    let mut a_completer: Vec<String> = Vec::new();
    let mut fm = String::from("---\n");
    let chapeau: String = parts[0].lines.join("\n").trim().to_string();
    let resume =
        first_sentences(if chapeau.is_empty() { parts.get(1).map(|p| p.lines.join("\n")).unwrap_or_default() } else { chapeau.clone() });
    // « Réparer ses objets… (63) »: the département, said once in its key.
    let titre_departement = titre.as_deref().and_then(departement_in);
    let titre = titre.map(|t| if departement_in(&t).is_some() { strip_code(&t).to_string() } else { t });
    key(&mut fm, &mut a_completer, "titre", titre.clone().map(|t| yaml_quote(t.trim())));
    key(&mut fm, &mut a_completer, "resume", resume.as_ref().map(|r| yaml_quote(r)));
    let date = meta(&["date de publication", "date", "publie"]).and_then(|d| crate::model::date::Date::guess(&d)).or_else(|| {
        all_text
            .lines()
            .find(|l| fold(l).contains("date de publication"))
            .and_then(|l| l.split_once(':'))
            .and_then(|(_, d)| crate::model::date::Date::guess(d.trim()))
    });
    key(&mut fm, &mut a_completer, "date", date.map(|d| d.iso()));
    let structure = meta(&["structure", "porteur", "organisme", "nom de la structure", "collectivite"]);
    key(&mut fm, &mut a_completer, "structure", structure.clone().map(|s| yaml_quote(&s)));
    let type_structure =
        meta(&["type de structure"]).as_deref().and_then(type_from_name).or_else(|| structure.as_deref().and_then(type_from_name));
    key(&mut fm, &mut a_completer, "type_structure", type_structure.map(str::to_string));
    let commune = meta(&["commune", "ville", "localite"]);
    let departement = meta(&["departement"])
        .and_then(|d| departement_in(&d).or_else(|| crate::model::territory::departement(d.trim()).map(|d| d.code.to_string())))
        .or_else(|| structure.as_deref().and_then(departement_in))
        .or_else(|| commune.as_deref().and_then(departement_in))
        .or(titre_departement)
        .or_else(|| postcode_departement(&all_text));
    match (&commune, &departement) {
        (Some(c), Some(d)) => fm.push_str(&format!("territoire: {{ commune: {}, departement: \"{d}\" }}\n", yaml_quote(strip_code(c)))),
        _ => {
            fm.push_str("territoire:\n");
            fm.push_str(&match &commune {
                Some(c) => format!("  commune: {}\n", yaml_quote(strip_code(c))),
                None => "  commune:   # à compléter\n".to_string(),
            });
            fm.push_str(&match &departement {
                Some(d) => format!("  departement: \"{d}\"\n"),
                None => "  departement:   # à compléter (code du département, entre guillemets)\n".to_string(),
            });
            if commune.is_none() {
                a_completer.push("commune".into());
            }
            if departement.is_none() {
                a_completer.push("département".into());
            }
        }
    }
    if ended {
        fm.push_str("statut: terminee\n");
    }
    let list = |v: Option<String>| {
        v.map(|v| {
            format!("[{}]", v.split([',', ';', '/']).map(|s| yaml_quote(s.trim())).filter(|s| s != "\"\"").collect::<Vec<_>>().join(", "))
        })
    };
    key(&mut fm, &mut a_completer, "thematiques", list(meta(&["thematique", "theme", "domaine"])));
    if let Some(p) = list(meta(&["public"])) {
        fm.push_str(&format!("publics: {p}\n"));
    }
    // Keywords: from the facts, and from a « Mots clés » part, one per line.
    let mut mots: Vec<String> = meta(&["mots cles", "mots-cles", "mot cle"])
        .map(|v| v.split([',', ';']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    for p in parts.iter().filter(|p| p.target == Some(Target::MotsCles)) {
        for l in &p.lines {
            let item = l.trim().trim_start_matches("- ").trim();
            mots.extend(item.split([',', ';']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s.chars().count() < 60));
        }
    }
    if !mots.is_empty() {
        fm.push_str(&format!("mots_cles: [{}]\n", mots.iter().map(|m| yaml_quote(m)).collect::<Vec<_>>().join(", ")));
    }
    if !financeurs.is_empty() {
        fm.push_str("financeurs:\n");
        for (nom, montant) in &financeurs {
            match montant {
                Some(m) => fm.push_str(&format!("  - {{ nom: {}, montant: {m} }}\n", yaml_quote(nom))),
                None => fm.push_str(&format!("  - {{ nom: {} }}\n", yaml_quote(nom))),
            }
        }
    }
    let contact: Vec<String> = src
        .meta
        .iter()
        .filter(|(k, _)| ["contact", "courriel", "e-mail", "email", "telephone", "tel"].iter().any(|l| fold(k).starts_with(l)))
        .map(|(_, v)| v.clone())
        .collect();
    if let Some(c) = contact_of(&contact.join(", ")) {
        fm.push_str(&format!("contact: {c}\n"));
    }
    if let Some((fichier, alt, credit)) = &image {
        fm.push_str(&format!("image:\n  fichier: {}\n", yaml_quote(fichier)));
        if alt.is_empty() {
            fm.push_str("  alt:   # à compléter : ce que montre l'image, pour qui ne la voit pas\n");
            a_completer.push("texte de l'image (alt)".into());
        } else {
            fm.push_str(&format!("  alt: {}\n", yaml_quote(alt)));
        }
        if let Some(c) = credit {
            fm.push_str(&format!("  credit: {}\n", yaml_quote(c)));
        }
    }
    fm.push_str("brouillon: true   # importée : retirez cette ligne quand la fiche est complète\n---\n");

    // The body, sections in the format's words where the heading was not one.
    let mut body = String::new();
    // A chapeau of plain sentences that the résumé says whole would be read
    // twice on the fiche's page (the résumé is shown under the title): it is
    // said once, in `resume`. A longer or formatted one stays.
    let plain_chapeau = !chapeau.contains(['*', '[', '|', '`', '<'])
        && chapeau
            .lines()
            .all(|l| !l.trim_start().starts_with(['-', '#', '!', '>']) && !l.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    let said_in_resume = plain_chapeau && resume.as_deref() == Some(chapeau.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
    if !chapeau.is_empty() && !said_in_resume {
        body.push_str(&chapeau);
        body.push_str("\n\n");
    }
    let mut moyens_extra = leftover_funding;
    for p in parts.iter().skip(1) {
        let Some(Target::Section(kind)) = p.target else { continue };
        let text = p.lines.join("\n").trim().to_string();
        if SectionKind::from_heading(&p.titre) == Some(kind) {
            body.push_str(&format!("## {}\n\n", p.titre));
        } else {
            // Headed by its meaning: the format's heading, the author's kept under it.
            body.push_str(&format!("## {}\n\n### {}\n\n", kind.label(), p.titre));
        }
        if text.is_empty() && moyens_extra.is_empty() {
            // A heading with nothing under it (a model sent back half-filled).
            body.push_str("À compléter.");
            if kind.required() {
                a_completer.push(format!("section {}", kind.label()));
            }
        }
        body.push_str(&text);
        if kind == SectionKind::Moyens && !moyens_extra.is_empty() {
            body.push_str("\n\n");
            body.push_str(&moyens_extra.join("\n"));
            moyens_extra.clear();
        }
        body.push_str("\n\n");
    }
    if !moyens_extra.is_empty() {
        body.push_str(&format!("## {}\n\n{}\n\n", SectionKind::Moyens.label(), moyens_extra.join("\n")));
    }
    for kind in SectionKind::ALL.into_iter().filter(|k| k.required()) {
        let present =
            parts.iter().any(|p| p.target == Some(Target::Section(kind))) || (kind == SectionKind::Moyens && body.contains("\n## Moyens"));
        if !present {
            body.push_str(&format!("## {}\n\nÀ compléter.\n\n", kind.label()));
            a_completer.push(format!("section {}", kind.label()));
        }
    }
    let slug = titre.as_deref().map(crate::model::text::slugify).filter(|s| !s.is_empty()).unwrap_or_else(|| "fiche-importee".into());
    Built { slug, text: format!("{fm}\n{}\n", body.trim_end()), a_completer }
}

/// The first picture of the source, with the line after it when that is its
/// credit (« Photo : … »): the fiche's `image` (file, alt, credit), and the
/// Markdown without them.
fn main_image(src: &Source) -> (Option<(String, String, Option<String>)>, String) {
    let lines: Vec<&str> = src.markdown.lines().collect();
    let found = lines.iter().enumerate().find_map(|(i, l)| {
        let t = l.trim();
        let (alt, rest) = t.strip_prefix("![")?.split_once("](")?;
        let name = rest.strip_suffix(')')?;
        src.pictures.iter().any(|p| p.name == name).then(|| (i, alt.trim().to_string(), name.to_string()))
    });
    let Some((i, alt, name)) = found else { return (None, src.markdown.clone()) };
    let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
    let credit = next.and_then(|j| credit_of(lines[j]).map(|c| (j, c)));
    let kept: Vec<&str> =
        lines.iter().enumerate().filter(|(j, _)| *j != i && credit.as_ref().is_none_or(|(c, _)| c != j)).map(|(_, l)| *l).collect();
    (Some((name, alt, credit.map(|(_, c)| c))), kept.join("\n"))
}

/// « Photo : CCAS de Hirson », « Crédit photo : … », « © … »: the credit.
fn credit_of(line: &str) -> Option<String> {
    let t = line.trim().trim_matches('*').trim();
    let f = fold(t);
    let rest = if let Some(r) = t.strip_prefix('©') {
        r
    } else if ["photo", "credit", "source de l'image", "illustration"].iter().any(|p| f.starts_with(p)) {
        t.split_once(':')?.1
    } else {
        return None;
    };
    let c = rest.trim();
    (!c.is_empty() && c.chars().count() < 120).then(|| c.to_string())
}

/// Pictures at an address elsewhere stay links (never fetched).
fn remote_image_as_link(line: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = line;
    let mut changed = false;
    while let Some(start) = rest.find("![") {
        let Some((alt, after)) = rest[start + 2..].split_once("](") else { break };
        let Some((dest, tail)) = after.split_once(')') else { break };
        out.push_str(&rest[..start]);
        if crate::model::image::image_ref(dest) == crate::model::image::ImageRef::Remote {
            let label = if alt.trim().is_empty() { "Image".to_string() } else { format!("Image : {}", alt.trim()) };
            out.push_str(&format!("[{label}]({dest})"));
            changed = true;
        } else {
            out.push_str(&rest[start..start + 2 + alt.len() + 2 + dest.len() + 1]);
        }
        rest = tail;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The cells of a Markdown table row.
fn table_row(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.replace(['*', '\\'], "").trim().to_string()).collect())
}

/// A contact line (« Service insertion, ateliers@ccas.example, 03 23 58 00 00 »)
/// as the `contact` map: e-mail, telephone, and the rest as its name.
fn contact_of(text: &str) -> Option<String> {
    let text = text.replace("\\", "");
    let mut email = None;
    let mut telephone = None;
    let mut rest = Vec::new();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let mut leftover = Vec::new();
        for w in part.split_whitespace() {
            let w2 = w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | '.' | ':'));
            if email.is_none() && w2.contains('@') && w2.contains('.') {
                email = Some(w2.trim_start_matches("mailto:").to_string());
            } else {
                leftover.push(w);
            }
        }
        let left = leftover.join(" ");
        let digits: String = left.chars().filter(|c| c.is_ascii_digit()).collect();
        if telephone.is_none() && (digits.len() == 10 || (digits.len() == 11 && left.contains('+'))) {
            let start = left.find(|c: char| c.is_ascii_digit() || c == '+').unwrap_or(0);
            let before = left[..start].trim().trim_end_matches([':', '-']).trim();
            telephone = Some(left[start..].trim().to_string());
            let b = fold(before);
            if !before.is_empty() && !["tel", "telephone", "tél"].iter().any(|x| b.starts_with(x)) {
                rest.push(before.to_string());
            }
        } else if !left.trim().is_empty() {
            rest.push(left.trim().to_string());
        }
    }
    let mut fields = Vec::new();
    if !rest.is_empty() {
        fields.push(format!("nom: {}", yaml_quote(&rest.join(", "))));
    }
    if let Some(e) = email {
        fields.push(format!("email: {}", yaml_quote(&e)));
    }
    if let Some(t) = telephone {
        fields.push(format!("telephone: {}", yaml_quote(&t)));
    }
    (!fields.is_empty()).then(|| format!("{{ {} }}", fields.join(", ")))
}

/// Writes `k: v`, or `k:` with `# à compléter` (and notes it) when the source
/// did not give it.
fn key(fm: &mut String, a_completer: &mut Vec<String>, k: &'static str, v: Option<String>) {
    match v {
        Some(v) => fm.push_str(&format!("{k}: {v}\n")),
        None => {
            fm.push_str(&format!("{k}:   # à compléter\n"));
            // Said in words, not in the key's spelling.
            a_completer.push(
                match k {
                    "type_structure" => "type de structure",
                    "thematiques" => "thématiques",
                    "resume" => "résumé",
                    other => other,
                }
                .into(),
            );
        }
    }
}

/// The banks' notice of an action no longer carried.
fn is_ended_notice(line: &str) -> bool {
    let f = fold(line).replace('’', "'");
    f.contains("n'est plus portee")
}

/// The first sentences of a text, at most about 300 characters, cut at a
/// sentence's end; plain text (no list marks, no emphasis).
fn first_sentences(text: String) -> Option<String> {
    let plain: String = text
        .lines()
        .map(|l| l.trim().trim_start_matches("- ").trim_start_matches('#').trim())
        // Pictures, links shown as pictures, tables: not a summary's words.
        .filter(|l| !l.is_empty() && !l.starts_with("![") && !l.starts_with("[Image") && !l.starts_with('|') && !l.starts_with("*Image"))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("**", "")
        .replace('*', "");
    if plain.is_empty() {
        return None;
    }
    if plain.chars().count() <= 300 {
        return Some(plain);
    }
    let mut cut = 0;
    for (i, c) in plain.char_indices() {
        if i > 320 {
            break;
        }
        if matches!(c, '.' | '!' | '?') && plain[i + c.len_utf8()..].starts_with(' ') {
            cut = i + c.len_utf8();
        }
    }
    Some(if cut > 40 { plain[..cut].to_string() } else { format!("{}…", plain.chars().take(297).collect::<String>()) })
}

/// The type of structure its name says (« CCAS de Hirson » → `ccas`).
fn type_from_name(name: &str) -> Option<&'static str> {
    let n = fold(name);
    let starts = |p: &str| n.starts_with(p) || n.contains(&format!(" {p}"));
    if starts("ccas") || n.contains("centre communal d'action sociale") {
        Some("ccas")
    } else if starts("cias") || n.contains("centre intercommunal d'action sociale") {
        Some("cias")
    } else if n.contains("centre social") {
        Some("centre-social")
    } else if n.contains("conseil departemental") || n.starts_with("departement") {
        Some("departement")
    } else if n.starts_with("association") {
        Some("association")
    } else if n.contains("communaute d") || n.contains("agglomeration") || n.contains("metropole") {
        Some("epci")
    } else if n.starts_with("ville de") || n.starts_with("mairie") || n.starts_with("commune") {
        Some("commune")
    } else {
        None
    }
}

/// A département code in parentheses (« Aisne (02) », « Hirson (02) »).
fn departement_in(s: &str) -> Option<String> {
    let open = s.rfind('(')?;
    let code = s[open + 1..].split(')').next()?.trim();
    crate::model::territory::departement(code).map(|d| d.code.to_string())
}

/// « Hirson (02) » → « Hirson ».
fn strip_code(s: &str) -> &str {
    match s.rfind('(') {
        Some(i) if s.trim_end().ends_with(')') => s[..i].trim(),
        _ => s.trim(),
    }
}

/// The département of the first French postcode in the text (« 63000 Clermont-Ferrand »).
fn postcode_departement(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_digit() && c != ' ').collect();
    for w in words {
        let digits: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 5 && (w.trim().len() == 5 || w.trim().len() == 6) {
            let code = if digits.starts_with("97") {
                &digits[..3]
            } else if digits.starts_with("200") || digits.starts_with("201") {
                // Corse-du-Sud: 200xx–201xx; Haute-Corse: 202xx–206xx.
                "2A"
            } else if digits.starts_with("20") {
                "2B"
            } else {
                &digits[..2]
            };
            if let Some(d) = crate::model::territory::departement(code) {
                return Some(d.code.to_string());
            }
        }
    }
    None
}
