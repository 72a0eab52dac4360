//! Deep Dive: the rules of England's joint child-protection inspections as a pure Rust core.
//!
//! The core does no I/O, reads no clock and draws no random numbers: today's date and seeds
//! are parameters. Only [`wasm`] knows JavaScript.
//!
//! - [`calendar`]: bank holidays (1995–2100) and working-day arithmetic.
//! - [`frameworks`]: the inspection frameworks, as embedded data.
//! - [`notice`]: an inspection's timetable from a framework, a first on-site day and the area.
//! - [`error`]: the one error type, with stable codes.

pub mod calendar;
pub mod error;
pub mod frameworks;
pub mod notice;
pub mod wasm;

/// This crate's version, as the JavaScript API reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
