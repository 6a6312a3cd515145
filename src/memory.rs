//! How much memory the process holds, and how much it may: the bound that
//! keeps a runaway evaluation from filling the machine.
//!
//! Oxigraph's engine collects the rows of a sort, a grouping or a
//! `DISTINCT` in memory, and nothing in it bounds them: on the seed data,
//! `SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a` grew to 9.9 GB
//! in 30 s, and under `ulimit -v` an allocation that fails aborts the
//! process (no message, no exit code of ours). So the caller watches the
//! process from outside the evaluation ([`Bound::exceeded`], polled): the
//! command line ends it with a clear error, the endpoint cancels its
//! running evaluations. Linux only (`/proc`); elsewhere nothing is
//! measured and nothing is stopped.

/// What gives the memory a thread has freed back to the system, as the
/// binary's allocator does it ([`set_release`]).
static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Tells the library how the allocator gives a thread's freed memory back
/// to the system (mimalloc's `mi_collect` in the binary): an allocator
/// keeps freed pages for reuse, and a process stopped for memory would stay
/// over its bound. The first call counts.
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Gives the memory this thread has freed back to the system, when the
/// binary said how ([`set_release`]); else nothing.
pub fn release() {
    if let Some(release) = RELEASE.get() {
        release();
    }
}

/// What the process holds, in bytes, against what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub measure: Measure,
    pub bytes: u64,
    pub limit: u64,
}

/// Where a bound comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The limit asked for (`--max-memory`, or the default).
    Memory,
    /// Half the address space `ulimit -v` gives, where that is lower.
    AddressSpace,
}

impl Measure {
    /// What gives the process more, in the user's words.
    pub fn remedy(&self) -> &'static str {
        match self {
            Measure::Memory => "--max-memory MIB gives it more",
            Measure::AddressSpace => "a larger ulimit -v gives it more",
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Measure::Memory => "memory",
            Measure::AddressSpace => "memory, half the address space (ulimit -v) it may map",
        })
    }
}

/// The default bound, in bytes: three quarters of the memory the process
/// can have (the machine's, or its control group's when that is smaller),
/// so that it stops with an error before the kernel's out-of-memory killer
/// ends it without one. `None` where it cannot be read.
pub fn default_limit() -> Option<u64> {
    let machine = meminfo_total()?;
    let available = cgroup_limit().map_or(machine, |group| group.min(machine));
    Some(available / 4 * 3)
}

/// The resident memory the process may hold, read once (`ulimit -v` does
/// not change while it runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    limit: u64,
    measure: Measure,
}

impl Bound {
    /// At most `limit` bytes of resident memory, and at most half the
    /// address space `ulimit -v` gives. Under that limit an allocation that
    /// cannot be mapped aborts the process, and the address space mapped is
    /// no measure of it: mimalloc reserves regions as large as the limit
    /// lets it (a process holding 24 MiB had mapped 2,018 MiB of 2,048),
    /// while a growing sort held 1.4 GB when it had mapped 1.9 GB. So the
    /// memory it holds is watched, against half of the limit.
    pub fn new(limit: u64) -> Bound {
        match address_space_limit().map(|space| space / 2) {
            Some(half) if half < limit => Bound {
                limit: half,
                measure: Measure::AddressSpace,
            },
            _ => Bound {
                limit,
                measure: Measure::Memory,
            },
        }
    }

    /// `Some` once the process holds more than the bound allows.
    pub fn exceeded(&self) -> Option<Usage> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let resident = status_kib(&status, "VmRSS:")? * 1024;
        (resident > self.limit).then_some(Usage {
            measure: self.measure,
            bytes: resident,
            limit: self.limit,
        })
    }
}

/// A `/proc/self/status` field in kB.
fn status_kib(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn meminfo_total() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    status_kib(&meminfo, "MemTotal:").map(|kib| kib * 1024)
}

/// The memory limit of the process's control group (v2 `memory.max`, v1
/// `memory.limit_in_bytes`), when it has one.
fn cgroup_limit() -> Option<u64> {
    [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .find_map(|text| text.trim().parse::<u64>().ok())
}

/// `ulimit -v`, in bytes, when set.
fn address_space_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    // "Max address space  SOFT  HARD  bytes": the soft limit is the one
    // the kernel enforces.
    line["Max address space".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_fields_are_read_in_kib() {
        let status = "Name:\tentente\nVmSize:\t  123456 kB\nVmRSS:\t    2048 kB\n";
        assert_eq!(status_kib(status, "VmRSS:"), Some(2048));
        assert_eq!(status_kib(status, "VmSize:"), Some(123_456));
        assert_eq!(status_kib(status, "VmSwap:"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_limit_below_what_the_process_holds_is_crossed_and_the_default_is_not() {
        let crossed = Bound::new(1)
            .exceeded()
            .expect("a process holds more than a byte");
        assert!(crossed.bytes > 1_000_000, "{crossed:?}");
        let limit = default_limit().expect("Linux says how much memory it has");
        assert_eq!(Bound::new(limit).exceeded(), None);
    }
}
