//! An inspection's timetable: from a framework, the first on-site day and the area's facts,
//! the day the area is told, the notice period and joint-audit window, every on-site day,
//! the day the findings are due, the deep-dive themes, who takes part and why, what is
//! judged, and every assumption made on the way.
//!
//! Notice, made precise (ours): the area is told on working day N and inspectors arrive on
//! working day N + the notice, so the notification day is that many working days before the
//! first on-site day. For `jtai-2015`, on site Monday 5 October 2015 gives notification on
//! Wednesday 23 September 2015.

use crate::calendar::{Calendar, DayOff};
use crate::error::{Code, Collector, Error, Result};
use crate::frameworks::{
    weekday_name, Agency, Condition, Framework, NoticeKind, Source, StatusKind, ThemePeriod,
};
use chrono::{Datelike, NaiveDate};

/// The most working days' notice or letter delay a caller may ask for.
pub const MAX_NOTICE_WORKING_DAYS: u32 = 60;
pub const MAX_LETTER_WORKING_DAYS: u32 = 260;

/// What the caller asks for.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub framework: &'a Framework,
    pub onsite_start: NaiveDate,
    /// The facts that hold for the area.
    pub area: Vec<Condition>,
    pub calendar: Calendar,
    /// Replaces the framework's notice in working days.
    pub notice_working_days: Option<u32>,
    /// Replaces the framework's default delay before the letter or report is due.
    pub letter_due_working_days: Option<u32>,
}

/// A stretch of working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub working_days: u32,
}

/// When the area is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub date: NaiveDate,
    /// Working days from notification to the first on-site day.
    pub working_days_before: u32,
}

/// One phase of the inspection, dated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedPhase<'f> {
    pub name: &'f str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub working_days: u32,
    pub onsite: bool,
}

/// An agency taking part, and why.
#[derive(Clone, Debug)]
pub struct Taking<'f> {
    pub agency: &'f Agency,
    pub reason: String,
}

/// An agency not taking part, and what would bring it in.
#[derive(Clone, Debug)]
pub struct NotTaking<'f> {
    pub agency: &'f Agency,
    pub condition: String,
}

/// An assumption behind the timetable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    pub text: String,
    pub source: Source,
}

/// Something the user should know that does not stop the timetable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

/// A weekday lost to a bank holiday or closure within the timetable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayLost {
    pub date: NaiveDate,
    pub reason: String,
}

/// The whole timetable.
#[derive(Clone, Debug)]
pub struct Timetable<'f> {
    pub framework: &'f Framework,
    pub onsite_start: NaiveDate,
    /// The last on-site day.
    pub onsite_end: NaiveDate,
    /// None when the inspection is unannounced with no call before the first day.
    pub notification: Option<Notification>,
    pub notice_period: Option<Span>,
    pub joint_audit: Option<Span>,
    pub onsite_days: Vec<NaiveDate>,
    pub phases: Vec<DatedPhase<'f>>,
    pub letter_due: NaiveDate,
    pub letter_working_days: u32,
    pub themes: Option<&'f ThemePeriod>,
    pub agencies: Vec<Taking<'f>>,
    pub not_taking_part: Vec<NotTaking<'f>>,
    pub days_lost: Vec<DayLost>,
    pub assumptions: Vec<Assumption>,
    pub warnings: Vec<Warning>,
}

/// A date as people read it: "Wednesday 23 September 2015".
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        weekday_name(date.weekday()),
        date.day(),
        date.format("%B %Y")
    )
}

/// Works out the timetable.
///
/// # Errors
/// Every problem with the request at once: `not-a-monday` (or another weekday) when the
/// framework fixes the first on-site weekday, `onsite-on-weekend`, `onsite-on-holiday` for
/// a bank holiday or closure, `bad-argument` for an override out of range or not allowed,
/// `year-out-of-range` when the timetable leaves 1995–2100.
pub fn timetable<'f>(req: &Request<'f>) -> Result<Timetable<'f>> {
    let f = req.framework;
    let cal = &req.calendar;
    let start = req.onsite_start;
    let mut problems = Collector::default();

    check_start(f, start, cal, &mut problems);
    let (notice_days, letter_days) = periods(
        f,
        req.notice_working_days,
        req.letter_due_working_days,
        &mut problems,
    );
    problems.finish()?;
    let field = |e: Error| e.in_field("onsiteStart");

    // Notification and the notice period.
    let mut notification = None;
    let mut notice_period = None;
    let mut joint_audit = None;
    if notice_days > 0 {
        let date = cal
            .add_working_days(start, -i64::from(notice_days))
            .map_err(field)?;
        let day_before = cal.add_working_days(start, -1).map_err(field)?;
        notification = Some(Notification {
            date,
            working_days_before: notice_days,
        });
        notice_period = Some(Span {
            from: date,
            to: day_before,
            working_days: notice_days,
        });
        if f.joint_audit.is_some() && notice_days >= 2 {
            joint_audit = Some(Span {
                from: cal.add_working_days(date, 1).map_err(field)?,
                to: day_before,
                working_days: notice_days - 1,
            });
        }
    }

    // The phases, back to back in working days.
    let mut phases = Vec::with_capacity(f.onsite.phases.len());
    let mut onsite_days = Vec::new();
    let mut next = start;
    for p in &f.onsite.phases {
        let end = cal
            .add_working_days(next, i64::from(p.working_days) - 1)
            .map_err(field)?;
        if p.onsite {
            onsite_days.extend(cal.working_days_in(next, end).map_err(field)?);
        }
        phases.push(DatedPhase {
            name: &p.name,
            start: next,
            end,
            working_days: p.working_days,
            onsite: p.onsite,
        });
        next = cal.add_working_days(end, 1).map_err(field)?;
    }
    let onsite_end = onsite_days.last().copied().unwrap_or(start);
    let last_day = phases.last().map_or(start, |p| p.end);
    let letter_due = cal
        .add_working_days(last_day, i64::from(letter_days))
        .map_err(field)?;

    let first = notification.as_ref().map_or(start, |n| n.date);
    let days_lost = days_lost(cal, first, letter_due)?;
    let themes = f.themes_on(start);
    let (agencies, not_taking_part) = agencies(f, &req.area);

    let mut t = Timetable {
        framework: f,
        onsite_start: start,
        onsite_end,
        notification,
        notice_period,
        joint_audit,
        onsite_days,
        phases,
        letter_due,
        letter_working_days: letter_days,
        themes,
        agencies,
        not_taking_part,
        days_lost,
        assumptions: Vec::new(),
        warnings: Vec::new(),
    };
    t.assumptions = assumptions(req, &t);
    t.warnings = warnings(req, &t);
    Ok(t)
}

/// Checks the first on-site day: the framework's weekday, not a weekend, not a day off.
/// The notice and the letter's working days a request asks for (the framework's when not
/// given), with a problem for each override out of range or not allowed.
fn periods(
    framework: &Framework,
    notice: Option<u32>,
    letter: Option<u32>,
    problems: &mut Collector,
) -> (u32, u32) {
    let notice_days = match notice {
        None => framework.notice.working_days,
        Some(_) if framework.notice.kind == NoticeKind::Unannounced => {
            problems.push(
                Code::BadArgument,
                "noticeWorkingDays",
                format!(
                    "{} inspections are unannounced, so the notice cannot be changed",
                    framework.id
                ),
            );
            framework.notice.working_days
        }
        Some(n) if n == 0 || n > MAX_NOTICE_WORKING_DAYS => {
            problems.push(
                Code::BadArgument,
                "noticeWorkingDays",
                format!("the notice must be between 1 and {MAX_NOTICE_WORKING_DAYS} working days"),
            );
            framework.notice.working_days
        }
        Some(n) => n,
    };
    let letter_days = match letter {
        None => framework.reporting.due_working_days.value,
        Some(n) if n > MAX_LETTER_WORKING_DAYS => {
            problems.push(
                Code::BadArgument,
                "letterDueWorkingDays",
                format!("the letter must be due within {MAX_LETTER_WORKING_DAYS} working days"),
            );
            framework.reporting.due_working_days.value
        }
        Some(n) => n,
    };
    (notice_days, letter_days)
}

/// The checks [`timetable`] makes that need only part of a request, for when the rest
/// could not be read: the first on-site day, if there is one, against the framework (and
/// against the bank holidays when there is no calendar), and the periods. The boundary
/// calls it so that one call reports every problem.
pub fn check_parts(
    framework: &Framework,
    onsite_start: Option<NaiveDate>,
    calendar: Option<&Calendar>,
    notice: Option<u32>,
    letter: Option<u32>,
    problems: &mut Collector,
) {
    if let Some(start) = onsite_start {
        let holidays_only = Calendar::default();
        check_start(
            framework,
            start,
            calendar.unwrap_or(&holidays_only),
            problems,
        );
    }
    periods(framework, notice, letter, problems);
}

fn check_start(f: &Framework, start: NaiveDate, calendar: &Calendar, problems: &mut Collector) {
    let weekday = start.weekday();
    let said = long_date(start);
    if let Err(e) = crate::calendar::check_year(start.year()) {
        problems.take::<()>(Err(e.in_field("onsiteStart")));
        return;
    }
    if let Some(required) = f.notice.onsite_weekday.map(|d| d.weekday()) {
        if weekday != required {
            problems.push(
                Code::WrongWeekday(required),
                "onsiteStart",
                format!(
                    "the first on-site day must be a {} for {}; {said} is a {}",
                    weekday_name(required),
                    f.id,
                    weekday_name(weekday)
                ),
            );
            return;
        }
    }
    match calendar.day_off(start) {
        Err(e) => {
            problems.take::<()>(Err(e.in_field("onsiteStart")));
        }
        Ok(None) => {}
        Ok(Some(DayOff::Weekend)) => problems.push(
            Code::OnsiteOnWeekend,
            "onsiteStart",
            format!("the first on-site day must be a working day; {said} is a weekend"),
        ),
        Ok(Some(DayOff::BankHoliday(name))) => problems.push(
            Code::OnsiteOnHoliday,
            "onsiteStart",
            format!("the first on-site day must be a working day; {said} is a bank holiday ({name})"),
        ),
        Ok(Some(DayOff::Closure)) => problems.push(
            Code::OnsiteOnHoliday,
            "onsiteStart",
            format!("the first on-site day must be a working day; {said} is one of the closure days given"),
        ),
    }
}

/// Weekdays from `from` to `to` lost to bank holidays or closures.
fn days_lost(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayLost>> {
    let mut lost = Vec::new();
    for date in from.iter_days().take_while(|d| *d <= to) {
        let reason = match cal.day_off(date)? {
            Some(DayOff::BankHoliday(name)) => format!("Bank holiday: {name}"),
            Some(DayOff::Closure) => "Closure day".to_owned(),
            Some(DayOff::Weekend) | None => continue,
        };
        lost.push(DayLost { date, reason });
    }
    Ok(lost)
}

/// The agencies taking part with their reasons, and those not, with what would bring them in.
fn agencies<'f>(f: &'f Framework, area: &[Condition]) -> (Vec<Taking<'f>>, Vec<NotTaking<'f>>) {
    let mut taking = Vec::new();
    let mut not = Vec::new();
    for agency in &f.agencies {
        let conditions = &agency.when.any_of;
        if conditions.is_empty() {
            taking.push(Taking {
                agency,
                reason: agency.reason.clone(),
            });
            continue;
        }
        let met: Vec<&str> = conditions
            .iter()
            .filter(|c| area.contains(c))
            .map(|c| c.describe())
            .collect();
        if met.is_empty() {
            let all: Vec<&str> = conditions.iter().map(|c| c.describe()).collect();
            not.push(NotTaking {
                agency,
                condition: format!("Only where the area has {}", or_list(&all)),
            });
        } else {
            taking.push(Taking {
                agency,
                reason: format!(
                    "The area has {}: {}",
                    and_list(&met),
                    lower_first(&agency.reason)
                ),
            });
        }
    }
    (taking, not)
}

fn join_list(items: &[&str], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
    }
}

fn or_list(items: &[&str]) -> String {
    join_list(items, "or")
}

fn and_list(items: &[&str]) -> String {
    join_list(items, "and")
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn assumptions(req: &Request<'_>, t: &Timetable<'_>) -> Vec<Assumption> {
    let f = req.framework;
    let mut out = vec![Assumption {
        text: "Working days are Monday to Friday, less England and Wales bank holidays and any closure days given.".to_owned(),
        source: Source::Public,
    }];
    if let Some(n) = &t.notification {
        let text = match (f.notice.kind, req.notice_working_days) {
            (NoticeKind::WorkingDays, Some(days)) => format!(
                "Notice set to {days} working days instead of the framework’s {}: the area is told on working day N and inspectors arrive on working day N + {days}.",
                f.notice.working_days
            ),
            (NoticeKind::WorkingDays, None) => format!(
                "The area is told on working day N and inspectors arrive on working day N + {}: the notification day is not counted in the notice.",
                n.working_days_before
            ),
            (NoticeKind::Unannounced, _) => format!(
                "The unannounced call comes {} working day{} before inspectors arrive.",
                n.working_days_before,
                if n.working_days_before == 1 { "" } else { "s" }
            ),
        };
        let source = match (f.notice.kind, req.notice_working_days) {
            (NoticeKind::Unannounced, _) => f.notice.source,
            _ => Source::Ours,
        };
        out.push(Assumption { text, source });
    }
    if t.joint_audit.is_some() {
        out.push(Assumption {
            text: "The joint audit runs on the working days between notification and the first on-site day.".to_owned(),
            source: Source::Ours,
        });
    }
    out.push(Assumption {
        text: "Each stretch of the inspection lasts a number of working days; a bank holiday or closure inside it moves its end later.".to_owned(),
        source: Source::Ours,
    });
    let letter = &f.reporting.due_working_days;
    out.push(Assumption {
        text: match req.letter_due_working_days {
            Some(days) => format!(
                "The {} is due {days} working days after the last day of the inspection (you changed the default of {}).",
                f.reporting.product, letter.value
            ),
            None => format!(
                "The {} is due {} working days after the last day of the inspection. {}",
                f.reporting.product, letter.value, letter.note
            ),
        },
        source: if req.letter_due_working_days.is_some() { Source::Ours } else { letter.source },
    });
    if let Some(period) = t.themes.filter(|p| p.indicative) {
        out.push(Assumption {
            text: format!(
                "The deep-dive themes from {} are the source’s examples, not a fixed list.",
                long_date(period.from)
            ),
            source: period.source,
        });
    }
    out
}

fn warnings(req: &Request<'_>, t: &Timetable<'_>) -> Vec<Warning> {
    let f = req.framework;
    let start = t.onsite_start;
    let mut out = Vec::new();
    if f.status.kind == StatusKind::ProposalDropped {
        let when = f
            .dates
            .dropped
            .as_ref()
            .map(|d| format!(" on {}", long_date(d.date)))
            .unwrap_or_default();
        out.push(Warning {
            code: "framework-never-ran",
            message: format!(
                "{} was a proposal, dropped{when}: this timetable shows how it would have run.",
                f.short_title
            ),
        });
    } else {
        let before = f.dates.start.as_ref().filter(|s| start < s.date);
        let after = f.dates.end.as_ref().filter(|e| start > e.date);
        if let Some(s) = before {
            out.push(Warning {
                code: "outside-framework-dates",
                message: format!(
                    "{} starts on {}, after this first on-site day.",
                    f.short_title,
                    long_date(s.date)
                ),
            });
        }
        if let Some(e) = after {
            out.push(Warning {
                code: "outside-framework-dates",
                message: format!(
                    "{} ended on {}, before this first on-site day.",
                    f.short_title,
                    long_date(e.date)
                ),
            });
        }
    }
    if !f.themes.is_empty() && t.themes.is_none() {
        out.push(Warning {
            code: "no-theme-on-date",
            message: format!("No deep-dive theme is recorded for {}.", long_date(start)),
        });
    }
    let onsite_lost: Vec<String> = t
        .days_lost
        .iter()
        .filter(|d| start <= d.date && d.date <= t.onsite_end)
        .map(|d| format!("{} ({})", long_date(d.date), d.reason))
        .collect();
    if !onsite_lost.is_empty() {
        out.push(Warning {
            code: "onsite-crosses-day-off",
            message: format!(
                "Inspectors’ time on site includes days off ({}), so it ends on {}.",
                onsite_lost.join("; "),
                long_date(t.onsite_end)
            ),
        });
    }
    if let Some(n) = &t.notification {
        let lost = t
            .days_lost
            .iter()
            .filter(|d| n.date <= d.date && d.date < start)
            .count();
        if lost > 0 {
            out.push(Warning {
                code: "notice-crosses-day-off",
                message: format!(
                    "The notice period includes {lost} day{} off, so notification comes earlier: on {}.",
                    if lost == 1 { "" } else { "s" },
                    long_date(n.date)
                ),
            });
        }
    }
    let used: Vec<Condition> = f
        .agencies
        .iter()
        .flat_map(|a| a.when.any_of.clone())
        .collect();
    for fact in req.area.iter().filter(|c| !used.contains(c)) {
        out.push(Warning {
            code: "area-fact-unused",
            message: format!(
                "Under {} no agency joins because the area has {}.",
                f.short_title,
                fact.describe()
            ),
        });
    }
    out
}
