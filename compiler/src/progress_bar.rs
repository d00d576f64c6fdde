//! The CLI's build progress bar (indicatif), on stderr: the phase, functions done of the
//! module's total in the phases that go function by function, and the time since the build
//! began. Drawn only when stderr is a terminal, only once the build has taken
//! [`SHOW_AFTER`] (a fast build stays silent), and never with `--quiet`; cleared when the
//! build ends, so nothing is left behind but the build's own messages.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;
use wasm2native::progress::{Progress, Reporter};

/// How long a build runs before its bar appears (`WASM2NATIVE_PROGRESS_AFTER_MS` overrides
/// it, for tests).
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The bar of one build; [`BuildBar::finish`] clears it.
pub struct BuildBar {
    bar: Option<ProgressBar>,
}

struct Drawn(ProgressBar);

impl BuildBar {
    /// A bar for a build, drawn if stderr is a terminal and `quiet` is off.
    pub fn start(quiet: bool) -> BuildBar {
        if quiet || !std::io::stderr().is_terminal() {
            return BuildBar { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(style("start", false));
        bar.enable_steady_tick(Duration::from_millis(120));
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(show_after());
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
        BuildBar { bar: Some(bar) }
    }

    /// Where the compiler reports to this bar.
    pub fn reporter(&self) -> Reporter {
        match &self.bar {
            Some(bar) => Reporter::new(Arc::new(Drawn(bar.clone()))),
            None => Reporter::default(),
        }
    }

    /// A phase the CLI runs itself (linking).
    pub fn phase(&self, name: &'static str) {
        if let Some(bar) = &self.bar {
            Drawn(bar.clone()).phase(name, 0);
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

fn show_after() -> Duration {
    std::env::var("WASM2NATIVE_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(SHOW_AFTER, Duration::from_millis)
}

/// The bar's look in phase `name`: with a count of functions, or the phase and elapsed time
/// alone. The name is part of the template, so a redraw from the ticking thread never pairs
/// one phase's name with another's look.
fn style(name: &str, counted: bool) -> ProgressStyle {
    let template = if counted {
        format!("{{spinner}} {name:<9} [{{bar:30}}] {{pos}}/{{len}} functions, {{elapsed}}")
    } else {
        format!("{{spinner}} {name:<9} {{elapsed}}")
    };
    ProgressStyle::with_template(&template)
        .expect("a valid template")
        .progress_chars("=> ")
}

impl Progress for Drawn {
    fn phase(&self, name: &'static str, functions: u64) {
        // Counts first when the new look shows them, last when it does not: a redraw in
        // between shows no phase with another's count.
        let counted = functions > 0;
        if !counted {
            self.0.set_style(style(name, counted));
        }
        self.0.set_position(0);
        self.0.set_length(functions);
        if counted {
            self.0.set_style(style(name, counted));
        }
    }

    fn function_done(&self) {
        self.0.inc(1);
    }
}
