//! Typed function references (examples/funcref/typed-refs.wat): `call_ref`,
//! `return_call_ref`, `br_on_null`, `br_on_non_null` and `ref.as_non_null` return what
//! wasmtime 49 returns, and null references trap with the spec's messages.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    examples_dir("funcref").join("typed-refs.wat")
}

/// `;; PREFIX NAME: TEXT` lines of the example.
fn annotated<'t>(text: &'t str, prefix: &str) -> Vec<(&'t str, &'t str)> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix(prefix)?.split_once(": "))
        .collect()
}

/// `wasm2native run --invoke=name` at `-O opt`.
fn invoke(wat: &Path, cache: &Path, name: &str, opt: &str) -> Output {
    let mut cmd = wasm2native_cmd(cache);
    cmd.args(["run", "-O", opt])
        .arg(format!("--invoke={name}"))
        .arg(wat);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_no_panic();
    out
}

fn wasmtime_invoke(wat: &Path, name: &str) -> Output {
    let mut cmd = Command::new(wasmtime49());
    cmd.args(["run", "--invoke", name]).arg(wat);
    run_with_timeout(&mut cmd, RUN_TIMEOUT)
}

#[test]
fn typed_function_references_return_what_wasmtime_returns() {
    let wat = example();
    let text = read_text(&wat);
    let tmp = TempDir::new("funcref");
    let expected = annotated(&text, ";; expect ");
    assert_eq!(expected.len(), 3);
    for (name, want) in expected {
        let reference = wasmtime_invoke(&wat, name);
        assert_eq!(reference.stdout.trim(), want, "{}", reference.report());
        for opt in ["none", "speed"] {
            let out = invoke(&wat, &tmp.join("cache"), name, opt);
            assert_eq!(out.stdout.trim(), want, "{name} -O {opt}\n{}", out.report());
        }
    }
}

#[test]
fn null_references_trap() {
    let wat = example();
    let text = read_text(&wat);
    let tmp = TempDir::new("funcref-traps");
    let traps = annotated(&text, ";; traps ");
    assert_eq!(traps.len(), 2);
    for (name, message) in traps {
        let message = message.split(" (").next().unwrap_or(message);
        let reference = wasmtime_invoke(&wat, name);
        assert!(
            reference.stderr.contains("wasm trap: null"),
            "{}",
            reference.report()
        );
        for opt in ["none", "speed"] {
            let out = invoke(&wat, &tmp.join("cache"), name, opt);
            assert_eq!(out.code(), Some(TRAP_EXIT), "{name}\n{}", out.report());
            let line = format!("wasm trap: {message}\n");
            assert!(out.stderr.contains(&line), "{name}\n{}", out.report());
        }
    }
}
