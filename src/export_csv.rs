//! CSV files for people to open in a spreadsheet: the one rule every export follows.
//!
//! Deep Dive writes three CSV files: the sampler's sample, and the consultation's responses
//! and publication. They all come from here, so they quote and neutralise cells alike.
//!
//! A file is UTF-8 with a byte-order mark (so Excel reads it as UTF-8), each line ends in
//! CRLF, the last one too, and a cell holding a comma, a double quote, a CR or an LF is
//! quoted, its quotes doubled (RFC 4180).
//!
//! # Neutralisation
//!
//! The cells hold what other people typed: a respondent's answer, a case list's values. A
//! spreadsheet that opens a CSV file runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula, and a formula can fetch a web address, run a command (DDE) or rewrite what the
//! reader sees ("CSV injection"). Many spreadsheets trim blanks on import, so ` =1+1`
//! and `=1+1` behind a no-break or zero-width space are formulas too. So a cell is
//! *neutralised*, written with a leading `'` (which spreadsheets read as "this is text"),
//! when:
//!
//! - it starts with a tab or a carriage return; or
//! - its first character after any leading blanks is `=`, `+`, `-` or `@`, unless the
//!   whole cell, leading and trailing blanks aside, is a plain negative number.
//!
//! *Blanks* are the characters Unicode calls white space (space, tab, CR, LF, no-break
//! space U+00A0, the spaces U+2000 to U+200A, U+202F, U+205F, U+3000 and the rest of
//! [`char::is_whitespace`]) and the invisible characters U+00AD (soft hyphen), U+180E,
//! U+200B to U+200F (zero-width space, non-joiner and joiner, the direction marks),
//! U+202A to U+202E and U+2066 to U+2069 (direction embeddings and isolates), U+2060 to
//! U+2064 (word joiner and the invisible operators) and U+FEFF (byte-order mark).
//!
//! A *plain negative number* is `-`, one or more ASCII digits, and optionally `.` and one
//! or more ASCII digits: `-2`, `-2.5`, `-0.75`. A spreadsheet reads it as the number it
//! is, and nothing else, so it is left alone and stays a number. Anything more (`-2+3`,
//! `-1e5`, `-1,000`, `-.5`, `- 2`, `-`) is neutralised. A cell starting with `+` is always
//! neutralised, a number or not: `+44 20 7946 0000` is a telephone number that a
//! spreadsheet would turn into a sum, and `+44` would lose its plus sign.
//!
//! Neutralising costs a reader a visible `'` on a rare cell; not neutralising can run
//! someone else's formula on the team's machine. The rule errs on the side of the `'`.

use std::borrow::Cow;

/// The byte-order mark that starts each file.
pub const BOM: char = '\u{feff}';

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// Whether a character is a blank: white space, or an invisible character a spreadsheet
/// may drop on import (see the module docs for the list).
pub fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Whether the text is a plain negative number: `-`, digits, and optionally `.` and
/// digits.
///
/// # Example
/// ```
/// use deepdive::export_csv::is_plain_negative_number;
/// assert!(is_plain_negative_number("-2.5"));
/// assert!(!is_plain_negative_number("-2+3"));
/// assert!(!is_plain_negative_number("2"));
/// ```
pub fn is_plain_negative_number(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once('.') {
        None => digits(rest),
        Some((whole, fraction)) => digits(whole) && digits(fraction),
    }
}

/// Whether a spreadsheet could run the cell as a formula (the rule of the module docs).
pub fn is_formula_risk(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    let rest = cell.trim_start_matches(is_blank);
    rest.starts_with(FORMULA_START) && !is_plain_negative_number(rest.trim_end_matches(is_blank))
}

/// Makes a cell safe for a spreadsheet: a leading `'` when [`is_formula_risk`].
///
/// # Example
/// ```
/// use deepdive::export_csv::neutralise;
/// assert_eq!(neutralise("=SUM(A1:A9)"), "'=SUM(A1:A9)");
/// assert_eq!(neutralise("\u{a0}=1+1"), "'\u{a0}=1+1");
/// assert_eq!(neutralise("-2.5"), "-2.5");
/// assert_eq!(neutralise("+44 20 7946 0000"), "'+44 20 7946 0000");
/// assert_eq!(neutralise("fine"), "fine");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula_risk(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Appends one cell, neutralised and then quoted if it holds a comma, a quote or a line
/// break.
pub fn push_cell(out: &mut String, cell: &str) {
    let cell = neutralise(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// Appends one row of cells and its CRLF.
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// A whole file: the byte-order mark, then each row.
///
/// # Example
/// ```
/// use deepdive::export_csv::file;
/// let text = file(&[vec!["name", "note"], vec!["Ann", "=1+1, then"]]);
/// assert_eq!(text, "\u{feff}name,note\r\nAnn,\"'=1+1, then\"\r\n");
/// ```
pub fn file<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut out = String::new();
    out.push(BOM);
    for row in rows {
        push_row(&mut out, row);
    }
    out
}
