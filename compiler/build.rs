//! Builds the runtime library as executables link it (`rt/exe`: `rt/` plus the C `main`, with
//! link-time optimisation) as a static library so the compiler
//! binary can embed it: one installed binary plus the system `cc` is all a user needs.
//!
//! A nested `cargo build` with its own target directory avoids the outer build's lock.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    // The spec-test runner dlopens compiled modules whose calls into the runtime resolve
    // against this executable's exported symbols.
    println!("cargo:rustc-link-arg-bins=-rdynamic");
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir
        .parent()
        .expect("compiler/ lives in the workspace")
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target_dir = out_dir.join("rt-target");
    for p in [
        "Cargo.toml",
        "rt/src",
        "rt/abi/src",
        "rt/Cargo.toml",
        "rt/abi/Cargo.toml",
        "rt/exe/src",
        "rt/exe/build.rs",
        "rt/exe/Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
    }
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--profile",
            "rt",
            "-p",
            "wasm2native-rt-exe",
            "--lib",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .status()
        .expect("running cargo to build the runtime library");
    assert!(
        status.success(),
        "building the runtime library (rt/) failed"
    );
    let lib = target_dir.join("rt").join("libwasm2native_rt.a");
    let embedded = out_dir.join("libwasm2native_rt.a");
    // The standard library inside carries debug info nobody links into executables (they are
    // linked with --strip-debug): dropping it halves the archive and speeds up every link.
    let stripped = Command::new("strip")
        .arg("--strip-debug")
        .arg(&lib)
        .arg("-o")
        .arg(&embedded)
        .status()
        .is_ok_and(|s| s.success());
    if !stripped {
        std::fs::copy(&lib, &embedded).expect("copying the runtime library");
    }
    check_weak_references(&embedded);
    record_rust_lld();
    let bytes = std::fs::read(&embedded).expect("reading the runtime library");
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&bytes[..], &mut h);
    println!(
        "cargo:rustc-env=W2N_RUNTIME_DIGEST={:016x}{:08x}",
        std::hash::Hasher::finish(&h),
        bytes.len()
    );
}

/// Weak undefined symbols the standard library checks for null before use. Any other weak
/// reference is a bug: link-time optimisation merges declarations, so a libc function the
/// standard library declares weak becomes weak for the runtime's own calls too, and a static
/// link resolves it to null (the runtime calls such functions through `libc::syscall`).
const EXPECTED_WEAK: &[&str] = &[
    "__cxa_thread_atexit_impl",
    "__dso_handle",
    "__gmon_start__",
    "gettid",
    "statx",
];

fn check_weak_references(archive: &std::path::Path) {
    let Ok(out) = Command::new("nm")
        .arg("--undefined-only")
        .arg(archive)
        .output()
    else {
        return; // no binutils: nothing to check with
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let unexpected: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("w "))
        .filter(|s| !EXPECTED_WEAK.contains(s))
        .collect();
    assert!(
        unexpected.is_empty(),
        "the runtime library has weak references that a static link resolves to null: \
         {unexpected:?}"
    );
}

/// Records the directory of the Rust toolchain's `ld.lld` wrapper (`gcc-ld/`, next to
/// `rust-lld`), which starts in half the time of a distribution's `ld.lld` (a smaller libLLVM
/// to load). The linker uses it while it still exists (`W2N_RUST_LLD_DIR`, empty if none).
fn record_rust_lld() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = env::var("TARGET").unwrap_or_default();
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let dir = sysroot
        .map(|s| {
            PathBuf::from(s)
                .join("lib/rustlib")
                .join(&target)
                .join("bin")
        })
        .filter(|bin| bin.join("rust-lld").is_file() && bin.join("gcc-ld/ld.lld").is_file())
        .map(|bin| bin.join("gcc-ld").display().to_string())
        .unwrap_or_default();
    println!("cargo:rustc-env=W2N_RUST_LLD_DIR={dir}");
}
