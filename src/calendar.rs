//! The England and Wales working-day calendar: bank holidays by rule for 1995–2100, and
//! working-day arithmetic over weekends, bank holidays and the caller's closure days.
//!
//! Bank holidays follow the rules of `domain.md` §3: the fixed and moveable days, their
//! substitutes when they fall at a weekend, and every one-off move or extra day (jubilees,
//! VE-day anniversaries, a royal wedding, a state funeral, a coronation). A year outside the
//! range is an error, never a guess: a proclamation may yet change a future year, which is
//! why callers can add closure days of their own.

use crate::error::{Code, Error, Result};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The first year the calendar knows.
pub const FIRST_YEAR: i32 = 1995;
/// The last year the calendar knows.
pub const LAST_YEAR: i32 = 2100;

/// One bank holiday: its date and its name as GOV.UK gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// A usual holiday moved to another day in one year.
struct Move {
    year: i32,
    holiday: Usual,
    to: (u32, u32),
    name: &'static str,
}

/// An extra, one-off bank holiday.
struct Extra {
    date: (i32, u32, u32),
    name: &'static str,
}

/// The usual holidays that a proclamation has moved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usual {
    EarlyMay,
    Spring,
}

const MOVES: &[Move] = &[
    Move {
        year: 1995,
        holiday: Usual::EarlyMay,
        to: (5, 8),
        name: "Early May bank holiday (VE day)",
    },
    Move {
        year: 2002,
        holiday: Usual::Spring,
        to: (6, 4),
        name: "Spring bank holiday",
    },
    Move {
        year: 2012,
        holiday: Usual::Spring,
        to: (6, 4),
        name: "Spring bank holiday",
    },
    Move {
        year: 2020,
        holiday: Usual::EarlyMay,
        to: (5, 8),
        name: "Early May bank holiday (VE day)",
    },
    Move {
        year: 2022,
        holiday: Usual::Spring,
        to: (6, 2),
        name: "Spring bank holiday",
    },
];

const EXTRAS: &[Extra] = &[
    Extra {
        date: (1999, 12, 31),
        name: "Millennium celebrations",
    },
    Extra {
        date: (2002, 6, 3),
        name: "Queen’s Golden Jubilee",
    },
    Extra {
        date: (2011, 4, 29),
        name: "Royal wedding",
    },
    Extra {
        date: (2012, 6, 5),
        name: "Queen’s Diamond Jubilee",
    },
    Extra {
        date: (2022, 6, 3),
        name: "Platinum Jubilee bank holiday",
    },
    Extra {
        date: (2022, 9, 19),
        name: "Bank holiday for the State Funeral of Queen Elizabeth II",
    },
    Extra {
        date: (2023, 5, 8),
        name: "Bank holiday for the coronation of King Charles III",
    },
];

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    // Only called with dates built from valid rules and tables; checked by the tests.
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// Fails unless the year is one the calendar knows.
pub fn check_year(year: i32) -> Result<()> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Error::new(
            Code::YearOutOfRange,
            format!("the calendar covers {FIRST_YEAR} to {LAST_YEAR}; {year} is outside it"),
        ))
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// The first given weekday on or after a date.
fn on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

/// The last given weekday on or before a date.
fn on_or_before(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    date - Days::new(u64::from(back))
}

fn moved(year: i32, holiday: Usual) -> Option<&'static Move> {
    MOVES
        .iter()
        .find(|m| m.year == year && m.holiday == holiday)
}

/// The bank holidays of England and Wales in one year, in date order.
///
/// # Errors
/// `year-out-of-range` outside 1995–2100.
///
/// # Example
/// ```
/// let days = deepdive::calendar::bank_holidays(2022)?;
/// assert_eq!(days.len(), 10);
/// assert_eq!(days[5].name, "Platinum Jubilee bank holiday");
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn bank_holidays(year: i32) -> Result<Vec<BankHoliday>> {
    check_year(year)?;
    let mut days = Vec::with_capacity(10);
    let mut add = |date: NaiveDate, name: &'static str| days.push(BankHoliday { date, name });

    // New Year's Day, or the Monday after when it falls at a weekend.
    let new_year = ymd(year, 1, 1);
    match new_year.weekday() {
        Weekday::Sat | Weekday::Sun => add(
            on_or_after(new_year, Weekday::Mon),
            "New Year’s Day (substitute day)",
        ),
        _ => add(new_year, "New Year’s Day"),
    }

    let easter = easter_sunday(year);
    add(easter - Days::new(2), "Good Friday");
    add(easter + Days::new(1), "Easter Monday");

    match moved(year, Usual::EarlyMay) {
        Some(m) => add(ymd(year, m.to.0, m.to.1), m.name),
        None => add(
            on_or_after(ymd(year, 5, 1), Weekday::Mon),
            "Early May bank holiday",
        ),
    }
    match moved(year, Usual::Spring) {
        Some(m) => add(ymd(year, m.to.0, m.to.1), m.name),
        None => add(
            on_or_before(ymd(year, 5, 31), Weekday::Mon),
            "Spring bank holiday",
        ),
    }
    add(
        on_or_before(ymd(year, 8, 31), Weekday::Mon),
        "Summer bank holiday",
    );

    // Christmas and Boxing Day with their substitutes.
    let christmas = ymd(year, 12, 25);
    let (christmas_day, boxing_day) = match christmas.weekday() {
        // Saturday: Monday 27 for Christmas, Tuesday 28 for Boxing Day.
        Weekday::Sat => ((27, true), (28, true)),
        // Sunday: Boxing Day on Monday 26, Christmas on Tuesday 27.
        Weekday::Sun => ((27, true), (26, false)),
        // Friday: Boxing Day falls on Saturday and moves to Monday 28.
        Weekday::Fri => ((25, false), (28, true)),
        _ => ((25, false), (26, false)),
    };
    let name = |substitute: bool, plain: &'static str, sub: &'static str| {
        if substitute {
            sub
        } else {
            plain
        }
    };
    add(
        ymd(year, 12, christmas_day.0),
        name(
            christmas_day.1,
            "Christmas Day",
            "Christmas Day (substitute day)",
        ),
    );
    add(
        ymd(year, 12, boxing_day.0),
        name(boxing_day.1, "Boxing Day", "Boxing Day (substitute day)"),
    );

    for extra in EXTRAS.iter().filter(|e| e.date.0 == year) {
        add(ymd(extra.date.0, extra.date.1, extra.date.2), extra.name);
    }
    days.sort_by_key(|d| d.date);
    Ok(days)
}

/// The bank holidays of every year from `from_year` to `to_year` inclusive, in date order.
///
/// # Errors
/// `bad-range` when `from_year > to_year`; `year-out-of-range` outside 1995–2100.
pub fn bank_holidays_between(from_year: i32, to_year: i32) -> Result<Vec<BankHoliday>> {
    check_year(from_year).map_err(|e| e.in_field("fromYear"))?;
    check_year(to_year).map_err(|e| e.in_field("toYear"))?;
    if from_year > to_year {
        return Err(Error::new(
            Code::BadRange,
            format!("the first year ({from_year}) comes after the last ({to_year})"),
        ));
    }
    let mut all = Vec::new();
    for year in from_year..=to_year {
        all.extend(bank_holidays(year)?);
    }
    Ok(all)
}

/// The bank holiday on a date, if there is one.
///
/// # Errors
/// `year-out-of-range` outside 1995–2100.
pub fn bank_holiday_on(date: NaiveDate) -> Result<Option<BankHoliday>> {
    Ok(bank_holidays(date.year())?
        .into_iter()
        .find(|h| h.date == date))
}

/// The first date the API reads: 1 January 1900, the first day a spreadsheet holds.
pub const FIRST_API_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Parses a date of the API, written exactly `YYYY-MM-DD`: four digits, a hyphen, two,
/// a hyphen, two, and nothing else (no blanks, signs, or one-digit months). Every date
/// the JavaScript API takes (closures, plan dates, receipts) goes through this parser;
/// dates inside a case list's cells are typed by [`crate::cells`] instead.
///
/// # Errors
/// `bad-date` when the text is not in that form, names no real day (e.g. `2015-02-29`),
/// or comes before [`FIRST_API_DATE`] (e.g. `0000-01-01`; four digits end at 9999).
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(Error::new(
            Code::BadDate,
            format!("“{}” is not a date in the form YYYY-MM-DD", shown(text)),
        ));
    }
    let num = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| Error::new(Code::BadDate, format!("{text} is not a real date")))?;
    if date < FIRST_API_DATE {
        return Err(Error::new(
            Code::BadDate,
            format!("{text} is before {FIRST_API_DATE}, the first date Deep Dive reads"),
        ));
    }
    Ok(date)
}

/// Text to quote in a message: at most 40 characters of it.
fn shown(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Working days: Monday to Friday, less bank holidays and the caller's closure days.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    closures: BTreeSet<NaiveDate>,
}

/// Why a day is not a working day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    BankHoliday(&'static str),
    Closure,
}

impl Calendar {
    /// A calendar with extra closure days (local closures, newly proclaimed holidays).
    pub fn with_closures(closures: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            closures: closures.into_iter().collect(),
        }
    }

    /// Why a day is not a working day, or `None` when it is one.
    ///
    /// # Errors
    /// `year-out-of-range` outside 1995–2100.
    pub fn day_off(&self, date: NaiveDate) -> Result<Option<DayOff>> {
        check_year(date.year())?;
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Ok(Some(DayOff::Weekend));
        }
        if let Some(h) = bank_holiday_on(date)? {
            return Ok(Some(DayOff::BankHoliday(h.name)));
        }
        Ok(self.closures.contains(&date).then_some(DayOff::Closure))
    }

    /// Whether a day is a working day.
    ///
    /// # Errors
    /// `year-out-of-range` outside 1995–2100.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.day_off(date)?.is_none())
    }

    /// The `n`-th working day strictly after `date` (n > 0) or strictly before it (n < 0);
    /// `date` itself when n = 0. `date` need not be a working day.
    ///
    /// # Errors
    /// `year-out-of-range` when the count runs outside 1995–2100.
    ///
    /// # Example
    /// ```
    /// use deepdive::calendar::{parse_date, Calendar};
    /// let cal = Calendar::default();
    /// // Thursday 24 March 2016, then Good Friday and Easter Monday.
    /// let next = cal.add_working_days(parse_date("2016-03-24")?, 1)?;
    /// assert_eq!(next, parse_date("2016-03-29")?);
    /// # Ok::<(), deepdive::error::Error>(())
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        check_year(date.year())?;
        let mut year = YearCache::default();
        let mut day = date;
        for _ in 0..n.unsigned_abs() {
            loop {
                day = step(day, n > 0)?;
                if year.is_working_day(self, day)? {
                    break;
                }
            }
        }
        Ok(day)
    }

    /// The number of working days d with `start < d <= end`; when `end < start`, minus the
    /// number with `end <= d < start`. So `add_working_days(a, working_days_between(a, b)) == b`
    /// whenever `b` is a working day.
    ///
    /// # Errors
    /// `year-out-of-range` when either date is outside 1995–2100.
    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> Result<i64> {
        check_year(start.year())?;
        check_year(end.year())?;
        let mut year = YearCache::default();
        let (from, to, sign) = if start <= end {
            (start + Days::new(1), end, 1)
        } else {
            (end, start - Days::new(1), -1)
        };
        let mut count = 0;
        let mut day = from;
        while day <= to {
            if year.is_working_day(self, day)? {
                count += 1;
            }
            day = day + Days::new(1);
        }
        Ok(sign * count)
    }

    /// The working days from `start` to `end` inclusive.
    ///
    /// # Errors
    /// `year-out-of-range` when either date is outside 1995–2100.
    pub fn working_days_in(&self, start: NaiveDate, end: NaiveDate) -> Result<Vec<NaiveDate>> {
        let mut year = YearCache::default();
        let mut days = Vec::new();
        let mut day = start;
        while day <= end {
            if year.is_working_day(self, day)? {
                days.push(day);
            }
            day = day + Days::new(1);
        }
        Ok(days)
    }
}

/// One day forward or back, refusing to leave the calendar's range.
fn step(day: NaiveDate, forward: bool) -> Result<NaiveDate> {
    let next = if forward {
        day + Days::new(1)
    } else {
        day - Days::new(1)
    };
    check_year(next.year())?;
    Ok(next)
}

/// The bank holidays of the year last asked about, so long walks compute each year once.
#[derive(Default)]
struct YearCache {
    year: Option<i32>,
    holidays: Vec<NaiveDate>,
}

impl YearCache {
    fn is_working_day(&mut self, calendar: &Calendar, date: NaiveDate) -> Result<bool> {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Ok(false);
        }
        if self.year != Some(date.year()) {
            self.holidays = bank_holidays(date.year())?
                .into_iter()
                .map(|h| h.date)
                .collect();
            self.year = Some(date.year());
        }
        Ok(!self.holidays.contains(&date) && !calendar.closures.contains(&date))
    }
}
