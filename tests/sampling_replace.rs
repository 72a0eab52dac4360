//! Replacements, tracked cases and commitments: the replacement is always the next
//! reserve of its stratum (then the next tickets), forged logs are caught, tracked cases
//! are never drawn, and a commitment binds the list and the plan.

mod common;

use common::{csv_table, fixture_table};
use deepdive::error::Code;
use deepdive::sampling::receipt::ReplacementEntry;
use deepdive::sampling::{
    commitment, replace_case, sample, verify, verify_with, Allocation, DifferenceKind, Plan,
    Receipt, Replace, SourceInfo, Tracked,
};
use deepdive::table::Table;

const ID: &str = "Child Unique ID";
const FIXTURE: &str = "annex-a-cp.csv";

fn plan(reserves: u32) -> Plan {
    Plan {
        strata: vec!["Gender".into()],
        allocation: Allocation::Proportional,
        reserves,
        ..Plan::simple(ID, 10, "4 2 6 1 3 5")
    }
}

fn source(bytes: &[u8], table: &Table) -> SourceInfo {
    SourceInfo::new(bytes, "csv", "utf-8", table.len() as u64)
}

fn drawn(plan: &Plan) -> (Table, SourceInfo, Receipt) {
    let (bytes, table) = fixture_table(FIXTURE);
    let source = source(&bytes, &table);
    let s = sample(&table, plan).unwrap();
    let receipt = Receipt::new(&s, &source);
    (table, source, receipt)
}

fn ask(id: &str, at: &str) -> Replace {
    Replace {
        id: id.to_owned(),
        reason: " the case closed ".to_owned(),
        at: at.to_owned(),
    }
}

/// The differences of a verification, as `(kind, message)`.
fn differences(table: &Table, source: &SourceInfo, receipt: &Receipt) -> Vec<(String, String)> {
    verify(table, source, receipt)
        .differences
        .iter()
        .map(|d| (d.kind.as_str().to_owned(), d.message.clone()))
        .collect()
}

/// The first stratum with at least two selected cases, and its selected IDs.
fn busy_stratum(receipt: &Receipt) -> (Vec<String>, Vec<String>) {
    for s in &receipt.strata {
        let ids: Vec<String> = receipt
            .selected
            .iter()
            .filter(|c| c.stratum == s.values)
            .map(|c| c.id.clone())
            .collect();
        if ids.len() >= 2 && s.eligible > s.allocated + 3 {
            return (s.values.clone(), ids);
        }
    }
    panic!("no stratum with two selected cases");
}

#[test]
fn replacements_take_the_next_reserves_of_the_stratum_in_ticket_order() {
    let (table, source, receipt) = drawn(&plan(2));
    let (stratum, ids) = busy_stratum(&receipt);
    let reserves: Vec<_> = receipt
        .reserves
        .iter()
        .filter(|c| c.stratum == stratum)
        .cloned()
        .collect();
    assert_eq!(reserves.len(), 2);
    let one = replace_case(
        &receipt,
        &ask(&ids[0], "2015-09-24T09:00:00.500+01:00"),
        None,
    )
    .unwrap();
    assert_eq!(one.replacements.len(), 1);
    let e = &one.replacements[0];
    assert_eq!(
        (e.id.as_str(), e.reason.as_str(), e.at.as_str()),
        (ids[0].as_str(), "the case closed", "2015-09-24T08:00:00Z")
    );
    assert_eq!(e.replacement, reserves[0]);
    // The replacement itself is in the sample now, and is replaced by the next reserve.
    let two = replace_case(&one, &ask(&reserves[0].id, "2015-09-24T10:00:00Z"), None).unwrap();
    assert_eq!(two.replacements[1].replacement, reserves[1]);
    // Everything before the log is unchanged, and the log verifies.
    assert_eq!(
        Receipt {
            replacements: vec![],
            ..two.clone()
        },
        receipt
    );
    assert_eq!(
        differences(&table, &source, &two),
        Vec::<(String, String)>::new()
    );
    // Back through JSON, the log reads back the same.
    let back = Receipt::from_json(&two.to_json()).unwrap();
    assert_eq!(back, two);
    assert!(verify(&table, &source, &back).ok);
}

#[test]
fn a_receipt_without_replacements_or_tracked_cases_writes_neither() {
    let (_, _, receipt) = drawn(&plan(1));
    let json = receipt.to_json();
    for word in ["replacements", "tracked", "commitment"] {
        assert!(!json.contains(word), "{word} in {json}");
    }
}

#[test]
fn replacing_what_is_not_in_the_sample_is_refused_table() {
    let tracked = Plan {
        tracked: vec![Tracked {
            id: "C988804".into(),
            reason: "known to three agencies".into(),
        }],
        ..plan(1)
    };
    let (_, _, receipt) = drawn(&tracked);
    let selected = receipt.selected[0].id.clone();
    let once = replace_case(&receipt, &ask(&selected, "2015-09-24T09:00:00Z"), None).unwrap();
    let unused_reserve = receipt
        .reserves
        .iter()
        .find(|r| r.id != once.replacements[0].replacement.id)
        .unwrap()
        .id
        .clone();
    let cases: [(&str, &Receipt, Replace, Code, &str, &str); 7] = [
        (
            "never drawn",
            &receipt,
            ask("NOPE", "2015-09-24T09:00:00Z"),
            Code::NotSelected,
            "id",
            "not in the sample",
        ),
        (
            "tracked",
            &receipt,
            ask("C988804", "2015-09-24T09:00:00Z"),
            Code::NotSelected,
            "id",
            "tracked case",
        ),
        (
            "already replaced",
            &once,
            ask(&selected, "2015-09-24T10:00:00Z"),
            Code::NotSelected,
            "id",
            "replaced already",
        ),
        (
            "unused reserve",
            &once,
            ask(&unused_reserve, "2015-09-24T10:00:00Z"),
            Code::NotSelected,
            "id",
            "is a reserve",
        ),
        (
            "blank reason",
            &receipt,
            Replace {
                reason: "  ".into(),
                ..ask(&selected, "2015-09-24T09:00:00Z")
            },
            Code::BadArgument,
            "reason",
            "blank",
        ),
        (
            "bad time",
            &receipt,
            ask(&selected, "24/09/2015"),
            Code::BadTime,
            "at",
            "RFC 3339",
        ),
        (
            "before the last",
            &once,
            ask(&receipt.selected[1].id, "2015-09-24T08:59:59Z"),
            Code::BadTime,
            "at",
            "time order",
        ),
    ];
    for (name, receipt, request, code, field, words) in cases {
        let e = replace_case(receipt, &request, None).unwrap_err();
        assert_eq!(e.code(), &code, "{name}: {e:?}");
        assert_eq!(e.problems()[0].field.as_deref(), Some(field), "{name}");
        assert!(e.message().contains(words), "{name}: {}", e.message());
    }
}

#[test]
fn when_reserves_run_out_the_next_tickets_are_drawn_from_the_list() {
    let (table, source, receipt) = drawn(&plan(1));
    let (stratum, ids) = busy_stratum(&receipt);
    let first = replace_case(&receipt, &ask(&ids[0], "2015-09-24T09:00:00Z"), None).unwrap();
    // The stratum's one reserve is used: without the list, no more.
    let e = replace_case(&first, &ask(&ids[1], "2015-09-24T09:10:00Z"), None).unwrap_err();
    assert_eq!(e.code(), &Code::ReservesExhausted, "{e:?}");
    // With the list, the next tickets: exactly the reserves a plan with more would list.
    let mut now = first;
    for (k, id) in ids[1..].iter().enumerate() {
        now = replace_case(
            &now,
            &ask(id, &format!("2015-09-24T09:{:02}:00Z", 10 + k)),
            Some((&table, &source)),
        )
        .unwrap();
    }
    let deeper = sample(
        &table,
        &Plan {
            reserves: ids.len() as u32,
            ..plan(1)
        },
    )
    .unwrap();
    let deeper = Receipt::new(&deeper, &source);
    let want: Vec<_> = deeper
        .reserves
        .iter()
        .filter(|c| c.stratum == stratum)
        .collect();
    let got: Vec<_> = now.replacements.iter().map(|e| &e.replacement).collect();
    assert_eq!(got, want);
    assert!(
        verify(&table, &source, &now).ok,
        "{:?}",
        verify(&table, &source, &now)
    );
    // Another list is refused, naming what differs.
    let other = csv_table("Child Unique ID,Gender\nX1,a) Male\n");
    let e = replace_case(
        &now,
        &ask(&got[0].id, "2015-09-25T09:00:00Z"),
        Some((&other, &source)),
    )
    .unwrap_err();
    assert_eq!(e.code(), &Code::WrongList, "{e:?}");
}

#[test]
fn a_stratum_with_no_case_left_cannot_replace() {
    let text = "ID,Team\nA1,North\nA2,North\nB1,South\nB2,South\nB3,South\nB4,South\n";
    let table = csv_table(text);
    let source = SourceInfo::new(text.as_bytes(), "csv", "utf-8", 6);
    let plan = Plan {
        strata: vec!["Team".into()],
        allocation: Allocation::Equal,
        reserves: 5,
        ..Plan::simple("ID", 2, "x")
    };
    let receipt = Receipt::new(&sample(&table, &plan).unwrap(), &source);
    let north = |r: &Receipt| {
        r.selected
            .iter()
            .map(|c| c.id.clone())
            .chain(r.replacements.iter().map(|e| e.replacement.id.clone()))
            .rfind(|id| id.starts_with('A'))
            .unwrap()
    };
    let once = replace_case(
        &receipt,
        &ask(&north(&receipt), "2015-09-24T09:00:00Z"),
        None,
    )
    .unwrap();
    let e = replace_case(
        &once,
        &ask(&north(&once), "2015-09-24T09:01:00Z"),
        Some((&table, &source)),
    )
    .unwrap_err();
    assert_eq!(e.code(), &Code::StratumExhausted, "{e:?}");
    assert!(verify(&table, &source, &once).ok);
}

#[test]
fn forged_logs_are_caught_table() {
    let (table, source, receipt) = drawn(&plan(2));
    let (stratum, ids) = busy_stratum(&receipt);
    let other = receipt
        .selected
        .iter()
        .find(|c| c.stratum != stratum)
        .unwrap()
        .id
        .clone();
    let mut log = receipt.clone();
    for (id, at) in [
        (&ids[0], "2015-09-24T09:00:00Z"),
        (&other, "2015-09-24T09:05:00Z"),
        (&ids[1], "2015-09-24T09:10:00Z"),
    ] {
        log = replace_case(&log, &ask(id, at), None).unwrap();
    }
    assert!(verify(&table, &source, &log).ok);
    let reserves_of = |s: &[String]| -> Vec<_> {
        receipt
            .reserves
            .iter()
            .filter(|c| c.stratum == s)
            .cloned()
            .collect()
    };
    let not_drawn = {
        let all = sample(
            &table,
            &Plan {
                reserves: 40,
                ..plan(2)
            },
        )
        .unwrap();
        Receipt::new(&all, &source)
            .reserves
            .last()
            .unwrap()
            .id
            .clone()
    };
    type Forge = Box<dyn Fn(&mut Vec<ReplacementEntry>)>;
    let second = reserves_of(&stratum)[1].clone();
    let cases: Vec<(&str, Forge, &str)> = vec![
        (
            "not the next reserve",
            Box::new(move |l| l[0].replacement = second.clone()),
            "but the next reserve of stratum",
        ),
        (
            "reordered",
            Box::new(|l| l.swap(0, 2)),
            "before replacements",
        ),
        (
            "reordered, times kept",
            Box::new(|l| {
                let (a, b) = (l[0].at.clone(), l[2].at.clone());
                l.swap(0, 2);
                l[0].at = a;
                l[2].at = b;
            }),
            "but the next reserve of stratum",
        ),
        (
            "a case never selected",
            Box::new(move |l| l[1].id = not_drawn.clone()),
            "was not in the sample when it was replaced",
        ),
        (
            "replaced twice",
            Box::new(|l| {
                let mut again = l[0].clone();
                again.at = "2015-09-24T11:00:00Z".into();
                l.push(again);
            }),
            "was not in the sample when it was replaced",
        ),
        (
            "time not in normal form",
            Box::new(|l| l[1].at = "2015-09-24T10:05:00+01:00".into()),
            "is not a time written",
        ),
        (
            "reason blanked",
            Box::new(|l| l[1].reason = String::new()),
            "reason is blank",
        ),
        (
            "an entry dropped",
            Box::new(|l| {
                l.remove(0);
            }),
            "but the next reserve of stratum",
        ),
    ];
    for (name, forge, words) in cases {
        let mut forged = log.clone();
        forge(&mut forged.replacements);
        let v = verify(&table, &source, &forged);
        assert!(!v.ok, "{name}: not caught");
        assert!(
            v.differences
                .iter()
                .any(|d| d.kind == DifferenceKind::OtherResult && d.message.contains(words)),
            "{name}: {:#?}",
            v.differences
        );
    }
}

fn tracked_plan(ids: &[&str]) -> Plan {
    Plan {
        tracked: ids
            .iter()
            .map(|id| Tracked {
                id: format!(" {id} "),
                reason: " chosen by the inspectorates ".into(),
            })
            .collect(),
        ..plan(3)
    }
}

#[test]
fn tracked_cases_are_never_drawn_and_are_listed_apart() {
    let (bytes, table) = fixture_table(FIXTURE);
    let source = source(&bytes, &table);
    let untracked = sample(&table, &plan(3)).unwrap();
    // Track the first selected case and first reserve of the untracked draw, and three more.
    let ids: Vec<&str> = [
        &untracked.selected[0],
        &untracked.selected[3],
        &untracked.reserves[0],
    ]
    .iter()
    .map(|c| c.id.as_str())
    .chain(["C988804", "C829339"])
    .collect();
    for seed in ["1", "2", "3", "dice 6 6 1", "x"] {
        let s = sample(
            &table,
            &Plan {
                seed: seed.into(),
                ..tracked_plan(&ids)
            },
        )
        .unwrap();
        for c in s.selected.iter().chain(&s.reserves) {
            assert!(
                !ids.contains(&c.id.as_str()),
                "seed {seed}: tracked {} drawn",
                c.id
            );
        }
        assert_eq!(
            s.tracked.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ids
        );
        assert!(s
            .tracked
            .iter()
            .all(|t| t.reason == "chosen by the inspectorates"));
        let tracked = s
            .counts
            .excluded
            .iter()
            .find(|e| e.reason.as_str() == "tracked")
            .unwrap();
        assert_eq!((tracked.count, tracked.filter), (5, None));
        assert_eq!(s.counts.records, untracked.counts.records);
        assert_eq!(
            s.counts.eligible + 5,
            untracked.counts.eligible,
            "seed {seed}"
        );
        // The record hashes do not move: tracking changes the plan, not the list.
        assert_eq!(s.records_sha256, untracked.records_sha256);
        let receipt = Receipt::new(&s, &source);
        assert_eq!(receipt.tracked.len(), 5);
        assert_eq!(receipt.tracked[3].row, 3, "C988804 is on line 3");
        assert!(verify(&table, &source, &receipt).ok);
        // Editing the list of tracked cases in the receipt is caught.
        let mut edited = receipt.clone();
        edited.tracked[0].reason = "another reason".into();
        assert!(!verify(&table, &source, &edited).ok);
        let mut dropped = receipt.clone();
        dropped.plan.tracked.pop();
        dropped.tracked.pop();
        assert!(!verify(&table, &source, &dropped).ok);
    }
}

#[test]
fn tracked_cases_are_checked_table() {
    let (_, table) = fixture_table(FIXTURE);
    let dup = csv_table("ID,Team\nA,North\nA,South\nB,North\nC,North\n");
    let cases: [(&str, &Table, Plan, Code, &str); 4] = [
        (
            "not in the list",
            &table,
            tracked_plan(&["C988804", "NOPE"]),
            Code::UnknownTrackedCase,
            "tracked[1].id",
        ),
        (
            "rows disagree",
            &dup,
            Plan {
                strata: vec!["Team".into()],
                ..Plan {
                    id_column: "ID".into(),
                    ..tracked_plan(&["A"])
                }
            },
            Code::UnknownTrackedCase,
            "tracked[0].id",
        ),
        (
            "twice",
            &table,
            tracked_plan(&["C988804", "C988804"]),
            Code::BadArgument,
            "tracked[1].id",
        ),
        (
            "blank reason",
            &table,
            Plan {
                tracked: vec![Tracked {
                    id: "C988804".into(),
                    reason: " ".into(),
                }],
                ..plan(1)
            },
            Code::BadArgument,
            "tracked[0].reason",
        ),
    ];
    for (name, table, plan, code, field) in cases {
        let e = sample(table, &plan).unwrap_err();
        assert_eq!(e.code(), &code, "{name}: {e:?}");
        assert_eq!(e.problems()[0].field.as_deref(), Some(field), "{name}");
    }
}

/// A list with one cell changed: the same IDs, another value in a plan column.
fn edited_list() -> (Vec<u8>, Table) {
    let (bytes, _) = fixture_table(FIXTURE);
    let text =
        String::from_utf8(bytes)
            .unwrap()
            .replacen("C988804,a) Male", "C988804,b) Female", 1);
    let table = csv_table(&text);
    (text.into_bytes(), table)
}

#[test]
fn a_commitment_binds_the_list_and_the_plan() {
    let (bytes, table) = fixture_table(FIXTURE);
    let source = source(&bytes, &table);
    let seedless = Plan {
        seed: String::new(),
        ..plan(2)
    };
    let (text, sha) =
        commitment::write(&table, &source, &seedless, "2015-09-20T12:00:00+01:00").unwrap();
    assert!(!text.contains("seed"), "{text}");
    assert!(text.contains("\"at\": \"2015-09-20T11:00:00Z\""), "{text}");
    assert_eq!(sha, deepdive::digest::sha256_hex(text.as_bytes()));
    // The seed is fixed afterwards; the plan names the commitment.
    let committed = Plan {
        commitment: Some(sha.clone()),
        ..plan(2)
    };
    let receipt = Receipt::new(&sample(&table, &committed).unwrap(), &source);
    assert!(verify_with(&table, &source, &receipt, Some(&text)).ok);

    let kinds = |table: &Table, source: &SourceInfo, receipt: &Receipt, text: Option<&str>| {
        let v = verify_with(table, source, receipt, text);
        v.differences.iter().map(|d| d.kind).collect::<Vec<_>>()
    };
    // Without the commitment file, the check cannot be made: said, not passed.
    assert_eq!(
        kinds(&table, &source, &receipt, None),
        [DifferenceKind::OtherPlan]
    );
    // An edited commitment file.
    let edited = text.replace("\"size\": 10", "\"size\": 11");
    assert_eq!(
        kinds(&table, &source, &receipt, Some(&edited)),
        [DifferenceKind::OtherPlan]
    );
    // Another plan under the same commitment: a larger sample.
    let bigger = Plan {
        size: 11,
        ..committed.clone()
    };
    let r = Receipt::new(&sample(&table, &bigger).unwrap(), &source);
    assert_eq!(
        kinds(&table, &source, &r, Some(&text)),
        [DifferenceKind::OtherPlan]
    );
    let v = verify_with(&table, &source, &r, Some(&text));
    assert!(
        v.differences[0].message.contains("size differ"),
        "{:?}",
        v.differences
    );
    // Another list under the same commitment: one child's gender changed.
    let (other_bytes, other) = edited_list();
    let other_source = SourceInfo::new(&other_bytes, "csv", "utf-8", other.len() as u64);
    let r = Receipt::new(&sample(&other, &committed).unwrap(), &other_source);
    assert_eq!(
        kinds(&other, &other_source, &r, Some(&text)),
        [DifferenceKind::OtherRecords]
    );
    // A commitment given for a plan that names none.
    let plain = Receipt::new(&sample(&table, &plan(2)).unwrap(), &source);
    assert_eq!(
        kinds(&table, &source, &plain, Some(&text)),
        [DifferenceKind::OtherPlan]
    );
    // The seed is never committed to: two seeds, one commitment.
    let (again, sha_again) =
        commitment::write(&table, &source, &plan(2), "2015-09-20T11:00:00Z").unwrap();
    assert_eq!((again, sha_again), (text, sha));
}

#[test]
fn a_commitment_is_refused_for_a_plan_that_cannot_be_drawn() {
    let (bytes, table) = fixture_table(FIXTURE);
    let source = source(&bytes, &table);
    let bad = Plan {
        strata: vec!["Nope".into()],
        ..plan(1)
    };
    let e = commitment::write(&table, &source, &bad, "soon").unwrap_err();
    let codes: Vec<&str> = e.problems().iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["unknown-column", "bad-time"]);
}
