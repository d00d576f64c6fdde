//! The file trees of the `wasi_paths` target: a scratch directory holding `pre/` (the
//! preopen) and `outside/` (its sibling, which no path call may touch or reveal), how to
//! (re)build each from a description, and snapshots to compare them by.

use std::collections::BTreeMap;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};

/// An entry to create, relative to the tree's root.
#[derive(Clone, Debug)]
pub enum Entry {
    Dir(&'static str),
    File(&'static str, &'static [u8]),
    Symlink(String, String),
}

/// The scratch directory of this process (made once, removed by no one: it lives in the
/// system's temporary directory under the process id).
pub fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("w2n-fuzz-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("pre")).expect("creating the preopen");
        std::fs::create_dir_all(d.join("outside")).expect("creating outside/");
        d
    })
}

/// Empties `root` (keeping the directory itself: the preopen's descriptor refers to it) and
/// creates `entries` in it.
pub fn build(root: &Path, entries: &[Entry]) {
    clear(root);
    for e in entries {
        match e {
            Entry::Dir(p) => std::fs::create_dir_all(root.join(p)).expect("mkdir"),
            Entry::File(p, bytes) => std::fs::write(root.join(p), bytes).expect("write"),
            Entry::Symlink(p, target) => {
                let _ = symlink(target, root.join(p));
            }
        }
    }
}

fn clear(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let dir = e.file_type().is_ok_and(|t| t.is_dir());
        let _ = if dir {
            make_writable(&p);
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
    }
}

/// Path calls may have created directories without write permission.
fn make_writable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
    if let Ok(entries) = std::fs::read_dir(p) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&e.path());
            }
        }
    }
}

/// Every entry under `root` (symlinks not followed): kind, size or target, permissions and
/// modification time.
pub fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out, false);
    out
}

/// Like [`snapshot`] without timestamps or inode numbers: what may legitimately be the same
/// in two runs over different `outside/` trees.
pub fn listing(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out, true);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>, shape_only: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let rel = p.strip_prefix(root).unwrap_or(&p).display().to_string();
        let Ok(m) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        let what = if m.file_type().is_symlink() {
            format!("link -> {:?}", std::fs::read_link(&p).ok())
        } else if m.is_dir() {
            "dir".to_string()
        } else {
            format!("file {} bytes", m.len())
        };
        let what = if shape_only {
            format!("{what} mode {:o}", m.mode())
        } else {
            format!(
                "{what} mode {:o} mtime {}.{} ino {}",
                m.mode(),
                m.mtime(),
                m.mtime_nsec(),
                m.ino()
            )
        };
        out.insert(rel, what);
        if m.is_dir() {
            walk(root, &p, out, shape_only);
        }
    }
}
