//! The one error type of the core: a non-empty list of problems, each with a stable code.
//!
//! Validation collects every problem it finds, so an error carries a list. The first
//! problem is the headline: its code is the error's code. Codes are kebab-case strings
//! that the JavaScript API promises to keep; messages are for people and may change.
//!
//! An error keeps at most [`MAX_PROBLEMS`] problems and counts the rest ([`Error::more`]),
//! so no input, however bad, makes millions of problems.

use std::fmt;

/// The most problems an error (or a [`Collector`]) keeps; the rest are only counted.
pub const MAX_PROBLEMS: usize = 100;

/// What went wrong, as a stable machine-readable kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Code {
    /// A date is not a real `YYYY-MM-DD` date.
    BadDate,
    /// A year is outside the calendar's range (1995–2100).
    YearOutOfRange,
    /// A range's start comes after its end.
    BadRange,
    /// No framework has the given id.
    UnknownFramework,
    /// The first on-site day is not the weekday the framework requires.
    WrongWeekday(chrono::Weekday),
    /// The first on-site day is a bank holiday or a closure day.
    OnsiteOnHoliday,
    /// The first on-site day falls at a weekend.
    OnsiteOnWeekend,
    /// An argument has the wrong type, shape or value (named in the problem's field).
    BadArgument,
    /// A framework record is incomplete or inconsistent.
    BadFramework,
    /// A consultation definition is malformed or inconsistent (the field says where).
    BadConsultation,
    /// A consultation question has a type the format does not know.
    UnknownQuestionType,
    /// An id (of a section, question or option) is used twice.
    DuplicateId,
    /// A condition names the question it belongs to or one after it.
    ConditionOnLaterQuestion,
    /// A condition names a question that does not exist.
    ConditionOnUnknownQuestion,
    /// A condition is malformed: no values, unknown values, or a question it cannot test.
    BadCondition,
    /// A consultation closes before (or when) it opens.
    ClosesBeforeOpens,
    /// A consultation has no consent-to-publish question.
    NoConsentQuestion,
    /// A date-time is not in the expected form or is not a real time.
    BadTime,
    /// A UK local time falls in the hour skipped when the clocks go forward.
    LocalTimeSkipped,
    /// No built-in consultation has the given id.
    UnknownConsultation,
    /// A response file is malformed (the field says where).
    BadResponse,
    /// A response is for another consultation.
    WrongConsultation,
    /// A response is for another version of the consultation.
    WrongVersion,
    /// A response names the right consultation and version but another definition (its hash differs).
    WrongDefinition,
    /// A response answers a question the consultation does not have.
    UnknownQuestion,
    /// An answer has the wrong shape for its question.
    BadAnswer,
    /// A required question was shown but not answered.
    AnswerRequired,
    /// An answer picks an option the question does not offer.
    UnknownChoice,
    /// A text answer is longer than its question allows.
    TooLong,
    /// A multiple-choice answer picks more options than its question allows.
    TooManyChoices,
    /// An e-mail address does not have the shape of one.
    BadEmail,
    /// A response has the same id as one read before it.
    DuplicateResponse,
    /// A response was made in the authors' preview, not in the open consultation.
    PreviewResponse,
    /// A response was submitted before the consultation opened.
    SubmittedBeforeOpen,
    /// A sampling plan names a column the table does not have.
    UnknownColumn,
    /// The sample cannot be allocated as asked (e.g. the minimums exceed the sample size).
    AllocationImpossible,
    /// A sampling receipt is not valid JSON of the receipt format.
    BadReceipt,
    /// A plan's tracked case names an ID that is no record of the list: on no row, or on
    /// rows that disagree about the plan's columns (`field` is `tracked[i].id`).
    UnknownTrackedCase,
    /// A case to replace is not in the current sample: never selected, already replaced,
    /// or a tracked case (`field` is `id`).
    NotSelected,
    /// A stratum's listed reserves are used up and more must be drawn from the list: give
    /// the case list's bytes to `replaceCase`.
    ReservesExhausted,
    /// A stratum has no eligible record left to replace a case with.
    StratumExhausted,
    /// The case list given to `replaceCase` is not the one the receipt was drawn from
    /// (each problem is a difference `verifyReceipt` reports).
    WrongList,
    /// A case list has no rows at all (an empty file, or only blank lines).
    EmptyFile,
    /// The bytes are not a table: a binary, PDF, web page or other non-tabular file.
    NotATable,
    /// The workbook has no sheet of the requested name.
    UnknownSheet,
    /// The workbook is password-protected (or an old `.xls` workbook): it cannot be read.
    WorkbookProtected,
    /// The workbook is damaged: its zip container or its XML cannot be read.
    WorkbookCorrupt,
    /// A spreadsheet format Deep Dive does not read (`.xls`, `.xlsb`, `.ods`, a web page
    /// saved as `.xls`): the message says how to save it as `.xlsx` or CSV.
    UnsupportedFormat,
    /// A JavaScript object of the API (`CaseFile`, `CaseList`, `PendingSample`, `Sha256`)
    /// was used after it was freed or finished.
    ObjectFreed,
    /// Something that should never happen did: a bug in Deep Dive, not a fault in the input.
    InternalError,
    /// A case list is larger than Deep Dive reads (see `ingest::MAX_FILE_BYTES`).
    FileTooLarge,
    /// A row has more cells than Excel's 16,384 columns.
    TooManyColumns,
    /// One cell holds more text than any case list does (see `ingest::MAX_CELL_BYTES`).
    CellTooLarge,
    /// One row holds more text than any case list does (see `ingest::MAX_ROW_BYTES`).
    RowTooLarge,
    /// The table would pass the memory a table may take (see `Table::MAX_BYTES`).
    TableTooLarge,
    /// So many rows do not fit the table that their list would pass its limit (see
    /// `ingest::MAX_EXCLUDED_BYTES`).
    TooManyExcludedRows,
    /// A part of a workbook unpacks to more XML than any case list needs, or holds a run
    /// of blanks longer than any cell (a zip bomb), stopped while decompressing.
    WorkbookTooLarge,
    /// A workbook cell reference is not a cell of a sheet (more than 3 letters or 7
    /// digits, or beyond `XFD1048576`).
    BadCellReference,
}

impl Code {
    /// The stable kebab-case code, e.g. `bad-date` or `not-a-monday`.
    pub fn as_str(&self) -> &'static str {
        use chrono::Weekday::*;
        match self {
            Code::BadDate => "bad-date",
            Code::YearOutOfRange => "year-out-of-range",
            Code::BadRange => "bad-range",
            Code::UnknownFramework => "unknown-framework",
            Code::WrongWeekday(Mon) => "not-a-monday",
            Code::WrongWeekday(Tue) => "not-a-tuesday",
            Code::WrongWeekday(Wed) => "not-a-wednesday",
            Code::WrongWeekday(Thu) => "not-a-thursday",
            Code::WrongWeekday(Fri) => "not-a-friday",
            Code::WrongWeekday(Sat) => "not-a-saturday",
            Code::WrongWeekday(Sun) => "not-a-sunday",
            Code::OnsiteOnHoliday => "onsite-on-holiday",
            Code::OnsiteOnWeekend => "onsite-on-weekend",
            Code::BadArgument => "bad-argument",
            Code::BadFramework => "bad-framework",
            Code::BadConsultation => "bad-consultation",
            Code::UnknownQuestionType => "unknown-question-type",
            Code::DuplicateId => "duplicate-id",
            Code::ConditionOnLaterQuestion => "condition-on-later-question",
            Code::ConditionOnUnknownQuestion => "condition-on-unknown-question",
            Code::BadCondition => "bad-condition",
            Code::ClosesBeforeOpens => "closes-before-opens",
            Code::NoConsentQuestion => "no-consent-question",
            Code::BadTime => "bad-time",
            Code::LocalTimeSkipped => "local-time-skipped",
            Code::UnknownConsultation => "unknown-consultation",
            Code::BadResponse => "bad-response",
            Code::WrongConsultation => "wrong-consultation",
            Code::WrongVersion => "wrong-version",
            Code::WrongDefinition => "wrong-definition",
            Code::UnknownQuestion => "unknown-question",
            Code::BadAnswer => "bad-answer",
            Code::AnswerRequired => "answer-required",
            Code::UnknownChoice => "unknown-choice",
            Code::TooLong => "too-long",
            Code::TooManyChoices => "too-many-choices",
            Code::BadEmail => "bad-email",
            Code::DuplicateResponse => "duplicate-response",
            Code::PreviewResponse => "preview-response",
            Code::SubmittedBeforeOpen => "submitted-before-open",
            Code::UnknownColumn => "unknown-column",
            Code::AllocationImpossible => "allocation-impossible",
            Code::BadReceipt => "bad-receipt",
            Code::UnknownTrackedCase => "unknown-tracked-case",
            Code::NotSelected => "not-selected",
            Code::ReservesExhausted => "reserves-exhausted",
            Code::StratumExhausted => "stratum-exhausted",
            Code::WrongList => "wrong-list",
            Code::EmptyFile => "empty-file",
            Code::NotATable => "not-a-table",
            Code::UnknownSheet => "unknown-sheet",
            Code::WorkbookProtected => "workbook-protected",
            Code::WorkbookCorrupt => "workbook-corrupt",
            Code::UnsupportedFormat => "unsupported-format",
            Code::ObjectFreed => "object-freed",
            Code::InternalError => "internal-error",
            Code::FileTooLarge => "file-too-large",
            Code::TooManyColumns => "too-many-columns",
            Code::CellTooLarge => "cell-too-large",
            Code::RowTooLarge => "row-too-large",
            Code::TableTooLarge => "table-too-large",
            Code::TooManyExcludedRows => "too-many-excluded-rows",
            Code::WorkbookTooLarge => "workbook-too-large",
            Code::BadCellReference => "bad-cell-reference",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong with the input: its code, the field it concerns (if any) and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    /// The input field, e.g. `onsiteStart` or `closures[2]`; `None` when it is the whole call.
    pub field: Option<String>,
    pub message: String,
}

/// A failed call: one or more problems, never zero, and a count of those left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// At most [`MAX_PROBLEMS`].
    problems: Vec<Problem>,
    /// Problems found beyond the first [`MAX_PROBLEMS`], counted but not kept.
    more: usize,
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of a single problem that concerns no particular field.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error {
            problems: vec![Problem {
                code,
                field: None,
                message: message.into(),
            }],
            more: 0,
        }
    }

    /// Names the field the problems concern, where they do not name one already.
    pub fn in_field(mut self, field: &str) -> Error {
        for p in &mut self.problems {
            if p.field.is_none() {
                p.field = Some(field.to_owned());
            }
        }
        self
    }

    /// An error from collected problems (the first [`MAX_PROBLEMS`] kept, the rest
    /// counted); `None` when there are none.
    pub fn from_problems(mut problems: Vec<Problem>) -> Option<Error> {
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        (!problems.is_empty()).then_some(Error { problems, more })
    }

    /// The headline code: the first problem's.
    pub fn code(&self) -> &Code {
        &self.problems[0].code
    }

    /// The headline message: the first problem's.
    pub fn message(&self) -> &str {
        &self.problems[0].message
    }

    /// Every problem kept, the headline first.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// How many problems were found beyond those kept.
    pub fn more(&self) -> usize {
        self.more
    }

    /// Gives up the problems, for merging into a larger list (the count of those left
    /// out is lost: merge through a [`Collector`] to keep it).
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())?;
        let others = self.problems.len() - 1 + self.more;
        if others > 0 {
            write!(f, " (and {others} more problems)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Collects problems from several checks, keeping the values that passed: the first
/// [`MAX_PROBLEMS`] problems, and a count of the rest.
#[derive(Default)]
pub struct Collector {
    problems: Vec<Problem>,
    more: usize,
}

impl Collector {
    /// Keeps the value, or records the problems and gives `None`.
    pub fn take<T>(&mut self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.absorb(e);
                None
            }
        }
    }

    /// Records an error's problems. Not inlined: `take` is instantiated for every type it
    /// is given, and this part need not be copied into each.
    #[inline(never)]
    fn absorb(&mut self, e: Error) {
        self.more += e.more;
        for p in e.problems {
            self.keep(p);
        }
    }

    /// Records a problem directly.
    pub fn push(&mut self, code: Code, field: &str, message: impl Into<String>) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        self.problems.push(Problem {
            code,
            field: Some(field.to_owned()),
            message: message.into(),
        });
    }

    fn keep(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// Whether any problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem recorded, or else the checked values. `values` gathers the values the
    /// checks kept (`Some((a?, b?))`); it gives `None` only if a check failed without saying
    /// why: a bug, reported as `internal-error` rather than a panic.
    pub fn finish_with<T>(self, values: impl FnOnce() -> Option<T>) -> Result<T> {
        self.finish()?;
        values().ok_or_else(|| {
            Error::new(
                Code::InternalError,
                "a value that passed its checks is missing",
            )
        })
    }

    /// `Ok(())` when nothing was recorded; otherwise every problem, in the order found.
    pub fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(Error {
            problems: self.problems,
            more: self.more,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Collector, Error, Problem, MAX_PROBLEMS};

    #[test]
    fn problems_beyond_the_cap_are_counted_not_kept() {
        let mut c = Collector::default();
        for i in 0..MAX_PROBLEMS + 5 {
            c.push(Code::BadDate, &format!("closures[{i}]"), "bad");
        }
        let more = Error::new(Code::BadArgument, "x");
        c.take::<()>(Err(more));
        let e = c.finish().unwrap_err();
        assert_eq!(e.problems().len(), MAX_PROBLEMS);
        assert_eq!(e.more(), 6);
        assert_eq!(e.problems()[99].field.as_deref(), Some("closures[99]"));
        assert!(e.to_string().ends_with("(and 105 more problems)"), "{e}");
        // Merged into another collector, the count goes along.
        let mut outer = Collector::default();
        outer.take::<()>(Err(e));
        assert_eq!(outer.finish().unwrap_err().more(), 6);
        let list = vec![
            Problem {
                code: Code::BadDate,
                field: None,
                message: "m".into()
            };
            MAX_PROBLEMS * 3
        ];
        let e = Error::from_problems(list).unwrap();
        assert_eq!(
            (e.problems().len(), e.more()),
            (MAX_PROBLEMS, 2 * MAX_PROBLEMS)
        );
    }

    #[test]
    fn a_value_missing_after_its_checks_is_an_internal_error() {
        let e = Collector::default().finish_with(|| None::<u8>).unwrap_err();
        assert_eq!(e.code().as_str(), "internal-error");
    }
}
