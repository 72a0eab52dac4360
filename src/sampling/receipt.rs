//! Receipts: a JSON record of a sample that anyone can check, and [`verify`], which re-runs
//! it against a file and says exactly what differs.
//!
//! The receipt is a published file format (`docs/sampling.md` describes every field), so
//! its types derive `Serialize` and `Deserialize` here in the core, like the framework
//! records. It holds no case data beyond the IDs and rows of the selected and reserve
//! cases and the stratification values.
//!
//! What "ok" means: the receipt's algorithm is one this version runs, its plan is valid and
//! in normal form, the file gives the same records (same sorted IDs and the same values in
//! the columns the plan reads), the same counts, the same strata and the same selected and
//! reserve cases with the same tickets. The input bytes may differ (a re-export, another
//! order, another format): that is reported as `other-bytes-same-records` and still ok.
//! Row numbers are compared only when the bytes are the same, since a re-export moves rows.

use super::plan::{is_empty, Plan};
use super::ticket::ALGORITHM;
use super::{sample, stratum_label, Reason, Sample};
use crate::digest::{hex, sha256_hex};
use crate::error::{Code, Error, Result};
use crate::table::Table;
use serde::{Deserialize, Serialize};

/// The receipt format's tag.
pub const RECEIPT_FORMAT: &str = "deepdive-receipt-v1";
/// The tool's name in receipts.
pub const TOOL_NAME: &str = "deepdive";
/// The most differences listed for each list of cases before "and N more".
const MAX_LISTED: usize = 10;

/// What ingest says about the file it read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceInfo {
    /// SHA-256 of the file's bytes, lowercase hex.
    pub input_sha256: String,
    /// `csv`, `xlsx`, …
    pub format: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The text encoding, e.g. `utf-8` or `windows-1252`.
    pub encoding: String,
    /// Data rows read from the file, before ingest set any aside.
    pub rows_read: u64,
    /// Rows ingest set aside, by reason (e.g. blank rows).
    pub excluded: Vec<SourceExcluded>,
}

impl SourceInfo {
    /// The source of a file of these bytes, with nothing set aside.
    pub fn new(bytes: &[u8], format: &str, encoding: &str, rows_read: u64) -> SourceInfo {
        SourceInfo {
            input_sha256: sha256_hex(bytes),
            format: format.to_owned(),
            sheet: None,
            encoding: encoding.to_owned(),
            rows_read,
            excluded: Vec::new(),
        }
    }
}

/// Rows ingest set aside for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceExcluded {
    pub reason: String,
    pub count: u64,
}

/// The tool that made a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// The records the sample was drawn from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Records {
    /// SHA-256 over the sorted IDs, lowercase hex.
    pub ids_sha256: String,
    /// SHA-256 over the sorted IDs with the values the plan reads, lowercase hex.
    pub records_sha256: String,
    pub rows: u64,
    pub duplicate_copies: u64,
    pub records: u64,
    pub eligible: u64,
    pub excluded: Vec<ExcludedEntry>,
}

/// Rows or records excluded for one reason (and filter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExcludedEntry {
    pub reason: String,
    /// The index of the filter in `plan.filters`; `null` before the filters.
    pub filter: Option<usize>,
    pub count: u64,
}

/// One stratum and its allocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StratumEntry {
    pub values: Vec<String>,
    pub eligible: u64,
    pub allocated: u64,
    pub reserves: u64,
}

/// A selected or reserve case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseEntry {
    /// The line (CSV) or row (sheet) in the file.
    pub row: u32,
    pub id: String,
    /// The stratum's values.
    pub stratum: Vec<String>,
    /// The ticket, lowercase hex.
    pub ticket: String,
}

/// A tracked case, listed apart from the random sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrackedEntry {
    /// The line (CSV) or row (sheet) in the file.
    pub row: u32,
    pub id: String,
    /// Its values in the stratification columns.
    pub stratum: Vec<String>,
    /// Why it is tracked, from the plan.
    pub reason: String,
}

/// One entry of the replacements log: a selected case found unsuitable, why, when, and
/// the case that replaced it (the next reserve of its stratum in ticket order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplacementEntry {
    /// The ID of the case replaced.
    pub id: String,
    /// Why it was unsuitable (trimmed, never blank).
    pub reason: String,
    /// When, in UTC: `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// The case that took its place.
    pub replacement: CaseEntry,
}

/// The most entries a replacements log may have.
pub const MAX_REPLACEMENTS: usize = 10_000;

/// A sampling receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Receipt {
    /// Always `deepdive-receipt-v1`.
    pub receipt: String,
    /// Always `deepdive-ticket-v1`.
    pub algorithm: String,
    pub tool: Tool,
    pub source: SourceInfo,
    pub records: Records,
    /// The plan in normal form, seed included.
    pub plan: Plan,
    pub strata: Vec<StratumEntry>,
    /// In stratum order, then ticket order.
    pub selected: Vec<CaseEntry>,
    /// In stratum order, then ticket order: within a stratum, the first is the first
    /// substitute.
    pub reserves: Vec<CaseEntry>,
    /// The plan's tracked cases, in plan order; written only when there are some.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub tracked: Vec<TrackedEntry>,
    /// The replacements log, oldest first, append-only ([`super::replace_case`]); written
    /// only when a case was replaced.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub replacements: Vec<ReplacementEntry>,
}

impl Receipt {
    /// The receipt of a sample drawn from the file `source` describes.
    pub fn new(sample: &Sample, source: &SourceInfo) -> Receipt {
        let case = |c: &super::Case| CaseEntry {
            row: c.line,
            id: c.id.clone(),
            stratum: sample
                .strata
                .get(c.stratum)
                .map(|s| s.values.clone())
                .unwrap_or_default(),
            ticket: hex(&c.ticket),
        };
        let mut source = source.clone();
        source.input_sha256 = source.input_sha256.to_ascii_lowercase();
        Receipt {
            receipt: RECEIPT_FORMAT.to_owned(),
            algorithm: ALGORITHM.to_owned(),
            tool: Tool {
                name: TOOL_NAME.to_owned(),
                version: crate::VERSION.to_owned(),
            },
            source,
            records: Records {
                ids_sha256: hex(&sample.ids_sha256),
                records_sha256: hex(&sample.records_sha256),
                rows: sample.counts.rows,
                duplicate_copies: sample.counts.duplicate_copies,
                records: sample.counts.records,
                eligible: sample.counts.eligible,
                excluded: sample
                    .counts
                    .excluded
                    .iter()
                    .map(|e| ExcludedEntry {
                        reason: e.reason.as_str().to_owned(),
                        filter: e.filter,
                        count: e.count,
                    })
                    .collect(),
            },
            plan: sample.plan.clone(),
            strata: sample
                .strata
                .iter()
                .map(|s| StratumEntry {
                    values: s.values.clone(),
                    eligible: s.eligible,
                    allocated: s.allocated,
                    reserves: s.reserves,
                })
                .collect(),
            selected: sample.selected.iter().map(case).collect(),
            reserves: sample.reserves.iter().map(case).collect(),
            tracked: sample
                .tracked
                .iter()
                .map(|t| TrackedEntry {
                    row: t.line,
                    id: t.id.clone(),
                    stratum: t.stratum.clone(),
                    reason: t.reason.clone(),
                })
                .collect(),
            replacements: Vec::new(),
        }
    }

    /// The receipt as indented JSON.
    pub fn to_json(&self) -> String {
        // Plain structs of strings and numbers always serialise.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a receipt from JSON.
    ///
    /// # Errors
    /// `bad-receipt` when the text is not JSON of the receipt format (with the line and
    /// column of the mistake), or names an unknown exclusion reason.
    pub fn from_json(text: &str) -> Result<Receipt> {
        let r: Receipt = serde_json::from_str(text).map_err(|e| {
            Error::new(Code::BadReceipt, format!("the receipt is not valid: {e}"))
                .in_field("receipt")
        })?;
        if r.replacements.len() > MAX_REPLACEMENTS {
            return Err(Error::new(
                Code::BadReceipt,
                format!(
                    "replacements: {} entries; a receipt may have at most {MAX_REPLACEMENTS}",
                    r.replacements.len()
                ),
            )
            .in_field("receipt"));
        }
        for (i, e) in r.records.excluded.iter().enumerate() {
            if Reason::parse(&e.reason).is_none() {
                return Err(Error::new(
                    Code::BadReceipt,
                    format!("records.excluded[{i}]: unknown reason “{}”", e.reason),
                )
                .in_field("receipt"));
            }
        }
        Ok(r)
    }
}

/// The kind of a difference between a receipt and a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DifferenceKind {
    /// The receipt was made by another algorithm or receipt format.
    OtherAlgorithm,
    /// Other bytes, but the same records: fine (a re-export, another order or format).
    OtherBytesSameRecords,
    /// Other records: other IDs, other values the plan reads, or other counts.
    OtherRecords,
    /// The receipt's plan is invalid or not in normal form.
    OtherPlan,
    /// Other strata, selected cases, reserves or tickets.
    OtherResult,
}

impl DifferenceKind {
    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::OtherAlgorithm => "other-algorithm",
            DifferenceKind::OtherBytesSameRecords => "other-bytes-same-records",
            DifferenceKind::OtherRecords => "other-records",
            DifferenceKind::OtherPlan => "other-plan",
            DifferenceKind::OtherResult => "other-result",
        }
    }
}

/// One difference, for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: DifferenceKind,
    pub message: String,
}

/// The outcome of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// True when every difference is `other-bytes-same-records` (or there is none).
    pub ok: bool,
    /// True when the file's SHA-256 is the receipt's `inputSha256`: the file is byte for
    /// byte the one the receipt names, so any difference is in the receipt.
    pub same_file: bool,
    pub differences: Vec<Difference>,
}

/// Re-runs a receipt's plan on a table read from a file and compares everything:
/// [`verify_with`] without a commitment file.
///
/// # Example
/// ```
/// use deepdive::sampling::{sample, verify, Plan, Receipt, SourceInfo};
/// use deepdive::table::Table;
/// let mut t = Table::new(vec!["ID".into()]);
/// for i in 0..20 {
///     t.push(i + 2, [format!("C{i}")]);
/// }
/// let source = SourceInfo::new(b"the file's bytes", "csv", "utf-8", 20);
/// let receipt = Receipt::new(&sample(&t, &Plan::simple("ID", 3, "1234"))?, &source);
/// let back = Receipt::from_json(&receipt.to_json())?;
/// assert!(verify(&t, &source, &back).ok);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn verify(table: &Table, source: &SourceInfo, receipt: &Receipt) -> Verification {
    verify_with(table, source, receipt, None)
}

/// Re-runs a receipt's plan on a table read from a file and compares everything: the
/// records, the plan, the strata, the selected cases, the reserves, the tracked cases, the
/// replacements log (each replacement the next reserve of its stratum, in log order, of
/// a case then in the sample) and, when the plan names a commitment, the commitment's
/// text: its SHA-256, its plan and its records. A plan that names a commitment whose text
/// is not given is an `other-plan` difference: the list and plan were not checked
/// against it.
pub fn verify_with(
    table: &Table,
    source: &SourceInfo,
    receipt: &Receipt,
    commitment: Option<&str>,
) -> Verification {
    verify_inner(table, source, receipt, Some(commitment))
}

/// [`verify_with`]; `commitment: None` skips the commitment check (for
/// [`super::replace_case`], which checks only that the list is the receipt's).
pub(crate) fn verify_inner(
    table: &Table,
    source: &SourceInfo,
    receipt: &Receipt,
    commitment: Option<Option<&str>>,
) -> Verification {
    let same_file = source
        .input_sha256
        .eq_ignore_ascii_case(&receipt.source.input_sha256);
    let mut out = Vec::new();
    let mut diff = |kind, message: String| out.push(Difference { kind, message });
    if receipt.receipt != RECEIPT_FORMAT || receipt.algorithm != ALGORITHM {
        diff(
            DifferenceKind::OtherAlgorithm,
            format!(
                "the receipt is {} with algorithm {}; this version runs {RECEIPT_FORMAT} with {ALGORITHM}",
                receipt.receipt, receipt.algorithm
            ),
        );
        return finish(out, same_file);
    }
    let again = match sample(table, &receipt.plan) {
        Ok(s) => s,
        Err(e) => {
            for p in e.problems() {
                let kind = match p.code {
                    Code::UnknownColumn | Code::UnknownTrackedCase => DifferenceKind::OtherRecords,
                    Code::AllocationImpossible => DifferenceKind::OtherResult,
                    _ => DifferenceKind::OtherPlan,
                };
                let field = p.field.as_deref().unwrap_or("plan");
                diff(kind, format!("plan.{field}: {}", p.message));
            }
            return finish(out, same_file);
        }
    };
    compare_plan(&receipt.plan, &again.plan, &mut diff);
    compare_source(source, &again, receipt, &mut diff);
    compare_counts(&again, receipt, &mut diff);
    compare_strata(&again, receipt, &mut diff);
    let now = Receipt::new(&again, source);
    compare_cases(
        "selected",
        &receipt.selected,
        &now.selected,
        same_file,
        &mut diff,
    );
    compare_cases(
        "reserves",
        &receipt.reserves,
        &now.reserves,
        same_file,
        &mut diff,
    );
    compare_tracked(&receipt.tracked, &now.tracked, same_file, &mut diff);
    if !receipt.replacements.is_empty() {
        super::replace::check_log(table, &again, receipt, same_file, &mut diff);
    }
    if let Some(text) = commitment {
        super::commitment::check(text, &receipt.plan, &again, &mut diff);
    }
    finish(out, same_file)
}

fn compare_tracked(
    was: &[TrackedEntry],
    now: &[TrackedEntry],
    same_bytes: bool,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let show = |t: &TrackedEntry| {
        format!(
            "ID “{}” (row {}, stratum {}, reason “{}”)",
            t.id,
            t.row,
            stratum_label(&t.stratum),
            t.reason
        )
    };
    if was.len() != now.len() {
        diff(
            DifferenceKind::OtherResult,
            format!(
                "tracked: the receipt lists {}, the plan tracks {}",
                was.len(),
                now.len()
            ),
        );
    }
    for (i, (a, b)) in was.iter().zip(now).enumerate() {
        let same = a.id == b.id
            && a.stratum == b.stratum
            && a.reason == b.reason
            && (!same_bytes || a.row == b.row);
        if !same {
            diff(
                DifferenceKind::OtherResult,
                format!(
                    "tracked[{i}]: the receipt has {}, the re-run gives {}",
                    show(a),
                    show(b)
                ),
            );
        }
    }
}

fn finish(differences: Vec<Difference>, same_file: bool) -> Verification {
    Verification {
        ok: differences
            .iter()
            .all(|d| d.kind == DifferenceKind::OtherBytesSameRecords),
        same_file,
        differences,
    }
}

fn compare_plan(recorded: &Plan, normal: &Plan, diff: &mut impl FnMut(DifferenceKind, String)) {
    if recorded == normal {
        return;
    }
    let mut fields = Vec::new();
    if recorded.seed != normal.seed {
        fields.push("seed (surrounding blanks)");
    }
    if recorded.filters != normal.filters {
        fields.push("filters (values with surrounding blanks)");
    }
    diff(
        DifferenceKind::OtherPlan,
        format!(
            "the receipt's plan is not in the normal form this tool writes: {}; it was edited after sampling",
            if fields.is_empty() {
                "some field".to_owned()
            } else {
                fields.join(", ")
            }
        ),
    );
}

fn compare_source(
    source: &SourceInfo,
    again: &Sample,
    receipt: &Receipt,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let was = &receipt.source;
    let same_bytes = source.input_sha256.eq_ignore_ascii_case(&was.input_sha256);
    let same_ids = hex(&again.ids_sha256) == receipt.records.ids_sha256;
    let same_records = same_ids && hex(&again.records_sha256) == receipt.records.records_sha256;
    let mut read = Vec::new();
    if source.format != was.format {
        read.push(format!(
            "format {} (receipt: {})",
            source.format, was.format
        ));
    }
    if source.sheet != was.sheet {
        let s = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".to_owned());
        read.push(format!(
            "sheet {} (receipt: {})",
            s(&source.sheet),
            s(&was.sheet)
        ));
    }
    if source.encoding != was.encoding {
        read.push(format!(
            "encoding {} (receipt: {})",
            source.encoding, was.encoding
        ));
    }
    if source.rows_read != was.rows_read {
        read.push(format!(
            "{} rows read (receipt: {})",
            source.rows_read, was.rows_read
        ));
    }
    if source.excluded != was.excluded {
        read.push("other rows set aside when reading".to_owned());
    }
    let read = if read.is_empty() {
        String::new()
    } else {
        format!("; {}", read.join("; "))
    };
    let records = if !same_ids {
        "other IDs"
    } else {
        "the same IDs but other values in the columns the plan reads"
    };
    match (same_bytes, same_records) {
        (true, true) if read.is_empty() => {}
        (true, true) => diff(
            DifferenceKind::OtherRecords,
            format!("the same file was read differently{read}"),
        ),
        (false, true) => diff(
            DifferenceKind::OtherBytesSameRecords,
            format!(
                "the file's bytes differ from the receipt's (SHA-256 {} vs {}), but its records are the same{read}",
                source.input_sha256, was.input_sha256
            ),
        ),
        (true, false) => diff(
            DifferenceKind::OtherRecords,
            format!("the same file gave {records} than the receipt records{read}"),
        ),
        (false, false) => diff(
            DifferenceKind::OtherRecords,
            format!("this is another file with {records} than the receipt records{read}"),
        ),
    }
}

fn compare_counts(
    again: &Sample,
    receipt: &Receipt,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let now = Receipt::new(again, &receipt.source).records;
    let was = &receipt.records;
    for (name, a, b) in [
        ("rows", was.rows, now.rows),
        (
            "duplicateCopies",
            was.duplicate_copies,
            now.duplicate_copies,
        ),
        ("records", was.records, now.records),
        ("eligible", was.eligible, now.eligible),
    ] {
        if a != b {
            diff(
                DifferenceKind::OtherRecords,
                format!("records.{name}: the receipt says {a}, this file gives {b}"),
            );
        }
    }
    if was.excluded != now.excluded {
        let show = |list: &[ExcludedEntry]| {
            list.iter()
                .map(|e| match e.filter {
                    Some(f) => format!("{} {} (filters[{f}])", e.count, e.reason),
                    None => format!("{} {}", e.count, e.reason),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        diff(
            DifferenceKind::OtherRecords,
            format!(
                "records.excluded: the receipt says [{}], this file gives [{}]",
                show(&was.excluded),
                show(&now.excluded)
            ),
        );
    }
}

fn compare_strata(
    again: &Sample,
    receipt: &Receipt,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let now = Receipt::new(again, &receipt.source).strata;
    let was = &receipt.strata;
    if was.len() != now.len() {
        diff(
            DifferenceKind::OtherResult,
            format!(
                "strata: the receipt has {}, this file gives {}",
                was.len(),
                now.len()
            ),
        );
    }
    for (i, (a, b)) in was.iter().zip(&now).enumerate() {
        if a == b {
            continue;
        }
        diff(
            DifferenceKind::OtherResult,
            format!(
                "strata[{i}]: the receipt has {} with {} eligible, {} selected, {} reserves; this file gives {} with {} eligible, {} selected, {} reserves",
                stratum_label(&a.values),
                a.eligible,
                a.allocated,
                a.reserves,
                stratum_label(&b.values),
                b.eligible,
                b.allocated,
                b.reserves
            ),
        );
    }
}

/// Whether two cases are the same: ID, stratum, ticket, and the row when the bytes are.
pub(crate) fn same_case(a: &CaseEntry, b: &CaseEntry, same_bytes: bool) -> bool {
    a.id == b.id
        && a.stratum == b.stratum
        && a.ticket == b.ticket
        && (!same_bytes || a.row == b.row)
}

/// A case for people: `ID “C102” (row 3, stratum South, ticket 2052fc9e4f70…)`.
pub(crate) fn show_case(c: &CaseEntry) -> String {
    format!(
        "ID “{}” (row {}, stratum {}, ticket {}…)",
        c.id,
        c.row,
        stratum_label(&c.stratum),
        c.ticket.get(..12).unwrap_or(&c.ticket)
    )
}

fn compare_cases(
    list: &str,
    was: &[CaseEntry],
    now: &[CaseEntry],
    same_bytes: bool,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let show = show_case;
    if was.len() != now.len() {
        diff(
            DifferenceKind::OtherResult,
            format!(
                "{list}: the receipt lists {}, the re-run gives {}",
                was.len(),
                now.len()
            ),
        );
    }
    let mut listed = 0;
    let mut more = 0;
    let n = was.len().max(now.len());
    for i in 0..n {
        let (a, b) = (was.get(i), now.get(i));
        let same = match (a, b) {
            (Some(a), Some(b)) => same_case(a, b, same_bytes),
            _ => false,
        };
        if same {
            continue;
        }
        if listed == MAX_LISTED {
            more += 1;
            continue;
        }
        listed += 1;
        let message = match (a, b) {
            (Some(a), Some(b)) => {
                format!(
                    "{list}[{i}]: the receipt has {}, the re-run gives {}",
                    show(a),
                    show(b)
                )
            }
            (Some(a), None) => format!(
                "{list}[{i}]: the receipt has {}, the re-run nothing",
                show(a)
            ),
            (None, Some(b)) => format!(
                "{list}[{i}]: the receipt has nothing, the re-run gives {}",
                show(b)
            ),
            (None, None) => continue,
        };
        diff(DifferenceKind::OtherResult, message);
    }
    if more > 0 {
        diff(
            DifferenceKind::OtherResult,
            format!("{list}: and {more} more differences"),
        );
    }
}
