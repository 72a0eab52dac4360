//! The plan columns' values as small codes, read from the table once, in file order, so
//! the rest of a draw need not go back to the table for them: the records hash takes each
//! value's netstring from a short list (the rows are hashed in ID order, which would
//! otherwise read the table at random), a filter is decided once per distinct value, and
//! strata are grouped by code.
//!
//! A plan codes when it reads at most [`MAX_COLUMNS`] columns (a column read twice counts
//! twice) and each has at most [`MAX_VALUES`] distinct trimmed values; otherwise the draw
//! reads the table cell by cell, with the same result. A row's codes pack into one `u64`,
//! 16 bits for each column the plan reads.

use super::ticket::netstring;
use crate::cells::trim;
use crate::table::Table;
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;

/// The most columns a coded plan reads: four codes of 16 bits fill a `u64`.
pub(crate) const MAX_COLUMNS: usize = 4;
/// The most distinct values a coded column has.
pub(crate) const MAX_VALUES: usize = 1 << 16;

/// One column's distinct trimmed values.
pub(crate) struct Values<'t> {
    /// In order of first appearance: value `i` has code `i`.
    pub text: Vec<&'t str>,
    /// Each value as a netstring, one after another: value `i`'s is `netstrings[at[i]..at[i + 1]]`.
    netstrings: Vec<u8>,
    at: Vec<usize>,
}

impl Values<'_> {
    /// The value with this code, as a netstring.
    pub fn netstring(&self, code: u16) -> &[u8] {
        let i = usize::from(code);
        &self.netstrings[self.at[i]..self.at[i + 1]]
    }
}

/// The codes of the columns a plan reads, and their values.
pub(crate) struct Coded<'t> {
    /// For each column the plan reads (strata, then filters), its values.
    pub columns: Vec<Values<'t>>,
    /// Each row's codes: the `j`th column's in bits `16 j` to `16 j + 15`.
    pub rows: Vec<u64>,
}

impl Coded<'_> {
    /// The code of row `row`'s value in the `j`th column the plan reads.
    #[inline(always)]
    pub fn code(&self, row: usize, j: usize) -> u16 {
        (self.rows[row] >> (16 * j)) as u16
    }

    /// The codes of a row's first `n` columns, packed as in [`Coded::rows`].
    #[inline(always)]
    pub fn first(&self, row: usize, n: usize) -> u64 {
        match n {
            0 => 0,
            MAX_COLUMNS => self.rows[row],
            _ => self.rows[row] & ((1u64 << (16 * n)) - 1),
        }
    }
}

/// The codes of the columns `relevant` (in that order) over the whole table, or `None`
/// when the plan does not code (see the module docs).
pub(crate) fn code<'t>(table: &'t Table, relevant: &[usize]) -> Option<Coded<'t>> {
    if relevant.len() > MAX_COLUMNS {
        return None;
    }
    let mut seen: Vec<HashMap<&str, u16, FxBuildHasher>> =
        relevant.iter().map(|_| HashMap::default()).collect();
    let mut text: Vec<Vec<&str>> = relevant.iter().map(|_| Vec::new()).collect();
    let mut rows = Vec::with_capacity(table.len());
    for r in 0..table.len() {
        let mut codes = 0u64;
        for (j, &c) in relevant.iter().enumerate() {
            let v = trim(table.cell(r, c));
            let code = match seen[j].get(v) {
                Some(&code) => code,
                None if text[j].len() == MAX_VALUES => return None,
                None => {
                    let code = text[j].len() as u16;
                    seen[j].insert(v, code);
                    text[j].push(v);
                    code
                }
            };
            codes |= u64::from(code) << (16 * j);
        }
        rows.push(codes);
    }
    let columns = text
        .into_iter()
        .map(|text| {
            let mut netstrings = Vec::new();
            let mut at = vec![0];
            for v in &text {
                netstring(&mut netstrings, v.as_bytes());
                at.push(netstrings.len());
            }
            Values {
                text,
                netstrings,
                at,
            }
        })
        .collect();
    Some(Coded { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_first_appearances_of_trimmed_values() {
        let mut t = Table::new(vec!["id".into(), "g".into(), "team".into()]);
        for (id, g, team) in [
            ("1", "M", " N "),
            ("2", "F", "N"),
            ("3", " M", "S"),
            ("4", "", ""),
        ] {
            t.push(2, [id, g, team]);
        }
        // The team column read twice (as a stratum and by a filter), as a plan may.
        let c = code(&t, &[1, 2, 2]).unwrap();
        assert_eq!(c.columns[0].text, ["M", "F", ""]);
        assert_eq!(c.columns[1].text, ["N", "S", ""]);
        let codes: Vec<[u16; 3]> = (0..4)
            .map(|r| [c.code(r, 0), c.code(r, 1), c.code(r, 2)])
            .collect();
        assert_eq!(codes, [[0, 0, 0], [1, 0, 0], [0, 1, 1], [2, 2, 2]]);
        assert_eq!(c.columns[1].netstring(1), b"1:S,");
        assert_eq!(c.columns[0].netstring(2), b"0:,");
        assert_eq!(c.first(2, 1), 0);
        assert_eq!(c.first(2, 2), 1 << 16);
        assert_eq!(c.first(1, 0), 0);
    }

    #[test]
    fn plans_that_read_too_much_do_not_code() {
        let mut t = Table::new(vec!["id".into(), "v".into()]);
        assert!(code(&t, &[1, 1, 1, 1, 1]).is_none());
        for i in 0..MAX_VALUES {
            t.push(2, [i.to_string(), i.to_string()]);
        }
        let full = code(&t, &[1, 1, 1, 1]).unwrap();
        assert_eq!(full.columns[3].text.len(), MAX_VALUES);
        assert_eq!(full.first(MAX_VALUES - 1, 4), 0xFFFF_FFFF_FFFF_FFFF);
        t.push(2, ["x", "one more"]);
        assert!(code(&t, &[1]).is_none());
    }
}
