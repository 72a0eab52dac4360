//! Tidy: the architecture invariants of ARCHITECTURE.md, checked mechanically.
//!
//! - Every Rust file opens with a `//!` doc saying what it is for.
//! - Only `src/wasm/` knows JavaScript (wasm-bindgen, js-sys, web-sys, serde-wasm-bindgen).
//! - The core reads no clock, draws no randomness and does no I/O (the boundary may draw a
//!   seed from the browser's entropy).
//! - The page builds no HTML from strings, runs no inline script or style, and loads
//!   nothing from another host.
//! - Codes are API: every error, problem, warning, exclusion and difference code of the
//!   core is documented in README.md or docs/.

use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if extensions
                .iter()
                .any(|e| path.extension().is_some_and(|x| x == *e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

fn name(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let mut all = files("src", &["rs"]);
    all.extend(files("xtask/src", &["rs"]));
    all.extend(files("tests", &["rs"]));
    assert!(all.len() > 8);
    for path in all {
        let text = read(&path);
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! doc",
            name(&path)
        );
    }
}

#[test]
fn only_the_boundary_knows_javascript() {
    let forbidden = [
        "wasm_bindgen",
        "js_sys",
        "web_sys",
        "serde_wasm_bindgen",
        "JsValue",
    ];
    for path in files("src", &["rs"]) {
        if path.ends_with("src/wasm.rs") || path.to_string_lossy().contains("/src/wasm/") {
            continue;
        }
        let text = read(&path);
        for word in forbidden {
            assert!(!text.contains(word), "{} mentions {word}", name(&path));
        }
    }
}

#[test]
fn the_core_has_no_clock_randomness_or_io() {
    let forbidden = [
        "SystemTime",
        "Instant",
        "::now(",
        "rand::",
        "getrandom",
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "println!",
        "eprintln!",
    ];
    for path in files("src", &["rs"]) {
        let text = read(&path);
        // The boundary may draw a seed from the browser's entropy; nothing else may.
        let boundary = path.to_string_lossy().contains("/src/wasm/");
        for word in forbidden {
            if boundary && (word == "rand::" || word == "getrandom") {
                continue;
            }
            assert!(!text.contains(word), "{} uses {word}", name(&path));
        }
    }
}

#[test]
fn the_page_never_builds_html_from_strings() {
    // The bundle's modules (www/) and the site's own (site/).
    let mut scripts = files("www", &["mjs", "js"]);
    scripts.extend(files("site", &["mjs", "js"]));
    assert!(scripts.len() > 50, "only {} scripts found", scripts.len());
    let forbidden = [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setAttribute('style'",
        ".style.",
    ];
    for path in scripts {
        let text = read(&path);
        for word in forbidden {
            assert!(!text.contains(word), "{} uses {word}", name(&path));
        }
    }
}

#[test]
fn the_page_has_no_inline_script_style_or_foreign_host() {
    // Deep Dive's pages live in site/ (the bundle in www/ holds none).
    let pages = [files("www", &["html"]), files("site", &["html"])].concat();
    assert!(pages.len() >= 5, "only {} pages found", pages.len());
    for path in pages {
        let text = read(&path);
        let lower = text.to_lowercase();
        assert!(!lower.contains("<style"), "{}: inline <style>", name(&path));
        assert!(
            !lower.contains(" style="),
            "{}: style attribute",
            name(&path)
        );
        for tag in lower.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or_default();
            assert!(open.contains("src="), "{}: inline <script>", name(&path));
        }
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onsubmit=",
            "javascript:",
        ] {
            assert!(!lower.contains(handler), "{}: {handler}", name(&path));
        }
    }
    let sources = ["www", "site"].map(|dir| files(dir, &["html", "mjs", "js", "css", "scss"]));
    for path in sources.concat() {
        let text = read(&path);
        for scheme in [
            "src=\"http",
            "import 'http",
            "import \"http",
            "url(http",
            "url(\"http",
            "url('http",
            "from 'http",
            "from \"http",
        ] {
            assert!(
                !text.contains(scheme),
                "{} loads from another host ({scheme})",
                name(&path)
            );
        }
        for link in text.split("<link").skip(1) {
            let open = link.split('>').next().unwrap_or_default();
            assert!(
                !open.contains("http"),
                "{}: <link> to another host",
                name(&path)
            );
        }
    }
}

/// The string of a line such as `Code::BadDate => "bad-date",` or `code: "area-fact-unused",`.
fn quoted_after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &line[line.find(marker)? + marker.len()..];
    rest.split('"').next()
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every code the core gives: the arms of its code tables (`Code::`, `RowCode::`, any other
/// `…Code::` enum, the sampler's exclusion `Reason::` and receipt `DifferenceKind::`) and
/// every `code: "…"` (the timetable's warnings), with the file each is in.
fn core_codes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in files("src", &["rs"]) {
        if path.to_string_lossy().contains("/src/wasm/") {
            continue;
        }
        for line in read(&path).lines() {
            let line = line.trim();
            let head = line.split("::").next().unwrap_or_default();
            let table = line.contains("::")
                && (head.ends_with("Code") || head == "Reason" || head == "DifferenceKind");
            let code = if table {
                quoted_after(line, "=> \"")
            } else {
                quoted_after(line, "code: \"")
            };
            if let Some(code) = code.filter(|c| is_kebab(c)) {
                out.push((code.to_owned(), name(&path)));
            }
        }
    }
    out
}

#[test]
fn every_code_is_documented() {
    let codes = core_codes();
    // The tables this test knows of are all found (a moved table would otherwise pass).
    for (file, at_least) in [
        ("src/error.rs", 40),
        ("src/ingest/mod.rs", 10),
        ("src/sampling/mod.rs", 10),
        ("src/sampling/receipt.rs", 5),
        ("src/notice.rs", 6),
    ] {
        let n = codes.iter().filter(|(_, f)| f == file).count();
        assert!(
            n >= at_least,
            "{file}: {n} codes found, expected {at_least} or more"
        );
    }
    let mut docs = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    for path in files("docs", &["md"]) {
        docs.push_str(&read(&path));
    }
    let missing: Vec<String> = codes
        .iter()
        .filter(|(code, _)| !docs.contains(&format!("`{code}`")))
        .map(|(code, file)| format!("{code} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "codes are API: document each in README.md or docs/, written `code`: {missing:#?}"
    );
}
