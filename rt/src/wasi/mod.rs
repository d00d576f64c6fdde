//! WASI host functions (`wasi_snapshot_preview1` and `wasi_unstable`) and the process-wide
//! WASI context they share: arguments, environment and the fd table.
//!
//! [`init`] runs once before the program starts; host functions called before it (or without
//! it) see an empty context with only stdio. Every host function is a `fn <impl>(vmctx, ...)`
//! named and typed as its row of `abi::for_each_host_func!` (re-exported by [`host`], called
//! through `crate::entry::host`); it checks every guest pointer and returns a WASI errno,
//! never panicking on guest input.
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
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use wasm2native_abi::meta::Config;

/// Arguments, environment and open descriptors of the process.
#[derive(Debug)]
pub struct WasiCtx {
    pub args: Vec<Vec<u8>>,
    /// `KEY=VALUE` entries.
    pub env: Vec<Vec<u8>>,
    fds: Mutex<FdTable>,
}

static CTX: OnceLock<WasiCtx> = OnceLock::new();

/// Sets up the process-wide WASI context: `args` (argv[0] included), the granted environment
/// and fds 0–2 = host stdio, then one preopen per `config.dirs` entry from fd 3 on.
pub fn init(config: &Config, args: Vec<Vec<u8>>) -> Result<(), String> {
    let ctx = WasiCtx::new(config, args)?;
    CTX.set(ctx)
        .map_err(|_| "WASI context initialised twice".to_string())
}

/// The process-wide context (stdio only if [`init`] was not called).
pub fn ctx() -> &'static WasiCtx {
    CTX.get_or_init(WasiCtx::stdio_only)
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
            use std::os::unix::ffi::OsStrExt;
            for (k, v) in std::env::vars_os() {
                let mut e = k.as_bytes().to_vec();
                e.push(b'=');
                e.extend_from_slice(v.as_bytes());
                env.push(e);
            }
        }
        for e in &config.env {
            let key = e.split('=').next().unwrap_or("");
            env.retain(|old| !old.starts_with(format!("{key}=").as_bytes()));
            env.push(e.as_bytes().to_vec());
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
    Ok(fd)
}

/// Runs a host function body with the caller's memory 0 and turns its result into an errno.
pub(crate) fn with_mem(vmctx: *mut u8, f: impl FnOnce(&GuestMem) -> WasiResult<()>) -> i32 {
    // SAFETY: host functions are only called by compiled code, with its own live vmctx.
    let mem = unsafe { GuestMem::from_vmctx(vmctx) };
    to_ret(f(&mem))
}

#[cfg(test)]
pub(crate) mod testutil {
    //! A process-wide test context: args `prog a b`, env `A=1 B=two`, a preopen `/sandbox`.
    use super::*;
    use std::sync::Once;

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

    /// The guard of the process-wide sandbox. Statics are never dropped, so it is taken out
    /// and dropped by an `atexit` handler: the test harness returns from `main` (or calls
    /// `exit`) once every test has finished, which runs it.
    static GUARD: std::sync::Mutex<Option<SandboxGuard>> = std::sync::Mutex::new(None);

    extern "C" fn drop_guard() {
        let guard = GUARD.lock().map(|mut g| g.take());
        drop(guard);
    }

    pub fn setup() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
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
            init(
                &config,
                ARGS.iter().map(|a| a.as_bytes().to_vec()).collect(),
            )
            .unwrap();
        });
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
