//! The command line of `wasm2native`: error reporting (malformed, invalid, unlinkable modules;
//! bad flags), the compile cache of `run`, `--emit obj`, `--invoke`, argument pass-through and
//! exit codes. Programs used here live in examples/errors/ and examples/cli/; where a reference
//! makes sense, results are compared with wasmtime 36.

mod common;

use common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

fn errors_file(name: &str) -> PathBuf {
    examples_dir("errors").join(name)
}

fn cli_file(name: &str) -> PathBuf {
    examples_dir("cli").join(name)
}

/// `build` and `run` of `input` must both fail cleanly: non-zero exit, stderr starting with
/// `error:` and mentioning one of `words` (case-insensitive), no panic, no executable written.
/// wasmtime 36 must reject the module too.
fn check_rejected(input: &Path, words: &[&str]) {
    let tmp = TempDir::new(&file_stem(input));
    let exe = tmp.join("out");
    let build_out = build(input, &exe, &[]);
    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.arg("run").arg(input);
    let run_out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    for out in [&build_out, &run_out] {
        out.assert_no_panic();
        assert!(!out.success(), "expected failure\n{}", out.report());
        out.assert_error_message();
        let lower = out.stderr.to_lowercase();
        assert!(
            words.iter().any(|w| lower.contains(&w.to_lowercase())),
            "stderr should mention one of {words:?}\n{}",
            out.report()
        );
    }
    assert!(
        !exe.exists(),
        "a failed build left {} behind",
        exe.display()
    );
    let reference = run_wasmtime(input, &[]);
    assert!(
        !reference.success(),
        "wasmtime 36 accepted it\n{}",
        reference.report()
    );
}

#[test]
fn malformed_module_is_an_error() {
    // A valid header followed by a truncated/garbled section.
    check_rejected(
        &errors_file("malformed.wasm"),
        &[
            "malformed.wasm",
            "malformed",
            "invalid",
            "unexpected",
            "end of file",
            "eof",
            "offset",
        ],
    );
}

#[test]
fn garbage_file_is_an_error() {
    // Not WebAssembly at all (neither binary nor text).
    check_rejected(
        &errors_file("garbage.wasm"),
        &[
            "garbage.wasm",
            "magic",
            "malformed",
            "invalid",
            "utf-8",
            "utf8",
            "expected",
            "parse",
        ],
    );
}

#[test]
fn unknown_wasi_import_is_an_error() {
    check_rejected(&errors_file("unknown-import.wat"), &["no_such_fn"]);
}

#[test]
fn unknown_env_import_is_an_error() {
    check_rejected(&errors_file("unknown-env-import.wat"), &["foo"]);
}

#[test]
fn invalid_module_is_an_error() {
    check_rejected(&errors_file("type-error.wat"), &["type mismatch"]);
}

#[test]
fn missing_input_file_is_an_error() {
    let tmp = TempDir::new("missing-input");
    let input = tmp.join("no-such-file.wasm");
    let out = build(&input, &tmp.join("out"), &[]);
    out.assert_no_panic();
    assert!(!out.success(), "expected failure\n{}", out.report());
    out.assert_error_message();
    assert!(
        out.stderr.contains("no-such-file.wasm"),
        "stderr should name the file\n{}",
        out.report()
    );
}

/// A module that needs a feature wasm2native does not implement is refused with the feature's
/// name, never as "invalid"; one that needs a feature turned off names the flag that turns
/// it on; a component is said to be one. Exit status 1, nothing written.
#[test]
fn features_are_named_in_errors() {
    let tmp = TempDir::new("features");
    let component = tmp.join("component.wasm");
    std::fs::write(&component, b"\0asm\x0d\0\x01\0").unwrap();
    let cases: [(&str, &[&str], &str); 9] = [
        (
            "(module (func $f (return_call $f)))",
            &["--disable", "tail-call"],
            "error: tail-call is not enabled (",
        ),
        (
            "(module (tag $t) (func (throw $t)))",
            &["--disable", "exceptions"],
            "error: exceptions is not enabled (",
        ),
        (
            "(module (memory i64 1))",
            &["--disable", "memory64"],
            "error: memory64 is not enabled (",
        ),
        (
            "(module (memory 1 (pagesize 1)))",
            &[],
            "error: custom-page-sizes is not enabled (",
        ),
        (
            "(module (memory 1) (memory 1))",
            &["--disable", "multi-memory"],
            "error: multi-memory is not enabled (",
        ),
        (
            "(module (func (drop (v128.const i64x2 0 0))))",
            &["--disable", "simd"],
            "error: simd is not enabled (",
        ),
        (
            "(module (func (drop (i8x16.relaxed_swizzle (v128.const i64x2 0 0) (v128.const i64x2 0 0)))))",
            &["--disable", "relaxed-simd"],
            "error: relaxed-simd is not enabled (",
        ),
        (
            "(module)",
            &["--enable", "gc"],
            "error: unsupported: garbage collection (gc)",
        ),
        ("", &[], "error: this is a WebAssembly component"),
    ];
    for (i, (text, flags, expected)) in cases.iter().enumerate() {
        let input = if text.is_empty() {
            component.clone()
        } else {
            let path = tmp.join(format!("case{i}.wat"));
            std::fs::write(&path, text).unwrap();
            path
        };
        let exe = tmp.join(format!("case{i}"));
        let out = build(&input, &exe, flags);
        out.assert_no_panic();
        assert_eq!(out.code(), Some(1), "{text}\n{}", out.report());
        assert!(out.stderr.starts_with(expected), "{text}\n{}", out.report());
        assert!(!out.stderr.contains("invalid"), "{text}\n{}", out.report());
        assert!(!exe.exists(), "{text}: a failed build left an executable");
    }
}

/// A small module that declares a huge structure costs in proportion to what it uses: a 3 MB
/// module declaring a million function types (one used) builds within a fixed time and a
/// small executable (it took 55 s and a 111 MB executable when every type got a trampoline),
/// and runs.
#[test]
fn a_million_declared_types_build_quickly() {
    fn leb(mut n: usize, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    fn section(id: u8, payload: &[u8], out: &mut Vec<u8>) {
        out.push(id);
        leb(payload.len(), out);
        out.extend_from_slice(payload);
    }
    const TYPES: usize = 1_000_000;
    let mut types = Vec::new();
    leb(TYPES, &mut types);
    for _ in 0..TYPES {
        types.extend_from_slice(&[0x60, 0, 0]);
    }
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    section(1, &types, &mut wasm);
    section(3, &[1, 0], &mut wasm);
    section(7, b"\x01\x06_start\x00\x00", &mut wasm);
    section(10, &[1, 2, 0, 0x0b], &mut wasm);
    let tmp = TempDir::new("many-types");
    let input = tmp.join("many-types.wasm");
    std::fs::write(&input, &wasm).unwrap();
    let exe = tmp.join("many-types");
    let started = std::time::Instant::now();
    build(&input, &exe, &[]).assert_no_panic().assert_success();
    let took = started.elapsed();
    assert!(took.as_secs() < 30, "building took {took:?}");
    let size = std::fs::metadata(&exe).unwrap().len();
    assert!(size < 32 << 20, "a {size}-byte executable");
    run_exe(&exe, &[]).assert_no_panic().assert_success();
}

/// 200,000 small functions nothing calls build in memory proportional to the compiled code,
/// not to every function's IR: the build kept each small function's translated body for
/// inlining (1.1 GB here; 0.36 GB now; wasmtime 49 compile: 1.1 GB), now only those some call or
/// table can reach.
#[test]
fn many_uncalled_small_functions_build_in_bounded_memory() {
    let mut wat = String::from("(module\n");
    for i in 0..200_000 {
        wat.push_str(&format!("(func (result i32) i32.const {i})\n"));
    }
    wat.push_str("(func (export \"_start\")))\n");
    let tmp = TempDir::new("many-funcs");
    let input = tmp.join("many-funcs.wat");
    std::fs::write(&input, wat).unwrap();
    let exe = tmp.join("many-funcs");
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-cache");
    let compiler = wasm2native();
    let (out, peak_kb) = run_measuring_peak(
        &format!("WASM2NATIVE_CACHE_DIR={}", cache.display()),
        &compiler,
        &[
            "build",
            "-q",
            input.to_str().unwrap(),
            "-o",
            exe.to_str().unwrap(),
        ],
    );
    out.assert_no_panic().assert_success();
    assert!(
        peak_kb < 600 << 10,
        "the build peaked at {} MB",
        peak_kb >> 10
    );
    run_exe(&exe, &[]).assert_no_panic().assert_success();
}

#[test]
fn every_error_example_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(examples_dir("errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "garbage.wasm",
            "malformed.wasm",
            "type-error.wat",
            "unknown-env-import.wat",
            "unknown-import.wat"
        ],
        "examples/errors/ and tests/cli.rs differ"
    );
}

/// Unknown flags and subcommands exit with 2 and name the word; a near miss gets the real
/// flag suggested, and no error suggests passing an option after `--` as a file name.
#[test]
fn bad_flag_is_a_usage_error() {
    for (args, tip) in [
        (&["build", "--no-such-flag"][..], None),
        (&["build", "--target", "x86-64", "x.wat"][..], None),
        (&["build", "--emitt", "asm", "x.wat"][..], Some("'--emit'")),
        (&["run", "--no-such-flag", "x.wat"][..], None),
        (&["run", "--dirr", "x", "x.wat"][..], Some("'--dir'")),
        (&["no-such-subcommand"][..], None),
        (&["biuld", "x.wat"][..], Some("'build'")),
    ] {
        let tmp = TempDir::new("bad-flag");
        let mut cmd = wasm2native_cmd(tmp.path());
        cmd.args(args);
        let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
        out.assert_no_panic();
        assert_eq!(
            out.code(),
            Some(2),
            "usage errors exit with 2\n{}",
            out.report()
        );
        out.assert_error_message();
        assert!(!out.stderr.contains("use '--"), "{}", out.report());
        if let Some(tip) = tip {
            assert!(out.stderr.contains(tip), "no tip {tip}\n{}", out.report());
        }
    }
}

#[test]
fn help_names_the_subcommands() {
    let tmp = TempDir::new("help");
    let mut cmd = wasm2native_cmd(tmp.path());
    cmd.arg("--help");
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_success();
    assert!(
        out.stdout.contains("build") && out.stdout.contains("run"),
        "{}",
        out.report()
    );
}

/// `run` compiles into the cache (`WASM2NATIVE_CACHE_DIR`) once; a second run of the same file
/// reuses the entry, rewriting nothing but marking it used (its executable's mtime, which
/// least-recently-used eviction reads); a changed module gets a new entry and its new output.
#[test]
fn run_uses_the_cache() {
    let tmp = TempDir::new("cache");
    let cache = tmp.join("cache");
    let wat = tmp.join("hello.wat");
    let source = read_text(&examples_dir("seed").join("01-hello.wat"));
    std::fs::write(&wat, &source).unwrap();

    let run = |expect: &str| {
        let mut cmd = wasm2native_cmd(&cache);
        cmd.arg("run").arg(&wat);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_success();
        assert_eq!(out.stdout, expect, "{}", out.report());
    };

    run("Hello, world!\n");
    let first = snapshot_dir(&cache);
    assert_eq!(
        count_entries(&cache),
        1,
        "after one `run`, the cache should hold one entry: {first:#?}"
    );
    let runtime = std::fs::read_dir(cache.join("runtime"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(
        runtime, 1,
        "the cache should hold the runtime library once: {first:#?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(1100)); // coarse mtime clocks
    run("Hello, world!\n");
    let second = snapshot_dir(&cache);
    let files = |s: &std::collections::BTreeMap<PathBuf, (u64, std::time::SystemTime)>| {
        s.iter()
            .map(|(p, (len, _))| (p.clone(), *len))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        files(&second),
        files(&first),
        "the second `run` of the same module changed the cache"
    );
    let used_again = second
        .iter()
        .filter(|(p, (_, t))| first[*p].1 < *t)
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(
        used_again.len() == 1 && used_again[0].contains("/exe-"),
        "a hit marks its executable used, nothing else: {used_again:?}"
    );

    // Same length, different text: the cache key must depend on the content, not the path
    // or the size.
    std::fs::write(&wat, source.replace("Hello, world!", "Hello, cache!")).unwrap();
    run("Hello, cache!\n");
    let third = snapshot_dir(&cache);
    assert!(
        third.len() > first.len(),
        "a changed module should add a cache entry: {third:#?}"
    );
}

/// Without a writable cache directory, `build` still links (the runtime library goes to a
/// scratch directory instead).
#[test]
fn build_without_a_writable_cache() {
    let tmp = TempDir::new("no-cache");
    let not_a_dir = tmp.join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    let exe = tmp.join("hello");
    let mut cmd = wasm2native_cmd(&not_a_dir.join("cache"));
    cmd.arg("build")
        .arg(examples_dir("seed").join("01-hello.wat"))
        .arg("-o")
        .arg(&exe);
    run_with_timeout(&mut cmd, BUILD_TIMEOUT)
        .assert_no_panic()
        .assert_success();
    let out = run_exe(&exe, &[]);
    out.assert_success();
    assert_eq!(out.stdout, "Hello, world!\n", "{}", out.report());
}

/// `build -o OUT --emit obj` writes the executable OUT and keeps the object file as OUT.o,
/// a relocatable x86_64 ELF object.
#[test]
fn emit_obj_keeps_the_object_file() {
    let tmp = TempDir::new("emit-obj");
    let exe = tmp.join("hello");
    let obj = tmp.join("hello.o");
    let out = build(
        &examples_dir("seed").join("01-hello.wat"),
        &exe,
        &["--emit", "obj"],
    );
    out.assert_no_panic().assert_success();
    let elf_type = |p: &Path| -> Option<u16> {
        let b = std::fs::read(p).ok()?;
        let is_x86_64_elf64 = b.len() > 20
            && b.starts_with(b"\x7fELF")
            && b[4] == 2
            && u16::from_le_bytes([b[18], b[19]]) == 0x3e;
        is_x86_64_elf64.then(|| u16::from_le_bytes([b[16], b[17]]))
    };
    assert_eq!(
        elf_type(&obj),
        Some(1),
        "{} is not a relocatable x86_64 ELF\n{}",
        obj.display(),
        out.report()
    );
    assert!(
        matches!(elf_type(&exe), Some(2 | 3)),
        "{} is not an x86_64 ELF executable\n{}",
        exe.display(),
        out.report()
    );
    let run = run_exe(&exe, &[]);
    run.assert_no_panic().assert_success();
    assert_eq!(run.stdout, "Hello, world!\n", "{}", run.report());
}

/// `run --invoke add add.wat 2 3` calls the export and prints its result, like wasmtime 36.
#[test]
fn invoke_calls_an_export() {
    let tmp = TempDir::new("invoke");
    let wat = cli_file("add.wat");
    for (a, b) in [("2", "3"), ("40", "2"), ("2147483647", "1")] {
        let mut cmd = wasm2native_cmd(&tmp.join("cache"));
        cmd.args(["run", "--invoke", "add"]).arg(&wat).args([a, b]);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_success();

        let mut reference = Command::new(wasmtime36());
        reference
            .args(["run", "--invoke", "add"])
            .arg(&wat)
            .args([a, b]);
        let reference = run_with_timeout(&mut reference, RUN_TIMEOUT);
        reference.assert_success();
        assert_eq!(
            out.stdout.trim(),
            reference.stdout.trim(),
            "add({a}, {b}) differs from wasmtime 36\n{}\n{}",
            out.report(),
            reference.report()
        );
    }
}

/// `--invoke` arguments outside the signed range of the parameter's type are refused (exit 1,
/// nothing called), as wasmtime refuses them; the edges of the range are accepted.
#[test]
fn invoke_rejects_arguments_out_of_range() {
    let tmp = TempDir::new("invoke-range");
    let wat = cli_file("add.wat");
    for (a, ok) in [
        ("4294967295", false),
        ("0xffffffff", false),
        ("2147483648", false),
        ("-2147483649", false),
        ("-2147483648", true),
        ("0x7fffffff", true),
    ] {
        let mut cmd = wasm2native_cmd(&tmp.join("cache"));
        cmd.args(["run", "--invoke", "add"])
            .arg(&wat)
            .args([a, "0"]);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic();
        let mut reference = Command::new(wasmtime49());
        reference
            .env_remove("RUST_BACKTRACE")
            .args(["run", "--invoke", "add"])
            .arg(&wat)
            .args([a, "0"]);
        let reference = run_with_timeout(&mut reference, RUN_TIMEOUT);
        assert_eq!(
            reference.success(),
            ok,
            "wasmtime 49 on {a}\n{}",
            reference.report()
        );
        if ok {
            out.assert_success();
        } else {
            assert_eq!(out.code(), Some(1), "{a}\n{}", out.report());
            assert!(out.stderr.contains("cannot parse"), "{a}\n{}", out.report());
            assert!(out.stdout.is_empty(), "{a}\n{}", out.report());
        }
    }
}

const ARGS: &[&str] = &["a b", "c", "", "ünïcödé", "--flag", "-O", "--", "x=y"];

/// What `args.wat` prints when given [`ARGS`]: one argument per line.
fn args_output() -> String {
    ARGS.iter().map(|a| format!("{a}\n")).collect()
}

/// Arguments after the executable reach the program unchanged (argv[0] excluded).
#[test]
fn args_pass_through_the_executable() {
    let tmp = TempDir::new("args");
    let wat = cli_file("args.wat");
    let expected = args_output();

    let reference = run_wasmtime(&wat, ARGS);
    reference.assert_success();
    assert_eq!(
        reference.stdout,
        expected,
        "wasmtime 36 disagrees\n{}",
        reference.report()
    );

    for libc in LIBCS {
        let exe = build_exe(&wat, tmp.path(), "speed", libc);
        let out = run_exe(&exe, ARGS);
        out.assert_no_panic().assert_success();
        assert_eq!(out.stdout, expected, "--libc {libc}\n{}", out.report());

        let out = run_exe(&exe, &[]);
        out.assert_no_panic().assert_success();
        assert_eq!(out.stdout, "", "--libc {libc}\n{}", out.report());
    }
}

/// `wasm2native run [OPTIONS] MODULE ARGS...` passes ARGS to the program as `wasmtime run`
/// does: every word after the module, option-like ones and `--` included; a `--` before the
/// module only ends the options. Each form is compared with wasmtime 49.
#[test]
fn args_pass_through_run() {
    let tmp = TempDir::new("args-run");
    let module = cli_file("args.wat");
    let module = module.to_str().unwrap();
    let forms: [Vec<&str>; 5] = [
        [&[module][..], ARGS].concat(),
        [&[module, "--"][..], ARGS].concat(),
        [&["--", module][..], ARGS].concat(),
        [&["-O", "none", module][..], ARGS].concat(),
        vec![module, "--invoke", "x", "--", "-O"],
    ];
    for form in forms {
        let mut cmd = wasm2native_cmd(&tmp.join("cache"));
        cmd.arg("run").args(&form);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_success();
        let mut reference = Command::new(wasmtime49());
        // wasmtime spells the optimisation level `-O opt-level=0`.
        let reference_form: Vec<&str> = form
            .iter()
            .map(|w| if *w == "none" { "opt-level=0" } else { w })
            .collect();
        reference
            .env_remove("RUST_BACKTRACE")
            .arg("run")
            .args(&reference_form);
        let reference = run_with_timeout(&mut reference, RUN_TIMEOUT);
        reference.assert_success();
        assert_eq!(
            out.stdout,
            reference.stdout,
            "run {form:?}\n{}",
            out.report()
        );
    }
}

/// An interpreter loop (`examples/regress/dispatch-loop.wat`, whose results the differential
/// test checks against wasmtime) gets one dispatch per case: the compiled `run` has a
/// `br_table` for each of its ten jumps back to the loop head, besides the original.
#[test]
fn dispatch_loops_are_threaded() {
    let tmp = TempDir::new("threaded");
    let out = tmp.join("dispatch");
    let input = examples_dir("regress").join("dispatch-loop.wat");
    build(&input, &out, &["--emit", "asm"]).assert_success();
    let asm = std::fs::read_to_string(out.with_extension("s")).unwrap();
    let run = asm
        .split("; function ")
        .find(|f| f.starts_with("0 (`run`)"))
        .expect("function `run` in the disassembly");
    assert_eq!(run.matches("br_table").count(), 11, "{run}");
}

/// An executable's memory 0 lives at the address its code has built in; when that address
/// space cannot be reserved (here: a 4 GB virtual-memory limit below the 8 GiB reservation) the
/// program stops with a clear error before running, never with a crash.
#[test]
fn unreservable_memory_is_a_clear_error() {
    let tmp = TempDir::new("no-memory");
    for libc in LIBCS {
        let exe = build_exe(&cli_file("args.wat"), tmp.path(), "speed", libc);
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("ulimit -v 4000000 && exec \"$0\"")
            .arg(&exe);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_error_message();
        assert_eq!(out.code(), Some(1), "--libc {libc}\n{}", out.report());
        assert!(
            out.stderr
                .contains("cannot reserve address space for linear memory at 0x60000000"),
            "--libc {libc}\n{}",
            out.report()
        );
    }
}

/// `--no-fixed-memory` leaves memory 0's placement to the kernel: the code loads the base from
/// the instance instead of using the fixed address as a constant, and the program behaves the
/// same (its output is checked against wasmtime's).
#[test]
fn no_fixed_memory_loads_the_memory_base() {
    let tmp = TempDir::new("no-fixed-memory");
    let wat = cli_file("args.wat");
    let expected = args_output();
    let reference = run_wasmtime(&wat, ARGS);
    assert_eq!(reference.stdout, expected, "{}", reference.report());
    for (name, flags) in [("fixed", &[][..]), ("dynamic", &["--no-fixed-memory"][..])] {
        let exe = tmp.join(name);
        let mut args = vec!["--emit", "clif"];
        args.extend_from_slice(flags);
        build(&wat, &exe, &args).assert_success();
        let clif = std::fs::read_to_string(exe.with_extension("clif")).unwrap();
        assert_eq!(
            clif.contains("iconst.i64 0x6000_0000"),
            flags.is_empty(),
            "{name}:\n{clif}"
        );
        let out = run_exe(&exe, ARGS);
        out.assert_no_panic().assert_success();
        assert_eq!(out.stdout, expected, "{name}\n{}", out.report());
    }
}

/// `proc_exit(7)` ends the process with status 7, after the output written before it.
#[test]
fn proc_exit_sets_the_exit_status() {
    let tmp = TempDir::new("exit-code");
    let wat = cli_file("exit-code.wat");
    let reference = run_wasmtime(&wat, &[]);
    assert_eq!(reference.code(), Some(7), "{}", reference.report());

    for libc in LIBCS {
        let exe = build_exe(&wat, tmp.path(), "speed", libc);
        let out = run_exe(&exe, &[]);
        out.assert_no_panic();
        assert_eq!(out.code(), Some(7), "--libc {libc}\n{}", out.report());
        assert_eq!(
            out.stdout,
            reference.stdout,
            "--libc {libc}\n{}",
            out.report()
        );
    }

    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.arg("run").arg(&wat);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert_eq!(
        out.code(),
        Some(7),
        "`run` must pass the exit status on\n{}",
        out.report()
    );
}

/// Functions of a built executable carry their wasm names as local symbols (`wasm:NAME`, or
/// `wasm:funcN` when unnamed), so `perf` and `gdb` show them.
#[test]
fn executables_have_wasm_function_symbols() {
    let tmp = TempDir::new("symbols");
    let wat = tmp.join("names.wat");
    std::fs::write(
        &wat,
        r#"(module
  (func $helper (result i32) (i32.const 1))
  (func (result i32) (i32.const 2))
  (func $entry (export "_start") (drop (call 0)) (drop (call 1))))"#,
    )
    .unwrap();
    let exe = tmp.join("names");
    build(&wat, &exe, &[]).assert_no_panic().assert_success();
    let nm = std::process::Command::new("nm").arg(&exe).output().unwrap();
    let symbols = String::from_utf8_lossy(&nm.stdout);
    for name in ["wasm:helper", "wasm:func1", "wasm:entry"] {
        assert!(
            symbols.lines().any(|l| l.ends_with(&format!(" t {name}"))),
            "no local symbol {name} in:\n{symbols}"
        );
    }
}

/// Which C library an executable was linked against, read off its bytes: static glibc carries
/// its tunables' names, musl has no such string. Also asserts the executable is static (no
/// program interpreter) and runs `hello.wat` right.
fn linked_libc(exe: &Path) -> &'static str {
    let readelf = Command::new("readelf")
        .arg("-lW")
        .arg(exe)
        .output()
        .unwrap();
    let headers = String::from_utf8_lossy(&readelf.stdout);
    assert!(
        readelf.status.success(),
        "readelf failed on {}",
        exe.display()
    );
    assert!(
        !headers.contains("INTERP"),
        "{} is not static:\n{headers}",
        exe.display()
    );
    let out = run_exe(exe, &[]);
    out.assert_no_panic().assert_success();
    assert_eq!(out.stdout, "Hello, world!\n", "{}", out.report());
    let bytes = std::fs::read(exe).unwrap();
    if bytes.windows(14).any(|w| w == b"GLIBC_TUNABLES") {
        "glibc"
    } else {
        "musl"
    }
}

/// `--libc`: musl and glibc on request; `auto` (the default) takes musl when `musl-gcc` is on
/// PATH (tests/setup.sh installs it) and CC is not set, glibc otherwise; asking for musl
/// without `musl-gcc` is a clear error, not a fallback.
#[test]
fn libc_option_selects_the_c_library() {
    let tmp = TempDir::new("libc");
    let wat = examples_dir("seed").join("01-hello.wat");
    let build_in = |name: &str, flags: &[&str], env: &[(&str, &OsStr)]| {
        let exe = tmp.join(name);
        let mut cmd = wasm2native_cmd(&tmp.join("cache"));
        cmd.arg("build").arg(&wat).arg("-o").arg(&exe).args(flags);
        for (k, v) in env {
            cmd.env(k, v);
        }
        (exe, run_with_timeout(&mut cmd, BUILD_TIMEOUT))
    };
    let built = |(exe, out): (PathBuf, Output)| {
        out.assert_no_panic().assert_success();
        exe
    };
    assert_eq!(
        linked_libc(&built(build_in("musl", &["--libc", "musl"], &[]))),
        "musl"
    );
    assert_eq!(
        linked_libc(&built(build_in("glibc", &["--libc", "glibc"], &[]))),
        "glibc"
    );
    assert_eq!(linked_libc(&built(build_in("auto", &[], &[]))), "musl");
    let cc = OsStr::new("cc");
    assert_eq!(
        linked_libc(&built(build_in("auto-cc", &[], &[("CC", cc)]))),
        "glibc"
    );

    // A PATH with the C compiler and linker but no musl-gcc.
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["cc", "ld"] {
        let host = Path::new("/usr/bin").join(tool);
        std::os::unix::fs::symlink(&host, bin.join(tool)).unwrap();
    }
    let path = bin.as_os_str();
    let no_musl = [("PATH", path)];
    assert_eq!(
        linked_libc(&built(build_in("auto-nomusl", &[], &no_musl))),
        "glibc"
    );
    let (exe, out) = build_in("musl-missing", &["--libc", "musl"], &no_musl);
    out.assert_no_panic().assert_error_message();
    assert!(out.stderr.contains("musl-gcc"), "{}", out.report());
    assert!(!exe.exists(), "an executable was written despite the error");
}

/// `build MODULE` without `-o` writes the executable to the current directory, named after the
/// module without its extension (as compilers and `wasmtime compile` do), not next to the
/// module; a module without an extension in the current directory needs `-o`.
#[test]
fn build_writes_to_the_current_directory_by_default() {
    let tmp = TempDir::new("default-output");
    let (src, cwd) = (tmp.join("src"), tmp.join("cwd"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let module = src.join("hello.wat");
    std::fs::copy(examples_dir("seed").join("01-hello.wat"), &module).unwrap();
    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.current_dir(&cwd).arg("build").arg(&module);
    run_with_timeout(&mut cmd, BUILD_TIMEOUT).assert_success();
    assert!(!src.join("hello").exists(), "written next to the module");
    let out = run_exe(&cwd.join("hello"), &[]);
    out.assert_success();
    assert_eq!(out.stdout, "Hello, world!\n");

    std::fs::copy(&module, cwd.join("noext")).unwrap();
    let mut cmd = wasm2native_cmd(&tmp.join("cache"));
    cmd.current_dir(&cwd).args(["build", "noext"]);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    out.assert_no_panic().assert_error_message();
    assert!(out.stderr.contains("pass -o"), "{}", out.report());
}

/// A syntax error in a `.wat` file names the file and line (`FILE:4:5`), on `build` and `run`.
#[test]
fn text_format_errors_name_the_file() {
    let tmp = TempDir::new("wat-error");
    let wat = tmp.join("broken.wat");
    std::fs::write(&wat, "(module\n  (func\n    i32.const 1\n    bogus))\n").unwrap();
    let where_ = format!("{}:4:5", wat.display());
    for sub in [&["build", "-o", "x"][..], &["run"][..]] {
        let mut cmd = wasm2native_cmd(&tmp.join("cache"));
        cmd.current_dir(tmp.path()).args(sub).arg(&wat);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_error_message();
        assert!(out.stderr.contains(&where_), "{sub:?}\n{}", out.report());
    }
}

/// The module-entry directories of a `run` cache (named by their key), sorted.
fn cache_entries(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "runtime")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Bytes under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    snapshot_dir(dir).values().map(|(len, _)| len).sum()
}

/// `run` keeps its cache under `WASM2NATIVE_CACHE_LIMIT`, removing the least recently used
/// module first (a cache hit counts as a use), never the one it is about to run.
#[test]
fn run_cache_evicts_the_least_recently_used() {
    let tmp = TempDir::new("cache-limit");
    let cache = tmp.join("cache");
    let source = read_text(&examples_dir("seed").join("01-hello.wat"));
    let modules: Vec<PathBuf> = ["A", "B", "C"]
        .iter()
        .map(|m| {
            let wat = tmp.join(format!("hello{m}.wat"));
            std::fs::write(
                &wat,
                source.replace("Hello, world!", &format!("Hello, {}!", m.repeat(5))),
            )
            .unwrap();
            wat
        })
        .collect();
    let run = |i: usize, limit: &str| {
        let mut cmd = wasm2native_cmd(&cache);
        cmd.env("WASM2NATIVE_CACHE_LIMIT", limit)
            .arg("run")
            .arg(&modules[i]);
        let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
        out.assert_no_panic().assert_success();
        let m = ["A", "B", "C"][i];
        assert_eq!(
            out.stdout,
            format!("Hello, {}!\n", m.repeat(5)),
            "{}",
            out.report()
        );
        std::thread::sleep(std::time::Duration::from_millis(1100)); // coarse mtime clocks
        cache_entries(&cache)
    };
    let a = run(0, "1G");
    let with_one = dir_bytes(&cache);
    let ab = run(1, "1G");
    let with_two = dir_bytes(&cache);
    assert_eq!(ab.len(), 2);
    // Room for the runtime and two modules, not three.
    let limit = (with_two + (with_two - with_one) / 2).to_string();
    let b_entry: Vec<&String> = ab.iter().filter(|e| !a.contains(e)).collect();
    run(0, &limit); // a hit: A becomes the most recently used
    let after_c = run(2, &limit);
    assert_eq!(after_c.len(), 2, "{after_c:?}");
    assert!(
        after_c.contains(&a[0]),
        "A was used after B: kept ({after_c:?})"
    );
    assert!(
        !after_c.contains(b_entry[0]),
        "B was least recently used: removed"
    );
    assert!(dir_bytes(&cache) <= limit.parse().unwrap());
    // A limit smaller than one module still runs it (and keeps only it).
    let tiny = run(1, "1K");
    assert_eq!(tiny.len(), 1, "{tiny:?}");
    // A malformed limit is an error.
    let mut cmd = wasm2native_cmd(&cache);
    cmd.env("WASM2NATIVE_CACHE_LIMIT", "lots")
        .arg("run")
        .arg(&modules[0]);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert_eq!(out.code(), Some(1), "{}", out.report());
    assert!(
        out.stderr.contains("WASM2NATIVE_CACHE_LIMIT=`lots`"),
        "{}",
        out.report()
    );
}

/// `cache dir` prints the directory, `cache size` what it holds, `cache clean` empties it of
/// wasm2native's entries and nothing else.
#[test]
fn cache_subcommands_show_and_clean_the_cache() {
    let tmp = TempDir::new("cache-cmd");
    let cache = tmp.join("cache");
    let cache_cmd = |action: &str| {
        let mut cmd = wasm2native_cmd(&cache);
        cmd.args(["cache", action]);
        let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
        out.assert_no_panic().assert_success();
        out.stdout
    };
    assert_eq!(cache_cmd("dir"), format!("{}\n", cache.display()));
    let mut cmd = wasm2native_cmd(&cache);
    cmd.arg("run")
        .arg(examples_dir("seed").join("01-hello.wat"));
    run_with_timeout(&mut cmd, BUILD_TIMEOUT).assert_success();
    std::fs::write(cache.join("notes.txt"), "not wasm2native's").unwrap();
    let held = dir_bytes(&cache) - "not wasm2native's".len() as u64;
    assert_eq!(
        cache_cmd("size"),
        format!(
            "{held} bytes (limit {} bytes) in {}\n",
            2u64 << 30,
            cache.display()
        )
    );
    assert_eq!(
        cache_cmd("clean"),
        format!("removed {held} bytes from {}\n", cache.display())
    );
    assert!(cache_entries(&cache).iter().all(|e| e == "notes.txt"));
    assert_eq!(cache_cmd("size").split(' ').next(), Some("0"));
}

/// A module with `n` small functions, each called from `_start`.
fn many_functions(n: usize) -> String {
    let mut wat = String::from("(module\n");
    for i in 0..n {
        wat.push_str(&format!(
            "  (func $f{i} (param i32) (result i32) local.get 0 i32.const {i} i32.mul i32.const 7 i32.rem_u)\n"
        ));
    }
    wat.push_str("  (func (export \"_start\")");
    for i in 0..n {
        wat.push_str(&format!(" i32.const {i} call $f{i} drop"));
    }
    wat.push_str("))\n");
    wat
}

/// Runs `wasm2native ARGS` with its stderr on a terminal (`script` gives it a pty), the bar
/// shown at once; returns what the terminal received.
fn on_a_terminal(tmp: &TempDir, args: &str) -> String {
    let mut cmd = Command::new("script");
    cmd.env("WASM2NATIVE_CACHE_DIR", tmp.join("cache"))
        .env("WASM2NATIVE_PROGRESS_AFTER_MS", "0")
        .args([
            "-qec",
            &format!("{} {args}", wasm2native().display()),
            "/dev/null",
        ]);
    let out = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    out.assert_success();
    out.stdout
}

/// On a terminal a build shows a progress bar (phase, functions done of the total) and
/// clears it; `--quiet` draws nothing, and neither does a stderr that is no terminal.
#[test]
fn builds_show_progress_on_a_terminal_only() {
    let tmp = TempDir::new("progress");
    let wat = tmp.join("many.wat");
    std::fs::write(&wat, many_functions(3000)).unwrap();
    let out = tmp.join("many");
    let shown = on_a_terminal(
        &tmp,
        &format!("build {} -o {}", wat.display(), out.display()),
    );
    assert!(
        shown.contains("/3001 functions") && shown.contains("link"),
        "no progress bar on the terminal:\n{shown:?}"
    );
    let quiet = on_a_terminal(
        &tmp,
        &format!("build -q {} -o {}", wat.display(), out.display()),
    );
    assert_eq!(quiet, "", "--quiet");
    let piped = build(&wat, &out, &[]);
    piped.assert_success();
    assert_eq!(piped.stderr, "", "stderr is no terminal");
    assert!(run_exe(&out, &[]).success());
}

/// On a kernel without `openat2` (Linux before 5.6, emulated by a seccomp filter:
/// tests/kernel/without_openat2.c), an executable with a directory grant stops at start-up
/// with an error saying what it needs (exit 1); one without grants runs.
#[test]
fn directory_grants_need_openat2() {
    let tmp = TempDir::new("no-openat2");
    let launcher = tmp.join("without_openat2");
    let mut cc = Command::new("cc");
    cc.arg("-O2")
        .arg(repo_root().join("tests/kernel/without_openat2.c"))
        .arg("-o")
        .arg(&launcher);
    run_with_timeout(&mut cc, BUILD_TIMEOUT).assert_success();
    let hello = examples_dir("seed").join("01-hello.wat");
    let (granted, plain) = (tmp.join("granted"), tmp.join("plain"));
    build(&hello, &granted, &["--dir", "."]).assert_success();
    build(&hello, &plain, &[]).assert_success();
    // Where openat2 exists, both run.
    assert_eq!(run_exe(&granted, &[]).stdout, "Hello, world!\n");
    let mut cmd = Command::new(&launcher);
    cmd.arg(&granted).current_dir(tmp.path());
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    assert_eq!(out.code(), Some(1), "{}", out.report());
    assert!(
        out.stderr
            .starts_with("error: directory grants (--dir) need the openat2 system call")
            && out.stderr.contains("Linux 5.6 or later"),
        "{}",
        out.report()
    );
    assert_eq!(out.stdout, "", "nothing ran");
    let mut cmd = Command::new(&launcher);
    cmd.arg(&plain);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    out.assert_success();
    assert_eq!(out.stdout, "Hello, world!\n");
}
