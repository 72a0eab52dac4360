// SPDX-License-Identifier: MIT
//
// Deep Dive patch: limits on the XML that one part of a workbook may unpack to.

//! Limits on decompressed XML, checked while decompressing: a zip bomb stops at the
//! limit instead of inflating gigabytes, and one text or tag (the bytes from one `<` to
//! the next) can never grow the XML reader's buffer past a bound.

use std::fmt;
use std::io::{self, Read};

/// How much XML the parts of a workbook may unpack to. The default has no limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlLimits {
    /// The most bytes a worksheet part (`xl/worksheets/…`) may unpack to.
    pub worksheet: u64,
    /// The most bytes `xl/sharedStrings.xml` may unpack to (it is held in memory).
    pub shared_strings: u64,
    /// The most bytes any other part (workbook, styles, relationships) may unpack to.
    pub other: u64,
    /// The most bytes from one `<` to the next: one text, run of blanks or tag.
    pub run: u64,
}

impl Default for XmlLimits {
    fn default() -> Self {
        XmlLimits {
            worksheet: u64::MAX,
            shared_strings: u64::MAX,
            other: u64::MAX,
            run: u64::MAX,
        }
    }
}

impl XmlLimits {
    fn for_part(&self, path: &str) -> u64 {
        let lower = path.to_ascii_lowercase();
        if lower.starts_with("xl/worksheets/") {
            self.worksheet
        } else if lower == "xl/sharedstrings.xml" {
            self.shared_strings
        } else {
            self.other
        }
    }
}

/// Which limit a part passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    /// The part unpacks to more than this many bytes.
    Part(u64),
    /// One text or tag is longer than this many bytes; `blank` when it is only blanks.
    Run {
        /// The limit.
        limit: u64,
        /// Whether the run is only whitespace.
        blank: bool,
    },
}

/// A part of the workbook passed one of its [`XmlLimits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitExceeded {
    /// The part's path in the zip archive.
    pub part: String,
    /// Which limit.
    pub kind: LimitKind,
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            LimitKind::Part(n) => write!(f, "{} unpacks to more than {n} bytes", self.part),
            LimitKind::Run { limit, .. } => {
                write!(f, "{} holds a text longer than {limit} bytes", self.part)
            }
        }
    }
}

impl std::error::Error for LimitExceeded {}

/// A reader of a part's decompressed bytes that fails once a limit is passed.
pub struct Limited<R> {
    inner: R,
    part: String,
    limits: XmlLimits,
    /// The bytes still allowed for the whole part.
    left: u64,
    /// The bytes since the last `<`.
    run: u64,
}

impl<R> Limited<R> {
    pub(crate) fn new(inner: R, part: &str, limits: XmlLimits) -> Self {
        Limited {
            inner,
            part: part.to_owned(),
            left: limits.for_part(part),
            limits,
            run: 0,
        }
    }

    fn fail(&self, kind: LimitKind) -> io::Error {
        io::Error::other(LimitExceeded {
            part: self.part.clone(),
            kind,
        })
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = &buf[..n];
        if n as u64 > self.left {
            return Err(self.fail(LimitKind::Part(self.limits.for_part(&self.part))));
        }
        self.left -= n as u64;
        let run_limit = self.limits.run;
        let blank = |b: &[u8]| b.iter().all(u8::is_ascii_whitespace);
        match memchr::memrchr(b'<', got) {
            None => {
                self.run += n as u64;
                if self.run > run_limit {
                    let kind = LimitKind::Run {
                        limit: run_limit,
                        blank: blank(got),
                    };
                    return Err(self.fail(kind));
                }
            }
            Some(last) => {
                let first = memchr::memchr(b'<', got).unwrap_or(last);
                if self.run + first as u64 > run_limit {
                    let kind = LimitKind::Run {
                        limit: run_limit,
                        blank: blank(&got[..first]),
                    };
                    return Err(self.fail(kind));
                }
                self.run = (n - last - 1) as u64;
            }
        }
        Ok(n)
    }
}

/// The limit a workbook error reports, if it is one.
pub(crate) fn limit_of<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a LimitExceeded> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(l) = err.downcast_ref::<LimitExceeded>() {
            return Some(l);
        }
        let io = err.downcast_ref::<io::Error>().or_else(|| {
            err.downcast_ref::<std::sync::Arc<io::Error>>()
                .map(|a| &**a)
        });
        if let Some(l) = io.and_then(|e| e.get_ref()?.downcast_ref::<LimitExceeded>()) {
            return Some(l);
        }
        cur = err.source();
    }
    None
}
