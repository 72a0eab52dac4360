//! Sampling: golden samples, row-order independence, uniformity, duplicates, filters,
//! plan errors, counts, and receipts (round trip, re-exports and tampering).

mod common;

use chrono::NaiveDate;
use common::{csv_table, fixture_table, table};
use deepdive::digest::hex;
use deepdive::error::Code;
use deepdive::sampling::{
    sample, verify, Allocation, DifferenceKind, Filter, Plan, Reason, Receipt, Sample, SourceInfo,
};
use deepdive::table::Table;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const ID: &str = "Child Unique ID";
const FIXTURE: &str = "annex-a-cp.csv";

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The fixture's full plan: strata by gender, a minimum of 1 each, two reserves, a plan
/// start window and children under 18 on the reference date.
fn full_plan() -> Plan {
    Plan {
        id_column: ID.into(),
        size: 12,
        seed: "3 6 1 6 2 5 4 4".into(),
        strata: vec!["Gender".into()],
        allocation: Allocation::Minimum,
        min_per_stratum: Some(1),
        reserves: 2,
        filters: vec![
            Filter::DateBetween {
                column: "Plan Start Date".into(),
                from: Some(d("2014-10-01")),
                to: Some(d("2015-09-30")),
            },
            Filter::AgeBetween {
                column: "Date of Birth".into(),
                min: None,
                max: Some(17),
            },
        ],
        reference_date: Some(d("2015-10-05")),
        tracked: vec![],
        commitment: None,
    }
}

fn ids(cases: &[deepdive::sampling::Case]) -> Vec<&str> {
    cases.iter().map(|c| c.id.as_str()).collect()
}

fn source(bytes: &[u8], rows: usize) -> SourceInfo {
    SourceInfo::new(bytes, "csv", "utf-8", rows as u64)
}

/// The same records in another order, on other lines, as a re-export would give.
fn shuffled(t: &Table, rng: &mut StdRng) -> Table {
    let mut order: Vec<usize> = (0..t.len()).collect();
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut out = Table::new(t.columns().to_vec());
    for (k, &r) in order.iter().enumerate() {
        out.push(k as u32 + 2, t.record(r).collect::<Vec<_>>());
    }
    out
}

/// What must not depend on row order: everything but line numbers and table indices.
fn essence(s: &Sample) -> impl PartialEq + std::fmt::Debug {
    let cases = |cs: &[deepdive::sampling::Case]| {
        cs.iter()
            .map(|c| (c.id.clone(), c.stratum, c.ticket))
            .collect::<Vec<_>>()
    };
    (
        s.ids_sha256,
        s.records_sha256,
        s.counts.clone(),
        s.strata.clone(),
        cases(&s.selected),
        cases(&s.reserves),
        s.warnings.clone(),
    )
}

#[test]
fn golden_full_plan_on_the_fixture() {
    let (_, t) = fixture_table(FIXTURE);
    let s = sample(&t, &full_plan()).unwrap();
    let strata: Vec<(String, u64, u64, u64)> = s
        .strata
        .iter()
        .map(|x| (x.values.join("|"), x.eligible, x.allocated, x.reserves))
        .collect();
    let selected: Vec<(u32, &str)> = s.selected.iter().map(|c| (c.line, c.id.as_str())).collect();
    let reserves: Vec<(u32, &str)> = s.reserves.iter().map(|c| (c.line, c.id.as_str())).collect();
    assert_eq!(
        strata,
        GOLDEN_STRATA
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), *b, *c, *d))
            .collect::<Vec<_>>()
    );
    assert_eq!(selected, GOLDEN_SELECTED);
    assert_eq!(reserves, GOLDEN_RESERVES);
    assert_eq!(hex(&s.selected[0].ticket), GOLDEN_FIRST_TICKET);
}

/// Recorded once (and reproduced by `tests/sampling_reference.py`); must never change.
/// Minimum 1, then 9 more by largest remainder over 42, 47, 2: 4.15, 4.65, 0.20.
const GOLDEN_STRATA: &[(&str, u64, u64, u64)] = &[
    ("a) Male", 42, 5, 2),
    ("b) Female", 47, 6, 2),
    ("c) Not known", 2, 1, 1),
];
const GOLDEN_SELECTED: &[(u32, &str)] = &[
    (104, "C930225"),
    (99, "C204642"),
    (75, "C866685"),
    (39, "C418922"),
    (77, "C992781"),
    (107, "C220990"),
    (95, "C174338"),
    (34, "C387682"),
    (110, "C981212"),
    (133, "C314326"),
    (148, "C403684"),
    (54, "C193670"),
];
const GOLDEN_RESERVES: &[(u32, &str)] = &[
    (124, "C796206"),
    (40, "C997944"),
    (51, "C233913"),
    (131, "C961596"),
    (143, "C474142"),
];
const GOLDEN_FIRST_TICKET: &str =
    "0836a191d9adcbd172210f7b240b6f674ef4bfb4bf643c897ed1661447cfc41a";

#[test]
fn a_smaller_sample_is_a_prefix_of_a_larger_one() {
    // The consistent-sampler law: the n smallest tickets are the first n of the n + 1
    // smallest, and reserves continue the same order.
    let (_, t) = fixture_table(FIXTURE);
    let big = sample(&t, &Plan::simple(ID, 15, "prefix law")).unwrap();
    for n in 1..15 {
        let mut plan = Plan::simple(ID, n, "prefix law");
        plan.reserves = 15 - n;
        let s = sample(&t, &plan).unwrap();
        assert_eq!(
            ids(&s.selected),
            ids(&big.selected)[..n as usize],
            "n = {n}"
        );
        assert_eq!(
            ids(&s.reserves),
            ids(&big.selected)[n as usize..],
            "n = {n}"
        );
    }
}

#[test]
fn row_order_does_not_matter_on_the_fixture() {
    let (_, t) = fixture_table(FIXTURE);
    let plan = full_plan();
    let want = sample(&t, &plan).unwrap();
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..20 {
        let again = sample(&shuffled(&t, &mut rng), &plan).unwrap();
        assert_eq!(essence(&again), essence(&want));
    }
}

/// A random list: IDs from a small pool (so duplicates happen, some agreeing and some
/// not), a stratum column, a date column with some bad and blank cells, and noise.
fn random_table(rng: &mut StdRng) -> Table {
    let rows = rng.random_range(0..80);
    let pool = rng.random_range(1..100);
    let mut t = Table::new(vec![
        "ID".into(),
        "Team".into(),
        "Date".into(),
        "Noise".into(),
    ]);
    let teams = ["North", "South", " North", "", "East"];
    let dates = [
        "01/04/2015",
        "2015-05-01",
        "42200",
        "",
        "31/02/2015",
        "1/1/2016",
    ];
    for line in 0..rows {
        let id = if rng.random_range(0..20) == 0 {
            " ".to_string()
        } else {
            format!("C{}", rng.random_range(0..pool))
        };
        let team = teams[rng.random_range(0..teams.len())];
        let date = dates[rng.random_range(0..dates.len())];
        let noise = rng.random_range(0..1000).to_string();
        t.push(line + 2, [id.as_str(), team, date, &noise]);
    }
    // Exact copies of some rows: these collapse into one record.
    for k in 0..rng.random_range(0..5) {
        if t.is_empty() {
            break;
        }
        let r = rng.random_range(0..t.len());
        let cells: Vec<String> = t.record(r).map(str::to_owned).collect();
        t.push(rows + k + 2, cells);
    }
    t
}

fn random_plan(rng: &mut StdRng) -> Plan {
    let allocation = [
        Allocation::Proportional,
        Allocation::Equal,
        Allocation::Minimum,
    ][rng.random_range(0..3)];
    let mut plan = Plan::simple(
        "ID",
        rng.random_range(1..30),
        &format!("seed {}", rng.random_range(0..1000)),
    );
    if rng.random_range(0..3) > 0 {
        plan.strata = vec!["Team".into()];
    }
    plan.allocation = allocation;
    if allocation == Allocation::Minimum {
        plan.min_per_stratum = Some(1);
        plan.size = plan.size.max(5);
    }
    plan.reserves = rng.random_range(0..4);
    if rng.random_range(0..2) == 0 {
        plan.filters.push(Filter::DateBetween {
            column: "Date".into(),
            from: Some(d("2015-01-01")),
            to: Some(d("2015-12-31")),
        });
    }
    plan
}

#[test]
fn row_order_does_not_matter_property() {
    let mut rng = StdRng::seed_from_u64(2015);
    let mut checked = 0;
    for _ in 0..300 {
        let t = random_table(&mut rng);
        let plan = random_plan(&mut rng);
        let Ok(want) = sample(&t, &plan) else {
            continue; // allocation-impossible: too many strata for the minimum
        };
        checked += 1;
        let again = sample(&shuffled(&t, &mut rng), &plan).unwrap();
        assert_eq!(essence(&again), essence(&want), "plan {plan:?}");
    }
    assert!(checked > 200, "only {checked} cases ran");
}

#[test]
fn counts_add_up_and_no_id_is_selected_twice_property() {
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..300 {
        let t = random_table(&mut rng);
        let plan = random_plan(&mut rng);
        let Ok(s) = sample(&t, &plan) else { continue };
        let c = &s.counts;
        let before: u64 = c
            .excluded
            .iter()
            .filter(|e| e.filter.is_none())
            .map(|e| e.count)
            .sum();
        let after: u64 = c
            .excluded
            .iter()
            .filter(|e| e.filter.is_some())
            .map(|e| e.count)
            .sum();
        assert_eq!(c.rows, t.len() as u64);
        assert_eq!(c.rows, before + c.duplicate_copies + c.records);
        assert_eq!(c.records, after + c.eligible);
        assert_eq!(c.eligible, s.strata.iter().map(|x| x.eligible).sum::<u64>());
        let mut all: Vec<&str> = ids(&s.selected);
        all.extend(ids(&s.reserves));
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "an ID chosen twice");
        assert_eq!(
            s.selected.len() as u64,
            u64::from(plan.size).min(c.eligible),
            "size"
        );
        for (h, x) in s.strata.iter().enumerate() {
            let picked = s.selected.iter().filter(|c| c.stratum == h).count() as u64;
            let spare = s.reserves.iter().filter(|c| c.stratum == h).count() as u64;
            assert_eq!((picked, spare), (x.allocated, x.reserves));
            assert_eq!(
                spare,
                u64::from(plan.reserves).min(x.eligible - x.allocated)
            );
        }
    }
}

#[test]
fn every_row_is_equally_likely() {
    // 60 rows, 10 drawn, 4000 seeds: each row's rate is 1/6 within 5 standard deviations.
    let rows: Vec<String> = (0..60).map(|i| format!("R{i:02}")).collect();
    let mut t = Table::new(vec!["ID".into()]);
    for (i, id) in rows.iter().enumerate() {
        t.push(i as u32 + 2, [id]);
    }
    let seeds = 4000;
    let mut hits = vec![0u32; rows.len()];
    for k in 0..seeds {
        let s = sample(&t, &Plan::simple("ID", 10, &format!("uniformity {k}"))).unwrap();
        for c in &s.selected {
            hits[c.record] += 1;
        }
    }
    let p = 10.0 / 60.0;
    let sigma = (p * (1.0 - p) / f64::from(seeds)).sqrt();
    for (i, &h) in hits.iter().enumerate() {
        let rate = f64::from(h) / f64::from(seeds);
        assert!(
            (rate - p).abs() < 5.0 * sigma,
            "row {i}: rate {rate:.4}, expected {p:.4} ± {:.4}",
            5.0 * sigma
        );
    }
}

#[test]
fn within_each_stratum_every_record_is_equally_likely() {
    // 40 North and 20 South, 12 drawn proportionally: 8 and 4, so 1/5 each everywhere.
    let mut t = Table::new(vec!["ID".into(), "Team".into()]);
    for i in 0..60 {
        let team = if i < 40 { "North" } else { "South" };
        t.push(i + 2, [format!("R{i}"), team.to_owned()]);
    }
    let seeds = 2000;
    let mut hits = [0u32; 60];
    for k in 0..seeds {
        let mut plan = Plan::simple("ID", 12, &format!("strata {k}"));
        plan.strata = vec!["Team".into()];
        let s = sample(&t, &plan).unwrap();
        assert_eq!((s.strata[0].allocated, s.strata[1].allocated), (8, 4));
        for c in &s.selected {
            hits[c.record] += 1;
        }
    }
    let p = 0.2;
    let sigma = (p * (1.0 - p) / f64::from(seeds)).sqrt();
    for (i, &h) in hits.iter().enumerate() {
        let rate = f64::from(h) / f64::from(seeds);
        assert!((rate - p).abs() < 5.0 * sigma, "row {i}: rate {rate:.4}");
    }
}

#[test]
fn duplicate_ids_table() {
    let columns = ["ID", "Team", "Worker"];
    // (name, rows, records, duplicate copies, conflicting rows, duplicates reported as (id, lines, conflict))
    type Dup<'a> = (&'a str, &'a [u32], Option<&'a str>);
    type Case<'a> = (&'a str, &'a [&'a [&'a str]], u64, u64, u64, &'a [Dup<'a>]);
    let cases: &[Case] = &[
        (
            "no duplicates",
            &[&["A", "N", "w"], &["B", "N", "w"]],
            2,
            0,
            0,
            &[],
        ),
        (
            "exact copies collapse",
            &[&["A", "N", "w"], &["B", "N", "w"], &["A", "N", "w"]],
            2,
            1,
            0,
            &[("A", &[2, 4], None)],
        ),
        (
            "copies differing only where the plan does not read collapse",
            &[&["A", "N", "w1"], &["A", "N", "w2"]],
            1,
            1,
            0,
            &[("A", &[2, 3], None)],
        ),
        (
            "blanks around the ID and the value do not matter",
            &[&["A", "N", "w"], &[" A\u{A0}", " N ", "w"]],
            1,
            1,
            0,
            &[("A", &[2, 3], None)],
        ),
        (
            "copies in different strata are all excluded",
            &[
                &["A", "N", "w"],
                &["B", "N", "w"],
                &["A", "S", "w"],
                &["A", "N", "w"],
            ],
            1,
            0,
            3,
            &[("A", &[2, 4, 5], Some("Team"))],
        ),
        (
            "IDs are case-sensitive",
            &[&["a1", "N", "w"], &["A1", "S", "w"]],
            2,
            0,
            0,
            &[],
        ),
    ];
    for (name, rows, records, copies, conflicting, dups) in cases {
        let t = table(&columns, rows);
        let mut plan = Plan::simple("ID", 10, "dups");
        plan.strata = vec!["Team".into()];
        let s = sample(&t, &plan).unwrap();
        assert_eq!(s.counts.records, *records, "{name}: records");
        assert_eq!(s.counts.duplicate_copies, *copies, "{name}: copies");
        let conflict_rows = s
            .counts
            .excluded
            .iter()
            .filter(|e| e.reason == Reason::DuplicateIdConflict)
            .map(|e| e.count)
            .sum::<u64>();
        assert_eq!(conflict_rows, *conflicting, "{name}: conflicting rows");
        let got: Vec<(&str, &[u32], Option<&str>)> = s
            .duplicates
            .iter()
            .map(|x| (x.id.as_str(), x.lines.as_slice(), x.conflict.as_deref()))
            .collect();
        assert_eq!(got, *dups, "{name}: duplicates");
        assert_eq!(
            s.exclusions
                .iter()
                .filter(|e| e.reason == Reason::DuplicateIdConflict)
                .count() as u64,
            *conflicting,
            "{name}: one exclusion per conflicting row"
        );
        // Everything eligible is taken (size 10): each ID once.
        let mut chosen = ids(&s.selected);
        chosen.sort_unstable();
        chosen.dedup();
        assert_eq!(chosen.len(), s.selected.len(), "{name}: an ID twice");
        assert_eq!(s.selected.len() as u64, *records, "{name}");
    }
}

#[test]
fn exclusions_are_listed_with_line_and_column() {
    let t = table(
        &["ID", "DOB", "Team"],
        &[
            &["A", "01/02/2005", "N"], // line 2: eligible
            &["", "01/02/2005", "N"],  // line 3: blank ID
            &["C", "31/02/2005", "N"], // line 4: bad date
            &["D", "", "N"],           // line 5: blank date
            &["E", "01/01/2016", "N"], // line 6: born after the reference date
            &["F", "01/02/1990", "N"], // line 7: too old: counted, not listed
            &["G", "01/02/2005", "S"], // line 8: another team: counted, not listed
            &["H", "40210", "N"],      // line 9: an Excel serial, 1 Feb 2010: eligible
        ],
    );
    let mut plan = Plan::simple("ID", 5, "x");
    plan.reference_date = Some(d("2015-10-05"));
    plan.filters = vec![
        Filter::AgeBetween {
            column: "DOB".into(),
            min: None,
            max: Some(17),
        },
        Filter::Equals {
            column: "Team".into(),
            value: "N".into(),
        },
    ];
    let s = sample(&t, &plan).unwrap();
    let listed: Vec<(u32, &str, Option<&str>, Option<usize>)> = s
        .exclusions
        .iter()
        .map(|e| (e.line, e.reason.as_str(), e.column.as_deref(), e.filter))
        .collect();
    assert_eq!(
        listed,
        [
            (3, "blank-id", Some("ID"), None),
            (4, "bad-date", Some("DOB"), Some(0)),
            (5, "blank-date", Some("DOB"), Some(0)),
            (6, "born-after-reference-date", Some("DOB"), Some(0)),
        ]
    );
    assert!(
        s.exclusions[1].message.contains("line 4"),
        "{}",
        s.exclusions[1].message
    );
    assert!(s.exclusions[1].message.contains("31/02/2005"));
    let counted: Vec<(&str, Option<usize>, u64)> = s
        .counts
        .excluded
        .iter()
        .map(|e| (e.reason.as_str(), e.filter, e.count))
        .collect();
    assert_eq!(
        counted,
        [
            ("blank-id", None, 1),
            ("bad-date", Some(0), 1),
            ("blank-date", Some(0), 1),
            ("born-after-reference-date", Some(0), 1),
            ("not-matched", Some(0), 1),
            ("not-matched", Some(1), 1),
        ]
    );
    let mut chosen = ids(&s.selected);
    chosen.sort_unstable();
    assert_eq!(chosen, ["A", "H"]);
}

#[test]
fn plan_errors_table() {
    let (_, t) = fixture_table(FIXTURE);
    type Edit = fn(&mut Plan);
    // (name, edit, expected (code, field) pairs, all of them)
    type Case<'a> = (&'a str, Edit, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "unknown ID column",
            |p| p.id_column = "Child ID".into(),
            &[("unknown-column", "idColumn")],
        ),
        ("size 0", |p| p.size = 0, &[("bad-argument", "size")]),
        (
            "blank seed",
            |p| p.seed = " \u{A0} ".into(),
            &[("bad-argument", "seed")],
        ),
        (
            "long seed",
            |p| p.seed = "x".repeat(1001),
            &[("bad-argument", "seed")],
        ),
        (
            "unknown and repeated strata",
            |p| p.strata = vec!["Gender".into(), "Sex".into(), "Gender".into()],
            &[
                ("unknown-column", "strata[1]"),
                ("bad-argument", "strata[2]"),
            ],
        ),
        (
            "minimum without a minimum",
            |p| p.min_per_stratum = None,
            &[("bad-argument", "minPerStratum")],
        ),
        (
            "a minimum with equal allocation",
            |p| p.allocation = Allocation::Equal,
            &[("bad-argument", "minPerStratum")],
        ),
        (
            "age filter without a reference date, unknown filter column",
            |p| {
                p.reference_date = None;
                p.filters.push(Filter::NotBlank {
                    column: "Worker".into(),
                });
            },
            // Columns are checked first, then values.
            &[
                ("unknown-column", "filters[2].column"),
                ("bad-argument", "referenceDate"),
            ],
        ),
        (
            "bad ranges",
            |p| {
                p.filters = vec![
                    Filter::DateBetween {
                        column: "Plan Start Date".into(),
                        from: Some(d("2015-10-01")),
                        to: Some(d("2015-01-01")),
                    },
                    Filter::AgeBetween {
                        column: "Date of Birth".into(),
                        min: Some(12),
                        max: Some(10),
                    },
                    Filter::AgeBetween {
                        column: "Date of Birth".into(),
                        min: None,
                        max: None,
                    },
                    Filter::DateBetween {
                        column: "Plan Start Date".into(),
                        from: None,
                        to: None,
                    },
                    Filter::OneOf {
                        column: "Gender".into(),
                        values: vec![],
                    },
                    Filter::AgeBetween {
                        column: "Date of Birth".into(),
                        min: None,
                        max: Some(151),
                    },
                ]
            },
            &[
                ("bad-range", "filters[0].from"),
                ("bad-argument", "filters[1].min"),
                ("bad-argument", "filters[2].min"),
                ("bad-argument", "filters[3].from"),
                ("bad-argument", "filters[4].values"),
                ("bad-argument", "filters[5].max"),
            ],
        ),
    ];
    for (name, edit, want) in cases {
        let mut plan = full_plan();
        edit(&mut plan);
        let err = sample(&t, &plan).unwrap_err();
        let got: Vec<(&str, &str)> = err
            .problems()
            .iter()
            .map(|p| (p.code.as_str(), p.field.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(got, *want, "{name}");
    }
}

#[test]
fn minimums_that_do_not_fit_are_an_error() {
    let (_, t) = fixture_table(FIXTURE);
    let mut plan = full_plan();
    plan.size = 5;
    plan.min_per_stratum = Some(2);
    let err = sample(&t, &plan).unwrap_err();
    assert_eq!(err.code(), &Code::AllocationImpossible);
}

#[test]
fn warnings_table() {
    let t = table(
        &["ID", "Team"],
        &[
            &["A", "N"],
            &["B", "N"],
            &["C", "N"],
            &["D", "N"],
            &["E", "S"],
        ],
    );
    type Edit = fn(&mut Plan);
    let cases: &[(&str, Edit, &[&str])] = &[
        // 3 of 4 + 1 is 2.4 and 0.6: 2 and 1.
        ("none", |p| p.size = 3, &[]),
        (
            "larger than eligible",
            |p| p.size = 9,
            &["sample-larger-than-eligible"],
        ),
        // 0.8 and 0.2: North takes the only case.
        ("stratum gets none", |p| p.size = 1, &["stratum-gets-none"]),
        // South's one record is selected, leaving it no reserve.
        (
            "reserves short",
            |p| {
                p.size = 3;
                p.reserves = 2
            },
            &["reserves-short"],
        ),
        (
            "nothing eligible",
            |p| {
                p.filters = vec![Filter::Equals {
                    column: "Team".into(),
                    value: "W".into(),
                }]
            },
            &["no-eligible-records"],
        ),
    ];
    for (name, edit, want) in cases {
        let mut plan = Plan::simple("ID", 2, "w");
        plan.strata = vec!["Team".into()];
        edit(&mut plan);
        let s = sample(&t, &plan).unwrap();
        let got: Vec<&str> = s.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(got, *want, "{name}");
    }
}

#[test]
fn the_seed_is_trimmed_but_otherwise_exact() {
    let (_, t) = fixture_table(FIXTURE);
    let run = |seed: &str| {
        ids(&sample(&t, &Plan::simple(ID, 8, seed)).unwrap().selected)
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("  dice 1 2 3\t"), run("dice 1 2 3"));
    assert_ne!(run("dice 1 2 3"), run("Dice 1 2 3"));
    assert_ne!(run("dice 1 2 3"), run("dice 1  2 3"));
}

fn full_receipt() -> (Vec<u8>, Table, SourceInfo, Receipt) {
    let (bytes, t) = fixture_table(FIXTURE);
    let src = source(&bytes, t.len());
    let receipt = Receipt::new(&sample(&t, &full_plan()).unwrap(), &src);
    (bytes, t, src, receipt)
}

#[test]
fn receipt_round_trip_verifies() {
    let (_, t, src, receipt) = full_receipt();
    let json = receipt.to_json();
    let back = Receipt::from_json(&json).unwrap();
    assert_eq!(back, receipt);
    let v = verify(&t, &src, &back);
    assert!(v.ok, "{:?}", v.differences);
    assert!(v.differences.is_empty(), "{:?}", v.differences);
    assert!(json.contains("\"algorithm\": \"deepdive-ticket-v1\""));
    assert_eq!(back.tool.version, deepdive::VERSION);
}

#[test]
fn a_reexport_in_another_order_verifies_as_the_same_records() {
    let (bytes, t, _, receipt) = full_receipt();
    let mut rng = StdRng::seed_from_u64(3);
    let other = shuffled(&t, &mut rng);
    let mut other_bytes = bytes.clone();
    other_bytes.push(b'\n');
    let v = verify(&other, &source(&other_bytes, other.len()), &receipt);
    assert!(v.ok, "{:?}", v.differences);
    let kinds: Vec<DifferenceKind> = v.differences.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DifferenceKind::OtherBytesSameRecords]);
}

#[test]
fn other_records_are_found() {
    let (bytes, _, _, receipt) = full_receipt();
    let mut other_bytes = bytes.clone();
    other_bytes.extend_from_slice(b"C000001,a) Male,a) WBRI,01/01/2010,5,01/01/2015,North\n");
    let other = csv_table(std::str::from_utf8(&other_bytes).unwrap());
    let v = verify(&other, &source(&other_bytes, other.len()), &receipt);
    assert!(!v.ok);
    let kinds: Vec<&str> = v.differences.iter().map(|d| d.kind.as_str()).collect();
    assert!(kinds.contains(&"other-records"), "{kinds:?}");
    assert!(
        v.differences[0].message.contains("other IDs"),
        "{:?}",
        v.differences[0]
    );

    // A file without the stratification column cannot give the same records.
    let narrow = table(&[ID], &[&["C1"], &["C2"]]);
    let v = verify(&narrow, &source(b"x", 2), &receipt);
    assert!(!v.ok);
    assert_eq!(v.differences[0].kind, DifferenceKind::OtherRecords);
    assert!(
        v.differences[0].message.contains("Gender"),
        "{:?}",
        v.differences
    );
}

#[test]
fn verify_says_whether_the_file_is_the_one_the_receipt_names() {
    let (bytes, t, src, receipt) = full_receipt();
    // A receipt whose plan was edited to stratify by other columns, checked against the same
    // file: the records the plan reads differ, but the file is the one the receipt names.
    let mut edited = receipt.clone();
    edited.plan.strata = vec!["Allocated Team".into()];
    let edited = Receipt::from_json(&edited.to_json()).unwrap();
    let v = verify(&t, &src, &edited);
    assert!(!v.ok);
    let kinds: Vec<&str> = v.differences.iter().map(|d| d.kind.as_str()).collect();
    assert!(kinds.contains(&"other-records"), "{kinds:?}");
    assert!(v.same_file, "{:?}", v.differences);

    // (name, the file's bytes, whether it is the same file)
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"C000001,a) Male,a) WBRI,01/01/2010,5,01/01/2015,North\n");
    let mut upper = receipt.clone();
    upper.source.input_sha256 = upper.source.input_sha256.to_ascii_uppercase();
    let cases: &[(&str, &[u8], &Receipt, bool)] = &[
        ("the same file", &bytes, &receipt, true),
        ("the hash in capitals", &bytes, &upper, true),
        ("a longer file", &longer, &receipt, false),
    ];
    for (name, file, r, same) in cases {
        let table = csv_table(std::str::from_utf8(file).unwrap());
        let v = verify(&table, &source(file, table.len()), r);
        assert_eq!(v.same_file, *same, "{name}: {:?}", v.differences);
    }

    // Another algorithm is not checked, but the file is still named.
    let mut other = receipt.clone();
    other.algorithm = "deepdive-ticket-v2".into();
    let v = verify(&t, &src, &other);
    assert!(v.same_file && !v.ok);
}

#[test]
fn tampering_is_detected() {
    let (_, t, src, receipt) = full_receipt();
    type Edit = fn(&mut Receipt);
    // (name, edit, a kind that must be reported)
    let cases: &[(&str, Edit, DifferenceKind)] = &[
        (
            "a selected ID",
            |r| r.selected[3].id = "C999999".into(),
            DifferenceKind::OtherResult,
        ),
        (
            "a selected row",
            |r| r.selected[0].row += 1,
            DifferenceKind::OtherResult,
        ),
        (
            "a ticket",
            |r| r.selected[1].ticket.replace_range(0..1, "f"),
            DifferenceKind::OtherResult,
        ),
        (
            "a dropped case",
            |r| {
                r.selected.pop();
            },
            DifferenceKind::OtherResult,
        ),
        (
            "reserves reordered",
            |r| r.reserves.swap(0, 1),
            DifferenceKind::OtherResult,
        ),
        (
            "the seed",
            |r| r.plan.seed.push('!'),
            DifferenceKind::OtherResult,
        ),
        (
            "the seed with blanks",
            |r| r.plan.seed.push(' '),
            DifferenceKind::OtherPlan,
        ),
        (
            "the size",
            |r| r.plan.size = 11,
            DifferenceKind::OtherResult,
        ),
        (
            "the strata",
            |r| r.plan.strata = vec!["Allocated Team".into()],
            DifferenceKind::OtherResult,
        ),
        (
            "an invalid plan",
            |r| r.plan.size = 0,
            DifferenceKind::OtherPlan,
        ),
        (
            "a count",
            |r| r.records.eligible += 1,
            DifferenceKind::OtherRecords,
        ),
        (
            "an exclusion count",
            |r| r.records.excluded[0].count += 1,
            DifferenceKind::OtherRecords,
        ),
        (
            "an allocation",
            |r| r.strata[0].allocated -= 1,
            DifferenceKind::OtherResult,
        ),
        (
            "the IDs hash",
            |r| r.records.ids_sha256 = "0".repeat(64),
            DifferenceKind::OtherRecords,
        ),
        (
            "the algorithm",
            |r| r.algorithm = "deepdive-ticket-v2".into(),
            DifferenceKind::OtherAlgorithm,
        ),
        (
            "the input hash",
            |r| r.source.input_sha256 = "0".repeat(64),
            DifferenceKind::OtherBytesSameRecords,
        ),
    ];
    for (name, edit, kind) in cases {
        let mut r = receipt.clone();
        edit(&mut r);
        let r = Receipt::from_json(&r.to_json()).unwrap();
        let v = verify(&t, &src, &r);
        let kinds: Vec<DifferenceKind> = v.differences.iter().map(|d| d.kind).collect();
        assert!(kinds.contains(kind), "{name}: {:?}", v.differences);
        // Only other bytes with the same records is acceptable.
        assert_eq!(
            v.ok,
            *kind == DifferenceKind::OtherBytesSameRecords,
            "{name}: {:?}",
            v.differences
        );
        for d in &v.differences {
            assert!(!d.message.is_empty(), "{name}");
        }
    }
}

#[test]
fn receipt_json_errors_table() {
    let (_, _, _, receipt) = full_receipt();
    let good = receipt.to_json();
    let cases: &[(&str, String)] = &[
        ("not json", "{".into()),
        ("empty", "".into()),
        ("unknown field", good.replacen("{", "{\"extra\": 1,", 1)),
        ("missing plan", good.replacen("\"plan\"", "\"plann\"", 1)),
        (
            "unknown allocation",
            good.replace("\"minimum\"", "\"random\""),
        ),
        (
            "unknown filter op",
            good.replace("\"date-between\"", "\"date-after\""),
        ),
        (
            "negative size",
            good.replace("\"size\": 12", "\"size\": -1"),
        ),
        (
            "unknown reason",
            good.replace("\"blank-id\"", "\"blankish\""),
        ),
        ("bad date", good.replace("\"2015-10-05\"", "\"05/10/2015\"")),
        (
            "a field the filter does not take",
            good.replace(
                "\"op\": \"date-between\",",
                "\"op\": \"date-between\", \"value\": \"x\",",
            ),
        ),
        (
            "an unknown filter field",
            good.replace(
                "\"op\": \"date-between\",",
                "\"op\": \"date-between\", \"form\": null,",
            ),
        ),
        (
            "a filter without its column",
            good.replace("\"column\": \"Plan Start Date\",", ""),
        ),
    ];
    for (name, text) in cases {
        assert_ne!(text, &good, "{name}: the edit did nothing");
        let err = Receipt::from_json(text).unwrap_err();
        assert_eq!(err.code(), &Code::BadReceipt, "{name}");
        assert_eq!(
            err.problems()[0].field.as_deref(),
            Some("receipt"),
            "{name}"
        );
    }
}

#[test]
fn plans_read_from_json_as_the_page_sends_them() {
    // (name, JSON, the filter it gives, or the start of the error)
    let cases: &[(&str, &str, Result<Filter, &str>)] = &[
        (
            "equals",
            r#"{"op": "equals", "column": "Gender", "value": "a) Male"}"#,
            Ok(Filter::Equals {
                column: "Gender".into(),
                value: "a) Male".into(),
            }),
        ),
        (
            "one-of",
            r#"{"op": "one-of", "column": "Team", "values": ["North", "South"]}"#,
            Ok(Filter::OneOf {
                column: "Team".into(),
                values: vec!["North".into(), "South".into()],
            }),
        ),
        (
            "not-blank",
            r#"{"op": "not-blank", "column": "Team"}"#,
            Ok(Filter::NotBlank {
                column: "Team".into(),
            }),
        ),
        (
            "date-between, one end",
            r#"{"op": "date-between", "column": "Referral", "from": "2015-04-01"}"#,
            Ok(Filter::DateBetween {
                column: "Referral".into(),
                from: Some(d("2015-04-01")),
                to: None,
            }),
        ),
        (
            "age-between",
            r#"{"op": "age-between", "column": "DOB", "min": 0, "max": 4}"#,
            Ok(Filter::AgeBetween {
                column: "DOB".into(),
                min: Some(0),
                max: Some(4),
            }),
        ),
        (
            "unknown op",
            r#"{"op": "like", "column": "Team"}"#,
            Err("unknown filter op"),
        ),
        (
            "equals without value",
            r#"{"op": "equals", "column": "Team"}"#,
            Err("the equals filter needs value"),
        ),
        (
            "stray field",
            r#"{"op": "not-blank", "column": "Team", "min": 3}"#,
            Err("the not-blank filter takes no min"),
        ),
        (
            "typo",
            r#"{"op": "not-blank", "colum": "Team"}"#,
            Err("unknown field"),
        ),
    ];
    for (name, json, want) in cases {
        let got = serde_json::from_str::<Filter>(json).map_err(|e| e.to_string());
        match (got, want) {
            (Ok(f), Ok(w)) => {
                assert_eq!(&f, w, "{name}");
                // And back: the receipt writes what it reads.
                let again: Filter =
                    serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
                assert_eq!(&again, w, "{name}: round trip");
            }
            (Err(e), Err(w)) => assert!(e.starts_with(w), "{name}: {e}"),
            (got, _) => panic!("{name}: {got:?}"),
        }
    }
    let plan: Plan = serde_json::from_str(
        r#"{"idColumn": "ID", "size": 5, "seed": "dice", "filters": [{"op": "not-blank", "column": "Team"}]}"#,
    )
    .unwrap();
    assert_eq!(plan.allocation, Allocation::Proportional);
    assert_eq!(
        (plan.reserves, plan.strata.len(), plan.filters.len()),
        (0, 0, 1)
    );
}
