//! Loading many compiled modules into the runner's process: every module of a script is
//! compiled (in parallel) to an object with its own image symbol, all objects are linked into
//! one shared library with the system `cc`, and the library is `dlopen`ed. Calls from compiled
//! code to runtime builtins resolve against this executable, which exports them (`-rdynamic`).
//!
//! Libraries are never unloaded: the runtime keeps pointers into their code and metadata.

use crate::link::ScratchDir;
use crate::{CompileOptions, ImportPolicy};
use rayon::prelude::*;
use std::ffi::CString;
use std::sync::Arc;
use wasm2native_abi::symbols::{ModuleImage, MODULE_IMAGE};
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::Module;

/// The outcome of compiling one module: a loaded module or the compiler's error.
pub type Loaded = Result<Arc<Module>, String>;

fn image_symbol(i: usize) -> String {
    format!("{MODULE_IMAGE}_{i}")
}

/// Compiles and loads `modules` (wasm binaries, or why the script's text could not be encoded)
/// into `runtime`; one result per module, in order. `base` supplies the optimisation level and
/// features.
pub fn load_all(
    modules: &[Result<Vec<u8>, String>],
    base: &CompileOptions,
    runtime: &'static Runtime,
) -> Vec<Loaded> {
    let objects: Vec<Result<Vec<u8>, String>> = modules
        .par_iter()
        .enumerate()
        .map(|(i, wasm)| {
            let wasm = wasm.as_ref().map_err(Clone::clone)?;
            let opts = CompileOptions {
                policy: ImportPolicy::Linkable,
                inspect: Default::default(),
                image_symbol: image_symbol(i),
                ..base.clone()
            };
            crate::compile(wasm, &opts)
                .map(|e| e.object)
                .map_err(|e| e.to_string())
        })
        .collect();
    let handle = match link_and_open(&objects) {
        Ok(h) => h,
        Err(e) => {
            return objects
                .into_iter()
                .map(|o| o.and_then(|_| Err(format!("loading failed: {e}"))))
                .collect()
        }
    };
    objects
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            o?;
            let name = CString::new(image_symbol(i)).expect("no NUL in symbol names");
            // SAFETY: `handle` is a live library handle (never closed).
            let image = unsafe { libc::dlsym(handle, name.as_ptr()) } as *const ModuleImage;
            if image.is_null() {
                return Err(format!("module image {} missing from the library", i));
            }
            // SAFETY: the symbol is a ModuleImage emitted by our compiler; the library stays
            // loaded for the life of the process.
            unsafe { Module::from_image(image, runtime) }
        })
        .collect()
}

/// Links the successful objects into a shared library and opens it.
fn link_and_open(objects: &[Result<Vec<u8>, String>]) -> Result<*mut libc::c_void, String> {
    let scratch = ScratchDir::new().map_err(|e| e.to_string())?;
    let mut paths = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        if let Ok(bytes) = o {
            let p = scratch.0.join(format!("m{i}.o"));
            std::fs::write(&p, bytes).map_err(|e| e.to_string())?;
            paths.push(p);
        }
    }
    if paths.is_empty() {
        return Ok(std::ptr::null_mut());
    }
    let lib = scratch.0.join("modules.so");
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let out = std::process::Command::new(cc)
        .arg("-shared")
        .arg("-o")
        .arg(&lib)
        .args(&paths)
        .output()
        .map_err(|e| format!("cannot run cc: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let path = CString::new(lib.as_os_str().as_encoded_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: dlopen of a library we just linked; its initialisers are empty.
    let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        // SAFETY: dlerror returns a valid C string after a failed dlopen.
        let msg = unsafe { std::ffi::CStr::from_ptr(libc::dlerror()) };
        return Err(msg.to_string_lossy().into_owned());
    }
    Ok(handle)
}
