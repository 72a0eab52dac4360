//! Rows into a table: the part of ingest that CSV and workbooks share. The readers hand
//! over each row as text plus cell ends; the sink skips blank rows, holds the first rows
//! back until the header is chosen, checks every data row against the header's columns,
//! and pushes the good ones straight into the [`Table`] (no string per cell).

use super::detect::{self, LOOKAHEAD};
use super::{
    PreviewRow, RowCode, RowProblem, MAX_CELL_BYTES, MAX_COLUMNS, MAX_EXCLUDED_BYTES, MAX_ROW_BYTES,
};
use crate::error::{Code, Error, Result};
use crate::table::{Full, Table};
use rustc_hash::FxBuildHasher;
use std::collections::{HashMap, HashSet};

/// At most this many problems of one code are listed; the rest are counted.
pub(crate) const MAX_LISTED: usize = 1000;

/// One row of cells: their text one after another, and where each cell ends in it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row<'r> {
    pub text: &'r str,
    pub ends: &'r [usize],
}

impl<'r> Row<'r> {
    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The text of cell `i`; empty when out of range.
    pub fn cell(&self, i: usize) -> &'r str {
        let start = match i.checked_sub(1) {
            Some(j) => self.ends.get(j).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The text of `width` cells from cell `left` on as one run, where it starts in the
    /// row's text, and where each of those cells ends; `None` if the row is short.
    fn run(&self, left: usize, width: usize) -> Option<(&'r str, usize, &'r [usize])> {
        let start = match left.checked_sub(1) {
            Some(j) => *self.ends.get(j)?,
            None => 0,
        };
        let ends = self.ends.get(left..left.checked_add(width)?)?;
        let end = ends.last().copied().unwrap_or(start);
        Some((self.text.get(start..end)?, start, ends))
    }

    /// The texts of `width` cells from cell `left` on (the row has them all).
    fn span(&self, left: usize, width: usize) -> impl Iterator<Item = &'r str> + 'r {
        let text = self.text;
        let mut start = match left.checked_sub(1) {
            Some(j) => self.ends.get(j).copied().unwrap_or(0),
            None => 0,
        };
        let ends = self.ends.get(left..).unwrap_or_default();
        ends.iter().take(width).map(move |&end| {
            let cell = text.get(start..end).unwrap_or_default();
            start = end;
            cell
        })
    }

    fn is_blank(&self) -> bool {
        self.text.trim_start().is_empty()
    }

    fn cells(&self) -> Vec<&'r str> {
        (0..self.len()).map(|i| self.cell(i)).collect()
    }
}

/// A row held back while the header is not yet chosen.
struct Pending {
    line: u32,
    text: String,
    ends: Vec<usize>,
}

impl Pending {
    fn row(&self) -> Row<'_> {
        Row {
            text: &self.text,
            ends: &self.ends,
        }
    }
}

/// How the sink treats rows.
pub(crate) struct Settings {
    pub has_header: Option<bool>,
    /// Whether a row with fewer cells than the header is ragged (CSV: yes; a sheet's
    /// rows simply end at their last filled cell).
    pub short_rows_ragged: bool,
    /// Whether U+FFFD marks bytes that could not be decoded, and the encoding's name.
    pub lossy: Option<&'static str>,
    pub sheet: Option<String>,
    /// "line" for CSV, "row" for a sheet.
    pub unit: &'static str,
    /// Column labels as letters (a sheet) rather than numbers.
    pub letters: bool,
    /// `Some(n)`: a preview of the first `n` data rows; no table is built.
    pub preview: Option<usize>,
    /// About how many records and bytes of cell text the table will hold, and at most
    /// how many cells it can hold.
    pub capacity: (usize, usize, usize),
}

/// The error for a table that would pass [`Table::MAX_BYTES`], or whose memory could
/// not be had, at `line`.
pub(crate) fn table_too_large(why: Full, at: &str) -> Error {
    let limit = Table::MAX_BYTES >> 20;
    let message = match why {
        Full::Limit => format!(
            "{at} the table passes {limit} MiB, the most Deep Dive holds: no case list is this large, so the file probably has far more rows or columns than it shows; save only the list\u{2019}s own columns and rows"
        ),
        Full::Memory => format!(
            "{at} the browser has no memory left for the table: close other tabs, or save only the list\u{2019}s own columns and rows"
        ),
    };
    Error::new(Code::TableTooLarge, message)
}

/// What a finished sink gives.
pub(crate) struct Outcome {
    pub table: Table,
    pub has_header: bool,
    pub header_line: Option<u32>,
    pub rows_read: u64,
    pub blank_rows: u64,
    pub excluded: Vec<RowProblem>,
    pub problems: Vec<RowProblem>,
    pub preview_rows: Vec<PreviewRow>,
    /// Whether every row was read (a preview may stop early).
    pub complete: bool,
    /// Whether no row had any text.
    pub empty: bool,
}

/// Takes rows one by one and builds the table.
pub(crate) struct Sink {
    s: Settings,
    pending: Vec<Pending>,
    decided: bool,
    /// The table's columns are `left..left + width` of each row.
    left: usize,
    width: usize,
    has_header: bool,
    header_line: Option<u32>,
    table: Table,
    nonblank: u64,
    rows_read: u64,
    blank_rows: u64,
    excluded: Vec<RowProblem>,
    problems: Vec<RowProblem>,
    /// Problems per code: how many were found (listed or not).
    found: Vec<(RowCode, u64)>,
    preview_rows: Vec<PreviewRow>,
    /// The bytes the preview rows take.
    preview_bytes: usize,
    /// The bytes the excluded rows' problems take.
    excluded_bytes: usize,
    stopped: bool,
    /// Why reading stopped, when it cannot go on.
    fatal: Option<Error>,
}

impl Sink {
    pub fn new(s: Settings) -> Sink {
        Sink {
            s,
            pending: Vec::new(),
            decided: false,
            left: 0,
            width: 0,
            has_header: false,
            header_line: None,
            table: Table::default(),
            nonblank: 0,
            rows_read: 0,
            blank_rows: 0,
            excluded: Vec::new(),
            problems: Vec::new(),
            found: Vec::new(),
            preview_rows: Vec::new(),
            preview_bytes: 0,
            excluded_bytes: 0,
            stopped: false,
            fatal: None,
        }
    }

    /// Stops reading with this error (the first one stays).
    pub fn fail(&mut self, e: Error) {
        self.stopped = true;
        if self.fatal.is_none() {
            self.fatal = Some(match self.s.sheet {
                Some(_) => e.in_field("sheet"),
                None => e,
            });
        }
    }

    /// Where a line or row is, for an error's message: `line 5:` or `sheet “Cases”, row 5:`.
    pub fn at(&self, line: u32) -> String {
        match &self.s.sheet {
            Some(sheet) => format!("sheet \u{201C}{sheet}\u{201D}, row {line}:"),
            None => format!("line {line}:"),
        }
    }

    /// Takes one row from `line`; `false` when no more rows are wanted.
    pub fn row(&mut self, line: u32, row: Row<'_>) -> bool {
        if self.stopped {
            return false;
        }
        if row.len() > MAX_COLUMNS {
            self.fail(too_many_columns(&self.at(line)));
            return false;
        }
        if row.text.len() > MAX_ROW_BYTES {
            self.fail(row_too_large(&self.at(line)));
            return false;
        }
        if row.is_blank() {
            self.blank_rows += 1;
            return true;
        }
        self.nonblank += 1;
        if !self.decided {
            self.pending.push(Pending {
                line,
                text: row.text.to_owned(),
                ends: row.ends.to_vec(),
            });
            if self.pending.len() >= LOOKAHEAD {
                self.decide();
            }
        } else {
            self.data(line, row, None);
        }
        !self.stopped
    }

    /// Takes a row that is wrong as a whole (e.g. its quote never closes): it counts as a
    /// data row and is excluded with this problem.
    pub fn bad_row(&mut self, line: u32, row: Row<'_>, code: RowCode, message: String) {
        if self.stopped {
            return;
        }
        self.nonblank += 1;
        if !self.decided {
            self.decide();
        }
        let column = u32::try_from(row.len()).ok();
        self.data(line, row, Some((column, code, message)));
    }

    /// Counts empty lines (CSV) or missing rows (a sheet) as blank rows.
    pub fn blank_lines(&mut self, n: u64) {
        self.blank_rows = self.blank_rows.saturating_add(n);
    }

    /// Records a warning about the whole file or a line.
    pub fn warn(&mut self, line: Option<u32>, column: Option<u32>, code: RowCode, message: String) {
        let p = self.problem(line, column, code, message);
        if self.count(code) <= MAX_LISTED as u64 {
            self.problems.push(p);
        }
    }

    fn problem(
        &self,
        line: Option<u32>,
        column: Option<u32>,
        code: RowCode,
        message: String,
    ) -> RowProblem {
        RowProblem {
            sheet: self.s.sheet.clone(),
            line,
            column,
            code,
            message,
        }
    }

    /// Counts one more problem of `code`; returns how many there are now.
    fn count(&mut self, code: RowCode) -> u64 {
        match self.found.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.found.push((code, 1));
                1
            }
        }
    }

    /// A column's label for messages: `3` for CSV, `3 (C)` for a sheet.
    fn label(&self, column: usize) -> String {
        if self.s.letters {
            format!("{} ({})", column + 1, letters(column))
        } else {
            (column + 1).to_string()
        }
    }

    /// Chooses the header and the columns from the rows held back, then takes those rows.
    fn decide(&mut self) {
        self.decided = true;
        let pending = std::mem::take(&mut self.pending);
        let rows: Vec<Vec<&str>> = pending.iter().map(|p| p.row().cells()).collect();
        let choice = detect::header(&rows, self.s.has_header);
        let table_rows = rows.get(choice.header.unwrap_or(0)..).unwrap_or_default();
        self.left = table_rows
            .iter()
            .filter_map(|r| first_filled(r))
            .min()
            .unwrap_or(0);
        let names: Vec<String> = match choice.header {
            Some(h) => {
                self.has_header = true;
                self.header_line = Some(pending[h].line);
                let header = &rows[h];
                let right = last_filled(header).map_or(self.left + 1, |i| i + 1);
                self.width = right.saturating_sub(self.left).max(1);
                for (i, row) in rows[..h].iter().enumerate() {
                    let first = row.iter().map(|c| c.trim()).find(|c| !c.is_empty());
                    let message = format!(
                        "{} {} is above the header and was skipped: \u{201C}{}\u{201D}",
                        self.s.unit,
                        pending[i].line,
                        shorten(first.unwrap_or_default())
                    );
                    self.warn(
                        Some(pending[i].line),
                        None,
                        RowCode::RowAboveHeader,
                        message,
                    );
                }
                self.check_decoding(pending[h].line, pending[h].row());
                self.names(pending[h].line, header)
            }
            None => {
                // No rows at all (an empty sheet) gives no columns.
                self.width = table_rows
                    .iter()
                    .filter_map(|r| last_filled(r))
                    .max()
                    .map_or(0, |i| (i + 1).saturating_sub(self.left).max(1));
                (self.left..self.left + self.width)
                    .map(|i| format!("Column {}", i + 1))
                    .collect()
            }
        };
        self.table = match self.s.preview {
            Some(_) => Table::new(names),
            None => {
                // Never more cells than the file has bytes: an estimate cannot run away.
                let (records, bytes, max_cells) = self.s.capacity;
                let records = records.min(max_cells / self.width.max(1));
                Table::with_capacity(names, records, bytes)
            }
        };
        for p in pending.iter().skip(choice.first_data) {
            if self.stopped {
                break;
            }
            self.data(p.line, p.row(), None);
        }
    }

    /// The column names from the header row: trimmed, blanks named by their column,
    /// repeats numbered, each change reported.
    fn names(&mut self, line: u32, header: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.width);
        // Every name taken, lower-cased, and for each repeated name the next number to try.
        let mut taken: HashSet<String, FxBuildHasher> = HashSet::default();
        let mut next: HashMap<String, usize, FxBuildHasher> = HashMap::default();
        for i in self.left..self.left + self.width {
            let given = header.get(i).map_or("", |c| c.trim());
            let base = if given.is_empty() {
                let name = format!("Column {}", i + 1);
                let message = format!(
                    "column {} of the header ({} {line}) has no name: it is called \u{201C}{name}\u{201D}",
                    self.label(i),
                    self.s.unit
                );
                self.warn(
                    Some(line),
                    u32::try_from(i + 1).ok(),
                    RowCode::BlankColumnName,
                    message,
                );
                name
            } else {
                given.to_owned()
            };
            let mut name = base.clone();
            let mut key = name.to_ascii_lowercase();
            if taken.contains(&key) {
                let k = next.entry(key.clone()).or_insert(2);
                loop {
                    name = format!("{base} ({k})");
                    key = name.to_ascii_lowercase();
                    *k += 1;
                    if !taken.contains(&key) {
                        break;
                    }
                }
                let message = format!(
                    "column {} of the header repeats the name \u{201C}{base}\u{201D}: it is called \u{201C}{name}\u{201D}",
                    self.label(i)
                );
                self.warn(
                    Some(line),
                    u32::try_from(i + 1).ok(),
                    RowCode::DuplicateColumnName,
                    message,
                );
            }
            taken.insert(key);
            names.push(name);
        }
        names
    }

    /// Reports each cell of the row that holds U+FFFD, when that marks undecodable bytes.
    fn check_decoding(&mut self, line: u32, row: Row<'_>) {
        let Some(encoding) = self.s.lossy else {
            return;
        };
        if !row.text.contains(char::REPLACEMENT_CHARACTER) {
            return;
        }
        for i in 0..row.len() {
            if row.cell(i).contains(char::REPLACEMENT_CHARACTER) {
                let message = format!(
                    "{} {line}, column {}: bytes that are not {encoding} text were replaced by \u{FFFD}",
                    self.s.unit,
                    self.label(i)
                );
                self.warn(
                    Some(line),
                    u32::try_from(i + 1).ok(),
                    RowCode::UndecodableByte,
                    message,
                );
            }
        }
    }

    /// Takes one non-blank data row: into the table, or excluded with the reason.
    fn data(&mut self, line: u32, row: Row<'_>, bad: Option<(Option<u32>, RowCode, String)>) {
        if let Some(limit) = self.s.preview {
            if self.preview_rows.len() >= limit {
                self.stopped = true;
                return;
            }
        }
        self.rows_read += 1;
        self.check_decoding(line, row);
        let bad = bad.or_else(|| self.ragged(line, row));
        if self.s.preview.is_some() {
            let size = row.text.len() + row.len() * std::mem::size_of::<String>();
            self.preview_bytes = self.preview_bytes.saturating_add(size);
            if self.preview_bytes > Table::MAX_BYTES {
                self.fail(table_too_large(Full::Limit, &self.at(line)));
                return;
            }
            self.preview_rows.push(PreviewRow {
                line,
                cells: row.cells().into_iter().map(str::to_owned).collect(),
            });
        }
        match bad {
            Some((column, code, message)) => {
                let p = self.problem(Some(line), column, code, message);
                self.excluded_bytes += std::mem::size_of::<RowProblem>()
                    + p.message.len()
                    + p.sheet.as_ref().map_or(0, String::len);
                if self.excluded_bytes > MAX_EXCLUDED_BYTES {
                    let message = format!(
                        "{} more than {} rows do not fit the table and the list of them passes {} MiB: the header probably does not match the rows; check the delimiter and the header",
                        self.at(line),
                        self.excluded.len(),
                        MAX_EXCLUDED_BYTES >> 20
                    );
                    self.fail(Error::new(Code::TooManyExcludedRows, message));
                    return;
                }
                self.excluded.push(p);
            }
            None if self.s.preview.is_none() => {
                // The cells lie one after another: copied into the table in one go.
                let pushed = match row.run(self.left, self.width) {
                    Some((text, from, ends)) => self.table.try_push_run(line, text, from, ends),
                    None => self.table.try_push(line, row.span(self.left, self.width)),
                };
                if let Err(why) = pushed {
                    self.fail(table_too_large(why, &self.at(line)));
                }
            }
            None => {}
        }
    }

    /// Why a row does not fit the columns, if it does not.
    fn ragged(&self, line: u32, row: Row<'_>) -> Option<(Option<u32>, RowCode, String)> {
        let (left, right, n) = (self.left, self.left + self.width, row.len());
        let filled = |i: &usize| !row.cell(*i).trim().is_empty();
        let unit = self.s.unit;
        let (column, message) = if let Some(i) = (0..left.min(n)).find(filled) {
            let m = format!(
                "{unit} {line} has a value in column {}, left of the table's first column ({})",
                self.label(i),
                self.label(left)
            );
            (i, m)
        } else if let Some(i) = (right..n).find(filled) {
            let m = format!(
                "{unit} {line} has a value in column {}, beyond the header's last column ({})",
                self.label(i),
                self.label(right - 1)
            );
            (i, m)
        } else if self.s.short_rows_ragged && n < right {
            let m = format!(
                "{unit} {line} ends at column {} but the header goes on to column {}: the row is short",
                self.label(n.saturating_sub(1)),
                self.label(right - 1)
            );
            (n, m)
        } else {
            return None;
        };
        Some((u32::try_from(column + 1).ok(), RowCode::RaggedRow, message))
    }

    /// Ends the sink: chooses the header if it is not chosen yet and adds the summaries.
    pub fn finish(mut self) -> Result<Outcome> {
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        if !self.decided {
            self.decide();
        }
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        for &(code, n) in &self.found {
            if n > MAX_LISTED as u64 {
                let message = format!(
                    "and {} more {} problems, not listed",
                    n - MAX_LISTED as u64,
                    code.as_str()
                );
                self.problems.push(RowProblem {
                    sheet: self.s.sheet.clone(),
                    line: None,
                    column: None,
                    code,
                    message,
                });
            }
        }
        let empty = self.nonblank == 0;
        if !empty && self.rows_read == 0 && !self.stopped {
            let message = "the table has a header but no data rows".to_owned();
            self.warn(None, None, RowCode::NoDataRows, message);
        }
        Ok(Outcome {
            table: self.table,
            has_header: self.has_header,
            header_line: self.header_line,
            rows_read: self.rows_read,
            blank_rows: self.blank_rows,
            excluded: self.excluded,
            problems: self.problems,
            preview_rows: self.preview_rows,
            complete: !self.stopped,
            empty,
        })
    }
}

/// The error for a row of more than [`MAX_COLUMNS`] cells.
pub(crate) fn too_many_columns(at: &str) -> Error {
    Error::new(
        Code::TooManyColumns,
        format!(
            "{at} the row has more than {MAX_COLUMNS} cells, Excel\u{2019}s limit of columns: check the delimiter, or save only the list\u{2019}s own columns"
        ),
    )
}

/// The error for a cell of more than [`MAX_CELL_BYTES`] of text.
pub(crate) fn cell_too_large(at: &str) -> Error {
    Error::new(
        Code::CellTooLarge,
        format!(
            "{at} a cell holds more than {} MiB of text, more than any case list: check that every quote is closed",
            MAX_CELL_BYTES >> 20
        ),
    )
}

/// The error for a row of more than [`MAX_ROW_BYTES`] of text.
pub(crate) fn row_too_large(at: &str) -> Error {
    Error::new(
        Code::RowTooLarge,
        format!(
            "{at} the row holds more than {} MiB of text, more than any case list: check that every quote is closed, or save only the list\u{2019}s own columns",
            MAX_ROW_BYTES >> 20
        ),
    )
}

/// The index of the first non-blank cell.
fn first_filled(row: &[&str]) -> Option<usize> {
    row.iter().position(|c| !c.trim().is_empty())
}

/// The index of the last non-blank cell.
fn last_filled(row: &[&str]) -> Option<usize> {
    row.iter().rposition(|c| !c.trim().is_empty())
}

/// A spreadsheet column's letters: 0 is `A`, 25 `Z`, 26 `AA`.
pub(crate) fn letters(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// At most 60 characters of a text, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}\u{2026}", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::letters;

    #[test]
    fn column_letters() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ] {
            assert_eq!(letters(i), l);
        }
    }
}
