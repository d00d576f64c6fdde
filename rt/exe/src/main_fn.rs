//! The C `main` of compiled executables: decode the module and config
//! images the linker put next to us, set up WASI, signals and the module instance, then run
//! `_start` (or the `--invoke` export) and exit.
//!
//! Invariants: the process always ends through `_exit` (status 0 after `_start` returns, even
//! with other threads still running; 1 on a set-up error; 134 on a trap; 70 on an internal
//! error, a fault in wasm code off every trap site; WASI `proc_exit` exits on its own), so no
//! destructor or atexit handler runs while other threads use shared state.

use std::ffi::{c_char, c_int, CStr};
use std::sync::Arc;

use wasm2native_abi::meta::Config;
use wasm2native_abi::symbols::{ConfigImage, ModuleImage};
use wasm2native_abi::ABI_VERSION;

use wasm2native_rt::instance::{leak, HostResolver, Instance, InstantiateError};
use wasm2native_rt::module::Module;
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::values::Val;
use wasm2native_rt::{outcome, signals, traps, wasi};

extern "C" {
    static __w2n_module: ModuleImage;
    static __w2n_config: ConfigImage;
}

fn fail(msg: &str) -> ! {
    outcome::claim();
    let mut out = traps::ErrBuf::new();
    out.str("error: ").str(msg).str("\n");
    out.flush();
    outcome::exit_claimed(1)
}

fn read_config() -> Result<Config, String> {
    // SAFETY: the config object defines this symbol with `config_len` bytes at `config`.
    let image = unsafe { &*std::ptr::addr_of!(__w2n_config) };
    if image.abi_version != ABI_VERSION {
        return Err("configuration was built for a different runtime ABI".into());
    }
    // SAFETY: see above.
    let bytes = unsafe { std::slice::from_raw_parts(image.config, image.config_len as usize) };
    Config::decode(bytes).map_err(|_| "corrupt build configuration".to_string())
}

/// Entry point of every compiled executable.
///
/// # Safety
/// Called by the C runtime with a valid `argv` of `argc` strings.
#[no_mangle]
pub unsafe extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let args: Vec<Vec<u8>> = (0..argc.max(0) as usize)
        .map(|i| {
            // SAFETY: the C runtime passes argc valid NUL-terminated strings.
            unsafe { CStr::from_ptr(*argv.add(i)) }.to_bytes().to_vec()
        })
        .collect();
    // SAFETY: the compiled object defines `__w2n_module` and it lives for the whole process.
    let image = unsafe { &*std::ptr::addr_of!(__w2n_module) };
    if image.abi_version == ABI_VERSION {
        // First, so that a CPU without the code's features gets this message, not SIGILL.
        if let Err(e) = wasm2native_rt::cpu::check(image) {
            fail(&format!("this executable was {e}"));
        }
    }
    let config = read_config().unwrap_or_else(|e| fail(&e));
    let wasi = wasi::WasiCtx::new(&config, args.clone()).unwrap_or_else(|e| fail(&e));
    let thread_stack = match config.thread_stack_size {
        0 => config.stack_size,
        n => n,
    };
    let runtime = Runtime::new(wasi, config.max_threads, thread_stack);
    // SAFETY: see `image` above.
    let module = unsafe { Module::from_image(image, runtime) }.unwrap_or_else(|e| fail(&e));
    signals::install();
    signals::init_main_thread();
    // As wasmtime does: writing to a closed pipe returns EPIPE to the program instead of
    // killing the process.
    // SAFETY: setting a signal disposition to SIG_IGN has no preconditions.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    // The program runs on a stack of the runtime's own: its size is the build's, whatever
    // `ulimit -s` says, so unbounded recursion always traps.
    let run = || run_program(&module, &config, &args);
    if let Err(e) = wasm2native_rt::stack::run_on_own_stack(config.stack_size as usize, run) {
        fail(&e);
    }
    // Ends the process (and every other thread) without running destructors, unless a
    // thread has trapped or exited first: its outcome stands.
    outcome::exit(0)
}

/// Instantiates the module, runs its start function, then `_start` or the `--invoke` export.
fn run_program(module: &Arc<Module>, config: &Config, args: &[Vec<u8>]) {
    let instance = match Instance::new(module.clone(), &mut HostResolver) {
        Ok(i) => leak(i),
        Err(InstantiateError::Trap(t)) => traps::on_trap(t, 0, 0),
        Err(e) => fail(&e.to_string()),
    };
    if let Err(e) = instance.run_start() {
        fail(&e.0);
    }
    match &config.invoke {
        Some(name) => invoke(module, instance, name, args),
        None => {
            if module.export_func("_start").is_some() {
                if let Err(e) = instance.call_export("_start", &[]) {
                    fail(&e.0);
                }
            }
        }
    }
}

/// `--invoke`: call export `name` with arguments parsed from argv[1..], print each result.
fn invoke(module: &Arc<Module>, instance: &Instance, name: &str, args: &[Vec<u8>]) {
    let f = module
        .export_func(name)
        .unwrap_or_else(|| fail(&format!("no exported function `{name}` to invoke")));
    let ty = module
        .func_type(f)
        .unwrap_or_else(|| fail("corrupt module metadata"));
    let given = args.get(1..).unwrap_or(&[]);
    if given.len() != ty.params.len() {
        fail(&format!(
            "`{name}` expects {} argument(s), got {}",
            ty.params.len(),
            given.len()
        ));
    }
    let vals: Vec<Val> = ty
        .params
        .iter()
        .zip(given)
        .map(|(&t, a)| {
            let s = String::from_utf8_lossy(a);
            Val::parse(t, &s)
                .unwrap_or_else(|| fail(&format!("cannot parse `{s}` as {t:?} for `{name}`")))
        })
        .collect();
    let results = instance.call(f, &vals).unwrap_or_else(|e| fail(&e.0));
    let mut text = String::new();
    for r in results {
        text.push_str(&r.display());
        text.push('\n');
    }
    write_all(1, text.as_bytes());
}

fn write_all(fd: c_int, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: writing initialised bytes from a live slice.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            return;
        }
        bytes = &bytes[n as usize..];
    }
}
