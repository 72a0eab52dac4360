//! `cargo xtask`: project automation for deepdive, in plain Rust.
//!
//! ```text
//! cargo xtask build [--release]   build the wasm package into pkg/
//! cargo xtask serve [--port N]    release build, stage the bundle, serve site/ then it
//! cargo xtask dist                the release bundle, its zip and npm tarball in dist/
//! cargo xtask test                fmt, clippy, native, wasm and end-to-end tests (three engines)
//! cargo xtask bench [--rows N] [--runs N]
//!                                 performance figures in headless Chromium
//! cargo xtask example [--rows N] [--seed S] [--out PATH]
//!                                 write the synthetic example case list
//! cargo xtask fuzz [--seconds N] [--smoke]
//!                                 run every cargo-fuzz target for N seconds
//! cargo xtask offline [--from DIR]
//!                                 write the offline single file
//! ```
//!
//! Each concern lives in its own module: [`build`] makes `pkg/`, [`dist`] the release
//! bundle (and its staged folder, which is what is served), [`offline`] the offline single
//! file inside it, [`serve`] is the static file server, [`fuzz`] runs the fuzz targets,
//! [`test`] runs the suites, [`tools`] finds or
//! installs the external programs, [`process`] runs child processes and
//! [`paths`] knows where things are.

mod bench;
mod build;
mod dist;
mod fuzz;
mod offline;
mod paths;
mod process;
mod serve;
mod synth;
mod test;
mod tools;
mod xvfb;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build [--release]   build the wasm package into pkg/ (release: optimised with wasm-opt)
  serve [--port N]    release build, stage the bundle, then serve site/ and the bundle's
                      folder at / (default port 8080)
  dist                release build, then dist/deepdive-<version>/ (with SHA256SUMS and
                      the README's integrity values), its .zip and an npm tarball
  test                cargo fmt --check, clippy, native tests, a deterministic fuzz
                      smoke, wasm tests in Chromium, Firefox ESR and WebKitGTK, the
                      Playwright end-to-end tests (Chromium) and an end-to-end smoke in
                      Firefox ESR and WebKitGTK; totals per engine, then
                      `N passed, N failed`
  bench [--rows N] [--runs N]
                      sampling a synthetic case list (default 1,000,000 rows) against
                      PapaParse + JS and SHA-256, and 10,000 consultation responses, in
                      headless Chromium; prints the times and their ratios
  example [--rows N] [--seed S] [--out PATH]
                      write the synthetic Annex A-like case list (default: the page's
                      example, www/examples/annex-a-referrals.csv)
  fuzz [--seconds N] [--smoke]
                      run every cargo-fuzz target in fuzz/ for N seconds (default 60),
                      seeded from the fixtures; installs cargo-fuzz if missing; prints
                      executions and crashes per target, fails on a crash. --smoke:
                      only the deterministic smoke that `cargo xtask test` runs
  offline [--from DIR]
                      write DIR/deepdive-offline.html, every tool in one file that works
                      from disk with no network; without --from, a release build staged
                      as the bundle, dist/deepdive-<version>/ (prints the file's size;
                      fails over 3 MB)
  help                this text";

/// A parsed command line.
enum Cmd {
    Build {
        release: bool,
    },
    Serve {
        port: u16,
    },
    Dist,
    Test,
    Bench {
        rows: u32,
        runs: u32,
    },
    Example {
        rows: u32,
        seed: u64,
        out: Option<String>,
    },
    Fuzz {
        seconds: u64,
        smoke: bool,
    },
    Offline {
        from: Option<std::path::PathBuf>,
    },
    Help,
}

fn parse(args: &[String]) -> Result<Cmd, String> {
    let Some((name, rest)) = args.split_first() else {
        return Ok(Cmd::Help);
    };
    match name.as_str() {
        "build" => match rest {
            [] => Ok(Cmd::Build { release: false }),
            [flag] if flag == "--release" || flag == "-r" => Ok(Cmd::Build { release: true }),
            _ => Err(format!("unexpected arguments to build: {}", rest.join(" "))),
        },
        "serve" => {
            let mut port = 8080;
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                let value = match arg.as_str() {
                    "--port" | "-p" => it.next().map(String::as_str),
                    other => match other.strip_prefix("--port=") {
                        Some(v) => Some(v),
                        None => return Err(format!("unexpected argument to serve: {other}")),
                    },
                };
                port = value
                    .and_then(|v| v.parse().ok())
                    .ok_or("--port needs a number from 0 to 65535")?;
            }
            Ok(Cmd::Serve { port })
        }
        "dist" if rest.is_empty() => Ok(Cmd::Dist),
        "dist" => Err(format!("dist takes no arguments, got: {}", rest.join(" "))),
        "test" if rest.is_empty() => Ok(Cmd::Test),
        "test" => Err(format!("test takes no arguments, got: {}", rest.join(" "))),
        "bench" => {
            let (mut rows, mut runs) = (1_000_000, 3);
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                let value = it.next().ok_or(format!("{arg} needs a value"))?;
                let n = value.parse().map_err(|_| format!("{arg} needs a number"))?;
                match arg.as_str() {
                    "--rows" => rows = n,
                    "--runs" if n > 0 => runs = n,
                    other => return Err(format!("unexpected argument to bench: {other} {value}")),
                }
            }
            Ok(Cmd::Bench { rows, runs })
        }
        "example" => {
            let (mut rows, mut seed, mut out) = (synth::EXAMPLE_ROWS, synth::EXAMPLE_SEED, None);
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                let value = it.next().ok_or(format!("{arg} needs a value"))?;
                match arg.as_str() {
                    "--rows" => rows = value.parse().map_err(|_| "--rows needs a number")?,
                    "--seed" => seed = value.parse().map_err(|_| "--seed needs a number")?,
                    "--out" => out = Some(value.clone()),
                    other => return Err(format!("unexpected argument to example: {other}")),
                }
            }
            Ok(Cmd::Example { rows, seed, out })
        }
        "fuzz" => {
            let (mut seconds, mut smoke) = (60, false);
            let mut it = rest.iter();
            while let Some(arg) = it.next() {
                let value = match arg.as_str() {
                    "--smoke" => {
                        smoke = true;
                        continue;
                    }
                    "--seconds" => it.next().map(String::as_str),
                    other => match other.strip_prefix("--seconds=") {
                        Some(v) => Some(v),
                        None => return Err(format!("unexpected argument to fuzz: {other}")),
                    },
                };
                seconds = value
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--seconds needs a number above 0")?;
            }
            Ok(Cmd::Fuzz { seconds, smoke })
        }
        "offline" => match rest {
            [] => Ok(Cmd::Offline { from: None }),
            [flag, dir] if flag == "--from" => Ok(Cmd::Offline {
                from: Some(dir.into()),
            }),
            _ => Err(format!(
                "unexpected arguments to offline: {}",
                rest.join(" ")
            )),
        },
        "help" | "--help" | "-h" => Ok(Cmd::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match parse(&args) {
        Ok(cmd) => cmd,
        Err(msg) => {
            eprintln!("error: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd {
        Cmd::Build { release } => build::run(release).map(|_| true),
        Cmd::Serve { port } => serve::run(port).map(|()| true),
        Cmd::Dist => dist::run().map(|()| true),
        Cmd::Test => test::run(),
        Cmd::Bench { rows, runs } => bench::run(rows, runs).map(|()| true),
        Cmd::Example { rows, seed, out } => write_example(rows, seed, out).map(|()| true),
        Cmd::Fuzz { smoke: true, .. } => fuzz::smoke().map(|(_, failed)| failed == 0),
        Cmd::Fuzz { seconds, .. } => fuzz::run(seconds),
        Cmd::Offline { from } => offline::run(from).map(|_| true),
        Cmd::Help => {
            println!("{USAGE}");
            Ok(true)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the synthetic case list to `out`, or the page's example to `www/`.
fn write_example(rows: u32, seed: u64, out: Option<String>) -> anyhow::Result<()> {
    use anyhow::Context;
    let path = match out {
        Some(p) => std::path::PathBuf::from(p),
        None => paths::www().join(synth::EXAMPLE_PATH),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    synth::write_csv(&mut w, rows, seed).with_context(|| format!("writing {}", path.display()))?;
    std::io::Write::flush(&mut w)?;
    println!(
        "wrote {rows} synthetic rows (seed {seed}) to {}",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_commands() {
        assert!(matches!(
            parse(&args("build")),
            Ok(Cmd::Build { release: false })
        ));
        assert!(matches!(
            parse(&args("build --release")),
            Ok(Cmd::Build { release: true })
        ));
        assert!(matches!(
            parse(&args("serve")),
            Ok(Cmd::Serve { port: 8080 })
        ));
        assert!(matches!(
            parse(&args("serve --port 9000")),
            Ok(Cmd::Serve { port: 9000 })
        ));
        assert!(matches!(
            parse(&args("serve --port=9001")),
            Ok(Cmd::Serve { port: 9001 })
        ));
        assert!(matches!(parse(&args("test")), Ok(Cmd::Test)));
        assert!(matches!(parse(&args("dist")), Ok(Cmd::Dist)));
        assert!(parse(&args("dist --fast")).is_err());
        assert!(matches!(parse(&[]), Ok(Cmd::Help)));
        assert!(parse(&args("serve --port")).is_err());
        assert!(parse(&args("serve --port x")).is_err());
        assert!(parse(&args("build --debug")).is_err());
        assert!(parse(&args("deploy")).is_err());
        assert!(matches!(
            parse(&args("bench --rows 1000 --runs 1")),
            Ok(Cmd::Bench {
                rows: 1000,
                runs: 1
            })
        ));
        assert!(parse(&args("bench --runs 0")).is_err());
        assert!(matches!(
            parse(&args("fuzz")),
            Ok(Cmd::Fuzz {
                seconds: 60,
                smoke: false
            })
        ));
        assert!(matches!(
            parse(&args("fuzz --seconds 5")),
            Ok(Cmd::Fuzz {
                seconds: 5,
                smoke: false
            })
        ));
        assert!(matches!(
            parse(&args("fuzz --smoke")),
            Ok(Cmd::Fuzz { smoke: true, .. })
        ));
        assert!(parse(&args("fuzz --seconds 0")).is_err());
        assert!(parse(&args("fuzz --runs 5")).is_err());
        assert!(matches!(
            parse(&args("offline")),
            Ok(Cmd::Offline { from: None })
        ));
        assert!(matches!(
            parse(&args("offline --from dist/x")),
            Ok(Cmd::Offline { from: Some(_) })
        ));
        assert!(parse(&args("offline --from")).is_err());
    }
}
