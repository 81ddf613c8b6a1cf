//! Phase timings for benchmarks: with `RECUEIL_TEMPS=1` in the environment,
//! each phase of a build prints its wall time on standard error. Silent
//! otherwise, and never part of the output.

use std::time::Instant;

/// Whether timings are printed (read once).
fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("RECUEIL_TEMPS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Prints the time since it was made when dropped (if timings are on).
pub struct Phase {
    name: &'static str,
    start: Instant,
}

/// Starts timing a phase.
pub fn phase(name: &'static str) -> Phase {
    Phase { name, start: Instant::now() }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if enabled() {
            eprintln!("temps {:>8.1} ms  {:>6} Mo  {}", self.start.elapsed().as_secs_f64() * 1000.0, resident_mb(), self.name);
        }
    }
}

/// Resident memory of the process now, in MB (Linux; 0 elsewhere).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}
