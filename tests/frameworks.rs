//! The framework records load, are complete, and a broken record is refused with reasons.

use deepdive::frameworks::{self, JudgementKind, NoticeKind, Source, StatusKind};

#[test]
fn all_five_records_load_in_order() {
    let ids: Vec<&str> = frameworks::all()
        .unwrap()
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "ofsted-cp-2012",
            "macp-2012",
            "lac-2012",
            "sif-2013",
            "jtai-2015"
        ]
    );
}

#[test]
fn records_hold_the_facts_of_the_domain() {
    let f = |id| frameworks::get(id).unwrap();
    let jtai = f("jtai-2015");
    assert_eq!(jtai.notice.kind, NoticeKind::WorkingDays);
    assert_eq!(jtai.notice.working_days, 8);
    assert_eq!(jtai.notice.source, Source::Seed);
    assert_eq!(jtai.judgements.kind, JudgementKind::Narrative);
    assert_eq!(jtai.reporting.product, "letter");
    assert_eq!(jtai.reporting.due_working_days.source, Source::Ours);
    assert_eq!(
        jtai.dates
            .consultation_closes
            .as_ref()
            .unwrap()
            .date
            .to_string(),
        "2015-08-11"
    );
    assert_eq!(jtai.themes.len(), 2);

    let macp = f("macp-2012");
    assert_eq!(macp.status.kind, StatusKind::ProposalDropped);
    assert_eq!(macp.judgements.items.len(), 4);
    assert_eq!(macp.agencies.len(), 6);
    assert_eq!(
        macp.dates
            .consultation_closes
            .as_ref()
            .unwrap()
            .date
            .to_string(),
        "2012-10-02"
    );

    let lac = f("lac-2012");
    assert_eq!(lac.judgements.items.len(), 5);
    assert_eq!(
        lac.judgements.items[3].sub_judgements,
        ["Adoption performance"]
    );
    assert_eq!(
        lac.dates
            .consultation_closes
            .as_ref()
            .unwrap()
            .date
            .to_string(),
        "2012-09-18"
    );

    let cp = f("ofsted-cp-2012");
    assert_eq!(cp.judgements.items.len(), 3);
    assert_eq!(cp.notice.kind, NoticeKind::Unannounced);

    let sif = f("sif-2013");
    let scale = &sif.judgements.scale.as_ref().unwrap().grades;
    assert_eq!(
        scale,
        &["Outstanding", "Good", "Requires improvement", "Inadequate"]
    );
    assert_eq!(sif.judgements.rules.len(), 1);
}

#[test]
fn every_record_is_complete() {
    for f in frameworks::all().unwrap() {
        frameworks::check(f).unwrap();
        assert!(!f.sources.is_empty(), "{}", f.id);
        for s in f.sources.iter().filter(|s| s.source == Source::Seed) {
            let location = s.location.as_deref().unwrap_or_default();
            assert!(location.starts_with("shared/seeds/"), "{}: {}", f.id, s.id);
        }
    }
}

#[test]
fn unknown_framework() {
    let e = frameworks::get("jtai-2016").unwrap_err();
    assert_eq!(e.code().as_str(), "unknown-framework");
    assert!(e.message().contains("jtai-2015"), "{}", e.message());
}

fn jtai_json() -> serde_json::Value {
    let jtai = frameworks::get("jtai-2015").unwrap();
    serde_json::to_value(jtai).unwrap()
}

fn problems_of(value: &serde_json::Value) -> Vec<String> {
    frameworks::parse(&value.to_string())
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| p.message.clone())
        .collect()
}

#[test]
fn a_record_round_trips() {
    let text = jtai_json().to_string();
    let again = frameworks::parse(&text).unwrap();
    assert_eq!(again.id, "jtai-2015");
}

#[test]
fn broken_records_are_refused_with_every_reason() {
    let mut v = jtai_json();
    v["notice"]["workingDays"] = 0.into();
    v["themes"][1]["from"] = "2016-03-01".into();
    v["agencies"][0]["cite"] = "seed-999".into();
    v["reporting"]["product"] = "podcast".into();
    let problems = problems_of(&v);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("notice.workingDays"));
    assert!(problems
        .iter()
        .any(|p| p.contains("themes[0] must end before themes[1]")));
    assert!(problems.iter().any(|p| p.contains("seed-999")));

    let mut v = jtai_json();
    v["noticeDays"] = 3.into();
    let problems = problems_of(&v);
    assert!(
        problems[0].contains("unknown field `noticeDays`"),
        "{problems:?}"
    );
    assert!(problems[0].starts_with("line 1, column"), "{problems:?}");

    let mut v = jtai_json();
    v["notice"]["onsiteWeekday"] = "Sunday".into();
    assert!(problems_of(&v)[0].contains("unknown variant `Sunday`"));
}
