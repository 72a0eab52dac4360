//! The record hashes (`docs/sampling.md` §6): `idsSha256` over the sorted IDs and
//! `recordsSha256` over the sorted record entries, computed without building the entries.
//!
//! An entry is `ns(id) ‖ ns(v1) ‖ … ‖ ns(vk)`. Netstrings are a prefix code, so entries
//! compare field by field, and two netstrings compare by their headers (`len:`) when
//! their lengths differ and by their bytes when not. The byte-wise order of entries is
//! therefore the order of ID headers, then IDs, then values: it follows from the rows'
//! ID order with one stable bucketing pass by ID length, and a sort only among rows that
//! share an ID. The entries are then streamed into the hash, through a fixed buffer.

use super::ticket::decimal;
use super::trim;
use crate::table::Table;
use hmac_sha256::Hash as Sha256;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The IDs hash and the records hash, from the rows with an ID sorted by ID (then line).
/// `ids[r]` is row `r`'s trimmed ID; `relevant` are the plan columns.
pub(crate) fn record_hashes(
    table: &Table,
    rows: &[u32],
    ids: &[&str],
    relevant: &[usize],
) -> ([u8; 32], [u8; 32]) {
    let mut id_hash = Hasher::new();
    for &r in rows {
        id_hash.netstring(ids[r as usize].as_bytes());
    }
    let id_hash = id_hash.finish();
    let order = entry_order(table, rows, ids, relevant);
    let mut records_hash = Hasher::new();
    for r in order {
        let r = r as usize;
        records_hash.netstring(ids[r].as_bytes());
        for &c in relevant {
            records_hash.netstring(trim(table.cell(r, c)).as_bytes());
        }
    }
    (id_hash, records_hash.finish())
}

/// The rows in byte-wise order of their entries, from the rows in ID order.
fn entry_order(table: &Table, rows: &[u32], ids: &[&str], relevant: &[usize]) -> Vec<u32> {
    // One bucket per ID length: count them, order them by header, and turn the counts
    // into each bucket's next free slot. Short lengths index an array; long ones a map.
    const SHORT: usize = 256;
    let mut short = [0u32; SHORT];
    let mut long: BTreeMap<usize, u32> = BTreeMap::new();
    let len = |r: u32| ids[r as usize].len();
    for &r in rows {
        match short.get_mut(len(r)) {
            Some(n) => *n += 1,
            None => *long.entry(len(r)).or_default() += 1,
        }
    }
    let mut lengths: Vec<usize> = (0..SHORT).filter(|&n| short[n] > 0).collect();
    lengths.extend(long.keys());
    lengths.sort_unstable_by(|&a, &b| cmp_headers(a, b));
    let mut next = 0u32;
    for n in lengths {
        let count = short.get_mut(n).or_else(|| long.get_mut(&n));
        if let Some(count) = count {
            next += std::mem::replace(count, next);
        }
    }
    // Rows keep their ID order within a bucket: same-length IDs compare as bytes.
    let mut order = vec![0u32; rows.len()];
    for &r in rows {
        let slot = match short.get_mut(len(r)) {
            Some(slot) => slot,
            None => long.entry(len(r)).or_default(),
        };
        order[*slot as usize] = r;
        *slot += 1;
    }
    // Copies of one ID are next to each other; order them by their values.
    if !relevant.is_empty() {
        let mut rest = &mut order[..];
        while let Some(&first) = rest.first() {
            let id = ids[first as usize];
            let run = rest.iter().take_while(|&&r| ids[r as usize] == id).count();
            let (copies, tail) = rest.split_at_mut(run);
            if run > 1 {
                copies.sort_unstable_by(|&a, &b| cmp_values(table, relevant, a, b));
            }
            rest = tail;
        }
    }
    order
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

/// Many netstrings hashed as one message: they are gathered in a fixed buffer and hashed
/// in large runs, which is much faster than many tiny updates.
struct Hasher {
    inner: Sha256,
    pending: Vec<u8>,
}

/// The size of the buffer.
const RUN: usize = 64 * 1024;

impl Hasher {
    fn new() -> Hasher {
        Hasher {
            inner: Sha256::new(),
            pending: Vec::with_capacity(RUN),
        }
    }

    /// Appends `bytes` as a netstring.
    fn netstring(&mut self, bytes: &[u8]) {
        let mut digits = [0u8; 20];
        let head = decimal(bytes.len(), &mut digits);
        if self.pending.len() + head.len() + bytes.len() + 2 > RUN {
            self.flush();
        }
        self.pending.extend_from_slice(head);
        self.pending.push(b':');
        if self.pending.len() + bytes.len() + 1 > RUN {
            // Longer than the buffer: hashed in place.
            self.flush();
            self.inner.update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
        self.pending.push(b',');
    }

    fn flush(&mut self) {
        self.inner.update(&self.pending);
        self.pending.clear();
    }

    fn finish(mut self) -> [u8; 32] {
        self.flush();
        self.inner.finalize()
    }
}
