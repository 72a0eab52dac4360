//! External programs: find them, or install them where that is safe.
//!
//! * the `wasm32-unknown-unknown` rustup target;
//! * the wasm-bindgen CLI, at exactly the version in `Cargo.lock`, installed
//!   under `<target>/tools/wasm-bindgen-<ver>/bin/`;
//! * `wasm-opt` from npm's `binaryen` only (`node_modules/.bin/wasm-opt`):
//!   older system builds (e.g. Debian's binaryen 108) silently break
//!   wasm-bindgen output, so `PATH` is never searched;
//! * `npm ci` when `node_modules` is missing or stale;
//! * Chromium and chromedriver for the browser tests; Firefox ESR, WebKitGTK's
//!   WebKitWebDriver (with MiniBrowser) and Xvfb for the other engines, from apt;
//! * geckodriver, at the version pinned here, installed under
//!   `<target>/tools/geckodriver-<ver>/bin/`;
//! * cargo-fuzz, at the version pinned here, installed under
//!   `<target>/tools/cargo-fuzz-<ver>/bin/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::paths;
use crate::process::{self, cargo};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The cargo-fuzz release `cargo xtask fuzz` installs (the newest on crates.io when
/// pinned); bump it here.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The geckodriver release the Firefox stages install (the newest when pinned); bump it here.
pub const GECKODRIVER_VERSION: &str = "0.37.1";

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
/// The browser WebKitWebDriver starts (its default, named in the smoke's capabilities too).
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
pub const XVFB: &str = "/usr/bin/Xvfb";

/// `rustup target add wasm32-unknown-unknown` unless already installed.
pub fn ensure_wasm_target() -> Result<()> {
    let installed =
        match process::output(Command::new("rustup").args(["target", "list", "--installed"])) {
            Ok(list) => list,
            Err(_) => {
                // No rustup (e.g. a distro toolchain): let cargo report it if the target is missing.
                println!("note: rustup not found; assuming the {WASM_TARGET} target is available");
                return Ok(());
            }
        };
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The exact `wasm-bindgen` version pinned in `Cargo.lock`.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = paths::root().join("Cargo.lock");
    if !lock.exists() {
        process::run(&mut cargo(["generate-lockfile"]))?;
    }
    let text = fs::read_to_string(&lock).with_context(|| format!("reading {}", lock.display()))?;
    match version_in_lock(&text, "wasm-bindgen") {
        Some(v) => Ok(v),
        None => bail!("Cargo.lock has no `wasm-bindgen` package; is it a dependency of deepdive?"),
    }
}

/// The `version` of the `[[package]]` named `name` in a Cargo.lock.
fn version_in_lock(lock: &str, name: &str) -> Option<String> {
    let quoted = |line: &str, key: &str| -> Option<String> {
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some(rest.trim_matches('"').to_string())
    };
    let mut in_match = false;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            in_match = false;
        } else if let Some(n) = quoted(line, "name") {
            in_match = n == name;
        } else if in_match {
            if let Some(v) = quoted(line, "version") {
                return Some(v);
            }
        }
    }
    None
}

/// The directory holding `wasm-bindgen` and `wasm-bindgen-test-runner` of the
/// version in `Cargo.lock`, installing them with `cargo install` if missing.
pub fn wasm_bindgen_bin_dir() -> Result<PathBuf> {
    let version = wasm_bindgen_version()?;
    let root = paths::target_dir()?
        .join("tools")
        .join(format!("wasm-bindgen-{version}"));
    let bin = root.join("bin");
    let exe = bin.join("wasm-bindgen");
    let runner = bin.join("wasm-bindgen-test-runner");
    if !(exe.is_file() && runner.is_file()) {
        println!(
            "installing wasm-bindgen-cli {version} into {} (a few minutes, once)",
            root.display()
        );
        // Not `--locked`: one of the CLI's pinned dependencies is absent from
        // the registry mirror, so let cargo resolve compatible versions.
        let mut install = cargo([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--root",
        ]);
        install.arg(&root);
        process::run(&mut install).context("installing wasm-bindgen-cli failed")?;
    }
    let reported = process::output(Command::new(&exe).arg("--version"))?;
    if !reported.split_whitespace().any(|w| w == version) {
        bail!(
            "{} reports `{}`, expected {version}; delete {} and retry",
            exe.display(),
            reported.trim(),
            root.display()
        );
    }
    Ok(bin)
}

/// The `cargo-fuzz` binary of [`CARGO_FUZZ_VERSION`], installed with
/// `cargo install --locked` under the target directory if missing (CI caches it there).
pub fn cargo_fuzz() -> Result<PathBuf> {
    let root = paths::target_dir()?
        .join("tools")
        .join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"));
    let exe = root.join("bin").join("cargo-fuzz");
    if !exe.is_file() {
        println!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} (a few minutes, once)",
            root.display()
        );
        let mut install = cargo([
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
            "--root",
        ]);
        install.arg(&root);
        process::run(&mut install).context("installing cargo-fuzz failed")?;
    }
    Ok(exe)
}

/// npm's binaryen `wasm-opt`, if installed (never one from `PATH`).
pub fn wasm_opt() -> Option<(PathBuf, String)> {
    let exe = paths::root().join("node_modules/.bin/wasm-opt");
    if !exe.exists() {
        return None;
    }
    let version = process::output(Command::new(&exe).arg("--version")).ok()?;
    Some((exe, version.trim().to_string()))
}

/// Run `npm ci` if `node_modules` is missing or older than `package-lock.json`.
/// Missing npm or a missing lock file is a note, not an error.
pub fn npm_ci_if_needed() -> Result<()> {
    let root = paths::root();
    let lock = root.join("package-lock.json");
    if !root.join("package.json").exists() || !lock.exists() {
        println!("note: no package.json/package-lock.json yet; skipping `npm ci` (no wasm-opt, no Playwright)");
        return Ok(());
    }
    if !process::on_path("npm") {
        println!("note: npm not found; skipping `npm ci` (install Node.js 20+ for wasm-opt and the end-to-end tests)");
        return Ok(());
    }
    // npm ci writes node_modules/.package-lock.json last, so its age tells
    // when node_modules was last fully installed; without it (an emptied or
    // half-made node_modules) the install is done again.
    let installed = mtime(&root.join("node_modules/.package-lock.json"));
    let wanted = mtime(&lock);
    let fresh = matches!((installed, wanted), (Some(i), Some(w)) if i >= w);
    if fresh {
        return Ok(());
    }
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root);
    process::run(&mut cmd).context("`npm ci` failed")
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Make sure Chromium and chromedriver exist, installing them with apt when
/// running as root on Debian; otherwise explain what to install.
pub fn ensure_chromium() -> Result<()> {
    ensure_apt(&[(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")])
}

/// Firefox ESR (from apt) and geckodriver (from `cargo install`); returns geckodriver's path.
pub fn ensure_firefox() -> Result<PathBuf> {
    ensure_apt(&[(FIREFOX, "firefox-esr")])?;
    geckodriver()
}

/// WebKitGTK's WebDriver and MiniBrowser, and Xvfb for MiniBrowser's display (from apt).
pub fn ensure_webkit() -> Result<()> {
    ensure_apt(&[
        (WEBKIT_DRIVER, "webkit2gtk-driver"),
        (MINIBROWSER, "webkit2gtk-driver"),
        (XVFB, "xvfb"),
    ])
}

/// Make sure each file exists, installing the packages of the missing ones with apt when
/// running as root on Debian; otherwise explain what to install.
fn ensure_apt(files: &[(&str, &str)]) -> Result<()> {
    let missing = || -> Vec<&str> {
        let mut packages: Vec<&str> = files
            .iter()
            .filter(|(file, _)| !Path::new(file).exists())
            .map(|(_, package)| *package)
            .collect();
        packages.sort_unstable();
        packages.dedup();
        packages
    };
    let packages = missing();
    if packages.is_empty() {
        return Ok(());
    }
    let list = packages.join(" ");
    let debian = Path::new("/etc/debian_version").exists();
    let root = process::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0");
    if !(debian && root) {
        bail!(
            "missing {}; install the packages `{list}` (e.g. `sudo apt-get install {list}`)",
            files
                .iter()
                .filter(|(f, _)| !Path::new(f).exists())
                .map(|(f, _)| *f)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!("installing {list} with apt-get");
    let apt = |args: &[&str]| {
        let mut cmd = Command::new("apt-get");
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        process::run(&mut cmd)
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend(&packages);
    apt(&install)?;
    let still = missing();
    if !still.is_empty() {
        bail!(
            "apt-get installed {list} but files of {} are still missing",
            still.join(" ")
        );
    }
    Ok(())
}

/// The `geckodriver` binary of [`GECKODRIVER_VERSION`], installed with
/// `cargo install --locked` under the target directory if missing (CI caches it there).
pub fn geckodriver() -> Result<PathBuf> {
    let root = paths::target_dir()?
        .join("tools")
        .join(format!("geckodriver-{GECKODRIVER_VERSION}"));
    let exe = root.join("bin").join("geckodriver");
    if !exe.is_file() {
        println!(
            "installing geckodriver {GECKODRIVER_VERSION} into {} (a few minutes, once)",
            root.display()
        );
        let mut install = cargo([
            "install",
            "geckodriver",
            "--version",
            GECKODRIVER_VERSION,
            "--locked",
            "--root",
        ]);
        install.arg(&root);
        process::run(&mut install).context("installing geckodriver failed")?;
    }
    Ok(exe)
}

/// The first line a program prints for `--version` (or `unknown`), for the run's record of
/// which browser and driver versions were tested.
pub fn version_of(program: &str) -> String {
    process::output(Command::new(program).arg("--version"))
        .ok()
        .and_then(|out| out.lines().next().map(|l| l.trim().to_owned()))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The installed version of a Debian package (e.g. `libwebkit2gtk-4.1-0`), or `unknown`.
pub fn debian_version(package: &str) -> String {
    process::output(Command::new("dpkg-query").args(["-W", "-f", "${Version}", package]))
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::version_in_lock;

    #[test]
    fn finds_exact_package_version() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-backend"
version = "0.2.100"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://example.invalid/index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-shared"
version = "0.2.131"
"#;
        assert_eq!(
            version_in_lock(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            version_in_lock(lock, "wasm-bindgen-shared").as_deref(),
            Some("0.2.131")
        );
        assert_eq!(version_in_lock(lock, "js-sys"), None);
    }
}
