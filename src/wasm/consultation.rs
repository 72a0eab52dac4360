//! The consultation functions of the JavaScript API: built-in definitions, checking a
//! definition or a response, a consultation's state at a moment, and the team's summary
//! and CSV exports.
//!
//! Definitions and responses arrive as JSON text (a file's contents) or as plain objects;
//! objects are written out from their own properties ([`own_json`]) and read by the core's
//! one JSON reader, so both routes report problems the same way. At most
//! [`MAX_RESPONSES`] responses are read in one call.

use super::{
    bad, get, internal, is_absent, known_keys, list_arg, own_json, own_json_within, problem_object,
    string, to_js, to_wire, JsResult, MAX_JSON_VALUES,
};
use crate::consultation::{self, export, response, summarise, Consultation, Incoming, Options};
use crate::error::{Collector, Error, Result, MAX_PROBLEMS};
use js_sys::{Array, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The most responses one call reads (`summariseResponses`, the CSV exports).
pub const MAX_RESPONSES: u32 = 50_000;

/// The text of a JSON argument: a string as it is, an object written out from its own
/// properties.
fn json_text(value: &JsValue, field: &str) -> Result<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_object() {
        return own_json(value, field);
    }
    Err(bad(
        field,
        format!("{field} must be JSON text or a plain object"),
    ))
}

/// A checked definition, or every problem with it.
fn definition_arg(value: &JsValue) -> Result<Consultation> {
    consultation::parse(&json_text(value, "definition")?)
}

fn problems_json(e: &Error) -> Array {
    e.problems().iter().map(problem_object).collect()
}

/// A list of problems for a result object: at most [`MAX_PROBLEMS`] of them, and how many
/// more there were.
fn capped_problems(problems: &[crate::error::Problem]) -> (Array, usize) {
    let kept = problems.len().min(MAX_PROBLEMS);
    let list = problems[..kept].iter().map(problem_object).collect();
    (list, problems.len() - kept)
}

/// The TypeScript of the consultation wire objects (keep in step with the functions below
/// and `Summary::to_json`: `tests/js/wire-types.test.mjs` checks the keys on real data).
#[wasm_bindgen(typescript_custom_section)]
const TS_CONSULTATION: &'static str = r#"
// any: a definition or a response is the user's JSON (docs/consultation-format.md), checked by the core.
export type ConsultationJson = string | ConsultationDefinition;
// any: a definition's fields are the user's JSON, as docs/consultation-format.md describes them.
export type ConsultationDefinition = Record<string, any>;
export interface ConsultationBrief {
  id: string;
  version: number;
  title: string;
  opens: string;
  closes: string;
}
export interface ConsultationValidation {
  ok: boolean;
  problems: Problem[];
  moreProblems?: number;
  id?: string;
  version?: number;
  definitionSha256?: string;
  // any: the definition as a form shows it (`Consultation::form_json`), documented in docs/consultation-format.md.
  form?: any;
}
export interface BilingualText {
  en: string;
  cy: string;
}
export interface ConsultationStatus {
  state: 'not-open' | 'open' | 'closed';
  opens: string;
  closes: string;
  opensText: BilingualText;
  closesText: BilingualText;
}
export interface ResponseValidation {
  ok: boolean;
  problems: Problem[];
  moreProblems: number;
  // any: each answer is the respondent's value for its question's type.
  answers: Record<string, any>;
  dropped: string[];
}
/** A response file: its name and its text. */
export interface ResponseFile {
  name: string;
  text: string;
}
export type ResponseInput = ResponseFile | ConsultationJson;
export interface SummaryOptions {
  includeLate?: boolean | null;
}
export interface CsvOptions extends SummaryOptions {
  headings?: 'wording' | 'codes' | null;
}
export interface Count {
  count: number;
  percent: number;
}
export type ByRespondentType<T> = Record<string, T>;
export interface OptionCount {
  value: string;
  label: string;
  count: number;
  percent: number;
  byRespondentType: ByRespondentType<Count>;
}
export interface TextAnswer {
  response: number;
  text: string;
  respondentType: string;
  consent: string;
}
export interface QuestionSummary {
  id: string;
  type: string;
  text: string;
  shown: number;
  answered: number;
  answeredByRespondentType: ByRespondentType<number>;
  options?: OptionCount[];
  roles?: OptionCount[];
  texts?: TextAnswer[];
}
export interface LateResponse {
  index: number;
  name: string;
  id: string;
  submitted: string;
}
export interface RejectedResponse {
  index: number;
  name: string;
  id: string | null;
  problems: Problem[];
}
export interface ResponsesSummary {
  consultation: {
    id: string;
    version: number;
    definitionSha256: string;
    title: string;
    opens: string;
    closes: string;
  };
  total: number;
  accepted: number;
  counted: number;
  includeLate: boolean;
  late: LateResponse[];
  rejected: RejectedResponse[];
  byRespondentType: ByRespondentType<number>;
  questions: QuestionSummary[];
}
"#;

/// The built-in consultations, in brief: `[{id, version, title, opens, closes}]`.
#[wasm_bindgen(unchecked_return_type = "ConsultationBrief[]")]
pub fn consultations() -> JsResult<JsValue> {
    let list = consultation::builtins().map_err(to_js)?;
    let brief: Vec<Value> = list
        .iter()
        .map(|c| {
            json!({
                "id": c.id(),
                "version": c.version(),
                "title": c.definition().title.en(),
                "opens": c.opens().to_rfc3339(),
                "closes": c.closes().to_rfc3339(),
            })
        })
        .collect();
    to_wire(&brief)
}

/// A built-in definition as a plain object, exactly as embedded.
#[wasm_bindgen(
    js_name = consultationDefinition,
    unchecked_return_type = "ConsultationDefinition"
)]
pub fn consultation_definition(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> JsResult<JsValue> {
    let id = string(&id, "id").map_err(to_js)?;
    consultation::builtin(&id).map_err(to_js)?;
    let text = consultation::builtin_text(&id).unwrap_or("{}");
    JSON::parse(text).map_err(|_| to_js(internal("the built-in definition is not JSON")))
}

/// Checks a definition: `{ok, problems, id, version, definitionSha256, form}` (the last
/// four only when it is valid; `form` is the definition as a form shows it, with the fixed
/// options, roles and limits filled in, see [`Consultation::form_json`]). Throws only when the argument is neither text nor an object.
#[wasm_bindgen(
    js_name = validateConsultation,
    unchecked_return_type = "ConsultationValidation"
)]
pub fn validate_consultation(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
) -> JsResult<JsValue> {
    let text = json_text(&definition, "definition").map_err(to_js)?;
    let out = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
    };
    match consultation::parse(&text) {
        Ok(c) => {
            set("ok", &JsValue::TRUE);
            set("problems", &Array::new());
            set("id", &JsValue::from_str(c.id()));
            set("version", &JsValue::from(c.version()));
            set("definitionSha256", &JsValue::from_str(c.hash()));
            set("form", &to_wire(&c.form_json())?);
        }
        Err(e) => {
            set("ok", &JsValue::FALSE);
            set("problems", &problems_json(&e));
            set("moreProblems", &JsValue::from_f64(e.more() as f64));
        }
    }
    Ok(out.into())
}

/// The consultation's state at `nowIso` (an RFC 3339 moment with its offset):
/// `{state: 'not-open' | 'open' | 'closed', opens, closes, opensText, closesText}`.
#[wasm_bindgen(js_name = consultationStatus, unchecked_return_type = "ConsultationStatus")]
pub fn consultation_status(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
    #[wasm_bindgen(js_name = nowIso, unchecked_param_type = "string")] now_iso: JsValue,
) -> JsResult<JsValue> {
    let mut c = Collector::default();
    let def = c.take(definition_arg(&definition));
    let now = c.take(string(&now_iso, "now"));
    let (def, now) = c.finish_with(|| Some((def?, now?))).map_err(to_js)?;
    let s = consultation::status(&def, &now).map_err(to_js)?;
    to_wire(&json!({
        "state": s.state.as_str(),
        "opens": s.opens.to_rfc3339(),
        "closes": s.closes.to_rfc3339(),
        "opensText": {"en": s.opens.describe(false), "cy": s.opens.describe(true)},
        "closesText": {"en": s.closes.describe(false), "cy": s.closes.describe(true)},
    }))
}

/// Checks a response against its definition: `{ok, problems, answers, dropped}`, where
/// `answers` keeps only the questions the respondent was shown.
#[wasm_bindgen(js_name = validateResponse, unchecked_return_type = "ResponseValidation")]
pub fn validate_response(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] response: JsValue,
) -> JsResult<JsValue> {
    let def = definition_arg(&definition).map_err(to_js)?;
    let text = json_text(&response, "response").map_err(to_js)?;
    let out = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
    };
    match response::parse(&text) {
        Err(e) => {
            set("ok", &JsValue::FALSE);
            set("problems", &problems_json(&e));
            set("moreProblems", &JsValue::from_f64(e.more() as f64));
            set("answers", &js_sys::Object::new());
            set("dropped", &Array::new());
        }
        Ok(r) => {
            let checked = response::validate(&def, &r);
            set("ok", &JsValue::from_bool(checked.ok()));
            let (problems, more) = capped_problems(&checked.problems);
            set("problems", &problems);
            set("moreProblems", &JsValue::from_f64(more as f64));
            set(
                "answers",
                &to_wire(&Value::Object(checked.answers.to_json(&def)))?,
            );
            let dropped: Array = checked
                .dropped
                .iter()
                .map(|d| JsValue::from_str(d))
                .collect();
            set("dropped", &dropped);
        }
    }
    Ok(out.into())
}

/// Reads the responses argument: an array whose items are JSON text, `{name, text}`, or a
/// response object.
fn incoming(responses: &JsValue) -> Result<Vec<Incoming>> {
    let responses = list_arg(
        responses,
        "responses",
        MAX_RESPONSES,
        "response files ({name, text}), texts or objects",
    )?;
    let mut list = Vec::new();
    let mut budget = MAX_JSON_VALUES;
    for (i, item) in responses.into_iter().enumerate() {
        let default_name = format!("response {}", i + 1);
        let file_text = get(&item, "text");
        let incoming = match (item.as_string(), file_text.as_string()) {
            (Some(text), _) => Incoming::from_text(default_name, &text),
            (None, Some(text)) => {
                let name = get(&item, "name").as_string().unwrap_or(default_name);
                Incoming::from_text(name, &text)
            }
            (None, None) => {
                // Response objects share one budget of values between them.
                let field = format!("responses[{i}]");
                let text = if item.is_object() {
                    own_json_within(&item, &field, &mut budget)?
                } else {
                    json_text(&item, &field)?
                };
                Incoming::from_text(default_name, &text)
            }
        };
        list.push(incoming);
    }
    Ok(list)
}

fn options_arg(options: &JsValue, keys: &[&str]) -> Result<Options> {
    if is_absent(options) {
        return Ok(Options::default());
    }
    known_keys(options, keys, "options.")?;
    let late = get(options, "includeLate");
    match late.as_bool() {
        Some(include_late) => Ok(Options { include_late }),
        None if is_absent(&late) => Ok(Options::default()),
        None => Err(bad(
            "options.includeLate",
            "options.includeLate must be true or false",
        )),
    }
}

/// Checks and counts many responses: `{total, accepted, counted, late, rejected: [{index,
/// name, id, problems}], byRespondentType, questions}`. `options.includeLate` counts late
/// responses too (they are listed apart either way).
#[wasm_bindgen(js_name = summariseResponses, unchecked_return_type = "ResponsesSummary")]
pub fn summarise_responses(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResponseInput[]")] responses: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SummaryOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    let (def, list, opts) = summary_args(&definition, &responses, &options)?;
    to_wire(&summarise(&def, &list, opts).to_json(&def))
}

/// Every counted response as CSV (with a byte-order mark), columns in definition order.
/// `options.headings`: `'wording'` (the default: question wording and option labels) or
/// `'codes'` (question ids and option values).
#[wasm_bindgen(js_name = responsesCsv)]
pub fn responses_csv(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResponseInput[]")] responses: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions | null")] options: JsValue,
) -> JsResult<String> {
    let (def, list, opts, headings) = csv_args(&definition, &responses, &options)?;
    Ok(export::responses_csv(
        &def,
        &summarise(&def, &list, opts),
        headings,
    ))
}

/// The publication CSV: only responses whose respondents consented, without personal fields.
/// `options.headings` as for [`responses_csv`].
#[wasm_bindgen(js_name = publicationCsv)]
pub fn publication_csv(
    #[wasm_bindgen(unchecked_param_type = "ConsultationJson")] definition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResponseInput[]")] responses: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions | null")] options: JsValue,
) -> JsResult<String> {
    let (def, list, opts, headings) = csv_args(&definition, &responses, &options)?;
    Ok(export::publication_csv(
        &def,
        &summarise(&def, &list, opts),
        headings,
    ))
}

fn csv_args(
    definition: &JsValue,
    responses: &JsValue,
    options: &JsValue,
) -> JsResult<(Consultation, Vec<Incoming>, Options, export::Headings)> {
    let mut c = Collector::default();
    let def = c.take(definition_arg(definition));
    let list = c.take(incoming(responses));
    let opts = c.take(options_arg(options, &["includeLate", "headings"]));
    let headings = c.take(headings_arg(options));
    c.finish_with(|| Some((def?, list?, opts?, headings?)))
        .map_err(to_js)
}

fn headings_arg(options: &JsValue) -> Result<export::Headings> {
    let value = if is_absent(options) {
        JsValue::UNDEFINED
    } else {
        get(options, "headings")
    };
    if is_absent(&value) {
        return Ok(export::Headings::default());
    }
    value
        .as_string()
        .and_then(|name| export::Headings::from_name(&name))
        .ok_or_else(|| {
            bad(
                "options.headings",
                "options.headings must be 'wording' or 'codes'",
            )
        })
}

fn summary_args(
    definition: &JsValue,
    responses: &JsValue,
    options: &JsValue,
) -> JsResult<(Consultation, Vec<Incoming>, Options)> {
    let mut c = Collector::default();
    let def = c.take(definition_arg(definition));
    let list = c.take(incoming(responses));
    let opts = c.take(options_arg(options, &["includeLate"]));
    c.finish_with(|| Some((def?, list?, opts?))).map_err(to_js)
}
