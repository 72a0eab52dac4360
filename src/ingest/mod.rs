//! Ingest: the bytes of a case list (a CSV/TSV file or an `.xlsx` workbook) into a
//! [`Table`] of text cells, with what was detected about the file and every problem found.
//!
//! Cells stay text exactly as in the file after decoding; typing them (dates, ages) is
//! sampling's job. Bad input never panics and never silently loses a row: a row that
//! cannot go into the table is listed in [`Ingested::excluded`] with its line and column,
//! and everything else worth telling is in [`Ingested::problems`]. Only a file that cannot
//! be read as a table at all is an [`Error`].
//!
//! # Decisions
//!
//! - **Format** by content, never by file name: a zip archive is a workbook (`.xlsx`,
//!   `.xlsm`); an OLE compound file is a password-protected workbook or an old `.xls`
//!   (told apart, both refused with how to fix it); PDFs, images, archives, binaries (a NUL
//!   byte or many control characters in the first 8 KiB), web pages and XML are not
//!   tables; everything else is CSV text.
//! - **Encoding** ([`Encoding`]): a byte-order mark decides; else valid UTF-8 is UTF-8, read
//!   in place with no copy; else UTF-8 with a few bad bytes when most non-ASCII is valid
//!   UTF-8, otherwise Windows-1252, decoded in 1 MiB pieces so the file is never copied
//!   whole. Undecodable bytes become U+FFFD and each cell holding one is reported
//!   (`undecodable-byte`).
//! - **Delimiter**: `,` `;` tab or `|`, whichever splits the first records most
//!   consistently outside quotes (see `detect`); none means one column (`one-column`). The
//!   caller can set it.
//! - **Header**: among the first 10 non-blank rows, title rows with at most half the
//!   table's filled cells are skipped (`row-above-header`); the next row is the header
//!   unless a cell looks like data, repeats, or recurs in its column below. The caller can
//!   say there is or is not a header. Column names are trimmed; blank ones become
//!   `Column N` and repeats `Name (2)`, each reported.
//! - **Columns**: the table spans the header's first to last filled cell (leading columns
//!   blank in every early row are left out, e.g. a sheet that starts in column B).
//! - **Rows**: blank rows (no cell with anything but whitespace) and empty lines are
//!   skipped and counted in [`Ingested::blank_rows`]. A data row is excluded as
//!   `ragged-row` when it has a value left or right of the table's columns, or (CSV only)
//!   fewer cells than the header; extra trailing blank cells are fine. A CSV quote that
//!   never closes excludes its row as `unclosed-quote`.
//! - **Lines** are the file's lines as a text editor counts them (CRLF, LF or CR), the line
//!   a record starts on; for a sheet, its row number.
//! - **Excel's limit**: a CSV of exactly 1,048,576 records, or a sheet with data in row
//!   1,048,576, gets a `row-limit` warning: the list was probably cut off.
//! - **Workbooks**: cells read as Excel shows them; dates as `dd/mm/yyyy` (see `xlsx`).
//!   With no sheet asked for, the first visible worksheet is read; an empty sheet is an
//!   error for [`read`] but only an `empty-sheet` problem for [`preview`], so the caller
//!   can offer the other sheets.
//! - At most 1,000 warnings of one code are listed, then counted; excluded rows are all
//!   listed (a file with so many that the list passes [`MAX_EXCLUDED_BYTES`] is refused).
//! - **Limits**: every size that comes from the file is checked against a limit no real
//!   case list reaches, so memory follows the table and no input can exhaust it: the
//!   file ([`MAX_FILE_BYTES`], `file-too-large`), a row's cells ([`MAX_COLUMNS`],
//!   `too-many-columns`), a cell's text ([`MAX_CELL_BYTES`], `cell-too-large`), a row's
//!   text ([`MAX_ROW_BYTES`], `row-too-large`), the table ([`Table::MAX_BYTES`],
//!   `table-too-large`), the list of excluded rows ([`MAX_EXCLUDED_BYTES`],
//!   `too-many-excluded-rows`) and the XML a workbook's parts unpack to
//!   ([`MAX_SHEET_XML_BYTES`], [`MAX_SHARED_STRINGS_XML_BYTES`], [`MAX_PART_XML_BYTES`],
//!   `workbook-too-large`, checked while decompressing). Buffers grow with `try_reserve`,
//!   and the checks run per row or per buffer growth, never per byte. A workbook cell
//!   reference beyond `XFD1048576` is `bad-cell-reference` (see `xlsx`).
//!
//! ```
//! use deepdive::ingest::{self, Options};
//!
//! let csv = "Annex A: contacts\r\nChild Unique ID,Gender\r\nA1,a) Male\r\nA2\r\n\r\n";
//! let got = ingest::read(csv.as_bytes(), &Options::default())?;
//! assert_eq!(got.table.columns(), ["Child Unique ID", "Gender"]);
//! assert_eq!(got.table.record(0).collect::<Vec<_>>(), ["A1", "a) Male"]);
//! assert_eq!(got.source.header_line, Some(2));
//! assert_eq!(got.excluded[0].line, Some(4)); // "A2" has no Gender cell: ragged
//! assert_eq!(got.problems[0].code.as_str(), "row-above-header");
//! # Ok::<(), deepdive::error::Error>(())
//! ```

mod csv;
mod decode;
mod detect;
mod sink;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use decode::Encoding;

use crate::error::{Code, Error, Result};
use crate::table::Table;
use sink::{Outcome, Settings, Sink};

/// How many data rows a preview shows when the caller does not say.
pub const DEFAULT_PREVIEW_ROWS: usize = 20;
/// The most data rows a preview shows.
pub const MAX_PREVIEW_ROWS: usize = 1000;

/// How many bytes of a CSV file delimiter detection and size estimates look at.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The largest file read, in bytes (256 MiB): well over twice the largest case list Deep
/// Dive is measured on (a million rows, 108 MB), itself far beyond any local authority's
/// list. The file, its table and the sample's work must fit in a browser tab's memory
/// together (the page takes about 2.7 times the file); a larger one is refused with
/// `file-too-large`.
pub const MAX_FILE_BYTES: usize = 256 << 20;

/// `file-too-large` for a file of more than [`MAX_FILE_BYTES`], so a caller that reads a file
/// in slices can refuse it before taking its memory.
pub fn check_file_size(len: usize) -> Result<(), Error> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Error::new(
        Code::FileTooLarge,
        format!(
            "the file is {} MiB; Deep Dive reads case lists of up to {} MiB: save only the list\u{2019}s own columns and rows, or split it",
            len >> 20,
            MAX_FILE_BYTES >> 20
        ),
    ))
}

/// The most cells a row may have: Excel's 16,384 columns (A to XFD), for CSV files too.
/// More is refused with `too-many-columns`, naming the line or row.
pub const MAX_COLUMNS: usize = 16_384;

/// The most text one cell may hold, in bytes (4 MiB). Excel keeps at most 32,767
/// characters in a cell, under 200 KB even as escaped XML, so no real case list comes
/// near it; a CSV cell that passes it is usually a quote that never closes. More is
/// refused with `cell-too-large`.
pub const MAX_CELL_BYTES: usize = 4 << 20;

/// The most text one row may hold, in bytes (16 MiB), counting every cell. A workbook
/// row can repeat a long shared text in every column, so a cell limit alone does not
/// bound it. More is refused with `row-too-large`.
pub const MAX_ROW_BYTES: usize = 16 << 20;

/// The most memory the list of excluded rows may take, in bytes (32 MiB, some 200,000
/// rows): every excluded row is listed with its line and why, so a file whose rows
/// mostly do not fit its header (a wrong header, or millions of one-cell lines) could
/// otherwise take far more memory than its table. A list with that many rows set aside
/// cannot be sampled fairly anyway. More is `too-many-excluded-rows`.
pub const MAX_EXCLUDED_BYTES: usize = 32 << 20;

/// The most XML a worksheet may unpack to, in bytes (2 GiB): about four times the
/// million-row list saved as a workbook. Checked while decompressing, so a zip bomb
/// stops here; more is refused with `workbook-too-large`.
pub const MAX_SHEET_XML_BYTES: u64 = 2 << 30;

/// The most XML a workbook's shared strings may unpack to, in bytes (256 MiB): they are
/// all held in memory while the sheet is read. More is `workbook-too-large`.
pub const MAX_SHARED_STRINGS_XML_BYTES: u64 = 256 << 20;

/// The most XML any other part of a workbook read (its sheet list, styles and
/// relationships) may unpack to, in bytes (64 MiB; a real one takes kilobytes). More is
/// `workbook-too-large`.
pub const MAX_PART_XML_BYTES: u64 = 64 << 20;

/// The caller's choices; `None` means "detect it".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The workbook sheet to read (workbooks only).
    pub sheet: Option<String>,
    /// The CSV delimiter: one ASCII punctuation character, space or tab, not `"`.
    pub delimiter: Option<u8>,
    /// Whether the table has a header row. `Some(true)`: the first row that is not a
    /// title row is the header; `Some(false)`: there is none, every non-blank row is
    /// data and the columns are called `Column 1`, `Column 2`, ….
    pub has_header: Option<bool>,
}

/// The kind of file read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `csv` or `xlsx`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// What a row problem or warning is about, as a stable kebab-case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowCode {
    /// A data row has a value outside the table's columns, or (CSV) too few cells.
    RaggedRow,
    /// A CSV quote never closes, so the rest of the file became one row.
    UnclosedQuote,
    /// A cell holds bytes that are not text in the file's encoding.
    UndecodableByte,
    /// A title row above the header was skipped.
    RowAboveHeader,
    /// A header cell is blank; the column got a name.
    BlankColumnName,
    /// A header cell repeats an earlier name; the column got a numbered name.
    DuplicateColumnName,
    /// The list reaches Excel's 1,048,576-row limit and was probably cut off.
    RowLimit,
    /// No delimiter was found: the file was read as one column.
    OneColumn,
    /// There is a header but no data rows.
    NoDataRows,
    /// The chosen sheet has no cells (previews only; reading it is an error).
    EmptySheet,
}

impl RowCode {
    /// The stable code, e.g. `ragged-row`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowCode::RaggedRow => "ragged-row",
            RowCode::UnclosedQuote => "unclosed-quote",
            RowCode::UndecodableByte => "undecodable-byte",
            RowCode::RowAboveHeader => "row-above-header",
            RowCode::BlankColumnName => "blank-column-name",
            RowCode::DuplicateColumnName => "duplicate-column-name",
            RowCode::RowLimit => "row-limit",
            RowCode::OneColumn => "one-column",
            RowCode::NoDataRows => "no-data-rows",
            RowCode::EmptySheet => "empty-sheet",
        }
    }

    /// Whether a row with this problem is left out of the table (and listed in
    /// [`Ingested::excluded`]); the other codes are notes on how the file was read.
    pub fn excludes_row(self) -> bool {
        matches!(self, RowCode::RaggedRow | RowCode::UnclosedQuote)
    }
}

/// A problem with one row or cell, or a warning about the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// The line (CSV) or row (sheet), from 1; `None` when it is about the whole file.
    pub line: Option<u32>,
    /// The column, from 1, when one cell is at fault.
    pub column: Option<u32>,
    pub code: RowCode,
    pub message: String,
}

/// What was detected about a file (or given by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub format: Format,
    /// `utf-8` for workbooks.
    pub encoding: Encoding,
    /// The CSV delimiter; `None` for workbooks.
    pub delimiter: Option<u8>,
    /// The workbook's worksheets, in order; empty for CSV.
    pub sheets: Vec<String>,
    /// The sheet read; `None` for CSV.
    pub sheet: Option<String>,
    pub has_header: bool,
    /// The header's line (CSV) or row (sheet).
    pub header_line: Option<u32>,
}

/// A case list read into a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingested {
    pub source: Source,
    /// The usable data rows, with the line of each.
    pub table: Table,
    /// Non-blank data rows read: the table's rows plus the excluded ones.
    pub rows_read: u64,
    /// Blank rows and empty lines skipped.
    pub blank_rows: u64,
    /// Every data row left out of the table, with why.
    pub excluded: Vec<RowProblem>,
    /// Warnings and notes: skipped title rows, renamed columns, undecodable bytes, ….
    pub problems: Vec<RowProblem>,
}

impl Ingested {
    /// How many rows were excluded for each reason, in order of first appearance.
    pub fn excluded_counts(&self) -> Vec<(RowCode, u64)> {
        let mut counts: Vec<(RowCode, u64)> = Vec::new();
        for p in &self.excluded {
            match counts.iter_mut().find(|(c, _)| *c == p.code) {
                Some((_, n)) => *n += 1,
                None => counts.push((p.code, 1)),
            }
        }
        counts
    }
}

/// One data row of a preview, cells exactly as in the file after decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub line: u32,
    pub cells: Vec<String>,
}

/// The first rows of a case list, and what was detected about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub source: Source,
    pub columns: Vec<String>,
    /// The first data rows (excluded ones too, as they are), in file order.
    pub rows: Vec<PreviewRow>,
    /// The number of non-blank data rows, when the preview read the whole file or sheet;
    /// `None` when it stopped early.
    pub row_count: Option<u64>,
    /// Problems of the rows shown (including why a row would be excluded) and warnings,
    /// in line order.
    pub problems: Vec<RowProblem>,
}

/// Reads a whole case list into a table.
///
/// # Errors
///
/// `empty-file` (no rows, or an empty sheet), `not-a-table`, `unsupported-format`,
/// `workbook-protected`, `workbook-corrupt`, `unknown-sheet` (field `sheet`), and
/// `bad-argument` for a bad delimiter, a delimiter given for a workbook or a sheet for a
/// CSV file. Past a limit (see the module docs): `file-too-large`, `too-many-columns`,
/// `cell-too-large`, `row-too-large`, `table-too-large`, `too-many-excluded-rows`,
/// `workbook-too-large`; and
/// `bad-cell-reference` (field `sheet`).
///
/// # Example
///
/// ```
/// use deepdive::ingest::{self, Options};
///
/// // Windows-1252, semicolons, a quoted cell with a line break.
/// let bytes = b"ID;Note\nA1;\"caf\xE9\nand \xA35\"\nA2;x\n";
/// let got = ingest::read(bytes, &Options::default())?;
/// assert_eq!(got.source.encoding.as_str(), "windows-1252");
/// assert_eq!(got.source.delimiter, Some(b';'));
/// assert_eq!(got.table.cell(0, 1), "café\nand £5");
/// assert_eq!(got.table.line(1), 4);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn read(bytes: &[u8], opts: &Options) -> Result<Ingested> {
    let (source, out) = run(bytes, opts, None)?;
    Ok(Ingested {
        source,
        table: out.table,
        rows_read: out.rows_read,
        blank_rows: out.blank_rows,
        excluded: out.excluded,
        problems: out.problems,
    })
}

/// Reads the first `rows` data rows of a case list, and what was detected about it. A CSV
/// file is read only as far as those rows (fast on a large file); a sheet is streamed
/// likewise.
///
/// # Errors
///
/// As [`read`], except that an empty sheet is an `empty-sheet` problem; and
/// `bad-argument` (field `rows`) when `rows` is over [`MAX_PREVIEW_ROWS`].
pub fn preview(bytes: &[u8], opts: &Options, rows: usize) -> Result<Preview> {
    if rows > MAX_PREVIEW_ROWS {
        return Err(Error::new(
            Code::BadArgument,
            format!("a preview shows at most {MAX_PREVIEW_ROWS} rows"),
        )
        .in_field("rows"));
    }
    let (source, out) = run(bytes, opts, Some(rows))?;
    let mut problems = out.excluded;
    problems.extend(out.problems);
    problems.sort_by_key(|p| p.line);
    Ok(Preview {
        source,
        columns: out.table.columns().to_vec(),
        rows: out.preview_rows,
        row_count: out.complete.then_some(out.rows_read),
        problems,
    })
}

/// Reads a file in full (`preview: None`) or its first rows.
fn run(bytes: &[u8], opts: &Options, preview: Option<usize>) -> Result<(Source, Outcome)> {
    if let Some(d) = opts.delimiter {
        if d == b'"' || !(d == b'\t' || d == b' ' || d.is_ascii_punctuation()) {
            return Err(Error::new(
                Code::BadArgument,
                "the delimiter must be one ASCII punctuation character, a space or a tab, and not a quote",
            )
            .in_field("delimiter"));
        }
    }
    check_file_size(bytes.len())?;
    match sniff(bytes)? {
        Kind::Zip => read_workbook(bytes, opts, preview),
        Kind::Text => read_csv(bytes, opts, preview),
    }
}

/// What the bytes are, as far as reading goes.
enum Kind {
    Text,
    Zip,
}

/// Tells a workbook from text, and refuses what is neither.
fn sniff(bytes: &[u8]) -> Result<Kind> {
    if bytes.is_empty() {
        return Err(Error::new(Code::EmptyFile, "the file is empty"));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(ole_error(bytes));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Kind::Zip);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(Kind::Text);
    }
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"{\\rtf", "a Rich Text document"),
    ];
    for (magic, what) in KINDS {
        if bytes.starts_with(magic) {
            return Err(Error::new(
                Code::NotATable,
                format!("this is {what}, not a table: choose a CSV file or an .xlsx workbook"),
            ));
        }
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = text.get(..8192).unwrap_or(text);
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if head.contains(&0) || controls * 100 > head.len() {
        return Err(Error::new(
            Code::NotATable,
            "this is a binary file, not a table: choose a CSV file or an .xlsx workbook",
        ));
    }
    let start: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |s: &[u8]| start.windows(s.len()).any(|w| w == s);
    if start.starts_with(b"<") {
        if has(b"<html") || has(b"<!doctype html") || has(b"<table") {
            return Err(Error::new(
                Code::UnsupportedFormat,
                "this is a web page (some systems save one with an .xls name): open it in Excel and save it as .xlsx or CSV",
            ));
        }
        if has(b"urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(Error::new(
                Code::UnsupportedFormat,
                "this is an Excel 2003 XML spreadsheet: open it in Excel and save it as .xlsx or CSV",
            ));
        }
        if start.starts_with(b"<?xml") {
            return Err(Error::new(
                Code::NotATable,
                "this is an XML file, not a table: choose a CSV file or an .xlsx workbook",
            ));
        }
    }
    Ok(Kind::Text)
}

/// Reads CSV text.
fn read_csv(bytes: &[u8], opts: &Options, preview: Option<usize>) -> Result<(Source, Outcome)> {
    if opts.sheet.is_some() {
        return Err(Error::new(Code::BadArgument, "a CSV file has no sheets").in_field("sheet"));
    }
    let mut dec = decode::Decoder::new(bytes);
    let total = dec.len();
    let (sample, covered) = dec.sample(SAMPLE_BYTES);
    let complete = covered >= total;
    let (delimiter, found) = match opts.delimiter {
        Some(d) => (d, true),
        None => match detect::delimiter(&sample, complete) {
            Some(d) => (d, true),
            None => (b',', false),
        },
    };
    let capacity = match preview {
        Some(_) => (0, 0, 0),
        None => estimate(&sample, covered, total, delimiter, complete),
    };
    let encoding = dec.encoding;
    let mut sink = Sink::new(Settings {
        has_header: opts.has_header,
        short_rows_ragged: true,
        lossy: dec.lossy.then_some(encoding.as_str()),
        sheet: None,
        unit: "line",
        letters: false,
        preview,
        capacity,
    });
    if !found {
        let message =
            "no comma, semicolon, tab or bar separates the values: the file was read as one column"
                .to_owned();
        sink.warn(None, None, RowCode::OneColumn, message);
    }
    csv::read(&mut dec, delimiter, &mut sink);
    let out = sink.finish()?;
    if out.empty {
        return Err(Error::new(
            Code::EmptyFile,
            "the file has no rows: it is empty or has only blank lines",
        ));
    }
    let source = Source {
        format: Format::Csv,
        encoding,
        delimiter: Some(delimiter),
        sheets: Vec::new(),
        sheet: None,
        has_header: out.has_header,
        header_line: out.header_line,
    };
    Ok((source, out))
}

/// About how many records and bytes of cell text a CSV file holds, from its start, with
/// a little room to spare; and at most how many cells (one per byte).
fn estimate(
    sample: &str,
    covered: usize,
    total: usize,
    delimiter: u8,
    complete: bool,
) -> (usize, usize, usize) {
    let scan = detect::scan(sample, delimiter, complete, usize::MAX);
    if complete || scan.consumed == 0 || covered == 0 {
        return (scan.counts.len(), scan.text_bytes, total.max(1));
    }
    // Decoded bytes per file byte, then records and text per decoded byte.
    let decoded = total as f64 * sample.len() as f64 / covered as f64;
    let per = decoded / scan.consumed as f64 * 1.05;
    let records = (scan.counts.len() as f64 * per) as usize + 16;
    let text = ((scan.text_bytes as f64 * per) as usize).min(decoded as usize * 2) + 256;
    (records, text, total.max(1))
}

/// The error for an OLE compound file: a password-protected workbook or an old `.xls`.
fn ole_error(bytes: &[u8]) -> Error {
    #[cfg(feature = "xlsx")]
    return xlsx::ole_error(bytes);
    #[cfg(not(feature = "xlsx"))]
    {
        let _ = bytes;
        Error::new(
            Code::WorkbookProtected,
            "this is a password-protected workbook or an old Excel 97\u{2013}2003 workbook (.xls): open it in Excel and save it as CSV",
        )
    }
}

/// Without the `xlsx` feature, workbooks are refused with how to save them as CSV.
#[cfg(not(feature = "xlsx"))]
fn read_workbook(
    _bytes: &[u8],
    _opts: &Options,
    _preview: Option<usize>,
) -> Result<(Source, Outcome)> {
    Err(Error::new(
        Code::UnsupportedFormat,
        "this build of Deep Dive reads CSV files only: open the workbook in Excel and save each sheet as CSV",
    ))
}

/// Reads one sheet of a workbook.
#[cfg(feature = "xlsx")]
fn read_workbook(
    bytes: &[u8],
    opts: &Options,
    preview: Option<usize>,
) -> Result<(Source, Outcome)> {
    if opts.delimiter.is_some() {
        return Err(
            Error::new(Code::BadArgument, "a workbook has no delimiter").in_field("delimiter")
        );
    }
    let mut wb = xlsx::open(bytes)?;
    let sheet = wb.choose(opts.sheet.as_deref())?;
    let mut sink = Sink::new(Settings {
        has_header: opts.has_header,
        short_rows_ragged: false,
        lossy: None,
        sheet: Some(sheet.clone()),
        unit: "row",
        letters: true,
        preview,
        capacity: (0, 0, 0),
    });
    wb.read(&sheet, &mut sink)?;
    let mut out = sink.finish()?;
    if out.empty {
        let message = format!("sheet \u{201C}{sheet}\u{201D} has no cells");
        if preview.is_none() {
            return Err(Error::new(Code::EmptyFile, message).in_field("sheet"));
        }
        out.problems.push(RowProblem {
            sheet: Some(sheet.clone()),
            line: None,
            column: None,
            code: RowCode::EmptySheet,
            message,
        });
    }
    let source = Source {
        format: Format::Xlsx,
        encoding: Encoding::Utf8,
        delimiter: None,
        sheets: wb.sheets.clone(),
        sheet: Some(sheet),
        has_header: out.has_header,
        header_line: out.header_line,
    };
    Ok((source, out))
}
