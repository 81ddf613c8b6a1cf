//! `recueil import --modele FICHIER.docx`: a Word document with the fields
//! and the sections of a fiche, which a partner fills in and sends back, and
//! which `recueil import` reads cleanly. Its headings use Word's own heading
//! styles (shown as « Titre 1 » in French Word); its instructions are in a
//! style of their own, « Consigne recueil », which the import leaves out.

use crate::model::SectionKind;
use std::io::Write;

/// The style name of the instructions (left out by the import).
pub const CONSIGNE_STYLE: &str = "Consigne recueil";

/// The title line of the model, until the partner writes theirs.
pub const TITLE_PLACEHOLDER: &str = "Titre de l’action";

/// The facts asked at the top, with their instruction.
const FACTS: &[(&str, &str)] = &[
    ("Structure", "le nom de la structure qui porte l'action, par exemple CCAS de Hirson"),
    ("Type de structure", "CCAS, CIAS, centre social, association, commune, département…"),
    ("Commune", "la commune où se passe l'action"),
    ("Département", "son nom ou son numéro, par exemple Aisne (02)"),
    ("Date", "la date de la fiche, par exemple 15/03/2024"),
    ("Thématiques", "séparées par des virgules, par exemple Insertion, Lien social"),
    ("Publics", "séparés par des virgules, par exemple Familles, Personnes âgées"),
    ("Mots clés", "séparés par des virgules"),
    ("Contact", "nom ou service, adresse électronique, téléphone"),
];

/// What each section asks.
fn consigne(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Contexte => "Pourquoi cette action ? Le constat, le diagnostic, le territoire.",
        SectionKind::Public => "À qui s'adresse l'action ? Combien de personnes, comment elles viennent.",
        SectionKind::Fonctionnement => "Comment l'action se déroule : les étapes, le rythme, qui fait quoi.",
        SectionKind::Bilan => "Ce que l'action a changé : chiffres, témoignages, points positifs et points à améliorer.",
        SectionKind::Moyens => "Les moyens humains, matériels et le coût de l'action.",
        SectionKind::Partenaires => "Les partenaires de l'action, un par ligne, avec leur rôle.",
        SectionKind::Observations => "Vos conseils à qui voudrait faire de même.",
    }
}

use crate::model::text::xml_escape as esc;

/// A run of text, in French typography (no-break spaces, apostrophes).
fn run(text: &str, bold: bool) -> String {
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(&crate::model::typo::apply(text)))
}

fn styled(style: &str, text: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>", run(text, false))
}

/// The body of the model.
fn document() -> String {
    let mut body = String::new();
    body.push_str(&styled("Consigne", "Modèle de fiche d'expérience. Remplacez chaque consigne en italique par votre texte ; les consignes peuvent rester, elles ne seront pas reprises. Renvoyez ce document tel quel : il sera importé par recueil."));
    body.push_str(&styled("Titre", TITLE_PLACEHOLDER));
    body.push_str(&styled("Consigne", "Remplacez la ligne ci-dessus par le titre de l'action, en une phrase."));
    for (label, hint) in FACTS {
        // The label in bold, the answer after the colon.
        body.push_str(&format!("<w:p>{}</w:p>", run(&format!("{label} : "), true)));
        let end = if hint.ends_with('…') { "" } else { "." };
        let mut chars = hint.chars();
        let capital: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        body.push_str(&styled("Consigne", &format!("{capital}{end}")));
    }
    body.push_str(&styled("Consigne", "Présentez l'action en deux ou trois phrases : elles ouvriront la fiche."));
    body.push_str("<w:p/>");
    for kind in SectionKind::ALL {
        body.push_str(&styled("Titre1", kind.label()));
        body.push_str(&styled("Consigne", consigne(kind)));
        body.push_str("<w:p/>");
        if kind == SectionKind::Moyens {
            body.push_str(&styled("Titre1", "Ils financent l'action"));
            body.push_str(&styled("Consigne", "Un financeur par ligne du tableau, avec le montant en euros (par exemple 2 000 €)."));
            body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                body.push_str(&format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"));
            }
            body.push_str("</w:tblBorders></w:tblPr>");
            body.push_str(&format!(
                "<w:tr><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr>",
                run("Financeur", true),
                run("Montant", true)
            ));
            for _ in 0..4 {
                body.push_str("<w:tr><w:tc><w:p><w:pPr/></w:p></w:tc><w:tc><w:p><w:pPr/></w:p></w:tc></w:tr>");
            }
            body.push_str("</w:tbl>");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// The styles, under the names French Word gives them (ids as French Word
/// writes them, names as Word reads them).
fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="48"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Consigne"><w:name w:val="{CONSIGNE_STYLE}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:color w:val="595959"/></w:rPr></w:style>
</w:styles>"#
    )
}

/// Writes the model to `path` (never over an existing file).
pub fn write(path: &std::path::Path) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#
                .into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
                .into(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
                .into(),
        ),
        ("word/styles.xml", styles()),
        (
            "docProps/core.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Modèle de fiche d'expérience</dc:title><dc:language>fr-FR</dc:language></cp:coreProperties>"#
                .into(),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("word/document.xml", options).map_err(std::io::Error::other)?;
    zip.write_all(document().as_bytes())?;
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}
