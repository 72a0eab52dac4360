//! An inspection's timetable as an iCalendar file (RFC 5545), so the notification day, the
//! joint-audit window, the on-site days and the letter's due day land in everyone's
//! calendar as all-day events.
//!
//! Each event's UID comes from the inspection's identity (the framework and the first
//! on-site day) and the event's kind, never from the time it was written: the same
//! inspection downloaded twice updates its entries instead of adding copies, even when a
//! closure day or the notice changed its dates. Each description ends with the
//! timetable's assumptions. The core has no clock, so the caller gives `DTSTAMP`'s time.
//!
//! Text is escaped (`\`, `;`, `,`, line breaks), lines end in CRLF, and lines longer than
//! 75 octets are folded (a CRLF and a space) between characters, never inside one.

use crate::digest::sha256_hex;
use crate::notice::{long_date, Timetable};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// The longest line in octets, not counting its CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The timetable as an iCalendar file, `stamp` (UTC) being when it is written.
///
/// # Example
/// ```
/// use deepdive::{calendar::Calendar, frameworks, ics, notice};
/// let req = notice::Request {
///     framework: frameworks::get("jtai-2015")?,
///     onsite_start: chrono::NaiveDate::from_ymd_opt(2015, 10, 5).unwrap(),
///     area: vec![],
///     calendar: Calendar::default(),
///     notice_working_days: None,
///     letter_due_working_days: None,
/// };
/// let t = notice::timetable(&req)?;
/// let stamp = chrono::NaiveDate::from_ymd_opt(2015, 9, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let text = ics::timetable_ics(&t, stamp);
/// assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
/// assert!(text.contains("DTSTART;VALUE=DATE:20150923\r\n"));
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn timetable_ics(t: &Timetable<'_>, stamp: NaiveDateTime) -> String {
    let f = t.framework;
    let who = &f.short_title;
    let uid_base = uid_base(&f.id, t.onsite_start);
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut assumptions = String::new();
    if !t.assumptions.is_empty() {
        assumptions.push_str("\n\nAssumptions:");
        for a in &t.assumptions {
            assumptions.push_str(&format!("\n- {} ({})", a.text, a.source.as_str()));
        }
    }
    let mut events: Vec<Event> = Vec::new();
    if let Some(n) = &t.notification {
        let unannounced = f.notice.kind == crate::frameworks::NoticeKind::Unannounced;
        let (summary, said) = if unannounced {
            (
                format!("{who}: the area is called (unannounced)"),
                format!("The area is called on {} (unannounced).", long_date(n.date)),
            )
        } else {
            (
                format!("{who}: the area is told"),
                format!(
                    "The area is told on {}, {} working days before inspectors arrive on {}.",
                    long_date(n.date),
                    n.working_days_before,
                    long_date(t.onsite_start)
                ),
            )
        };
        events.push(Event::new("notification", summary, n.date, n.date, said));
    }
    if let Some(j) = &t.joint_audit {
        let what = f
            .joint_audit
            .as_ref()
            .map(|a| a.description.clone())
            .unwrap_or_default();
        events.push(Event::new(
            "joint-audit",
            format!("{who}: joint audit of cases"),
            j.from,
            j.to,
            format!(
                "The joint-audit window, {} to {} ({} working days). {what}",
                long_date(j.from),
                long_date(j.to),
                j.working_days
            ),
        ));
    }
    let days = t.onsite_days.len();
    for (i, &d) in t.onsite_days.iter().enumerate() {
        events.push(Event::new(
            &format!("onsite-{}", i + 1),
            format!("{who}: on site (day {} of {days})", i + 1),
            d,
            d,
            format!(
                "Inspectors on site, day {} of {days}: {}.",
                i + 1,
                long_date(d)
            ),
        ));
    }
    let product = &f.reporting.product;
    events.push(Event::new(
        "letter-due",
        format!("{who}: the {product} is due"),
        t.letter_due,
        t.letter_due,
        format!(
            "The {product} is due on {}, {} working days after the last day on site.",
            long_date(t.letter_due),
            t.letter_working_days
        ),
    ));

    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:-//Deep Dive//deepdive {}//EN", crate::VERSION),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    for e in &events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}-{uid_base}@deepdive", e.kind));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", ics_date(e.from)),
        );
        // DTEND is exclusive: the day after the last.
        let end = e.to.checked_add_signed(Duration::days(1)).unwrap_or(e.to);
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", ics_date(end)));
        push_line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        let description = format!("{}{assumptions}", e.description.trim_end());
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// One all-day event, from `from` to `to` inclusive.
struct Event {
    kind: String,
    summary: String,
    from: NaiveDate,
    to: NaiveDate,
    description: String,
}

impl Event {
    fn new(
        kind: &str,
        summary: String,
        from: NaiveDate,
        to: NaiveDate,
        description: String,
    ) -> Event {
        Event {
            kind: kind.to_owned(),
            summary,
            from,
            to,
            description,
        }
    }
}

/// The part of every UID that names the inspection: the first 20 hex digits of the
/// SHA-256 of `deepdive-ics-v1`, the framework's id and the first on-site day, each as a
/// netstring.
fn uid_base(framework: &str, onsite_start: NaiveDate) -> String {
    let ns = |s: &str| format!("{}:{s},", s.len());
    let text = format!(
        "{}{}{}",
        ns("deepdive-ics-v1"),
        ns(framework),
        ns(&crate::calendar::format_date(onsite_start))
    );
    sha256_hex(text.as_bytes())[..20].to_owned()
}

fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks
/// as `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets between characters, and its CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut room = MAX_LINE;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            // The space of a continuation line counts towards its 75 octets.
            room = MAX_LINE - 1;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::{escape, push_line};

    #[test]
    fn lines_fold_at_75_octets_between_characters_table() {
        for (name, line) in [
            ("ascii", "D".repeat(200)),
            ("two-byte", "é".repeat(100)),
            ("three-byte", "€".repeat(60)),
            ("four-byte", "😀".repeat(40)),
            ("short", "SUMMARY:x".to_owned()),
        ] {
            let mut out = String::new();
            push_line(&mut out, &line);
            assert!(out.ends_with("\r\n"), "{name}");
            let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            for (i, l) in lines.iter().enumerate() {
                assert!(l.len() <= 75, "{name}: line {i} has {} octets", l.len());
                assert_eq!(i > 0, l.starts_with(' '), "{name}: line {i}");
            }
            let unfolded: String = lines
                .iter()
                .enumerate()
                .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
                .collect();
            assert_eq!(unfolded, line, "{name}");
        }
    }

    #[test]
    fn text_is_escaped_table() {
        for (text, want) in [
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
            ("tab\there", "tabhere"),
        ] {
            assert_eq!(escape(text), want, "{text:?}");
        }
    }
}
