//! Rows grouped into records by ID (`docs/sampling.md` §4, step 3) and the record hashes
//! (§6), from one sort of the rows and without building the hashed entries.
//!
//! The records hash covers entries `ns(id) ‖ ns(v1) ‖ … ‖ ns(vk)` in byte-wise order.
//! Netstrings are a prefix code, so entries compare field by field, and two netstrings
//! compare by their headers (`len:`) when their lengths differ and by their bytes when
//! not. So the rows are sorted once by (rank of the ID's header, ID, line): that is the
//! entries' order, but for copies of one ID, which are sorted by their values on the way.
//! The IDs hash and the duplicates want plain ID order: within one header the order is
//! the same, so a merge of the few header buckets gives it. A row's sort key carries the
//! ID's first 16 bytes, so most IDs are compared and hashed without reading the table
//! again, and the plan columns' codes ([`super::coded`]), so the values need not be read
//! either. The entries are streamed through a fixed buffer to a sink, which hashes them
//! here ([`super::sample`]) or hands them to another core ([`super::sample_streaming`]):
//! [`group`] writes the IDs stream, and [`write_records`] the records stream, later, with
//! a hook that lets the caller draw tickets in step.

use super::coded::Coded;
use super::ticket::decimal;
use super::{join_lines, Duplicate, Exclusion, Reason, Stream};
use crate::cells::trim;
use crate::table::Table;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The rows with an ID, as records.
pub(crate) struct Records {
    /// One row per record, in file order.
    pub(crate) rows: Vec<usize>,
    pub(crate) duplicates: Vec<Duplicate>,
    pub(crate) duplicate_copies: u64,
    pub(crate) conflict_rows: u64,
}

/// A row with an ID, as it sorts.
#[derive(Clone, Copy)]
struct Key {
    /// The rank of the ID's netstring header among all the IDs' headers, in byte-wise
    /// order (set by [`Buckets::rank`] once every ID's length is known).
    rank: u32,
    /// The ID's first 16 bytes, big-endian, padded with zeros.
    hi: u64,
    lo: u64,
    row: u32,
    /// The row's codes in the plan columns, when the plan codes ([`Coded`]).
    codes: u64,
}

/// IDs up to this long are held whole in their [`Key`].
const HELD: usize = 16;

impl Key {
    fn new(id: &[u8], row: usize, codes: u64) -> Key {
        let mut p = [0u8; HELD];
        let n = id.len().min(HELD);
        p[..n].copy_from_slice(&id[..n]);
        let [hi, lo] =
            [&p[..8], &p[8..]].map(|h| u64::from_be_bytes(h.try_into().unwrap_or_default()));
        Key {
            rank: 0,
            hi,
            lo,
            row: row as u32,
            codes,
        }
    }

    #[inline(always)]
    fn held(&self) -> [u8; HELD] {
        let mut p = [0u8; HELD];
        p[..8].copy_from_slice(&self.hi.to_be_bytes());
        p[8..].copy_from_slice(&self.lo.to_be_bytes());
        p
    }
}

/// Groups the rows with an ID into records, reporting duplicates (with `exclusions` for
/// conflicting ones), and writes the IDs stream to `streams`. Gives the records and the
/// rows in the order of the records stream, for [`write_records`].
pub(crate) fn group(
    table: &Table,
    id_column: usize,
    relevant: &[usize],
    coded: Option<&Coded>,
    exclusions: &mut Vec<Exclusion>,
    streams: &mut dyn FnMut(Stream, &[u8]),
) -> (Records, Entries) {
    let full = |row: u32| trim(table.cell(row as usize, id_column));
    let mut keys: Vec<Key> = Vec::with_capacity(table.len());
    // Each key's ID length, until the lengths are ranked.
    let mut lengths: Vec<u32> = Vec::with_capacity(table.len());
    for r in 0..table.len() {
        let id = full(r as u32);
        if !id.is_empty() {
            let codes = coded.map_or(0, |c| c.rows[r]);
            keys.push(Key::new(id.as_bytes(), r, codes));
            lengths.push(u32::try_from(id.len()).unwrap_or(u32::MAX));
        }
    }
    let buckets = Buckets::rank(&mut keys, &lengths);
    drop(lengths);
    let len = |k: &Key| buckets.lengths[k.rank as usize];
    // Rows are in line order in every table ingest makes, so then a row's index orders
    // copies as its line does; and IDs held whole in their keys need no table to compare.
    // The keys are then plain integers, which sort several times faster.
    let ascending = (1..table.len()).all(|r| table.line(r - 1) <= table.line(r));
    if ascending && buckets.lengths.iter().all(|&n| n <= HELD) {
        keys.sort_unstable_by_key(|k| (k.rank, k.hi, k.lo, k.row));
    } else {
        keys.sort_unstable_by(|a, b| compare(a, b, &len, &full, table));
    }
    let same = |a: &Key, b: &Key| {
        (a.rank, a.hi, a.lo) == (b.rank, b.hi, b.lo)
            && (len(a) <= HELD || full(a.row) == full(b.row))
    };
    // Plain ID order: the IDs hash and the duplicates.
    let order = id_order(&keys, &buckets, &full);
    let at = |i: usize| order.as_ref().map_or(i, |o| o[i] as usize);
    let mut keep = vec![false; table.len()];
    let mut out = Records {
        rows: Vec::new(),
        duplicates: Vec::new(),
        duplicate_copies: 0,
        conflict_rows: 0,
    };
    let mut ids = Netstrings::new(Stream::Ids);
    let mut copies: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let first = keys[at(i)];
        let mut j = i + 1;
        while j < keys.len() && same(&first, &keys[at(j)]) {
            j += 1;
        }
        let held = first.held();
        let id = if len(&first) <= HELD {
            &held[..len(&first)]
        } else {
            full(first.row).as_bytes()
        };
        for _ in i..j {
            ids.push(id, streams);
        }
        if j - i == 1 {
            keep[first.row as usize] = true;
        } else {
            copies.clear();
            copies.extend((i..j).map(|x| keys[at(x)].row as usize));
            dedupe(
                table,
                &copies,
                full(first.row),
                relevant,
                &mut keep,
                &mut out,
                exclusions,
            );
        }
        i = j;
    }
    drop(order);
    ids.flush(streams);

    // Entry order: the keys' order, with copies of an ID ordered by their values.
    if !relevant.is_empty() {
        let mut i = 0;
        while i < keys.len() {
            let mut j = i + 1;
            while j < keys.len() && same(&keys[i], &keys[j]) {
                j += 1;
            }
            if j - i > 1 {
                keys[i..j].sort_unstable_by(|a, b| cmp_values(table, relevant, a.row, b.row));
            }
            i = j;
        }
    }
    out.rows = (0..table.len()).filter(|&r| keep[r]).collect();
    let entries = Entries {
        keys,
        lengths: buckets.lengths,
    };
    (out, entries)
}

/// The rows with an ID in the records hash's order, from [`group`].
pub(crate) struct Entries {
    keys: Vec<Key>,
    /// The IDs' lengths, by rank.
    lengths: Vec<usize>,
}

impl Entries {
    /// How many rows (each an entry).
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Writes the records stream: each entry's ID and its values in the plan columns
/// (`relevant`), taken from their codes or else from the table. `between(n)` is called
/// after every thousand or so entries, `n` being how many since the last call, so that the
/// caller can do other work in step with the stream's reader.
pub(crate) fn write_records(
    table: &Table,
    id_column: usize,
    relevant: &[usize],
    coded: Option<&Coded>,
    entries: &Entries,
    streams: &mut dyn FnMut(Stream, &[u8]),
    between: &mut dyn FnMut(usize),
) {
    // Rows are looked up in batches, see below; the caller hears of every `STEP` rows.
    const BATCH: usize = 64;
    const STEP: usize = 1024;
    let full = |row: u32| trim(table.cell(row as usize, id_column));
    let len = |k: &Key| entries.lengths[k.rank as usize];
    let mut records = Netstrings::new(Stream::Records);
    let width = relevant.len() + 1;
    let mut spans: Vec<(u32, u32)> = Vec::with_capacity(BATCH * width);
    let mut cells: Vec<&str> = Vec::with_capacity(BATCH * width);
    let mut done = 0;
    for batch in entries.keys.chunks(BATCH) {
        if let Some(coded) = coded {
            // The values' netstrings come from the keys' codes: the table is not read.
            for k in batch {
                let held = k.held();
                let id = if len(k) <= HELD {
                    &held[..len(k)]
                } else {
                    full(k.row).as_bytes()
                };
                records.push(id, streams);
                for (j, values) in coded.columns.iter().enumerate() {
                    records.push_netstring(values.netstring((k.codes >> (16 * j)) as u16), streams);
                }
            }
        } else {
            // The rows are scattered over the table: a batch's cells are looked up first,
            // in tight loops (where they are, then their text), so the processor fetches
            // many at once, and then hashed.
            spans.clear();
            for k in batch {
                let row = k.row as usize;
                if len(k) > HELD {
                    spans.push(table.cell_span(row, id_column));
                }
                spans.extend(relevant.iter().map(|&c| table.cell_span(row, c)));
            }
            cells.clear();
            cells.extend(spans.iter().map(|&s| trim(table.span_text(s))));
            let mut cells = cells.iter();
            let mut next = || cells.next().map_or(&b""[..], |c| c.as_bytes());
            for k in batch {
                let held = k.held();
                let id = if len(k) <= HELD {
                    &held[..len(k)]
                } else {
                    next()
                };
                records.push(id, streams);
                for _ in relevant {
                    records.push(next(), streams);
                }
            }
        }
        done += batch.len();
        if done >= STEP {
            between(done);
            done = 0;
        }
    }
    records.flush(streams);
    between(done);
}

/// The order of two rows' keys in general: by ID's header rank, ID, then line.
fn compare<'t>(
    a: &Key,
    b: &Key,
    len: &dyn Fn(&Key) -> usize,
    full: &dyn Fn(u32) -> &'t str,
    table: &Table,
) -> Ordering {
    (a.rank, a.hi, a.lo)
        .cmp(&(b.rank, b.hi, b.lo))
        .then_with(|| {
            if len(a) > HELD {
                full(a.row).cmp(full(b.row))
            } else {
                Ordering::Equal
            }
        })
        .then_with(|| {
            let line = |k: &Key| (table.line(k.row as usize), k.row);
            line(a).cmp(&line(b))
        })
}

/// One ID's copies (`rows`, in line order): one record (its first row) when they agree on
/// every column the plan reads, or all excluded when they do not.
fn dedupe(
    table: &Table,
    rows: &[usize],
    id: &str,
    relevant: &[usize],
    keep: &mut [bool],
    out: &mut Records,
    exclusions: &mut Vec<Exclusion>,
) {
    let first = rows[0];
    let lines: Vec<u32> = rows.iter().map(|&r| table.line(r)).collect();
    let differs = relevant.iter().copied().find(|&c| {
        let v = trim(table.cell(first, c));
        rows.iter().any(|&r| trim(table.cell(r, c)) != v)
    });
    let conflict = differs.map(|c| table.columns().get(c).cloned().unwrap_or_default());
    match &conflict {
        None => {
            out.duplicate_copies += rows.len() as u64 - 1;
            keep[first] = true;
        }
        Some(column) => {
            out.conflict_rows += rows.len() as u64;
            let all = join_lines(&lines);
            for &r in rows {
                let line = table.line(r);
                exclusions.push(Exclusion {
                    reason: Reason::DuplicateIdConflict,
                    line,
                    id: Some(id.to_owned()),
                    column: Some(column.clone()),
                    filter: None,
                    message: format!(
                        "line {line}: the ID “{id}” is on lines {all} with different values in “{column}”, so none of them is sampled"
                    ),
                });
            }
        }
    }
    out.duplicates.push(Duplicate {
        id: id.to_owned(),
        lines,
        conflict,
    });
}

/// The distinct ID lengths in byte-wise order of their netstring headers (`10:` before
/// `9:`), and where each one's keys end once sorted.
struct Buckets {
    lengths: Vec<usize>,
    ends: Vec<usize>,
}

impl Buckets {
    /// Gives each key the rank of its ID's header; `lengths` are the keys' ID lengths.
    fn rank(keys: &mut [Key], lengths: &[u32]) -> Buckets {
        // Short lengths index an array, long ones a map: counts first, then ranks.
        const SHORT: usize = 256;
        let mut short = [0u32; SHORT];
        let mut long: BTreeMap<u32, u32> = BTreeMap::new();
        for &n in lengths {
            match short.get_mut(n as usize) {
                Some(count) => *count += 1,
                None => *long.entry(n).or_default() += 1,
            }
        }
        let mut counts: Vec<(usize, u32)> = (0..SHORT)
            .filter(|&n| short[n] > 0)
            .map(|n| (n, short[n]))
            .chain(long.iter().map(|(&n, &count)| (n as usize, count)))
            .collect();
        counts.sort_unstable_by(|a, b| cmp_headers(a.0, b.0));
        let mut ends = Vec::with_capacity(counts.len());
        for (rank, &(n, count)) in counts.iter().enumerate() {
            ends.push(ends.last().copied().unwrap_or(0) + count as usize);
            match short.get_mut(n) {
                Some(slot) => *slot = rank as u32,
                None => {
                    long.insert(n as u32, rank as u32);
                }
            }
        }
        for (k, &n) in keys.iter_mut().zip(lengths) {
            k.rank = match short.get(n as usize) {
                Some(&rank) => rank,
                None => long.get(&n).copied().unwrap_or_default(),
            };
        }
        Buckets {
            lengths: counts.into_iter().map(|(n, _)| n).collect(),
            ends,
        }
    }
}

/// The keys (sorted by header, ID, line) in plain ID order, as indices; `None` when they
/// are in that order already (all IDs are the same length).
fn id_order<'t>(
    keys: &[Key],
    buckets: &Buckets,
    full: &dyn Fn(u32) -> &'t str,
) -> Option<Vec<u32>> {
    let len = |k: &Key| buckets.lengths[k.rank as usize];
    // IDs of different lengths are never equal: a shorter one held whole whose bytes
    // match the other's start comes first.
    let cmp = |a: &Key, b: &Key| {
        (a.hi, a.lo).cmp(&(b.hi, b.lo)).then_with(|| {
            if len(a) <= HELD && len(b) <= HELD {
                len(a).cmp(&len(b))
            } else {
                full(a.row).cmp(full(b.row))
            }
        })
    };
    let mut heads: Vec<(usize, usize)> = buckets
        .ends
        .iter()
        .scan(0, |start, &end| Some((std::mem::replace(start, end), end)))
        .collect();
    match heads.len() {
        0 | 1 => None,
        // A few buckets: merge them.
        2..=16 => {
            let mut order = Vec::with_capacity(keys.len());
            while !heads.is_empty() {
                let mut best = 0;
                for h in 1..heads.len() {
                    if cmp(&keys[heads[h].0], &keys[heads[best].0]).is_lt() {
                        best = h;
                    }
                }
                order.push(heads[best].0 as u32);
                heads[best].0 += 1;
                if heads[best].0 == heads[best].1 {
                    heads.remove(best);
                }
            }
            Some(order)
        }
        // Many: sort (stably, so copies of an ID stay in line order).
        _ => {
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            order.sort_by(|&a, &b| cmp(&keys[a as usize], &keys[b as usize]));
            Some(order)
        }
    }
}

/// Two rows' values in the plan columns, as their netstrings compare byte-wise.
fn cmp_values(table: &Table, relevant: &[usize], a: u32, b: u32) -> Ordering {
    for &c in relevant {
        let x = trim(table.cell(a as usize, c)).as_bytes();
        let y = trim(table.cell(b as usize, c)).as_bytes();
        let order = if x.len() == y.len() {
            x.cmp(y)
        } else {
            cmp_headers(x.len(), y.len())
        };
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// Netstring headers (`len:`) of two lengths, compared byte-wise: `10:` < `1:` < `2:`.
fn cmp_headers(a: usize, b: usize) -> Ordering {
    let (mut x, mut y) = ([0u8; 20], [0u8; 20]);
    let (x, y) = (decimal(a, &mut x), decimal(b, &mut y));
    let at = |digits: &[u8], i: usize| digits.get(i).copied().unwrap_or(b':');
    (0..=x.len().max(y.len()))
        .map(|i| at(x, i).cmp(&at(y, i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Many netstrings written to a stream as one message: they are gathered in a fixed
/// buffer and written in large runs, which hashes much faster than many tiny updates.
struct Netstrings {
    stream: Stream,
    pending: Vec<u8>,
}

/// The size of the buffer.
const RUN: usize = 64 * 1024;

impl Netstrings {
    fn new(stream: Stream) -> Netstrings {
        Netstrings {
            stream,
            pending: Vec::with_capacity(RUN),
        }
    }

    /// Appends `bytes` as a netstring.
    fn push(&mut self, bytes: &[u8], out: &mut dyn FnMut(Stream, &[u8])) {
        let n = bytes.len();
        // The header is at most 20 digits; with `:` and `,` that is 22 bytes.
        if self.pending.len() + n + 22 > RUN {
            self.flush(out);
        }
        // Most cells are under 100 bytes: their headers are written directly.
        match n {
            0..=9 => self.pending.extend_from_slice(&[b'0' + n as u8, b':']),
            10..=99 => self.pending.extend_from_slice(&[
                b'0' + (n / 10) as u8,
                b'0' + (n % 10) as u8,
                b':',
            ]),
            _ => {
                let mut digits = [0u8; 20];
                self.pending.extend_from_slice(decimal(n, &mut digits));
                self.pending.push(b':');
            }
        }
        if n + 1 > RUN - self.pending.len() {
            // Longer than the buffer: written in place.
            self.flush(out);
            out(self.stream, bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
        self.pending.push(b',');
    }

    /// Appends bytes that are a netstring already.
    fn push_netstring(&mut self, netstring: &[u8], out: &mut dyn FnMut(Stream, &[u8])) {
        if self.pending.len() + netstring.len() > RUN {
            self.flush(out);
            if netstring.len() > RUN {
                out(self.stream, netstring);
                return;
            }
        }
        self.pending.extend_from_slice(netstring);
    }

    /// Writes what is buffered.
    fn flush(&mut self, out: &mut dyn FnMut(Stream, &[u8])) {
        if !self.pending.is_empty() {
            out(self.stream, &self.pending);
            self.pending.clear();
        }
    }
}
