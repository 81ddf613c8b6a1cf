//! `recueil build`: load and validate, then run every renderer into a staging
//! folder, and swap it in only when all succeeded.

pub mod interrupt;
pub mod lock;
pub mod output;
pub mod record;

use crate::build::output::Staging;
use crate::load::project::Project;
use crate::render::{BuildError, BuildOptions, Output, RenderInput, RenderStats, Renderer};
use crate::theme::Theme;
use record::Fingerprints;
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
    /// The drafts left out (their files), when the build did not publish them.
    pub drafts: Vec<String>,
    /// The model the build read, handed back so that a caller about to exit
    /// can skip freeing it (see `cli`).
    pub model: (crate::model::collection::Collection, crate::theme::Theme),
}

#[derive(serde::Serialize)]
struct SiteGlobals<'a> {
    titre: &'a str,
    description: Option<&'a str>,
    editeur: Option<&'a str>,
    langue: &'a str,
    url: Option<&'a str>,
    /// The logo (path under the site's root, natural size), if any.
    logo: Option<serde_json::Value>,
    /// The colours' style sheet (path under the site's root), if any.
    couleurs: Option<&'static str>,
}

/// A loaded and valid project, its theme and the collection to publish:
/// everything the renderers read.
pub struct Prepared {
    pub project: Project,
    pub theme: Theme,
    pub collection: crate::model::collection::Collection,
    /// The drafts left out of the collection (their files, in order).
    pub drafts: Vec<String>,
}

/// Loads and validates the project, loads the theme, makes the collection.
pub fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, Failure> {
    let load = crate::timing::phase("lecture et validation");
    let project = Project::load(root);
    drop(load);
    if project.report.errors() > 0 {
        return Err(Failure::Invalid(Box::new(project)));
    }
    prepare_from(project, options).map_err(Failure::Build)
}

/// [`prepare`] for a project already loaded (and without errors).
pub fn prepare_from(mut project: Project, options: &BuildOptions) -> Result<Prepared, BuildError> {
    let mut theme = Theme::load(&project.root, &project.config.theme)?;
    let mut drafts: Vec<String> =
        if options.drafts { Vec::new() } else { project.fiches.iter().filter(|f| f.brouillon).map(|f| f.fichier.clone()).collect() };
    drafts.sort();
    let collection = project.take_collection(options.drafts);
    set_globals(&mut theme, &project.config);
    Ok(Prepared { project, theme, collection, drafts })
}

/// The values every template sees: the site, the labels, the build date.
pub fn set_globals(theme: &mut Theme, config: &crate::load::config::Config) {
    let date = config.edition_date();
    let labels = theme.labels.clone();
    let g = theme.tera.global_context();
    g.insert(
        "site",
        &SiteGlobals {
            titre: &crate::model::typo::apply(&config.titre),
            description: config.description.as_deref(),
            editeur: config.editeur.as_deref(),
            langue: &config.langue,
            url: config.url.as_deref(),
            logo: config
                .logo
                .as_ref()
                .map(|l| serde_json::json!({ "url": crate::render::site::logo_path(l), "largeur": l.width, "hauteur": l.height })),
            couleurs: config.couleur.is_some().then_some(crate::render::site::COULEURS_PATH),
        },
    );
    g.insert("l", &labels);
    g.insert("build", &serde_json::json!({ "date_texte": date.fr(), "date": date.iso() }));
}

/// The renderers of a build with these options, in their order.
pub fn renderers(options: &BuildOptions) -> Vec<Box<dyn Renderer>> {
    let mut r: Vec<Box<dyn Renderer>> = Vec::new();
    if !options.pdf_only {
        r.push(Box::new(crate::render::site::Site));
        r.push(Box::new(crate::render::site::bilan::BilanSite));
        r.push(Box::new(crate::render::data::Donnees));
    }
    if !options.no_pdf {
        r.push(Box::new(crate::render::pdf::renderer::Livrets));
    }
    r
}

/// Runs `renderers` into `out`: what a build and `serve` share.
pub fn run_renderers(renderers: &[Box<dyn Renderer>], input: &RenderInput, out: &dyn Output) -> Result<RenderStats, BuildError> {
    let mut stats = RenderStats::default();
    for r in renderers {
        let _t = crate::timing::phase(r.name());
        stats += r.render(input, out).map_err(|e| BuildError::Renderer { renderer: r.name(), source: Box::new(e) })?;
    }
    Ok(stats)
}

/// Runs the renderers into a staging folder and swaps it in place of `output`.
pub fn render_all(
    p: &Prepared,
    output: &Path,
    options: &BuildOptions,
    force: bool,
    progress: &crate::render::progress::Progress,
) -> Result<(RenderStats, PathBuf), BuildError> {
    render_all_recorded(p, output, options, force, progress, false).map(|(stats, out, _)| (stats, out))
}

/// [`render_all`], and with `record`, the fingerprint of every file written.
pub fn render_all_recorded(
    p: &Prepared,
    output: &Path,
    options: &BuildOptions,
    force: bool,
    progress: &crate::render::progress::Progress,
    record: bool,
) -> Result<(RenderStats, PathBuf, Fingerprints), BuildError> {
    let Prepared { project, theme, collection, .. } = p;
    // The output may not replace the project's own folders (the loader's rule).
    let protected =
        output::Protected { folders: crate::load::project::OWN_FOLDERS.to_vec(), is_project: crate::load::project::looks_like_project };
    let staging = Staging::begin(&project.root, output, force, &protected)?;
    if options.pdf_only {
        staging.seed_from_previous()?;
    }
    let renderers = renderers(options);
    let with_pdf = options.pdf_apart || renderers.iter().any(|r| r.makes_pdfs());
    let n = collection.fiches.len();
    if !options.pdf_only {
        progress.add_work(n, "pages");
    }
    if with_pdf {
        // Each fiche, each booklet and the report.
        progress.add_work(n + project.config.livrets.len().max(1) + 1, "PDF");
    }
    let input = RenderInput { project, collection, theme, options, with_pdf, progress };
    let recording = record.then(|| record::Recording::new(&staging));
    let out: &dyn Output = match &recording {
        Some(r) => r,
        None => &staging,
    };
    let result = run_renderers(&renderers, &input, out);
    progress.finish();
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            drop(recording);
            staging.abandon();
            return Err(e);
        }
    };
    let prints = recording.map(record::Recording::into_prints).unwrap_or_default();
    let _t = crate::timing::phase("bascule de la sortie");
    let output = staging.commit()?;
    Ok((stats, output, prints))
}

/// Runs a whole build.
pub fn build(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    force: bool,
    progress: &crate::render::progress::Progress,
) -> Result<Summary, Failure> {
    let total = crate::timing::phase("construction");
    let p = prepare(root, options)?;
    let (stats, output) = render_all(&p, output, options, force, progress).map_err(Failure::Build)?;
    drop(total);
    let Prepared { project, theme, collection, drafts } = p;
    Ok(Summary { fiches: collection.fiches.len(), project, stats, output, drafts, model: (collection, theme) })
}

/// What a build or a preview left out, in French: « 1 brouillon non publié :
/// fiches/x.md — recueil build --drafts pour le voir » (`command` is the
/// command to run again). `None` without drafts.
pub fn drafts_note(drafts: &[String], command: &str) -> Option<String> {
    const SHOWN: usize = 5;
    let (first, rest) = drafts.split_at(drafts.len().min(SHOWN));
    let mut list = first.join(", ");
    if !rest.is_empty() {
        list.push_str(&format!(" et {}", crate::model::text::nombre(rest.len(), "autre", "autres")));
    }
    match drafts.len() {
        0 => None,
        1 => Some(format!("1 brouillon non publié : {list} — {command} --drafts pour le voir")),
        n => Some(format!(
            "{} non publiés : {list} — {command} --drafts pour les voir",
            crate::model::text::nombre(n, "brouillon", "brouillons")
        )),
    }
}
