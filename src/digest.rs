//! SHA-256 for the whole crate: the sampler's tickets and receipts, and the consultations'
//! definition hashes, all go through this one implementation (`hmac-sha256`, which is
//! several times faster in WebAssembly than RustCrypto's `sha2`).

pub(crate) mod x4;

use hmac_sha256::Hash as Sha256;

/// SHA-256 fed piece by piece (`update`, then `finalize`), for a file read in chunks.
pub type Incremental = Sha256;

/// The SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::hash(bytes)
}

/// The SHA-256 of some bytes, as 64 lowercase hex digits (e.g. of an input file).
///
/// # Example
/// ```
/// assert_eq!(
///     deepdive::digest::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}
