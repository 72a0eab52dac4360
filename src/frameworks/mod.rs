//! The inspection frameworks as data: one JSON record each, embedded at build time.
//!
//! A record says who inspects, how much notice the area gets, how long inspectors are on
//! site, what they judge, which deep-dive themes apply when, and to whom the findings go.
//! Every fact carries its source: `seed` (the news items), `public` (public guidance) or
//! `ours` (our modelling choice, a parameter the user can change). The records live in
//! `src/frameworks/data/*.json` so that a non-programmer can read and extend them; the
//! format is public (the JavaScript API returns records as they are), and [`check`] and the
//! tests keep each one complete and consistent.

use crate::error::{Code, Error, Problem, Result};
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The embedded records, in the order the page lists them.
const RECORDS: &[(&str, &str)] = &[
    ("ofsted-cp-2012", include_str!("data/ofsted-cp-2012.json")),
    ("macp-2012", include_str!("data/macp-2012.json")),
    ("lac-2012", include_str!("data/lac-2012.json")),
    ("sif-2013", include_str!("data/sif-2013.json")),
    ("jtai-2015", include_str!("data/jtai-2015.json")),
];

/// Where a fact comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Stated in the source news items (`shared/seeds/`).
    Seed,
    /// Found in public guidance or local summaries of it.
    Public,
    /// Our own modelling choice: a parameter, labelled as such.
    Ours,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Seed => "seed",
            Source::Public => "public",
            Source::Ours => "ours",
        }
    }
}

/// A framework record.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Framework {
    /// Stable identifier, e.g. `jtai-2015`.
    pub id: String,
    pub title: String,
    /// A name short enough for a menu.
    pub short_title: String,
    /// One or two sentences on what the framework inspects.
    pub summary: String,
    pub status: Status,
    pub dates: Dates,
    pub agencies: Vec<Agency>,
    pub notice: Notice,
    pub onsite: Onsite,
    /// When the area's agencies audit the deep-dive cases jointly, if they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joint_audit: Option<JointAudit>,
    pub judgements: Judgements,
    /// Deep-dive themes by the dates they apply; empty when the framework has none.
    #[serde(default)]
    pub themes: Vec<ThemePeriod>,
    pub reporting: Reporting,
    /// Other facts about the programme: its length, scope, case numbers.
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// The documents the facts cite.
    pub sources: Vec<Reference>,
}

/// Whether the framework ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusKind {
    InForce,
    Ended,
    ProposalDropped,
}

impl StatusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::InForce => "in-force",
            StatusKind::Ended => "ended",
            StatusKind::ProposalDropped => "proposal-dropped",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Status {
    pub kind: StatusKind,
    /// The status in words, e.g. "Proposal: consultation closed 2 October 2012; dropped 12 April 2013".
    pub text: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A dated fact.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DateFact {
    pub date: NaiveDate,
    /// True when the source gives only a month or a year and the day is ours.
    #[serde(default)]
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// The framework's dates; each is optional.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateFact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_opens: Option<DateFact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_closes: Option<DateFact>,
    /// The first day inspections ran (or were planned to run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateFact>,
    /// The last day inspections ran under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateFact>,
    /// The day a proposal was dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<DateFact>,
}

/// A fact about the area that brings an agency into an inspection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    PrisonMotherAndBabyUnit,
    ImmigrationRemovalCentre,
    YoungOffenderInstitution,
    CpsConcerns,
}

impl Condition {
    /// Every condition, in the order forms ask about them.
    pub const ALL: [Condition; 4] = [
        Condition::PrisonMotherAndBabyUnit,
        Condition::ImmigrationRemovalCentre,
        Condition::YoungOffenderInstitution,
        Condition::CpsConcerns,
    ];

    /// The fact in words, completing "the area has …" or standing alone.
    pub fn describe(self) -> &'static str {
        match self {
            Condition::PrisonMotherAndBabyUnit => "a prison with a mother and baby unit",
            Condition::ImmigrationRemovalCentre => {
                "an immigration removal centre that holds children, young people or families"
            }
            Condition::YoungOffenderInstitution => "a young offender institution",
            Condition::CpsConcerns => {
                "concerns about the impact of Crown Prosecution Service involvement in cases involving children"
            }
        }
    }
}

/// When an agency takes part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct When {
    /// Takes part when any of these hold; always when the list is empty.
    #[serde(default)]
    pub any_of: Vec<Condition>,
}

/// An inspectorate and when it takes part.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agency {
    /// Stable identifier, e.g. `hmi-prisons`.
    pub id: String,
    pub name: String,
    /// Its part: `lead`, `partner` or `triggered`.
    pub role: String,
    #[serde(default)]
    pub when: When,
    /// Why it takes part, in words.
    pub reason: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// How the area is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKind {
    /// No notice (a telephone call on the morning or the working day before at most).
    Unannounced,
    /// Notification a fixed number of working days before inspectors arrive.
    WorkingDays,
}

/// A day of the week, written in full in the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
}

impl DayName {
    pub fn weekday(self) -> Weekday {
        match self {
            DayName::Monday => Weekday::Mon,
            DayName::Tuesday => Weekday::Tue,
            DayName::Wednesday => Weekday::Wed,
            DayName::Thursday => Weekday::Thu,
            DayName::Friday => Weekday::Fri,
        }
    }
}

/// Full English name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The notice rule.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notice {
    pub kind: NoticeKind,
    /// Working days from notification to the first on-site day (notification on day N,
    /// inspectors on site on day N + this). For unannounced inspections, the working days
    /// between the telephone call and arrival, if the call comes earlier than that morning.
    #[serde(default)]
    pub working_days: u32,
    /// The weekday the first on-site day must fall on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onsite_weekday: Option<DayName>,
    pub description: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// One stretch of an inspection, in working days.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub working_days: u32,
    /// Whether inspectors are on site during it.
    pub onsite: bool,
}

/// What happens from the first on-site day.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Onsite {
    /// The pattern in words, e.g. "Five days, Monday to Friday".
    pub description: String,
    /// The stretches, back to back in working days from the first on-site day.
    pub phases: Vec<Phase>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// The agencies' own audit of the deep-dive cases.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JointAudit {
    /// In words: who audits what, and when.
    pub description: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JudgementKind {
    Graded,
    Narrative,
}

impl JudgementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JudgementKind::Graded => "graded",
            JudgementKind::Narrative => "narrative",
        }
    }
}

/// One judgement and its sub-judgements.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Judgement {
    pub name: String,
    #[serde(default)]
    pub sub_judgements: Vec<String>,
}

/// What inspectors judge.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Judgements {
    pub kind: JudgementKind,
    pub description: String,
    /// The grades, best first; none for a narrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(default)]
    pub items: Vec<Judgement>,
    /// Rules tying judgements together.
    #[serde(default)]
    pub rules: Vec<Fact>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A grading scale.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scale {
    pub grades: Vec<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The deep-dive themes in force between two dates.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThemePeriod {
    pub from: NaiveDate,
    /// The last day; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    pub themes: Vec<String>,
    /// True when the source gives the themes only as examples.
    #[serde(default)]
    pub indicative: bool,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A number with its source, for parameters such as the letter's deadline.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Parameter {
    pub value: u32,
    pub source: Source,
    pub note: String,
}

/// Who hears the findings, and when.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reporting {
    /// `letter` or `report`.
    pub product: String,
    pub recipients: Vec<String>,
    /// Working days from the last on-site day to publication.
    pub due_working_days: Parameter,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A fact in words with its source.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A document the facts cite.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reference {
    /// What `cite` fields use, e.g. `seed-000`.
    pub id: String,
    pub title: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Where to find it, e.g. `shared/seeds/000_05e02e97281cb122.txt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

static LOADED: OnceLock<Result<Vec<Framework>>> = OnceLock::new();

/// Every framework, in the order the page lists them.
///
/// # Errors
/// `bad-framework` if an embedded record does not parse or fails [`check`] (the tests
/// make sure none does).
pub fn all() -> Result<&'static [Framework]> {
    match LOADED.get_or_init(load) {
        Ok(list) => Ok(list),
        Err(e) => Err(e.clone()),
    }
}

/// The framework with this id.
///
/// # Errors
/// `unknown-framework` when there is none; `bad-framework` as for [`all`].
pub fn get(id: &str) -> Result<&'static Framework> {
    let list = all()?;
    list.iter().find(|f| f.id == id).ok_or_else(|| {
        let known: Vec<&str> = list.iter().map(|f| f.id.as_str()).collect();
        Error::new(
            Code::UnknownFramework,
            format!(
                "there is no framework “{id}”; the frameworks are {}",
                known.join(", ")
            ),
        )
    })
}

fn load() -> Result<Vec<Framework>> {
    let mut list = Vec::with_capacity(RECORDS.len());
    let mut problems = Vec::new();
    for (name, text) in RECORDS {
        match parse(text) {
            Ok(f) if f.id != *name => problems.extend(
                Error::new(
                    Code::BadFramework,
                    format!("{name}.json: its id is “{}”", f.id),
                )
                .into_problems(),
            ),
            Ok(f) => list.push(f),
            Err(e) => problems.extend(
                Error::new(Code::BadFramework, format!("{name}.json: {e}")).into_problems(),
            ),
        }
    }
    match Error::from_problems(problems) {
        Some(e) => Err(e),
        None => Ok(list),
    }
}

/// Parses and checks one record.
///
/// # Errors
/// `bad-framework` with the line and column of a JSON or shape error, or each inconsistency
/// that [`check`] finds.
pub fn parse(text: &str) -> Result<Framework> {
    let framework: Framework = serde_json::from_str(text).map_err(|e| {
        Error::new(
            Code::BadFramework,
            format!("line {}, column {}: {e}", e.line(), e.column()),
        )
    })?;
    check(&framework)?;
    Ok(framework)
}

/// Checks that a record is complete and consistent: ids and texts not blank, every `cite`
/// names a listed source, a notice in working days has its count, there is an on-site
/// phase, graded judgements have a scale and narrative ones none, theme periods are in
/// order and do not overlap, and dates come in order.
///
/// # Errors
/// `bad-framework` with every problem found.
pub fn check(f: &Framework) -> Result<()> {
    let mut problems: Vec<String> = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_owned());
        }
    };
    let is_kebab = !f.id.is_empty()
        && f.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    need(
        is_kebab,
        "id must be lower-case letters, digits and hyphens",
    );
    for (text, what) in [
        (&f.title, "title"),
        (&f.short_title, "shortTitle"),
        (&f.summary, "summary"),
        (&f.status.text, "status.text"),
        (&f.notice.description, "notice.description"),
        (&f.onsite.description, "onsite.description"),
        (&f.judgements.description, "judgements.description"),
    ] {
        need(
            !text.trim().is_empty(),
            &format!("{what} must not be blank"),
        );
    }
    need(
        !f.agencies.is_empty(),
        "agencies must list at least one agency",
    );
    need(
        f.agencies.iter().any(|a| a.when.any_of.is_empty()),
        "at least one agency must always take part",
    );
    for (i, a) in f.agencies.iter().enumerate() {
        need(
            f.agencies[..i].iter().all(|b| b.id != a.id),
            &format!("agency “{}” is listed twice", a.id),
        );
        need(
            ["lead", "partner", "triggered"].contains(&a.role.as_str()),
            &format!("agency “{}”: role must be lead, partner or triggered", a.id),
        );
    }
    match f.notice.kind {
        NoticeKind::WorkingDays => need(
            f.notice.working_days > 0,
            "notice.workingDays must be above 0 for a notice in working days",
        ),
        NoticeKind::Unannounced => {}
    }
    need(
        f.onsite
            .phases
            .iter()
            .any(|p| p.onsite && p.working_days > 0),
        "onsite.phases must include an on-site phase of at least one working day",
    );
    need(
        f.onsite.phases.iter().all(|p| p.working_days > 0),
        "every onsite phase must last at least one working day",
    );
    match f.judgements.kind {
        JudgementKind::Graded => {
            need(
                f.judgements.scale.is_some(),
                "graded judgements need a scale",
            );
            need(
                !f.judgements.items.is_empty(),
                "graded judgements need items",
            );
        }
        JudgementKind::Narrative => need(
            f.judgements.scale.is_none() && f.judgements.items.is_empty(),
            "a narrative has no scale and no graded items",
        ),
    }
    for (i, t) in f.themes.iter().enumerate() {
        need(!t.themes.is_empty(), &format!("themes[{i}] lists no theme"));
        if let Some(to) = t.to {
            need(t.from <= to, &format!("themes[{i}] ends before it starts"));
        }
        if let Some(next) = f.themes.get(i + 1) {
            need(
                t.to.is_some_and(|to| to < next.from),
                &format!("themes[{i}] must end before themes[{}] starts", i + 1),
            );
        }
    }
    need(
        ["letter", "report"].contains(&f.reporting.product.as_str()),
        "reporting.product must be letter or report",
    );
    need(
        !f.reporting.recipients.is_empty(),
        "reporting.recipients must name someone",
    );
    let d = &f.dates;
    if let (Some(s), Some(e)) = (&d.start, &d.end) {
        need(s.date <= e.date, "dates.start comes after dates.end");
    }
    if let (Some(o), Some(c)) = (&d.consultation_opens, &d.consultation_closes) {
        need(
            o.date <= c.date,
            "dates.consultationOpens comes after dates.consultationCloses",
        );
    }
    need(
        (f.status.kind == StatusKind::ProposalDropped) == d.dropped.is_some(),
        "dates.dropped is given exactly when the status is proposal-dropped",
    );
    need(
        (f.status.kind == StatusKind::Ended) == d.end.is_some()
            || f.status.kind == StatusKind::ProposalDropped,
        "dates.end is given exactly when the status is ended",
    );
    for cite in cites(f) {
        need(
            f.sources.iter().any(|s| s.id == cite),
            &format!("cite “{cite}” names no entry in sources"),
        );
    }
    let list = problems
        .into_iter()
        .map(|p| Problem {
            code: Code::BadFramework,
            field: None,
            message: format!("{}: {p}", f.id),
        })
        .collect();
    match Error::from_problems(list) {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

/// Every `cite` in a record.
fn cites(f: &Framework) -> Vec<&str> {
    let d = &f.dates;
    let dated = [
        &d.published,
        &d.consultation_opens,
        &d.consultation_closes,
        &d.start,
        &d.end,
        &d.dropped,
    ];
    let mut all: Vec<&Option<String>> = vec![
        &f.status.cite,
        &f.notice.cite,
        &f.onsite.cite,
        &f.judgements.cite,
        &f.reporting.cite,
    ];
    all.extend(dated.into_iter().flatten().map(|x| &x.cite));
    all.extend(f.agencies.iter().map(|a| &a.cite));
    all.extend(f.joint_audit.iter().map(|j| &j.cite));
    all.extend(f.themes.iter().map(|t| &t.cite));
    all.extend(f.facts.iter().chain(&f.judgements.rules).map(|x| &x.cite));
    all.into_iter().flatten().map(String::as_str).collect()
}

impl Framework {
    /// The themes in force on a date, if any.
    pub fn themes_on(&self, date: NaiveDate) -> Option<&ThemePeriod> {
        self.themes
            .iter()
            .find(|t| t.from <= date && t.to.is_none_or(|to| date <= to))
    }
}
