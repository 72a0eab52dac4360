//! `dd.csvText`, the sampler's CSV through the core's one CSV writer, in headless Chromium:
//! the file's shape, the neutralisation rule, and the refusals with their fields.
#![cfg(target_arch = "wasm32")]

use deepdive::wasm as dd;
use js_sys::{Array, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(value: Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

/// The error's code and the field of its one problem.
fn refusal(result: Result<String, JsValue>) -> (String, String) {
    let e = result.expect_err("expected an error");
    let err: &js_sys::Error = e.unchecked_ref();
    assert_eq!(String::from(err.name()), "DeepDiveError");
    let code = Reflect::get(&e, &"code".into())
        .unwrap()
        .as_string()
        .unwrap();
    let problems: Array = Reflect::get(&e, &"problems".into()).unwrap().into();
    assert_eq!(problems.length(), 1);
    let field = Reflect::get(&problems.get(0), &"field".into())
        .unwrap()
        .as_string()
        .unwrap();
    (code, field)
}

#[wasm_bindgen_test]
fn a_csv_file_from_rows_of_text() {
    let rows = json!([
        ["Case ID", "Note"],
        ["F1", "=SUM(A1)"],
        ["F2", "\u{a0}=1+1"],
        ["F3", "-5"],
        ["F4", "+44 20 7946 0000"],
        ["F5", "Said \"hi\", then left"],
        ["F6", ""]
    ]);
    assert_eq!(
        dd::csv_text(js(rows)).unwrap(),
        "\u{feff}Case ID,Note\r\nF1,'=SUM(A1)\r\nF2,'\u{a0}=1+1\r\nF3,-5\r\n\
         F4,'+44 20 7946 0000\r\nF5,\"Said \"\"hi\"\", then left\"\r\nF6,\r\n"
    );
    assert_eq!(dd::csv_text(js(json!([]))).unwrap(), "\u{feff}");
}

#[wasm_bindgen_test]
fn anything_but_rows_of_text_is_refused_naming_where() {
    let bad = |v: JsValue| refusal(dd::csv_text(v));
    let pair = |code: &str, field: &str| (code.to_owned(), field.to_owned());
    assert_eq!(bad(JsValue::UNDEFINED), pair("bad-argument", "rows"));
    assert_eq!(bad(js(json!("a,b"))), pair("bad-argument", "rows"));
    assert_eq!(
        bad(js(json!([["a"], "b"]))),
        pair("bad-argument", "rows[1]")
    );
    assert_eq!(
        bad(js(json!([["a", 2]]))),
        pair("bad-argument", "rows[0][1]")
    );
    assert_eq!(
        bad(js(json!([["a", null]]))),
        pair("bad-argument", "rows[0][1]")
    );
    let wide = Array::new();
    wide.set(16_384, JsValue::from_str("x"));
    let rows = Array::of1(&wide);
    assert_eq!(bad(rows.into()), pair("bad-argument", "rows[0]"));
    let long: JsValue = Array::new_with_length(1_048_577).into();
    assert_eq!(bad(long), pair("bad-argument", "rows"));
    let big = JsValue::from_str(&"x".repeat(20 << 20));
    let rows = Array::of1(&Array::of2(&big, &big));
    assert_eq!(bad(rows.into()), pair("bad-argument", "rows[0][1]"));
}
