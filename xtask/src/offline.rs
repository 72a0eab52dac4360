//! The offline single file, `deepdive-offline.html`: every tool of a bundle folder in one
//! HTML file that works opened from disk (`file://`) with no network.
//!
//! [`write`] has Node run `xtask/offline/bundle.mjs` (esbuild) over the bundle folder, which
//! gives one ES module holding the elements, both workers' code and the assets (the two
//! WebAssembly packages and the examples, gzipped and in base64). This module puts that
//! script and `deepdive-full.css` inline in `xtask/offline/offline.html`, and writes the
//! `Content-Security-Policy` meta tag with the SHA-256 of each: `connect-src 'none'` and
//! no `'unsafe-inline'`, so the file provably sends nothing anywhere.
//!
//! Until `cargo xtask dist` writes the bundle folder, [`stage`] makes a stand-in in
//! `target/offline-stage/` from `www/`, `pkg/` and `www/styles/app.css` (as
//! `deepdive-full.css`); `cargo xtask offline` builds, stages and writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{build, paths, process, tools};

/// The file written into the bundle folder.
pub const FILE_NAME: &str = "deepdive-offline.html";

/// The size the file must stay under (the limit).
pub const MAX_BYTES: u64 = 3 * 1024 * 1024;

/// The bundle files the offline file is made of (besides the modules the script imports).
const NEEDED: &[&str] = &[
    "deepdive-full.css",
    "pkg/deepdive.js",
    "pkg/deepdive_bg.wasm",
    "pkg/xlsx/deepdive.js",
    "pkg/xlsx/deepdive_bg.wasm",
    "examples/annex-a-referrals.csv",
    "examples/demo-responses.jsonl",
];

/// Reads the bundle folder `bundle_dir` (laid out as `dist/deepdive-<version>/`) and writes
/// `<bundle_dir>/deepdive-offline.html`. Fails if the file would be over [`MAX_BYTES`].
pub fn write(bundle_dir: &Path) -> Result<PathBuf> {
    for file in NEEDED {
        let path = bundle_dir.join(file);
        if !path.is_file() {
            bail!(
                "{} is missing: is {} a bundle folder?",
                path.display(),
                bundle_dir.display()
            );
        }
    }
    tools::npm_ci_if_needed()?;
    let scratch = paths::target_dir()?.join("offline-script.js");
    let mut node = Command::new("node");
    node.arg(paths::root().join("xtask/offline/bundle.mjs"))
        .arg(bundle_dir)
        .arg(&scratch)
        .current_dir(paths::root());
    let sizes = process::output(&mut node).context("bundling the offline file's script failed")?;
    let script =
        fs::read_to_string(&scratch).with_context(|| format!("reading {}", scratch.display()))?;
    let style = fs::read_to_string(bundle_dir.join("deepdive-full.css"))
        .context("reading deepdive-full.css")?;
    let template = fs::read_to_string(paths::root().join("xtask/offline/offline.html"))
        .context("reading xtask/offline/offline.html")?;
    let html = page(&template, &script, &style, &version(bundle_dir))?;

    let out = bundle_dir.join(FILE_NAME);
    fs::write(&out, &html).with_context(|| format!("writing {}", out.display()))?;
    let size = html.len() as u64;
    println!(
        "{}: {} bytes ({:.2} MB; limit {:.0} MB); parts in bytes: {}",
        out.display(),
        build::thousands(size),
        size as f64 / (1024.0 * 1024.0),
        MAX_BYTES as f64 / (1024.0 * 1024.0),
        sizes.trim()
    );
    if size > MAX_BYTES {
        bail!(
            "{} is {size} bytes, over the {MAX_BYTES}-byte limit",
            out.display()
        );
    }
    Ok(out)
}

/// The bundle's version: its folder's name after `deepdive-`, or the crate's version.
fn version(bundle_dir: &Path) -> String {
    bundle_dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("deepdive-"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} (unreleased)", env_version()))
}

/// The deepdive crate's version, from its Cargo.toml.
fn env_version() -> String {
    let toml = fs::read_to_string(paths::root().join("Cargo.toml")).unwrap_or_default();
    toml.lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or("0.0.0")
        .to_string()
}

/// The page: the template with the script, the style, the version and the policy put in.
/// The script and the style go in exactly as they are hashed.
fn page(template: &str, script: &str, style: &str, version: &str) -> Result<String> {
    let lower = script.to_ascii_lowercase();
    // Inside a script element these would end it early or change how it is parsed.
    if lower.contains("</script") || lower.contains("<!--") {
        bail!("the bundled script holds `</script` or `<!--`, which cannot go inline");
    }
    if style.to_ascii_lowercase().contains("</style") {
        bail!("the stylesheet holds `</style`, which cannot go inline");
    }
    for mark in [
        "{{CSP}}",
        "{{SCRIPT}}",
        "{{STYLE}}",
        "{{VERSION}}",
        "{{FAVICON}}",
    ] {
        if template.matches(mark).count() == 0 {
            bail!("xtask/offline/offline.html has no {mark}");
        }
    }
    let csp = policy(script, style);
    // The script and the style last, so nothing in them is taken for a placeholder.
    Ok(template
        .replace("{{CSP}}", &csp)
        .replace("{{VERSION}}", version)
        .replace("{{FAVICON}}", "data:,")
        .replace("{{STYLE}}", style)
        .replacen("{{SCRIPT}}", script, 1))
}

/// The Content-Security-Policy: nothing is allowed but the one script and the one style
/// (by hash), WebAssembly, workers from `blob:` URLs and `data:` images; `connect-src 'none'`
/// refuses every fetch, even of `blob:` and `data:` URLs.
pub fn policy(script: &str, style: &str) -> String {
    format!(
        "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; style-src '{}'; \
         worker-src blob:; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(script),
        csp_hash(style)
    )
}

/// `sha256-<base64>` of a text's UTF-8 bytes, as CSP hashes name an inline element.
pub fn csp_hash(text: &str) -> String {
    format!(
        "sha256-{}",
        base64(&hmac_sha256::Hash::hash(text.as_bytes()))
    )
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A stand-in bundle folder, `target/offline-stage/`: `www/`'s modules, workers and examples,
/// the built `pkg/`, and `www/styles/app.css` as `deepdive-full.css` (until `cargo xtask dist`
/// writes the real one). `pkg/` must be built.
pub fn stage() -> Result<PathBuf> {
    let stage = paths::target_dir()?.join("offline-stage");
    if stage.exists() {
        fs::remove_dir_all(&stage).with_context(|| format!("removing {}", stage.display()))?;
    }
    copy_dir(&paths::www(), &stage)?;
    copy_dir(&paths::pkg(), &stage.join("pkg"))?;
    fs::copy(
        paths::www().join("styles/app.css"),
        stage.join("deepdive-full.css"),
    )
    .context("copying app.css")?;
    Ok(stage)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// `cargo xtask offline [--from DIR]`: the offline file of a bundle folder `DIR`, or, without
/// it, a release build staged in `target/offline-stage/`.
pub fn run(from: Option<PathBuf>) -> Result<PathBuf> {
    let dir = match from {
        Some(dir) => dir,
        None => {
            build::run(true)?;
            stage()?
        }
    };
    write(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn hashes_as_csp_names_them() {
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            csp_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn the_page_carries_what_it_hashes() {
        let template = "<meta content=\"{{CSP}}\">{{VERSION}}{{FAVICON}}<style>{{STYLE}}</style><script>{{SCRIPT}}</script>";
        let html = page(template, "let a = '{{CSP}}';", "p{}", "1.0").unwrap();
        assert!(html.contains(&csp_hash("let a = '{{CSP}}';")));
        assert!(html.contains("<script>let a = '{{CSP}}';</script>"));
        assert!(html.contains("connect-src 'none'"));
        assert!(!html.contains("unsafe-inline"));
        assert!(page(template, "x = '</script>'", "", "1").is_err());
        assert!(page(template, "x = '<!--'", "", "1").is_err());
        assert!(page("{{SCRIPT}}", "", "", "1").is_err());
    }
}
