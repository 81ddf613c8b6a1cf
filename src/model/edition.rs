//! The one rule for the dates a build stamps on what it writes.
//!
//! A publication (the site's footer, the open data, a booklet's cover, the
//! report) carries its edition date: `edition:` of `recueil.yaml` when set,
//! else the day of `SOURCE_DATE_EPOCH` (reproducible builds), else the day of
//! the build. A fiche's own PDF carries the fiche's own date (its newest of
//! `date` and `mise_a_jour`), or `SOURCE_DATE_EPOCH`: it does not change with
//! the day it was rebuilt.

use super::Fiche;
use super::date::Date;

/// Seconds since 1970 of a publication's edition: `edition` (at midnight),
/// else `source_date_epoch`, else `today` (days since 1970, at midnight).
pub fn publication_secs(edition: Option<Date>, source_date_epoch: Option<i64>, today: i64) -> i64 {
    match (edition, source_date_epoch) {
        (Some(d), _) => d.days_since_epoch() * 86_400,
        (None, Some(secs)) => secs,
        (None, None) => today * 86_400,
    }
}

/// [`publication_secs`] as a day.
pub fn publication_date(edition: Option<Date>, source_date_epoch: Option<i64>, today: i64) -> Date {
    day_of(publication_secs(edition, source_date_epoch, today))
}

/// Seconds since 1970 stamped on one fiche's own PDF: `source_date_epoch`,
/// else the fiche's newest date.
pub fn fiche_secs(source_date_epoch: Option<i64>, f: &Fiche) -> i64 {
    source_date_epoch.unwrap_or_else(|| f.derniere_date().days_since_epoch() * 86_400)
}

/// The day holding `secs`.
pub fn day_of(secs: i64) -> Date {
    Date::from_days_since_epoch(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_key_then_epoch_then_today() {
        let fixed = Date::parse("2026-11-24").ok();
        assert_eq!(publication_date(fixed, Some(1_700_000_000), 0).iso(), "2026-11-24");
        assert_eq!(publication_date(None, Some(1_700_000_000), 0).iso(), "2023-11-14");
        assert_eq!(publication_secs(None, Some(1_700_000_000), 5), 1_700_000_000);
        assert_eq!(publication_date(None, None, 20_794).iso(), "2026-12-07");
    }
}
