//! A commitment, written before anyone knows the seed: the list's SHA-256 and record
//! hashes, the plan without the seed, and the time, as a small JSON file whose own SHA-256
//! is sent to the other party or published. The seed is fixed in the open afterwards
//! (dice rolled by two people, a public randomness beacon's value typed in), and the plan
//! that draws the sample names the commitment's SHA-256 (`commitment`).
//!
//! Why it matters: without it, whoever holds the list could try seed after seed, or list
//! after list, until the sample looked convenient, and every receipt would still verify.
//! With it, the list and plan were fixed before the seed existed, and
//! [`super::verify_with`] checks that the receipt's list and plan are the committed ones.

use super::plan::{api_date, is_empty, Allocation, Filter, Plan, Tracked};
use super::receipt::{DifferenceKind, SourceInfo, Tool, TOOL_NAME};
use super::ticket::ALGORITHM;
use super::{sample, Sample};
use crate::digest::{hex, sha256_hex};
use crate::error::{Code, Error, Result};
use crate::table::Table;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The commitment format's tag.
pub const COMMITMENT_FORMAT: &str = "deepdive-commitment-v1";
/// The placeholder seed a plan without one is checked with (the seed is never written).
const NO_SEED: &str = "(no seed yet)";

/// The plan as committed to: the plan in normal form without its seed (not yet known)
/// and without `commitment` (the commitment cannot name itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommittedPlan {
    pub id_column: String,
    pub size: u32,
    pub strata: Vec<String>,
    pub allocation: Allocation,
    pub min_per_stratum: Option<u32>,
    pub reserves: u32,
    pub filters: Vec<Filter>,
    #[serde(deserialize_with = "api_date")]
    pub reference_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub tracked: Vec<Tracked>,
}

impl From<&Plan> for CommittedPlan {
    fn from(p: &Plan) -> CommittedPlan {
        CommittedPlan {
            id_column: p.id_column.clone(),
            size: p.size,
            strata: p.strata.clone(),
            allocation: p.allocation,
            min_per_stratum: p.min_per_stratum,
            reserves: p.reserves,
            filters: p.filters.clone(),
            reference_date: p.reference_date,
            tracked: p.tracked.clone(),
        }
    }
}

/// The list's record hashes (`docs/sampling.md` §6) for the committed plan's columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommittedRecords {
    pub ids_sha256: String,
    pub records_sha256: String,
}

/// A commitment file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Commitment {
    /// Always `deepdive-commitment-v1`.
    pub commitment: String,
    /// Always `deepdive-ticket-v1`.
    pub algorithm: String,
    pub tool: Tool,
    /// When it was written, UTC: `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// What ingest read, as in a receipt.
    pub source: SourceInfo,
    pub records: CommittedRecords,
    pub plan: CommittedPlan,
}

/// Writes the commitment to a list and a plan (its seed, if any, left out): the JSON text
/// and its SHA-256 (lowercase hex), which the plan that draws the sample names.
///
/// The plan is checked against the list as a draw would check it (with a placeholder
/// seed when it has none), so a plan that could not be drawn is not committed to.
///
/// # Errors
/// The plan's problems, as [`sample`]'s; `bad-time` (`at`) when `at` is not an RFC 3339
/// moment; `bad-argument` (`commitment`) when the plan already names a commitment.
///
/// # Example
/// ```
/// use deepdive::sampling::{commitment, Plan, SourceInfo};
/// use deepdive::table::Table;
/// let mut t = Table::new(vec!["ID".into()]);
/// for i in 0..20 {
///     t.push(i + 2, [format!("C{i}")]);
/// }
/// let source = SourceInfo::new(b"bytes", "csv", "utf-8", 20);
/// let (text, sha) = commitment::write(&t, &source, &Plan::simple("ID", 3, ""), "2015-09-20T12:00:00Z")?;
/// assert!(text.contains("deepdive-commitment-v1") && !text.contains("seed"));
/// assert_eq!(sha.len(), 64);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn write(
    table: &Table,
    source: &SourceInfo,
    plan: &Plan,
    at: &str,
) -> Result<(String, String)> {
    let at = super::replace::log_time(at).map_err(|e| e.in_field("at"));
    if plan.commitment.is_some() {
        return Err(Error::new(
            Code::BadArgument,
            "a plan being committed to names no commitment: leave commitment out",
        )
        .in_field("commitment"));
    }
    let mut seeded = plan.clone();
    if crate::cells::trim(&seeded.seed).is_empty() {
        seeded.seed = NO_SEED.to_owned();
    }
    let drawn = sample(table, &seeded);
    let (drawn, at) = match (drawn, at) {
        (Ok(d), Ok(a)) => (d, a),
        (d, a) => {
            let mut c = crate::error::Collector::default();
            c.take(d);
            c.take(a);
            c.finish()?;
            return Err(Error::new(
                Code::InternalError,
                "a failed check gave no problem",
            ));
        }
    };
    let mut source = source.clone();
    source.input_sha256 = source.input_sha256.to_ascii_lowercase();
    let c = Commitment {
        commitment: COMMITMENT_FORMAT.to_owned(),
        algorithm: ALGORITHM.to_owned(),
        tool: Tool {
            name: TOOL_NAME.to_owned(),
            version: crate::VERSION.to_owned(),
        },
        at,
        source,
        records: records_of(&drawn),
        plan: CommittedPlan::from(&drawn.plan),
    };
    let mut text = serde_json::to_string_pretty(&c).unwrap_or_default();
    text.push('\n');
    let sha = sha256_hex(text.as_bytes());
    Ok((text, sha))
}

fn records_of(s: &Sample) -> CommittedRecords {
    CommittedRecords {
        ids_sha256: hex(&s.ids_sha256),
        records_sha256: hex(&s.records_sha256),
    }
}

/// Checks a receipt's plan and its re-run against the commitment's text, for
/// [`super::verify_with`]: the text's SHA-256 must be the one the plan names, its plan
/// the receipt's (seed aside) and its record hashes the list's. `text` is `None` when no
/// commitment file was given.
pub(crate) fn check(
    text: Option<&str>,
    plan: &Plan,
    again: &Sample,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let (named, text) = match (&plan.commitment, text) {
        (None, None) => return,
        (None, Some(_)) => {
            diff(
                DifferenceKind::OtherPlan,
                "a commitment was given, but the receipt's plan names none: the sample was not drawn under it".to_owned(),
            );
            return;
        }
        (Some(named), None) => {
            diff(
                DifferenceKind::OtherPlan,
                format!(
                    "the plan names commitment {named}, but no commitment file was given: give it to check the list and plan against it"
                ),
            );
            return;
        }
        (Some(named), Some(text)) => (named, text),
    };
    let sha = sha256_hex(text.as_bytes());
    if !sha.eq_ignore_ascii_case(named) {
        diff(
            DifferenceKind::OtherPlan,
            format!(
                "the commitment file's SHA-256 is {sha}, but the plan names {named}: it is another commitment, or it was edited"
            ),
        );
        return;
    }
    let c: Commitment = match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            diff(
                DifferenceKind::OtherPlan,
                format!("the commitment file is not a commitment: {e}"),
            );
            return;
        }
    };
    if c.commitment != COMMITMENT_FORMAT || c.algorithm != ALGORITHM {
        diff(
            DifferenceKind::OtherPlan,
            format!(
                "the commitment is {} with algorithm {}; this version reads {COMMITMENT_FORMAT} with {ALGORITHM}",
                c.commitment, c.algorithm
            ),
        );
        return;
    }
    let now = CommittedPlan::from(plan);
    if c.plan != now {
        diff(
            DifferenceKind::OtherPlan,
            format!(
                "the plan is not the one committed to (at {}): {} differ",
                c.at,
                plan_fields(&c.plan, &now).join(", ")
            ),
        );
    }
    if c.records != records_of(again) {
        diff(
            DifferenceKind::OtherRecords,
            format!(
                "the list is not the one committed to (at {}): its records differ from the commitment's (file SHA-256 then {})",
                c.at, c.source.input_sha256
            ),
        );
    }
}

/// The names of the fields where two committed plans differ.
fn plan_fields(a: &CommittedPlan, b: &CommittedPlan) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut field = |name, same: bool| {
        if !same {
            out.push(name);
        }
    };
    field("idColumn", a.id_column == b.id_column);
    field("size", a.size == b.size);
    field("strata", a.strata == b.strata);
    field("allocation", a.allocation == b.allocation);
    field("minPerStratum", a.min_per_stratum == b.min_per_stratum);
    field("reserves", a.reserves == b.reserves);
    field("filters", a.filters == b.filters);
    field("referenceDate", a.reference_date == b.reference_date);
    field("tracked", a.tracked == b.tracked);
    out
}
