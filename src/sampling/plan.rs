//! A sampling plan: which column holds the ID, which rows are eligible (filters), how the
//! list is stratified, how many cases to take and how to share them out, how many reserves,
//! and the seed. [`Plan::normalise`] checks a plan against a table's columns, collecting
//! every problem with the field it concerns (`filters[1].column`), and gives the plan in
//! the normal form that receipts record.
//!
//! The plan is part of the published receipt format, so it derives `Serialize` and
//! `Deserialize` (camelCase fields, unknown fields refused), like the framework records.

use crate::cells::trim;
use crate::error::{Code, Collector, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest seed accepted, in bytes.
pub const MAX_SEED_BYTES: usize = 1000;
/// The oldest age an age filter may name.
pub const MAX_AGE: u32 = 150;

/// How the sample is shared out across strata.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Allocation {
    /// In proportion to each stratum's eligible records (largest remainder).
    #[default]
    Proportional,
    /// The same number from each stratum, as far as each stratum allows.
    Equal,
    /// `minPerStratum` from each stratum first (or all it has), the rest in proportion.
    Minimum,
}

impl Allocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Allocation::Proportional => "proportional",
            Allocation::Equal => "equal",
            Allocation::Minimum => "minimum",
        }
    }
}

/// A condition a record must meet to be eligible. Text comparisons are exact after
/// trimming blank characters from both the cell and the value.
///
/// In JSON: `{"op": "equals", "column": …, "value": …}` and so on. It is read through
/// [`FilterFields`] (a flat struct) rather than serde's internally tagged enums, which
/// would add much more code to the WebAssembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", try_from = "FilterFields")]
pub enum Filter {
    /// The cell is exactly this value.
    Equals { column: String, value: String },
    /// The cell is exactly one of these values.
    OneOf { column: String, values: Vec<String> },
    /// The cell is not blank.
    NotBlank { column: String },
    /// The cell is a date from `from` to `to`, both inclusive; either may be left open.
    DateBetween {
        column: String,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// The cell is a date of birth, and the age in whole years at the plan's reference
    /// date is from `min` to `max`, both inclusive; either may be left open.
    AgeBetween {
        column: String,
        min: Option<u32>,
        max: Option<u32>,
    },
}

/// Every field a filter may have, as JSON gives them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterFields {
    op: String,
    column: String,
    value: Option<String>,
    values: Option<Vec<String>>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    min: Option<u32>,
    max: Option<u32>,
}

impl TryFrom<FilterFields> for Filter {
    type Error = String;

    fn try_from(f: FilterFields) -> std::result::Result<Filter, String> {
        let FilterFields {
            op,
            column,
            value,
            values,
            from,
            to,
            min,
            max,
        } = f;
        let given = [
            ("value", value.is_some()),
            ("values", values.is_some()),
            ("from", from.is_some()),
            ("to", to.is_some()),
            ("min", min.is_some()),
            ("max", max.is_some()),
        ];
        let allowed: &[&str] = match op.as_str() {
            "equals" => &["value"],
            "one-of" => &["values"],
            "not-blank" => &[],
            "date-between" => &["from", "to"],
            "age-between" => &["min", "max"],
            _ => {
                return Err(format!(
                    "unknown filter op “{op}”; expected equals, one-of, not-blank, date-between or age-between"
                ))
            }
        };
        if let Some((name, _)) = given
            .iter()
            .find(|(name, set)| *set && !allowed.contains(name))
        {
            return Err(format!("the {op} filter takes no {name}"));
        }
        let missing = |name: &str| format!("the {op} filter needs {name}");
        Ok(match op.as_str() {
            "equals" => Filter::Equals {
                column,
                value: value.ok_or_else(|| missing("value"))?,
            },
            "one-of" => Filter::OneOf {
                column,
                values: values.ok_or_else(|| missing("values"))?,
            },
            "not-blank" => Filter::NotBlank { column },
            "date-between" => Filter::DateBetween { column, from, to },
            _ => Filter::AgeBetween { column, min, max },
        })
    }
}

impl Filter {
    /// The column the filter reads.
    pub fn column(&self) -> &str {
        match self {
            Filter::Equals { column, .. }
            | Filter::OneOf { column, .. }
            | Filter::NotBlank { column }
            | Filter::DateBetween { column, .. }
            | Filter::AgeBetween { column, .. } => column,
        }
    }

    /// The operation's name as the plan writes it, e.g. `date-between`.
    pub fn op(&self) -> &'static str {
        match self {
            Filter::Equals { .. } => "equals",
            Filter::OneOf { .. } => "one-of",
            Filter::NotBlank { .. } => "not-blank",
            Filter::DateBetween { .. } => "date-between",
            Filter::AgeBetween { .. } => "age-between",
        }
    }
}

/// A sampling plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plan {
    /// The column holding each child's unique ID.
    pub id_column: String,
    /// How many cases to select in all.
    pub size: u32,
    /// The seed as typed (or drawn and shown). Surrounding blanks are trimmed.
    pub seed: String,
    /// Stratification columns, in order; none for a simple random sample.
    #[serde(default)]
    pub strata: Vec<String>,
    #[serde(default)]
    pub allocation: Allocation,
    /// With `minimum` allocation only: the cases each stratum gets first.
    #[serde(default)]
    pub min_per_stratum: Option<u32>,
    /// Reserves (ordered substitutes) per stratum.
    #[serde(default)]
    pub reserves: u32,
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// The day ages are worked out on (needed by `age-between` filters).
    #[serde(default)]
    pub reference_date: Option<NaiveDate>,
}

/// A seed to show the user, from 8 bytes of entropy the caller drew (the page uses the
/// browser's cryptographic random source; the core draws nothing): the bytes as one
/// big-endian number, written as 20 decimal digits in groups of four, easy to read aloud
/// and to type back.
///
/// # Example
/// ```
/// use deepdive::sampling::plan::seed_from_entropy;
/// assert_eq!(seed_from_entropy([0, 0, 0, 0, 0, 0, 1, 0]), "0000 0000 0000 0000 0256");
/// ```
pub fn seed_from_entropy(bytes: [u8; 8]) -> String {
    let digits = format!("{:020}", u64::from_be_bytes(bytes));
    let groups: Vec<&str> = (0..5)
        .filter_map(|i| digits.get(i * 4..i * 4 + 4))
        .collect();
    groups.join(" ")
}

/// A plan's columns as indices into a table.
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    pub id: usize,
    pub strata: Vec<usize>,
    pub filters: Vec<usize>,
}

impl Columns {
    /// The columns whose values matter to the result, in order: strata, then filters.
    pub fn relevant(&self) -> impl Iterator<Item = usize> + '_ {
        self.strata.iter().chain(&self.filters).copied()
    }
}

impl Plan {
    /// A plan for a simple random sample: no filters, strata or reserves.
    pub fn simple(id_column: &str, size: u32, seed: &str) -> Plan {
        Plan {
            id_column: id_column.to_owned(),
            size,
            seed: seed.to_owned(),
            strata: Vec::new(),
            allocation: Allocation::Proportional,
            min_per_stratum: None,
            reserves: 0,
            filters: Vec::new(),
            reference_date: None,
        }
    }

    /// Checks the plan against a table's column names and returns it in normal form: the
    /// seed and the filters' values trimmed.
    ///
    /// # Errors
    /// Every problem found, each naming its field: `unknown-column` for a column the table
    /// lacks (`idColumn`, `strata[0]`, `filters[1].column`); `bad-argument` for a size of
    /// 0, a blank or over-long seed, a stratification column named twice,
    /// `minPerStratum` missing (or 0) with `minimum` allocation or given with another, a
    /// `one-of` with no values, a range with neither end, `min` over `max`, an age over
    /// 150, or an age filter without `referenceDate`; `bad-range` for `from` after `to`.
    ///
    /// # Example
    /// ```
    /// use deepdive::sampling::plan::Plan;
    /// let columns = vec!["Child Unique ID".to_string()];
    /// let plan = Plan::simple("Child ID", 10, " 1234 ");
    /// let err = plan.normalise(&columns).unwrap_err();
    /// assert_eq!(err.code().as_str(), "unknown-column");
    /// let plan = Plan::simple("Child Unique ID", 10, " 1234 ").normalise(&columns)?;
    /// assert_eq!(plan.seed, "1234");
    /// # Ok::<(), deepdive::error::Error>(())
    /// ```
    pub fn normalise(&self, columns: &[String]) -> Result<Plan> {
        self.resolve(columns).map(|(plan, _)| plan)
    }

    /// [`Plan::normalise`], and the columns' indices.
    pub(crate) fn resolve(&self, columns: &[String]) -> Result<(Plan, Columns)> {
        let mut problems = Collector::default();
        let mut find = |name: &str, field: &str| -> usize {
            match columns.iter().position(|c| c == name) {
                Some(i) => i,
                None => {
                    problems.push(
                        Code::UnknownColumn,
                        field,
                        format!("the list has no column “{name}”"),
                    );
                    0
                }
            }
        };
        let id = find(&self.id_column, "idColumn");
        let strata: Vec<usize> = self
            .strata
            .iter()
            .enumerate()
            .map(|(i, c)| find(c, &format!("strata[{i}]")))
            .collect();
        let filter_columns: Vec<usize> = self
            .filters
            .iter()
            .enumerate()
            .map(|(i, f)| find(f.column(), &format!("filters[{i}].column")))
            .collect();

        let seed = trim(&self.seed).to_owned();
        if self.size == 0 {
            problems.push(
                Code::BadArgument,
                "size",
                "the sample size must be at least 1",
            );
        }
        if seed.is_empty() {
            problems.push(Code::BadArgument, "seed", "the seed is blank");
        } else if seed.len() > MAX_SEED_BYTES {
            problems.push(
                Code::BadArgument,
                "seed",
                format!("the seed is longer than {MAX_SEED_BYTES} bytes"),
            );
        }
        for (i, c) in self.strata.iter().enumerate() {
            if self.strata[..i].contains(c) {
                problems.push(
                    Code::BadArgument,
                    &format!("strata[{i}]"),
                    format!("the column “{c}” is named twice"),
                );
            }
        }
        match (self.allocation, self.min_per_stratum) {
            (Allocation::Minimum, None | Some(0)) => problems.push(
                Code::BadArgument,
                "minPerStratum",
                "minimum allocation needs minPerStratum of at least 1",
            ),
            (Allocation::Proportional | Allocation::Equal, Some(_)) => problems.push(
                Code::BadArgument,
                "minPerStratum",
                format!(
                    "minPerStratum applies only to minimum allocation, not {}",
                    self.allocation.as_str()
                ),
            ),
            _ => {}
        }

        let mut filters = Vec::with_capacity(self.filters.len());
        for (i, f) in self.filters.iter().enumerate() {
            filters.push(check_filter(f, i, self.reference_date, &mut problems));
        }
        problems.finish()?;
        let plan = Plan {
            id_column: self.id_column.clone(),
            size: self.size,
            seed,
            strata: self.strata.clone(),
            allocation: self.allocation,
            min_per_stratum: self.min_per_stratum,
            reserves: self.reserves,
            filters,
            reference_date: self.reference_date,
        };
        let columns = Columns {
            id,
            strata,
            filters: filter_columns,
        };
        Ok((plan, columns))
    }
}

/// Checks one filter, recording its problems, and gives it in normal form.
fn check_filter(
    f: &Filter,
    i: usize,
    reference: Option<NaiveDate>,
    problems: &mut Collector,
) -> Filter {
    let field = |name: &str| format!("filters[{i}].{name}");
    match f {
        Filter::Equals { column, value } => Filter::Equals {
            column: column.clone(),
            value: trim(value).to_owned(),
        },
        Filter::OneOf { column, values } => {
            if values.is_empty() {
                problems.push(Code::BadArgument, &field("values"), "one-of needs values");
            }
            Filter::OneOf {
                column: column.clone(),
                values: values.iter().map(|v| trim(v).to_owned()).collect(),
            }
        }
        Filter::NotBlank { column } => Filter::NotBlank {
            column: column.clone(),
        },
        Filter::DateBetween { from, to, .. } => {
            match (from, to) {
                (None, None) => problems.push(
                    Code::BadArgument,
                    &field("from"),
                    "date-between needs from, to or both",
                ),
                (Some(a), Some(b)) if a > b => problems.push(
                    Code::BadRange,
                    &field("from"),
                    format!("from ({a}) comes after to ({b})"),
                ),
                _ => {}
            }
            f.clone()
        }
        Filter::AgeBetween { min, max, .. } => {
            match (min, max) {
                (None, None) => problems.push(
                    Code::BadArgument,
                    &field("min"),
                    "age-between needs min, max or both",
                ),
                (Some(a), Some(b)) if a > b => problems.push(
                    Code::BadArgument,
                    &field("min"),
                    format!("min ({a}) is over max ({b})"),
                ),
                _ => {}
            }
            for (name, age) in [("min", min), ("max", max)] {
                if age.is_some_and(|a| a > MAX_AGE) {
                    problems.push(
                        Code::BadArgument,
                        &field(name),
                        format!("an age over {MAX_AGE}"),
                    );
                }
            }
            if reference.is_none() {
                problems.push(
                    Code::BadArgument,
                    "referenceDate",
                    format!("filters[{i}] (age-between) needs referenceDate"),
                );
            }
            f.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::seed_from_entropy;

    #[test]
    fn entropy_seeds_table() {
        let cases: &[(&str, [u8; 8], &str)] = &[
            ("zero", [0; 8], "0000 0000 0000 0000 0000"),
            ("largest", [255; 8], "1844 6744 0737 0955 1615"),
            (
                "mixed",
                [1, 2, 3, 4, 5, 6, 7, 8],
                "0007 2623 8597 9038 2856",
            ),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(seed_from_entropy(*bytes), *want, "{name}");
        }
    }
}
