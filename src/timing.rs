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
    cpu: f64,
}

/// Starts timing a phase.
pub fn phase(name: &'static str) -> Phase {
    Phase { name, start: Instant::now(), cpu: if enabled() { cpu_seconds() } else { 0.0 } }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if enabled() {
            let wall = self.start.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - self.cpu;
            eprintln!(
                "temps {:>8.1} ms  cpu {:>4.0} %  {:>6} Mo  {}",
                wall * 1000.0,
                100.0 * cpu / wall.max(1e-9),
                resident_mb(),
                self.name
            );
        }
    }
}

/// CPU time (user and system) the process has used so far, in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return 0.0;
    }
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// CPU time (user and system) the process has used so far, in seconds.
#[cfg(windows)]
fn cpu_seconds() -> f64 {
    use windows_sys::Win32::Foundation::FILETIME;
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, GetProcessTimes};
    let zero = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
    let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
    // SAFETY: GetProcessTimes only writes the four structs it is given; the
    // pseudo-handle of the current process needs no closing.
    if unsafe { GetProcessTimes(GetCurrentProcess(), &mut created, &mut exited, &mut kernel, &mut user) } == 0 {
        return 0.0;
    }
    // FILETIME counts 100-nanosecond intervals.
    let t = |f: FILETIME| ((u64::from(f.dwHighDateTime) << 32) | u64::from(f.dwLowDateTime)) as f64 / 1e7;
    t(kernel) + t(user)
}

#[cfg(not(any(unix, windows)))]
fn cpu_seconds() -> f64 {
    0.0
}

/// Resident memory of the process now, in MB (Linux; 0 elsewhere).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}
