//! Exception handling (examples/exceptions): the standard encoding's rules give what wasmtime
//! 49 gives, in every build variant; the legacy encoding (which wasmtime 49 does not run) gives
//! what its proposal specifies; traps are never caught; an exception escaping `_start` ends the
//! process as wasmtime 49 ends it, and one escaping a spawned thread as a trap in a thread does;
//! caught exceptions are freed.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example(name: &str) -> PathBuf {
    examples_dir("exceptions").join(name)
}

/// `;; PREFIX NAME: TEXT` lines of an example.
fn annotated<'t>(text: &'t str, prefix: &str) -> Vec<(&'t str, &'t str)> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix(prefix)?.split_once(": "))
        .collect()
}

fn wasmtime49_cmd() -> Command {
    let mut cmd = Command::new(wasmtime49());
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

fn wasmtime_run(module: &Path, invoke: Option<&str>) -> Output {
    let mut cmd = wasmtime49_cmd();
    cmd.arg("run");
    if let Some(name) = invoke {
        cmd.args(["--invoke", name]);
    }
    run_with_timeout(cmd.arg(module), RUN_TIMEOUT)
}

/// `wasm2native run --invoke=name` at `-O opt`.
fn invoke(module: &Path, cache: &Path, name: &str, opt: &str) -> Output {
    let mut cmd = wasm2native_cmd(cache);
    cmd.args(["run", "-O", opt])
        .arg(format!("--invoke={name}"))
        .arg(module);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_no_panic();
    out
}

#[test]
fn standard_encoding_rules_match_wasmtime() {
    let module = example("rules.wat");
    let reference = wasmtime_run(&module, None);
    assert!(reference.success(), "{}", reference.report());
    assert_eq!(
        reference.stdout.lines().count(),
        16,
        "{}",
        reference.report()
    );
    let tmp = TempDir::new("eh-rules");
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&module, tmp.path(), opt, libc);
        let out = run_exe(&exe, &[]);
        assert!(out.success(), "-O {opt} --libc {libc}\n{}", out.report());
        assert_eq!(out.stdout, reference.stdout, "-O {opt} --libc {libc}");
    }
}

#[test]
fn legacy_encoding_follows_its_proposal() {
    let module = example("legacy.wat");
    let text = read_text(&module);
    let expected = annotated(&text, ";; expect ");
    assert_eq!(expected.len(), 11);
    let tmp = TempDir::new("eh-legacy");
    for opt in ["none", "speed"] {
        for &(name, want) in &expected {
            let out = invoke(&module, &tmp.join("cache"), name, opt);
            let what = format!("{name} -O {opt}");
            if want == "exception" {
                assert_eq!(out.code(), Some(1), "{what}\n{}", out.report());
                assert!(
                    out.stderr.starts_with("error: uncaught wasm exception\n"),
                    "{what}\n{}",
                    out.report()
                );
            } else {
                assert!(out.success(), "{what}\n{}", out.report());
                assert_eq!(out.stdout.trim(), want, "{what}");
            }
        }
    }
}

#[test]
fn traps_are_not_caught() {
    let module = example("traps.wat");
    let text = read_text(&module);
    let traps = annotated(&text, ";; traps ");
    assert_eq!(traps.len(), 3);
    let tmp = TempDir::new("eh-traps");
    for (name, messages) in traps {
        let (ours, theirs) = messages
            .split_once(" (wasmtime: ")
            .map(|(o, t)| (o, t.trim_end_matches(')')))
            .unwrap_or((messages, messages));
        let reference = wasmtime_run(&module, Some(name));
        assert_eq!(reference.code(), Some(TRAP_EXIT), "{}", reference.report());
        assert!(reference.stderr.contains(theirs), "{}", reference.report());
        for opt in ["none", "speed"] {
            let out = invoke(&module, &tmp.join("cache"), name, opt);
            assert_eq!(out.code(), Some(TRAP_EXIT), "{name}\n{}", out.report());
            let line = format!("wasm trap: {ours}\n");
            assert!(out.stderr.starts_with(&line), "{name}\n{}", out.report());
        }
    }
}

#[test]
fn an_exception_escaping_start_ends_the_process_as_wasmtime() {
    let module = example("uncaught.wat");
    let reference = wasmtime_run(&module, None);
    assert_eq!(reference.code(), Some(1), "{}", reference.report());
    assert!(
        reference.stderr.contains("thrown Wasm exception"),
        "{}",
        reference.report()
    );
    let tmp = TempDir::new("eh-uncaught");
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&module, tmp.path(), opt, libc);
        let out = run_exe(&exe, &[]);
        let what = format!("-O {opt} --libc {libc}");
        assert_eq!(out.code(), Some(1), "{what}\n{}", out.report());
        assert_eq!(out.stdout, reference.stdout, "{what}");
        assert!(
            out.stderr
                .starts_with("error: uncaught wasm exception\nwasm backtrace:\n    0: inner\n"),
            "{what}\n{}",
            out.report()
        );
    }
}

/// wasm2native's own rule (wasmtime 49 has no threads, and wasmtime 36 runs no exceptions in
/// threaded programs): see the example's header.
#[test]
fn an_exception_escaping_a_thread_is_a_trap() {
    let module = example("exception-in-thread.wat");
    let tmp = TempDir::new("eh-thread");
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&module, tmp.path(), opt, libc);
        for _ in 0..3 {
            let out = run_exe(&exe, &[]);
            let what = format!("-O {opt} --libc {libc}");
            assert_eq!(out.code(), Some(TRAP_EXIT), "{what}\n{}", out.report());
            assert!(
                out.stderr.starts_with("wasm trap: uncaught exception\n"),
                "{what}\n{}",
                out.report()
            );
            assert!(out.stdout.contains("thread: throwing\n"), "{what}");
        }
    }
}

#[test]
fn caught_exceptions_are_freed() {
    let module = example("churn.wat");
    let tmp = TempDir::new("eh-churn");
    let exe = build_exe(&module, tmp.path(), "speed", "musl");
    let (out, peak) = run_measuring_peak("", &exe, &[]);
    assert!(out.success(), "{}", out.report());
    assert!(peak < 16 * 1024, "peak memory {peak} KiB\n{}", out.report());
}
