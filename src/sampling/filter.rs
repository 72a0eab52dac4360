//! Filters applied to one cell: whether a record is eligible, and if not, why.
//!
//! Text comparisons are exact after trimming blank characters (see [`crate::cells`]).
//! Typed filters read the cell as a date; a blank cell is `blank-date`, a cell that is not
//! a date `bad-date`, a date of birth after the reference date `born-after-reference-date`,
//! and a value outside the range `not-matched`.

use super::plan::Filter;
use super::Reason;
use crate::cells::{age_on, cell_date, trim};
use chrono::NaiveDate;

/// Whether a cell passes a filter, or the reason it does not.
///
/// # Errors
/// The reason the record is excluded.
pub fn apply(filter: &Filter, cell: &str, reference: Option<NaiveDate>) -> Result<(), Reason> {
    let text = trim(cell);
    let pass = |ok: bool| if ok { Ok(()) } else { Err(Reason::NotMatched) };
    match filter {
        Filter::Equals { value, .. } => pass(text == value),
        Filter::OneOf { values, .. } => pass(values.iter().any(|v| v == text)),
        Filter::NotBlank { .. } => pass(!text.is_empty()),
        Filter::DateBetween { from, to, .. } => {
            let date = date(text)?;
            pass(from.is_none_or(|f| f <= date) && to.is_none_or(|t| date <= t))
        }
        Filter::AgeBetween { min, max, .. } => {
            let birth = date(text)?;
            // Plan checks make sure an age filter has a reference date.
            let reference = reference.ok_or(Reason::NotMatched)?;
            let age = age_on(birth, reference).ok_or(Reason::BornAfterReferenceDate)?;
            pass(min.is_none_or(|m| m <= age) && max.is_none_or(|m| age <= m))
        }
    }
}

fn date(text: &str) -> Result<NaiveDate, Reason> {
    if text.is_empty() {
        return Err(Reason::BlankDate);
    }
    cell_date(text).map_err(|_| Reason::BadDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn col() -> String {
        "c".to_owned()
    }

    #[test]
    fn filters_table() {
        let equals = Filter::Equals {
            column: col(),
            value: "a) Male".into(),
        };
        let one_of = Filter::OneOf {
            column: col(),
            values: vec!["North".into(), "South".into()],
        };
        let not_blank = Filter::NotBlank { column: col() };
        let between = Filter::DateBetween {
            column: col(),
            from: Some(d(2015, 4, 1)),
            to: Some(d(2015, 9, 30)),
        };
        let after = Filter::DateBetween {
            column: col(),
            from: Some(d(2015, 4, 1)),
            to: None,
        };
        let age = Filter::AgeBetween {
            column: col(),
            min: Some(10),
            max: Some(17),
        };
        let under = Filter::AgeBetween {
            column: col(),
            min: None,
            max: Some(4),
        };
        let r = Some(d(2015, 10, 5));
        use Reason::*;
        // (name, filter, cell, expected)
        let cases: &[(&str, &Filter, &str, Result<(), Reason>)] = &[
            ("equals exact", &equals, "a) Male", Ok(())),
            ("equals trims", &equals, " a) Male\u{A0}", Ok(())),
            (
                "equals is case-sensitive",
                &equals,
                "A) male",
                Err(NotMatched),
            ),
            ("equals blank", &equals, "", Err(NotMatched)),
            ("one-of first", &one_of, "North", Ok(())),
            ("one-of second", &one_of, "South ", Ok(())),
            ("one-of other", &one_of, "East", Err(NotMatched)),
            ("not-blank text", &not_blank, "x", Ok(())),
            ("not-blank spaces", &not_blank, " \t", Err(NotMatched)),
            ("between first day", &between, "01/04/2015", Ok(())),
            ("between last day", &between, "2015-09-30", Ok(())),
            ("between serial", &between, "42139", Ok(())),
            (
                "between day before",
                &between,
                "31/03/2015",
                Err(NotMatched),
            ),
            ("between day after", &between, "1/10/2015", Err(NotMatched)),
            ("between blank", &between, " ", Err(BlankDate)),
            ("between bad", &between, "31/02/2015", Err(BadDate)),
            ("between text", &between, "unknown", Err(BadDate)),
            ("open end", &after, "01/01/2100", Ok(())),
            ("open end before", &after, "01/01/2000", Err(NotMatched)),
            ("age 10 on birthday", &age, "05/10/2005", Ok(())),
            ("age 9 day before", &age, "06/10/2005", Err(NotMatched)),
            ("age 17", &age, "06/10/1997", Ok(())),
            ("age 18", &age, "05/10/1997", Err(NotMatched)),
            (
                "age unborn",
                &age,
                "06/10/2015",
                Err(BornAfterReferenceDate),
            ),
            ("age bad", &age, "2005-13-01", Err(BadDate)),
            ("age blank", &age, "", Err(BlankDate)),
            ("under 5, newborn", &under, "05/10/2015", Ok(())),
            ("under 5, aged 5", &under, "05/10/2010", Err(NotMatched)),
        ];
        for (name, filter, cell, want) in cases {
            assert_eq!(apply(filter, cell, r), *want, "{name}");
        }
    }
}
