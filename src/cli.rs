//! The command line: arguments (clap, help in French), dispatch, exit codes.

use crate::load::project::Project;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "recueil",
    version,
    about = "Transforme un dossier de fiches d'expérience en site web, livrets PDF et bilan d'impact.",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    /// Dossier du projet (par défaut : le dossier courant)
    #[arg(long, global = true, value_name = "DOSSIER", default_value = ".")]
    pub root: PathBuf,

    /// N'affiche que les erreurs
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Affiche cette aide
    #[arg(long, short, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,

    /// Affiche la version
    #[arg(long, short = 'V', action = clap::ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Crée un nouveau projet (recueil.yaml, fiches/ avec une fiche d'exemple)
    Init {
        /// Dossier à créer ou à remplir (par défaut : le dossier courant)
        dossier: Option<PathBuf>,
    },
    /// Crée une nouvelle fiche (brouillon) à partir d'un modèle commenté
    New {
        /// Titre de l'action, entre guillemets
        titre: String,
    },
    /// Construit le site (et les livrets PDF) dans output/
    Build {
        /// Dossier de sortie (par défaut : output/ dans le projet)
        #[arg(long, value_name = "DOSSIER", default_value = "output")]
        output: PathBuf,
        /// Publie aussi les brouillons
        #[arg(long)]
        drafts: bool,
        /// Ne produit pas les PDF (plus rapide pendant l'écriture)
        #[arg(long, conflicts_with = "pdf_only")]
        no_pdf: bool,
        /// Ne produit que les PDF
        #[arg(long)]
        pdf_only: bool,
        /// Remplace le dossier de sortie même s'il contient des fichiers étrangers à recueil
        #[arg(long)]
        force: bool,
    },
    /// Construit puis affiche le site sur http://127.0.0.1:8000, et le reconstruit à chaque modification
    Serve {
        /// Port d'écoute (par défaut : 8000 ; 0 : un port libre au hasard)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Adresse d'écoute (par défaut : 127.0.0.1 ; 0.0.0.0 ouvre l'aperçu au réseau, à éviter)
        #[arg(long, value_name = "ADRESSE", default_value = "127.0.0.1")]
        bind: String,
        /// Ouvre le navigateur
        #[arg(long)]
        open: bool,
        /// Affiche aussi les brouillons
        #[arg(long)]
        drafts: bool,
        /// Dossier de sortie (par défaut : output/ dans le projet)
        #[arg(long, value_name = "DOSSIER", default_value = "output")]
        output: PathBuf,
    },
    /// Importe des fiches existantes (Word, LibreOffice, pages web enregistrées, textes) comme brouillons à compléter
    Import {
        /// Fichiers ou dossiers à importer (.docx, .doc, .odt, .html, .htm, .md, .txt)
        #[arg(required_unless_present = "modele", value_name = "SOURCE")]
        sources: Vec<PathBuf>,
        /// Écrit un modèle de fiche au format Word (.docx), à faire remplir par un partenaire puis à importer
        #[arg(long, value_name = "FICHIER.docx", conflicts_with = "sources")]
        modele: Option<PathBuf>,
        /// Sous-dossier de fiches/ où écrire les fiches (par défaut : fiches/)
        #[arg(long, value_name = "SOUS-DOSSIER")]
        dossier: Option<String>,
    },
    /// Vérifie toutes les fiches et recueil.yaml, et signale chaque problème
    Check {
        /// Format des messages : texte (par défaut) ou json
        #[arg(long, value_enum, default_value_t = Format::Texte)]
        format: Format,
    },
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Lisible : fichier:ligne:colonne, message et aide
    Texte,
    /// JSON, pour les outils
    Json,
}

/// The help in French: clap's English headings (« Usage: », « Commands: »,
/// « Options: »), default values and possible values replaced, for the
/// command and each subcommand (the texts say their defaults themselves).
fn french(cmd: clap::Command) -> clap::Command {
    let mut template = String::from("{about}\n\nUtilisation : {usage}\n");
    if cmd.has_subcommands() {
        template.push_str("\nCommandes :\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str("\nArguments :\n{positionals}\n");
    }
    template.push_str("\nOptions :\n{options}\n");
    cmd.help_template(template)
        .subcommand_value_name("COMMANDE")
        .mut_args(|a| {
            // Only arguments that take a value have defaults and possible values
            // (clap's debug checks refuse the setting on a flag).
            if a.get_action().takes_values() { a.hide_default_value(true).hide_possible_values(true) } else { a }
        })
        .mut_subcommands(french)
}

/// The command line, parsed with the French help.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let matches = french(Cli::command()).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

pub fn main() -> ExitCode {
    let cli = match parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind as K;
            return match e.kind() {
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    if e.kind() == K::DisplayHelpOnMissingArgumentOrSubcommand { ExitCode::from(2) } else { ExitCode::SUCCESS }
                }
                _ => {
                    eprintln!("{}", clap_error_fr(&e));
                    ExitCode::from(2)
                }
            };
        }
    };
    run(cli)
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Init { dossier } => {
            let dir = dossier.unwrap_or_else(|| cli.root.clone());
            match crate::scaffold::init(&dir) {
                Ok(files) => {
                    if !cli.quiet {
                        for f in &files {
                            println!("créé : {}", f.display());
                        }
                        println!("{}", crate::scaffold::next_steps(&dir));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Command::New { titre } => match crate::scaffold::new_fiche(&cli.root, &titre) {
            Ok(path) => {
                if !cli.quiet {
                    println!(
                        "créé : {} (brouillon : retirez « brouillon: true » pour la publier)",
                        crate::load::diagnostics::display_path(&cli.root, &path)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        Command::Build { output, drafts, no_pdf, pdf_only, force } => {
            on_interrupt("construction interrompue : le dossier de sortie précédent est resté tel quel");
            let started = std::time::Instant::now();
            let options = crate::render::BuildOptions { drafts, no_pdf, pdf_only, pdf_apart: false };
            match crate::build::build(&cli.root, &output, &options, force, &crate::render::progress::Progress::for_terminal(cli.quiet)) {
                Ok(summary) => {
                    report(&summary.project, Format::Texte, true);
                    if !cli.quiet {
                        if summary.project.report.warnings() > 0 {
                            eprint!(
                                "{}",
                                summary
                                    .project
                                    .report
                                    .render_text(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
                            );
                        }
                        use crate::model::text::{nombre, secondes};
                        if let Some(note) = crate::build::drafts_note(&summary.drafts, "recueil build") {
                            eprintln!("{note}");
                        }
                        if summary.project.config.url.is_none() && !pdf_only {
                            eprintln!(
                                "remarque : sans « url » dans recueil.yaml, ni flux Atom (feed.xml) ni plan du site (sitemap.xml) : ils ont besoin de l'adresse publique du site\n  aide : quand le site aura son adresse, ajoutez par exemple url: https://www.exemple.fr/recueil"
                            );
                        }
                        println!(
                            "site construit dans {} : {}, {}, {} en {}",
                            summary.output.display(),
                            nombre(summary.fiches, "fiche", "fiches"),
                            nombre(summary.stats.pages, "page", "pages"),
                            nombre(summary.stats.pdfs, "PDF", "PDF"),
                            secondes(started.elapsed().as_secs_f64())
                        );
                    }
                    // The process ends here: freeing every fiche one by one
                    // (about 0.1 s at 10,000 fiches) would only delay the exit.
                    std::mem::forget(summary.model);
                    ExitCode::SUCCESS
                }
                Err(crate::build::Failure::Invalid(project)) => {
                    report(&project, Format::Texte, false);
                    eprintln!("construction annulée : corrigez les erreurs ci-dessus (le dossier de sortie n'a pas été modifié)");
                    ExitCode::from(1)
                }
                Err(crate::build::Failure::Build(e)) => {
                    eprintln!("erreur : {e}");
                    eprintln!("construction annulée (le dossier de sortie n'a pas été modifié)");
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve { port, bind, open, drafts, output } => {
            on_interrupt("aperçu arrêté");
            match crate::serve::run(&cli.root, crate::serve::ServeOptions { bind, port, open, drafts, output }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e.to_string()),
            }
        }
        Command::Import { modele: Some(path), .. } => match crate::import::modele::write(&path) {
            Ok(()) => {
                if !cli.quiet {
                    println!(
                        "{} : modèle de fiche écrit. Faites-le remplir dans Word ou LibreOffice, puis : recueil import {}",
                        path.display(),
                        path.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                fail(&format!("{} existe déjà : choisissez un autre nom (recueil n'écrase aucun fichier)", path.display()))
            }
            Err(e) => fail(&format!("{} : {}", path.display(), crate::load::diagnostics::io_error_fr(&e))),
        },
        Command::Import { sources, dossier, .. } => match crate::import::import(&cli.root, &sources, dossier.as_deref()) {
            Ok(results) => {
                let mut failed = false;
                let mut imported = 0;
                for r in results {
                    match r {
                        Ok(i) => {
                            imported += 1;
                            if !cli.quiet {
                                let rest = if i.a_completer.is_empty() {
                                    "brouillon à relire".to_string()
                                } else {
                                    format!("à compléter : {}", i.a_completer.join(", "))
                                };
                                println!("{} → {} : {rest}", i.source, i.fiche);
                            }
                        }
                        Err(e) => {
                            failed = true;
                            eprintln!("erreur : {e}");
                        }
                    }
                }
                if !cli.quiet && imported > 0 {
                    println!("Les fiches importées sont des brouillons : « recueil check » liste ce qui reste à compléter.");
                }
                if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
            }
            Err(e) => fail(&e.to_string()),
        },
        Command::Check { format } => {
            let project = Project::load(&cli.root);
            report(&project, format, cli.quiet);
            let code = if project.report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
            // The process ends here: no need to free every fiche one by one.
            std::mem::forget(project);
            code
        }
    }
}

/// Installs (once) the Ctrl-C / SIGTERM handler: it removes what a build in
/// progress left (staging folder, lock; never the previous output), prints
/// `message` and exits with status 130.
fn on_interrupt(message: &'static str) {
    // Another handler may already be installed by an embedding program: keep it.
    let _ = ctrlc::set_handler(move || {
        crate::build::interrupt::interrupt();
        eprintln!("{message}");
        std::process::exit(130);
    });
}

/// Prints the diagnostics of a load: text on stderr (colours on a terminal), or JSON on stdout.
pub fn report(project: &Project, format: Format, quiet: bool) {
    match format {
        Format::Json => println!("{}", project.report.render_json()),
        Format::Texte => {
            if quiet && project.report.errors() == 0 {
                return;
            }
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!("{}", project.report.render_text(colour));
        }
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("erreur : {msg}");
    ExitCode::from(1)
}

/// clap's usage errors, in French.
fn clap_error_fr(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let msg = match e.kind() {
        K::InvalidSubcommand => {
            let mut m = format!("erreur : commande inconnue « {} »", ctx(ContextKind::InvalidSubcommand));
            let s = ctx(ContextKind::SuggestedSubcommand);
            if !s.is_empty() {
                m.push_str(&format!("\n  aide : vouliez-vous dire « {s} » ?"));
            }
            m
        }
        K::UnknownArgument => {
            let mut m = format!("erreur : option inconnue « {} »", ctx(ContextKind::InvalidArg));
            let s = ctx(ContextKind::SuggestedArg);
            if !s.is_empty() {
                m.push_str(&format!("\n  aide : vouliez-vous dire « {s} » ?"));
            }
            m
        }
        K::InvalidValue => format!(
            "erreur : valeur « {} » invalide pour {}\n  aide : valeurs possibles : {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::ValidValue)
        ),
        K::MissingRequiredArgument => format!("erreur : il manque {}", ctx(ContextKind::InvalidArg)),
        K::MissingSubcommand => "erreur : indiquez une commande (init, new, check…)".to_string(),
        _ => "erreur : arguments incorrects".to_string(),
    };
    format!("{msg}\n  (recueil --help liste les commandes)")
}
