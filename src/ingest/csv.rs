//! Reading CSV text with `csv-core`: records straight from the decoded text into the
//! sink, with the line each record starts on.
//!
//! `csv-core` parses quotes, doubled quotes and line breaks inside quoted fields, and
//! takes CRLF, LF and CR as record ends; it copies each record's unquoted cells into one
//! reused buffer, so no cell becomes a `String`. Lines end at CRLF, LF or a lone CR, as a
//! text editor shows. `csv-core` counts LF as it parses, which is exact when the text has
//! no lone CR (one fast search tells); otherwise lines are counted here, byte by byte.
//! Empty lines are skipped by the parser and counted here as blank rows. A quote that is
//! never closed swallows the rest of the file into one record; that record is excluded
//! with `unclosed-quote` and the lines it covers.

use super::decode::Decoder;
use super::sink::{self, Row, Sink};
use super::{RowCode, MAX_CELL_BYTES, MAX_COLUMNS, MAX_ROW_BYTES};
use crate::table::Full;
use csv_core::ReadRecordResult;

/// Excel's last row: a CSV of exactly this many records was probably cut off.
pub(crate) const EXCEL_ROWS: u64 = 1_048_576;

/// Counts lines over the text as it is consumed.
struct Lines {
    /// Whether to count here (the text has a lone CR) or trust `csv-core`'s LF count.
    exact: bool,
    /// The line the next byte is on, from 1 (when counting here).
    line: u64,
    /// The last byte consumed.
    prev: u8,
}

impl Lines {
    /// Consumes `bytes` that `csv-core` has seen: when counting here, every LF, CR and
    /// CRLF ends a line.
    fn feed(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        if self.exact {
            let mut breaks = 0u64;
            let mut pairs = u64::from(self.prev == b'\r' && bytes[0] == b'\n');
            for &b in bytes {
                breaks += u64::from(b == b'\n') + u64::from(b == b'\r');
            }
            for w in bytes.windows(2) {
                pairs += u64::from(w[0] == b'\r' && w[1] == b'\n');
            }
            self.line += breaks.saturating_sub(pairs);
        }
        self.prev = last;
    }

    /// Consumes line ends that `csv-core` has not seen (skipped between records).
    fn skip(&mut self, bytes: &[u8], rdr: &mut csv_core::Reader) {
        if !self.exact {
            let lf = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            rdr.set_line(rdr.line() + lf);
        }
        self.feed(bytes);
    }

    /// The line the next byte is on.
    fn now(&self, rdr: &csv_core::Reader) -> u64 {
        if self.exact {
            self.line
        } else {
            rdr.line()
        }
    }

    /// The line the last byte consumed is on, when that byte ended a line: the line
    /// before [`Lines::now`], unless it is a CR whose LF is still to come.
    fn ended(&self, rdr: &csv_core::Reader) -> u64 {
        let counted = self.exact || self.prev == b'\n';
        self.now(rdr)
            .saturating_sub(u64::from(counted && matches!(self.prev, b'\r' | b'\n')))
    }
}

/// A line number as the table stores it (a file of more than 4 billion lines is beyond
/// any browser's memory, so saturating loses nothing real).
fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Reads every record of the text into `sink`, stopping early when it wants no more.
pub(crate) fn read(dec: &mut Decoder<'_>, delimiter: u8, sink: &mut Sink) {
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; 1 << 14];
    let mut ends = vec![0usize; 64];
    let (mut o, mut e) = (0usize, 0usize);
    let mut lines = Lines {
        exact: dec.has_lone_cr(),
        line: 1,
        prev: 0,
    };
    let mut at_start = true;
    // The line the current record starts on, and the line the last one ended on.
    let (mut start, mut prev_end) = (1u64, 0u64);
    let mut records = 0u64;
    // Whether the end has been probed with a line end, and what that showed.
    let (mut probed, mut unclosed) = (false, false);
    'pieces: loop {
        let piece = dec.next_chunk();
        let eof = piece.is_none();
        let input = piece.map_or(&b""[..], str::as_bytes);
        let mut pos = 0;
        loop {
            let rest = input.get(pos..).unwrap_or_default();
            if at_start {
                // Skip line ends between records here, so the record's first line is known.
                let skip = rest
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                lines.skip(&rest[..skip], &mut rdr);
                pos += skip;
                if pos >= input.len() {
                    if eof {
                        break 'pieces;
                    }
                    continue 'pieces;
                }
                start = lines.now(&rdr);
                sink.blank_lines(start.saturating_sub(prev_end + 1));
                at_start = false;
                continue;
            }
            if rest.is_empty() && !eof {
                continue 'pieces;
            }
            // At the end, a line end tells a record left inside an unclosed quote (which
            // takes it into the cell) from a finished one (which it ends).
            let probe = eof && !probed;
            let feed: &[u8] = if probe { b"\n" } else { rest };
            let (res, nin, nout, nend) = rdr.read_record(feed, &mut out[o..], &mut ends[e..]);
            if probe {
                if nin > 0 {
                    probed = true;
                    rdr.set_line(rdr.line().saturating_sub(1));
                    unclosed = res == ReadRecordResult::InputEmpty && nout == 1;
                }
            } else {
                lines.feed(&rest[..nin]);
                pos += nin;
            }
            o += nout;
            e += nend;
            match res {
                ReadRecordResult::InputEmpty if eof => {}
                ReadRecordResult::InputEmpty => continue 'pieces,
                ReadRecordResult::OutputFull => {
                    // The limits are checked as the buffers grow, not cell by cell.
                    let at = sink.at(line32(start));
                    let open = o - ends[..e].last().copied().unwrap_or(0);
                    if open > MAX_CELL_BYTES {
                        return sink.fail(sink::cell_too_large(&at));
                    }
                    if o >= MAX_ROW_BYTES {
                        return sink.fail(sink::row_too_large(&at));
                    }
                    let len = (out.len() * 2).min(MAX_ROW_BYTES);
                    if out.try_reserve_exact(len - out.len()).is_err() {
                        return sink.fail(sink::table_too_large(Full::Memory, &at));
                    }
                    out.resize(len, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if e > MAX_COLUMNS {
                        return sink.fail(sink::too_many_columns(&sink.at(line32(start))));
                    }
                    ends.resize(ends.len() * 2, 0);
                }
                ReadRecordResult::Record => {
                    records += 1;
                    // A record ended by a line end has consumed it; one ended by the end
                    // of the text has not.
                    let end = if eof {
                        lines.now(&rdr)
                    } else {
                        lines.ended(&rdr)
                    };
                    prev_end = end;
                    if unclosed {
                        // Take back the line end the probe put into the last cell.
                        o = o.saturating_sub(1);
                        if let Some(last) = ends[..e].last_mut() {
                            *last = (*last).min(o);
                        }
                    }
                    if e > MAX_COLUMNS {
                        return sink.fail(sink::too_many_columns(&sink.at(line32(start))));
                    }
                    if o > MAX_CELL_BYTES {
                        let mut from = 0;
                        for &end in &ends[..e] {
                            if end - from > MAX_CELL_BYTES {
                                return sink.fail(sink::cell_too_large(&sink.at(line32(start))));
                            }
                            from = end;
                        }
                    }
                    // Cells of valid text are valid text; the lossy path is never taken.
                    let text = match std::str::from_utf8(&out[..o]) {
                        Ok(t) => std::borrow::Cow::Borrowed(t),
                        Err(_) => String::from_utf8_lossy(&out[..o]),
                    };
                    let row = Row {
                        text: &text,
                        ends: &ends[..e],
                    };
                    if unclosed {
                        let message = format!(
                            "line {start}: a quote opens a cell that never closes, so lines {start}\u{2013}{end} were read as one row; it was left out"
                        );
                        sink.bad_row(line32(start), row, RowCode::UnclosedQuote, message);
                    } else if !sink.row(line32(start), row) {
                        return;
                    }
                    (o, e) = (0, 0);
                    at_start = true;
                }
                ReadRecordResult::End => break 'pieces,
            }
        }
    }
    // The last line is the one before the final line end, if the text ends with one.
    let last = lines.ended(&rdr);
    sink.blank_lines(last.saturating_sub(prev_end));
    if records == EXCEL_ROWS {
        let message = format!(
            "the file has exactly {EXCEL_ROWS} rows, Excel's limit: the list was probably cut off when it was saved from Excel"
        );
        sink.warn(None, None, RowCode::RowLimit, message);
    }
}
