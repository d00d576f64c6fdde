//! WASI preview1 end to end, against wasmtime 49.
//!
//! Each C program of tests/wasi/ (one per function family, plus the sandbox-escape battery) is
//! compiled in the test run with clang-19 for wasm32-wasi, built into a native executable by
//! `wasm2native build` (grants baked in: `--dir sandbox::/sandbox --dir other::/other`, given
//! relative so that they resolve against the working directory at run time), and run both as
//! that executable and under `wasmtime run` (wasmtime 49, same grants), each in a fresh copy of
//! the fixture directory (see [`make_fixture`]). Stdout, stderr, exit status and the resulting
//! directory tree (names, kinds, permission bits, file contents, symlink targets) must be
//! identical. The Lua 5.4 interpreter built from the sources of the `lua-src` crate runs the
//! scripts of tests/wasi/lua/ the same way.
//!
//! Missing tools (clang-19 and the wasm32-wasi sysroot, wasmtime 49) fail the tests with a
//! pointer to tests/setup.sh; nothing is skipped.
//!
//! Intended differences from wasmtime: host errors (bad pointers, enum or flag values) are
//! errnos here ([`bad_input`]), and `wasi_unstable` poll_oneoff with several subscriptions
//! follows the snapshot-0 layout where wasmtime 49 misreads it ([`unstable`]). Elsewhere,
//! where wasmtime 49 behaves oddly, the runtime matches it (see the comments in rt/src/wasi/).

mod common;
#[allow(dead_code)]
#[path = "common/smith.rs"]
mod smith;
#[allow(dead_code)]
#[path = "../fuzz/src/tree.rs"]
mod tree;
#[allow(dead_code)]
#[path = "../fuzz/src/wasi_paths.rs"]
mod wasi_paths;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

/// clang-19 with the wasm32-wasi sysroot and builtins (Debian packages, tests/setup.sh).
fn clang() -> &'static str {
    let ok = tool_runs("clang-19");
    assert!(
        ok && Path::new("/usr/lib/wasm32-wasi/libc.a").is_file(),
        "clang-19 or the wasm32-wasi sysroot (wasi-libc) is missing: run tests/setup.sh \
         (tests/run does it for you)"
    );
    "clang-19"
}

fn wasi_dir() -> PathBuf {
    repo_root().join("tests/wasi")
}

/// Compiles C `sources` into the wasm32-wasi module `out` (`-O2`, plus `extra` flags).
fn compile_c(sources: &[PathBuf], out: &Path, extra: &[&str]) {
    let mut cmd = Command::new(clang());
    cmd.args(["--target=wasm32-wasi", "--sysroot=/usr", "-O2"])
        .args(sources)
        .args(extra)
        .arg("-o")
        .arg(out);
    let o = run_with_timeout(&mut cmd, BUILD_TIMEOUT);
    assert!(o.success() && out.is_file(), "clang failed\n{}", o.report());
}

/// What one run is given besides the fixture: arguments and environment.
struct Case<'a> {
    args: &'a [&'a str],
}

/// The guest grants, identical for both runtimes.
const DIRS: [&str; 2] = ["sandbox::/sandbox", "other::/other"];
const ENV: [&str; 3] = ["GREETING=hello there", "EMPTY=", "EQUALS=a=b"];

/// Creates the fixture under `root`: `sandbox/` and `other/` (preopened as `/sandbox` and
/// `/other`) and `outside/`, which is never granted and must stay untouched. `sandbox/` holds
/// symlinks pointing inside, dangling, in a loop, and out (relative, absolute, via `..`, and a
/// chain ending outside).
fn make_fixture(root: &Path) {
    use std::os::unix::fs::symlink;
    let w = |p: &str, s: &str| std::fs::write(root.join(p), s).unwrap();
    for d in ["sandbox/sub", "sandbox/emptydir", "other", "outside"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    w("sandbox/hello.txt", "hello, world\n");
    w("sandbox/sub/nested.txt", "nested\n");
    w("other/o.txt", "other\n");
    w("outside/secret.txt", "secret\n");
    let s = root.join("sandbox");
    for (target, name) in [
        ("hello.txt", "link_to_hello"),
        ("sub", "link_to_dir"),
        ("missing-target", "dangling"),
        ("loop2", "loop1"),
        ("loop1", "loop2"),
        ("../outside/secret.txt", "link_out"),
        ("..", "link_dotdot"),
        ("/", "link_root"),
        ("chain2", "chain1"),
        ("link_out", "chain2"),
    ] {
        symlink(target, s.join(name)).unwrap();
    }
    symlink(root.join("outside/secret.txt"), s.join("link_abs")).unwrap();
}

/// Everything under `root`: relative path → kind, permission bits and contents (file bytes
/// or symlink target, with `root` itself written `$ROOT`).
fn tree(root: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, acc: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let md = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let mode = md.permissions().mode() & 0o7777;
            let what = if md.is_symlink() {
                let t = std::fs::read_link(&p)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                format!(
                    "symlink -> {}",
                    t.replace(&*root.to_string_lossy(), "$ROOT")
                )
            } else if md.is_dir() {
                walk(root, &p, acc);
                format!("dir {mode:o}")
            } else {
                let data = std::fs::read(&p).unwrap();
                format!("file {mode:o} {:?}", String::from_utf8_lossy(&data))
            };
            acc.insert(rel, what);
        }
    }
    let mut acc = BTreeMap::new();
    walk(root, root, &mut acc);
    acc
}

/// The tree of `root/outside` and the times of its secret file: no run may change them.
fn outside_state(root: &Path) -> (BTreeMap<String, String>, Option<std::time::SystemTime>) {
    let secret = std::fs::symlink_metadata(root.join("outside/secret.txt"));
    (
        tree(&root.join("outside")),
        secret.and_then(|m| m.modified()).ok(),
    )
}

fn describe_tree_diff(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> String {
    let mut s = String::new();
    for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            s.push_str(&format!("  {k}: wasmtime {x:?}, wasm2native {y:?}\n"));
        }
    }
    s
}

/// The lines that differ between `a` and `b` (a longest-common-subsequence diff), `-` for
/// lines only in `a`, `+` for lines only in `b`.
fn line_diff(a: &str, b: &str) -> String {
    let (x, y): (Vec<&str>, Vec<&str>) = (lines(a), lines(b));
    let mut lcs = vec![vec![0u32; y.len() + 1]; x.len() + 1];
    for i in (0..x.len()).rev() {
        for j in (0..y.len()).rev() {
            lcs[i][j] = if x[i] == y[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    let mut line = |sign: char, l: &str| {
        out.push(sign);
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push_str("\n\\ no newline at end\n");
        }
    };
    while i < x.len() || j < y.len() {
        if i < x.len() && j < y.len() && x[i] == y[j] {
            i += 1;
            j += 1;
        } else if j < y.len() && (i == x.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            line('+', y[j]);
            j += 1;
        } else {
            line('-', x[i]);
            i += 1;
        }
    }
    out
}

/// A module compiled for both runtimes: the `.wasm` and the wasm2native executable.
struct Program {
    /// The program and the C library its executable links against, for messages.
    name: String,
    wasm: PathBuf,
    exe: PathBuf,
    /// Holds the build products.
    _dir: Rc<TempDir>,
}

/// Builds `module` into an executable linked against `libc`, with the grants of [`DIRS`] and
/// [`ENV`] baked in.
fn build_program(name: &str, wasm: PathBuf, dir: Rc<TempDir>, libc: &str) -> Program {
    let exe = dir.join(format!("{name}-{libc}"));
    let mut extra: Vec<String> = vec!["--libc".into(), libc.into()];
    for d in DIRS {
        extra.extend(["--dir".into(), d.into()]);
    }
    for e in ENV {
        extra.extend(["--env".into(), e.into()]);
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let out = build(&wasm, &exe, &extra);
    out.assert_no_panic();
    assert!(
        out.success() && exe.is_file(),
        "build failed\n{}",
        out.report()
    );
    Program {
        name: format!("{name} (--libc {libc})"),
        wasm,
        exe,
        _dir: dir,
    }
}

/// Compiles tests/wasi/`name`.c and builds it once per C library of `libcs`.
fn c_programs(name: &str, libcs: &[&str]) -> Vec<Program> {
    let dir = Rc::new(TempDir::new(&format!("wasi-{name}")));
    let wasm = dir.join(format!("{name}.wasm"));
    compile_c(&[wasi_dir().join(format!("{name}.c"))], &wasm, &[]);
    libcs
        .iter()
        .map(|libc| build_program(name, wasm.clone(), dir.clone(), libc))
        .collect()
}

/// Compiles tests/wasi/`name`.c and builds it with the default C library (musl).
fn c_program(name: &str) -> Program {
    c_programs(name, &["musl"]).swap_remove(0)
}

/// Runs `prog` with `case` under both runtimes, each in a fresh fixture (plus `setup` applied
/// to it), and asserts that everything observable is identical. Returns wasmtime's output.
fn compare(prog: &Program, case: &Case, setup: &dyn Fn(&Path)) -> Output {
    let (expected, actual, problems) = run_both(prog, case, setup);
    assert!(
        problems.is_empty(),
        "{} {:?}: wasm2native differs from wasmtime 49\n{}\n\nwasm2native run:\n{}",
        prog.name,
        case.args,
        problems.join("\n"),
        actual.report()
    );
    expected
}

/// Runs `prog` under both runtimes (see [`compare`]): wasmtime's output, wasm2native's, and
/// every difference found.
fn run_both(prog: &Program, case: &Case, setup: &dyn Fn(&Path)) -> (Output, Output, Vec<String>) {
    let scratch = TempDir::new(&format!("wasi-run-{}", prog.name));
    // Names of one length: a symlink to an absolute host path has the same size in both.
    let (wt_root, w2n_root) = (scratch.join("wasmtime"), scratch.join("w2native"));
    for r in [&wt_root, &w2n_root] {
        make_fixture(r);
        setup(r);
    }
    let mut cmd = Command::new(wasmtime49());
    cmd.arg("run")
        .current_dir(&wt_root)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    for d in DIRS {
        cmd.args(["--dir", d]);
    }
    for e in ENV {
        cmd.args(["--env", e]);
    }
    cmd.arg(&prog.wasm).args(case.args);
    let expected = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    let outside_before = outside_state(&w2n_root);
    let mut cmd = Command::new(&prog.exe);
    cmd.current_dir(&w2n_root).args(case.args);
    let actual = run_with_timeout(&mut cmd, RUN_TIMEOUT);
    actual.assert_no_panic();

    let mut problems = Vec::new();
    // A host path can only come from a link the fixture made (`readlink`): `$ROOT` in both.
    let (wt, w2n) = (wt_root.to_string_lossy(), w2n_root.to_string_lossy());
    for (what, a, e) in [
        ("stdout", &actual.stdout, &expected.stdout),
        ("stderr", &actual.stderr, &expected.stderr),
    ] {
        let (a, e) = (&a.replace(&*w2n, "$ROOT"), &e.replace(&*wt, "$ROOT"));
        if a != e {
            problems.push(format!(
                "{what} differs (- wasmtime, + wasm2native):\n{}",
                line_diff(e, a)
            ));
        }
    }
    if actual.code() != expected.code() {
        problems.push(format!(
            "exit status differs: wasmtime {}, wasm2native {}",
            expected.status_desc(),
            actual.status_desc()
        ));
    }
    let (t1, t2) = (tree(&wt_root), tree(&w2n_root));
    let outside_after = outside_state(&w2n_root);
    if outside_after != outside_before {
        problems.push(format!(
            "wasm2native changed the ungranted directory outside/: before {outside_before:?}, \
             after {outside_after:?}"
        ));
    }
    if t1 != t2 {
        problems.push(format!(
            "resulting directory trees differ\n{}",
            describe_tree_diff(&t1, &t2)
        ));
    }
    (expected, actual, problems)
}

/// Builds tests/wasi/`name`.c (linked against each C library) and compares one run per entry
/// of `runs` (its arguments) and C library; returns wasmtime's outputs.
fn check_c(name: &str, runs: &[&[&str]]) -> Vec<Output> {
    let progs = c_programs(name, &LIBCS);
    let outs: Vec<Output> = runs
        .iter()
        .map(|args| compare(&progs[0], &Case { args }, &|_| {}))
        .collect();
    for prog in &progs[1..] {
        for args in runs {
            compare(prog, &Case { args }, &|_| {});
        }
    }
    outs
}

#[test]
fn args_env() {
    check_c("args_env", &[&[], &["one", "two words", "", "ünïcødé"]]);
}

#[test]
fn clocks() {
    check_c("clocks", &[&[]]);
}

#[test]
fn random() {
    check_c("random", &[&[]]);
}

#[test]
fn fd_ops() {
    check_c("fd_ops", &[&[]]);
}

#[test]
fn path_ops() {
    check_c("path_ops", &[&[]]);
}

#[test]
fn poll() {
    check_c("poll", &[&[]]);
}

#[test]
fn errno() {
    check_c("errno", &[&[]]);
}

#[test]
fn proc_exit() {
    let outs = check_c("proc_exit", &[&["42"], &["7", "direct"], &["0"], &["125"]]);
    let codes: Vec<_> = outs.iter().map(|o| o.code()).collect();
    assert_eq!(
        codes,
        [Some(42), Some(7), Some(0), Some(125)],
        "wasmtime's exit codes"
    );
}

/// Exit statuses of 126 and more are an error in wasmtime 49 (status 1 and a message). The
/// runtime matches the status and says why on stderr, but in its own words: wasmtime's
/// message names the module file and shows a wasm backtrace (an intended difference).
#[test]
fn proc_exit_invalid_status() {
    let prog = c_program("proc_exit");
    for status in ["126", "256", "-1"] {
        let (expected, actual, problems) = run_both(&prog, &Case { args: &[status] }, &|_| {});
        let why = "exit with invalid exit status outside of [0..126)";
        assert!(
            expected.stderr.contains(why) && actual.stderr.contains(why),
            "exit {status}: both must explain the failure\n{}\n{}",
            expected.report(),
            actual.report()
        );
        let other: Vec<_> = problems
            .iter()
            .filter(|p| !p.starts_with("stderr"))
            .collect();
        assert!(other.is_empty(), "exit {status}: {other:?}");
        assert_eq!(actual.code(), Some(1));
    }
}

#[test]
fn sandbox_escape() {
    let outs = check_c("sandbox_escape", &[&[]]);
    assert!(
        outs[0].stdout.contains("escapes: 0\n") && outs[0].success(),
        "wasmtime itself let the battery escape:\n{}",
        outs[0].report()
    );
}

/// No answer depends on what lies outside the preopens (the host-path oracle of a trailing
/// slash after a link out, among others): the battery's output is the same, and matches
/// wasmtime 49, whether the links out point at a file, a directory or nothing.
#[test]
fn sandbox_answers_do_not_depend_on_outside() {
    let prog = c_program("sandbox_escape");
    let (_, baseline, problems) = run_both(&prog, &Case { args: &[] }, &|_| {});
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let secret_is_a_dir = |root: &Path| {
        let secret = root.join("outside/secret.txt");
        std::fs::remove_file(&secret).unwrap();
        std::fs::create_dir(&secret).unwrap();
    };
    let targets_exist = |root: &Path| {
        std::fs::write(root.join("outside/none"), "now a file\n").unwrap();
        std::fs::create_dir(root.join("outside/nothing")).unwrap();
    };
    let secret_is_gone =
        |root: &Path| std::fs::remove_file(root.join("outside/secret.txt")).unwrap();
    type Setup<'a> = &'a dyn Fn(&Path);
    let variants: [(&str, Setup); 3] = [
        ("outside/secret.txt is a directory", &secret_is_a_dir),
        ("every link target outside exists", &targets_exist),
        ("outside/secret.txt is missing", &secret_is_gone),
    ];
    for (what, setup) in variants {
        let (_, actual, problems) = run_both(&prog, &Case { args: &[] }, setup);
        assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
        assert!(
            actual.stdout == baseline.stdout,
            "{what}: the answers changed with the outside\n{}",
            line_diff(&baseline.stdout, &actual.stdout)
        );
    }
}

/// Cases the `wasi_paths` fuzz target generates have wasmtime 49 as their errno oracle here:
/// the target's committed corpus and 300 generated cases, each a random tree of symlinks in
/// the preopen (pointing inside, outside, absolute, dangling, in loops) with a full
/// `outside/` beside it and up to eight path calls on random paths (names, `.`, `..`, `//`,
/// leading and trailing slashes) run by tests/wasi/path_script.c. Every answer, the resulting
/// tree and the untouched `outside/` must match wasmtime's.
#[test]
fn fuzz_path_cases_match_wasmtime() {
    let prog = c_program("path_script");
    let corpus = repo_root().join("fuzz/corpus/wasi_paths");
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    inputs.sort();
    inputs.extend((0..300).map(|seed| (format!("seed {seed}"), smith::bytes(seed, 96))));
    // Absolute symlink targets in the calls: any absolute path outside (both runtimes refuse
    // to create one; the trees' own absolute links point at each run's real `outside/`).
    let elsewhere = Path::new("/w2n-outside");
    let mut failures = Vec::new();
    for (name, data) in &inputs {
        let case = wasi_paths::case(data);
        let args = case.script(elsewhere);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let setup = |root: &Path| {
            let outside = root.join("outside");
            tree::build(&root.join("sandbox"), &case.preopen_entries(&outside));
            tree::build(&outside, &wasi_paths::outside_tree(true));
        };
        let (_, actual, problems) = run_both(&prog, &Case { args: &args }, &setup);
        if !problems.is_empty() {
            failures.push(format!(
                "{name}: {args:?}\n{}\n{}",
                problems.join("\n"),
                actual.stdout
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from wasmtime 49:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}

/// Grants baked into an executable take effect where and when it runs, as `wasmtime run`'s
/// do: a relative `--dir data::/data` is the `data` of the working directory the program
/// starts in, and `--env KEY` (no value) is KEY's value in the environment it starts with,
/// left out when unset; `--env FIXED=1` is baked. Each combination is compared with wasmtime 49.
#[test]
fn grants_take_effect_where_the_program_runs() {
    let dir = TempDir::new("wasi-grants");
    let wasm = dir.join("grants.wasm");
    compile_c(&[wasi_dir().join("grants.c")], &wasm, &[]);
    let grants = ["--dir", "data::/data", "--env", "KEY", "--env", "FIXED=1"];
    let exe = dir.join("grants");
    let mut cmd = wasm2native_cmd(&dir.join("cache"));
    // Built from a directory whose data/ must not be the one used.
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/f"), "build time\n").unwrap();
    cmd.current_dir(dir.path())
        .arg("build")
        .args(grants)
        .arg(&wasm)
        .arg("-o")
        .arg(&exe);
    let out = run_with_timeout(cmd.env("KEY", "at build time"), BUILD_TIMEOUT);
    out.assert_no_panic().assert_success();
    for (place, key) in [("a", Some("one")), ("b", Some("")), ("c", None)] {
        let cwd = dir.join(place);
        std::fs::create_dir_all(cwd.join("data")).unwrap();
        std::fs::write(cwd.join("data/f"), format!("in {place}\n")).unwrap();
        let with_env = |cmd: &mut Command| {
            cmd.current_dir(&cwd)
                .env_remove("KEY")
                .env_remove("RUST_BACKTRACE");
            if let Some(k) = key {
                cmd.env("KEY", k);
            }
        };
        let mut ours = Command::new(&exe);
        with_env(&mut ours);
        let ours = run_with_timeout(&mut ours, RUN_TIMEOUT);
        let mut theirs = Command::new(wasmtime49());
        with_env(&mut theirs);
        theirs.arg("run").args(grants).arg(&wasm);
        let theirs = run_with_timeout(&mut theirs, RUN_TIMEOUT);
        theirs.assert_success();
        assert!(
            theirs.stdout.contains(&format!("in {place}")),
            "{}",
            theirs.report()
        );
        assert_eq!(
            ours.stdout,
            theirs.stdout,
            "{place} {key:?}\n{}",
            ours.report()
        );
    }
}

/// Guest input that wasmtime 49 refuses with a host error (tests/wasi/bad_input.c): pointers
/// and lengths past the end of memory, enum and flag values outside their definitions. One
/// case per run. wasm2native returns an errno (the one the case names); wasmtime 49 ends the
/// program (exit 1) instead. That is an intended difference: the issue asks for the errno.
/// Where wasmtime returns an errno itself (a check that comes first), the outputs must match.
#[test]
fn bad_input() {
    let prog = c_program("bad_input");
    let fixture = TempDir::new("wasi-bad-input-list");
    make_fixture(fixture.path());
    let list = run_with_timeout(
        Command::new(&prog.exe).current_dir(fixture.path()),
        RUN_TIMEOUT,
    );
    assert!(list.success(), "listing the cases\n{}", list.report());
    let cases: Vec<(String, String)> = list
        .stdout
        .lines()
        .map(|l| {
            let mut it = l.splitn(3, ' ');
            let (n, e) = (it.next().unwrap(), it.next().unwrap());
            (n.to_string(), e.to_string())
        })
        .collect();
    assert!(cases.len() > 40, "case list\n{}", list.report());
    for (n, errno) in &cases {
        let (expected, actual, problems) = run_both(&prog, &Case { args: &[n] }, &|_| {});
        if expected.success() {
            assert!(problems.is_empty(), "case {n}\n{}", problems.join("\n"));
            continue;
        }
        let refused = ["out of bounds", "Invalid enum value", "Invalid flag value"];
        assert!(
            expected.code() == Some(1) && refused.iter().any(|r| expected.stderr.contains(r)),
            "case {n}: wasmtime failed differently\n{}",
            expected.report()
        );
        assert!(
            actual.success()
                && actual
                    .stdout
                    .ends_with(&format!(" -> wasi errno {errno}\n")),
            "case {n}: wasm2native did not return errno {errno}\n{}",
            actual.report()
        );
    }
}

/// The directory of the Lua 5.4 sources that the `lua-src` crate (a dev-dependency, so cargo
/// has fetched it) bundles, found through `cargo metadata`.
fn lua_sources() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        // Offline and for this platform only: the test build has fetched every package that
        // takes part (lua-src among them), but not the other platforms' (e.g. windows-sys).
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", "x86_64-unknown-linux-gnu"])
        .current_dir(repo_root())
        .output()
        .expect("running cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).expect("cargo metadata output is UTF-8");
    // Each package object carries `"manifest_path":"…/Cargo.toml"`; no JSON parser needed.
    let key = "\"manifest_path\":\"";
    let manifest = json
        .match_indices(key)
        .map(|(i, _)| {
            let rest = &json[i + key.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .find(|p| p.ends_with("/lua-src-547.1.0/Cargo.toml"))
        .expect("package lua-src 547.1.0 in cargo metadata (a dev-dependency of compiler/)");
    let dir = Path::new(manifest).parent().unwrap().join("lua-5.4.7");
    assert!(
        dir.join("lapi.c").is_file(),
        "{} has no lapi.c",
        dir.display()
    );
    dir
}

/// Compiles the Lua interpreter (the library sources of `lua-src`, tests/wasi/lua_main.c and
/// lua_shim.c) to wasm32-wasi, one clang per source file on all cores, and builds it once per C
/// library of [`LIBCS`].
///
/// wasi-libc has no setjmp/longjmp, so the shim turns a Lua error into `exit(1)` (see
/// lua_shim.h): the scripts may not rely on `pcall`, and coroutines cannot yield.
fn lua_programs() -> Vec<Program> {
    let src = lua_sources();
    let dir = Rc::new(TempDir::new("wasi-lua"));
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "c")
                && !matches!(file_stem(p).as_str(), "lua" | "luac")
        })
        .collect();
    sources.sort();
    assert!(sources.len() >= 30, "Lua sources in {}", src.display());
    sources.extend([wasi_dir().join("lua_main.c"), wasi_dir().join("lua_shim.c")]);
    let flags: Vec<String> = [
        "-c",
        "-Wno-deprecated-declarations",
        "-D_WASI_EMULATED_SIGNAL",
        "-D_WASI_EMULATED_PROCESS_CLOCKS",
        // no <setjmp.h>: errors end the program through w2n_lua_throw
        "-D_SETJMP_H",
        "-include",
        "lua_shim.h",
        "-DLUAI_THROW(L,c)=w2n_lua_throw(L,(c)->status)",
        "-DLUAI_TRY(L,c,a)={ a }",
        "-Dluai_jmpbuf=int",
        // no temporary file names in a sandbox: os.tmpname() fails
        "-Dlua_tmpnam(b,e)={ e = 1; }",
        "-DLUA_TMPNAMBUFSIZE=32",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("-I{}", src.display()),
        format!("-I{}", wasi_dir().display()),
    ])
    .collect();
    let objects: Vec<PathBuf> = sources
        .iter()
        .map(|s| dir.join(format!("{}.o", file_stem(s))))
        .collect();
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(source) = sources.get(i) else { break };
                let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
                compile_c(std::slice::from_ref(source), &objects[i], &flags);
            });
        }
    });
    let wasm = dir.join("lua.wasm");
    compile_c(
        &objects,
        &wasm,
        &["-lwasi-emulated-signal", "-lwasi-emulated-process-clocks"],
    );
    LIBCS
        .iter()
        .map(|libc| build_program("lua", wasm.clone(), dir.clone(), libc))
        .collect()
}

/// Runs `lua /sandbox/SCRIPT ARGS` for the scripts of tests/wasi/lua/ (each copied into the
/// fixture's `sandbox/`, with an empty `sandbox/work/` to play in) under both runtimes.
#[test]
fn lua() {
    let progs = lua_programs();
    let setup = |root: &Path| {
        let s = root.join("sandbox");
        std::fs::create_dir_all(s.join("work")).unwrap();
        for e in std::fs::read_dir(wasi_dir().join("lua")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, s.join(p.file_name().unwrap())).unwrap();
        }
    };
    let runs: &[(&[&str], Option<i32>)] = &[
        (&["/sandbox/files.lua", "first", "second"], Some(0)),
        (&["/sandbox/fileops.lua"], Some(0)),
        (&["/sandbox/strings.lua"], Some(0)),
        (&["/sandbox/algo.lua"], Some(0)),
        (
            &["/sandbox/env_args.lua", "0", "two words", "", "ünï"],
            Some(0),
        ),
        (&["/sandbox/env_args.lua", "5"], Some(5)),
        (&["/sandbox/env_args.lua", "3", "error"], Some(1)),
        (&["/sandbox/missing.lua"], Some(1)),
    ];
    for prog in &progs {
        for (args, code) in runs {
            let out = compare(prog, &Case { args }, &setup);
            assert_eq!(
                out.code(),
                *code,
                "wasmtime's exit status\n{}",
                out.report()
            );
        }
    }
}

/// `wasi_unstable` (snapshot 0) and preview1 side by side (tests/wasi/unstable.c): fd_seek
/// whence numbering, the 56- and 64-byte filestat layouts, poll_oneoff's subscription layouts,
/// and the functions the two share, called under their snapshot-0 names.
///
/// With several subscriptions, wasmtime 49's snapshot-0 poll_oneoff is broken: it rewrites
/// each 56-byte subscription in place as a 48-byte preview1 one and hands the array to its
/// preview1 code, which reads them 48 bytes apart (crates/wasi/src/p0.rs), so it fails with
/// EINVAL or reads garbage. The runtime decodes them as the snapshot-0 layout says (an
/// intended difference): run `unstable multi`, wasm2native must give the preview1 results for
/// the snapshot-0 calls too, and wasmtime must still be failing (else compare with it).
#[test]
fn unstable() {
    let prog = c_program("unstable");
    compare(&prog, &Case { args: &[] }, &|_| {});
    let (expected, actual, problems) = run_both(&prog, &Case { args: &["multi"] }, &|_| {});
    assert!(actual.success(), "{}", actual.report());
    let results = |out: &str, snap: &str| -> Vec<String> {
        let mut keep = false;
        let mut v = Vec::new();
        for l in out.lines() {
            if !l.starts_with(' ') {
                keep = l.starts_with(snap);
            }
            if keep {
                v.push(l.trim_start_matches(snap).to_string());
            }
        }
        v
    };
    let (p1, u0) = (
        results(&actual.stdout, "preview1 "),
        results(&actual.stdout, "unstable "),
    );
    assert!(p1.len() >= 4, "{}", actual.report());
    assert_eq!(
        p1,
        u0,
        "snapshot 0 differs from preview1\n{}",
        actual.report()
    );
    assert_eq!(
        results(&expected.stdout, "preview1 "),
        p1,
        "preview1 differs from wasmtime\n{}",
        problems.join("\n")
    );
    let wt = results(&expected.stdout, "unstable ");
    assert!(
        wt.iter()
            .filter(|l| l.ends_with("-> 28, nevents untouched"))
            .count()
            == 2,
        "wasmtime 49's snapshot-0 poll_oneoff with several subscriptions no longer fails: \
         compare with it instead\n{}",
        expected.report()
    );
}
