//! A synthetic Annex A-like case list (never real data), from a seeded generator.
//!
//! The page offers it as "try with example data", and the benchmark uses a million-row
//! version. The generator has its own small PRNG (SplitMix64) so the same seed gives the
//! same bytes forever, whatever crate versions do. The file looks like what Excel's
//! "CSV UTF-8" writes: a byte-order mark, CRLF line ends, dates as dd/mm/yyyy, Annex A coded
//! values such as `a) Male`, and a few quoted cells that contain commas.

use std::io::{self, Write};

/// The committed example: rows, seed and where it lives under `www/`.
pub const EXAMPLE_ROWS: u32 = 400;
pub const EXAMPLE_SEED: u64 = 20150923;
pub const EXAMPLE_PATH: &str = "examples/annex-a-referrals.csv";

/// The day ages are counted to: a JTAI notification day.
const REFERENCE: (i32, u32, u32) = (2015, 9, 23);

const HEADER: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date of Referral",
    "Referral Source",
    "Allocated Team",
    "Allocated Worker",
];

/// (value, weight) pairs for each coded column.
const GENDER: &[(&str, u32)] = &[
    ("a) Male", 490),
    ("b) Female", 490),
    ("c) Unknown", 15),
    ("d) Indeterminate", 5),
];
const ETHNICITY: &[(&str, u32)] = &[
    ("a) WBRI", 700),
    ("b) WIRI", 10),
    ("c) WIRT", 5),
    ("d) WOTH", 40),
    ("e) WROM", 5),
    ("f) MWBC", 20),
    ("g) MWBA", 10),
    ("h) MWAS", 15),
    ("i) MOTH", 20),
    ("j) AIND", 25),
    ("k) APKN", 35),
    ("l) ABAN", 15),
    ("m) AOTH", 15),
    ("n) BCRB", 15),
    ("o) BAFR", 30),
    ("p) BOTH", 5),
    ("q) CHNE", 5),
    ("r) OOTH", 15),
    ("s) REFU", 10),
    ("t) NOBT", 5),
];
const DISABILITY: &[(&str, u32)] = &[("a) Yes", 80), ("b) No", 850), ("c) Not known", 70)];
const SOURCE: &[(&str, u32)] = &[
    ("1A) Individual: family member", 80),
    ("2A) Schools", 180),
    ("3A) Health services: GP", 60),
    ("3B) Health services, hospital", 60),
    ("4) Police", 280),
    ("5C) LA services: social care", 120),
    ("6) Anonymous", 30),
    ("7) Other", 40),
];
const TEAM: &[(&str, u32)] = &[
    ("Assessment Team North", 250),
    ("Assessment Team South", 250),
    ("Assessment, East", 150),
    ("Child Protection Team", 150),
    ("Children in Care Team", 100),
    ("Early Help Hub", 100),
];

/// SplitMix64: tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0); the tiny modulo bias does not matter for test data.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, table: &[(&'a str, u32)]) -> &'a str {
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut r = self.below(u64::from(total)) as u32;
        for (value, weight) in table {
            if r < *weight {
                return value;
            }
            r -= weight;
        }
        table[table.len() - 1].0
    }
}

/// Days since 1 January 1970 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

fn age_on(birth: (i32, u32, u32), on: (i32, u32, u32)) -> i32 {
    let mut age = on.0 - birth.0;
    if (on.1, on.2) < (birth.1, birth.2) {
        age -= 1;
    }
    age
}

/// Quotes a cell when it holds a comma, quote or line break.
fn cell(out: &mut impl Write, value: &str) -> io::Result<()> {
    if value.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", value.replace('"', "\"\""))
    } else {
        out.write_all(value.as_bytes())
    }
}

/// Writes `rows` records made from `seed`.
pub fn write_csv(out: &mut impl Write, rows: u32, seed: u64) -> io::Result<()> {
    let mut rng = Rng(seed);
    let reference = days_from_civil(REFERENCE.0, REFERENCE.1, REFERENCE.2);
    out.write_all("\u{feff}".as_bytes())?;
    for (i, name) in HEADER.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        cell(out, name)?;
    }
    out.write_all(b"\r\n")?;
    for i in 0..u64::from(rows) {
        // A bijection on 0..10^7 (the multiplier is coprime to 10^7), so IDs never repeat.
        let id = (i * 4_435_761 + seed % 10_000_000) % 10_000_000;
        let birth = civil_from_days(reference - 1 - rng.below(18 * 365) as i64);
        let referral = civil_from_days(reference - 1 - rng.below(183) as i64);
        let worker = 1 + rng.below(120);
        let (gender, ethnicity, disability, source, team) = (
            rng.pick(GENDER),
            rng.pick(ETHNICITY),
            rng.pick(DISABILITY),
            rng.pick(SOURCE),
            rng.pick(TEAM),
        );
        write!(out, "DD{id:07},{gender},{ethnicity},")?;
        write!(out, "{:02}/{:02}/{},", birth.2, birth.1, birth.0)?;
        write!(out, "{},{disability},", age_on(birth, REFERENCE))?;
        write!(out, "{:02}/{:02}/{},", referral.2, referral.1, referral.0)?;
        cell(out, source)?;
        out.write_all(b",")?;
        cell(out, team)?;
        write!(out, ",Worker {worker:03}\r\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2015, 9, 23), (1997, 12, 31)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 2), 1);
    }

    #[test]
    fn ages_count_birthdays() {
        assert_eq!(age_on((2010, 9, 23), REFERENCE), 5);
        assert_eq!(age_on((2010, 9, 24), REFERENCE), 4);
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_csv(&mut a, 50, 7).unwrap();
        write_csv(&mut b, 50, 7).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        write_csv(&mut c, 50, 8).unwrap();
        assert_ne!(a, c);
        let text = String::from_utf8(a).unwrap();
        assert!(text.starts_with("\u{feff}Child Unique ID,Gender,"));
        assert_eq!(text.matches("\r\n").count(), 51);
    }

    fn example_bytes() -> Vec<u8> {
        let mut bytes = Vec::new();
        write_csv(&mut bytes, EXAMPLE_ROWS, EXAMPLE_SEED).unwrap();
        bytes
    }

    #[test]
    fn the_committed_example_is_fresh() {
        let path = crate::paths::www().join(EXAMPLE_PATH);
        let committed = std::fs::read(&path).expect("the example file exists under www/");
        assert!(
            committed == example_bytes(),
            "{} is stale: run `cargo xtask example`",
            path.display()
        );
    }
}
