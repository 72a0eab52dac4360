//! Helpers shared by the sampling tests: a trivial CSV reader for the fixtures (comma,
//! UTF-8, a header, no quoting) and fixture paths. Ingest proper lives on its own branch.

#![allow(dead_code)]

use deepdive::table::Table;
use std::path::PathBuf;

/// The path of a file under `tests/fixtures/sampling/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sampling")
        .join(name)
}

/// A table from simple CSV text: the first line is the header; records are numbered by
/// their line in the file, counting from 1.
pub fn csv_table(text: &str) -> Table {
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::to_owned)
        .collect();
    let mut t = Table::new(header);
    for (i, line) in lines.enumerate() {
        t.push(i as u32 + 2, line.split(','));
    }
    t
}

/// A fixture's bytes and its table.
pub fn fixture_table(name: &str) -> (Vec<u8>, Table) {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let table = csv_table(std::str::from_utf8(&bytes).unwrap());
    (bytes, table)
}

/// A table from rows of cells, numbered from line 2 as under a header.
pub fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
    let mut t = Table::new(columns.iter().map(|c| c.to_string()).collect());
    for (i, row) in rows.iter().enumerate() {
        t.push(i as u32 + 2, row.iter());
    }
    t
}
