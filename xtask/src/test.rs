//! `cargo xtask test`: every check CI runs (`.ci/run` execs this).
//!
//! Stages, in order; a failing stage does not stop the later ones:
//!
//! 1. `cargo fmt --all --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`, and again for
//!    the wasm32 target (where `tests/wasm_*.rs` compile)
//! 3. native tests: `cargo test --workspace`
//! 4. JavaScript unit tests: `node --test tests/js/`, the page's pure modules
//!    without a browser
//! 5. fuzz smoke: every cargo-fuzz target of `fuzz/` built, then run from fresh seeds
//!    with a fixed libFuzzer seed and number of runs ([`crate::fuzz::smoke`]); each
//!    target that runs clean counts as one passed test
//! 6. wasm tests in headless Chromium (every `tests/wasm_*.rs`, through
//!    wasm-bindgen-test-runner and chromedriver; `webdriver.json` at the
//!    repository root adds the Chromium flags)
//! 7. end-to-end: release build of `pkg/`, the bundle staged ([`crate::dist::stage`], which
//!    also writes the offline file into it), the static server from [`crate::serve`] on a free
//!    port, then `node --test tests/e2e/` with `DD_BASE_URL` pointing at it, `DD_BUNDLE`
//!    naming the staged folder and `DD_OFFLINE_FILE` the offline file (Playwright, Chromium)
//! 8. wasm tests in Firefox ESR (geckodriver) and in WebKitGTK (WebKitWebDriver driving
//!    MiniBrowser, under an [`Xvfb`] started for the stage): the same `tests/wasm_*.rs`
//! 9. end-to-end smoke in Firefox ESR and in WebKitGTK: `node --test tests/engines/` once
//!    per engine (`DD_ENGINE`), against the same server, over W3C WebDriver, with
//!    `DD_OFFLINE_FILE` too
//! 10. type check: `tsc -p tsconfig.json` (strict `checkJs` over `www/`, `site/`, `tests/e2e/`,
//!     `tests/engines/`, `tests/js/`, `xtask/offline/` and `pkg/`'s `.d.ts`); any error fails it
//!
//! wasm-bindgen-test-runner picks its browser from the first driver variable it finds
//! (`*_REMOTE`, then `GECKODRIVER`, `SAFARIDRIVER`, `CHROMEDRIVER`), so each wasm stage
//! removes every such variable and sets exactly its own ([`Runner`]).
//!
//! Test counts come from the runners' summaries (`test result: ...` for
//! cargo and wasm-bindgen-test, `ℹ pass N` / `ℹ fail N` for Node). A failing
//! lint stage, a stage that fails without reporting failed tests, or a suite
//! that runs no tests at all, counts as one failure. The last line printed
//! is always `N passed, N failed`, after the totals per engine.

use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::process::{self, cargo};
use crate::xvfb::Xvfb;
use crate::{build, dist, fuzz, paths, serve, tools};

/// Where a stage's tests run, for the totals per engine.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Engine {
    Chromium,
    Firefox,
    WebKit,
    /// Native code, Node, linters: no browser.
    Other,
}

impl Engine {
    const ALL: [Engine; 4] = [
        Engine::Chromium,
        Engine::Firefox,
        Engine::WebKit,
        Engine::Other,
    ];

    fn label(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox ESR",
            Engine::WebKit => "WebKitGTK",
            Engine::Other => "native and other",
        }
    }
}

/// Tests passed and failed in one stage.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    passed: u64,
    failed: u64,
}

/// One finished stage, for the summary.
struct Outcome {
    name: &'static str,
    engine: Engine,
    counts: Counts,
    ok: bool,
    secs: f64,
}

/// Run every stage; `Ok(true)` when all passed.
pub fn run() -> Result<bool> {
    let mut outcomes = Vec::new();
    let mut stage =
        |name: &'static str, engine: Engine, body: &mut dyn FnMut() -> Result<Counts>| {
            println!("\n==> {name}");
            process::flush();
            let start = Instant::now();
            let (mut counts, mut ok) = match body() {
                Ok(counts) => (counts, counts.failed == 0),
                Err(err) => {
                    println!("error: {err:#}");
                    (Counts::default(), false)
                }
            };
            if !ok && counts.failed == 0 {
                counts.failed = 1; // failed without naming failed tests
            }
            ok &= counts.failed == 0;
            let secs = start.elapsed().as_secs_f64();
            println!("<== {name}: {} in {secs:.1}s", verdict(ok, counts));
            outcomes.push(Outcome {
                name,
                engine,
                counts,
                ok,
                secs,
            });
        };

    stage("fmt", Engine::Other, &mut || {
        lint(cargo(["fmt", "--all", "--check"]))
    });
    stage("clippy", Engine::Other, &mut || {
        let native = lint(cargo([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The wasm-only code (tests/wasm_*.rs) is linted for its own target.
        tools::ensure_wasm_target()?;
        let wasm = lint(cargo([
            "clippy",
            "-p",
            "deepdive",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok(Counts {
            passed: 0,
            failed: native.failed.max(wasm.failed),
        })
    });
    stage("native tests", Engine::Other, &mut || {
        suite(cargo(["test", "--workspace"]), parse_cargo_results)
    });

    stage(
        "JavaScript unit tests (node --test)",
        Engine::Other,
        &mut js_unit_tests,
    );
    stage("fuzz smoke", Engine::Other, &mut || {
        let (passed, failed) = fuzz::smoke()?;
        Ok(Counts { passed, failed })
    });

    // Both Chromium stages need Chromium; check (or install) it once.
    let browsers = tools::ensure_chromium().map_err(|e| format!("{e:#}"));
    let need_browsers = || match &browsers {
        Ok(()) => {
            println!("Chromium: {}", tools::version_of(tools::CHROMIUM));
            Ok(())
        }
        Err(msg) => bail!("{msg}"),
    };
    // One release build and one server for every end-to-end stage.
    let mut site: Option<Site> = None;
    stage(
        "wasm tests (headless Chromium)",
        Engine::Chromium,
        &mut || {
            need_browsers()?;
            wasm_tests(Runner::Chromium)
        },
    );
    stage(
        "end-to-end tests (Playwright)",
        Engine::Chromium,
        &mut || {
            need_browsers()?;
            e2e_tests(&mut site)
        },
    );

    // Firefox: apt's firefox-esr and a pinned geckodriver, installed by the first stage
    // that needs them (so a cold install shows in that stage's time).
    let mut firefox: Option<std::result::Result<std::path::PathBuf, String>> = None;
    let mut need_firefox = || -> Result<std::path::PathBuf> {
        let found = firefox
            .get_or_insert_with(|| tools::ensure_firefox().map_err(|e| format!("{e:#}")))
            .clone();
        let gecko = found.map_err(|msg| anyhow::anyhow!("{msg}"))?;
        println!(
            "Firefox: {}; geckodriver: {}",
            tools::version_of(tools::FIREFOX),
            tools::version_of(&gecko.to_string_lossy())
        );
        Ok(gecko)
    };
    let webkit = tools::ensure_webkit().map_err(|e| format!("{e:#}"));
    let need_webkit = || -> Result<Xvfb> {
        if let Err(msg) = &webkit {
            bail!("{msg}");
        }
        println!(
            "WebKitGTK: {} (MiniBrowser, WebKitWebDriver)",
            tools::debian_version("libwebkit2gtk-4.1-0")
        );
        Xvfb::start()
    };
    stage("wasm tests (Firefox ESR)", Engine::Firefox, &mut || {
        let gecko = need_firefox()?;
        wasm_tests(Runner::Firefox(&gecko))
    });
    stage("wasm tests (WebKitGTK)", Engine::WebKit, &mut || {
        let xvfb = need_webkit()?;
        wasm_tests(Runner::WebKit(xvfb.display()))
    });
    stage(
        "end-to-end smoke (Firefox ESR)",
        Engine::Firefox,
        &mut || {
            let gecko = need_firefox()?;
            let site = served_site(&mut site)?;
            engine_smoke(
                "firefox",
                &site,
                &[
                    ("DD_GECKODRIVER", gecko.to_string_lossy().into_owned()),
                    ("DD_FIREFOX", tools::FIREFOX.to_owned()),
                ],
            )
        },
    );
    stage("end-to-end smoke (WebKitGTK)", Engine::WebKit, &mut || {
        let xvfb = need_webkit()?;
        let site = served_site(&mut site)?;
        engine_smoke(
            "webkit",
            &site,
            &[
                ("DD_WEBKITDRIVER", tools::WEBKIT_DRIVER.to_owned()),
                ("DD_MINIBROWSER", tools::MINIBROWSER.to_owned()),
                ("DISPLAY", xvfb.display().to_owned()),
            ],
        )
    });
    stage("type check (tsc)", Engine::Other, &mut type_check);

    println!("\nsummary:");
    let mut total = Counts::default();
    for o in &outcomes {
        println!(
            "  {:<32} {:<28} {:>7.1}s",
            o.name,
            verdict(o.ok, o.counts),
            o.secs
        );
        total.passed += o.counts.passed;
        total.failed += o.counts.failed;
    }
    println!("per engine:");
    for engine in Engine::ALL {
        let (passed, failed) = outcomes
            .iter()
            .filter(|o| o.engine == engine)
            .fold((0, 0), |(p, f), o| {
                (p + o.counts.passed, f + o.counts.failed)
            });
        let secs: f64 = outcomes
            .iter()
            .filter(|o| o.engine == engine)
            .map(|o| o.secs)
            .sum();
        println!(
            "  {:<32} {passed} passed, {failed} failed {:>22.1}s",
            engine.label(),
            secs
        );
    }
    let all_ok = outcomes.iter().all(|o| o.ok) && total.failed == 0;
    println!("{} passed, {} failed", total.passed, total.failed);
    Ok(all_ok)
}

fn verdict(ok: bool, c: Counts) -> String {
    let word = if ok { "ok" } else { "FAILED" };
    if c.passed == 0 && c.failed <= 1 {
        word.to_string()
    } else {
        format!("{word} ({} passed, {} failed)", c.passed, c.failed)
    }
}

/// A check with no test counts: success counts nothing, failure counts one.
fn lint(mut cmd: Command) -> Result<Counts> {
    let st = process::status(&mut cmd)?;
    Ok(Counts {
        passed: 0,
        failed: u64::from(!st.success()),
    })
}

/// Run a test suite, stream its output, and total its summary lines.
fn suite(mut cmd: Command, parse: fn(&str) -> Option<Counts>) -> Result<Counts> {
    let (st, out) = process::tee(&mut cmd)?;
    let counts = parse(&out).unwrap_or_default();
    if !st.success() && counts.failed == 0 {
        bail!("`{}` failed ({st})", process::show(&cmd));
    }
    if counts.passed + counts.failed == 0 {
        // A suite that silently runs nothing must not look green.
        bail!("no tests ran");
    }
    Ok(counts)
}

/// TypeScript's checker over the page and its tests (`tsconfig.json`: strict `checkJs`),
/// with the `.d.ts` that wasm-bindgen wrote into `pkg/` (built by the end-to-end stage, or
/// here when that stage did not get so far).
fn type_check() -> Result<Counts> {
    let root = paths::root();
    if !root.join("pkg/deepdive.d.ts").is_file() {
        build::run(true)?;
    }
    tools::npm_ci_if_needed()?;
    let tsc = root.join("node_modules/.bin/tsc");
    if !tsc.is_file() {
        bail!("node_modules/.bin/tsc is missing; it must be in package.json (then `npm ci`)");
    }
    let mut cmd = Command::new(tsc);
    cmd.args(["-p", "tsconfig.json"]).current_dir(root);
    lint(cmd)
}

/// Node's test runner over tests/js/: the page's pure modules, no browser.
fn js_unit_tests() -> Result<Counts> {
    let root = paths::root();
    if !process::on_path("node") {
        bail!("node not found; install Node.js 20 or later");
    }
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-reporter=spec", "tests/js/"])
        .current_dir(root);
    suite(cmd, parse_node_results)
}

/// The browser a wasm stage gives wasm-bindgen-test-runner, by the one driver variable set.
enum Runner<'a> {
    /// `CHROMEDRIVER`; `webdriver.json` adds Chromium's flags.
    Chromium,
    /// `GECKODRIVER` at this geckodriver, told Firefox ESR's path; the runner adds `-headless`.
    Firefox(&'a std::path::Path),
    /// `SAFARIDRIVER` at WebKitWebDriver, on this X display. The runner's Safari session asks
    /// for no capabilities, and WebKitWebDriver's default browser is MiniBrowser in
    /// automation mode: the WebKitGTK build of Safari's engine.
    WebKit(&'a str),
}

/// Every variable through which wasm-bindgen-test-runner may choose its browser or change how
/// it starts the driver.
const RUNNER_VARIABLES: &[&str] = &[
    "GECKODRIVER",
    "SAFARIDRIVER",
    "CHROMEDRIVER",
    "MSEDGEDRIVER",
    "GECKODRIVER_REMOTE",
    "SAFARIDRIVER_REMOTE",
    "CHROMEDRIVER_REMOTE",
    "MSEDGEDRIVER_REMOTE",
    "GECKODRIVER_ARGS",
    "SAFARIDRIVER_ARGS",
    "CHROMEDRIVER_ARGS",
    "MSEDGEDRIVER_ARGS",
    "NO_HEADLESS",
];

/// Every `tests/wasm_*.rs` under wasm-bindgen-test-runner, in one browser.
fn wasm_tests(runner: Runner<'_>) -> Result<Counts> {
    let mut names: Vec<String> = std::fs::read_dir(paths::root().join("tests"))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("wasm_") && n.ends_with(".rs"))
        .map(|n| n.trim_end_matches(".rs").to_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        bail!("no tests/wasm_*.rs found");
    }
    tools::ensure_wasm_target()?;
    let bin = tools::wasm_bindgen_bin_dir()?;
    let mut cmd = cargo([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "deepdive",
    ]);
    for name in &names {
        cmd.args(["--test", name]);
    }
    // The runner finds webdriver.json in its working directory, which cargo
    // sets to the package root (the repository root).
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        bin.join("wasm-bindgen-test-runner"),
    );
    // The runner takes a remote driver, then Firefox, then Safari, before Chromium: a driver
    // variable in the user's environment must not move this stage to another browser.
    for name in RUNNER_VARIABLES {
        cmd.env_remove(name);
    }
    match runner {
        Runner::Chromium => {
            cmd.env("CHROMEDRIVER", tools::CHROMEDRIVER);
        }
        Runner::Firefox(gecko) => {
            cmd.env("GECKODRIVER", gecko)
                .env("GECKODRIVER_ARGS", format!("--binary={}", tools::FIREFOX));
        }
        Runner::WebKit(display) => {
            cmd.env("SAFARIDRIVER", tools::WEBKIT_DRIVER)
                .env("DISPLAY", display);
        }
    }
    suite(cmd, parse_cargo_results)
}

/// The site the end-to-end stages test: a release build, the staged bundle (with its offline
/// file) and the in-process server, made by the first stage that asks and kept for the others.
#[derive(Clone)]
struct Site {
    base: String,
    bundle: std::path::PathBuf,
}

impl Site {
    fn offline_file(&self) -> std::path::PathBuf {
        self.bundle.join(crate::offline::FILE_NAME)
    }
}

fn served_site(site: &mut Option<Site>) -> Result<Site> {
    if let Some(site) = site {
        return Ok(site.clone());
    }
    build::run(true)?;
    let bundle = dist::stage()?;
    let port = serve::spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    println!("serving site/ and {} at {base}", bundle.display());
    let made = Site { base, bundle };
    *site = Some(made.clone());
    Ok(made)
}

/// Release build, staged bundle, in-process server, then Node's test runner over tests/e2e/.
fn e2e_tests(site: &mut Option<Site>) -> Result<Counts> {
    let root = paths::root();
    if !root.join("tests/e2e").is_dir() {
        bail!("tests/e2e/ not found");
    }
    if !process::on_path("node") {
        bail!("node not found; install Node.js 20 or later");
    }
    let site = served_site(site)?;
    if !root.join("node_modules/playwright-core").is_dir() {
        bail!(
            "node_modules/playwright-core is missing; it must be in package.json (then `npm ci`)"
        );
    }
    let mut cmd = Command::new("node");
    cmd.args([
        "--test",
        "--test-concurrency=1",
        // A test that hangs fails after ten minutes, and a browser left open by a failed
        // test cannot keep the run (and CI) waiting once the tests are done.
        "--test-timeout=600000",
        "--test-force-exit",
        "--test-reporter=spec",
        "tests/e2e/",
    ])
    .current_dir(root)
    .env("DD_BASE_URL", &site.base)
    .env("DD_BUNDLE", &site.bundle)
    .env("DD_OFFLINE_FILE", site.offline_file())
    .env("DD_CHROMIUM", tools::CHROMIUM);
    suite(cmd, parse_node_results)
}

/// Node's test runner over tests/engines/ in one engine (`firefox` or `webkit`), over
/// W3C WebDriver with selenium-webdriver; `env` names the driver and browser binaries.
fn engine_smoke(engine: &str, site: &Site, env: &[(&str, String)]) -> Result<Counts> {
    let root = paths::root();
    if !process::on_path("node") {
        bail!("node not found; install Node.js 20 or later");
    }
    if !root.join("node_modules/selenium-webdriver").is_dir() {
        bail!("node_modules/selenium-webdriver is missing; it must be in package.json (then `npm ci`)");
    }
    let mut cmd = Command::new("node");
    cmd.args([
        "--test",
        "--test-concurrency=1",
        "--test-timeout=600000",
        "--test-force-exit",
        "--test-reporter=spec",
        "tests/engines/",
    ])
    .current_dir(root)
    .env("DD_ENGINE", engine)
    .env("DD_BASE_URL", &site.base)
    .env("DD_OFFLINE_FILE", site.offline_file());
    for (name, value) in env {
        cmd.env(name, value);
    }
    suite(cmd, parse_node_results)
}

/// Sum every `test result: ok. N passed; M failed; ...` line (cargo's test
/// harness, doc tests and wasm-bindgen-test all print one per binary).
fn parse_cargo_results(out: &str) -> Option<Counts> {
    let mut total: Option<Counts> = None;
    for line in out.lines() {
        let Some((_, rest)) = line.split_once("test result:") else {
            continue;
        };
        let sum = total.get_or_insert_with(Counts::default);
        for part in rest.split(['.', ';']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(what)) = (words.next(), words.next()) {
                let Ok(n) = n.parse::<u64>() else { continue };
                match what {
                    "passed" => sum.passed += n,
                    "failed" => sum.failed += n,
                    _ => {}
                }
            }
        }
    }
    total
}

/// Node's test runner summary: `ℹ pass N`, `ℹ fail N`, `ℹ cancelled N`
/// (spec reporter) or `# pass N` ... (TAP). Cancelled tests count as failed.
fn parse_node_results(out: &str) -> Option<Counts> {
    let (mut pass, mut fail, mut cancelled) = (None, 0, 0);
    for line in out.lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix("ℹ ").or_else(|| line.strip_prefix("# ")) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(what), Some(n), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match what {
            "pass" => pass = Some(n),
            "fail" => fail = n,
            "cancelled" => cancelled = n,
            _ => {}
        }
    }
    pass.map(|passed| Counts {
        passed,
        failed: fail + cancelled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_results() {
        let out = "\
running 3 tests
test a ... ok
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

test result: FAILED. 10 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.20s
   Doc-tests deepdive
test result: ok. 0 passed; 0 failed; 0 ignored; 0 filtered out
";
        assert_eq!(
            parse_cargo_results(out),
            Some(Counts {
                passed: 13,
                failed: 2
            })
        );
        assert_eq!(parse_cargo_results("error[E0425]: cannot find value"), None);
    }

    #[test]
    fn reads_node_summary() {
        let spec = "\
✔ loads the page (120.5ms)
✖ picks a date (30ms)
ℹ tests 5
ℹ suites 1
ℹ pass 4
ℹ fail 1
ℹ cancelled 0
ℹ skipped 0
ℹ todo 0
ℹ duration_ms 2345.6
";
        assert_eq!(
            parse_node_results(spec),
            Some(Counts {
                passed: 4,
                failed: 1
            })
        );
        let tap = "ok 1 - a\n# tests 2\n# pass 1\n# fail 0\n# cancelled 1\n";
        assert_eq!(
            parse_node_results(tap),
            Some(Counts {
                passed: 1,
                failed: 1
            })
        );
        assert_eq!(parse_node_results("Error: Cannot find module"), None);
    }
}
