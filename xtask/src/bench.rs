//! `cargo xtask bench [--rows N] [--runs N]`: the performance figures the issues ask for,
//! measured in headless Chromium in one run.
//!
//! Generates a synthetic Annex A-like case list (a million rows, about 108 MB, by
//! [`crate::synth`]) under the target directory, stages the bundle, serves it with the
//! benchmark page (`tests/bench/`), the data and PapaParse, and runs
//! `tests/bench/run.mjs`, which prints each time with its ratio to the baselines measured
//! in the same run: PapaParse plus a plain JavaScript sampler, and SHA-256 of the file.
//! It also times the summary of 10,000 consultation responses.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{build, dist, paths, process, serve, synth, tools};

/// Builds, generates the data if missing, serves and runs the benchmark page.
pub fn run(rows: u32, runs: u32) -> Result<()> {
    build::run(true)?;
    dist::stage()?;
    tools::ensure_chromium()?;
    if !process::on_path("node") {
        bail!("node not found; install Node.js 20 or later");
    }
    let root = paths::root();
    let papaparse = root.join("node_modules/papaparse");
    if !papaparse.is_dir() {
        bail!("node_modules/papaparse is missing; it is in package.json (run `npm ci`)");
    }
    let data = paths::target_dir()?.join("bench");
    fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let name = format!("annex-a-{rows}.csv");
    let csv = data.join(&name);
    if !csv.is_file() {
        println!("generating {rows} synthetic rows into {}", csv.display());
        let partial = csv.with_extension("partial");
        let mut w = BufWriter::new(File::create(&partial)?);
        synth::write_csv(&mut w, rows, synth::EXAMPLE_SEED)?;
        w.flush()?;
        drop(w);
        fs::rename(&partial, &csv)?;
    }
    let port = serve::spawn_with(vec![
        ("bench".to_owned(), root.join("tests/bench")),
        ("bench-data".to_owned(), data),
        ("papaparse".to_owned(), papaparse),
    ])?;
    let mut cmd = Command::new("node");
    cmd.arg(root.join("tests/bench/run.mjs"))
        .current_dir(root)
        .env("DD_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env(
            "DD_BENCH_QUERY",
            format!("?data=/bench-data/{name}&runs={runs}"),
        )
        .env("DD_CHROMIUM", tools::CHROMIUM);
    process::run(&mut cmd).context("the benchmark failed")
}
