//! CSV exports of the counted responses: all of them for the team, and a publication that
//! honours each respondent's consent and leaves out personal data.
//!
//! Both are UTF-8 with a byte-order mark (so Excel reads them as UTF-8), CRLF line ends and
//! RFC 4180 quoting. Columns follow the definition's order whatever route a respondent took;
//! a question not shown is blank. A multiple-choice question has a column of its values
//! joined with `; ` and then one column per option, `1` when chosen and `0` when not (blank
//! when the question was not answered). A respondent-type question has its type and a
//! `<id>.role` column. Cells are written by [`export_csv`](crate::export_csv), the one CSV
//! writer: a cell a spreadsheet could run as a formula (`=`, `+`, `-` or `@` after any
//! blanks, a leading tab or CR) gets a leading `'`; a plain negative number stays a number.

use super::definition::QuestionType;
use super::response::Answer;
use super::summary::{Row, Summary};
use super::validate::{Consultation, Item, Personal};
use crate::export_csv::{push_row, BOM};

/// The column headers of one question.
fn headers(item: &Item, out: &mut Vec<String>) {
    out.push(item.id.clone());
    match item.kind {
        QuestionType::MultipleChoice => {
            for c in &item.choices {
                out.push(format!("{}.{}", item.id, c.value));
            }
        }
        QuestionType::RespondentType => out.push(format!("{}.role", item.id)),
        _ => {}
    }
}

/// The cells of one question for one response; `blank` empties them (an identifying answer
/// published anonymously).
fn cells(item: &Item, answer: Option<&Answer>, blank: bool, out: &mut Vec<String>) {
    let answer = if blank { None } else { answer };
    let value = |i: &usize| item.choices.get(*i).map_or("", |c| c.value.as_str());
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
                    .map_or(String::new(), |r| r.value.clone()),
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

/// Every counted response, for the team: its id, times, language and whether it was late,
/// then every question's columns.
///
/// # Example
/// ```
/// use deepdive::consultation::{builtin, export, summary::{summarise, Options}};
/// let c = builtin("demo")?;
/// let csv = export::responses_csv(c, &summarise(c, &[], Options::default()));
/// assert!(csv.starts_with("\u{feff}response-id,submitted,started,language,late,"));
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn responses_csv(c: &Consultation, s: &Summary) -> String {
    let mut out = String::new();
    out.push(BOM);
    let mut head: Vec<String> = ["response-id", "submitted", "started", "language", "late"]
        .map(str::to_owned)
        .to_vec();
    for item in c.questions() {
        headers(item, &mut head);
    }
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
            cells(item, row.answers.get(q), false, &mut line);
        }
        push_row(&mut out, &line);
    }
    out
}

/// The responses that may be published: only those whose respondent consented, numbered
/// from 1, without ids, times or language; contact questions (e-mail) are left out
/// altogether, and identifying answers are blank unless the respondent consented to
/// publication in full.
pub fn publication_csv(c: &Consultation, s: &Summary) -> String {
    let mut out = String::new();
    out.push(BOM);
    let published: Vec<(usize, &Item)> = c
        .questions()
        .iter()
        .enumerate()
        .filter(|(_, item)| item.personal != Personal::Contact)
        .collect();
    let mut head = vec!["response".to_owned()];
    for (_, item) in &published {
        headers(item, &mut head);
    }
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
            cells(item, row.answers.get(*q), blank, &mut line);
        }
        push_row(&mut out, &line);
    }
    out
}
