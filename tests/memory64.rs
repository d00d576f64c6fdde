//! 64-bit memories and tables, and custom page sizes (examples/memory64), against wasmtime 49:
//! - `sieve64.wat`, a program sieving above the first 4 GiB of a 64-bit memory, prints what
//!   wasmtime prints, with the same (empty) stderr and exit status, in every build variant;
//! - in the other examples every export named on a `;; expect NAME: VALUE` line returns that
//!   value, and every one on a `;; traps NAME: MESSAGE` line traps with that spec message, in
//!   wasmtime (whose message for table traps is longer: it must contain ours) and in
//!   wasm2native at both optimisation levels. A `;; flags: FEATURE` line turns a feature on in
//!   both (`-W FEATURE=y`, `--enable FEATURE`), a `;; wasmtime-flags: ARGS` line passes more
//!   arguments to wasmtime (which creates shared memories only when asked);
//! - `link64.wast` (imports of 64-bit memories and tables, segments with i64 offsets) passes in
//!   `wasm2native wast` and in `wasmtime wast`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example(name: &str) -> PathBuf {
    examples_dir("memory64").join(format!("{name}.wat"))
}

/// `;; PREFIX NAME: TEXT` lines of an example.
fn annotated<'t>(text: &'t str, prefix: &str) -> Vec<(&'t str, &'t str)> {
    text.lines()
        .filter_map(|l| l.strip_prefix(prefix)?.split_once(": "))
        .collect()
}

/// The features an example's `;; flags:` line names.
fn features(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix(";; flags: "))
        .flat_map(str::split_whitespace)
        .collect()
}

/// What an example's `;; wasmtime-flags:` line adds to wasmtime's arguments.
fn wasmtime_flags(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix(";; wasmtime-flags: "))
        .flat_map(str::split_whitespace)
        .collect()
}

/// wasmtime 49 without Rust backtraces on stderr.
fn wasmtime_cmd(features: &[&str]) -> Command {
    let mut cmd = Command::new(wasmtime49());
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .arg("run");
    for f in features {
        cmd.args(["-W", &format!("{f}=y")]);
    }
    cmd
}

fn wasmtime_invoke(wat: &Path, features: &[&str], extra: &[&str], name: &str) -> Output {
    let mut cmd = wasmtime_cmd(features);
    cmd.args(extra).args(["--invoke", name]).arg(wat);
    run_with_timeout(&mut cmd, RUN_TIMEOUT)
}

fn invoke(wat: &Path, cache: &Path, features: &[&str], name: &str, opt: &str) -> Output {
    let mut cmd = wasm2native_cmd(cache);
    cmd.args(["run", "-O", opt]);
    for f in features {
        cmd.args(["--enable", f]);
    }
    cmd.arg(format!("--invoke={name}")).arg(wat);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_no_panic();
    out
}

/// The message of the `wasm trap: ` line of `stderr`, if any.
fn trap_message(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .find_map(|l| Some(l.split_once("wasm trap: ")?.1.trim()))
}

#[test]
fn a_sieve_above_4_gib_prints_what_wasmtime_prints() {
    let wat = example("sieve64");
    let reference = run_with_timeout(wasmtime_cmd(&[]).arg(&wat), RUN_TIMEOUT);
    reference.assert_success();
    assert_eq!(
        reference.stdout,
        "primes: 148933\nsum: 142913828922\npages: 65600\n",
        "{}",
        reference.report()
    );
    let tmp = TempDir::new("sieve64");
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&wat, tmp.path(), opt, libc);
        let out = run_exe(&exe, &[]);
        let what = format!("-O {opt} --libc {libc}");
        assert_eq!(out.code(), reference.code(), "{what}\n{}", out.report());
        assert_eq!(out.stdout, reference.stdout, "{what}\n{}", out.report());
        assert_eq!(out.stderr, reference.stderr, "{what}\n{}", out.report());
    }
}

/// Checks every `expect` and `traps` line of example `name`.
fn exports_behave_as_in_wasmtime(name: &str) {
    let wat = example(name);
    let text = read_text(&wat);
    let features = features(&text);
    let extra = wasmtime_flags(&text);
    let tmp = TempDir::new(name);
    let expected = annotated(&text, ";; expect ");
    let traps = annotated(&text, ";; traps ");
    assert!(!expected.is_empty() && !traps.is_empty(), "{name}");
    for (export, want) in expected {
        let reference = wasmtime_invoke(&wat, &features, &extra, export);
        assert_eq!(reference.stdout.trim(), want, "{}", reference.report());
        for opt in ["none", "speed"] {
            let out = invoke(&wat, &tmp.join("cache"), &features, export, opt);
            let what = format!("{name} {export} -O {opt}");
            assert!(out.success(), "{what}\n{}", out.report());
            assert_eq!(out.stdout.trim(), want, "{what}\n{}", out.report());
        }
    }
    for (export, message) in traps {
        let reference = wasmtime_invoke(&wat, &features, &extra, export);
        assert_eq!(reference.code(), Some(TRAP_EXIT), "{}", reference.report());
        let theirs = trap_message(&reference.stderr).unwrap_or_default();
        assert!(theirs.contains(message), "{}", reference.report());
        for opt in ["none", "speed"] {
            let out = invoke(&wat, &tmp.join("cache"), &features, export, opt);
            let what = format!("{name} {export} -O {opt}");
            assert_eq!(out.code(), Some(TRAP_EXIT), "{what}\n{}", out.report());
            assert_eq!(out.stdout, reference.stdout, "{what}\n{}", out.report());
            assert_eq!(
                trap_message(&out.stderr),
                Some(message),
                "{what}\n{}",
                out.report()
            );
        }
    }
}

#[test]
fn bounds_of_64_bit_memories_as_in_wasmtime() {
    exports_behave_as_in_wasmtime("bounds64");
}

#[test]
fn byte_pages_end_exactly_as_in_wasmtime() {
    exports_behave_as_in_wasmtime("pagesize1");
}

#[test]
fn tables_with_64_bit_indices_as_in_wasmtime() {
    exports_behave_as_in_wasmtime("table64");
}

#[test]
fn atomics_on_a_shared_64_bit_memory_as_in_wasmtime() {
    exports_behave_as_in_wasmtime("atomics64");
}

#[test]
fn linking_checks_index_types_as_wasmtime_does() {
    let wast = examples_dir("memory64").join("link64.wast");
    let mut cmd = Command::new(wasmtime49());
    cmd.env_remove("RUST_BACKTRACE").arg("wast").arg(&wast);
    run_with_timeout(&mut cmd, RUN_TIMEOUT).assert_success();
    let mut cmd = Command::new(wasm2native());
    cmd.arg("wast").arg(&wast);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_no_panic().assert_success();
    assert!(
        out.stdout.ends_with(" passed, 0 failed\n"),
        "{}",
        out.report()
    );
}
