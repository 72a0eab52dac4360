//! The definition hash: SHA-256 of a definition's canonical JSON, which every response
//! carries so that the team can tell which text a respondent answered.
//!
//! Canonical JSON is the definition parsed and written again with no whitespace, the keys of
//! every object sorted by their UTF-16 code units (the order of JavaScript's default sort),
//! strings escaped minimally (`"`, `\`, and control characters: `\b \f \n \r \t`, the others
//! as `\u00xx` in lower-case hex; nothing else), integers in decimal and array order kept.
//! That is exactly what `JSON.stringify` writes for the same value when the keys are
//! written in that order, so a page can compute it with `crypto.subtle.digest`. A valid
//! definition holds only non-negative integers, so number formatting never differs.
//!
//! So reformatting a definition, or reordering its keys, keeps the hash; any change of
//! content, even adding a default such as `"required": false`, gives a new one.

use serde_json::Value;
use std::fmt::Write;

/// The canonical JSON of a value (see the module documentation).
///
/// # Example
/// ```
/// use deepdive::consultation::hash::canonical_json;
/// let v: serde_json::Value = serde_json::from_str(r#"{ "b": [1, "x\n"], "a": {"é": true, "c": null} }"#).unwrap();
/// assert_eq!(canonical_json(&v), r#"{"a":{"c":null,"é":true},"b":[1,"x\n"]}"#);
/// ```
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value);
    out
}

/// The SHA-256 of a definition's canonical JSON, as 64 lower-case hex digits.
///
/// # Example
/// ```
/// use deepdive::consultation::hash::definition_hash;
/// let v: serde_json::Value = serde_json::from_str("{}").unwrap();
/// // SHA-256 of the two bytes `{}`.
/// assert_eq!(definition_hash(&v), "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
/// ```
pub fn definition_hash(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

pub use crate::digest::sha256_hex;

fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, key);
                out.push(':');
                if let Some(v) = map.get(key) {
                    write(out, v);
                }
            }
            out.push('}');
        }
    }
}

fn string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
