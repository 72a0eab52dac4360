//! A virtual X display for the WebKitGTK stages: WebKitGTK's MiniBrowser, the browser
//! WebKitWebDriver drives, has no headless mode, so it draws into an Xvfb server.
//!
//! [`Xvfb::start`] takes the first display number with no X server (no lock file and no
//! socket), starts Xvfb on it without TCP, and waits for its socket; dropping the value
//! stops that Xvfb (our own child, by its process id) so a stage leaves nothing running.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::tools;

/// A running Xvfb, stopped on drop.
pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Start Xvfb on a free display (`:90` and up).
    pub fn start() -> Result<Xvfb> {
        let Some(n) = (90..200).find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        }) else {
            bail!("no free X display between :90 and :199");
        };
        let display = format!(":{n}");
        let child = Command::new(tools::XVFB)
            .args([&display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {}", tools::XVFB))?;
        let mut xvfb = Xvfb { child, display };
        let socket = format!("/tmp/.X11-unix/X{n}");
        let start = Instant::now();
        while !Path::new(&socket).exists() {
            if let Some(status) = xvfb.child.try_wait()? {
                bail!("Xvfb {} exited at start ({status})", xvfb.display);
            }
            if start.elapsed() > Duration::from_secs(20) {
                bail!("Xvfb {} did not open {socket} in 20 s", xvfb.display);
            }
            sleep(Duration::from_millis(50));
        }
        println!("Xvfb on display {}", xvfb.display);
        Ok(xvfb)
    }

    /// The `DISPLAY` value, e.g. `:90`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
