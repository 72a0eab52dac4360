//! The team's analysis against hand-counted fixtures: counts and percentages per option,
//! split by respondent type; rejected, duplicate, late and early responses accounted for;
//! the CSV exports (BOM, definition order, 0/1 columns, formula injection neutralised,
//! consent honoured); the summary as JSON; and 10,000 responses in well under 2 seconds.

use deepdive::consultation::export::{publication_csv, responses_csv, Headings};
use deepdive::consultation::summary::{Count, Group, QuestionResult};
use deepdive::consultation::{summarise, validate, Consultation, Incoming, Options, Summary};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Value};

const SURVEY: &str = include_str!("fixtures/consultation/survey.json");

fn survey() -> Consultation {
    validate::parse(SURVEY).unwrap()
}

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn response(c: &Consultation, n: u64, submitted: &str, answers: Value) -> Value {
    json!({
        "consultation": "survey",
        "version": 2,
        "definitionSha256": c.hash(),
        "id": uuid(n),
        "started": "2015-07-20T09:00:00+01:00",
        "submitted": submitted,
        "language": "en",
        "answers": answers,
    })
}

const ON_TIME: &str = "2015-08-01T10:00:00+01:00";

/// Fifteen response files, hand-counted below: r1–r7 accepted, r8 late, r9–r15 rejected.
fn fixture(c: &Consultation) -> Vec<Incoming> {
    let file = |n: u64, v: Value| Incoming::from_text(format!("r{n}.json"), &v.to_string());
    let ok = |n: u64, answers: Value| file(n, response(c, n, ON_TIME, answers));
    vec![
        ok(
            1,
            json!({"who": {"type": "individual", "role": "social-worker"}, "email": "a@example.org",
                   "notice": "strongly-agree", "themes": ["cse"], "pilot": "yes", "consent": "publish-in-full"}),
        ),
        ok(
            2,
            json!({"who": {"type": "individual", "role": "police"}, "notice": "agree",
                   "themes": ["cse", "missing"], "pilot": "no", "consent": "publish-anonymously"}),
        ),
        ok(
            3,
            json!({"who": {"type": "organisation", "role": "police"}, "org": "=HYPERLINK(\"x\")",
                   "notice": "disagree", "why": "Too short, really", "themes": ["missing"],
                   "consent": "publish-in-full"}),
        ),
        ok(
            4,
            json!({"who": {"type": "organisation", "role": "social-worker"}, "org": "Acme, Ltd",
                   "notice": "strongly-disagree", "why": "-1 days", "colour": "red",
                   "consent": "publish-anonymously"}),
        ),
        ok(
            5,
            json!({"who": {"type": "prefer-not-to-say"}, "notice": "neither",
                   "themes": ["neglect", "cse"], "colour": "blue", "consent": "do-not-publish"}),
        ),
        // The last second before the close, and an answer to a hidden question (dropped).
        file(
            6,
            response(
                c,
                6,
                "2015-08-11T23:59:59+01:00",
                json!({"who": {"type": "individual", "role": "prefer-not-to-say"}, "notice": "agree",
                       "why": "hidden", "consent": "publish-in-full"}),
            ),
        ),
        ok(
            7,
            json!({"notice": "agree", "pilot": "yes", "consent": "publish-anonymously"}),
        ),
        // Late: midnight BST.
        file(
            8,
            response(
                c,
                8,
                "2015-08-12T00:00:00+01:00",
                json!({"who": {"type": "individual", "role": "social-worker"},
                       "notice": "strongly-agree", "consent": "publish-in-full"}),
            ),
        ),
        // The same id as r2.
        file(
            9,
            response(
                c,
                2,
                ON_TIME,
                json!({"notice": "agree", "consent": "publish-in-full"}),
            ),
        ),
        file(10, {
            let mut v = response(
                c,
                10,
                ON_TIME,
                json!({"notice": "agree", "consent": "publish-in-full"}),
            );
            v["version"] = json!(1);
            v
        }),
        ok(11, json!({"notice": "meh", "consent": "publish-in-full"})),
        Incoming::from_text("r12.json", "{not json"),
        file(13, {
            let mut v = response(
                c,
                13,
                ON_TIME,
                json!({"notice": "agree", "consent": "publish-in-full"}),
            );
            v["preview"] = json!(true);
            v
        }),
        // Submitted a minute before the consultation opened (09:00 BST).
        file(14, {
            let mut v = response(
                c,
                14,
                "2015-07-15T07:59:00Z",
                json!({"notice": "agree", "consent": "publish-in-full"}),
            );
            v["started"] = json!("2015-07-15T07:50:00Z");
            v
        }),
        file(15, {
            let mut v = response(
                c,
                15,
                ON_TIME,
                json!({"notice": "agree", "consent": "publish-in-full"}),
            );
            v["consultation"] = json!("jtai-2015");
            v
        }),
    ]
}

fn q<'a>(s: &'a Summary, id: &str) -> &'a QuestionResult {
    s.questions.iter().find(|q| q.id == id).unwrap()
}

/// (value, count, percent, [(count, percent) by group: individual, organisation,
/// prefer not to say, not answered]).
type Expected = (&'static str, usize, f64, [(usize, f64); 4]);

fn assert_options(s: &Summary, id: &str, roles: bool, want: &[Expected]) {
    let r = q(s, id);
    let list = if roles { &r.roles } else { &r.options };
    assert_eq!(list.len(), want.len(), "{id}");
    for (o, (value, count, percent, by)) in list.iter().zip(want) {
        assert_eq!(o.value, *value, "{id}");
        assert_eq!(
            o.all,
            Count {
                count: *count,
                percent: *percent
            },
            "{id} {value}"
        );
        let by_group: Vec<(usize, f64)> = o.by_group.iter().map(|c| (c.count, c.percent)).collect();
        assert_eq!(by_group, by, "{id} {value} by respondent type");
    }
}

const Z: (usize, f64) = (0, 0.0);

#[test]
fn responses_are_accounted_for() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    assert_eq!(s.total, 15);
    assert_eq!(s.accepted, 7);
    assert_eq!(s.counted(), 7);
    let late: Vec<(&str, &str)> = s
        .late
        .iter()
        .map(|l| (l.name.as_str(), l.submitted.as_str()))
        .collect();
    assert_eq!(late, [("r8.json", "2015-08-12T00:00:00+01:00")]);
    let rejected: Vec<(&str, Vec<&str>)> = s
        .rejected
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.problems.iter().map(|p| p.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            ("r9.json", vec!["duplicate-response"]),
            ("r10.json", vec!["wrong-version"]),
            ("r11.json", vec!["unknown-choice"]),
            ("r12.json", vec!["bad-response"]),
            ("r13.json", vec!["preview-response"]),
            ("r14.json", vec!["submitted-before-open"]),
            ("r15.json", vec!["wrong-consultation"]),
        ]
    );
    let dup = &s.rejected[0];
    assert_eq!(dup.index, 8);
    assert_eq!(dup.id.as_deref(), Some(uuid(2).as_str()));
    assert!(
        dup.problems[0].message.contains("r2.json"),
        "{}",
        dup.problems[0].message
    );
    assert_eq!(s.rejected[3].id, None, "an unreadable file has no id");
    assert_eq!(s.groups, [3, 2, 1, 1]);
}

#[test]
fn counts_and_percentages_split_by_respondent_type() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    let notice = q(&s, "notice");
    assert_eq!((notice.shown, notice.answered), (7, 7));
    assert_eq!(notice.answered_by_group, [3, 2, 1, 1]);
    assert_options(
        &s,
        "notice",
        false,
        &[
            ("strongly-agree", 1, 14.3, [(1, 33.3), Z, Z, Z]),
            ("agree", 3, 42.9, [(2, 66.7), Z, Z, (1, 100.0)]),
            ("neither", 1, 14.3, [Z, Z, (1, 100.0), Z]),
            ("disagree", 1, 14.3, [Z, (1, 50.0), Z, Z]),
            ("strongly-disagree", 1, 14.3, [Z, (1, 50.0), Z, Z]),
        ],
    );
    let themes = q(&s, "themes");
    assert_eq!((themes.shown, themes.answered), (7, 4));
    assert_options(
        &s,
        "themes",
        false,
        &[
            ("cse", 3, 75.0, [(2, 100.0), Z, (1, 100.0), Z]),
            ("missing", 2, 50.0, [(1, 50.0), (1, 100.0), Z, Z]),
            ("neglect", 1, 25.0, [Z, Z, (1, 100.0), Z]),
        ],
    );
    assert_options(
        &s,
        "pilot",
        false,
        &[
            ("yes", 2, 66.7, [(1, 50.0), Z, Z, (1, 100.0)]),
            ("no", 1, 33.3, [(1, 50.0), Z, Z, Z]),
        ],
    );
    assert_options(
        &s,
        "colour",
        false,
        &[
            ("red", 1, 50.0, [Z, (1, 100.0), Z, Z]),
            ("blue", 1, 50.0, [Z, Z, (1, 100.0), Z]),
        ],
    );
    let who = q(&s, "who");
    assert_eq!((who.shown, who.answered), (7, 6));
    assert_options(
        &s,
        "who",
        false,
        &[
            ("individual", 3, 50.0, [(3, 100.0), Z, Z, Z]),
            ("organisation", 2, 33.3, [Z, (2, 100.0), Z, Z]),
            ("prefer-not-to-say", 1, 16.7, [Z, Z, (1, 100.0), Z]),
        ],
    );
    assert_options(
        &s,
        "who",
        true,
        &[
            ("social-worker", 2, 33.3, [(1, 33.3), (1, 50.0), Z, Z]),
            ("police", 2, 33.3, [(1, 33.3), (1, 50.0), Z, Z]),
            ("prefer-not-to-say", 1, 16.7, [(1, 33.3), Z, Z, Z]),
        ],
    );
    assert_options(
        &s,
        "consent",
        false,
        &[
            ("publish-in-full", 3, 42.9, [(2, 66.7), (1, 50.0), Z, Z]),
            (
                "publish-anonymously",
                3,
                42.9,
                [(1, 33.3), (1, 50.0), Z, (1, 100.0)],
            ),
            ("do-not-publish", 1, 14.3, [Z, Z, (1, 100.0), Z]),
        ],
    );
}

#[test]
fn free_text_is_listed_with_consent_and_contact_details_are_not() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    let why = q(&s, "why");
    assert_eq!(
        (why.shown, why.answered),
        (2, 2),
        "r6's hidden answer is not counted"
    );
    let texts: Vec<(&str, Group, Option<usize>)> = why
        .texts
        .iter()
        .map(|t| (t.text.as_str(), t.group, t.consent))
        .collect();
    assert_eq!(
        texts,
        [
            ("Too short, really", Group::Organisation, Some(0)),
            ("-1 days", Group::Organisation, Some(1)),
        ]
    );
    let org = q(&s, "org");
    assert_eq!((org.shown, org.answered, org.texts.len()), (2, 2, 2));
    let email = q(&s, "email");
    assert_eq!((email.shown, email.answered), (7, 1));
    assert!(
        email.texts.is_empty(),
        "e-mail addresses are contact details"
    );
}

#[test]
fn late_responses_are_counted_only_when_asked() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options { include_late: true });
    assert_eq!((s.accepted, s.counted(), s.late.len()), (7, 8, 1));
    assert!(s.rows.last().unwrap().late);
    let sa = &q(&s, "notice").options[0];
    assert_eq!((sa.value.as_str(), sa.all.count), ("strongly-agree", 2));
    assert_eq!(s.groups, [4, 2, 1, 1]);
}

fn lines(csv: &str) -> Vec<&str> {
    let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(body.ends_with("\r\n"));
    body.split_terminator("\r\n").collect()
}

#[test]
fn the_csv_of_all_responses() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    let csv = responses_csv(&c, &s, Headings::Codes);
    let rows = lines(&csv);
    assert_eq!(
        rows[0],
        "response-id,submitted,started,language,late,who,who.role,org,email,notice,why,\
         themes,themes.cse,themes.missing,themes.neglect,pilot,colour,consent"
    );
    assert_eq!(rows.len(), 1 + 7);
    let meta = format!("{},{ON_TIME},2015-07-20T09:00:00+01:00,en,0", uuid(1));
    assert_eq!(
        rows[1],
        format!("{meta},individual,social-worker,,a@example.org,strongly-agree,,cse,1,0,0,yes,,publish-in-full")
    );
    assert!(
        rows[2].ends_with(",individual,police,,,agree,,cse; missing,1,1,0,no,,publish-anonymously")
    );
    // A formula is neutralised, then quoted for its quotes.
    assert!(
        rows[3].ends_with(",organisation,police,\"'=HYPERLINK(\"\"x\"\")\",,disagree,\"Too short, really\",missing,0,1,0,,,publish-in-full"),
        "{}",
        rows[3]
    );
    assert!(rows[4].ends_with(",organisation,social-worker,\"Acme, Ltd\",,strongly-disagree,'-1 days,,,,,,red,publish-anonymously"), "{}", rows[4]);
    // Whatever the route, the same columns: r7 skipped who, and so org.
    assert!(
        rows[7].ends_with(",0,,,,,agree,,,,,,yes,,publish-anonymously"),
        "{}",
        rows[7]
    );
}

#[test]
fn the_csvs_are_headed_by_wording_and_give_labels_by_default() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    assert_eq!(Headings::default(), Headings::Wording);
    let csv = responses_csv(&c, &s, Headings::Wording);
    let rows = lines(&csv);
    assert_eq!(
        rows[0],
        "Response ID,Submitted,Started,Language,Late,Who are you?,Who are you?: role,\
         Your organisation's name,Your e-mail address,Eight days' notice is right.,\
         Why do you disagree?,Which themes?,Which themes?: Child sexual exploitation,\
         Which themes?: Missing children,Which themes?: Neglect,Were you in a pilot?,\
         Which colour?,May we publish your response?"
    );
    let meta = format!("{},{ON_TIME},2015-07-20T09:00:00+01:00,en,0", uuid(1));
    assert_eq!(
        rows[1],
        format!("{meta},As an individual,Social worker,,a@example.org,Strongly agree,,Child sexual exploitation,1,0,0,Yes,,Publish my response in full")
    );
    assert!(
        rows[2].contains(",Child sexual exploitation; Missing children,1,1,0,No,"),
        "{}",
        rows[2]
    );
    // Same rows, same cells where no code is involved: only headings and choices differ.
    let codes = responses_csv(&c, &s, Headings::Codes);
    assert_eq!(rows.len(), lines(&codes).len());
    let publication = publication_csv(&c, &s, Headings::Wording);
    let published = lines(&publication);
    assert!(published[0].starts_with(
        "Response,Who are you?,Who are you?: role,Your organisation's name,Eight days"
    ));
    assert!(!published[0].contains("e-mail"));
    assert!(
        published[4]
            .contains(",On behalf of an organisation,Social worker,,Strongly disagree,'-1 days,"),
        "{}",
        published[4]
    );
}

#[test]
fn two_questions_worded_alike_get_columns_told_apart() {
    let mut v: Value = serde_json::from_str(SURVEY).unwrap();
    let text = serde_json::to_string(&v).unwrap();
    assert!(text.contains("\"Were you in a pilot?\""));
    v = serde_json::from_str(&text.replace("\"Were you in a pilot?\"", "\"Which colour?\""))
        .unwrap();
    let c = validate::parse(&v.to_string()).unwrap();
    let s = summarise(&c, &[], Options::default());
    let csv = responses_csv(&c, &s, Headings::Wording);
    assert!(
        lines(&csv)[0].ends_with(",Which colour?,Which colour? (2),May we publish your response?"),
        "{csv}"
    );
}

#[test]
fn the_publication_honours_consent_and_leaves_out_personal_data() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    let csv = publication_csv(&c, &s, Headings::Codes);
    let rows = lines(&csv);
    assert_eq!(
        rows[0],
        "response,who,who.role,org,notice,why,themes,themes.cse,themes.missing,themes.neglect,pilot,colour,consent"
    );
    // r1, r2, r3, r4, r6, r7: r5 asked not to be published.
    assert_eq!(rows.len(), 1 + 6);
    assert_eq!(
        rows[1],
        "1,individual,social-worker,,strongly-agree,,cse,1,0,0,yes,,publish-in-full"
    );
    assert_eq!(rows[3], "3,organisation,police,\"'=HYPERLINK(\"\"x\"\")\",disagree,\"Too short, really\",missing,0,1,0,,,publish-in-full");
    // Anonymous: the organisation's name is left blank.
    assert_eq!(
        rows[4],
        "4,organisation,social-worker,,strongly-disagree,'-1 days,,,,,,red,publish-anonymously"
    );
    assert!(!csv.contains("example.org"), "no e-mail address");
    assert!(!csv.contains(&uuid(1)), "no response ids");
    assert!(!csv.contains("neither"), "r5 is not published");
}

#[test]
fn formula_injection_is_neutralised_in_every_cell() {
    let c = survey();
    let starts = [
        "=1+1",
        "+1",
        "-1+1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        " =1+1",
        "\u{a0}=1+1",
        "\u{200b}=1+1",
        "\u{feff}=1+1",
    ];
    let incoming: Vec<Incoming> = starts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let v = response(
                &c,
                i as u64 + 1,
                ON_TIME,
                json!({"who": {"type": "organisation"}, "org": "ok", "notice": "disagree",
                       "why": text, "consent": "publish-in-full"}),
            );
            Incoming::from_value(format!("f{i}"), &v)
        })
        .collect();
    let s = summarise(&c, &incoming, Options::default());
    assert_eq!(s.accepted, starts.len(), "{:?}", s.rejected);
    for csv in [
        responses_csv(&c, &s, Headings::Codes),
        publication_csv(&c, &s, Headings::Codes),
    ] {
        for text in starts {
            let plain = format!(",{text},");
            assert!(!csv.contains(&plain), "{text:?} left as it is");
            assert!(
                csv.contains(&format!("'{text}")),
                "{text:?} not neutralised"
            );
        }
    }
}

#[test]
fn a_file_with_its_consent_given_twice_is_rejected_and_never_published() {
    let c = survey();
    let v = response(
        &c,
        1,
        ON_TIME,
        json!({"who": {"type": "individual"}, "notice": "agree", "consent": "publish-in-full"}),
    );
    let text = v.to_string().replacen(
        "\"consent\":\"publish-in-full\"",
        "\"consent\":\"do-not-publish\",\"consent\":\"publish-in-full\"",
        1,
    );
    assert_ne!(text, v.to_string());
    let s = summarise(
        &c,
        &[Incoming::from_text("twice.json", &text)],
        Options::default(),
    );
    assert_eq!((s.accepted, s.rejected.len()), (0, 1));
    let problem = &s.rejected[0].problems[0];
    assert_eq!(problem.code.as_str(), "bad-response");
    assert_eq!(problem.field.as_deref(), Some("answers.consent"));
    assert_eq!(
        lines(&publication_csv(&c, &s, Headings::Codes)).len(),
        1,
        "only the header"
    );
}

#[test]
fn the_summary_as_json() {
    let c = survey();
    let s = summarise(&c, &fixture(&c), Options::default());
    let v = s.to_json(&c);
    assert_eq!(v["consultation"]["id"], "survey");
    assert_eq!(v["consultation"]["definitionSha256"], c.hash());
    assert_eq!(v["consultation"]["closes"], "2015-08-11T23:59:00+01:00");
    assert_eq!(
        (v["total"].clone(), v["accepted"].clone()),
        (json!(15), json!(7))
    );
    assert_eq!(v["late"][0]["name"], "r8.json");
    assert_eq!(v["rejected"].as_array().unwrap().len(), 7);
    assert_eq!(
        v["rejected"][0]["problems"][0]["code"],
        "duplicate-response"
    );
    assert_eq!(v["rejected"][0]["problems"][0]["field"], "id");
    assert_eq!(
        v["byRespondentType"],
        json!({"individual": 3, "organisation": 2, "prefer-not-to-say": 1, "not-answered": 1})
    );
    let notice = &v["questions"][3];
    assert_eq!(notice["id"], "notice");
    assert_eq!(notice["text"], "Eight days' notice is right.");
    assert_eq!(notice["options"][1]["label"], "Agree");
    assert_eq!(notice["options"][1]["count"], 3);
    assert_eq!(notice["options"][1]["percent"], 42.9);
    assert_eq!(
        notice["options"][1]["byRespondentType"]["individual"],
        json!({"count": 2, "percent": 66.7})
    );
    let why = &v["questions"][4];
    assert_eq!(
        why["texts"][1],
        json!({"response": uuid(4), "text": "-1 days", "respondentType": "organisation", "consent": "publish-anonymously"})
    );
    assert!(
        v["questions"][2].get("texts").is_none(),
        "e-mail is never listed"
    );
    assert_eq!(v["questions"][0]["roles"][0]["value"], "social-worker");
}

/// A random valid answer set for the survey.
fn random_answers(rng: &mut StdRng) -> Value {
    let pick = |rng: &mut StdRng, list: &[&str]| list[rng.random_range(0..list.len())].to_owned();
    let mut a = serde_json::Map::new();
    let kind = pick(
        rng,
        &["individual", "organisation", "prefer-not-to-say", "none"],
    );
    if kind != "none" {
        let role = pick(rng, &["social-worker", "police", "prefer-not-to-say"]);
        a.insert("who".into(), json!({"type": kind, "role": role}));
        if kind == "organisation" {
            a.insert(
                "org".into(),
                json!(format!("Organisation {}", rng.random_range(0..100))),
            );
        }
    }
    if rng.random_range(0..4) == 0 {
        a.insert("email".into(), json!("someone@example.org"));
    }
    let notice = pick(
        rng,
        &[
            "strongly-agree",
            "agree",
            "neither",
            "disagree",
            "strongly-disagree",
        ],
    );
    if notice.contains("disagree") {
        a.insert("why".into(), json!("Not enough time"));
    }
    a.insert("notice".into(), json!(notice));
    let themes: Vec<&str> = ["cse", "missing", "neglect"]
        .into_iter()
        .filter(|_| rng.random_range(0..3) == 0)
        .take(2)
        .collect();
    a.insert("themes".into(), json!(themes));
    a.insert("pilot".into(), json!(pick(rng, &["yes", "no"])));
    a.insert(
        "consent".into(),
        json!(pick(
            rng,
            &["publish-in-full", "publish-anonymously", "do-not-publish"]
        )),
    );
    Value::Object(a)
}

/// Laws over 10,000 random responses, and the time they take.
#[test]
fn ten_thousand_responses() {
    let c = survey();
    let mut rng = StdRng::seed_from_u64(10_000);
    let texts: Vec<(String, String)> = (0..10_000u64)
        .map(|n| {
            let answers = random_answers(&mut rng);
            // About one in fifty is late and one in a hundred a duplicate.
            let submitted = if rng.random_range(0..50) == 0 {
                "2015-08-12T09:00:00+01:00"
            } else {
                ON_TIME
            };
            let id = if n > 0 && rng.random_range(0..100) == 0 {
                n - 1
            } else {
                n
            };
            (
                format!("r{n}.json"),
                response(&c, id, submitted, answers).to_string(),
            )
        })
        .collect();
    let start = std::time::Instant::now();
    let incoming: Vec<Incoming> = texts
        .iter()
        .map(|(name, text)| Incoming::from_text(name.clone(), text))
        .collect();
    let read = start.elapsed();
    let s = summarise(&c, &incoming, Options::default());
    let elapsed = start.elapsed();
    let csv = responses_csv(&c, &s, Headings::Codes);
    let all = start.elapsed();
    println!(
        "10,000 responses: read in {} ms, checked and summarised in {} ms more, CSV in {} ms more",
        read.as_millis(),
        (elapsed - read).as_millis(),
        (all - elapsed).as_millis()
    );
    assert!(elapsed.as_secs_f64() < 2.0, "took {elapsed:?}");

    assert_eq!(s.total, 10_000);
    assert_eq!(s.accepted + s.late.len() + s.rejected.len(), s.total);
    assert!(s
        .rejected
        .iter()
        .all(|r| r.problems[0].code.as_str() == "duplicate-response"));
    assert!(!s.rejected.is_empty() && !s.late.is_empty());
    assert_eq!(s.counted(), s.accepted);
    assert_eq!(s.groups.iter().sum::<usize>(), s.counted());
    assert_eq!(lines(&csv).len(), 1 + s.counted());
    for r in &s.questions {
        assert!(r.answered <= r.shown && r.shown <= s.counted(), "{}", r.id);
        assert_eq!(
            r.answered_by_group.iter().sum::<usize>(),
            r.answered,
            "{}",
            r.id
        );
        for o in &r.options {
            assert_eq!(
                o.by_group.iter().map(|g| g.count).sum::<usize>(),
                o.all.count,
                "{}",
                r.id
            );
        }
        let single = !matches!(r.id.as_str(), "themes" | "org" | "why" | "email");
        if single {
            assert_eq!(
                r.options.iter().map(|o| o.all.count).sum::<usize>(),
                r.answered,
                "{}",
                r.id
            );
        }
    }
    // Every disagreement was asked why; nobody else was.
    let notice = q(&s, "notice");
    let disagreed = notice.options[3].all.count + notice.options[4].all.count;
    assert_eq!(q(&s, "why").shown, disagreed);
}
