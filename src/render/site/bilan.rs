//! The report's pages in the site: `bilan/index.html` for every fiche of the
//! report, and one page per year of start (`bilan/2019/`) and per région
//! (`bilan/bretagne/`), linked from a filter list that needs no JavaScript.
//! Each page shows the key figures, then charts (inline SVG from
//! [`super::svg`]) each followed by its data as a table. Every figure comes
//! from [`crate::report::aggregate`]; nothing is re-read from the fiches' files.

use super::pages::Pages;
use super::svg::{self, Barre};
use crate::load::config::BilanConfig;
use crate::model::Fiche;
use crate::model::collection::{Collection, TaxonomyKind};
use crate::model::text::group_thousands;
use crate::render::{BuildError, Output, RenderInput, RenderStats, Renderer};
use crate::report::charts::{self, CHART_MAX, TABLE_MAX};
use crate::report::{Aggregate, Filtre, Groupe, aggregate, fiches_du_bilan};
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The report's main page.
pub use super::pages::BILAN_INDEX as INDEX;

/// Labels under `bilan.` in `labels.yaml` that this renderer and `bilan.html` use (tested to exist).
pub const LABELS: &[&str] = &[
    "annees",
    "autres_financeurs",
    "filtre_annee",
    "filtre_region",
    "titre",
    "intro",
    "donnees",
    "dans_la_page",
    "chiffres.titre",
    "chiffres.departements",
    "chiffres.en_cours",
    "chiffres.fiches",
    "chiffres.financements",
    "colonnes.fiches",
    "colonnes.fiches_financees",
    "colonnes.financements",
    "colonnes.financeur",
    "colonnes.montant",
    "colonnes.part",
    "donnees_de",
    "fiches_distinctes",
    "filtres.titre",
    "filtres.annees",
    "filtres.ensemble",
    "filtres.regions",
    "filtres.tout",
    "financeurs",
    "graphique_fiches",
    "graphique_financeurs",
    "graphique_repartition",
    "non_renseigne",
    "note_financees",
    "note_graphique",
    "note_tableau",
    "portee_aucune",
    "portee_filtre",
    "portee_tout",
    "renseigne_par",
    "renseigne_tout",
    "repartition",
    "repartition_intro",
    "sans_annee",
    "sans_montant",
    "sans_public",
    "total",
];

/// The report renderer (site pages).
pub struct BilanSite;

/// The filter pages of the report: years of start, oldest first, then régions
/// by name, each as `(filter, label, page path)`.
pub fn filter_pages(fiches: &[&Fiche]) -> Vec<(Filtre, String, String)> {
    let mut years: BTreeMap<i32, ()> = BTreeMap::new();
    let mut regions: BTreeMap<String, String> = BTreeMap::new();
    for f in fiches {
        if let Some(y) = f.annee_debut {
            years.insert(y, ());
        }
        let slug = crate::model::text::slugify(&f.territoire.region);
        if !slug.is_empty() {
            regions.entry(slug).or_insert_with(|| f.territoire.region.clone());
        }
    }
    let mut out: Vec<(Filtre, String, String)> =
        years.into_keys().map(|y| (Filtre::Annee(y), y.to_string(), format!("bilan/{y}/index.html"))).collect();
    let mut regions: Vec<(String, String)> = regions.into_iter().collect();
    regions.sort_by_cached_key(|(slug, label)| (crate::model::text::fold(label), slug.clone()));
    out.extend(regions.into_iter().map(|(slug, label)| {
        let path = format!("bilan/{slug}/index.html");
        (Filtre::Region(slug), label, path)
    }));
    out
}

/// Every page of the report (for the sitemap).
pub fn page_paths(c: &Collection, cfg: &BilanConfig) -> Vec<String> {
    let fiches = fiches_du_bilan(c, cfg);
    let mut v = vec![INDEX.to_string()];
    v.extend(filter_pages(&fiches).into_iter().map(|(_, _, p)| p));
    v
}

#[derive(Serialize)]
struct ChiffreVue {
    cle: String,
    libelle: String,
    valeur: String,
    /// « renseigné par 12 sur 40 fiches »; null for counts that every fiche gives.
    renseigne: Option<String>,
    /// A long value (set smaller by the theme).
    long: bool,
}

#[derive(Serialize)]
struct Lien {
    libelle: String,
    url: String,
    actif: bool,
}

#[derive(Serialize)]
struct GroupeFiltres {
    titre: String,
    liens: Vec<Lien>,
}

#[derive(Serialize, Default)]
struct Cellule {
    texte: String,
    /// A small note under the value (« 3 fiches sur 5 »).
    note: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct Colonne {
    libelle: String,
    /// Numbers are right-aligned.
    num: bool,
}

#[derive(Serialize)]
struct Ligne {
    cle: String,
    entete: Cellule,
    cellules: Vec<Cellule>,
}

#[derive(Serialize)]
struct Tableau {
    legende: String,
    colonnes: Vec<Colonne>,
    lignes: Vec<Ligne>,
    total: Option<Ligne>,
}

#[derive(Serialize)]
struct Section {
    id: String,
    titre: String,
    intro: Option<String>,
    svg: Option<String>,
    /// The map of départements, in place of the chart.
    carte: Option<String>,
    notes: Vec<String>,
    tableau: Tableau,
}

#[derive(Serialize)]
struct BilanVue {
    titre: String,
    /// The current filter (« Année de début : 2019 »), null on the main page.
    filtre: Option<String>,
    portee: String,
    chiffres: Vec<ChiffreVue>,
    filtres: Vec<GroupeFiltres>,
    sections: Vec<Section>,
    url_donnees: String,
}

fn n(x: usize) -> String {
    group_thousands(x as u64)
}

struct Ctx<'a> {
    theme: &'a Theme,
    /// Prefix from the page to the site root.
    racine: &'static str,
}

impl Ctx<'_> {
    fn l(&self, k: &str) -> String {
        self.theme.label(&format!("bilan.{k}"))
    }

    fn fiches(&self, k: usize) -> String {
        self.theme.labels.fiches(k)
    }

    /// « 3 sur 5 fiches » when some fiches of the group do not declare the figure.
    fn declared_note(&self, declared: usize, of: usize) -> Option<String> {
        (declared < of).then(|| self.theme.labels.fill("commun.sur", &[("n", &n(declared)), ("total", &self.fiches(of))]))
    }

    /// « renseigné par 12 sur 40 fiches », « renseigné par toutes les fiches », « non renseigné ».
    fn declared(&self, declared: usize, of: usize) -> String {
        match declared {
            0 => self.l("non_renseigne"),
            d if d == of => self.l("renseigne_tout"),
            d => self.l("renseigne_par").replace("{n}", &n(d)).replace("{total}", &self.fiches(of)),
        }
    }

    fn figure_columns(&self) -> Vec<Colonne> {
        let mut cols = vec![Colonne { libelle: self.l("colonnes.fiches"), num: true }];
        for k in ["participants", "benevoles", "budget_annuel"] {
            cols.push(Colonne { libelle: self.theme.label(&format!("chiffres.{k}")), num: true });
        }
        cols.push(Colonne { libelle: self.l("colonnes.financements"), num: true });
        cols
    }

    fn figure_cells(&self, g: &Groupe) -> Vec<Cellule> {
        let mut cells = vec![Cellule { texte: n(g.fiches), ..Default::default() }];
        for k in ["participants", "benevoles", "budget_annuel"] {
            let c = g.chiffre(k).expect("known key");
            cells.push(if c.fiches == 0 {
                Cellule { texte: "—".into(), note: Some(self.l("non_renseigne")), url: None }
            } else {
                Cellule { texte: c.total.fr(), note: self.declared_note(c.fiches, g.fiches), url: None }
            });
        }
        cells.push(if g.fiches_financements == 0 {
            Cellule { texte: "—".into(), note: Some(self.l("non_renseigne")), url: None }
        } else {
            Cellule { texte: g.financements.fr(), note: self.declared_note(g.fiches_financements, g.fiches), url: None }
        });
        cells
    }

    /// A chart of fiches per group and the table of the groups' sums.
    fn group_section(
        &self,
        id: &str,
        titre: String,
        premiere: String,
        groups: &[Groupe],
        url: impl Fn(&Groupe) -> Option<String>,
    ) -> Section {
        let bars = charts::group_bars(groups);
        let mut notes = Vec::new();
        if groups.len() > CHART_MAX {
            notes.push(self.l("note_graphique").replace("{n}", &n(CHART_MAX)).replace("{total}", &n(groups.len())));
        }
        if groups.len() > TABLE_MAX {
            notes.push(self.l("note_tableau").replace("{n}", &n(TABLE_MAX)).replace("{total}", &n(groups.len())));
        }
        let chart_title = self.l("graphique_fiches").replace("{titre}", &premiere.to_lowercase());
        let lignes = groups
            .iter()
            .take(TABLE_MAX)
            .map(|g| Ligne {
                cle: g.cle.clone(),
                entete: Cellule { texte: g.libelle.clone(), note: None, url: url(g).map(|u| format!("{}{u}", self.racine)) },
                cellules: self.figure_cells(g),
            })
            .collect();
        let mut colonnes = vec![Colonne { libelle: premiere, num: false }];
        colonnes.extend(self.figure_columns());
        Section {
            id: id.into(),
            svg: (!bars.is_empty()).then(|| svg::barres(&format!("graphique-{id}"), &chart_title, &bars)),
            carte: None,
            tableau: Tableau { legende: self.l("donnees_de").replace("{titre}", &chart_title), colonnes, lignes, total: None },
            titre,
            intro: None,
            notes,
        }
    }
}

/// Builds one page's view.
fn vue(ctx: &Ctx, titre: &str, a: &Aggregate, filtre: Option<String>, scope_total: usize, filtres: Vec<GroupeFiltres>) -> BilanVue {
    let t = ctx.theme;
    let portee = match (&filtre, a.fiches) {
        (_, 0) => ctx.l("portee_aucune"),
        (None, k) => ctx.l("portee_tout").replace("{fiches}", &ctx.fiches(k)),
        (Some(_), k) => ctx.l("portee_filtre").replace("{fiches}", &ctx.fiches(k)).replace("{total}", &ctx.fiches(scope_total)),
    };
    let mut chiffres = vec![
        ChiffreVue { cle: "fiches".into(), libelle: ctx.l("chiffres.fiches"), valeur: n(a.fiches), renseigne: None, long: false },
        ChiffreVue { cle: "en_cours".into(), libelle: ctx.l("chiffres.en_cours"), valeur: n(a.en_cours), renseigne: None, long: false },
        ChiffreVue {
            cle: "departements".into(),
            libelle: ctx.l("chiffres.departements"),
            valeur: n(a.par_departement.len()),
            renseigne: None,
            long: false,
        },
    ];
    for c in &a.chiffres {
        chiffres.push(ChiffreVue {
            cle: c.cle.to_string(),
            libelle: t.label(&format!("chiffres.{}", c.cle)),
            valeur: if c.fiches == 0 { "—".into() } else { c.total.fr() },
            renseigne: Some(ctx.declared(c.fiches, a.fiches)),
            long: false,
        });
    }
    chiffres.push(ChiffreVue {
        cle: "financements".into(),
        libelle: ctx.l("chiffres.financements"),
        valeur: a.financements.fr(),
        renseigne: Some(ctx.declared(a.fiches_financements, a.fiches)),
        long: false,
    });
    for c in &mut chiffres {
        c.long = c.valeur.chars().count() > 10;
    }

    let mut sections = Vec::new();
    if a.fiches > 0 {
        let tax = |kind: TaxonomyKind| move |g: &Groupe| Some(kind.term_url(&g.cle));
        sections.push(ctx.group_section(
            "thematiques",
            t.label("taxonomies.thematiques"),
            t.label("taxonomies.facettes.thematique"),
            &a.par_thematique,
            tax(TaxonomyKind::Thematiques),
        ));
        let mut s = ctx.group_section(
            "publics",
            t.label("taxonomies.publics"),
            t.label("taxonomies.facettes.public"),
            &a.par_public,
            tax(TaxonomyKind::Publics),
        );
        if a.sans_public > 0 {
            s.notes.push(ctx.l("sans_public").replace("{fiches}", &ctx.fiches(a.sans_public)));
        }
        sections.push(s);
        sections.push(ctx.group_section(
            "regions",
            t.label("taxonomies.regions"),
            t.label("taxonomies.facettes.region"),
            &a.par_region,
            |g| Some(format!("bilan/{}/index.html", g.cle)),
        ));
        let mut s = ctx.group_section(
            "departements",
            t.label("taxonomies.departements"),
            t.label("taxonomies.facettes.departement"),
            &a.par_departement,
            |g| Some(TaxonomyKind::Departements.term_url(&TaxonomyKind::Departements.slug(&g.cle))),
        );
        // The map shows every département: no note that the chart stops at CHART_MAX.
        if a.par_departement.len() > CHART_MAX {
            s.notes.remove(0);
        }
        let zones = super::carte::zones(a.par_departement.iter().map(|g| (g.cle.as_str(), g.fiches)));
        let carte = super::carte::figure(t, "carte-departements", &t.label("carte_departements.titre"), &zones, ctx.racine, false);
        if !carte.is_empty() {
            s.svg = None;
            s.carte = Some(carte);
        }
        sections.push(s);
        sections.push(ctx.group_section(
            "types",
            t.label("taxonomies.types"),
            t.label("taxonomies.facettes.type"),
            &a.par_type,
            tax(TaxonomyKind::Types),
        ));
        let mut s = ctx.group_section("annees", ctx.l("annees"), t.label("taxonomies.facettes.annee"), &a.par_annee, |g| {
            Some(format!("bilan/{}/index.html", g.cle))
        });
        if a.sans_annee_debut > 0 {
            s.notes.push(ctx.l("sans_annee").replace("{fiches}", &ctx.fiches(a.sans_annee_debut)));
        }
        sections.push(s);
        if !a.financeurs.is_empty() {
            sections.push(funders_section(ctx, a));
            if a.financements.cents > 0 {
                sections.push(mix_section(ctx, a));
            }
        }
    }
    BilanVue {
        titre: titre.to_string(),
        filtre,
        portee,
        chiffres,
        filtres,
        sections,
        url_donnees: format!("{}donnees/fiches.csv", ctx.racine),
    }
}

fn funders_section(ctx: &Ctx, a: &Aggregate) -> Section {
    let titre = ctx.l("financeurs");
    let chart_title = ctx.l("graphique_financeurs");
    let bars = charts::funder_bars(a);
    let mut lignes: Vec<Ligne> = a
        .financeurs
        .iter()
        .take(TABLE_MAX)
        .map(|f| Ligne {
            cle: crate::model::text::slugify(&f.nom),
            entete: Cellule { texte: crate::model::typo::apply(&f.nom).into_owned(), ..Default::default() },
            cellules: vec![
                Cellule { texte: n(f.fiches), note: None, url: None },
                Cellule {
                    texte: if f.fiches == f.sans_montant { "—".into() } else { f.montant.fr() },
                    note: (f.sans_montant > 0).then(|| ctx.l("sans_montant").replace("{fiches}", &ctx.fiches(f.sans_montant))),
                    url: None,
                },
            ],
        })
        .collect();
    let mut notes = Vec::new();
    if a.financeurs.len() > TABLE_MAX {
        let rest = &a.financeurs[TABLE_MAX..];
        let sum = crate::model::Montant { cents: rest.iter().map(|f| f.montant.cents).sum() };
        lignes.push(Ligne {
            cle: "autres".into(),
            entete: Cellule { texte: ctx.l("autres_financeurs").replace("{n}", &n(rest.len())), ..Default::default() },
            cellules: vec![Cellule { texte: "—".into(), ..Default::default() }, Cellule { texte: sum.fr(), ..Default::default() }],
        });
    }
    if charts::funders_beyond_chart(a) {
        notes.push(ctx.l("note_graphique").replace("{n}", &n(CHART_MAX)).replace("{total}", &n(a.financeurs.len())));
    }
    notes.push(ctx.l("note_financees").replace("{fiches}", &ctx.fiches(a.fiches_financees)).replace("{total}", &ctx.fiches(a.fiches)));
    let total = Ligne {
        cle: "total".into(),
        entete: Cellule { texte: ctx.l("total"), ..Default::default() },
        cellules: vec![
            Cellule { texte: n(a.fiches_financees), note: Some(ctx.l("fiches_distinctes")), url: None },
            Cellule { texte: a.financements.fr(), note: ctx.declared_note(a.fiches_financements, a.fiches_financees), url: None },
        ],
    };
    Section {
        id: "financeurs".into(),
        svg: (!bars.is_empty()).then(|| svg::barres("graphique-financeurs", &chart_title, &bars)),
        carte: None,
        tableau: Tableau {
            legende: ctx.l("donnees_de").replace("{titre}", &chart_title),
            colonnes: vec![
                Colonne { libelle: ctx.l("colonnes.financeur"), num: false },
                Colonne { libelle: ctx.l("colonnes.fiches_financees"), num: true },
                Colonne { libelle: ctx.l("colonnes.montant"), num: true },
            ],
            lignes,
            total: Some(total),
        },
        titre,
        intro: None,
        notes,
    }
}

fn mix_section(ctx: &Ctx, a: &Aggregate) -> Section {
    let chart_title = ctx.l("graphique_repartition");
    let parts: Vec<Barre> = charts::funding_mix(a, |k| ctx.l("autres_financeurs").replace("{n}", &n(k)))
        .into_iter()
        .map(|p| Barre { libelle: crate::model::typo::apply(&p.libelle).into_owned(), ..p })
        .collect();
    let total = a.financements.cents;
    let lignes = parts
        .iter()
        .enumerate()
        .map(|(i, p)| Ligne {
            cle: format!("part-{i}"),
            entete: Cellule { texte: p.libelle.clone(), ..Default::default() },
            cellules: vec![
                Cellule { texte: p.texte.clone(), ..Default::default() },
                Cellule { texte: svg::pourcent(p.valeur, total), ..Default::default() },
            ],
        })
        .collect();
    Section {
        id: "repartition".into(),
        titre: ctx.l("repartition"),
        intro: Some(ctx.l("repartition_intro")),
        svg: Some(svg::empilement("graphique-repartition", &chart_title, &parts)),
        carte: None,
        notes: Vec::new(),
        tableau: Tableau {
            legende: ctx.l("donnees_de").replace("{titre}", &chart_title),
            colonnes: vec![
                Colonne { libelle: ctx.l("colonnes.financeur"), num: false },
                Colonne { libelle: ctx.l("colonnes.montant"), num: true },
                Colonne { libelle: ctx.l("colonnes.part"), num: true },
            ],
            lignes,
            total: Some(Ligne {
                cle: "total".into(),
                entete: Cellule { texte: ctx.l("total"), ..Default::default() },
                cellules: vec![
                    Cellule { texte: a.financements.fr(), ..Default::default() },
                    Cellule { texte: "100\u{A0}%".into(), ..Default::default() },
                ],
            }),
        },
    }
}

impl Renderer for BilanSite {
    fn name(&self) -> &'static str {
        "bilan"
    }

    fn render(&self, input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
        let cfg = &input.project.config.bilan;
        let theme = input.theme;
        let fiches = fiches_du_bilan(input.collection, cfg);
        let titre = crate::report::titre(cfg, &theme.label("bilan.titre"));
        let filters = filter_pages(&fiches);
        // Every page: the main one, then one per filter.
        let mut jobs: Vec<(Filtre, Option<String>, String)> = vec![(Filtre::Tout, None, INDEX.to_string())];
        jobs.extend(filters.iter().map(|(f, label, path)| {
            let shown = match f {
                Filtre::Annee(_) => theme.label("bilan.filtre_annee").replace("{annee}", label),
                _ => theme.label("bilan.filtre_region").replace("{region}", &crate::model::typo::apply(label)),
            };
            (f.clone(), Some(shown), path.clone())
        }));
        let pages = Pages { input, out };
        // Each fiche's région by URL name, made once for every région page.
        let region_slugs: Vec<String> = fiches.par_iter().map(|f| crate::model::text::slugify(&f.territoire.region)).collect();
        jobs.par_iter().try_for_each(|(filtre, shown, path)| {
            let racine: &'static str = if matches!(filtre, Filtre::Tout) { "../" } else { "../../" };
            let ctx = Ctx { theme, racine };
            let selected: Vec<&Fiche> = fiches
                .iter()
                .zip(&region_slugs)
                .filter(|(f, region)| match filtre {
                    Filtre::Region(slug) => *region == slug,
                    _ => filtre.matches(f),
                })
                .map(|(f, _)| *f)
                .collect();
            let a = aggregate(selected.iter().copied());
            let link = |f: &Filtre, libelle: String, path: &str| Lien { libelle, url: format!("{racine}{path}"), actif: f == filtre };
            let tout = vec![link(&Filtre::Tout, ctx.l("filtres.tout"), INDEX)];
            let groupes = vec![
                GroupeFiltres { titre: ctx.l("filtres.ensemble"), liens: tout },
                GroupeFiltres {
                    titre: ctx.l("filtres.annees"),
                    liens: filters
                        .iter()
                        .filter(|(f, _, _)| matches!(f, Filtre::Annee(_)))
                        .map(|(f, l, p)| link(f, l.clone(), p))
                        .collect(),
                },
                GroupeFiltres {
                    titre: ctx.l("filtres.regions"),
                    liens: filters
                        .iter()
                        .filter(|(f, _, _)| matches!(f, Filtre::Region(_)))
                        .map(|(f, l, p)| link(f, crate::model::typo::apply(l).into_owned(), p))
                        .collect(),
                },
            ];
            let v = vue(&ctx, &titre, &a, shown.clone(), fiches.len(), groupes);
            let mut tctx = tera::Context::new();
            tctx.insert("bilan", &v);
            let page_title = match shown {
                Some(s) => format!("{titre} – {s}"),
                None => titre.clone(),
            };
            pages.page(path, "bilan", "bilan", page_title, None, tctx)
        })?;
        Ok(RenderStats { pages: jobs.len(), pdfs: 0, files: jobs.len() })
    }
}
