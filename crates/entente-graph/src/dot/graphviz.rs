//! Running Graphviz on DOT text.

use super::Layout;
use crate::{Error, Result};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// The Graphviz program [`run_graphviz`] runs: `$GRAPHVIZ_DOT` or `dot`.
pub fn graphviz_program() -> String {
    std::env::var("GRAPHVIZ_DOT")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "dot".to_owned())
}

/// What Graphviz drew, and what it warned about on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub bytes: Vec<u8>,
    /// Graphviz's warnings, one per line (for the caller to show).
    pub warnings: Vec<String>,
}

/// Runs Graphviz on DOT text (`dot -K<layout> -T<format>`) and returns the
/// picture with Graphviz's warnings; a failure is an error carrying
/// Graphviz's message; a missing `dot` says how to install it.
pub fn run_graphviz(dot: &str, layout: Layout, format: &str) -> Result<Picture> {
    let program = graphviz_program();
    let failed = |what: &str, e: std::io::Error| {
        Error::Graphviz(format!("{what} Graphviz's `{program}`: {e}"))
    };
    let mut child = match Command::new(&program)
        .arg(format!("-K{layout}"))
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Graphviz(format!(
                "Graphviz's `{program}` program was not found, and --render needs it. Install \
                 Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` \
                 (Fedora), `brew install graphviz` (macOS), `choco install graphviz` (Windows), or \
                 see https://graphviz.org/download/ ; set GRAPHVIZ_DOT to use a `dot` elsewhere, \
                 or leave out --render to write DOT text"
            )))
        }
        Err(e) => return Err(failed("cannot run", e)),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let text = dot.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut picture = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut picture)
        .map_err(|e| failed("reading the output of", e))?;
    let status = child.wait().map_err(|e| failed("waiting for", e))?;
    let written = writer.join().expect("writer thread");
    let messages = errors.join().expect("stderr thread");
    if !status.success() {
        return Err(Error::Graphviz(format!(
            "Graphviz's `{program} -K{layout} -T{format}` failed ({status}): {}",
            messages.trim()
        )));
    }
    written.map_err(|e| failed("writing DOT to", e))?;
    Ok(Picture {
        bytes: picture,
        warnings: messages
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    })
}
