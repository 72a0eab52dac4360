//! Running child processes: echo the command, stream its output, and
//! optionally keep a copy of stdout for parsing test summaries.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use anyhow::{bail, Context, Result};

/// The cargo that launched us (same toolchain), or `cargo` from `PATH`.
pub fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A `cargo` command run from the repository root.
pub fn cargo<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(cargo_bin());
    cmd.args(args).current_dir(crate::paths::root());
    cmd
}

/// The command line as a shell-like string, for echoing.
pub fn show(cmd: &Command) -> String {
    let prog = Path::new(cmd.get_program());
    // `CARGO` is usually an absolute path into the toolchain; print just `cargo`.
    let mut s = match prog.file_name() {
        Some(name) if name == "cargo" => "cargo".to_string(),
        _ => prog.display().to_string(),
    };
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        s.push(' ');
        if arg.is_empty() || arg.contains([' ', '\'', '"']) {
            s.push_str(&format!("'{}'", arg.replace('\'', r"'\''")));
        } else {
            s.push_str(&arg);
        }
    }
    s
}

/// Spawn with inherited output and no stdin; return the exit status.
pub fn status(cmd: &mut Command) -> Result<ExitStatus> {
    println!("$ {}", show(cmd));
    flush();
    cmd.stdin(Stdio::null())
        .status()
        .with_context(|| format!("could not start `{}`", show(cmd)))
}

/// Like [`status`], but a non-zero exit is an error.
pub fn run(cmd: &mut Command) -> Result<()> {
    let st = status(cmd)?;
    if !st.success() {
        bail!("`{}` failed ({st})", show(cmd));
    }
    Ok(())
}

/// Run, echoing stdout line by line to our stdout while keeping a copy
/// (stderr is inherited untouched). Returns the exit status and stdout.
pub fn tee(cmd: &mut Command) -> Result<(ExitStatus, String)> {
    println!("$ {}", show(cmd));
    flush();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", show(cmd)))?;
    let mut captured = Vec::new();
    if let Some(out) = child.stdout.take() {
        let mut reader = BufReader::new(out);
        let mut line = Vec::new();
        let stdout = std::io::stdout();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let mut lock = stdout.lock();
                    // Losing our own terminal output is not worth failing over.
                    let _ = lock.write_all(&line);
                    let _ = lock.flush();
                    captured.extend_from_slice(&line);
                }
            }
        }
    }
    let st = child.wait().context("waiting for child process")?;
    Ok((st, String::from_utf8_lossy(&captured).into_owned()))
}

/// Capture stdout quietly (for `--version` probes and the like).
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("could not start `{}`", show(cmd)))?;
    if !out.status.success() {
        bail!("`{}` failed ({})", show(cmd), out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Is `prog` runnable from `PATH`?
pub fn on_path(prog: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(prog).is_file()))
}

pub fn flush() {
    let _ = std::io::stdout().flush();
}
