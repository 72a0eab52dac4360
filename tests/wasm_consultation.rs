//! The consultation functions of the JavaScript API in headless Chromium: built-ins,
//! definition and response checks, status around the close, and the team's summary.
#![cfg(target_arch = "wasm32")]

use deepdive::wasm as dd;
use js_sys::{Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn j(value: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

fn js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn code(result: Result<impl std::fmt::Debug, JsValue>) -> String {
    let e = result.expect_err("expected an error");
    let err: &js_sys::Error = e.unchecked_ref();
    assert_eq!(String::from(err.name()), "DeepDiveError");
    Reflect::get(&e, &s("code")).unwrap().as_string().unwrap()
}

fn demo() -> JsValue {
    dd::consultation_definition(s("demo")).unwrap()
}

fn hash(definition: &JsValue) -> String {
    let v = j(&dd::validate_consultation(definition.clone()).unwrap());
    v["definitionSha256"].as_str().unwrap().to_owned()
}

fn response(id: &str, answers: Value) -> Value {
    json!({
        "consultation": "demo",
        "version": 1,
        "definitionSha256": hash(&demo()),
        "id": id,
        "started": "2026-11-25T10:00:00+00:00",
        "submitted": "2026-11-25T10:05:00+00:00",
        "language": "en",
        "answers": answers
    })
}

#[wasm_bindgen_test]
fn built_in_consultations() {
    let list = j(&dd::consultations().unwrap());
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["demo", "jtai-2015", "macp-2012", "lac-2012"]);
    assert_eq!(list[1]["closes"], "2015-08-11T23:59:00+01:00");
    assert_eq!(j(&demo())["id"], "demo");
    assert_eq!(
        code(dd::consultation_definition(s("nope"))),
        "unknown-consultation"
    );
}

#[wasm_bindgen_test]
fn validating_definitions() {
    let ok = j(&dd::validate_consultation(demo()).unwrap());
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["problems"], json!([]));
    assert_eq!(ok["definitionSha256"].as_str().unwrap().len(), 64);
    // The same definition as text gives the same hash.
    let text = JSON::stringify(&demo()).unwrap();
    assert_eq!(
        j(&dd::validate_consultation(text.into()).unwrap())["definitionSha256"],
        ok["definitionSha256"]
    );

    let mut broken = j(&demo());
    broken["closes"] = json!("2025-01-01T09:00");
    broken["sections"][0]["questions"][0]["type"] = json!("essay");
    let bad = j(&dd::validate_consultation(js(&broken)).unwrap());
    assert_eq!(bad["ok"], false);
    let problems: Vec<(String, String)> = bad["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().into(),
                p["field"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(
        problems.contains(&("closes-before-opens".into(), "closes".into())),
        "{problems:?}"
    );
    assert!(
        problems.contains(&(
            "unknown-question-type".into(),
            "sections[0].questions[0].type".into()
        )),
        "{problems:?}"
    );
    let not_json = j(&dd::validate_consultation(s("{\"id\": ")).unwrap());
    assert_eq!(not_json["ok"], false);
    assert_eq!(
        code(dd::validate_consultation(JsValue::from_f64(3.0))),
        "bad-argument"
    );
}

#[wasm_bindgen_test]
fn status_either_side_of_the_jtai_close() {
    let jtai = dd::consultation_definition(s("jtai-2015")).unwrap();
    let at = |now: &str| j(&dd::consultation_status(jtai.clone(), s(now)).unwrap());
    assert_eq!(at("2015-08-11T22:59:59Z")["state"], "open");
    assert_eq!(at("2015-08-11T23:00:00Z")["state"], "closed");
    assert_eq!(at("2015-07-01T12:00:00+01:00")["state"], "not-open");
    let open = at("2015-08-01T12:00:00Z");
    assert_eq!(open["closes"], "2015-08-11T23:59:00+01:00");
    assert_eq!(
        open["closesText"]["en"],
        "11:59pm on Tuesday 11 August 2015 (BST)"
    );
    assert_eq!(
        code(dd::consultation_status(jtai, s("yesterday"))),
        "bad-time"
    );
}

#[wasm_bindgen_test]
fn validating_responses() {
    let good = response(
        "3f1c2a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c",
        json!({
            "respondent": {"type": "individual", "role": "health"},
            "clear": "agree",
            "unclear": "hidden, so dropped",
            "devices": ["phone"],
            "consent": "publish-anonymously"
        }),
    );
    let v = j(&dd::validate_response(demo(), js(&good)).unwrap());
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["dropped"], json!(["unclear"]));
    assert!(v["answers"].get("unclear").is_none());
    assert_eq!(v["answers"]["clear"], "agree");

    let bad = response(
        "3f1c2a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0d",
        json!({"clear": "maybe", "email": "not an email"}),
    );
    let v = j(&dd::validate_response(demo(), js(&bad)).unwrap());
    assert_eq!(v["ok"], false);
    let fields: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for field in [
        "answers.respondent",
        "answers.email",
        "answers.clear",
        "answers.consent",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[wasm_bindgen_test]
fn summarising_and_exporting() {
    let answers = |kind: &str, clear: &str, consent: &str| json!({"respondent": {"type": kind, "role": "police"}, "clear": clear, "consent": consent});
    let files = json!([
        {"name": "a.json", "text": response("00000000-0000-4000-8000-000000000001", answers("individual", "agree", "publish-in-full")).to_string()},
        {"name": "b.json", "text": response("00000000-0000-4000-8000-000000000002", answers("organisation", "agree", "do-not-publish")).to_string()},
        response("00000000-0000-4000-8000-000000000003", answers("individual", "disagree", "publish-anonymously")).to_string(),
        {"name": "dup.json", "text": response("00000000-0000-4000-8000-000000000003", answers("individual", "agree", "publish-in-full")).to_string()},
        {"name": "junk.json", "text": "{not json"}
    ]);
    let summary = j(&dd::summarise_responses(demo(), js(&files), JsValue::UNDEFINED).unwrap());
    assert_eq!(summary["total"], 5);
    assert_eq!(summary["accepted"], 3);
    let rejected: Vec<&str> = summary["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(rejected, ["dup.json", "junk.json"]);
    let clear = summary["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "clear")
        .unwrap();
    let agree = clear["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["value"] == "agree")
        .unwrap();
    assert_eq!(agree["count"], 2);
    let csv = dd::responses_csv(demo(), js(&files), JsValue::UNDEFINED).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(
        csv.trim_end().lines().count(),
        4,
        "a header and three responses"
    );
    let publication = dd::publication_csv(demo(), js(&files), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        publication.trim_end().lines().count(),
        3,
        "a header and the two who consented"
    );
    // Headed by the questions' wording by default; by their ids when asked.
    assert!(
        csv.starts_with("\u{feff}Response ID,Submitted,Started,Language,Late,Are you responding"),
        "{csv}"
    );
    let codes = dd::responses_csv(demo(), js(&files), js(&json!({"headings": "codes"}))).unwrap();
    assert!(codes.starts_with(
        "\u{feff}response-id,submitted,started,language,late,respondent,respondent.role,"
    ));
    assert!(publication.starts_with("\u{feff}Response,Are you responding"));
    let codes = dd::publication_csv(
        demo(),
        js(&files),
        js(&json!({"headings": "codes", "includeLate": true})),
    )
    .unwrap();
    assert!(codes.starts_with("\u{feff}response,respondent,"));
    for options in [
        json!({"headings": "ids"}),
        json!({"headings": true}),
        json!({"heading": "codes"}),
    ] {
        assert_eq!(
            code(dd::responses_csv(demo(), js(&files), js(&options))),
            "bad-argument",
            "{options}"
        );
    }
    assert_eq!(
        code(dd::summarise_responses(
            demo(),
            js(&files),
            js(&json!({"headings": "codes"}))
        )),
        "bad-argument",
        "the summary has no headings"
    );
    assert_eq!(
        code(dd::summarise_responses(
            demo(),
            s("a.json"),
            JsValue::UNDEFINED
        )),
        "bad-argument"
    );
    assert_eq!(
        code(dd::summarise_responses(
            demo(),
            js(&json!([])),
            js(&json!({"late": true}))
        )),
        "bad-argument"
    );
}

#[wasm_bindgen_test]
fn responses_per_call_are_capped_before_they_are_read() {
    let over = js_sys::Array::new_with_length(dd::MAX_RESPONSES + 1);
    let started = js_sys::Date::now();
    let e = dd::summarise_responses(demo(), over.into(), JsValue::UNDEFINED).unwrap_err();
    assert!(js_sys::Date::now() - started < 2000.0, "answers at once");
    assert_eq!(
        Reflect::get(&e, &s("code")).unwrap().as_string().unwrap(),
        "bad-argument"
    );
    let problems = j(&Reflect::get(&e, &s("problems")).unwrap());
    assert_eq!(problems[0]["field"], json!("responses"));
    let over = js_sys::Array::new_with_length(dd::MAX_RESPONSES + 1);
    assert_eq!(
        code(dd::responses_csv(demo(), over.into(), JsValue::UNDEFINED)),
        "bad-argument"
    );
}

#[wasm_bindgen_test]
fn definitions_given_as_objects_are_read_from_own_properties() {
    let text = dd::consultation_definition(s("demo")).unwrap();
    let clean = j(&dd::validate_consultation(text.clone()).unwrap());
    assert_eq!(clean["ok"], json!(true));
    let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new());
    let replace = js_sys::Function::new_no_args("return {}");
    Reflect::set(&prototype, &s("toJSON"), &replace).unwrap();
    Reflect::set(&prototype, &s("title"), &s("polluted")).unwrap();
    let got = dd::validate_consultation(text).map(|v| Reflect::get(&v, &s("definitionSha256")));
    // Cleaned before anything is asserted: a failure aborts, and would leave it polluted.
    Reflect::delete_property(&prototype, &s("toJSON")).unwrap();
    Reflect::delete_property(&prototype, &s("title")).unwrap();
    let hash = got.unwrap().unwrap().as_string();
    assert_eq!(hash.as_deref(), clean["definitionSha256"].as_str());
}
