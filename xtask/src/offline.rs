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
//! [`crate::dist::stage`] calls [`write`] on the bundle folder it stages, before the sums, so
//! every staged bundle (served, tested, shipped) carries its offline file.

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
        .or_else(|| crate::dist::version().ok())
        .unwrap_or_else(|| "unknown".to_string())
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
    use base64::Engine as _;
    use sha2::Digest as _;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    )
}

/// `cargo xtask offline [--from DIR]`: the offline file of a bundle folder `DIR`, or, without
/// it, a release build staged as the bundle (which writes the file).
pub fn run(from: Option<PathBuf>) -> Result<PathBuf> {
    match from {
        Some(dir) => write(&dir),
        None => {
            build::run(true)?;
            Ok(crate::dist::stage()?.join(FILE_NAME))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
