//! The specification is complete: `tests/sampling_reference.py`, a separate implementation
//! of `docs/sampling.md` in Python's standard library, reproduces receipts this crate
//! made (hashes, counts, strata, selected cases, reserves, tickets, tracked cases and
//! replacements logs), and rejects a tampered one. Random lists with random plans check the corners the fixtures miss.

mod common;

use chrono::NaiveDate;
use common::{fixture, fixture_table};
use deepdive::sampling::{
    replace_case, sample, verify, Allocation, Filter, Plan, Receipt, Replace, SourceInfo, Tracked,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::path::{Path, PathBuf};
use std::process::Command;

fn d(text: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
}

fn plan(size: u32, seed: &str, strata: &[&str], allocation: Allocation) -> Plan {
    Plan {
        strata: strata.iter().map(|s| s.to_string()).collect(),
        allocation,
        ..Plan::simple("Child Unique ID", size, seed)
    }
}

/// (name, fixture, plan): every filter, every allocation, duplicates, blanks, Unicode.
fn cases() -> Vec<(&'static str, &'static str, Plan)> {
    let cp = "annex-a-cp.csv";
    vec![
        (
            "simple",
            cp,
            Plan {
                reserves: 3,
                ..plan(10, "hello", &[], Allocation::Proportional)
            },
        ),
        (
            "minimum by gender with date and age filters",
            cp,
            Plan {
                min_per_stratum: Some(1),
                reserves: 2,
                filters: vec![
                    Filter::DateBetween {
                        column: "Plan Start Date".into(),
                        from: d("2014-10-01"),
                        to: d("2015-09-30"),
                    },
                    Filter::AgeBetween {
                        column: "Date of Birth".into(),
                        min: None,
                        max: Some(17),
                    },
                ],
                reference_date: d("2015-10-05"),
                ..plan(12, "3 6 1 6 2 5 4 4", &["Gender"], Allocation::Minimum)
            },
        ),
        (
            "proportional by team and gender, one-of and not-blank",
            cp,
            Plan {
                reserves: 1,
                filters: vec![
                    Filter::OneOf {
                        column: "Ethnicity".into(),
                        values: vec!["a) WBRI".into(), " c) MWBC ".into(), "f) OOTH".into()],
                    },
                    Filter::NotBlank {
                        column: "Plan Start Date".into(),
                    },
                ],
                ..plan(
                    20,
                    "  Dice: 2 2 5 1 6 ",
                    &["Allocated Team", "Gender"],
                    Allocation::Proportional,
                )
            },
        ),
        (
            "equal by team among girls aged 10 to 15",
            cp,
            Plan {
                reserves: 4,
                filters: vec![
                    Filter::Equals {
                        column: "Gender".into(),
                        value: "b) Female".into(),
                    },
                    Filter::AgeBetween {
                        column: "Date of Birth".into(),
                        min: Some(10),
                        max: Some(15),
                    },
                ],
                reference_date: d("2015-10-05"),
                ..plan(9, "équipe", &["Allocated Team"], Allocation::Equal)
            },
        ),
        (
            "take all",
            cp,
            Plan {
                reserves: 5,
                ..plan(1000, "all", &["Gender"], Allocation::Equal)
            },
        ),
        (
            "unicode, serial dates, blank strata",
            "unicode.csv",
            Plan {
                id_column: "ID".into(),
                reserves: 2,
                filters: vec![Filter::DateBetween {
                    column: "Referral Date".into(),
                    from: d("1900-01-01"),
                    to: None,
                }],
                ..plan(6, "☂ 42", &["Team"], Allocation::Proportional)
            },
        ),
        (
            "unicode, equal by team and note",
            "unicode.csv",
            Plan {
                id_column: "ID".into(),
                reserves: 1,
                ..plan(7, "x", &["Team", "Note"], Allocation::Equal)
            },
        ),
    ]
}

fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

fn run(python: &str, csv: &Path, receipt: &Path) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sampling_reference.py");
    let out = Command::new(python)
        .arg(script)
        .arg(csv)
        .arg(receipt)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn write_receipt(name: &str, receipt: &Receipt) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "receipt-{}.json",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    ));
    std::fs::write(&path, receipt.to_json()).unwrap();
    path
}

#[test]
fn the_python_reference_reproduces_every_receipt() {
    let Some(python) = python() else {
        eprintln!("\n!!!!! SKIPPED: python3 is missing, so docs/sampling.md was NOT checked by the reference implementation !!!!!\n");
        return;
    };
    for (name, file, plan) in cases() {
        let (bytes, table) = fixture_table(file);
        let s = sample(&table, &plan).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(
            !s.selected.is_empty(),
            "{name}: an empty sample proves little"
        );
        let receipt = Receipt::new(
            &s,
            &SourceInfo::new(&bytes, "csv", "utf-8", table.len() as u64),
        );
        let path = write_receipt(name, &receipt);
        let (ok, text) = run(python, &fixture(file), &path);
        assert!(
            ok,
            "{name}: the reference did not reproduce the receipt:\n{text}"
        );
        assert!(text.starts_with("reproduced"), "{name}: {text}");
    }
}

#[test]
fn the_python_reference_rejects_a_tampered_receipt() {
    let Some(python) = python() else {
        eprintln!("\n!!!!! SKIPPED: python3 is missing !!!!!\n");
        return;
    };
    let (name, file, plan) = cases().swap_remove(1);
    let (bytes, table) = fixture_table(file);
    let mut receipt = Receipt::new(
        &sample(&table, &plan).unwrap(),
        &SourceInfo::new(&bytes, "csv", "utf-8", table.len() as u64),
    );
    // Swap the first selected case with the first reserve of the same stratum.
    let reserve = receipt.reserves[0].clone();
    let i = receipt
        .selected
        .iter()
        .position(|c| c.stratum == reserve.stratum)
        .unwrap();
    receipt.reserves[0] = std::mem::replace(&mut receipt.selected[i], reserve);
    let path = write_receipt(&format!("{name}-tampered"), &receipt);
    let (ok, text) = run(python, &fixture(file), &path);
    assert!(!ok, "the reference accepted a tampered receipt:\n{text}");
    assert!(text.contains("differs: selected"), "{text}");
}

/// A case's receipt with two tracked cases (taken from the untracked draw's sample and
/// reserves) and replacements: every selected case of the first stratum that has any,
/// past its reserves (drawn from the list), and one case of another stratum.
fn tracked_and_replaced(name: &str, file: &str, plan: &Plan) -> Receipt {
    let (bytes, table) = fixture_table(file);
    let source = SourceInfo::new(&bytes, "csv", "utf-8", table.len() as u64);
    let first = sample(&table, plan).unwrap();
    let tracked: Vec<Tracked> = [first.selected.last(), first.reserves.first()]
        .into_iter()
        .flatten()
        .map(|c| Tracked {
            id: c.id.clone(),
            reason: format!("known to the agencies ({name})"),
        })
        .collect();
    let plan = Plan {
        tracked,
        ..plan.clone()
    };
    let mut receipt = Receipt::new(&sample(&table, &plan).unwrap(), &source);
    let stratum = receipt.selected[0].stratum.clone();
    let mut ids: Vec<String> = receipt
        .selected
        .iter()
        .filter(|c| c.stratum == stratum)
        .map(|c| c.id.clone())
        .collect();
    ids.extend(
        receipt
            .selected
            .iter()
            .find(|c| c.stratum != stratum)
            .map(|c| c.id.clone()),
    );
    for (k, id) in ids.iter().enumerate() {
        let ask = Replace {
            id: id.clone(),
            reason: "the child moved away".into(),
            at: format!("2015-09-24T{:02}:{:02}:00Z", 10 + k / 60, k % 60),
        };
        match replace_case(&receipt, &ask, Some((&table, &source))) {
            Ok(r) => receipt = r,
            Err(e) => assert_eq!(e.code().as_str(), "stratum-exhausted", "{name}: {e:?}"),
        }
    }
    assert!(verify(&table, &source, &receipt).ok, "{name}");
    receipt
}

#[test]
fn the_python_reference_reproduces_tracked_cases_and_replacements() {
    let Some(python) = python() else {
        eprintln!("\n!!!!! SKIPPED: python3 is missing, so the replacements log was NOT checked by the reference implementation !!!!!\n");
        return;
    };
    let (mut past_reserves, mut replaced) = (0, 0);
    for (name, file, plan) in cases() {
        let receipt = tracked_and_replaced(name, file, &plan);
        past_reserves += receipt
            .replacements
            .iter()
            .filter(|e| !receipt.reserves.contains(&e.replacement))
            .count();
        let path = write_receipt(&format!("{name}-replaced"), &receipt);
        let (ok, text) = run(python, &fixture(file), &path);
        assert!(
            ok,
            "{name}: the reference did not reproduce the log:\n{text}"
        );
        let tracked = format!(" {} tracked, ", receipt.tracked.len());
        assert!(
            !receipt.tracked.is_empty() && text.contains(&tracked),
            "{name}: {text}"
        );
        if receipt.replacements.is_empty() {
            continue; // every eligible case is selected: none is left to replace with
        }
        replaced += 1;
        // A log whose first replacement is another case is rejected.
        let mut forged = receipt.clone();
        let first = &forged.replacements[0].replacement;
        let other = receipt
            .reserves
            .iter()
            .chain(&receipt.selected)
            .find(|c| c.id != first.id)
            .unwrap()
            .clone();
        forged.replacements[0].replacement = other;
        let path = write_receipt(&format!("{name}-forged-log"), &forged);
        let (ok, text) = run(python, &fixture(file), &path);
        assert!(
            !ok && text.contains("differs: replacements"),
            "{name}: {text}"
        );
    }
    assert!(past_reserves > 0, "no case drew past its reserves");
    assert!(
        replaced + 1 >= cases().len(),
        "only {replaced} cases replaced any"
    );
}

#[test]
fn the_python_reference_reproduces_the_documents_worked_example() {
    let Some(python) = python() else {
        eprintln!("\n!!!!! SKIPPED: python3 is missing !!!!!\n");
        return;
    };
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sampling.md"))
            .unwrap();
    let fenced = |name: &str| {
        let begin = format!("<!-- begin:{name} -->\n```");
        let start = doc.find(&begin).unwrap() + begin.len();
        let body = doc[start..].find('\n').unwrap() + start + 1;
        let end = doc[body..].find("```").unwrap() + body;
        doc[body..end].to_owned()
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (csv, receipt) = (
        dir.join("doc-example.csv"),
        dir.join("doc-example-receipt.json"),
    );
    std::fs::write(&csv, fenced("list")).unwrap();
    std::fs::write(&receipt, fenced("receipt")).unwrap();
    let (ok, text) = run(python, &csv, &receipt);
    assert!(
        ok && text.starts_with("reproduced: 2 selected, 2 reserves"),
        "{text}"
    );
}

/// A random list as CSV text (no quoting needed): awkward IDs, duplicates, blank and
/// non-ASCII values, dates in every form and some that are not dates.
fn random_csv(rng: &mut StdRng) -> String {
    let pick = |rng: &mut StdRng, xs: &[&str]| xs[rng.random_range(0..xs.len())].to_owned();
    let mut out = String::from("ID,Team,Gender,Date,DOB\n");
    let rows = rng.random_range(1..120);
    let pool = rng.random_range(1..150);
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..rows {
        let id = match rng.random_range(0..25) {
            0 => String::new(),
            1 => " \u{A0}".to_owned(),
            2 => format!(" C{}\t", rng.random_range(0..pool)),
            3 => format!("é{}", rng.random_range(0..pool)),
            _ => format!("C{}", rng.random_range(0..pool)),
        };
        let team = pick(
            rng,
            &["North", "South", " North ", "", "Équipe", "東", "north"],
        );
        let gender = pick(
            rng,
            &["a) Male", "b) Female", "c) Not known", "a) Male\u{A0}"],
        );
        let dates = [
            "01/04/2015",
            "1/4/2015",
            "2015-05-01",
            "2015-05-01T10:00:00",
            "30/06/2015 23:59",
            "42200",
            "42200.5",
            "",
            "31/02/2015",
            "60",
            "61",
            "59",
            "2015-13-01",
            "n/a",
        ];
        let date = pick(rng, &dates);
        let dob = pick(
            rng,
            &[
                "29/02/2008",
                "28/02/2008",
                "01/03/2000",
                "2016-01-01",
                "05/10/1997",
                "06/10/1997",
                "",
                "x",
                "39000",
            ],
        );
        let line = format!("{id},{team},{gender},{date},{dob}");
        // Sometimes an exact copy of an earlier row.
        if !lines.is_empty() && rng.random_range(0..10) == 0 {
            let copy = lines[rng.random_range(0..lines.len())].clone();
            lines.push(copy);
        }
        lines.push(line);
    }
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

fn random_plan(rng: &mut StdRng) -> Plan {
    let allocation = [
        Allocation::Proportional,
        Allocation::Equal,
        Allocation::Minimum,
    ][rng.random_range(0..3)];
    let strata: &[&str] =
        [&[][..], &["Team"], &["Gender"], &["Team", "Gender"]][rng.random_range(0..4)];
    let mut plan = Plan {
        id_column: "ID".into(),
        reserves: rng.random_range(0..4),
        min_per_stratum: (allocation == Allocation::Minimum).then_some(1),
        reference_date: d("2015-10-05"),
        ..plan(
            rng.random_range(1..40),
            &format!(" seed {} ", rng.random_range(0..1000)),
            strata,
            allocation,
        )
    };
    let filters = [
        Filter::DateBetween {
            column: "Date".into(),
            from: d("1900-01-01"),
            to: d("2015-06-30"),
        },
        Filter::AgeBetween {
            column: "DOB".into(),
            min: Some(7),
            max: Some(17),
        },
        Filter::OneOf {
            column: "Gender".into(),
            values: vec!["a) Male".into(), "b) Female".into()],
        },
        Filter::NotBlank {
            column: "Team".into(),
        },
        Filter::Equals {
            column: "Team".into(),
            value: " North".into(),
        },
    ];
    for f in filters {
        if rng.random_range(0..3) == 0 {
            plan.filters.push(f);
        }
    }
    plan
}

#[test]
fn the_python_reference_agrees_on_random_lists() {
    let Some(python) = python() else {
        eprintln!("\n!!!!! SKIPPED: python3 is missing !!!!!\n");
        return;
    };
    let mut rng = StdRng::seed_from_u64(42);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut checked = 0;
    for k in 0..30 {
        let csv = random_csv(&mut rng);
        let plan = random_plan(&mut rng);
        let table = common::csv_table(&csv);
        let Ok(s) = sample(&table, &plan) else {
            continue; // allocation-impossible: too many strata for the minimum
        };
        checked += 1;
        let receipt = Receipt::new(
            &s,
            &SourceInfo::new(csv.as_bytes(), "csv", "utf-8", table.len() as u64),
        );
        let csv_path = dir.join(format!("random-{k}.csv"));
        std::fs::write(&csv_path, &csv).unwrap();
        let path = write_receipt(&format!("random-{k}"), &receipt);
        let (ok, text) = run(python, &csv_path, &path);
        assert!(
            ok,
            "random list {k} ({}), plan {plan:?}:\n{text}",
            csv_path.display()
        );
    }
    assert!(checked >= 20, "only {checked} lists were checked");
}
