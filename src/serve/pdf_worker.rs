//! The PDFs of `serve`, made by one worker thread after the pages are written
//! and reloaded: jobs run in order (the last save wins), each on its own copy
//! of the fiches it prints, and write in place through temporary names.

use crate::build::output::Staging;
use crate::load::config::{Config, Livret};
use crate::model::Fiche;
use crate::model::collection::Collection;
use rayon::prelude::*;
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
    pub theme_dir: Option<PathBuf>,
    /// The theme's words, as the build's PDFs take them.
    pub labels: crate::theme::Labels,
    pub output: PathBuf,
}

/// Held while the output folder may be swapped (a full render in serve) and
/// by the worker for each file it writes: a PDF is never written into a folder
/// being replaced.
pub type OutputGuard = Arc<std::sync::Mutex<()>>;

impl PdfJob {
    fn run(self, guard: &OutputGuard) -> Result<usize, String> {
        let write = |out: &Staging, rel: &str, bytes: &[u8]| {
            let _g = guard.lock().unwrap_or_else(|e| e.into_inner());
            out.write(rel, bytes).map_err(|e| e.to_string())
        };
        let assets =
            crate::render::pdf::PdfAssets::load(self.theme_dir.as_deref()).map_err(|e| e.to_string())?.with_labels(self.labels.clone());
        let out = Staging::in_place(&self.output).map_err(|e| e.to_string())?;
        self.fiches.par_iter().try_for_each(|f| {
            let bytes = crate::render::pdf::render_fiche(f, &self.config, &assets).map_err(|e| format!("{} : {e}", f.fichier))?;
            // A fiche whose page went meanwhile (a new slug, a deleted file) gets no PDF.
            let _g = guard.lock().unwrap_or_else(|e| e.into_inner());
            if !self.output.join("fiches").join(&f.slug).join("index.html").is_file() {
                return Ok(());
            }
            out.write(&format!("fiches/{0}/{0}.pdf", f.slug), &bytes).map_err(|e| e.to_string())
        })?;
        for (l, c) in &self.booklets {
            let bytes =
                crate::render::pdf::render_booklet(c, &self.config, l, &assets).map_err(|e| format!("livret {} : {e}", l.fichier))?;
            write(&out, &format!("livrets/{}", l.fichier), &bytes)?;
        }
        let bytes = crate::render::pdf::bilan::render_bilan(&self.bilan, &self.config, &assets).map_err(|e| format!("bilan : {e}"))?;
        write(&out, &format!("livrets/{}", crate::render::pdf::bilan::FICHIER), &bytes)?;
        Ok(self.fiches.len() + self.booklets.len() + 1)
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
                Ok(n) => println!("{n} PDF refait(s) en {} ms", started.elapsed().as_millis()),
                Err(e) => eprintln!(
                    "PDF non refaits : {e}\nles PDF précédents restent en place ; corrigez ce qui est indiqué puis enregistrez de nouveau"
                ),
            }
        }
    });
    tx
}
