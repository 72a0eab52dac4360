//! Case sampling: a reproducible, stratified simple random sample of a case list, with
//! ordered reserves, and a receipt anyone can check.
//!
//! The selection is a pure function of the records, the plan and the seed, whatever the
//! order of the rows, the machine or the version of this tool: each eligible record gets a
//! ticket, the SHA-256 of the seed, its stratum and its ID ([`ticket`], algorithm
//! `deepdive-ticket-v1`); the records with the smallest tickets in each stratum are its
//! sample and the next ones, in order, its reserves. `docs/sampling.md` specifies every
//! step, precisely enough to re-implement it; `tests/sampling_reference.py` does.
//!
//! The steps of [`sample`]:
//! 1. Check the plan against the table's columns ([`plan`]).
//! 2. Trim each row's ID; a blank ID excludes the row (`blank-id`).
//! 3. Group rows by ID. Copies that agree (after trimming) on every column the plan reads
//!    (strata, then filters) are one record, reported as a duplicate with all its lines;
//!    copies that disagree are all excluded (`duplicate-id-conflict`). No ID can be
//!    selected twice.
//! 4. Apply the filters in plan order ([`filter`]); the first that fails gives the reason.
//! 5. Group the eligible records by their trimmed stratification values; strata are in
//!    byte-wise order of those values.
//! 6. Allocate the sample size across strata ([`allocate`]).
//! 7. In each stratum, order records by ticket (then ID); take the allocation, then the
//!    reserves.
//!
//! A plan's tracked cases (chosen before the draw) are set aside between steps 3 and 4,
//! so they are never drawn. After the draw, [`replace`] replaces unsuitable cases by the
//! next reserve of their stratum, logged in the receipt; [`commitment`] fixes the list and
//! plan before the seed is known.

pub mod allocate;
mod coded;
pub mod commitment;
pub mod filter;
pub mod plan;
pub mod receipt;
mod records;
pub mod replace;
pub mod ticket;

pub use plan::{Allocation, Filter, Plan, Tracked};
pub use receipt::{
    verify, verify_with, Difference, DifferenceKind, Receipt, SourceInfo, Verification,
};
pub use replace::{replace_case, Replace};

use crate::cells::trim;
use crate::digest::Incremental as Sha256;
use crate::error::Result;
use crate::table::Table;
use ticket::{stratum_key, StratumTickets, Ticket, Tickets};

/// Why a row or record is not eligible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The ID cell is blank.
    BlankId,
    /// The ID appears more than once with different values in a column the plan reads.
    DuplicateIdConflict,
    /// The cell does not meet the filter.
    NotMatched,
    /// A date filter's cell is blank.
    BlankDate,
    /// A date filter's cell is not a date.
    BadDate,
    /// The date of birth is after the reference date.
    BornAfterReferenceDate,
    /// The plan tracks the case: it is followed apart from the random draw.
    Tracked,
}

impl Reason {
    /// The stable kebab-case code, e.g. `blank-id`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BlankId => "blank-id",
            Reason::DuplicateIdConflict => "duplicate-id-conflict",
            Reason::NotMatched => "not-matched",
            Reason::BlankDate => "blank-date",
            Reason::BadDate => "bad-date",
            Reason::BornAfterReferenceDate => "born-after-reference-date",
            Reason::Tracked => "tracked",
        }
    }

    /// The reason with this code.
    pub fn parse(code: &str) -> Option<Reason> {
        REASONS.into_iter().find(|r| r.as_str() == code)
    }
}

/// One excluded row, listed so the user can correct the list. Records that simply do not
/// match a filter are counted, not listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub reason: Reason,
    /// The row's line in the file.
    pub line: u32,
    /// The trimmed ID, when there is one.
    pub id: Option<String>,
    /// The column concerned.
    pub column: Option<String>,
    /// The index of the filter that excluded the record, if one did.
    pub filter: Option<usize>,
    pub message: String,
}

/// An ID found on more than one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    /// Every line it is on, in order.
    pub lines: Vec<u32>,
    /// The first column the plan reads where the copies disagree; `None` when they agree
    /// and were taken as one record.
    pub conflict: Option<String>,
}

/// How many rows or records were excluded for one reason (and filter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcludedCount {
    pub reason: Reason,
    pub filter: Option<usize>,
    pub count: u64,
}

/// What became of the table's rows.
///
/// `rows` = blank-id rows + conflicting rows + `duplicate_copies` + `records`, and
/// `records` = records excluded by filters + `eligible`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Rows in the table.
    pub rows: u64,
    /// Rows beyond the first of an ID whose copies agree (taken as one record).
    pub duplicate_copies: u64,
    /// Distinct IDs whose rows agree: the records the filters see.
    pub records: u64,
    /// Records that pass every filter.
    pub eligible: u64,
    /// Rows (blank ID, conflicting duplicates) and records (filters) excluded, by reason:
    /// first those before the filters, then filter by filter, each by reason code.
    pub excluded: Vec<ExcludedCount>,
}

/// One stratum: its values, size and allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stratum {
    /// The trimmed stratification values, in plan order (none without strata).
    pub values: Vec<String>,
    pub eligible: u64,
    /// Cases selected from it.
    pub allocated: u64,
    /// Reserves listed for it (fewer than asked when it runs out).
    pub reserves: u64,
}

/// A selected case or a reserve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The record's index in the table (for its values).
    pub record: usize,
    /// Its line in the file (the first line, for a duplicated ID).
    pub line: u32,
    /// The trimmed ID.
    pub id: String,
    /// Index into [`Sample::strata`].
    pub stratum: usize,
    pub ticket: Ticket,
}

/// A case the plan tracks: listed apart from the random sample, never drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackedCase {
    /// The record's index in the table (for its values).
    pub record: usize,
    /// Its line in the file (the first line, for a duplicated ID).
    pub line: u32,
    /// The trimmed ID.
    pub id: String,
    /// Its trimmed values in the stratification columns, whether or not it would be
    /// eligible.
    pub stratum: Vec<String>,
    /// Why it is tracked, from the plan.
    pub reason: String,
}

/// A warning about a sample that is still valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningCode {
    /// No record is eligible; the sample is empty.
    NoEligibleRecords,
    /// The size asked for is more than the eligible records; all are taken.
    SampleLargerThanEligible,
    /// A stratum gets no case under the allocation.
    StratumGetsNone,
    /// A stratum has fewer records left than the reserves asked for.
    ReservesShort,
}

impl WarningCode {
    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::NoEligibleRecords => "no-eligible-records",
            WarningCode::SampleLargerThanEligible => "sample-larger-than-eligible",
            WarningCode::StratumGetsNone => "stratum-gets-none",
            WarningCode::ReservesShort => "reserves-short",
        }
    }
}

/// A warning with its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

/// A sample: the plan as used, what happened to each row, the strata, the selected cases
/// and the reserves, each in stratum order and then ticket order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// The plan in normal form.
    pub plan: Plan,
    pub counts: Counts,
    /// SHA-256 over the sorted IDs (see `docs/sampling.md`).
    pub ids_sha256: [u8; 32],
    /// SHA-256 over the sorted records' IDs and the values the plan reads.
    pub records_sha256: [u8; 32],
    pub strata: Vec<Stratum>,
    pub selected: Vec<Case>,
    pub reserves: Vec<Case>,
    /// The plan's tracked cases, in plan order.
    pub tracked: Vec<TrackedCase>,
    pub exclusions: Vec<Exclusion>,
    pub duplicates: Vec<Duplicate>,
    pub warnings: Vec<Warning>,
}

/// Draws a sample from a table.
///
/// # Errors
/// The plan's problems, all of them (see [`Plan::normalise`]); `allocation-impossible`
/// when the minimums per stratum exceed the sample size.
///
/// # Example
/// ```
/// use deepdive::{sampling::{sample, Plan}, table::Table};
/// let mut t = Table::new(vec!["ID".into(), "Team".into()]);
/// for (i, team) in ["North", "South", "North", "South", "North", "South"].iter().enumerate() {
///     t.push(i as u32 + 2, [format!("C{i}"), team.to_string()]);
/// }
/// let mut plan = Plan::simple("ID", 2, "dice 3 1 4 1 5 9");
/// plan.strata = vec!["Team".into()];
/// plan.reserves = 1;
/// let s = sample(&t, &plan)?;
/// assert_eq!(s.selected.len(), 2);
/// assert_eq!(s.reserves.len(), 2);
/// assert_eq!(s.strata[0].values, ["North"]);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn sample(table: &Table, plan: &Plan) -> Result<Sample> {
    let mut ids = Sha256::new();
    let mut records = Sha256::new();
    let mut s = sample_streaming(table, plan, &mut |stream, bytes| match stream {
        Stream::Ids => ids.update(bytes),
        Stream::Records => records.update(bytes),
    })?;
    s.ids_sha256 = ids.finalize();
    s.records_sha256 = records.finalize();
    Ok(s)
}

/// One of the two messages the record hashes cover (`docs/sampling.md` §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    /// The sorted IDs: [`Sample::ids_sha256`].
    Ids,
    /// The sorted records: [`Sample::records_sha256`].
    Records,
}

/// [`sample`], but the bytes of the two record hashes are written to `streams` instead of
/// hashed here, so another core can hash them while this one goes on to the filters and
/// tickets: in order, the whole [`Stream::Ids`] message, then the whole
/// [`Stream::Records`] one. The sample's `ids_sha256` and `records_sha256` are left as
/// zeros for the caller to set to the SHA-256 of each message.
///
/// # Errors
/// As [`sample`]. A refused plan writes nothing; a refused allocation (found once the
/// records are read) may leave the IDs message written, to be discarded.
pub fn sample_streaming(
    table: &Table,
    plan: &Plan,
    streams: &mut dyn FnMut(Stream, &[u8]),
) -> Result<Sample> {
    draw_with(table, plan, streams, true)
}

/// [`sample_streaming`], with the plan columns' values coded ([`coded`]) when `code` and
/// the plan allows, or read from the table cell by cell: the result is the same.
fn draw_with(
    table: &Table,
    plan: &Plan,
    streams: &mut dyn FnMut(Stream, &[u8]),
    code: bool,
) -> Result<Sample> {
    let (plan, cols) = plan.resolve(table.columns())?;
    let relevant: Vec<usize> = cols.relevant().collect();
    let id = |r: usize| trim(table.cell(r, cols.id));
    let mut exclusions = Vec::new();

    // Blank IDs aside, rows grouped by ID into records.
    let mut blank = 0u64;
    for r in 0..table.len() {
        if id(r).is_empty() {
            blank += 1;
            let line = table.line(r);
            exclusions.push(Exclusion {
                reason: Reason::BlankId,
                line,
                id: None,
                column: Some(plan.id_column.clone()),
                filter: None,
                message: format!("line {line}: the ID (“{}”) is blank", plan.id_column),
            });
        }
    }
    let coded = code.then(|| coded::code(table, &relevant)).flatten();
    let coded = coded.as_ref();
    let (grouped, entries) =
        records::group(table, cols.id, &relevant, coded, &mut exclusions, streams);
    // Tracked cases are set aside before the filters: a child is never both tracked and
    // drawn.
    let tracked = find_tracked(table, &plan, &cols, &grouped)?;
    let untracked: Vec<usize>;
    let drawable = if tracked.is_empty() {
        &grouped.rows
    } else {
        let mut rows: Vec<usize> = tracked.iter().map(|t| t.record).collect();
        rows.sort_unstable();
        untracked = grouped
            .rows
            .iter()
            .copied()
            .filter(|r| rows.binary_search(r).is_err())
            .collect();
        &untracked
    };
    // The filters and strata read the records in file order (the order of records does
    // not change the sample: tickets decide).
    let (eligible, filtered) = apply_filters(table, &plan, &cols, coded, drawable, &mut exclusions);

    let mut counts = Counts {
        rows: table.len() as u64,
        duplicate_copies: grouped.duplicate_copies,
        records: grouped.rows.len() as u64,
        eligible: eligible.len() as u64,
        excluded: Vec::new(),
    };
    let before = [
        (Reason::BlankId, blank),
        (Reason::DuplicateIdConflict, grouped.conflict_rows),
        (Reason::Tracked, tracked.len() as u64),
    ];
    for (reason, count) in before {
        if count > 0 {
            counts.excluded.push(ExcludedCount {
                reason,
                filter: None,
                count,
            });
        }
    }
    counts.excluded.extend(filtered);

    let found = strata_of(table, &cols.strata, coded, &eligible);
    let sizes: Vec<u64> = found.groups.iter().map(|g| g.len() as u64).collect();
    let allocated = allocate::allocate(
        u64::from(plan.size),
        &sizes,
        plan.allocation,
        plan.min_per_stratum.map(u64::from),
    )?;
    // The records stream, with the tickets drawn in step: when another core hashes the
    // stream, it reads while this one draws.
    let mut drawing = Drawing::new((table, cols.id), &plan, &found, &allocated);
    let (rows, mut written) = (entries.len(), 0);
    records::write_records(
        table,
        cols.id,
        &relevant,
        coded,
        &entries,
        streams,
        &mut |n| {
            written += n;
            drawing.keep_pace(written, rows);
        },
    );
    drop(entries);
    let (strata, selected, reserves) = drawing.finish();
    let warnings = warnings(&plan, &counts, &strata);
    Ok(Sample {
        plan,
        counts,
        ids_sha256: [0; 32],
        records_sha256: [0; 32],
        strata,
        selected,
        reserves,
        tracked,
        exclusions: by_line(exclusions),
        duplicates: grouped.duplicates,
        warnings,
    })
}

/// The plan's tracked cases, found among the records, in plan order.
///
/// # Errors
/// `unknown-tracked-case` for each tracked ID on no row, or on rows that disagree about
/// the plan's columns (so it is no one record), naming `tracked[i].id`.
fn find_tracked(
    table: &Table,
    plan: &Plan,
    cols: &plan::Columns,
    grouped: &records::Records,
) -> Result<Vec<TrackedCase>> {
    if plan.tracked.is_empty() {
        return Ok(Vec::new());
    }
    let index: std::collections::HashMap<&str, usize, rustc_hash::FxBuildHasher> = plan
        .tracked
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut found: Vec<Option<usize>> = vec![None; plan.tracked.len()];
    for &r in &grouped.rows {
        if let Some(&i) = index.get(trim(table.cell(r, cols.id))) {
            found[i] = Some(r);
        }
    }
    let mut problems = crate::error::Collector::default();
    let mut out = Vec::with_capacity(found.len());
    for (i, (t, r)) in plan.tracked.iter().zip(found).enumerate() {
        let Some(r) = r else {
            let conflict = grouped
                .duplicates
                .iter()
                .find(|d| d.id == t.id && d.conflict.is_some());
            let message = match conflict {
                Some(d) => format!(
                    "the tracked ID “{}” is on lines {} with different values in “{}”, so it is no one record: correct the list",
                    t.id,
                    join_lines(&d.lines),
                    d.conflict.as_deref().unwrap_or_default()
                ),
                None => format!(
                    "the tracked ID “{}” is not in the list’s column “{}”",
                    t.id, plan.id_column
                ),
            };
            problems.push(
                crate::error::Code::UnknownTrackedCase,
                &format!("tracked[{i}].id"),
                message,
            );
            continue;
        };
        out.push(TrackedCase {
            record: r,
            line: table.line(r),
            id: t.id.clone(),
            stratum: cols
                .strata
                .iter()
                .map(|&c| trim(table.cell(r, c)).to_owned())
                .collect(),
            reason: t.reason.clone(),
        });
    }
    problems.finish()?;
    Ok(out)
}

/// The eligible records (in the order given), and the filters' exclusion counts: filter
/// by filter, each by reason code. Problem rows are added to `exclusions`.
fn apply_filters(
    table: &Table,
    plan: &Plan,
    cols: &plan::Columns,
    coded: Option<&coded::Coded>,
    records: &[usize],
    exclusions: &mut Vec<Exclusion>,
) -> (Vec<usize>, Vec<ExcludedCount>) {
    let mut counts = vec![0u64; plan.filters.len() * REASONS.len()];
    let mut eligible = Vec::with_capacity(records.len());
    // With codes, each filter is applied once per distinct value (a filter trims first,
    // so the trimmed value decides). The filters' columns follow the strata's.
    let first = cols.strata.len();
    let mut verdicts: Vec<Vec<Option<std::result::Result<(), Reason>>>> = coded
        .map(|c| {
            let values = |f: usize| c.columns[first + f].text.len();
            (0..plan.filters.len())
                .map(|f| vec![None; values(f)])
                .collect()
        })
        .unwrap_or_default();
    'records: for &r in records {
        for (f, filter) in plan.filters.iter().enumerate() {
            let verdict = match coded {
                Some(c) => {
                    let code = usize::from(c.code(r, first + f));
                    *verdicts[f][code].get_or_insert_with(|| {
                        filter::apply(filter, c.columns[first + f].text[code], plan.reference_date)
                    })
                }
                None => filter::apply(filter, table.cell(r, cols.filters[f]), plan.reference_date),
            };
            if let Err(reason) = verdict {
                let k = REASONS.iter().position(|x| *x == reason).unwrap_or(0);
                counts[f * REASONS.len() + k] += 1;
                if reason != Reason::NotMatched {
                    let cell = table.cell(r, cols.filters[f]);
                    let id = trim(table.cell(r, cols.id));
                    exclusions.push(filter_exclusion(table, r, id, filter, f, reason, cell));
                }
                continue 'records;
            }
        }
        eligible.push(r);
    }
    let excluded = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(i, &count)| ExcludedCount {
            reason: REASONS[i % REASONS.len()],
            filter: Some(i / REASONS.len()),
            count,
        })
        .collect();
    (eligible, excluded)
}

/// Eligible records in strata: each stratum's values and its records, in byte-wise order
/// of the values.
struct Strata<'t> {
    keys: Vec<Vec<&'t str>>,
    groups: Vec<Vec<usize>>,
}

/// The strata's values in byte-wise order, and each stratum's records.
fn strata_of<'t>(
    table: &'t Table,
    columns: &[usize],
    coded: Option<&coded::Coded<'t>>,
    eligible: &[usize],
) -> Strata<'t> {
    if let Some(c) = coded {
        // Grouped by their codes (strata are few: a sorted list finds them), then put in
        // order of their values.
        let mut index: Vec<(u64, usize)> = Vec::new();
        let mut keys: Vec<Vec<&str>> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &r in eligible {
            let codes = c.first(r, columns.len());
            let h = match index.binary_search_by_key(&codes, |&(k, _)| k) {
                Ok(i) => index[i].1,
                Err(i) => {
                    index.insert(i, (codes, groups.len()));
                    keys.push(
                        (0..columns.len())
                            .map(|j| c.columns[j].text[usize::from(c.code(r, j))])
                            .collect(),
                    );
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            };
            groups[h].push(r);
        }
        let mut order: Vec<usize> = (0..keys.len()).collect();
        sort_indices(&mut order, &|a, b| keys[a].cmp(&keys[b]));
        let (keys, groups) = order
            .into_iter()
            .map(|h| (std::mem::take(&mut keys[h]), std::mem::take(&mut groups[h])))
            .unzip();
        return Strata { keys, groups };
    }
    let values = |r: usize| columns.iter().map(move |&c| trim(table.cell(r, c)));
    let mut keys: Vec<Vec<&str>> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &r in eligible {
        match keys.binary_search_by(|k| k.iter().copied().cmp(values(r))) {
            Ok(h) => groups[h].push(r),
            Err(h) => {
                keys.insert(h, values(r).collect());
                groups.insert(h, vec![r]);
            }
        }
    }
    Strata { keys, groups }
}

/// Tickets in each stratum: the smallest `allocated[h]` are selected, the next ones
/// (up to the plan's reserves) are reserves. The tickets are drawn a few at a time
/// ([`Drawing::step`]), so the caller can interleave them with the records stream and keep
/// pace with another core hashing it; [`Drawing::finish`] draws the rest.
struct Drawing<'a, 't> {
    table: &'t Table,
    plan: &'a Plan,
    id_column: usize,
    strata_in: &'a Strata<'t>,
    allocated: &'a [u64],
    tickets: Tickets,
    /// The stratum under way (an index into `strata_in`), and how many of its members
    /// have their tickets.
    stratum: usize,
    ticketed: usize,
    /// The stratum under way's tickets, and how many it keeps: its cases and reserves.
    under_way: Option<(StratumTickets, usize)>,
    /// Its smallest tickets so far (with the member's index), and the cutoff: the largest
    /// of those kept, which a later ticket must beat (see `step`).
    candidates: Vec<(Ticket, usize)>,
    cutoff: Option<(Ticket, usize)>,
    strata: Vec<Stratum>,
    selected: Vec<Case>,
    reserves: Vec<Case>,
    /// Members in all, and how many are done (their tickets drawn, or not needed).
    members: usize,
    drawn: usize,
}

impl<'a, 't> Drawing<'a, 't> {
    fn new(
        (table, id_column): (&'t Table, usize),
        plan: &'a Plan,
        strata_in: &'a Strata<'t>,
        allocated: &'a [u64],
    ) -> Self {
        Drawing {
            tickets: Tickets::new(&plan.seed),
            table,
            plan,
            id_column,
            strata_in,
            allocated,
            stratum: 0,
            ticketed: 0,
            under_way: None,
            candidates: Vec::new(),
            cutoff: None,
            strata: Vec::with_capacity(strata_in.groups.len()),
            selected: Vec::new(),
            reserves: Vec::new(),
            members: strata_in.groups.iter().map(Vec::len).sum(),
            drawn: 0,
        }
    }

    /// Draws tickets until their share of all members is `done` of `total` (the records
    /// stream's progress): the tickets keep pace with the stream.
    fn keep_pace(&mut self, done: usize, total: usize) {
        let due = self.members as u64 * done as u64 / total.max(1) as u64;
        let due = usize::try_from(due).unwrap_or(usize::MAX);
        self.step(due.saturating_sub(self.drawn));
    }

    /// Draws the tickets of up to `n` more members, stratum by stratum.
    fn step(&mut self, mut n: usize) {
        let (table, id_column) = (self.table, self.id_column);
        let id = |r: usize| trim(table.cell(r, id_column));
        while n > 0 && self.stratum < self.strata_in.groups.len() {
            let members = &self.strata_in.groups[self.stratum];
            let (tickets, keep) = self.under_way.get_or_insert_with(|| {
                let keep = usize::try_from(
                    self.allocated[self.stratum].saturating_add(u64::from(self.plan.reserves)),
                )
                .unwrap_or(usize::MAX)
                .min(members.len());
                (
                    self.tickets
                        .stratum(&stratum_key(&self.strata_in.keys[self.stratum])),
                    keep,
                )
            });
            let keep = *keep;
            // Only the `keep` smallest tickets matter. Candidates gather up to twice that
            // many, then the smallest `keep` are kept and the largest of them is the cutoff
            // the next tickets must beat: memory in proportion to `keep`, not the stratum.
            // A stratum that keeps none needs no tickets.
            // One comparator type for every selection keeps the WebAssembly small.
            let ranked: Ranked = &|a, b| order(table, id_column, members, a, b);
            let room = keep.saturating_mul(2).min(members.len());
            let end = if keep == 0 {
                members.len()
            } else {
                members.len().min(self.ticketed.saturating_add(n))
            };
            if keep > 0 {
                let (candidates, cutoff) = (&mut self.candidates, &mut self.cutoff);
                let mut member = self.ticketed;
                tickets.each(members[self.ticketed..end].iter().map(|&r| id(r)), |t| {
                    let candidate = (t, member);
                    member += 1;
                    if cutoff
                        .is_some_and(|c| order(table, id_column, members, &candidate, &c).is_ge())
                    {
                        return;
                    }
                    candidates.push(candidate);
                    if candidates.len() == room && room > keep {
                        candidates.select_nth_unstable_by(keep - 1, ranked);
                        candidates.truncate(keep);
                        *cutoff = candidates.last().copied();
                    }
                });
            }
            n = n.saturating_sub(end - self.ticketed);
            self.drawn += end - self.ticketed;
            self.ticketed = end;
            if self.ticketed == members.len() {
                self.close_stratum(keep);
            }
        }
    }

    /// Ends the stratum under way: its cases and reserves, in ticket order.
    fn close_stratum(&mut self, keep: usize) {
        let (table, id_column) = (self.table, self.id_column);
        let id = |r: usize| trim(table.cell(r, id_column));
        let (stratum, members) = (self.stratum, &self.strata_in.groups[self.stratum]);
        let ranked: Ranked = &|a, b| order(table, id_column, members, a, b);
        let mut kept = std::mem::take(&mut self.candidates);
        if keep > 0 && keep < kept.len() {
            kept.select_nth_unstable_by(keep - 1, ranked);
        }
        kept.truncate(keep);
        kept.sort_unstable_by(ranked);
        let take = usize::try_from(self.allocated[stratum])
            .unwrap_or(usize::MAX)
            .min(keep);
        let case = |&(ticket, member): &(Ticket, usize)| Case {
            record: members[member],
            line: table.line(members[member]),
            id: id(members[member]).to_owned(),
            stratum,
            ticket,
        };
        self.selected.extend(kept[..take].iter().map(case));
        self.reserves.extend(kept[take..keep].iter().map(case));
        self.strata.push(Stratum {
            values: self.strata_in.keys[stratum]
                .iter()
                .map(|v| (*v).to_owned())
                .collect(),
            eligible: members.len() as u64,
            allocated: take as u64,
            reserves: (keep - take) as u64,
        });
        (self.stratum, self.ticketed, self.under_way, self.cutoff) = (stratum + 1, 0, None, None);
    }

    /// Draws what is left; the strata, the selected cases and the reserves.
    fn finish(mut self) -> (Vec<Stratum>, Vec<Case>, Vec<Case>) {
        self.step(usize::MAX);
        (self.strata, self.selected, self.reserves)
    }
}

/// [`order`] as one type for every selection and sort of candidates.
type Ranked<'r> = &'r dyn Fn(&(Ticket, usize), &(Ticket, usize)) -> std::cmp::Ordering;

/// Two candidates (a ticket and an index into `members`) in ticket order, then ID order.
/// The tickets' first 8 bytes, compared as one number, almost always decide.
#[inline(always)]
fn order(
    table: &Table,
    id_column: usize,
    members: &[usize],
    a: &(Ticket, usize),
    b: &(Ticket, usize),
) -> std::cmp::Ordering {
    let head = |t: &Ticket| u64::from_be_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
    let id = |k: usize| trim(table.cell(members[k], id_column));
    head(&a.0)
        .cmp(&head(&b.0))
        .then_with(|| a.0.cmp(&b.0))
        .then_with(|| id(a.1).cmp(id(b.1)))
}

/// The exclusions in line order (stable).
fn by_line(exclusions: Vec<Exclusion>) -> Vec<Exclusion> {
    let mut order: Vec<usize> = (0..exclusions.len()).collect();
    sort_indices(&mut order, &|a, b| {
        (exclusions[a].line, a).cmp(&(exclusions[b].line, b))
    });
    let mut slots: Vec<Option<Exclusion>> = exclusions.into_iter().map(Some).collect();
    order.iter().filter_map(|&k| slots[k].take()).collect()
}

/// Every reason, in byte-wise order of its code (the order counts are listed in).
const REASONS: [Reason; 7] = [
    Reason::BadDate,
    Reason::BlankDate,
    Reason::BlankId,
    Reason::BornAfterReferenceDate,
    Reason::DuplicateIdConflict,
    Reason::NotMatched,
    Reason::Tracked,
];

/// Sorts indices by a comparison. Every sort in sampling goes through this one
/// instantiation, which keeps the WebAssembly small.
pub(crate) fn sort_indices(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    v.sort_unstable_by(|&a, &b| cmp(a, b));
}

fn filter_exclusion(
    table: &Table,
    r: usize,
    id: &str,
    filter: &Filter,
    f: usize,
    reason: Reason,
    cell: &str,
) -> Exclusion {
    let line = table.line(r);
    let column = filter.column();
    let what = match reason {
        Reason::BlankDate => format!("“{column}” is blank"),
        Reason::BadDate => format!(
            "“{column}” is “{}”, not a date (dd/mm/yyyy, yyyy-mm-dd or an Excel serial)",
            trim(cell)
        ),
        Reason::BornAfterReferenceDate => {
            format!("“{column}” ({}) is after the reference date", trim(cell))
        }
        _ => format!("“{column}” does not meet the filter"),
    };
    Exclusion {
        reason,
        line,
        id: Some(id.to_owned()),
        column: Some(column.to_owned()),
        filter: Some(f),
        message: format!(
            "line {line} (ID “{id}”): {what}; excluded by filters[{f}] ({})",
            filter.op()
        ),
    }
}

pub(crate) fn join_lines(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stratum's values for people: `a) Male / North`, `(blank)` for a blank value.
pub fn stratum_label(values: &[String]) -> String {
    if values.is_empty() {
        return "(all)".to_owned();
    }
    values
        .iter()
        .map(|v| if v.is_empty() { "(blank)" } else { v.as_str() })
        .collect::<Vec<_>>()
        .join(" / ")
}

fn warnings(plan: &Plan, counts: &Counts, strata: &[Stratum]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code, message: String| out.push(Warning { code, message });
    if counts.eligible == 0 {
        warn(
            WarningCode::NoEligibleRecords,
            "no record is eligible, so the sample is empty".to_owned(),
        );
        return out;
    }
    if u64::from(plan.size) > counts.eligible {
        warn(
            WarningCode::SampleLargerThanEligible,
            format!(
                "the sample size is {} but only {} records are eligible, so all of them are taken",
                plan.size, counts.eligible
            ),
        );
    }
    for s in strata {
        if s.allocated == 0 {
            warn(
                WarningCode::StratumGetsNone,
                format!(
                    "stratum {} ({} eligible) gets no case under {} allocation",
                    stratum_label(&s.values),
                    s.eligible,
                    plan.allocation.as_str()
                ),
            );
        }
        if s.reserves < u64::from(plan.reserves) {
            warn(
                WarningCode::ReservesShort,
                format!(
                    "stratum {} has only {} of the {} reserves asked for: it has no more records",
                    stratum_label(&s.values),
                    s.reserves,
                    plan.reserves
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small xorshift generator: the tables below are the same on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u64) as usize]
        }
    }

    /// A list with what makes a draw take its rarer paths: blank, long and repeated IDs
    /// (copies that agree and copies that do not), padded values, blank and bad dates.
    fn awkward_table(rng: &mut Rng, rows: usize) -> Table {
        let columns = ["ID", "Gender", "Team", "Date of Birth", "Note", "Extra"];
        let mut t = Table::new(columns.iter().map(|c| (*c).to_owned()).collect());
        let mut ids: Vec<String> = Vec::new();
        for r in 0..rows {
            let id = match rng.below(20) {
                0 => String::new(),
                1 if !ids.is_empty() => ids[rng.below(ids.len() as u64) as usize].clone(),
                2 => format!("a-very-long-child-identifier-{}", rng.below(50)),
                _ => format!("C{}", rng.below(rows as u64 * 4)),
            };
            ids.push(id.clone());
            let gender = rng.pick(&["a) Male", "b) Female", " a) Male ", "c) Unknown", ""]);
            let team = rng.pick(&["North", "South", "East, and more", "West"]);
            let dob = rng.pick(&[
                "03/08/2003",
                "2009-07-06",
                "",
                "not a date",
                "01/01/2030",
                "29/02/2012",
            ]);
            let note = format!("n{}", rng.below(3));
            t.push(r as u32 + 2, [id.as_str(), gender, team, dob, &note, "x"]);
        }
        t
    }

    fn hashed(table: &Table, plan: &Plan, code: bool) -> Result<Sample> {
        let (mut ids, mut records) = (Sha256::new(), Sha256::new());
        let mut s = draw_with(
            table,
            plan,
            &mut |stream, bytes| match stream {
                Stream::Ids => ids.update(bytes),
                Stream::Records => records.update(bytes),
            },
            code,
        )?;
        s.ids_sha256 = ids.finalize();
        s.records_sha256 = records.finalize();
        Ok(s)
    }

    #[test]
    fn tickets_drawn_a_few_at_a_time_are_the_tickets_drawn_at_once() {
        let mut rng = Rng(7);
        let table = awkward_table(&mut rng, 3000);
        let plan: Plan = serde_json::from_str(
            r#"{"idColumn": "ID", "size": 40, "seed": "steps", "strata": ["Team", "Gender"], "reserves": 3, "allocation": "equal"}"#,
        )
        .unwrap();
        let (plan, cols) = plan.resolve(table.columns()).unwrap();
        let rows: Vec<usize> = (0..table.len())
            .filter(|&r| !trim(table.cell(r, 0)).is_empty())
            .collect();
        let found = strata_of(&table, &cols.strata, None, &rows);
        let groups = &found.groups;
        let sizes: Vec<u64> = groups.iter().map(|g| g.len() as u64).collect();
        let allocated = allocate::allocate(40, &sizes, plan.allocation, None).unwrap();
        // Strata that keep none of their members (allocated nothing, no reserves) too.
        let mut none = allocated.clone();
        none[0] = 0;
        let once =
            |allocated: &[u64]| Drawing::new((&table, cols.id), &plan, &found, allocated).finish();
        for allocated in [&allocated, &none] {
            let expected = once(allocated);
            assert!(expected.1.len() >= 30 && !expected.2.is_empty());
            for steps in [1, 3, 4, 5, 97, 1000] {
                let mut d = Drawing::new((&table, cols.id), &plan, &found, allocated);
                for i in 0..(rows.len() / steps / 2) {
                    d.step(steps + i % 3);
                }
                assert_eq!(d.finish(), expected, "steps of {steps}");
            }
        }
        // Keeping pace with a stream a third of the way through draws a third of them.
        let mut d = Drawing::new((&table, cols.id), &plan, &found, &allocated);
        d.keep_pace(1, 3);
        assert_eq!(d.drawn, d.members / 3);
        d.keep_pace(3, 3);
        assert_eq!(d.drawn, d.members);
        assert_eq!(d.finish(), once(&allocated));
        let plan = Plan {
            reserves: 0,
            ..plan
        };
        let zero = vec![0; groups.len()];
        let (strata, selected, reserves) =
            Drawing::new((&table, cols.id), &plan, &found, &zero).finish();
        assert_eq!(
            (strata.len(), selected.len(), reserves.len()),
            (groups.len(), 0, 0)
        );
    }

    #[test]
    fn coded_draws_equal_cell_by_cell_draws() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let filters = [
            r#"{"op": "equals", "column": "Team", "value": "North"}"#,
            r#"{"op": "one-of", "column": "Team", "values": ["South", "East, and more"]}"#,
            r#"{"op": "not-blank", "column": "Gender"}"#,
            r#"{"op": "date-between", "column": "Date of Birth", "from": "2005-01-01"}"#,
            r#"{"op": "age-between", "column": "Date of Birth", "min": 3, "max": 12}"#,
        ];
        let strata = [
            r#"[]"#,
            r#"["Gender"]"#,
            r#"["Gender", "Team"]"#,
            r#"["Team", "Note", "Gender"]"#,
        ];
        let mut coded_plans = 0;
        for case in 0..40 {
            let table = awkward_table(&mut rng, 50 + 40 * case);
            let chosen: Vec<&str> = filters
                .iter()
                .copied()
                .filter(|_| rng.below(3) == 0)
                .collect();
            let plan = format!(
                r#"{{"idColumn": "ID", "size": {}, "seed": "s{case}", "strata": {}, "reserves": {}, "allocation": {}, "referenceDate": "2015-09-23", "filters": [{}]}}"#,
                1 + rng.below(30),
                rng.pick(&strata),
                rng.below(3),
                rng.pick(&[
                    r#""proportional""#,
                    r#""equal""#,
                    r#""minimum", "minPerStratum": 1"#
                ]),
                chosen.join(", ")
            );
            let plan: Plan = serde_json::from_str(&plan).unwrap();
            let (_, cols) = plan.resolve(table.columns()).unwrap();
            let relevant: Vec<usize> = cols.relevant().collect();
            coded_plans += usize::from(coded::code(&table, &relevant).is_some());
            let (coded, by_cell) = (hashed(&table, &plan, true), hashed(&table, &plan, false));
            assert_eq!(coded, by_cell, "case {case}: {plan:?}");
        }
        // Most of those plans code; the rest read more than four columns.
        assert!(coded_plans > 20, "only {coded_plans} of 40 plans coded");
    }

    #[test]
    fn reasons_are_listed_in_code_order_once_each() {
        let codes: Vec<&str> = REASONS.iter().map(|r| r.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
