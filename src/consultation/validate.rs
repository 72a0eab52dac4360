//! Validation of a consultation definition: one pass that collects every problem with its
//! JSON path, and on success a [`Consultation`]: the definition with its times read, its
//! conditions resolved and its questions listed in order, ready for responses.

use super::definition::{
    Choice, Definition, Lang, Question, QuestionType, Submission, Text, ROLE_PREFER_NOT_TO_SAY,
};
use super::hash::definition_hash;
use super::response::is_email;
use super::time::{parse_local, Fold, UkTime};
use crate::error::{Code, Collector, Error, Result};
use serde_json::Value;
use std::collections::HashMap;

/// The most questions a consultation may have.
pub const MAX_QUESTIONS: usize = 500;
/// The most options (or roles) a question may offer.
pub const MAX_OPTIONS: usize = 100;
/// The largest character limit a text question may set.
pub const MAX_LENGTH_LIMIT: u32 = 100_000;
/// The character limit of a `short-text` question that sets none.
pub const DEFAULT_SHORT_TEXT_LENGTH: usize = 250;
/// The character limit of a `long-text` question that sets none.
pub const DEFAULT_LONG_TEXT_LENGTH: usize = 5_000;
/// The longest e-mail address (RFC 5321's path limit less the brackets).
pub const EMAIL_LENGTH: usize = 254;

/// Whether an answer is personal data, and so how a publication treats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Personal {
    /// Not personal: published whenever the response is.
    No,
    /// Names the respondent (a name, an organisation): published only in full.
    Identifying,
    /// Contact details: never published.
    Contact,
}

/// When a question is shown: the earlier question it depends on, and for each of that
/// question's choices whether it shows this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The index in [`Consultation::questions`] of the question tested.
    pub question: usize,
    /// One flag per choice of that question (its respondent types, for a respondent-type question).
    pub when: Vec<bool>,
}

/// A checked question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub kind: QuestionType,
    /// Where it is: `sections[section].questions[position]`.
    pub section: usize,
    pub position: usize,
    pub required: bool,
    /// The options a response may pick: the author's, or those the type fixes; empty for text.
    pub choices: Vec<Choice>,
    /// The roles of a respondent-type question, “prefer not to say” last; otherwise empty.
    pub roles: Vec<Choice>,
    /// The most characters of a text answer (0 for other types).
    pub max_length: usize,
    /// The most options a multiple-choice answer may pick (0 for other types).
    pub max_choices: usize,
    pub personal: Personal,
    pub shown: Option<Shown>,
}

impl Item {
    /// The index of the choice with this value.
    pub fn choice(&self, value: &str) -> Option<usize> {
        self.choices.iter().position(|c| c.value == value)
    }

    /// The index of the role with this value.
    pub fn role(&self, value: &str) -> Option<usize> {
        self.roles.iter().position(|c| c.value == value)
    }

    /// The JSON path of the question in the definition.
    pub fn path(&self) -> String {
        format!("sections[{}].questions[{}]", self.section, self.position)
    }
}

/// A valid consultation definition, ready to check and summarise responses.
#[derive(Clone, Debug)]
pub struct Consultation {
    definition: Definition,
    hash: String,
    opens: UkTime,
    closes: UkTime,
    languages: Vec<Lang>,
    items: Vec<Item>,
    by_id: HashMap<String, usize>,
    consent: usize,
    respondent: Option<usize>,
}

impl Consultation {
    /// The definition as its author wrote it.
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    pub fn id(&self) -> &str {
        &self.definition.id
    }

    pub fn version(&self) -> u32 {
        self.definition.version
    }

    /// The SHA-256 of the definition's canonical JSON, 64 lower-case hex digits.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// When it opens (the earlier reading in the repeated autumn hour).
    pub fn opens(&self) -> UkTime {
        self.opens
    }

    /// Its closing minute (the later reading in the repeated autumn hour). A response is on
    /// time until the end of this minute.
    pub fn closes(&self) -> UkTime {
        self.closes
    }

    /// The languages it may be answered in, English first.
    pub fn languages(&self) -> &[Lang] {
        &self.languages
    }

    /// Every question, in definition order.
    pub fn questions(&self) -> &[Item] {
        &self.items
    }

    /// The index of the question with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The question as the author wrote it (its text and help).
    pub fn question(&self, index: usize) -> Option<&Question> {
        let item = self.items.get(index)?;
        self.definition
            .sections
            .get(item.section)?
            .questions
            .get(item.position)
    }

    /// The index of the consent-to-publish question.
    pub fn consent_question(&self) -> usize {
        self.consent
    }

    /// The index of the respondent-type question, if there is one.
    pub fn respondent_question(&self) -> Option<usize> {
        self.respondent
    }

    /// The definition as a form shows it: the author's JSON with what the format decides
    /// filled in, so that a form need not know the format's rules. Every choice question has
    /// its `options` (the fixed ones, with English and Welsh labels, for `agree-scale`,
    /// `yes-no`, `respondent-type` and `consent-to-publish`); a respondent-type question with
    /// roles has its `roles` with “prefer not to say” last; every text question has its
    /// `maxLength` and every multiple-choice question its `maxChoices`. It is not itself a
    /// valid definition (fixed options may not be written), so it is never hashed or checked.
    pub fn form_json(&self) -> Value {
        let mut v = serde_json::to_value(&self.definition).unwrap_or(Value::Null);
        for item in &self.items {
            let pointer = format!("/sections/{}/questions/{}", item.section, item.position);
            let Some(Value::Object(q)) = v.pointer_mut(&pointer) else {
                continue;
            };
            let choices = |list: &[Choice]| serde_json::to_value(list).unwrap_or(Value::Null);
            if !item.choices.is_empty() {
                q.insert("options".to_owned(), choices(&item.choices));
            }
            if item.roles.len() > 1 {
                q.insert("roles".to_owned(), choices(&item.roles));
            } else {
                q.remove("roles");
            }
            if item.kind.is_text() {
                q.insert("maxLength".to_owned(), Value::from(item.max_length));
            }
            if item.kind == QuestionType::MultipleChoice {
                q.insert("maxChoices".to_owned(), Value::from(item.max_choices));
            }
        }
        v
    }
}

/// Reads and validates a definition from its JSON text.
///
/// # Errors
/// `bad-consultation` with the line and column when the text is not JSON or not of the
/// format's shape (an unknown field, a number where text belongs); otherwise every problem
/// [`check`] finds.
pub fn parse(text: &str) -> Result<Consultation> {
    let shape = |e: serde_json::Error| {
        Error::new(
            Code::BadConsultation,
            format!(
                "the definition is not valid: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    };
    let value: Value = serde_json::from_str(text).map_err(shape)?;
    let definition: Definition = serde_json::from_str(text).map_err(shape)?;
    check(definition, definition_hash(&value))
}

/// Validates a definition given as a JSON value (as the JavaScript API receives it).
///
/// The value is written out and read back with [`parse`], so that one reader serves both
/// (half the code in WebAssembly); line and column then refer to that compact text.
///
/// # Errors
/// As [`parse`].
pub fn from_value(value: &Value) -> Result<Consultation> {
    parse(&value.to_string())
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

struct Checker {
    c: Collector,
    welsh: bool,
}

impl Checker {
    fn push(&mut self, code: Code, path: &str, message: impl Into<String>) {
        self.c.push(code, path, message);
    }

    fn text(&mut self, path: &str, text: &Text) {
        if text.en().trim().is_empty() {
            self.push(
                Code::BadConsultation,
                path,
                format!("{path} must not be blank"),
            );
        }
        if self.welsh && text.cy().is_none_or(|cy| cy.trim().is_empty()) {
            self.push(
                Code::BadConsultation,
                path,
                format!("{path} needs a Welsh version (“cy”): the consultation offers Welsh"),
            );
        }
    }

    fn id(&mut self, path: &str, id: &str) {
        if !is_kebab(id) {
            self.push(
                Code::BadConsultation,
                path,
                format!("“{id}” must be 1 to 64 lower-case letters and digits in words joined by hyphens"),
            );
        }
    }

    fn choices(&mut self, path: &str, list: &[Choice], reserved: Option<&str>) {
        if list.len() > MAX_OPTIONS {
            self.push(
                Code::BadConsultation,
                path,
                format!(
                    "{path} has {} entries; the most is {MAX_OPTIONS}",
                    list.len()
                ),
            );
        }
        for (i, choice) in list.iter().enumerate() {
            let here = format!("{path}[{i}].value");
            self.id(&here, &choice.value);
            if list[..i].iter().any(|c| c.value == choice.value) {
                self.push(
                    Code::DuplicateId,
                    &here,
                    format!("the value “{}” is used twice in {path}", choice.value),
                );
            }
            if reserved == Some(choice.value.as_str()) {
                self.push(
                    Code::DuplicateId,
                    &here,
                    format!(
                        "“{}” is offered by every such question; leave it out",
                        choice.value
                    ),
                );
            }
            self.text(&format!("{path}[{i}].label"), &choice.label);
        }
    }
}

/// The longest web address a submission may give.
pub const MAX_URL_LENGTH: usize = 2_000;

/// Whether a web address is `https://` with a host and nothing a browser would have to
/// guess at (spaces, control characters, a missing host).
pub fn is_https_url(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let name = host.split(':').next().unwrap_or_default();
    s.len() <= MAX_URL_LENGTH
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && name.contains('.')
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

impl Checker {
    fn submission(&mut self, s: &Submission) {
        if s.email.is_none() && s.postal.is_none() && s.url.is_none() {
            self.push(
                Code::BadConsultation,
                "submission",
                "submission gives at least one of email, postal and url",
            );
        }
        if let Some(email) = &s.email {
            if !is_email(email) {
                self.push(
                    Code::BadConsultation,
                    "submission.email",
                    format!("“{email}” is not an e-mail address such as consultation@example.org"),
                );
            }
        }
        if let Some(postal) = &s.postal {
            self.text("submission.postal", postal);
        }
        if let Some(url) = &s.url {
            if !is_https_url(url) {
                self.push(
                    Code::BadConsultation,
                    "submission.url",
                    format!("“{url}” is not a web address starting https:// with a host name"),
                );
            }
        }
    }
}

fn owned(fixed: &[(&str, &str, &str)]) -> Vec<Choice> {
    fixed
        .iter()
        .map(|(value, en, cy)| Choice {
            value: (*value).to_owned(),
            label: Text::both(en, cy),
        })
        .collect()
}

/// Checks a definition and, when it is valid, resolves it. `hash` is the definition's
/// [`definition_hash`].
///
/// It checks that ids are well formed and unique; every text is not blank (and has Welsh
/// when `languages` has `cy`); the times are real UK local times and the close comes after
/// the opening; each question's type is known and it has exactly the fields its type uses
/// (options for choice questions, a sensible character or choice limit); every condition
/// names an earlier choice question and values it offers; and there is exactly one
/// consent-to-publish question, required and always shown.
///
/// # Errors
/// Every problem found, each with the JSON path it concerns, e.g.
/// `sections[1].questions[3].condition.question`.
pub fn check(definition: Definition, hash: String) -> Result<Consultation> {
    let d = &definition;
    let mut k = Checker {
        c: Collector::default(),
        welsh: false,
    };

    let mut languages = Vec::new();
    for (i, code) in d.languages.iter().enumerate() {
        let path = format!("languages[{i}]");
        match Lang::from_code(code) {
            None => k.push(
                Code::BadConsultation,
                &path,
                format!("“{code}” is not a language the format knows (en, cy)"),
            ),
            Some(lang) if languages.contains(&lang) => k.push(
                Code::DuplicateId,
                &path,
                format!("“{code}” is listed twice"),
            ),
            Some(lang) => languages.push(lang),
        }
    }
    if !languages.contains(&Lang::En) {
        k.push(
            Code::BadConsultation,
            "languages",
            "languages must include “en”",
        );
    }
    languages.sort_by_key(|l| *l != Lang::En);
    k.welsh = languages.contains(&Lang::Cy);

    k.id("id", &d.id);
    if d.version == 0 {
        k.push(Code::BadConsultation, "version", "version starts at 1");
    }
    k.text("title", &d.title);
    k.text("summary", &d.summary);
    k.text("responsesUse", &d.responses_use);
    k.text("confidentiality", &d.confidentiality);
    k.text("alternativeFormats", &d.alternative_formats);
    if d.bodies.is_empty() {
        k.push(
            Code::BadConsultation,
            "bodies",
            "bodies must name at least one consulting body",
        );
    }
    for (i, body) in d.bodies.iter().enumerate() {
        k.text(&format!("bodies[{i}]"), body);
    }
    for (i, note) in d.notes.iter().enumerate() {
        k.text(&format!("notes[{i}]"), note);
    }
    if let Some(submission) = &d.submission {
        k.submission(submission);
    }

    let time = |field: &str, text: &str, fold: Fold| {
        parse_local(text)
            .and_then(|t| UkTime::from_local(t, fold))
            .map_err(|e| e.in_field(field))
    };
    let opens = k.c.take(time("opens", &d.opens, Fold::Earlier));
    let closes = k.c.take(time("closes", &d.closes, Fold::Later));
    if let (Some(o), Some(c)) = (opens, closes) {
        if c.utc() <= o.utc() {
            k.push(
                Code::ClosesBeforeOpens,
                "closes",
                format!(
                    "the consultation closes ({}) before it opens ({})",
                    c.describe(false),
                    o.describe(false)
                ),
            );
        }
    }

    if d.sections.is_empty() {
        k.push(
            Code::BadConsultation,
            "sections",
            "sections must have at least one section",
        );
    }

    // First pass: ids and types, so that conditions can name any question.
    let mut items: Vec<Item> = Vec::new();
    let mut kinds: Vec<Option<QuestionType>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut first_path: HashMap<&str, String> = HashMap::new();
    let mut consent = None;
    let mut respondent = None;
    for (s, section) in d.sections.iter().enumerate() {
        let sp = format!("sections[{s}]");
        k.id(&format!("{sp}.id"), &section.id);
        if d.sections[..s].iter().any(|x| x.id == section.id) {
            k.push(
                Code::DuplicateId,
                &format!("{sp}.id"),
                format!("the section id “{}” is used twice", section.id),
            );
        }
        k.text(&format!("{sp}.title"), &section.title);
        if let Some(intro) = &section.intro {
            k.text(&format!("{sp}.intro"), intro);
        }
        if section.questions.is_empty() {
            k.push(
                Code::BadConsultation,
                &format!("{sp}.questions"),
                "a section must have at least one question",
            );
        }
        for (p, q) in section.questions.iter().enumerate() {
            let qp = format!("{sp}.questions[{p}]");
            k.id(&format!("{qp}.id"), &q.id);
            if let Some(first) = first_path.get(q.id.as_str()) {
                k.push(
                    Code::DuplicateId,
                    &format!("{qp}.id"),
                    format!("the question id “{}” is already used at {first}", q.id),
                );
            } else {
                first_path.insert(&q.id, qp.clone());
                by_id.insert(q.id.clone(), items.len());
            }
            let kind = QuestionType::from_name(&q.kind);
            if kind.is_none() {
                let known: Vec<&str> = QuestionType::ALL.iter().map(|t| t.as_str()).collect();
                k.push(
                    Code::UnknownQuestionType,
                    &format!("{qp}.type"),
                    format!(
                        "“{}” is not a question type; the types are {}",
                        q.kind,
                        known.join(", ")
                    ),
                );
            }
            let flat = items.len();
            match kind {
                Some(QuestionType::ConsentToPublish) if consent.is_some() => k.push(
                    Code::BadConsultation,
                    &format!("{qp}.type"),
                    "a consultation has exactly one consent-to-publish question",
                ),
                Some(QuestionType::ConsentToPublish) => consent = Some(flat),
                Some(QuestionType::RespondentType) if respondent.is_some() => k.push(
                    Code::BadConsultation,
                    &format!("{qp}.type"),
                    "a consultation has at most one respondent-type question",
                ),
                Some(QuestionType::RespondentType) => respondent = Some(flat),
                _ => {}
            }
            kinds.push(kind);
            items.push(item(&mut k, &qp, s, p, q, kind));
        }
    }
    if items.len() > MAX_QUESTIONS {
        k.push(
            Code::BadConsultation,
            "sections",
            format!(
                "the consultation has {} questions; the most is {MAX_QUESTIONS}",
                items.len()
            ),
        );
    }
    match consent {
        None => k.push(
            Code::NoConsentQuestion,
            "sections",
            "every consultation needs a consent-to-publish question (publish in full, publish anonymously, do not publish)",
        ),
        Some(i) => {
            let (q, path) = (&items[i], items[i].path());
            if !q.required {
                k.push(
                    Code::BadConsultation,
                    &format!("{path}.required"),
                    "the consent-to-publish question must be required",
                );
            }
            let conditional = d
                .sections
                .get(q.section)
                .and_then(|s| s.questions.get(q.position))
                .is_some_and(|q| q.condition.is_some());
            if conditional {
                k.push(
                    Code::BadConsultation,
                    &format!("{path}.condition"),
                    "the consent-to-publish question is always shown, so it has no condition",
                );
            }
        }
    }

    // Second pass: conditions.
    let mut flat = 0;
    for (s, section) in d.sections.iter().enumerate() {
        for (p, q) in section.questions.iter().enumerate() {
            if let Some(cond) = &q.condition {
                let path = format!("sections[{s}].questions[{p}].condition");
                let shown = condition(&mut k, &path, flat, cond, &by_id, &items, &kinds);
                if let Some(item) = items.get_mut(flat) {
                    item.shown = shown;
                }
            }
            flat += 1;
        }
    }

    k.c.finish()?;
    let (Some(opens), Some(closes), Some(consent)) = (opens, closes, consent) else {
        // Unreachable: each missing value recorded a problem above.
        return Err(Error::new(
            Code::BadConsultation,
            "the definition is incomplete",
        ));
    };
    Ok(Consultation {
        definition,
        hash,
        opens,
        closes,
        languages,
        items,
        by_id,
        consent,
        respondent,
    })
}

/// Checks one question's own fields and builds its [`Item`] (conditions come later).
fn item(
    k: &mut Checker,
    qp: &str,
    section: usize,
    position: usize,
    q: &Question,
    kind: Option<QuestionType>,
) -> Item {
    use QuestionType as T;
    k.text(&format!("{qp}.text"), &q.text);
    if let Some(help) = &q.help {
        k.text(&format!("{qp}.help"), help);
    }
    let type_name = q.kind.as_str();
    let mut only = |ok: bool, field: &str, what: &str| {
        if !ok {
            k.push(
                Code::BadConsultation,
                &format!("{qp}.{field}"),
                format!("a {type_name} question has no {field}; only {what} questions do"),
            );
        }
    };
    let known = kind.is_some();
    let is = |types: &[T]| kind.is_none_or(|t| types.contains(&t));
    if known {
        only(
            q.options.is_empty() || is(&[T::SingleChoice, T::MultipleChoice]),
            "options",
            "single-choice and multiple-choice",
        );
        only(
            q.roles.is_empty() || is(&[T::RespondentType]),
            "roles",
            "respondent-type",
        );
        only(
            q.max_length.is_none() || is(&[T::ShortText, T::LongText]),
            "maxLength",
            "short-text and long-text",
        );
        only(
            q.max_choices.is_none() || is(&[T::MultipleChoice]),
            "maxChoices",
            "multiple-choice",
        );
        only(
            q.personal.is_none() || is(&[T::ShortText, T::LongText, T::Email]),
            "personal",
            "short-text, long-text and email",
        );
    }
    let mut choices = Vec::new();
    let mut roles = Vec::new();
    match kind {
        Some(T::SingleChoice | T::MultipleChoice) => {
            k.choices(&format!("{qp}.options"), &q.options, None);
            if q.options.len() < 2 {
                k.push(
                    Code::BadConsultation,
                    &format!("{qp}.options"),
                    "a choice question needs at least two options",
                );
            }
            choices = q.options.clone();
        }
        Some(T::RespondentType) => {
            k.choices(
                &format!("{qp}.roles"),
                &q.roles,
                Some(ROLE_PREFER_NOT_TO_SAY.0),
            );
            roles = q.roles.clone();
            roles.extend(owned(&[ROLE_PREFER_NOT_TO_SAY]));
        }
        _ => {}
    }
    if let Some(fixed) = kind.and_then(T::fixed_choices) {
        choices = owned(fixed);
    }
    let max_length = match kind {
        Some(T::ShortText | T::LongText) => {
            let default = if kind == Some(T::ShortText) {
                DEFAULT_SHORT_TEXT_LENGTH
            } else {
                DEFAULT_LONG_TEXT_LENGTH
            };
            match q.max_length {
                Some(n) if n == 0 || n > MAX_LENGTH_LIMIT => {
                    k.push(
                        Code::BadConsultation,
                        &format!("{qp}.maxLength"),
                        format!("maxLength must be 1 to {MAX_LENGTH_LIMIT} characters"),
                    );
                    default
                }
                Some(n) => n as usize,
                None => default,
            }
        }
        Some(T::Email) => EMAIL_LENGTH,
        _ => 0,
    };
    let max_choices = match (kind, q.max_choices) {
        (Some(T::MultipleChoice), Some(n)) if n == 0 || n as usize > q.options.len() => {
            k.push(
                Code::BadConsultation,
                &format!("{qp}.maxChoices"),
                format!(
                    "maxChoices must be 1 to the number of options ({})",
                    q.options.len()
                ),
            );
            q.options.len()
        }
        (Some(T::MultipleChoice), Some(n)) => n as usize,
        (Some(T::MultipleChoice), None) => q.options.len(),
        _ => 0,
    };
    let personal = match (kind, q.personal.as_deref()) {
        (Some(T::Email), None | Some("contact")) => Personal::Contact,
        (Some(T::Email), Some(_)) => {
            k.push(
                Code::BadConsultation,
                &format!("{qp}.personal"),
                "an e-mail address is contact data: personal is “contact” or absent",
            );
            Personal::Contact
        }
        (_, None) => Personal::No,
        (_, Some("identifying")) => Personal::Identifying,
        (_, Some("contact")) => Personal::Contact,
        (_, Some(other)) => {
            k.push(
                Code::BadConsultation,
                &format!("{qp}.personal"),
                format!("“{other}” is not a kind of personal data; use “identifying” or “contact”"),
            );
            Personal::No
        }
    };
    Item {
        id: q.id.clone(),
        // An unknown type was reported; short text stands in so the item is complete.
        kind: kind.unwrap_or(T::ShortText),
        section,
        position,
        required: q.required,
        choices,
        roles,
        max_length,
        max_choices,
        personal,
        shown: None,
    }
}

/// Checks a condition of the question at `flat` and resolves it.
fn condition(
    k: &mut Checker,
    path: &str,
    flat: usize,
    cond: &super::definition::Condition,
    by_id: &HashMap<String, usize>,
    items: &[Item],
    kinds: &[Option<QuestionType>],
) -> Option<Shown> {
    let qpath = format!("{path}.question");
    let values: Vec<(String, &str)> = match (&cond.equals, &cond.any_of) {
        (Some(v), None) => vec![(format!("{path}.equals"), v.as_str())],
        (None, Some(list)) => {
            if list.is_empty() {
                k.push(
                    Code::BadCondition,
                    &format!("{path}.anyOf"),
                    "anyOf must list at least one value",
                );
            }
            list.iter()
                .enumerate()
                .map(|(i, v)| (format!("{path}.anyOf[{i}]"), v.as_str()))
                .collect()
        }
        _ => {
            k.push(
                Code::BadCondition,
                path,
                "a condition has either “equals” or “anyOf”, not both and not neither",
            );
            Vec::new()
        }
    };
    let Some(&target) = by_id.get(&cond.question) else {
        k.push(
            Code::ConditionOnUnknownQuestion,
            &qpath,
            format!("there is no question “{}”", cond.question),
        );
        return None;
    };
    if target >= flat {
        let which = if target == flat {
            "the question itself"
        } else {
            "a later question"
        };
        k.push(
            Code::ConditionOnLaterQuestion,
            &qpath,
            format!(
                "“{}” is {which}; a condition can only test an earlier answer",
                cond.question
            ),
        );
        return None;
    }
    let t = &items[target];
    let Some(kind) = kinds[target] else {
        return None; // its unknown type is already reported
    };
    if kind.is_text() {
        k.push(
            Code::BadCondition,
            &qpath,
            format!(
                "“{}” is a {} question; a condition can only test a choice",
                cond.question,
                kind.as_str()
            ),
        );
        return None;
    }
    let mut when = vec![false; t.choices.len()];
    for (vpath, value) in values {
        match t.choice(value) {
            Some(i) => when[i] = true,
            None => {
                let offered: Vec<&str> = t.choices.iter().map(|c| c.value.as_str()).collect();
                k.push(
                    Code::BadCondition,
                    &vpath,
                    format!(
                        "“{}” does not offer “{value}”; it offers {}",
                        cond.question,
                        offered.join(", ")
                    ),
                );
            }
        }
    }
    Some(Shown {
        question: target,
        when,
    })
}
