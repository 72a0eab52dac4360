//! The response file format and the validation of a response against its definition.
//!
//! A response file is JSON: the consultation's id, version and definition hash, a random
//! response id, when the respondent started and submitted (RFC 3339 with their UTC offset),
//! the language they answered in, and the answers by question id. The page writes it; this
//! module reads it ([`parse`]) and checks it ([`validate`]): every problem is returned with
//! its field (`answers.<question id>` for an answer), and answers to questions the
//! respondent was not shown are dropped and listed, never kept.
//!
//! Like the definition, the file is a published format, so [`Response`] derives serde.
//! It is read strictly: a key given twice in any object is refused ([`crate::json`]), so
//! no answer, and above all no consent, depends on which of two values a reader keeps.

use super::definition::{Lang, QuestionType, CONSENT};
use super::time::parse_moment;
use super::validate::{Consultation, Item};
use crate::error::{Code, Error, Problem, Result};
use crate::json;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

fn is_false(b: &bool) -> bool {
    !*b
}

/// A response file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Response {
    /// The consultation's id.
    pub consultation: String,
    /// The consultation's version.
    pub version: u32,
    /// The definition's hash ([`definition_hash`](super::hash::definition_hash)).
    pub definition_sha256: String,
    /// A random UUID, lower-case, e.g. from `crypto.randomUUID()`.
    pub id: String,
    /// When the respondent opened the form, RFC 3339 with their offset.
    pub started: String,
    /// When they submitted it, RFC 3339 with their offset.
    pub submitted: String,
    /// `en` or `cy`: the language they answered in.
    pub language: String,
    /// True when made in the authors' preview; the team's analysis rejects such responses.
    #[serde(default, skip_serializing_if = "is_false")]
    pub preview: bool,
    /// Answers by question id. A choice is its value; multiple choices an array of values;
    /// a text a string; a respondent type `{"type": ..., "role": ...}`. Unanswered
    /// questions are left out (or `null`).
    pub answers: Map<String, Value>,
}

/// A checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The index of the chosen option in [`Item::choices`].
    Choice(usize),
    /// The indexes of the chosen options, in definition order.
    Choices(Vec<usize>),
    Text(String),
    /// Indexes in [`Item::choices`] (individual, organisation, prefer not to say) and
    /// [`Item::roles`].
    Respondent {
        kind: usize,
        role: Option<usize>,
    },
}

/// The checked answers of a response, one place per question in definition order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(Vec<Option<Answer>>);

impl Answers {
    /// The answer to the question at this index, if it was shown and answered.
    pub fn get(&self, question: usize) -> Option<&Answer> {
        self.0.get(question).and_then(Option::as_ref)
    }

    /// The number of questions answered.
    pub fn count(&self) -> usize {
        self.0.iter().filter(|a| a.is_some()).count()
    }

    /// The answers as the response format writes them.
    pub fn to_json(&self, c: &Consultation) -> Map<String, Value> {
        let mut map = Map::new();
        for (item, answer) in c.questions().iter().zip(&self.0) {
            let Some(answer) = answer else { continue };
            let value = |i: usize| Value::String(item.choices[i].value.clone());
            let json = match answer {
                Answer::Choice(i) => value(*i),
                Answer::Choices(list) => Value::Array(list.iter().map(|&i| value(i)).collect()),
                Answer::Text(t) => Value::String(t.clone()),
                Answer::Respondent { kind, role } => {
                    let mut o = Map::new();
                    o.insert("type".to_owned(), value(*kind));
                    if let Some(r) = role {
                        o.insert(
                            "role".to_owned(),
                            Value::String(item.roles[*r].value.clone()),
                        );
                    }
                    Value::Object(o)
                }
            };
            map.insert(item.id.clone(), json);
        }
        map
    }

    /// The consent given: an index in [`CONSENT`] (0 publish in full, 1 anonymously,
    /// 2 do not publish), or `None` when the consent question was not answered.
    pub fn consent(&self, c: &Consultation) -> Option<usize> {
        match self.get(c.consent_question()) {
            Some(Answer::Choice(i)) if *i < CONSENT.len() => Some(*i),
            _ => None,
        }
    }
}

/// What [`validate`] finds.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// Every problem, the envelope's first and then the answers' in definition order.
    pub problems: Vec<Problem>,
    /// The valid answers to questions the respondent was shown.
    pub answers: Answers,
    /// The ids of questions that were not shown but had answers, which were dropped.
    pub dropped: Vec<String>,
    /// When the response was submitted, if that is readable.
    pub submitted: Option<DateTime<FixedOffset>>,
    /// The language, if it is one the consultation offers.
    pub language: Option<Lang>,
}

impl Checked {
    /// Whether the response has no problem.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads a response file.
///
/// # Errors
/// `bad-response` with the line and column when the text is not JSON or not of the
/// response format's shape, or when a key appears twice in one object anywhere in it
/// (`field` is the key's path, e.g. `answers.consent`): the file must mean one thing to
/// every reader, so that consent is never in doubt.
pub fn parse(text: &str) -> Result<Response> {
    if let Some(d) = json::duplicate_key(text) {
        let within = if d.object.is_empty() {
            String::new()
        } else {
            format!(" in “{}”", d.object)
        };
        return Err(Error::new(
            Code::BadResponse,
            format!(
                "the response is not valid: the key “{}” appears twice{within} (line {}, column {}); \
                 a key may appear only once, so that the file means the same to every reader",
                d.key, d.line, d.column
            ),
        )
        .in_field(&d.path()));
    }
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            Code::BadResponse,
            format!(
                "the response is not valid: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Reads a response given as a JSON value (as the JavaScript API receives it), by writing
/// it out and reading it back with [`parse`] (one reader, half the code in WebAssembly).
///
/// # Errors
/// `bad-response` when the value is not of the response format's shape.
pub fn from_value(value: &Value) -> Result<Response> {
    parse(&value.to_string())
}

struct Found(Vec<Problem>);

impl Found {
    fn push(&mut self, code: Code, field: String, message: impl Into<String>) {
        self.0.push(Problem {
            code,
            field: Some(field),
            message: message.into(),
        });
    }
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether the text is a UUID written in lower case, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| is_lower_hex(p, n))
}

/// Whether the text has the shape of an e-mail address: HTML's definition of a valid
/// address (what `<input type="email">` accepts), with a dot in the domain, at most 254
/// characters.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    s.len() <= super::validate::EMAIL_LENGTH && local_ok && domain_ok
}

/// Whether a question is shown, given the answers to the questions before it.
pub fn is_shown(item: &Item, answers: &[Option<Answer>]) -> bool {
    let Some(shown) = &item.shown else {
        return true;
    };
    let on = |i: &usize| shown.when.get(*i).copied().unwrap_or(false);
    match answers.get(shown.question).and_then(Option::as_ref) {
        None | Some(Answer::Text(_)) => false,
        Some(Answer::Choice(i)) => on(i),
        Some(Answer::Choices(list)) => list.iter().any(on),
        Some(Answer::Respondent { kind, .. }) => on(kind),
    }
}

impl Answers {
    /// Whether the question at this index was shown to the respondent.
    pub fn shown(&self, c: &Consultation, question: usize) -> bool {
        c.questions()
            .get(question)
            .is_some_and(|item| is_shown(item, &self.0))
    }
}

/// Checks a response against its consultation.
///
/// The envelope: the consultation id, version and definition hash must match (when one
/// does not, the answers are not checked: they answer another text); the id is a UUID; the
/// times are RFC 3339 with an offset, started no later than submitted; the language is one
/// the consultation offers. Then each answer, in definition order: a question that was not
/// shown (its condition fails on the answers before it) has its answer dropped; a required
/// question that was shown must be answered; a choice must be one the question offers, a
/// multiple choice within `maxChoices`, a text within `maxLength` characters (Unicode scalar
/// values; short text on one line), an e-mail address of the right shape. Blank text and
/// empty choices count as unanswered. An answer to a question the consultation does not
/// have is a problem.
///
/// Whether the response came in time is not judged here: see
/// [`timing`](super::timing) and [`summarise`](super::summary::summarise).
pub fn validate(c: &Consultation, r: &Response) -> Checked {
    let mut f = Found(Vec::new());
    let mut mismatch = false;
    if r.consultation != c.id() {
        mismatch = true;
        f.push(
            Code::WrongConsultation,
            "consultation".to_owned(),
            format!("the response is for “{}”, not “{}”", r.consultation, c.id()),
        );
    } else if r.version != c.version() {
        mismatch = true;
        f.push(
            Code::WrongVersion,
            "version".to_owned(),
            format!(
                "the response answers version {} of “{}”, not version {}",
                r.version,
                c.id(),
                c.version()
            ),
        );
    }
    if !is_lower_hex(&r.definition_sha256, 64) {
        mismatch = true;
        f.push(
            Code::BadResponse,
            "definitionSha256".to_owned(),
            "definitionSha256 must be 64 lower-case hex digits",
        );
    } else if !mismatch && r.definition_sha256 != c.hash() {
        mismatch = true;
        f.push(
            Code::WrongDefinition,
            "definitionSha256".to_owned(),
            format!(
                "the response answers a different text of “{}” version {} (its definition hash differs)",
                c.id(),
                c.version()
            ),
        );
    }
    if !is_uuid(&r.id) {
        f.push(
            Code::BadResponse,
            "id".to_owned(),
            format!("“{}” is not a response id (a lower-case UUID)", r.id),
        );
    }
    let mut moment = |field: &str, text: &str| match parse_moment(text) {
        Ok(t) => Some(t),
        Err(e) => {
            f.0.extend(e.in_field(field).into_problems());
            None
        }
    };
    let started = moment("started", &r.started);
    let submitted = moment("submitted", &r.submitted);
    if let (Some(s), Some(t)) = (started, submitted) {
        if t < s {
            f.push(
                Code::BadResponse,
                "submitted".to_owned(),
                "the response was submitted before it was started",
            );
        }
    }
    let language = Lang::from_code(&r.language).filter(|l| c.languages().contains(l));
    if language.is_none() {
        let offered: Vec<&str> = c.languages().iter().map(|l| l.as_str()).collect();
        f.push(
            Code::BadResponse,
            "language".to_owned(),
            format!(
                "“{}” is not a language of this consultation ({})",
                r.language,
                offered.join(", ")
            ),
        );
    }
    if mismatch {
        return Checked {
            problems: f.0,
            answers: Answers::default(),
            dropped: Vec::new(),
            submitted,
            language,
        };
    }

    let mut answers: Vec<Option<Answer>> = Vec::with_capacity(c.questions().len());
    let mut dropped = Vec::new();
    for item in c.questions() {
        let raw = r.answers.get(&item.id).filter(|v| !v.is_null());
        if !is_shown(item, &answers) {
            if raw.is_some_and(|v| !is_blank(v)) {
                dropped.push(item.id.clone());
            }
            answers.push(None);
            continue;
        }
        let answer = match raw {
            None => None,
            Some(v) => answer(&mut f, item, v),
        };
        if answer.is_none() && item.required && raw.is_none_or(is_blank) {
            f.push(
                Code::AnswerRequired,
                format!("answers.{}", item.id),
                format!("“{}” must be answered", item.id),
            );
        }
        answers.push(answer);
    }
    for key in r.answers.keys() {
        if c.index_of(key).is_none() {
            f.push(
                Code::UnknownQuestion,
                format!("answers.{key}"),
                format!("the consultation has no question “{key}”"),
            );
        }
    }
    Checked {
        problems: f.0,
        answers: Answers(answers),
        dropped,
        submitted,
        language,
    }
}

/// Whether an answer value counts as no answer: blank text, no choices, an empty object.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Checks one answer to a shown question; `None` when it is blank or has a problem.
fn answer(f: &mut Found, item: &Item, v: &Value) -> Option<Answer> {
    use QuestionType as T;
    if is_blank(v) {
        return None;
    }
    // Field names are made only for problems: most answers have none.
    let field = |suffix: &str| format!("answers.{}{suffix}", item.id);
    let wrong = |f: &mut Found, what: &str| {
        f.push(
            Code::BadAnswer,
            field(""),
            format!("the answer to “{}” must be {what}", item.id),
        );
        None
    };
    let unknown = |f: &mut Found, at: String, value: &str, list: &[super::definition::Choice]| {
        let offered: Vec<&str> = list.iter().map(|c| c.value.as_str()).collect();
        f.push(
            Code::UnknownChoice,
            at,
            format!(
                "“{}” does not offer “{value}”; it offers {}",
                item.id,
                offered.join(", ")
            ),
        );
    };
    match item.kind {
        T::SingleChoice | T::AgreeScale | T::YesNo | T::ConsentToPublish => {
            let Some(s) = v.as_str() else {
                return wrong(f, "one of its option values, as text");
            };
            match item.choice(s) {
                Some(i) => Some(Answer::Choice(i)),
                None => {
                    unknown(f, field(""), s, &item.choices);
                    None
                }
            }
        }
        T::MultipleChoice => {
            let Some(list) = v.as_array() else {
                return wrong(f, "a list of option values");
            };
            let mut chosen = Vec::with_capacity(list.len());
            let mut ok = true;
            for (n, x) in list.iter().enumerate() {
                let here = || field(&format!("[{n}]"));
                match x.as_str().map(|s| (s, item.choice(s))) {
                    None => {
                        ok = false;
                        f.push(
                            Code::BadAnswer,
                            here(),
                            "each choice must be an option value, as text",
                        );
                    }
                    Some((s, None)) => {
                        ok = false;
                        unknown(f, here(), s, &item.choices);
                    }
                    Some((s, Some(i))) if chosen.contains(&i) => {
                        ok = false;
                        f.push(Code::BadAnswer, here(), format!("“{s}” is chosen twice"));
                    }
                    Some((_, Some(i))) => chosen.push(i),
                }
            }
            if chosen.len() > item.max_choices {
                ok = false;
                f.push(
                    Code::TooManyChoices,
                    field(""),
                    format!(
                        "“{}” allows at most {} choices; the answer has {}",
                        item.id,
                        item.max_choices,
                        chosen.len()
                    ),
                );
            }
            chosen.sort_unstable();
            ok.then_some(Answer::Choices(chosen))
        }
        T::ShortText | T::LongText | T::Email => {
            let Some(s) = v.as_str() else {
                return wrong(f, "text");
            };
            let length = s.chars().count();
            if length > item.max_length {
                f.push(
                    Code::TooLong,
                    field(""),
                    format!(
                        "the answer to “{}” has {length} characters; the most is {}",
                        item.id, item.max_length
                    ),
                );
                return None;
            }
            if item.kind == T::ShortText && s.contains(['\n', '\r']) {
                return wrong(f, "one line of text");
            }
            if item.kind == T::Email && !is_email(s) {
                f.push(
                    Code::BadEmail,
                    field(""),
                    format!("“{s}” is not an e-mail address such as name@example.org"),
                );
                return None;
            }
            Some(Answer::Text(s.to_owned()))
        }
        T::RespondentType => {
            let Some(o) = v.as_object() else {
                return wrong(f, "an object {\"type\": ..., \"role\": ...}");
            };
            let mut ok = true;
            for key in o.keys() {
                if key != "type" && key != "role" {
                    ok = false;
                    f.push(
                        Code::BadAnswer,
                        field(&format!(".{key}")),
                        "a respondent type has only “type” and “role”",
                    );
                }
            }
            let kind = match o.get("type").and_then(Value::as_str) {
                None => {
                    f.push(
                        Code::BadAnswer,
                        field(".type"),
                        "a respondent type needs “type”: individual, organisation or prefer-not-to-say",
                    );
                    None
                }
                Some(s) => {
                    let k = item.choice(s);
                    if k.is_none() {
                        unknown(f, field(".type"), s, &item.choices);
                    }
                    k
                }
            };
            let role = match o.get("role").filter(|r| !r.is_null()) {
                None => None,
                Some(r) => match r.as_str().map(|s| (s, item.role(s))) {
                    Some((_, Some(i))) => Some(i),
                    Some((s, None)) => {
                        ok = false;
                        unknown(f, field(".role"), s, &item.roles);
                        None
                    }
                    None => {
                        ok = false;
                        f.push(Code::BadAnswer, field(".role"), "the role must be text");
                        None
                    }
                },
            };
            let kind = kind?;
            let declined = item
                .choices
                .get(kind)
                .is_some_and(|c| c.value == "prefer-not-to-say");
            if ok && role.is_none() && item.required && item.roles.len() > 1 && !declined {
                ok = false;
                f.push(
                    Code::AnswerRequired,
                    field(".role"),
                    format!("“{}” needs a role (or “prefer-not-to-say”)", item.id),
                );
            }
            ok.then_some(Answer::Respondent { kind, role })
        }
    }
}
