//! The on-disk cache of `wasm2native run`: compiled objects keyed by a hash of the module
//! bytes, the options and this compiler build; linked executables keyed additionally by the
//! configuration (grants) and the C library, so changing `--env` relinks but never recompiles.
//!
//! Location: [`cache_dir`]. Entries are written to a temporary name and renamed into place;
//! [`cache_evict`] keeps the whole under its size limit, least recently used first.

use crate::cache_evict;
use crate::progress_bar::BuildBar;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use wasm2native::link::{link_executable, LibcChoice};
use wasm2native::user_cache::{self, cache_dir};
use wasm2native::{config_object::config_object, CompileOptions, TargetCpu};
use wasm2native_abi::meta::Config;

/// A 128-bit hex digest (two differently seeded SipHashes).
fn digest(parts: &[&[u8]]) -> String {
    let mut out = String::new();
    for seed in [0u8, 1] {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        for p in parts {
            p.hash(&mut h);
        }
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Identity of this compiler build: version plus the executable's size and mtime.
fn compiler_identity() -> Vec<u8> {
    let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        id.extend_from_slice(&meta.len().to_le_bytes());
        if let Ok(t) = meta.modified() {
            id.extend_from_slice(format!("{t:?}").as_bytes());
        }
    }
    id
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    user_cache::write_atomically(path, bytes)
        .map_err(|e| format!("writing cache `{}`: {e}", path.display()))
}

/// Path of a runnable executable for `module` under `config`, compiling and linking only
/// what the cache does not hold yet (with progress on `bar`).
pub fn executable(
    module: &[u8],
    opts: &CompileOptions,
    config: &Config,
    libc: LibcChoice,
    bar: &BuildBar,
) -> Result<PathBuf, String> {
    let limit = cache_evict::limit()?;
    let resolved = libc.resolve().map_err(|e| e.to_string())?;
    // `native` code is for the CPU it was compiled on: a cache shared by machines (a home
    // directory on NFS) keeps one entry per CPU.
    let cpu_features = match opts.target_cpu {
        TargetCpu::Native => wasm2native_rt::cpu::detected().0,
        _ => 0,
    };
    let opts_key = format!(
        "{:?}/{:?}/{}/{:x}/{:?}/{cpu_features:x}",
        opts.opt_level,
        opts.policy,
        opts.fixed_memory_address,
        opts.features.bits(),
        opts.target_cpu,
    );
    let key = digest(&[&compiler_identity(), opts_key.as_bytes(), module]);
    let dir = cache_dir().join(&key);
    let link_key = format!("{resolved:?}");
    let exe = dir.join(format!(
        "exe-{}",
        digest(&[&config.encode(), link_key.as_bytes()])
    ));
    if exe.exists() {
        cache_evict::touch(&exe);
        return Ok(exe);
    }
    let obj_path = dir.join("module.o");
    let object = match std::fs::read(&obj_path) {
        Ok(o) => o,
        Err(_) => {
            let opts = CompileOptions {
                progress: bar.reporter(),
                ..opts.clone()
            };
            let emitted = wasm2native::compile(module, &opts).map_err(|e| e.to_string())?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("creating cache `{}`: {e}", dir.display()))?;
            write_atomically(&obj_path, &emitted.object)?;
            emitted.object
        }
    };
    let config_obj = config_object(config).map_err(|e| e.to_string())?;
    let tmp = exe.with_extension(format!("tmp{}", std::process::id()));
    bar.phase("link");
    link_executable(&object, &config_obj, &tmp, libc).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, &exe).map_err(|e| format!("writing cache `{}`: {e}", exe.display()))?;
    let runtime = wasm2native::link::cached_runtime_archive();
    cache_evict::evict(&cache_dir(), limit, &[&dir, &runtime]);
    Ok(exe)
}
