//! Where wasm2native keeps files between runs: `$WASM2NATIVE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/wasm2native`, else `~/.cache/wasm2native`. Holds `run`'s compiled modules
//! and the runtime library archive the linker reads. Files are written to a temporary name
//! and renamed into place, so a reader never sees a partial file.

use std::path::{Path, PathBuf};

pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WASM2NATIVE_CACHE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("wasm2native");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("wasm2native")
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
