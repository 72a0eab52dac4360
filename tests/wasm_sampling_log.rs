//! The boundary of replacements, tracked cases, commitments and the calendar file in
//! headless Chromium: `replaceCase`, `commitment`, `verifyReceipt`'s `commitment` option,
//! a plan's `tracked`, and `timetableIcs`, with their errors and the times the boundary
//! takes from JavaScript's clock.
#![cfg(target_arch = "wasm32")]

use deepdive::wasm as dd;
use js_sys::{Reflect, Uint8Array, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's synthetic example list.
const EXAMPLE: &[u8] = include_bytes!("../www/examples/annex-a-referrals.csv");

fn j(value: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

fn js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn bytes() -> JsValue {
    Uint8Array::from(EXAMPLE).into()
}

/// An error's code and the fields of its problems.
fn error<T>(result: Result<T, JsValue>) -> (String, Vec<Value>) {
    let Err(e) = result else {
        panic!("expected an error")
    };
    let err: &js_sys::Error = e.unchecked_ref();
    assert_eq!(String::from(err.name()), "DeepDiveError");
    let code = Reflect::get(&e, &"code".into())
        .unwrap()
        .as_string()
        .unwrap();
    let problems = j(&Reflect::get(&e, &"problems".into()).unwrap());
    let fields = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].clone())
        .collect();
    (code, fields)
}

fn plan() -> Value {
    json!({
        "idColumn": "Child Unique ID",
        "size": 12,
        "seed": "3 6 1 6 2 5 4 4",
        "strata": ["Gender"],
        "reserves": 1
    })
}

fn drawn(plan: &Value) -> Value {
    j(&dd::sample(bytes(), js(plan)).unwrap())
}

#[wasm_bindgen_test]
fn tracked_cases_come_back_apart_and_are_never_drawn() {
    let first = drawn(&plan());
    let id = first["selected"][0]["id"].as_str().unwrap().to_owned();
    let mut p = plan();
    p["tracked"] = json!([{"id": id, "reason": "known to every agency"}]);
    let result = drawn(&p);
    let tracked = result["tracked"].as_array().unwrap();
    assert_eq!(tracked.len(), 1);
    assert_eq!(tracked[0]["id"], id.as_str());
    assert_eq!(tracked[0]["reason"], "known to every agency");
    assert_eq!(
        tracked[0]["values"].as_array().unwrap().len(),
        result["columns"].as_array().unwrap().len()
    );
    for list in ["selected", "reserves"] {
        assert!(result[list]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != id.as_str()));
    }
    assert_eq!(result["receipt"]["tracked"][0]["id"], id.as_str());
    let v = j(
        &dd::verify_receipt(bytes(), result["receipt"].clone().pipe(js), JsValue::NULL).unwrap(),
    );
    assert_eq!(v["ok"], true, "{v}");
    p["tracked"] = json!([{"id": "NOT-THERE", "reason": "r"}]);
    let (code, fields) = error(dd::sample(bytes(), js(&p)));
    assert_eq!(code, "unknown-tracked-case");
    assert_eq!(fields, [json!("tracked[0].id")]);
}

/// `value.pipe(f)` for `f(value)`, to keep the calls above readable.
trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(&Self) -> T) -> T {
        f(&self)
    }
}
impl Pipe for Value {}

#[wasm_bindgen_test]
fn replace_case_appends_the_next_reserve_and_the_log_verifies() {
    let result = drawn(&plan());
    let receipt = result["receipt"].clone();
    let target = receipt["selected"][0].clone();
    let next = receipt["reserves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["stratum"] == target["stratum"])
        .unwrap()
        .clone();
    let request =
        json!({"id": target["id"], "reason": "the case closed", "at": "2015-09-24T10:00:00+01:00"});
    let once =
        j(&dd::replace_case(js(&receipt), js(&request), JsValue::NULL, JsValue::NULL).unwrap());
    let log = &once["receipt"]["replacements"];
    assert_eq!(log[0]["replacement"], next);
    assert_eq!(log[0]["at"], "2015-09-24T09:00:00Z");
    assert_eq!(
        serde_json::from_str::<Value>(once["receiptJson"].as_str().unwrap()).unwrap(),
        once["receipt"]
    );
    // The receipt's JSON text works as well as the object.
    let v = j(&dd::verify_receipt(
        bytes(),
        once["receiptJson"].as_str().unwrap().into(),
        JsValue::NULL,
    )
    .unwrap());
    assert_eq!(v["ok"], true, "{v}");
    // The stratum's one reserve is used: replacing the replacement needs the list.
    let request = json!({"id": next["id"], "reason": "a conflict of interest"});
    let (code, fields) = error(dd::replace_case(
        js(&once["receipt"]),
        js(&request),
        JsValue::NULL,
        JsValue::NULL,
    ));
    assert_eq!(
        (code.as_str(), fields),
        ("reserves-exhausted", vec![json!("id")])
    );
    // With the list, the next ticket; `at` left out is now, from JavaScript's clock.
    let twice =
        j(&dd::replace_case(js(&once["receipt"]), js(&request), bytes(), JsValue::NULL).unwrap());
    let entry = &twice["receipt"]["replacements"][1];
    let at = entry["at"].as_str().unwrap();
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    assert_eq!(&at[..10], &now[..10], "{at} is not today ({now})");
    assert!(at.ends_with('Z') && at.len() == 20, "{at}");
    let v = j(&dd::verify_receipt(bytes(), js(&twice["receipt"]), JsValue::NULL).unwrap());
    assert_eq!(v["ok"], true, "{v}");
    // A forged log: the replacement swapped for another case.
    let mut forged = twice["receipt"].clone();
    forged["replacements"][0]["replacement"] = receipt["selected"][1].clone();
    let v = j(&dd::verify_receipt(bytes(), js(&forged), JsValue::NULL).unwrap());
    assert_eq!(v["ok"], false);
    assert!(v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["kind"] == "other-result"));
}

#[wasm_bindgen_test]
fn replace_case_reports_every_problem_of_its_request_table() {
    let receipt = drawn(&plan())["receipt"].clone();
    let selected = receipt["selected"][0]["id"].clone();
    let cases = [
        (
            json!({"id": "NOPE", "reason": "r"}),
            "not-selected",
            vec![json!("id")],
        ),
        (
            json!({"id": selected, "reason": " "}),
            "bad-argument",
            vec![json!("reason")],
        ),
        (
            json!({"id": selected, "reason": "r", "at": "tomorrow"}),
            "bad-time",
            vec![json!("at")],
        ),
        (
            json!({"id": selected, "reason": "r", "at": 5}),
            "bad-time",
            vec![json!("at")],
        ),
        (
            json!({"id": selected, "reason": "r", "when": "x"}),
            "bad-argument",
            vec![json!("when")],
        ),
        (
            json!({"id": 7, "reason": 8}),
            "bad-argument",
            vec![json!("id"), json!("reason")],
        ),
    ];
    for (request, want, fields) in cases {
        let (code, got) = error(dd::replace_case(
            js(&receipt),
            js(&request),
            JsValue::NULL,
            JsValue::NULL,
        ));
        assert_eq!((code.as_str(), &got), (want, &fields), "{request}");
    }
    let (code, _) = error(dd::replace_case(
        "{".into(),
        js(&json!({"id": "x", "reason": "r"})),
        JsValue::NULL,
        JsValue::NULL,
    ));
    assert_eq!(code, "bad-receipt");
}

#[wasm_bindgen_test]
fn a_commitment_is_written_before_the_seed_and_checked_after() {
    let mut seedless = plan();
    seedless.as_object_mut().unwrap().remove("seed");
    let written = j(&dd::commitment(
        bytes(),
        js(&seedless),
        js(&json!({"at": "2015-09-20T12:00:00Z"})),
    )
    .unwrap());
    let text = written["commitment"].as_str().unwrap();
    let sha = written["sha256"].as_str().unwrap();
    assert!(
        text.contains("\"at\": \"2015-09-20T12:00:00Z\"") && !text.contains("seed"),
        "{text}"
    );
    assert_eq!(sha.len(), 64);
    // Without `at`, the time is JavaScript's now.
    let later = j(&dd::commitment(bytes(), js(&seedless), JsValue::UNDEFINED).unwrap());
    assert_ne!(later["sha256"], written["sha256"]);

    let mut p = plan();
    p["commitment"] = json!(sha);
    let receipt = drawn(&p)["receipt"].clone();
    assert_eq!(receipt["plan"]["commitment"], sha);
    let with = |text: &str| {
        let options = js(&json!({"commitment": text}));
        j(&dd::verify_receipt(bytes(), js(&receipt), options).unwrap())
    };
    assert_eq!(with(text)["ok"], true);
    let edited = with(&text.replace("\"size\": 12", "\"size\": 13"));
    assert_eq!(edited["differences"][0]["kind"], "other-plan", "{edited}");
    let without = j(&dd::verify_receipt(bytes(), js(&receipt), JsValue::NULL).unwrap());
    assert_eq!(without["ok"], false);
    assert_eq!(without["differences"][0]["kind"], "other-plan");
    // Another list under the commitment: other records.
    let other = String::from_utf8(EXAMPLE.to_vec())
        .unwrap()
        .replacen("a) Male", "b) Female", 1);
    let other: JsValue = Uint8Array::from(other.as_bytes()).into();
    let drawn_other = j(&dd::sample(other.clone(), js(&p)).unwrap())["receipt"].clone();
    let v =
        j(&dd::verify_receipt(other, js(&drawn_other), js(&json!({"commitment": text}))).unwrap());
    assert_eq!(v["differences"][0]["kind"], "other-records", "{v}");
    // A plan naming a commitment cannot be committed to; a bad hash is refused.
    let (code, fields) = error(dd::commitment(bytes(), js(&p), JsValue::NULL));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", vec![json!("commitment")])
    );
    p["commitment"] = json!("abc");
    let (code, fields) = error(dd::sample(bytes(), js(&p)));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", vec![json!("commitment")])
    );
    let (code, fields) = error(dd::verify_receipt(
        bytes(),
        js(&receipt),
        js(&json!({"commitment": 5})),
    ));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", vec![json!("commitment")])
    );
}

#[wasm_bindgen_test]
fn the_timetable_comes_as_an_icalendar_file() {
    let options = json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "at": "2015-09-01T10:00:00+01:00"});
    let text = dd::timetable_ics(js(&options)).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), 8);
    assert!(text.contains("DTSTAMP:20150901T090000Z\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20150923\r\n"));
    // The same inspection with a closure: other dates, the same UIDs.
    let uids = |t: &str| -> Vec<String> {
        t.split("\r\n")
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let moved =
        json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "closures": ["2015-09-25"]});
    let again = dd::timetable_ics(js(&moved)).unwrap();
    assert_eq!(uids(&text), uids(&again));
    assert!(
        !again.contains("DTSTAMP:20150901T090000Z"),
        "the stamp is now"
    );
    let bad =
        json!({"framework": "jtai-2015", "onsiteStart": "2015-10-06", "at": "soon", "extra": 1});
    let (code, fields) = error(dd::timetable_ics(js(&bad)));
    assert_eq!(code, "bad-argument", "{fields:?}");
    assert!(
        fields.contains(&json!("extra")) && fields.contains(&json!("at")),
        "{fields:?}"
    );
}
