//! CSV exports of the counted responses: all of them for the team, and a publication that
//! honours each respondent's consent and leaves out personal data.
//!
//! Both are UTF-8 with a byte-order mark (so Excel reads them as UTF-8), CRLF line ends and
//! RFC 4180 quoting. Columns follow the definition's order whatever route a respondent took;
//! a question not shown is blank. A multiple-choice question has a column of its choices
//! joined with `; ` and then one column per option, `1` when chosen and `0` when not (blank
//! when the question was not answered). A respondent-type question has its type and a role
//! column.
//!
//! By default ([`Headings::Wording`]) a question's wording heads its columns and a choice is
//! its label, for people to read; [`Headings::Codes`] gives the question ids and option
//! values instead, for programs. Cells are written by [`export_csv`](crate::export_csv),
//! the one CSV writer: a cell a spreadsheet could run as a formula (`=`, `+`, `-` or `@`
//! after any blanks, a leading tab or CR) gets a leading `'`; a plain negative number stays
//! a number.

use super::definition::{Choice, QuestionType};
use super::response::Answer;
use super::summary::{Row, Summary};
use super::validate::{Consultation, Item, Personal};
use crate::export_csv::{push_row, BOM};
use std::collections::HashSet;

/// What heads the columns and what a choice is written as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Headings {
    /// The question's wording (in English) heads its column, `Wording: option label` each
    /// option's column, `Wording: role` the role's; a choice is its label. For people.
    #[default]
    Wording,
    /// The question's id heads its column, `<id>.<value>` each option's, `<id>.role` the
    /// role's; a choice is its value. For programs, and stable across wording changes.
    Codes,
}

impl Headings {
    /// `wording` or `codes`.
    pub fn from_name(name: &str) -> Option<Headings> {
        match name {
            "wording" => Some(Headings::Wording),
            "codes" => Some(Headings::Codes),
            _ => None,
        }
    }

    fn choice(self, c: &Choice) -> &str {
        match self {
            Headings::Wording => c.label.en(),
            Headings::Codes => &c.value,
        }
    }
}

/// The column headers of one question.
fn headers(c: &Consultation, q: usize, item: &Item, headings: Headings, out: &mut Vec<String>) {
    let wording = c.question(q).map_or(item.id.as_str(), |d| d.text.en());
    let sub = |suffix: &str, label: &str| match headings {
        Headings::Wording => format!("{wording}: {label}"),
        Headings::Codes => format!("{}.{suffix}", item.id),
    };
    out.push(match headings {
        Headings::Wording => wording.to_owned(),
        Headings::Codes => item.id.clone(),
    });
    match item.kind {
        QuestionType::MultipleChoice => {
            for choice in &item.choices {
                out.push(sub(&choice.value, choice.label.en()));
            }
        }
        QuestionType::RespondentType => out.push(sub("role", "role")),
        _ => {}
    }
}

/// Numbers repeated headers, `Heading (2)`, `Heading (3)`, so that every column can be told
/// apart (two questions may have the same wording).
fn distinct(head: &mut [String]) {
    let mut seen: HashSet<String> = HashSet::with_capacity(head.len());
    for h in head.iter_mut() {
        if !seen.contains(h.as_str()) {
            seen.insert(h.clone());
            continue;
        }
        let mut n = 2;
        while seen.contains(&format!("{h} ({n})")) {
            n += 1;
        }
        *h = format!("{h} ({n})");
        seen.insert(h.clone());
    }
}

/// The cells of one question for one response; `blank` empties them (an identifying answer
/// published anonymously).
fn cells(
    item: &Item,
    answer: Option<&Answer>,
    blank: bool,
    headings: Headings,
    out: &mut Vec<String>,
) {
    let answer = if blank { None } else { answer };
    let value = |i: &usize| item.choices.get(*i).map_or("", |c| headings.choice(c));
    match (item.kind, answer) {
        (QuestionType::MultipleChoice, Some(Answer::Choices(list))) => {
            let joined: Vec<&str> = list.iter().map(value).collect();
            out.push(joined.join("; "));
            for i in 0..item.choices.len() {
                out.push(if list.contains(&i) { "1" } else { "0" }.to_owned());
            }
        }
        (QuestionType::MultipleChoice, _) => {
            out.extend(std::iter::repeat_n(String::new(), 1 + item.choices.len()));
        }
        (QuestionType::RespondentType, Some(Answer::Respondent { kind, role })) => {
            out.push(value(kind).to_owned());
            out.push(
                role.and_then(|r| item.roles.get(r))
                    .map_or(String::new(), |r| headings.choice(r).to_owned()),
            );
        }
        (QuestionType::RespondentType, _) => {
            out.push(String::new());
            out.push(String::new());
        }
        (_, Some(Answer::Choice(i))) => out.push(value(i).to_owned()),
        (_, Some(Answer::Text(t))) => out.push(t.clone()),
        (_, _) => out.push(String::new()),
    }
}

/// Every counted response, for the team: its id, times, language (`en` or `cy`) and whether
/// it was late (`1` or `0`), then every question's columns.
///
/// # Example
/// ```
/// use deepdive::consultation::{builtin, export::{self, Headings}, summary::{summarise, Options}};
/// let c = builtin("demo")?;
/// let s = summarise(c, &[], Options::default());
/// let csv = export::responses_csv(c, &s, Headings::Wording);
/// assert!(csv.starts_with("\u{feff}Response ID,Submitted,Started,Language,Late,Are you responding"));
/// let csv = export::responses_csv(c, &s, Headings::Codes);
/// assert!(csv.starts_with("\u{feff}response-id,submitted,started,language,late,respondent,"));
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn responses_csv(c: &Consultation, s: &Summary, headings: Headings) -> String {
    let mut out = String::new();
    out.push(BOM);
    let meta = match headings {
        Headings::Wording => ["Response ID", "Submitted", "Started", "Language", "Late"],
        Headings::Codes => ["response-id", "submitted", "started", "language", "late"],
    };
    let mut head: Vec<String> = meta.map(str::to_owned).to_vec();
    for (q, item) in c.questions().iter().enumerate() {
        headers(c, q, item, headings, &mut head);
    }
    distinct(&mut head);
    push_row(&mut out, &head);
    let mut line = Vec::with_capacity(head.len());
    for row in &s.rows {
        line.clear();
        line.push(row.id.clone());
        line.push(row.submitted.clone());
        line.push(row.started.clone());
        line.push(row.language.as_str().to_owned());
        line.push(if row.late { "1" } else { "0" }.to_owned());
        for (q, item) in c.questions().iter().enumerate() {
            cells(item, row.answers.get(q), false, headings, &mut line);
        }
        push_row(&mut out, &line);
    }
    out
}

/// The responses that may be published: only those whose respondent consented, numbered
/// from 1, without ids, times or language; contact questions (e-mail) are left out
/// altogether, and identifying answers are blank unless the respondent consented to
/// publication in full.
pub fn publication_csv(c: &Consultation, s: &Summary, headings: Headings) -> String {
    let mut out = String::new();
    out.push(BOM);
    let published: Vec<(usize, &Item)> = c
        .questions()
        .iter()
        .enumerate()
        .filter(|(_, item)| item.personal != Personal::Contact)
        .collect();
    let mut head = vec![match headings {
        Headings::Wording => "Response".to_owned(),
        Headings::Codes => "response".to_owned(),
    }];
    for (q, item) in &published {
        headers(c, *q, item, headings, &mut head);
    }
    distinct(&mut head);
    push_row(&mut out, &head);
    let rows: Vec<(&Row, bool)> = s
        .rows
        .iter()
        .filter_map(|r| r.publish().map(|full| (r, full)))
        .collect();
    let mut line = Vec::with_capacity(head.len());
    for (n, (row, full)) in rows.into_iter().enumerate() {
        line.clear();
        line.push((n + 1).to_string());
        for (q, item) in &published {
            let blank = item.personal == Personal::Identifying && !full;
            cells(item, row.answers.get(*q), blank, headings, &mut line);
        }
        push_row(&mut out, &line);
    }
    out
}
