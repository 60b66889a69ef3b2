//! Partial ISO dates: a year, a year and month, or a full date.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A date known to year, month or day precision, written `2014`, `2014-06` or `2014-06-30`.
///
/// A day implies a month. Construction checks the calendar, so `2014-02-30` cannot exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A year alone.
    pub fn year(year: i16) -> Result<Self, Error> {
        Self::new(year, None, None)
    }

    /// A year and a month (1-12).
    pub fn month(year: i16, month: u8) -> Result<Self, Error> {
        Self::new(year, Some(month), None)
    }

    /// A full calendar date.
    pub fn day(year: i16, month: u8, day: u8) -> Result<Self, Error> {
        Self::new(year, Some(month), Some(day))
    }

    fn new(year: i16, month: Option<u8>, day: Option<u8>) -> Result<Self, Error> {
        let bad = |why| Error::InvalidDate {
            text: format!("{year}-{month:?}-{day:?}"),
            why,
        };
        if !(1000..=9999).contains(&year) {
            return Err(bad("year out of range 1000-9999"));
        }
        match (month, day) {
            (None, Some(_)) => return Err(bad("a day needs a month")),
            (Some(m), _) if !(1..=12).contains(&m) => return Err(bad("month out of range")),
            (Some(m), Some(d)) => {
                jiff::civil::Date::new(year, m as i8, d as i8)
                    .map_err(|_| bad("no such day in that month"))?;
            }
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn get_year(&self) -> i16 {
        self.year
    }

    /// The month, when known.
    pub fn get_month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn get_day(&self) -> Option<u8> {
        self.day
    }

    /// The full date, when the day is known.
    pub fn to_civil(&self) -> Option<jiff::civil::Date> {
        let (m, d) = (self.month?, self.day?);
        jiff::civil::Date::new(self.year, m as i8, d as i8).ok()
    }

    /// From a full civil date.
    pub fn from_civil(d: jiff::civil::Date) -> Self {
        Self {
            year: d.year(),
            month: Some(d.month() as u8),
            day: Some(d.day() as u8),
        }
    }

    /// True when both could describe the same day: every field known to both is equal.
    pub fn is_compatible(&self, other: &PartialDate) -> bool {
        fn agree(a: Option<u8>, b: Option<u8>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        self.year == other.year && agree(self.month, other.month) && agree(self.day, other.day)
    }

    /// The more precise of two compatible dates (the first on a tie).
    pub fn most_precise(self, other: PartialDate) -> PartialDate {
        if other.precision() > self.precision() {
            other
        } else {
            self
        }
    }

    /// 1 for a year, 2 for a month, 3 for a day.
    pub fn precision(&self) -> u8 {
        1 + u8::from(self.month.is_some()) + u8::from(self.day.is_some())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |why| Error::InvalidDate {
            text: s.to_owned(),
            why,
        };
        let mut parts = s.split('-');
        let num = |p: Option<&str>, len: usize| -> Result<Option<u16>, Error> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad("not a number"))
                }
                Some(_) => Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD")),
            }
        };
        let year = num(parts.next(), 4)?.ok_or(bad("empty"))?;
        let month = num(parts.next(), 2)?;
        let day = num(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        Self::new(year as i16, month.map(|m| m as u8), day.map(|d| d as u8)).map_err(|e| match e {
            Error::InvalidDate { why, .. } => bad(why),
            other => other,
        })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartialDate, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PartialDate, E> {
                i16::try_from(v)
                    .ok()
                    .and_then(|y| PartialDate::year(y).ok())
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PartialDate, E> {
                i16::try_from(v)
                    .ok()
                    .and_then(|y| PartialDate::year(y).ok())
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
        }
        // Text formats may give a bare year as a number; binary ones (the article spool)
        // carry no type tags to dispatch on, and get the string `Serialize` wrote.
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            d.deserialize_str(V)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_each_precision() {
        for s in ["2014", "2014-06", "2014-06-30"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        for s in [
            "2014-02-30",
            "2014-13",
            "14",
            "2014-6",
            "2014-06-30-1",
            "",
            "abcd",
        ] {
            assert!(s.parse::<PartialDate>().is_err(), "{s} should be refused");
        }
    }

    #[test]
    fn compatibility_is_field_by_field() {
        let y: PartialDate = "2014".parse().unwrap();
        let m: PartialDate = "2014-06".parse().unwrap();
        let d: PartialDate = "2014-06-30".parse().unwrap();
        let other: PartialDate = "2014-01".parse().unwrap();
        assert!(y.is_compatible(&d) && m.is_compatible(&d) && d.is_compatible(&y));
        assert!(!m.is_compatible(&other));
        assert_eq!(y.most_precise(d), d);
        assert!(!y.is_compatible(&"2017".parse().unwrap()));
    }
}
