//! The case-sampling functions of the JavaScript API: preview a case list, draw a sample
//! with its receipt, verify a receipt against a file, and draw a seed.
//!
//! Files arrive as a `Uint8Array` (or `ArrayBuffer`) of their bytes; nothing is sent
//! anywhere. Ingest options (`sheet`, `delimiter`, `hasHeader`) ride along with the plan.
//!
//! **Freed objects.** The classes (`CaseFile`, `CaseList`, `PendingSample`, `Sha256`) keep
//! their state in an `Option`. wasm-bindgen's own `free()` is JavaScript that sets the
//! object's pointer to 0 and then hands it to Rust; any later call (or a second `free()`)
//! passes that 0, and wasm-bindgen throws a codeless `Error` ("null pointer passed to
//! rust", or "Attempt to use a moved value" in debug builds) before our code runs. So each
//! class defines its own `free()`, which replaces the generated one (a JavaScript class
//! keeps the last method of a name, the generated `free` comes first, and
//! `Symbol.dispose` is set to whichever `free` the class ends with): it empties the
//! `Option` and leaves the pointer alone, so the object stays valid, every later call
//! answers `object-freed`, and a second `free()` does nothing. The empty handle (a few
//! bytes) goes when the JavaScript object is collected, through wasm-bindgen's finalizer.
//! A consuming method (`PendingSample::finish`) takes `&mut self` and empties the
//! `Option` in the same way, once its arguments have passed their checks.

use super::{bad, get, internal, is_absent, known_keys, own_json, to_js, to_wire, JsResult};
use crate::error::{Code, Collector, Error, Result};
use crate::ingest::{self, Ingested, Options, RowProblem};
use crate::sampling::receipt::SourceExcluded;
use crate::sampling::{self, plan::seed_from_entropy, Plan, Receipt, Sample, SourceInfo};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use serde::Serialize;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const INGEST_KEYS: [&str; 3] = ["sheet", "delimiter", "hasHeader"];
const PLAN_KEYS: [&str; 12] = [
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
    "tracked",
    "commitment",
];

/// A file's bytes, copied into WebAssembly memory once.
fn bytes_arg(value: &JsValue) -> Result<Vec<u8>> {
    uint8_arg(
        value,
        "bytes",
        "bytes must be a Uint8Array or ArrayBuffer of the file",
    )
    .map(|a| a.to_vec())
}

/// A `Uint8Array`, or a view of an `ArrayBuffer`; `bad-argument` for a buffer that was
/// detached (transferred to another worker), which reads as no bytes at all.
fn uint8_arg(value: &JsValue, field: &str, message: &str) -> Result<Uint8Array> {
    let (array, buffer) = if value.is_instance_of::<Uint8Array>() {
        let array: Uint8Array = value.clone().unchecked_into();
        let buffer = array.buffer();
        (Some(array), buffer)
    } else if value.is_instance_of::<ArrayBuffer>() {
        (None, value.clone().unchecked_into())
    } else {
        return Err(bad(field, message));
    };
    // Only an empty buffer can be a detached one.
    if buffer.byte_length() == 0 && detached(&buffer) {
        return Err(bad(
            field,
            format!("{field} is a detached ArrayBuffer: its bytes were transferred elsewhere (e.g. to a worker) and are no longer here"),
        ));
    }
    Ok(array.unwrap_or_else(|| Uint8Array::new(&buffer)))
}

/// Whether an `ArrayBuffer` has been detached: its `detached` property where the browser
/// has one, else whether a view of it can be made (which throws when it is detached).
fn detached(buffer: &ArrayBuffer) -> bool {
    let flag = Reflect::get(buffer, &JsValue::from_str("detached")).unwrap_or_default();
    if let Some(flag) = flag.as_bool() {
        return flag;
    }
    let view = Uint8Array::new_with_length(0).constructor();
    Reflect::construct(&view, &js_sys::Array::of1(buffer)).is_err()
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

/// The TypeScript of the sampling wire objects (keep in step with the structs below:
/// `tests/js/wire-types.test.mjs` checks the keys on real data).
#[wasm_bindgen(typescript_custom_section)]
const TS_SAMPLING: &'static str = r#"
/** How to read a case list; each is detected when left out. */
export interface ReadingOptions {
  sheet?: string | null;
  delimiter?: string | null;
  hasHeader?: boolean | null;
}
export interface PreviewOptions extends ReadingOptions {
  rows?: number | null;
}
/** A problem with a row or cell of a case list. */
export interface RowProblem {
  sheet: string | null;
  line: number | null;
  column: number | null;
  code: string;
  message: string;
  /** Whether the row is left out of the table, as the core decides it. */
  excluded: boolean;
}
export interface Preview {
  format: string;
  encoding: string;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  hasHeader: boolean;
  headerLine: number | null;
  columns: string[];
  rows: string[][];
  lines: number[];
  rowCount: number | null;
  problems: RowProblem[];
}
/** A sampling plan (see the README's “JavaScript API” and `sampling::plan`). */
export interface SamplePlan extends ReadingOptions {
  idColumn: string;
  size: number;
  seed: string;
  strata?: string[];
  allocation?: string;
  minPerStratum?: number;
  reserves?: number;
  // any: a filter is one of several shapes the core's serde reads (`sampling::Filter`).
  filters?: any[];
  referenceDate?: string | null;
  inputSha256?: string;
  /** Cases tracked end to end, chosen before the draw and never drawn. */
  tracked?: TrackedPlanCase[];
  /** The SHA-256 of the commitment written before the seed (`commitment`). */
  commitment?: string;
}
export interface TrackedPlanCase {
  id: string;
  reason: string;
}
/** `commitment`'s plan: `sample`'s, written before the seed is known. */
export type CommitmentPlan = Omit<SamplePlan, 'seed' | 'commitment'> & { seed?: string };
export interface CommitmentOptions {
  /** When, RFC 3339 (default: now). */
  at?: string;
}
export interface CommitmentResult {
  /** The commitment file's JSON text. */
  commitment: string;
  /** Its SHA-256, for the plan's `commitment`. */
  sha256: string;
}
export interface ReplaceRequest {
  id: string;
  reason: string;
  /** When, RFC 3339 (default: now). */
  at?: string;
}
export interface ReplaceResult {
  // any: the receipt's JSON (docs/sampling.md), read back by `verifyReceipt`, not field by field.
  receipt: any;
  receiptJson: string;
}
export interface TrackedCase {
  row: number;
  id: string;
  stratumLabel: string;
  values: string[];
  reason: string;
}
export interface SampledCase {
  row: number;
  id: string;
  stratum: number;
  stratumLabel: string;
  values: string[];
}
export interface SampleStratum {
  values: string[];
  label: string;
  eligible: number;
  allocated: number;
  reserves: number;
}
export interface ExcludedCount {
  reason: string;
  filter: number | null;
  count: number;
}
export interface SampleCounts {
  rowsRead: number;
  blankRows: number;
  rowsSetAside: number;
  rows: number;
  duplicateCopies: number;
  records: number;
  eligible: number;
  excluded: ExcludedCount[];
}
export interface Exclusion {
  reason: string;
  line: number;
  id: string | null;
  column: string | null;
  filter: number | null;
  message: string;
}
export interface Duplicate {
  id: string;
  lines: number[];
  conflict: string | null;
}
export interface SampleWarning {
  code: string;
  message: string;
}
export interface SourceExcluded {
  reason: string;
  count: number;
}
/** What the receipt says about the file. */
export interface SampleSource {
  inputSha256: string;
  format: string;
  sheet: string | null;
  encoding: string;
  rowsRead: number;
  excluded: SourceExcluded[];
}
export interface SampleResult {
  columns: string[];
  selected: SampledCase[];
  reserves: SampledCase[];
  tracked: TrackedCase[];
  strata: SampleStratum[];
  counts: SampleCounts;
  exclusions: Exclusion[];
  duplicates: Duplicate[];
  warnings: SampleWarning[];
  problems: RowProblem[];
  source: SampleSource;
  // any: the receipt's JSON (docs/receipt.md), read back by `verifyReceipt`, not field by field.
  receipt: any;
  receiptJson: string;
}
export interface VerifyOptions extends ReadingOptions {
  inputSha256?: string | null;
  /** The commitment file's text, when the receipt's plan names one. */
  commitment?: string | null;
}
export interface ReceiptDifference {
  kind: string;
  message: string;
}
export interface Verification {
  ok: boolean;
  /** Whether the file's SHA-256 is the receipt's `inputSha256`. */
  sameFile: boolean;
  differences: ReceiptDifference[];
}
/** The hashes `PendingSample.finish` takes (64 hex digits each). */
export interface SampleHashes {
  inputSha256?: string;
  idsSha256?: string;
  recordsSha256?: string;
}
"#;

#[derive(Serialize)]
struct ProblemWire<'a> {
    sheet: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    code: &'static str,
    message: &'a str,
    /// Whether the row is left out of the table, as the core decides it.
    excluded: bool,
}

fn problem_wire(p: &RowProblem) -> ProblemWire<'_> {
    ProblemWire {
        sheet: p.sheet.as_deref(),
        line: p.line,
        column: p.column,
        code: p.code.as_str(),
        message: &p.message,
        excluded: p.code.excludes_row(),
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
#[wasm_bindgen(js_name = previewTable, unchecked_return_type = "Preview")]
pub fn preview_table(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let args = c.take(preview_args(&options));
    let (data, (opts, rows)) = c.finish_with(|| Some((data?, args?))).map_err(to_js)?;
    preview_of(&data, &opts, rows)
}

/// The options of a preview: how to read the file, and how many rows.
fn preview_args(options: &JsValue) -> Result<(Options, usize)> {
    let mut c = Collector::default();
    if !is_absent(options) {
        let mut keys = INGEST_KEYS.to_vec();
        keys.push("rows");
        c.take(known_keys(options, &keys, ""));
    }
    let opts = c.take(ingest_options(options));
    let rows = get(options, "rows");
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
    c.finish_with(|| Some((opts?, rows?)))
}

fn preview_of(data: &[u8], opts: &Options, rows: usize) -> JsResult<JsValue> {
    let p = ingest::preview(data, opts, rows).map_err(to_js)?;
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
    plan_arg_with(plan, false)
}

/// [`plan_arg`]; `seedless` lets the seed be left out (a commitment is written before
/// the seed is known), read as blank.
fn plan_arg_with(plan: &JsValue, seedless: bool) -> Result<(Options, Option<String>, Plan)> {
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
    let text = c.take(own_json(plan, "plan"));
    let value: Option<Value> = match text {
        Some(t) => match serde_json::from_str(&t) {
            Ok(v) => Some(v),
            Err(e) => c.take(Err(internal(format!(
                "a plan written out is not JSON: {e}"
            )))),
        },
        None => None,
    };
    let mut hash = None;
    let mut parsed = None;
    if let Some(mut value) = value {
        if let Value::Object(map) = &mut value {
            for key in INGEST_KEYS {
                map.remove(key);
            }
            if let Some(h) = map.remove("inputSha256") {
                hash = c.take(hash_arg(h.as_str().map(str::to_owned)));
            }
            if seedless && !map.contains_key("seed") {
                map.insert("seed".to_owned(), Value::String(String::new()));
            }
        }
        parsed = c.take(Plan::from_value(value));
    }
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
struct TrackedWire<'a> {
    row: u32,
    id: &'a str,
    stratum_label: String,
    values: Vec<&'a str>,
    reason: &'a str,
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
    tracked: Vec<TrackedWire<'a>>,
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
        tracked: s
            .tracked
            .iter()
            .map(|t| TrackedWire {
                row: t.line,
                id: &t.id,
                stratum_label: sampling::stratum_label(&t.stratum),
                values: table.record(t.record).collect(),
                reason: &t.reason,
            })
            .collect(),
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

/// Draws a sample: `{columns, selected, reserves, tracked, strata, counts, exclusions, duplicates,
/// warnings, problems, source, receipt, receiptJson}`; each case `{row, id, stratum,
/// stratumLabel, values}` with `values` in `columns` order.
#[wasm_bindgen(unchecked_return_type = "SampleResult")]
pub fn sample(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SamplePlan")] plan: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let parsed = c.take(plan_arg(&plan));
    let (data, (opts, hash, plan)) = c.finish_with(|| Some((data?, parsed?))).map_err(to_js)?;
    // Hash (unless the page already did), read, then free the file's copy before sampling.
    let hash = hash.unwrap_or_else(|| crate::digest::sha256_hex(&data));
    let read = ingest::read(&data, &opts).map_err(to_js)?;
    drop(data);
    sample_of(&read, hash, &plan)
}

fn sample_of(read: &Ingested, hash: String, plan: &Plan) -> JsResult<JsValue> {
    let s = sampling::sample(&read.table, plan).map_err(to_js)?;
    let source = source_info(hash, read);
    to_wire(&sample_wire(read, &s, &source))
}

#[derive(Serialize)]
struct DifferenceWire<'a> {
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VerificationWire<'a> {
    ok: bool,
    same_file: bool,
    differences: Vec<DifferenceWire<'a>>,
}

/// Re-runs a receipt against a file: `{ok, sameFile, differences: [{kind, message}]}`;
/// `sameFile` says whether the file's SHA-256 is the receipt's `inputSha256`. The file is
/// read with the receipt's sheet unless `options` says otherwise; `options.inputSha256`
/// gives the file's hash when the page already has it.
#[wasm_bindgen(js_name = verifyReceipt, unchecked_return_type = "Verification")]
pub fn verify_receipt(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object")] receipt: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let args = c.take(verify_args(&receipt, &options));
    let (data, args) = c.finish_with(|| Some((data?, args?))).map_err(to_js)?;
    verify_of(data, args)
}

/// What a receipt check needs besides the file: the receipt, how to read the file, and
/// the file's hash if the page has it.
struct VerifyArgs {
    receipt: Receipt,
    opts: Options,
    hash: Option<String>,
    /// The commitment file's text, to check the receipt's plan and list against.
    commitment: Option<String>,
}

fn verify_args(receipt: &JsValue, options: &JsValue) -> Result<VerifyArgs> {
    let mut c = Collector::default();
    let text = match receipt.as_string() {
        Some(t) => Some(t),
        None if receipt.is_object() => c.take(own_json(receipt, "receipt")),
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
    let mut hash = None;
    let mut commitment = None;
    if !is_absent(options) {
        let mut keys = INGEST_KEYS.to_vec();
        keys.extend(["inputSha256", "commitment"]);
        c.take(known_keys(options, &keys, ""));
        let h = get(options, "inputSha256");
        if !is_absent(&h) {
            hash = c.take(hash_arg(h.as_string()));
        }
        let text = get(options, "commitment");
        if !is_absent(&text) {
            commitment = c.take(commitment_text(&text));
        }
    }
    let opts = c.take(ingest_options(options));
    let (receipt, mut opts) = c.finish_with(|| Some((receipt?, opts?)))?;
    if opts.sheet.is_none() {
        opts.sheet = receipt.source.sheet.clone();
    }
    Ok(VerifyArgs {
        receipt,
        opts,
        hash,
        commitment,
    })
}

/// The most bytes a commitment file's text may have (they are a few kilobytes; a plan's
/// `one-of` values could make one larger).
const MAX_COMMITMENT_BYTES: usize = 4 << 20;

/// A commitment file's text, as given.
fn commitment_text(value: &JsValue) -> Result<String> {
    match value.as_string() {
        Some(t) if t.len() <= MAX_COMMITMENT_BYTES => Ok(t),
        Some(t) => Err(bad(
            "commitment",
            format!(
                "the commitment is {} bytes; a commitment file has at most {MAX_COMMITMENT_BYTES}",
                t.len()
            ),
        )),
        None => Err(bad(
            "commitment",
            "commitment must be the commitment file's text",
        )),
    }
}

/// Checks a receipt against a file's bytes. The bytes may be borrowed (a `CaseFile`) or
/// owned (a copy from JavaScript, freed as soon as the file is read).
fn verify_of<B: AsRef<[u8]>>(data: B, args: VerifyArgs) -> JsResult<JsValue> {
    let hash = args
        .hash
        .unwrap_or_else(|| crate::digest::sha256_hex(data.as_ref()));
    let read = ingest::read(data.as_ref(), &args.opts).map_err(to_js)?;
    drop(data);
    let source = source_info(hash, &read);
    let v = sampling::verify_with(
        &read.table,
        &source,
        &args.receipt,
        args.commitment.as_deref(),
    );
    to_wire(&VerificationWire {
        ok: v.ok,
        same_file: v.same_file,
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

/// The time now, from JavaScript's clock (the core has none), as RFC 3339 in UTC.
fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// An optional time argument: its text, or now when it is left out.
fn time_or_now(value: &JsValue, field: &str) -> Result<String> {
    if is_absent(value) {
        return Ok(now_iso());
    }
    value.as_string().ok_or_else(|| {
        Error::new(
            Code::BadTime,
            format!("{field} must be a date and time written like 2015-09-23T10:30:00Z"),
        )
        .in_field(field)
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReplacedWire {
    receipt: Value,
    receipt_json: String,
}

/// Replaces a case of a receipt's current sample by the next reserve of its stratum, in
/// ticket order: `{receipt, receiptJson}`, the receipt with the entry appended to its
/// `replacements` log. `request` is `{id, reason, at?}` (`at` defaults to now, from
/// JavaScript's clock). `bytes` (the case list) is needed only once the stratum's listed
/// reserves are used up, to draw the next tickets; `options` read it as `verifyReceipt`'s.
#[wasm_bindgen(js_name = replaceCase, unchecked_return_type = "ReplaceResult")]
pub fn replace_case(
    #[wasm_bindgen(unchecked_param_type = "string | object")] receipt: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReplaceRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | ArrayBuffer | null")]
    bytes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let args = c.take(verify_args(&receipt, &options));
    let ask = c.take(replace_request(&request));
    let data = if is_absent(&bytes) {
        None
    } else {
        c.take(bytes_arg(&bytes).map_err(|e| e.in_field("bytes")))
    };
    let (args, ask) = c.finish_with(|| Some((args?, ask?))).map_err(to_js)?;
    let amended = match data {
        None => sampling::replace_case(&args.receipt, &ask, None),
        Some(data) => {
            let hash = args
                .hash
                .clone()
                .unwrap_or_else(|| crate::digest::sha256_hex(&data));
            let read = ingest::read(&data, &args.opts).map_err(to_js)?;
            drop(data);
            let source = source_info(hash, &read);
            sampling::replace_case(&args.receipt, &ask, Some((&read.table, &source)))
        }
    }
    .map_err(to_js)?;
    let receipt_json = amended.to_json();
    to_wire(&ReplacedWire {
        receipt: serde_json::from_str(&receipt_json).unwrap_or(Value::Null),
        receipt_json,
    })
}

/// Reads `{id, reason, at?}`.
fn replace_request(request: &JsValue) -> Result<sampling::Replace> {
    if !request.is_object() {
        return Err(bad(
            "request",
            "the request must be an object such as {id, reason}",
        ));
    }
    let mut c = Collector::default();
    c.take(known_keys(request, &["id", "reason", "at"], ""));
    let id = c.take(super::string(&get(request, "id"), "id"));
    let reason = c.take(super::string(&get(request, "reason"), "reason"));
    let at = c.take(time_or_now(&get(request, "at"), "at"));
    c.finish_with(|| {
        Some(sampling::Replace {
            id: id?,
            reason: reason?,
            at: at?,
        })
    })
}

#[derive(Serialize)]
struct CommitmentWire {
    commitment: String,
    sha256: String,
}

/// Writes a commitment to a list and a plan before the seed is known: `{commitment,
/// sha256}`, the commitment file's JSON text and its SHA-256. The plan is `sample`'s
/// without its seed (one given is left out); `options.at` is the time to write in it,
/// by default now from JavaScript's clock. The plan that then draws the sample names
/// `sha256` as its `commitment`.
#[wasm_bindgen(unchecked_return_type = "CommitmentResult")]
pub fn commitment(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CommitmentPlan")] plan: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CommitmentOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let data = c.take(bytes_arg(&bytes));
    let parsed = c.take(plan_arg_with(&plan, true));
    let at = if is_absent(&options) {
        Some(now_iso())
    } else {
        c.take(known_keys(&options, &["at"], ""));
        c.take(time_or_now(&get(&options, "at"), "at"))
    };
    let (data, (opts, hash, plan), at) = c
        .finish_with(|| Some((data?, parsed?, at?)))
        .map_err(to_js)?;
    let hash = hash.unwrap_or_else(|| crate::digest::sha256_hex(&data));
    let read = ingest::read(&data, &opts).map_err(to_js)?;
    drop(data);
    let source = source_info(hash, &read);
    let (text, sha256) =
        sampling::commitment::write(&read.table, &source, &plan, &at).map_err(to_js)?;
    to_wire(&CommitmentWire {
        commitment: text,
        sha256,
    })
}

/// A fresh seed from the operating system's entropy (the browser's
/// `crypto.getRandomValues`), as 20 digits in groups of four, e.g. `0412 9983 …`.
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> JsResult<String> {
    use rand::{rngs::SysRng, TryRng};
    let mut bytes = [0u8; 8];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| to_js(internal(format!("the browser gave no random numbers: {e}"))))?;
    Ok(seed_from_entropy(bytes))
}

/// Rows in [`warm_up`]'s list: enough for the engine to optimise every loop of a draw.
const WARM_ROWS: usize = 20_000;

/// Reads and draws from a small built-in synthetic list, and throws the results away.
///
/// WebAssembly engines run a function on quickly compiled baseline code first and
/// optimise it once it has run for a while; a call already under way keeps the code it
/// started with. So the first draw from a large list would run its loops on baseline code
/// from start to end, markedly slower (the README's performance section has the
/// figures). Calling this once beforehand (the page's worker does it while the user reads
/// the preview) gets those loops optimised first; it costs a small fraction of a draw.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() {
    let _ = warm_up_draws();
}

/// [`warm_up`]'s work: the rows read, and the cases and reserves of its two draws.
fn warm_up_draws() -> Option<(usize, [usize; 2])> {
    use crate::sampling::{Allocation, Filter};
    use chrono::NaiveDate;
    use std::fmt::Write;
    let mut csv = String::with_capacity(WARM_ROWS * 64);
    csv.push_str("ID,Gender,Date of Birth,Team,Referred\r\n");
    let genders = ["a) Male", "b) Female", "c) Not known", ""];
    let teams = ["North", "South", "East", "West, Hub"];
    for i in 0..WARM_ROWS {
        // Short IDs, long ones (beyond what a sort key holds) and repeated ones.
        let _ = match i % 8 {
            0 => write!(csv, "warm-up-identifier-{:08},", i / 2),
            1 => write!(csv, "W{:06},", i / 3),
            _ => write!(csv, "W{i:07},"),
        };
        let _ = write!(
            csv,
            "{},{:02}/{:02}/{},\"{}\",{}-{:02}-{:02}\r\n",
            genders[i % 4],
            1 + i % 28,
            1 + i % 12,
            1995 + i % 25,
            teams[i / 5 % 4],
            2014 + i % 2,
            1 + i % 12,
            1 + i % 28
        );
    }
    let read = ingest::read(csv.as_bytes(), &Options::default()).ok()?;
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let mut plan = Plan::simple("ID", 60, "warm up");
    plan.strata = vec!["Gender".into()];
    plan.reserves = 2;
    plan.reference_date = date(2015, 9, 23);
    plan.filters = vec![
        Filter::AgeBetween {
            column: "Date of Birth".into(),
            min: Some(0),
            max: Some(15),
        },
        Filter::OneOf {
            column: "Team".into(),
            values: vec!["North".into(), "West, Hub".into()],
        },
    ];
    let first = sampling::sample_streaming(&read.table, &plan, &mut |_, _| {}).ok()?;
    plan.allocation = Allocation::Equal;
    plan.strata = vec!["Team".into(), "Gender".into()];
    plan.filters = vec![
        Filter::DateBetween {
            column: "Referred".into(),
            from: date(2014, 3, 1),
            to: date(2015, 10, 31),
        },
        Filter::NotBlank {
            column: "Gender".into(),
        },
        Filter::Equals {
            column: "Team".into(),
            value: "South".into(),
        },
    ];
    let second = sampling::sample(&read.table, &plan).ok()?;
    let drawn = |s: &Sample| s.selected.len() + s.reserves.len();
    Some((read.table.len(), [drawn(&first), drawn(&second)]))
}

/// A case list's file held in WebAssembly memory, filled chunk by chunk (`write`) from a
/// `File`'s slices, so the page never holds the whole file in JavaScript as well. It
/// previews, opens (reads into a [`CaseList`]) and checks receipts without copying the
/// bytes again.
#[wasm_bindgen]
pub struct CaseFile {
    /// `None` once freed.
    bytes: Option<Vec<u8>>,
}

/// A class's state, or `object-freed` once `free()` or a consuming method emptied it (see
/// the module docs).
fn live<'a, T>(state: &'a Option<T>, class: &str) -> JsResult<&'a T> {
    state.as_ref().ok_or_else(|| freed(class))
}

fn live_mut<'a, T>(state: &'a mut Option<T>, class: &str) -> JsResult<&'a mut T> {
    state.as_mut().ok_or_else(|| freed(class))
}

fn freed(class: &str) -> JsValue {
    to_js(Error::new(
        Code::ObjectFreed,
        format!("this {class} was freed (or finished) and cannot be used again"),
    ))
}

#[wasm_bindgen]
impl CaseFile {
    /// An empty file with room for `size` bytes (the `File`'s size).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] size: JsValue,
    ) -> JsResult<CaseFile> {
        let size = match size.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => n as usize,
            _ => {
                return Err(to_js(bad(
                    "size",
                    "size must be the file's size in bytes, a whole number under 4 GiB",
                )))
            }
        };
        ingest::check_file_size(size).map_err(to_js)?;
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(size)
            .map_err(|_| to_js(too_large(size)))?;
        Ok(CaseFile { bytes: Some(bytes) })
    }

    /// Appends a chunk of the file (a `Uint8Array` or `ArrayBuffer`).
    pub fn write(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] chunk: JsValue,
    ) -> JsResult<()> {
        let bytes = live_mut(&mut self.bytes, "CaseFile")?;
        let chunk = uint8_arg(&chunk, "chunk", "chunk must be a Uint8Array or ArrayBuffer")
            .map_err(to_js)?;
        let start = bytes.len();
        let n = chunk.length() as usize;
        ingest::check_file_size(start.saturating_add(n)).map_err(to_js)?;
        bytes
            .try_reserve(n)
            .map_err(|_| to_js(too_large(start + n)))?;
        bytes.resize(start + n, 0);
        chunk.copy_to(&mut bytes[start..]);
        Ok(())
    }

    /// The bytes written so far.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> JsResult<f64> {
        Ok(live(&self.bytes, "CaseFile")?.len() as f64)
    }

    /// The SHA-256 of the bytes, as hex (in WebAssembly; [`Sha256`] in a second worker
    /// hashes while this one reads).
    pub fn sha256(&self) -> JsResult<String> {
        Ok(crate::digest::sha256_hex(live(&self.bytes, "CaseFile")?))
    }

    /// As `dd.previewTable(bytes, options)`.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions | null")] options: JsValue,
    ) -> JsResult<JsValue> {
        let bytes = live(&self.bytes, "CaseFile")?;
        let (opts, rows) = preview_args(&options).map_err(to_js)?;
        preview_of(bytes, &opts, rows)
    }

    /// Frees the bytes; the object is `object-freed` from then on (see the module docs).
    pub fn free(&mut self) {
        self.bytes = None;
    }

    /// Reads the whole list into a [`CaseList`] with these ingest options
    /// (`{sheet?, delimiter?, hasHeader?}`). The file can be freed afterwards.
    pub fn open(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ReadingOptions | null")] options: JsValue,
    ) -> JsResult<CaseList> {
        let bytes = live(&self.bytes, "CaseFile")?;
        if !is_absent(&options) {
            known_keys(&options, &INGEST_KEYS, "").map_err(to_js)?;
        }
        let opts = ingest_options(&options).map_err(to_js)?;
        let read = ingest::read(bytes, &opts).map_err(to_js)?;
        Ok(CaseList {
            read: Some(Rc::new(read)),
        })
    }

    /// As `dd.verifyReceipt(bytes, receipt, options)`.
    #[wasm_bindgen(js_name = verifyReceipt, unchecked_return_type = "Verification")]
    pub fn verify_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] receipt: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions | null")] options: JsValue,
    ) -> JsResult<JsValue> {
        let bytes = live(&self.bytes, "CaseFile")?;
        let args = verify_args(&receipt, &options).map_err(to_js)?;
        verify_of(bytes, args)
    }
}

fn too_large(size: usize) -> Error {
    Error::new(
        Code::BadArgument,
        format!("there is not enough memory for a file of {size} bytes"),
    )
    .in_field("size")
}

/// A case list read into a table once and kept in WebAssembly memory, so the allocation
/// check, the draw and any redraw do not read the file again.
#[wasm_bindgen]
pub struct CaseList {
    /// Shared with a [`PendingSample`] drawn from it; `None` once freed.
    read: Option<Rc<Ingested>>,
}

#[wasm_bindgen]
impl CaseList {
    /// The column names.
    #[wasm_bindgen(getter)]
    pub fn columns(&self) -> JsResult<Vec<String>> {
        Ok(live(&self.read, "CaseList")?.table.columns().to_vec())
    }

    /// The usable data rows.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> JsResult<f64> {
        Ok(live(&self.read, "CaseList")?.table.len() as f64)
    }

    /// Frees the table (kept while a [`PendingSample`] drawn from it is unfinished); the
    /// object is `object-freed` from then on.
    pub fn free(&mut self) {
        self.read = None;
    }

    /// As `dd.sample(bytes, plan)`, except that the list was read when it was opened: the
    /// plan has no ingest options, and it must give the file's hash as `inputSha256`
    /// (the list keeps no copy of the bytes to hash).
    #[wasm_bindgen(unchecked_return_type = "SampleResult")]
    pub fn sample(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Omit<SamplePlan, keyof ReadingOptions>")]
        plan: JsValue,
    ) -> JsResult<JsValue> {
        let read = live(&self.read, "CaseList")?;
        let (hash, plan) = list_plan_arg(&plan).map_err(to_js)?;
        sample_of(read, hash, &plan)
    }

    /// As [`CaseList::sample`], in two steps: the draw now, and the receipt once the
    /// file's hash is known ([`PendingSample::finish`]), so the file can still be hashing
    /// on another core meanwhile: the plan's `inputSha256` may be left to `finish`.
    ///
    /// With a `streams` function, the two record hashes are left to the caller too, who
    /// can make them on another core while this one goes on with the draw: the bytes they
    /// cover are passed to `streams(name, bytes)` as they are made, with `name` `"ids"`
    /// (the whole message first) then `"records"`, and `bytes` a view of WebAssembly
    /// memory that is valid only until the callback returns: it copies what it keeps (into
    /// a ring shared with another worker, say), and must not call this package.
    pub fn draw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Omit<SamplePlan, keyof ReadingOptions>")]
        plan: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "((name: 'ids' | 'records', bytes: Uint8Array) => void) | null"
        )]
        streams: JsValue,
    ) -> JsResult<PendingSample> {
        let read = live(&self.read, "CaseList")?;
        let mut c = Collector::default();
        let parsed = c.take(list_plan_parts(&plan));
        let streamed = !is_absent(&streams);
        if streamed && !streams.is_function() {
            c.push(
                Code::BadArgument,
                "streams",
                "streams must be a function (name, bytes) that receives the bytes to hash",
            );
        }
        let (hash, plan) = c.finish_with(|| parsed).map_err(to_js)?;
        if !streamed {
            let sample = sampling::sample(&read.table, &plan).map_err(to_js)?;
            return Ok(PendingSample::new(Pending {
                read: Rc::clone(read),
                sample,
                hash,
                streamed,
            }));
        }
        let streams = js_sys::Function::from(streams);
        let mut thrown: Option<JsValue> = None;
        let s = sampling::sample_streaming(&read.table, &plan, &mut |stream, bytes| {
            if thrown.is_some() {
                return;
            }
            let name = match stream {
                sampling::Stream::Ids => "ids",
                sampling::Stream::Records => "records",
            };
            // A view, not a copy: a copy per run would leave the engine most of the file's
            // size in garbage. The callback copies what it keeps before it returns.
            // SAFETY: nothing allocates in WebAssembly while the view lives (the callback
            // is documented not to call back into the package), so it stays valid.
            let chunk = unsafe { Uint8Array::view(bytes) };
            if let Err(e) = streams.call2(&JsValue::UNDEFINED, &JsValue::from_str(name), &chunk) {
                thrown = Some(e);
            }
        })
        .map_err(to_js)?;
        if let Some(e) = thrown {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| e.as_string())
                .unwrap_or_else(|| "a value that is not an Error".to_owned());
            return Err(to_js(bad(
                "streams",
                format!("the streams callback threw: {why}"),
            )));
        }
        Ok(PendingSample::new(Pending {
            read: Rc::clone(read),
            sample: s,
            hash,
            streamed,
        }))
    }
}

/// A plan for [`CaseList::sample`]: no ingest options, and the file's hash.
fn list_plan_arg(plan: &JsValue) -> Result<(String, Plan)> {
    let (hash, plan) = list_plan_parts(plan)?;
    Ok((hash.ok_or_else(no_input_hash)?, plan))
}

fn no_input_hash() -> Error {
    bad(
        "inputSha256",
        "inputSha256 must give the file's SHA-256 (from CaseFile.sha256, Sha256 or WebCrypto): a case list keeps no copy of the bytes",
    )
}

/// A plan for a case list: no ingest options, and perhaps the file's hash.
fn list_plan_parts(plan: &JsValue) -> Result<(Option<String>, Plan)> {
    let mut c = Collector::default();
    if plan.is_object() {
        for key in INGEST_KEYS {
            if !is_absent(&get(plan, key)) {
                c.push(
                    Code::BadArgument,
                    key,
                    format!("{key} belongs to CaseFile.open: the list is already read"),
                );
            }
        }
    }
    let parsed = c.take(plan_arg(plan));
    let (_, hash, plan) = c.finish_with(|| parsed)?;
    Ok((hash, plan))
}

/// A sample from [`CaseList::draw`] waiting for the file's hash, or its two record
/// hashes, or both.
#[wasm_bindgen]
pub struct PendingSample {
    /// `None` once finished or freed.
    pending: Option<Pending>,
}

/// What a [`PendingSample`] holds until it is finished.
struct Pending {
    read: Rc<Ingested>,
    sample: Sample,
    /// The file's hash, when the plan gave it.
    hash: Option<String>,
    /// Whether the record hashes were handed out (and must come back to `finish`).
    streamed: bool,
}

impl PendingSample {
    fn new(pending: Pending) -> PendingSample {
        PendingSample {
            pending: Some(pending),
        }
    }
}

const FINISH_KEYS: [&str; 3] = ["inputSha256", "idsSha256", "recordsSha256"];

#[wasm_bindgen]
impl PendingSample {
    /// The sample, as [`CaseList::sample`] gives it, from `{inputSha256?, idsSha256?,
    /// recordsSha256?}` (64 hex digits each): the file's hash unless the plan gave it, and
    /// the SHA-256 of the `"ids"` and `"records"` messages when the draw handed them out.
    /// A finished sample is freed: it cannot be finished again (`object-freed`). A
    /// `finish` refused for its arguments leaves the sample pending, to be finished right.
    #[wasm_bindgen(unchecked_return_type = "SampleResult")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "SampleHashes | null")] hashes: JsValue,
    ) -> JsResult<JsValue> {
        let pending = live(&self.pending, "PendingSample")?;
        let mut c = Collector::default();
        if !is_absent(&hashes) {
            c.take(known_keys(&hashes, &FINISH_KEYS, ""));
        }
        let field = |key: &str| {
            if hashes.is_object() {
                get(&hashes, key)
            } else {
                JsValue::UNDEFINED
            }
        };
        let input = field("inputSha256");
        let input = if is_absent(&input) {
            c.take(pending.hash.clone().ok_or_else(no_input_hash))
        } else {
            c.take(hash_arg(input.as_string()))
        };
        let digests = if pending.streamed {
            let ids = c.take(digest_arg(&field("idsSha256"), "idsSha256"));
            let records = c.take(digest_arg(&field("recordsSha256"), "recordsSha256"));
            Some((ids, records))
        } else {
            for key in ["idsSha256", "recordsSha256"] {
                if !is_absent(&field(key)) {
                    c.push(
                        Code::BadArgument,
                        key,
                        format!("{key} is for a draw whose record hashes were handed out; this one made its own"),
                    );
                }
            }
            None
        };
        let (input, digests) = c
            .finish_with(|| {
                let digests = match digests {
                    Some((ids, records)) => Some((ids?, records?)),
                    None => None,
                };
                Some((input?, digests))
            })
            .map_err(to_js)?;
        let Some(Pending {
            read, mut sample, ..
        }) = self.pending.take()
        else {
            return Err(freed("PendingSample"));
        };
        if let Some((ids, records)) = digests {
            (sample.ids_sha256, sample.records_sha256) = (ids, records);
        }
        let source = source_info(input, &read);
        to_wire(&sample_wire(&read, &sample, &source))
    }

    /// Frees the sample unfinished; the object is `object-freed` from then on.
    pub fn free(&mut self) {
        self.pending = None;
    }
}

/// A SHA-256 given as 64 hex digits.
fn digest_arg(value: &JsValue, field: &str) -> Result<[u8; 32]> {
    let text = value.as_string().unwrap_or_default();
    let mut out = [0u8; 32];
    let ok = text.len() == 64
        && text.bytes().all(|b| b.is_ascii_hexdigit())
        && out.iter_mut().enumerate().all(|(i, b)| {
            u8::from_str_radix(text.get(2 * i..2 * i + 2).unwrap_or("x"), 16)
                .map(|v| *b = v)
                .is_ok()
        });
    if ok {
        Ok(out)
    } else {
        Err(bad(
            field,
            format!("{field} must be a SHA-256 as 64 hexadecimal digits"),
        ))
    }
}

/// SHA-256 computed chunk by chunk, so a second worker can hash a `File`'s slices while
/// the first reads them.
#[wasm_bindgen]
pub struct Sha256 {
    /// The hash so far and a buffer for chunks; `None` once freed.
    state: Option<(crate::digest::Incremental, Vec<u8>)>,
}

#[wasm_bindgen]
impl Sha256 {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Sha256 {
        Sha256 {
            state: Some((crate::digest::Incremental::new(), Vec::new())),
        }
    }

    /// Adds a chunk (a `Uint8Array` or `ArrayBuffer`).
    pub fn update(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] chunk: JsValue,
    ) -> JsResult<()> {
        let (state, scratch) = live_mut(&mut self.state, "Sha256")?;
        let chunk = uint8_arg(&chunk, "chunk", "chunk must be a Uint8Array or ArrayBuffer")
            .map_err(to_js)?;
        scratch.resize(chunk.length() as usize, 0);
        chunk.copy_to(scratch);
        state.update(scratch);
        Ok(())
    }

    /// The hash of everything added, as 64 lowercase hex digits.
    pub fn hex(&self) -> JsResult<String> {
        let (state, _) = live(&self.state, "Sha256")?;
        Ok(crate::digest::hex(&state.finalize()))
    }

    /// Frees the hash; the object is `object-freed` from then on.
    pub fn free(&mut self) {
        self.state = None;
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{self, Options};

    #[test]
    fn a_problem_says_it_excludes_its_row_exactly_when_the_reader_left_the_row_out() {
        // A blank and a repeated column name, a short row, a long one, and a quote that
        // never closes.
        let bytes = b"ID,,ID\nA,1,2\nB,1,2\nC,1,2\nD,1\nE,1,2,3\nF,\"x\n";
        let header = Options {
            has_header: Some(true),
            ..Options::default()
        };
        let read = ingest::read(bytes, &header).expect("the file is read");
        assert!(!read.excluded.is_empty() && !read.problems.is_empty());
        for p in &read.excluded {
            assert!(
                p.code.excludes_row(),
                "{} left its row out",
                p.code.as_str()
            );
        }
        for p in &read.problems {
            assert!(!p.code.excludes_row(), "{} is only a note", p.code.as_str());
        }
    }

    #[test]
    fn the_warm_up_reads_its_list_and_draws_twice() {
        // Both plans must be valid for their draws to run all the way through.
        let (rows, drawn) = super::warm_up_draws().expect("the warm-up list and plans are valid");
        assert_eq!(rows, super::WARM_ROWS);
        // 60 cases and 2 reserves in each of 4 genders; 60 in all and 2 reserves in
        // each stratum of the one team kept (3 genders left once blanks are out).
        assert_eq!(drawn, [60 + 4 * 2, 60 + 3 * 2]);
    }
}
