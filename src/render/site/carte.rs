//! The map of départements, drawn as inline SVG from the theme's geometry:
//! each shape carries its INSEE code (`data-code`); a département with fiches
//! is shaded by class and is a link to its page, named « Aisne : 3 fiches »
//! (also its tooltip); the others are inert. The overseas départements are
//! labelled tiles. The legend and the credit follow in HTML; the page pairs
//! the map with the table of départements, its text alternative. No script.

use super::svg::esc;
use crate::model::carte::{Carte, OUTRE_MER, classe, classes};
use crate::theme::Theme;
use std::fmt::Write;

/// One département on the map: its code, name, fiches and page (from the site root).
#[derive(Debug, Clone)]
pub struct Zone {
    pub code: String,
    pub nom: String,
    pub fiches: usize,
    pub url: Option<String>,
}

/// Size of an overseas tile, in the geometry's units.
const TUILE: f64 = 34.0;

/// The zones of the départements counted in `groups` (`(code, fiches)`),
/// with the link to each one's page.
pub fn zones<'a>(groups: impl IntoIterator<Item = (&'a str, usize)>) -> Vec<Zone> {
    use crate::model::collection::TaxonomyKind;
    groups
        .into_iter()
        .filter_map(|(code, fiches)| {
            let d = crate::model::territory::departement(code)?;
            let url = TaxonomyKind::Departements.term_url(&TaxonomyKind::Departements.slug(d.code));
            Some(Zone { code: d.code.to_string(), nom: d.nom.to_string(), fiches, url: (fiches > 0).then_some(url) })
        })
        .collect()
}

/// The zones of every département of the collection's fiches.
pub fn zones_of(c: &crate::model::collection::Collection) -> Vec<Zone> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &c.fiches {
        *counts.entry(f.territoire.departement.as_str()).or_default() += 1;
    }
    zones(counts)
}

/// The figure: title, map, legend, credit. `racine` leads from the page to
/// the site root; `petite` draws the home page's smaller map.
pub fn figure(theme: &Theme, id: &str, titre: &str, zones: &[Zone], racine: &str, petite: bool) -> String {
    let carte: &Carte = &theme.carte;
    if carte.formes.is_empty() {
        return String::new();
    }
    let l = |k: &str| theme.label(&format!("carte_departements.{k}"));
    let max = zones.iter().map(|z| z.fiches).max().unwrap_or(0);
    let classes = classes(max);
    // Fewer classes take the darker shades: one class is the darkest, far from the grey of none.
    let shade = |k: usize| if k == 0 { 0 } else { 4 - classes.len() + k };
    let of = |code: &str| zones.iter().find(|z| z.code == code);
    // The overseas tiles, in a column left of the Bay of Biscay.
    let outre: Vec<&str> =
        OUTRE_MER.iter().copied().chain(zones.iter().filter(|z| z.code == "975" && z.fiches > 0).map(|z| z.code.as_str())).collect();
    let (w, h) = (carte.largeur, carte.hauteur);
    let mut out = String::with_capacity(carte.formes.iter().map(|f| f.chemin.len() + 120).sum::<usize>() + 4096);
    let _ = write!(
        out,
        r#"<figure class="geo{petite}" id="{id}" aria-labelledby="{id}-titre"><figcaption id="{id}-titre" class="geo-titre">{titre}</figcaption><svg class="geo-svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg" aria-labelledby="{id}-titre">"#,
        petite = if petite { " geo-petite" } else { "" },
        titre = esc(titre),
    );
    let shape = |out: &mut String, code: &str, draw: &dyn Fn(&mut String)| {
        let zone = of(code).filter(|z| z.fiches > 0);
        match zone {
            Some(z) => {
                let name = format!("{} : {}", z.nom, theme.labels.fiches(z.fiches));
                let _ = write!(
                    out,
                    r#"<a href="{racine}{url}" class="geo-c{c}" aria-label="{name}"><title>{name}</title>"#,
                    url = esc(z.url.as_deref().unwrap_or("")),
                    c = shade(classe(&classes, z.fiches)),
                    name = esc(&name),
                );
                draw(out);
                out.push_str("</a>");
            }
            None => {
                let _ = write!(out, r#"<g class="geo-vide" aria-hidden="true">"#);
                draw(out);
                out.push_str("</g>");
            }
        }
    };
    for f in &carte.formes {
        shape(&mut out, &f.code, &|o: &mut String| {
            let _ = write!(o, r#"<path data-code="{}" d="{}"/>"#, f.code, f.chemin);
        });
    }
    let _ = write!(
        out,
        r#"<text class="geo-etiquette" x="6" y="{y:.0}" aria-hidden="true">{t}</text>"#,
        y = h - outre.len() as f64 * (TUILE + 6.0) - 8.0,
        t = esc(&l("outre_mer"))
    );
    for (i, code) in outre.iter().enumerate() {
        let y = h - (outre.len() - i) as f64 * (TUILE + 6.0);
        shape(&mut out, code, &|o: &mut String| {
            let _ = write!(o, r#"<rect data-code="{code}" x="6" y="{y:.0}" width="{TUILE}" height="{TUILE}" rx="3"/>"#);
        });
        // The code on the tile, outside the link (its name says the département).
        let dark = of(code).is_some_and(|z| z.fiches > 0 && shade(classe(&classes, z.fiches)) >= 3);
        let _ = write!(
            out,
            r#"<text class="geo-code{}" x="{tx:.0}" y="{ty:.0}" aria-hidden="true">{code}</text>"#,
            if dark { " geo-code-clair" } else { "" },
            tx = 6.0 + TUILE / 2.0,
            ty = y + TUILE / 2.0 + 4.5,
        );
    }
    out.push_str("</svg>");
    // The legend: one swatch per class, and the grey of départements without fiches.
    let _ = write!(out, r#"<div class="geo-legende"><p>{}</p><ul>"#, esc(&l("legende")));
    for (i, &(a, b)) in classes.iter().enumerate() {
        let text = if a == b {
            crate::model::text::group_thousands(a as u64)
        } else {
            l("de_a")
                .replace("{a}", &crate::model::text::group_thousands(a as u64))
                .replace("{b}", &crate::model::text::group_thousands(b as u64))
        };
        let _ = write!(out, r#"<li><span class="geo-pastille geo-c{}" aria-hidden="true"></span>{}</li>"#, shade(i + 1), esc(&text));
    }
    let _ = write!(out, r#"<li><span class="geo-pastille geo-vide" aria-hidden="true"></span>{}</li></ul>"#, esc(&l("aucune")));
    // The text alternative: the table or list that follows, or (small map) a link to the list.
    let suite =
        if petite { format!(r#"<a href="{racine}departements/index.html">{}</a>"#, esc(&l("lien_liste"))) } else { esc(&l("texte")) };
    let _ = write!(out, r#"<p class="geo-credit">{suite} {}</p></div></figure>"#, esc(&l("credit")));
    out
}
