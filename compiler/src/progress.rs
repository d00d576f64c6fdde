//! How far a build has got, for a front end to display (the CLI's progress bar): the phase
//! running and, in the phases that go function by function, how many functions are done.
//! The compiler reports through a [`Reporter`], which does nothing unless given a
//! [`Progress`] implementation.

use std::sync::Arc;

/// Receives a build's progress; called from the compiler's worker threads.
pub trait Progress: Send + Sync {
    /// Phase `name` begins; it works through `functions` functions (0: not counted).
    fn phase(&self, name: &'static str, functions: u64);
    /// One more function of the current phase is done.
    fn function_done(&self);
}

/// Where the compiler reports progress: nowhere by default.
#[derive(Clone, Default)]
pub struct Reporter(Option<Arc<dyn Progress>>);

impl Reporter {
    pub fn new(progress: Arc<dyn Progress>) -> Reporter {
        Reporter(Some(progress))
    }

    pub fn phase(&self, name: &'static str, functions: u64) {
        if let Some(p) = &self.0 {
            p.phase(name, functions);
        }
    }

    pub fn function_done(&self) {
        if let Some(p) = &self.0 {
            p.function_done();
        }
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Reporter(on)"
        } else {
            "Reporter(off)"
        })
    }
}
