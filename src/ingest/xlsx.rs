//! Reading `.xlsx` workbooks with `calamine`: the worksheets' names, and one sheet's cells
//! streamed row by row into the sink, as text the way Excel shows them.
//!
//! Cells become text as follows. Text cells stay exactly as they are (Annex A's coded
//! values such as `a) Male` included). Numbers are shown as Excel's General format does:
//! whole numbers without `.0` (in full up to 10^17, so long IDs keep every digit), others
//! to 15 significant digits, very large or small ones as `1.5E+20`. Cells formatted as
//! dates become `dd/mm/yyyy` (the Annex A convention), with ` hh:mm` or ` hh:mm:ss` when
//! they have a time of day; time-only cells become `hh:mm[:ss]`; durations stay numbers.
//! Booleans are `TRUE`/`FALSE` and error cells their code (`#N/A`). A date typed as a plain
//! number (an "Excel serial date") stays a number: sampling can read it as a date.
//!
//! Every part is read through limits (the patched calamine in `vendor/calamine` checks
//! them while decompressing): a sheet, the shared strings and other parts unpack to at
//! most so many bytes, and one text or run of blanks to at most `MAX_CELL_BYTES`, so the
//! XML reader never holds more than one bounded piece. A cell reference must be a cell
//! of Excel's (at most 3 letters and 7 digits, within `XFD1048576`) before its value is
//! placed; any other is `bad-cell-reference`, never a value in another cell.
//!
//! A merged cell has its value in its top-left cell only, so a merged title row above the
//! header reads as a row with one filled cell, and header detection skips it.

use super::sink::{self, Row, Sink};
use super::{
    RowCode, MAX_CELL_BYTES, MAX_PART_XML_BYTES, MAX_ROW_BYTES, MAX_SHARED_STRINGS_XML_BYTES,
    MAX_SHEET_XML_BYTES,
};
use crate::error::{Code, Error, Result};
use calamine::{
    DataRef, ExcelDateTime, LimitKind, Reader, SheetType, SheetVisible, Xlsx, XlsxError, XmlLimits,
};
use std::fmt::Write;
use std::io::Cursor;

/// Excel's last row (0-based): a sheet that reaches it was probably cut off.
const LAST_ROW: u32 = 1_048_575;
/// Excel's number of columns (A to XFD).
const LAST_COLUMN: u32 = 16_384;

/// The limits every part of a workbook is read with (see the constants in `ingest`).
const LIMITS: XmlLimits = XmlLimits {
    worksheet: MAX_SHEET_XML_BYTES,
    shared_strings: MAX_SHARED_STRINGS_XML_BYTES,
    other: MAX_PART_XML_BYTES,
    // One text in the XML is a cell's text, escaped; a run of blanks between tags is
    // held the same way.
    run: MAX_CELL_BYTES as u64,
};

/// The error for a part of the workbook that passed a limit, if `e` is one; `at` says
/// where reading was (for a sheet).
fn limit_error(e: &XlsxError, at: &str) -> Option<Error> {
    let l = e.limit()?;
    let part = &l.part;
    Some(match l.kind {
        LimitKind::Part(n) => Error::new(
            Code::WorkbookTooLarge,
            format!(
                "{at}the workbook\u{2019}s part {part} unpacks to more than {} MiB of XML, more than any case list needs: open it in Excel and save it again, or save the sheet as CSV",
                n >> 20
            ),
        ),
        LimitKind::Run { blank: true, limit } => Error::new(
            Code::WorkbookTooLarge,
            format!(
                "{at}the workbook\u{2019}s part {part} holds more than {} MiB of blank space in one place, which Excel never writes: open it in Excel and save it again, or save the sheet as CSV",
                limit >> 20
            ),
        ),
        LimitKind::Run { blank: false, limit } => Error::new(
            Code::CellTooLarge,
            format!(
                "{at}a text in the workbook\u{2019}s part {part} is longer than {} MiB, more than any cell of a case list (Excel keeps at most 32,767 characters in a cell)",
                limit >> 20
            ),
        ),
    })
}

/// An open workbook and the names of its worksheets, in workbook order.
pub(crate) struct Workbook<'a> {
    xlsx: Xlsx<Cursor<&'a [u8]>>,
    pub sheets: Vec<String>,
    /// The first visible worksheet (else the first), read when no sheet is asked for.
    first_visible: usize,
}

/// Whether the bytes (a zip archive) name this entry anywhere. Used only to explain a
/// failure, so a rough search is enough.
fn mentions(bytes: &[u8], name: &[u8]) -> bool {
    bytes.windows(name.len()).any(|w| w == name)
}

/// Opens a workbook from a zip archive's bytes.
///
/// # Errors
///
/// `workbook-protected` for an encrypted workbook, `workbook-corrupt` when the zip or its
/// XML cannot be read, `unsupported-format` for `.xlsb` and OpenDocument spreadsheets,
/// `not-a-table` for other zip archives and workbooks without worksheets.
pub(crate) fn open(bytes: &[u8]) -> Result<Workbook<'_>> {
    let xlsx = match Xlsx::new_with_limits(Cursor::new(bytes), LIMITS) {
        Ok(x) => x,
        Err(e) => return Err(open_error(bytes, e)),
    };
    let mut sheets = Vec::new();
    let mut first_visible = None;
    for s in xlsx.sheets_metadata() {
        if s.typ == SheetType::WorkSheet {
            if first_visible.is_none() && s.visible == SheetVisible::Visible {
                first_visible = Some(sheets.len());
            }
            sheets.push(s.name.clone());
        }
    }
    if sheets.is_empty() {
        return Err(if mentions(bytes, b"xl/workbook.xml") {
            Error::new(Code::NotATable, "the workbook has no worksheets")
        } else {
            not_a_workbook(bytes)
        });
    }
    Ok(Workbook {
        xlsx,
        sheets,
        first_visible: first_visible.unwrap_or(0),
    })
}

/// The error for a zip archive that is not an `.xlsx` workbook, naming what it is.
fn not_a_workbook(bytes: &[u8]) -> Error {
    if mentions(bytes, b"xl/workbook.bin") {
        Error::new(
            Code::UnsupportedFormat,
            "this is a binary Excel workbook (.xlsb): open it in Excel and save it as .xlsx or CSV",
        )
    } else if mentions(bytes, b"opendocument.spreadsheet") {
        Error::new(
            Code::UnsupportedFormat,
            "this is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV",
        )
    } else if mentions(bytes, b"word/document.xml") {
        Error::new(Code::NotATable, "this is a Word document, not a table")
    } else {
        Error::new(
            Code::NotATable,
            "this is a zip archive, not an Excel workbook or a CSV file",
        )
    }
}

/// Explains why a workbook could not be opened.
fn open_error(bytes: &[u8], e: XlsxError) -> Error {
    if let Some(limit) = limit_error(&e, "") {
        return limit;
    }
    match e {
        XlsxError::Password => protected(),
        XlsxError::Zip(z) => Error::new(
            Code::WorkbookCorrupt,
            format!("the workbook is damaged and cannot be opened ({z}): open it in Excel and save it again, or save it as CSV"),
        ),
        _ if !mentions(bytes, b"xl/workbook.xml") => not_a_workbook(bytes),
        other => Error::new(
            Code::WorkbookCorrupt,
            format!("the workbook is damaged and cannot be read ({other}): open it in Excel and save it again, or save it as CSV"),
        ),
    }
}

/// The error for an encrypted (password-protected) workbook.
pub(crate) fn protected() -> Error {
    Error::new(
        Code::WorkbookProtected,
        "the workbook is password-protected: remove the password in Excel (File, Info, Protect Workbook) and save it again, or save it as CSV",
    )
}

/// Tells an encrypted workbook (an OLE compound file with an encrypted package) from an
/// old Excel 97–2003 `.xls` workbook, which is an OLE compound file too.
pub(crate) fn ole_error(bytes: &[u8]) -> Error {
    match Xlsx::new(Cursor::new(bytes)) {
        Err(XlsxError::Password) => protected(),
        _ => Error::new(
            Code::UnsupportedFormat,
            "this is an old Excel 97\u{2013}2003 workbook (.xls), or a password-protected one: open it in Excel and save it as .xlsx (without a password) or CSV",
        ),
    }
}

impl Workbook<'_> {
    /// The sheet to read: the one asked for (exactly, else ignoring case and surrounding
    /// spaces), or the first visible worksheet.
    ///
    /// # Errors
    ///
    /// `unknown-sheet` (field `sheet`) when no worksheet has that name.
    pub fn choose(&self, wanted: Option<&str>) -> Result<String> {
        let Some(wanted) = wanted else {
            return Ok(self.sheets[self.first_visible].clone());
        };
        let found = self.sheets.iter().find(|s| *s == wanted).or_else(|| {
            let w = wanted.trim().to_lowercase();
            self.sheets.iter().find(|s| s.trim().to_lowercase() == w)
        });
        match found {
            Some(s) => Ok(s.clone()),
            None => {
                let names: Vec<String> = self
                    .sheets
                    .iter()
                    .map(|s| format!("\u{201C}{s}\u{201D}"))
                    .collect();
                Err(Error::new(
                    Code::UnknownSheet,
                    format!(
                        "the workbook has no sheet called \u{201C}{wanted}\u{201D}; its sheets are {}",
                        names.join(", ")
                    ),
                )
                .in_field("sheet"))
            }
        }
    }

    /// Streams the cells of `sheet` into `sink`, row by row.
    ///
    /// # Errors
    ///
    /// `workbook-corrupt` when the sheet's XML cannot be read or its rows are out of order.
    pub fn read(&mut self, sheet: &str, sink: &mut Sink) -> Result<()> {
        let corrupt = |what: String| {
            Error::new(
                Code::WorkbookCorrupt,
                format!("sheet \u{201C}{sheet}\u{201D} is damaged: {what}; open the workbook in Excel and save it again, or save the sheet as CSV"),
            )
            .in_field("sheet")
        };
        let mut cells = self
            .xlsx
            .worksheet_cells_reader(sheet)
            .map_err(|e| corrupt(e.to_string()))?;
        let mut row = SheetRow::default();
        // The row being gathered, and the last row given to the sink (0-based).
        let mut current: Option<u32> = None;
        let mut last_given: Option<u32> = None;
        let mut last_filled: Option<u32> = None;
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    let after = match (current, last_given) {
                        (Some(r), _) | (None, Some(r)) => format!(" after row {}", r + 1),
                        (None, None) => String::new(),
                    };
                    let at = format!("sheet \u{201C}{sheet}\u{201D}{after}: ");
                    if let Some(limit) = limit_error(&e, &at) {
                        return Err(limit.in_field("sheet"));
                    }
                    if let XlsxError::CellReference(r) = &e {
                        return Err(bad_reference(sheet, r));
                    }
                    return Err(corrupt(format!("a cell{after} cannot be read ({e})")));
                }
            };
            let (r, c) = cell.get_position();
            if r > LAST_ROW || c >= LAST_COLUMN {
                let at = format!("{}{}", super::sink::letters(c as usize), u64::from(r) + 1);
                return Err(bad_reference(sheet, &at));
            }
            if current != Some(r) {
                if let Some(cur) = current {
                    if r < cur {
                        return Err(corrupt(format!(
                            "row {} comes after row {}",
                            r + 1,
                            cur + 1
                        )));
                    }
                    if !row.give(cur, &mut last_given, sink) {
                        return Ok(());
                    }
                }
                current = Some(r);
            }
            if row.add(c, cell.get_value()) {
                last_filled = Some(r);
            }
            if row.text.len() > MAX_ROW_BYTES {
                sink.fail(sink::row_too_large(&sink.at(r + 1)));
                return Ok(());
            }
            // Only a cell given again and again can make a row of more cells than columns.
            if row.cells.len() > LAST_COLUMN as usize {
                sink.fail(sink::too_many_columns(&sink.at(r + 1)));
                return Ok(());
            }
        }
        if let Some(cur) = current {
            if !row.give(cur, &mut last_given, sink) {
                return Ok(());
            }
        }
        if last_filled == Some(LAST_ROW) {
            let message = format!(
                "the sheet has data in row {}, Excel's last row: the list was probably cut off",
                LAST_ROW + 1
            );
            sink.warn(None, None, RowCode::RowLimit, message);
        }
        Ok(())
    }
}

/// The error for a cell reference that is not a cell of a sheet.
fn bad_reference(sheet: &str, reference: &str) -> Error {
    Error::new(
        Code::BadCellReference,
        format!(
            "sheet \u{201C}{sheet}\u{201D} has a cell at \u{201C}{reference}\u{201D}, which is not a cell Excel has (the last is XFD1048576): the workbook was not written by Excel or is damaged; open it in Excel and save it again, or save the sheet as CSV"
        ),
    )
    .in_field("sheet")
}

/// The filled cells of one sheet row as they arrive: their text one after another, and
/// each cell's column and end.
#[derive(Default)]
struct SheetRow {
    text: String,
    cells: Vec<(u32, usize)>,
    /// Whether the cells arrived in column order (they should).
    in_order: bool,
    ends: Vec<usize>,
}

impl SheetRow {
    /// Adds a cell's text; `false` when the cell is empty.
    fn add(&mut self, column: u32, value: &DataRef<'_>) -> bool {
        if self.cells.is_empty() {
            self.in_order = true;
        }
        let start = self.text.len();
        push_value(&mut self.text, value);
        if self.text.len() == start {
            return false;
        }
        if self.cells.last().is_some_and(|&(c, _)| c >= column) {
            self.in_order = false;
        }
        self.cells.push((column, self.text.len()));
        true
    }

    /// Gives the gathered row (sheet row `index`, 0-based) to the sink, counting the rows
    /// skipped since the last one as blank; `false` when the sink wants no more rows.
    fn give(&mut self, index: u32, last_given: &mut Option<u32>, sink: &mut Sink) -> bool {
        let gap = match *last_given {
            Some(prev) => index.saturating_sub(prev + 1),
            None => index,
        };
        sink.blank_lines(u64::from(gap));
        *last_given = Some(index);
        if self.cells.is_empty() {
            // A row of formatted but empty cells.
            sink.blank_lines(1);
            return true;
        }
        if !self.in_order {
            self.reorder();
        }
        self.ends.clear();
        let mut end = 0;
        for &(column, cell_end) in &self.cells {
            while self.ends.len() < column as usize {
                self.ends.push(end);
            }
            end = cell_end;
            self.ends.push(end);
        }
        let row = Row {
            text: &self.text,
            ends: &self.ends,
        };
        let more = sink.row(index.saturating_add(1), row);
        self.text.clear();
        self.cells.clear();
        more
    }

    /// Puts cells that arrived out of column order in order (a later cell for the same
    /// column wins).
    fn reorder(&mut self) {
        let mut starts = 0;
        let mut parts: Vec<(u32, usize, String)> = Vec::with_capacity(self.cells.len());
        for (k, &(column, end)) in self.cells.iter().enumerate() {
            parts.push((
                column,
                k,
                self.text.get(starts..end).unwrap_or_default().to_owned(),
            ));
            starts = end;
        }
        parts.sort_by_key(|&(column, k, _)| (column, std::cmp::Reverse(k)));
        parts.dedup_by_key(|p| p.0);
        self.text.clear();
        self.cells.clear();
        for (column, _, text) in parts {
            self.text.push_str(&text);
            self.cells.push((column, self.text.len()));
        }
    }
}

/// Appends a cell's text, as Excel shows it (see the module docs).
pub(crate) fn push_value(out: &mut String, value: &DataRef<'_>) {
    match value {
        DataRef::Empty => {}
        DataRef::String(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::DateTimeIso(s) => push_iso(out, s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => push_number(out, *f),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => push_datetime(out, d),
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

/// Appends a number as Excel's General format shows it.
pub(crate) fn push_number(out: &mut String, f: f64) {
    if !f.is_finite() {
        let _ = write!(out, "{f}");
    } else if f.fract() == 0.0 && f.abs() < 1e17 {
        let _ = write!(out, "{}", f as i64);
    } else {
        // Excel keeps 15 significant digits.
        let r: f64 = format!("{f:.14e}").parse().unwrap_or(f);
        if r != 0.0 && (r.abs() >= 1e15 || r.abs() < 1e-9) {
            let s = format!("{r:E}");
            match s.split_once('E') {
                Some((m, x)) if !x.starts_with('-') => {
                    let _ = write!(out, "{m}E+{x}");
                }
                _ => out.push_str(&s),
            }
        } else {
            let _ = write!(out, "{r}");
        }
    }
}

/// Appends a date-formatted cell as `dd/mm/yyyy`, with its time of day if it has one.
fn push_datetime(out: &mut String, d: &ExcelDateTime) {
    let v = d.as_f64();
    // Excel shows dates from 1900 to 9999; outside that, and for durations, the number.
    if d.is_duration() || !(0.0..2_958_466.0).contains(&v) {
        push_number(out, v);
        return;
    }
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if v >= 1.0 {
        let _ = write!(out, "{day:02}/{m:02}/{y:04}");
        if (h, min, s) != (0, 0, 0) {
            out.push(' ');
        }
    }
    if v < 1.0 || (h, min, s) != (0, 0, 0) {
        let _ = write!(out, "{h:02}:{min:02}");
        if s != 0 {
            let _ = write!(out, ":{s:02}");
        }
    }
}

/// Appends an ISO 8601 date (`2020-01-31`, maybe with a time) as `dd/mm/yyyy`; other
/// text as it is.
fn push_iso(out: &mut String, s: &str) {
    let date = s
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let time = s
        .get(10..)
        .unwrap_or_default()
        .trim_start_matches(['T', ' ']);
    match date {
        Some(d) => {
            let _ = write!(out, "{}", d.format("%d/%m/%Y"));
            let time = time.trim_end_matches(['Z']);
            let time = time.strip_suffix(":00").unwrap_or(time);
            if !time.is_empty() && time != "00:00" {
                let _ = write!(out, " {time}");
            }
        }
        None => out.push_str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn text(v: DataRef<'_>) -> String {
        let mut s = String::new();
        push_value(&mut s, &v);
        s
    }

    fn date(v: f64) -> DataRef<'static> {
        DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn cells_read_as_excel_shows_them() {
        let cases: &[(&str, DataRef<'_>, &str)] = &[
            ("text", DataRef::String("a) Male".into()), "a) Male"),
            ("shared text", DataRef::SharedString(" x "), " x "),
            ("int", DataRef::Int(-42), "-42"),
            ("whole float", DataRef::Float(12.0), "12"),
            ("negative zero", DataRef::Float(-0.0), "0"),
            (
                "long id",
                DataRef::Float(1234567890123456.0),
                "1234567890123456",
            ),
            ("fraction", DataRef::Float(0.1 + 0.2), "0.3"),
            ("age", DataRef::Float(15.5), "15.5"),
            ("tiny", DataRef::Float(1.5e-10), "1.5E-10"),
            ("huge", DataRef::Float(1.5e20), "1.5E+20"),
            ("bool", DataRef::Bool(true), "TRUE"),
            ("error", DataRef::Error(calamine::CellErrorType::NA), "#N/A"),
            ("date", date(40179.0), "01/01/2010"),
            ("date and time", date(40179.5), "01/01/2010 12:00"),
            ("time", date(0.5 + 1.0 / 86400.0), "12:00:01"),
            ("leap bug day", date(60.0), "29/02/1900"),
            ("negative date", date(-1.0), "-1"),
            (
                "iso date",
                DataRef::DateTimeIso("2010-01-31T00:00:00".into()),
                "31/01/2010",
            ),
            (
                "iso datetime",
                DataRef::DateTimeIso("2010-01-31T09:30:00".into()),
                "31/01/2010 09:30",
            ),
            ("iso other", DataRef::DateTimeIso("soon".into()), "soon"),
            ("empty", DataRef::Empty, ""),
        ];
        for (name, v, expected) in cases {
            assert_eq!(text(v.clone()), *expected, "{name}");
        }
    }
}
