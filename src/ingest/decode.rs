//! Text encodings of CSV files: which one a file uses, and decoding it piece by piece so
//! that a large file is never copied whole.
//!
//! Detection, in order: a UTF-8 byte-order mark means UTF-8; a UTF-16 mark means UTF-16
//! (Excel's "Unicode Text"); bytes that are valid UTF-8 are UTF-8 and are read in place,
//! without a copy. Otherwise the file is UTF-8 with a few damaged bytes when its valid
//! multi-byte characters outnumber its invalid sequences, and Windows-1252 (what Excel
//! writes for "CSV (Comma delimited)") when they do not. Windows-1252 leaves five bytes
//! undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); they, and any invalid UTF-8 or UTF-16, become
//! U+FFFD, and the reader reports each cell that holds one.

use std::borrow::Cow;

/// The text encoding a CSV file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark (also every `.xlsx` workbook).
    Utf8,
    /// UTF-8 that starts with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV (Comma delimited)" on a UK PC).
    Windows1252,
}

impl Encoding {
    /// The stable name: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// How the bytes become text.
enum Scheme<'a> {
    /// Valid UTF-8, read in place.
    Str(&'a str),
    /// UTF-8 with invalid sequences, each of which becomes U+FFFD.
    Utf8Lossy(&'a [u8]),
    Windows1252(&'a [u8]),
    Utf16 {
        bytes: &'a [u8],
        big_endian: bool,
    },
}

/// Decodes a file's bytes to text, one piece at a time.
pub(crate) struct Decoder<'a> {
    pub encoding: Encoding,
    /// Whether a U+FFFD in the text may stand for bytes that could not be decoded.
    pub lossy: bool,
    scheme: Scheme<'a>,
    /// How far into the bytes decoding has gone.
    pos: usize,
    buf: String,
}

/// How many bytes each piece of a copied decoding covers.
const CHUNK: usize = 1 << 20;

/// The Windows-1252 characters of bytes 0x80–0x9F; `None` for the five undefined bytes.
/// Bytes 0xA0–0xFF are U+00A0–U+00FF.
const HIGH_1252: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

impl<'a> Decoder<'a> {
    /// Detects the encoding of `bytes` (see the module docs).
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        let (encoding, scheme, lossy) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match std::str::from_utf8(rest) {
                Ok(s) => (Encoding::Utf8Bom, Scheme::Str(s), false),
                Err(_) => (Encoding::Utf8Bom, Scheme::Utf8Lossy(rest), true),
            }
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            let scheme = Scheme::Utf16 {
                bytes: rest,
                big_endian: false,
            };
            (Encoding::Utf16Le, scheme, true)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            let scheme = Scheme::Utf16 {
                bytes: rest,
                big_endian: true,
            };
            (Encoding::Utf16Be, scheme, true)
        } else {
            match std::str::from_utf8(bytes) {
                Ok(s) => (Encoding::Utf8, Scheme::Str(s), false),
                Err(_) if mostly_utf8(bytes) => (Encoding::Utf8, Scheme::Utf8Lossy(bytes), true),
                Err(_) => {
                    let undefined = memchr::memchr3(0x81, 0x8D, 0x8F, bytes).is_some()
                        || memchr::memchr2(0x90, 0x9D, bytes).is_some();
                    (Encoding::Windows1252, Scheme::Windows1252(bytes), undefined)
                }
            }
        };
        Decoder {
            encoding,
            lossy,
            scheme,
            pos: 0,
            buf: String::new(),
        }
    }

    /// The number of bytes to decode (after any byte-order mark).
    pub fn len(&self) -> usize {
        match &self.scheme {
            Scheme::Str(s) => s.len(),
            Scheme::Utf8Lossy(b) | Scheme::Windows1252(b) | Scheme::Utf16 { bytes: b, .. } => {
                b.len()
            }
        }
    }

    /// Whether the text has a CR not followed by LF (old Mac line ends), so that lines
    /// must be counted byte by byte. Assumed for UTF-16, whose bytes are not ASCII.
    pub fn has_lone_cr(&self) -> bool {
        let bytes = match &self.scheme {
            Scheme::Str(s) => s.as_bytes(),
            Scheme::Utf8Lossy(b) | Scheme::Windows1252(b) => b,
            Scheme::Utf16 { .. } => return true,
        };
        memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
    }

    /// The text of about the first `max` bytes, decoded on its own for detection, and how
    /// many bytes of the file it covers (all of them when it is the whole text).
    pub fn sample(&self, max: usize) -> (Cow<'a, str>, usize) {
        let end = self.piece_end(0, max);
        if let Scheme::Str(s) = self.scheme {
            return (Cow::Borrowed(s.get(..end).unwrap_or(s)), end);
        }
        let mut text = String::new();
        self.decode(0, end, &mut text);
        (Cow::Owned(text), end)
    }

    /// The next piece of text, or `None` when all of it has been given.
    pub fn next_chunk(&mut self) -> Option<&str> {
        let len = self.len();
        if self.pos >= len {
            return None;
        }
        if let Scheme::Str(s) = self.scheme {
            self.pos = len;
            return Some(s);
        }
        let end = self.piece_end(self.pos, CHUNK);
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        self.decode(self.pos, end, &mut buf);
        self.buf = buf;
        self.pos = end;
        Some(&self.buf)
    }

    /// Where a piece that starts at `start` and covers about `max` bytes ends: never
    /// inside a character.
    fn piece_end(&self, start: usize, max: usize) -> usize {
        let len = self.len();
        let mut end = start.saturating_add(max.max(4)).min(len);
        if end >= len {
            return len;
        }
        match &self.scheme {
            Scheme::Str(s) => {
                while end > start && !s.is_char_boundary(end) {
                    end -= 1;
                }
            }
            Scheme::Utf8Lossy(b) => {
                // Step back over continuation bytes (at most three) to a character's start.
                let floor = end.saturating_sub(3).max(start + 1);
                while end > floor && b.get(end).is_some_and(|&x| x & 0xC0 == 0x80) {
                    end -= 1;
                }
            }
            Scheme::Windows1252(_) => {}
            Scheme::Utf16 { bytes, big_endian } => {
                end -= (end - start) % 2;
                // Keep a high surrogate with the low one after it.
                if end >= start + 4 {
                    let unit = unit16(bytes, end - 2, *big_endian);
                    if (0xD800..0xDC00).contains(&unit) {
                        end -= 2;
                    }
                }
            }
        }
        end
    }

    /// Decodes bytes `start..end` onto `out`.
    fn decode(&self, start: usize, end: usize, out: &mut String) {
        match &self.scheme {
            Scheme::Str(s) => out.push_str(s.get(start..end).unwrap_or_default()),
            Scheme::Utf8Lossy(b) => {
                for chunk in b.get(start..end).unwrap_or_default().utf8_chunks() {
                    out.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        out.push(char::REPLACEMENT_CHARACTER);
                    }
                }
            }
            Scheme::Windows1252(b) => decode_1252(b.get(start..end).unwrap_or_default(), out),
            Scheme::Utf16 { bytes, big_endian } => {
                let piece = bytes.get(start..end).unwrap_or_default();
                out.reserve(piece.len() / 2);
                let units = (0..piece.len() / 2).map(|i| unit16(piece, 2 * i, *big_endian));
                for c in char::decode_utf16(units) {
                    out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                if piece.len() % 2 == 1 {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
            }
        }
    }
}

/// The UTF-16 code unit at byte `i` (zero if out of range).
fn unit16(bytes: &[u8], i: usize, big_endian: bool) -> u16 {
    let pair = [
        bytes.get(i).copied().unwrap_or(0),
        bytes.get(i + 1).copied().unwrap_or(0),
    ];
    if big_endian {
        u16::from_be_bytes(pair)
    } else {
        u16::from_le_bytes(pair)
    }
}

/// Whether invalid UTF-8 is better read as UTF-8 with a few damaged bytes than as
/// Windows-1252: its valid multi-byte characters outnumber its invalid sequences. The
/// count stops once a hundred invalid sequences outnumber the valid characters.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Each multi-byte character has one lead byte (0xC0 and above).
        valid += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
        if invalid > 100 && invalid > valid {
            return false;
        }
    }
    valid > invalid
}

/// Decodes Windows-1252 onto `out`: runs of ASCII at once, other bytes one by one.
pub(crate) fn decode_1252(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(run);
        match std::str::from_utf8(ascii) {
            Ok(s) => out.push_str(s),
            Err(_) => out.extend(ascii.iter().map(|&b| char::from(b))),
        }
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        out.push(char_1252(b));
        rest = tail;
    }
}

/// The character of one Windows-1252 byte; U+FFFD for the five undefined bytes.
pub(crate) fn char_1252(b: u8) -> char {
    match b {
        0x80..=0x9F => HIGH_1252[usize::from(b - 0x80)].unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> (Encoding, String) {
        let mut d = Decoder::new(bytes);
        let mut text = String::new();
        while let Some(piece) = d.next_chunk() {
            text.push_str(piece);
        }
        (d.encoding, text)
    }

    #[test]
    fn detects_and_decodes() {
        let cases: &[(&str, &[u8], Encoding, &str)] = &[
            ("plain ascii", b"a,b\n", Encoding::Utf8, "a,b\n"),
            ("utf-8", "£5,é\n".as_bytes(), Encoding::Utf8, "£5,é\n"),
            ("bom", b"\xEF\xBB\xBFa\n", Encoding::Utf8Bom, "a\n"),
            (
                "1252 pound and e-acute",
                b"\xA35,caf\xE9",
                Encoding::Windows1252,
                "£5,café",
            ),
            (
                "1252 euro and quotes",
                b"\x80\x93\x94",
                Encoding::Windows1252,
                "€“”",
            ),
            (
                "1252 undefined",
                b"a\x81b\x9D",
                Encoding::Windows1252,
                "a\u{FFFD}b\u{FFFD}",
            ),
            (
                "utf-16le",
                b"\xFF\xFEa\x00\xA3\x00",
                Encoding::Utf16Le,
                "a£",
            ),
            (
                "utf-16be",
                b"\xFE\xFF\x00a\x00\xE9",
                Encoding::Utf16Be,
                "aé",
            ),
            (
                "utf-16 odd byte",
                b"\xFF\xFEa\x00b",
                Encoding::Utf16Le,
                "a\u{FFFD}",
            ),
        ];
        for (name, bytes, encoding, text) in cases {
            let (e, t) = all(bytes);
            assert_eq!(e, *encoding, "{name}");
            assert_eq!(t, *text, "{name}");
        }
        // A byte that is not valid UTF-8 and the UTF-8 characters around it.
        let mut bytes = "éé£".as_bytes().to_vec();
        bytes.push(0xFF);
        assert_eq!(all(&bytes), (Encoding::Utf8, "éé£\u{FFFD}".into()));
    }

    #[test]
    fn every_1252_byte_decodes_like_a_reference_table() {
        // Bytes 0xA0–0xFF are Latin-1; 0x80–0x9F were checked against the WHATWG index.
        for b in 0u8..=255 {
            let c = char_1252(b);
            match b {
                0x81 | 0x8D | 0x8F | 0x90 | 0x9D => assert_eq!(c, '\u{FFFD}'),
                0x80..=0x9F => assert!(u32::from(c) > 0xFF, "{b:#x}"),
                _ => assert_eq!(u32::from(c), u32::from(b)),
            }
        }
    }

    #[test]
    fn pieces_never_split_a_character() {
        // Long inputs decoded in pieces give the same text as decoding at once.
        let text: String = "aé€😀\n".repeat(CHUNK / 4);
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(all(&le), (Encoding::Utf16Le, text.clone()));
        let mut bad = text.clone().into_bytes();
        bad.push(0xFF);
        let (e, t) = all(&bad);
        assert_eq!(e, Encoding::Utf8);
        assert_eq!(t.strip_suffix('\u{FFFD}'), Some(text.as_str()));
    }
}
