//! `recueil serve`: build, serve the output on 127.0.0.1, watch `fiches/`,
//! `themes/` and `recueil.yaml`, rebuild on change and reload the open pages;
//! while a fiche has an error, the last good pages stay served and the
//! diagnostics show in the terminal and as an overlay in the browser.

pub mod editor;
pub mod http;
pub mod live;
pub mod pdf_worker;
pub mod session;
pub mod settle;

use crate::model::text::nombre;
use live::Hub;
use notify::{EventKind, RecursiveMode, Watcher};
use session::{Outcome, Session};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// A file-watching error in French (notify's own text is English).
fn watch_error_fr(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => crate::load::diagnostics::io_error_fr(io),
        notify::ErrorKind::PathNotFound => "dossier introuvable".into(),
        notify::ErrorKind::MaxFilesWatch => {
            "trop de fichiers à surveiller pour ce système (sous Linux, augmentez fs.inotify.max_user_watches)".into()
        }
        _ => "le système refuse de surveiller ce dossier".into(),
    }
}

/// Why `serve` could not start, in French.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{} : {}", path.display(), crate::load::diagnostics::io_error_fr(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "impossible d'écouter sur {bind}:{port} : {}\n  aide : arrêtez l'autre aperçu, ou choisissez un autre port : recueil serve --port {}",
        crate::load::diagnostics::io_error_fr(source),
        port.wrapping_add(1).max(1024)
    )]
    Bind {
        bind: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("surveillance de {} impossible : {}", path.display(), watch_error_fr(source))]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
}

/// Options of `recueil serve`.
pub struct ServeOptions {
    pub bind: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub output: PathBuf,
}

/// The project as `serve` keeps it, and the PDF worker.
struct Server {
    root: PathBuf,
    opts: ServeOptions,
    session: Option<Session>,
    pdfs: std::sync::mpsc::Sender<pdf_worker::PdfJob>,
    guard: pdf_worker::OutputGuard,
    /// The form editor, kept up to date with the fiches read.
    editor: Option<Arc<editor::Editor>>,
}

impl Server {
    /// Reads the whole project and writes the whole site; PDFs follow in the background.
    fn restart(&mut self, hub: &Hub, started: Instant) -> String {
        self.session = None;
        match Session::start(&self.root, &self.opts.output, self.opts.drafts, self.guard.clone()) {
            Ok((session, warnings)) => {
                let n = hub.reload();
                let fiches = session.prepared().collection.fiches.len();
                let line = format!(
                    "site écrit en {} ms : {}, {}",
                    started.elapsed().as_millis(),
                    nombre(fiches, "fiche", "fiches"),
                    nombre(n, "page rechargée", "pages rechargées")
                );
                let _ = self.pdfs.send(session.pdf_job(None));
                let line = match crate::build::drafts_note(&session.drafts_aside(), "recueil serve") {
                    Some(note) => format!("{line}\n{note}"),
                    None => line,
                };
                self.refresh_editor(&session);
                self.session = Some(session);
                with_warnings(line, warnings)
            }
            Err(e) => errors(hub, e.to_string()),
        }
    }

    fn refresh_editor(&self, session: &Session) {
        if let Some(e) = &self.editor {
            e.update(session.all_fiches(), &session.prepared().theme.labels);
        }
    }

    /// After a save: only the changed fiches when that is all that changed.
    fn changed(&mut self, paths: &[PathBuf], hub: &Hub, started: Instant) -> String {
        let only_fiches = paths.iter().all(|p| crate::load::project::is_fiche_path(&self.root, p));
        let Some(session) = self.session.as_mut().filter(|_| only_fiches) else {
            return self.restart(hub, started);
        };
        match session.fiches_changed(paths) {
            Outcome::Rendered { pages, full, fiches, files, warnings, drafts } => {
                if let Some(e) = &self.editor {
                    e.update(session.all_fiches(), &session.prepared().theme.labels);
                }
                let n = hub.reload();
                let what = if full {
                    "tout le site réécrit (ordre des fiches changé)".to_string()
                } else {
                    nombre(pages, "page réécrite", "pages réécrites")
                };
                let line = format!(
                    "reconstruit en {} ms : {what}, {}, {}",
                    started.elapsed().as_millis(),
                    nombre(fiches, "fiche", "fiches"),
                    nombre(n, "page rechargée", "pages rechargées")
                );
                let line = with_warnings(line, warnings);
                println!("{line}");
                if let Some(note) = crate::build::drafts_note(&drafts, "recueil serve") {
                    println!("{note}");
                }
                if !full {
                    match session.settle() {
                        // A page the quick rebuild did not reach changed: shown again.
                        Ok(s) if s.written.iter().chain(&s.removed).any(|p| p.ends_with(".html")) => {
                            let n = hub.reload();
                            println!(
                                "vérifié en {} ms : {}, {}, {}",
                                started.elapsed().as_millis(),
                                nombre(s.written.len(), "fichier mis à jour", "fichiers mis à jour"),
                                nombre(s.removed.len(), "retiré", "retirés"),
                                nombre(n, "page rechargée", "pages rechargées")
                            );
                        }
                        Ok(_) => {}
                        Err(e) => eprintln!(
                            "index de recherche, données ouvertes ou bilan non mis à jour : {e}\nle site peut montrer l'ancienne version : enregistrez de nouveau la fiche, ou relancez « recueil serve »"
                        ),
                    }
                }
                // A full render wrote a fresh folder: every PDF is made again.
                let _ = self.pdfs.send(session.pdf_job(if full { None } else { Some(&files) }));
                String::new()
            }
            Outcome::Errors(text) => errors(hub, text),
        }
    }
}

/// The warnings' report (file, line, what to do), then the line.
fn with_warnings(line: String, warnings: String) -> String {
    format!("{warnings}{line}")
}

fn errors(hub: &Hub, text: String) -> String {
    hub.show_errors(&text);
    format!("{text}la dernière version correcte reste affichée ; corrigez et enregistrez pour recharger")
}

fn open_browser(url: &str) {
    let candidates: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else {
        &[("xdg-open", &[]), ("sensible-browser", &[])]
    };
    for (cmd, args) in candidates {
        if std::process::Command::new(cmd).args(*args).arg(url).spawn().is_ok() {
            return;
        }
    }
    eprintln!("impossible d'ouvrir le navigateur : ouvrez {url}");
}

/// Whether a changed path concerns the project (not the output, not editor files).
fn relevant(root: &Path, output: &Path, p: &Path) -> bool {
    if p.starts_with(output) {
        return false;
    }
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") || name.starts_with(".#") || !name.contains('.') {
        return false;
    }
    if let Some(parent) = output.parent()
        && p.parent() == Some(parent)
        && name.contains(".recueil-")
    {
        return false;
    }
    p.starts_with(root.join("fiches")) || p.starts_with(root.join("themes")) || p == root.join(crate::load::config::FILE)
}

/// Runs until interrupted.
pub fn run(root: &Path, opts: ServeOptions) -> Result<(), ServeError> {
    let root = dunce::canonicalize(root).map_err(|source| ServeError::Io { path: root.to_path_buf(), source })?;
    let output = if opts.output.is_absolute() { opts.output.clone() } else { root.join(&opts.output) };
    let opts = ServeOptions { output: output.clone(), ..opts };
    // Watching starts before the first build: a change saved meanwhile is seen.
    let (tx, rx) = channel::<notify::Result<notify::Event>>();
    // Links are not followed: a link in fiches/ to a folder outside the
    // project (`ln -s /usr fiches/usr`) is neither read nor watched.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(tx, config).map_err(|source| ServeError::Watch { path: root.clone(), source })?;
    // The folders watched in depth; one created later (a first theme) is
    // watched from its creation on.
    let deep = [root.join("fiches"), root.join("themes")];
    let mut watched: Vec<PathBuf> = Vec::new();
    for dir in &deep {
        if dir.is_dir() {
            watcher.watch(dir, RecursiveMode::Recursive).map_err(|source| ServeError::Watch { path: dir.clone(), source })?;
            watched.push(dir.clone());
        }
    }
    watcher.watch(&root, RecursiveMode::NonRecursive).map_err(|source| ServeError::Watch { path: root.clone(), source })?;
    let hub = Arc::new(Hub::default());
    let guard = pdf_worker::OutputGuard::default();
    // Editing exists only on loopback: no one else can reach the files.
    let editor = crate::serve::http::is_loopback_bind(&opts.bind).then(|| editor::Editor::new(&root).map(Arc::new)).flatten();
    let mut server = Server { root: root.clone(), opts, session: None, pdfs: pdf_worker::start(guard.clone()), guard, editor };
    println!("{}", server.restart(&hub, Instant::now()));
    let opts = &server.opts;
    std::fs::create_dir_all(&output).map_err(|source| ServeError::Io { path: output.clone(), source })?;

    let bind_error = |source| ServeError::Bind { bind: opts.bind.clone(), port: opts.port, source };
    let listener = TcpListener::bind((opts.bind.as_str(), opts.port)).map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let url = format!("http://{addr}/");
    println!("aperçu : {url}  (Ctrl-C pour arrêter)");
    let loopback = addr.ip().is_loopback();
    if !loopback {
        println!("attention : l'aperçu est ouvert aux autres machines du réseau ({})", opts.bind);
    }
    {
        let (hub, output) = (hub.clone(), output.clone());
        let hosts = loopback.then(|| http::own_hosts(addr.port()));
        let editor = server.editor.clone().filter(|_| loopback);
        std::thread::spawn(move || http::serve(listener, output, hub, hosts, editor));
    }
    if opts.open {
        open_browser(&url);
    }

    // Only writes, creations, renames and removals count (reading a file during a
    // build must not trigger another build); bursts are gathered for 20 ms.
    let wanted = |e: &notify::Event| {
        matches!(
            e.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(
                    notify::event::ModifyKind::Data(_) | notify::event::ModifyKind::Name(_) | notify::event::ModifyKind::Any
                )
        )
    };
    while let Ok(first) = rx.recv() {
        let started = Instant::now();
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut appeared: Vec<PathBuf> = Vec::new();
        let mut take = |ev: notify::Result<notify::Event>| {
            if let Ok(ev) = ev
                && wanted(&ev)
            {
                appeared.extend(ev.paths.iter().filter(|p| deep.contains(p) && !watched.contains(p) && p.is_dir()).cloned());
                changed.extend(ev.paths.into_iter().filter(|p| relevant(&root, &output, p) && !p.is_dir()));
            }
        };
        take(first);
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(20)) {
            take(ev);
        }
        // A folder created since the start (themes/): watched from now on, and
        // the project read again (files may have been written in it already).
        for dir in appeared {
            match watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    watched.push(dir.clone());
                    changed.push(dir);
                }
                Err(e) => eprintln!("surveillance de {} impossible : {}", dir.display(), watch_error_fr(&e)),
            }
        }
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        for p in &changed {
            println!("modifié : {}", crate::load::diagnostics::display_path(&root, p));
        }
        let line = server.changed(&changed, &hub, started);
        if !line.is_empty() {
            println!("{line}");
        }
    }
    Ok(())
}
