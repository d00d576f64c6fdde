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
    "inlined-call",
    "inlined-trap",
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
fn trap_in_inlined_code() {
    check_trap("inlined-trap");
}

#[test]
fn trap_below_inlined_code() {
    check_trap("inlined-call");
}

/// The frames of a backtrace as (module offset, function name): ours are `N: 0xOFF - NAME`,
/// wasmtime's `N: 0xOFF - MODULE!NAME`.
fn backtrace_frames(stderr: &str) -> Vec<(u64, String)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (n, rest) = l.trim().split_once(": ")?;
            n.parse::<u32>().ok()?;
            let (offset, name) = rest.trim().split_once(" - ")?;
            let offset = u64::from_str_radix(offset.strip_prefix("0x")?, 16).ok()?;
            let name = name.rsplit_once('!').map_or(name, |(_, n)| n);
            Some((offset, name.to_string()))
        })
        .collect()
}

/// Every single-threaded trap program's backtrace lists the frames wasmtime 49 lists, with
/// the same module offsets, at both optimisation levels (against wasmtime's matching
/// `-O opt-level`: at `speed` a trap may be folded into the branch before it, which then
/// gives the offset): functions inlined at `-O speed` still appear. (Stack overflow is left
/// out: where the overflow is noticed differs.)
#[test]
fn backtraces_match_wasmtime_with_offsets() {
    let tmp = TempDir::new("backtraces");
    for name in [
        "div-by-zero",
        "inlined-call",
        "inlined-trap",
        "oob-load",
        "unreachable",
    ] {
        let wat = trap_file(name);
        for (opt, wasmtime_opt) in [("none", "opt-level=0"), ("speed", "opt-level=2")] {
            let mut cmd = std::process::Command::new(wasmtime49());
            cmd.env_remove("RUST_BACKTRACE")
                .args(["run", "-O", wasmtime_opt])
                .arg(&wat);
            let reference = run_with_timeout(&mut cmd, RUN_TIMEOUT);
            let expected = backtrace_frames(&reference.stderr);
            assert!(
                !expected.is_empty(),
                "wasmtime 49's backtrace\n{}",
                reference.report()
            );
            let exe = build_exe(&wat, tmp.path(), opt, "musl");
            let out = run_exe(&exe, &[]);
            assert_eq!(
                backtrace_frames(&out.stderr),
                expected,
                "{name} at -O {opt}\n{}\nwasmtime 49 -O {wasmtime_opt}:\n{}",
                out.report(),
                reference.stderr
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
