//! Bank holidays by rule, substitute and one-off, and the laws of working-day arithmetic.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use deepdive::calendar::{
    bank_holidays, bank_holidays_between, easter_sunday, parse_date, Calendar, FIRST_YEAR,
    LAST_YEAR,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn d(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

/// Each row: a year and its bank holidays as GOV.UK lists them.
const YEARS: &[(i32, &[&str])] = &[
    // VE Day 50th: early May moved to Monday 8 May; New Year's Day on a Sunday.
    (
        1995,
        &[
            "01-02", "04-14", "04-17", "05-08", "05-29", "08-28", "12-25", "12-26",
        ],
    ),
    // Millennium: an extra day on Friday 31 December; Christmas on a Saturday.
    (
        1999,
        &[
            "01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28", "12-31",
        ],
    ),
    // Golden Jubilee on Monday 3 June, spring moved to Tuesday 4 June.
    (
        2002,
        &[
            "01-01", "03-29", "04-01", "05-06", "06-03", "06-04", "08-26", "12-25", "12-26",
        ],
    ),
    // Royal wedding; New Year's Day on a Saturday; Christmas on a Sunday.
    (
        2011,
        &[
            "01-03", "04-22", "04-25", "04-29", "05-02", "05-30", "08-29", "12-26", "12-27",
        ],
    ),
    // Diamond Jubilee: spring moved to Monday 4 June, plus Tuesday 5 June.
    (
        2012,
        &[
            "01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26",
        ],
    ),
    // Christmas on a Friday: Boxing Day moves to Monday 28.
    (
        2015,
        &[
            "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28",
        ],
    ),
    // Christmas on a Sunday: Boxing Day Monday 26, Christmas Tuesday 27.
    (
        2016,
        &[
            "01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27",
        ],
    ),
    // VE Day 75th: early May moved to Friday 8 May.
    (
        2020,
        &[
            "01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28",
        ],
    ),
    // Christmas on a Saturday: Monday 27 and Tuesday 28.
    (
        2021,
        &[
            "01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28",
        ],
    ),
    // Platinum Jubilee and the State Funeral.
    (
        2022,
        &[
            "01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26",
            "12-27",
        ],
    ),
    // Coronation on Monday 8 May, a week after the early May holiday.
    (
        2023,
        &[
            "01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26",
        ],
    ),
    (
        2024,
        &[
            "01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26",
        ],
    ),
    (
        2025,
        &[
            "01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26",
        ],
    ),
    (
        2026,
        &[
            "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28",
        ],
    ),
    (
        2027,
        &[
            "01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28",
        ],
    ),
    // The last year: Easter on 28 March.
    (
        2100,
        &[
            "01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28",
        ],
    ),
];

#[test]
fn bank_holidays_match_the_published_lists() {
    for (year, expected) in YEARS {
        let got: Vec<String> = bank_holidays(*year)
            .unwrap()
            .iter()
            .map(|h| h.date.format("%m-%d").to_string())
            .collect();
        assert_eq!(got, *expected, "bank holidays of {year}");
    }
}

#[test]
fn one_offs_and_substitutes_have_their_names() {
    let cases = [
        ("1995-05-08", "Early May bank holiday (VE day)"),
        ("1999-12-31", "Millennium celebrations"),
        ("2002-06-03", "Queen’s Golden Jubilee"),
        ("2011-04-29", "Royal wedding"),
        ("2012-06-05", "Queen’s Diamond Jubilee"),
        ("2020-05-08", "Early May bank holiday (VE day)"),
        ("2022-06-03", "Platinum Jubilee bank holiday"),
        (
            "2022-09-19",
            "Bank holiday for the State Funeral of Queen Elizabeth II",
        ),
        (
            "2023-05-08",
            "Bank holiday for the coronation of King Charles III",
        ),
        ("2022-01-03", "New Year’s Day (substitute day)"),
        ("2021-12-27", "Christmas Day (substitute day)"),
        ("2021-12-28", "Boxing Day (substitute day)"),
        ("2016-12-27", "Christmas Day (substitute day)"),
        ("2016-12-26", "Boxing Day"),
        ("2015-12-28", "Boxing Day (substitute day)"),
    ];
    for (date, name) in cases {
        let date = d(date);
        let found = bank_holidays(date.year()).unwrap();
        let h = found.iter().find(|h| h.date == date);
        assert_eq!(h.map(|h| h.name), Some(name), "{date}");
    }
}

#[test]
fn easter_sundays() {
    for date in [
        "1995-04-16",
        "2000-04-23",
        "2008-03-23",
        "2011-04-24",
        "2019-04-21",
        "2024-03-31",
        "2025-04-20",
        "2038-04-25",
        "2100-03-28",
    ] {
        let date = d(date);
        assert_eq!(easter_sunday(date.year()), date);
    }
}

#[test]
fn every_year_in_range_follows_the_rules() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let list = bank_holidays(year).unwrap();
        assert!(
            (8..=10).contains(&list.len()),
            "{year}: {} days",
            list.len()
        );
        for pair in list.windows(2) {
            assert!(
                pair[0].date < pair[1].date,
                "{year}: out of order or repeated"
            );
        }
        for h in &list {
            assert_eq!(h.date.year(), year);
            assert!(
                !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{year}: {} falls at a weekend",
                h.date
            );
        }
        let summer = list
            .iter()
            .find(|h| h.name == "Summer bank holiday")
            .unwrap();
        assert_eq!(summer.date.weekday(), Weekday::Mon);
        assert!(summer.date.month() == 8 && summer.date.day() > 24);
        let good_friday = list.iter().find(|h| h.name == "Good Friday").unwrap();
        assert_eq!(good_friday.date + Days::new(2), easter_sunday(year));
    }
}

#[test]
fn years_outside_the_range_are_errors() {
    for year in [FIRST_YEAR - 1, LAST_YEAR + 1, 0, -5, i32::MAX] {
        let e = bank_holidays(year).unwrap_err();
        assert_eq!(e.code().as_str(), "year-out-of-range", "{year}");
    }
    let cal = Calendar::default();
    assert_eq!(
        cal.is_working_day(d("1994-12-30"))
            .unwrap_err()
            .code()
            .as_str(),
        "year-out-of-range"
    );
    // Walking off the end of the calendar is an error, not a guess.
    assert_eq!(
        cal.add_working_days(d("2100-12-20"), 30)
            .unwrap_err()
            .code()
            .as_str(),
        "year-out-of-range"
    );
    assert_eq!(
        cal.add_working_days(d("1995-01-10"), -10)
            .unwrap_err()
            .code()
            .as_str(),
        "year-out-of-range"
    );
}

#[test]
fn ranges_of_years() {
    let all = bank_holidays_between(2015, 2016).unwrap();
    assert_eq!(all.len(), 16);
    assert_eq!(all[0].date, d("2015-01-01"));
    assert_eq!(all[15].date, d("2016-12-27"));
    let e = bank_holidays_between(2016, 2015).unwrap_err();
    assert_eq!(e.code().as_str(), "bad-range");
    let e = bank_holidays_between(1990, 2015).unwrap_err();
    assert_eq!(e.problems()[0].field.as_deref(), Some("fromYear"));
}

/// Every date of the API is exactly `YYYY-MM-DD`, from 1900-01-01: (text, why it fails).
const BAD_DATES: &[(&str, &str)] = &[
    ("2015-9-3", "one-digit month and day"),
    ("2015-1-5", "one-digit month"),
    ("2015-09-3", "one-digit day"),
    (" 2015-09-23", "a leading blank"),
    ("2015-09-23 ", "a trailing blank"),
    ("\u{a0}2015-09-23", "a leading no-break space"),
    ("2015-09-23\n", "a trailing line end"),
    ("+262142-12-31", "chrono's extended year"),
    ("+2015-10-5", "a sign"),
    ("-2015-10-05", "a negative year"),
    ("0000-01-01", "year 0, before the first date read"),
    ("1899-12-31", "the day before the first date read"),
    ("2015-02-29", "not a leap year"),
    ("2015-13-01", "month 13"),
    ("2015-00-10", "month 0"),
    ("2015-04-31", "31 April"),
    ("2015-10-00", "day 0"),
    ("05/10/2015", "a cell's form, not the API's"),
    ("20151005", "no hyphens"),
    ("2015/10/05", "slashes"),
    ("2015-10-05T00:00", "a time"),
    ("", "nothing"),
    ("２015-10-05", "a full-width digit"),
    ("2015-1０-05", "a full-width digit inside"),
];

#[test]
fn dates_parse_strictly_table() {
    for (bad, why) in BAD_DATES {
        let e = parse_date(bad).expect_err(why);
        assert_eq!(e.code().as_str(), "bad-date", "{bad:?}: {why}");
        assert!(!e.message().is_empty(), "{bad:?}");
    }
    let good: &[(&str, (i32, u32, u32))] = &[
        ("2015-10-05", (2015, 10, 5)),
        ("2016-02-29", (2016, 2, 29)),
        ("2000-02-29", (2000, 2, 29)),
        ("1900-01-01", (1900, 1, 1)),
        ("1995-01-01", (1995, 1, 1)),
        ("2100-12-31", (2100, 12, 31)),
        ("9999-12-31", (9999, 12, 31)),
    ];
    for (text, (y, m, d)) in good {
        assert_eq!(
            parse_date(text).unwrap(),
            NaiveDate::from_ymd_opt(*y, *m, *d).unwrap(),
            "{text}"
        );
    }
    // The first date read is the one named in the calendar.
    assert_eq!(
        parse_date("1900-01-01").unwrap(),
        deepdive::calendar::FIRST_API_DATE
    );
}

#[test]
fn a_long_bad_date_is_quoted_short() {
    let long = "x".repeat(100_000);
    let e = parse_date(&long).unwrap_err();
    assert!(e.message().chars().count() < 100, "{}", e.message());
}

/// (start, n, expected) with no closures.
const ADDS: &[(&str, i64, &str)] = &[
    ("2015-10-05", -8, "2015-09-23"),
    ("2015-10-05", 0, "2015-10-05"),
    ("2015-10-03", 0, "2015-10-03"),
    ("2015-10-03", 1, "2015-10-05"),
    ("2015-10-03", -1, "2015-10-02"),
    ("2015-10-09", 1, "2015-10-12"),
    // Over Easter 2016 (Good Friday 25 March, Easter Monday 28 March).
    ("2016-03-24", 1, "2016-03-29"),
    ("2016-03-29", -1, "2016-03-24"),
    // Over Christmas 2021 (27 and 28 December substitutes) and New Year 2022 (3 January).
    ("2021-12-24", 1, "2021-12-29"),
    ("2021-12-31", 1, "2022-01-04"),
    ("2015-10-09", 20, "2015-11-06"),
];

#[test]
fn adding_working_days() {
    let cal = Calendar::default();
    for (start, n, expected) in ADDS {
        assert_eq!(
            cal.add_working_days(d(start), *n).unwrap(),
            d(expected),
            "{start} {n:+}"
        );
    }
}

#[test]
fn closures_are_days_off() {
    let cal = Calendar::with_closures([d("2015-09-30"), d("2015-10-03")]);
    assert!(!cal.is_working_day(d("2015-09-30")).unwrap());
    assert_eq!(
        cal.add_working_days(d("2015-10-05"), -8).unwrap(),
        d("2015-09-22")
    );
    // A closure at a weekend changes nothing.
    assert_eq!(
        cal.working_days_between(d("2015-10-02"), d("2015-10-05"))
            .unwrap(),
        1
    );
}

#[test]
fn counting_working_days_between() {
    let cal = Calendar::default();
    let cases = [
        ("2015-09-23", "2015-10-05", 8),
        ("2015-10-05", "2015-09-23", -8),
        ("2015-10-05", "2015-10-05", 0),
        ("2015-10-03", "2015-10-04", 0),
        ("2016-03-24", "2016-03-29", 1),
        ("2015-01-01", "2015-12-31", 253),
    ];
    for (a, b, n) in cases {
        assert_eq!(
            cal.working_days_between(d(a), d(b)).unwrap(),
            n,
            "{a} → {b}"
        );
    }
}

fn random_date(rng: &mut StdRng) -> NaiveDate {
    let start = d("1998-01-01");
    start + Days::new(rng.random_range(0..365 * 96))
}

fn random_calendar(rng: &mut StdRng) -> Calendar {
    let count = rng.random_range(0..20);
    let base = random_date(rng);
    Calendar::with_closures((0..count).map(|_| base + Days::new(rng.random_range(0..120))))
}

/// Law: `add(a, between(a, b)) == b` for every working day `b`, and `between(a, add(a, n)) == n`.
#[test]
fn adding_and_counting_are_inverse() {
    let mut rng = StdRng::seed_from_u64(20151005);
    for _ in 0..2000 {
        let cal = random_calendar(&mut rng);
        let a = random_date(&mut rng);
        let n = rng.random_range(-300..300);
        let b = cal.add_working_days(a, n).unwrap();
        assert_eq!(cal.working_days_between(a, b).unwrap(), n, "{a} {n:+}");
        if n != 0 {
            assert!(
                cal.is_working_day(b).unwrap(),
                "{a} {n:+} gave a day off {b}"
            );
            assert_eq!(b > a, n > 0);
        }
        let c = b + Days::new(rng.random_range(0..400)) - Days::new(rng.random_range(0..400));
        if cal.is_working_day(c).unwrap() {
            let k = cal.working_days_between(a, c).unwrap();
            assert_eq!(cal.add_working_days(a, k).unwrap(), c, "{a} → {c}");
        }
    }
}

/// Law: from a working day, adding n then subtracting n returns to the start.
#[test]
fn add_then_subtract_returns() {
    let mut rng = StdRng::seed_from_u64(8);
    for _ in 0..2000 {
        let cal = random_calendar(&mut rng);
        let a = random_date(&mut rng);
        if !cal.is_working_day(a).unwrap() {
            continue;
        }
        let n = rng.random_range(-300..300);
        let b = cal.add_working_days(a, n).unwrap();
        assert_eq!(cal.add_working_days(b, -n).unwrap(), a, "{a} {n:+}");
        // Adding in two steps is adding once.
        let m = rng.random_range(0..50);
        let two = cal
            .add_working_days(cal.add_working_days(a, m).unwrap(), n)
            .unwrap();
        assert_eq!(
            two,
            cal.add_working_days(a, m + n).unwrap(),
            "{a} {m:+} {n:+}"
        );
    }
}
