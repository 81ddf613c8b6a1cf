//! The PDFs of `serve`, made by one worker thread after the pages are written
//! and reloaded: jobs run in order (the last save wins), each on its own copy
//! of the fiches it prints, and write in place through temporary names.

use crate::build::output::Staging;
use crate::load::config::{Config, Livret};
use crate::model::Fiche;
use crate::model::collection::Collection;
use crate::render::pdf::renderer::{PdfWork, render_pdfs};
use crate::render::{BuildError, Output, OutputError};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};

/// Fiches and booklets to print.
pub struct PdfJob {
    pub fiches: Vec<Fiche>,
    pub booklets: Vec<(Livret, Arc<Collection>)>,
    /// Every published fiche, for the impact report.
    pub bilan: Arc<Collection>,
    pub config: Config,
    /// The theme's fonts, patterns and logo.
    pub theme: crate::theme::PdfFiles,
    /// The theme's words, as the build's PDFs take them.
    pub labels: crate::theme::Labels,
    pub output: PathBuf,
}

/// Held while the output folder may be swapped (a full render in serve) and
/// by the worker for each file it writes: a PDF is never written into a folder
/// being replaced.
pub type OutputGuard = Arc<std::sync::Mutex<()>>;

/// The output as the worker writes it: each file under the guard, and a
/// fiche's PDF only while its page is there (a new slug or a deleted file
/// may have taken it away meanwhile).
struct Guarded<'a> {
    out: &'a Staging,
    guard: &'a OutputGuard,
}

impl Output for Guarded<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let _g = self.guard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(page) =
            rel.strip_prefix("fiches/").and_then(|r| r.split_once('/')).map(|(slug, _)| crate::model::collection::fiche_url(slug))
            && !self.out.dir.join(page).is_file()
        {
            return Ok(());
        }
        self.out.write(rel, bytes)
    }
    fn write_with(&self, rel: &str, fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), OutputError> {
        let _g = self.guard.lock().unwrap_or_else(|e| e.into_inner());
        self.out.write_with(rel, fill)
    }
    fn copy(&self, rel: &str, from: &std::path::Path) -> Result<(), OutputError> {
        let _g = self.guard.lock().unwrap_or_else(|e| e.into_inner());
        self.out.copy(rel, from)
    }
}

impl PdfJob {
    /// Prints through the PDF renderer's own [`render_pdfs`].
    fn run(self, guard: &OutputGuard) -> Result<usize, BuildError> {
        let assets = crate::render::pdf::PdfAssets::from_theme(&self.theme, self.labels.clone())
            .map_err(|source| BuildError::Pdf { document: "polices du thème".into(), source })?
            .with_identity(&self.config);
        let out = Staging::in_place(&self.output)?;
        let work = PdfWork {
            fiches: &self.fiches,
            booklets: self.booklets.iter().map(|(l, c)| (l, c.as_ref())).collect(),
            bilan: Some(&self.bilan),
        };
        render_pdfs(&work, &self.config, &assets, &Guarded { out: &out, guard }, &|| {})
    }
}

/// Lowers the priority of the calling thread (Linux: per-thread nice value),
/// so that pages rendered after a save never wait behind PDFs.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
    #[cfg(windows)]
    // SAFETY: the pseudo-handle of the calling thread needs no closing.
    unsafe {
        use windows_sys::Win32::System::Threading::{GetCurrentThread, SetThreadPriority, THREAD_PRIORITY_BELOW_NORMAL};
        SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
    }
}

/// Starts the worker; send it jobs. It has its own single thread (the pages'
/// thread pool stays free for the next save) at a lower priority.
pub fn start(guard: OutputGuard) -> Sender<PdfJob> {
    let (tx, rx) = channel::<PdfJob>();
    std::thread::spawn(move || {
        lower_priority();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).start_handler(|_| lower_priority()).build();
        while let Ok(job) = rx.recv() {
            let started = std::time::Instant::now();
            let result = match &pool {
                Ok(p) => p.install(|| job.run(&guard)),
                Err(_) => job.run(&guard),
            };
            match result {
                Ok(0) => {}
                Ok(n) => println!("{} en {} ms", crate::model::text::nombre(n, "PDF refait", "PDF refaits"), started.elapsed().as_millis()),
                Err(e) => eprintln!(
                    "PDF non refaits : {e}\nles PDF précédents restent en place ; corrigez ce qui est indiqué puis enregistrez de nouveau"
                ),
            }
        }
    });
    tx
}
