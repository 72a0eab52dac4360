//! Consultations: a documented JSON format for a consultation and its response files, the
//! checks on both, UK local opening and closing times, and the team's analysis.
//!
//! - [`definition`]: the definition format (serde types). It is a published format
//!   (`docs/consultation-format.md`, `docs/consultation.schema.json`), so, like the framework
//!   records, its types derive `Serialize` and `Deserialize`; so do the response file's.
//! - [`validate`]: checks a definition, collecting every problem with its JSON path, and
//!   gives a [`Consultation`].
//! - [`hash`]: the definition hash every response carries (SHA-256 of canonical JSON).
//! - [`time`]: Europe/London by rule (GMT and BST, 1996–2100), with the clock changes'
//!   gap and overlap handled on purpose.
//! - [`response`]: the response file and its validation against the definition.
//! - [`summary`]: many responses checked and counted per question, split by respondent type.
//! - [`export`]: CSV of all responses and a publication that honours consent.
//!
//! Built-in consultations live in `src/consultation/data/*.json`: the 2015 JTAI
//! consultation, the two 2012 consultations (multi-agency child protection; looked-after
//! children and care leavers), all closed, and an open demonstration. Their questions are
//! ours, written from the proposals in the seed news items.
//!
//! ```
//! use deepdive::consultation::{self, State};
//!
//! let jtai = consultation::builtin("jtai-2015")?;
//! // 23:59 BST on 11 August 2015 is 22:59 UTC.
//! let at = |now| consultation::status(jtai, now).map(|s| s.state);
//! assert_eq!(at("2015-08-11T22:59:59Z")?, State::Open);
//! assert_eq!(at("2015-08-11T23:00:00Z")?, State::Closed);
//! assert_eq!(jtai.closes().to_rfc3339(), "2015-08-11T23:59:00+01:00");
//! # Ok::<(), deepdive::error::Error>(())
//! ```

pub mod definition;
pub mod export;
pub mod hash;
pub mod response;
pub mod summary;
pub mod time;
pub mod validate;

pub use definition::{Definition, Lang, QuestionType, Text};
pub use response::{Answer, Answers, Checked, Response};
pub use summary::{summarise, Incoming, Options, Summary};
pub use validate::{parse, Consultation, Item, Personal};

use self::time::{parse_moment, UkTime};
use crate::error::{Code, Error, Result};
use chrono::{DateTime, FixedOffset, TimeDelta};
use std::sync::OnceLock;

/// The built-in definitions, in the order the page lists them.
pub const BUILTINS: &[(&str, &str)] = &[
    ("demo", include_str!("data/demo.json")),
    ("jtai-2015", include_str!("data/jtai-2015.json")),
    ("macp-2012", include_str!("data/macp-2012.json")),
    ("lac-2012", include_str!("data/lac-2012.json")),
];

static LOADED: OnceLock<Result<Vec<Consultation>>> = OnceLock::new();

fn load() -> Result<Vec<Consultation>> {
    let mut list = Vec::with_capacity(BUILTINS.len());
    let mut problems = Vec::new();
    for (name, text) in BUILTINS {
        match parse(text) {
            Ok(c) if c.id() == *name => list.push(c),
            Ok(c) => problems.extend(
                Error::new(
                    Code::BadConsultation,
                    format!("{name}.json: its id is “{}”", c.id()),
                )
                .into_problems(),
            ),
            Err(e) => problems.extend(e.into_problems().into_iter().map(|mut p| {
                p.message = format!("{name}.json: {}", p.message);
                p
            })),
        }
    }
    match Error::from_problems(problems) {
        Some(e) => Err(e),
        None => Ok(list),
    }
}

/// Every built-in consultation.
///
/// # Errors
/// The problems of an embedded definition that fails validation (the tests make sure none does).
pub fn builtins() -> Result<&'static [Consultation]> {
    match LOADED.get_or_init(load) {
        Ok(list) => Ok(list),
        Err(e) => Err(e.clone()),
    }
}

/// The built-in consultation with this id.
///
/// # Errors
/// `unknown-consultation` when there is none; as [`builtins`] otherwise.
pub fn builtin(id: &str) -> Result<&'static Consultation> {
    let list = builtins()?;
    list.iter().find(|c| c.id() == id).ok_or_else(|| {
        let known: Vec<&str> = BUILTINS.iter().map(|b| b.0).collect();
        Error::new(
            Code::UnknownConsultation,
            format!(
                "there is no consultation “{id}”; the built-in ones are {}",
                known.join(", ")
            ),
        )
    })
}

/// The JSON text of a built-in definition, exactly as embedded.
pub fn builtin_text(id: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|b| b.0 == id).map(|b| b.1)
}

/// Where a moment falls against a consultation's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Before it opens.
    Early,
    /// From the opening time to the end of the closing minute.
    OnTime,
    /// After the closing minute.
    Late,
}

/// Whether a consultation is taking responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    NotOpen,
    Open,
    Closed,
}

impl State {
    /// `not-open`, `open` or `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotOpen => "not-open",
            State::Open => "open",
            State::Closed => "closed",
        }
    }
}

/// A consultation's state at a moment, with its opening and closing times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    pub opens: UkTime,
    pub closes: UkTime,
}

/// Where a moment falls: responses are on time from the opening time to the end of the
/// closing minute (a close of 23:59 takes responses until 23:59:59.999).
pub fn timing(c: &Consultation, moment: DateTime<FixedOffset>) -> Timing {
    let utc = moment.naive_utc();
    if utc < c.opens().utc() {
        Timing::Early
    } else if utc < c.closes().utc() + TimeDelta::minutes(1) {
        Timing::OnTime
    } else {
        Timing::Late
    }
}

/// The consultation's state at `now`, an RFC 3339 moment with its offset
/// (`2015-08-11T22:59:00Z`, `2015-08-11T23:59:00+01:00`). Pure: the caller gives the time.
///
/// # Errors
/// `bad-time` (field `now`) when `now` is not such a moment.
pub fn status(c: &Consultation, now: &str) -> Result<Status> {
    let now = parse_moment(now).map_err(|e| e.in_field("now"))?;
    Ok(status_at(c, now))
}

/// The consultation's state at a moment.
pub fn status_at(c: &Consultation, now: DateTime<FixedOffset>) -> Status {
    let state = match timing(c, now) {
        Timing::Early => State::NotOpen,
        Timing::OnTime => State::Open,
        Timing::Late => State::Closed,
    };
    Status {
        state,
        opens: c.opens(),
        closes: c.closes(),
    }
}
