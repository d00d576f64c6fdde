//! Phase timings for `WASM2NATIVE_TIMINGS=1`: each phase prints its wall-clock time to stderr
//! when it ends, so a slow build can be attributed (parse, translate, compile, emit, link).

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
            eprintln!(
                "wasm2native: {:<10} {:.3} s",
                self.name,
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}
