//! wasi-threads and atomics end to end (issue 5): every rule has a program, built with
//! `wasm2native build`, run under a timeout and compared with wasmtime 36
//! (`-W threads -S threads`): stdout as a multiset of lines (thread order is free) and the
//! exit status.
//!
//! - examples/threads/*.wat: one hand-written program per rule. Header directives:
//!   `;; expect-exit: N` (the status both runtimes must give), `;; expect-trap: MSG` (our
//!   stderr must have the line `wasm trap: MSG` when the status is 134), and
//!   `;; run: ARGS -> exit N` (run once per line with those arguments instead).
//! - Options: `--max-threads` (spawn-limit.wat gets negative ids past the limit) and
//!   `--thread-stack-size` (deep recursion in a thread traps with `call stack exhausted`).
//! - examples/threads/zig/*.zig: Zig 0.13 programs using std.Thread, built to wasm in the test
//!   run (`.venv/bin/python -m ziglang`, installed by tests/setup.sh) with `-O Debug`, the one
//!   mode that runs right under wasmtime 36: with `-O ReleaseSafe` Zig's code panics at
//!   start-up, and `-O ReleaseFast` condition-handoff hangs pinned to one CPU — under
//!   wasmtime 36 exactly as under wasm2native.
//! - Stress: the hand-off/mutex programs repeated under `taskset -c 0` and `taskset -c 0,1`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One run of an example: program arguments and the exit status both runtimes must give.
struct Run {
    args: Vec<String>,
    exit: i32,
}

struct Directives {
    runs: Vec<Run>,
    trap: Option<String>,
}

fn directives(wat: &Path) -> Directives {
    let text = read_text(wat);
    let mut exit = None;
    let mut trap = None;
    let mut runs = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix(";; expect-exit:") {
            exit = Some(v.trim().parse::<i32>().expect("expect-exit: N"));
        } else if let Some(v) = line.strip_prefix(";; expect-trap:") {
            trap = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix(";; run:") {
            let (args, status) = v.split_once("-> exit").expect("run: ARGS -> exit N");
            runs.push(Run {
                args: args.split_whitespace().map(String::from).collect(),
                exit: status.trim().parse().expect("run: ARGS -> exit N"),
            });
        }
    }
    if runs.is_empty() {
        let exit = exit.unwrap_or_else(|| panic!("{} has no expect-exit", wat.display()));
        runs.push(Run { args: vec![], exit });
    }
    Directives { runs, trap }
}

/// Checks one run of `exe` against wasmtime 36 on `module` and against the expected status.
fn check_against_wasmtime(what: &str, exe: &Path, module: &Path, run: &Run, trap: Option<&str>) {
    let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
    let reference = run_wasmtime(module, &args);
    assert_eq!(
        reference.code(),
        Some(run.exit),
        "{what}: wasmtime 36 gave another status than the program says\n{}",
        reference.report()
    );
    let out = run_exe(exe, &args);
    out.assert_no_panic();
    assert_eq!(
        out.code(),
        Some(run.exit),
        "{what}: exit status differs from wasmtime 36\n{}",
        out.report()
    );
    if let Err(e) = compare_stdout(&out.stdout, &reference.stdout, true) {
        panic!("{what}: {e}\n{}", out.report());
    }
    if run.exit == TRAP_EXIT {
        let msg = trap.unwrap_or_else(|| panic!("{what}: traps but has no expect-trap line"));
        assert_trap_line(what, &out, msg);
    }
}

fn assert_trap_line(what: &str, out: &Output, msg: &str) {
    let line = format!("wasm trap: {msg}");
    assert!(
        out.stderr.lines().any(|l| l.trim_end() == line),
        "{what}: stderr has no line `{line}`\n{}",
        out.report()
    );
}

fn wat(name: &str) -> PathBuf {
    examples_dir("threads").join(format!("{name}.wat"))
}

fn check_wat(name: &str) {
    let file = wat(name);
    let d = directives(&file);
    let tmp = TempDir::new(name);
    for (opt, libc) in BUILD_VARIANTS {
        let exe = build_exe(&file, tmp.path(), opt, libc);
        for run in &d.runs {
            let what = format!("{name} -O {opt} --libc {libc} {:?}", run.args);
            check_against_wasmtime(&what, &exe, &file, run, d.trap.as_deref());
        }
    }
}

macro_rules! wat_tests {
    ($($test:ident => $name:literal,)*) => {
        $(#[test] fn $test() { check_wat($name); })*
        const WAT_EXAMPLES: &[&str] = &[$($name),*];
    };
}

wat_tests! {
    instance_per_thread => "instance-per-thread",
    thread_ids => "thread-ids",
    spawn_limit => "spawn-limit",
    start_returns => "start-returns",
    proc_exit_thread => "proc-exit-thread",
    trap_in_thread => "trap-in-thread",
    wait_results => "wait-results",
    notify_count => "notify-count",
    wait_unshared => "wait-unshared",
    unaligned => "unaligned",
    handoff_stress => "handoff-stress",
    stack_overflow_thread => "stack-overflow-thread",
}

#[test]
fn every_example_has_a_test() {
    for f in example_files("threads", "wat") {
        let stem = file_stem(&f);
        assert!(
            WAT_EXAMPLES.contains(&stem.as_str()),
            "examples/threads/{stem}.wat is not listed in tests/threads.rs"
        );
    }
}

/// Builds `input` with extra build flags into `dir/<name>`.
fn build_with(input: &Path, dir: &Path, name: &str, flags: &[&str]) -> PathBuf {
    let exe = dir.join(name);
    let out = build(input, &exe, flags);
    out.assert_no_panic();
    assert!(out.success(), "build failed\n{}", out.report());
    exe
}

#[test]
fn max_threads_option() {
    let tmp = TempDir::new("max-threads");
    let file = wat("spawn-limit");
    let exe = build_with(&file, tmp.path(), "limit3", &["--max-threads", "3"]);
    let out = run_exe(&exe, &[]);
    out.assert_no_panic().assert_success();
    assert_eq!(
        out.stdout,
        "spawned=3 failed=5 negative=1\n",
        "{}",
        out.report()
    );
    // The same limit through `wasm2native run`.
    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.args(["run", "--max-threads", "2"]).arg(&file);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    out.assert_no_panic().assert_success();
    assert_eq!(
        out.stdout,
        "spawned=2 failed=6 negative=1\n",
        "{}",
        out.report()
    );
}

#[test]
fn thread_stack_size_option() {
    let tmp = TempDir::new("stack-size");
    let file = wat("stack-overflow-thread");
    let small = build_with(
        &file,
        tmp.path(),
        "small",
        &["--thread-stack-size", "65536"],
    );
    let out = run_exe(&small, &[]);
    out.assert_no_panic();
    assert_eq!(out.code(), Some(TRAP_EXIT), "{}", out.report());
    assert_trap_line("64 KiB thread stack", &out, "call stack exhausted");
    // A larger stack than the default is accepted and runs the same program fine.
    let big = build_with(
        &file,
        tmp.path(),
        "big",
        &["--thread-stack-size", "33554432"],
    );
    let out = run_exe(&big, &[]);
    out.assert_no_panic().assert_success();
    assert_eq!(out.stdout, "thread: recursion depth 10000\n");
}

// --- stress ---------------------------------------------------------------------------------

/// Eight threads released at once: even ones trap (`unreachable`), odd ones call
/// `proc_exit(10 + k)`, and `_start` traps too. wasmtime 49 has no threads, so the rule is
/// ours: the first outcome wins, whatever it is.
const RACING_OUTCOMES: &str = r#"
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  (func (export "_start")
    (local $k i32)
    (loop $l
      (drop (call $spawn (local.get $k)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $k) (i32.const 8))))
    ;; Wait until every thread is ready, then release them all.
    (loop $w (br_if $w (i32.lt_u (i32.atomic.load (i32.const 0)) (i32.const 8))))
    (i32.atomic.store (i32.const 4) (i32.const 1))
    unreachable)
  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (loop $w (br_if $w (i32.eqz (i32.atomic.load (i32.const 4)))))
    (if (i32.and (local.get $k) (i32.const 1))
      (then (call $proc_exit (i32.add (i32.const 10) (local.get $k))))
      (else unreachable))))
"#;

/// Exactly one outcome per process: when threads trap and exit at once, the process prints at
/// most one trap report, and its status is that report's (134) or, with no report, one of the
/// exits' — never a report with another thread's status. 150 runs, half pinned to one CPU.
#[test]
fn racing_traps_and_exits_give_one_outcome() {
    let tmp = TempDir::new("racing-outcomes");
    let file = tmp.join("racing.wat");
    std::fs::write(&file, RACING_OUTCOMES).unwrap();
    let exe = build_with(&file, tmp.path(), "racing", &[]);
    let mut seen = std::collections::BTreeMap::new();
    for i in 0..150 {
        let mut cmd = Command::new("taskset");
        cmd.args(["-c", if i % 2 == 0 { "0" } else { "0,1" }])
            .arg(&exe);
        let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
        out.assert_no_panic();
        let reports = out.stderr.matches("wasm trap:").count();
        let code = out.code().unwrap_or(-1);
        let ok = match code {
            134 => reports == 1 && out.stderr.contains("wasm trap: unreachable"),
            11 | 13 | 15 | 17 => reports == 0 && out.stderr.is_empty(),
            _ => false,
        };
        assert!(ok, "run {i}: more than one outcome\n{}", out.report());
        *seen.entry(code).or_insert(0) += 1;
    }
    println!("outcomes (status: runs): {seen:?}");
}

/// Runs `exe` `times` times under `taskset -c <cpus>`, each run with the default timeout,
/// and requires exactly `expected` stdout and success every time.
fn repeat_pinned(exe: &Path, cpus: &str, times: usize, expected: &str) {
    for i in 0..times {
        let mut cmd = Command::new("taskset");
        cmd.args(["-c", cpus]).arg(exe);
        let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
        out.assert_no_panic().assert_success();
        if let Err(e) = compare_stdout(&out.stdout, expected, true) {
            panic!("run {i} on CPUs {cpus}: {e}\n{}", out.report());
        }
    }
}

#[test]
fn stress_wat_handoffs() {
    let tmp = TempDir::new("stress-wat");
    let file = wat("handoff-stress");
    let expected = run_wasmtime(&file, &[]).stdout;
    assert!(expected.contains("mutex count: 80000\n"), "{expected}");
    for libc in LIBCS {
        let exe = build_exe(&file, tmp.path(), "speed", libc);
        repeat_pinned(&exe, "0", 10, &expected);
        repeat_pinned(&exe, "0,1", 10, &expected);
    }
}

/// Zig 0.13 (from tests/setup.sh's venv) building `examples/threads/zig/<name>.zig` into
/// `dir/<name>-<mode>.wasm` with the wasi-threads flags of TOOLCHAINS.md.
fn zig_build(name: &str, mode: &str, dir: &Path) -> PathBuf {
    let python = repo_root().join(".venv/bin/python");
    assert!(
        python.is_file(),
        "{} is missing: run tests/setup.sh",
        python.display()
    );
    let src = examples_dir("threads")
        .join("zig")
        .join(format!("{name}.zig"));
    let out_file = dir.join(format!("{name}-{mode}.wasm"));
    let mut cmd = Command::new(python);
    cmd.args(["-m", "ziglang", "build-exe"])
        .arg(&src)
        .args([
            "-target",
            "wasm32-wasi",
            "-fno-single-threaded",
            "-mcpu=generic+atomics+bulk_memory",
            "--shared-memory",
            "--import-memory",
            "--export-memory",
            "--max-memory=67108864",
            "--export=wasi_thread_start",
            "-O",
            mode,
        ])
        .arg(format!("-femit-bin={}", out_file.display()))
        .current_dir(dir);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert!(out.success(), "zig build failed\n{}", out.report());
    out_file
}

/// Builds a Zig program (`-O Debug`, see the module docs), checks it against wasmtime 36
/// (which must print `must_contain`), then repeats the wasm2native executable on 1 and 2 CPUs.
fn check_zig(name: &str, must_contain: &str) {
    let tmp = TempDir::new(&format!("zig-{name}"));
    let mode = "Debug";
    let wasm = zig_build(name, mode, tmp.path());
    let reference = run_wasmtime(&wasm, &[]);
    assert!(
        reference.success() && reference.stdout.contains(must_contain),
        "{name} -O {mode}: wasmtime 36 does not run it right\n{}",
        reference.report()
    );
    let run = Run {
        args: vec![],
        exit: 0,
    };
    for libc in LIBCS {
        let exe = build_exe(&wasm, tmp.path(), "speed", libc);
        let what = format!("{name} -O {mode} --libc {libc}");
        check_against_wasmtime(&what, &exe, &wasm, &run, None);
        repeat_pinned(&exe, "0", 5, &reference.stdout);
        repeat_pinned(&exe, "0,1", 5, &reference.stdout);
    }
}

#[test]
fn zig_mutex_counter() {
    check_zig("mutex-counter", "counter = 160000 (expected 160000)\n");
}

#[test]
fn zig_condition_handoff() {
    check_zig(
        "condition-handoff",
        "received 40000 items, sum 800020000 (expected 800020000)\n",
    );
}

#[test]
fn zig_atomics() {
    check_zig(
        "atomics",
        "add32 = 200000\nsub32 = 0\ncas32 = 600000\nreleased = 4\n",
    );
}
