//! The record hashes (`docs/sampling.md` §6) against a direct reading of the spec: build
//! every entry, sort the entries byte-wise, hash. The sampler derives the same order
//! without building the entries, so IDs of many lengths (1 to 120 bytes, so netstring
//! headers of one to three digits), duplicates and multi-byte text are mixed here. The
//! messages `sample_streaming` hands out for hashing on another core are checked too.

use deepdive::digest::sha256;
use deepdive::sampling::ticket::netstring;
use deepdive::sampling::{sample, sample_streaming, Sample, Stream};
use deepdive::sampling::{Filter, Plan};
use deepdive::table::Table;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const BLANKS: [&str; 4] = [" ", "\t", "\u{A0}", ""];

/// Trims as the spec says (the blank characters of `docs/sampling.md` §3).
fn trim(s: &str) -> &str {
    s.trim_matches(&[' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{A0}'][..])
}

fn random_text(rng: &mut StdRng, max: usize) -> String {
    let alphabet = ["a", "b", "Z", "0", "9", ":", ",", "é", "\0", "ü", " "];
    let n = rng.random_range(0..=max);
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect()
}

/// A random list. `lengths`: 0 for IDs of any length up to 120 bytes (many netstring
/// headers), 1 for a few lengths, 2 for one length.
fn random_table(rng: &mut StdRng, lengths: usize) -> Table {
    let mut t = Table::new(vec!["ID".into(), "A".into(), "B".into(), "C".into()]);
    let rows = rng.random_range(0..300);
    // A pool of IDs, so some repeat.
    let pool: Vec<String> = (0..rng.random_range(1..200))
        .map(|_| match lengths {
            0 if rng.random_range(0..4) == 0 => random_text(rng, 120),
            0 => random_text(rng, 12),
            1 => {
                let n = [1, 9, 10, 17, 100][rng.random_range(0..5)];
                (0..n)
                    .map(|_| ["a", "b", "\0"][rng.random_range(0..3)])
                    .collect()
            }
            _ => format!("DD{:07}", rng.random_range(0..400)),
        })
        .collect();
    // Lines out of row order, as the sampler must not rely on them being in order.
    let mut lines: Vec<u32> = (2..rows + 2).collect();
    for i in (1..lines.len()).rev() {
        lines.swap(i, rng.random_range(0..=i));
    }
    for line in lines {
        let pad = |rng: &mut StdRng| BLANKS[rng.random_range(0..BLANKS.len())];
        let id = format!(
            "{}{}{}",
            pad(rng),
            pool[rng.random_range(0..pool.len())],
            pad(rng)
        );
        let a = ["x", "y", "", "xy"][rng.random_range(0..4)].to_owned() + pad(rng);
        let b = random_text(rng, 3);
        let c = random_text(rng, 15);
        t.push(line, [id, a, b, c]);
    }
    t
}

/// `idsSha256` and `recordsSha256` straight from the spec.
fn expected(t: &Table, relevant: &[usize]) -> ([u8; 32], [u8; 32]) {
    let (ids, records) = messages(t, relevant);
    (sha256(&ids), sha256(&records))
}

/// The two messages those hashes cover, straight from the spec.
fn messages(t: &Table, relevant: &[usize]) -> (Vec<u8>, Vec<u8>) {
    let mut ids = Vec::new();
    let mut entries = Vec::new();
    for r in 0..t.len() {
        let id = trim(t.cell(r, 0));
        if id.is_empty() {
            continue;
        }
        ids.push(id.as_bytes().to_vec());
        let mut e = Vec::new();
        netstring(&mut e, id.as_bytes());
        for &c in relevant {
            netstring(&mut e, trim(t.cell(r, c)).as_bytes());
        }
        entries.push(e);
    }
    ids.sort();
    entries.sort();
    let mut all = Vec::new();
    for id in &ids {
        netstring(&mut all, id);
    }
    (all, entries.concat())
}

/// The messages [`sample_streaming`] writes: the IDs whole, then the records.
fn streamed(t: &Table, plan: &Plan) -> (Sample, Vec<u8>, Vec<u8>) {
    let (mut ids, mut records) = (Vec::new(), Vec::new());
    let s = sample_streaming(t, plan, &mut |stream, bytes| match stream {
        Stream::Ids => {
            assert!(records.is_empty(), "an IDs run after the records began");
            ids.extend_from_slice(bytes);
        }
        Stream::Records => records.extend_from_slice(bytes),
    })
    .unwrap();
    (s, ids, records)
}

#[test]
fn record_hashes_match_the_spec_property() {
    let mut rng = StdRng::seed_from_u64(6);
    for round in 0..400 {
        let t = random_table(&mut rng, round / 4 % 3);
        let mut plan = Plan::simple("ID", 3, "seed");
        let relevant = match round % 4 {
            0 => vec![],
            1 => {
                plan.strata = vec!["A".into()];
                vec![1]
            }
            2 => {
                plan.strata = vec!["A".into(), "B".into()];
                plan.filters = vec![Filter::NotBlank { column: "C".into() }];
                vec![1, 2, 3]
            }
            _ => {
                plan.filters = vec![
                    Filter::NotBlank { column: "C".into() },
                    Filter::NotBlank { column: "B".into() },
                ];
                vec![3, 2]
            }
        };
        let s = sample(&t, &plan).unwrap();
        assert_eq!(
            (s.ids_sha256, s.records_sha256),
            expected(&t, &relevant),
            "round {round}"
        );
        // Streamed instead of hashed: the same messages, and the same sample otherwise.
        let (mut streaming, ids, records) = streamed(&t, &plan);
        assert_eq!((ids, records), messages(&t, &relevant), "round {round}");
        assert_eq!(
            (streaming.ids_sha256, streaming.records_sha256),
            ([0; 32], [0; 32])
        );
        (streaming.ids_sha256, streaming.records_sha256) = (s.ids_sha256, s.records_sha256);
        assert_eq!(streaming, s, "round {round}");
        assert_eq!(
            duplicates(&s),
            expected_duplicates(&t, &relevant),
            "round {round}"
        );
    }
}

type Duplicates = Vec<(String, Vec<u32>, Option<String>)>;

fn duplicates(s: &deepdive::sampling::Sample) -> Duplicates {
    let d = s.duplicates.iter();
    d.map(|d| (d.id.clone(), d.lines.clone(), d.conflict.clone()))
        .collect()
}

/// IDs on more than one row, in ID order, with their lines and the first plan column
/// where the copies differ.
fn expected_duplicates(t: &Table, relevant: &[usize]) -> Duplicates {
    let mut by_id: std::collections::BTreeMap<&[u8], Vec<usize>> = Default::default();
    for r in 0..t.len() {
        let id = trim(t.cell(r, 0));
        if !id.is_empty() {
            by_id.entry(id.as_bytes()).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for (id, mut rows) in by_id {
        if rows.len() < 2 {
            continue;
        }
        rows.sort_by_key(|&r| (t.line(r), r));
        let differs = relevant.iter().find(|&&c| {
            let v = trim(t.cell(rows[0], c));
            rows.iter().any(|&r| trim(t.cell(r, c)) != v)
        });
        out.push((
            String::from_utf8(id.to_vec()).unwrap(),
            rows.iter().map(|&r| t.line(r)).collect(),
            differs.map(|&c| t.columns()[c].clone()),
        ));
    }
    out
}

#[test]
fn record_hashes_of_nothing() {
    let t = Table::new(vec!["ID".into()]);
    let s = sample(&t, &Plan::simple("ID", 1, "s")).unwrap();
    assert_eq!(s.ids_sha256, sha256(b""));
    assert_eq!(s.records_sha256, sha256(b""));
}

#[test]
fn record_hashes_of_large_cells() {
    // Entries longer than the hasher's staging buffer.
    let mut t = Table::new(vec!["ID".into(), "A".into()]);
    let big = "x".repeat(200_000);
    t.push(2, [big.as_str(), "1"]);
    t.push(3, ["b", big.as_str()]);
    t.push(4, [big.as_str(), "0"]);
    t.push(5, ["b", big.as_str()]);
    t.push(6, ["10", "y"]);
    let mut plan = Plan::simple("ID", 1, "s");
    plan.strata = vec!["A".into()];
    let s = sample(&t, &plan).unwrap();
    assert_eq!((s.ids_sha256, s.records_sha256), expected(&t, &[1]));
    let (_, ids, records) = streamed(&t, &plan);
    assert_eq!((ids, records), messages(&t, &[1]));
}
