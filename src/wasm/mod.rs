//! The boundary with JavaScript: the only module that uses wasm-bindgen.
//!
//! `mod.rs` holds the calendar, framework and timetable functions and what every part of
//! the boundary shares (argument readers, the error conversion, serialisation);
//! [`consultation`] adds the consultation functions.
//!
//! Each exported function takes loosely typed JavaScript values, checks them strictly
//! (naming the argument or field in every problem), calls the pure core, and converts the
//! result into this module's own wire types. Every failure becomes a JS `Error` named
//! `DeepDiveError` with a stable `code` and the full list of `problems`; nothing panics
//! across the boundary.

use crate::calendar::{self, format_date, Calendar};
use crate::error::{Code, Collector, Error, Problem, Result};
use crate::frameworks::{self, Condition, Framework};
use crate::notice::{self, long_date, Request, Span, Timetable};
use chrono::{Datelike, NaiveDate};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
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
#[wasm_bindgen]
pub fn frameworks() -> JsResult<JsValue> {
    let list = frameworks::all().map_err(to_js)?;
    to_wire(&list.iter().map(FrameworkBrief::from).collect::<Vec<_>>())
}

/// One framework's whole record.
#[wasm_bindgen]
pub fn framework(id: JsValue) -> JsResult<JsValue> {
    let id = string(&id, "id").map_err(to_js)?;
    to_wire(frameworks::get(&id).map_err(to_js)?)
}

/// The bank holidays from `fromYear` to `toYear`, in date order.
#[wasm_bindgen(js_name = bankHolidays)]
pub fn bank_holidays(from_year: JsValue, to_year: JsValue) -> JsResult<JsValue> {
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
pub fn is_working_day(date: JsValue, closures: JsValue) -> JsResult<bool> {
    let mut c = Collector::default();
    let date = c.take(date_arg(&date, "date"));
    let cal = c.take(calendar_arg(&closures));
    let (d, cal) = c.finish_with(|| Some((date?, cal?))).map_err(to_js)?;
    cal.is_working_day(d).map_err(|e| to_js(e.in_field("date")))
}

/// The n-th working day after (n > 0) or before (n < 0) a date; the date itself for 0.
#[wasm_bindgen(js_name = addWorkingDays)]
pub fn add_working_days(date: JsValue, n: JsValue, closures: JsValue) -> JsResult<String> {
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
pub fn working_days_between(start: JsValue, end: JsValue, closures: JsValue) -> JsResult<f64> {
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
#[wasm_bindgen]
pub fn timetable(options: JsValue) -> JsResult<JsValue> {
    let opts = TimetableOptions::read(&options).map_err(to_js)?;
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
    fn read(options: &JsValue) -> Result<TimetableOptions> {
        if !options.is_object() || Array::is_array(options) {
            return Err(bad(
                "options",
                "timetable needs an object such as {framework: 'jtai-2015', onsiteStart: '2015-10-05'}",
            ));
        }
        let mut c = Collector::default();
        c.take(known_keys(options, &TIMETABLE_KEYS, ""));
        let framework = c.take(
            string(&get(options, "framework"), "framework")
                .and_then(|id| frameworks::get(&id).map_err(|e| e.in_field("framework"))),
        );
        let onsite_start = c.take(date_arg(&get(options, "onsiteStart"), "onsiteStart"));
        let area = c.take(area_arg(&get(options, "area"))).unwrap_or_default();
        let calendar = c.take(calendar_arg(&get(options, "closures")));
        let notice = c.take(optional_count(options, "noticeWorkingDays"));
        let letter = c.take(optional_count(options, "letterDueWorkingDays"));
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

pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Fails on any key the object should not have, naming it and the keys it may have.
pub(crate) fn known_keys(object: &JsValue, keys: &[&str], prefix: &str) -> Result<()> {
    let mut c = Collector::default();
    for key in Object::keys(object.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            c.push(
                Code::BadArgument,
                &format!("{prefix}{key}"),
                format!(
                    "unknown option “{prefix}{key}”; the options are {}",
                    keys.join(", ")
                ),
            );
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
    if !Array::is_array(closures) {
        return Err(bad(
            "closures",
            "closures must be a list of dates written YYYY-MM-DD",
        ));
    }
    let mut c = Collector::default();
    let dates: Vec<Option<NaiveDate>> = Array::from(closures)
        .iter()
        .enumerate()
        .map(|(i, v)| c.take(date_arg(&v, &format!("closures[{i}]"))))
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
        .map_err(|e| to_js(Error::new(Code::BadArgument, format!("internal: {e}"))))
}

// ---- Wire types ---------------------------------------------------------------------

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
pub fn csv_text(rows: JsValue) -> JsResult<String> {
    csv_rows(&rows)
        .map(|rows| crate::export_csv::file(&rows))
        .map_err(to_js)
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
