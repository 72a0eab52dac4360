//! A timetable for every framework, and every way a request can fail.

use chrono::NaiveDate;
use deepdive::calendar::{parse_date, Calendar};
use deepdive::frameworks::{self, Condition};
use deepdive::notice::{timetable, Request, Timetable};

fn d(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

fn request(framework: &str, onsite: &str) -> Request<'static> {
    Request {
        framework: frameworks::get(framework).unwrap(),
        onsite_start: d(onsite),
        area: Vec::new(),
        calendar: Calendar::default(),
        notice_working_days: None,
        letter_due_working_days: None,
    }
}

fn dates(list: &[NaiveDate]) -> Vec<String> {
    list.iter().map(|d| d.to_string()).collect()
}

fn agency_ids<'a>(t: &'a Timetable<'_>) -> Vec<&'a str> {
    t.agencies.iter().map(|a| a.agency.id.as_str()).collect()
}

fn warning_codes(t: &Timetable<'_>) -> Vec<&'static str> {
    t.warnings.iter().map(|w| w.code).collect()
}

fn error_codes(req: &Request<'_>) -> Vec<(String, Option<String>)> {
    timetable(req)
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| (p.code.as_str().to_owned(), p.field.clone()))
        .collect()
}

#[test]
fn jtai_example_from_the_issue() {
    let t = timetable(&request("jtai-2015", "2015-10-05")).unwrap();
    let n = t.notification.as_ref().unwrap();
    assert_eq!(n.date, d("2015-09-23"));
    assert_eq!(n.working_days_before, 8);
    assert_eq!(
        dates(&t.onsite_days),
        [
            "2015-10-05",
            "2015-10-06",
            "2015-10-07",
            "2015-10-08",
            "2015-10-09"
        ]
    );
    assert_eq!(t.onsite_end, d("2015-10-09"));
    let audit = t.joint_audit.as_ref().unwrap();
    assert_eq!(
        (audit.from, audit.to, audit.working_days),
        (d("2015-09-24"), d("2015-10-02"), 7)
    );
    let themes = &t.themes.unwrap().themes;
    assert_eq!(
        themes,
        &[
            "Children at risk of child sexual exploitation",
            "Children missing from home, school or care"
        ]
    );
    assert_eq!(agency_ids(&t), ["ofsted", "cqc", "hmic", "hmi-probation"]);
    assert_eq!(t.letter_due, d("2015-11-06"));
    assert_eq!(t.letter_working_days, 20);
    assert!(t.days_lost.is_empty());
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert!(t
        .assumptions
        .iter()
        .any(|a| a.text.contains("20 working days")));
}

#[test]
fn jtai_themes_change_on_1_april_2016() {
    let t = timetable(&request("jtai-2015", "2016-03-21")).unwrap();
    assert!(!t.themes.unwrap().indicative);
    let t = timetable(&request("jtai-2015", "2016-04-04")).unwrap();
    let period = t.themes.unwrap();
    assert!(period.indicative);
    assert_eq!(period.themes[0], "Children living with domestic abuse");
    assert!(t.assumptions.iter().any(|a| a.text.contains("examples")));
}

#[test]
fn jtai_notice_crosses_easter_and_closures() {
    // On site Monday 4 April 2016: Good Friday and Easter Monday fall in the notice.
    let t = timetable(&request("jtai-2015", "2016-04-04")).unwrap();
    assert_eq!(t.notification.as_ref().unwrap().date, d("2016-03-21"));
    assert_eq!(
        dates(&t.days_lost.iter().map(|x| x.date).collect::<Vec<_>>())[..2],
        ["2016-03-25", "2016-03-28"]
    );
    assert!(warning_codes(&t).contains(&"notice-crosses-day-off"));

    let mut req = request("jtai-2015", "2015-10-05");
    req.calendar = Calendar::with_closures([d("2015-09-30"), d("2015-10-07")]);
    let t = timetable(&req).unwrap();
    assert_eq!(t.notification.as_ref().unwrap().date, d("2015-09-22"));
    assert_eq!(t.onsite_end, d("2015-10-12"));
    assert_eq!(t.onsite_days.len(), 5);
    let codes = warning_codes(&t);
    assert!(codes.contains(&"onsite-crosses-day-off"), "{codes:?}");
    assert!(codes.contains(&"notice-crosses-day-off"), "{codes:?}");
}

#[test]
fn overrides_of_notice_and_letter() {
    let mut req = request("jtai-2015", "2015-10-05");
    req.notice_working_days = Some(10);
    req.letter_due_working_days = Some(26);
    let t = timetable(&req).unwrap();
    assert_eq!(t.notification.as_ref().unwrap().date, d("2015-09-21"));
    assert_eq!(t.letter_due, d("2015-11-16"));
    assert!(t
        .assumptions
        .iter()
        .any(|a| a.text.contains("instead of the framework’s 8")));
}

/// Framework, first on-site day, notice and letter overrides, and the expected (code, field)s.
type Case = (
    &'static str,
    &'static str,
    Option<u32>,
    Option<u32>,
    &'static [(&'static str, &'static str)],
);

#[test]
fn request_errors_are_all_collected() {
    let cases: &[Case] = &[
        (
            "jtai-2015",
            "2015-10-06",
            None,
            None,
            &[("not-a-monday", "onsiteStart")],
        ),
        (
            "jtai-2015",
            "2015-10-03",
            None,
            None,
            &[("not-a-monday", "onsiteStart")],
        ),
        // Easter Monday 2016.
        (
            "jtai-2015",
            "2016-03-28",
            None,
            None,
            &[("onsite-on-holiday", "onsiteStart")],
        ),
        (
            "sif-2013",
            "2014-04-21",
            None,
            None,
            &[("not-a-tuesday", "onsiteStart")],
        ),
        (
            "ofsted-cp-2012",
            "2012-06-09",
            None,
            None,
            &[("onsite-on-weekend", "onsiteStart")],
        ),
        (
            "ofsted-cp-2012",
            "2012-06-05",
            None,
            None,
            &[("onsite-on-holiday", "onsiteStart")],
        ),
        (
            "jtai-2015",
            "2015-10-06",
            Some(0),
            Some(999),
            &[
                ("not-a-monday", "onsiteStart"),
                ("bad-argument", "noticeWorkingDays"),
                ("bad-argument", "letterDueWorkingDays"),
            ],
        ),
        (
            "macp-2012",
            "2013-06-03",
            Some(5),
            None,
            &[("bad-argument", "noticeWorkingDays")],
        ),
        (
            "jtai-2015",
            "1995-01-09",
            None,
            None,
            &[("year-out-of-range", "onsiteStart")],
        ),
    ];
    for (framework, onsite, notice, letter, expected) in cases {
        let mut req = request(framework, onsite);
        req.notice_working_days = *notice;
        req.letter_due_working_days = *letter;
        let got = error_codes(&req);
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(c, f)| (c.to_string(), Some(f.to_string())))
            .collect();
        assert_eq!(got, expected, "{framework} {onsite}");
    }
    let mut req = request("jtai-2015", "2015-10-05");
    req.calendar = Calendar::with_closures([d("2015-10-05")]);
    assert_eq!(error_codes(&req)[0].0, "onsite-on-holiday");
}

#[test]
fn ofsted_cp_2012_is_unannounced_for_two_weeks() {
    let t = timetable(&request("ofsted-cp-2012", "2013-03-04")).unwrap();
    assert!(t.notification.is_none() && t.notice_period.is_none() && t.joint_audit.is_none());
    assert_eq!(t.onsite_days.len(), 10);
    assert_eq!(t.onsite_end, d("2013-03-15"));
    assert_eq!(agency_ids(&t), ["ofsted"]);
    assert_eq!(
        t.letter_due,
        d("2013-04-16"),
        "20 working days over Easter 2013"
    );
    assert!(t.themes.is_none());
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    // After the framework ended.
    let t = timetable(&request("ofsted-cp-2012", "2014-03-03")).unwrap();
    assert_eq!(warning_codes(&t), ["outside-framework-dates"]);
}

#[test]
fn macp_2012_brings_in_prisons_and_cps_by_the_area_facts() {
    let t = timetable(&request("macp-2012", "2013-06-03")).unwrap();
    assert_eq!(agency_ids(&t), ["ofsted", "cqc", "hmic", "hmi-probation"]);
    let not: Vec<&str> = t
        .not_taking_part
        .iter()
        .map(|n| n.agency.id.as_str())
        .collect();
    assert_eq!(not, ["hmi-prisons", "hmcpsi"]);
    assert!(t.not_taking_part[0]
        .condition
        .contains("young offender institution"));
    assert_eq!(warning_codes(&t), ["framework-never-ran"]);

    for (facts, expected) in [
        (
            vec![Condition::YoungOffenderInstitution],
            vec!["hmi-prisons"],
        ),
        (
            vec![Condition::PrisonMotherAndBabyUnit],
            vec!["hmi-prisons"],
        ),
        (
            vec![Condition::ImmigrationRemovalCentre],
            vec!["hmi-prisons"],
        ),
        (vec![Condition::CpsConcerns], vec!["hmcpsi"]),
        (Condition::ALL.to_vec(), vec!["hmi-prisons", "hmcpsi"]),
    ] {
        let mut req = request("macp-2012", "2013-06-03");
        req.area = facts.clone();
        let t = timetable(&req).unwrap();
        assert_eq!(agency_ids(&t)[4..], expected[..], "{facts:?}");
        assert!(t.agencies[4].reason.starts_with("The area has"));
    }
    assert_eq!(
        timetable(&request("macp-2012", "2013-06-03"))
            .unwrap()
            .onsite_days
            .len(),
        10
    );
}

#[test]
fn lac_2012_is_ofsted_and_cqc() {
    let mut req = request("lac-2012", "2013-04-08");
    req.area = vec![Condition::YoungOffenderInstitution];
    let t = timetable(&req).unwrap();
    assert_eq!(agency_ids(&t), ["ofsted", "cqc"]);
    assert_eq!(t.onsite_end, d("2013-04-19"));
    assert_eq!(
        warning_codes(&t),
        ["framework-never-ran", "area-fact-unused"]
    );
}

#[test]
fn sif_2013_calls_on_monday_and_runs_four_weeks() {
    let t = timetable(&request("sif-2013", "2014-04-22")).unwrap();
    let n = t.notification.as_ref().unwrap();
    // Easter Monday 21 April 2014: the call comes on the working day before, Thursday 17 April.
    assert_eq!(n.date, d("2014-04-17"));
    let t = timetable(&request("sif-2013", "2014-03-04")).unwrap();
    assert_eq!(t.notification.as_ref().unwrap().date, d("2014-03-03"));
    assert!(t.joint_audit.is_none());
    let phases: Vec<(String, String, bool)> = t
        .phases
        .iter()
        .map(|p| (p.start.to_string(), p.end.to_string(), p.onsite))
        .collect();
    assert_eq!(
        phases,
        [
            ("2014-03-04".into(), "2014-03-07".into(), true),
            ("2014-03-10".into(), "2014-03-14".into(), false),
            ("2014-03-17".into(), "2014-03-28".into(), true),
        ]
    );
    assert_eq!(t.onsite_days.len(), 14);
    assert_eq!(t.onsite_end, d("2014-03-28"));
    assert_eq!(t.letter_due, d("2014-04-29"), "over Easter 2014");
    assert!(t
        .assumptions
        .iter()
        .any(|a| a.text.contains("unannounced call")));
}

#[test]
fn check_parts_finds_what_it_can_without_the_rest_of_the_request() {
    use deepdive::error::Collector;
    use deepdive::notice::check_parts;
    type Parts = (Option<&'static str>, bool, Option<u32>, Option<u32>);
    // (first on-site day, a calendar, notice, letter; the problems expected)
    let cases: &[(Parts, &[(&str, &str)])] = &[
        ((None, false, None, None), &[]),
        (
            (None, false, Some(99), Some(999)),
            &[
                ("bad-argument", "noticeWorkingDays"),
                ("bad-argument", "letterDueWorkingDays"),
            ],
        ),
        (
            (Some("2015-10-06"), false, Some(99), None),
            &[
                ("not-a-monday", "onsiteStart"),
                ("bad-argument", "noticeWorkingDays"),
            ],
        ),
        (
            (Some("2015-12-28"), false, None, None),
            &[("onsite-on-holiday", "onsiteStart")],
        ),
        ((Some("2015-10-05"), true, Some(8), Some(20)), &[]),
    ];
    let jtai = frameworks::get("jtai-2015").unwrap();
    for ((start, with_calendar, notice, letter), expected) in cases {
        let calendar = Calendar::default();
        let mut c = Collector::default();
        check_parts(
            jtai,
            start.map(d),
            with_calendar.then_some(&calendar),
            *notice,
            *letter,
            &mut c,
        );
        let got: Vec<(String, String)> = match c.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e
                .problems()
                .iter()
                .map(|p| {
                    (
                        p.code.as_str().to_owned(),
                        p.field.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        };
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(code, field)| (code.to_string(), field.to_string()))
            .collect();
        assert_eq!(got, want, "{start:?} {notice:?} {letter:?}");
        // With every part, they are the problems the timetable itself reports.
        if let Some(start) = start {
            let mut req = request("jtai-2015", start);
            req.notice_working_days = *notice;
            req.letter_due_working_days = *letter;
            let of_timetable: Vec<(String, String)> = match timetable(&req) {
                Ok(_) => Vec::new(),
                Err(e) => e
                    .problems()
                    .iter()
                    .map(|p| {
                        (
                            p.code.as_str().to_owned(),
                            p.field.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
            };
            assert_eq!(got, of_timetable, "{start}");
        }
    }
}
