//! Allocation: how many cases each stratum gets, in exact integer arithmetic.
//!
//! Strata are given in key order (byte-wise on their values), which breaks every tie.
//! One routine does all the work, [`capped_hamilton`]: the largest-remainder method
//! (Hamilton's) over some weights, where a stratum that would get more than it has room
//! for gets its room, and the seats left are shared again among the others. Then:
//!
//! - **proportional**: weights = eligible records, room = eligible records;
//! - **equal**: weights = 1 each, room = eligible records;
//! - **minimum m**: each stratum first gets min(m, eligible); the rest of the sample is
//!   shared with weights = eligible records, room = what each stratum has left.
//!
//! When the sample size is at least the eligible total, every record is taken.

use super::plan::Allocation;
use crate::error::{Code, Error, Result};

/// The number of cases for each stratum, in the order given.
///
/// # Errors
/// `allocation-impossible` when, under `minimum`, the strata's minimums add up to more
/// than the sample size (and the sample does not take every record).
///
/// # Example
/// ```
/// use deepdive::sampling::{allocate::allocate, plan::Allocation};
/// assert_eq!(allocate(10, &[50, 30, 20], Allocation::Proportional, None)?, [5, 3, 2]);
/// assert_eq!(allocate(10, &[50, 30, 2], Allocation::Equal, None)?, [4, 4, 2]);
/// # Ok::<(), deepdive::error::Error>(())
/// ```
pub fn allocate(
    size: u64,
    eligible: &[u64],
    allocation: Allocation,
    min_per_stratum: Option<u64>,
) -> Result<Vec<u64>> {
    let total: u64 = eligible.iter().sum();
    if size >= total {
        return Ok(eligible.to_vec());
    }
    let mut room = eligible.to_vec();
    let mut given = vec![0; eligible.len()];
    let mut seats = size;
    let weights: Vec<u64> = match allocation {
        Allocation::Proportional => eligible.to_vec(),
        Allocation::Equal => vec![1; eligible.len()],
        Allocation::Minimum => {
            let m = min_per_stratum.unwrap_or(0);
            for (g, r) in given.iter_mut().zip(&mut room) {
                *g = m.min(*r);
                *r -= *g;
            }
            let floor: u64 = given.iter().sum();
            if floor > size {
                return Err(Error::new(
                    Code::AllocationImpossible,
                    format!(
                        "{} strata with at least {m} each need {floor} cases, more than the sample size of {size}",
                        eligible.len()
                    ),
                )
                .in_field("minPerStratum"));
            }
            seats -= floor;
            eligible.to_vec()
        }
    };
    capped_hamilton(seats, &weights, &mut room, &mut given);
    Ok(given)
}

/// Shares `seats` by the largest-remainder method over `weights`, never giving a stratum
/// more than its `room`; adds the shares to `given` and takes them from `room`.
///
/// Each round: with W the total weight of the strata that still have room, stratum h's
/// quota is seats × w_h / W; each gets the whole part, and the seats left over go one
/// each to the largest remainders (seats × w_h mod W), ties to the earlier stratum. If
/// any stratum's share exceeds its room, every such stratum gets exactly its room
/// instead, leaves the round, and the remaining seats are shared again.
pub fn capped_hamilton(mut seats: u64, weights: &[u64], room: &mut [u64], given: &mut [u64]) {
    let mut open: Vec<usize> = (0..weights.len())
        .filter(|&h| room[h] > 0 && weights[h] > 0)
        .collect();
    while seats > 0 && !open.is_empty() {
        let total: u128 = open.iter().map(|&h| u128::from(weights[h])).sum();
        let mut share = vec![0u64; weights.len()];
        let mut remainder = vec![0u128; weights.len()];
        let mut handed = 0u64;
        for &h in &open {
            let q = u128::from(seats) * u128::from(weights[h]);
            // q / total <= seats, so it fits.
            share[h] = u64::try_from(q / total).unwrap_or(u64::MAX);
            remainder[h] = q % total;
            handed += share[h];
        }
        let mut order = open.clone();
        super::sort_indices(&mut order, &|a, b| {
            remainder[b].cmp(&remainder[a]).then(a.cmp(&b))
        });
        let left = usize::try_from(seats - handed).unwrap_or(usize::MAX);
        for &h in order.iter().take(left) {
            share[h] += 1;
        }
        let over: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&h| share[h] > room[h])
            .collect();
        if over.is_empty() {
            for &h in &open {
                given[h] += share[h];
                room[h] -= share[h];
            }
            return;
        }
        for h in over {
            given[h] += room[h];
            seats -= room[h];
            room[h] = 0;
        }
        open.retain(|&h| room[h] > 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Allocation::*;

    #[test]
    fn allocation_table() {
        // (name, size, eligible per stratum, allocation, minimum, expected)
        type Case<'a> = (&'a str, u64, &'a [u64], Allocation, Option<u64>, &'a [u64]);
        let cases: &[Case] = &[
            ("one stratum", 5, &[20], Proportional, None, &[5]),
            (
                "exact proportions",
                10,
                &[50, 30, 20],
                Proportional,
                None,
                &[5, 3, 2],
            ),
            // Quotas 3.5, 3.5, 3: the tie goes to the first key.
            (
                "tie to first key",
                10,
                &[35, 35, 30],
                Proportional,
                None,
                &[4, 3, 3],
            ),
            // Quotas 2.4, 2.4, 2.2: one seat left, remainders tie .4 .4 -> the first key.
            (
                "largest remainders",
                7,
                &[12, 12, 11],
                Proportional,
                None,
                &[3, 2, 2],
            ),
            // Quotas 4.2857, 2.857, 2.857 (of 10 over 15, 10, 10): remainders .29 .86 .86.
            (
                "remainder beats size",
                10,
                &[15, 10, 10],
                Proportional,
                None,
                &[4, 3, 3],
            ),
            (
                "small stratum gets none",
                4,
                &[50, 45, 1],
                Proportional,
                None,
                &[2, 2, 0],
            ),
            ("take all", 100, &[5, 3], Proportional, None, &[5, 3]),
            ("take exactly all", 8, &[5, 3], Equal, None, &[5, 3]),
            ("equal even", 9, &[10, 10, 10], Equal, None, &[3, 3, 3]),
            (
                "equal extra to first keys",
                10,
                &[10, 10, 10],
                Equal,
                None,
                &[4, 3, 3],
            ),
            ("equal capped", 10, &[50, 30, 2], Equal, None, &[4, 4, 2]),
            (
                "equal capped twice",
                12,
                &[1, 2, 50, 50],
                Equal,
                None,
                &[1, 2, 5, 4],
            ),
            // 2 each first; the other 4 go to 90 and 8 (the 2 is full): 3.67 and 0.33.
            (
                "minimum lifts small",
                10,
                &[90, 8, 2],
                Minimum,
                Some(2),
                &[6, 2, 2],
            ),
            (
                "minimum capped by size",
                6,
                &[100, 1],
                Minimum,
                Some(3),
                &[5, 1],
            ),
            // 5 each first; 585 left over weights 6, 6, 1000 would give 3, 3, 579, but the
            // small strata have room for 1 each; the large one takes the rest.
            (
                "minimum then capped",
                600,
                &[6, 6, 1000],
                Minimum,
                Some(5),
                &[6, 6, 588],
            ),
            (
                "minimum then proportional",
                20,
                &[6, 6, 1000],
                Minimum,
                Some(5),
                &[5, 5, 10],
            ),
            ("no strata", 5, &[], Proportional, None, &[]),
        ];
        for (name, size, eligible, allocation, min, want) in cases {
            let got = allocate(*size, eligible, *allocation, *min).unwrap();
            assert_eq!(got, *want, "{name}");
            let total: u64 = eligible.iter().sum();
            assert_eq!(got.iter().sum::<u64>(), (*size).min(total), "{name}: sum");
            assert!(
                got.iter().zip(*eligible).all(|(g, e)| g <= e),
                "{name}: room"
            );
        }
    }

    #[test]
    fn minimum_that_cannot_fit_is_an_error() {
        let err = allocate(5, &[10, 10, 10], Minimum, Some(2)).unwrap_err();
        assert_eq!(err.code(), &Code::AllocationImpossible);
        assert_eq!(err.problems()[0].field.as_deref(), Some("minPerStratum"));
    }
}
