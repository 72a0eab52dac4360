//! `cargo xtask dist`: the release bundle a site drops in, and [`stage`], which writes its
//! folder for `cargo xtask serve` and the end-to-end tests (what we test is what we ship).
//!
//! ```text
//! dist/deepdive-<version>/        the folder a site serves (www/'s module layout, pkg/ inside)
//!   README.md CHANGELOG.md LICENSE package.json SHA256SUMS
//!   deepdive.css deepdive-full.css wasm.mjs dom.mjs define.mjs govuk/ timetable/ frameworks/
//!   sampler/ consultation/ responses/ workers/ examples/ pkg/ pkg/xlsx/
//! dist/deepdive-<version>.zip     the folder, zipped (one top-level folder)
//! dist/deepdive-<version>.tgz     `npm pack` of the folder's package.json
//! ```
//!
//! The version is deepdive's `[package] version` in Cargo.toml, so a cache never mixes two
//! versions' files. The stylesheets are compiled here from `www/styles/` (nothing compiled is
//! committed). `SHA256SUMS` lists every file but itself, in `sha256sum -c` format; the bundle's
//! README gives the Subresource Integrity (sha384) value of each file a page links.

use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::{build, paths, process, tools};

/// The package files each wasm package folder ships (wasm-bindgen writes more: the wasm's own
/// `.d.ts`, which a site does not need).
const PKG_FILES: &[&str] = &["deepdive.js", "deepdive_bg.wasm", "deepdive.d.ts"];

/// The element modules: (npm export name, module path in the bundle, tag).
pub const ELEMENTS: &[(&str, &str, &str)] = &[
    ("timetable", "timetable/dd-timetable.mjs", "dd-timetable"),
    (
        "frameworks",
        "frameworks/dd-frameworks.mjs",
        "dd-frameworks",
    ),
    ("sampler", "sampler/dd-sampler.mjs", "dd-sampler"),
    (
        "consultation",
        "consultation/dd-consultation.mjs",
        "dd-consultation",
    ),
    ("responses", "responses/dd-responses.mjs", "dd-responses"),
];

/// The stylesheets: (compiled name, Sass source under `www/styles/`).
const STYLESHEETS: &[(&str, &str)] = &[
    ("deepdive.css", "deepdive.scss"),
    ("deepdive-full.css", "deepdive-full.scss"),
];

/// `cargo xtask dist`: release build, stage, zip, npm pack; prints each file's size.
pub fn run() -> Result<()> {
    build::run(true)?;
    let dir = stage()?;
    let version = version()?;
    let dist = paths::dist();
    let zip_path = dist.join(format!("deepdive-{version}.zip"));
    write_zip(&dir, &zip_path)?;
    let tgz = npm_pack(&dir, &dist)?;
    println!("\n{}:", dir.display());
    for file in files_under(&dir)? {
        let len = fs::metadata(dir.join(&file))?.len();
        println!("  {:>10}  {file}", build::thousands(len));
    }
    for path in [&zip_path, &tgz] {
        println!(
            "{:>12}  {}",
            build::thousands(fs::metadata(path)?.len()),
            path.display()
        );
    }
    Ok(())
}

/// deepdive's version: the `version` of Cargo.toml's `[package]` table.
pub fn version() -> Result<String> {
    let toml =
        fs::read_to_string(paths::root().join("Cargo.toml")).context("reading Cargo.toml")?;
    package_version(&toml).context("Cargo.toml has no [package] version")
}

/// The `version = "…"` line of the `[package]` table of a Cargo.toml.
fn package_version(toml: &str) -> Option<String> {
    let mut in_package = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("version") {
                let value = rest.trim_start().strip_prefix('=')?.trim();
                return Some(value.strip_prefix('"')?.strip_suffix('"')?.to_owned());
            }
        }
    }
    None
}

/// The bundle's folder, `dist/deepdive-<version>/`.
pub fn bundle_dir() -> Result<PathBuf> {
    Ok(paths::dist().join(format!("deepdive-{}", version()?)))
}

/// Writes the bundle's folder from `www/`, the built `pkg/` (which must exist: run
/// `build::run` first), the compiled stylesheets and the root's CHANGELOG.md and LICENSE;
/// returns it. No zip and no npm pack.
pub fn stage() -> Result<PathBuf> {
    let version = version()?;
    let dir = bundle_dir()?;
    let root = paths::root();
    if !paths::pkg().join("deepdive_bg.wasm").is_file() {
        bail!("pkg/ is not built: run `cargo xtask build --release` first");
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    // www/'s modules, workers and examples; its Sass sources compile to two files instead.
    copy_tree(&paths::www(), &dir, &|rel| rel != Path::new("styles"))?;
    for sub in ["", "xlsx"] {
        let (from, to) = (paths::pkg().join(sub), dir.join("pkg").join(sub));
        fs::create_dir_all(&to)?;
        for name in PKG_FILES {
            copy(&from.join(name), &to.join(name))?;
        }
        // wasm-bindgen's inline JavaScript, if any import ever needs some.
        if from.join("snippets").is_dir() {
            copy_tree(&from.join("snippets"), &to.join("snippets"), &|_| true)?;
        }
    }
    compile_css(&dir)?;
    for name in ["CHANGELOG.md", "LICENSE"] {
        copy(&root.join(name), &dir.join(name))?;
    }
    extras(&dir)?;
    fs::write(dir.join("package.json"), package_json(&version, &dir)?)?;
    fs::write(dir.join("README.md"), readme(&version, &dir)?)?;
    fs::write(dir.join("SHA256SUMS"), sha256sums(&dir)?)?;
    println!("staged {}", dir.display());
    Ok(dir)
}

/// Files other helpers add to the bundle before its package.json, README and SHA256SUMS are
/// written (so the sums cover them).
fn extras(dir: &Path) -> Result<()> {
    crate::offline::write(dir)?;
    Ok(())
}

/// Copies the tree `from` into `to`, skipping the relative paths `keep` refuses (a refused
/// folder is skipped whole).
fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
    fn walk(base: &Path, dir: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
        let mut entries = fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .collect::<std::io::Result<Vec<_>>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let rel = path.strip_prefix(base)?;
            if !keep(rel) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                fs::create_dir_all(to.join(rel))?;
                walk(base, &path, to, keep)?;
            } else if kind.is_file() {
                copy(&path, &to.join(rel))?;
            } else {
                bail!("{} is neither a file nor a folder", path.display());
            }
        }
        Ok(())
    }
    fs::create_dir_all(to)?;
    walk(from, from, to, keep)
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))
}

/// Compiles `www/styles/deepdive.scss` and `deepdive-full.scss` with the installed sass.
fn compile_css(dir: &Path) -> Result<()> {
    tools::npm_ci_if_needed()?;
    let root = paths::root();
    let sass = root.join("node_modules/sass/sass.js");
    if !sass.is_file() {
        bail!("node_modules/sass is missing; it is in package.json (run `npm ci`)");
    }
    for (css, scss) in STYLESHEETS {
        let mut cmd = Command::new("node");
        cmd.arg(&sass)
            .args([
                "--no-source-map",
                "--style=compressed",
                "--quiet-deps",
                "--load-path=node_modules",
            ])
            .arg(Path::new("www/styles").join(scss))
            .arg(dir.join(css))
            .current_dir(root);
        process::run(&mut cmd).with_context(|| format!("compiling www/styles/{scss}"))?;
    }
    Ok(())
}

/// Every file under `dir`, as sorted `/`-separated relative paths.
pub fn files_under(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path.strip_prefix(base)?;
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// `SHA256SUMS` of every file under `dir` but itself, as `sha256sum -c` reads it.
fn sha256sums(dir: &Path) -> Result<String> {
    let mut out = String::new();
    for file in files_under(dir)? {
        if file == "SHA256SUMS" {
            continue;
        }
        let bytes = fs::read(dir.join(&file))?;
        writeln!(out, "{}  {file}", hex(&Sha256::digest(&bytes)))?;
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A Subresource Integrity value: `sha384-` and the base64 of the SHA-384 digest.
pub fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The files a page links directly, which take an `integrity` attribute.
fn linked_files() -> Vec<&'static str> {
    let mut files: Vec<&str> = STYLESHEETS.iter().map(|(css, _)| *css).collect();
    files.extend(ELEMENTS.iter().map(|(_, module, _)| *module));
    files
}

/// The bundle's package.json: one export per element module and stylesheet, and `files`
/// naming what the folder holds (so nothing else can slip into the package).
fn package_json(version: &str, dir: &Path) -> Result<String> {
    let mut exports = serde_json::Map::new();
    for (name, module, _) in ELEMENTS {
        exports.insert(format!("./{name}"), format!("./{module}").into());
    }
    for (css, _) in STYLESHEETS {
        exports.insert(format!("./{css}"), format!("./{css}").into());
    }
    exports.insert("./package.json".into(), "./package.json".into());
    let mut files: Vec<String> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "package.json" {
            continue;
        }
        files.push(if entry.file_type()?.is_dir() {
            format!("{name}/")
        } else {
            name
        });
    }
    // Written after package.json, and in the package too.
    files.extend(["README.md".into(), "SHA256SUMS".into()]);
    files.sort();
    files.dedup();
    let json = serde_json::json!({
        "name": "deepdive",
        "version": version,
        "description": "Deep Dive's custom elements (timetables, frameworks, case sampling, consultations, response analysis) with their WebAssembly packages and stylesheets, ready to serve.",
        "license": "MIT",
        "type": "module",
        "exports": exports,
        "files": files,
        "sideEffects": ["*.css", "./*/dd-*.mjs"],
    });
    Ok(serde_json::to_string_pretty(&json)? + "\n")
}

/// The bundle's README: what the folder is, how to check it, and the snippet with the
/// Subresource Integrity values of the files a page links.
fn readme(version: &str, dir: &Path) -> Result<String> {
    let folder = format!("deepdive-{version}");
    let mut table = String::new();
    for file in linked_files() {
        let bytes = fs::read(dir.join(file)).with_context(|| format!("reading {file}"))?;
        writeln!(table, "| `{file}` | `{}` |", sri(&bytes))?;
    }
    let css = sri(&fs::read(dir.join("deepdive.css"))?);
    let timetable = sri(&fs::read(dir.join("timetable/dd-timetable.mjs"))?);
    // Built apart: a `\` line continuation would eat the indentation.
    let snippet = format!(
        "<link rel=\"stylesheet\" href=\"/{folder}/deepdive.css\"\n      \
         integrity=\"{css}\" crossorigin=\"anonymous\">\n\
         <script type=\"module\" src=\"/{folder}/timetable/dd-timetable.mjs\"\n        \
         integrity=\"{timetable}\" crossorigin=\"anonymous\"></script>\n\
         <dd-timetable></dd-timetable>\n"
    );
    Ok(format!(
        "# Deep Dive {version}\n\
\n\
This folder is what a site serves to embed Deep Dive's elements: the element modules, their\n\
workers, the WebAssembly packages (`pkg/`, and `pkg/xlsx/` for workbooks), the example data and\n\
two stylesheets. Serve it as it is, at a path that names the version (`/{folder}/`), so a\n\
cache never mixes two versions' files. `CHANGELOG.md` says what changed.\n\
\n\
## Check the files\n\
\n\
```sh\n\
cd {folder} && sha256sum -c SHA256SUMS\n\
```\n\
\n\
## Embed an element\n\
\n\
On a page that already has GOV.UK Frontend's CSS (5.x or 6.x), link `deepdive.css` and one\n\
element module; on a page without it, link `deepdive-full.css` instead (GOV.UK Frontend set up\n\
with Arial, plus Deep Dive's rules).\n\
\n\
<!-- snippet -->\n\
```html\n\
{snippet}\
```\n\
<!-- /snippet -->\n\
\n\
The page needs a Content-Security-Policy that allows WebAssembly:\n\
`script-src 'self' 'wasm-unsafe-eval'` (no `'unsafe-inline'`, no `'unsafe-eval'`). The\n\
headers `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:\n\
require-corp` are optional: with them the page is cross-origin isolated, and the sampler's\n\
second worker hashes a draw's records in memory it shares with the first while that one\n\
draws; without them everything works the same, a little more slowly.\n\
\n\
## Subresource Integrity\n\
\n\
| File | `integrity` |\n\
|---|---|\n\
{table}\
\n\
An `integrity` attribute covers only the file it is on. The modules an element module\n\
imports (its own parts, `wasm.mjs`, `pkg/deepdive.js`), its workers and the `.wasm` files are\n\
fetched by the browser without one: browsers do not check integrity for nested module\n\
imports. `SHA256SUMS` covers every file; check it when you install the folder.\n"
    ))
}

/// Zips `dir` into `out`, every entry under the folder's own name, with fixed timestamps (the
/// same files give the same zip).
fn write_zip(dir: &Path, out: &Path) -> Result<()> {
    let name = dir
        .file_name()
        .context("the bundle folder has no name")?
        .to_string_lossy()
        .into_owned();
    let file = fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for rel in files_under(dir)? {
        zip.start_file(format!("{name}/{rel}"), options)?;
        let mut bytes = Vec::new();
        fs::File::open(dir.join(&rel))?.read_to_end(&mut bytes)?;
        zip.write_all(&bytes)?;
    }
    zip.finish()?;
    Ok(())
}

/// `npm pack` of the bundle's package.json into `dist/`; returns the tarball's path.
fn npm_pack(dir: &Path, dist: &Path) -> Result<PathBuf> {
    let mut cmd = Command::new("npm");
    cmd.args(["pack", "--silent", "--pack-destination"])
        .arg(dist)
        .current_dir(dir);
    let out = process::output(&mut cmd).context("`npm pack` failed")?;
    let name = out
        .lines()
        .rev()
        .find(|l| l.trim().ends_with(".tgz"))
        .context("`npm pack` named no tarball")?;
    Ok(dist.join(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_version() {
        let cases = [
            (
                "[package]\nname = \"d\"\nversion = \"0.2.0\"\n",
                Some("0.2.0"),
            ),
            (
                "[workspace]\nversion = \"9\"\n[package]\nversion=\"1.0.0\"\n",
                Some("1.0.0"),
            ),
            ("[dependencies]\nversion = \"1\"\n", None),
            ("[package]\nname = \"d\"\n", None),
        ];
        for (toml, want) in cases {
            assert_eq!(package_version(toml).as_deref(), want, "{toml}");
        }
    }

    #[test]
    fn sri_matches_known_values() {
        // The example of the Subresource Integrity specification's guide (MDN), and the
        // empty input's SHA-384.
        let cases: [(&[u8], &str); 2] = [
            (
                b"alert('Hello, world.');",
                "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO",
            ),
            (
                b"",
                "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(sri(input), want);
        }
    }

    /// A folder of files, its SHA256SUMS written, then checked by `sha256sum -c` (when the
    /// machine has it) and its lines compared with known digests.
    #[test]
    fn sha256sums_verify_with_sha256sum() {
        let dir = std::env::temp_dir().join(format!("xtask-sums-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        fs::write(dir.join("a.txt"), "abc").unwrap();
        fs::write(dir.join("sub/deeper/empty"), "").unwrap();
        fs::write(dir.join("SHA256SUMS"), "stale").unwrap();
        let sums = sha256sums(&dir).unwrap();
        assert_eq!(
            sums,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  sub/deeper/empty\n"
        );
        fs::write(dir.join("SHA256SUMS"), &sums).unwrap();
        if process::on_path("sha256sum") {
            let ok = Command::new("sha256sum")
                .args(["-c", "--strict", "SHA256SUMS"])
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(ok.status.success(), "{ok:?}");
            fs::write(dir.join("a.txt"), "abd").unwrap();
            let bad = Command::new("sha256sum")
                .args(["-c", "SHA256SUMS"])
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(!bad.status.success(), "a changed file must fail the check");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn zip_holds_every_file_under_the_folder_name() {
        let base = std::env::temp_dir().join(format!("xtask-zip-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let dir = base.join("deepdive-9.9.9");
        fs::create_dir_all(dir.join("pkg")).unwrap();
        fs::write(dir.join("README.md"), "hello").unwrap();
        fs::write(dir.join("pkg/deepdive.js"), "export {};").unwrap();
        let out = base.join("b.zip");
        write_zip(&dir, &out).unwrap();
        let mut zip = zip::ZipArchive::new(fs::File::open(&out).unwrap()).unwrap();
        let mut names: Vec<String> = zip.file_names().map(String::from).collect();
        names.sort();
        assert_eq!(
            names,
            ["deepdive-9.9.9/README.md", "deepdive-9.9.9/pkg/deepdive.js"]
        );
        let mut text = String::new();
        zip.by_name("deepdive-9.9.9/pkg/deepdive.js")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "export {};");
        // Fixed timestamps: the same files give the same bytes.
        let first = fs::read(&out).unwrap();
        write_zip(&dir, &out).unwrap();
        assert_eq!(fs::read(&out).unwrap(), first);
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn every_element_module_exists_in_www() {
        for (_, module, tag) in ELEMENTS {
            let text = fs::read_to_string(paths::www().join(module)).unwrap();
            assert!(text.contains(&format!("'{tag}'")), "{module} defines {tag}");
        }
    }
}
