//! Tickets (`deepdive-ticket-v1`): each record's SHA-256 ticket, built from netstrings so
//! that no two different inputs give the same message.
//!
//! A netstring is the byte length in ASCII decimal, `:`, the bytes, and `,`: `ab` is
//! `2:ab,`. The ticket message is
//! `ns("deepdive-ticket-v1") ‖ ns(seed) ‖ ns(stratum key) ‖ ns(id)`, where the stratum key
//! is `ns(v1) ‖ … ‖ ns(vk)` over the record's trimmed stratification values (empty without
//! strata), and the ticket is the SHA-256 of that message. Tickets compare as 32-byte
//! big-endian numbers; the smallest win. `docs/sampling.md` is the full specification.

use crate::digest::x4::{self, Midstate};
use hmac_sha256::Hash as Sha256;

/// The algorithm tag that receipts record.
pub const ALGORITHM: &str = "deepdive-ticket-v1";

/// A record's ticket: 32 bytes, compared big-endian (as byte strings).
pub type Ticket = [u8; 32];

/// Appends `bytes` as a netstring: its length in decimal, `:`, the bytes, `,`.
///
/// # Example
/// ```
/// let mut out = Vec::new();
/// deepdive::sampling::ticket::netstring(&mut out, "a) Male".as_bytes());
/// assert_eq!(out, b"7:a) Male,");
/// ```
pub fn netstring(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(decimal(bytes.len(), &mut digits));
    out.push(b':');
    out.extend_from_slice(bytes);
    out.push(b',');
}

/// A length in ASCII decimal, written into `buf` without allocating.
pub(crate) fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// The stratum key: the netstrings of the stratification values, in plan order.
pub fn stratum_key<S: AsRef<str>>(values: &[S]) -> Vec<u8> {
    let mut key = Vec::new();
    for v in values {
        netstring(&mut key, v.as_ref().as_bytes());
    }
    key
}

/// The whole ticket message for one record (for documents and checks; sampling itself
/// hashes the same bytes without building them again for every record).
pub fn message<S: AsRef<str>>(seed: &str, stratum: &[S], id: &str) -> Vec<u8> {
    let mut m = Vec::new();
    netstring(&mut m, ALGORITHM.as_bytes());
    netstring(&mut m, seed.as_bytes());
    netstring(&mut m, &stratum_key(stratum));
    netstring(&mut m, id.as_bytes());
    m
}

/// One record's ticket. `seed`, the values and `id` must already be trimmed.
///
/// # Example
/// ```
/// use deepdive::{digest::hex, sampling::ticket::ticket};
/// let t = ticket("4 2 6 1 3 5", &["a) Male"], "C101");
/// assert_eq!(hex(&t).len(), 64);
/// ```
pub fn ticket<S: AsRef<str>>(seed: &str, stratum: &[S], id: &str) -> Ticket {
    Tickets::new(seed).stratum(&stratum_key(stratum)).ticket(id)
}

/// Hashes tickets for one seed, reusing the hash state of the common prefix.
#[derive(Clone)]
pub struct Tickets {
    prefix: Vec<u8>,
}

impl Tickets {
    /// Tickets for this (trimmed) seed.
    pub fn new(seed: &str) -> Tickets {
        let mut prefix = Vec::new();
        netstring(&mut prefix, ALGORITHM.as_bytes());
        netstring(&mut prefix, seed.as_bytes());
        Tickets { prefix }
    }

    /// Tickets for one stratum, given its key (see [`stratum_key`]).
    pub fn stratum(&self, key: &[u8]) -> StratumTickets {
        let mut m = self.prefix.clone();
        netstring(&mut m, key);
        let mut prefix = Sha256::new();
        prefix.update(&m);
        StratumTickets {
            prefix,
            mid: Midstate::new(&m),
        }
    }
}

/// Hashes the tickets of one stratum's records.
#[derive(Clone)]
pub struct StratumTickets {
    prefix: Sha256,
    /// The same state, for four tickets at once.
    mid: Midstate,
}

impl StratumTickets {
    /// The ticket of the record with this (trimmed) ID.
    pub fn ticket(&self, id: &str) -> Ticket {
        let mut h = self.prefix;
        let mut digits = [0u8; 20];
        h.update(decimal(id.len(), &mut digits));
        h.update(b":");
        h.update(id.as_bytes());
        h.update(b",");
        h.finalize()
    }

    /// The tickets of four records (with trimmed IDs), hashed together.
    pub fn ticket4(&self, ids: [&str; 4]) -> [Ticket; 4] {
        let mut digits = [[0u8; 20]; 4];
        let [a, b, c, d] = &mut digits;
        let heads = [a, b, c, d]
            .into_iter()
            .zip(ids)
            .map(|(digits, id)| decimal(id.len(), digits));
        let mut parts = [[&b""[..]; 4]; 4];
        for ((p, head), id) in parts.iter_mut().zip(heads).zip(ids) {
            *p = [head, b":", id.as_bytes(), b","];
        }
        self.mid
            .finish4([&parts[0][..], &parts[1][..], &parts[2][..], &parts[3][..]])
    }

    /// The tickets of many records, in order: `each` is called with every ticket. With
    /// SIMD (WebAssembly built with `simd128`) they are hashed four at a time.
    pub fn each<'a>(&self, ids: impl IntoIterator<Item = &'a str>, mut each: impl FnMut(Ticket)) {
        let mut ids = ids.into_iter();
        if !x4::SIMD {
            ids.for_each(|id| each(self.ticket(id)));
            return;
        }
        loop {
            let four = [ids.next(), ids.next(), ids.next(), ids.next()];
            match four {
                [Some(a), Some(b), Some(c), Some(d)] => {
                    self.ticket4([a, b, c, d]).into_iter().for_each(&mut each);
                }
                rest => {
                    rest.into_iter()
                        .flatten()
                        .for_each(|id| each(self.ticket(id)));
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{hex, sha256};

    #[test]
    fn message_is_netstrings() {
        let m = message("4 2 6 1 3 5", &["a) Male"], "C101");
        assert_eq!(
            String::from_utf8(m).unwrap(),
            "18:deepdive-ticket-v1,11:4 2 6 1 3 5,10:7:a) Male,,4:C101,"
        );
        let none: [&str; 0] = [];
        assert_eq!(
            String::from_utf8(message("s", &none, "x")).unwrap(),
            "18:deepdive-ticket-v1,1:s,0:,1:x,"
        );
    }

    #[test]
    fn ticket_is_sha256_of_the_message_and_parts_cannot_run_together() {
        let t = ticket("seed", &["ab", "c"], "id");
        assert_eq!(t, sha256(&message("seed", &["ab", "c"], "id")));
        assert_ne!(t, ticket("seed", &["a", "bc"], "id"));
        assert_ne!(ticket("seed", &["a"], "bc"), ticket("seed", &["ab"], "c"));
        assert_ne!(ticket("se", &["ed"], "x"), ticket("s", &["eed"], "x"));
        // Multi-byte UTF-8: lengths count bytes.
        assert_eq!(
            String::from_utf8(message("é", &["ü"], "ß")).unwrap(),
            "18:deepdive-ticket-v1,2:é,5:2:ü,,2:ß,"
        );
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
    }
}
