//! `cargo xtask build [--release]`: compile the core to wasm and generate
//! `pkg/` (`deepdive.js`, `deepdive_bg.wasm`, `.d.ts`) for the page, and
//! `pkg/xlsx/`, the same with the `.xlsx` reader, loaded only for workbooks.
//!
//! Release builds are then shrunk with npm binaryen's `wasm-opt`, and the
//! result is checked with Node (same exports, no new imports, still
//! instantiates) before it replaces the wasm-bindgen output.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use flate2::{write::GzEncoder, Compression};

use crate::paths;
use crate::process::{self, cargo};
use crate::tools;

/// `wasm-opt` flags. The `--enable-*` list matches the features rustc's
/// wasm32-unknown-unknown target turns on by default
/// (`rustc --print cfg --target wasm32-unknown-unknown`); without them
/// wasm-opt rejects or mangles the module (wasm-bindgen uses externref when
/// reference-types is on). `--enable-simd` matches `+simd128`, which
/// `.cargo/config.toml` turns on for the four-lane ticket hashing.
pub const WASM_OPT_FLAGS: &[&str] = &[
    "-Os",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-simd",
    "--strip-debug",
    "--strip-producers",
];

/// The two packages: the everyday one in `pkg/` (no workbook reader), and the whole
/// crate with the `.xlsx` reader in `pkg/xlsx/`, which the page loads only when a
/// workbook is opened (calamine would more than double the everyday download).
const PACKAGES: &[(&str, &[&str])] = &[
    ("", &["--no-default-features"]),
    ("xlsx", &["--features", "xlsx"]),
];

/// Build `pkg/` and `pkg/xlsx/`. Release builds are optimised with wasm-opt when available.
pub fn run(release: bool) -> Result<()> {
    tools::npm_ci_if_needed()?;
    tools::ensure_wasm_target()?;

    let profile = if release { "release" } else { "debug" };
    let bin = tools::wasm_bindgen_bin_dir()?;
    let pkg = paths::pkg();
    // Start clean so no stale snippets or files linger.
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("removing {}", pkg.display()))?;
    }
    let mut outputs = Vec::new();
    for (sub, features) in PACKAGES {
        let mut build = cargo([
            "build",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "-p",
            "deepdive",
        ]);
        build.args(*features);
        if release {
            build.arg("--release");
        }
        process::run(&mut build).context("compiling deepdive for wasm32 failed")?;

        let wasm = paths::target_dir()?
            .join("wasm32-unknown-unknown")
            .join(profile)
            .join("deepdive.wasm");
        if !wasm.is_file() {
            bail!(
                "{} was not produced; is deepdive's crate-type [\"cdylib\", ...]?",
                wasm.display()
            );
        }
        let out = if sub.is_empty() {
            pkg.clone()
        } else {
            pkg.join(sub)
        };
        let mut bindgen = Command::new(bin.join("wasm-bindgen"));
        bindgen
            .args(["--target", "web", "--out-name", "deepdive", "--out-dir"])
            .arg(&out)
            .arg(&wasm);
        process::run(&mut bindgen).context("wasm-bindgen failed")?;

        let out_wasm = out.join("deepdive_bg.wasm");
        if release {
            optimise(&out_wasm)?;
        }
        outputs.push(out);
    }

    println!("pkg/ ({profile}):");
    for out in &outputs {
        report_size(&out.join("deepdive_bg.wasm"))?;
        report_size(&out.join("deepdive.js"))?;
    }
    let everyday: u64 = ["deepdive_bg.wasm", "deepdive.js"]
        .iter()
        .map(|f| {
            fs::read(pkg.join(f))
                .map_err(anyhow::Error::from)
                .and_then(|b| gzip_len(&b))
        })
        .sum::<Result<u64>>()?;
    println!(
        "  everyday download (pkg/ wasm + JS): {} bytes gzipped",
        thousands(everyday)
    );
    Ok(())
}

/// Shrink `wasm` in place with npm binaryen's wasm-opt. Missing wasm-opt or
/// a failed check leaves the wasm-bindgen output untouched, with a note.
fn optimise(wasm: &Path) -> Result<()> {
    let Some((wasm_opt, version)) = tools::wasm_opt() else {
        println!(
            "note: node_modules/.bin/wasm-opt not found (npm package `binaryen`; run `npm ci`); \
             leaving the wasm unoptimised"
        );
        return Ok(());
    };
    println!("optimising with {version}");
    let optimised = wasm.with_extension("opt.wasm");
    let mut cmd = Command::new(&wasm_opt);
    cmd.args(WASM_OPT_FLAGS).arg(wasm).arg("-o").arg(&optimised);
    if let Err(err) = process::run(&mut cmd) {
        let _ = fs::remove_file(&optimised);
        println!("warning: {err:#}; leaving the wasm unoptimised");
        return Ok(());
    }
    let glue = wasm.with_file_name("deepdive.js");
    if let Err(err) = check_optimised(wasm, &optimised, &glue) {
        let _ = fs::remove_file(&optimised);
        println!("warning: wasm-opt output rejected: {err:#}; leaving the wasm unoptimised");
        return Ok(());
    }
    let before = fs::metadata(wasm)?.len();
    fs::rename(&optimised, wasm).context("replacing the wasm with the optimised one")?;
    let after = fs::metadata(wasm)?.len();
    println!(
        "wasm-opt: {} -> {} bytes",
        thousands(before),
        thousands(after)
    );
    Ok(())
}

/// Check the optimised module with Node: `after` must export exactly what
/// `before` does and import nothing new (wasm-opt may drop unused imports);
/// and if the wasm-bindgen glue can instantiate `before` outside a browser,
/// it must instantiate `after` too.
fn check_optimised(before: &Path, after: &Path, glue: &Path) -> Result<()> {
    const CHECK: &str = r#"
import fs from "node:fs";
import { pathToFileURL } from "node:url";
const { XTASK_BEFORE: before, XTASK_AFTER: after, XTASK_GLUE: glue } = process.env;
const face = (p) => {
  const m = new WebAssembly.Module(fs.readFileSync(p));
  const key = (d) => `${d.module ?? ""}/${d.name}:${d.kind}`;
  return {
    imports: new Set(WebAssembly.Module.imports(m).map(key)),
    exports: new Set(WebAssembly.Module.exports(m).map(key)),
  };
};
const a = face(before), b = face(after);
const problems = [];
for (const e of a.exports) if (!b.exports.has(e)) problems.push(`lost export ${e}`);
for (const e of b.exports) if (!a.exports.has(e)) problems.push(`new export ${e}`);
for (const i of b.imports) if (!a.imports.has(i)) problems.push(`new import ${i}`);
if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
// A query string gives each import its own module instance.
const init = async (tag, wasm) =>
  (await import(`${pathToFileURL(glue)}?${tag}`)).initSync({ module: fs.readFileSync(wasm) });
let baseline = true;
try { await init("before", before); } catch { baseline = false; }
if (baseline) await init("after", after);
"#;
    if !process::on_path("node") {
        bail!("node not found, cannot check the optimised module");
    }
    let out = Command::new("node")
        .args(["--input-type=module", "-e", CHECK])
        .env("XTASK_BEFORE", before)
        .env("XTASK_AFTER", after)
        .env("XTASK_GLUE", glue)
        .stdin(std::process::Stdio::null())
        .output()
        .context("could not run node")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Print a file's raw and gzipped size.
fn report_size(path: &Path) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.strip_prefix(paths::root()).unwrap_or(path);
    println!(
        "  {:<24} {:>10} bytes, {:>9} gzipped",
        name.display(),
        thousands(bytes.len() as u64),
        thousands(gzip_len(&bytes)?)
    );
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len() as u64)
}

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn gzip_shrinks_repetition() {
        let data = vec![b'a'; 10_000];
        assert!(gzip_len(&data).unwrap() < 100);
    }
}
