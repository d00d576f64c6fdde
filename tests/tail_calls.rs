//! Tail calls are real (examples/tail-calls/*.wat): 10^8 `return_call`s and
//! `return_call_indirect`s run in a 64 KiB stack and print what wasmtime 49 prints, while
//! recursion through a plain `call` still ends in the `call stack exhausted` trap; host
//! functions reached through tables and tail calls return what wasmtime 49 returns.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

/// A stack far too small for the programs' call depth, were calls not tail calls.
const STACK_SIZE: &str = "65536";

fn example(name: &str) -> PathBuf {
    examples_dir("tail-calls").join(format!("{name}.wat"))
}

/// Builds `name` with the small stack in every build variant; returns the executables.
fn build_small_stack(name: &str, tmp: &TempDir) -> Vec<(String, PathBuf)> {
    BUILD_VARIANTS
        .iter()
        .map(|(opt, libc)| {
            let what = format!("{name} -O {opt} --libc {libc} --stack-size {STACK_SIZE}");
            let exe = tmp.join(format!("{name}-{opt}-{libc}"));
            let flags = ["-O", opt, "--libc", libc, "--stack-size", STACK_SIZE];
            let out = build(&example(name), &exe, &flags);
            out.assert_no_panic();
            assert!(out.success(), "{what}: build failed\n{}", out.report());
            (what, exe)
        })
        .collect()
}

#[test]
fn tail_calls_run_in_constant_stack() {
    let mut cmd = Command::new(wasmtime49());
    cmd.args(["run", "-W", "tail-call=y"])
        .arg(example("state-machine"));
    let reference = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    reference.assert_success();
    assert_eq!(reference.stdout, "199999999\n199999999\n1800000000\n");
    let tmp = TempDir::new("tail-calls");
    for (what, exe) in build_small_stack("state-machine", &tmp) {
        let out = run_exe(&exe, &[]);
        out.assert_no_panic();
        assert!(out.success(), "{what}\n{}", out.report());
        assert_eq!(out.stdout, reference.stdout, "{what}\n{}", out.report());
    }
}

#[test]
fn recursion_through_call_still_exhausts_the_stack() {
    let tmp = TempDir::new("deep-recursion");
    for (what, exe) in build_small_stack("deep-recursion", &tmp) {
        let out = run_exe(&exe, &[]);
        out.assert_no_panic();
        assert_eq!(out.code(), Some(TRAP_EXIT), "{what}\n{}", out.report());
        assert!(
            out.stderr.contains("wasm trap: call stack exhausted"),
            "{what}\n{}",
            out.report()
        );
    }
}

/// `;; expect NAME: RESULT` lines of an example.
fn expectations(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .filter_map(|l| l.strip_prefix(";; expect ")?.split_once(": "))
        .collect()
}

#[test]
fn host_functions_through_tables_and_tail_calls() {
    let wat = example("host-through-tables");
    let text = read_text(&wat);
    let tmp = TempDir::new("host-through-tables");
    let expected = expectations(&text);
    assert!(!expected.is_empty());
    for (name, want) in expected {
        let mut cmd = Command::new(wasmtime49());
        cmd.args(["run", "--invoke", name]).arg(&wat);
        let reference = run_with_timeout(&mut cmd, RUN_TIMEOUT);
        assert_eq!(reference.stdout.trim(), want, "{}", reference.report());
        for opt in ["none", "speed"] {
            let mut cmd = wasm2native_cmd(&tmp.join("cache"));
            cmd.args(["run", "-O", opt])
                .arg(format!("--invoke={name}"))
                .arg(&wat);
            let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
            out.assert_no_panic();
            assert_eq!(out.stdout.trim(), want, "{name} -O {opt}\n{}", out.report());
        }
    }
}
