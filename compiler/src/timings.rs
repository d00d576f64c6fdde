//! Phase timings for `WASM2NATIVE_TIMINGS=1`: each phase prints its wall-clock time to stderr
//! when it ends, with the process's peak resident memory so far and its resident memory then,
//! so a slow or large build can be attributed (parse, translate, compile, emit, link).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("WASM2NATIVE_TIMINGS").is_some())
}

/// A running phase; reports its duration when dropped (if timings are enabled).
pub struct Phase {
    name: &'static str,
    start: Instant,
}

impl Phase {
    pub fn start(name: &'static str) -> Self {
        Phase {
            name,
            start: Instant::now(),
        }
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if enabled() {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let (peak, now) = (memory_kib(&status, "VmHWM:"), memory_kib(&status, "VmRSS:"));
            eprintln!(
                "wasm2native: {:<10} {:>8.3} s   peak {:>6} MiB   resident {:>6} MiB",
                self.name,
                self.start.elapsed().as_secs_f64(),
                peak / 1024,
                now / 1024
            );
        }
    }
}

/// A memory figure of this process from its /proc/self/status text, in KiB (0 if absent).
fn memory_kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
