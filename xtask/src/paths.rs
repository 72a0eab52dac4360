//! Where things live: the repository root, cargo's target directory, `pkg/`, `www/`, `site/`
//! and `dist/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};

/// The repository root (the parent of `xtask/`).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
        xtask.parent().unwrap_or(xtask).to_path_buf()
    })
}

/// The wasm package output, served at `/pkg/`.
pub fn pkg() -> PathBuf {
    root().join("pkg")
}

/// The bundle's source: element modules, workers, examples and stylesheets.
pub fn www() -> PathBuf {
    root().join("www")
}

/// Deep Dive's own pages, served at `/` before the staged bundle.
pub fn site() -> PathBuf {
    root().join("site")
}

/// Where `cargo xtask dist` writes the bundle, its zip and its npm tarball.
pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Cargo's target directory, as `cargo metadata` reports it (so
/// `CARGO_TARGET_DIR` and `build.target-dir` are respected).
pub fn target_dir() -> Result<PathBuf> {
    let out = Command::new(crate::process::cargo_bin())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("could not run `cargo metadata`")?;
    if !out.status.success() {
        bail!("`cargo metadata` failed ({})", out.status);
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("`cargo metadata` printed invalid JSON")?;
    match meta["target_directory"].as_str() {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => bail!("`cargo metadata` output has no target_directory"),
    }
}
