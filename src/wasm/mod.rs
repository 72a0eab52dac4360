//! The boundary with JavaScript: the only module that uses wasm-bindgen.
//!
//! `mod.rs` holds the calendar, framework and timetable functions and what every part of
//! the boundary shares (argument readers, the error conversion, serialisation);
//! [`consultation`] adds the consultation functions.
//!
//! Each exported function takes loosely typed JavaScript values, checks them strictly
//! (naming the argument or field in every problem), calls the pure core, and converts the
//! result into this module's own wire types. Every failure becomes a JS `Error` named
//! `DeepDiveError` with a stable `code` and the problems (at most
//! [`MAX_PROBLEMS`](crate::error::MAX_PROBLEMS), with `moreProblems` counting the rest);
//! nothing panics across the boundary.
//!
//! Arguments are read strictly:
//! - **Own properties only.** Options, plans, receipts, definitions and responses are read
//!   from the object's own properties ([`get`], [`own_json`]), never from its prototype
//!   chain, so `Object.prototype.delimiter = ';'` changes nothing; `toJSON` is not called.
//! - **Lists are capped before they are read**: [`list_arg`] checks an array's `length`
//!   against the argument's documented cap (`MAX_CLOSURES`, `MAX_RESPONSES`, the plan's
//!   caps in `sampling::plan`) before touching an element, and [`own_json`] bounds the
//!   depth and the number of values of any object it writes out.
//! - **One date parser**: every date is `calendar::parse_date`'s exact `YYYY-MM-DD`.
//! - **Internal faults are `internal-error`**, never `bad-argument`: a result that cannot
//!   be serialised is a bug, not the caller's mistake.

use crate::calendar::{self, format_date, Calendar};
use crate::error::{Code, Collector, Error, Problem, Result, MAX_PROBLEMS};
use crate::frameworks::{self, Condition, Framework};
use crate::notice::{self, long_date, Request, Span, Timetable};
use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use std::fmt::Write as _;
use wasm_bindgen::prelude::*;

mod consultation;
mod sampling;

pub use consultation::*;
pub use sampling::*;

type JsResult<T> = std::result::Result<T, JsValue>;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
    // `Object.hasOwn` and `Object.keys` with their exceptions caught (js-sys's let a
    // Proxy's throwing trap through as a codeless exception).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = hasOwn)]
    fn object_has_own(object: &JsValue, key: &JsValue) -> JsResult<bool>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> JsResult<Array>;
}

/// Reports a panic (a bug) on the console before the module traps.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("deepdive: internal error: {info}"));
    }));
}

/// The version of Deep Dive.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Every framework, in brief.
#[wasm_bindgen(unchecked_return_type = "FrameworkBrief[]")]
pub fn frameworks() -> JsResult<JsValue> {
    let list = frameworks::all().map_err(to_js)?;
    to_wire(&list.iter().map(FrameworkBrief::from).collect::<Vec<_>>())
}

/// One framework's whole record.
#[wasm_bindgen(unchecked_return_type = "Framework")]
pub fn framework(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<JsValue> {
    let id = string(&id, "id").map_err(to_js)?;
    to_wire(frameworks::get(&id).map_err(to_js)?)
}

/// The bank holidays from `fromYear` to `toYear`, in date order.
#[wasm_bindgen(js_name = bankHolidays, unchecked_return_type = "Holiday[]")]
pub fn bank_holidays(
    #[wasm_bindgen(js_name = fromYear, unchecked_param_type = "number")] from_year: JsValue,
    #[wasm_bindgen(js_name = toYear, unchecked_param_type = "number")] to_year: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let from = c.take(integer(&from_year, "fromYear"));
    let to = c.take(integer(&to_year, "toYear"));
    c.finish().map_err(to_js)?;
    let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
    let list = calendar::bank_holidays_between(year(from), year(to)).map_err(to_js)?;
    let wire: Vec<HolidayWire> = list
        .iter()
        .map(|h| HolidayWire {
            date: format_date(h.date),
            name: h.name,
        })
        .collect();
    to_wire(&wire)
}

/// Whether a date is a working day.
#[wasm_bindgen(js_name = isWorkingDay)]
pub fn is_working_day(
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")] closures: JsValue,
) -> JsResult<bool> {
    let mut c = Collector::default();
    let date = c.take(date_arg(&date, "date"));
    let cal = c.take(calendar_arg(&closures));
    let (d, cal) = c.finish_with(|| Some((date?, cal?))).map_err(to_js)?;
    cal.is_working_day(d).map_err(|e| to_js(e.in_field("date")))
}

/// The n-th working day after (n > 0) or before (n < 0) a date; the date itself for 0.
#[wasm_bindgen(js_name = addWorkingDays)]
pub fn add_working_days(
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")] closures: JsValue,
) -> JsResult<String> {
    let mut c = Collector::default();
    let date = c.take(date_arg(&date, "date"));
    let n = c.take(integer(&n, "n"));
    let cal = c.take(calendar_arg(&closures));
    let (d, n, cal) = c.finish_with(|| Some((date?, n?, cal?))).map_err(to_js)?;
    cal.add_working_days(d, n)
        .map(format_date)
        .map_err(|e| to_js(e.in_field("n")))
}

/// The working days d with start < d <= end (negated, with end <= d < start, when end < start).
#[wasm_bindgen(js_name = workingDaysBetween)]
pub fn working_days_between(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] end: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")] closures: JsValue,
) -> JsResult<f64> {
    let mut c = Collector::default();
    let start = c.take(date_arg(&start, "start"));
    let end = c.take(date_arg(&end, "end"));
    let cal = c.take(calendar_arg(&closures));
    let (s, e, cal) = c
        .finish_with(|| Some((start?, end?, cal?)))
        .map_err(to_js)?;
    cal.working_days_between(s, e)
        .map(|n| n as f64)
        .map_err(to_js)
}

/// The timetable of an inspection.
#[wasm_bindgen(unchecked_return_type = "Timetable")]
pub fn timetable(
    #[wasm_bindgen(unchecked_param_type = "TimetableOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let opts = TimetableOptions::read(&options, &[]).map_err(to_js)?;
    let req = Request {
        framework: opts.framework,
        onsite_start: opts.onsite_start,
        area: opts.area,
        calendar: opts.calendar,
        notice_working_days: opts.notice_working_days,
        letter_due_working_days: opts.letter_due_working_days,
    };
    let t = notice::timetable(&req).map_err(to_js)?;
    to_wire(&TimetableWire::from(&t))
}

/// The timetable as an iCalendar file (RFC 5545): the notification day, the joint-audit
/// window, the on-site days and the letter's due day as all-day events. `options` are
/// `timetable`'s and `at` (RFC 3339; the file's DTSTAMP, by default now from JavaScript's
/// clock).
#[wasm_bindgen(js_name = timetableIcs)]
pub fn timetable_ics(
    #[wasm_bindgen(unchecked_param_type = "TimetableIcsOptions")] options: JsValue,
) -> JsResult<String> {
    let mut c = Collector::default();
    let opts = c.take(TimetableOptions::read(&options, &["at"]));
    let at = if options.is_object() {
        let at = get(&options, "at");
        if is_absent(&at) {
            Some(String::from(js_sys::Date::new_0().to_iso_string()))
        } else {
            c.take(string(&at, "at").and_then(|t| {
                crate::consultation::time::parse_moment(&t)
                    .map(|m| m.to_rfc3339())
                    .map_err(|e| e.in_field("at"))
            }))
        }
    } else {
        None
    };
    let (opts, at) = c.finish_with(|| Some((opts?, at?))).map_err(to_js)?;
    let stamp = crate::consultation::time::parse_moment(&at)
        .map_err(to_js)?
        .naive_utc();
    let req = Request {
        framework: opts.framework,
        onsite_start: opts.onsite_start,
        area: opts.area,
        calendar: opts.calendar,
        notice_working_days: opts.notice_working_days,
        letter_due_working_days: opts.letter_due_working_days,
    };
    let t = notice::timetable(&req).map_err(to_js)?;
    Ok(crate::ics::timetable_ics(&t, stamp))
}

// ---- Reading arguments --------------------------------------------------------------

const TIMETABLE_KEYS: [&str; 6] = [
    "framework",
    "onsiteStart",
    "area",
    "closures",
    "noticeWorkingDays",
    "letterDueWorkingDays",
];
const AREA_KEYS: [(&str, Condition); 4] = [
    (
        "prisonMotherAndBabyUnit",
        Condition::PrisonMotherAndBabyUnit,
    ),
    (
        "immigrationRemovalCentre",
        Condition::ImmigrationRemovalCentre,
    ),
    (
        "youngOffenderInstitution",
        Condition::YoungOffenderInstitution,
    ),
    ("cpsConcerns", Condition::CpsConcerns),
];

/// The checked options of `timetable`.
struct TimetableOptions {
    framework: &'static Framework,
    onsite_start: NaiveDate,
    area: Vec<Condition>,
    calendar: Calendar,
    notice_working_days: Option<u32>,
    letter_due_working_days: Option<u32>,
}

impl TimetableOptions {
    /// Reads every option, collecting all the problems.
    fn read(options: &JsValue, extra: &[&str]) -> Result<TimetableOptions> {
        if !options.is_object() || Array::is_array(options) {
            return Err(bad(
                "options",
                "timetable needs an object such as {framework: 'jtai-2015', onsiteStart: '2015-10-05'}",
            ));
        }
        let mut c = Collector::default();
        let mut keys = TIMETABLE_KEYS.to_vec();
        keys.extend(extra);
        c.take(known_keys(options, &keys, ""));
        let framework = c.take(
            string(&get(options, "framework"), "framework")
                .and_then(|id| frameworks::get(&id).map_err(|e| e.in_field("framework"))),
        );
        let onsite_start = c.take(date_arg(&get(options, "onsiteStart"), "onsiteStart"));
        let area = c.take(area_arg(&get(options, "area"))).unwrap_or_default();
        let calendar = c.take(calendar_arg(&get(options, "closures")));
        let notice = c.take(optional_count(options, "noticeWorkingDays"));
        let letter = c.take(optional_count(options, "letterDueWorkingDays"));
        // Without a first on-site day or a calendar the core cannot work out a timetable;
        // it still checks what it can, so that one call reports every problem.
        if onsite_start.is_none() || calendar.is_none() {
            if let Some(f) = framework {
                notice::check_parts(
                    f,
                    onsite_start,
                    calendar.as_ref(),
                    notice.flatten(),
                    letter.flatten(),
                    &mut c,
                );
            }
        }
        c.finish_with(|| {
            Some(TimetableOptions {
                framework: framework?,
                onsite_start: onsite_start?,
                area,
                calendar: calendar?,
                notice_working_days: notice?,
                letter_due_working_days: letter?,
            })
        })
    }
}

pub(crate) fn bad(field: &str, message: impl Into<String>) -> Error {
    Error::new(Code::BadArgument, message).in_field(field)
}

/// A bug in Deep Dive, as the page reports it: `internal-error`, never `bad-argument`.
pub(crate) fn internal(message: impl Into<String>) -> Error {
    Error::new(Code::InternalError, message)
}

/// An object's own property (never one inherited from its prototype chain), or
/// `undefined`; `undefined` too for a value that is not an object.
pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    own(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An own property's value (`undefined` when there is none), or `Err` when reading it
/// threw (a getter, or a Proxy's trap).
fn own(object: &JsValue, key: &JsValue) -> std::result::Result<JsValue, ()> {
    match object_has_own(object, key) {
        Ok(true) => Reflect::get(object, key).map_err(|_| ()),
        Ok(false) => Ok(JsValue::UNDEFINED),
        Err(_) => Err(()),
    }
}

/// An array's `length`, read so that a Proxy's throwing trap is an error, not a throw.
fn length_of(array: &JsValue) -> Option<u32> {
    let n = Reflect::get(array, &JsValue::from_str("length"))
        .ok()?
        .as_f64()?;
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// The most closure dates a calendar function or a timetable takes.
pub const MAX_CLOSURES: u32 = 10_000;

/// The items of an array argument of at most `max` items, its length checked before any
/// item is read (a hole reads as `undefined`, never as the prototype's).
pub(crate) fn list_arg(value: &JsValue, field: &str, max: u32, what: &str) -> Result<Vec<JsValue>> {
    let not_a_list = || bad(field, format!("{field} must be a list of {what}"));
    if !Array::is_array(value) {
        return Err(not_a_list());
    }
    let n = length_of(value).ok_or_else(not_a_list)?;
    if n > max {
        return Err(bad(
            field,
            format!("{field} has {n} items; the most it may have is {max}"),
        ));
    }
    (0..n)
        .map(|i| {
            own(value, &JsValue::from(i)).map_err(|()| {
                let item = format!("{field}[{i}]");
                bad(&item, format!("reading {item} threw an exception"))
            })
        })
        .collect()
}

/// How deep [`own_json`] follows nested objects and arrays.
pub const MAX_JSON_DEPTH: usize = 64;
/// The most values (objects, arrays, strings, numbers…) [`own_json`] writes out.
pub const MAX_JSON_VALUES: usize = 1_000_000;

/// An object argument written out as JSON text, like `JSON.stringify` but from own
/// enumerable properties only (no prototype chain, no `toJSON`), with its depth and size
/// bounded: `bad-argument` naming `field` (and the path inside it) otherwise.
pub(crate) fn own_json(value: &JsValue, field: &str) -> Result<String> {
    let mut budget = MAX_JSON_VALUES;
    own_json_within(value, field, &mut budget)
}

/// [`own_json`] for one of several objects that share a budget of values (the items of a
/// list), which this one spends from.
pub(crate) fn own_json_within(value: &JsValue, field: &str, budget: &mut usize) -> Result<String> {
    let mut out = String::new();
    write_json(value, &JsonPath::Field(field), 0, budget, &mut out)?;
    Ok(out)
}

/// Where a value sits in an argument (`plan.filters[1].values`), written out only when a
/// problem names it: building the text for every value would cost an allocation each.
enum JsonPath<'a> {
    Field(&'a str),
    Index(&'a JsonPath<'a>, usize),
    Key(&'a JsonPath<'a>, &'a str),
}

impl std::fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonPath::Field(field) => f.write_str(field),
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

fn write_json(
    value: &JsValue,
    path: &JsonPath<'_>,
    depth: usize,
    budget: &mut usize,
    out: &mut String,
) -> Result<()> {
    let too_large = || {
        bad(
            &path.to_string(),
            format!("{path} is too large: more than {MAX_JSON_VALUES} values"),
        )
    };
    if *budget == 0 {
        return Err(too_large());
    }
    *budget -= 1;
    if let Some(text) = value.as_string() {
        return push_json_string(&text, out);
    }
    if let Some(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
        return Ok(());
    }
    if let Some(n) = value.as_f64() {
        push_json_number(n, out);
        return Ok(());
    }
    if value.is_null() {
        out.push_str("null");
        return Ok(());
    }
    if !value.is_object() || value.is_function() {
        return Err(bad(
            &path.to_string(),
            format!("{path} must hold only text, numbers, true/false, null, lists and objects"),
        ));
    }
    if depth >= MAX_JSON_DEPTH {
        return Err(bad(
            &path.to_string(),
            format!("{path} is nested more than {MAX_JSON_DEPTH} deep"),
        ));
    }
    if Array::is_array(value) {
        let n = length_of(value).ok_or_else(|| {
            bad(
                &path.to_string(),
                format!("the length of {path} cannot be read"),
            )
        })? as usize;
        if n > *budget {
            return Err(too_large());
        }
        out.push('[');
        for i in 0..n {
            if i > 0 {
                out.push(',');
            }
            let item = own_value(value, &JsValue::from_f64(i as f64), path)?;
            if skipped(&item) {
                out.push_str("null");
            } else {
                write_json(&item, &JsonPath::Index(path, i), depth + 1, budget, out)?;
            }
        }
        out.push(']');
        return Ok(());
    }
    let keys = object_keys(value).map_err(|_| {
        bad(
            &path.to_string(),
            format!("the keys of {path} cannot be read"),
        )
    })?;
    if keys.length() as usize > *budget {
        return Err(too_large());
    }
    out.push('{');
    let mut first = true;
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        let item = own_value(value, &key, path)?;
        if skipped(&item) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        push_json_string(&name, out)?;
        out.push(':');
        write_json(&item, &JsonPath::Key(path, &name), depth + 1, budget, out)?;
    }
    out.push('}');
    Ok(())
}

/// Values `JSON.stringify` leaves out of objects (and writes as `null` in arrays).
fn skipped(value: &JsValue) -> bool {
    value.is_undefined() || value.is_function() || value.is_symbol()
}

/// An own property's value (`undefined` for none); a getter or trap that throws is the
/// caller's mistake.
fn own_value(object: &JsValue, key: &JsValue, path: &JsonPath<'_>) -> Result<JsValue> {
    own(object, key).map_err(|()| {
        let name = key
            .as_string()
            .or_else(|| key.as_f64().map(|n| n.to_string()))
            .unwrap_or_default();
        bad(
            &path.to_string(),
            format!("reading {path}.{name} threw an exception"),
        )
    })
}

fn push_json_string(text: &str, out: &mut String) -> Result<()> {
    let quoted = serde_json::to_string(text)
        .map_err(|e| internal(format!("text could not be written as JSON: {e}")))?;
    out.push_str(&quoted);
    Ok(())
}

/// A number as `JSON.stringify` writes it: `null` unless finite, whole numbers without
/// a fraction.
fn push_json_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", n as i64);
    } else if let Some(number) = serde_json::Number::from_f64(n) {
        let _ = write!(out, "{number}");
    } else {
        out.push_str("null");
    }
}

pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Fails on any key the object should not have, naming it and the keys it may have.
pub(crate) fn known_keys(object: &JsValue, keys: &[&str], prefix: &str) -> Result<()> {
    let name = prefix
        .strip_suffix('.')
        .filter(|p| !p.is_empty())
        .unwrap_or("options");
    if !object.is_object() || Array::is_array(object) || object.is_function() {
        return Err(bad(
            name,
            format!("{name} must be an object of options ({})", keys.join(", ")),
        ));
    }
    let own_keys = object_keys(object).map_err(|_| {
        bad(
            name,
            format!("the keys of {name} cannot be read: listing them threw"),
        )
    })?;
    let mut c = Collector::default();
    let mut unknown = 0;
    for key in own_keys.iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            // Past the problems an error keeps, the rest are only counted.
            let message = if unknown < MAX_PROBLEMS {
                format!(
                    "unknown option “{prefix}{key}”; the options are {}",
                    keys.join(", ")
                )
            } else {
                String::new()
            };
            unknown += 1;
            c.push(Code::BadArgument, &format!("{prefix}{key}"), message);
        }
    }
    c.finish()
}

pub(crate) fn string(value: &JsValue, field: &str) -> Result<String> {
    value
        .as_string()
        .ok_or_else(|| bad(field, format!("{field} must be a string")))
}

fn date_arg(value: &JsValue, field: &str) -> Result<NaiveDate> {
    let text = value.as_string().ok_or_else(|| {
        Error::new(
            Code::BadDate,
            format!("{field} must be a date written YYYY-MM-DD"),
        )
        .in_field(field)
    })?;
    calendar::parse_date(&text).map_err(|e| e.in_field(field))
}

fn integer(value: &JsValue, field: &str) -> Result<i64> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() <= 1e9 => Ok(n as i64),
        _ => Err(bad(field, format!("{field} must be a whole number"))),
    }
}

/// A year as the calendar sees it; huge values are out of range, not wrapped.
fn year(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn optional_count(options: &JsValue, field: &str) -> Result<Option<u32>> {
    let value = get(options, field);
    if is_absent(&value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=1e6).contains(&n) => Ok(Some(n as u32)),
        _ => Err(bad(
            field,
            format!("{field} must be a whole number of working days, 0 or more"),
        )),
    }
}

fn calendar_arg(closures: &JsValue) -> Result<Calendar> {
    if is_absent(closures) {
        return Ok(Calendar::default());
    }
    let list = list_arg(
        closures,
        "closures",
        MAX_CLOSURES,
        "dates written YYYY-MM-DD",
    )?;
    let mut c = Collector::default();
    let dates: Vec<Option<NaiveDate>> = list
        .iter()
        .enumerate()
        .map(|(i, v)| c.take(date_arg(v, &format!("closures[{i}]"))))
        .collect();
    c.finish()?;
    Ok(Calendar::with_closures(dates.into_iter().flatten()))
}

fn area_arg(area: &JsValue) -> Result<Vec<Condition>> {
    if is_absent(area) {
        return Ok(Vec::new());
    }
    if !area.is_object() || Array::is_array(area) {
        return Err(bad("area", "area must be an object of true/false facts"));
    }
    let keys: Vec<&str> = AREA_KEYS.iter().map(|(k, _)| *k).collect();
    let mut c = Collector::default();
    c.take(known_keys(area, &keys, "area."));
    let mut facts = Vec::new();
    for (key, condition) in AREA_KEYS {
        let value = get(area, key);
        match value.as_bool() {
            Some(true) => facts.push(condition),
            Some(false) => {}
            None if is_absent(&value) => {}
            None => c.push(
                Code::BadArgument,
                &format!("area.{key}"),
                format!("area.{key} must be true or false"),
            ),
        }
    }
    c.finish()?;
    Ok(facts)
}

// ---- Errors -------------------------------------------------------------------------

/// A sentence: the first letter capitalised.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The TypeScript of the errors and problems every function shares.
#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** One problem of a `DeepDiveError` or of a validation result. */
export interface Problem {
  code: string;
  field: string | null;
  message: string;
}
/** What every function throws on bad input: an `Error` named `DeepDiveError`. */
export type DeepDiveError = Error & {
  code: string;
  problems: Problem[];
  moreProblems?: number;
};
"#;

/// Turns a core error into a JS `Error` with `name`, `code` and `problems`.
pub(crate) fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&sentence(error.message()));
    js.set_name("DeepDiveError");
    let problems = Array::new();
    for p in error.problems() {
        problems.push(&problem_object(p));
    }
    set(&js, "code", &JsValue::from_str(error.code().as_str()));
    set(&js, "problems", &problems);
    set(&js, "moreProblems", &JsValue::from_f64(error.more() as f64));
    js.into()
}

pub(crate) fn problem_object(p: &Problem) -> JsValue {
    let o = Object::new();
    set(&o, "code", &JsValue::from_str(p.code.as_str()));
    let field = p.field.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    set(&o, "field", &field);
    set(&o, "message", &JsValue::from_str(&sentence(&p.message)));
    o.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

pub(crate) fn to_wire<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            to_js(internal(format!(
                "a result could not be handed to JavaScript: {e}"
            )))
        })
}

// ---- Wire types ---------------------------------------------------------------------

/// The TypeScript of the calendar, framework and timetable wire objects below (keep in
/// step with the structs: `tests/js/wire-types.test.mjs` checks the keys on real data).
#[wasm_bindgen(typescript_custom_section)]
const TS_WIRE: &'static str = r#"
export interface Holiday {
  date: string;
  name: string;
}
export type FrameworkStatus = 'in-force' | 'ended' | 'proposal-dropped';
export interface FrameworkBrief {
  id: string;
  title: string;
  shortTitle: string;
  status: FrameworkStatus;
  statusText: string;
  summary: string;
  start: string | null;
  end: string | null;
}
/**
 * One framework's whole record, as `frameworks/*.json` has it (see `docs/`); the nested
 * records are the core's own serde types.
 */
export interface Framework {
  id: string;
  title: string;
  shortTitle: string;
  summary: string;
  // any: the nested records mirror src/frameworks/mod.rs's serde types field for field.
  status: any;
  dates: any;
  agencies: any[];
  notice: any;
  onsite: any;
  jointAudit?: any;
  judgements: any;
  themes: any[];
  reporting: any;
  facts: any[];
  sources: any[];
}
/** The options of `timetableIcs`: `timetable`'s, and the file's DTSTAMP (RFC 3339; default now). */
export interface TimetableIcsOptions extends TimetableOptions {
  at?: string;
}
/** The options of `timetable`. */
export interface TimetableOptions {
  framework: string;
  onsiteStart: string;
  area?: {
    prisonMotherAndBabyUnit?: boolean;
    immigrationRemovalCentre?: boolean;
    youngOffenderInstitution?: boolean;
    cpsConcerns?: boolean;
  } | null;
  closures?: string[] | null;
  noticeWorkingDays?: number | null;
  letterDueWorkingDays?: number | null;
}
export interface FrameworkRef {
  id: string;
  title: string;
  shortTitle: string;
  status: FrameworkStatus;
}
export interface Notification {
  date: string;
  weekday: string;
  workingDaysBefore: number;
  description: string;
}
export interface Span {
  from: string;
  to: string;
  workingDays: number;
  description?: string;
}
export interface Phase {
  name: string;
  start: string;
  end: string;
  workingDays: number;
  onsite: boolean;
}
export interface Letter {
  product: string;
  due: string;
  workingDaysAfterOnsite: number;
  recipients: string[];
  source: string;
}
export interface ThemeItem {
  name: string;
  source: string;
}
export interface Themes {
  from: string;
  to: string | null;
  items: ThemeItem[];
  indicative: boolean;
}
export interface TimetableAgency {
  id: string;
  name: string;
  role: string;
  reason: string;
  source: string;
}
export interface NotTakingPart {
  id: string;
  name: string;
  condition: string;
}
export interface JudgementItem {
  name: string;
  subJudgements: string[];
}
export interface Judgements {
  kind: string;
  scale: string[] | null;
  description: string;
  items: JudgementItem[];
}
export interface DayOff {
  date: string;
  reason: string;
}
export interface Assumption {
  text: string;
  source: string;
}
export interface Warning {
  code: string;
  message: string;
}
/** The timetable of an inspection. */
export interface Timetable {
  framework: FrameworkRef;
  onsiteStart: string;
  onsiteEnd: string;
  unannounced: boolean;
  notification: Notification | null;
  noticePeriod: Span | null;
  jointAudit: Span | null;
  onsiteDays: string[];
  phases: Phase[];
  letter: Letter;
  themes: Themes | null;
  agencies: TimetableAgency[];
  notTakingPart: NotTakingPart[];
  judgements: Judgements;
  daysOff: DayOff[];
  assumptions: Assumption[];
  warnings: Warning[];
}
"#;

#[derive(Serialize)]
struct HolidayWire {
    date: String,
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameworkBrief {
    id: String,
    title: String,
    short_title: String,
    status: &'static str,
    status_text: String,
    summary: String,
    start: Option<String>,
    end: Option<String>,
}

impl From<&Framework> for FrameworkBrief {
    fn from(f: &Framework) -> Self {
        FrameworkBrief {
            id: f.id.clone(),
            title: f.title.clone(),
            short_title: f.short_title.clone(),
            status: f.status.kind.as_str(),
            status_text: f.status.text.clone(),
            summary: f.summary.clone(),
            start: f.dates.start.as_ref().map(|d| format_date(d.date)),
            end: f.dates.end.as_ref().map(|d| format_date(d.date)),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameworkRef {
    id: String,
    title: String,
    short_title: String,
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationWire {
    date: String,
    weekday: &'static str,
    working_days_before: u32,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpanWire {
    from: String,
    to: String,
    working_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

impl SpanWire {
    fn new(span: &Span, description: Option<String>) -> SpanWire {
        SpanWire {
            from: format_date(span.from),
            to: format_date(span.to),
            working_days: span.working_days,
            description,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhaseWire {
    name: String,
    start: String,
    end: String,
    working_days: u32,
    onsite: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LetterWire {
    product: String,
    due: String,
    working_days_after_onsite: u32,
    recipients: Vec<String>,
    source: &'static str,
}

#[derive(Serialize)]
struct ThemeItem {
    name: String,
    source: &'static str,
}

#[derive(Serialize)]
struct ThemesWire {
    from: String,
    to: Option<String>,
    items: Vec<ThemeItem>,
    indicative: bool,
}

#[derive(Serialize)]
struct AgencyWire {
    id: String,
    name: String,
    role: String,
    reason: String,
    source: &'static str,
}

#[derive(Serialize)]
struct NotTakingWire {
    id: String,
    name: String,
    condition: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JudgementItem {
    name: String,
    sub_judgements: Vec<String>,
}

#[derive(Serialize)]
struct JudgementsWire {
    kind: &'static str,
    scale: Option<Vec<String>>,
    description: String,
    items: Vec<JudgementItem>,
}

#[derive(Serialize)]
struct DayOffWire {
    date: String,
    reason: String,
}

#[derive(Serialize)]
struct AssumptionWire {
    text: String,
    source: &'static str,
}

#[derive(Serialize)]
struct WarningWire {
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimetableWire {
    framework: FrameworkRef,
    onsite_start: String,
    onsite_end: String,
    unannounced: bool,
    notification: Option<NotificationWire>,
    notice_period: Option<SpanWire>,
    joint_audit: Option<SpanWire>,
    onsite_days: Vec<String>,
    phases: Vec<PhaseWire>,
    letter: LetterWire,
    themes: Option<ThemesWire>,
    agencies: Vec<AgencyWire>,
    not_taking_part: Vec<NotTakingWire>,
    judgements: JudgementsWire,
    days_off: Vec<DayOffWire>,
    assumptions: Vec<AssumptionWire>,
    warnings: Vec<WarningWire>,
}

impl From<&Timetable<'_>> for TimetableWire {
    fn from(t: &Timetable<'_>) -> Self {
        let f = t.framework;
        let unannounced = f.notice.kind == frameworks::NoticeKind::Unannounced;
        TimetableWire {
            framework: FrameworkRef {
                id: f.id.clone(),
                title: f.title.clone(),
                short_title: f.short_title.clone(),
                status: f.status.kind.as_str(),
            },
            onsite_start: format_date(t.onsite_start),
            onsite_end: format_date(t.onsite_end),
            unannounced,
            notification: t.notification.as_ref().map(|n| NotificationWire {
                date: format_date(n.date),
                weekday: frameworks::weekday_name(n.date.weekday()),
                working_days_before: n.working_days_before,
                description: if unannounced {
                    format!("The area is called on {} (unannounced)", long_date(n.date))
                } else {
                    format!("The area is told on {}", long_date(n.date))
                },
            }),
            notice_period: t.notice_period.as_ref().map(|s| SpanWire::new(s, None)),
            joint_audit: t
                .joint_audit
                .as_ref()
                .map(|s| SpanWire::new(s, f.joint_audit.as_ref().map(|j| j.description.clone()))),
            onsite_days: t.onsite_days.iter().copied().map(format_date).collect(),
            phases: t
                .phases
                .iter()
                .map(|p| PhaseWire {
                    name: p.name.to_owned(),
                    start: format_date(p.start),
                    end: format_date(p.end),
                    working_days: p.working_days,
                    onsite: p.onsite,
                })
                .collect(),
            letter: LetterWire {
                product: f.reporting.product.clone(),
                due: format_date(t.letter_due),
                working_days_after_onsite: t.letter_working_days,
                recipients: f.reporting.recipients.clone(),
                source: f.reporting.due_working_days.source.as_str(),
            },
            themes: t.themes.map(|p| ThemesWire {
                from: format_date(p.from),
                to: p.to.map(format_date),
                items: p
                    .themes
                    .iter()
                    .map(|name| ThemeItem {
                        name: name.clone(),
                        source: p.source.as_str(),
                    })
                    .collect(),
                indicative: p.indicative,
            }),
            agencies: t
                .agencies
                .iter()
                .map(|a| AgencyWire {
                    id: a.agency.id.clone(),
                    name: a.agency.name.clone(),
                    role: a.agency.role.clone(),
                    reason: a.reason.clone(),
                    source: a.agency.source.as_str(),
                })
                .collect(),
            not_taking_part: t
                .not_taking_part
                .iter()
                .map(|n| NotTakingWire {
                    id: n.agency.id.clone(),
                    name: n.agency.name.clone(),
                    condition: n.condition.clone(),
                })
                .collect(),
            judgements: JudgementsWire {
                kind: f.judgements.kind.as_str(),
                scale: f.judgements.scale.as_ref().map(|s| s.grades.clone()),
                description: f.judgements.description.clone(),
                items: f
                    .judgements
                    .items
                    .iter()
                    .map(|j| JudgementItem {
                        name: j.name.clone(),
                        sub_judgements: j.sub_judgements.clone(),
                    })
                    .collect(),
            },
            days_off: t
                .days_lost
                .iter()
                .map(|d| DayOffWire {
                    date: format_date(d.date),
                    reason: d.reason.clone(),
                })
                .collect(),
            assumptions: t
                .assumptions
                .iter()
                .map(|a| AssumptionWire {
                    text: a.text.clone(),
                    source: a.source.as_str(),
                })
                .collect(),
            warnings: t
                .warnings
                .iter()
                .map(|w| WarningWire {
                    code: w.code,
                    message: w.message.clone(),
                })
                .collect(),
        }
    }
}

// ---- CSV files ----------------------------------------------------------------------

/// The most rows [`csv_text`] takes: Excel's last row.
const CSV_MAX_ROWS: u32 = 1_048_576;
/// The most cells in one row: Excel's last column, XFD.
const CSV_MAX_CELLS: u32 = 16_384;
/// The most text in all cells together, in UTF-16 code units (JavaScript's `length`).
const CSV_MAX_TEXT: u32 = 32 << 20;

/// A CSV file from rows of text cells, `[[heading, …], [cell, …], …]`, written by the
/// core's one CSV writer ([`crate::export_csv`]): a byte-order mark, CRLF line ends,
/// RFC 4180 quoting, and every cell a spreadsheet could run as a formula neutralised.
/// At most 1,048,576 rows of 16,384 cells and 33,554,432 UTF-16 code units of text in
/// all; beyond that, or for a row that is not a list or a cell that is not text,
/// `bad-argument` naming the first such row or cell.
#[wasm_bindgen(js_name = csvText)]
pub fn csv_text(
    #[wasm_bindgen(unchecked_param_type = "string[][]")] rows: JsValue,
) -> JsResult<String> {
    csv_rows(&rows)
        .map(|rows| crate::export_csv::file(&rows))
        .map_err(to_js)
}

/// The sample export's rows (`csvText`'s, the heading first) with every cell of the named
/// columns replaced by its keyed pseudonym, `HMAC-SHA-256(key, cell)` as 64 hex digits
/// (an empty cell stays empty; see [`crate::pseudonym`]). `key` is 32 bytes written as 64
/// hex digits, made by the page (`crypto.getRandomValues`): the core has no randomness.
/// The rows are limited as `csvText`'s; an unknown or repeated column is `bad-argument`
/// naming `columns[i]`, all of them together.
#[wasm_bindgen(js_name = pseudonymiseRows, unchecked_return_type = "string[][]")]
pub fn pseudonymise_rows(
    #[wasm_bindgen(unchecked_param_type = "string[][]")] rows: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] columns: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let rows = c.take(csv_rows(&rows));
    let columns = c.take(column_names(&columns));
    let key = c.take(string(&key, "key").and_then(|k| crate::pseudonym::key_from_hex(&k, "key")));
    let (rows, columns, key) = c
        .finish_with(|| Some((rows?, columns?, key?)))
        .map_err(to_js)?;
    let out = crate::pseudonym::pseudonymise_rows(&rows, &columns, &key).map_err(to_js)?;
    to_wire(&out)
}

/// A list of column names, at most as many as a CSV row has cells.
fn column_names(columns: &JsValue) -> Result<Vec<String>> {
    if !Array::is_array(columns) {
        return Err(bad("columns", "columns must be a list of column names"));
    }
    let list: &Array = columns.unchecked_ref();
    if list.length() > CSV_MAX_CELLS {
        return Err(bad(
            "columns",
            format!(
                "columns has {} names; the most is {CSV_MAX_CELLS}",
                list.length()
            ),
        ));
    }
    let mut c = Collector::default();
    let names: Vec<Option<String>> = (0..list.length())
        .map(|i| c.take(string(&list.get(i), &format!("columns[{i}]"))))
        .collect();
    c.finish_with(|| names.into_iter().collect())
}

fn csv_rows(rows: &JsValue) -> Result<Vec<Vec<String>>> {
    let shape = "rows must be a list of rows, each a list of text cells";
    if !Array::is_array(rows) {
        return Err(bad("rows", shape));
    }
    let rows: &Array = rows.unchecked_ref();
    if rows.length() > CSV_MAX_ROWS {
        return Err(bad(
            "rows",
            format!(
                "rows has {} rows; the most is {CSV_MAX_ROWS}",
                rows.length()
            ),
        ));
    }
    let mut text: u32 = 0;
    let mut out = Vec::with_capacity(rows.length() as usize);
    for i in 0..rows.length() {
        let row = rows.get(i);
        if !Array::is_array(&row) {
            return Err(bad(&format!("rows[{i}]"), shape));
        }
        let row: &Array = row.unchecked_ref();
        if row.length() > CSV_MAX_CELLS {
            return Err(bad(
                &format!("rows[{i}]"),
                format!(
                    "rows[{i}] has {} cells; the most is {CSV_MAX_CELLS}",
                    row.length()
                ),
            ));
        }
        let mut cells = Vec::with_capacity(row.length() as usize);
        for j in 0..row.length() {
            let cell = row.get(j);
            let field = || format!("rows[{i}][{j}]");
            let Some(js) = cell.dyn_ref::<js_sys::JsString>() else {
                return Err(bad(&field(), format!("{} must be text", field())));
            };
            text = text.saturating_add(js.length());
            if text > CSV_MAX_TEXT {
                return Err(bad(
                    &field(),
                    format!("the cells up to {} hold more than {CSV_MAX_TEXT} characters of text, the most a CSV file may have", field()),
                ));
            }
            cells.push(String::from(js));
        }
        out.push(cells);
    }
    Ok(out)
}
