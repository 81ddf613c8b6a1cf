//! The build's progress bar: shown on a terminal once a build has lasted a
//! second (short builds stay quiet), never when standard error is not a
//! terminal or with `--quiet`. Renderers only call [`Progress::inc`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Delay before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Progress of a build, counted in pages and PDFs written.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar that never shows (tests, `--quiet`, serve, not a terminal).
    pub fn hidden() -> Progress {
        Progress { bar: None, start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// A bar on standard error when it is a terminal and `quiet` is off.
    pub fn for_terminal(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:<14} [{bar:30}] {pos}/{len} ({eta} restantes)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Progress { bar: Some(bar), start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Adds `n` units to do, under a short French name of the step.
    pub fn add_work(&self, n: usize, step: &'static str) {
        if let Some(b) = &self.bar {
            b.inc_length(n as u64);
            b.set_message(step);
        }
    }

    /// Marks `n` units done.
    pub fn inc(&self, n: usize) {
        let Some(b) = &self.bar else { return };
        b.inc(n as u64);
        if self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            b.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        }
    }

    /// Removes the bar (before the summary line is printed).
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
