//! The case-sampling functions of the JavaScript API: preview a case list, draw a sample
//! with its receipt, verify a receipt against a file, and draw a seed.
//!
//! Files arrive as a `Uint8Array` (or `ArrayBuffer`) of their bytes; nothing is sent
//! anywhere. Ingest options (`sheet`, `delimiter`, `hasHeader`) ride along with the plan.

use super::{bad, get, is_absent, known_keys, to_js, to_wire, JsResult};
use crate::error::{Code, Collector, Error, Result};
use crate::ingest::{self, Ingested, Options, RowProblem};
use crate::sampling::receipt::SourceExcluded;
use crate::sampling::{self, plan::seed_from_entropy, Plan, Receipt, Sample, SourceInfo};
use js_sys::{ArrayBuffer, Uint8Array, JSON};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

const INGEST_KEYS: [&str; 3] = ["sheet", "delimiter", "hasHeader"];
const PLAN_KEYS: [&str; 10] = [
    "idColumn",
    "size",
    "seed",
    "strata",
    "allocation",
    "minPerStratum",
    "reserves",
    "filters",
    "referenceDate",
    "inputSha256",
];

/// A file's bytes, copied into WebAssembly memory once.
fn bytes_arg(value: &JsValue) -> Result<Vec<u8>> {
    if value.is_instance_of::<Uint8Array>() {
        return Ok(value.unchecked_ref::<Uint8Array>().to_vec());
    }
    if value.is_instance_of::<ArrayBuffer>() {
        return Ok(Uint8Array::new(value).to_vec());
    }
    Err(bad(
        "bytes",
        "bytes must be a Uint8Array or ArrayBuffer of the file",
    ))
}

/// The ingest options from an options or plan object (absent keys are detected).
fn ingest_options(object: &JsValue) -> Result<Options> {
    let mut opts = Options::default();
    if is_absent(object) {
        return Ok(opts);
    }
    let mut c = Collector::default();
    let sheet = get(object, "sheet");
    if !is_absent(&sheet) {
        match sheet.as_string() {
            Some(s) => opts.sheet = Some(s),
            None => c.push(Code::BadArgument, "sheet", "sheet must be a sheet's name"),
        }
    }
    let delimiter = get(object, "delimiter");
    if !is_absent(&delimiter) {
        match delimiter.as_string().as_deref() {
            Some("tab") | Some("\t") => opts.delimiter = Some(b'\t'),
            Some(d) if d.len() == 1 && d.is_ascii() => opts.delimiter = d.bytes().next(),
            _ => c.push(
                Code::BadArgument,
                "delimiter",
                "delimiter must be one character: “,”, “;”, “|” or a tab (“\\t” or “tab”)",
            ),
        }
    }
    let header = get(object, "hasHeader");
    if !is_absent(&header) {
        match header.as_bool() {
            Some(h) => opts.has_header = Some(h),
            None => c.push(
                Code::BadArgument,
                "hasHeader",
                "hasHeader must be true or false",
            ),
        }
    }
    c.finish()?;
    Ok(opts)
}

#[derive(Serialize)]
struct ProblemWire<'a> {
    sheet: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    code: &'static str,
    message: &'a str,
}

fn problem_wire(p: &RowProblem) -> ProblemWire<'_> {
    ProblemWire {
        sheet: p.sheet.as_deref(),
        line: p.line,
        column: p.column,
        code: p.code.as_str(),
        message: &p.message,
    }
}

fn delimiter_text(d: Option<u8>) -> Option<String> {
    d.map(|b| char::from(b).to_string())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewWire<'a> {
    format: &'static str,
    encoding: &'static str,
    delimiter: Option<String>,
    sheets: &'a [String],
    sheet: Option<&'a str>,
    has_header: bool,
    header_line: Option<u32>,
    columns: &'a [String],
    rows: Vec<&'a [String]>,
    lines: Vec<u32>,
    row_count: Option<u64>,
    problems: Vec<ProblemWire<'a>>,
}

/// The first rows of a case list as the file has them, with what was detected:
/// `{format, encoding, delimiter, sheets, sheet, hasHeader, headerLine, columns, rows,
/// lines, rowCount, problems}`. `rowCount` is null when the preview stopped early.
#[wasm_bindgen(js_name = previewTable)]
pub fn preview_table(bytes: JsValue, options: JsValue) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    if !is_absent(&options) {
        let mut keys = INGEST_KEYS.to_vec();
        keys.push("rows");
        c.take(known_keys(&options, &keys, ""));
    }
    let opts = c.take(ingest_options(&options));
    let rows = get(&options, "rows");
    let rows = match rows.as_f64() {
        None if is_absent(&rows) => Some(ingest::DEFAULT_PREVIEW_ROWS),
        Some(n) if n.fract() == 0.0 && (1.0..=ingest::MAX_PREVIEW_ROWS as f64).contains(&n) => {
            Some(n as usize)
        }
        _ => {
            c.push(
                Code::BadArgument,
                "rows",
                format!(
                    "rows must be a whole number from 1 to {}",
                    ingest::MAX_PREVIEW_ROWS
                ),
            );
            None
        }
    };
    let (data, opts, rows) = c
        .finish_with(|| Some((data?, opts?, rows?)))
        .map_err(to_js)?;
    let p = ingest::preview(&data, &opts, rows).map_err(to_js)?;
    to_wire(&PreviewWire {
        format: p.source.format.as_str(),
        encoding: p.source.encoding.as_str(),
        delimiter: delimiter_text(p.source.delimiter),
        sheets: &p.source.sheets,
        sheet: p.source.sheet.as_deref(),
        has_header: p.source.has_header,
        header_line: p.source.header_line,
        columns: &p.columns,
        rows: p.rows.iter().map(|r| r.cells.as_slice()).collect(),
        lines: p.rows.iter().map(|r| r.line).collect(),
        row_count: p.row_count,
        problems: p.problems.iter().map(problem_wire).collect(),
    })
}

/// Reads a plan object: the ingest options, an optional precomputed input hash, and the
/// plan itself (through serde, so the receipt and the API read plans the same way).
fn plan_arg(plan: &JsValue) -> Result<(Options, Option<String>, Plan)> {
    if !plan.is_object() {
        return Err(bad(
            "plan",
            "plan must be an object such as {idColumn, size, seed}",
        ));
    }
    let mut keys = PLAN_KEYS.to_vec();
    keys.extend(INGEST_KEYS);
    let mut c = Collector::default();
    c.take(known_keys(plan, &keys, ""));
    let opts = c.take(ingest_options(plan));
    let text = JSON::stringify(plan)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    let mut value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let mut hash = None;
    if let Value::Object(map) = &mut value {
        for key in INGEST_KEYS {
            map.remove(key);
        }
        if let Some(h) = map.remove("inputSha256") {
            hash = c.take(hash_arg(h.as_str().map(str::to_owned)));
        }
    }
    let parsed = c.take(
        serde_json::from_value::<Plan>(value)
            .map_err(|e| bad("plan", format!("the plan is not valid: {e}"))),
    );
    c.finish_with(|| Some((opts?, hash, parsed?)))
}

/// A file hash given by the page (e.g. from WebCrypto), checked for shape.
fn hash_arg(h: Option<String>) -> Result<String> {
    match h {
        Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(h.to_ascii_lowercase())
        }
        _ => Err(bad(
            "inputSha256",
            "inputSha256 must be the file's SHA-256 as 64 hexadecimal digits",
        )),
    }
}

/// What the receipt says about the file.
fn source_info(input_sha256: String, read: &Ingested) -> SourceInfo {
    let mut source = SourceInfo::new(
        &[],
        read.source.format.as_str(),
        read.source.encoding.as_str(),
        read.rows_read,
    );
    source.input_sha256 = input_sha256;
    source.sheet = read.source.sheet.clone();
    source.excluded = read
        .excluded_counts()
        .into_iter()
        .map(|(code, count)| SourceExcluded {
            reason: code.as_str().to_owned(),
            count,
        })
        .collect();
    source
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CaseWire<'a> {
    row: u32,
    id: &'a str,
    stratum: usize,
    stratum_label: String,
    values: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StratumWire<'a> {
    values: &'a [String],
    label: String,
    eligible: u64,
    allocated: u64,
    reserves: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExclusionWire<'a> {
    reason: &'static str,
    line: u32,
    id: Option<&'a str>,
    column: Option<&'a str>,
    filter: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CountWire {
    reason: &'static str,
    filter: Option<usize>,
    count: u64,
}

#[derive(Serialize)]
struct DuplicateWire<'a> {
    id: &'a str,
    lines: &'a [u32],
    conflict: Option<&'a str>,
}

#[derive(Serialize)]
struct WarningWire<'a> {
    code: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SampleWire<'a> {
    columns: &'a [String],
    selected: Vec<CaseWire<'a>>,
    reserves: Vec<CaseWire<'a>>,
    strata: Vec<StratumWire<'a>>,
    counts: CountsWire,
    exclusions: Vec<ExclusionWire<'a>>,
    duplicates: Vec<DuplicateWire<'a>>,
    warnings: Vec<WarningWire<'a>>,
    problems: Vec<ProblemWire<'a>>,
    source: &'a SourceInfo,
    receipt: Value,
    receipt_json: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CountsWire {
    rows_read: u64,
    blank_rows: u64,
    rows_set_aside: usize,
    rows: u64,
    duplicate_copies: u64,
    records: u64,
    eligible: u64,
    excluded: Vec<CountWire>,
}

fn sample_wire<'a>(read: &'a Ingested, s: &'a Sample, source: &'a SourceInfo) -> SampleWire<'a> {
    let table = &read.table;
    let case = |c: &'a sampling::Case| CaseWire {
        row: c.line,
        id: &c.id,
        stratum: c.stratum,
        stratum_label: s
            .strata
            .get(c.stratum)
            .map(|st| sampling::stratum_label(&st.values))
            .unwrap_or_default(),
        values: table.record(c.record).collect(),
    };
    let receipt = Receipt::new(s, source);
    let receipt_json = receipt.to_json();
    SampleWire {
        columns: table.columns(),
        selected: s.selected.iter().map(case).collect(),
        reserves: s.reserves.iter().map(case).collect(),
        strata: s
            .strata
            .iter()
            .map(|st| StratumWire {
                values: &st.values,
                label: sampling::stratum_label(&st.values),
                eligible: st.eligible,
                allocated: st.allocated,
                reserves: st.reserves,
            })
            .collect(),
        counts: CountsWire {
            rows_read: read.rows_read,
            blank_rows: read.blank_rows,
            rows_set_aside: read.excluded.len(),
            rows: s.counts.rows,
            duplicate_copies: s.counts.duplicate_copies,
            records: s.counts.records,
            eligible: s.counts.eligible,
            excluded: s
                .counts
                .excluded
                .iter()
                .map(|e| CountWire {
                    reason: e.reason.as_str(),
                    filter: e.filter,
                    count: e.count,
                })
                .collect(),
        },
        exclusions: s
            .exclusions
            .iter()
            .map(|e| ExclusionWire {
                reason: e.reason.as_str(),
                line: e.line,
                id: e.id.as_deref(),
                column: e.column.as_deref(),
                filter: e.filter,
                message: &e.message,
            })
            .collect(),
        duplicates: s
            .duplicates
            .iter()
            .map(|d| DuplicateWire {
                id: &d.id,
                lines: &d.lines,
                conflict: d.conflict.as_deref(),
            })
            .collect(),
        warnings: s
            .warnings
            .iter()
            .map(|w| WarningWire {
                code: w.code.as_str(),
                message: &w.message,
            })
            .collect(),
        problems: read
            .excluded
            .iter()
            .chain(&read.problems)
            .map(problem_wire)
            .collect(),
        source,
        receipt: serde_json::from_str(&receipt_json).unwrap_or(Value::Null),
        receipt_json,
    }
}

/// Draws a sample: `{columns, selected, reserves, strata, counts, exclusions, duplicates,
/// warnings, problems, source, receipt, receiptJson}`; each case `{row, id, stratum,
/// stratumLabel, values}` with `values` in `columns` order.
#[wasm_bindgen]
pub fn sample(bytes: JsValue, plan: JsValue) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let parsed = c.take(plan_arg(&plan));
    let (data, (opts, hash, plan)) = c.finish_with(|| Some((data?, parsed?))).map_err(to_js)?;
    // Hash (unless the page already did), read, then free the file's copy before sampling.
    let hash = hash.unwrap_or_else(|| sampling::ticket::sha256_hex(&data));
    let read = ingest::read(&data, &opts).map_err(to_js)?;
    drop(data);
    let s = sampling::sample(&read.table, &plan).map_err(to_js)?;
    let source = source_info(hash, &read);
    to_wire(&sample_wire(&read, &s, &source))
}

#[derive(Serialize)]
struct DifferenceWire<'a> {
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct VerificationWire<'a> {
    ok: bool,
    differences: Vec<DifferenceWire<'a>>,
}

/// Re-runs a receipt against a file: `{ok, differences: [{kind, message}]}`. The file is
/// read with the receipt's sheet unless `options` says otherwise; `options.inputSha256`
/// gives the file's hash when the page already has it.
#[wasm_bindgen(js_name = verifyReceipt)]
pub fn verify_receipt(bytes: JsValue, receipt: JsValue, options: JsValue) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let text = match receipt.as_string() {
        Some(t) => Some(t),
        None if receipt.is_object() => JSON::stringify(&receipt).ok().and_then(|s| s.as_string()),
        None => {
            c.push(
                Code::BadArgument,
                "receipt",
                "receipt must be the receipt's JSON text or object",
            );
            None
        }
    };
    let parsed = text.map(|t| Receipt::from_json(&t).map_err(|e: Error| e.in_field("receipt")));
    let receipt = parsed.and_then(|r| c.take(r));
    let mut given_hash = None;
    if !is_absent(&options) {
        let mut keys = INGEST_KEYS.to_vec();
        keys.push("inputSha256");
        c.take(known_keys(&options, &keys, ""));
        let h = get(&options, "inputSha256");
        if !is_absent(&h) {
            given_hash = c.take(hash_arg(h.as_string()));
        }
    }
    let opts = c.take(ingest_options(&options));
    let (data, receipt, mut opts) = c
        .finish_with(|| Some((data?, receipt?, opts?)))
        .map_err(to_js)?;
    if opts.sheet.is_none() {
        opts.sheet = receipt.source.sheet.clone();
    }
    let hash = given_hash.unwrap_or_else(|| sampling::ticket::sha256_hex(&data));
    let read = ingest::read(&data, &opts).map_err(to_js)?;
    drop(data);
    let source = source_info(hash, &read);
    let v = sampling::verify(&read.table, &source, &receipt);
    to_wire(&VerificationWire {
        ok: v.ok,
        differences: v
            .differences
            .iter()
            .map(|d| DifferenceWire {
                kind: d.kind.as_str(),
                message: &d.message,
            })
            .collect(),
    })
}

/// A fresh seed from the operating system's entropy (the browser's
/// `crypto.getRandomValues`), as 20 digits in groups of four, e.g. `0412 9983 …`.
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> JsResult<String> {
    use rand::{rngs::SysRng, TryRng};
    let mut bytes = [0u8; 8];
    SysRng.try_fill_bytes(&mut bytes).map_err(|e| {
        to_js(Error::new(
            Code::BadArgument,
            format!("no random source: {e}"),
        ))
    })?;
    Ok(seed_from_entropy(bytes))
}
