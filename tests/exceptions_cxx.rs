//! C++ programs that use exceptions (tests/cxx/*.cpp), against wasmtime 49.
//!
//! The toolchain here is Debian's: clang-19 with `-fwasm-exceptions`, wasi-libc, and libc++ /
//! libc++abi for wasm32 (libc++-19-dev-wasm32, libc++abi-19-dev-wasm32). Two gaps, and what
//! fills them:
//! - Debian's libc++abi for wasm32 is built without exceptions (no `__cxa_throw`, no
//!   personality) and there is no wasm libunwind: tests/cxx/cxxrt.cpp is a minimal exception
//!   runtime of our own, linked into every program (its header says what it does not do);
//! - clang-19 emits only the legacy encoding (`try`/`catch`/`rethrow`/`delegate`; LLVM 19 has
//!   no `-wasm-use-legacy-eh=false`), which wasmtime 49 does not run: binaryen's
//!   `wasm-opt --translate-to-exnref` (npm `binaryen` 132, tests/setup.sh) turns each program
//!   into the standard encoding (`try_table`/`throw_ref`/`exnref`), names kept (`-g`).
//!
//! Each program's standard build runs under wasmtime 49 and, built by wasm2native in every
//! build variant, must print the same stdout (also checked against tests/cxx/NAME.expected)
//! and end with the same exit status; stderr is empty for programs that end normally, and for
//! the two that do not (an exception escaping `main` and `_start`: exit 1; an exception leaving
//! a `noexcept` function: std::terminate → abort → trap, 134) each runtime prints its own form
//! of the same error. The legacy build (which wasmtime 49 must reject, showing the two builds
//! really differ) must give, under wasm2native, exactly the standard build's output, stderr
//! included.
//!
//! [`throw_loop_memory`] bounds the peak memory of 10^5 throws, in both encodings.
//!
//! Missing tools fail the tests with a pointer to tests/setup.sh; nothing is skipped.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// wasmtime 49 is slow at throwing (throw_loop's 10^5 iterations take it ~12 s alone).
const WASMTIME_TIMEOUT: Duration = Duration::from_secs(240);

/// clang-19 with the wasm32-wasi sysroot and libc++ (Debian packages, tests/setup.sh).
fn clang() -> &'static str {
    let ok = tool_runs("clang++-19");
    assert!(
        ok && Path::new("/usr/lib/wasm32-wasi/libc.a").is_file()
            && Path::new("/usr/lib/wasm32-wasi/libc++abi.a").is_file()
            && Path::new("/usr/include/wasm32-wasi/c++/v1/cxxabi.h").is_file(),
        "clang++-19, the wasm32-wasi sysroot (wasi-libc) or libc++ for wasm32 \
         (libc++-19-dev-wasm32, libc++abi-19-dev-wasm32) is missing: run tests/setup.sh \
         (tests/run does it for you)"
    );
    "clang++-19"
}

/// binaryen's wasm-opt: `$WASM_OPT` if set, else `.venv/bin/wasm-opt` (tests/setup.sh).
fn wasm_opt() -> PathBuf {
    let path = match std::env::var_os("WASM_OPT") {
        Some(p) => PathBuf::from(p),
        None => repo_root().join(".venv/bin/wasm-opt"),
    };
    assert!(
        path.is_file(),
        "binaryen's wasm-opt is missing at {}: run tests/setup.sh (tests/run does it for you)",
        path.display()
    );
    path
}

fn cxx_dir() -> PathBuf {
    repo_root().join("tests/cxx")
}

/// A program's two builds.
struct Builds {
    legacy: PathBuf,
    standard: PathBuf,
}

/// Compiles tests/cxx/`name`.cpp with the runtime into `dir`: the legacy encoding as clang-19
/// emits it, and its translation to the standard encoding.
fn compile(name: &str, dir: &Path) -> Builds {
    let legacy = dir.join(format!("{name}.legacy.wasm"));
    let standard = dir.join(format!("{name}.standard.wasm"));
    let mut cmd = Command::new(clang());
    cmd.args([
        "--target=wasm32-wasi",
        "--sysroot=/usr",
        "-O2",
        "-fwasm-exceptions",
    ])
    .arg(cxx_dir().join(format!("{name}.cpp")))
    .arg(cxx_dir().join("cxxrt.cpp"))
    .arg("-o")
    .arg(&legacy);
    let o = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert!(
        o.success() && legacy.is_file(),
        "clang failed\n{}",
        o.report()
    );
    let mut cmd = Command::new(wasm_opt());
    cmd.args([
        "-g",
        "--enable-exception-handling",
        "--enable-reference-types",
        "--translate-to-exnref",
    ])
    .arg(&legacy)
    .arg("-o")
    .arg(&standard);
    let o = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert!(
        o.success() && standard.is_file(),
        "wasm-opt failed\n{}",
        o.report()
    );
    Builds { legacy, standard }
}

fn wasmtime_run(module: &Path) -> Output {
    let mut cmd = Command::new(wasmtime49());
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .arg("run")
        .arg(module);
    run_with_timeout(&mut cmd, WASMTIME_TIMEOUT)
}

/// How a program ends.
#[derive(Clone, Copy, PartialEq, Debug)]
enum End {
    Normally,
    /// An exception escapes `_start`: exit 1, an error on stderr whose wasm backtrace starts
    /// in this function.
    Uncaught(&'static str),
    /// std::terminate → abort: the `unreachable` trap, exit 134.
    Terminate,
}

impl End {
    fn status(self) -> i32 {
        match self {
            End::Normally => 0,
            End::Uncaught(_) => 1,
            End::Terminate => TRAP_EXIT,
        }
    }

    /// Checks the stderr of wasmtime (`reference`) or of a wasm2native executable.
    fn check_stderr(self, out: &Output, reference: bool) {
        let ok = match (self, reference) {
            (End::Normally, _) => out.stderr.is_empty(),
            (End::Uncaught(f), true) => {
                out.stderr.contains("thrown Wasm exception") && out.stderr.contains(f)
            }
            (End::Uncaught(f), false) => without_backtrace_offsets(&out.stderr).starts_with(
                &format!("error: uncaught wasm exception\nwasm backtrace:\n    0: {f}\n"),
            ),
            (End::Terminate, true) => out
                .stderr
                .contains("wasm trap: wasm `unreachable` instruction executed"),
            (End::Terminate, false) => out.stderr.starts_with("wasm trap: unreachable\n"),
        };
        assert!(ok, "unexpected stderr for {self:?}\n{}", out.report());
    }
}

/// Compiles, runs and compares program `name` (see the module documentation).
fn check_program(name: &str, end: End) {
    let tmp = TempDir::new(&format!("cxx-{name}"));
    let builds = compile(name, tmp.path());
    let expected = read_text(&cxx_dir().join(format!("{name}.expected")));

    let reference = wasmtime_run(&builds.standard);
    assert_eq!(
        reference.code(),
        Some(end.status()),
        "wasmtime 49\n{}",
        reference.report()
    );
    if let Err(diff) = compare_stdout(&reference.stdout, &expected, false) {
        panic!(
            "wasmtime 49 differs from tests/cxx/{name}.expected: {diff}\n{}",
            reference.report()
        );
    }
    end.check_stderr(&reference, true);

    let rejected = wasmtime_run(&builds.legacy);
    assert!(
        !rejected.success() && rejected.stderr.contains("legacy_exceptions"),
        "wasmtime 49 should reject the legacy encoding\n{}",
        rejected.report()
    );

    for (opt, libc) in BUILD_VARIANTS {
        let mut standard_out: Option<Output> = None;
        for (encoding, module) in [("standard", &builds.standard), ("legacy", &builds.legacy)] {
            let exe = build_exe(module, tmp.path(), opt, libc);
            let out = run_exe(&exe, &[]);
            out.assert_no_panic();
            let what = format!("{name}, {encoding} encoding, -O {opt} --libc {libc}");
            assert_eq!(
                out.code(),
                reference.code(),
                "{what}: exit status differs from wasmtime 49's\n{}",
                out.report()
            );
            if let Err(diff) = compare_stdout(&out.stdout, &reference.stdout, false) {
                panic!("{what}: {diff}\n{}", out.report());
            }
            end.check_stderr(&out, false);
            match &standard_out {
                None => standard_out = Some(out),
                // The encodings' byte offsets differ; the frames must not.
                Some(standard) => assert_eq!(
                    without_backtrace_offsets(&out.stderr),
                    without_backtrace_offsets(&standard.stderr),
                    "{what}: stderr differs from the standard build's\n{}",
                    out.report()
                ),
            }
        }
    }
}

#[test]
fn deep_unwind_through_60_frames_with_destructors() {
    check_program("deep_unwind", End::Normally);
}

#[test]
fn catch_by_type() {
    check_program("catch_by_type", End::Normally);
}

#[test]
fn rethrow_and_nested_try_in_handlers() {
    check_program("rethrow", End::Normally);
}

#[test]
fn exceptions_thrown_on_cleanup_paths() {
    check_program("cleanup_paths", End::Normally);
}

#[test]
fn exceptions_carrying_data() {
    check_program("payloads", End::Normally);
}

#[test]
fn a_hundred_thousand_throws() {
    check_program("throw_loop", End::Normally);
}

#[test]
fn an_exception_escaping_main_and_start() {
    check_program("uncaught", End::Uncaught("descend(int)"));
}

#[test]
fn an_exception_leaving_a_noexcept_function_terminates() {
    check_program("terminate", End::Terminate);
}

/// In the standard encoding clang's cleanups (destructors run while an exception passes) and
/// `throw;` are `catch_all_ref` + `throw_ref`: the exnref is held by the frame that caught it
/// and released when the frame returns or is unwound (rt/abi/src/exn.rs). They once leaked one
/// object per exception that passed a destructor; the reduced reproducer is
/// examples/regress/exceptions/exnref-rethrow-leak.wat.
///
/// Peak resident memory in KiB of `exe args…`, which must succeed.
fn peak_kib(exe: &Path, args: &[&str]) -> u64 {
    let (out, peak) = run_measuring_peak("", exe, args);
    out.assert_success();
    peak
}

/// 10^5 iterations of tests/cxx/throw_loop.cpp (several throws each, through destructors,
/// with heap-owning payloads, rethrown by `throw;`) must not take more memory than 10^4
/// (1 MiB of slack; a leak of one 32-byte object per iteration would be 2.8 MiB). The program
/// itself checks that linear memory does not grow and that every payload was destroyed.
#[test]
fn throw_loop_memory() {
    let tmp = TempDir::new("cxx-throw-loop-memory");
    let builds = compile("throw_loop", tmp.path());
    let growth = |module: &Path| {
        let exe = build_exe(module, tmp.path(), "speed", "musl");
        let small = peak_kib(&exe, &["10000"]);
        let large = peak_kib(&exe, &["100000"]);
        large.saturating_sub(small)
    };
    let legacy = growth(&builds.legacy);
    assert!(
        legacy < 1024,
        "legacy encoding: 10^5 iterations take {legacy} KiB more than 10^4"
    );
    let standard = growth(&builds.standard);
    assert!(
        standard < 1024,
        "standard encoding: 10^5 iterations take {standard} KiB more than 10^4"
    );
    // The reduced reproducer: a million catch_all_ref + throw_ref.
    let wat = examples_dir("regress").join("exceptions/exnref-rethrow-leak.wat");
    let exe = build_exe(&wat, tmp.path(), "speed", "musl");
    let peak = peak_kib(&exe, &[]);
    assert!(
        peak < 16 * 1024,
        "{}: peak memory {peak} KiB",
        wat.display()
    );
}
