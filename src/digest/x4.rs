//! SHA-256 of four messages at once, for the sampling tickets.
//!
//! Every eligible record's ticket is a SHA-256 of its own, independent of the others, and
//! the messages share a prefix (tag, seed and stratum). So the prefix is hashed once
//! ([`Midstate`]) and the rest of four messages runs through one compression whose every
//! 32-bit word is a vector of four lanes, one per message: a single SIMD pass does the
//! work of four. In WebAssembly built with `simd128` the lanes are `v128` registers;
//! elsewhere they are `[u32; 4]` arrays, which the compiler may vectorise itself.
//!
//! Messages of different lengths are fine: each is padded into its own blocks, and a
//! lane whose message has fewer blocks than the others keeps the state after its last.

/// Whether the lanes are SIMD registers. Without them, four lanes cost more than four
/// scalar hashes (the array lanes measured 7 times slower than `hmac-sha256` in
/// WebAssembly without `simd128`, and no faster natively), so callers hash one by one.
pub(crate) const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// The SHA-256 round constants.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The SHA-256 initial state.
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    //! Four lanes in a WebAssembly `v128`.
    use core::arch::wasm32::{
        u32x4, u32x4_add, u32x4_extract_lane, u32x4_shl, u32x4_shr, u32x4_splat, v128, v128_and,
        v128_andnot, v128_or, v128_xor,
    };

    #[derive(Clone, Copy)]
    pub(super) struct L(v128);

    impl L {
        #[inline(always)]
        pub(super) fn new(w: [u32; 4]) -> L {
            L(u32x4(w[0], w[1], w[2], w[3]))
        }
        #[inline(always)]
        pub(super) fn splat(x: u32) -> L {
            L(u32x4_splat(x))
        }
        #[inline(always)]
        pub(super) fn to_array(self) -> [u32; 4] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ]
        }
        #[inline(always)]
        pub(super) fn add(self, b: L) -> L {
            L(u32x4_add(self.0, b.0))
        }
        #[inline(always)]
        pub(super) fn xor(self, b: L) -> L {
            L(v128_xor(self.0, b.0))
        }
        #[inline(always)]
        pub(super) fn and(self, b: L) -> L {
            L(v128_and(self.0, b.0))
        }
        /// `self & !b`.
        #[inline(always)]
        pub(super) fn andnot(self, b: L) -> L {
            L(v128_andnot(self.0, b.0))
        }
        #[inline(always)]
        pub(super) fn rotr(self, n: u32) -> L {
            L(v128_or(u32x4_shr(self.0, n), u32x4_shl(self.0, 32 - n)))
        }
        #[inline(always)]
        pub(super) fn shr(self, n: u32) -> L {
            L(u32x4_shr(self.0, n))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    //! Four lanes in an array, lane by lane.

    #[derive(Clone, Copy)]
    pub(super) struct L([u32; 4]);

    impl L {
        #[inline(always)]
        pub(super) fn new(w: [u32; 4]) -> L {
            L(w)
        }
        #[inline(always)]
        pub(super) fn splat(x: u32) -> L {
            L([x; 4])
        }
        #[inline(always)]
        pub(super) fn to_array(self) -> [u32; 4] {
            self.0
        }
        #[inline(always)]
        fn map(self, b: L, f: impl Fn(u32, u32) -> u32) -> L {
            L([
                f(self.0[0], b.0[0]),
                f(self.0[1], b.0[1]),
                f(self.0[2], b.0[2]),
                f(self.0[3], b.0[3]),
            ])
        }
        #[inline(always)]
        pub(super) fn add(self, b: L) -> L {
            self.map(b, u32::wrapping_add)
        }
        #[inline(always)]
        pub(super) fn xor(self, b: L) -> L {
            self.map(b, |x, y| x ^ y)
        }
        #[inline(always)]
        pub(super) fn and(self, b: L) -> L {
            self.map(b, |x, y| x & y)
        }
        /// `self & !b`.
        #[inline(always)]
        pub(super) fn andnot(self, b: L) -> L {
            self.map(b, |x, y| x & !y)
        }
        #[inline(always)]
        pub(super) fn rotr(self, n: u32) -> L {
            L(self.0.map(|x| x.rotate_right(n)))
        }
        #[inline(always)]
        pub(super) fn shr(self, n: u32) -> L {
            L(self.0.map(|x| x >> n))
        }
    }
}

use lanes::L;

/// One SHA-256 compression of four lanes: `state` absorbs the block `w`.
#[inline(never)]
fn compress(state: &mut [L; 8], mut w: [L; 16]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (i, &k) in K.iter().enumerate() {
        if i >= 16 {
            // The message schedule, kept in a ring of 16 words.
            let w15 = w[(i + 1) & 15];
            let w2 = w[(i + 14) & 15];
            let s0 = w15.rotr(7).xor(w15.rotr(18)).xor(w15.shr(3));
            let s1 = w2.rotr(17).xor(w2.rotr(19)).xor(w2.shr(10));
            w[i & 15] = w[i & 15].add(s0).add(w[(i + 9) & 15]).add(s1);
        }
        let s1 = e.rotr(6).xor(e.rotr(11)).xor(e.rotr(25));
        let ch = e.and(f).xor(g.andnot(e));
        let t1 = h.add(s1).add(ch).add(L::splat(k)).add(w[i & 15]);
        let s0 = a.rotr(2).xor(a.rotr(13)).xor(a.rotr(22));
        let maj = a.and(b).xor(a.and(c)).xor(b.and(c));
        let t2 = s0.add(maj);
        h = g;
        g = f;
        f = e;
        e = d.add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.add(t2);
    }
    for (s, x) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add(x);
    }
}

/// A SHA-256 partway through a message: the state after its whole blocks, and the bytes
/// of the block it has begun.
#[derive(Clone)]
pub(crate) struct Midstate {
    state: [u32; 8],
    tail: [u8; 64],
    tail_len: usize,
    /// Bytes before the tail.
    done: u64,
}

impl Midstate {
    /// The state after `prefix`.
    pub(crate) fn new(prefix: &[u8]) -> Midstate {
        let mut state = H0.map(L::splat);
        let blocks = prefix.chunks_exact(64);
        let rest = blocks.remainder();
        for block in blocks {
            let mut w = [L::splat(0); 16];
            for (i, word) in block.chunks_exact(4).enumerate() {
                w[i] = L::splat(u32::from_be_bytes([word[0], word[1], word[2], word[3]]));
            }
            compress(&mut state, w);
        }
        let mut tail = [0u8; 64];
        tail[..rest.len()].copy_from_slice(rest);
        Midstate {
            state: state.map(|l| l.to_array()[0]),
            tail,
            tail_len: rest.len(),
            done: (prefix.len() - rest.len()) as u64,
        }
    }

    /// The SHA-256 of the prefix followed by each of four messages, each given in parts.
    pub(crate) fn finish4(&self, messages: [&[&[u8]]; 4]) -> [[u8; 32]; 4] {
        let tail = &self.tail[..self.tail_len];
        let lens =
            messages.map(|parts| self.tail_len + parts.iter().map(|p| p.len()).sum::<usize>());
        // Each message's blocks: its bytes, 0x80, zeros, then its length in bits.
        let blocks = lens.map(|n| (n + 9).div_ceil(64));
        let most = blocks.iter().copied().max().unwrap_or(0);
        let mut state = self.state.map(L::splat);
        let mut out = [[0u32; 8]; 4];
        for j in 0..most {
            let mut words = [[0u32; 4]; 16];
            for lane in 0..4 {
                if j >= blocks[lane] {
                    continue;
                }
                let mut block = [0u8; 64];
                let start = j * 64;
                let mut at = 0;
                for part in std::iter::once(tail).chain(messages[lane].iter().copied()) {
                    copy_overlap(&mut block, start, at, part);
                    at += part.len();
                }
                if (start..start + 64).contains(&at) {
                    block[at - start] = 0x80;
                }
                if j + 1 == blocks[lane] {
                    let bits = (self.done + at as u64) * 8;
                    block[56..].copy_from_slice(&bits.to_be_bytes());
                }
                for (i, word) in block.chunks_exact(4).enumerate() {
                    words[i][lane] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
                }
            }
            compress(&mut state, words.map(L::new));
            for lane in 0..4 {
                if j + 1 == blocks[lane] {
                    for (o, s) in out[lane].iter_mut().zip(&state) {
                        *o = s.to_array()[lane];
                    }
                }
            }
        }
        out.map(|words| {
            let mut digest = [0u8; 32];
            for (d, w) in digest.chunks_exact_mut(4).zip(words) {
                d.copy_from_slice(&w.to_be_bytes());
            }
            digest
        })
    }
}

/// Copies the part of `bytes` (found at offset `at` in a message) that falls in the
/// block starting at offset `start`.
fn copy_overlap(block: &mut [u8; 64], start: usize, at: usize, bytes: &[u8]) {
    let lo = at.max(start);
    let hi = (at + bytes.len()).min(start + 64);
    if lo < hi {
        block[lo - start..hi - start].copy_from_slice(&bytes[lo - at..hi - at]);
    }
}

#[cfg(test)]
mod tests {
    use super::Midstate;
    use hmac_sha256::Hash;

    /// A deterministic byte stream (xorshift), so the test needs no generator crate.
    fn bytes(seed: &mut u64, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                *seed as u8
            })
            .collect()
    }

    #[test]
    fn four_lanes_equal_sha256_for_every_length() {
        let mut seed = 0x5eed_u64;
        for round in 0..600 {
            // Prefixes of 0 to 199 bytes, messages of 0 to 199 in up to three parts:
            // lanes often differ in block count.
            let prefix = bytes(&mut seed, round % 200);
            let mid = Midstate::new(&prefix);
            let messages: Vec<Vec<u8>> = (0..4)
                .map(|lane| bytes(&mut seed, (round * 7 + lane * 53) % 200))
                .collect();
            let cuts: Vec<[&[u8]; 3]> = messages
                .iter()
                .map(|m| {
                    let (a, rest) = m.split_at(m.len() / 3);
                    let (b, c) = rest.split_at(rest.len() / 2);
                    [a, b, c]
                })
                .collect();
            let got = mid.finish4([&cuts[0][..], &cuts[1][..], &cuts[2][..], &cuts[3][..]]);
            for (lane, m) in messages.iter().enumerate() {
                let mut h = Hash::new();
                h.update(&prefix);
                h.update(m);
                assert_eq!(got[lane], h.finalize(), "round {round}, lane {lane}");
            }
        }
    }

    #[test]
    fn known_answers() {
        let abc = Midstate::new(b"ab").finish4([&[b"c"], &[b""], &[b"", b"c"], &[]]);
        assert_eq!(abc[0], abc[2]);
        assert_eq!(abc[0], Hash::hash(b"abc"));
        assert_eq!(abc[1], Hash::hash(b"ab"));
        assert_eq!(abc[3], Hash::hash(b"ab"));
    }
}
