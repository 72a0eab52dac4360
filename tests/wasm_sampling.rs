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
    assert_eq!(v, json!({"ok": true, "sameFile": true, "differences": []}));

    // The page may pass the file's hash (from WebCrypto); a wrong one shows as other bytes.
    let hash = s["receipt"]["source"]["inputSha256"].clone();
    let v = j(&dd::verify_receipt(
        bytes(EXAMPLE),
        receipt.clone(),
        js(&json!({"inputSha256": hash})),
    )
    .unwrap());
    assert_eq!(v, json!({"ok": true, "sameFile": true, "differences": []}));
    let v = j(&dd::verify_receipt(
        bytes(EXAMPLE),
        receipt.clone(),
        js(&json!({"inputSha256": "0".repeat(64)})),
    )
    .unwrap());
    assert_eq!(v["differences"][0]["kind"], "other-bytes-same-records");
    assert_eq!(v["sameFile"], false);
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
    assert_eq!(file.length().unwrap(), EXAMPLE.len() as f64);
    let whole = j(&dd::preview_table(bytes(EXAMPLE), JsValue::UNDEFINED).unwrap());
    assert_eq!(j(&file.preview(JsValue::UNDEFINED).unwrap()), whole);

    let expected = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    let hash = expected["receipt"]["source"]["inputSha256"].clone();
    assert_eq!(file.sha256().unwrap(), hash.as_str().unwrap());
    let list = file.open(JsValue::UNDEFINED).unwrap();
    drop(file);
    assert_eq!(list.rows().unwrap(), 400.0);
    assert_eq!(list.columns().unwrap()[0], "Child Unique ID");
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
    let mut pending = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    let chunks = seen.borrow().clone();
    let names: Vec<&str> = chunks.iter().map(|(n, _)| n.as_str()).collect();
    let ids_end = names.iter().position(|&n| n == "records").unwrap();
    assert!(ids_end > 0 && names[ids_end..].iter().all(|&n| n == "records"));
    let hash = |part: &[(String, Vec<u8>)]| {
        let mut h = dd::Sha256::new();
        for (_, c) in part {
            h.update(bytes(c)).unwrap();
        }
        h.hex().unwrap()
    };
    let (ids, records) = (hash(&chunks[..ids_end]), hash(&chunks[ids_end..]));
    // Wrong digests are refused, all of them at once.
    let mut drawn = list.draw(js(&p), streams.as_ref().clone()).unwrap();
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
    let mut late = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    let mut all = digests.clone();
    all["inputSha256"] = file_hash.clone();
    assert_eq!(j(&late.finish(js(&all)).unwrap()), expected);
    let mut none = list.draw(js(&p), streams.as_ref().clone()).unwrap();
    assert_eq!(error(none.finish(js(&digests))).1, json!(["inputSha256"]));

    // Without streams the draw makes its record hashes itself: only the file's is left.
    let mut here = list.draw(js(&p), JsValue::UNDEFINED).unwrap();
    let input = json!({"inputSha256": file_hash});
    assert_eq!(j(&here.finish(js(&input)).unwrap()), expected);
    let mut here = list.draw(js(&p), JsValue::UNDEFINED).unwrap();
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
    assert_eq!(v, json!({"ok": true, "sameFile": true, "differences": []}));
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
    assert_eq!(h.hex().unwrap(), deepdive::digest::sha256_hex(EXAMPLE));
    assert_eq!(
        dd::Sha256::new().hex().unwrap(),
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

// ---- Hardening: freed objects, detached buffers, own properties, strict plans -------

/// Calls a method through the object's JavaScript glue, as the page does.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(object, &method.into())
        .unwrap()
        .unchecked_into();
    f.apply(object, &args.iter().cloned().collect::<js_sys::Array>())
}

/// The `code` of a thrown value, or what it was when it has none.
fn thrown_code<T>(result: Result<T, JsValue>) -> String {
    let Err(e) = result else {
        panic!("expected an error")
    };
    match Reflect::get(&e, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
    {
        Some(code) => {
            let err: &js_sys::Error = e.unchecked_ref();
            assert_eq!(String::from(err.name()), "DeepDiveError");
            code
        }
        None => format!("no code: {e:?}"),
    }
}

fn undefined() -> JsValue {
    JsValue::UNDEFINED
}

#[wasm_bindgen_test]
fn freed_and_finished_objects_answer_object_freed() {
    let file: JsValue = dd::CaseFile::new(JsValue::from(EXAMPLE.len() as f64))
        .unwrap()
        .into();
    call(&file, "write", &[bytes(EXAMPLE)]).unwrap();
    let list = call(&file, "open", &[undefined()]).unwrap();
    let hash = call(&file, "sha256", &[]).unwrap();
    call(&file, "free", &[]).unwrap();
    let receipt = JsValue::from_str("{}");
    for (method, args) in [
        ("write", vec![bytes(b"x")]),
        ("sha256", vec![]),
        ("preview", vec![undefined()]),
        ("open", vec![undefined()]),
        ("verifyReceipt", vec![receipt, undefined()]),
    ] {
        assert_eq!(
            thrown_code(call(&file, method, &args)),
            "object-freed",
            "{method}"
        );
    }
    assert_eq!(
        thrown_code(Reflect::get(&file, &"length".into())),
        "object-freed"
    );
    // A second free, and `Symbol.dispose` (the same method), do nothing.
    call(&file, "free", &[]).unwrap();
    let symbol = Reflect::get(&js_sys::global(), &"Symbol".into()).unwrap();
    let dispose = Reflect::get(&symbol, &"dispose".into()).unwrap();
    if !dispose.is_undefined() {
        let free = Reflect::get(&file, &"free".into()).unwrap();
        let disposer = Reflect::get(&file, &dispose).unwrap();
        assert_eq!(free, disposer, "Symbol.dispose is this free");
    }

    // The list outlives its file; a pending sample finishes once, then is freed.
    let mut p = plan();
    p["inputSha256"] = json!(hash.as_string().unwrap());
    let pending = call(&list, "draw", &[js(&p), undefined()]).unwrap();
    let wrong = js(&json!({"inputSha256": "x"}));
    assert_eq!(
        thrown_code(call(&pending, "finish", &[wrong])),
        "bad-argument"
    );
    let s = j(&call(&pending, "finish", &[undefined()]).unwrap());
    assert_eq!(
        s["selected"].as_array().unwrap().len(),
        12,
        "a refused finish left it pending"
    );
    assert_eq!(
        thrown_code(call(&pending, "finish", &[undefined()])),
        "object-freed"
    );
    call(&pending, "free", &[]).unwrap();
    call(&pending, "free", &[]).unwrap();
    assert_eq!(
        thrown_code(call(&pending, "finish", &[undefined()])),
        "object-freed"
    );

    // A pending sample keeps the table it was drawn from after the list is freed.
    let pending = call(&list, "draw", &[js(&p), undefined()]).unwrap();
    call(&list, "free", &[]).unwrap();
    for (method, args) in [
        ("sample", vec![js(&p)]),
        ("draw", vec![js(&p), undefined()]),
    ] {
        assert_eq!(
            thrown_code(call(&list, method, &args)),
            "object-freed",
            "{method}"
        );
    }
    for getter in ["rows", "columns"] {
        assert_eq!(
            thrown_code(Reflect::get(&list, &getter.into())),
            "object-freed",
            "{getter}"
        );
    }
    call(&list, "free", &[]).unwrap();
    assert_eq!(j(&call(&pending, "finish", &[undefined()]).unwrap()), s);

    let h: JsValue = dd::Sha256::new().into();
    call(&h, "update", &[bytes(b"abc")]).unwrap();
    call(&h, "free", &[]).unwrap();
    call(&h, "free", &[]).unwrap();
    assert_eq!(
        thrown_code(call(&h, "update", &[bytes(b"x")])),
        "object-freed"
    );
    assert_eq!(thrown_code(call(&h, "hex", &[])), "object-freed");
}

/// An `ArrayBuffer` whose bytes were transferred away (as `postMessage` does).
fn detached_buffer() -> js_sys::ArrayBuffer {
    let buffer = js_sys::ArrayBuffer::new(16);
    let clone: js_sys::Function = Reflect::get(&js_sys::global(), &"structuredClone".into())
        .unwrap()
        .unchecked_into();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"transfer".into(), &js_sys::Array::of1(&buffer)).unwrap();
    clone.call2(&JsValue::UNDEFINED, &buffer, &options).unwrap();
    assert_eq!(buffer.byte_length(), 0, "the buffer is detached");
    buffer
}

#[wasm_bindgen_test]
fn a_detached_buffer_is_a_bad_argument_naming_the_field() {
    let buffer = detached_buffer();
    let view = Uint8Array::new(&js_sys::ArrayBuffer::new(0));
    let detached_view: JsValue = {
        let b = js_sys::ArrayBuffer::new(8);
        let v = Uint8Array::new(&b);
        let clone: js_sys::Function = Reflect::get(&js_sys::global(), &"structuredClone".into())
            .unwrap()
            .unchecked_into();
        let options = js_sys::Object::new();
        Reflect::set(&options, &"transfer".into(), &js_sys::Array::of1(&b)).unwrap();
        clone.call2(&JsValue::UNDEFINED, &b, &options).unwrap();
        v.into()
    };
    let mut file = dd::CaseFile::new(JsValue::from(0)).unwrap();
    for chunk in [buffer.clone().into(), detached_view.clone()] {
        let (code, fields) = error(file.write(chunk));
        assert_eq!((code.as_str(), fields), ("bad-argument", json!(["chunk"])));
    }
    let (code, fields) = error(dd::preview_table(buffer.clone().into(), undefined()));
    assert_eq!((code.as_str(), fields), ("bad-argument", json!(["bytes"])));
    let (code, fields) = error(dd::Sha256::new().update(detached_view));
    assert_eq!((code.as_str(), fields), ("bad-argument", json!(["chunk"])));
    // An empty buffer that was never detached is just no bytes.
    file.write(view.into()).unwrap();
    file.write(js_sys::ArrayBuffer::new(0).into()).unwrap();
    assert_eq!(file.length().unwrap(), 0.0);
}

/// Sets a property on `Object.prototype` for as long as it lives.
struct Polluted(&'static str);

impl Polluted {
    fn set(key: &'static str, value: &JsValue) -> Polluted {
        let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new());
        Reflect::set(&prototype, &key.into(), value).unwrap();
        Polluted(key)
    }
}

impl Drop for Polluted {
    fn drop(&mut self) {
        let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new());
        Reflect::delete_property(&prototype, &self.0.into()).unwrap();
    }
}

#[wasm_bindgen_test]
fn options_and_plans_read_own_properties_only() {
    let clean = j(&dd::preview_table(bytes(EXAMPLE), js(&json!({}))).unwrap());
    let clean_sample = j(&dd::sample(bytes(EXAMPLE), js(&plan())).unwrap());
    let receipt_json = |sample: &JsValue| Reflect::get(sample, &"receiptJson".into()).unwrap();
    // Results are only looked at once the prototype is clean again: a failed assertion
    // aborts (no unwinding in wasm), and a polluted prototype would break the runner.
    let pollution = [
        ("delimiter", JsValue::from(";")),
        ("hasHeader", JsValue::FALSE),
        ("sheet", JsValue::from("Sheet9")),
        ("rows", JsValue::from(1)),
        ("inputSha256", JsValue::from("0".repeat(64))),
    ];
    let polluted: Vec<Polluted> = pollution.iter().map(|(k, v)| Polluted::set(k, v)).collect();
    let options = js(&json!({}));
    let preview = dd::preview_table(bytes(EXAMPLE), options);
    let sample = dd::sample(bytes(EXAMPLE), js(&plan())).map(|s| receipt_json(&s));
    drop(polluted);
    assert_eq!(j(&preview.unwrap()), clean);
    assert_eq!(
        sample.unwrap(),
        clean_sample["receiptJson"].as_str().unwrap()
    );

    // `toJSON` is not called either: the plan is what its own properties say.
    let replace = js_sys::Function::new_no_args("return {idColumn: 'Gender', size: 1, seed: 'x'}");
    let polluted = Polluted::set("toJSON", &replace);
    let sample = dd::sample(bytes(EXAMPLE), js(&plan())).map(|s| receipt_json(&s));
    drop(polluted);
    assert_eq!(
        sample.unwrap(),
        clean_sample["receiptJson"].as_str().unwrap()
    );

    // An own property is read, even one set to a wrong value.
    let (code, fields) = error(dd::preview_table(
        bytes(EXAMPLE),
        js(&json!({"delimiter": 7})),
    ));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", json!(["delimiter"]))
    );
    // Options that are not an object are refused, not read as no options.
    for options in [JsValue::from("abc"), JsValue::from(5), js(&json!([1]))] {
        let (code, fields) = error(dd::preview_table(bytes(EXAMPLE), options));
        assert_eq!(
            (code.as_str(), fields),
            ("bad-argument", json!(["options"]))
        );
    }
}

#[wasm_bindgen_test]
fn plan_dates_are_exactly_yyyy_mm_dd() {
    for bad in ["2015-9-3", " 2015-09-23", "+262142-12-31", "0000-01-01"] {
        let mut p = plan();
        p["referenceDate"] = json!(bad);
        p["filters"] = json!([
            {"op": "age-between", "column": "Date of Birth", "min": 0, "max": 15},
            {"op": "date-between", "column": "Date of Birth", "from": bad}
        ]);
        let (code, fields) = error(dd::sample(bytes(EXAMPLE), js(&p)));
        assert_eq!(
            (code.as_str(), fields),
            ("bad-date", json!(["referenceDate", "filters[1].from"])),
            "{bad:?}"
        );
    }
}

#[wasm_bindgen_test]
fn plan_lists_are_capped_before_they_are_read() {
    let long: Vec<String> = (0..=10_000).map(|i| i.to_string()).collect();
    let cases = [
        ("strata", json!(vec!["Gender"; 21]), "strata"),
        (
            "filters",
            json!(vec![json!({"op": "not-blank", "column": "Gender"}); 51]),
            "filters",
        ),
        (
            "filters",
            json!([{"op": "one-of", "column": "Gender", "values": long}]),
            "filters[0].values",
        ),
    ];
    for (key, list, field) in cases {
        let mut p = plan();
        p[key] = list;
        let (code, fields) = error(dd::sample(bytes(EXAMPLE), js(&p)));
        assert_eq!(
            (code.as_str(), fields),
            ("bad-argument", json!([field])),
            "{field}"
        );
    }
    // A plan far past every cap is refused at once, by its size.
    let p = js(&plan());
    Reflect::set(
        &p,
        &"strata".into(),
        &js_sys::Array::new_with_length(3_000_000),
    )
    .unwrap();
    let started = js_sys::Date::now();
    let (code, fields) = error(dd::sample(bytes(EXAMPLE), p.clone()));
    assert_eq!(
        (code.as_str(), fields),
        ("bad-argument", json!(["plan.strata"]))
    );
    assert!(js_sys::Date::now() - started < 2000.0, "answers at once");
    // A cycle is a bad argument too, not a hang or a trap.
    Reflect::set(&p, &"strata".into(), &p).unwrap();
    assert_eq!(error(dd::sample(bytes(EXAMPLE), p)).0, "bad-argument");
}

#[wasm_bindgen_test]
fn a_plan_whose_getter_throws_is_a_bad_argument() {
    let p = js(&plan());
    let descriptor = js_sys::Object::new();
    let throws = js_sys::Function::new_no_args("throw new Error('a hostile getter')");
    Reflect::set(&descriptor, &"get".into(), &throws).unwrap();
    Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE).unwrap();
    let target: &js_sys::Object = p.unchecked_ref();
    // An optional field: were the throw taken for "absent", the plan would be valid.
    Reflect::define_property(target, &"reserves".into(), &descriptor).unwrap();
    let (code, fields) = error(dd::sample(bytes(EXAMPLE), p));
    assert_eq!((code.as_str(), fields), ("bad-argument", json!(["plan"])));
}

#[wasm_bindgen_test]
fn a_file_over_the_size_limit_is_refused_before_its_memory_is_taken() {
    let over = deepdive::ingest::MAX_FILE_BYTES + 1;
    assert_eq!(
        error(dd::CaseFile::new(JsValue::from(over as f64))).0,
        "file-too-large"
    );
    // Written in slices, the slice that passes the limit is refused.
    let mut file = dd::CaseFile::new(JsValue::from(0)).unwrap();
    let slice = vec![b'a'; 64 << 20];
    for _ in 0..4 {
        file.write(bytes(&slice)).unwrap();
    }
    assert_eq!(error(file.write(bytes(b"a"))).0, "file-too-large");
}
