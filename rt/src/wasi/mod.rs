//! WASI host functions (`wasi_snapshot_preview1` and `wasi_unstable`) and the WASI context a
//! runtime's instances share ([`WasiCtx`]: arguments, environment and the fd table; one per
//! `crate::runtime::Runtime`).
//!
//! Every host function is a `fn <impl>(cx: HostCx, ...)` named and typed as its row of
//! `abi::for_each_host_func!` (re-exported by [`host`], called through `crate::entry::host`,
//! which builds the [`HostCx`] from the caller's vmctx); it checks every guest pointer and
//! returns a WASI errno, never panicking on guest input.
//! The fd table sits behind a mutex because wasi-threads call WASI concurrently.

pub mod args;
pub mod clock;
pub mod dir;
pub mod errno;
pub mod fd;
pub mod fdtable;
pub mod memory;
pub mod path;
pub mod poll;
pub mod proc;
pub mod unstable;

/// Every host function's implementation under its contract name (`crate::entry` calls them).
pub mod host {
    pub use super::{args::*, clock::*, dir::*, fd::*, path::*, poll::*, proc::*, unstable::*};
    pub use crate::threads::thread_spawn;
}

use errno::{to_ret, WasiResult};
use fdtable::{FdEntry, FdTable, Kind};
use memory::GuestMem;
use std::sync::{Arc, Mutex, MutexGuard};
use wasm2native_abi::meta::Config;

/// Arguments, environment and open descriptors of the process.
#[derive(Debug)]
pub struct WasiCtx {
    pub args: Vec<Vec<u8>>,
    /// `KEY=VALUE` entries.
    pub env: Vec<Vec<u8>>,
    fds: Mutex<FdTable>,
}

/// What a host function is called with: the caller's vmctx, a snapshot of its memory 0, and
/// the WASI context of its runtime. Built by the generated entry points (`crate::entry`) from
/// the vmctx, or over a host buffer by tests.
#[derive(Clone, Copy, Debug)]
pub struct HostCx {
    /// The caller's vmctx (null for a test's fake caller).
    pub vmctx: *mut u8,
    mem_base: *mut u8,
    mem_len: u64,
    wasi: &'static WasiCtx,
}

impl HostCx {
    /// The context of a call from compiled code.
    ///
    /// # Safety
    /// `vmctx` must be the live vmctx of the calling instance.
    pub unsafe fn from_vmctx(vmctx: *mut u8) -> HostCx {
        // SAFETY: the caller guarantees a live vmctx.
        let instance = unsafe { crate::instance::Instance::from_vmctx(vmctx) };
        // SAFETY: as above.
        let (mem_base, mem_len) = unsafe { crate::instance::guest_memory0(vmctx) };
        HostCx {
            vmctx,
            mem_base,
            mem_len,
            wasi: instance.runtime().wasi(),
        }
    }

    /// A context over the host buffer `base..base+len` as memory 0, with no instance.
    ///
    /// # Safety
    /// The buffer must stay valid for reads and writes while the context is used.
    pub unsafe fn over(base: *mut u8, len: u64, wasi: &'static WasiCtx) -> HostCx {
        HostCx {
            vmctx: std::ptr::null_mut(),
            mem_base: base,
            mem_len: len,
            wasi,
        }
    }

    /// The caller's memory 0 for one host call (with a fresh copying budget).
    pub fn mem(&self) -> GuestMem {
        // SAFETY: the memory stays valid for the call (memories only grow, never move).
        unsafe { GuestMem::new(self.mem_base, self.mem_len, self.wasi) }
    }

    /// The WASI context of the caller's runtime.
    pub fn wasi(&self) -> &'static WasiCtx {
        self.wasi
    }
}

/// A granted variable as the guest sees it: `KEY=VALUE` as given; a bare `KEY` (`--env KEY`)
/// takes KEY's value from this process's environment, as wasmtime does, and is left out when
/// KEY is not set.
fn granted_variable(grant: &str) -> Option<Vec<u8>> {
    if grant.contains('=') {
        return Some(grant.as_bytes().to_vec());
    }
    let value = std::env::var_os(grant)?;
    Some(assignment(grant.as_ref(), &value))
}

/// `KEY=VALUE` as bytes.
fn assignment(key: &std::ffi::OsStr, value: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let mut e = key.as_bytes().to_vec();
    e.push(b'=');
    e.extend_from_slice(value.as_bytes());
    e
}

impl WasiCtx {
    /// No arguments, no environment, only stdio.
    pub fn stdio_only() -> WasiCtx {
        let mut fds = FdTable::default();
        for h in 0..3 {
            // An empty table always has room for three entries.
            let _ = fds.insert(FdEntry::stdio(h));
        }
        WasiCtx {
            args: Vec::new(),
            env: Vec::new(),
            fds: Mutex::new(fds),
        }
    }

    pub fn new(config: &Config, args: Vec<Vec<u8>>) -> Result<WasiCtx, String> {
        let mut env: Vec<Vec<u8>> = Vec::new();
        if config.inherit_env {
            env.extend(std::env::vars_os().map(|(k, v)| assignment(&k, &v)));
        }
        for e in &config.env {
            let key = e.split('=').next().unwrap_or("");
            env.retain(|old| !old.starts_with(format!("{key}=").as_bytes()));
            if let Some(granted) = granted_variable(e) {
                env.push(granted);
            }
        }
        let mut ctx = WasiCtx::stdio_only();
        ctx.args = args;
        ctx.env = env;
        let fds = ctx.fds.get_mut().unwrap_or_else(|p| p.into_inner());
        for (host, guest) in &config.dirs {
            let fd = open_preopen(host)?;
            fds.insert(FdEntry {
                host: fd,
                kind: Kind::Dir {
                    preopen: Some(guest.clone()),
                },
                filetype: fdtable::filetype::DIRECTORY,
                rights_base: fdtable::rights::PREOPEN_BASE,
                rights_inheriting: fdtable::rights::PREOPEN_INHERITING,
            })
            .map_err(|_| "fd table full")?;
        }
        Ok(ctx)
    }

    /// The fd table, locked. Never hold it across blocking host I/O.
    pub fn fds(&self) -> MutexGuard<'_, FdTable> {
        self.fds.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The entry of guest fd `fd` (`BADF` if none).
    pub fn entry(&self, fd: u32) -> WasiResult<Arc<FdEntry>> {
        self.fds().get(fd)
    }
}

/// Opens a host directory to preopen (relative paths are relative to the current directory).
fn open_preopen(host: &str) -> Result<i32, String> {
    let c = std::ffi::CString::new(host)
        .map_err(|_| format!("cannot open directory `{host}`: path contains a NUL byte"))?;
    // SAFETY: `c` is a valid NUL-terminated path.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(format!(
            "cannot open directory `{host}`: {}",
            std::io::Error::last_os_error()
        ));
    }
    confinement_available(fd)?;
    Ok(fd)
}

/// Checks that the kernel resolves paths beneath a directory (`openat2` with
/// `RESOLVE_BENEATH`, Linux 5.6), which every path call under a preopen relies on: without
/// it the program could open nothing there, so it is an error at start-up instead.
fn confinement_available(dir: i32) -> Result<(), String> {
    match path::open_beneath(dir, ".", libc::O_RDONLY | libc::O_DIRECTORY, 0) {
        Err(errno::Errno::NOSYS | errno::Errno::PERM) => Err(
            "directory grants (--dir) need the openat2 system call with RESOLVE_BENEATH, \
             which confines every path to its directory: Linux 5.6 or later, not blocked by \
             a seccomp filter (as Docker's default profile did before Docker 20.10)"
                .into(),
        ),
        _ => Ok(()),
    }
}

/// Runs a host function body with the caller's memory 0 and turns its result into an errno.
pub(crate) fn with_mem(cx: HostCx, f: impl FnOnce(&GuestMem) -> WasiResult<()>) -> i32 {
    to_ret(f(&cx.mem()))
}

#[cfg(test)]
pub(crate) mod testutil {
    //! The tests' own WASI context: args `prog a b`, env `A=1 B=two`, a preopen `/sandbox`.
    use super::*;

    pub const ARGS: [&str; 3] = ["prog", "a", "bé"];

    /// The host directory preopened as `/sandbox` (fd 3).
    pub fn sandbox() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("w2n-wasi-test-{}", std::process::id()))
    }

    /// Removes the sandbox directory (and everything the tests left in it) when dropped.
    struct SandboxGuard(std::path::PathBuf);

    impl Drop for SandboxGuard {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The guard of the tests' sandbox directory. Statics are never dropped, so it is taken out
    /// and dropped by an `atexit` handler: the test harness returns from `main` (or calls
    /// `exit`) once every test has finished, which runs it.
    static GUARD: std::sync::Mutex<Option<SandboxGuard>> = std::sync::Mutex::new(None);

    extern "C" fn drop_guard() {
        let guard = GUARD.lock().map(|mut g| g.take());
        drop(guard);
    }

    /// The tests' WASI context (made once, with the sandbox directory created).
    pub fn wasi() -> &'static WasiCtx {
        static CTX: std::sync::OnceLock<WasiCtx> = std::sync::OnceLock::new();
        CTX.get_or_init(|| {
            let dir = sandbox();
            std::fs::create_dir_all(&dir).unwrap();
            *GUARD.lock().unwrap() = Some(SandboxGuard(dir.clone()));
            // SAFETY: registers a plain function with no arguments.
            unsafe { libc::atexit(drop_guard) };
            let config = Config {
                dirs: vec![(dir.to_string_lossy().into_owned(), "/sandbox".into())],
                env: vec!["A=1".into(), "B=two".into()],
                ..Default::default()
            };
            WasiCtx::new(
                &config,
                ARGS.iter().map(|a| a.as_bytes().to_vec()).collect(),
            )
            .unwrap()
        })
    }

    /// Makes sure the tests' context exists (and its sandbox directory with it).
    pub fn setup() {
        wasi();
    }

    #[test]
    fn missing_preopen_is_an_error() {
        let config = Config {
            dirs: vec![("/nonexistent/w2n".into(), "/x".into())],
            ..Default::default()
        };
        let e = WasiCtx::new(&config, vec![]).unwrap_err();
        assert!(e.contains("/nonexistent/w2n"), "{e}");
    }

    #[test]
    fn env_grants_override_inherited() {
        let config = Config {
            env: vec!["PATH=x".into(), "K=a=b".into()],
            inherit_env: true,
            ..Default::default()
        };
        let c = WasiCtx::new(&config, vec![]).unwrap();
        assert_eq!(c.env.iter().filter(|e| e.starts_with(b"PATH=")).count(), 1);
        assert!(c.env.contains(&b"PATH=x".to_vec()));
        assert!(c.env.contains(&b"K=a=b".to_vec()));
    }
}
