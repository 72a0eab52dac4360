//! Robustness: random and mutated inputs through the public functions, a bounded number
//! of cases each, with the laws the fuzz targets check (`fuzz/src/lib.rs`, included here
//! as `checks`): no panic, every error coded, and a sample's own receipt verifies.
//!
//! Inputs start from the fixtures and are mutated byte-wise (flips, interesting bytes and
//! tokens, cuts, copies, splices) or, for JSON, node-wise (a value replaced, a key dropped
//! or renamed, an array element repeated). Every generator is seeded, so a failure
//! reproduces. Crashes found here or by the fuzz targets are kept at the end as
//! regression tests whose inputs are made by code, each naming what it once did.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

use deepdive::consultation::BUILTINS;
use deepdive::ingest::{self, Options};
use deepdive::sampling::{sample, Allocation, Filter, Plan, Receipt, SourceInfo};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Map, Value};

fn fixture(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const CSV_FIXTURES: &[&str] = &[
    "tests/fixtures/sampling/annex-a-cp.csv",
    "tests/fixtures/sampling/unicode.csv",
    "www/examples/annex-a-referrals.csv",
];

/// The largest input a mutation makes.
const MAX_LEN: usize = 64 * 1024;

const BYTES: &[u8] = b"\0\t\n\r \",;=+-@|\\'0019AZaz\x7f\x80\xa0\xc3\xe9\xef\xbb\xbf\xfe\xff";

const TOKENS: &[&str] = &[
    "\"\"",
    "\r\n",
    "\u{feff}",
    "\u{a0}",
    "\u{200b}",
    "\u{fffd}",
    "\"\n\"",
    "-1",
    "0",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e309",
    "-0",
    "null",
    "true",
    "[]",
    "{}",
    "\"x\":1,",
    "2015-02-29",
    "29/02/2016",
    "+262142-12-31",
    "0000-01-01",
    "XFD1048576",
    "XFE1",
    "MWLQKWX2",
    "A4294967299",
    "<row r=\"1048577\">",
    "<c r=\"A1\" t=\"s\"><v>99</v></c>",
    "&#0;",
    "]]>",
];

/// One byte-wise mutation of `data` (with `other` to splice from).
fn mutate_once(rng: &mut StdRng, data: &mut Vec<u8>, other: &[u8]) {
    let at = |rng: &mut StdRng, len: usize| rng.random_range(0..=len);
    match rng.random_range(0..8) {
        0 if !data.is_empty() => {
            let i = rng.random_range(0..data.len());
            data[i] ^= 1 << rng.random_range(0..8);
        }
        1 if !data.is_empty() => {
            let i = rng.random_range(0..data.len());
            data[i] = BYTES[rng.random_range(0..BYTES.len())];
        }
        2 => {
            let i = at(rng, data.len());
            let t = TOKENS[rng.random_range(0..TOKENS.len())];
            data.splice(i..i, t.bytes());
        }
        3 if !data.is_empty() => {
            let i = rng.random_range(0..data.len());
            let n = rng.random_range(1..=(data.len() - i).min(64));
            data.drain(i..i + n);
        }
        4 if !data.is_empty() => {
            // Repeat a piece, up to 64 times.
            let i = rng.random_range(0..data.len());
            let n = rng.random_range(1..=(data.len() - i).min(32));
            let piece = data[i..i + n].to_vec();
            let times = rng.random_range(1..64);
            let j = at(rng, data.len());
            data.splice(j..j, piece.iter().copied().cycle().take(n * times));
        }
        5 if !other.is_empty() => {
            let i = at(rng, data.len());
            let from = rng.random_range(0..other.len());
            let n = rng.random_range(1..=(other.len() - from).min(256));
            data.splice(i..i, other[from..from + n].iter().copied());
        }
        6 => {
            let i = at(rng, data.len());
            let n = rng.random_range(1..16);
            let random: Vec<u8> = (0..n).map(|_| rng.random()).collect();
            data.splice(i..i, random);
        }
        _ => data.truncate(at(rng, data.len())),
    }
    data.truncate(MAX_LEN);
}

fn mutate(rng: &mut StdRng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..rng.random_range(1..6) {
        mutate_once(rng, &mut data, other);
    }
    data
}

/// A random JSON value, shallow.
fn random_value(rng: &mut StdRng) -> Value {
    match rng.random_range(0..9) {
        0 => Value::Null,
        1 => json!(rng.random::<bool>()),
        2 => json!(rng.random_range(-3i64..300)),
        3 => [
            json!(u64::MAX),
            json!(u64::from(u32::MAX) + 1),
            json!(0),
            json!(-1),
        ][rng.random_range(0..4)]
        .clone(),
        4 => json!(1e300 * f64::from(rng.random_range(-1i32..2))),
        5 => json!(TOKENS[rng.random_range(0..TOKENS.len())]),
        6 => json!("x".repeat(rng.random_range(0..6000))),
        7 => json!([]),
        _ => json!({}),
    }
}

/// Every node of a JSON value, as a path of keys and indices.
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for k in m.keys() {
                here.push(Step::Key(k.clone()));
                paths(&m[k], here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// A few node-wise mutations of a JSON document: replace a value, drop or rename a key,
/// repeat or drop an array element, or copy one node over another.
fn mutate_json(rng: &mut StdRng, doc: &Value) -> Value {
    let mut doc = doc.clone();
    for _ in 0..rng.random_range(1..4) {
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        let path = all[rng.random_range(0..all.len())].clone();
        let donor = {
            let p = &all[rng.random_range(0..all.len())];
            node(&mut doc.clone(), p).clone()
        };
        let target = node(&mut doc, &path);
        match rng.random_range(0..6) {
            0 => *target = random_value(rng),
            1 => *target = donor,
            2 => match target {
                Value::Object(m) if !m.is_empty() => {
                    let k = m.keys().nth(rng.random_range(0..m.len())).cloned();
                    let v = k.as_ref().and_then(|k| m.remove(k));
                    if let (Some(k), Some(v), true) = (k, v, rng.random::<bool>()) {
                        m.insert(format!("{k}x"), v);
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = rng.random_range(0..a.len());
                    if rng.random::<bool>() {
                        a.remove(i);
                    } else {
                        let x = a[i].clone();
                        a.insert(i, x);
                    }
                }
                _ => *target = random_value(rng),
            },
            3 => {
                if let Value::String(s) = target {
                    let mut bytes = s.clone().into_bytes();
                    mutate_once(rng, &mut bytes, b"");
                    *s = String::from_utf8_lossy(&bytes).into_owned();
                } else {
                    *target = random_value(rng);
                }
            }
            4 => {
                if let Value::Object(m) = target {
                    m.insert(
                        TOKENS[rng.random_range(0..TOKENS.len())].into(),
                        random_value(rng),
                    );
                }
            }
            _ => {
                if let Value::Array(a) = target {
                    for _ in 0..rng.random_range(1..50) {
                        a.push(donor.clone());
                    }
                }
            }
        }
    }
    doc
}

fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("a seed is JSON")
}

#[test]
fn overflow_checks_are_on() {
    // The harness is only worth its cases if arithmetic overflow panics.
    let r = std::panic::catch_unwind(|| std::hint::black_box(u8::MAX) + std::hint::black_box(1));
    assert!(r.is_err(), "overflow checks are off in this profile");
}

#[test]
fn mutated_csv_files_are_read_or_refused_with_a_code() {
    let seeds: Vec<Vec<u8>> = CSV_FIXTURES.iter().map(|f| fixture(f)).collect();
    let mut rng = StdRng::seed_from_u64(11);
    for case in 0..300 {
        let seed = &seeds[case % seeds.len()];
        // Most cases cut the large fixtures down so that each stays quick.
        let seed = &seed[..seed.len().min(rng.random_range(64..4096))];
        let other = &seeds[rng.random_range(0..seeds.len())];
        checks::csv(&mutate(&mut rng, seed, other));
    }
}

/// A random CSV text: a header of up to 6 columns (blank, repeated or odd names) and up
/// to 60 rows of short values, with random delimiters, quotes and line ends.
fn random_csv(rng: &mut StdRng) -> Vec<u8> {
    let delim = [",", ";", "\t", "|", " "][rng.random_range(0..5)];
    let end = ["\n", "\r\n", "\r"][rng.random_range(0..3)];
    let names = ["ID", "Team", "Date of Birth", "", "ID", "x", "Note"];
    let width = rng.random_range(1..7);
    let values = [
        "",
        "A",
        "B",
        "C1",
        "C2",
        "C1",
        " ",
        "01/02/2010",
        "2010-02-30",
        "40179",
        "\"q\"\"\"",
        "=1+1",
        "é",
        "\u{feff}x",
    ];
    let mut out = String::new();
    let header: Vec<&str> = (0..width)
        .map(|_| names[rng.random_range(0..names.len())])
        .collect();
    out.push_str(&header.join(delim));
    out.push_str(end);
    for _ in 0..rng.random_range(0..60) {
        let n = if rng.random_range(0..10) == 0 {
            rng.random_range(0..width + 2)
        } else {
            width
        };
        let row: Vec<&str> = (0..n)
            .map(|_| values[rng.random_range(0..values.len())])
            .collect();
        out.push_str(&row.join(delim));
        out.push_str(end);
    }
    out.into_bytes()
}

#[test]
fn random_csv_tables_are_read_or_refused_with_a_code() {
    let mut rng = StdRng::seed_from_u64(12);
    for _ in 0..400 {
        checks::csv(&random_csv(&mut rng));
    }
}

#[test]
fn mutated_workbooks_are_read_or_refused_with_a_code() {
    let book = fixture("tests/fixtures/annex-a.xlsx");
    let sheet_data = concat!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>"#,
        r#"<c r="B1" t="inlineStr"><is><t>Date</t></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c>"#,
        r#"<c r="B2"><v>40179</v></c><c r="C2" t="b"><v>1</v></c></row>"#,
        r#"<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4"><v>1.5</v></c></row>"#,
    )
    .as_bytes();
    let mut rng = StdRng::seed_from_u64(13);
    for case in 0..300 {
        let input = if case % 3 == 0 {
            // The real workbook, mutated: mostly a damaged zip.
            mutate(&mut rng, &book, sheet_data)
        } else {
            // A sheet's XML, mutated, inside a sound zip.
            mutate(&mut rng, sheet_data, sheet_data)
        };
        checks::xlsx(&input);
    }
}

/// A random plan for a table with these columns (sometimes naming columns it lacks).
fn random_plan(rng: &mut StdRng, columns: &[String]) -> Plan {
    // Mostly sound plans, so that most cases draw; one part in ten is hostile.
    let hostile = rng.random_range(0..10) == 0;
    let pick = |rng: &mut StdRng| -> String {
        if columns.is_empty() || (hostile && rng.random::<bool>()) {
            "Missing".into()
        } else {
            columns[rng.random_range(0..columns.len())].clone()
        }
    };
    let size = if hostile {
        [0, u32::MAX, 1 << 31][rng.random_range(0..3)]
    } else {
        rng.random_range(1..12)
    };
    let seed = if hostile {
        ["", " ", "\u{0}"][rng.random_range(0..3)]
    } else {
        "1234"
    };
    let mut plan = Plan::simple(&pick(rng), size, seed);
    for _ in 0..rng.random_range(0..3) {
        let c = pick(rng);
        if !plan.strata.contains(&c) || hostile {
            plan.strata.push(c);
        }
    }
    plan.allocation = [
        Allocation::Proportional,
        Allocation::Equal,
        Allocation::Minimum,
    ][rng.random_range(0..3)];
    plan.min_per_stratum = match (plan.allocation, hostile) {
        (_, true) => [None, Some(0), Some(u32::MAX)][rng.random_range(0..3)],
        (Allocation::Minimum, false) => Some(rng.random_range(1..3)),
        _ => None,
    };
    plan.reserves = if hostile {
        u32::MAX
    } else {
        rng.random_range(0..3)
    };
    let date = |rng: &mut StdRng| {
        [
            None,
            chrono::NaiveDate::from_ymd_opt(2010, 2, 1),
            chrono::NaiveDate::from_ymd_opt(1900, 1, 1),
        ][rng.random_range(0..3)]
    };
    for _ in 0..rng.random_range(0..3) {
        let column = pick(rng);
        plan.filters.push(match rng.random_range(0..5) {
            0 => Filter::Equals {
                column,
                value: "A".into(),
            },
            1 => Filter::OneOf {
                column,
                values: vec!["A".into(), "C1".into()],
            },
            2 => Filter::NotBlank { column },
            3 => Filter::DateBetween {
                column,
                from: date(rng),
                to: date(rng),
            },
            _ => Filter::AgeBetween {
                column,
                min: [None, Some(0), Some(5), Some(200)][rng.random_range(0..4)],
                max: [None, Some(17), Some(u32::MAX)][rng.random_range(0..3)],
            },
        });
    }
    plan.reference_date = chrono::NaiveDate::from_ymd_opt(2015, 10, 5);
    plan
}

#[test]
fn random_plans_sample_and_their_receipts_verify() {
    let mut rng = StdRng::seed_from_u64(14);
    let mut drawn = 0;
    for _ in 0..400 {
        let file = random_csv(&mut rng);
        let Ok(got) = ingest::read(&file, &Options::default()) else {
            continue;
        };
        let plan = random_plan(&mut rng, got.table.columns());
        if sample(&got.table, &plan).is_ok() {
            drawn += 1;
        }
        checks::sample_and_verify(&got, &file, &plan);
    }
    // The generators must reach the draw, not only refusals.
    assert!(drawn > 100, "only {drawn} of 400 plans drew a sample");
}

#[test]
fn fixture_lists_with_mutated_plans_sample_and_verify() {
    let cp = fixture(CSV_FIXTURES[0]);
    let plan = json!({
        "idColumn": "Child Unique ID", "size": 12, "seed": "3 6 1 6 2 5 4 4",
        "strata": ["Gender"], "allocation": "minimum", "minPerStratum": 1, "reserves": 2,
        "filters": [
            {"op": "date-between", "column": "Plan Start Date", "from": "2014-10-01", "to": "2015-09-30"},
            {"op": "age-between", "column": "Date of Birth", "min": 0, "max": 17}
        ],
        "referenceDate": "2015-10-05"
    });
    let mut rng = StdRng::seed_from_u64(15);
    for case in 0..150 {
        let plan = mutate_json(&mut rng, &plan).to_string();
        let file = if case % 2 == 0 {
            cp.clone()
        } else {
            mutate(&mut rng, &cp, b"")
        };
        checks::sample_verify(&[plan.as_bytes(), &[checks::PLAN_SEPARATOR], &file].concat());
    }
}

/// A receipt of the worked example's list, drawn with `plan`.
fn example_receipt(plan: &Plan) -> Value {
    let list = checks::EXAMPLE_LIST.as_bytes();
    let got = ingest::read(list, &Options::default()).unwrap();
    let s = sample(&got.table, plan).unwrap();
    let source = SourceInfo::new(list, "csv", "utf-8", got.rows_read);
    parse_json(Receipt::new(&s, &source).to_json().as_bytes())
}

#[test]
fn mutated_receipts_are_refused_with_a_code_or_verified_without_panic() {
    let mut stratified = Plan::simple("ID", 2, "6 1 4 4 2 3");
    stratified.strata = vec!["Team".into()];
    stratified.reserves = 1;
    let mut filtered = Plan::simple("ID", 3, "x");
    filtered.filters = vec![Filter::AgeBetween {
        column: "Date of Birth".into(),
        min: Some(5),
        max: None,
    }];
    filtered.reference_date = chrono::NaiveDate::from_ymd_opt(2015, 10, 5);
    let receipts = [
        example_receipt(&Plan::simple("ID", 3, "1")),
        example_receipt(&stratified),
        example_receipt(&filtered),
    ];
    let mut rng = StdRng::seed_from_u64(16);
    for case in 0..400 {
        let r = &receipts[case % receipts.len()];
        if case % 4 == 0 {
            let text = r.to_string();
            checks::receipt(&mutate(&mut rng, text.as_bytes(), b""));
        } else {
            checks::receipt(mutate_json(&mut rng, r).to_string().as_bytes());
        }
    }
}

#[test]
fn mutated_definitions_are_valid_or_refused_with_a_code() {
    let mut seeds: Vec<Value> = BUILTINS
        .iter()
        .map(|(_, t)| parse_json(t.as_bytes()))
        .collect();
    seeds.push(parse_json(&fixture(
        "tests/fixtures/consultation/survey.json",
    )));
    let mut rng = StdRng::seed_from_u64(17);
    for case in 0..300 {
        let seed = &seeds[case % seeds.len()];
        if case % 5 == 0 {
            let text = seed.to_string();
            checks::definition(&mutate(&mut rng, text.as_bytes(), b""));
        } else {
            checks::definition(mutate_json(&mut rng, seed).to_string().as_bytes());
        }
    }
}

fn demo_responses() -> Vec<Value> {
    let text = String::from_utf8(fixture("www/examples/demo-responses.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_json(l.as_bytes()))
        .collect()
}

#[test]
fn mutated_responses_are_valid_or_refused_with_a_code() {
    let seeds = demo_responses();
    let mut rng = StdRng::seed_from_u64(18);
    for case in 0..400 {
        let seed = &seeds[case % seeds.len()];
        if case % 5 == 0 {
            let text = seed.to_string();
            checks::response(&mutate(&mut rng, text.as_bytes(), b""));
        } else {
            checks::response(mutate_json(&mut rng, seed).to_string().as_bytes());
        }
    }
}

#[test]
fn summaries_of_mutated_responses_hold_together() {
    let seeds = demo_responses();
    let mut rng = StdRng::seed_from_u64(19);
    for _ in 0..60 {
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..rng.random_range(0..30) {
            let seed = &seeds[rng.random_range(0..seeds.len())];
            lines.push(match rng.random_range(0..3) {
                0 => seed.to_string(),
                1 => mutate_json(&mut rng, seed).to_string(),
                _ => {
                    let text = seed.to_string();
                    String::from_utf8_lossy(&mutate(&mut rng, text.as_bytes(), b""))
                        .replace('\n', " ")
                }
            });
        }
        checks::summary(lines.join("\n").as_bytes());
    }
}

#[test]
fn json_mutation_reaches_every_kind_of_node() {
    // The mutator itself: over many rounds it changes objects, arrays and scalars.
    let doc = json!({"a": [1, {"b": "c"}], "d": null});
    let mut rng = StdRng::seed_from_u64(20);
    let changed = (0..200)
        .filter(|_| mutate_json(&mut rng, &doc) != doc)
        .count();
    assert!(
        changed > 150,
        "only {changed} of 200 mutations changed the document"
    );
    let mut keys = Map::new();
    keys.insert("k".into(), json!(1));
    assert_ne!(
        mutate_json(&mut rng, &Value::Object(keys.clone())),
        Value::Object(keys)
    );
}

// Crashes found by fuzzing, kept as regression tests: each was a panic, an abort or
// endless growth inside calamine 0.35, fixed in the patched copy (vendor/calamine).

/// `old.xls` with 78 zero bytes inserted into its directory sector (found by the `xlsx`
/// fuzz target): the sector chain becomes a cycle.
fn ole_with_a_cyclic_sector_chain() -> Vec<u8> {
    let mut bytes = fixture("tests/fixtures/old.xls");
    bytes.splice(4608..4608, [0u8; 78]);
    bytes
}

#[test]
fn ole_file_with_a_cyclic_sector_chain() {
    let err = ingest::read(&ole_with_a_cyclic_sector_chain(), &Options::default()).unwrap_err();
    checks::check_error(&err);
}

/// A one-sheet workbook holding one cell at `reference`.
fn workbook_with_cell_at(reference: &str) -> Vec<u8> {
    checks::workbook_from_sheet_data(
        format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c></row><row r="2"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>"#
        )
        .as_bytes(),
    )
}

#[test]
fn cell_reference_with_a_row_past_u32() {
    let err = ingest::read(&workbook_with_cell_at("A4294967299"), &Options::default()).unwrap_err();
    checks::check_error(&err);
}

#[test]
fn cell_reference_with_too_many_column_letters() {
    let err = ingest::read(&workbook_with_cell_at("MWLQKWX2"), &Options::default()).unwrap_err();
    checks::check_error(&err);
}

/// `old.xls` cut 13 bytes into its directory sector (sector 9, at byte 5,120; found by the
/// `xlsx` fuzz target).
fn ole_with_a_cut_directory_sector() -> Vec<u8> {
    let mut bytes = fixture("tests/fixtures/old.xls");
    bytes.truncate(5120 + 13);
    bytes
}

#[test]
fn ole_file_with_a_cut_directory_sector() {
    let err = ingest::read(&ole_with_a_cut_directory_sector(), &Options::default()).unwrap_err();
    checks::check_error(&err);
}

/// Both OLE fixtures cut at every 16th byte, and with each 32-bit header field (bytes 44
/// to 76: sector counts and starts) set to 0, 1, 0xFFFF or 0xFFFF_FFFE.
fn ole_sweep() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for f in ["tests/fixtures/old.xls", "tests/fixtures/protected.xlsx"] {
        let bytes = fixture(f);
        // Every third length: cuts inside a word and inside a sector, and at their ends.
        for n in (0..bytes.len()).step_by(3) {
            out.push(bytes[..n].to_vec());
        }
        for at in (44..76).step_by(4) {
            for v in [0u32, 1, 0xFFFF, 0xFFFF_FFFE] {
                let mut b = bytes.clone();
                b[at..at + 4].copy_from_slice(&v.to_le_bytes());
                out.push(b);
            }
        }
    }
    out
}

#[test]
fn cut_and_edited_ole_files_are_refused_with_a_code() {
    for input in ole_sweep() {
        if let Err(e) = ingest::read(&input, &Options::default()) {
            checks::check_error(&e);
        }
    }
}
