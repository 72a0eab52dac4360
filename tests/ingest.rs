//! Ingest: CSV files and `.xlsx` workbooks into tables, one named case per row (encodings,
//! delimiters, line ends, quotes, blank rows, headers, ragged rows, sheets, bad files),
//! previews, and seeded properties: what a CSV writer writes reads back the same, line
//! numbers included, and no input makes ingest panic.
//!
//! Workbooks are built here as minimal SpreadsheetML in a stored zip; `tests/fixtures/`
//! holds three made by other programs (see its README).

#[path = "common/zip.rs"]
mod zip_writer;

use deepdive::ingest::{self, Format, Ingested, Options, RowProblem};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

// ---------------------------------------------------------------------------------------
// Helpers

/// A compact view of a result: the facts a case checks.
#[derive(Debug, PartialEq)]
struct View {
    encoding: &'static str,
    delimiter: Option<char>,
    header_line: Option<u32>,
    columns: Vec<String>,
    rows: Vec<(u32, Vec<String>)>,
    excluded: Vec<(Option<u32>, Option<u32>, &'static str)>,
    problems: Vec<(Option<u32>, Option<u32>, &'static str)>,
    blank_rows: u64,
}

fn brief(p: &[RowProblem]) -> Vec<(Option<u32>, Option<u32>, &'static str)> {
    p.iter()
        .map(|p| (p.line, p.column, p.code.as_str()))
        .collect()
}

fn view_of(got: &Ingested) -> View {
    View {
        encoding: got.source.encoding.as_str(),
        delimiter: got.source.delimiter.map(char::from),
        header_line: got.source.header_line,
        columns: got.table.columns().to_vec(),
        rows: (0..got.table.len())
            .map(|i| {
                let cells = got.table.record(i).map(str::to_owned).collect();
                (got.table.line(i), cells)
            })
            .collect(),
        excluded: brief(&got.excluded),
        problems: brief(&got.problems),
        blank_rows: got.blank_rows,
    }
}

type Brief<'a> = &'a [(Option<u32>, Option<u32>, &'static str)];

/// The expected view, written compactly.
#[allow(clippy::too_many_arguments)]
fn view(
    encoding: &'static str,
    delimiter: Option<char>,
    header_line: Option<u32>,
    columns: &[&str],
    rows: &[(u32, &[&str])],
    excluded: Brief<'_>,
    problems: Brief<'_>,
    blank_rows: u64,
) -> View {
    View {
        encoding,
        delimiter,
        header_line,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: rows
            .iter()
            .map(|(l, cells)| (*l, cells.iter().map(|c| c.to_string()).collect()))
            .collect(),
        excluded: excluded.to_vec(),
        problems: problems.to_vec(),
        blank_rows,
    }
}

fn opts() -> Options {
    Options::default()
}

fn delimited(d: u8) -> Options {
    Options {
        delimiter: Some(d),
        ..Options::default()
    }
}

fn header(has: bool) -> Options {
    Options {
        has_header: Some(has),
        ..Options::default()
    }
}

fn sheet(name: &str) -> Options {
    Options {
        sheet: Some(name.to_owned()),
        ..Options::default()
    }
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend(u.to_le_bytes());
    }
    b
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

/// A zip archive of stored (uncompressed) files.
fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    zip_writer::stored_zip(&files)
}

fn column_letters(mut i: usize) -> String {
    let mut s = Vec::new();
    i += 1;
    while i > 0 {
        s.push(b'A' + ((i - 1) % 26) as u8);
        i = (i - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A sheet for [`workbook`]: rows by number (from 1), cells from column A. A cell is
/// `n:12` (number), `d:40179` (date-formatted number), `b:1` (boolean), `e:#N/A`
/// (error), `s:text` (shared string), `f:2` (a formula whose value is 2), `x:` (a
/// formatted cell with no value), plain text (inline string), or empty (no cell).
struct Sheet<'a> {
    name: &'a str,
    hidden: bool,
    rows: &'a [(u32, &'a [&'a str])],
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A minimal `.xlsx` workbook.
fn workbook(sheets: &[Sheet<'_>]) -> Vec<u8> {
    let mut shared: Vec<String> = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut entries = String::new();
    let mut rels = String::new();
    for (k, s) in sheets.iter().enumerate() {
        let n = k + 1;
        let state = if s.hidden { r#" state="hidden""# } else { "" };
        entries.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}"{state} r:id="rId{n}"/>"#,
            escape(s.name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        let mut data = String::new();
        for (r, cells) in s.rows {
            data.push_str(&format!(r#"<row r="{r}">"#));
            for (i, cell) in cells.iter().enumerate() {
                let at = format!("{}{r}", column_letters(i));
                let c = match cell.split_once(':') {
                    _ if cell.is_empty() => continue,
                    Some(("n", v)) => format!(r#"<c r="{at}"><v>{v}</v></c>"#),
                    Some(("d", v)) => format!(r#"<c r="{at}" s="1"><v>{v}</v></c>"#),
                    Some(("b", v)) => format!(r#"<c r="{at}" t="b"><v>{v}</v></c>"#),
                    Some(("e", v)) => format!(r#"<c r="{at}" t="e"><v>{v}</v></c>"#),
                    Some(("f", v)) => format!(r#"<c r="{at}"><f>1+1</f><v>{v}</v></c>"#),
                    Some(("x", _)) => format!(r#"<c r="{at}" s="1"/>"#),
                    Some(("s", v)) => {
                        shared.push(v.to_owned());
                        format!(r#"<c r="{at}" t="s"><v>{}</v></c>"#, shared.len() - 1)
                    }
                    _ => format!(
                        r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                        escape(cell)
                    ),
                };
                data.push_str(&c);
            }
            data.push_str("</row>");
        }
        files.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>"#),
        ));
    }
    let strings: String = shared
        .iter()
        .map(|s| format!(r#"<si><t xml:space="preserve">{}</t></si>"#, escape(s)))
        .collect();
    let mut all = vec![
        (
            "[Content_Types].xml".to_owned(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_owned(),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="{RELS}/styles" Target="styles.xml"/></Relationships>"#),
        ),
        (
            "xl/styles.xml".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#),
        ),
        (
            "xl/sharedStrings.xml".to_owned(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{0}" uniqueCount="{0}">{strings}</sst>"#, shared.len()),
        ),
    ];
    all.extend(files);
    let refs: Vec<(&str, &str)> = all.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    zip(&refs)
}

/// A workbook of one sheet whose `sheetData` is given as it is (and may be broken).
fn raw_workbook(sheet_data: &str) -> Vec<u8> {
    let workbook = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = format!(r#"<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}"#);
    zip(&[
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", &rels),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

/// A workbook of one visible sheet.
fn one_sheet(rows: &[(u32, &[&str])]) -> Vec<u8> {
    workbook(&[Sheet {
        name: "Sheet1",
        hidden: false,
        rows,
    }])
}

/// Three sheets, the first hidden.
fn three_sheets() -> Vec<u8> {
    workbook(&[
        Sheet {
            name: "Read me",
            hidden: true,
            rows: &[(1, &["Synthetic data"])],
        },
        Sheet {
            name: "1 Contacts",
            hidden: false,
            rows: &[(1, &["ID", "Gender"]), (2, &["C1", "a) Male"])],
        },
        Sheet {
            name: "3 Referrals",
            hidden: false,
            rows: &[(1, &["ID", "Source"]), (2, &["R1", "4) Police"])],
        },
    ])
}

// ---------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_files_read_as_expected() {
    let ragged_left = {
        let mut s = String::from(",ID,Name\n");
        for i in 1..=10 {
            s.push_str(&format!(",A{i},N{i}\n"));
        }
        s.push_str("x,A11,N11\n");
        s
    };
    let cases: Vec<(&str, Vec<u8>, Options, View)> = vec![
        (
            "utf-8, LF",
            b"ID,Name\nA1,Jo\nA2,Al\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Name"], &[(2, &["A1", "Jo"]), (3, &["A2", "Al"])], &[], &[], 0),
        ),
        (
            "utf-8 with a BOM, CRLF",
            "\u{FEFF}ID,Name\r\nA1,Zoë\r\n".as_bytes().to_vec(),
            opts(),
            view("utf-8-bom", Some(','), Some(1), &["ID", "Name"], &[(2, &["A1", "Zoë"])], &[], &[], 0),
        ),
        (
            "quoted header after a BOM",
            "\u{FEFF}\"ID\",\"Name\"\n\"A1\",\"Jo\"\n".as_bytes().to_vec(),
            opts(),
            view("utf-8-bom", Some(','), Some(1), &["ID", "Name"], &[(2, &["A1", "Jo"])], &[], &[], 0),
        ),
        (
            "windows-1252: pound, e-acute, euro, curly quote",
            b"ID,Note\r\nA1,\xA35 caf\xE9\r\nA2,\x80 \x92ok\x92\r\n".to_vec(),
            opts(),
            view("windows-1252", Some(','), Some(1), &["ID", "Note"], &[(2, &["A1", "£5 café"]), (3, &["A2", "€ ’ok’"])], &[], &[], 0),
        ),
        (
            "windows-1252: undefined bytes",
            b"ID,Note\nA1,a\x81b\nA2,\xE9\x9D\n".to_vec(),
            opts(),
            view(
                "windows-1252",
                Some(','),
                Some(1),
                &["ID", "Note"],
                &[(2, &["A1", "a\u{FFFD}b"]), (3, &["A2", "é\u{FFFD}"])],
                &[],
                &[(Some(2), Some(2), "undecodable-byte"), (Some(3), Some(2), "undecodable-byte")],
                0,
            ),
        ),
        (
            "utf-8 with one damaged byte",
            [&b"ID,Name\nA1,Zo\xC3\xAB\nA2,Ch\xC3\xA9\xFF\n"[..]].concat(),
            opts(),
            view(
                "utf-8",
                Some(','),
                Some(1),
                &["ID", "Name"],
                &[(2, &["A1", "Zoë"]), (3, &["A2", "Ché\u{FFFD}"])],
                &[],
                &[(Some(3), Some(2), "undecodable-byte")],
                0,
            ),
        ),
        (
            "utf-16le, tab (Excel's Unicode Text)",
            utf16le("ID\tName\r\nA1\tZoë\r\n"),
            opts(),
            view("utf-16le", Some('\t'), Some(1), &["ID", "Name"], &[(2, &["A1", "Zoë"])], &[], &[], 0),
        ),
        (
            "semicolon detected",
            b"ID;Name;Age,x\nA1;Jo;5,y\n".to_vec(),
            opts(),
            view("utf-8", Some(';'), Some(1), &["ID", "Name", "Age,x"], &[(2, &["A1", "Jo", "5,y"])], &[], &[], 0),
        ),
        (
            "comma forced over a detected semicolon",
            b"ID;Name;Age,x\nA1;Jo;5,y\n".to_vec(),
            delimited(b','),
            view("utf-8", Some(','), Some(1), &["ID;Name;Age", "x"], &[(2, &["A1;Jo;5", "y"])], &[], &[], 0),
        ),
        (
            "tab detected over commas in names",
            b"ID\tName\nA1\tSmith, Jo\nA2\tLee, Al\n".to_vec(),
            opts(),
            view("utf-8", Some('\t'), Some(1), &["ID", "Name"], &[(2, &["A1", "Smith, Jo"]), (3, &["A2", "Lee, Al"])], &[], &[], 0),
        ),
        (
            "bar detected",
            b"ID|Name\nA1|Jo\n".to_vec(),
            opts(),
            view("utf-8", Some('|'), Some(1), &["ID", "Name"], &[(2, &["A1", "Jo"])], &[], &[], 0),
        ),
        (
            "tab forced on a comma file",
            b"ID,Name\tX\nA1,Jo\tY\n".to_vec(),
            delimited(b'\t'),
            view("utf-8", Some('\t'), Some(1), &["ID,Name", "X"], &[(2, &["A1,Jo", "Y"])], &[], &[], 0),
        ),
        (
            "CR line ends",
            b"ID,Name\rA1,Jo\rA2,Al\r".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Name"], &[(2, &["A1", "Jo"]), (3, &["A2", "Al"])], &[], &[], 0),
        ),
        (
            "mixed line ends, no final one",
            b"ID,Name\r\nA1,Jo\nA2,Al\rA3,Bo".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Name"], &[(2, &["A1", "Jo"]), (3, &["A2", "Al"]), (4, &["A3", "Bo"])], &[], &[], 0),
        ),
        (
            "quotes: commas, doubled quotes, line breaks, and lines after them",
            b"ID,Note,Team\r\nA1,\"Smith, Jo\",T1\r\nA2,\"He said \"\"no\"\"\",T2\r\nA3,\"one\r\ntwo\nthree\",T3\r\nA4,x,T4\r\n".to_vec(),
            opts(),
            view(
                "utf-8",
                Some(','),
                Some(1),
                &["ID", "Note", "Team"],
                &[
                    (2, &["A1", "Smith, Jo", "T1"]),
                    (3, &["A2", "He said \"no\"", "T2"]),
                    (4, &["A3", "one\r\ntwo\nthree", "T3"]),
                    (7, &["A4", "x", "T4"]),
                ],
                &[],
                &[],
                0,
            ),
        ),
        (
            "line breaks in quotes with CR line ends",
            b"ID,Note\rA1,\"one\rtwo\"\rA2,x\r".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Note"], &[(2, &["A1", "one\rtwo"]), (4, &["A2", "x"])], &[], &[], 0),
        ),
        (
            "blank lines and trailing blank rows",
            b"ID,Name\n\nA1,Jo\n  \nA2,Al\n,\n,,\n\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Name"], &[(3, &["A1", "Jo"]), (5, &["A2", "Al"])], &[], &[], 5),
        ),
        (
            "blank lines before the header",
            b"\r\n\r\nID,Name\r\nA1,Jo\r\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(3), &["ID", "Name"], &[(4, &["A1", "Jo"])], &[], &[], 2),
        ),
        (
            "no header detected: dates in the first row",
            b"A1,01/02/2010\nA2,03/04/2011\n".to_vec(),
            opts(),
            view("utf-8", Some(','), None, &["Column 1", "Column 2"], &[(1, &["A1", "01/02/2010"]), (2, &["A2", "03/04/2011"])], &[], &[], 0),
        ),
        (
            "header forced off",
            b"ID,Name\nA1,Jo\n".to_vec(),
            header(false),
            view("utf-8", Some(','), None, &["Column 1", "Column 2"], &[(1, &["ID", "Name"]), (2, &["A1", "Jo"])], &[], &[], 0),
        ),
        (
            "header forced on",
            b"1,2\n3,4\n".to_vec(),
            header(true),
            view("utf-8", Some(','), Some(1), &["1", "2"], &[(2, &["3", "4"])], &[], &[], 0),
        ),
        (
            "title row and a blank row above the header",
            b"Annex A List 3: Referrals,,,\r\n,,,\r\nChild Unique ID,Gender,Date of Birth,Age\r\nDD1,a) Male,01/02/2010,5\r\n".to_vec(),
            opts(),
            view(
                "utf-8",
                Some(','),
                Some(3),
                &["Child Unique ID", "Gender", "Date of Birth", "Age"],
                &[(4, &["DD1", "a) Male", "01/02/2010", "5"])],
                &[],
                &[(Some(1), None, "row-above-header")],
                1,
            ),
        ),
        (
            "ragged rows: short, long, and long with blank cells",
            b"ID,Name,Age\nA1,Jo,5\nA2,Al\nA3,Bo,6,extra\nA4,Cy,7,,\n".to_vec(),
            opts(),
            view(
                "utf-8",
                Some(','),
                Some(1),
                &["ID", "Name", "Age"],
                &[(2, &["A1", "Jo", "5"]), (5, &["A4", "Cy", "7"])],
                &[(Some(3), Some(3), "ragged-row"), (Some(4), Some(4), "ragged-row")],
                &[],
                0,
            ),
        ),
        (
            "a quote that never closes",
            b"ID,Note\nA1,ok\nA2,\"never closed\nA3,x\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Note"], &[(2, &["A1", "ok"])], &[(Some(3), Some(2), "unclosed-quote")], &[], 0),
        ),
        (
            "blank and repeated column names",
            b"ID,,Name,name\nA1,x,Jo,J\n".to_vec(),
            header(true),
            view(
                "utf-8",
                Some(','),
                Some(1),
                &["ID", "Column 2", "Name", "name (2)"],
                &[(2, &["A1", "x", "Jo", "J"])],
                &[],
                &[(Some(1), Some(2), "blank-column-name"), (Some(1), Some(4), "duplicate-column-name")],
                0,
            ),
        ),
        (
            "one column, no delimiter",
            b"Child Unique ID\nA1\nA2\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["Child Unique ID"], &[(2, &["A1"]), (3, &["A2"])], &[], &[(None, None, "one-column")], 0),
        ),
        (
            "a header and no data",
            b"ID,Name\r\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Name"], &[], &[], &[(None, None, "no-data-rows")], 0),
        ),
        (
            "cells kept exactly: spaces, codes, serial dates",
            b"ID,Gender,DOB\n A1 ,a) Male,40179\n".to_vec(),
            opts(),
            view("utf-8", Some(','), Some(1), &["ID", "Gender", "DOB"], &[(2, &[" A1 ", "a) Male", "40179"])], &[], &[], 0),
        ),
    ];
    let mut cases = cases;
    cases.push((
        "a table that starts in column B, and a value left of it",
        ragged_left.into_bytes(),
        opts(),
        View {
            encoding: "utf-8",
            delimiter: Some(','),
            header_line: Some(1),
            columns: vec!["ID".into(), "Name".into()],
            rows: (1..=10)
                .map(|i| (i + 1, vec![format!("A{i}"), format!("N{i}")]))
                .collect(),
            excluded: vec![(Some(12), Some(1), "ragged-row")],
            problems: vec![],
            blank_rows: 0,
        },
    ));
    for (name, bytes, opts, expected) in cases {
        let got = ingest::read(&bytes, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(view_of(&got), expected, "{name}");
        assert_eq!(got.source.format, Format::Csv, "{name}");
        let total = got.table.len() + got.excluded.len();
        assert_eq!(total as u64, got.rows_read, "{name}");
    }
}

#[test]
fn a_csv_of_exactly_excels_row_limit_is_flagged() {
    let cases = [
        ("at the limit", 1_048_576, true),
        ("one short", 1_048_575, false),
    ];
    for (name, records, flagged) in cases {
        let mut text = String::from("ID,N\n");
        text.push_str(&"A,1\n".repeat(records - 1));
        let got = ingest::read(text.as_bytes(), &opts()).unwrap();
        let codes: Vec<&str> = got.problems.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.contains(&"row-limit"), flagged, "{name}");
        assert_eq!(got.table.len(), records - 1, "{name}");
    }
}

#[test]
fn warnings_past_a_thousand_are_counted_not_listed() {
    let mut bytes = b"ID,Note\n".to_vec();
    for _ in 0..1500 {
        bytes.extend(b"A,\x81\n");
    }
    let got = ingest::read(&bytes, &opts()).unwrap();
    assert_eq!(got.table.len(), 1500);
    assert_eq!(got.problems.len(), 1001);
    let last = got.problems.last().unwrap();
    assert_eq!((last.line, last.code.as_str()), (None, "undecodable-byte"));
    assert!(last.message.contains("500 more"), "{}", last.message);
}

#[test]
fn excluded_rows_are_counted_by_reason() {
    let got = ingest::read(b"ID,N\nA\nB,1\nC,1,2\nD\n\"E", &opts()).unwrap();
    let counts: Vec<(&str, u64)> = got
        .excluded_counts()
        .into_iter()
        .map(|(c, n)| (c.as_str(), n))
        .collect();
    assert_eq!(counts, [("ragged-row", 3), ("unclosed-quote", 1)]);
    assert_eq!(got.rows_read, 5);
}

// ---------------------------------------------------------------------------------------
// Workbooks

#[cfg(feature = "xlsx")]
#[test]
fn workbooks_read_as_expected() {
    let cells = one_sheet(&[
        (
            1,
            &["ID", "Number", "Date", "Flag", "Error", "Shared", "Formula"],
        ),
        (
            2,
            &["A1", "n:12", "d:40179", "b:1", "e:#N/A", "s:a) Male", "f:2"],
        ),
        (
            3,
            &[
                "A2",
                "n:15.5",
                "d:40179.75",
                "b:0",
                "",
                "s:a) Male",
                "f:2.5",
            ],
        ),
        (4, &["A3", "n:1234567890123", "n:40179", "", "", "", ""]),
    ]);
    let titled = one_sheet(&[
        (1, &["Annex A List 1: Contacts"]),
        (3, &["Child Unique ID", "Gender"]),
        (4, &["DD1", "a) Male"]),
        (6, &["DD2", "b) Female"]),
        (9, &["x:", "x:"]),
    ]);
    let offset = one_sheet(&[
        (2, &["", "ID", "Name"]),
        (3, &["", "A1", "Jo", "", "stray"]),
        (4, &["", "A2", "Al"]),
    ]);
    let cases: Vec<(&str, Vec<u8>, Options, &str, View)> = vec![
        (
            "the first visible sheet by default",
            three_sheets(),
            opts(),
            "1 Contacts",
            view(
                "utf-8",
                None,
                Some(1),
                &["ID", "Gender"],
                &[(2, &["C1", "a) Male"])],
                &[],
                &[],
                0,
            ),
        ),
        (
            "a sheet by name",
            three_sheets(),
            sheet("3 Referrals"),
            "3 Referrals",
            view(
                "utf-8",
                None,
                Some(1),
                &["ID", "Source"],
                &[(2, &["R1", "4) Police"])],
                &[],
                &[],
                0,
            ),
        ),
        (
            "a sheet by name, ignoring case and spaces",
            three_sheets(),
            sheet(" 3 REFERRALS "),
            "3 Referrals",
            view(
                "utf-8",
                None,
                Some(1),
                &["ID", "Source"],
                &[(2, &["R1", "4) Police"])],
                &[],
                &[],
                0,
            ),
        ),
        (
            "a hidden sheet by name",
            three_sheets(),
            sheet("Read me"),
            "Read me",
            view(
                "utf-8",
                None,
                Some(1),
                &["Synthetic data"],
                &[],
                &[],
                &[(None, None, "no-data-rows")],
                0,
            ),
        ),
        (
            "cells as Excel shows them",
            cells,
            opts(),
            "Sheet1",
            view(
                "utf-8",
                None,
                Some(1),
                &["ID", "Number", "Date", "Flag", "Error", "Shared", "Formula"],
                &[
                    (
                        2,
                        &["A1", "12", "01/01/2010", "TRUE", "#N/A", "a) Male", "2"],
                    ),
                    (
                        3,
                        &[
                            "A2",
                            "15.5",
                            "01/01/2010 18:00",
                            "FALSE",
                            "",
                            "a) Male",
                            "2.5",
                        ],
                    ),
                    (4, &["A3", "1234567890123", "40179", "", "", "", ""]),
                ],
                &[],
                &[],
                0,
            ),
        ),
        (
            "a title row, gaps and trailing blank rows",
            titled,
            opts(),
            "Sheet1",
            view(
                "utf-8",
                None,
                Some(3),
                &["Child Unique ID", "Gender"],
                &[(4, &["DD1", "a) Male"]), (6, &["DD2", "b) Female"])],
                &[],
                &[(Some(1), None, "row-above-header")],
                5,
            ),
        ),
        (
            "a table from column B, a stray value beyond it",
            offset,
            opts(),
            "Sheet1",
            view(
                "utf-8",
                None,
                Some(2),
                &["ID", "Name"],
                &[(4, &["A2", "Al"])],
                &[(Some(3), Some(5), "ragged-row")],
                &[],
                1,
            ),
        ),
        (
            "header forced off",
            three_sheets(),
            Options {
                has_header: Some(false),
                ..sheet("1 Contacts")
            },
            "1 Contacts",
            view(
                "utf-8",
                None,
                None,
                &["Column 1", "Column 2"],
                &[(1, &["ID", "Gender"]), (2, &["C1", "a) Male"])],
                &[],
                &[],
                0,
            ),
        ),
        (
            "a workbook made by openpyxl: merged title, dates, a stray cell",
            fixture("annex-a.xlsx"),
            opts(),
            "1 Contacts",
            view(
                "utf-8",
                None,
                Some(2),
                &[
                    "Child Unique ID",
                    "Gender",
                    "Date of Birth",
                    "Age of Child (Years)",
                    "Date of Contact",
                ],
                &[
                    (
                        3,
                        &["DD001", "a) Male", "01/02/2010", "5", "01/09/2015 09:30"],
                    ),
                    (
                        4,
                        &["DD002", "b) Female", "31/12/2003", "11.5", "02/09/2015"],
                    ),
                    (5, &["12345678901234", "c) Unknown", "40179", "0", ""]),
                ],
                &[(Some(7), Some(6), "ragged-row")],
                &[(Some(1), None, "row-above-header")],
                6,
            ),
        ),
        (
            "the same workbook's second sheet: a line break in a cell",
            fixture("annex-a.xlsx"),
            sheet("3 Referrals"),
            "3 Referrals",
            view(
                "utf-8",
                None,
                Some(1),
                &["Child Unique ID", "Referral Source", "Note"],
                &[
                    (2, &["DD001", "4) Police", "Line one\nline two"]),
                    (3, &["DD005", "3A) Health services: GP", ""]),
                ],
                &[],
                &[],
                0,
            ),
        ),
    ];
    for (name, bytes, opts, sheet, expected) in cases {
        let got = ingest::read(&bytes, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(view_of(&got), expected, "{name}");
        assert_eq!(got.source.format, Format::Xlsx, "{name}");
        assert_eq!(got.source.sheet.as_deref(), Some(sheet), "{name}");
        assert!(
            got.excluded
                .iter()
                .chain(&got.problems)
                .all(|p| p.sheet.as_deref() == Some(sheet)),
            "{name}"
        );
    }
    let got = ingest::read(&three_sheets(), &opts()).unwrap();
    assert_eq!(got.source.sheets, ["Read me", "1 Contacts", "3 Referrals"]);
}

#[cfg(feature = "xlsx")]
#[test]
fn a_sheet_reaching_excels_last_row_is_flagged() {
    let got = ingest::read(
        &one_sheet(&[(1, &["ID"]), (2, &["A"]), (1_048_576, &["Z"])]),
        &opts(),
    )
    .unwrap();
    assert_eq!(brief(&got.problems), [(None, None, "row-limit")]);
    assert_eq!(got.table.len(), 2);
    assert_eq!(got.table.line(1), 1_048_576);
    assert_eq!(got.blank_rows, 1_048_573);
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read

#[test]
fn bad_files_and_options_are_refused_clearly() {
    let xlsb = zip(&[
        ("xl/workbook.bin", "x"),
        ("[Content_Types].xml", "<Types/>"),
    ]);
    let ods = zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", "<x/>"),
    ]);
    let plain_zip = zip(&[("notes.txt", "hello")]);
    let good = one_sheet(&[(1, &["ID"]), (2, &["A1"])]);
    let truncated = good[..good.len() / 2].to_vec();
    let bad_xml = raw_workbook(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c></row><row r="2"><c r="A2""#,
    );
    let far = raw_workbook(r#"<row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>"#);
    let out_of_order = one_sheet(&[(2, &["ID"]), (1, &["A"])]);
    let empty_sheet = workbook(&[
        Sheet {
            name: "Empty",
            hidden: false,
            rows: &[],
        },
        Sheet {
            name: "Full",
            hidden: false,
            rows: &[(1, &["ID"])],
        },
    ]);
    // What a case needs: workbooks are refused whole without the `xlsx` feature.
    #[derive(Clone, Copy)]
    enum Needs {
        Csv,
        Zip,
        Ole,
    }
    use Needs::*;
    // Name, bytes, options, the error's code and the field it names, and what it needs.
    type Case<'a> = (&'a str, Vec<u8>, Options, &'a str, Option<&'a str>, Needs);
    let cases: Vec<Case<'_>> = vec![
        ("an empty file", vec![], opts(), "empty-file", None, Csv),
        ("only a byte-order mark", b"\xEF\xBB\xBF".to_vec(), opts(), "empty-file", None, Csv),
        ("only blank lines and rows", b"\r\n\r\n  \n,,\n".to_vec(), opts(), "empty-file", None, Csv),
        ("NUL bytes", b"ID,Name\n\x00\x01\x02\x03".to_vec(), opts(), "not-a-table", None, Csv),
        ("control characters", (0u8..32).cycle().take(400).collect(), opts(), "not-a-table", None, Csv),
        ("a PDF", b"%PDF-1.7\n%\xE2\xE3\n".to_vec(), opts(), "not-a-table", None, Csv),
        ("a PNG", b"\x89PNG\r\n\x1A\n\0\0".to_vec(), opts(), "not-a-table", None, Csv),
        ("a zip that is not a workbook", plain_zip, opts(), "not-a-table", None, Zip),
        ("an .xlsb workbook", xlsb, opts(), "unsupported-format", None, Zip),
        ("an .ods spreadsheet", ods, opts(), "unsupported-format", None, Zip),
        ("a web page saved as .xls", b"<html><body><table><tr><td>ID</td></tr></table></body></html>".to_vec(), opts(), "unsupported-format", None, Csv),
        ("Excel 2003 XML", b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">".to_vec(), opts(), "unsupported-format", None, Csv),
        ("other XML", b"<?xml version=\"1.0\"?><a/>".to_vec(), opts(), "not-a-table", None, Csv),
        ("a truncated workbook", truncated, opts(), "workbook-corrupt", None, Zip),
        ("a sheet whose XML stops", bad_xml, opts(), "workbook-corrupt", Some("sheet"), Zip),
        ("a cell beyond column XFD", far, opts(), "bad-cell-reference", Some("sheet"), Zip),
        ("rows out of order", out_of_order, opts(), "workbook-corrupt", Some("sheet"), Zip),
        ("a password-protected workbook", fixture("protected.xlsx"), opts(), "workbook-protected", None, Ole),
        ("an old .xls workbook", fixture("old.xls"), opts(), "unsupported-format", None, Ole),
        ("an empty sheet", empty_sheet, opts(), "empty-file", Some("sheet"), Zip),
        ("an unknown sheet", three_sheets(), sheet("2 Early help"), "unknown-sheet", Some("sheet"), Zip),
        ("a sheet for a CSV file", b"a,b\n".to_vec(), sheet("x"), "bad-argument", Some("sheet"), Csv),
        ("a delimiter for a workbook", three_sheets(), delimited(b','), "bad-argument", Some("delimiter"), Zip),
        ("a quote as delimiter", b"a,b\n".to_vec(), delimited(b'"'), "bad-argument", Some("delimiter"), Csv),
        ("a letter as delimiter", b"a,b\n".to_vec(), delimited(b'a'), "bad-argument", Some("delimiter"), Csv),
        ("a line end as delimiter", b"a,b\n".to_vec(), delimited(b'\n'), "bad-argument", Some("delimiter"), Csv),
        ("a non-ASCII delimiter", b"a,b\n".to_vec(), delimited(0xA3), "bad-argument", Some("delimiter"), Csv),
    ];
    for (name, bytes, opts, code, field, needs) in cases {
        let (code, field) = match needs {
            Zip if !cfg!(feature = "xlsx") => ("unsupported-format", None),
            Ole if !cfg!(feature = "xlsx") => ("workbook-protected", None),
            _ => (code, field),
        };
        let e = match ingest::read(&bytes, &opts) {
            Ok(got) => panic!("{name}: read {} rows", got.table.len()),
            Err(e) => e,
        };
        assert_eq!(e.code().as_str(), code, "{name}: {e}");
        assert_eq!(e.problems()[0].field.as_deref(), field, "{name}");
        assert!(e.message().len() > 10, "{name}: {}", e.message());
    }
    let e = ingest::read(&three_sheets(), &sheet("2 Early help")).unwrap_err();
    assert!(
        !cfg!(feature = "xlsx") || e.message().contains("\u{201C}1 Contacts\u{201D}"),
        "{}",
        e.message()
    );
}

// ---------------------------------------------------------------------------------------
// Previews

#[test]
fn previews_show_the_first_rows_as_they_are() {
    let mut big = String::from("Annex A,,\nID,Name,Age\n");
    for i in 0..30 {
        if i == 2 {
            big.push_str("A2,short\n");
        } else {
            big.push_str(&format!("A{i},N{i},{i}\n"));
        }
    }
    let p = ingest::preview(big.as_bytes(), &opts(), 5).unwrap();
    assert_eq!(
        (p.source.format, p.source.delimiter),
        (Format::Csv, Some(b','))
    );
    assert_eq!(p.source.header_line, Some(2));
    assert_eq!(p.columns, ["ID", "Name", "Age"]);
    let lines: Vec<u32> = p.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    assert_eq!(p.rows[2].cells, ["A2", "short"]);
    assert_eq!(p.row_count, None);
    assert_eq!(
        brief(&p.problems),
        [
            (Some(1), None, "row-above-header"),
            (Some(5), Some(3), "ragged-row")
        ]
    );

    let whole = ingest::preview(big.as_bytes(), &opts(), 1000).unwrap();
    assert_eq!((whole.rows.len(), whole.row_count), (30, Some(30)));
    let exact = ingest::preview(big.as_bytes(), &opts(), 30).unwrap();
    assert_eq!(exact.row_count, Some(30));
    let none = ingest::preview(big.as_bytes(), &opts(), 0).unwrap();
    assert_eq!(
        (none.rows.len(), none.row_count, none.columns.len()),
        (0, None, 3)
    );

    let e = ingest::preview(big.as_bytes(), &opts(), 1001).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.problems()[0].field.as_deref()),
        ("bad-argument", Some("rows"))
    );
    let e = ingest::preview(b"", &opts(), 20).unwrap_err();
    assert_eq!(e.code().as_str(), "empty-file");
}

#[cfg(feature = "xlsx")]
#[test]
fn workbook_previews_list_the_sheets_even_when_one_is_empty() {
    let wb = ingest::preview(&three_sheets(), &sheet("3 Referrals"), 20).unwrap();
    assert_eq!(wb.source.sheets, ["Read me", "1 Contacts", "3 Referrals"]);
    assert_eq!((wb.rows.len(), wb.row_count), (1, Some(1)));
    assert_eq!(wb.rows[0].cells, ["R1", "4) Police"]);

    let empty = workbook(&[
        Sheet {
            name: "Empty",
            hidden: false,
            rows: &[],
        },
        Sheet {
            name: "Full",
            hidden: false,
            rows: &[(1, &["ID"])],
        },
    ]);
    let p = ingest::preview(&empty, &opts(), 20).unwrap();
    assert_eq!(p.source.sheet.as_deref(), Some("Empty"));
    assert_eq!(p.source.sheets, ["Empty", "Full"]);
    assert!(p.columns.is_empty() && p.rows.is_empty());
    assert_eq!(brief(&p.problems), [(None, None, "empty-sheet")]);
}

// ---------------------------------------------------------------------------------------
// Properties

/// A random cell: letters, digits, delimiters, quotes, line ends, spaces and non-ASCII.
fn cell(rng: &mut StdRng, alphabet: &[&str]) -> String {
    let n = rng.random_range(0..6);
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect()
}

/// Writes one CSV cell, quoted when it must be.
fn write_cell(out: &mut String, cell: &str, delimiter: char) {
    if cell.contains([delimiter, '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// The line each byte offset of `text` is on, as a text editor counts (CRLF, LF, CR).
fn line_at(text: &str, offset: usize) -> u32 {
    let b = text.as_bytes();
    let mut line = 1;
    for i in 0..offset {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// Encodes text as Windows-1252 (here only Latin-1 characters, which it encodes as is).
fn to_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[test]
fn what_a_csv_writer_writes_reads_back_the_same() {
    // Windows-1252 text gets only characters whose bytes cannot form UTF-8 by chance.
    let utf8 = [
        "a", "Z", "7", " ", ",", ";", "\t", "|", "\"", "\n", "\r", "\r\n", "é", "£", "€", "’", "😀",
    ];
    let win = [
        "a", "Z", "7", " ", ",", ";", "\t", "|", "\"", "\n", "\r", "\r\n", "é", "ü", "Ö",
    ];
    let mut rng = StdRng::seed_from_u64(20151005);
    for case in 0..300 {
        let win1252 = rng.random_range(0..2) == 0;
        let alphabet: &[&str] = if win1252 { &win } else { &utf8 };
        let width = rng.random_range(1..6);
        let delimiter = [',', ';', '\t', '|'][rng.random_range(0..4)];
        let eol = ["\n", "\r\n", "\r"][rng.random_range(0..3)];
        let names: Vec<String> = (0..width).map(|i| format!("Col{i}")).collect();
        let mut text = String::new();
        let mut expected: Vec<(u32, Vec<String>)> = Vec::new();
        let mut blank = 0u64;
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                text.push(delimiter);
            }
            text.push_str(n);
        }
        text.push_str(eol);
        for _ in 0..rng.random_range(0..25) {
            if rng.random_range(0..6) == 0 {
                text.push_str(eol);
                blank += 1;
            }
            let cells: Vec<String> = (0..width).map(|_| cell(&mut rng, alphabet)).collect();
            let start = text.len();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    text.push(delimiter);
                }
                write_cell(&mut text, c, delimiter);
            }
            text.push_str(eol);
            if cells.iter().all(|c| c.trim().is_empty()) {
                blank += 1;
            } else {
                expected.push((line_at(&text, start), cells));
            }
        }
        let bytes = if win1252 {
            to_1252(&text)
        } else if rng.random_range(0..2) == 0 {
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat()
        } else {
            text.clone().into_bytes()
        };
        let opts = Options {
            delimiter: Some(delimiter as u8),
            has_header: Some(true),
            ..Options::default()
        };
        let got =
            ingest::read(&bytes, &opts).unwrap_or_else(|e| panic!("case {case}: {e}\n{text:?}"));
        let rows: Vec<(u32, Vec<String>)> = (0..got.table.len())
            .map(|i| {
                (
                    got.table.line(i),
                    got.table.record(i).map(str::to_owned).collect(),
                )
            })
            .collect();
        assert_eq!(got.table.columns(), &names[..], "case {case}: {text:?}");
        assert_eq!(rows, expected, "case {case}: {text:?}");
        assert_eq!(got.blank_rows, blank, "case {case}: {text:?}");
        let problems = brief(&got.problems);
        let expected_problems = if expected.is_empty() {
            vec![(None, None, "no-data-rows")]
        } else {
            vec![]
        };
        assert!(got.excluded.is_empty(), "case {case}: {:?}", got.excluded);
        assert_eq!(problems, expected_problems, "case {case}");
        let encoding = got.source.encoding.as_str();
        let expected = match (win1252, text.is_ascii(), bytes.starts_with(b"\xEF")) {
            (true, false, _) => "windows-1252",
            (_, _, true) => "utf-8-bom",
            _ => "utf-8",
        };
        assert_eq!(encoding, expected, "case {case}");
    }
}

#[test]
fn delimiters_are_detected_in_random_tables() {
    let alphabet = ["a", "Z", "7", " ", "\"", "\n", "é"];
    let mut rng = StdRng::seed_from_u64(2016);
    for case in 0..200 {
        let width = rng.random_range(2..8);
        let delimiter = [',', ';', '\t', '|'][rng.random_range(0..4)];
        let mut text = String::new();
        for r in 0..rng.random_range(2..12) {
            for i in 0..width {
                if i > 0 {
                    text.push(delimiter);
                }
                let c = if r == 0 {
                    format!("Name {i}")
                } else {
                    cell(&mut rng, &alphabet)
                };
                write_cell(&mut text, &c, delimiter);
            }
            text.push_str("\r\n");
        }
        let got = match ingest::read(text.as_bytes(), &opts()) {
            Ok(got) => got,
            Err(e) => panic!("case {case}: {e}: {text:?}"),
        };
        assert_eq!(
            got.source.delimiter,
            Some(delimiter as u8),
            "case {case}: {text:?}"
        );
        assert_eq!(got.table.columns().len(), width, "case {case}: {text:?}");
    }
}

#[test]
fn no_input_makes_ingest_panic() {
    let pieces: &[&[u8]] = &[
        b",",
        b";",
        b"\t",
        b"\"",
        b"\r",
        b"\n",
        b"\r\n",
        b"a",
        b"1",
        b" ",
        b"\x00",
        b"\x81",
        b"\xE9",
        b"\xC3",
        b"\xA9",
        b"\xFF",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"<",
        b"PK\x03\x04",
    ];
    let mut rng = StdRng::seed_from_u64(1_048_576);
    let workbook = fixture("annex-a.xlsx");
    let built = three_sheets();
    for case in 0..600 {
        let bytes: Vec<u8> = match case % 3 {
            0 => (0..rng.random_range(0..80))
                .flat_map(|_| pieces[rng.random_range(0..pieces.len())].iter().copied())
                .collect(),
            1 => {
                // A workbook with a few bytes changed, or cut short.
                let mut b = if rng.random_range(0..2) == 0 {
                    workbook.clone()
                } else {
                    built.clone()
                };
                for _ in 0..rng.random_range(1..4) {
                    let i = rng.random_range(0..b.len());
                    b[i] = rng.random_range(0..=255);
                }
                let keep = rng.random_range(b.len() / 2..=b.len());
                b.truncate(keep);
                b
            }
            _ => (0..rng.random_range(0..200))
                .map(|_| rng.random_range(0..=255u8))
                .collect(),
        };
        let options = [opts(), header(false), header(true), delimited(b';')];
        let o = &options[rng.random_range(0..options.len())];
        if let Ok(got) = ingest::read(&bytes, o) {
            assert_eq!(
                got.table.len() as u64 + got.excluded.len() as u64,
                got.rows_read,
                "case {case}"
            );
            let lines: Vec<u32> = (0..got.table.len()).map(|i| got.table.line(i)).collect();
            assert!(
                lines.windows(2).all(|w| w[0] < w[1]),
                "case {case}: {lines:?}"
            );
            assert!(lines.iter().all(|&l| l >= 1), "case {case}");
        }
        if let Ok(p) = ingest::preview(&bytes, o, 3) {
            assert!(p.rows.len() <= 3, "case {case}");
        }
    }
}
