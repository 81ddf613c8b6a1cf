//! `recueil build`: load and validate, then run every renderer into a staging
//! folder, and swap it in only when all succeeded.

use crate::diagnostics::Report;
use crate::fiche::date::Date;
use crate::output::Staging;
use crate::project::Project;
use crate::render::{BuildError, BuildOptions, RenderInput, RenderStats, Renderer};
use crate::site::theme::Theme;
use std::path::{Path, PathBuf};

/// Why a build did not produce an output.
pub enum Failure {
    /// The fiches or recueil.yaml have errors (the report says which).
    Invalid(Box<Project>),
    /// Theme, renderer or output problem.
    Build(BuildError),
}

/// What a successful build did.
pub struct Summary {
    pub project: Project,
    pub stats: RenderStats,
    pub output: PathBuf,
    pub fiches: usize,
}

/// The date written in pages and PDFs: `SOURCE_DATE_EPOCH` when set, else the
/// newest fiche's date — never the clock, so the same input gives the same bytes.
pub fn build_date(c: &crate::collection::Collection) -> Date {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()) {
        return Date::from_days_since_epoch(secs.div_euclid(86_400));
    }
    c.fiches.iter().map(|f| f.derniere_date()).max().unwrap_or(Date { year: 1970, month: 1, day: 1 })
}

#[derive(serde::Serialize)]
struct SiteGlobals<'a> {
    titre: &'a str,
    description: Option<&'a str>,
    editeur: Option<&'a str>,
    langue: &'a str,
    url: Option<&'a str>,
}

/// Runs a whole build.
pub fn build(root: &Path, output: &Path, options: &BuildOptions, force: bool) -> Result<Summary, Failure> {
    let mut project = Project::load(root);
    if project.report.errors() > 0 {
        return Err(Failure::Invalid(Box::new(project)));
    }
    let mut theme = Theme::load(&project.root, &project.config.theme).map_err(|e| Failure::Build(BuildError(e.to_string())))?;
    let collection = project.take_collection(options.drafts);
    let date = build_date(&collection);
    let config = &project.config;
    {
        let g = theme.tera.global_context();
        g.insert(
            "site",
            &SiteGlobals {
                titre: &crate::typo::apply(&config.titre),
                description: config.description.as_deref(),
                editeur: config.editeur.as_deref(),
                langue: &config.langue,
                url: config.url.as_deref(),
            },
        );
        g.insert("l", &theme.labels.clone());
        g.insert("build", &serde_json::json!({ "date_texte": date.fr(), "date": date.iso() }));
    }
    let staging = Staging::begin(&project.root, output, force).map_err(|e| Failure::Build(e.into()))?;
    if options.pdf_only {
        staging.seed_from_previous().map_err(|e| Failure::Build(e.into()))?;
    }
    let renderers: Vec<Box<dyn Renderer>> = {
        let mut r: Vec<Box<dyn Renderer>> = Vec::new();
        if !options.pdf_only {
            r.push(Box::new(crate::site::Site));
            r.push(Box::new(crate::report::site::BilanSite));
            r.push(Box::new(crate::data::Donnees));
        }
        if !options.no_pdf {
            r.push(Box::new(crate::pdf::renderer::Livrets));
        }
        r
    };
    let input = RenderInput {
        project: &project,
        collection: &collection,
        theme: &theme,
        options,
        with_pdf: renderers.iter().any(|r| r.name() == crate::render::PDF_RENDERER),
    };
    let mut stats = RenderStats::default();
    // `RECUEIL_DUREES=1` prints each renderer's time (for benchmarks).
    let timed = std::env::var_os("RECUEIL_DUREES").is_some_and(|v| v != "0");
    for r in &renderers {
        let started = std::time::Instant::now();
        let result = r.render(&input, &staging);
        if timed {
            eprintln!("durée : {} {:.3} s", r.name(), started.elapsed().as_secs_f64());
        }
        match result {
            Ok(s) => stats += s,
            Err(e) => {
                staging.abandon();
                return Err(Failure::Build(BuildError(format!("{} : {}", r.name(), e))));
            }
        }
    }
    let fiches = collection.fiches.len();
    let output = staging.commit().map_err(|e| Failure::Build(e.into()))?;
    Ok(Summary { project, stats, output, fiches })
}

/// Prints nothing; exposes the report of a failed load for the CLI.
pub fn report_of(f: &Failure) -> Option<&Report> {
    match f {
        Failure::Invalid(p) => Some(&p.report),
        Failure::Build(_) => None,
    }
}
