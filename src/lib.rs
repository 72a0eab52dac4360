//! Deep Dive: the rules of England's joint child-protection inspections as a pure Rust core.
//!
//! The core does no I/O, reads no clock and draws no random numbers: today's date and seeds
//! are parameters. Only [`wasm`] knows JavaScript.
//!
//! - [`calendar`]: bank holidays (1995–2100) and working-day arithmetic.
//! - [`frameworks`]: the inspection frameworks, as embedded data.
//! - [`notice`]: an inspection's timetable from a framework, a first on-site day and the area.
//! - [`consultation`]: consultation definitions and responses, UK local time, the team's analysis.
//! - [`table`]: a compact table of text cells, as read from a case list.
//! - [`ingest`]: a CSV file or `.xlsx` workbook into a table, with every problem found.
//! - [`cells`]: cells typed on demand: dates (dd/mm/yyyy, yyyy-mm-dd, Excel serials), ages.
//! - [`sampling`]: reproducible stratified case samples by ticket, with reserves and receipts.
//! - [`export_csv`]: CSV files for spreadsheets, with formula injection neutralised.
//! - [`json`]: JSON read strictly: a key given twice anywhere is found.
//! - [`digest`]: SHA-256, the one implementation every hash goes through.
//! - [`error`]: the one error type, with stable codes.
//!
//! ```
//! use deepdive::{calendar::{parse_date, Calendar}, frameworks, notice};
//!
//! let request = notice::Request {
//!     framework: frameworks::get("jtai-2015")?,
//!     onsite_start: parse_date("2015-10-05")?,
//!     area: Vec::new(),
//!     calendar: Calendar::default(),
//!     notice_working_days: None,
//!     letter_due_working_days: None,
//! };
//! let t = notice::timetable(&request)?;
//! assert_eq!(t.notification.unwrap().date, parse_date("2015-09-23")?);
//! assert_eq!(t.onsite_days.len(), 5);
//! # Ok::<(), deepdive::error::Error>(())
//! ```

pub mod calendar;
pub mod cells;
pub mod consultation;
pub mod digest;
pub mod error;
pub mod export_csv;
pub mod frameworks;
pub mod ics;
pub mod ingest;
pub mod json;
pub mod notice;
pub mod pseudonym;
pub mod sampling;
pub mod table;
pub mod wasm;

/// This crate's version, as the JavaScript API reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
