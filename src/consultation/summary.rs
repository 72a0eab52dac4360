//! The consulting team's analysis: many response files checked against one definition and
//! summarised per question, split by respondent type.
//!
//! Every response is accounted for. One that cannot be read, answers another consultation,
//! version or text, has invalid answers, repeats an earlier response's id, was made in the
//! authors' preview or was submitted before the consultation opened is *rejected*, with its
//! problems. One that is valid but was submitted after the closing minute is *late*: listed
//! apart and counted only when the team asks for it. The rest are *accepted*. Nothing is
//! mixed in silently.
//!
//! The summary as JSON ([`Summary::to_json`]) is an export format of its own.

use super::definition::{Lang, QuestionType, Text, CONSENT, RESPONDENT_TYPES};
use super::response::{self, Answer, Answers, Response};
use super::validate::{Consultation, Personal};
use super::{timing, Timing};
use crate::error::{Code, Problem, Result};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// One response to summarise: a name to report it by (a file name) and the response, or
/// why it could not be read.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub name: String,
    pub response: Result<Response>,
}

impl Incoming {
    /// A response file's name and text.
    pub fn from_text(name: impl Into<String>, text: &str) -> Incoming {
        Incoming {
            name: name.into(),
            response: response::parse(text),
        }
    }

    /// A response given as a JSON value.
    pub fn from_value(name: impl Into<String>, value: &Value) -> Incoming {
        Incoming {
            name: name.into(),
            response: response::from_value(value),
        }
    }
}

/// Choices the team makes for the analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Count late responses in the results and exports (they are listed apart either way).
    pub include_late: bool,
}

/// The groups results are split by: the respondent-type question's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Individual,
    Organisation,
    PreferNotToSay,
    /// The question was not answered, or the consultation does not ask it.
    NotAnswered,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Individual,
        Group::Organisation,
        Group::PreferNotToSay,
        Group::NotAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Group::Individual => "individual",
            Group::Organisation => "organisation",
            Group::PreferNotToSay => "prefer-not-to-say",
            Group::NotAnswered => "not-answered",
        }
    }

    fn from_kind(kind: usize) -> Group {
        match RESPONDENT_TYPES.get(kind).map(|t| t.0) {
            Some("individual") => Group::Individual,
            Some("organisation") => Group::Organisation,
            Some("prefer-not-to-say") => Group::PreferNotToSay,
            _ => Group::NotAnswered,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A response counted in the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its place in the input.
    pub index: usize,
    pub name: String,
    pub id: String,
    pub started: String,
    pub submitted: String,
    pub language: Lang,
    /// Submitted after the close (counted because the team asked).
    pub late: bool,
    pub group: Group,
    /// An index in [`CONSENT`]; `None` is treated as “do not publish”.
    pub consent: Option<usize>,
    pub answers: Answers,
}

impl Row {
    /// Whether this response may be published, and whether in full (with identifying answers).
    pub fn publish(&self) -> Option<bool> {
        match self.consent {
            Some(0) => Some(true),
            Some(1) => Some(false),
            _ => None,
        }
    }
}

/// A valid response submitted after the close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Late {
    pub index: usize,
    pub name: String,
    pub id: String,
    pub submitted: String,
}

/// A response left out, with every reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub index: usize,
    pub name: String,
    /// Its id, when it could be read.
    pub id: Option<String>,
    pub problems: Vec<Problem>,
}

/// A count and its share, in per cent to one decimal place (0 when nobody answered).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Count {
    pub count: usize,
    pub percent: f64,
}

impl Count {
    fn of(count: usize, total: usize) -> Count {
        let percent = if total == 0 {
            0.0
        } else {
            (count as f64 * 1000.0 / total as f64).round() / 10.0
        };
        Count { count, percent }
    }
}

/// How often one option was chosen, overall and by respondent type. Shares are of the
/// responses that answered the question (in that group); for multiple choice they may add
/// up to more than 100.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionResult {
    pub value: String,
    pub label: Text,
    pub all: Count,
    /// In the order of [`Group::ALL`].
    pub by_group: [Count; 4],
}

/// A free-text answer, for reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextAnswer {
    /// The response's id.
    pub response: String,
    pub text: String,
    pub group: Group,
    /// The respondent's consent to publish (an index in [`CONSENT`]).
    pub consent: Option<usize>,
}

/// The results for one question.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionResult {
    pub id: String,
    pub kind: QuestionType,
    /// Counted responses that were shown the question.
    pub shown: usize,
    /// Counted responses that answered it.
    pub answered: usize,
    /// Answered, by respondent type (in the order of [`Group::ALL`]).
    pub answered_by_group: [usize; 4],
    /// Per option, for choice questions (the respondent types, for a respondent-type question).
    pub options: Vec<OptionResult>,
    /// Per role, for a respondent-type question.
    pub roles: Vec<OptionResult>,
    /// The answers, for short and long text (contact details are not listed).
    pub texts: Vec<TextAnswer>,
}

/// The analysis of a set of responses.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Responses given.
    pub total: usize,
    /// Valid responses submitted in time.
    pub accepted: usize,
    /// Valid responses submitted after the close.
    pub late: Vec<Late>,
    /// Whether the late ones are counted in the results.
    pub include_late: bool,
    pub rejected: Vec<Rejected>,
    /// Counted responses by respondent type (in the order of [`Group::ALL`]).
    pub groups: [usize; 4],
    pub questions: Vec<QuestionResult>,
    /// The counted responses, in input order.
    pub rows: Vec<Row>,
}

/// Checks every response and summarises those counted.
///
/// Rejected: unreadable; another consultation, version or text; invalid answers; an id
/// already seen (the first keeps it); made in the preview; submitted before opening. Late:
/// submitted after the closing minute. See the module documentation.
pub fn summarise(c: &Consultation, incoming: &[Incoming], options: Options) -> Summary {
    let mut rows = Vec::new();
    let mut late = Vec::new();
    let mut rejected = Vec::new();
    let mut accepted = 0;
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(incoming.len());
    for (index, inc) in incoming.iter().enumerate() {
        let r = match &inc.response {
            Err(e) => {
                rejected.push(Rejected {
                    index,
                    name: inc.name.clone(),
                    id: None,
                    problems: e.problems().to_vec(),
                });
                continue;
            }
            Ok(r) => r,
        };
        let checked = response::validate(c, r);
        let mut problems = checked.problems;
        let push = |problems: &mut Vec<Problem>, code, field: &str, message: String| {
            problems.push(Problem {
                code,
                field: Some(field.to_owned()),
                message,
            })
        };
        if let Some(&first) = seen.get(r.id.as_str()) {
            push(
                &mut problems,
                Code::DuplicateResponse,
                "id",
                format!(
                    "the same response id as response {} ({})",
                    first + 1,
                    incoming[first].name
                ),
            );
        } else {
            seen.insert(&r.id, index);
        }
        if r.preview {
            push(
                &mut problems,
                Code::PreviewResponse,
                "preview",
                "made in the authors’ preview, not in the consultation".to_owned(),
            );
        }
        let when = checked.submitted.map(|t| timing(c, t));
        if when == Some(Timing::Early) {
            push(
                &mut problems,
                Code::SubmittedBeforeOpen,
                "submitted",
                format!(
                    "submitted {} but the consultation opened {}",
                    r.submitted,
                    c.opens().to_rfc3339()
                ),
            );
        }
        let (Some(language), true) = (checked.language, problems.is_empty()) else {
            rejected.push(Rejected {
                index,
                name: inc.name.clone(),
                id: Some(r.id.clone()),
                problems,
            });
            continue;
        };
        let is_late = when == Some(Timing::Late);
        if is_late {
            late.push(Late {
                index,
                name: inc.name.clone(),
                id: r.id.clone(),
                submitted: r.submitted.clone(),
            });
            if !options.include_late {
                continue;
            }
        } else {
            accepted += 1;
        }
        let answers = checked.answers;
        let group = c
            .respondent_question()
            .and_then(|q| match answers.get(q) {
                Some(Answer::Respondent { kind, .. }) => Some(Group::from_kind(*kind)),
                _ => None,
            })
            .unwrap_or(Group::NotAnswered);
        rows.push(Row {
            index,
            name: inc.name.clone(),
            id: r.id.clone(),
            started: r.started.clone(),
            submitted: r.submitted.clone(),
            language,
            late: is_late,
            group,
            consent: answers.consent(c),
            answers,
        });
    }

    let mut groups = [0; 4];
    for row in &rows {
        groups[row.group.index()] += 1;
    }
    let questions = (0..c.questions().len())
        .map(|q| question(c, q, &rows))
        .collect();
    Summary {
        total: incoming.len(),
        accepted,
        late,
        include_late: options.include_late,
        rejected,
        groups,
        questions,
        rows,
    }
}

fn question(c: &Consultation, q: usize, rows: &[Row]) -> QuestionResult {
    let item = &c.questions()[q];
    let mut shown = 0;
    let mut answered = [0usize; 4];
    let mut counts = vec![[0usize; 4]; item.choices.len()];
    let mut role_counts = vec![[0usize; 4]; item.roles.len()];
    let mut texts = Vec::new();
    let listed = matches!(item.kind, QuestionType::ShortText | QuestionType::LongText)
        && item.personal != Personal::Contact;
    for row in rows {
        if !row.answers.shown(c, q) {
            continue;
        }
        shown += 1;
        let Some(answer) = row.answers.get(q) else {
            continue;
        };
        let g = row.group.index();
        answered[g] += 1;
        let bump = |list: &mut Vec<[usize; 4]>, i: usize| {
            if let Some(cell) = list.get_mut(i) {
                cell[g] += 1;
            }
        };
        match answer {
            Answer::Choice(i) => bump(&mut counts, *i),
            Answer::Choices(list) => list.iter().for_each(|&i| bump(&mut counts, i)),
            Answer::Respondent { kind, role } => {
                bump(&mut counts, *kind);
                if let Some(r) = role {
                    bump(&mut role_counts, *r);
                }
            }
            Answer::Text(t) if listed => texts.push(TextAnswer {
                response: row.id.clone(),
                text: t.clone(),
                group: row.group,
                consent: row.consent,
            }),
            Answer::Text(_) => {}
        }
    }
    let total: usize = answered.iter().sum();
    let results = |choices: &[super::definition::Choice], counts: &[[usize; 4]]| {
        choices
            .iter()
            .zip(counts)
            .map(|(choice, by)| OptionResult {
                value: choice.value.clone(),
                label: choice.label.clone(),
                all: Count::of(by.iter().sum(), total),
                by_group: std::array::from_fn(|g| Count::of(by[g], answered[g])),
            })
            .collect()
    };
    QuestionResult {
        id: item.id.clone(),
        kind: item.kind,
        shown,
        answered: total,
        answered_by_group: answered,
        options: results(&item.choices, &counts),
        roles: results(&item.roles, &role_counts),
        texts,
    }
}

fn consent_name(consent: Option<usize>) -> &'static str {
    consent
        .and_then(|i| CONSENT.get(i))
        .map_or("not-answered", |c| c.0)
}

fn count_json(c: &Count) -> Value {
    json!({"count": c.count, "percent": c.percent})
}

fn by_group<T>(values: &[T; 4], f: impl Fn(&T) -> Value) -> Value {
    let mut map = Map::new();
    for (g, v) in Group::ALL.iter().zip(values) {
        map.insert(g.as_str().to_owned(), f(v));
    }
    Value::Object(map)
}

fn problem_json(p: &Problem) -> Value {
    json!({"code": p.code.as_str(), "field": p.field, "message": p.message})
}

impl Summary {
    /// Responses counted in the results: the accepted ones, and the late ones if included.
    pub fn counted(&self) -> usize {
        self.rows.len()
    }

    /// The summary as JSON (the export format documented in `docs/consultation-format.md`).
    pub fn to_json(&self, c: &Consultation) -> Value {
        let options = |list: &[OptionResult]| -> Value {
            list.iter()
                .map(|o| {
                    json!({
                        "value": o.value,
                        "label": o.label.en(),
                        "count": o.all.count,
                        "percent": o.all.percent,
                        "byRespondentType": by_group(&o.by_group, count_json),
                    })
                })
                .collect()
        };
        let questions: Vec<Value> = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let text = c.question(i).map_or("", |d| d.text.en());
                let mut o = json!({
                    "id": q.id,
                    "type": q.kind.as_str(),
                    "text": text,
                    "shown": q.shown,
                    "answered": q.answered,
                    "answeredByRespondentType": by_group(&q.answered_by_group, |n| json!(n)),
                });
                if let Value::Object(map) = &mut o {
                    if !q.options.is_empty() {
                        map.insert("options".to_owned(), options(&q.options));
                    }
                    if !q.roles.is_empty() {
                        map.insert("roles".to_owned(), options(&q.roles));
                    }
                    if matches!(q.kind, QuestionType::ShortText | QuestionType::LongText)
                        && c.questions()[i].personal != Personal::Contact
                    {
                        let texts: Vec<Value> = q
                            .texts
                            .iter()
                            .map(|t| {
                                json!({
                                    "response": t.response,
                                    "text": t.text,
                                    "respondentType": t.group.as_str(),
                                    "consent": consent_name(t.consent),
                                })
                            })
                            .collect();
                        map.insert("texts".to_owned(), Value::Array(texts));
                    }
                }
                o
            })
            .collect();
        json!({
            "consultation": {
                "id": c.id(),
                "version": c.version(),
                "definitionSha256": c.hash(),
                "title": c.definition().title.en(),
                "opens": c.opens().to_rfc3339(),
                "closes": c.closes().to_rfc3339(),
            },
            "total": self.total,
            "accepted": self.accepted,
            "counted": self.counted(),
            "includeLate": self.include_late,
            "late": self.late.iter().map(|l| json!({
                "index": l.index, "name": l.name, "id": l.id, "submitted": l.submitted,
            })).collect::<Vec<_>>(),
            "rejected": self.rejected.iter().map(|r| json!({
                "index": r.index, "name": r.name, "id": r.id,
                "problems": r.problems.iter().map(problem_json).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "byRespondentType": by_group(&self.groups, |n| json!(n)),
            "questions": questions,
        })
    }
}
