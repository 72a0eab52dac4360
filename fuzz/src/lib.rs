//! What every fuzz target checks, one function per target, shared by the cargo-fuzz
//! targets in `fuzz_targets/` and the native harness `tests/robustness.rs` (which
//! includes this file as a module).
//!
//! Each function takes arbitrary bytes, feeds them through the crate's public API and
//! panics if a law breaks: every error carries a non-empty code and message, and a
//! sample's own receipt verifies against the table it was drawn from. A panic inside the
//! crate is a finding too.

// The repository's one zip writer for test inputs.
#[path = "../../tests/common/zip.rs"]
mod zip_writer;

use deepdive::consultation::{
    self, export, response, summarise, Consultation, Incoming, Options as SummaryOptions,
};
use deepdive::error::{Error, Problem};
use deepdive::ingest::{self, Options};
use deepdive::sampling::{sample, verify, Allocation, Plan, Receipt, SourceInfo};
use deepdive::table::Table;

/// Separates a plan (before) from a case list (after) in a `sample_verify` input.
pub const PLAN_SEPARATOR: u8 = 0;

/// Asserts that every problem of an error is coded and explained.
pub fn check_error(e: &Error) {
    assert!(
        !e.code().as_str().is_empty(),
        "an error without a code: {e:?}"
    );
    assert!(!e.problems().is_empty(), "an error without problems");
    check_problems(e.problems());
}

/// Asserts that each problem has a non-empty code and message.
pub fn check_problems(problems: &[Problem]) {
    for p in problems {
        assert!(
            !p.code.as_str().is_empty(),
            "a problem without a code: {p:?}"
        );
        assert!(!p.message.is_empty(), "a problem without a message: {p:?}");
    }
}

/// The ingest options the targets try on every input: detected, and fixed choices.
fn option_sets() -> [Options; 3] {
    [
        Options::default(),
        Options {
            delimiter: Some(b';'),
            has_header: Some(false),
            ..Options::default()
        },
        Options {
            has_header: Some(true),
            ..Options::default()
        },
    ]
}

/// Reads and previews a file with each option set; returns the first table read.
fn ingest_all(bytes: &[u8], sheet: Option<&str>) -> Option<ingest::Ingested> {
    let mut first = None;
    for mut opts in option_sets() {
        opts.sheet = sheet.map(str::to_owned);
        match ingest::read(bytes, &opts) {
            Ok(got) => {
                check_ingested(&got);
                first.get_or_insert(got);
            }
            Err(e) => check_error(&e),
        }
        match ingest::preview(bytes, &opts, 5) {
            Ok(p) => {
                assert!(
                    p.rows.len() <= 5,
                    "a preview of 5 rows showed {}",
                    p.rows.len()
                );
                for p in &p.problems {
                    assert!(!p.code.as_str().is_empty() && !p.message.is_empty());
                }
            }
            Err(e) => check_error(&e),
        }
    }
    first
}

fn check_ingested(got: &ingest::Ingested) {
    for p in got.excluded.iter().chain(&got.problems) {
        assert!(!p.code.as_str().is_empty(), "a row problem without a code");
        assert!(
            !p.message.is_empty(),
            "a row problem without a message: {p:?}"
        );
    }
    assert!(
        got.table.len() as u64 <= got.rows_read,
        "{} records from {} rows read",
        got.table.len(),
        got.rows_read
    );
    let width = got.table.columns().len();
    for r in 0..got.table.len() {
        assert_eq!(got.table.record(r).count(), width, "record {r} is ragged");
    }
}

/// CSV (or any file) ingest: read and preview with detected and fixed options.
pub fn csv(data: &[u8]) {
    ingest_all(data, None);
}

/// Workbook ingest. Bytes that start like a zip are read as they are; any other bytes
/// become the `sheetData` of a one-sheet workbook (a stored zip), so the fuzzer reaches
/// the sheet reader without having to forge a zip container and its checksums.
pub fn xlsx(data: &[u8]) {
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF]) {
        ingest_all(data, None);
        ingest_all(data, Some("Sheet1"));
    } else {
        let book = workbook_from_sheet_data(data);
        ingest_all(&book, None);
    }
}

/// A plan from arbitrary bytes: JSON when it parses, else one derived from the bytes and
/// the table's columns (so inputs without valid JSON still sample).
fn plan_for(json: Option<&[u8]>, table: &Table, salt: &[u8]) -> Option<Plan> {
    if let Some(json) = json {
        return serde_json::from_slice(json).ok();
    }
    let columns = table.columns();
    let id = columns.first()?;
    let h = salt
        .iter()
        .fold(0u32, |h, &b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let mut plan = Plan::simple(id, 1 + h % 9, &format!("seed {}", h % 1000));
    if columns.len() > 1 && h & 1 == 1 {
        plan.strata = vec![columns[1].clone()];
        plan.reserves = (h >> 1) % 3;
        plan.allocation = [Allocation::Proportional, Allocation::Equal][(h as usize >> 3) % 2];
    }
    Some(plan)
}

/// Sampling and verification: `plan JSON`, a NUL byte, then a case list (CSV or
/// workbook); or a case list alone, with a plan derived from it. A sample drawn must
/// verify against its own receipt, before and after the receipt's JSON round trip.
pub fn sample_verify(data: &[u8]) {
    let (json, file) = match data.iter().position(|&b| b == PLAN_SEPARATOR) {
        Some(i) => (Some(&data[..i]), &data[i + 1..]),
        None => (None, data),
    };
    let got = match ingest::read(file, &Options::default()) {
        Ok(got) => got,
        Err(e) => return check_error(&e),
    };
    let Some(plan) = plan_for(json, &got.table, file) else {
        return;
    };
    sample_and_verify(&got, file, &plan);
}

/// Draws a sample of an ingested table and checks that its receipt verifies.
pub fn sample_and_verify(got: &ingest::Ingested, file: &[u8], plan: &Plan) {
    let drawn = match sample(&got.table, plan) {
        Ok(s) => s,
        Err(e) => return check_error(&e),
    };
    let mut source = SourceInfo::new(
        file,
        got.source.format.as_str(),
        got.source.encoding.as_str(),
        got.rows_read,
    );
    source.sheet = got.source.sheet.clone();
    assert!(
        drawn.selected.len() <= plan.size as usize,
        "{} selected for a sample of {}",
        drawn.selected.len(),
        plan.size
    );
    let receipt = Receipt::new(&drawn, &source);
    let checked = verify(&got.table, &source, &receipt);
    assert!(
        checked.ok,
        "a sample's own receipt does not verify: {:?}",
        checked.differences
    );
    let back = Receipt::from_json(&receipt.to_json()).expect("a receipt's own JSON reads back");
    assert_eq!(back, receipt, "the receipt changed in its JSON round trip");
    assert!(verify(&got.table, &source, &back).ok);
}

/// The worked example's list in `docs/sampling.md`: the table receipts are checked against.
pub const EXAMPLE_LIST: &str = "ID,Team,Date of Birth\nC101,North,03/04/2009\nC102,South,2010-11-30\nC103,North,17/8/2006\nC104,North,12/12/2012\nC105,South,01/01/2008\nC106,North,29/02/2008\n";

/// Receipt parsing: a receipt read from text writes back to the same receipt, and
/// verifying it against a table answers (with differences, or none) without panicking.
pub fn receipt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = match Receipt::from_json(text) {
        Ok(r) => r,
        Err(e) => return check_error(&e),
    };
    let again = Receipt::from_json(&r.to_json()).expect("a receipt's own JSON reads back");
    assert_eq!(again, r, "the receipt changed in its JSON round trip");
    let list = EXAMPLE_LIST.as_bytes();
    let got = ingest::read(list, &Options::default()).expect("the example list reads");
    let source = SourceInfo::new(list, "csv", "utf-8", got.rows_read);
    let checked = verify(&got.table, &source, &r);
    for d in &checked.differences {
        assert!(!d.kind.as_str().is_empty() && !d.message.is_empty());
    }
    verify(&got.table, &r.source, &r);
    // Replacing a case of it (with and without the list) answers, or says why not.
    if let Some(case) = r.selected.first() {
        let ask = deepdive::sampling::Replace {
            id: case.id.clone(),
            reason: "fuzz".into(),
            at: "2015-09-24T09:00:00Z".into(),
        };
        for list in [None, Some((&got.table, &source))] {
            match deepdive::sampling::replace_case(&r, &ask, list) {
                Ok(amended) => assert_eq!(amended.replacements.len(), r.replacements.len() + 1),
                Err(e) => check_error(&e),
            }
        }
    }
}

/// Consultation definitions: validation answers with a consultation or coded problems;
/// a valid one answers the status and summary calls, and its definition, written out
/// and read back, is valid too.
pub fn definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = match consultation::parse(text) {
        Ok(c) => c,
        Err(e) => return check_error(&e),
    };
    for now in ["2026-03-01T09:00:00Z", "1999-12-31T23:59:59+14:00", "bad"] {
        if let Err(e) = consultation::status(&c, now) {
            check_error(&e);
        }
    }
    let s = summarise(&c, &[], SummaryOptions::default());
    for headings in [export::Headings::Wording, export::Headings::Codes] {
        export::responses_csv(&c, &s, headings);
        export::publication_csv(&c, &s, headings);
    }
    let written = serde_json::to_value(c.definition()).expect("a definition serialises");
    if let Err(e) = consultation::validate::from_value(&written) {
        panic!("a valid definition, written out, is refused: {e:?}");
    }
}

/// The consultations responses are checked against: the built-in ones.
fn consultations() -> &'static [Consultation] {
    consultation::builtins().expect("the built-in consultations load")
}

/// Response files: parsed, then validated against every built-in consultation.
pub fn response(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = match response::parse(text) {
        Ok(r) => r,
        Err(e) => return check_error(&e),
    };
    for c in consultations() {
        let checked = response::validate(c, &r);
        check_problems(&checked.problems);
        assert!(checked.answers.count() <= c.questions().len());
    }
}

/// Summaries: each line is one response file; they are summarised for the consultation
/// the first line names (or `demo`), with and without late responses, and exported.
pub fn summary(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let incoming: Vec<Incoming> = text
        .lines()
        .enumerate()
        .map(|(i, line)| Incoming::from_text(format!("response-{i}.json"), line))
        .collect();
    let id = incoming
        .iter()
        .find_map(|i| i.response.as_ref().ok())
        .map(|r| r.consultation.as_str())
        .unwrap_or("demo");
    let c = consultation::builtin(id)
        .or_else(|_| consultation::builtin("demo"))
        .expect("the demo consultation loads");
    for include_late in [false, true] {
        let s = summarise(c, &incoming, SummaryOptions { include_late });
        assert_eq!(s.total, incoming.len());
        assert!(s.accepted <= s.total && s.rejected.len() <= s.total);
        for r in &s.rejected {
            assert!(
                !r.problems.is_empty(),
                "a rejected response without a reason"
            );
            check_problems(&r.problems);
        }
        for headings in [export::Headings::Wording, export::Headings::Codes] {
            export::responses_csv(c, &s, headings);
            export::publication_csv(c, &s, headings);
        }
    }
}

/// A workbook of one sheet named `Sheet1` whose `sheetData` is the given bytes, as they
/// are (they may be broken XML).
pub fn workbook_from_sheet_data(sheet_data: &[u8]) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let workbook = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let mut sheet = format!(r#"<worksheet xmlns="{MAIN}"><sheetData>"#).into_bytes();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    zip_writer::stored_zip(&[
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}
