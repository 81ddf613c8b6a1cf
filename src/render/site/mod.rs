//! The static website: one page per fiche, the list of all fiches with facets,
//! one page per taxonomy term and per taxonomy, the home page, 404, feed,
//! sitemap, robots.txt, the theme's assets and the search index. Pages are
//! rendered in parallel from templates compiled once; links are relative.

pub mod bilan;
pub mod carte;
pub mod feeds;
pub mod html;
pub mod pages;
pub mod search;
pub mod svg;
pub mod view;

use crate::model::Fiche;
use crate::model::collection::{Collection, TaxonomyKind};
use crate::render::{BuildError, Output, RenderInput, RenderStats, Renderer};
use crate::theme::Theme;
use pages::Pages;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use view::{Carte, carte, fiche_url};

/// The website renderer.
pub struct Site;

#[derive(Serialize)]
struct TermeVue {
    slug: String,
    libelle: String,
    nombre: usize,
    url: Option<String>,
}

#[derive(Serialize)]
struct Entree {
    cle: &'static str,
    titre: String,
    url: String,
    termes: Vec<TermeVue>,
}

#[derive(Serialize)]
struct Facette {
    cle: &'static str,
    titre: String,
    termes: Vec<TermeVue>,
}

#[derive(Serialize)]
struct ChiffreCle {
    libelle: String,
    valeur: String,
}

impl Renderer for Site {
    fn name(&self) -> &'static str {
        "site"
    }

    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
        let c = input.collection;
        let t = crate::timing::phase("site : cartes");
        // Cards stay plain structs (a template value of each would weigh several
        // times more); a page converts only the few it shows.
        let cartes: Vec<Carte> = c.fiches.par_iter().enumerate().map(|(i, f)| carte(i, f)).collect();
        let mut parts = Parts::new(input, out, &cartes);
        // Each card is rendered once per page depth and heading level (with the
        // theme's `carte` component), from one template value: for the
        // « proches » of the fiche pages, the list and the term pages. Pages
        // then only join these fragments; each set goes once its pages are written.
        let mut variants = vec![LIST_CARDS, TERM_CARDS];
        if !input.theme.full_proches {
            variants.push(PROCHE_CARDS);
        }
        let mut sets = render_card_sets(input.theme, &cartes, &variants)?.into_iter().map(card_values);
        let (list_cards, term_cards) = (sets.next().unwrap_or_default(), sets.next().unwrap_or_default());
        parts.proche_cards = sets.next();

        // One page per fiche, with its image and the images of its Markdown; the
        // search index takes each page's words in the same pass, batch by batch.
        drop(t);
        let t = crate::timing::phase("site : pages des fiches");
        // A batch's words join the index while the next batch is rendered.
        let mut index = search::IndexBuilder::default();
        const BATCH: usize = 1024;
        let mut pending: Vec<search::DocWords> = Vec::new();
        let mut pending_start = 0;
        for (b, batch) in c.fiches.chunks(BATCH).enumerate() {
            let (words, ()) = rayon::join(
                || batch.par_iter().enumerate().map(|(k, f)| parts.fiche_page(b * BATCH + k, f)).collect::<Result<Vec<_>, BuildError>>(),
                || index.add_all(pending_start, &pending),
            );
            pending = words?;
            pending_start = b * BATCH;
        }
        index.add_all(pending_start, &pending);
        drop(pending);

        drop(t);
        let t = crate::timing::phase("site : listes et taxonomies");
        parts.proche_cards = None;
        parts.list_page(&list_cards)?;
        drop(list_cards);
        let term_pages = parts.term_pages(&term_cards, None)?;
        drop(term_cards);
        parts.home()?;

        drop(t);
        let t = crate::timing::phase("site : flux, plan, index de recherche");
        parts.feeds()?;
        parts.assets()?;
        // The cards are no longer needed: their memory goes before the index's.
        drop(parts);
        drop(cartes);
        let index = index.finish(&c.fiches, |f| fiche_url(&f.slug));
        index.par_iter().try_for_each(|f| out.write(&format!("recherche/{}", f.path), f.content.as_bytes()))?;
        drop(t);

        Ok(RenderStats {
            pages: c.fiches.len() + 3 + term_pages,
            pdfs: 0,
            files: index.len() + input.theme.assets.len() + if input.project.config.url.is_some() { 3 } else { 1 },
        })
    }
}

/// The parts of the site other than the fiche pages, each renderable alone
/// (a full build renders them all; `serve` only those a change touches).
pub struct Parts<'a> {
    pages: Pages<'a>,
    cartes: &'a [Carte],
    /// For each fiche, its (term, position) in the thématiques (for « proches »).
    pub positions: Vec<Vec<(usize, usize)>>,
    /// Every card rendered for the « proches » of fiche pages, when many pages
    /// are written; otherwise each page renders the few it shows.
    pub proche_cards: Option<Vec<tera::Value>>,
}

/// How cards are rendered for each place that shows them: the page's depth
/// (the cards' `racine`) and the heading level of their titles.
/// `fiches/index.html`, under the page's `h2` sections.
pub const LIST_CARDS: (&str, u8) = ("../", 3);
/// Term pages (`thematiques/<slug>/`), right under the `h1`.
pub const TERM_CARDS: (&str, u8) = ("../../", 2);
/// « Fiches proches » on fiche pages (`fiches/<slug>/`), under the section's `h2`.
const PROCHE_CARDS: (&str, u8) = ("../../", 3);

impl<'a> Parts<'a> {
    pub fn new(input: &'a RenderInput<'a>, out: &'a dyn Output, cartes: &'a [Carte]) -> Parts<'a> {
        Parts { pages: Pages { input, out }, cartes, positions: view::thematique_positions(input.collection), proche_cards: None }
    }

    /// Renders the pages of the given fiches (and copies their images).
    pub fn fiche_pages(&self, which: &[usize]) -> Result<(), BuildError> {
        let c = self.pages.input.collection;
        which.par_iter().try_for_each(|&i| self.fiche_page(i, &c.fiches[i]).map(|_| ()))
    }

    /// The fiches a page of `i` shows as cards (neighbours and « proches »).
    pub fn shown_on(&self, i: usize) -> Vec<usize> {
        let c = self.pages.input.collection;
        let mut v = view::related(c, &self.positions, i, 4);
        v.extend(i.checked_sub(1));
        v.extend((i + 1 < c.fiches.len()).then_some(i + 1));
        v
    }

    /// `fiches/index.html`: every card, with the facets. `cards` are the cards
    /// rendered for that depth (see [`render_cards`]).
    pub fn list_page(&self, cards: &[tera::Value]) -> Result<(), BuildError> {
        let input = self.pages.input;
        let c = input.collection;
        // All fiches, with facets.
        let mut facettes: Vec<Facette> = TaxonomyKind::ALL
            .iter()
            .map(|&kind| Facette {
                cle: kind.facet(),
                titre: input.theme.label(&format!("taxonomies.facettes.{}", kind.facet())),
                termes: term_views(c, kind),
            })
            .collect();
        facettes.push(simple_facet(c, input.theme, "statut", |f| vec![(f.statut.code().to_string(), f.statut.libelle().to_string())]));
        facettes.push(simple_facet(c, input.theme, "annee", |f| {
            f.annee_debut.map(|a| vec![(a.to_string(), a.to_string())]).unwrap_or_default()
        }));
        // Most used first, but départements by code and years newest first.
        for f in &mut facettes {
            match f.cle {
                "departement" => f.termes.sort_by(|a, b| a.slug.cmp(&b.slug)),
                "annee" => f.termes.reverse(),
                _ => f.termes.sort_by_key(|t| std::cmp::Reverse(t.nombre)),
            }
        }
        let mut ctx = tera::Context::new();
        ctx.insert_value("cartes_html", tera::Value::from(cards.to_vec()));
        ctx.insert("facettes", &facettes);
        ctx.insert("total", &c.fiches.len());
        self.pages.page("fiches/index.html", "fiches", "fiches", input.theme.label("nav.fiches"), None, ctx)?;
        Ok(())
    }

    /// The taxonomy index pages and the term pages (all, or only the `(taxonomy,
    /// slug)` pairs of `only`); `cards` as rendered for depth `../../`. Returns
    /// the number of pages written.
    pub fn term_pages(
        &self,
        cards: &[tera::Value],
        only: Option<&std::collections::HashSet<(TaxonomyKind, String)>>,
    ) -> Result<usize, BuildError> {
        let input = self.pages.input;
        let c = input.collection;
        let pages = &self.pages;
        // Taxonomies and their terms.
        let mut term_pages = 0;
        for kind in TaxonomyKind::ALL {
            let key = kind.key();
            let tax = c.taxonomy(kind);
            let titre = input.theme.label(&format!("taxonomies.{key}"));
            #[derive(Serialize)]
            struct TaxVue<'a> {
                cle: &'a str,
                titre: &'a str,
                url: String,
                termes: Vec<TermeVue>,
            }
            let index = format!("{key}/index.html");
            let mut ctx = tera::Context::new();
            ctx.insert("taxonomie", &TaxVue { cle: key, titre: &titre, url: index.clone(), termes: term_views(c, kind) });
            if kind == TaxonomyKind::Departements && !c.fiches.is_empty() {
                let titre_carte = input.theme.label("carte_departements.titre");
                let zones = carte::zones_of(c);
                ctx.insert("carte_html", &carte::figure(input.theme, "carte-departements", &titre_carte, &zones, "../", false));
            }
            pages.page(&index, "taxonomie", key, titre.clone(), None, ctx)?;
            tax.terms.par_iter().filter(|t| only.is_none_or(|o| o.contains(&(kind, t.slug.clone())))).try_for_each(
                |t| -> Result<(), BuildError> {
                    let mut ctx = tera::Context::new();
                    ctx.insert("taxonomie", &TaxVue { cle: key, titre: &titre, url: index.clone(), termes: Vec::new() });
                    #[derive(Serialize)]
                    struct T<'a> {
                        libelle: &'a str,
                        slug: &'a str,
                        nombre: usize,
                    }
                    let label = crate::model::typo::apply(&t.label).into_owned();
                    ctx.insert("terme", &T { libelle: &label, slug: &t.slug, nombre: t.fiches.len() });
                    let list: Vec<tera::Value> = t.fiches.iter().map(|&i| cards[i].clone()).collect();
                    ctx.insert_value("cartes_html", tera::Value::from(list));
                    pages.page(&kind.term_url(&t.slug), "terme", key, label.clone(), None, ctx)
                },
            )?;
            term_pages += tax.terms.len() + 1;
        }
        Ok(term_pages)
    }

    /// The home page and the 404 page.
    pub fn home(&self) -> Result<(), BuildError> {
        let input = self.pages.input;
        let c = input.collection;
        let pages = &self.pages;
        // Home.
        let mut ctx = tera::Context::new();
        ctx.insert("intro_html", &input.project.accueil.as_ref().map(html::to_html));
        ctx.insert("chiffres_cles", &home_figures(c, input.theme));
        ctx.insert("dernieres", &self.cartes.iter().take(6).collect::<Vec<_>>());
        let entrees: Vec<Entree> = [TaxonomyKind::Thematiques, TaxonomyKind::Publics, TaxonomyKind::Regions]
            .into_iter()
            .map(|kind| Entree {
                cle: kind.key(),
                titre: input.theme.label(&format!("taxonomies.{}", kind.key())),
                url: format!("{}/index.html", kind.key()),
                termes: term_views(c, kind),
            })
            .collect();
        ctx.insert("entrees", &entrees);
        if !c.fiches.is_empty() {
            let titre_carte = input.theme.label("carte_departements.titre_accueil");
            ctx.insert("carte_html", &carte::figure(input.theme, "carte-accueil", &titre_carte, &carte::zones_of(c), "", true));
        }
        let config = &input.project.config;
        pages.page("index.html", "accueil", "accueil", config.titre.clone(), config.description.clone(), ctx)?;
        pages.page("404.html", "404", "", input.theme.label("erreur_404.titre"), None, tera::Context::new())?;
        Ok(())
    }

    /// Feed, sitemap, robots.txt and the theme's assets.
    pub fn feeds(&self) -> Result<(), BuildError> {
        let input = self.pages.input;
        let c = input.collection;
        let out = self.pages.out;
        let config = &input.project.config;
        out.write("robots.txt", feeds::robots(config).as_bytes())?;
        // The feed and the sitemap need absolute addresses: without `url`, none
        // (the build says so once).
        if config.url.is_none() {
            return Ok(());
        }
        let newest = c.fiches.iter().map(Fiche::derniere_date).max().unwrap_or(input.date());
        out.write("feed.xml", feeds::atom(c, config, newest).as_bytes())?;
        let mut listed: Vec<(String, Option<crate::model::date::Date>)> =
            vec![("index.html".into(), Some(newest)), ("fiches/index.html".into(), Some(newest))];
        listed.extend(c.fiches.iter().map(|f| (fiche_url(&f.slug), Some(f.derniere_date()))));
        for kind in TaxonomyKind::ALL {
            listed.push((format!("{}/index.html", kind.key()), None));
            listed.extend(c.taxonomy(kind).terms.iter().map(|t| (kind.term_url(&t.slug), None)));
        }
        listed.extend(crate::render::site::bilan::page_paths(c, &config.bilan).into_iter().map(|p| (p, None)));
        out.write("sitemap.xml", feeds::sitemap(&listed, config).as_bytes())?;
        Ok(())
    }

    /// The theme's files (`assets/`), and the logo and colours of `recueil.yaml`.
    pub fn assets(&self) -> Result<(), BuildError> {
        for (rel, bytes) in &self.pages.input.theme.assets {
            self.pages.out.write(&format!("assets/{rel}"), bytes)?;
        }
        let config = &self.pages.input.project.config;
        if let Some(logo) = &config.logo {
            self.pages.out.copy(&logo_path(logo), &logo.path)?;
        }
        if let Some(p) = &config.couleur {
            self.pages.out.write(COULEURS_PATH, couleurs_css(p).as_bytes())?;
        }
        Ok(())
    }
}

/// Where the site publishes the logo of `recueil.yaml`.
pub fn logo_path(logo: &crate::load::config::Logo) -> String {
    format!("assets/identite/logo.{}", logo.ext)
}

/// Where the site publishes the palette of `couleur:`.
pub const COULEURS_PATH: &str = "assets/identite/couleurs.css";

/// The theme's colour variables set from the palette (loaded after `style.css`).
pub fn couleurs_css(p: &crate::model::color::Palette) -> String {
    let survol = p.clair.mix(crate::model::color::Rgb(255, 255, 255), 0.5);
    format!(
        "/* Couleurs tirées de « couleur » de recueil.yaml (contrastes vérifiés WCAG 2.1 AA). */\n:root {{\n  --primaire: {};\n  --primaire-fonce: {};\n  --focus-sombre: {};\n  --clair-survol: {};\n  --fond-teinte: {};\n}}\n",
        p.primaire.hex(),
        p.primaire_fonce.hex(),
        p.clair.hex(),
        survol.hex(),
        p.fond_teinte.hex()
    )
}

/// Renders one fiche's page (and copies its images); returns its search words.
impl Parts<'_> {
    /// The page of fiche `i` (and its images); returns its words for the search index.
    fn fiche_page(&self, i: usize, f: &Fiche) -> Result<search::DocWords, BuildError> {
        let (pages, cartes) = (&self.pages, self.cartes);
        let (input, out) = (pages.input, pages.out);
        let c = input.collection;
        let path = fiche_url(&f.slug);
        let page_dir = path.trim_end_matches("index.html");
        let mut text = String::new();
        let chapeau = f.chapeau.as_ref().map(|m| html::to_html_and_text(m, Some(&mut text)));
        let sections = f.sections.iter().map(|s| (s.kind, html::to_html_and_text(&s.contenu, Some(&mut text)))).collect();
        let pdf = input.with_pdf.then(|| format!("{}.pdf", f.slug));
        let near = view::related(c, &self.positions, i, 4);
        let proches_html = match &self.proche_cards {
            _ if input.theme.full_proches => Vec::new(),
            Some(all) => near.iter().map(|&j| all[j].clone()).collect(),
            None => {
                let shown: Vec<Carte> = near.iter().map(|&j| cartes[j].clone()).collect();
                card_values(render_cards(input.theme, &shown, PROCHE_CARDS.0, PROCHE_CARDS.1)?)
            }
        };
        // Links to other fiches: `{ titre, url }`, or whole cards for an older theme.
        let link = |j: usize| match input.theme.full_proches {
            true => tera::Value::from_serializable(&cartes[j]),
            false => tera::Value::from_serializable(&view::LienFiche { titre: cartes[j].titre.clone(), url: cartes[j].url.clone() }),
        };
        let rendu = view::Rendu {
            sections_html: sections,
            chapeau_html: chapeau,
            pdf,
            proches: near.iter().map(|&j| link(j)).collect(),
            proches_html,
            precedente: i.checked_sub(1).map(link),
            suivante: (i + 1 < cartes.len()).then(|| link(i + 1)),
        };
        let mut vue = view::fiche_vue(f, input.theme, rendu);
        if let Some(img) = &f.image {
            let name = Path::new(&img.fichier).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            match &img.path {
                Some(p) => {
                    out.copy(&format!("{page_dir}{name}"), p)?;
                    if let Some(v) = vue.image.as_mut() {
                        v.url = name;
                    }
                }
                None => vue.image = None,
            }
        }
        for img in &f.images {
            out.copy(&format!("{page_dir}{}", img.file), &img.path)?;
        }
        let mut ctx = tera::Context::new();
        ctx.insert("fiche", &vue);
        pages.page(&path, "fiche", "fiches", vue.titre.clone(), Some(vue.resume.clone()), ctx)?;
        input.progress.inc(1);
        Ok(search::doc_words(f, &text))
    }
}

/// The terms of a taxonomy as shown in lists (label typeset, count, page).
fn term_views(c: &Collection, kind: TaxonomyKind) -> Vec<TermeVue> {
    c.taxonomy(kind)
        .terms
        .iter()
        .map(|t| TermeVue {
            slug: t.slug.clone(),
            libelle: crate::model::typo::apply(&t.label).into_owned(),
            nombre: t.fiches.len(),
            url: Some(kind.term_url(&t.slug)),
        })
        .collect()
}

/// Rendered cards as template values: lists then share them (a list page only
/// copies references, never the HTML).
pub fn card_values(cards: Vec<String>) -> Vec<tera::Value> {
    cards.into_par_iter().map(tera::Value::from).collect()
}

/// The HTML of every card for each `(racine, niveau)` (page depth and heading
/// level): one set per variant, each card made a template value only once.
pub fn render_card_sets(theme: &Theme, cartes: &[Carte], variants: &[(&str, u8)]) -> Result<Vec<Vec<String>>, BuildError> {
    let implicits: Vec<tera::Context> = variants
        .iter()
        .map(|(racine, _)| {
            let mut implicits = tera::Context::new();
            implicits.insert("l", &theme.labels);
            implicits.insert("racine", racine);
            implicits
        })
        .collect();
    let per_card: Vec<Vec<String>> = cartes
        .par_iter()
        .map(|c| {
            let mut args = tera::Context::new();
            args.insert("c", c);
            variants
                .iter()
                .zip(&implicits)
                .map(|((_, niveau), implicits)| {
                    args.insert("niveau", niveau);
                    theme.tera.render_component_with_implicits("carte", &args, implicits, None, true).map_err(card_error)
                })
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let mut sets: Vec<Vec<String>> = variants.iter().map(|_| Vec::with_capacity(cartes.len())).collect();
    for card in per_card {
        for (set, html) in sets.iter_mut().zip(card) {
            set.push(html);
        }
    }
    Ok(sets)
}

fn card_error(e: tera::Error) -> BuildError {
    BuildError::Card { source: e }
}

/// The HTML of every card, for pages at one depth (`racine`) and heading level.
pub fn render_cards(theme: &Theme, cartes: &[Carte], racine: &str, niveau: u8) -> Result<Vec<String>, BuildError> {
    Ok(render_card_sets(theme, cartes, &[(racine, niveau)])?.pop().unwrap_or_default())
}

fn simple_facet(c: &Collection, theme: &Theme, key: &'static str, values: impl Fn(&Fiche) -> Vec<(String, String)>) -> Facette {
    let mut counts: std::collections::BTreeMap<String, (String, usize)> = std::collections::BTreeMap::new();
    for f in &c.fiches {
        for (slug, label) in values(f) {
            counts.entry(slug).or_insert((label, 0)).1 += 1;
        }
    }
    Facette {
        cle: key,
        titre: theme.label(&format!("taxonomies.facettes.{key}")),
        termes: counts.into_iter().map(|(slug, (libelle, nombre))| TermeVue { slug, libelle, nombre, url: None }).collect(),
    }
}

fn home_figures(c: &Collection, theme: &Theme) -> Vec<ChiffreCle> {
    let n = c.fiches.len();
    let participants: u64 = c.fiches.iter().filter_map(|f| f.chiffres.participants).sum();
    let deps = c.taxonomy(TaxonomyKind::Departements).terms.len();
    let structures = {
        let mut s: Vec<&str> = c.fiches.iter().map(|f| f.structure.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    vec![
        ChiffreCle {
            libelle: theme.label(if n > 1 { "accueil.chiffres_cles.fiches" } else { "accueil.chiffres_cles.fiche" }),
            valeur: crate::model::text::group_thousands(n as u64),
        },
        ChiffreCle {
            libelle: theme.label("accueil.chiffres_cles.structures"),
            valeur: crate::model::text::group_thousands(structures as u64),
        },
        ChiffreCle { libelle: theme.label("accueil.chiffres_cles.departements"), valeur: crate::model::text::group_thousands(deps as u64) },
        ChiffreCle {
            libelle: theme.label("accueil.chiffres_cles.participants"),
            valeur: crate::model::text::group_thousands(participants),
        },
    ]
}
