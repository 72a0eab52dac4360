//! Replacements: a selected case found unsuitable (the case closed, the child moved, a
//! conflict of interest) is replaced by the next reserve of its stratum in ticket order,
//! never any other, and the receipt keeps an append-only log of it (`replacements`).
//!
//! Ticket sampling makes running out of reserves harmless: the reserves are the next
//! tickets of the stratum, so when they are used up the next ones after them are drawn
//! from the list, exactly as a plan with more reserves would have listed them. That needs
//! the list: [`replace_case`] takes it only then, and checks it is the receipt's.
//!
//! [`check_log`] replays a log for [`super::verify_with`]: each entry must replace a case
//! then in the sample, by the next case of its stratum, at a time no earlier than the
//! entry before.

use super::plan::{check_reason, Plan};
use super::receipt::{
    same_case, show_case, verify_inner, CaseEntry, DifferenceKind, Receipt, ReplacementEntry,
    SourceInfo, MAX_REPLACEMENTS, RECEIPT_FORMAT,
};
use super::ticket::ALGORITHM;
use super::{sample, stratum_label, Sample};
use crate::consultation::time::parse_moment;
use crate::error::{Code, Collector, Error, Result};
use crate::table::Table;
use std::collections::BTreeMap;

/// What [`replace_case`] is asked: the case, why, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replace {
    /// The ID of the selected case found unsuitable.
    pub id: String,
    /// Why (trimmed; not blank; at most 1,000 bytes).
    pub reason: String,
    /// When, as an RFC 3339 moment with its offset (`2026-12-07T23:14:53.120Z`). The core
    /// has no clock: the caller gives the time.
    pub at: String,
}

/// A moment in the log's normal form: UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`.
///
/// # Errors
/// `bad-time` when the text is not an RFC 3339 moment with its offset.
///
/// # Example
/// ```
/// use deepdive::sampling::replace::log_time;
/// assert_eq!(log_time("2015-09-23T10:30:05.250+01:00")?, "2015-09-23T09:30:05Z");
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn log_time(text: &str) -> Result<String> {
    let t = parse_moment(text)?;
    Ok(t.naive_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The current sample as the log leaves it: `(id, stratum)` of each case, and how many
/// replacements each stratum has used.
struct State<'r> {
    current: Vec<(&'r str, &'r [String])>,
    used: BTreeMap<&'r [String], usize>,
}

impl<'r> State<'r> {
    fn new(selected: &'r [CaseEntry]) -> State<'r> {
        State {
            current: selected
                .iter()
                .map(|c| (c.id.as_str(), c.stratum.as_slice()))
                .collect(),
            used: BTreeMap::new(),
        }
    }

    /// The stratum of a case in the current sample.
    fn stratum_of(&self, id: &str) -> Option<&'r [String]> {
        self.current.iter().find(|(i, _)| *i == id).map(|&(_, s)| s)
    }

    fn used(&self, stratum: &[String]) -> usize {
        self.used.get(stratum).copied().unwrap_or(0)
    }

    /// Applies one entry: the case leaves the sample, its replacement joins it.
    fn apply(&mut self, id: &str, stratum: &'r [String], replacement: &'r CaseEntry) {
        if let Some(slot) = self.current.iter_mut().find(|(i, _)| *i == id) {
            *slot = (replacement.id.as_str(), replacement.stratum.as_slice());
        }
        *self.used.entry(stratum).or_insert(0) += 1;
    }
}

/// Each stratum's cases after its allocation, in ticket order, at least `depth` of them
/// where the stratum has that many: the reserves, then the next tickets. A re-run of the
/// plan with more reserves gives them (the first reserves stay the same).
fn pools(table: &Table, plan: &Plan, drawn: &Sample, depth: usize) -> Result<Pools> {
    let listed = plan.reserves as usize;
    let deeper;
    let s = if depth > listed {
        let more = Plan {
            reserves: u32::try_from(depth).unwrap_or(u32::MAX),
            ..plan.clone()
        };
        deeper = sample(table, &more)?;
        &deeper
    } else {
        drawn
    };
    let receipt = Receipt::new(s, &SourceInfo::new(&[], "", "", 0));
    let mut out: Pools = BTreeMap::new();
    for c in receipt.reserves {
        out.entry(c.stratum.clone()).or_default().push(c);
    }
    Ok(out)
}

type Pools = BTreeMap<Vec<String>, Vec<CaseEntry>>;

/// Why an ID is not in the current sample, for people.
fn not_selected(receipt: &Receipt, id: &str) -> String {
    if receipt.tracked.iter().any(|t| t.id == id) {
        return format!(
            "“{id}” is a tracked case, chosen before the draw: it is not part of the random sample, so it is not replaced"
        );
    }
    if let Some(e) = receipt.replacements.iter().find(|e| e.id == id) {
        return format!(
            "“{id}” was replaced already ({}, by “{}”)",
            e.at, e.replacement.id
        );
    }
    if receipt.reserves.iter().any(|c| c.id == id) {
        return format!(
            "“{id}” is a reserve that has not replaced a case: it is not in the sample"
        );
    }
    format!("“{id}” is not in the sample")
}

/// Replaces a case of the current sample (the selected cases as the log leaves them) by
/// the next reserve of its stratum, in ticket order, and gives the receipt with the entry
/// appended to its log. Everything else in the receipt stays as it was.
///
/// `list` (the table and what ingest read) is needed only when the stratum's listed
/// reserves are used up: the next tickets are then drawn from it, after checking that it
/// is the list the receipt was drawn from.
///
/// # Errors
/// `bad-receipt` for a receipt of another format; `bad-argument` (`reason`) for a blank
/// or over-long reason; `bad-time` (`at`) for a time that is not RFC 3339 or is before the
/// log's last entry; `not-selected` (`id`) for a case not in the current sample;
/// `stratum-exhausted` when the stratum has no eligible case left; `reserves-exhausted`
/// when more must be drawn and no list is given; `wrong-list` when the list given is not
/// the receipt's (each difference a problem).
///
/// # Example
/// ```
/// use deepdive::sampling::{replace_case, sample, Plan, Receipt, Replace, SourceInfo};
/// use deepdive::table::Table;
/// let mut t = Table::new(vec!["ID".into()]);
/// for i in 0..20 {
///     t.push(i + 2, [format!("C{i}")]);
/// }
/// let plan = Plan { reserves: 2, ..Plan::simple("ID", 3, "1234") };
/// let receipt = Receipt::new(&sample(&t, &plan)?, &SourceInfo::new(b"bytes", "csv", "utf-8", 20));
/// let ask = Replace {
///     id: receipt.selected[1].id.clone(),
///     reason: "the case closed".into(),
///     at: "2015-09-24T09:00:00Z".into(),
/// };
/// let amended = replace_case(&receipt, &ask, None)?;
/// assert_eq!(amended.replacements[0].replacement, receipt.reserves[0]);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn replace_case(
    receipt: &Receipt,
    ask: &Replace,
    list: Option<(&Table, &SourceInfo)>,
) -> Result<Receipt> {
    if receipt.receipt != RECEIPT_FORMAT || receipt.algorithm != ALGORITHM {
        return Err(Error::new(
            Code::BadReceipt,
            format!(
                "the receipt is {} with algorithm {}; this version runs {RECEIPT_FORMAT} with {ALGORITHM}",
                receipt.receipt, receipt.algorithm
            ),
        )
        .in_field("receipt"));
    }
    let mut c = Collector::default();
    let reason = check_reason(&ask.reason, "reason", &mut c);
    let at = c.take(log_time(&ask.at).map_err(|e| e.in_field("at")));
    if let (Some(at), Some(last)) = (&at, receipt.replacements.last()) {
        if at < &last.at {
            c.push(
                Code::BadTime,
                "at",
                format!(
                    "{at} is before the log's last replacement ({}): the log keeps time order",
                    last.at
                ),
            );
        }
    }
    if receipt.replacements.len() >= MAX_REPLACEMENTS {
        c.push(
            Code::BadArgument,
            "id",
            format!(
                "the log already has {MAX_REPLACEMENTS} replacements, the most a receipt may have"
            ),
        );
    }
    let id = crate::cells::trim(&ask.id);
    let mut state = State::new(&receipt.selected);
    for e in &receipt.replacements {
        if let Some(stratum) = state.stratum_of(&e.id) {
            state.apply(&e.id, stratum, &e.replacement);
        }
    }
    let stratum = state.stratum_of(id);
    if stratum.is_none() {
        c.push(Code::NotSelected, "id", not_selected(receipt, id));
    }
    c.finish()?;
    let (Some(stratum), Some(at)) = (stratum, at) else {
        return Err(Error::new(
            Code::InternalError,
            "a checked value is missing",
        ));
    };
    let used = state.used(stratum);
    let label = stratum_label(stratum);
    let entry = receipt.strata.iter().find(|s| s.values == stratum);
    if entry.is_some_and(|s| s.eligible <= s.allocated.saturating_add(used as u64)) {
        return Err(Error::new(
            Code::StratumExhausted,
            format!(
                "stratum {label} has no case left to replace “{id}” with: its every eligible case has been in the sample"
            ),
        )
        .in_field("id"));
    }
    let listed: Vec<&CaseEntry> = receipt
        .reserves
        .iter()
        .filter(|c| c.stratum == stratum)
        .collect();
    let next = match listed.get(used) {
        Some(&c) => c.clone(),
        None => {
            let Some((table, source)) = list else {
                return Err(Error::new(
                    Code::ReservesExhausted,
                    format!(
                        "stratum {label}'s {} reserves are used up: give the case list so that the next tickets can be drawn",
                        listed.len()
                    ),
                )
                .in_field("id"));
            };
            next_from_list(table, source, receipt, stratum, used)?
        }
    };
    let mut amended = receipt.clone();
    amended.replacements.push(ReplacementEntry {
        id: id.to_owned(),
        reason,
        at,
        replacement: next,
    });
    Ok(amended)
}

/// The stratum's case after `used` replacements, drawn from the list once it is shown to
/// be the receipt's.
fn next_from_list(
    table: &Table,
    source: &SourceInfo,
    receipt: &Receipt,
    stratum: &[String],
    used: usize,
) -> Result<CaseEntry> {
    let v = verify_inner(table, source, receipt, None);
    if !v.ok {
        let problems = v
            .differences
            .iter()
            .filter(|d| d.kind != DifferenceKind::OtherBytesSameRecords)
            .map(|d| crate::error::Problem {
                code: Code::WrongList,
                field: Some("bytes".to_owned()),
                message: format!("{}: {}", d.kind.as_str(), d.message),
            })
            .collect();
        return Err(Error::from_problems(problems)
            .unwrap_or_else(|| Error::new(Code::WrongList, "the list is not the receipt's")));
    }
    let drawn = sample(table, &receipt.plan)?;
    let pools = pools(table, &receipt.plan, &drawn, used + 1)?;
    pools
        .get(stratum)
        .and_then(|p| p.get(used))
        .cloned()
        .ok_or_else(|| {
            Error::new(
                Code::StratumExhausted,
                format!(
                    "stratum {} has no case left in the list",
                    stratum_label(stratum)
                ),
            )
        })
}

/// Replays a receipt's replacements log against a re-run of its plan, reporting each
/// entry that replaces a case not then in the sample, by anything but the next case of
/// its stratum in ticket order, or out of time order, as an `other-result` difference.
pub(crate) fn check_log(
    table: &Table,
    again: &Sample,
    receipt: &Receipt,
    same_bytes: bool,
    diff: &mut impl FnMut(DifferenceKind, String),
) {
    let log = &receipt.replacements;
    let pools = match pools(table, &again.plan, again, log.len()) {
        Ok(p) => p,
        Err(e) => {
            diff(
                DifferenceKind::OtherResult,
                format!("replacements: the next reserves cannot be drawn: {e}"),
            );
            return;
        }
    };
    let mut state = State::new(&receipt.selected);
    for (i, e) in log.iter().enumerate() {
        let at_ok = log_time(&e.at).is_ok_and(|t| t == e.at);
        if !at_ok {
            diff(
                DifferenceKind::OtherResult,
                format!(
                    "replacements[{i}].at: “{}” is not a time written YYYY-MM-DDTHH:MM:SSZ (UTC)",
                    e.at
                ),
            );
        }
        if let Some(prev) = i.checked_sub(1).and_then(|p| log.get(p)) {
            if e.at < prev.at {
                diff(
                    DifferenceKind::OtherResult,
                    format!(
                        "replacements[{i}] is dated {}, before replacements[{}] ({}): the log was reordered or edited",
                        e.at,
                        i - 1,
                        prev.at
                    ),
                );
            }
        }
        if crate::cells::trim(&e.reason).is_empty() || crate::cells::trim(&e.reason) != e.reason {
            diff(
                DifferenceKind::OtherResult,
                format!(
                    "replacements[{i}].reason is blank or has surrounding blanks: it was edited"
                ),
            );
        }
        let Some(stratum) = state.stratum_of(&e.id) else {
            diff(
                DifferenceKind::OtherResult,
                format!(
                    "replacements[{i}]: “{}” was not in the sample when it was replaced (never selected, already replaced, or tracked)",
                    e.id
                ),
            );
            continue;
        };
        let used = state.used(stratum);
        match pools.get(stratum).and_then(|p| p.get(used)) {
            Some(next) if same_case(next, &e.replacement, same_bytes) => {}
            Some(next) => diff(
                DifferenceKind::OtherResult,
                format!(
                    "replacements[{i}]: “{}” was replaced by {}, but the next reserve of stratum {} in ticket order is {}",
                    e.id,
                    show_case(&e.replacement),
                    stratum_label(stratum),
                    show_case(next)
                ),
            ),
            None => diff(
                DifferenceKind::OtherResult,
                format!(
                    "replacements[{i}]: stratum {} had no case left to replace “{}”, but the log gives {}",
                    stratum_label(stratum),
                    e.id,
                    show_case(&e.replacement)
                ),
            ),
        }
        state.apply(&e.id, stratum, &e.replacement);
    }
}
