//! A sampling plan: which column holds the ID, which rows are eligible (filters), how the
//! list is stratified, how many cases to take and how to share them out, how many reserves,
//! and the seed. [`Plan::normalise`] checks a plan against a table's columns, collecting
//! every problem with the field it concerns (`filters[1].column`), and gives the plan in
//! the normal form that receipts record.
//!
//! The plan is part of the published receipt format, so it derives `Serialize` and
//! `Deserialize` (camelCase fields, unknown fields refused), like the framework records.
//! Its dates are read by the calendar's one parser ([`calendar::parse_date`]: exactly
//! `YYYY-MM-DD`), and its lists are capped ([`MAX_STRATA`], [`MAX_FILTERS`],
//! [`MAX_FILTER_VALUES`]) before anything iterates over them. [`Plan::from_json`] reads a
//! plan as the API takes it, naming the field of each problem.

use crate::calendar;
use crate::cells::trim;
use crate::error::{Code, Collector, Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The longest seed accepted, in bytes.
pub const MAX_SEED_BYTES: usize = 1000;
/// The oldest age an age filter may name.
pub const MAX_AGE: u32 = 150;
/// The most stratification columns a plan may name.
pub const MAX_STRATA: usize = 20;
/// The most filters a plan may have.
pub const MAX_FILTERS: usize = 50;
/// The most values a `one-of` filter may list.
pub const MAX_FILTER_VALUES: usize = 10_000;

/// The most tracked cases a plan may name.
pub const MAX_TRACKED: usize = 1000;
/// The longest reason (for a tracked case or a replacement) accepted, in bytes.
pub const MAX_REASON_BYTES: usize = 1000;

/// An optional plan date, through [`calendar::parse_date`].
pub(crate) fn api_date<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => calendar::parse_date(&text)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(e.message())),
    }
}

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
    #[serde(default, deserialize_with = "api_date")]
    from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "api_date")]
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

/// A case the inspectors track end to end, chosen (for a reason) before the draw. It is
/// listed in the receipt apart from the random sample and never drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tracked {
    /// The child's ID, as in the ID column (trimmed in normal form).
    pub id: String,
    /// Why the case is tracked (trimmed in normal form; never blank).
    pub reason: String,
}

/// Whether a list is empty: such a field is left out of the JSON, so that plans and
/// receipts without it are byte for byte what they were before it existed.
pub(crate) fn is_empty<T>(v: &[T]) -> bool {
    v.is_empty()
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
    #[serde(default, deserialize_with = "api_date")]
    pub reference_date: Option<NaiveDate>,
    /// Cases tracked end to end, chosen before the draw and excluded from it. Written
    /// only when there are some.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub tracked: Vec<Tracked>,
    /// The SHA-256 (lowercase hex) of the commitment written before the seed was known
    /// ([`super::commitment`]). Written only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
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

/// A plan's list longer than its cap: `bad-argument` naming the field.
fn too_many(field: &str, n: usize, max: usize, what: &str) -> Error {
    Error::new(
        Code::BadArgument,
        format!("{field} has {n} {what}; a plan may have at most {max}"),
    )
    .in_field(field)
}

/// Checks one optional date of a plan's JSON, recording a `bad-date` naming its field,
/// and takes a bad one out so that the rest of the plan can still be read.
fn check_date(
    object: &mut serde_json::Map<String, Value>,
    key: &str,
    field: &str,
    c: &mut Collector,
) {
    let ok = match object.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => c
            .take(calendar::parse_date(text).map_err(|e| e.in_field(field)))
            .is_some(),
        Some(_) => {
            c.push(
                Code::BadDate,
                field,
                format!("{field} must be a date written YYYY-MM-DD"),
            );
            false
        }
    };
    if !ok {
        object.remove(key);
    }
}

impl Plan {
    /// Reads a plan as the API takes it (JSON, camelCase fields), collecting every problem
    /// with its field: a list over its cap is refused before anything iterates over it
    /// (`bad-argument`: `strata`, `filters`, `filters[2].values`), each date must be
    /// exactly `YYYY-MM-DD` (`bad-date`: `referenceDate`, `filters[0].from`), and any
    /// other mistake of shape is `bad-argument` on `plan`.
    ///
    /// # Example
    /// ```
    /// use deepdive::sampling::plan::Plan;
    /// let e = Plan::from_json(r#"{"idColumn": "ID", "size": 5, "seed": "1",
    ///     "referenceDate": "2015-9-3"}"#).unwrap_err();
    /// assert_eq!(e.code().as_str(), "bad-date");
    /// assert_eq!(e.problems()[0].field.as_deref(), Some("referenceDate"));
    /// ```
    pub fn from_json(text: &str) -> Result<Plan> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                Code::BadArgument,
                format!("the plan is not valid JSON: {e}"),
            )
            .in_field("plan")
        })?;
        Plan::from_value(value)
    }

    /// [`Plan::from_json`] for JSON already read.
    pub fn from_value(mut value: Value) -> Result<Plan> {
        let mut c = Collector::default();
        if let Value::Object(plan) = &mut value {
            check_date(plan, "referenceDate", "referenceDate", &mut c);
            if let Some(Value::Array(filters)) = plan.get_mut("filters") {
                if filters.len() <= MAX_FILTERS {
                    for (i, filter) in filters.iter_mut().enumerate() {
                        if let Value::Object(filter) = filter {
                            for key in ["from", "to"] {
                                check_date(filter, key, &format!("filters[{i}].{key}"), &mut c);
                            }
                        }
                    }
                }
            }
        }
        // The bad dates were taken out, so serde reports only the other faults.
        let plan = serde_json::from_value::<Plan>(value).map_err(|e| {
            Error::new(Code::BadArgument, format!("the plan is not valid: {e}")).in_field("plan")
        });
        let plan = c.take(plan);
        if let Some(plan) = &plan {
            c.take(plan.check_lists());
        }
        c.finish_with(|| plan)
    }

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
            tracked: Vec::new(),
            commitment: None,
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
        self.check_lists()?;
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
        let tracked = check_tracked(&self.tracked, &mut problems);
        let commitment = self.commitment.as_deref().map(str::to_ascii_lowercase);
        if let Some(c) = &commitment {
            if c.len() != 64 || !c.bytes().all(|b| b.is_ascii_hexdigit()) {
                problems.push(
                    Code::BadArgument,
                    "commitment",
                    "commitment must be the commitment's SHA-256 as 64 hexadecimal digits",
                );
            }
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
            tracked,
            commitment,
        };
        let columns = Columns {
            id,
            strata,
            filters: filter_columns,
        };
        Ok((plan, columns))
    }
}

impl Plan {
    /// Refuses lists over their caps, naming the field, before anything iterates over
    /// them: [`Plan::from_value`] checks as it reads, and [`Plan::resolve`] again for a plan
    /// made in Rust or read from a receipt.
    fn check_lists(&self) -> Result<()> {
        let mut c = Collector::default();
        if self.strata.len() > MAX_STRATA {
            c.take::<()>(Err(too_many(
                "strata",
                self.strata.len(),
                MAX_STRATA,
                "columns",
            )));
        }
        if self.tracked.len() > MAX_TRACKED {
            c.take::<()>(Err(too_many(
                "tracked",
                self.tracked.len(),
                MAX_TRACKED,
                "cases",
            )));
        }
        if self.filters.len() > MAX_FILTERS {
            c.take::<()>(Err(too_many(
                "filters",
                self.filters.len(),
                MAX_FILTERS,
                "filters",
            )));
        } else {
            for (i, f) in self.filters.iter().enumerate() {
                if let Filter::OneOf { values, .. } = f {
                    if values.len() > MAX_FILTER_VALUES {
                        let field = format!("filters[{i}].values");
                        c.take::<()>(Err(too_many(
                            &field,
                            values.len(),
                            MAX_FILTER_VALUES,
                            "values",
                        )));
                    }
                }
            }
        }
        c.finish()
    }
}

/// A reason (for a tracked case or a replacement) in normal form, trimmed, or the
/// problem with it: blank, or longer than [`MAX_REASON_BYTES`].
pub(crate) fn check_reason(reason: &str, field: &str, problems: &mut Collector) -> String {
    let reason = trim(reason);
    if reason.is_empty() {
        problems.push(Code::BadArgument, field, "the reason is blank: say why");
    } else if reason.len() > MAX_REASON_BYTES {
        problems.push(
            Code::BadArgument,
            field,
            format!("the reason is longer than {MAX_REASON_BYTES} bytes"),
        );
    }
    reason.to_owned()
}

/// The tracked cases in normal form (IDs and reasons trimmed), recording their problems:
/// a blank ID, an ID named twice, a blank or over-long reason.
fn check_tracked(tracked: &[Tracked], problems: &mut Collector) -> Vec<Tracked> {
    let mut out: Vec<Tracked> = Vec::with_capacity(tracked.len());
    for (i, t) in tracked.iter().enumerate() {
        let id = trim(&t.id).to_owned();
        if id.is_empty() {
            problems.push(
                Code::BadArgument,
                &format!("tracked[{i}].id"),
                "the tracked case's ID is blank",
            );
        } else if out.iter().any(|o| o.id == id) {
            problems.push(
                Code::BadArgument,
                &format!("tracked[{i}].id"),
                format!("the ID “{id}” is tracked twice"),
            );
        }
        let reason = check_reason(&t.reason, &format!("tracked[{i}].reason"), problems);
        out.push(Tracked { id, reason });
    }
    out
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
    use super::{seed_from_entropy, Plan, MAX_FILTERS, MAX_FILTER_VALUES, MAX_STRATA};
    use serde_json::json;

    /// The problems of a plan read as the API reads it, as `(code, field)` pairs.
    fn problems(plan: serde_json::Value) -> Vec<(String, String)> {
        let e = Plan::from_json(&plan.to_string()).expect_err("expected problems");
        e.problems()
            .iter()
            .map(|p| {
                (
                    p.code.as_str().to_owned(),
                    p.field.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn base() -> serde_json::Value {
        json!({"idColumn": "ID", "size": 5, "seed": "1"})
    }

    #[test]
    fn plan_dates_go_through_the_one_parser_table() {
        for bad in [
            "2015-9-3",
            " 2015-09-23",
            "+262142-12-31",
            "0000-01-01",
            "2015-02-29",
        ] {
            let mut plan = base();
            plan["referenceDate"] = json!(bad);
            plan["filters"] = json!([
                {"op": "date-between", "column": "D", "from": bad},
                {"op": "date-between", "column": "D", "from": "2015-01-01", "to": bad},
            ]);
            assert_eq!(
                problems(plan),
                [
                    ("bad-date".to_owned(), "referenceDate".to_owned()),
                    ("bad-date".to_owned(), "filters[0].from".to_owned()),
                    ("bad-date".to_owned(), "filters[1].to".to_owned()),
                ],
                "{bad:?}"
            );
        }
        let mut plan = base();
        plan["referenceDate"] = json!(20150923);
        assert_eq!(
            problems(plan),
            [("bad-date".to_owned(), "referenceDate".to_owned())]
        );
        let mut plan = base();
        plan["referenceDate"] = json!("2015-09-23");
        plan["filters"] = json!([{"op": "date-between", "column": "D", "to": "2016-02-29"}]);
        let read = Plan::from_json(&plan.to_string()).unwrap();
        assert_eq!(read.reference_date.unwrap().to_string(), "2015-09-23");
    }

    #[test]
    fn a_bad_date_is_reported_with_the_plans_other_problems() {
        let plan = json!({"idColumn": "ID", "size": 5, "referenceDate": "2015-9-3"});
        let got = problems(plan);
        assert_eq!(got[0], ("bad-date".to_owned(), "referenceDate".to_owned()));
        assert_eq!(
            got[1],
            ("bad-argument".to_owned(), "plan".to_owned()),
            "the missing seed"
        );
    }

    #[test]
    fn receipts_read_plan_dates_strictly_too() {
        let mut plan = base();
        plan["referenceDate"] = json!("2015-9-3");
        assert!(serde_json::from_value::<Plan>(plan).is_err());
    }

    #[test]
    fn lists_over_their_caps_are_refused_by_field_table() {
        let values: Vec<String> = (0..=MAX_FILTER_VALUES).map(|i| i.to_string()).collect();
        let strata: Vec<String> = (0..=MAX_STRATA).map(|i| i.to_string()).collect();
        let filter = json!({"op": "not-blank", "column": "C"});
        let cases = [
            ("strata", json!(strata), "strata"),
            ("filters", json!(vec![filter; MAX_FILTERS + 1]), "filters"),
            (
                "filters",
                json!([{"op": "not-blank", "column": "C"}, {"op": "one-of", "column": "C", "values": values}]),
                "filters[1].values",
            ),
        ];
        for (key, list, field) in cases {
            let mut plan = base();
            plan[key] = list;
            assert_eq!(
                problems(plan.clone()),
                [("bad-argument".to_owned(), field.to_owned())]
            );
            // A plan made in Rust (or read from a receipt) meets the same caps.
            let made: Plan = serde_json::from_value(plan).unwrap();
            let e = made.normalise(&["ID".into(), "C".into()]).unwrap_err();
            assert_eq!(e.problems()[0].field.as_deref(), Some(field));
        }
        // At the caps, the plan is read.
        let mut plan = base();
        plan["strata"] = json!((0..MAX_STRATA).map(|i| i.to_string()).collect::<Vec<_>>());
        assert!(Plan::from_json(&plan.to_string()).is_ok());
    }

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
