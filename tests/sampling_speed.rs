//! Speed on a million-row list (ignored by default; run natively in release):
//! `cargo test --release --test sampling_speed -- --ignored --nocapture`.

use deepdive::sampling::ticket::Tickets;
use deepdive::sampling::{sample, Plan};
use deepdive::table::Table;
use std::time::Instant;

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn a_million_tickets_and_a_million_row_sample() {
    let n = 1_000_000u32;
    let ids: Vec<String> = (0..n).map(|i| format!("C{:07}", i * 7 + 3)).collect();

    let start = Instant::now();
    let per = Tickets::new("6 1 4 4 2 3").stratum(b"5:North,");
    let mut smallest = [0xffu8; 32];
    for id in &ids {
        smallest = smallest.min(per.ticket(id));
    }
    let hashing = start.elapsed();
    assert_ne!(smallest, [0xffu8; 32]);

    let teams = ["North", "South", "East", "West", "Disabled Children"];
    let mut t = Table::with_capacity(
        vec!["ID".into(), "Team".into()],
        n as usize,
        20 * n as usize,
    );
    for (i, id) in ids.iter().enumerate() {
        t.push(i as u32 + 2, [id.as_str(), teams[i % teams.len()]]);
    }
    let mut plan = Plan::simple("ID", 50, "6 1 4 4 2 3");
    plan.strata = vec!["Team".into()];
    plan.reserves = 5;
    let start = Instant::now();
    let s = sample(&t, &plan).unwrap();
    let whole = start.elapsed();
    assert_eq!(s.selected.len(), 50);
    assert_eq!(s.reserves.len(), 25);
    println!(
        "1M tickets: {hashing:?} ({:.0} ns each); 1M-row stratified sample end to end: {whole:?}",
        hashing.as_nanos() as f64 / f64::from(n)
    );
}
