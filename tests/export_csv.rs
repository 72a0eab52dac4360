//! The one CSV writer: which cells are neutralised (a table of hostile and ordinary cells),
//! its laws over random cells, and quoting.

use deepdive::export_csv::{file, is_formula_risk, neutralise};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[test]
fn the_neutralisation_table() {
    // (cell, neutralised?)
    let table: &[(&str, bool)] = &[
        ("=1+1", true),
        (" =1+1", true),
        ("   =1+1", true),
        ("\u{a0}=1+1", true),
        ("\u{200b}=1+1", true),
        ("\u{200c}=1+1", true),
        ("\u{200d}=1+1", true),
        ("\u{2060}=1+1", true),
        ("\u{feff}=1+1", true),
        ("\u{3000}=1+1", true),
        ("\u{202f}=1+1", true),
        ("\u{2028}=1+1", true),
        ("\u{202e}=1+1", true),
        ("\u{ad}=1+1", true),
        ("\n=1+1", true),
        (" \u{a0}\u{200b}\u{feff}@SUM(A1)", true),
        ("\t=1", true),
        ("\r=1", true),
        ("\tplain", true),
        ("\rplain", true),
        ("+1", true),
        ("+44", true),
        ("+44 20 7946 0000", true),
        ("@x", true),
        ("@", true),
        ("-", true),
        ("--2", true),
        ("-2+3", true),
        ("-2.", true),
        ("-.5", true),
        ("-1e5", true),
        ("-1,000", true),
        ("- 2", true),
        ("-2 =1", true),
        ("-1 days", true),
        ("=HYPERLINK(\"http://x\")", true),
        // Plain negative numbers stay numbers, blanks around them or not.
        ("-2", false),
        ("-2.5", false),
        ("-0.75", false),
        ("-007", false),
        (" -2", false),
        ("\u{a0}-2.5\u{200b}", false),
        ("-2 ", false),
        // Ordinary cells.
        ("plain text", false),
        ("", false),
        ("   ", false),
        ("2", false),
        ("2.5", false),
        ("a=1", false),
        ("x@example.org", false),
        ("44 + 2", false),
        ("'=1", false),
        ("\u{ff1d}1", false),
    ];
    let mut wrong = Vec::new();
    for &(cell, neutralised) in table {
        let out = neutralise(cell);
        let expected = if neutralised {
            format!("'{cell}")
        } else {
            cell.to_owned()
        };
        if out != expected || is_formula_risk(cell) != neutralised {
            wrong.push(format!("{cell:?} gave {out:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The blanks, listed here apart from the module's own test of them.
const BLANKS: &[char] = &[
    ' ', '\t', '\r', '\n', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{2007}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{ad}',
    '\u{180e}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}',
    '\u{2060}', '\u{2064}', '\u{2066}', '\u{2069}', '\u{feff}',
];

fn plain_negative_number(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('-') else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    parts.len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn a_neutralised_cell_never_starts_with_a_formula_unless_it_is_a_plain_number() {
    let alphabet: Vec<char> = BLANKS
        .iter()
        .copied()
        .chain("=+-@'.,\"0123456789ab()".chars())
        .collect();
    let mut rng = StdRng::seed_from_u64(11);
    for _ in 0..200_000 {
        let len = rng.random_range(0..8);
        let cell: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        let out = neutralise(&cell);
        // It only ever adds a leading quote mark, and doing it twice changes nothing.
        assert!(
            out == cell || out == format!("'{cell}"),
            "{cell:?} became {out:?}"
        );
        assert_eq!(neutralise(&out), out, "{cell:?}");
        // What a spreadsheet sees, after trimming blanks, is never a formula.
        assert!(!out.starts_with(['\t', '\r']), "{cell:?} gave {out:?}");
        let seen = out.trim_start_matches(BLANKS);
        if seen.starts_with(['=', '+', '-', '@']) {
            assert!(
                plain_negative_number(seen.trim_end_matches(BLANKS)),
                "{cell:?} gave {out:?}"
            );
        }
    }
}

#[test]
fn a_file_has_a_bom_crlf_line_ends_and_rfc_4180_quoting() {
    let text = file(&[
        vec!["id", "note"],
        vec!["1", "Said \"hi\", then left"],
        vec!["2", "two\nlines"],
        vec!["3", "\r=1"],
        vec!["-2", ""],
    ]);
    assert_eq!(
        text,
        "\u{feff}id,note\r\n1,\"Said \"\"hi\"\", then left\"\r\n2,\"two\nlines\"\r\n3,\"'\r=1\"\r\n-2,\r\n"
    );
}
