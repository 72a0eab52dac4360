//! `cargo xtask fuzz`: the cargo-fuzz targets of `fuzz/`, seeded from the fixtures.
//!
//! The seed corpora are made at run time from the repository's fixtures (nothing large
//! is committed): [`write_seeds`] copies or derives each target's inputs into a
//! directory. [`run`] fuzzes every target for a time; [`smoke`] (a stage of
//! `cargo xtask test`) runs each one deterministically, from fresh seeds with a fixed
//! `-seed` and a fixed number of runs, so it cannot fail by chance.
//!
//! The targets are built with cargo-fuzz on the stable toolchain (`RUSTC_BOOTSTRAP=1`),
//! in release mode with debug assertions and overflow checks, and without a sanitizer:
//! the core is safe Rust, and AddressSanitizer would halve the executions.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::{paths, process, tools};

/// Every target in `fuzz/fuzz_targets/`, in the order they run.
pub const TARGETS: &[&str] = &[
    "csv",
    "xlsx",
    "sample_verify",
    "receipt",
    "definition",
    "response",
    "summary",
];

/// The smoke's fixed libFuzzer seed and executions per target.
const SMOKE_SEED: u32 = 1;
const SMOKE_RUNS: u64 = 3000;

/// libFuzzer's limit for one input, in seconds: an input this slow is a hang, whatever
/// the machine (the issue asks for answers within 5 s on inputs far larger than these).
const INPUT_TIMEOUT_SECS: u32 = 60;

/// What one libFuzzer run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Run {
    pub executions: u64,
    /// Crash, timeout and out-of-memory inputs written.
    pub crashes: Vec<PathBuf>,
    /// What each crash was (a panic's message and place, or libFuzzer's kind), without
    /// repeats.
    pub panics: Vec<String>,
    pub ok: bool,
}

/// `cargo xtask fuzz --seconds N`: every target for N seconds (its corpus kept in
/// `fuzz/corpus/`, crashes in `fuzz/artifacts/`); `Ok(false)` on a crash.
pub fn run(seconds: u64) -> Result<bool> {
    let fuzz = paths::root().join("fuzz");
    let mut results = Vec::new();
    for target in TARGETS {
        // The corpus grows from run to run; the seeds are added again each time.
        let corpus = fuzz.join("corpus").join(target);
        write_seeds(target, &corpus, false)?;
        let artifacts = fuzz.join("artifacts").join(target);
        println!("\n==> fuzz {target} for {seconds} s");
        // Fork mode keeps fuzzing after a crash, so that one known bug does not hide the
        // rest; each crash is run again afterwards to tell what it was.
        let mut r = libfuzzer(
            target,
            &corpus,
            &artifacts,
            &[
                format!("-max_total_time={seconds}"),
                "-fork=1".into(),
                "-ignore_crashes=1".into(),
                "-ignore_ooms=1".into(),
                "-ignore_timeouts=1".into(),
            ],
        )?;
        r.panics = explain(target, &r.crashes)?;
        results.push((target, r));
    }
    println!("\nfuzz summary:");
    for (target, r) in &results {
        print_line(target, r);
    }
    Ok(results.iter().all(|(_, r)| r.ok))
}

/// The `fuzz smoke` stage: each target from fresh seeds, `-seed=1`, a fixed number of
/// runs. Returns the targets that ran clean and those that did not.
pub fn smoke() -> Result<(u64, u64)> {
    let dir = paths::target_dir()?.join("fuzz-smoke");
    let (mut passed, mut failed) = (0, 0);
    let mut results = Vec::new();
    for target in TARGETS {
        let corpus = dir.join("corpus").join(target);
        write_seeds(target, &corpus, true)?;
        let artifacts = dir.join("artifacts").join(target);
        let start = Instant::now();
        let r = libfuzzer(
            target,
            &corpus,
            &artifacts,
            &[format!("-seed={SMOKE_SEED}"), format!("-runs={SMOKE_RUNS}")],
        )?;
        println!(
            "fuzz smoke {target}: {} executions in {:.1}s",
            r.executions,
            start.elapsed().as_secs_f64()
        );
        if r.ok {
            passed += 1;
        } else {
            failed += 1;
        }
        results.push((target, r));
    }
    println!("fuzz smoke summary:");
    for (target, r) in &results {
        print_line(target, r);
    }
    Ok((passed, failed))
}

fn print_line(target: &str, r: &Run) {
    println!(
        "  {target:<14} {:>10} executions  {} crash{}",
        r.executions,
        r.crashes.len(),
        if r.crashes.len() == 1 { "" } else { "es" },
    );
    for p in &r.panics {
        println!("      {p}");
    }
    for c in &r.crashes {
        println!("      {}", c.display());
    }
    if !r.crashes.is_empty() {
        println!(
            "      (run one again: RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s none {target} FILE)"
        );
    }
}

/// Runs each crash input once more, alone, and says what it does; a panic at a place
/// already listed is listed once.
fn explain(target: &str, crashes: &[PathBuf]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    if crashes.is_empty() {
        return Ok(out);
    }
    let host = process::output(Command::new("rustc").arg("-vV"))?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .context("`rustc -vV` names no host")?;
    let exe = paths::target_dir()?
        .join("fuzz")
        .join(host)
        .join("release")
        .join(target);
    for c in crashes {
        let name = c.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let what = if name.starts_with("oom-") {
            "out of memory (over 2 GB)".to_owned()
        } else if name.starts_with("timeout-") {
            format!("over {INPUT_TIMEOUT_SECS} s")
        } else {
            let run = Command::new(&exe)
                .arg(c)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
                .with_context(|| format!("could not run {}", exe.display()))?;
            panic_message(&String::from_utf8_lossy(&run.stderr))
                .unwrap_or_else(|| "a crash without a Rust panic".to_owned())
        };
        let place = |w: &str| w.rsplit(" at ").next().unwrap_or(w).to_owned();
        if !out.iter().any(|o| place(o) == place(&what)) {
            out.push(what);
        }
    }
    Ok(out)
}

/// Builds (if needed) and runs one target with libFuzzer, echoing its output.
fn libfuzzer(target: &str, corpus: &Path, artifacts: &Path, flags: &[String]) -> Result<Run> {
    let cargo_fuzz = tools::cargo_fuzz()?;
    fs::create_dir_all(artifacts)?;
    let before = list(artifacts);
    let fuzz_target_dir = paths::target_dir()?.join("fuzz");
    let mut cmd = Command::new(&cargo_fuzz);
    cmd.args(["fuzz", "run", "-O", "-a", "-s", "none", "--target-dir"])
        .arg(&fuzz_target_dir)
        .arg(target)
        .arg(corpus)
        .arg("--")
        .args(flags)
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
        .arg("-print_final_stats=1")
        .current_dir(paths::root())
        .env("RUSTC_BOOTSTRAP", "1")
        .stdin(Stdio::null())
        // cargo-fuzz's stdout is only its dump of a crash input's bytes; the summary
        // names the input's file instead.
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    println!("$ RUSTC_BOOTSTRAP=1 {}", process::show(&cmd));
    process::flush();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("could not start {}", cargo_fuzz.display()))?;
    let mut log = String::new();
    if let Some(err) = child.stderr.take() {
        let mut reader = BufReader::new(err);
        let mut line = Vec::new();
        let mut dictionary = false;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    // libFuzzer's closing dictionary of tokens is long and of no use here.
                    let text = String::from_utf8_lossy(&line);
                    if text.starts_with("###### Recommended dictionary") {
                        dictionary = true;
                    }
                    if !dictionary {
                        let _ = std::io::stderr().write_all(&line);
                    }
                    if text.starts_with("###### End of recommended dictionary") {
                        dictionary = false;
                    }
                    log.push_str(&text);
                }
            }
        }
    }
    let status = child.wait()?;
    let crashes: Vec<PathBuf> = list(artifacts)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    let executions = executions(&log);
    if executions.is_none() && crashes.is_empty() && !status.success() {
        bail!("`cargo fuzz run {target}` failed ({status}) before fuzzing");
    }
    Ok(Run {
        executions: executions.unwrap_or(0),
        ok: status.success() && crashes.is_empty(),
        panics: panic_message(&log).into_iter().collect(),
        crashes,
    })
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Executions from libFuzzer's output: `stat::number_of_executed_units: N`
/// (`-print_final_stats=1`), else the last status line's `#N`.
fn executions(log: &str) -> Option<u64> {
    let stat = log.lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix("stat::number_of_executed_units:")?
            .trim()
            .parse()
            .ok()
    });
    stat.or_else(|| {
        log.lines().rev().find_map(|l| {
            let n = l.strip_prefix('#')?;
            let end = n.find(|c: char| !c.is_ascii_digit())?;
            n[..end].parse().ok()
        })
    })
}

/// The first Rust panic message (`panicked at FILE:LINE:COL:` and the line after it).
fn panic_message(log: &str) -> Option<String> {
    let mut lines = log.lines();
    while let Some(l) = lines.next() {
        if let Some(i) = l.find("panicked at ") {
            let place = l[i + "panicked at ".len()..].trim_end_matches(':');
            let msg = lines.next().unwrap_or("").trim();
            return Some(format!("{msg} at {place}"));
        }
    }
    None
}

/// Writes a target's seed inputs into `dir` (emptied first when `fresh`), made from the
/// fixtures. Returns how many were written.
pub fn write_seeds(target: &str, dir: &Path, fresh: bool) -> Result<usize> {
    if fresh && dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    let mut n = 0;
    for (name, bytes) in seeds(target)? {
        fs::write(dir.join(&name), bytes)?;
        n += 1;
    }
    if n == 0 {
        bail!("no seeds for fuzz target {target}");
    }
    Ok(n)
}

fn read(rel: &str) -> Result<Vec<u8>> {
    let path = paths::root().join(rel);
    fs::read(&path).with_context(|| format!("reading seed source {}", path.display()))
}

/// The fenced block after `<!-- begin:NAME -->` in a Markdown file.
fn doc_block(markdown: &str, name: &str) -> Option<String> {
    let start = markdown.find(&format!("<!-- begin:{name} -->"))?;
    let rest = &markdown[start..];
    let open = rest.find("```")?;
    let body = &rest[open..];
    let body = &body[body.find('\n')? + 1..];
    Some(body[..body.find("```")?].to_owned())
}

/// The seeds of each target, as (file name, bytes).
fn seeds(target: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let csv_files = [
        "tests/fixtures/sampling/annex-a-cp.csv",
        "tests/fixtures/sampling/unicode.csv",
        "www/examples/annex-a-referrals.csv",
    ];
    let doc = String::from_utf8(read("docs/sampling.md")?)?;
    let doc_list = doc_block(&doc, "list").context("docs/sampling.md has no list block")?;
    let doc_plan = doc_block(&doc, "plan").context("docs/sampling.md has no plan block")?;
    let named = |rel: &str| -> Result<(String, Vec<u8>)> {
        let name = rel.rsplit('/').next().unwrap_or(rel).to_owned();
        Ok((name, read(rel)?))
    };
    let text = |name: &str, s: &str| (name.to_owned(), s.as_bytes().to_vec());
    let mut out = Vec::new();
    match target {
        "csv" => {
            for f in csv_files {
                out.push(named(f)?);
            }
            out.push(text("doc-list.csv", &doc_list));
            out.push(text(
                "quoted.csv",
                "Title row\nID;\"Note\"\n\"A\"\"1\";\"two\r\nlines\"\r\nA2;\n\n",
            ));
            out.push(text("cr-only.csv", "ID\tTeam\rA\tN\rB\tS\r"));
            out.push((
                "windows-1252.csv".into(),
                b"ID,Nom\nA1,caf\xE9 \xA35\nA1,\x81\n".to_vec(),
            ));
            out.push((
                "utf-16le.csv".into(),
                [0xFF, 0xFE]
                    .into_iter()
                    .chain(
                        "ID,X\r\n1,\u{e9}\r\n"
                            .encode_utf16()
                            .flat_map(u16::to_le_bytes),
                    )
                    .collect(),
            ));
        }
        "xlsx" => {
            for f in [
                "tests/fixtures/annex-a.xlsx",
                "tests/fixtures/protected.xlsx",
                "tests/fixtures/old.xls",
            ] {
                out.push(named(f)?);
            }
            out.push(text(
                "sheet-data.xml",
                concat!(
                    r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>"#,
                    r#"<c r="B1" t="inlineStr"><is><t>Date</t></is></c></row>"#,
                    r#"<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c>"#,
                    r#"<c r="B2"><v>40179</v></c><c r="C2" t="b"><v>1</v></c></row>"#,
                    r#"<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="s"><v>0</v></c></row>"#,
                ),
            ));
            out.push(text(
                "no-refs.xml",
                r#"<row><c t="inlineStr"><is><t>ID</t></is></c></row><row><c><v>1.5</v></c></row>"#,
            ));
        }
        "sample_verify" => {
            let plan = |v: &str| v.as_bytes().to_vec();
            let join = |p: &[u8], f: &[u8]| [p, &[0], f].concat();
            out.push((
                "doc-example".into(),
                join(doc_plan.as_bytes(), doc_list.as_bytes()),
            ));
            let cp = read(csv_files[0])?;
            out.push((
                "annex-a-cp-minimum".into(),
                join(
                    &plan(concat!(
                        r#"{"idColumn":"Child Unique ID","size":12,"seed":"3 6 1 6 2 5 4 4","#,
                        r#""strata":["Gender"],"allocation":"minimum","minPerStratum":1,"reserves":2,"#,
                        r#""filters":[{"op":"date-between","column":"Plan Start Date","from":"2014-10-01","to":"2015-09-30"},"#,
                        r#"{"op":"age-between","column":"Date of Birth","min":0,"max":17}],"referenceDate":"2015-10-05"}"#
                    )),
                    &cp,
                ),
            ));
            out.push((
                "annex-a-cp-equal".into(),
                join(
                    &plan(concat!(
                        r#"{"idColumn":"Child Unique ID","size":5,"seed":"x","strata":["Allocated Team","Gender"],"#,
                        r#""allocation":"equal","filters":[{"op":"one-of","column":"Gender","values":["a) Male","b) Female"]},"#,
                        r#"{"op":"not-blank","column":"Ethnicity"},{"op":"equals","column":"Allocated Team","value":"North"}]}"#
                    )),
                    &cp,
                ),
            ));
            for f in csv_files {
                out.push(named(f)?);
            }
            out.push(("annex-a.xlsx".into(), read("tests/fixtures/annex-a.xlsx")?));
        }
        "receipt" => {
            let receipt =
                doc_block(&doc, "receipt").context("docs/sampling.md has no receipt block")?;
            out.push(text("doc-receipt.json", &receipt));
        }
        "definition" => {
            for f in [
                "src/consultation/data/demo.json",
                "src/consultation/data/jtai-2015.json",
                "src/consultation/data/lac-2012.json",
                "src/consultation/data/macp-2012.json",
                "tests/fixtures/consultation/survey.json",
            ] {
                out.push(named(f)?);
            }
        }
        "response" => {
            let all = String::from_utf8(read("www/examples/demo-responses.jsonl")?)?;
            for (i, line) in all.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                out.push(text(&format!("demo-response-{i:02}.json"), line));
            }
        }
        "summary" => {
            out.push(named("www/examples/demo-responses.jsonl")?);
        }
        other => bail!("unknown fuzz target `{other}`"),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_counts() {
        let done = "#2\tINITED cov: 10 ft: 11 corp: 1/1b exec/s: 0 rss: 30Mb\n\
                    #81234\tDONE   cov: 900 ft: 2000 corp: 50/3Kb lim: 4096 exec/s: 1353 rss: 60Mb\n\
                    Done 81234 runs in 61 second(s)\n";
        assert_eq!(executions(done), Some(81234));
        let stats = "stat::number_of_executed_units: 3000\nstat::average_exec_per_sec:     500\n";
        assert_eq!(executions(stats), Some(3000));
        assert_eq!(executions("error: could not compile"), None);
        let crash = "thread '<unnamed>' panicked at src/ingest/sink.rs:12:5:\n\
                     attempt to add with overflow\nnote: run with RUST_BACKTRACE=1\n";
        assert_eq!(
            panic_message(crash).as_deref(),
            Some("attempt to add with overflow at src/ingest/sink.rs:12:5")
        );
    }

    #[test]
    fn every_target_has_seeds_and_a_source_file() {
        for t in TARGETS {
            assert!(!seeds(t).unwrap().is_empty(), "{t}");
            let file = paths::root().join(format!("fuzz/fuzz_targets/{t}.rs"));
            assert!(file.is_file(), "{}", file.display());
        }
        assert!(seeds("nope").is_err());
    }
}
