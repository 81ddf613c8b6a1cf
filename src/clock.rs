//! The wall clock, read in one place: today's date where the user is (the
//! edition date of a build without `edition:` nor `SOURCE_DATE_EPOCH`, and the
//! date `recueil new` writes). A leaf every layer may use.

use std::sync::OnceLock;

/// The local offset from UTC in seconds, read once by [`init`].
static OFFSET: OnceLock<i32> = OnceLock::new();

/// Reads the local time zone's offset. Call first thing in `main`: on Unix the
/// offset can only be read safely while the process has one thread, so later
/// reads fall back to UTC.
pub fn init() {
    OFFSET.get_or_init(read_offset);
}

fn read_offset() -> i32 {
    time::UtcOffset::current_local_offset().map(|o| o.whole_seconds()).unwrap_or(0)
}

/// Seconds since 1970-01-01 UTC, now.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Days since 1970-01-01 of today's local date (UTC when the offset could not
/// be read).
pub fn today_days() -> i64 {
    let offset = OFFSET.get().copied().unwrap_or(0);
    (now_secs() + i64::from(offset)).div_euclid(86_400)
}
