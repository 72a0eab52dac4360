//! Consultation definitions: the validation table (every problem kind with its JSON path),
//! the built-in definitions, the definition hash, and the format's schema kept in step.

use deepdive::consultation::definition::{QuestionType, Text};
use deepdive::consultation::hash::{canonical_json, definition_hash};
use deepdive::consultation::{self, validate, Personal, State};
use serde_json::{json, Value};

const SURVEY: &str = include_str!("fixtures/consultation/survey.json");

fn survey() -> Value {
    serde_json::from_str(SURVEY).unwrap()
}

/// Every (code, field) the definition's validation reports.
fn problems(value: Value) -> Vec<(String, String)> {
    match validate::from_value(&value) {
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
    }
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the fixture"))
}

/// Sets the value at a JSON pointer, adding the last key to its object if it is missing.
fn set(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(map) => {
            map.insert(key.to_owned(), new);
        }
        Value::Array(list) => list[key.parse::<usize>().unwrap()] = new,
        _ => panic!("{parent} is not a container"),
    }
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(map) => {
            map.remove(key).unwrap();
        }
        Value::Array(list) => {
            list.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

const VIEWS: &str = "/sections/1/questions";

/// One row per problem kind: a name, a change to the valid fixture, and exactly the
/// problems expected (code and JSON path), in order.
type Row = (
    &'static str,
    fn(&mut Value),
    &'static [(&'static str, &'static str)],
);

const TABLE: &[Row] = &[
    (
        "unknown question type",
        |v| set(v, &format!("{VIEWS}/4/type"), json!("dropdown")),
        &[("unknown-question-type", "sections[1].questions[4].type")],
    ),
    (
        "duplicate question id",
        |v| set(v, &format!("{VIEWS}/3/id"), json!("notice")),
        &[("duplicate-id", "sections[1].questions[3].id")],
    ),
    (
        "duplicate question id across sections",
        |v| set(v, "/sections/2/questions/0/id", json!("who")),
        &[("duplicate-id", "sections[2].questions[0].id")],
    ),
    (
        "duplicate section id",
        |v| set(v, "/sections/2/id", json!("about")),
        &[("duplicate-id", "sections[2].id")],
    ),
    (
        "duplicate option value",
        |v| set(v, &format!("{VIEWS}/2/options/2/value"), json!("cse")),
        &[("duplicate-id", "sections[1].questions[2].options[2].value")],
    ),
    (
        "role prefer-not-to-say is built in",
        |v| {
            at(v, "/sections/0/questions/0/roles")
                .as_array_mut()
                .unwrap()
                .push(json!({"value": "prefer-not-to-say", "label": "No"}))
        },
        &[("duplicate-id", "sections[0].questions[0].roles[2].value")],
    ),
    (
        "condition on a later question",
        |v| {
            set(
                v,
                "/sections/0/questions/1/condition/question",
                json!("notice"),
            )
        },
        &[(
            "condition-on-later-question",
            "sections[0].questions[1].condition.question",
        )],
    ),
    (
        "condition on the question itself",
        |v| {
            set(
                v,
                "/sections/0/questions/1/condition/question",
                json!("org"),
            )
        },
        &[(
            "condition-on-later-question",
            "sections[0].questions[1].condition.question",
        )],
    ),
    (
        "condition on a missing question",
        |v| set(v, &format!("{VIEWS}/1/condition/question"), json!("nope")),
        &[(
            "condition-on-unknown-question",
            "sections[1].questions[1].condition.question",
        )],
    ),
    (
        "condition on a value the question does not offer",
        |v| set(v, &format!("{VIEWS}/1/condition/anyOf/1"), json!("hate")),
        &[(
            "bad-condition",
            "sections[1].questions[1].condition.anyOf[1]",
        )],
    ),
    (
        "condition equals a value not offered",
        |v| {
            set(
                v,
                "/sections/0/questions/1/condition/equals",
                json!("company"),
            )
        },
        &[("bad-condition", "sections[0].questions[1].condition.equals")],
    ),
    (
        "condition on a text question",
        |v| {
            set(
                v,
                &format!("{VIEWS}/3/condition"),
                json!({"question": "email", "equals": "x"}),
            )
        },
        &[(
            "bad-condition",
            "sections[1].questions[3].condition.question",
        )],
    ),
    (
        "condition with both equals and anyOf",
        |v| set(v, &format!("{VIEWS}/1/condition/equals"), json!("disagree")),
        &[("bad-condition", "sections[1].questions[1].condition")],
    ),
    (
        "condition with an empty anyOf",
        |v| set(v, &format!("{VIEWS}/1/condition/anyOf"), json!([])),
        &[("bad-condition", "sections[1].questions[1].condition.anyOf")],
    ),
    (
        "closing before opening",
        |v| set(v, "/closes", json!("2015-07-01T09:00")),
        &[("closes-before-opens", "closes")],
    ),
    (
        "closing when opening",
        |v| set(v, "/closes", json!("2015-07-15T09:00")),
        &[("closes-before-opens", "closes")],
    ),
    (
        "a time with a space",
        |v| set(v, "/closes", json!("2015-08-11 23:59")),
        &[("bad-time", "closes")],
    ),
    (
        "a time with seconds",
        |v| set(v, "/closes", json!("2015-08-11T23:59:00")),
        &[("bad-time", "closes")],
    ),
    (
        "a date that does not exist",
        |v| set(v, "/opens", json!("2015-02-29T09:00")),
        &[("bad-time", "opens")],
    ),
    (
        "an opening time in the skipped hour",
        |v| set(v, "/opens", json!("2015-03-29T01:30")),
        &[("local-time-skipped", "opens")],
    ),
    (
        "a year before the UK rule",
        |v| set(v, "/opens", json!("1995-07-15T09:00")),
        &[("year-out-of-range", "opens")],
    ),
    (
        "no consent question",
        |v| remove(v, "/sections/2"),
        &[("no-consent-question", "sections")],
    ),
    (
        "consent not required",
        |v| set(v, "/sections/2/questions/0/required", json!(false)),
        &[("bad-consultation", "sections[2].questions[0].required")],
    ),
    (
        "consent with a condition",
        |v| {
            set(
                v,
                "/sections/2/questions/0/condition",
                json!({"question": "pilot", "equals": "yes"}),
            )
        },
        &[("bad-consultation", "sections[2].questions[0].condition")],
    ),
    (
        "two consent questions",
        |v| {
            set(v, &format!("{VIEWS}/3/type"), json!("consent-to-publish"));
            set(v, &format!("{VIEWS}/3/required"), json!(true));
        },
        &[("bad-consultation", "sections[2].questions[0].type")],
    ),
    (
        "two respondent-type questions",
        |v| {
            set(v, &format!("{VIEWS}/4/type"), json!("respondent-type"));
            remove(v, &format!("{VIEWS}/4/options"));
        },
        &[("bad-consultation", "sections[1].questions[4].type")],
    ),
    (
        "blank title",
        |v| set(v, "/title", json!("  ")),
        &[("bad-consultation", "title")],
    ),
    (
        "blank option label",
        |v| set(v, &format!("{VIEWS}/4/options/0/label"), json!({"en": ""})),
        &[(
            "bad-consultation",
            "sections[1].questions[4].options[0].label",
        )],
    ),
    (
        "no consulting body",
        |v| set(v, "/bodies", json!([])),
        &[("bad-consultation", "bodies")],
    ),
    (
        "id not kebab-case",
        |v| set(v, "/id", json!("Survey 1")),
        &[("bad-consultation", "id")],
    ),
    (
        "question id not kebab-case",
        |v| set(v, &format!("{VIEWS}/3/id"), json!("pilot--x")),
        &[("bad-consultation", "sections[1].questions[3].id")],
    ),
    (
        "version 0",
        |v| set(v, "/version", json!(0)),
        &[("bad-consultation", "version")],
    ),
    (
        "options on an agree scale",
        |v| {
            set(
                v,
                &format!("{VIEWS}/0/options"),
                json!([{"value": "a", "label": "A"}]),
            )
        },
        &[("bad-consultation", "sections[1].questions[0].options")],
    ),
    (
        "a choice question with one option",
        |v| remove(v, &format!("{VIEWS}/4/options/1")),
        &[("bad-consultation", "sections[1].questions[4].options")],
    ),
    (
        "maxLength 0",
        |v| set(v, &format!("{VIEWS}/1/maxLength"), json!(0)),
        &[("bad-consultation", "sections[1].questions[1].maxLength")],
    ),
    (
        "maxLength on a choice question",
        |v| set(v, &format!("{VIEWS}/4/maxLength"), json!(10)),
        &[("bad-consultation", "sections[1].questions[4].maxLength")],
    ),
    (
        "maxChoices above the options",
        |v| set(v, &format!("{VIEWS}/2/maxChoices"), json!(4)),
        &[("bad-consultation", "sections[1].questions[2].maxChoices")],
    ),
    (
        "unknown kind of personal data",
        |v| set(v, "/sections/0/questions/1/personal", json!("secret")),
        &[("bad-consultation", "sections[0].questions[1].personal")],
    ),
    (
        "an e-mail question marked identifying",
        |v| set(v, "/sections/0/questions/2/personal", json!("identifying")),
        &[("bad-consultation", "sections[0].questions[2].personal")],
    ),
    (
        "roles on a choice question",
        |v| {
            set(
                v,
                &format!("{VIEWS}/4/roles"),
                json!([{"value": "a", "label": "A"}]),
            )
        },
        &[("bad-consultation", "sections[1].questions[4].roles")],
    ),
    (
        "a section with no questions",
        |v| set(v, "/sections/1/questions", json!([])),
        &[
            // The question `why` went with them, and `pilot`, `colour`: nothing names them.
            ("bad-consultation", "sections[1].questions"),
        ],
    ),
    (
        "an unknown language",
        |v| set(v, "/languages", json!(["en", "fr"])),
        &[("bad-consultation", "languages[1]")],
    ),
    (
        "languages without English",
        |v| set(v, "/languages", json!([])),
        &[("bad-consultation", "languages")],
    ),
    (
        "several problems at once, all reported in order",
        |v| {
            set(v, "/id", json!("BAD"));
            set(v, "/closes", json!("2015-07-01T09:00"));
            set(v, &format!("{VIEWS}/4/type"), json!("dropdown"));
            set(v, &format!("{VIEWS}/1/condition/question"), json!("colour"));
        },
        &[
            ("bad-consultation", "id"),
            ("closes-before-opens", "closes"),
            ("unknown-question-type", "sections[1].questions[4].type"),
            (
                "condition-on-later-question",
                "sections[1].questions[1].condition.question",
            ),
        ],
    ),
    (
        "a submission that says nowhere",
        |v| set(v, "/submission", json!({})),
        &[("bad-consultation", "submission")],
    ),
    (
        "a submission e-mail address that is not one",
        |v| {
            set(
                v,
                "/submission",
                json!({"email": "consultation at example.org"}),
            )
        },
        &[("bad-consultation", "submission.email")],
    ),
    (
        "a submission web address that is not https",
        |v| {
            set(
                v,
                "/submission",
                json!({"url": "http://example.org/upload"}),
            )
        },
        &[("bad-consultation", "submission.url")],
    ),
    (
        "a submission web address without a host",
        |v| set(v, "/submission", json!({"url": "https:///upload"})),
        &[("bad-consultation", "submission.url")],
    ),
    (
        "a blank postal address",
        |v| set(v, "/submission", json!({"postal": " "})),
        &[("bad-consultation", "submission.postal")],
    ),
    (
        "a submission with a field the format does not know",
        |v| set(v, "/submission", json!({"fax": "0123"})),
        &[("bad-consultation", "")],
    ),
];

#[test]
fn the_fixture_is_valid() {
    assert_eq!(problems(survey()), Vec::<(String, String)>::new());
}

#[test]
fn definition_validation_table() {
    let mut failures = Vec::new();
    for (name, change, expected) in TABLE {
        let mut v = survey();
        change(&mut v);
        let got = problems(v);
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

#[test]
fn welsh_is_required_everywhere_once_offered() {
    let mut v = survey();
    set(&mut v, "/languages", json!(["en", "cy"]));
    let got = problems(v);
    assert!(got.iter().all(|(code, _)| code == "bad-consultation"));
    let fields: Vec<&str> = got.iter().map(|(_, f)| f.as_str()).collect();
    for field in [
        "title",
        "summary",
        "bodies[0]",
        "sections[0].title",
        "sections[0].questions[0].text",
        "sections[0].questions[0].roles[1].label",
        "sections[1].questions[4].options[0].label",
    ] {
        assert!(fields.contains(&field), "{field} not in {fields:?}");
    }
    // The demonstration offers Welsh and has it everywhere.
    let demo = consultation::builtin("demo").unwrap();
    assert_eq!(demo.languages().len(), 2);
}

#[test]
fn shape_errors_are_one_problem_with_line_and_column() {
    let rows: &[(&str, &str, &str)] = &[
        ("not JSON", "{\"id\": ", "line 1"),
        (
            "unknown field",
            "{\n  \"id\": \"x\",\n  \"colour\": 1\n}",
            "line 3",
        ),
        (
            "a number where text belongs",
            &SURVEY.replacen("\"A survey for the tests\"", "7", 1),
            "line 4",
        ),
        (
            "a Text object with another language",
            &SURVEY.replacen(
                "\"A survey for the tests\"",
                "{\"en\": \"A\", \"fr\": \"B\"}",
                1,
            ),
            "line 4",
        ),
    ];
    for (name, text, line) in rows {
        let e = validate::parse(text).unwrap_err();
        assert_eq!(e.problems().len(), 1, "{name}");
        assert_eq!(e.code().as_str(), "bad-consultation", "{name}");
        assert!(e.message().contains(line), "{name}: {}", e.message());
    }
}

#[test]
fn a_valid_definition_is_resolved() {
    let c = validate::parse(SURVEY).unwrap();
    assert_eq!(c.id(), "survey");
    assert_eq!(c.version(), 2);
    assert_eq!(c.questions().len(), 9);
    let ids: Vec<&str> = c.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        ["who", "org", "email", "notice", "why", "themes", "pilot", "colour", "consent"]
    );
    let q = |id| &c.questions()[c.index_of(id).unwrap()];
    assert_eq!(q("notice").choices.len(), 5);
    assert_eq!(q("pilot").choices.len(), 2);
    assert_eq!(q("consent").choices.len(), 3);
    assert_eq!(q("who").choices.len(), 3);
    assert_eq!(q("who").roles.len(), 3, "two roles and prefer-not-to-say");
    assert_eq!(q("who").roles[2].value, "prefer-not-to-say");
    assert_eq!(q("why").max_length, 20);
    assert_eq!(q("org").max_length, 250, "the default for short text");
    assert_eq!(q("themes").max_choices, 2);
    assert_eq!(q("email").personal, Personal::Contact);
    assert_eq!(q("org").personal, Personal::Identifying);
    let why = q("why").shown.as_ref().unwrap();
    assert_eq!(why.question, c.index_of("notice").unwrap());
    assert_eq!(why.when, [false, false, false, true, true]);
    assert_eq!(c.consent_question(), 8);
    assert_eq!(c.respondent_question(), Some(0));
    assert_eq!(c.question(4).unwrap().text.en(), "Why do you disagree?");
}

#[test]
fn a_submission_with_every_way_is_valid_and_kept() {
    let mut v = survey();
    let ways = json!({
        "email": "consultation@example.org",
        "postal": "Consultation team\nPiccadilly Gate\nManchester M1 2WD",
        "url": "https://example.org/consultations/upload?form=1"
    });
    set(&mut v, "/submission", ways.clone());
    let c = validate::from_value(&v).unwrap();
    assert_eq!(
        serde_json::to_value(c.definition()).unwrap()["submission"],
        ways
    );
    for (email, url) in [
        ("a@b.co", "https://b.co"),
        ("x.y+z@gov.uk", "https://gov.uk:443/a#b"),
    ] {
        set(&mut v, "/submission", json!({"email": email, "url": url}));
        assert!(validate::from_value(&v).is_ok(), "{email} {url}");
    }
}

#[test]
fn the_form_json_fills_in_what_the_format_decides() {
    let c = validate::parse(SURVEY).unwrap();
    let form = c.form_json();
    let question = |id: &str| -> Value {
        form["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["questions"].as_array().unwrap().iter())
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    let values = |q: &Value, key: &str| -> Vec<String> {
        q[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap().to_owned())
            .collect()
    };
    // Fixed options, with labels in both languages, exactly as the core checks them.
    let notice = question("notice");
    assert_eq!(
        values(&notice, "options"),
        [
            "strongly-agree",
            "agree",
            "neither",
            "disagree",
            "strongly-disagree"
        ]
    );
    assert_eq!(
        notice["options"][0]["label"],
        json!({"en": "Strongly agree", "cy": "Cytuno’n gryf"})
    );
    assert_eq!(values(&question("pilot"), "options"), ["yes", "no"]);
    assert_eq!(
        values(&question("consent"), "options"),
        ["publish-in-full", "publish-anonymously", "do-not-publish"]
    );
    let who = question("who");
    assert_eq!(
        values(&who, "options"),
        ["individual", "organisation", "prefer-not-to-say"]
    );
    assert_eq!(values(&who, "roles").last().unwrap(), "prefer-not-to-say");
    // Limits: the author's, or the format's defaults.
    assert_eq!(question("why")["maxLength"], 20);
    assert_eq!(question("org")["maxLength"], 250);
    assert_eq!(question("email")["maxLength"], 254);
    assert_eq!(question("themes")["maxChoices"], 2);
    // The rest is the author's text as written.
    assert_eq!(form["title"], survey()["title"]);
    assert!(form["sections"][0]["questions"][0]
        .get("condition")
        .is_none());
}

#[test]
fn built_in_consultations_load_with_their_dates() {
    let ids: Vec<&str> = consultation::builtins()
        .unwrap()
        .iter()
        .map(|c| c.id())
        .collect();
    assert_eq!(ids, ["demo", "jtai-2015", "macp-2012", "lac-2012"]);
    // (id, opens in UTC, closes in UTC): every close is 23:59 BST, so 22:59 UTC.
    let rows = [
        ("jtai-2015", "2015-07-15 08:00:00", "2015-08-11 22:59:00"),
        ("macp-2012", "2012-07-10 08:00:00", "2012-10-02 22:59:00"),
        ("lac-2012", "2012-07-10 08:00:00", "2012-09-18 22:59:00"),
        ("demo", "2026-01-01 09:00:00", "2099-12-31 23:59:00"),
    ];
    for (id, opens, closes) in rows {
        let c = consultation::builtin(id).unwrap();
        assert_eq!(c.opens().utc().to_string(), opens, "{id}");
        assert_eq!(c.closes().utc().to_string(), closes, "{id}");
        assert!(c.respondent_question().is_some(), "{id}");
        assert!(
            !c.definition().notes.is_empty(),
            "{id} says where it comes from"
        );
        let status = consultation::status(c, "2026-06-01T12:00:00Z").unwrap();
        let want = if id == "demo" {
            State::Open
        } else {
            State::Closed
        };
        assert_eq!(status.state, want, "{id}");
    }
    assert_eq!(
        consultation::builtin("nope").unwrap_err().code().as_str(),
        "unknown-consultation"
    );
}

#[test]
fn built_ins_put_the_seeds_proposals_to_respondents() {
    let text = |id: &str| consultation::builtin_text(id).unwrap();
    let jtai = text("jtai-2015");
    for phrase in [
        "eight days’ notice",
        "jointly audit",
        "five days",
        "Monday to Friday",
        "child sexual exploitation",
        "missing from home, school or care",
        "female genital mutilation",
        "narrative judgement rather than a grade",
    ] {
        assert!(jtai.contains(phrase), "jtai-2015 lacks “{phrase}”");
    }
    let macp = text("macp-2012");
    for phrase in [
        "unannounced",
        "two-week period",
        "mother and baby unit",
        "Early identification and early help",
        "leadership, governance and partnerships",
        "three-year programme",
    ] {
        assert!(macp.contains(phrase), "macp-2012 lacks “{phrase}”");
    }
    let lac = text("lac-2012");
    for phrase in [
        "two-week period",
        "out-of-area",
        "adoption performance",
        "four-year programme",
        "care leavers",
    ] {
        assert!(lac.contains(phrase), "lac-2012 lacks “{phrase}”");
    }
    // Every built-in asks per proposal on the five-point scale, with a comment box.
    for c in consultation::builtins().unwrap() {
        let scales = c
            .questions()
            .iter()
            .filter(|q| q.kind == QuestionType::AgreeScale)
            .count();
        assert!(scales >= 1, "{}", c.id());
        if c.id() != "demo" {
            for (i, q) in c.questions().iter().enumerate() {
                if q.kind == QuestionType::AgreeScale {
                    let next = &c.questions()[i + 1];
                    assert_eq!(next.id, format!("{}-comment", q.id), "{}", c.id());
                    assert_eq!(next.kind, QuestionType::LongText);
                }
            }
        }
    }
}

#[test]
fn definitions_round_trip_through_serde() {
    for (id, text) in consultation::BUILTINS {
        let c = validate::parse(text).unwrap();
        let again = serde_json::to_string(c.definition()).unwrap();
        let back = validate::parse(&again).unwrap();
        assert_eq!(back.definition(), c.definition(), "{id}");
    }
}

#[test]
fn the_hash_ignores_layout_and_key_order_but_not_content() {
    let c = validate::parse(SURVEY).unwrap();
    let v = survey();
    assert_eq!(c.hash(), definition_hash(&v));
    // Compact and pretty forms hash alike.
    let compact = serde_json::to_string(&v).unwrap();
    assert_eq!(validate::parse(&compact).unwrap().hash(), c.hash());
    // Keys in another order: rewrite the text with the top-level keys reversed.
    let map = v.as_object().unwrap();
    let reversed: Vec<String> = map
        .iter()
        .rev()
        .map(|(k, x)| format!("{}:{}", json!(k), x))
        .collect();
    let reordered = format!("{{{}}}", reversed.join(",\n  "));
    assert_eq!(validate::parse(&reordered).unwrap().hash(), c.hash());
    // A change of content changes it, even a default written out.
    let mut w = survey();
    set(&mut w, &format!("{VIEWS}/3/required"), json!(false));
    assert_ne!(definition_hash(&w), c.hash());
    // The canonical form is what JSON.stringify writes with sorted keys.
    let sample: Value =
        serde_json::from_str(r#"{"b":"tab\there \u0001 é \"q\" \\","a":[2,{"z":1,"y":null}]}"#)
            .unwrap();
    assert_eq!(
        canonical_json(&sample),
        r#"{"a":[2,{"y":null,"z":1}],"b":"tab\there \u0001 é \"q\" \\"}"#
    );
}

#[test]
fn built_in_hashes_are_recorded() {
    // Golden values, computed independently with Python's
    // `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` and SHA-256.
    // A change here means responses to the old text are refused: bump the version when the
    // text of a published consultation changes.
    let rows = [
        (
            "demo",
            "fcd4d9bd8540f90f6e7e5a6b016d94361816b2eb1bab574b18efb81dec3cbcf8",
        ),
        (
            "jtai-2015",
            "c6c4fec3e6464d8ba9aef3f6c1ae008ca7423072e6f584a1df036e5153f0340c",
        ),
        (
            "macp-2012",
            "6c0e587d74ed1e5170370c61fc3ab6fd9bc496c96b0224cdb65eaea47f308065",
        ),
        (
            "lac-2012",
            "1cc80ba91856f86b0cf9fc95fd328174dbf1219e1f42a926a9b6887de56cad09",
        ),
    ];
    for (id, hash) in rows {
        let c = consultation::builtin(id).unwrap();
        assert_eq!(c.hash(), hash, "{id}");
    }
}

#[test]
fn the_schema_lists_what_the_code_knows() {
    let schema: Value =
        serde_json::from_str(include_str!("../docs/consultation.schema.json")).unwrap();
    let types: Vec<&str> = schema
        .pointer("/$defs/question/properties/type/enum")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let known: Vec<&str> = QuestionType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(types, known);
    // Every field a definition can have is a property of the schema, and back.
    let props = |pointer: &str| -> Vec<String> {
        let mut v: Vec<String> = schema
            .pointer(pointer)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    };
    let demo = consultation::builtin("demo").unwrap();
    let mut full = serde_json::to_value(demo.definition()).unwrap();
    full["notes"] = json!([]);
    full["submission"] = json!({});
    let mut top: Vec<String> = full.as_object().unwrap().keys().cloned().collect();
    top.sort();
    assert_eq!(props("/properties"), top);
    let question = json!({
        "id": "", "type": "", "text": "", "help": "", "required": true, "options": [],
        "roles": [], "maxLength": 1, "maxChoices": 1, "personal": "", "condition": {}
    });
    let mut fields: Vec<String> = question.as_object().unwrap().keys().cloned().collect();
    fields.sort();
    assert_eq!(props("/$defs/question/properties"), fields);
    // And the question object above is exactly the serde type's fields.
    let q: Result<deepdive::consultation::definition::Question, _> =
        serde_json::from_value(json!({
            "id": "a", "type": "b", "text": "c", "help": "d", "required": true,
            "options": [], "roles": [], "maxLength": 1, "maxChoices": 1,
            "personal": "e", "condition": {"question": "f", "equals": "g"}
        }));
    assert!(q.is_ok());
    assert_eq!(Text::from("x").en(), "x");
}
