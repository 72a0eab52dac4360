//! Guessing a table's shape: which delimiter a CSV file uses, and which row (if any) is
//! its header. Both guesses can be overridden by the caller.
//!
//! **Delimiter.** Each candidate (`,` `;` tab `|`, in that order of preference) splits the
//! first 64 KiB of text with a real CSV parser, so delimiters inside quotes do not count.
//! Among the first 100 non-blank records, a candidate's *mode* is its most common field
//! count above one, and its *support* how many records have that count. The candidate with
//! the most support wins, then the one with more fields, then the earlier one. When no
//! candidate splits any record, the file is one column.
//!
//! **Header.** Over the first [`LOOKAHEAD`] non-blank rows, the table's width is the most
//! non-blank cells any row has. Rows at the top with at most half that many non-blank cells
//! are *title rows* (an Annex A title, a merged group heading); the first row after them is
//! the header candidate. It is taken as the header when none of its cells looks like data
//! (a number, date, time or amount), its cells are distinct, and none of them recurs below
//! it in the same column. Title rows are skipped only when there is a header.

/// How many non-blank rows header detection looks at.
pub(crate) const LOOKAHEAD: usize = 10;

/// The delimiters tried, in order of preference.
pub(crate) const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records delimiter detection counts.
const RECORDS: usize = 100;

/// What splitting the start of a text shows: the field count of each non-blank record,
/// the bytes of cell text, and how many bytes of the text those records took.
pub(crate) struct Scan {
    pub counts: Vec<usize>,
    pub text_bytes: usize,
    pub consumed: usize,
}

/// Splits up to `max` records of `sample` by `delimiter`; when the sample is not the
/// whole text its last, perhaps cut, record is left out.
pub(crate) fn scan(sample: &str, delimiter: u8, complete: bool, max: usize) -> Scan {
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = sample.as_bytes();
    let mut out = vec![0u8; input.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut o, mut e) = (0, 0);
    let mut scan = Scan {
        counts: Vec::new(),
        text_bytes: 0,
        consumed: 0,
    };
    let mut consumed = 0;
    while scan.counts.len() < max {
        let (res, nin, nout, nend) = rdr.read_record(input, &mut out[o..], &mut ends[e..]);
        input = input.get(nin..).unwrap_or_default();
        consumed += nin;
        o += nout;
        e += nend;
        match res {
            csv_core::ReadRecordResult::InputEmpty if !complete => break,
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                if !out[..o].iter().all(u8::is_ascii_whitespace) {
                    scan.counts.push(e);
                }
                scan.text_bytes += o;
                scan.consumed = consumed;
                (o, e) = (0, 0);
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    scan
}

/// The delimiter that splits `sample` most consistently, or `None` when none splits it.
/// `complete` says whether the sample is the whole text.
pub(crate) fn delimiter(sample: &str, complete: bool) -> Option<u8> {
    let mut best: Option<(usize, usize, u8)> = None;
    for d in CANDIDATES {
        if !sample.as_bytes().contains(&d) {
            continue;
        }
        let counts = scan(sample, d, complete, RECORDS).counts;
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for &n in counts.iter().filter(|&&n| n > 1) {
            match tally.iter_mut().find(|(m, _)| *m == n) {
                Some((_, k)) => *k += 1,
                None => tally.push((n, 1)),
            }
        }
        let Some(&(mode, support)) = tally.iter().max_by_key(|&&(m, k)| (k, m)) else {
            continue;
        };
        if best.is_none_or(|(s, m, _)| (support, mode) > (s, m)) {
            best = Some((support, mode, d));
        }
    }
    best.map(|(_, _, d)| d)
}

/// Whether a cell's text looks like data rather than a column name: a number, date, time,
/// amount or phone number (digits with only separators and signs around them).
pub(crate) fn looks_like_data(cell: &str) -> bool {
    let t = cell.trim();
    t.bytes().any(|b| b.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || " +-./:,%()£$€".contains(c) || c.eq_ignore_ascii_case(&'e')
        })
}

/// The number of non-blank cells of a row.
fn filled(row: &[&str]) -> usize {
    row.iter().filter(|c| !c.trim().is_empty()).count()
}

/// Which of the first rows is the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeaderChoice {
    /// The header's index among the rows; `None` when there is no header.
    pub header: Option<usize>,
    /// The index of the first data row (title rows and the header come before it).
    pub first_data: usize,
}

/// Chooses the header among the first non-blank `rows` (see the module docs).
/// `has_header` is the caller's override: `Some(false)` means no header and no title rows;
/// `Some(true)` means the header candidate is the header.
pub(crate) fn header(rows: &[Vec<&str>], has_header: Option<bool>) -> HeaderChoice {
    let none = HeaderChoice {
        header: None,
        first_data: 0,
    };
    if has_header == Some(false) || rows.is_empty() {
        return none;
    }
    let width = rows.iter().map(|r| filled(r)).max().unwrap_or(0);
    let candidate = rows
        .iter()
        .position(|r| width < 2 || filled(r) * 2 > width)
        .unwrap_or(0);
    let chosen = HeaderChoice {
        header: Some(candidate),
        first_data: candidate + 1,
    };
    if has_header == Some(true) {
        return chosen;
    }
    let row = &rows[candidate];
    let names: Vec<&str> = row.iter().map(|c| c.trim()).collect();
    let data_like = names.iter().any(|c| looks_like_data(c));
    let mut seen: std::collections::HashSet<String, rustc_hash::FxBuildHasher> =
        std::collections::HashSet::default();
    let repeated = names
        .iter()
        .any(|a| !a.is_empty() && !seen.insert(a.to_ascii_lowercase()));
    let recurs = names.iter().enumerate().any(|(i, a)| {
        !a.is_empty()
            && rows[candidate + 1..]
                .iter()
                .any(|r| r.get(i).is_some_and(|b| b.trim() == *a))
    });
    if data_like || repeated || recurs {
        none
    } else {
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected() {
        let cases: &[(&str, &str, Option<u8>)] = &[
            ("comma", "a,b,c\n1,2,3\n", Some(b',')),
            ("semicolon", "a;b;c\n1;2;3\n", Some(b';')),
            ("tab", "a\tb\tc\n1\t2\t3\n", Some(b'\t')),
            ("bar", "a|b|c\n1|2|3\n", Some(b'|')),
            ("none", "id\nA1\nA2\n", None),
            ("comma inside quotes", "\"a;b\",c\n\"x;y\",z\n", Some(b',')),
            (
                "semicolon with decimal commas",
                "a;b;c\n1,5;2;3\n2,5;4;6\n",
                Some(b';'),
            ),
            (
                "tab with commas in names",
                "id\tname\n1\tSmith, Jo\n2\tLee, Al\n",
                Some(b'\t'),
            ),
            (
                "title row then commas",
                "Annex A\nid,name\n1,Jo\n",
                Some(b','),
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(delimiter(text, true), *expected, "{name}");
        }
    }

    #[test]
    fn headers_are_chosen() {
        // Name, rows, the caller's override, the header's index, the first data row.
        type Case<'a> = (
            &'a str,
            &'a [&'a [&'a str]],
            Option<bool>,
            Option<usize>,
            usize,
        );
        let cases: &[Case<'_>] = &[
            (
                "plain header",
                &[&["ID", "Gender"], &["A1", "a) Male"]],
                None,
                Some(0),
                1,
            ),
            (
                "no header: dates",
                &[&["A1", "01/02/2010"], &["A2", "03/04/2011"]],
                None,
                None,
                0,
            ),
            (
                "no header: numbers",
                &[&["1", "Jo"], &["2", "Al"]],
                None,
                None,
                0,
            ),
            (
                "title row",
                &[
                    &["Annex A", "", ""],
                    &["ID", "Gender", "DOB"],
                    &["A1", "M", "1/2/2010"],
                ],
                None,
                Some(1),
                2,
            ),
            (
                "no header: value recurs",
                &[&["a) Male", "Yes"], &["b) Female", "Yes"]],
                None,
                None,
                0,
            ),
            (
                "duplicate names",
                &[&["x", "x"], &["1", "2"]],
                None,
                None,
                0,
            ),
            (
                "forced header",
                &[&["1", "2"], &["3", "4"]],
                Some(true),
                Some(0),
                1,
            ),
            (
                "forced none",
                &[&["ID", "Name"], &["A1", "Jo"]],
                Some(false),
                None,
                0,
            ),
            ("one column", &[&["Child ID"], &["A1"]], None, Some(0), 1),
        ];
        for (name, rows, has, header_at, first) in cases {
            let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
            let c = header(&rows, *has);
            assert_eq!((c.header, c.first_data), (*header_at, *first), "{name}");
        }
    }

    #[test]
    fn data_like_cells() {
        for (cell, expected) in [
            ("12", true),
            ("01/02/2010", true),
            ("2010-02-01", true),
            ("£1,000.50", true),
            ("10:30", true),
            ("(01234) 567890", true),
            ("Age of Child (Years)", false),
            ("A1", false),
            ("", false),
            ("e", false),
        ] {
            assert_eq!(looks_like_data(cell), expected, "{cell}");
        }
    }
}
