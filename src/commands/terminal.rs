//! What the command line knows of its terminal: whether stdout is one (for
//! the default format and table width) and progress bars on stderr.

use entente::output::{OutputFormat, TableStyle};
use entente::progress::{Progress, Unit};
use std::io::IsTerminal;
use std::sync::Mutex;

/// A table on a terminal, TSV in a pipe.
pub fn default_format() -> OutputFormat {
    if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Tsv
    }
}

/// Tables wrap to the terminal (comfy-table measures it); in a pipe, to
/// `COLUMNS` when it is set.
pub fn table_style() -> TableStyle {
    let width = if std::io::stdout().is_terminal() {
        None
    } else {
        std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
    };
    TableStyle { width }
}

/// Progress bars on stderr, for work large enough to wait for (over 8 MiB
/// or 20,000 rows) and only when stderr is a terminal.
#[derive(Default)]
pub struct Bars {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl Progress for Bars {
    fn start(&self, label: &str, total: u64, unit: Unit) {
        let large = match unit {
            Unit::Bytes => total > 8 << 20,
            Unit::Rows => total > 20_000,
        };
        let bar = if large && std::io::stderr().is_terminal() {
            let template = match unit {
                Unit::Bytes => "{msg} {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
                Unit::Rows => "{msg} {bar:40} {pos}/{len} rows ({per_sec}, {eta})",
            };
            let bar = indicatif::ProgressBar::new(total).with_message(label.to_owned());
            bar.set_style(
                indicatif::ProgressStyle::with_template(template).expect("valid template"),
            );
            Some(bar)
        } else {
            None
        };
        *self.bar.lock().expect("progress lock") = bar;
    }

    fn advance(&self, done: u64) {
        if let Some(bar) = &*self.bar.lock().expect("progress lock") {
            bar.inc(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("progress lock").take() {
            bar.finish_and_clear();
        }
    }
}
