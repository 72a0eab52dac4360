//! UK local time (Europe/London) by rule, for consultations' opening and closing times.
//!
//! The UK keeps GMT (UTC+0) in winter and British Summer Time (BST, UTC+1) from 01:00 UTC on
//! the last Sunday of March to 01:00 UTC on the last Sunday of October. That rule has held
//! since 1996, so this module covers 1996–2100 and refuses other years with
//! `year-out-of-range` rather than guess (a future Act may change it; 2100 matches the
//! bank-holiday calendar).
//!
//! Two local hours need a decision:
//! - **The gap.** On the last Sunday of March the clocks go from 01:00 GMT to 02:00 BST, so
//!   local 01:00–01:59 does not exist. Such a time is an error, `local-time-skipped`.
//! - **The overlap.** On the last Sunday of October local 01:00–01:59 happens twice, first
//!   in BST and then in GMT. The caller picks the reading with [`Fold`]: a consultation
//!   opens at the earlier reading and closes at the later one, so the repeated hour never
//!   shortens it.
//!
//! Local times are written `YYYY-MM-DDTHH:MM` (no seconds, no offset). Moments with an offset
//! are RFC 3339 (`2015-08-11T22:59:00Z`, `2015-08-11T23:59:00+01:00`).

use crate::error::{Code, Error, Result};
use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    Timelike, Utc,
};

/// The first year the UK rule covers.
pub const FIRST_YEAR: i32 = 1996;
/// The last year the UK rule covers.
pub const LAST_YEAR: i32 = 2100;

/// Which reading of a local time in the repeated autumn hour to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// The first occurrence, in BST (UTC+1).
    Earlier,
    /// The second occurrence, in GMT (UTC+0).
    Later,
}

/// A moment in the UK: its local wall-clock time and whether BST was in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UkTime {
    local: NaiveDateTime,
    bst: bool,
}

fn check_year(year: i32) -> Result<()> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Error::new(
            Code::YearOutOfRange,
            format!("UK local time is known for {FIRST_YEAR} to {LAST_YEAR}; {year} is outside it"),
        ))
    }
}

/// The last Sunday of a month (March or October here).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    // Only called for checked years and months 3 and 10, where the date exists.
    let last = first_of_next
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN);
    let back = last.weekday().num_days_from_sunday();
    last - Days::new(u64::from(back))
}

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

/// When BST starts in a year: 01:00 UTC on the last Sunday of March.
///
/// # Errors
/// `year-out-of-range` outside 1996–2100.
pub fn bst_starts(year: i32) -> Result<NaiveDateTime> {
    check_year(year)?;
    Ok(at(last_sunday(year, 3), 1))
}

/// When BST ends in a year: 01:00 UTC on the last Sunday of October.
///
/// # Errors
/// `year-out-of-range` outside 1996–2100.
pub fn bst_ends(year: i32) -> Result<NaiveDateTime> {
    check_year(year)?;
    Ok(at(last_sunday(year, 10), 1))
}

impl UkTime {
    /// The UK time at a UTC moment.
    ///
    /// # Errors
    /// `year-out-of-range` outside 1996–2100.
    pub fn from_utc(utc: NaiveDateTime) -> Result<UkTime> {
        let year = utc.year();
        let bst = bst_starts(year)? <= utc && utc < bst_ends(year)?;
        let local = if bst { utc + TimeDelta::hours(1) } else { utc };
        Ok(UkTime { local, bst })
    }

    /// The moment a UK wall-clock time stands for.
    ///
    /// # Errors
    /// `year-out-of-range` outside 1996–2100; `local-time-skipped` for a time in the hour
    /// the clocks skip in March.
    pub fn from_local(local: NaiveDateTime, fold: Fold) -> Result<UkTime> {
        let year = local.year();
        check_year(year)?;
        let date = local.date();
        let hour = local.hour();
        let spring = last_sunday(year, 3);
        let autumn = last_sunday(year, 10);
        let bst = if date == spring {
            if hour == 1 {
                return Err(Error::new(
                    Code::LocalTimeSkipped,
                    format!(
                        "{} does not exist in the UK: the clocks go forward from 01:00 to 02:00 that night",
                        local.format("%H:%M on %-d %B %Y")
                    ),
                ));
            }
            hour >= 2
        } else if date == autumn {
            match hour {
                0 => true,
                1 => fold == Fold::Earlier,
                _ => false,
            }
        } else {
            spring < date && date < autumn
        };
        Ok(UkTime { local, bst })
    }

    /// The wall-clock time in the UK.
    pub fn local(&self) -> NaiveDateTime {
        self.local
    }

    /// Whether British Summer Time was in force.
    pub fn is_bst(&self) -> bool {
        self.bst
    }

    /// `BST` or `GMT`.
    pub fn zone(&self) -> &'static str {
        if self.bst {
            "BST"
        } else {
            "GMT"
        }
    }

    /// The offset from UTC: +01:00 in BST, +00:00 in GMT.
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(if self.bst { 3600 } else { 0 }).unwrap_or(Utc.fix())
    }

    /// The same moment in UTC.
    pub fn utc(&self) -> NaiveDateTime {
        if self.bst {
            self.local - TimeDelta::hours(1)
        } else {
            self.local
        }
    }

    /// The moment with its UK offset.
    pub fn to_fixed(&self) -> DateTime<FixedOffset> {
        DateTime::from_naive_utc_and_offset(self.utc(), self.offset())
    }

    /// RFC 3339 with the UK offset, e.g. `2015-08-11T23:59:00+01:00`.
    pub fn to_rfc3339(&self) -> String {
        self.local.format("%Y-%m-%dT%H:%M:%S").to_string()
            + if self.bst { "+01:00" } else { "+00:00" }
    }

    /// The time in words, GOV.UK style: `11:59pm on Tuesday 11 August 2015 (BST)`, or in
    /// Welsh `11:59yh ddydd Mawrth 11 Awst 2015 (BST)`; `midday` and `midnight` in words.
    pub fn describe(&self, welsh: bool) -> String {
        let t = self.local;
        let (h, m) = (t.hour(), t.minute());
        let h12 = match h % 12 {
            0 => 12,
            x => x,
        };
        let pm = h >= 12;
        // GOV.UK style: “midday” and “midnight” rather than 12pm and 12am.
        let clock = match (h, m, welsh) {
            (12, 0, false) => "midday".to_owned(),
            (0, 0, false) => "midnight".to_owned(),
            (12, 0, true) => "canol dydd".to_owned(),
            (0, 0, true) => "hanner nos".to_owned(),
            (_, 0, _) => format!("{h12}{}", suffix(pm, welsh)),
            _ => format!("{h12}:{m:02}{}", suffix(pm, welsh)),
        };
        let d = t.date();
        if welsh {
            format!(
                "{clock} ddydd {} {} {} {} ({})",
                WELSH_DAYS[d.weekday().num_days_from_monday() as usize],
                d.day(),
                WELSH_MONTHS[d.month0() as usize],
                d.year(),
                self.zone()
            )
        } else {
            format!("{clock} on {} ({})", d.format("%A %-d %B %Y"), self.zone())
        }
    }
}

fn suffix(pm: bool, welsh: bool) -> &'static str {
    match (pm, welsh) {
        (false, false) => "am",
        (true, false) => "pm",
        (false, true) => "yb",
        (true, true) => "yh",
    }
}

const WELSH_DAYS: [&str; 7] = [
    "Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul",
];
const WELSH_MONTHS: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

/// Reads a UK local time written `YYYY-MM-DDTHH:MM`.
///
/// # Errors
/// `bad-time` when the text is not in that form or is not a real date and time.
///
/// # Example
/// ```
/// use deepdive::consultation::time::parse_local;
/// assert_eq!(parse_local("2015-08-11T23:59")?.to_string(), "2015-08-11 23:59:00");
/// assert!(parse_local("2015-02-29T09:00").is_err());
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn parse_local(text: &str) -> Result<NaiveDateTime> {
    let bad = || {
        Error::new(
            Code::BadTime,
            format!(
                "“{text}” is not a UK local time written YYYY-MM-DDTHH:MM, e.g. 2015-08-11T23:59"
            ),
        )
    };
    let b = text.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return Err(bad());
    }
    let field = |range: std::ops::Range<usize>| b.get(range).and_then(digits).ok_or_else(bad);
    let (y, mo, d, h, mi) = (
        field(0..4)?,
        field(5..7)?,
        field(8..10)?,
        field(11..13)?,
        field(14..16)?,
    );
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d).ok_or_else(bad)?;
    let time = NaiveTime::from_hms_opt(h, mi, 0).ok_or_else(bad)?;
    Ok(date.and_time(time))
}

/// Reads a moment written in RFC 3339 with an offset, e.g. `2015-08-11T22:59:00Z` or
/// `2015-08-11T23:59:00+01:00` (fractions of a second allowed).
///
/// # Errors
/// `bad-time` when the text is not such a moment.
pub fn parse_moment(text: &str) -> Result<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    // chrono also takes a space or a lower-case `t`; the format asks for `T` exactly.
    if b.get(10) != Some(&b'T') {
        return Err(bad_moment(text));
    }
    DateTime::parse_from_rfc3339(text).map_err(|_| bad_moment(text))
}

fn bad_moment(text: &str) -> Error {
    Error::new(
        Code::BadTime,
        format!("“{text}” is not a date and time with its UTC offset (RFC 3339), e.g. 2015-08-11T22:59:00Z"),
    )
}
