//! Replays the fuzz targets' committed corpus (`fuzz/corpus/<target>/`: seeds, coverage-
//! minimised inputs and minimised findings) through the targets' harnesses, compiled here on
//! the stable toolchain from `fuzz/src/` — what CI runs of the fuzzing (fuzz/README.md). Each
//! input must pass: no panic, no difference from wasmi, no WASI answer depending on anything
//! outside the preopen.
//!
//! `WASM2NATIVE_FUZZ_INPUT=FILE` replays one input (with the target named by its directory)
//! to debug a finding without nightly.

#[path = "../fuzz/src/atomics.rs"]
mod atomics;
#[path = "../fuzz/src/compile.rs"]
mod compile;
#[path = "../fuzz/src/differential.rs"]
mod differential;
#[path = "../fuzz/src/oracle.rs"]
mod oracle;
#[path = "../fuzz/src/ours.rs"]
mod ours;

#[path = "../fuzz/src/smith.rs"]
mod smith;
#[path = "../fuzz/src/tree.rs"]
mod tree;
#[path = "../fuzz/src/values.rs"]
mod values;
#[allow(dead_code)] // Case::script is for tests/wasi.rs
#[path = "../fuzz/src/wasi_paths.rs"]
mod wasi_paths;

use std::path::{Path, PathBuf};

/// Native stack of the replaying thread (generated modules recurse up to their fuel).
const STACK: usize = 64 << 20;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    if let Some(one) = std::env::var_os("WASM2NATIVE_FUZZ_INPUT") {
        let one = PathBuf::from(one);
        files.retain(|f| f.file_name() == one.file_name());
    }
    files
}

/// Runs `f` on a thread with a [`STACK`]-sized stack and returns its result.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .expect("spawning a replay thread")
        .join()
        .expect("the replay thread")
}

/// Runs `run` over every input of `target`'s corpus on a thread of its own; fails naming the
/// inputs that panicked.
fn replay(target: &'static str, run: fn(&[u8])) {
    let files = corpus(target);
    let failures = on_big_stack(move || {
        let mut failures = Vec::new();
        for f in &files {
            let data = std::fs::read(f).expect("reading a corpus input");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failures.push(f.display().to_string());
            }
        }
        println!("{target}: replayed {} inputs", files.len());
        failures
    });
    assert!(
        failures.is_empty(),
        "{target}: inputs failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn compile_corpus() {
    replay("compile", compile::run);
}

#[test]
fn differential_corpus() {
    replay("differential", differential::run);
}

#[test]
fn wasi_paths_corpus() {
    replay("wasi_paths", wasi_paths::run);
}

/// Beyond the corpus: the differential harness over 300 seeded inputs, which must include
/// modules with atomics (run lowered on wasmi, fuzz/src/atomics.rs) that compute values.
#[test]
fn differential_generated() {
    let (failures, atomics) = on_big_stack(|| {
        let (mut failures, mut atomics) = (Vec::new(), 0);
        for seed in 0..300 {
            let data = smith::common::bytes(seed, 2048);
            let Some(case) = differential::case(&data) else {
                continue;
            };
            atomics += usize::from(atomics::uses_threads(&case.wasm));
            if std::panic::catch_unwind(|| differential::check(&case)).is_err() {
                failures.push(seed);
            }
        }
        (failures, atomics)
    });
    assert!(failures.is_empty(), "seeds that differ: {failures:?}");
    assert!(
        atomics >= 30,
        "only {atomics} of 300 generated modules use atomics"
    );
}

/// The wasmi bugs the harness steers around (fuzz/oracle-bugs/): with the oracle's rewrite
/// (fuzz/src/atomics.rs), each module there agrees with wasm2native at both -O levels, every
/// export called with zeros. Without the rewrite they differ.
#[test]
fn oracle_bugs_worked_around() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/oracle-bugs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fuzz/oracle-bugs")
        .map(|e| e.expect("an oracle-bugs entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let wasm = wat::parse_file(&file).expect("an oracle-bugs module");
        let calls = values::calls(
            &values::exports(&wasm),
            &mut arbitrary::Unstructured::new(&[]),
        );
        for opt_level in [wasm2native::OptLevel::None, wasm2native::OptLevel::Speed] {
            let case = differential::Case {
                wasm: wasm.clone(),
                calls: calls.clone(),
                opt_level,
            };
            let run = on_big_stack(move || {
                std::panic::catch_unwind(|| differential::check(&case)).is_ok()
            });
            assert!(run, "{} ({opt_level:?}) differs", file.display());
        }
    }
}
