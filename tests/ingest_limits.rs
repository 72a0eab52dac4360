//! Ingest's limits: hostile and oversized case lists (issue 11's table, one test per row)
//! are answered with a coded error or the right value (each case's time is printed; the
//! speed is not asserted here, only a hang guard), and memory
//! follows the table, not the file's claims or its XML. Every input is built here, in
//! code: a zip bomb is a few megabytes of repeated deflate blocks, never a committed file.
//!
//! A counting allocator measures each case's peak allocation on its own thread, so the
//! peak is the case's alone; the cases also run one at a time (a lock), so their times are
//! not each other's.

#[path = "common/zip.rs"]
mod zip_writer;

use deepdive::ingest::{self, Options, MAX_COLUMNS};
use flate2::{Compress, Compression, FlushCompress};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zip_writer::{zip, Entry};

// ---------------------------------------------------------------------------------------
// Measuring

struct Counting;

thread_local! {
    // Each test runs on its own thread, so a case's peak is its own even while other
    // tests build their inputs. Const-initialised cells without destructors: safe to use
    // from the allocator.
    static NOW: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grew(by: usize) {
    let by = isize::try_from(by).unwrap_or(isize::MAX);
    // During thread exit the cells may be gone; nothing is measured then.
    let _ = NOW.try_with(|now| {
        let n = now.get().saturating_add(by);
        now.set(n);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(n)));
    });
}

fn shrank(by: usize) {
    let by = isize::try_from(by).unwrap_or(isize::MAX);
    let _ = NOW.try_with(|now| now.set(now.get().saturating_sub(by)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        shrank(layout.size());
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            // Counted as if the old and new blocks were both held for a moment.
            grew(new_size);
            shrank(layout.size());
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What one case cost: its time and the peak memory it allocated beyond what was held
/// when it started (its input included in that).
struct Cost {
    time: Duration,
    peak: usize,
}

const MIB: usize = 1 << 20;
/// A hang guard, not a speed target: a case that runs this long is stuck (a loop over a
/// claimed size, say). Times are printed; speed belongs in `cargo xtask bench`. A timed
/// bound of a few seconds failed on a loaded 2-core machine with nothing wrong.
const WITHIN: Duration = Duration::from_secs(120);

fn measure<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let base = NOW.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    let peak = usize::try_from(PEAK.with(Cell::get).saturating_sub(base)).unwrap_or(0);
    (out, Cost { time, peak })
}

/// Runs `f` alone, checks it ends within [`WITHIN`] (the hang guard) and allocates at most `max_peak`
/// bytes, and prints what it cost.
fn bounded<T>(name: &str, max_peak: usize, f: impl FnOnce() -> T) -> T {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (out, cost) = measure(f);
    println!(
        "{name}: {:.2} s, peak {} MiB",
        cost.time.as_secs_f64(),
        cost.peak / MIB
    );
    assert!(cost.time < WITHIN, "{name}: took {:?}", cost.time);
    assert!(
        cost.peak <= max_peak,
        "{name}: peak {} MiB, over {} MiB",
        cost.peak / MIB,
        max_peak / MIB
    );
    out
}

/// The error code of a read or preview, or `ok`.
fn code<T>(r: &Result<T, deepdive::error::Error>) -> &str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code().as_str(),
    }
}

fn opts() -> Options {
    Options::default()
}

// ---------------------------------------------------------------------------------------
// Building workbooks

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn stored(name: &str, body: &str) -> Entry {
    zip_writer::stored(name, body.as_bytes())
}

/// A deflated entry: `head`, then `fill` repeated `times`, then `tail`. The fill is
/// compressed once and its deflate blocks repeated, so gigabytes cost milliseconds.
fn bomb(name: &str, head: &str, fill: &[u8], times: usize, tail: &str) -> Entry {
    let mut c = Compress::new(Compression::best(), false);
    let mut deflate = |input: &[u8], flush: FlushCompress| {
        let mut out = Vec::with_capacity(input.len() + 1024);
        let start_in = c.total_in();
        loop {
            let done = (c.total_in() - start_in) as usize;
            c.compress_vec(&input[done..], &mut out, flush).unwrap();
            let done = (c.total_in() - start_in) as usize;
            if done == input.len() && out.len() < out.capacity() {
                return out;
            }
            out.reserve(out.capacity().max(1024));
        }
    };
    let mut data = deflate(head.as_bytes(), FlushCompress::Full);
    let first = deflate(fill, FlushCompress::Full);
    // After a full flush the compressor starts afresh, so the same input gives the same
    // blocks: the fill's blocks can be repeated as they are.
    let again = deflate(fill, FlushCompress::Full);
    assert_eq!(first, again, "repeatable deflate blocks");
    for _ in 0..times {
        data.extend_from_slice(&first);
    }
    data.extend(deflate(tail.as_bytes(), FlushCompress::Finish));
    // The CRC of the whole, combining the fill's by doubling.
    let mut crc = crc32fast::Hasher::new();
    crc.update(head.as_bytes());
    let mut fills = crc32fast::Hasher::new();
    let mut unit = crc32fast::Hasher::new();
    unit.update(fill);
    let mut n = times;
    while n > 0 {
        if n & 1 == 1 {
            fills.combine(&unit);
        }
        let u = unit.clone();
        unit.combine(&u);
        n >>= 1;
    }
    crc.combine(&fills);
    crc.update(tail.as_bytes());
    let size = head.len() + fill.len() * times + tail.len();
    Entry {
        name: name.to_owned(),
        method: 8,
        data,
        crc: crc.finalize(),
        size: u32::try_from(size).expect("under 4 GiB: no zip64"),
    }
}

/// The start and end of a worksheet part, around its rows.
fn sheet_head() -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>"#)
}
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// A workbook of one sheet, "Cases", from its worksheet part (and shared strings).
fn workbook(sheet: Entry, shared: Option<Entry>) -> Vec<u8> {
    let mut entries = vec![
        stored(
            "xl/workbook.xml",
            &format!(
                r#"<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
    ];
    entries.extend(shared);
    entries.push(sheet);
    zip(&entries)
}

/// A workbook whose sheet holds these rows of XML as they are.
fn sheet_of(rows: &str) -> Vec<u8> {
    let xml = format!("{}{rows}{SHEET_TAIL}", sheet_head());
    workbook(stored("xl/worksheets/sheet1.xml", &xml), None)
}

fn inline(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

// ---------------------------------------------------------------------------------------
// Issue 11's table, row by row

/// A header reaching column XFD over 30,000 rows: 16,384 columns of 30,000 rows would
/// be two billion bytes of cell ends. Reading is refused once the table passes its
/// limit, without reserving rows × width up front; a preview reads.
#[test]
fn a_header_reaching_xfd_over_30000_rows_is_refused_without_a_huge_reservation() {
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        inline("A1", "ID"),
        inline("XFD1", "Last")
    );
    for r in 2..=30_001 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let bytes = sheet_of(&rows);
    let got = bounded("XFD x 30,000: read", 800 * MIB, || {
        ingest::read(&bytes, &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "table-too-large", "{e}");
    assert!(
        e.message().contains("sheet \u{201C}Cases\u{201D}, row "),
        "{e}"
    );
    let preview = bounded("XFD x 30,000: preview", 64 * MIB, || {
        ingest::preview(&bytes, &opts(), 20)
    })
    .unwrap();
    assert_eq!(preview.columns.len(), MAX_COLUMNS);
    assert_eq!(preview.columns[MAX_COLUMNS - 1], "Last");
    assert_eq!(preview.rows.len(), 20);
}

/// A sheet whose XML unpacks to 3 GiB of blanks (a 3 MB file) stops at the first
/// 4 MiB of blanks, in a preview and a read alike.
#[test]
fn a_sheet_of_3_gib_of_blanks_is_workbook_too_large_at_once() {
    let head = format!(r#"{}<row r="1">{}</row>"#, sheet_head(), inline("A1", "ID"));
    let sheet = bomb(
        "xl/worksheets/sheet1.xml",
        &head,
        &[b' '; MIB],
        3 * 1024,
        &format!(r#"<row r="2">{}</row>{SHEET_TAIL}"#, inline("A2", "C1")),
    );
    let bytes = workbook(sheet, None);
    assert!(bytes.len() < 4 * MIB, "{} bytes", bytes.len());
    for (what, preview) in [("preview", true), ("read", false)] {
        let got = bounded(&format!("3 GiB of blanks: {what}"), 64 * MIB, || {
            if preview {
                ingest::preview(&bytes, &opts(), 20).map(|_| ())
            } else {
                ingest::read(&bytes, &opts()).map(|_| ())
            }
        });
        let e = got.unwrap_err();
        assert_eq!(e.code().as_str(), "workbook-too-large", "{what}: {e}");
        assert_eq!(e.problems()[0].field.as_deref(), Some("sheet"), "{what}");
        assert!(e.message().contains("xl/worksheets/sheet1.xml"), "{e}");
        assert!(e.message().contains("Cases"), "{e}");
    }
}

/// One cell of 1.25 GiB (a 1.3 MB file) stops at the cell limit.
#[test]
fn a_cell_of_1_25_gib_is_cell_too_large_at_once() {
    let head = format!(
        r#"{}<row r="1">{}</row><row r="2"><c r="A2" t="inlineStr"><is><t>"#,
        sheet_head(),
        inline("A1", "ID")
    );
    let tail = format!("</t></is></c></row>{SHEET_TAIL}");
    let sheet = bomb("xl/worksheets/sheet1.xml", &head, &[b'x'; MIB], 1280, &tail);
    let bytes = workbook(sheet, None);
    for (what, preview) in [("preview", true), ("read", false)] {
        let got = bounded(&format!("a 1.25 GiB cell: {what}"), 64 * MIB, || {
            if preview {
                ingest::preview(&bytes, &opts(), 20).map(|_| ())
            } else {
                ingest::read(&bytes, &opts()).map(|_| ())
            }
        });
        let e = got.unwrap_err();
        assert_eq!(e.code().as_str(), "cell-too-large", "{what}: {e}");
        assert!(e.message().contains("after row 1"), "{e}");
    }
}

/// 1.25 GiB of blanks between rows, inside a cell, or as one shared string: refused
/// at once, not read for half a minute.
#[test]
fn blanks_or_a_shared_string_of_1_25_gib_are_refused_at_once() {
    let row1 = format!(r#"<row r="1">{}</row>"#, inline("A1", "ID"));
    let between = bomb(
        "xl/worksheets/sheet1.xml",
        &format!("{}{row1}", sheet_head()),
        &[b'\n'; MIB],
        1280,
        SHEET_TAIL,
    );
    let in_cell = bomb(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"{}{row1}<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">"#,
            sheet_head()
        ),
        &[b' '; MIB],
        1280,
        &format!("</t></is></c></row>{SHEET_TAIL}"),
    );
    let strings = bomb(
        "xl/sharedStrings.xml",
        &format!(r#"<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>"#),
        &[b'y'; MIB],
        1280,
        "</t></si></sst>",
    );
    let uses_it = stored(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"{}{row1}<row r="2"><c r="A2" t="s"><v>0</v></c></row>{SHEET_TAIL}"#,
            sheet_head()
        ),
    );
    let cases = [
        (
            "blanks between rows",
            workbook(between, None),
            "workbook-too-large",
        ),
        (
            "blanks in a cell",
            workbook(in_cell, None),
            "workbook-too-large",
        ),
        (
            "one shared string",
            workbook(uses_it, Some(strings)),
            "cell-too-large",
        ),
    ];
    for (name, bytes, expected) in cases {
        let got = bounded(&format!("1.25 GiB: {name}"), 64 * MIB, || {
            ingest::read(&bytes, &opts())
        });
        assert_eq!(code(&got), expected, "{name}");
    }
}

/// A CSV file of 557 MB is refused by its size before anything is reserved; one under
/// the limit whose start suggests a cell per byte reserves no more than the
/// table's limit.
#[test]
fn a_csv_of_557_mb_is_file_too_large_and_estimates_stay_within_the_table_limit() {
    let big = vec![b'a'; 557_000_000];
    let got = bounded("557 MB CSV", MIB, || ingest::read(&big, &opts()));
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "file-too-large", "{e}");
    assert!(e.message().contains("256 MiB"), "{e}");
    drop(big);
    // 64 KiB of rows that are all delimiters, then one long cell: the estimate from the
    // start (a cell per byte, over 250 MiB) must not reserve four times the file, only up
    // to the table's limit, and the cell is refused as soon as it passes its own.
    let mut csv = b"a,b,c,d,e,f,g,h\n".to_vec();
    while csv.len() < 80 * 1024 {
        csv.extend_from_slice(b"x,,,,,,,\n");
    }
    csv.extend_from_slice(b"y,\"");
    csv.resize(250 * MIB, b'z');
    let got = bounded(
        "a 250 MiB CSV whose start is all delimiters",
        512 * MIB + 64 * MIB,
        || ingest::read(&csv, &opts()),
    );
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "cell-too-large", "{e}");
}

fn header_of(names: impl Iterator<Item = String>) -> Vec<u8> {
    let mut csv = names.collect::<Vec<_>>().join(",").into_bytes();
    csv.extend_from_slice(b"\n");
    csv
}

/// 4,000 columns all named `x` (31 KB): the header is detected and the repeats named in
/// linear time.
#[test]
fn a_header_of_4000_columns_named_x_is_read_at_once() {
    let mut csv = header_of((0..4000).map(|_| "x".to_owned()));
    csv.extend(header_of((0..4000).map(|i| i.to_string())));
    let no_header = bounded("4,000 x: detected", 64 * MIB, || {
        ingest::read(&csv, &opts())
    })
    .unwrap();
    // Repeated names are not a header: every row is data.
    assert!(!no_header.source.has_header);
    assert_eq!(no_header.table.columns()[3999], "Column 4000");
    let with_header = Options {
        has_header: Some(true),
        ..Options::default()
    };
    let got = bounded("4,000 x: a header", 64 * MIB, || {
        ingest::read(&csv, &with_header)
    })
    .unwrap();
    let names = got.table.columns();
    assert_eq!((names[0].as_str(), names[1].as_str()), ("x", "x (2)"));
    assert_eq!(names[3999], "x (4000)");
    let repeats = got
        .problems
        .iter()
        .filter(|p| p.code.as_str() == "duplicate-column-name")
        .count();
    assert_eq!(repeats, 1000 + 1, "a thousand listed, then a count");
}

/// Numbering repeats skips names already taken, ignoring ASCII case, as before.
#[test]
fn repeated_names_are_numbered_past_names_already_taken() {
    let csv = b"x,X (2),x,X,x (3)\n1,2,3,4,5\n";
    let with_header = Options {
        has_header: Some(true),
        ..Options::default()
    };
    let got = ingest::read(csv, &with_header).unwrap();
    assert_eq!(
        got.table.columns(),
        ["x", "X (2)", "x (3)", "X (4)", "x (3) (2)"]
    );
}

/// 80,000 distinct column names (1.1 MB) and a line of a million cells are refused by
/// the column limit at once; 16,384 columns, Excel's last, still read.
#[test]
fn more_columns_than_excel_has_are_refused_at_once() {
    let wide = header_of((0..80_000).map(|i| format!("Column name {i}")));
    assert!(wide.len() > 1_000_000);
    let got = bounded("80,000 names", 64 * MIB, || ingest::read(&wide, &opts()));
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "too-many-columns", "{e}");
    assert!(e.message().starts_with("line 1:"), "{e}");
    let mut million = b"ID\nA1".to_vec();
    million.resize(million.len() + 1_000_000, b',');
    million.push(b'\n');
    let got = bounded("a million cells", 64 * MIB, || {
        ingest::preview(&million, &opts(), 20)
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "too-many-columns", "{e}");
    assert!(e.message().starts_with("line 2:"), "{e}");
    let mut widest = header_of((0..MAX_COLUMNS).map(|i| format!("c{i}")));
    widest.extend(header_of((0..MAX_COLUMNS).map(|i| i.to_string())));
    let got = bounded("16,384 columns", 64 * MIB, || {
        ingest::read(&widest, &opts())
    })
    .unwrap();
    assert_eq!(got.table.columns().len(), MAX_COLUMNS);
    assert_eq!(got.table.cell(0, MAX_COLUMNS - 1), "16383");
    let mut one_more = header_of((0..=MAX_COLUMNS).map(|i| format!("c{i}")));
    one_more.extend(b"1\n");
    assert_eq!(code(&ingest::read(&one_more, &opts())), "too-many-columns");
}

/// Cell references that are no cell of Excel's never place a value elsewhere: calamine
/// 0.35 read `MWLQKWX2` as B2 and row 4,294,967,299 as row 3.
#[test]
fn bad_cell_references_are_refused_never_moved() {
    let header = format!(
        r#"<row r="1">{}{}</row>"#,
        inline("A1", "ID"),
        inline("B1", "Team")
    );
    let good = format!(
        r#"<row r="2">{}{}</row>"#,
        inline("A2", "C1"),
        inline("B2", "North")
    );
    let cases = [
        (
            "MWLQKWX2",
            format!(
                r#"<row r="2">{}{}</row>"#,
                inline("A2", "C1"),
                inline("MWLQKWX2", "South")
            ),
        ),
        (
            "A4294967299",
            format!(r#"<row r="3">{}</row>"#, inline("A4294967299", "C9")),
        ),
        (
            "XFE1",
            format!(r#"<row r="2">{}</row>"#, inline("XFE1", "x")),
        ),
        (
            "AAAA2",
            format!(r#"<row r="2">{}</row>"#, inline("AAAA2", "x")),
        ),
        (
            "A1048577",
            format!(r#"<row r="3">{}</row>"#, inline("A1048577", "x")),
        ),
        (
            "A12345678",
            format!(r#"<row r="2">{}</row>"#, inline("A12345678", "x")),
        ),
        ("A0", format!(r#"<row r="2">{}</row>"#, inline("A0", "x"))),
        ("B-2", format!(r#"<row r="2">{}</row>"#, inline("B-2", "x"))),
        (
            "4294967299",
            format!(r#"<row r="4294967299">{}</row>"#, inline("A3", "x")),
        ),
        (
            "1048577",
            r#"<row r="1048577"><c><v>1</v></c></row>"#.to_owned(),
        ),
    ];
    for (reference, rows) in cases {
        let bytes = sheet_of(&format!("{header}{good}{rows}"));
        for preview in [false, true] {
            let got = if preview {
                ingest::preview(&bytes, &opts(), 20).map(|_| ())
            } else {
                ingest::read(&bytes, &opts()).map(|_| ())
            };
            let e = got.unwrap_err();
            assert_eq!(e.code().as_str(), "bad-cell-reference", "{reference}: {e}");
            assert_eq!(e.problems()[0].field.as_deref(), Some("sheet"));
            assert!(e.message().contains("Cases"), "{e}");
            assert!(e.message().contains(reference), "{reference}: {e}");
        }
    }
    // The last cell Excel has, and lower-case letters, are cells.
    let last = format!(
        r#"{header}{good}<row r="1048576">{}<c r="b1048576" t="inlineStr"><is><t>East</t></is></c></row>"#,
        inline("A1048576", "C2")
    );
    let got = ingest::read(&sheet_of(&last), &opts()).unwrap();
    assert_eq!(got.table.record(1).collect::<Vec<_>>(), ["C2", "East"]);
    assert_eq!(got.table.line(1), 1_048_576);
    let far = format!(r#"<row r="1">{}</row>"#, inline("XFD1", "x"));
    assert_eq!(
        ingest::read(&sheet_of(&far), &opts())
            .unwrap()
            .table
            .columns(),
        ["x"]
    );
}

/// Counts and ranges the file states cannot make ingest reserve or overflow: a shared
/// strings count of four billion, a dimension written backwards or beyond the sheet.
#[test]
fn stated_counts_and_dimensions_reserve_nothing() {
    let rows = format!(
        r#"<row r="1">{}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>"#,
        inline("A1", "ID")
    );
    let strings = stored(
        "xl/sharedStrings.xml",
        &format!(
            r#"<sst xmlns="{MAIN}" count="4000000000" uniqueCount="4000000000"><si><t>C1</t></si></sst>"#
        ),
    );
    let sheet = stored(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<worksheet xmlns="{MAIN}"><dimension ref="B5:A1"/><sheetData>{rows}{SHEET_TAIL}"#
        ),
    );
    let got = bounded("uniqueCount 4e9", 16 * MIB, || {
        ingest::read(&workbook(sheet, Some(strings)), &opts())
    })
    .unwrap();
    assert_eq!(got.table.cell(0, 0), "C1");
    let beyond = stored(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<worksheet xmlns="{MAIN}"><dimension ref="A1:ZZZZ99999999"/><sheetData>{rows}{SHEET_TAIL}"#
        ),
    );
    let strings = stored(
        "xl/sharedStrings.xml",
        &format!(r#"<sst xmlns="{MAIN}"><si><t>C1</t></si></sst>"#),
    );
    let got = ingest::read(&workbook(beyond, Some(strings)), &opts()).unwrap();
    assert_eq!(got.table.cell(0, 0), "C1");
}

/// A shared string repeated in every cell of a row can make a row, and rows a table,
/// far larger than the file: the row and table limits stop both.
#[test]
fn shared_text_repeated_is_stopped_by_the_row_and_table_limits() {
    let strings = || {
        stored(
            "xl/sharedStrings.xml",
            &format!(
                r#"<sst xmlns="{MAIN}"><si><t>{}</t></si><si><t>ID</t></si></sst>"#,
                "s".repeat(3 * MIB)
            ),
        )
    };
    let cell = |at: &str| format!(r#"<c r="{at}" t="s"><v>0</v></c>"#);
    // Six cells of 3 MiB: a row of 18 MiB.
    let wide: String = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|c| cell(&format!("{c}2")))
        .collect();
    let rows = format!(r#"<row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="2">{wide}</row>"#);
    let sheet = stored(
        "xl/worksheets/sheet1.xml",
        &format!("{}{rows}{SHEET_TAIL}", sheet_head()),
    );
    let got = bounded("a row of 18 MiB", 128 * MIB, || {
        ingest::read(&workbook(sheet, Some(strings())), &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "row-too-large", "{e}");
    assert!(e.message().contains("row 2"), "{e}");
    // Four cells of 3 MiB in each of 50 rows: a table of over 512 MiB.
    let mut rows =
        r#"<row r="1"><c r="A1" t="s"><v>1</v></c><c r="D1" t="s"><v>1</v></c></row>"#.to_owned();
    for r in 2..=51 {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in ["A", "B", "C", "D"] {
            rows.push_str(&cell(&format!("{c}{r}")));
        }
        rows.push_str("</row>");
    }
    let sheet = stored(
        "xl/worksheets/sheet1.xml",
        &format!("{}{rows}{SHEET_TAIL}", sheet_head()),
    );
    let got = bounded("a table of over 512 MiB", 1024 * MIB, || {
        ingest::read(&workbook(sheet, Some(strings())), &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "table-too-large", "{e}");
}

/// A CSV cell over the cell limit (here a quote that never closes) or a row over the row
/// limit is refused, naming its line.
#[test]
fn csv_cells_and_rows_past_their_limits_are_refused() {
    let mut open_quote = b"ID,Note\nA1,ok\nA2,\"".to_vec();
    open_quote.resize(open_quote.len() + 5 * MIB, b'q');
    open_quote.extend_from_slice(b"\nA3,x\n");
    let got = bounded("an unclosed quote of 5 MiB", 64 * MIB, || {
        ingest::read(&open_quote, &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "cell-too-large", "{e}");
    assert!(e.message().starts_with("line 3:"), "{e}");
    // Under the limit, an unclosed quote is still an excluded row.
    let mut short = b"ID,Note\nA1,ok\nA2,\"".to_vec();
    short.resize(short.len() + MIB, b'q');
    let got = ingest::read(&short, &opts()).unwrap();
    assert_eq!(got.excluded[0].code.as_str(), "unclosed-quote");
    // Cells of 3 MiB, six to a row: 18 MiB.
    let cell = "w".repeat(3 * MIB);
    let mut wide = b"a,b,c,d,e,f\n".to_vec();
    wide.extend(vec![cell; 6].join(",").into_bytes());
    wide.push(b'\n');
    let got = bounded("a CSV row of 18 MiB", 128 * MIB, || {
        ingest::read(&wide, &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "row-too-large", "{e}");
    assert!(e.message().starts_with("line 2:"), "{e}");
}

/// An OLE compound file (an old `.xls`, or a password-protected workbook) of 512-byte
/// sectors: its header fields, then its sectors (sector 0 holds the FAT).
fn ole(fat_len: u32, dir_start: u32, difat_start: u32, sectors: &[Vec<u32>]) -> Vec<u8> {
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    h[26..28].copy_from_slice(&3u16.to_le_bytes());
    h[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[30..32].copy_from_slice(&9u16.to_le_bytes());
    h[32..34].copy_from_slice(&6u16.to_le_bytes());
    h[44..48].copy_from_slice(&fat_len.to_le_bytes());
    h[48..52].copy_from_slice(&dir_start.to_le_bytes());
    h[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    h[68..72].copy_from_slice(&difat_start.to_le_bytes());
    // The DIFAT in the header: the FAT is sector 0, the other entries free.
    for (i, at) in (76..512).step_by(4).enumerate() {
        let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        h[at..at + 4].copy_from_slice(&id.to_le_bytes());
    }
    for s in sectors {
        let mut bytes: Vec<u8> = s.iter().flat_map(|v| v.to_le_bytes()).collect();
        bytes.resize(bytes.len().next_multiple_of(4).max(4), 0);
        h.extend(bytes);
    }
    h
}

/// A FAT sector: these entries, the rest free.
fn fat(entries: &[u32]) -> Vec<u32> {
    let mut f = vec![0xFFFF_FFFF; 128];
    f[..entries.len()].copy_from_slice(entries);
    f
}

/// Damaged OLE files (calamine reads one for every workbook to find a password) are
/// refused as old or protected workbooks, never a hang, a huge reservation or a panic.
#[test]
fn damaged_ole_files_are_refused_not_a_hang_or_a_panic() {
    const END: u32 = 0xFFFF_FFFE;
    let mut many = vec![fat(&[150])];
    many.extend((1..200).map(|_| vec![0u32; 128]));
    let cases = [
        // A FAT of four billion entries, and a directory chain that loops on itself.
        ("a looping chain", ole(u32::MAX, 0, END, &[fat(&[0])])),
        // A chain to sector 150, past the FAT's 128 entries.
        ("a chain past the FAT", ole(1, 0, END, &many)),
        // A directory sector cut off after 64 bytes.
        (
            "a cut-off directory",
            ole(1, 1, END, &[fat(&[END, END]), vec![0u32; 16]]),
        ),
        // A DIFAT chain that loops on itself.
        ("a looping DIFAT", ole(1, 0, 0, &[vec![0u32; 128]])),
    ];
    for (name, bytes) in cases {
        let got = bounded(&format!("OLE: {name}"), 16 * MIB, || {
            ingest::read(&bytes, &opts())
        });
        assert_eq!(code(&got), "unsupported-format", "{name}");
    }
}

/// Every excluded row is listed, so a file of a million one-cell lines under a header of
/// two columns would list a million problems: past the list's limit it is refused, while
/// 100,000 excluded rows are still all listed.
#[test]
fn a_list_of_excluded_rows_is_bounded() {
    let lines = |n: usize| {
        let mut csv = b"ID,Team\n".to_vec();
        for _ in 0..n {
            csv.extend_from_slice(b"x\n");
        }
        csv
    };
    let many = lines(1_000_000);
    let got = bounded("a million short rows", 128 * MIB, || {
        ingest::read(&many, &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "too-many-excluded-rows", "{e}");
    let some = lines(100_000);
    let got = bounded("100,000 short rows", 64 * MIB, || {
        ingest::read(&some, &opts())
    })
    .unwrap();
    assert_eq!(got.excluded.len(), 100_000);
    assert!(got.table.is_empty());
}

/// One cell given again and again in a row (a later one wins) cannot grow the row past
/// Excel's columns.
#[test]
fn a_cell_repeated_past_the_columns_is_too_many_columns() {
    let mut rows = format!(r#"<row r="1">{}</row><row r="2">"#, inline("A1", "ID"));
    for _ in 0..=MAX_COLUMNS {
        rows.push_str(r#"<c r="A2"><v>1</v></c>"#);
    }
    rows.push_str("</row>");
    let bytes = sheet_of(&rows);
    let got = bounded("a cell repeated 16,385 times", 16 * MIB, || {
        ingest::read(&bytes, &opts())
    });
    let e = got.unwrap_err();
    assert_eq!(e.code().as_str(), "too-many-columns", "{e}");
    assert!(e.message().contains("row 2"), "{e}");
    // Repeated fewer times, the last one wins, as before.
    let twice = format!(
        r#"<row r="1">{}</row><row r="2">{}{}</row>"#,
        inline("A1", "ID"),
        inline("A2", "old"),
        inline("A2", "new")
    );
    let got = ingest::read(&sheet_of(&twice), &opts()).unwrap();
    assert_eq!(got.table.cell(0, 0), "new");
}
