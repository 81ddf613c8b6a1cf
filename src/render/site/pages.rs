//! Pages of the site rendered through the theme's templates: the values
//! every page gets (root prefix, navigation, canonical address) around its own.

use crate::render::{BuildError, Output, RenderInput};
use crate::theme::Theme;
use serde::Serialize;

/// The report's main page.
pub const BILAN_INDEX: &str = "bilan/index.html";

#[derive(Serialize)]
struct PageVue<'a> {
    titre: String,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: &'a str,
    canonique: Option<String>,
}

#[derive(Serialize)]
struct NavItem {
    libelle: String,
    url: &'static str,
    actif: bool,
}

/// Relative prefix from a page at `path` (relative to the root) to the root.
fn racine(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders the theme's pages (shared with the report's renderer).
pub(crate) struct Pages<'a> {
    pub(crate) input: &'a RenderInput<'a>,
    pub(crate) out: &'a dyn Output,
}

impl Pages<'_> {
    pub(crate) fn theme(&self) -> &Theme {
        self.input.theme
    }

    fn nav(&self, current: &str) -> Vec<NavItem> {
        let t = self.theme();
        let items = [
            ("nav.accueil", "index.html", "accueil"),
            ("nav.fiches", "fiches/index.html", "fiches"),
            ("nav.thematiques", "thematiques/index.html", "thematiques"),
            ("nav.publics", "publics/index.html", "publics"),
            ("nav.regions", "regions/index.html", "regions"),
            ("nav.bilan", BILAN_INDEX, "bilan"),
        ];
        items.into_iter().map(|(label, url, key)| NavItem { libelle: t.label(label), url, actif: key == current }).collect()
    }

    fn canonical(&self, path: &str) -> Option<String> {
        self.input.project.config.url.as_ref().map(|u| format!("{u}/{}", path.strip_suffix("index.html").unwrap_or(path)))
    }

    /// Renders the template `<kind>.html` with the page's own values into `path`.
    pub(crate) fn page(
        &self,
        path: &str,
        kind: &str,
        nav_key: &str,
        titre: String,
        description: Option<String>,
        extra: tera::Context,
    ) -> Result<(), BuildError> {
        let mut ctx = extra;
        // The 404 page is served at any depth: its links start from the site's
        // root folder on the host (`/`, or the path of `url`: `/recueil/`).
        if kind == "404" {
            ctx.insert("racine", &root_path(self.input.project.config.url.as_deref()));
        } else {
            ctx.insert("racine", &racine(path));
        }
        ctx.insert("page", &PageVue { titre, description, kind, canonique: self.canonical(path) });
        ctx.insert("nav", &self.nav(nav_key));
        let template = format!("{kind}.html");
        let template = template.as_str();
        let mut buf = Vec::with_capacity(16 * 1024);
        self.theme().tera.render_to(template, &ctx, &mut buf).map_err(|source| BuildError::Template {
            template: template_path(self.theme(), template),
            page: path.to_string(),
            source,
        })?;
        self.out.write(path, &buf)?;
        Ok(())
    }
}

/// The site's root folder on its host, from `url` (`https://x.fr/recueil` →
/// `/recueil/`), `/` without it.
pub fn root_path(url: Option<&str>) -> String {
    let path = url.and_then(|u| u.split_once("://")).and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..])).unwrap_or("");
    format!("{}/", path.trim_end_matches('/'))
}

fn template_path(theme: &Theme, template: &str) -> String {
    match &theme.dir {
        Some(d) if d.join("templates").join(template).exists() => format!("{}/templates/{template}", d.display()),
        _ => format!("themes/default/templates/{template}"),
    }
}
