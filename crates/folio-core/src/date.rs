//! Partial ISO 8601 dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and how a reader sees them.
//!
//! Archives rarely know every date to the day, so a [`PartialDate`] keeps exactly the
//! precision the bundle gave. [`format_reading`] writes it as an archive does
//! ("September 16, 1956", "July 1993", "1993") and [`format_range`] writes spans
//! ("1961 – 1963").

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month `m` (1–12).
pub fn month_name(m: u8) -> &'static str {
    MONTHS
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// 1 to 9999.
    pub year: u16,
    /// 1 to 12 when known.
    pub month: Option<u8>,
    /// 1 to the month's length when known (only with a month).
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{value}” is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD ({reason})")]
pub struct DateError {
    pub value: String,
    pub reason: &'static str,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days in `month` of `year`.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    pub fn year(year: u16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a trailing `THH:MM…` time is ignored).
    pub fn parse(value: &str) -> Result<Self, DateError> {
        let err = |reason| DateError {
            value: value.to_string(),
            reason,
        };
        let v = value.trim();
        let v = v.split_once('T').map_or(v, |(d, _)| d);
        let mut parts = v.split('-');
        let num = |s: Option<&str>, len: usize| -> Option<Option<u16>> {
            match s {
                None => Some(None),
                Some(s) if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.parse().ok().map(Some)
                }
                Some(_) => None,
            }
        };
        let year = num(parts.next(), 4)
            .flatten()
            .ok_or_else(|| err("the year needs four digits"))?;
        if year == 0 {
            return Err(err("there is no year 0000"));
        }
        let month = num(parts.next(), 2).ok_or_else(|| err("the month needs two digits"))?;
        let day = num(parts.next(), 2).ok_or_else(|| err("the day needs two digits"))?;
        if parts.next().is_some() {
            return Err(err("too many parts"));
        }
        let month = match month {
            Some(m) if (1..=12).contains(&m) => Some(m as u8),
            Some(_) => return Err(err("the month must be 01 to 12")),
            None => None,
        };
        let day = match (day, month) {
            (Some(d), Some(m)) if d >= 1 && d <= u16::from(days_in_month(year, m)) => Some(d as u8),
            (Some(_), _) => return Err(err("the day is not in that month")),
            (None, _) => None,
        };
        Ok(PartialDate { year, month, day })
    }

    /// A sortable key; an unknown month or day sorts first within its year or month.
    pub fn sort_key(&self) -> u32 {
        u32::from(self.year) * 10_000
            + u32::from(self.month.unwrap_or(0)) * 100
            + u32::from(self.day.unwrap_or(0))
    }

    /// The last day this date can mean, as a sort key (`1956` → 1956-12-31).
    pub fn end_key(&self) -> u32 {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        u32::from(self.year) * 10_000 + u32::from(m) * 100 + u32::from(d)
    }
}

impl fmt::Display for PartialDate {
    /// The ISO form, as the bundle stores it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// "September 16, 1956", "July 1993" or "1993".
pub fn format_reading(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{} {}, {}", month_name(m), day, d.year),
        (Some(m), None) => format!("{} {}", month_name(m), d.year),
        _ => d.year.to_string(),
    }
}

/// A date or a span, as a reader expects: "1961 – 1963", "June 12 – 14, 1962",
/// "June – July 1962", "December 30, 1961 – January 2, 1962".
pub fn format_range(start: &PartialDate, end: Option<&PartialDate>) -> String {
    let Some(end) = end.filter(|e| *e != start && e.sort_key() > start.sort_key()) else {
        return format_reading(start);
    };
    const DASH: &str = " – ";
    match (start.month, start.day, end.month, end.day) {
        (Some(m1), Some(d1), Some(m2), Some(d2)) if start.year == end.year && m1 == m2 => {
            format!("{} {d1}{DASH}{d2}, {}", month_name(m1), start.year)
        }
        (Some(m1), Some(d1), Some(m2), Some(d2)) if start.year == end.year => {
            format!(
                "{} {d1}{DASH}{} {d2}, {}",
                month_name(m1),
                month_name(m2),
                start.year
            )
        }
        (Some(m1), None, Some(m2), None) if start.year == end.year => {
            format!("{}{DASH}{} {}", month_name(m1), month_name(m2), start.year)
        }
        _ => format!("{}{DASH}{}", format_reading(start), format_reading(end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn reads_dates_as_an_archive_writes_them() {
        assert_eq!(format_reading(&d("1956-09-16")), "September 16, 1956");
        assert_eq!(format_reading(&d("1993-07")), "July 1993");
        assert_eq!(format_reading(&d("1993")), "1993");
    }

    #[test]
    fn writes_ranges_compactly() {
        assert_eq!(format_range(&d("1961"), Some(&d("1963"))), "1961 – 1963");
        assert_eq!(
            format_range(&d("1962-06-12"), Some(&d("1962-06-14"))),
            "June 12 – 14, 1962"
        );
        assert_eq!(
            format_range(&d("1962-06"), Some(&d("1962-07"))),
            "June – July 1962"
        );
        assert_eq!(
            format_range(&d("1961-12-30"), Some(&d("1962-01-02"))),
            "December 30, 1961 – January 2, 1962"
        );
        assert_eq!(format_range(&d("1961"), Some(&d("1961"))), "1961");
        assert_eq!(
            format_range(&d("1963"), Some(&d("1961"))),
            "1963",
            "a backwards end is ignored"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "1956-13-45",
            "0000",
            "99999",
            "1956-02-30",
            "56",
            "1956-9-1",
            "",
            "abcd",
            "1956-01-01-01",
            "1900-02-29",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(d("2000-02-29").day, Some(29));
        assert_eq!(d("1956-09-16T10:00:00Z"), d("1956-09-16"));
    }

    #[test]
    fn iso_form_round_trips() {
        for s in ["1956", "1956-09", "1956-09-16", "0801"] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn sort_and_end_keys_bracket_the_period() {
        assert!(d("1956").sort_key() < d("1956-01-01").sort_key() + 1);
        assert_eq!(d("1956").end_key(), 19561231);
        assert_eq!(d("1956-02").end_key(), 19560229);
    }
}
