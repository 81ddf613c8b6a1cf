//! The one rule for the date a build stamps on what it writes (page footers,
//! feeds, open data, PDF metadata and covers).

use super::Fiche;
use super::date::Date;

/// Seconds since 1970 stamped on an output showing `fiches`: the build's
/// `SOURCE_DATE_EPOCH` when set, else the newest date (`date` or
/// `mise_a_jour`) of those fiches, else 1970-01-01 — never the clock, so the
/// same input gives the same bytes.
pub fn stamp_secs<'a>(source_date_epoch: Option<i64>, fiches: impl IntoIterator<Item = &'a Fiche>) -> i64 {
    if let Some(secs) = source_date_epoch {
        return secs;
    }
    fiches.into_iter().map(|f| f.derniere_date().days_since_epoch() * 86_400).max().unwrap_or(0)
}

/// [`stamp_secs`] as a day.
pub fn stamp_date<'a>(source_date_epoch: Option<i64>, fiches: impl IntoIterator<Item = &'a Fiche>) -> Date {
    Date::from_days_since_epoch(stamp_secs(source_date_epoch, fiches).div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_wins_then_newest_fiche_then_1970() {
        assert_eq!(stamp_date(Some(1_700_000_000), []).iso(), "2023-11-14");
        assert_eq!(stamp_date(None, []).iso(), "1970-01-01");
        assert_eq!(stamp_secs(None, []), 0);
    }
}
