//! Keeps `run`'s cache under its size limit: after an entry is added, the least recently used
//! entries are removed until the cache fits. An entry is one compiled module (its directory:
//! the object and the executables linked from it) or one runtime archive of another
//! compiler build; its recency is the newest modification time of its files, which a cache
//! hit refreshes ([`touch`]). The entry in use and the running compiler's runtime archive
//! are never removed.
//!
//! The limit is `$WASM2NATIVE_CACHE_LIMIT` (bytes, or with a K, M or G suffix), else
//! [`DEFAULT_LIMIT`].

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The default size limit: room for a hundred executables of CPython's size.
pub const DEFAULT_LIMIT: u64 = 2 << 30;

/// The size limit in force, or an error naming a malformed `$WASM2NATIVE_CACHE_LIMIT`.
pub fn limit() -> Result<u64, String> {
    match std::env::var("WASM2NATIVE_CACHE_LIMIT") {
        Err(_) => Ok(DEFAULT_LIMIT),
        Ok(text) => parse_size(&text).ok_or_else(|| {
            format!("WASM2NATIVE_CACHE_LIMIT=`{text}`: expected bytes, e.g. 500M or 4G")
        }),
    }
}

/// `123`, `64K`, `500M`, `4G` (powers of 1024; a trailing `B`/`iB` is accepted).
fn parse_size(text: &str) -> Option<u64> {
    let t = text
        .trim()
        .trim_end_matches("iB")
        .trim_end_matches(['B', 'b']);
    let (digits, shift) = match t.char_indices().last()? {
        (i, 'k' | 'K') => (&t[..i], 10),
        (i, 'm' | 'M') => (&t[..i], 20),
        (i, 'g' | 'G') => (&t[..i], 30),
        (i, 't' | 'T') => (&t[..i], 40),
        _ => (t, 0),
    };
    digits.trim().parse::<u64>().ok()?.checked_mul(1 << shift)
}

/// Marks `file` (an executable just taken from the cache) as used now.
pub fn touch(file: &Path) {
    if let Ok(f) = std::fs::File::options().append(true).open(file) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// One removable unit of the cache.
struct Entry {
    path: PathBuf,
    bytes: u64,
    used: SystemTime,
}

/// Removes least recently used entries of the cache at `root` until it holds at most
/// `limit` bytes; `keep` (the entries in use) stay whatever their age.
pub fn evict(root: &Path, limit: u64, keep: &[&Path]) {
    let mut entries = entries(root);
    let mut total: u64 = entries.iter().map(|e| e.bytes).sum();
    entries.sort_by_key(|e| e.used);
    for e in entries {
        if total <= limit {
            break;
        }
        if keep
            .iter()
            .any(|k| k.starts_with(&e.path) || e.path.starts_with(k))
        {
            continue;
        }
        let removed = if e.path.is_dir() {
            std::fs::remove_dir_all(&e.path)
        } else {
            std::fs::remove_file(&e.path)
        };
        if removed.is_ok() {
            total -= e.bytes;
        }
    }
}

/// The entries of the cache: the module directories (named by their 32-digit key) and the
/// runtime archives in `runtime/`. Nothing else is touched, whatever else the directory holds
/// (`$WASM2NATIVE_CACHE_DIR` may name a directory shared with other files).
fn entries(root: &Path) -> Vec<Entry> {
    let named =
        |p: &Path, ok: fn(&str) -> bool| p.file_name().and_then(|n| n.to_str()).is_some_and(ok);
    let modules = children(root)
        .into_iter()
        .filter(|p| named(p, is_module_key));
    let archives = children(&root.join("runtime"))
        .into_iter()
        .filter(|p| named(p, is_runtime_archive));
    modules.chain(archives).filter_map(entry).collect()
}

fn is_module_key(name: &str) -> bool {
    name.len() == 32
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_runtime_archive(name: &str) -> bool {
    name.starts_with("libwasm2native_rt-") && name.ends_with(".a")
}

fn children(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default()
}

/// The size and recency (newest modification) of a file, or of a directory's files.
fn entry(path: PathBuf) -> Option<Entry> {
    let meta = std::fs::symlink_metadata(&path).ok()?;
    let files = if meta.is_dir() {
        children(&path)
    } else {
        vec![path.clone()]
    };
    let (mut bytes, mut used) = (0, SystemTime::UNIX_EPOCH);
    for f in files {
        if let Ok(m) = std::fs::symlink_metadata(&f) {
            bytes += m.len();
            used = used.max(m.modified().unwrap_or(used));
        }
    }
    Some(Entry { path, bytes, used })
}

/// The cache's size in bytes (for `wasm2native cache size`).
pub fn size(root: &Path) -> u64 {
    entries(root).iter().map(|e| e.bytes).sum()
}

/// Removes every entry (`wasm2native cache clean`); returns the bytes freed.
pub fn clean(root: &Path) -> u64 {
    let before = size(root);
    evict(root, 0, &[]);
    before - size(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("123"), Some(123));
        assert_eq!(parse_size("64K"), Some(64 << 10));
        assert_eq!(parse_size("500M"), Some(500 << 20));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("4GiB"), Some(4 << 30));
        assert_eq!(parse_size("1.5G"), None);
        assert_eq!(parse_size("G"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999T"), None);
    }

    fn entry_at(root: &Path, name: &str, bytes: usize, age_secs: u64) -> PathBuf {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("module.o");
        std::fs::write(&f, vec![0u8; bytes]).unwrap();
        let t = SystemTime::now() - Duration::from_secs(age_secs);
        std::fs::File::options()
            .append(true)
            .open(&f)
            .unwrap()
            .set_modified(t)
            .unwrap();
        dir
    }

    #[test]
    fn the_least_recently_used_go_first_and_kept_entries_stay() {
        let root = std::env::temp_dir().join(format!("w2n-evict-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let key = |c: char| c.to_string().repeat(32);
        let oldest = entry_at(&root, &key('a'), 1000, 300);
        let old = entry_at(&root, &key('b'), 1000, 200);
        let kept = entry_at(&root, &key('c'), 1000, 400);
        let new = entry_at(&root, &key('d'), 1000, 100);
        let foreign = entry_at(&root, "not-ours", 1000, 900);
        evict(&root, 3000, &[&kept]);
        assert!(!oldest.exists() && old.exists() && kept.exists() && new.exists());
        touch(&old.join("module.o"));
        evict(&root, 2000, &[&kept]);
        assert!(
            old.exists() && !new.exists(),
            "touched: now the most recent"
        );
        assert_eq!(clean(&root), 2000);
        assert!(!old.exists() && !kept.exists() && foreign.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
