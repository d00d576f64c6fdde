//! Programs that trap (examples/traps/*.wat): each must print the spec message as a line
//! `wasm trap: <message>` on stderr and exit with status 134, without a panic; its stdout must
//! match wasmtime 36's, and wasmtime 36 must trap on it too (non-zero exit).
//!
//! The expected message is written in the example itself, as a comment line
//! `;; expect-trap: <message>`.

mod common;

use common::*;
use std::path::{Path, PathBuf};

const TRAPS: &[&str] = &[
    "div-by-zero",
    "oob-load",
    "stack-overflow",
    "thread-trap",
    "unreachable",
];

fn expected_message(wat: &Path) -> String {
    read_text(wat)
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(";; expect-trap:")
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| panic!("{} has no `;; expect-trap: <message>` line", wat.display()))
}

fn trap_file(name: &str) -> PathBuf {
    examples_dir("traps").join(format!("{name}.wat"))
}

fn check_trap(name: &str) {
    let wat = trap_file(name);
    let message = expected_message(&wat);
    let threaded = read_text(&wat).contains("thread-spawn");

    let reference = run_wasmtime(&wat, &[]);
    assert!(
        !reference.success(),
        "wasmtime 36 did not trap\n{}",
        reference.report()
    );
    assert!(
        reference.stderr.contains("wasm trap: "),
        "wasmtime 36 failed without a trap\n{}",
        reference.report()
    );

    let tmp = TempDir::new(name);
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&wat, tmp.path(), opt, libc);
        let out = run_exe(&exe, &[]);
        let what = format!("{name} built with -O {opt} --libc {libc}");
        out.assert_no_panic();
        let line = format!("wasm trap: {message}");
        assert!(
            out.stderr.lines().any(|l| l.trim_end() == line),
            "{what}: stderr has no line `{line}`\n{}",
            out.report()
        );
        assert_eq!(
            out.code(),
            Some(TRAP_EXIT),
            "{what}: wrong exit status\n{}",
            out.report()
        );
        if let Err(diff) = compare_stdout(&out.stdout, &reference.stdout, threaded) {
            panic!(
                "{what}: stdout differs from wasmtime 36: {diff}\n{}",
                out.report()
            );
        }
    }
}

#[test]
fn trap_div_by_zero() {
    check_trap("div-by-zero");
}

#[test]
fn trap_oob_load() {
    check_trap("oob-load");
}

/// Recursion on the main thread ends in the guard page below its stack.
#[test]
fn trap_stack_overflow() {
    check_trap("stack-overflow");
}

/// The runtime owns the main thread's stack: whatever `ulimit -s` says (unlimited included,
/// where the kernel's stack would grow until memory runs out), unbounded recursion is the
/// `call stack exhausted` trap, at once and within the stack the build chose (`--stack-size`,
/// default 8 MiB): peak memory stays near that size.
#[test]
fn stack_overflow_under_any_stack_limit() {
    let wat = trap_file("stack-overflow");
    let tmp = TempDir::new("stack-limits");
    for (flags, stack_kib) in [(&[][..], 8192u64), (&["--stack-size", "262144"][..], 256)] {
        let exe = tmp.join(format!("so-{stack_kib}"));
        build(&wat, &exe, flags).assert_no_panic().assert_success();
        for limit in ["unlimited", "8192", "1024", "64"] {
            let (out, peak) = run_measuring_peak(&format!("ulimit -s {limit} &&"), &exe, &[]);
            let what = format!("--stack-size {stack_kib} KiB under ulimit -s {limit}");
            assert_eq!(out.code(), Some(TRAP_EXIT), "{what}\n{}", out.report());
            assert!(
                out.stderr.contains("wasm trap: call stack exhausted"),
                "{what}\n{}",
                out.report()
            );
            assert!(
                peak < stack_kib + 16 * 1024,
                "{what}: peak memory {peak} KiB for a {stack_kib} KiB stack\n{}",
                out.report()
            );
        }
    }
}

#[test]
fn trap_unreachable() {
    check_trap("unreachable");
}

/// A trap in a spawned thread stops the process, although `_start` waits forever.
#[test]
fn trap_in_spawned_thread() {
    check_trap("thread-trap");
}

#[test]
fn every_trap_program_has_a_test() {
    let found: Vec<String> = example_files("traps", "wat")
        .iter()
        .map(|p| file_stem(p))
        .collect();
    assert_eq!(
        found, TRAPS,
        "examples/traps/*.wat and the TRAPS list in tests/traps.rs differ"
    );
}
