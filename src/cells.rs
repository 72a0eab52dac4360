//! Cells typed on demand: blank-trimming, dates in the forms case lists use, Excel serial
//! dates, and ages in whole years at a reference date.
//!
//! A table keeps every cell as text (`a) Male` stays `a) Male`); sampling asks for a type
//! only where a plan needs one, e.g. a date filter. The rules here are part of the sampling
//! algorithm (`docs/sampling.md`), so they are exact and never guess:
//!
//! - **Blank characters** are space, tab, line feed, carriage return, vertical tab, form
//!   feed and the no-break space (U+00A0, common in spreadsheets). [`trim`] removes them
//!   from both ends; a cell is blank when nothing is left.
//! - **Dates** are `d/m/yyyy` (one or two digits for day and month, so `dd/mm/yyyy` too),
//!   `yyyy-mm-dd`, or an Excel serial number (see [`cell_date`]); either text form may
//!   carry a time of day, which is ignored. Two-digit years are refused: `01/02/10` could
//!   be 1910 or 2010.
//! - **Ages** are whole years completed ([`age_on`]); someone born on 29 February has a
//!   birthday on 1 March in a common year, as in English law.

use crate::error::{Code, Error, Result};
use chrono::{Datelike, Days, NaiveDate};

/// The characters [`trim`] removes: space, tab, LF, CR, VT, FF and the no-break space.
pub const BLANK_CHARS: [char; 7] = [' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{A0}'];

/// The largest Excel serial date accepted: 2958465 is 31 December 9999.
pub const MAX_EXCEL_SERIAL: u32 = 2_958_465;

/// A cell's text without blank characters at either end. The usual cell starts and ends
/// with a visible ASCII character (no blank character is one) and is returned at once: a
/// draw trims millions of cells.
///
/// # Example
/// ```
/// assert_eq!(deepdive::cells::trim("\u{A0} A12 \t"), "A12");
/// ```
#[inline(always)]
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&a), Some(&z)) if (0x21..0x80).contains(&a) && (0x21..0x80).contains(&z) => text,
        _ => trim_blanks(text),
    }
}

fn trim_blanks(text: &str) -> &str {
    text.trim_matches(&BLANK_CHARS[..])
}

/// Whether a cell holds nothing but blank characters.
pub fn is_blank(text: &str) -> bool {
    trim(text).is_empty()
}

/// A cell's value as its text suggests. Only the text forms of dates count as dates here:
/// a bare number stays a number, because only a date filter may read it as a serial date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Nothing but blank characters.
    Blank,
    /// `d/m/yyyy` or `yyyy-mm-dd`, perhaps with a time of day.
    Date(NaiveDate),
    /// Digits with an optional sign, e.g. an age `12`.
    Integer(i64),
    /// Anything else, trimmed: names, coded values such as `a) Male`.
    Text(&'a str),
}

/// Types a cell from its text.
///
/// # Example
/// ```
/// use deepdive::cells::{type_cell, Cell};
/// assert_eq!(type_cell(" a) Male "), Cell::Text("a) Male"));
/// assert_eq!(type_cell("12"), Cell::Integer(12));
/// assert!(matches!(type_cell("01/02/2010"), Cell::Date(_)));
/// ```
pub fn type_cell(text: &str) -> Cell<'_> {
    let t = trim(text);
    if t.is_empty() {
        return Cell::Blank;
    }
    if let Some(Ok(date)) = text_date(t) {
        return Cell::Date(date);
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = t.parse::<i64>() {
            return Cell::Integer(n);
        }
    }
    Cell::Text(t)
}

/// Reads a date cell: `d/m/yyyy`, `dd/mm/yyyy`, `yyyy-mm-dd`, either followed by a time of
/// day (` hh:mm`, ` hh:mm:ss`, `Thh:mm:ss`, seconds may have a fraction), or an Excel
/// serial number in the 1900 date system (digits, perhaps with a fraction for the time).
///
/// Excel serials count days from 1 January 1900 = 1 and keep Lotus 1-2-3's mistake of a
/// 29 February 1900: serial 59 is 28 February 1900, 60 is that day that never was (an
/// error here), 61 is 1 March 1900. Serials from 1 to 2958465 (31 December 9999).
///
/// # Errors
/// `bad-date` when the cell is blank, is in none of these forms, names no real day
/// (`31/04/2015`), or is a serial out of range.
///
/// # Example
/// ```
/// use deepdive::cells::cell_date;
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2010, 2, 1).unwrap();
/// assert_eq!(cell_date("01/02/2010")?, d);
/// assert_eq!(cell_date("1/2/2010")?, d);
/// assert_eq!(cell_date("2010-02-01")?, d);
/// assert_eq!(cell_date("40210")?, d);
/// assert!(cell_date("60").is_err());
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn cell_date(text: &str) -> Result<NaiveDate> {
    let t = trim(text);
    if t.is_empty() {
        return Err(Error::new(Code::BadDate, "the cell is blank, not a date"));
    }
    if let Some(date) = text_date(t) {
        return date;
    }
    if let Some(serial) = excel_serial_text(t) {
        return excel_serial(serial);
    }
    Err(Error::new(
        Code::BadDate,
        format!("“{t}” is not a date in the form dd/mm/yyyy, yyyy-mm-dd or an Excel serial number"),
    ))
}

/// The date of an Excel serial number in the 1900 date system.
///
/// # Errors
/// `bad-date` for 0, for 60 (Lotus 1-2-3's 29 February 1900) and above 2958465.
///
/// # Example
/// ```
/// use deepdive::cells::excel_serial;
/// assert_eq!(excel_serial(1)?.to_string(), "1900-01-01");
/// assert_eq!(excel_serial(61)?.to_string(), "1900-03-01");
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn excel_serial(serial: u32) -> Result<NaiveDate> {
    let out_of_range = || {
        Error::new(
            Code::BadDate,
            format!("{serial} is not an Excel serial date (1 to {MAX_EXCEL_SERIAL}, not 60)"),
        )
    };
    if serial == 0 || serial > MAX_EXCEL_SERIAL {
        return Err(out_of_range());
    }
    if serial == 60 {
        return Err(Error::new(
            Code::BadDate,
            "Excel serial 60 is 29 February 1900, a day that never was",
        ));
    }
    // Before the fictitious day, day 1 is 1 January 1900; after it, count from 30 December 1899.
    let (base, days) = if serial < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31), serial)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30), serial)
    };
    base.and_then(|b| b.checked_add_days(Days::new(u64::from(days))))
        .ok_or_else(out_of_range)
}

/// Age in whole years completed on `reference`, or `None` when born after it.
///
/// A birthday on 29 February falls on 1 March in a common year.
///
/// # Example
/// ```
/// use deepdive::cells::age_on;
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(age_on(d(2008, 2, 29), d(2015, 2, 28)), Some(6));
/// assert_eq!(age_on(d(2008, 2, 29), d(2015, 3, 1)), Some(7));
/// assert_eq!(age_on(d(2016, 1, 1), d(2015, 12, 31)), None);
/// ```
pub fn age_on(birth: NaiveDate, reference: NaiveDate) -> Option<u32> {
    if birth > reference {
        return None;
    }
    let birthday = if birth.month() == 2 && birth.day() == 29 && !is_leap(reference.year()) {
        (3, 1)
    } else {
        (birth.month(), birth.day())
    };
    let years = reference.year() - birth.year();
    let before = (reference.month(), reference.day()) < birthday;
    u32::try_from(years - i32::from(before)).ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// A date in one of the text forms: `None` when the text has neither shape, `Some(Err)`
/// when it has one but names no real day.
fn text_date(t: &str) -> Option<Result<NaiveDate>> {
    let (year, month, day) = match fixed_date(t.as_bytes()) {
        Some(ymd) => ymd,
        None => return split_date(t),
    };
    Some(real_date(t, year, month, day))
}

/// `dd/mm/yyyy` or `yyyy-mm-dd`, the usual shapes, read in place: a date filter reads a
/// million of them. The same result as [`split_date`], which reads every shape.
fn fixed_date(t: &[u8]) -> Option<(u32, u32, u32)> {
    let n = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |v, &b| {
            b.is_ascii_digit().then(|| v * 10 + u32::from(b - b'0'))
        })
    };
    match t {
        [_, _, b'/', _, _, b'/', _, _, _, _] => Some((n(&t[6..])?, n(&t[3..5])?, n(&t[..2])?)),
        [_, _, _, _, b'-', _, _, b'-', _, _] => Some((n(&t[..4])?, n(&t[5..7])?, n(&t[8..])?)),
        _ => None,
    }
}

/// A real day, or `bad-date` naming the text.
fn real_date(t: &str, year: u32, month: u32, day: u32) -> Result<NaiveDate> {
    i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .ok_or_else(|| Error::new(Code::BadDate, format!("“{t}” is not a real date")))
}

/// [`text_date`] for every shape: the date split at its separators, then any time.
fn split_date(t: &str) -> Option<Result<NaiveDate>> {
    let (date, time) = split_time(t)?;
    let (y, m, d) = if let Some((d, m, y)) = three(date, '/') {
        if !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) || y.len() != 4 {
            return None;
        }
        (y, m, d)
    } else if let Some((y, m, d)) = three(date, '-') {
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        (y, m, d)
    } else {
        return None;
    };
    if time.is_some_and(|time| !is_time(time)) {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = (num(y)?, num(m)?, num(d)?);
    Some(real_date(t, year, month, day))
}

/// Splits `date[ T]time`; the time is `None` when there is none.
fn split_time(t: &str) -> Option<(&str, Option<&str>)> {
    match t.find([' ', 'T']) {
        Some(i) => Some((t.get(..i)?, Some(t.get(i + 1..)?))),
        None => Some((t, None)),
    }
}

/// Three runs of ASCII digits separated by `sep`.
fn three(t: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = t.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (parts.next().is_none() && digits(a) && digits(b) && digits(c)).then_some((a, b, c))
}

/// `h:mm`, `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff`, in range.
fn is_time(t: &str) -> bool {
    let (main, fraction) = match t.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (t, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    let ok = |s: &str, len: std::ops::RangeInclusive<usize>, max: u32| {
        len.contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    match parts.as_slice() {
        [h, m] => fraction.is_none() && ok(h, 1..=2, 23) && ok(m, 2..=2, 59),
        [h, m, s] => ok(h, 1..=2, 23) && ok(m, 2..=2, 59) && ok(s, 2..=2, 59),
        _ => false,
    }
}

/// The whole days of a serial written as digits with an optional fraction.
fn excel_serial_text(t: &str) -> Option<u32> {
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    // Too many digits for a u32 is out of range, not another form.
    Some(whole.parse::<u32>().unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_quick_date_shapes_read_as_the_split_ones() {
        // Every 10-character text of digits and separators near the two quick shapes,
        // real days or not, reads the same both ways.
        let shapes = ["dd/mm/yyyy", "yyyy-mm-dd"];
        let fills = ["0", "1", "2", "3", "9", "/", "-", "a"];
        let mut checked = 0;
        for shape in shapes {
            for seed in 0u32..50_000 {
                let mut k = seed.wrapping_mul(2_654_435_761);
                let text: String = shape
                    .chars()
                    .map(|c| {
                        k = k.rotate_left(5) ^ 0x9e37_79b9;
                        match c {
                            '/' | '-' if k % 9 != 0 => c.to_string(),
                            _ => fills[(k % 8) as usize].to_string(),
                        }
                    })
                    .collect();
                let quick = text_date(&text).map(|r| r.map_err(|e| e.message().to_owned()));
                let split = split_date(&text).map(|r| r.map_err(|e| e.message().to_owned()));
                assert_eq!(quick, split, "{text}");
                checked += usize::from(quick.is_some_and(|r| r.is_ok()));
            }
        }
        assert!(checked > 100, "only {checked} real dates among the texts");
        for (text, ymd) in [("29/02/2016", (2016, 2, 29)), ("2015-09-23", (2015, 9, 23))] {
            assert_eq!(fixed_date(text.as_bytes()), Some(ymd));
        }
        assert_eq!(fixed_date(b"1/02/2016x"), None);
    }

    #[test]
    fn dates_table() {
        // (name, cell, expected date or None for bad-date)
        let cases: &[(&str, &str, Option<NaiveDate>)] = &[
            ("dd/mm/yyyy", "01/02/2010", Some(d(2010, 2, 1))),
            ("d/m/yyyy", "1/2/2010", Some(d(2010, 2, 1))),
            ("mixed widths", "01/2/2010", Some(d(2010, 2, 1))),
            ("iso", "2010-02-01", Some(d(2010, 2, 1))),
            (
                "surrounding blanks",
                " \u{A0}2010-02-01\t",
                Some(d(2010, 2, 1)),
            ),
            ("time after dmy", "01/02/2010 00:00", Some(d(2010, 2, 1))),
            (
                "time after iso",
                "2010-02-01T13:45:10.25",
                Some(d(2010, 2, 1)),
            ),
            (
                "iso with space time",
                "2010-02-01 00:00:00",
                Some(d(2010, 2, 1)),
            ),
            ("leap day", "29/02/2008", Some(d(2008, 2, 29))),
            ("not a leap year", "29/02/2010", None),
            ("31 April", "31/04/2015", None),
            ("month 13", "01/13/2010", None),
            ("two-digit year", "01/02/10", None),
            ("iso short month", "2010-2-01", None),
            ("dashes dmy", "01-02-2010", None),
            ("bad time", "01/02/2010 25:00", None),
            ("trailing junk", "01/02/2010x", None),
            ("text", "a) Male", None),
            ("blank", "  ", None),
            ("serial 1", "1", Some(d(1900, 1, 1))),
            ("serial 59", "59", Some(d(1900, 2, 28))),
            ("serial 60 (Lotus)", "60", None),
            ("serial 61", "61", Some(d(1900, 3, 1))),
            ("serial 2010", "40210", Some(d(2010, 2, 1))),
            ("serial with time", "40210.75", Some(d(2010, 2, 1))),
            ("serial 0", "0", None),
            ("serial max", "2958465", Some(d(9999, 12, 31))),
            ("serial too big", "2958466", None),
            ("serial huge", "99999999999999999999", None),
            ("negative serial", "-5", None),
            ("serial empty fraction", "40210.", None),
        ];
        for (name, cell, want) in cases {
            let got = cell_date(cell).ok();
            assert_eq!(got, *want, "{name}: {cell:?}");
            if want.is_none() {
                assert_eq!(
                    cell_date(cell).unwrap_err().code(),
                    &Code::BadDate,
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn ages_table() {
        // (name, birth, reference, age)
        let cases: &[(&str, NaiveDate, NaiveDate, Option<u32>)] = &[
            (
                "day before birthday",
                d(2005, 6, 15),
                d(2015, 6, 14),
                Some(9),
            ),
            ("on birthday", d(2005, 6, 15), d(2015, 6, 15), Some(10)),
            ("born on the day", d(2015, 6, 15), d(2015, 6, 15), Some(0)),
            ("born after", d(2015, 6, 16), d(2015, 6, 15), None),
            (
                "29 Feb, common year, 28 Feb",
                d(2008, 2, 29),
                d(2015, 2, 28),
                Some(6),
            ),
            (
                "29 Feb, common year, 1 Mar",
                d(2008, 2, 29),
                d(2015, 3, 1),
                Some(7),
            ),
            (
                "29 Feb, leap year, 28 Feb",
                d(2008, 2, 29),
                d(2016, 2, 28),
                Some(7),
            ),
            (
                "29 Feb, leap year, 29 Feb",
                d(2008, 2, 29),
                d(2016, 2, 29),
                Some(8),
            ),
            ("31 Dec to 1 Jan", d(1999, 12, 31), d(2000, 1, 1), Some(0)),
            ("eighteen", d(1997, 10, 5), d(2015, 10, 5), Some(18)),
        ];
        for (name, birth, reference, want) in cases {
            assert_eq!(age_on(*birth, *reference), *want, "{name}");
        }
    }

    #[test]
    fn typing_table() {
        let cases: &[(&str, &str, Cell)] = &[
            ("coded value", "a) Male", Cell::Text("a) Male")),
            ("coded ethnicity", " a) WBRI ", Cell::Text("a) WBRI")),
            ("blank", " \u{A0}", Cell::Blank),
            ("age", "12", Cell::Integer(12)),
            ("signed", "-3", Cell::Integer(-3)),
            ("serial stays a number", "40210", Cell::Integer(40210)),
            ("date", "01/02/2010", Cell::Date(d(2010, 2, 1))),
            (
                "impossible date is text",
                "31/04/2015",
                Cell::Text("31/04/2015"),
            ),
            (
                "huge number is text",
                "99999999999999999999",
                Cell::Text("99999999999999999999"),
            ),
        ];
        for (name, cell, want) in cases {
            assert_eq!(type_cell(cell), *want, "{name}");
        }
    }

    #[test]
    fn trim_removes_only_blank_characters() {
        assert_eq!(trim("\r\n\u{0B}\u{0C} x y \u{A0}"), "x y");
        assert_eq!(trim("\u{2003}x"), "\u{2003}x");
        assert!(is_blank(" \t"));
        assert!(!is_blank("0"));
    }
}
