//! Laws over random input: a mangled definition or response never panics and always says
//! where the problem is, and checking a response's own checked answers again changes nothing.

use deepdive::consultation::{response, summarise, validate, Consultation, Incoming, Options};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Value};

const SURVEY: &str = include_str!("fixtures/consultation/survey.json");

/// Every JSON pointer in a value, the root first.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                pointers(x, format!("{here}/{k}"), out);
            }
        }
        Value::Array(list) => {
            for (i, x) in list.iter().enumerate() {
                pointers(x, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Values that are right somewhere and wrong elsewhere.
fn pool() -> Vec<Value> {
    vec![
        json!(null),
        json!(""),
        json!(" "),
        json!("who"),
        json!("notice"),
        json!("consent"),
        json!("agree"),
        json!("organisation"),
        json!("consent-to-publish"),
        json!("respondent-type"),
        json!("2015-03-29T01:30"),
        json!("2015-10-25T01:30"),
        json!("1900-01-01T00:00"),
        json!("x".repeat(300)),
        json!(0),
        json!(-1),
        json!(4_294_967_296u64),
        json!(1.5),
        json!(true),
        json!([]),
        json!({}),
        json!(["cse", "cse"]),
        json!({"en": "English", "cy": "Cymraeg"}),
        json!({"question": "who", "equals": "organisation"}),
        json!({"question": "notice", "anyOf": []}),
        json!({"value": "red", "label": "Red"}),
        json!({"type": "organisation", "role": "police"}),
    ]
}

fn mangle(rng: &mut StdRng, v: &mut Value, pool: &[Value]) {
    let mut all = Vec::new();
    pointers(v, String::new(), &mut all);
    let at = &all[rng.random_range(1..all.len())];
    let new = pool[rng.random_range(0..pool.len())].clone();
    if let Some(slot) = v.pointer_mut(at) {
        *slot = new;
    }
}

#[test]
fn mangled_definitions_never_panic_and_say_where() {
    let base: Value = serde_json::from_str(SURVEY).unwrap();
    let pool = pool();
    let mut rng = StdRng::seed_from_u64(42);
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..3_000 {
        let mut v = base.clone();
        for _ in 0..rng.random_range(1..4) {
            mangle(&mut rng, &mut v, &pool);
        }
        match validate::from_value(&v) {
            Ok(_) => ok += 1,
            Err(e) => {
                refused += 1;
                for p in e.problems() {
                    assert!(!p.message.is_empty());
                    // A shape error has line and column; every other problem a path.
                    let located = p.field.is_some() || p.message.contains("line ");
                    assert!(located, "{p:?}");
                }
            }
        }
    }
    assert!(ok > 0 && refused > 0, "{ok} valid, {refused} refused");
}

fn envelope(c: &Consultation, answers: Value) -> Value {
    json!({
        "consultation": "survey",
        "version": 2,
        "definitionSha256": c.hash(),
        "id": "00000000-0000-4000-8000-000000000001",
        "started": "2015-08-01T10:00:00+01:00",
        "submitted": "2015-08-01T10:05:00+01:00",
        "language": "en",
        "answers": answers,
    })
}

/// Law: checking the checked answers of a response again gives no problem, drops nothing
/// and keeps them as they are. And no answers, however wrong, make validation panic.
#[test]
fn checked_answers_check_again_unchanged() {
    let c = validate::parse(SURVEY).unwrap();
    let pool = pool();
    let candidates: Vec<(&str, Vec<Value>)> = vec![
        (
            "who",
            vec![
                json!({"type": "individual", "role": "police"}),
                json!({"type": "organisation"}),
                json!({"type": "prefer-not-to-say"}),
            ],
        ),
        ("org", vec![json!("Acme"), json!("=cmd")]),
        ("email", vec![json!("a@example.org"), json!("nope")]),
        (
            "notice",
            vec![
                json!("agree"),
                json!("disagree"),
                json!("strongly-disagree"),
            ],
        ),
        ("why", vec![json!("Because"), json!("x".repeat(21))]),
        (
            "themes",
            vec![json!(["cse"]), json!(["neglect", "missing"]), json!([])],
        ),
        ("pilot", vec![json!("yes"), json!("no")]),
        ("colour", vec![json!("red"), json!("blue")]),
        (
            "consent",
            vec![json!("publish-in-full"), json!("do-not-publish")],
        ),
    ];
    let mut rng = StdRng::seed_from_u64(7);
    let mut valid = 0;
    for _ in 0..5_000 {
        let mut answers = serde_json::Map::new();
        for (id, values) in &candidates {
            match rng.random_range(0..10) {
                0 => {}
                1 => {
                    answers.insert(
                        (*id).to_owned(),
                        pool[rng.random_range(0..pool.len())].clone(),
                    );
                }
                _ => {
                    let v = values[rng.random_range(0..values.len())].clone();
                    answers.insert((*id).to_owned(), v);
                }
            }
        }
        let r = response::from_value(&envelope(&c, Value::Object(answers))).unwrap();
        let first = response::validate(&c, &r);
        for p in &first.problems {
            let field = p.field.as_deref().unwrap_or_default();
            assert!(field.starts_with("answers."), "{p:?}");
        }
        if !first.ok() {
            continue;
        }
        valid += 1;
        let kept = first.answers.to_json(&c);
        let again = response::from_value(&envelope(&c, Value::Object(kept.clone()))).unwrap();
        let second = response::validate(&c, &again);
        assert!(second.ok(), "{:?}", second.problems);
        assert!(second.dropped.is_empty());
        assert_eq!(second.answers, first.answers);
        assert_eq!(second.answers.to_json(&c), kept);
    }
    assert!(valid > 100, "only {valid} valid responses");
}

/// Law: whatever the files, every one is accepted, late or rejected, exactly once.
#[test]
fn every_file_is_accounted_for_once() {
    let c = validate::parse(SURVEY).unwrap();
    let mut rng = StdRng::seed_from_u64(99);
    let texts = [
        envelope(&c, json!({"notice": "agree", "consent": "do-not-publish"})).to_string(),
        envelope(&c, json!({"notice": "agree"})).to_string(),
        "{}".to_owned(),
        "[1, 2".to_owned(),
        envelope(&c, json!({"notice": "agree", "consent": "do-not-publish"}))
            .to_string()
            .replace("2015-08-01T10:05", "2015-09-01T10:05"),
    ];
    for _ in 0..200 {
        let n = rng.random_range(0..30);
        let incoming: Vec<Incoming> = (0..n)
            .map(|i| {
                let text = &texts[rng.random_range(0..texts.len())];
                // Vary the id so that some repeat and some do not.
                let id = format!("00000000-0000-4000-8000-{:012x}", rng.random_range(0..8));
                let text = text.replace("00000000-0000-4000-8000-000000000001", &id);
                Incoming::from_text(format!("f{i}"), &text)
            })
            .collect();
        for include_late in [false, true] {
            let s = summarise(&c, &incoming, Options { include_late });
            assert_eq!(s.accepted + s.late.len() + s.rejected.len(), n);
            let mut seen: Vec<usize> = s
                .rows
                .iter()
                .map(|r| r.index)
                .chain(s.rejected.iter().map(|r| r.index))
                .chain(s.late.iter().filter(|_| !include_late).map(|l| l.index))
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }
    }
}
