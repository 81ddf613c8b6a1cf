//! Calendar dates (`AAAA-MM-JJ`) and their French spelling (`14 février 2019`).

use serde::{Serialize, Serializer};
use std::fmt;

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// Why a date was refused, in French.
#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    Format,
    Impossible,
}

impl Date {
    /// Parses `AAAA-MM-JJ` strictly and checks the day exists.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &b[r];
            if !part.iter().all(u8::is_ascii_digit) {
                return Err(DateError::Format);
            }
            Ok(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month as u8) as u32 {
            return Err(DateError::Impossible);
        }
        Ok(Date { year: year as i32, month: month as u8, day: day as u8 })
    }

    /// A date as authors often write it, for a hint: `14/04/2012`,
    /// `14-04-2012`, `14.04.2012`, `1er mars 2017`, `14 avril 2012`. `None`
    /// when the text is no such date, or the day does not exist.
    pub fn guess(s: &str) -> Option<Date> {
        let t = s.trim();
        let nums: Vec<&str> = t.split(['/', '-', '.']).collect();
        let (day, month, year) = if nums.len() == 3 && nums.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            (nums[0].parse::<u32>().ok()?, nums[1].parse::<u32>().ok()?, nums[2].parse::<i32>().ok()?)
        } else {
            let words: Vec<String> = t.split_whitespace().map(|w| w.to_lowercase()).collect();
            let [d, m, y] = words.as_slice() else { return None };
            let d = if d == "1er" { 1 } else { d.parse::<u32>().ok()? };
            let m = MONTHS.iter().position(|name| name == m || crate::model::text::fold(name) == crate::model::text::fold(m))? as u32 + 1;
            (d, m, y.parse::<i32>().ok()?)
        };
        if !(1000..=9999).contains(&year) {
            return None;
        }
        Date::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()
    }

    /// `14 février 2019`, `1er mars 2020`.
    pub fn fr(&self) -> String {
        let day = if self.day == 1 { "1er".to_string() } else { self.day.to_string() };
        format!("{day} {} {}", MONTHS[(self.month - 1) as usize], self.year)
    }

    /// `2019-02-14`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date of a day counted from 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (for feeds and reproducible PDF dates).
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn dates_as_authors_write_them() {
        let g = |s: &str| Date::guess(s).map(|d| d.iso());
        assert_eq!(g("14/04/2012").as_deref(), Some("2012-04-14"));
        assert_eq!(g("1er mars 2017").as_deref(), Some("2017-03-01"));
        assert_eq!(g("14 Avril 2012").as_deref(), Some("2012-04-14"));
        assert_eq!(g("3 fevrier 2020").as_deref(), Some("2020-02-03"));
        assert_eq!(g("31/02/2020"), None);
        assert_eq!(g("mars 2017"), None);
        assert_eq!(g("12/2020"), None);
    }

    use super::*;

    #[test]
    fn parses_and_spells() {
        let d = Date::parse("2019-02-14").unwrap();
        assert_eq!(d.fr(), "14 février 2019");
        assert_eq!(Date::parse("2020-03-01").unwrap().fr(), "1er mars 2020");
        assert_eq!(Date::parse("2024-02-29").unwrap().iso(), "2024-02-29");
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::Impossible));
        assert_eq!(Date::parse("2023-13-01"), Err(DateError::Impossible));
        assert_eq!(Date::parse("14/02/2019"), Err(DateError::Format));
        assert_eq!(Date::parse("2019-2-14"), Err(DateError::Format));
        assert_eq!(Date::parse("1970-01-02").unwrap().days_since_epoch(), 1);
        for s in ["2019-02-14", "2000-02-29", "1999-12-31", "2024-03-01"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
    }
}
