//! Linking a compiled module into an executable with the system C compiler and the runtime
//! library embedded in this binary, statically against musl (`musl-gcc`) when it is installed,
//! else against glibc.
//!
//! musl is preferred because a static glibc executable spends ~0.3 ms of every start probing
//! the CPU (`cpuid` per cache level and feature leaf) before `main`; a static musl executable
//! starts in a third of the time. The runtime is built once, for the `-gnu` Rust target, and
//! linked against either C library: it calls only functions whose ABI the two share on
//! x86_64 Linux (kernel-defined structures and constants), which the test suite checks by
//! running its programs linked each way.

use crate::error::{CompileError, Result};
use crate::user_cache;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// The runtime library as executables link it (`rt/exe`: the runtime plus the C `main`),
/// embedded at build time.
pub static RUNTIME_LIBRARY: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/libwasm2native_rt.a"));

/// Digest of [`RUNTIME_LIBRARY`] (computed by build.rs): names its copy in the cache.
const RUNTIME_DIGEST: &str = env!("W2N_RUNTIME_DIGEST");

/// A scratch directory removed on drop.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    pub fn new() -> Result<Self> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "wasm2native-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(ScratchDir(dir))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A directory holding an `ld.lld` for `cc -B DIR -fuse-ld=lld`: lld links the runtime in
/// about two thirds of GNU ld's time. The Rust toolchain's (recorded at build time; it starts
/// fastest) while it exists, else a distribution's (on PATH or in /usr/lib/llvm-*).
fn lld_dir() -> Option<PathBuf> {
    let rust = option_env!("W2N_RUST_LLD_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = rust.into_iter().collect();
    dirs.extend(
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let mut llvm: Vec<PathBuf> = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("llvm-"))
        })
        .map(|p| p.join("bin"))
        .collect();
    llvm.sort();
    dirs.extend(llvm.into_iter().rev());
    dirs.into_iter().find(|d| d.join("ld.lld").is_file())
}

/// Where this compiler build keeps its runtime archive in the cache directory.
pub fn cached_runtime_archive() -> PathBuf {
    user_cache::cache_dir()
        .join("runtime")
        .join(format!("libwasm2native_rt-{RUNTIME_DIGEST}.a"))
}

/// The runtime archive as a file for the linker: written once per compiler build into the
/// cache directory (3 MB, so not rewritten for every link), or into `scratch` when the
/// cache is not writable.
fn runtime_archive(scratch: &Path) -> Result<PathBuf> {
    let cached = cached_runtime_archive();
    let present =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() == RUNTIME_LIBRARY.len() as u64);
    if present(&cached) {
        return Ok(cached);
    }
    if let Some(dir) = cached.parent() {
        if std::fs::create_dir_all(dir).is_ok()
            && user_cache::write_atomically(&cached, RUNTIME_LIBRARY).is_ok()
        {
            return Ok(cached);
        }
    }
    let local = scratch.join("libwasm2native_rt.a");
    std::fs::write(&local, RUNTIME_LIBRARY)?;
    Ok(local)
}

/// The C library an executable links against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Libc {
    /// musl, through its `musl-gcc` wrapper: the fastest start-up.
    Musl,
    /// glibc, through `$CC` (default `cc`).
    Glibc,
}

/// What the user asked for (`--libc`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LibcChoice {
    /// musl when `musl-gcc` is on `PATH` and `CC` is not set, else glibc.
    #[default]
    Auto,
    Musl,
    Glibc,
}

/// The musl C compiler wrapper, when installed (Debian/Ubuntu: package `musl-tools`).
fn musl_gcc() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("musl-gcc"))
        .find(|p| p.is_file())
}

impl LibcChoice {
    /// The C library to link against, or why the requested one cannot be used.
    pub fn resolve(self) -> Result<Libc> {
        match self {
            LibcChoice::Glibc => Ok(Libc::Glibc),
            LibcChoice::Musl => match musl_gcc() {
                Some(_) => Ok(Libc::Musl),
                None => Err(CompileError::Link(
                    "--libc musl: `musl-gcc` is not on PATH (Debian/Ubuntu: apt install \
                     musl-tools)"
                        .into(),
                )),
            },
            LibcChoice::Auto if std::env::var_os("CC").is_none() && musl_gcc().is_some() => {
                Ok(Libc::Musl)
            }
            LibcChoice::Auto => Ok(Libc::Glibc),
        }
    }
}

impl Libc {
    /// The C compiler driver that links against this C library.
    fn driver(self) -> OsString {
        match self {
            Libc::Musl => musl_gcc().map_or_else(|| "musl-gcc".into(), PathBuf::into_os_string),
            Libc::Glibc => std::env::var_os("CC").unwrap_or_else(|| "cc".into()),
        }
    }

    /// Arguments before the runtime archive.
    fn leading_args(self) -> &'static [&'static str] {
        match self {
            // Debian's static libgcc_eh (built for glibc) refers to glibc's `_dl_find_object`;
            // the runtime archive's stand-in (rt/exe/src/musl_compat.c) is pulled in for it.
            Libc::Musl => &["-Wl,--undefined=_dl_find_object"],
            Libc::Glibc => &[],
        }
    }

    /// Arguments after the runtime archive: the libraries the Rust standard library inside
    /// the runtime needs, and the start-up mode.
    fn trailing_args(self) -> &'static [&'static str] {
        match self {
            // musl-gcc's specs add libc, libgcc and libgcc_eh; they also name musl's dynamic
            // loader, which lld (unlike GNU ld) keeps in a `-static` link unless told not to.
            Libc::Musl => &["-Wl,--no-dynamic-linker"],
            Libc::Glibc => &[
                "-lpthread",
                "-ldl",
                "-lm",
                "-lrt",
                "-lutil",
                "-lgcc_eh",
                "-lc",
            ],
        }
    }
}

/// Links `module_obj` and `config_obj` (object file bytes) with the runtime into `out`.
pub fn link_executable(
    module_obj: &[u8],
    config_obj: &[u8],
    out: &Path,
    libc: LibcChoice,
) -> Result<()> {
    let resolved = libc.resolve()?;
    let result = link_with(module_obj, config_obj, out, resolved);
    match result {
        // A musl installation that cannot link (say, a broken wrapper) is not the user's
        // choice in `auto` mode: glibc still makes a working executable.
        Err(_) if libc == LibcChoice::Auto && resolved == Libc::Musl => {
            link_with(module_obj, config_obj, out, Libc::Glibc)
        }
        other => other,
    }
}

fn link_with(module_obj: &[u8], config_obj: &[u8], out: &Path, libc: Libc) -> Result<()> {
    let _phase = crate::timings::Phase::start("link");
    let scratch = ScratchDir::new()?;
    let module_path = scratch.0.join("module.o");
    let config_path = scratch.0.join("config.o");
    std::fs::write(&module_path, module_obj)?;
    std::fs::write(&config_path, config_obj)?;
    let rt_path = runtime_archive(&scratch.0)?;
    let cc = libc.driver();
    let link = |linker: Option<&Path>| {
        let mut cmd = Command::new(&cc);
        if let Some(dir) = linker {
            cmd.arg("-B").arg(dir).arg("-fuse-ld=lld");
            // lld's worker threads cost more than they save on one or two CPUs.
            if std::thread::available_parallelism().map_or(1, |n| n.get()) <= 2 {
                cmd.arg("-Wl,--threads=1");
            }
        }
        cmd.arg("-o")
            .arg(out)
            .arg(&module_path)
            .arg(&config_path)
            .args(libc.leading_args())
            .arg(&rt_path)
            .args(libc.trailing_args())
            // Static, not PIE: no dynamic loader and no start-up relocation of the runtime
            // (~20 µs, a tenth of the start-up time). The sandbox does not rely on address
            // randomisation; stacks and linear memories other than memory 0 (which has a fixed
            // address unless `--no-fixed-memory`) are still mapped at random addresses.
            .args([
                "-static",
                "-no-pie",
                // The objects this compiler writes carry no `.note.GNU-stack`, which GNU ld
                // would otherwise take as a request for an executable stack.
                "-Wl,-z,noexecstack",
                "-Wl,--gc-sections",
                "-Wl,--strip-debug",
            ])
            .output()
            .map_err(|e| {
                CompileError::Link(format!(
                    "cannot run the C compiler `{}`: {e}",
                    cc.to_string_lossy()
                ))
            })
    };
    // lld when present, else (or if it fails) the C compiler's default linker.
    let mut output = match lld_dir() {
        Some(dir) => link(Some(&dir))?,
        None => link(None)?,
    };
    if !output.status.success() {
        output = link(None)?;
    }
    if !output.status.success() {
        return Err(CompileError::Link(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    Ok(())
}
