//! Tickets hashed four at a time (`StratumTickets::ticket4` and `each`) equal tickets
//! hashed one by one and the SHA-256 of the whole message, for IDs of every length up to
//! 200 bytes and prefixes that end anywhere in a block.

use deepdive::sampling::ticket::{message, sha256, stratum_key, ticket, Tickets};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn text(rng: &mut StdRng, n: usize) -> String {
    let alphabet = ["a", "Z", "0", ":", ",", "é", " "];
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect()
}

#[test]
fn four_at_a_time_equals_one_at_a_time_property() {
    let mut rng = StdRng::seed_from_u64(4);
    for round in 0..300 {
        let (seed_len, key_len) = (rng.random_range(0..40), rng.random_range(0..70));
        let seed = text(&mut rng, seed_len);
        let stratum = [text(&mut rng, key_len)];
        let per = Tickets::new(&seed).stratum(&stratum_key(&stratum));
        // Same-length IDs (one block count) most rounds, any lengths the others.
        let same = round % 3 > 0;
        let n = rng.random_range(0..200);
        let ids: Vec<String> = (0..rng.random_range(0..11))
            .map(|_| {
                let len = if same { n } else { rng.random_range(0..200) };
                text(&mut rng, len)
            })
            .collect();
        let mut batch = Vec::new();
        per.each(ids.iter().map(String::as_str), |t| batch.push(t));
        assert_eq!(batch.len(), ids.len());
        for (id, got) in ids.iter().zip(&batch) {
            let want = sha256(&message(&seed, &stratum, id));
            assert_eq!(*got, want, "round {round}, id {id:?}");
            assert_eq!(ticket(&seed, &stratum, id), want);
            assert_eq!(per.ticket(id), want);
        }
        // `each` hashes four at a time only with SIMD: check the four-lane path here too.
        for (four, want) in ids.chunks_exact(4).zip(batch.chunks_exact(4)) {
            let four = [&four[0], &four[1], &four[2], &four[3]].map(String::as_str);
            assert_eq!(per.ticket4(four)[..], *want);
        }
    }
}
