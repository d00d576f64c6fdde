//! End-to-end test of the seed programs (examples/seed/NN-name.wat).
//!
//! For each program: wasm2native builds it (each of `BUILD_VARIANTS`: both optimisation levels,
//! linked against musl and glibc) and the executable
//! runs under a timeout; its stdout and exit status must match both
//! (a) wasmtime 36 running the same file live (`-W threads -S threads`), and
//! (b) the checked-in `NN-name.expected` (stdout) and, if the status is not 0, `NN-name.status`.
//! The program also runs once through `wasm2native run` (compile cache in a scratch dir).
//! Programs that spawn threads are compared as multisets of lines (thread lines may come in
//! any order); the single-threaded ones exactly.

mod common;

use common::*;
use std::path::Path;

/// The seed programs, in the order of the blog post. `every_seed_program_has_a_test` keeps this
/// list and examples/seed/ in step.
const SEEDS: &[&str] = &[
    "01-hello",
    "02-hello-threads-ready",
    "03-spawn-spin",
    "04-spawn-wait-notify",
    "05-two-threads",
];

fn expected_status(dir: &Path, name: &str) -> i32 {
    let path = dir.join(format!("{name}.status"));
    match std::fs::read_to_string(&path) {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("{}: not an exit status: {e}", path.display())),
        Err(_) => 0,
    }
}

fn check(what: &str, out: &Output, expected_stdout: &str, status: i32, any_order: bool) {
    out.assert_no_panic();
    if let Err(diff) = compare_stdout(&out.stdout, expected_stdout, any_order) {
        panic!("{what}: {diff}\n{}", out.report());
    }
    assert_eq!(
        out.code(),
        Some(status),
        "{what}: wrong exit status\n{}",
        out.report()
    );
}

fn check_seed(name: &str) {
    let dir = examples_dir("seed");
    let wat = dir.join(format!("{name}.wat"));
    let source = read_text(&wat);
    let expected = read_text(&dir.join(format!("{name}.expected")));
    let status = expected_status(&dir, name);
    let threaded = source.contains("thread-spawn");

    // (a) the reference runtime agrees with the checked-in expectation.
    let reference = run_wasmtime(&wat, &[]);
    check(
        "wasmtime 36 vs the .expected file",
        &reference,
        &expected,
        status,
        threaded,
    );

    // (b) our executables, at both optimisation levels and with both C libraries.
    let tmp = TempDir::new(name);
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&wat, tmp.path(), opt, libc);
        let out = run_exe(&exe, &[]);
        let what = format!("{name} built with -O {opt} --libc {libc}");
        check(
            &what,
            &out,
            &reference.stdout,
            reference.code().unwrap(),
            threaded,
        );
        check(&what, &out, &expected, status, threaded);
        assert!(
            out.stderr.is_empty(),
            "{what}: unexpected stderr\n{}",
            out.report()
        );
    }

    // (c) the same through `wasm2native run`.
    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.arg("run").arg(&wat);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    check(
        &format!("wasm2native run {name}"),
        &out,
        &expected,
        status,
        threaded,
    );
}

#[test]
fn seed_01_hello() {
    check_seed(SEEDS[0]);
}

#[test]
fn seed_02_hello_threads_ready() {
    check_seed(SEEDS[1]);
}

#[test]
fn seed_03_spawn_spin() {
    check_seed(SEEDS[2]);
}

#[test]
fn seed_04_spawn_wait_notify() {
    check_seed(SEEDS[3]);
}

#[test]
fn seed_05_two_threads() {
    check_seed(SEEDS[4]);
}

/// The threaded seeds again, several times each: a lost wake-up or a racy spawn shows up as a
/// hang (timeout) or a missing line only now and then.
#[test]
fn seed_threads_repeatedly() {
    let tmp = TempDir::new("seed-repeat");
    for name in &SEEDS[2..] {
        let dir = examples_dir("seed");
        let wat = dir.join(format!("{name}.wat"));
        let expected = read_text(&dir.join(format!("{name}.expected")));
        for libc in LIBCS {
            let exe = build_exe(&wat, tmp.path(), "speed", libc);
            for i in 0..20 {
                let out = run_exe(&exe, &[]);
                check(
                    &format!("{name} ({libc}), run {i}"),
                    &out,
                    &expected,
                    0,
                    true,
                );
            }
        }
    }
}

#[test]
fn every_seed_program_has_a_test() {
    let found: Vec<String> = example_files("seed", "wat")
        .iter()
        .map(|p| file_stem(p))
        .collect();
    assert_eq!(
        found, SEEDS,
        "examples/seed/*.wat and the SEEDS list in tests/seed.rs differ"
    );
    for name in SEEDS {
        let expected = examples_dir("seed").join(format!("{name}.expected"));
        assert!(expected.is_file(), "{} is missing", expected.display());
    }
}
