//! Days: the one date type of the analyses and the command line.
//!
//! A user writes `YYYY`, `YYYY-MM` or `YYYY-MM-DD` ([`Day::from_str`],
//! checked: `2023-13-45` is refused); the store's dates come as `xsd:date`,
//! `xsd:dateTime`, `xsd:gYear` or `xsd:gYearMonth` text and are read as the
//! bound of a period ([`Day::bound`]): `1991` is from 1991-01-01 as a start
//! and until 1991-12-31 as an end, `1991-02` from the 1st until the 28th.

use std::fmt;
use std::str::FromStr;

/// A calendar day. Ordered as time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: i32,
    month: u8,
    day: u8,
}

/// Which end of a period a partial date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Its first day (`1991` → 1991-01-01).
    Start,
    /// Its last day (`1991` → 1991-12-31).
    End,
}

/// Why a text is not a day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a date: {reason} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct DayError {
    text: String,
    reason: &'static str,
}

impl Day {
    /// A day, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The day a date text of the store stands for as the start or the end
    /// of a period; `None` when it does not begin with a valid date (such a
    /// bound is treated as open). A time and an offset after the date
    /// (`2023-09-19T13:00:00+04:00`) are ignored.
    pub fn bound(text: &str, bound: Bound) -> Option<Self> {
        parse(text.trim(), bound, true).ok()
    }
}

impl FromStr for Day {
    type Err = DayError;

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date means its first day.
    fn from_str(text: &str) -> Result<Self, DayError> {
        parse(text.trim(), Bound::Start, false)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse(text: &str, bound: Bound, allow_time: bool) -> Result<Day, DayError> {
    let error = |reason| DayError {
        text: text.to_owned(),
        reason,
    };
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    if !digits(0, 4) || b.get(4).is_some_and(u8::is_ascii_digit) {
        return Err(error("no four-digit year"));
    }
    let number = |from: usize, n: usize| -> u32 {
        text[from..from + n]
            .bytes()
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
    };
    let year = number(0, 4) as i32;
    // A month follows if "-MM" and not a time-zone offset "-05:00".
    let has_month = b.len() >= 7 && b[4] == b'-' && digits(5, 2) && b.get(7) != Some(&b':');
    let (month, rest) = if has_month {
        (number(5, 2) as u8, 7)
    } else {
        (0, 4)
    };
    if has_month && !(1..=12).contains(&month) {
        return Err(error("no such month"));
    }
    let has_day =
        has_month && b.len() >= 10 && b[7] == b'-' && digits(8, 2) && b.get(10) != Some(&b':');
    let (day, rest) = if has_day {
        (number(8, 2) as u8, 10)
    } else {
        (0, rest)
    };
    if !allow_time && rest != b.len() {
        return Err(error("unexpected text after the date"));
    }
    let (month, day) = match (has_month, has_day, bound) {
        (true, true, _) => (month, day),
        (true, false, Bound::Start) => (month, 1),
        (true, false, Bound::End) => (month, days_in_month(year, month)),
        (false, _, Bound::Start) => (1, 1),
        (false, _, Bound::End) => (12, 31),
    };
    Day::new(year, month, day).ok_or_else(|| error("no such day in that month"))
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_date_is_its_first_day() {
        assert_eq!("1991".parse::<Day>().unwrap().to_string(), "1991-01-01");
        assert_eq!("1991-05".parse::<Day>().unwrap().to_string(), "1991-05-01");
        assert_eq!(
            "2023-09-19".parse::<Day>().unwrap().to_string(),
            "2023-09-19"
        );
    }

    #[test]
    fn an_impossible_date_is_refused_with_the_reason() {
        let e = "2023-13-45".parse::<Day>().unwrap_err().to_string();
        assert!(e.contains("no such month"), "{e}");
        assert!("2023-02-29".parse::<Day>().is_err());
        assert!("2024-02-29".parse::<Day>().is_ok());
        assert!("yesterday".parse::<Day>().is_err());
        assert!("2023-09-19T10:00".parse::<Day>().is_err());
    }

    #[test]
    fn store_dates_bound_periods() {
        let end = |s| Day::bound(s, Bound::End).map(|d| d.to_string());
        let start = |s| Day::bound(s, Bound::Start).map(|d| d.to_string());
        assert_eq!(end("1991").as_deref(), Some("1991-12-31"));
        assert_eq!(end("1991-02").as_deref(), Some("1991-02-28"));
        assert_eq!(start("1991-02").as_deref(), Some("1991-02-01"));
        assert_eq!(
            start("2023-09-19T13:00:00+04:00").as_deref(),
            Some("2023-09-19")
        );
        assert_eq!(start("1991-05:00").as_deref(), Some("1991-01-01"));
        assert_eq!(start("n/a"), None);
    }
}
