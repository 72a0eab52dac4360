//! Keyed pseudonyms for a sample's export: the list sent to the agencies carries no
//! identifier they do not already hold, yet whoever keeps the key can find each case again.
//!
//! A cell's pseudonym is `HMAC-SHA-256(key, cell)` (RFC 2104 with SHA-256, the cell's UTF-8
//! bytes as the message), written as 64 lower-case hex digits. It is **not truncated**: a
//! case list has at most a million or so IDs, so a shorter form would still be unlikely to
//! collide, but the full MAC costs nothing, can never collide in practice, and is exactly
//! what any HMAC tool prints (`openssl dgst -sha256 -hmac`, Node's `crypto.createHmac`), so
//! a reader can check a pseudonym without Deep Dive.
//!
//! The key is exactly [`KEY_BYTES`] (32) bytes: SHA-256's block is 64, and a key of the
//! hash's own length is what RFC 2104 recommends. The core has no randomness: the page makes
//! the key (`crypto.getRandomValues`), shows it once and offers it as a download. The same
//! key gives the same pseudonym for the same ID in every export, so lists exported with one
//! key can be joined; a new key per export makes them unlinkable.
//!
//! An empty cell stays empty: it carries no identifier, and its HMAC would be one constant
//! that told every reader which cells were blank anyway.

use crate::error::{Code, Collector, Error, Result};
use hmac_sha256::HMAC;

/// The length of a pseudonym key, in bytes.
pub const KEY_BYTES: usize = 32;

/// A cell's pseudonym under a key: 64 lower-case hex digits, or "" for an empty cell.
pub fn pseudonym(key: &[u8; KEY_BYTES], cell: &str) -> String {
    if cell.is_empty() {
        return String::new();
    }
    crate::digest::hex(&HMAC::mac(cell.as_bytes(), key))
}

/// Reads a key written as 64 hex digits (either case), naming `field` when it is not.
pub fn key_from_hex(text: &str, field: &str) -> Result<[u8; KEY_BYTES]> {
    let bad = || {
        Error::new(
            Code::BadArgument,
            format!(
                "the key must be {} hex digits ({KEY_BYTES} bytes); it has {} characters",
                KEY_BYTES * 2,
                text.chars().count()
            ),
        )
        .in_field(field)
    };
    let digits = text.as_bytes();
    if digits.len() != KEY_BYTES * 2 {
        return Err(bad());
    }
    let mut key = [0u8; KEY_BYTES];
    for (i, pair) in digits.chunks_exact(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(hi), Some(lo)) => key[i] = (hi * 16 + lo) as u8,
            _ => {
                return Err(Error::new(
                    Code::BadArgument,
                    format!(
                        "the key must be hex digits 0-9 and a-f; character {} is not",
                        i * 2 + if hi.is_none() { 1 } else { 2 }
                    ),
                )
                .in_field(field))
            }
        }
    }
    Ok(key)
}

/// Replaces, in rows whose first row is the heading, every cell of the named columns by
/// its pseudonym; the heading stays. Every column name not in the heading is a problem
/// (field `columns[i]`), all of them reported together; so is a name given twice.
pub fn pseudonymise_rows(
    rows: &[Vec<String>],
    columns: &[String],
    key: &[u8; KEY_BYTES],
) -> Result<Vec<Vec<String>>> {
    let mut c = Collector::default();
    let Some(heading) = rows.first() else {
        return Err(
            Error::new(Code::BadArgument, "rows must start with the heading row").in_field("rows"),
        );
    };
    let mut chosen: Vec<usize> = Vec::with_capacity(columns.len());
    for (i, name) in columns.iter().enumerate() {
        match heading.iter().position(|h| h == name) {
            None => c.push(
                Code::BadArgument,
                &format!("columns[{i}]"),
                format!("no column is headed \u{201c}{name}\u{201d}"),
            ),
            Some(at) if chosen.contains(&at) => c.push(
                Code::BadArgument,
                &format!("columns[{i}]"),
                format!("the column \u{201c}{name}\u{201d} is named twice"),
            ),
            Some(at) => chosen.push(at),
        }
    }
    c.finish()?;
    let mut out = Vec::with_capacity(rows.len());
    out.push(heading.clone());
    for row in &rows[1..] {
        let mut row = row.clone();
        for &at in &chosen {
            if let Some(cell) = row.get_mut(at) {
                *cell = pseudonym(key, cell);
            }
        }
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_bytes(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 4231's test cases 1, 2, 3, 4, 6 and 7 (5 truncates its output, so it tests
    /// nothing this module does). The crate's HMAC is checked here for any key length, as
    /// the pseudonym relies on it.
    #[test]
    fn rfc_4231_vectors() {
        let aa131 = "aa".repeat(131);
        let cases: &[(&str, Vec<u8>, &str)] = &[
            (
                "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                "4a656665",
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                vec![0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                "0102030405060708090a0b0c0d0e0f10111213141516171819",
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                &aa131,
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                &aa131,
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, want) in cases {
            let got = crate::digest::hex(&HMAC::mac(data, hex_bytes(key)));
            assert_eq!(&got, want, "key {key}");
        }
    }

    /// A 32-byte key through the module's own functions, against a vector made with
    /// `openssl dgst -sha256 -mac HMAC -macopt hexkey:00010203…1f` on "C-0001" (and Node's
    /// `crypto.createHmac` agrees).
    #[test]
    fn pseudonym_of_a_cell() {
        let key: [u8; 32] = core::array::from_fn(|i| i as u8);
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(key_from_hex(&hex, "key").unwrap(), key);
        assert_eq!(key_from_hex(&hex.to_uppercase(), "key").unwrap(), key);
        let p = pseudonym(&key, "C-0001");
        assert_eq!(
            p,
            "ed704fc3bca7f8486050674e04775e36b92010b52b5df622b186fd5b85d1f66b"
        );
        assert_ne!(p, pseudonym(&key, "C-0002"));
        assert_eq!(pseudonym(&key, ""), "");
        let other: [u8; 32] = [7; 32];
        assert_ne!(p, pseudonym(&other, "C-0001"));
    }

    #[test]
    fn bad_keys() {
        let cases = [
            ("", "64 hex digits"),
            ("00", "it has 2 characters"),
            (&*"0".repeat(65), "it has 65 characters"),
            (&*format!("g{}", "0".repeat(63)), "character 1 is not"),
            (&*format!("0g{}", "0".repeat(62)), "character 2 is not"),
            (&*format!("{}é", "0".repeat(62)), "hex digits"),
        ];
        for (text, want) in cases {
            let e = key_from_hex(text, "key").unwrap_err();
            assert_eq!(e.code(), &Code::BadArgument, "{text}");
            assert!(e.message().contains(want), "{text}: {}", e.message());
            assert_eq!(e.problems()[0].field.as_deref(), Some("key"));
        }
    }

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn rows_pseudonymised() {
        let key = [9u8; 32];
        let input = rows(&[
            &["Kind", "ID", "Name", "Team"],
            &["Selected", "C-1", "Ann", "North"],
            &["Reserve", "C-2", "", "South"],
            &["Tracked", "C-3", "Bo"],
        ]);
        // (columns, what each row's cells should be, given as which ones change)
        let cases: &[(&[&str], &[usize])] =
            &[(&["ID"], &[1]), (&["ID", "Name"], &[1, 2]), (&[], &[])];
        for (cols, changed) in cases {
            let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
            let out = pseudonymise_rows(&input, &cols, &key).unwrap();
            assert_eq!(out[0], input[0]);
            assert_eq!(out.len(), input.len());
            for (r, row) in out.iter().enumerate().skip(1) {
                assert_eq!(row.len(), input[r].len());
                for (i, cell) in row.iter().enumerate() {
                    let want = if changed.contains(&i) {
                        pseudonym(&key, &input[r][i])
                    } else {
                        input[r][i].clone()
                    };
                    assert_eq!(cell, &want, "{cols:?} row {r} cell {i}");
                }
            }
        }
    }

    #[test]
    fn unknown_and_repeated_columns_are_all_reported() {
        let key = [1u8; 32];
        let input = rows(&[&["ID", "Name"], &["C-1", "Ann"]]);
        let cols: Vec<String> = ["Nmae", "ID", "ID", "Age"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let e = pseudonymise_rows(&input, &cols, &key).unwrap_err();
        let fields: Vec<_> = e
            .problems()
            .iter()
            .map(|p| p.field.as_deref().unwrap())
            .collect();
        assert_eq!(fields, ["columns[0]", "columns[2]", "columns[3]"]);
        assert!(e.problems()[0].message.contains("Nmae"));
        assert!(e.problems()[1].message.contains("named twice"));
        let empty = pseudonymise_rows(&[], &[], &key).unwrap_err();
        assert_eq!(empty.problems()[0].field.as_deref(), Some("rows"));
    }
}
