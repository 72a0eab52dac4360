//! Response validation: the envelope (consultation, version, hash, id, times, language),
//! required answers, choices, limits, e-mail shape, and conditions that drop answers to
//! questions the respondent was not shown.

use deepdive::consultation::response::{self, is_email, is_uuid};
use deepdive::consultation::{validate, Consultation};
use deepdive::json::duplicate_key;
use serde_json::{json, Value};

const SURVEY: &str = include_str!("fixtures/consultation/survey.json");

fn survey() -> Consultation {
    validate::parse(SURVEY).unwrap()
}

/// A valid response to the survey with these answers.
fn response(c: &Consultation, answers: Value) -> Value {
    json!({
        "consultation": "survey",
        "version": 2,
        "definitionSha256": c.hash(),
        "id": "6f1c2a4e-0b7d-4c3e-9a51-2d8e7f00c0de",
        "started": "2015-08-01T10:00:00+01:00",
        "submitted": "2015-08-01T10:12:30+01:00",
        "language": "en",
        "answers": answers,
    })
}

fn minimal() -> Value {
    json!({
        "who": {"type": "individual", "role": "social-worker"},
        "notice": "agree",
        "consent": "publish-in-full",
    })
}

fn check(c: &Consultation, v: Value) -> response::Checked {
    let r = response::from_value(&v).unwrap();
    response::validate(c, &r)
}

fn codes(checked: &response::Checked) -> Vec<(String, String)> {
    checked
        .problems
        .iter()
        .map(|p| {
            (
                p.code.as_str().to_owned(),
                p.field.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Each row: a name, a change to the minimal answers, and exactly the problems expected.
type AnswerRow = (
    &'static str,
    fn(&mut Value),
    &'static [(&'static str, &'static str)],
);

const ANSWERS: &[AnswerRow] = &[
    ("minimal answers are valid", |_| {}, &[]),
    (
        "a required answer missing",
        |a| {
            a.as_object_mut().unwrap().remove("notice");
        },
        &[("answer-required", "answers.notice")],
    ),
    (
        "the consent missing",
        |a| {
            a.as_object_mut().unwrap().remove("consent");
        },
        &[("answer-required", "answers.consent")],
    ),
    (
        "a required answer null",
        |a| a["notice"] = Value::Null,
        &[("answer-required", "answers.notice")],
    ),
    (
        "a required answer blank",
        |a| a["notice"] = json!(""),
        &[("answer-required", "answers.notice")],
    ),
    (
        "a choice not offered",
        |a| a["notice"] = json!("meh"),
        &[("unknown-choice", "answers.notice")],
    ),
    (
        "a consent not offered",
        |a| a["consent"] = json!("publish-later"),
        &[("unknown-choice", "answers.consent")],
    ),
    (
        "a choice given as a number",
        |a| a["colour"] = json!(1),
        &[("bad-answer", "answers.colour")],
    ),
    (
        "a yes-no answer of maybe",
        |a| a["pilot"] = json!("maybe"),
        &[("unknown-choice", "answers.pilot")],
    ),
    (
        "multiple choices within the limit",
        |a| a["themes"] = json!(["missing", "cse"]),
        &[],
    ),
    (
        "multiple choices over the limit",
        |a| a["themes"] = json!(["cse", "missing", "neglect"]),
        &[("too-many-choices", "answers.themes")],
    ),
    (
        "a multiple choice not offered",
        |a| a["themes"] = json!(["cse", "fgm"]),
        &[("unknown-choice", "answers.themes[1]")],
    ),
    (
        "a multiple choice twice",
        |a| a["themes"] = json!(["cse", "cse"]),
        &[("bad-answer", "answers.themes[1]")],
    ),
    (
        "multiple choice given as text",
        |a| a["themes"] = json!("cse"),
        &[("bad-answer", "answers.themes")],
    ),
    (
        "a long text at its limit (characters, not bytes)",
        |a| {
            a["notice"] = json!("disagree");
            a["why"] = json!("éééééééééééééééééééé");
        },
        &[],
    ),
    (
        "a long text over its limit",
        |a| {
            a["notice"] = json!("disagree");
            a["why"] = json!("123456789012345678901");
        },
        &[("too-long", "answers.why")],
    ),
    (
        "a short text over the default limit",
        |a| {
            a["who"] = json!({"type": "organisation", "role": "police"});
            a["org"] = json!("x".repeat(251));
        },
        &[("too-long", "answers.org")],
    ),
    (
        "a short text on two lines",
        |a| {
            a["who"] = json!({"type": "organisation", "role": "police"});
            a["org"] = json!("Acme\nLtd");
        },
        &[("bad-answer", "answers.org")],
    ),
    (
        "an e-mail address",
        |a| a["email"] = json!("jo.bloggs+consult@example.gov.uk"),
        &[],
    ),
    (
        "not an e-mail address",
        |a| a["email"] = json!("jo at example dot org"),
        &[("bad-email", "answers.email")],
    ),
    (
        "an answer to a question that does not exist",
        |a| a["colour2"] = json!("red"),
        &[("unknown-question", "answers.colour2")],
    ),
    (
        "a respondent type not offered",
        |a| a["who"] = json!({"type": "robot"}),
        &[("unknown-choice", "answers.who.type")],
    ),
    (
        "a role not offered",
        |a| a["who"] = json!({"type": "individual", "role": "judge"}),
        &[("unknown-choice", "answers.who.role")],
    ),
    (
        "a role without a type",
        |a| a["who"] = json!({"role": "police"}),
        &[("bad-answer", "answers.who.type")],
    ),
    (
        "a respondent type with an extra field",
        |a| a["who"] = json!({"type": "individual", "age": 40}),
        &[("bad-answer", "answers.who.age")],
    ),
    (
        "a respondent type given as text",
        |a| a["who"] = json!("individual"),
        &[("bad-answer", "answers.who")],
    ),
    (
        "prefer not to say, with no role",
        |a| a["who"] = json!({"type": "prefer-not-to-say"}),
        &[],
    ),
    (
        "a role of prefer not to say",
        |a| a["who"] = json!({"type": "organisation", "role": "prefer-not-to-say"}),
        &[],
    ),
    (
        "an optional respondent type left out",
        |a| {
            a.as_object_mut().unwrap().remove("who");
        },
        &[],
    ),
    (
        "every problem at once, in definition order",
        |a| {
            a["notice"] = json!("meh");
            a["themes"] = json!(["cse", "fgm"]);
            a["email"] = json!("nope");
            a["extra"] = json!(1);
            a.as_object_mut().unwrap().remove("consent");
        },
        &[
            ("bad-email", "answers.email"),
            ("unknown-choice", "answers.notice"),
            ("unknown-choice", "answers.themes[1]"),
            ("answer-required", "answers.consent"),
            ("unknown-question", "answers.extra"),
        ],
    ),
];

#[test]
fn answer_validation_table() {
    let c = survey();
    let mut failures = Vec::new();
    for (name, change, expected) in ANSWERS {
        let mut answers = minimal();
        change(&mut answers);
        let got = codes(&check(&c, response(&c, answers)));
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(c, f)| ((*c).to_owned(), (*f).to_owned()))
            .collect();
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each row: a name, a change to the whole response, and exactly the problems expected.
type EnvelopeRow = (
    &'static str,
    fn(&mut Value),
    &'static [(&'static str, &'static str)],
);

const ENVELOPE: &[EnvelopeRow] = &[
    (
        "another consultation (answers are not checked)",
        |r| {
            r["consultation"] = json!("jtai-2015");
            r["answers"] = json!({"nonsense": 1});
        },
        &[("wrong-consultation", "consultation")],
    ),
    (
        "another version",
        |r| r["version"] = json!(1),
        &[("wrong-version", "version")],
    ),
    (
        "another text of the same version",
        |r| r["definitionSha256"] = json!("0".repeat(64)),
        &[("wrong-definition", "definitionSha256")],
    ),
    (
        "a hash of the wrong shape",
        |r| r["definitionSha256"] = json!("ABC"),
        &[("bad-response", "definitionSha256")],
    ),
    (
        "an id that is not a UUID",
        |r| r["id"] = json!("response-1"),
        &[("bad-response", "id")],
    ),
    (
        "an upper-case UUID",
        |r| r["id"] = json!("6F1C2A4E-0B7D-4C3E-9A51-2D8E7F00C0DE"),
        &[("bad-response", "id")],
    ),
    (
        "a start time without an offset",
        |r| r["started"] = json!("2015-08-01T10:00:00"),
        &[("bad-time", "started")],
    ),
    (
        "submitted before started",
        |r| r["submitted"] = json!("2015-08-01T08:00:00Z"),
        &[("bad-response", "submitted")],
    ),
    (
        "times in other offsets",
        |r| {
            r["started"] = json!("2015-08-01T05:00:00-04:00");
            r["submitted"] = json!("2015-08-01T09:30:00Z");
        },
        &[],
    ),
    (
        "Welsh, which the survey does not offer",
        |r| r["language"] = json!("cy"),
        &[("bad-response", "language")],
    ),
    (
        "made in the preview (judged by the analysis, not here)",
        |r| r["preview"] = json!(true),
        &[],
    ),
];

#[test]
fn envelope_validation_table() {
    let c = survey();
    let mut failures = Vec::new();
    for (name, change, expected) in ENVELOPE {
        let mut r = response(&c, minimal());
        change(&mut r);
        let got = codes(&check(&c, r));
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(c, f)| ((*c).to_owned(), (*f).to_owned()))
            .collect();
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each row: answers, the ids of the answers dropped, and the answers kept.
#[test]
fn conditions_drop_answers_to_hidden_questions() {
    let c = survey();
    let rows: &[(&str, Value, &[&str], Value)] = &[
        (
            "why is hidden when the respondent agrees",
            json!({"notice": "agree", "why": "no reason", "consent": "do-not-publish"}),
            &["why"],
            json!({"notice": "agree", "consent": "do-not-publish"}),
        ),
        (
            "why is shown when the respondent disagrees",
            json!({"notice": "strongly-disagree", "why": "too short", "consent": "do-not-publish"}),
            &[],
            json!({"notice": "strongly-disagree", "why": "too short", "consent": "do-not-publish"}),
        ),
        (
            "the organisation's name is hidden for an individual",
            json!({"who": {"type": "individual"}, "org": "Acme", "notice": "agree", "consent": "publish-in-full"}),
            &["org"],
            json!({"who": {"type": "individual"}, "notice": "agree", "consent": "publish-in-full"}),
        ),
        (
            "and hidden when nobody says who they are",
            json!({"org": "Acme", "notice": "agree", "consent": "publish-in-full"}),
            &["org"],
            json!({"notice": "agree", "consent": "publish-in-full"}),
        ),
        (
            "and shown for an organisation",
            json!({"who": {"type": "organisation"}, "org": "Acme", "notice": "agree", "consent": "publish-in-full"}),
            &[],
            json!({"who": {"type": "organisation"}, "org": "Acme", "notice": "agree", "consent": "publish-in-full"}),
        ),
        (
            "a blank answer to a hidden question is not reported",
            json!({"notice": "agree", "why": "  ", "consent": "do-not-publish"}),
            &[],
            json!({"notice": "agree", "consent": "do-not-publish"}),
        ),
        (
            "a hidden answer is dropped even when it would be invalid",
            json!({"notice": "agree", "why": "x".repeat(50), "consent": "do-not-publish"}),
            &["why"],
            json!({"notice": "agree", "consent": "do-not-publish"}),
        ),
    ];
    for (name, answers, dropped, kept) in rows {
        let checked = check(&c, response(&c, answers.clone()));
        assert!(checked.ok(), "{name}: {:?}", checked.problems);
        assert_eq!(checked.dropped, *dropped, "{name}");
        assert_eq!(Value::Object(checked.answers.to_json(&c)), *kept, "{name}");
    }
}

#[test]
fn a_required_question_hidden_by_its_condition_need_not_be_answered() {
    let text = SURVEY.replace(
        "\"maxLength\": 20,",
        "\"maxLength\": 20,\n          \"required\": true,",
    );
    let c = validate::parse(&text).unwrap();
    let agree = check(&c, response(&c, minimal()));
    assert!(agree.ok(), "{:?}", agree.problems);
    let mut answers = minimal();
    answers["notice"] = json!("disagree");
    let disagree = check(&c, response(&c, answers));
    assert_eq!(
        codes(&disagree),
        [("answer-required".to_owned(), "answers.why".to_owned())]
    );
}

#[test]
fn a_required_respondent_type_needs_a_role() {
    let text = SURVEY.replacen(
        "\"text\": \"Who are you?\",",
        "\"text\": \"Who are you?\",\n          \"required\": true,",
        1,
    );
    let c = validate::parse(&text).unwrap();
    let rows = [
        (json!(null), vec![("answer-required", "answers.who")]),
        (
            json!({"type": "individual"}),
            vec![("answer-required", "answers.who.role")],
        ),
        (json!({"type": "prefer-not-to-say"}), vec![]),
        (
            json!({"type": "organisation", "role": "prefer-not-to-say"}),
            vec![],
        ),
    ];
    for (who, want) in rows {
        let mut answers = minimal();
        answers["who"] = who.clone();
        let got = codes(&check(&c, response(&c, answers)));
        let want: Vec<(String, String)> = want
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(got, want, "{who}");
    }
}

#[test]
fn response_files_are_read_strictly() {
    let c = survey();
    let good = serde_json::to_string_pretty(&response(&c, minimal())).unwrap();
    assert!(response::parse(&good).is_ok());
    let rows = [
        ("not JSON", "{\"consultation\": ".to_owned(), "line 1"),
        (
            "an unknown field",
            good.replacen("\"language\"", "\"colour\": 1,\n  \"language\"", 1),
            "line",
        ),
        (
            "a version as text",
            good.replacen("\"version\": 2", "\"version\": \"2\"", 1),
            "line",
        ),
    ];
    for (name, text, where_) in rows {
        let e = response::parse(&text).unwrap_err();
        assert_eq!(e.code().as_str(), "bad-response", "{name}");
        assert_eq!(e.problems().len(), 1, "{name}");
        assert!(e.message().contains(where_), "{name}: {}", e.message());
    }
    // A response round-trips through its serde type.
    let r = response::parse(&good).unwrap();
    let again = serde_json::to_value(&r).unwrap();
    assert_eq!(again, response(&c, minimal()));
}

#[test]
fn a_key_given_twice_anywhere_is_refused_and_named() {
    let c = survey();
    let compact = serde_json::to_string(&response(&c, minimal())).unwrap();
    assert!(response::parse(&compact).is_ok());
    // (name, the text, the field named)
    let rows: &[(&str, String, &str)] = &[
        (
            "consent twice, the refusal first",
            compact.replacen(
                "\"consent\":\"publish-in-full\"",
                "\"consent\":\"do-not-publish\",\"consent\":\"publish-in-full\"",
                1,
            ),
            "answers.consent",
        ),
        (
            "consent twice, the same value",
            compact.replacen(
                "\"consent\":\"publish-in-full\"",
                "\"consent\":\"publish-in-full\",\"consent\":\"publish-in-full\"",
                1,
            ),
            "answers.consent",
        ),
        (
            "consent twice, one escaped",
            compact.replacen(
                "\"consent\":\"publish-in-full\"",
                "\"consent\":\"do-not-publish\",\"\\u0063onsent\":\"publish-in-full\"",
                1,
            ),
            "answers.consent",
        ),
        (
            "a respondent type's role twice",
            compact.replacen(
                "\"role\":\"social-worker\"",
                "\"role\":\"social-worker\",\"role\":\"police\"",
                1,
            ),
            "answers.who.role",
        ),
        (
            "an envelope field twice",
            compact.replacen(
                "\"language\":\"en\"",
                "\"language\":\"en\",\"language\":\"cy\"",
                1,
            ),
            "language",
        ),
        (
            "an unknown key twice",
            compact.replacen("\"language\"", "\"x\":1,\"x\":2,\"language\"", 1),
            "x",
        ),
        (
            "answers twice",
            compact.replacen("\"answers\":", "\"answers\":{},\"answers\":", 1),
            "answers",
        ),
    ];
    for (name, text, field) in rows {
        assert_ne!(text, &compact, "{name}: the row changed nothing");
        let e = response::parse(text).unwrap_err();
        assert_eq!(e.code().as_str(), "bad-response", "{name}");
        assert_eq!(e.problems().len(), 1, "{name}");
        assert_eq!(e.problems()[0].field.as_deref(), Some(*field), "{name}");
        let key = field.rsplit('.').next().unwrap();
        assert!(
            e.message().contains(&format!("“{key}” appears twice"))
                && e.message().contains("line 1"),
            "{name}: {}",
            e.message()
        );
    }
    // The same key in two different objects is no duplicate; nested ones are found.
    assert_eq!(
        duplicate_key(r#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#),
        None
    );
    let nested = duplicate_key("{\"b\": [{\"a\": 1},\n {\"c\": {\"a\": 1, \"a\": 2}}]}").unwrap();
    assert_eq!(
        (nested.path(), nested.object.as_str(), nested.line),
        ("b[1].c.a".to_owned(), "b[1].c", 2)
    );
    // Not JSON: left to the reader, which says what is wrong.
    assert_eq!(duplicate_key("{\"a\": 1,, \"a\": 2}"), None);
}

#[test]
fn e_mail_and_uuid_shapes() {
    let emails = [
        ("a@example.org", true),
        ("first.last+tag@sub.example.co.uk", true),
        ("o'brien@example.ie", true),
        ("a@b", false),
        ("@example.org", false),
        ("a@@example.org", false),
        ("a b@example.org", false),
        ("a@example..org", false),
        ("a@-example.org", false),
        ("a@example.org ", false),
        ("", false),
    ];
    for (text, ok) in emails {
        assert_eq!(is_email(text), ok, "{text}");
    }
    let long = format!("{}@example.org", "a".repeat(243));
    assert!(!is_email(&long), "255 characters");
    assert!(is_email(&long[1..]), "254 characters");
    assert!(is_uuid("00000000-0000-4000-8000-000000000000"));
    assert!(!is_uuid("00000000-0000-4000-8000-00000000000"));
    assert!(!is_uuid("00000000000040008000000000000000"));
    assert!(!is_uuid("g0000000-0000-4000-8000-000000000000"));
}

#[test]
fn a_welsh_response_to_the_bilingual_demonstration() {
    let c = deepdive::consultation::builtin("demo").unwrap();
    let r = json!({
        "consultation": "demo",
        "version": 1,
        "definitionSha256": c.hash(),
        "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "started": "2026-03-01T10:00:00Z",
        "submitted": "2026-03-01T10:05:00Z",
        "language": "cy",
        "answers": {
            "respondent": {"type": "organisation", "role": "health"},
            "organisation": "Bwrdd Iechyd",
            "clear": "strongly-agree",
            "devices": ["phone", "computer"],
            "consent": "publish-anonymously"
        }
    });
    let checked = check(c, r);
    assert!(checked.ok(), "{:?}", checked.problems);
    assert_eq!(checked.answers.count(), 5);
    assert_eq!(
        checked.answers.to_json(c)["devices"],
        json!(["computer", "phone"]),
        "choices in definition order"
    );
}
