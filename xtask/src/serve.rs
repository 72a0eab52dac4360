//! `cargo xtask serve [--port N]`, and the static file server that the
//! end-to-end tests use.
//!
//! A small HTTP/1.1 server on `std::net`: one thread per connection, one
//! request per connection (`Connection: close`), `GET` and `HEAD` only.
//! `/` serves `site/` (Deep Dive's own pages) first, then the staged bundle's folder,
//! `dist/deepdive-<version>/` ([`crate::dist::stage`]), so the pages run on the very files
//! the bundle ships; the bundle is also mounted at `/deepdive-<version>/`, the versioned path a
//! host site would use. Every response, errors
//! included, carries the strict Content-Security-Policy the page must work
//! under, `X-Content-Type-Options: nosniff` and `Cache-Control: no-cache`,
//! and the two headers that make the page cross-origin isolated (so its
//! workers may share memory: `www/workers/ring.mjs`).

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::{build, dist, paths};

/// The policy the page must run under: no inline script or style, no eval;
/// only wasm compilation is allowed beyond same-origin resources.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; frame-ancestors 'self'";

/// Longest request head we accept.
const MAX_HEAD: usize = 16 * 1024;

/// Build (release), stage the bundle, then serve on `127.0.0.1:port` until interrupted.
pub fn run(port: u16) -> Result<()> {
    build::run(true)?;
    dist::stage()?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}; is it in use? try --port N")
    })?;
    let port = listener.local_addr()?.port();
    let site = Site::new(paths::site(), dist::bundle_dir()?, &dist::version()?, true);
    println!("serving site/ and the bundle at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
    crate::process::flush();
    accept_loop(listener, Arc::new(site));
    Ok(())
}

/// Serve `site/` and the staged bundle (which must be staged already) on `127.0.0.1` at a
/// free port from a background thread (which lives as long as the process); returns the port.
pub fn spawn() -> Result<u16> {
    spawn_with(Vec::new())
}

/// Like [`spawn`], with more directories mounted at `/<name>/` (for the benchmark page and
/// its data, which are not part of the site).
pub fn spawn_with(mounts: Vec<(String, PathBuf)>) -> Result<u16> {
    let mut site = Site::new(paths::site(), dist::bundle_dir()?, &dist::version()?, false);
    for (name, dir) in mounts {
        site.mounts.push((name, canonical(dir)));
    }
    spawn_site(site)
}

/// A canonical root, so resolved files can be checked to stay inside it.
fn canonical(p: PathBuf) -> PathBuf {
    fs::canonicalize(&p).unwrap_or(p)
}

fn spawn_site(site: Site) -> Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot listen on 127.0.0.1")?;
    let port = listener.local_addr()?.port();
    let site = Arc::new(site);
    thread::Builder::new()
        .name("xtask-serve".into())
        .spawn(move || accept_loop(listener, site))
        .context("cannot start the server thread")?;
    Ok(port)
}

/// The directories being served: the roots at `/` (the first holding a path wins), and each
/// mount at `/<name>/`.
struct Site {
    roots: Vec<PathBuf>,
    mounts: Vec<(String, PathBuf)>,
    /// Print one line per request.
    log: bool,
}

impl Site {
    /// `pages` then `bundle` at `/`, and `bundle` at `/deepdive-<version>/`.
    fn new(pages: PathBuf, bundle: PathBuf, version: &str, log: bool) -> Site {
        let bundle = canonical(bundle);
        Site {
            roots: vec![canonical(pages), bundle.clone()],
            mounts: vec![(format!("deepdive-{version}"), bundle)],
            log,
        }
    }
}

fn accept_loop(listener: TcpListener, site: Arc<Site>) {
    for conn in listener.incoming() {
        match conn {
            Ok(stream) => {
                let site = Arc::clone(&site);
                let spawned = thread::Builder::new()
                    .name("xtask-conn".into())
                    .spawn(move || handle(stream, &site));
                if let Err(err) = spawned {
                    eprintln!("serve: cannot start a connection thread: {err}");
                }
            }
            Err(err) => {
                // E.g. out of file descriptors: back off instead of spinning.
                eprintln!("serve: accept failed: {err}");
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// A response ready to send.
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn text(status: u16, msg: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {msg}\n").into_bytes(),
            location: None,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

fn handle(stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(reader_stream) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader_stream);

    let (method, target, resp) = match read_head(&mut reader) {
        Ok(Some((method, target))) => {
            let resp = respond(site, &method, &target);
            (method, target, resp)
        }
        Ok(None) => return, // connection closed or timed out before a request
        Err(status) => (
            String::new(),
            String::new(),
            Response::text(status, reason(status)),
        ),
    };
    if site.log {
        println!("{} {method} {target}", resp.status);
    }
    let _ = send(stream, &resp, method == "HEAD");
}

/// Read the request line and headers; returns (method, target). `Err` holds
/// the status to answer with for a malformed request.
fn read_head(reader: &mut impl BufRead) -> Result<Option<(String, String)>, u16> {
    let mut head_len = 0;
    let mut request_line = String::new();
    loop {
        let mut line = Vec::new();
        let limit = (MAX_HEAD - head_len + 1) as u64;
        let n = match Read::take(&mut *reader, limit).read_until(b'\n', &mut line) {
            Ok(n) => n,
            Err(_) if head_len == 0 => return Ok(None),
            Err(_) => return Err(400),
        };
        if n == 0 {
            return if head_len == 0 { Ok(None) } else { Err(400) };
        }
        head_len += n;
        if head_len > MAX_HEAD {
            return Err(431);
        }
        if !line.ends_with(b"\n") {
            return Err(400);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if request_line.is_empty() {
            if text.is_empty() {
                continue; // tolerate stray blank lines before the request
            }
            request_line = text.to_string();
        } else if text.is_empty() {
            break; // end of headers
        }
    }
    let mut parts = request_line.split(' ');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version), None) if version.starts_with("HTTP/1.") => {
            Ok(Some((method.to_string(), target.to_string())))
        }
        _ => Err(400),
    }
}

fn respond(site: &Site, method: &str, target: &str) -> Response {
    if method != "GET" && method != "HEAD" {
        return Response::text(405, reason(405));
    }
    match resolve(site, target) {
        Ok(Resolved::File(path)) => match fs::read(&path) {
            Ok(body) => Response {
                status: 200,
                content_type: mime(&path),
                body,
                location: None,
            },
            Err(_) => Response::text(404, reason(404)),
        },
        Ok(Resolved::Redirect(location)) => {
            let mut r = Response::text(301, reason(301));
            r.location = Some(location);
            r
        }
        Err(status) => Response::text(status, reason(status)),
    }
}

#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    /// A directory asked for without its trailing slash.
    Redirect(String),
}

/// Map a request target to a file under a mount or one of the roots.
fn resolve(site: &Site, target: &str) -> Result<Resolved, u16> {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode(path).ok_or(400u16)?;
    if decoded.contains(['\0', '\\']) {
        return Err(400);
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(403), // no path traversal, even if it would stay inside
            s => segments.push(s),
        }
    }
    let mount = segments.split_first().and_then(|(first, rest)| {
        let (_, dir) = site.mounts.iter().find(|(name, _)| name == first)?;
        Some((dir, rest))
    });
    let (root, rest) = match mount {
        Some(found) => found,
        None => {
            // The first root that has the path; else the first, for the 404.
            let has = |root: &&PathBuf| {
                let mut f = (*root).clone();
                f.extend(&segments);
                f.exists()
            };
            let root = site.roots.iter().find(has).unwrap_or(&site.roots[0]);
            (root, &segments[..])
        }
    };
    let mut file = root.clone();
    file.extend(rest);
    if file.is_dir() {
        if !decoded.ends_with('/') {
            let mut location = format!("{path}/");
            if let Some(q) = query {
                location = format!("{location}?{q}");
            }
            return Ok(Resolved::Redirect(location));
        }
        file.push("index.html");
    }
    if !file.is_file() {
        return Err(404);
    }
    // Refuse symlinks that lead outside the served directory.
    match fs::canonicalize(&file) {
        Ok(real) if real.starts_with(root) => Ok(Resolved::File(real)),
        Ok(_) => Err(403),
        Err(_) => Err(404),
    }
}

/// Decode `%XX` escapes; `None` for bad escapes or non-UTF-8 results.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content-Type by file extension.
fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" | "ts" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn send(mut stream: TcpStream, resp: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n\
         Content-Type: {}\r\n\
         Content-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\n\
         Cross-Origin-Opener-Policy: same-origin\r\n\
         Cross-Origin-Embedder-Policy: require-corp\r\n\
         X-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-cache\r\n\
         Connection: close\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len(),
    );
    if let Some(location) = &resp.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if resp.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&resp.body)?;
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway site: site/index.html, site/app.js, site/sub/index.html, a bundle with
    /// pkg/deepdive_bg.wasm, its own app.js (hidden by the site's) and only.js, and a secret
    /// file beside them.
    fn fixture(name: &str) -> (PathBuf, Site) {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("site/sub")).unwrap();
        fs::create_dir_all(dir.join("bundle/pkg")).unwrap();
        fs::write(dir.join("site/index.html"), "<!doctype html>home").unwrap();
        fs::write(dir.join("site/app.js"), "export {};").unwrap();
        fs::write(dir.join("site/sub/index.html"), "sub").unwrap();
        fs::write(dir.join("bundle/app.js"), "export const bundled = 1;").unwrap();
        fs::write(dir.join("bundle/only.js"), "export {};").unwrap();
        fs::write(dir.join("bundle/pkg/deepdive_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(dir.join("secret.txt"), "secret").unwrap();
        let site = Site::new(dir.join("site"), dir.join("bundle"), "9.9.9", false);
        (dir, site)
    }

    fn file_name(r: Result<Resolved, u16>) -> Result<String, u16> {
        r.map(|res| match res {
            Resolved::File(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
            Resolved::Redirect(l) => format!("-> {l}"),
        })
    }

    #[test]
    fn resolves_paths() {
        let (dir, site) = fixture("resolve");
        assert_eq!(file_name(resolve(&site, "/")), Ok("index.html".into()));
        assert_eq!(
            file_name(resolve(&site, "/app.js?v=1#x")),
            Ok("app.js".into())
        );
        assert_eq!(file_name(resolve(&site, "/%61pp.js")), Ok("app.js".into()));
        assert_eq!(file_name(resolve(&site, "/sub/")), Ok("index.html".into()));
        assert_eq!(
            file_name(resolve(&site, "/sub?a=b")),
            Ok("-> /sub/?a=b".into())
        );
        assert_eq!(
            file_name(resolve(&site, "/pkg/deepdive_bg.wasm")),
            Ok("deepdive_bg.wasm".into())
        );
        // The site's pages first, then the bundle's files, also at the versioned path.
        let read = |target: &str| match resolve(&site, target) {
            Ok(Resolved::File(p)) => fs::read_to_string(p).unwrap(),
            other => panic!("{target}: {other:?}"),
        };
        assert_eq!(read("/app.js"), "export {};");
        assert_eq!(read("/deepdive-9.9.9/app.js"), "export const bundled = 1;");
        assert_eq!(file_name(resolve(&site, "/only.js")), Ok("only.js".into()));
        assert_eq!(
            file_name(resolve(&site, "/deepdive-9.9.9/pkg/deepdive_bg.wasm")),
            Ok("deepdive_bg.wasm".into())
        );
        assert_eq!(resolve(&site, "/deepdive-9.9.9/index.html"), Err(404));
        assert_eq!(resolve(&site, "/deepdive-1.0.0/app.js"), Err(404));
        assert_eq!(resolve(&site, "/missing.js"), Err(404));
        assert_eq!(resolve(&site, "/../secret.txt"), Err(403));
        assert_eq!(resolve(&site, "/pkg/../../secret.txt"), Err(403));
        assert_eq!(resolve(&site, "/%2e%2e/secret.txt"), Err(403));
        assert_eq!(resolve(&site, "/a%5c..%5csecret.txt"), Err(400));
        assert_eq!(resolve(&site, "/%zz"), Err(400));
        assert_eq!(resolve(&site, "secret.txt"), Err(400));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime(Path::new("a/deepdive_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("a.js")), "text/javascript");
        assert_eq!(mime(Path::new("a.MJS")), "text/javascript");
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(mime(Path::new("s.css")), "text/css");
        assert_eq!(mime(Path::new("i.svg")), "image/svg+xml");
        assert_eq!(mime(Path::new("d.json")), "application/json");
        assert_eq!(mime(Path::new("LICENSE")), "application/octet-stream");
    }

    fn get(port: u16, request: &str) -> String {
        let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_over_http_with_headers() {
        let (dir, site) = fixture("http");
        let port = spawn_site(site).unwrap();
        let csp = format!("Content-Security-Policy: {CSP}\r\n");

        let ok = get(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(ok.contains(&csp));
        assert!(ok.contains("X-Content-Type-Options: nosniff\r\n"));
        assert!(ok.contains("Cross-Origin-Opener-Policy: same-origin\r\n"));
        assert!(ok.contains("Cross-Origin-Embedder-Policy: require-corp\r\n"));
        assert!(ok.contains("Cache-Control: no-cache\r\n"));
        assert!(ok.ends_with("\r\n\r\n<!doctype html>home"));

        let wasm = get(port, "HEAD /pkg/deepdive_bg.wasm HTTP/1.1\r\n\r\n");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );
        assert!(wasm.contains("Content-Length: 8\r\n"));
        assert!(wasm.ends_with("\r\n\r\n"));

        let missing = get(port, "GET /nope HTTP/1.1\r\n\r\n");
        assert!(missing.starts_with("HTTP/1.1 404 "), "{missing}");
        assert!(missing.contains(&csp));

        let traversal = get(port, "GET /../secret.txt HTTP/1.1\r\n\r\n");
        assert!(traversal.starts_with("HTTP/1.1 403 "), "{traversal}");
        assert!(!traversal.contains("secret"));

        let post = get(port, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
        assert!(post.contains(&csp));

        let junk = get(port, "hello\r\n\r\n");
        assert!(junk.starts_with("HTTP/1.1 400 "), "{junk}");
        assert!(junk.contains(&csp));

        fs::remove_dir_all(dir).unwrap();
    }
}
