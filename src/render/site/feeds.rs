//! Machine-readable files of the site: the Atom feed, the sitemap and robots.txt.
//! Absolute URLs come from `url` in recueil.yaml; without it there is no feed
//! nor sitemap (they need absolute addresses), and robots.txt names none.

use crate::load::config::Config;
use crate::model::collection::Collection;
use crate::model::date::Date;

use crate::model::text::xml_escape as esc;

fn absolute(config: &Config, path: &str) -> String {
    match &config.url {
        Some(base) => format!("{base}/{path}"),
        None => path.to_string(),
    }
}

/// The clean URL of a folder page (`fiches/x/`).
fn clean(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// Atom feed of the 50 most recent fiches.
pub fn atom(c: &Collection, config: &Config, updated: Date) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    out.push_str(&format!("  <title>{}</title>\n", esc(&config.titre)));
    if let Some(d) = &config.description {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(d)));
    }
    out.push_str(&format!("  <id>{}</id>\n", esc(&absolute(config, ""))));
    out.push_str(&format!("  <link href=\"{}\"/>\n", esc(&absolute(config, ""))));
    out.push_str(&format!("  <link rel=\"self\" href=\"{}\"/>\n", esc(&absolute(config, "feed.xml"))));
    out.push_str(&format!("  <updated>{}T00:00:00Z</updated>\n", updated.iso()));
    if let Some(e) = &config.editeur {
        out.push_str(&format!("  <author><name>{}</name></author>\n", esc(e)));
    } else {
        out.push_str(&format!("  <author><name>{}</name></author>\n", esc(&config.titre)));
    }
    for f in c.fiches.iter().take(50) {
        let url = absolute(config, clean(&crate::render::site::view::fiche_url(&f.slug)));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", esc(&f.titre)));
        out.push_str(&format!("    <id>{}</id>\n", esc(&url)));
        out.push_str(&format!("    <link href=\"{}\"/>\n", esc(&url)));
        out.push_str(&format!("    <published>{}T00:00:00Z</published>\n", f.date.iso()));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", f.derniere_date().iso()));
        out.push_str(&format!("    <author><name>{}</name></author>\n", esc(&f.structure)));
        out.push_str(&format!("    <summary>{}</summary>\n", esc(&f.resume)));
        for t in &f.thematiques {
            out.push_str(&format!("    <category term=\"{}\"/>\n", esc(t)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// sitemap.xml over every page (only meaningful with `url`).
pub fn sitemap(pages: &[(String, Option<Date>)], config: &Config) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, date) in pages {
        out.push_str(&format!("  <url><loc>{}</loc>", esc(&absolute(config, clean(path)))));
        if let Some(d) = date {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.iso()));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &Config) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if config.url.is_some() {
        out.push_str(&format!("Sitemap: {}\n", absolute(config, "sitemap.xml")));
    }
    out
}
