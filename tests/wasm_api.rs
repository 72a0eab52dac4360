//! The JavaScript API, called through wasm-bindgen in headless Chromium: every function,
//! and every error code with its `name`, `code` and `problems`.
#![cfg(target_arch = "wasm32")]

use deepdive::wasm as dd;
use js_sys::{Array, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JS value as JSON, for comparing whole wire values.
fn j(value: &JsValue) -> Value {
    let text = JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A JSON value as a JS value, for building arguments.
fn js(value: Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(number: f64) -> JsValue {
    JsValue::from_f64(number)
}

/// The error's code and its problems as `[code, field]` pairs, after checking its shape.
fn error(result: Result<impl std::fmt::Debug, JsValue>) -> (String, Value) {
    let e = result.expect_err("expected an error");
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    let err: &js_sys::Error = e.unchecked_ref();
    assert_eq!(String::from(err.name()), "DeepDiveError");
    let message = String::from(err.message());
    assert!(
        message.len() > 10 && !message.chars().next().unwrap().is_lowercase(),
        "{message}"
    );
    let code = Reflect::get(&e, &s("code")).unwrap().as_string().unwrap();
    let problems = j(&Reflect::get(&e, &s("problems")).unwrap());
    let pairs: Vec<Value> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert!(p["message"].as_str().unwrap().len() > 5);
            json!([p["code"], p["field"]])
        })
        .collect();
    assert_eq!(
        pairs[0][0],
        json!(code),
        "the headline is the first problem"
    );
    (code, Value::Array(pairs))
}

fn undefined() -> JsValue {
    JsValue::UNDEFINED
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(dd::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn frameworks_in_brief() {
    let list = j(&dd::frameworks().unwrap());
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
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
    assert_eq!(
        list[4],
        json!({
            "id": "jtai-2015",
            "title": "Joint targeted area inspection of the multi-agency response to abuse and neglect",
            "shortTitle": "Joint targeted area inspection (JTAI), 2015",
            "status": "in-force",
            "statusText": "In force from October 2015, after a consultation from 15 July to 11 August 2015",
            "summary": list[4]["summary"],
            "start": "2015-10-01",
            "end": null
        })
    );
    assert_eq!(list[1]["status"], "proposal-dropped");
}

#[wasm_bindgen_test]
fn a_whole_framework_record() {
    let f = j(&dd::framework(s("macp-2012")).unwrap());
    assert_eq!(f["notice"]["kind"], "unannounced");
    assert_eq!(
        f["agencies"][4]["when"]["anyOf"].as_array().unwrap().len(),
        3
    );
    assert_eq!(f["dates"]["consultationCloses"]["date"], "2012-10-02");
    assert_eq!(
        f["judgements"]["items"][0]["name"],
        "Overall effectiveness of multi-agency work to protect children and young people"
    );
    assert_eq!(
        error(dd::framework(s("nope"))),
        (
            "unknown-framework".into(),
            json!([["unknown-framework", null]])
        )
    );
    assert_eq!(error(dd::framework(n(3.0))).0, "bad-argument");
}

#[wasm_bindgen_test]
fn bank_holidays_in_date_order() {
    let list = j(&dd::bank_holidays(n(2012.0), n(2012.0)).unwrap());
    assert_eq!(
        list[4],
        json!({"date": "2012-06-04", "name": "Spring bank holiday"})
    );
    assert_eq!(
        list[5],
        json!({"date": "2012-06-05", "name": "Queen’s Diamond Jubilee"})
    );
    assert_eq!(list.as_array().unwrap().len(), 9);
    // 106 years of 8 days, plus 7 one-off extra days.
    let all = j(&dd::bank_holidays(n(1995.0), n(2100.0)).unwrap());
    assert_eq!(all.as_array().unwrap().len(), 106 * 8 + 7);
    assert_eq!(
        error(dd::bank_holidays(n(1994.0), n(2000.0))),
        (
            "year-out-of-range".into(),
            json!([["year-out-of-range", "fromYear"]])
        )
    );
    assert_eq!(
        error(dd::bank_holidays(n(2000.0), n(2101.0))).1,
        json!([["year-out-of-range", "toYear"]])
    );
    assert_eq!(
        error(dd::bank_holidays(n(2016.0), n(2015.0))).0,
        "bad-range"
    );
    assert_eq!(
        error(dd::bank_holidays(s("2015"), n(2015.5))).1,
        json!([["bad-argument", "fromYear"], ["bad-argument", "toYear"]])
    );
}

#[wasm_bindgen_test]
fn working_days() {
    assert!(dd::is_working_day(s("2015-10-05"), undefined()).unwrap());
    assert!(!dd::is_working_day(s("2015-12-28"), undefined()).unwrap());
    assert!(!dd::is_working_day(s("2015-10-05"), js(json!(["2015-10-05"]))).unwrap());
    assert!(dd::is_working_day(s("2015-10-05"), JsValue::NULL).unwrap());
    assert_eq!(
        dd::add_working_days(s("2015-10-05"), n(-8.0), undefined()).unwrap(),
        "2015-09-23"
    );
    assert_eq!(
        dd::add_working_days(s("2015-10-03"), n(0.0), undefined()).unwrap(),
        "2015-10-03"
    );
    assert_eq!(
        dd::add_working_days(s("2015-10-05"), n(-8.0), js(json!(["2015-09-30"]))).unwrap(),
        "2015-09-22"
    );
    assert_eq!(
        dd::working_days_between(s("2015-09-23"), s("2015-10-05"), undefined()).unwrap(),
        8.0
    );
    assert_eq!(
        dd::working_days_between(s("2015-10-05"), s("2015-09-23"), undefined()).unwrap(),
        -8.0
    );
    let (code, problems) = error(dd::add_working_days(
        s("2015-02-29"),
        n(1.5),
        js(json!(["2015-10-01", "1/10/2015", 7])),
    ));
    assert_eq!(code, "bad-date");
    assert_eq!(
        problems,
        json!([
            ["bad-date", "date"],
            ["bad-argument", "n"],
            ["bad-date", "closures[1]"],
            ["bad-date", "closures[2]"]
        ])
    );
    assert_eq!(
        error(dd::is_working_day(s("2015-10-05"), s("2015-10-06"))).1,
        json!([["bad-argument", "closures"]])
    );
    assert_eq!(
        error(dd::add_working_days(s("2100-12-30"), n(5.0), undefined())).0,
        "year-out-of-range"
    );
    assert_eq!(
        error(dd::working_days_between(
            s("1990-01-01"),
            s("2015-01-01"),
            undefined()
        ))
        .0,
        "year-out-of-range"
    );
    assert_eq!(
        error(dd::is_working_day(undefined(), undefined())).1,
        json!([["bad-date", "date"]])
    );
}

#[wasm_bindgen_test]
fn the_jtai_timetable() {
    let t = j(&dd::timetable(js(
        json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05"}),
    ))
    .unwrap());
    assert_eq!(
        t["notification"],
        json!({
            "date": "2015-09-23",
            "weekday": "Wednesday",
            "workingDaysBefore": 8,
            "description": "The area is told on Wednesday 23 September 2015"
        })
    );
    assert_eq!(
        t["onsiteDays"],
        json!([
            "2015-10-05",
            "2015-10-06",
            "2015-10-07",
            "2015-10-08",
            "2015-10-09"
        ])
    );
    assert_eq!(
        t["noticePeriod"],
        json!({"from": "2015-09-23", "to": "2015-10-02", "workingDays": 8})
    );
    assert_eq!(t["jointAudit"]["from"], "2015-09-24");
    assert_eq!(
        t["themes"]["items"][0],
        json!({"name": "Children at risk of child sexual exploitation", "source": "seed"})
    );
    assert_eq!(
        t["themes"]["items"][1]["name"],
        "Children missing from home, school or care"
    );
    assert_eq!(t["letter"]["due"], "2015-11-06");
    assert_eq!(t["letter"]["source"], "ours");
    assert_eq!(t["judgements"]["kind"], "narrative");
    assert_eq!(t["unannounced"], false);
    assert_eq!(t["warnings"], json!([]));
}

#[wasm_bindgen_test]
fn timetable_with_area_and_overrides() {
    let t = j(&dd::timetable(js(json!({
        "framework": "macp-2012",
        "onsiteStart": "2013-06-03",
        "area": {"youngOffenderInstitution": true, "cpsConcerns": false},
        "closures": ["2013-06-05"],
        "letterDueWorkingDays": 10
    })))
    .unwrap());
    let ids: Vec<&str> = t["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["ofsted", "cqc", "hmic", "hmi-probation", "hmi-prisons"]
    );
    assert_eq!(t["notTakingPart"][0]["id"], "hmcpsi");
    assert_eq!(t["notification"], Value::Null);
    assert_eq!(t["unannounced"], true);
    assert_eq!(t["onsiteEnd"], "2013-06-17");
    assert_eq!(
        t["daysOff"],
        json!([{"date": "2013-06-05", "reason": "Closure day"}])
    );
    assert_eq!(t["letter"]["workingDaysAfterOnsite"], 10);
    assert_eq!(t["judgements"]["scale"][0], "Outstanding");
    let codes: Vec<&str> = t["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["framework-never-ran", "onsite-crosses-day-off"]);
}

#[wasm_bindgen_test]
fn every_timetable_error_code() {
    let cases = [
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-06"}),
            json!([["not-a-monday", "onsiteStart"]]),
        ),
        (
            json!({"framework": "sif-2013", "onsiteStart": "2014-03-03"}),
            json!([["not-a-tuesday", "onsiteStart"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2016-03-28"}),
            json!([["onsite-on-holiday", "onsiteStart"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "closures": ["2015-10-05"]}),
            json!([["onsite-on-holiday", "onsiteStart"]]),
        ),
        (
            json!({"framework": "lac-2012", "onsiteStart": "2013-04-13"}),
            json!([["onsite-on-weekend", "onsiteStart"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-13-05"}),
            json!([["bad-date", "onsiteStart"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2101-01-03"}),
            json!([["year-out-of-range", "onsiteStart"]]),
        ),
        (
            json!({"framework": "jtai-2016", "onsiteStart": "2015-10-05"}),
            json!([["unknown-framework", "framework"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "noticeWorkingDays": -1}),
            json!([["bad-argument", "noticeWorkingDays"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "noticeWorkingDays": 61}),
            json!([["bad-argument", "noticeWorkingDays"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "area": {"prison": true}}),
            json!([["bad-argument", "area.prison"]]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "area": {"cpsConcerns": "yes"}}),
            json!([["bad-argument", "area.cpsConcerns"]]),
        ),
        // Without a first on-site day, or with closures that cannot be read, the periods
        // are still checked: one call reports every problem.
        (
            json!({"framework": "jtai-2015", "noticeWorkingDays": 99, "letterDueWorkingDays": 999}),
            json!([
                ["bad-date", "onsiteStart"],
                ["bad-argument", "noticeWorkingDays"],
                ["bad-argument", "letterDueWorkingDays"]
            ]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05", "closures": ["x"], "noticeWorkingDays": 99}),
            json!([
                ["bad-date", "closures[0]"],
                ["bad-argument", "noticeWorkingDays"]
            ]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-10-06", "closures": ["x"], "noticeWorkingDays": 99}),
            json!([
                ["bad-date", "closures[0]"],
                ["not-a-monday", "onsiteStart"],
                ["bad-argument", "noticeWorkingDays"]
            ]),
        ),
        (
            json!({"framework": "jtai-2015", "onsiteStart": "2015-12-28", "closures": ["x"]}),
            json!([
                ["bad-date", "closures[0]"],
                ["onsite-on-holiday", "onsiteStart"]
            ]),
        ),
        (
            json!({"framework": "jtai-2015", "noticeWorkingDays": 8}),
            json!([["bad-date", "onsiteStart"]]),
        ),
        (
            json!({"onsiteStart": "5/10/2015", "closures": ["2015-10-01", "x"], "colour": "red"}),
            json!([
                ["bad-argument", "colour"],
                ["bad-argument", "framework"],
                ["bad-date", "onsiteStart"],
                ["bad-date", "closures[1]"]
            ]),
        ),
    ];
    for (options, expected) in cases {
        let (_, problems) = error(dd::timetable(js(options.clone())));
        assert_eq!(problems, expected, "{options}");
    }
    assert_eq!(
        error(dd::timetable(undefined())).1,
        json!([["bad-argument", "options"]])
    );
    assert_eq!(
        error(dd::timetable(Array::new().into())).1,
        json!([["bad-argument", "options"]])
    );
}

#[wasm_bindgen_test]
fn list_arguments_are_capped_before_they_are_read() {
    let huge = js_sys::Array::new_with_length(3_000_000);
    let started = js_sys::Date::now();
    let (code, problems) = error(dd::is_working_day(s("2015-10-05"), huge.into()));
    assert_eq!(
        (code.as_str(), problems),
        ("bad-argument", json!([["bad-argument", "closures"]]))
    );
    assert!(js_sys::Date::now() - started < 2000.0, "answers at once");
    // At the cap, every closure is read; problems past the first 100 are only counted.
    let bad = js_sys::Array::new_with_length(dd::MAX_CLOSURES);
    let e = dd::add_working_days(s("2015-10-05"), n(1.0), bad.into()).unwrap_err();
    let problems = Reflect::get(&e, &s("problems")).unwrap();
    assert_eq!(js_sys::Array::from(&problems).length(), 100);
    let more = Reflect::get(&e, &s("moreProblems"))
        .unwrap()
        .as_f64()
        .unwrap();
    assert_eq!(more, f64::from(dd::MAX_CLOSURES) - 100.0);
    let e = dd::is_working_day(s("2015-13-05"), undefined()).unwrap_err();
    assert_eq!(
        Reflect::get(&e, &s("moreProblems")).unwrap().as_f64(),
        Some(0.0)
    );
    let over = js_sys::Array::new_with_length(dd::MAX_CLOSURES + 1);
    let options = js(json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05"}));
    Reflect::set(&options, &s("closures"), &over).unwrap();
    assert_eq!(
        error(dd::timetable(options)).1,
        json!([["bad-argument", "closures"]])
    );
}

#[wasm_bindgen_test]
fn calendar_dates_are_exactly_yyyy_mm_dd() {
    for bad in ["2015-9-3", " 2015-09-23", "+262142-12-31", "0000-01-01"] {
        assert_eq!(
            error(dd::is_working_day(s(bad), js(json!([bad])))).1,
            json!([["bad-date", "date"], ["bad-date", "closures[0]"]]),
            "{bad:?}"
        );
    }
}

#[wasm_bindgen_test]
fn timetable_options_are_own_properties() {
    let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new());
    Reflect::set(&prototype, &s("framework"), &s("jtai-2015")).unwrap();
    let got = dd::timetable(js(json!({"onsiteStart": "2015-10-05"})));
    // Cleaned before anything is asserted: a failure aborts, and would leave it polluted.
    Reflect::delete_property(&prototype, &s("framework")).unwrap();
    assert_eq!(error(got).1, json!([["bad-argument", "framework"]]));
}

/// A Proxy of `target` whose `trap` throws.
fn hostile(target: &JsValue, trap: &str) -> JsValue {
    let handler = js_sys::Object::new();
    let throws = js_sys::Function::new_no_args("throw new Error('a hostile trap')");
    Reflect::set(&handler, &s(trap), &throws).unwrap();
    js_sys::Proxy::new(target, &handler).into()
}

#[wasm_bindgen_test]
fn throwing_getters_and_traps_are_bad_arguments_not_bare_exceptions() {
    let options = js(json!({"framework": "jtai-2015", "onsiteStart": "2015-10-05"}));
    assert_eq!(
        error(dd::timetable(hostile(&options, "ownKeys"))).1,
        json!([["bad-argument", "options"]])
    );
    let closures = js(json!(["2015-10-05"]));
    assert_eq!(
        error(dd::is_working_day(
            s("2015-10-05"),
            hostile(&closures, "get")
        ))
        .1,
        json!([["bad-argument", "closures"]])
    );
    assert_eq!(
        error(dd::is_working_day(
            s("2015-10-05"),
            hostile(&closures, "getOwnPropertyDescriptor")
        ))
        .1,
        json!([["bad-argument", "closures[0]"]])
    );
}
