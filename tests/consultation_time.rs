//! UK local time by rule: GMT and BST on both sides of each clock change, the skipped
//! spring hour, the repeated autumn hour, and a consultation's state around its close.

use chrono::{Datelike, NaiveDateTime, TimeDelta, Timelike, Weekday};
use deepdive::consultation::time::{
    bst_ends, bst_starts, parse_local, parse_moment, Fold, UkTime, FIRST_YEAR, LAST_YEAR,
};
use deepdive::consultation::{self, validate, State};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn utc(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// The UTC time and zone a local time stands for, or the error code.
type Reading = Result<(&'static str, &'static str), &'static str>;

/// Each row: a name, a UK local time, the reading to take in the repeated hour, and what
/// it stands for.
const LOCAL: &[(&str, &str, Fold, Reading)] = &[
    (
        "JTAI close: August is BST",
        "2015-08-11T23:59",
        Fold::Later,
        Ok(("2015-08-11 22:59", "BST")),
    ),
    (
        "January is GMT",
        "2016-01-15T23:59",
        Fold::Later,
        Ok(("2016-01-15 23:59", "GMT")),
    ),
    (
        "macp-2012 close",
        "2012-10-02T23:59",
        Fold::Later,
        Ok(("2012-10-02 22:59", "BST")),
    ),
    (
        "lac-2012 close",
        "2012-09-18T23:59",
        Fold::Later,
        Ok(("2012-09-18 22:59", "BST")),
    ),
    (
        "spring: the day before the change",
        "2015-03-28T23:59",
        Fold::Later,
        Ok(("2015-03-28 23:59", "GMT")),
    ),
    (
        "spring: the last GMT minute",
        "2015-03-29T00:59",
        Fold::Later,
        Ok(("2015-03-29 00:59", "GMT")),
    ),
    (
        "spring: 01:00 is skipped",
        "2015-03-29T01:00",
        Fold::Later,
        Err("local-time-skipped"),
    ),
    (
        "spring: 01:30 is skipped",
        "2015-03-29T01:30",
        Fold::Earlier,
        Err("local-time-skipped"),
    ),
    (
        "spring: 01:59 is skipped",
        "2015-03-29T01:59",
        Fold::Later,
        Err("local-time-skipped"),
    ),
    (
        "spring: the first BST minute",
        "2015-03-29T02:00",
        Fold::Later,
        Ok(("2015-03-29 01:00", "BST")),
    ),
    (
        "spring: the day after",
        "2015-03-30T00:30",
        Fold::Later,
        Ok(("2015-03-29 23:30", "BST")),
    ),
    (
        "autumn: the day before the change",
        "2015-10-24T23:59",
        Fold::Later,
        Ok(("2015-10-24 22:59", "BST")),
    ),
    (
        "autumn: before the repeated hour",
        "2015-10-25T00:59",
        Fold::Later,
        Ok(("2015-10-24 23:59", "BST")),
    ),
    (
        "autumn: 01:30, earlier reading (BST)",
        "2015-10-25T01:30",
        Fold::Earlier,
        Ok(("2015-10-25 00:30", "BST")),
    ),
    (
        "autumn: 01:30, later reading (GMT)",
        "2015-10-25T01:30",
        Fold::Later,
        Ok(("2015-10-25 01:30", "GMT")),
    ),
    (
        "autumn: after the repeated hour",
        "2015-10-25T02:00",
        Fold::Earlier,
        Ok(("2015-10-25 02:00", "GMT")),
    ),
    (
        "first year of the rule, spring",
        "1996-03-31T02:00",
        Fold::Later,
        Ok(("1996-03-31 01:00", "BST")),
    ),
    (
        "last year of the rule, autumn",
        "2100-10-31T02:00",
        Fold::Later,
        Ok(("2100-10-31 02:00", "GMT")),
    ),
    (
        "before the rule",
        "1995-06-01T12:00",
        Fold::Later,
        Err("year-out-of-range"),
    ),
    (
        "after the rule",
        "2101-01-01T00:00",
        Fold::Later,
        Err("year-out-of-range"),
    ),
];

#[test]
fn local_times_table() {
    for (name, local, fold, want) in LOCAL {
        let got = parse_local(local).and_then(|t| UkTime::from_local(t, *fold));
        match (got, want) {
            (Ok(t), Ok((u, zone))) => {
                assert_eq!(t.utc(), utc(u), "{name}");
                assert_eq!(t.zone(), *zone, "{name}");
                assert_eq!(t.local(), parse_local(local).unwrap(), "{name}");
            }
            (Err(e), Err(code)) => assert_eq!(e.code().as_str(), *code, "{name}"),
            (got, want) => panic!("{name}: want {want:?}, got {got:?}"),
        }
    }
}

/// Each row: a UTC time and the UK local time and zone it shows.
const FROM_UTC: &[(&str, &str, &str)] = &[
    ("2015-03-29 00:59", "2015-03-29 00:59", "GMT"),
    ("2015-03-29 01:00", "2015-03-29 02:00", "BST"),
    ("2015-10-25 00:59", "2015-10-25 01:59", "BST"),
    ("2015-10-25 01:00", "2015-10-25 01:00", "GMT"),
    ("2015-08-11 22:59", "2015-08-11 23:59", "BST"),
    ("2015-12-31 23:30", "2015-12-31 23:30", "GMT"),
];

#[test]
fn from_utc_table() {
    for (u, local, zone) in FROM_UTC {
        let t = UkTime::from_utc(utc(u)).unwrap();
        assert_eq!(t.local(), utc(local), "{u}");
        assert_eq!(t.zone(), *zone, "{u}");
    }
}

#[test]
fn clock_changes_fall_on_the_last_sundays() {
    let rows = [
        (2012, "2012-03-25 01:00", "2012-10-28 01:00"),
        (2015, "2015-03-29 01:00", "2015-10-25 01:00"),
        (2016, "2016-03-27 01:00", "2016-10-30 01:00"),
        (2026, "2026-03-29 01:00", "2026-10-25 01:00"),
    ];
    for (year, start, end) in rows {
        assert_eq!(bst_starts(year).unwrap(), utc(start), "{year}");
        assert_eq!(bst_ends(year).unwrap(), utc(end), "{year}");
    }
    for year in FIRST_YEAR..=LAST_YEAR {
        for t in [bst_starts(year).unwrap(), bst_ends(year).unwrap()] {
            assert_eq!(t.weekday(), Weekday::Sun, "{t}");
            assert!(t.day() >= 25, "{t} is not in the last week");
            assert_eq!(t.hour(), 1);
        }
    }
    assert!(bst_starts(FIRST_YEAR - 1).is_err());
    assert!(bst_ends(LAST_YEAR + 1).is_err());
}

/// Law: a UTC minute shown in UK time and read back (taking the reading that matches its
/// zone in the repeated hour) is the same minute.
#[test]
fn local_time_round_trips() {
    let mut rng = StdRng::seed_from_u64(2015);
    let first = utc("1996-01-01 00:00");
    let minutes = (utc("2100-12-31 23:59") - first).num_minutes();
    for _ in 0..20_000 {
        let u = first + TimeDelta::minutes(rng.random_range(0..=minutes));
        let t = UkTime::from_utc(u).unwrap();
        let fold = if t.is_bst() {
            Fold::Earlier
        } else {
            Fold::Later
        };
        let back = UkTime::from_local(t.local(), fold).unwrap();
        assert_eq!(back.utc(), u, "{u}");
        assert_eq!(back, t);
    }
}

#[test]
fn rfc3339_and_words() {
    let close = consultation::builtin("jtai-2015").unwrap().closes();
    assert_eq!(close.to_rfc3339(), "2015-08-11T23:59:00+01:00");
    assert_eq!(
        close.describe(false),
        "11:59pm on Tuesday 11 August 2015 (BST)"
    );
    assert_eq!(
        close.describe(true),
        "11:59yh ddydd Mawrth 11 Awst 2015 (BST)"
    );
    let open = consultation::builtin("jtai-2015").unwrap().opens();
    assert_eq!(open.describe(false), "9am on Wednesday 15 July 2015 (BST)");
    let winter = UkTime::from_utc(utc("2016-01-15 12:00")).unwrap();
    assert_eq!(winter.to_rfc3339(), "2016-01-15T12:00:00+00:00");
    assert_eq!(
        winter.describe(false),
        "midday on Friday 15 January 2016 (GMT)"
    );
    assert_eq!(
        winter.describe(true),
        "canol dydd ddydd Gwener 15 Ionawr 2016 (GMT)"
    );
    let night = UkTime::from_utc(utc("2016-01-15 00:05")).unwrap();
    assert_eq!(
        night.describe(false),
        "12:05am on Friday 15 January 2016 (GMT)"
    );
}

#[test]
fn moments_need_an_offset() {
    let rows = [
        ("2015-08-11T22:59:00Z", true),
        ("2015-08-11T23:59:00+01:00", true),
        ("2015-08-11T23:59:00.123+01:00", true),
        ("2015-08-11T23:59:00", false),
        ("2015-08-11 22:59:00Z", false),
        ("2015-08-11", false),
        ("", false),
    ];
    for (text, ok) in rows {
        assert_eq!(parse_moment(text).is_ok(), ok, "{text}");
    }
}

fn with_dates(opens: &str, closes: &str) -> consultation::Consultation {
    let text = include_str!("fixtures/consultation/survey.json")
        .replace("2015-07-15T09:00", opens)
        .replace("2015-08-11T23:59", closes);
    validate::parse(&text).unwrap()
}

/// Each row: a consultation's opening and closing times, a moment, and its state then.
const STATUS: &[(&str, &str, &str, &str, State)] = &[
    (
        "JTAI: before it opens (09:00 BST is 08:00 UTC)",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-07-15T07:59:59Z",
        State::NotOpen,
    ),
    (
        "JTAI: as it opens",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-07-15T08:00:00Z",
        State::Open,
    ),
    (
        "JTAI: the last second, in UTC",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-08-11T22:59:59Z",
        State::Open,
    ),
    (
        "JTAI: closed at 23:00 UTC",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-08-11T23:00:00Z",
        State::Closed,
    ),
    (
        "JTAI: the last second, in BST",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-08-11T23:59:59.999+01:00",
        State::Open,
    ),
    (
        "JTAI: midnight BST",
        "2015-07-15T09:00",
        "2015-08-11T23:59",
        "2015-08-12T00:00:00+01:00",
        State::Closed,
    ),
    (
        "January close: still open at 23:59 UTC",
        "2015-12-01T09:00",
        "2016-01-15T23:59",
        "2016-01-15T23:59:30Z",
        State::Open,
    ),
    (
        "January close: closed at midnight",
        "2015-12-01T09:00",
        "2016-01-15T23:59",
        "2016-01-16T00:00:00Z",
        State::Closed,
    ),
    (
        "closing in the repeated hour: open in its first pass",
        "2015-10-01T09:00",
        "2015-10-25T01:30",
        "2015-10-25T01:45:00+01:00",
        State::Open,
    ),
    (
        "closing in the repeated hour: open until the GMT reading",
        "2015-10-01T09:00",
        "2015-10-25T01:30",
        "2015-10-25T01:30:59Z",
        State::Open,
    ),
    (
        "closing in the repeated hour: then closed",
        "2015-10-01T09:00",
        "2015-10-25T01:30",
        "2015-10-25T01:31:00Z",
        State::Closed,
    ),
    (
        "opening in the repeated hour: open from the BST reading",
        "2015-10-25T01:30",
        "2015-11-30T23:59",
        "2015-10-25T00:30:00Z",
        State::Open,
    ),
    (
        "opening in the repeated hour: not before",
        "2015-10-25T01:30",
        "2015-11-30T23:59",
        "2015-10-25T00:29:59Z",
        State::NotOpen,
    ),
    (
        "closing just after the spring change",
        "2015-03-01T09:00",
        "2015-03-29T02:00",
        "2015-03-29T01:00:59Z",
        State::Open,
    ),
    (
        "closing just after the spring change: closed",
        "2015-03-01T09:00",
        "2015-03-29T02:00",
        "2015-03-29T01:01:00Z",
        State::Closed,
    ),
];

#[test]
fn status_table() {
    for (name, opens, closes, now, want) in STATUS {
        let c = with_dates(opens, closes);
        let s = consultation::status(&c, now).unwrap();
        assert_eq!(s.state, *want, "{name}");
        assert_eq!(s.opens, c.opens());
        assert_eq!(s.closes, c.closes());
    }
}

#[test]
fn status_needs_a_moment_with_an_offset() {
    let c = consultation::builtin("jtai-2015").unwrap();
    let e = consultation::status(c, "2015-08-11T23:00").unwrap_err();
    assert_eq!(e.code().as_str(), "bad-time");
    assert_eq!(e.problems()[0].field.as_deref(), Some("now"));
    assert_eq!(State::NotOpen.as_str(), "not-open");
}
