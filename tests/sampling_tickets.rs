//! Tickets hashed four at a time (`StratumTickets::ticket4` and `each`) equal tickets
//! hashed one by one and the SHA-256 of the whole message, for IDs of every length up to
//! 200 bytes and prefixes that end anywhere in a block.

use deepdive::digest::sha256;
use deepdive::sampling::ticket::{message, stratum_key, ticket, Tickets};
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

/// Each stratum's selected cases then reserves are its records in (ticket, ID) order,
/// from the smallest: checked against sorting every ticket, in strata of up to 3,000.
#[test]
fn the_draw_takes_the_smallest_tickets_property() {
    use deepdive::sampling::{sample, Plan};
    use deepdive::table::Table;
    let mut rng = StdRng::seed_from_u64(5);
    for round in 0..40 {
        let mut t = Table::new(vec!["ID".into(), "Team".into()]);
        let rows = rng.random_range(0..3000u32);
        let teams = ["North", "South", "East"];
        for r in 0..rows {
            let team = teams[rng.random_range(0..1 + round % 3)];
            t.push(r + 2, [format!("C{}", r * 7919 % 10007), team.to_owned()]);
        }
        let seed = format!("seed {round}");
        let mut plan = Plan::simple("ID", rng.random_range(1..60), &seed);
        plan.strata = vec!["Team".into()];
        plan.reserves = rng.random_range(0..40);
        let s = sample(&t, &plan).unwrap();
        for (h, stratum) in s.strata.iter().enumerate() {
            let mut all: Vec<([u8; 32], String)> = (0..t.len())
                .filter(|&r| t.cell(r, 1) == stratum.values[0])
                .map(|r| {
                    let id = t.cell(r, 0).to_owned();
                    (ticket(&seed, &stratum.values, &id), id)
                })
                .collect();
            all.sort();
            let want = (stratum.allocated + stratum.reserves) as usize;
            let got: Vec<([u8; 32], String)> = s
                .selected
                .iter()
                .chain(&s.reserves)
                .filter(|c| c.stratum == h)
                .map(|c| (c.ticket, c.id.clone()))
                .collect();
            assert_eq!(got, all[..want], "round {round}, stratum {h}");
        }
    }
}
