//! Shared helpers of the integration tests (tests/*.rs, registered as `[[test]]` targets of
//! the `wasm2native` crate so that `CARGO_BIN_EXE_wasm2native` points at the CLI).
//!
//! - paths: the repository root, the compiler binary, the reference runtime wasmtime 36
//!   (installed by tests/setup.sh; a missing reference is a test *failure*, never a skip);
//! - scratch directories under cargo's target tmpdir, kept when a test fails;
//! - running a command with a timeout: stdout/stderr are drained on threads, the child runs
//!   in its own process group and the whole group is killed when the time is up (so a
//!   `wasm2native run` that spawned the program cannot leave it behind);
//! - comparing outputs: exact text, or a multiset of lines for multi-threaded programs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a compiled test program may run before it is killed and the test fails.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one `wasm2native build` of a small example may take.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(120);
/// Exit status of a process that trapped (128 + SIGABRT), as with wasmtime.
pub const TRAP_EXIT: i32 = 134;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("compiler/ has a parent")
        .to_path_buf()
}

pub fn examples_dir(sub: &str) -> PathBuf {
    repo_root().join("examples").join(sub)
}

/// The CLI under test.
pub fn wasm2native() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_wasm2native"))
}

/// A reference runtime at `$<var>` if set, else `.venv/bin/<name>` (tests/setup.sh); fails the
/// test when it is missing.
fn reference_runtime(var: &str, name: &str) -> PathBuf {
    let path = match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => repo_root().join(".venv/bin").join(name),
    };
    assert!(
        path.is_file(),
        "the reference runtime {name} is missing at {}: run tests/setup.sh \
         (tests/run does it for you)",
        path.display()
    );
    path
}

/// wasmtime 49, the reference for single-threaded programs and Wasm 3.0 features.
pub fn wasmtime49() -> PathBuf {
    reference_runtime("WASMTIME49", "wasmtime49")
}

/// The reference runtime: `$WASMTIME36` if set, else `.venv/bin/wasmtime36` from tests/setup.sh.
/// Panics (fails the test) when it is missing.
pub fn wasmtime36() -> PathBuf {
    reference_runtime("WASMTIME36", "wasmtime36")
}

/// Every file of `examples/<sub>` whose name ends in `.<ext>`, sorted.
pub fn example_files(sub: &str, ext: &str) -> Vec<PathBuf> {
    let dir = examples_dir(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension() == Some(OsStr::new(ext)))
        .collect();
    files.sort();
    files
}

pub fn file_stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// A scratch directory under `target/tmp`, removed on drop unless the test is failing.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("wasm2native-tests")
            .join(format!("{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("creating {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.path.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "(kept scratch directory {} for inspection)",
                self.path.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// What a finished process did.
#[derive(Debug)]
pub struct Output {
    /// The command line, for messages.
    pub cmdline: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// "exit 3" or "killed by signal 11".
    pub fn status_desc(&self) -> String {
        describe_status(self.status)
    }

    /// A multi-line description of everything the process did, for assertion messages.
    pub fn report(&self) -> String {
        format!(
            "command: {}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--------------",
            self.cmdline,
            self.status_desc(),
            self.stdout,
            self.stderr
        )
    }

    pub fn assert_success(&self) -> &Self {
        assert!(self.success(), "expected success\n{}", self.report());
        self
    }

    /// stderr must be a clean `error: ...` message (the CLI's form for every rejected input).
    pub fn assert_error_message(&self) -> &Self {
        assert!(
            self.stderr.starts_with("error:"),
            "stderr must start with `error:`\n{}",
            self.report()
        );
        self
    }

    /// The process must not have died from a Rust panic or a stray signal.
    pub fn assert_no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked"),
            "stderr mentions a panic\n{}",
            self.report()
        );
        assert!(
            self.status.signal().is_none(),
            "killed by a signal instead of exiting\n{}",
            self.report()
        );
        self
    }
}

pub fn describe_status(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        _ => format!("{status:?}"),
    }
}

fn cmdline(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(char::is_whitespace) {
            s.push_str(&format!("{a:?}"));
        } else {
            s.push_str(&a);
        }
    }
    s
}

/// Runs `cmd` with stdin closed and stdout/stderr captured; kills its whole process group and
/// panics if it has not finished within `timeout` (or if, once it exited, a descendant of it
/// still holds its stdout/stderr open 5 s later).
pub fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> Output {
    let line = cmdline(cmd);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{line}`: {e}"));
    // Each pipe is drained on its own thread, which sends (is_stderr, bytes) at end of file.
    let (tx, rx) = std::sync::mpsc::channel::<(bool, Vec<u8>)>();
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        let _ = tx.send((false, buf));
    });
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        let _ = tx2.send((true, buf));
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for child") {
            break status;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            // The child is not reaped yet, so its pid still names its process group.
            kill_group(child.id());
            let _ = child.kill();
            break child.wait().expect("waiting for killed child");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut leftover = false;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        let (is_err, buf) = match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(r) => r,
            Err(_) => {
                // A descendant that outlived the child still holds a pipe open; it is in the
                // child's process group (which therefore still exists): kill the group.
                leftover = true;
                kill_group(child.id());
                rx.recv().expect("pipe reader thread")
            }
        };
        if is_err {
            stderr = buf;
        } else {
            stdout = buf;
        }
    }
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    let out = Output {
        cmdline: line,
        status,
        stdout,
        stderr,
    };
    if timed_out {
        panic!("timed out after {timeout:?} (killed)\n{}", out.report());
    }
    if leftover {
        panic!(
            "exited but left a process holding its stdout/stderr open (killed)\n{}",
            out.report()
        );
    }
    out
}

/// SIGKILL to the process group `pgid` (the child is its leader, see `process_group(0)`).
fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .arg("-KILL")
        .arg("--")
        .arg(format!("-{pgid}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A `wasm2native` command whose compile cache lives in `cache_dir`.
pub fn wasm2native_cmd(cache_dir: &Path) -> Command {
    let mut cmd = Command::new(wasm2native());
    cmd.env("WASM2NATIVE_CACHE_DIR", cache_dir);
    cmd
}

/// `wasm2native build <input> -o <output> <extra...>`, however it ends.
pub fn build(input: &Path, output: &Path, extra: &[&str]) -> Output {
    // Builds share one cache, which holds the runtime library the linker reads.
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-cache");
    let mut cmd = wasm2native_cmd(&cache);
    cmd.arg("build")
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra);
    run_with_timeout(&mut cmd, BUILD_TIMEOUT)
}

/// The C libraries executables are linked against (`--libc`): tests/setup.sh installs musl,
/// the default whenever it is installed, and every machine has glibc.
pub const LIBCS: [&str; 2] = ["musl", "glibc"];

/// The builds every end-to-end program is checked in, as (`-O` level, `--libc`): both
/// optimisation levels linked against musl (the default), and the optimised code linked
/// against glibc.
pub const BUILD_VARIANTS: [(&str, &str); 3] =
    [("speed", "musl"), ("none", "musl"), ("speed", "glibc")];

/// Builds `input` into an executable in `dir` (named after the input, `-O` level and C
/// library) and returns its path; fails the test if the build fails or leaves no executable.
pub fn build_exe(input: &Path, dir: &Path, opt: &str, libc: &str) -> PathBuf {
    let exe = dir.join(format!("{}-O{opt}-{libc}", file_stem(input)));
    let out = build(input, &exe, &["-O", opt, "--libc", libc]);
    out.assert_no_panic();
    assert!(out.success(), "build failed\n{}", out.report());
    assert!(
        exe.is_file(),
        "build succeeded but wrote no {}\n{}",
        exe.display(),
        out.report()
    );
    exe
}

/// Runs a built executable with `args`, with the default timeout.
pub fn run_exe(exe: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    run_with_timeout(&mut cmd, RUN_TIMEOUT)
}

/// `wasmtime run -W threads -S threads <module> <args...>` with wasmtime 36.
pub fn run_wasmtime(module: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(wasmtime36());
    cmd.args(["run", "-W", "threads", "-S", "threads"])
        .arg(module)
        .args(args);
    run_with_timeout(&mut cmd, RUN_TIMEOUT)
}

/// The lines of `s`, each keeping its "\n" (so a missing final newline is a difference).
pub fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// The lines of `s` as a multiset: line → count.
pub fn line_multiset(s: &str) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for l in lines(s) {
        *m.entry(l).or_insert(0) += 1;
    }
    m
}

/// Compares two outputs, exactly or as multisets of lines (for output written by several
/// threads, whose lines may interleave in any order). Returns a description of the difference.
pub fn compare_stdout(actual: &str, expected: &str, any_line_order: bool) -> Result<(), String> {
    let same = if any_line_order {
        line_multiset(actual) == line_multiset(expected)
    } else {
        actual == expected
    };
    if same {
        Ok(())
    } else {
        Err(format!(
            "stdout differs{}\n--- expected ---\n{expected}--- actual ---\n{actual}----------------",
            if any_line_order { " (compared as a multiset of lines)" } else { "" }
        ))
    }
}

/// Runs `sh -c "<prefix> exec /usr/bin/time -f 'peak %M' <exe> <args...>"` (`prefix`: shell
/// commands such as `ulimit -s 64 &&`) and returns its output and the peak resident memory in
/// KiB that `time` reports; fails the test if there is none (is /usr/bin/time installed?).
pub fn run_measuring_peak(prefix: &str, exe: &Path, args: &[&str]) -> (Output, u64) {
    let script = format!("{prefix} exec /usr/bin/time -f 'peak %M' \"$0\" \"$@\"");
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &script]).arg(exe).args(args);
    let out = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    let peak = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak "))
        .and_then(|k| k.trim().parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "no peak memory (is /usr/bin/time installed?)\n{}",
                out.report()
            )
        });
    (out, peak)
}

/// Reads a text file, failing the test with its path if it cannot.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// A listing of every file under `dir` (relative path → (size, mtime)), to see whether a
/// directory changed. Empty if `dir` does not exist.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    fn walk(root: &Path, dir: &Path, acc: &mut BTreeMap<PathBuf, (u64, std::time::SystemTime)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(md) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if md.is_dir() {
                walk(root, &p, acc);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                acc.insert(rel, (md.len(), md.modified().unwrap()));
            }
        }
    }
    let mut acc = BTreeMap::new();
    walk(dir, dir, &mut acc);
    acc
}

/// Top-level entries (files or directories) of `dir`; 0 if it does not exist.
/// Compiled-module entries in a `run` cache directory (the `runtime/` directory holds the
/// runtime library the linker reads, written once per compiler build).
pub fn count_entries(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().filter(|e| e.file_name() != "runtime").count())
        .unwrap_or(0)
}

/// `text` with the module offsets taken out of its wasm backtrace lines (`N: 0xOFF - NAME`
/// becomes `N: NAME`): for comparing backtraces of two builds of one program whose byte
/// offsets differ (say, two exception encodings).
pub fn without_backtrace_offsets(text: &str) -> String {
    text.lines()
        .map(|l| {
            let dropped = l.split_once(": 0x").and_then(|(head, rest)| {
                let (_, name) = rest.split_once(" - ")?;
                head.trim().parse::<u32>().ok()?;
                Some(format!("{head}: {name}"))
            });
            dropped.unwrap_or_else(|| l.to_string()) + "\n"
        })
        .collect()
}

/// Whether `tool --version` runs and succeeds (a tool tests/setup.sh installs).
pub fn tool_runs(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
