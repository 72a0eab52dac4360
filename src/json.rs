//! JSON read strictly: a key given twice in one object, anywhere in a file, is found and
//! named.
//!
//! JSON leaves duplicate keys undefined, and readers disagree: serde_json's maps, like
//! `JSON.parse`, keep the last value, so `{"consent": "do-not-publish", "consent":
//! "publish-in-full"}` would read as consent to publish. A file whose meaning depends on the
//! reader is refused instead: [`duplicate_key`] walks the whole text once, every object at
//! every depth, and reports the first key that repeats (after unescaping, so `"a"` and
//! `"\u0061"` are the same key). Serde's derived structs already refuse a repeated field;
//! this covers maps and free-form values too.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// A key found twice in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Where the object is: empty for the top level, else e.g. `answers` or `items[2].who`.
    pub object: String,
    /// The key, unescaped.
    pub key: String,
    /// Where its second occurrence ends, counting from 1.
    pub line: usize,
    pub column: usize,
}

impl DuplicateKey {
    /// The path of the repeated key: `answers.consent`, or `consent` at the top level.
    pub fn path(&self) -> String {
        if self.object.is_empty() {
            self.key.clone()
        } else {
            format!("{}.{}", self.object, self.key)
        }
    }
}

/// The first key that appears twice in one object of the JSON text, if any.
///
/// Text that is not JSON has none: the caller's own reader reports what is wrong with it.
///
/// # Example
/// ```
/// use deepdive::json::duplicate_key;
/// let text = r#"{"answers": {"consent": "do-not-publish", "consent": "publish-in-full"}}"#;
/// let d = duplicate_key(text).unwrap();
/// assert_eq!((d.path(), d.line), ("answers.consent".to_owned(), 1));
/// assert_eq!(duplicate_key(r#"{"a": [{"b": 1}, {"b": 2}]}"#), None);
/// ```
pub fn duplicate_key(text: &str) -> Option<DuplicateKey> {
    let found = RefCell::new(None);
    let mut reader = serde_json::Deserializer::from_str(text);
    let walk = Walk {
        at: None,
        found: &found,
    };
    match walk.deserialize(&mut reader) {
        Ok(()) => None,
        Err(e) => found.into_inner().map(|(object, key)| DuplicateKey {
            object,
            key,
            line: e.line(),
            column: e.column(),
        }),
    }
}

/// Where a value is: its key or index, within its parent. The path is written out only
/// when a duplicate is found.
struct Place<'p> {
    parent: Option<&'p Place<'p>>,
    step: Step<'p>,
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

fn path(at: Option<&Place>) -> String {
    let mut steps = Vec::new();
    let mut here = at;
    while let Some(place) = here {
        steps.push(&place.step);
        here = place.parent;
    }
    let mut out = String::new();
    for step in steps.into_iter().rev() {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One value being walked: where it is, and where a duplicate is recorded.
struct Walk<'p, 'f> {
    at: Option<&'p Place<'p>>,
    found: &'f RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// A key, borrowed from the text unless it had escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
}

/// The keys of one object so far: a short list searched in turn, a set once it is long.
enum Seen<'de> {
    Few(Vec<Cow<'de, str>>),
    Many(HashSet<Cow<'de, str>>),
}

impl<'de> Seen<'de> {
    /// Adds the key; false when it was already there.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        match self {
            Seen::Few(list) if list.contains(&key) => false,
            Seen::Few(list) if list.len() < 16 => {
                list.push(key);
                true
            }
            Seen::Few(list) => {
                let mut set: HashSet<Cow<'de, str>> = list.drain(..).collect();
                set.insert(key);
                *self = Seen::Many(set);
                true
            }
            Seen::Many(set) => set.insert(key),
        }
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let place = Place {
                parent: self.at,
                step: Step::Index(i),
            };
            let item = Walk {
                at: Some(&place),
                found: self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Seen::Few(Vec::new());
        while let Some(key) = map.next_key_seed(Key)? {
            if !seen.insert(key.clone()) {
                *self.found.borrow_mut() = Some((path(self.at), key.into_owned()));
                // Stops the walk; the position is read from the error.
                return Err(de::Error::custom("duplicate key"));
            }
            let place = Place {
                parent: self.at,
                step: Step::Key(&key),
            };
            map.next_value_seed(Walk {
                at: Some(&place),
                found: self.found,
            })?;
        }
        Ok(())
    }
}
