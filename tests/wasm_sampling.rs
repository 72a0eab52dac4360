//! The case-sampling functions of the JavaScript API in headless Chromium: preview, sample
//! with its receipt, verify (same file, re-ordered file, other file), seeds, and errors.
#![cfg(target_arch = "wasm32")]

use deepdive::wasm as dd;
use js_sys::{Reflect, Uint8Array, JSON};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
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

fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

fn error<T>(result: Result<T, JsValue>) -> (String, Value) {
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
    (code, Value::Array(fields))
}

fn plan() -> Value {
    json!({
        "idColumn": "Child Unique ID",
        "size": 12,
        "seed": "3 6 1 6 2 5 4 4",
        "strata": ["Gender"],
        "allocation": "proportional",
        "reserves": 2,
        "filters": [{"op": "age-between", "column": "Date of Birth", "min": 0, "max": 15}],
        "referenceDate": "2015-09-23"
    })
}

#[wasm_bindgen_test]
fn previewing_the_example_list() {
    let p = j(&dd::preview_table(bytes(EXAMPLE), JsValue::UNDEFINED).unwrap());
    assert_eq!(p["format"], "csv");
    assert_eq!(p["encoding"], "utf-8-bom");
    assert_eq!(p["delimiter"], ",");
    assert_eq!(p["columns"][0], "Child Unique ID");
    assert_eq!(p["columns"].as_array().unwrap().len(), 10);
    assert_eq!(p["rows"].as_array().unwrap().len(), 20);
    assert_eq!(p["lines"][0], 2);
    let p =
        j(&dd::preview_table(bytes(EXAMPLE), js(&json!({"rows": 3, "delimiter": ";"}))).unwrap());
    assert_eq!(p["rows"].as_array().unwrap().len(), 3);
    assert_eq!(p["delimiter"], ";");
    assert_eq!(
        error(dd::preview_table(bytes(b""), JsValue::UNDEFINED)).0,
        "empty-file"
    );
    assert_eq!(
        error(dd::preview_table(
            JsValue::from_str("a,b"),
            js(&json!({"rows": 0, "colour": 1}))
        ))
        .1,
        json!(["bytes", "colour", "rows"])
    );
}

#[wasm_bindgen_test]
fn sampling_and_verifying() {
    let s = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    assert_eq!(s["selected"].as_array().unwrap().len(), 12);
    let allocated: u64 = s["strata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["allocated"].as_u64().unwrap())
        .sum();
    assert_eq!(allocated, 12);
    let first = &s["selected"][0];
    assert_eq!(first["values"][0], first["id"]);
    assert!(first["row"].as_u64().unwrap() >= 2);
    assert_eq!(s["receipt"]["algorithm"], "deepdive-ticket-v1");
    assert_eq!(
        s["receipt"]["source"]["inputSha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(s["counts"]["rowsRead"], 400);

    // The same seed gives the same sample; the receipt verifies against the same file.
    let again = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    assert_eq!(again["selected"], s["selected"]);
    let receipt = JsValue::from_str(s["receiptJson"].as_str().unwrap());
    let v = j(&dd::verify_receipt(bytes(EXAMPLE), receipt.clone(), JsValue::UNDEFINED).unwrap());
    assert_eq!(v, json!({"ok": true, "differences": []}));

    // The page may pass the file's hash (from WebCrypto); a wrong one shows as other bytes.
    let hash = s["receipt"]["source"]["inputSha256"].clone();
    let v = j(&dd::verify_receipt(
        bytes(EXAMPLE),
        receipt.clone(),
        js(&json!({"inputSha256": hash})),
    )
    .unwrap());
    assert_eq!(v, json!({"ok": true, "differences": []}));
    let v = j(&dd::verify_receipt(
        bytes(EXAMPLE),
        receipt.clone(),
        js(&json!({"inputSha256": "0".repeat(64)})),
    )
    .unwrap());
    assert_eq!(v["differences"][0]["kind"], "other-bytes-same-records");
    assert_eq!(
        error(dd::verify_receipt(
            bytes(EXAMPLE),
            receipt.clone(),
            js(&json!({"inputSha256": "abc"}))
        ))
        .1,
        json!(["inputSha256"])
    );

    // The same records in another order: still ok, reported as other bytes.
    let text = std::str::from_utf8(EXAMPLE).unwrap();
    let mut lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    lines[1..].reverse();
    let reordered = lines.join("\r\n") + "\r\n";
    let v = j(&dd::verify_receipt(
        bytes(reordered.as_bytes()),
        receipt.clone(),
        JsValue::UNDEFINED,
    )
    .unwrap());
    assert_eq!(v["ok"], true);
    assert_eq!(v["differences"][0]["kind"], "other-bytes-same-records");

    // Another list: not ok.
    let fewer = lines[..300].join("\r\n") + "\r\n";
    let v = j(&dd::verify_receipt(bytes(fewer.as_bytes()), receipt, JsValue::UNDEFINED).unwrap());
    assert_eq!(v["ok"], false);
    let kinds: Vec<&str> = v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"other-records"), "{kinds:?}");

    // A precomputed input hash is used as given.
    let mut with_hash = plan();
    with_hash["inputSha256"] = json!(s["receipt"]["source"]["inputSha256"]);
    let h = j(&dd::sample(bytes(EXAMPLE), js(&with_hash)).unwrap());
    assert_eq!(
        h["receipt"]["source"]["inputSha256"],
        s["receipt"]["source"]["inputSha256"]
    );
}

#[wasm_bindgen_test]
fn plan_errors_are_collected() {
    let mut bad = plan();
    bad["idColumn"] = json!("Child ID");
    bad["strata"] = json!(["Sex"]);
    let (code, fields) = error(dd::sample(bytes(EXAMPLE), js(&bad)));
    assert_eq!(code, "unknown-column");
    assert_eq!(fields, json!(["idColumn", "strata[0]"]));
    let (code, fields) = error(dd::sample(
        bytes(EXAMPLE),
        js(
            &json!({"idColumn": "x", "size": 1, "seed": "1", "delimiter": "ab", "inputSha256": "zz"}),
        ),
    ));
    assert_eq!(code, "bad-argument");
    assert_eq!(fields, json!(["delimiter", "inputSha256"]));
    assert_eq!(
        error(dd::sample(bytes(EXAMPLE), js(&json!({"size": 1})))).0,
        "bad-argument"
    );
    assert_eq!(
        error(dd::verify_receipt(
            bytes(EXAMPLE),
            JsValue::from_str("{}"),
            JsValue::UNDEFINED
        ))
        .0,
        "bad-receipt"
    );
}

#[wasm_bindgen_test]
fn seeds_come_from_the_browser() {
    let a = dd::new_seed().unwrap();
    let b = dd::new_seed().unwrap();
    assert_eq!(a.len(), 24, "{a}");
    assert!(a.chars().all(|c| c.is_ascii_digit() || c == ' '));
    assert_ne!(a, b);
}

#[wasm_bindgen_test]
fn a_case_file_written_in_slices_reads_once_and_samples_as_the_bytes_do() {
    // Written in uneven slices, as the worker writes a File's slices.
    let mut file = dd::CaseFile::new(JsValue::from(EXAMPLE.len() as f64)).unwrap();
    for chunk in EXAMPLE.chunks(4093) {
        file.write(bytes(chunk)).unwrap();
    }
    assert_eq!(file.length(), EXAMPLE.len() as f64);
    let whole = j(&dd::preview_table(bytes(EXAMPLE), JsValue::UNDEFINED).unwrap());
    assert_eq!(j(&file.preview(JsValue::UNDEFINED).unwrap()), whole);

    let expected = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    let hash = expected["receipt"]["source"]["inputSha256"].clone();
    assert_eq!(file.sha256(), hash.as_str().unwrap());
    let list = file.open(JsValue::UNDEFINED).unwrap();
    drop(file);
    assert_eq!(list.rows(), 400.0);
    assert_eq!(list.columns()[0], "Child Unique ID");
    let mut p = plan();
    p["inputSha256"] = hash.clone();
    let s = j(&list.sample(js(&p)).unwrap());
    assert_eq!(s["receiptJson"], expected["receiptJson"]);
    assert_eq!(s["selected"], expected["selected"]);
    // The same list draws again with another seed, without reading the file.
    p["seed"] = json!("another seed");
    let other = j(&list.sample(js(&p)).unwrap());
    assert_ne!(other["selected"], s["selected"]);

    // A list has no bytes to hash, and was read with its options when opened.
    let (code, fields) = error(list.sample(js(&plan())));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", json!(["inputSha256"]))
    );
    let mut p = plan();
    p["sheet"] = json!("Sheet1");
    p["inputSha256"] = hash;
    assert_eq!(error(list.sample(js(&p))).1, json!(["sheet"]));
}

/// The chunks a streams callback received, with their stream's name.
type Chunks = Vec<(String, Vec<u8>)>;

#[wasm_bindgen_test]
fn a_draw_whose_record_hashes_are_made_elsewhere_is_the_sample() {
    let mut file = dd::CaseFile::new(JsValue::from(0)).unwrap();
    file.write(bytes(EXAMPLE)).unwrap();
    let list = file.open(JsValue::UNDEFINED).unwrap();
    let mut p = plan();
    p["inputSha256"] = json!(deepdive::digest::sha256_hex(EXAMPLE));
    let expected = j(&list.sample(js(&p)).unwrap());

    // The messages are hashed by the caller, here as a second worker would.
    let seen: Rc<RefCell<Chunks>> = Rc::default();
    let log = Rc::clone(&seen);
    let streams = Closure::<dyn FnMut(String, Uint8Array)>::new(move |name, chunk: Uint8Array| {
        log.borrow_mut().push((name, chunk.to_vec()));
    });
    let pending = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    let chunks = seen.borrow().clone();
    let names: Vec<&str> = chunks.iter().map(|(n, _)| n.as_str()).collect();
    let ids_end = names.iter().position(|&n| n == "records").unwrap();
    assert!(ids_end > 0 && names[ids_end..].iter().all(|&n| n == "records"));
    let hash = |part: &[(String, Vec<u8>)]| {
        let mut h = dd::Sha256::new();
        for (_, c) in part {
            h.update(bytes(c)).unwrap();
        }
        h.hex()
    };
    let (ids, records) = (hash(&chunks[..ids_end]), hash(&chunks[ids_end..]));
    // Wrong digests are refused, all of them at once.
    let drawn = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    let wrong = json!({"idsSha256": "z".repeat(64), "recordsSha256": "+f", "inputSha256": 1});
    assert_eq!(
        error(drawn.finish(js(&wrong))).1,
        json!(["inputSha256", "idsSha256", "recordsSha256"])
    );
    let digests = json!({"idsSha256": ids, "recordsSha256": records});
    let s = j(&pending.finish(js(&digests)).unwrap());
    assert_eq!(s, expected);
    assert_eq!(s["receipt"]["records"]["idsSha256"], json!(ids));

    // The file's hash may come at the end, when the file has been hashing meanwhile.
    let file_hash = p.as_object_mut().unwrap().remove("inputSha256").unwrap();
    let late = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    let mut all = digests.clone();
    all["inputSha256"] = file_hash.clone();
    assert_eq!(j(&late.finish(js(&all)).unwrap()), expected);
    let none = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    assert_eq!(error(none.finish(js(&digests))).1, json!(["inputSha256"]));

    // Without streams the draw makes its record hashes itself: only the file's is left.
    let here = list.draw(js(&p), JsValue::UNDEFINED).unwrap();
    let input = json!({"inputSha256": file_hash});
    assert_eq!(j(&here.finish(js(&input)).unwrap()), expected);
    let here = list.draw(js(&p), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        error(here.finish(js(&all))).1,
        json!(["idsSha256", "recordsSha256"])
    );
    p["inputSha256"] = file_hash;

    // A callback that is not a function, or that throws, is reported.
    assert_eq!(
        error(list.draw(js(&p), JsValue::from(3))).1,
        json!(["streams"])
    );
    let throws = Closure::<dyn FnMut(String, Uint8Array) -> Result<(), JsValue>>::new(|_, _| {
        Err(js_sys::Error::new("the other worker is gone").into())
    });
    let e = list.draw(js(&p), throws.as_ref().clone()).err().unwrap();
    let message = String::from(e.unchecked_ref::<js_sys::Error>().message());
    assert!(message.contains("the other worker is gone"), "{message}");
}

#[wasm_bindgen_test]
fn a_case_file_checks_receipts_and_refuses_bad_input() {
    let s = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    let receipt = JsValue::from_str(s["receiptJson"].as_str().unwrap());
    let mut file = dd::CaseFile::new(JsValue::from(0)).unwrap();
    file.write(Uint8Array::from(EXAMPLE).buffer().into())
        .unwrap();
    let v = j(&file.verify_receipt(receipt, JsValue::UNDEFINED).unwrap());
    assert_eq!(v, json!({"ok": true, "differences": []}));
    assert_eq!(
        error(file.write(JsValue::from_str("a,b"))).1,
        json!(["chunk"])
    );
    assert_eq!(
        error(dd::CaseFile::new(JsValue::from(-1))).1,
        json!(["size"])
    );
    assert_eq!(
        error(file.open(js(&json!({"colour": 1})))).1,
        json!(["colour"])
    );
    let empty = dd::CaseFile::new(JsValue::from(10)).unwrap();
    assert_eq!(error(empty.open(JsValue::UNDEFINED)).0, "empty-file");
}

#[wasm_bindgen_test]
fn sha256_in_slices_is_sha256_of_the_whole() {
    let mut h = dd::Sha256::new();
    for chunk in EXAMPLE.chunks(1000) {
        h.update(bytes(chunk)).unwrap();
    }
    assert_eq!(h.hex(), deepdive::digest::sha256_hex(EXAMPLE));
    assert_eq!(
        dd::Sha256::new().hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[wasm_bindgen_test]
fn four_lane_tickets_in_the_browser_are_the_one_at_a_time_tickets() {
    use deepdive::sampling::ticket::Tickets;
    // Built with simd128 (.cargo/config.toml), this runs the SIMD lanes.
    const { assert!(cfg!(target_feature = "simd128")) };
    let ids: Vec<String> = (0..203)
        .map(|i| "é1".repeat(i % 40) + &i.to_string())
        .collect();
    for seed in [
        "s",
        "a seed of some length that pushes the prefix past one block",
    ] {
        for key in [&b""[..], b"7:a) Male,", &[b'x'; 70][..]] {
            let per = Tickets::new(seed).stratum(key);
            let mut got = Vec::new();
            per.each(ids.iter().map(String::as_str), |t| got.push(t));
            let want: Vec<_> = ids.iter().map(|id| per.ticket(id)).collect();
            assert_eq!(got, want);
            let four = per.ticket4([&ids[0], &ids[50], &ids[101], &ids[202]]);
            assert_eq!(four, [want[0], want[50], want[101], want[202]]);
        }
    }
}
