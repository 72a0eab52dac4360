//! The timetable as iCalendar: read back by an independent parser (npm's `ical.js`, pinned
//! in `package.json`, through `tests/ics/parse.mjs`), with stable UIDs, all-day events,
//! the assumptions in each description, CRLF lines folded at 75 octets.

use chrono::{NaiveDate, NaiveDateTime};
use deepdive::calendar::{parse_date, Calendar};
use deepdive::frameworks;
use deepdive::ics::timetable_ics;
use deepdive::notice::{timetable, Request};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn d(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

fn stamp(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn request(framework: &str, onsite: &str, closures: &[&str]) -> Request<'static> {
    Request {
        framework: frameworks::get(framework).unwrap(),
        onsite_start: d(onsite),
        area: Vec::new(),
        calendar: Calendar::with_closures(closures.iter().map(|c| d(c))),
        notice_working_days: None,
        letter_due_working_days: None,
    }
}

fn ics(framework: &str, onsite: &str, closures: &[&str], at: &str) -> String {
    let req = request(framework, onsite, closures);
    timetable_ics(&timetable(&req).unwrap(), stamp(at))
}

/// The file's events as ical.js reads them, or `None` (said loudly) when Node or the npm
/// packages are missing.
fn parsed(name: &str, text: &str) -> Option<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("node_modules/ical.js").exists() {
        eprintln!("\n!!!!! SKIPPED: node_modules/ical.js is missing (npm ci), so the iCalendar file was NOT read by an independent parser !!!!!\n");
        return None;
    }
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.ics"));
    std::fs::write(&path, text).unwrap();
    let out = Command::new("node")
        .arg(root.join("tests/ics/parse.mjs"))
        .arg(&path)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "ical.js could not read {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn every_line_ends_in_crlf_and_is_at_most_75_octets() {
    let mut written = 0;
    for f in frameworks::all().unwrap() {
        let framework = f.id.as_str();
        // A Monday or a Tuesday suits every framework's first on-site weekday.
        let Some(t) = ["2015-10-05", "2015-10-06", "2015-10-07"]
            .iter()
            .find_map(|onsite| timetable(&request(framework, onsite, &[])).ok())
        else {
            continue;
        };
        written += 1;
        let text = timetable_ics(&t, stamp("2015-09-01T09:00:00"));
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{framework}"
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{framework}");
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{framework}: a bare LF"
        );
        assert!(
            !text.replace("\r\n", "").contains('\r'),
            "{framework}: a bare CR"
        );
        for line in text.trim_end_matches("\r\n").split("\r\n") {
            assert!(
                line.len() <= 75,
                "{framework}: {} octets: {line}",
                line.len()
            );
        }
        // The assumptions are long: some lines were folded.
        assert!(text.contains("\r\n "), "{framework}: nothing folded");
    }
    assert!(written >= 3, "only {written} frameworks gave a timetable");
}

#[test]
fn an_independent_parser_reads_the_jtai_example() {
    let text = ics("jtai-2015", "2015-10-05", &[], "2015-09-01T09:00:00");
    let Some(cal) = parsed("jtai", &text) else {
        return;
    };
    assert_eq!(cal["version"], "2.0");
    let events = cal["events"].as_array().unwrap();
    let t = timetable(&request("jtai-2015", "2015-10-05", &[])).unwrap();
    let got: Vec<(String, String, String)> = events
        .iter()
        .map(|e| {
            (
                e["summary"].as_str().unwrap().to_owned(),
                e["start"].as_str().unwrap().to_owned(),
                e["end"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let audit = t.joint_audit.as_ref().unwrap();
    let who = &t.framework.short_title;
    let day_after = |d: NaiveDate| d.succ_opt().unwrap().to_string();
    let mut want = vec![
        (
            format!("{who}: the area is told"),
            "2015-09-23".to_owned(),
            "2015-09-24".to_owned(),
        ),
        (
            format!("{who}: joint audit of cases"),
            audit.from.to_string(),
            day_after(audit.to),
        ),
    ];
    for (i, day) in ["05", "06", "07", "08", "09"].iter().enumerate() {
        want.push((
            format!("{who}: on site (day {} of 5)", i + 1),
            format!("2015-10-{day}"),
            day_after(d(&format!("2015-10-{day}"))),
        ));
    }
    want.push((
        format!("{who}: the {} is due", t.framework.reporting.product),
        t.letter_due.to_string(),
        day_after(t.letter_due),
    ));
    assert_eq!(got, want);
    for e in events {
        assert_eq!(e["allDay"], true, "{e}");
        assert_eq!(e["stamp"], "2015-09-01T09:00:00Z", "{e}");
        let description = e["description"].as_str().unwrap();
        // Each description carries every assumption, unescaped by the parser as written.
        assert!(
            description.contains("\n\nAssumptions:\n- "),
            "{description}"
        );
        for a in &t.assumptions {
            assert!(
                description.contains(&a.text),
                "missing {:?} in {description}",
                a.text
            );
        }
    }
    let notice = events[0]["description"].as_str().unwrap();
    assert!(
        notice
            .starts_with("The area is told on Wednesday 23 September 2015, 8 working days before"),
        "{notice}"
    );
}

#[test]
fn uids_are_the_inspections_not_the_downloads() {
    let uids = |text: &str| -> Vec<String> {
        text.split("\r\n")
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let first = ics("jtai-2015", "2015-10-05", &[], "2015-09-01T09:00:00");
    // Downloaded again later, with a closure day that moves the notification.
    let again = ics(
        "jtai-2015",
        "2015-10-05",
        &["2015-09-25"],
        "2015-09-10T16:30:00",
    );
    assert_ne!(first, again);
    assert_eq!(uids(&first), uids(&again));
    let all = uids(&first);
    let mut distinct = all.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), all.len(), "UIDs repeat: {all:?}");
    assert!(all.iter().all(|u| u.ends_with("@deepdive")), "{all:?}");
    // Another inspection (another week) has other UIDs.
    let other = ics("jtai-2015", "2015-10-12", &[], "2015-09-01T09:00:00");
    assert!(uids(&other).iter().all(|u| !all.contains(u)));
    if let Some(cal) = parsed("jtai-again", &again) {
        let parsed: Vec<&str> = cal["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["uid"].as_str().unwrap())
            .collect();
        assert_eq!(parsed, all);
    }
}
