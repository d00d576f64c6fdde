//! Target `wasi_paths`: the runtime's WASI path functions (called in-process, as compiled code
//! calls them, over a host buffer as guest memory) on random path strings over a random tree
//! with symlinks pointing inside and outside the preopen (relative, absolute, dangling, loops).
//!
//! Each input is run twice, over the same preopen tree but different `outside/` trees (one
//! full of the names the paths use, one empty). Checked: nothing outside the preopen changes
//! (a snapshot of `outside/`, timestamps included, and of the scratch directory around it),
//! and no answer depends on the outside: both runs return the same errno and results for
//! every call and leave the same preopen tree.

use crate::tree::{self, Entry};
use arbitrary::Unstructured;
use std::path::Path;
use std::sync::OnceLock;
use wasm2native_abi::meta::Config;
use wasm2native_rt::wasi::host;
use wasm2native_rt::wasi::{HostCx, WasiCtx};

/// The preopen's guest descriptor.
const PRE: i32 = 3;
/// Guest memory: paths at 0 and 1024, results from 2048.
const MEM: usize = 4096;

/// Path components the paths are made of: existing and missing names, symlinks, `.`, `..`.
const NAMES: &[&str] = &[
    "f", "d", "e", "x", "l0", "l1", "l2", "l3", ".", "..", "outside", "pre",
];

/// Where symlinks point (`{out}` is the absolute host path of `outside/`).
const TARGETS: &[&str] = &[
    "f",
    "d",
    "d/f",
    "d/e",
    "x",
    ".",
    "..",
    "../outside",
    "../outside/f",
    "../outside/d/f",
    "{out}",
    "{out}/f",
    "/",
    "/tmp",
    "l0",
    "l1",
    "l2",
    "l3",
    "d/../f",
    "../pre/f",
    "d/..",
    "f/",
    "d/",
    "../../",
];

fn wasi() -> &'static WasiCtx {
    static CTX: OnceLock<WasiCtx> = OnceLock::new();
    CTX.get_or_init(|| {
        let pre = tree::scratch().join("pre");
        let config = Config {
            dirs: vec![(pre.to_string_lossy().into_owned(), "/sandbox".into())],
            ..Default::default()
        };
        WasiCtx::new(&config, vec![]).expect("preopening")
    })
}

/// A symlink target, with `{out}` left in (see [`resolve`]): a case stays the same whichever
/// directory it runs in.
fn target(u: &mut Unstructured) -> String {
    u.choose(TARGETS).unwrap_or(&"f").to_string()
}

/// `target` with `{out}` replaced by the absolute path of the `outside/` the case runs next to.
fn resolve(target: &str, outside: &Path) -> String {
    target.replace("{out}", &outside.display().to_string())
}

/// A random path: components from [`NAMES`], single or double slashes, maybe a leading or
/// trailing slash.
fn path(u: &mut Unstructured) -> String {
    let mut p = String::new();
    if u.ratio(1, 8).unwrap_or(false) {
        p.push('/');
    }
    let n = u.int_in_range(1..=4).unwrap_or(1);
    for i in 0..n {
        if i > 0 {
            p.push_str(if u.ratio(1, 8).unwrap_or(false) {
                "//"
            } else {
                "/"
            });
        }
        p.push_str(u.choose(NAMES).unwrap_or(&"f"));
    }
    if u.ratio(1, 5).unwrap_or(false) {
        p.push('/');
    }
    p
}

/// The preopen's tree: a fixed skeleton and up to four symlinks with random targets.
fn preopen_tree(u: &mut Unstructured) -> Vec<Entry> {
    let mut entries = vec![
        Entry::Dir("d/e"),
        Entry::File("f", b"inside"),
        Entry::File("d/f", b"inside d"),
    ];
    for i in 0..4 {
        if u.ratio(3, 4).unwrap_or(false) {
            let dir = if u.ratio(1, 4).unwrap_or(false) {
                "d/"
            } else {
                ""
            };
            entries.push(Entry::Symlink(format!("{dir}l{i}"), target(u)));
        }
    }
    entries
}

/// The two `outside/` trees: one with everything the paths may look for, one empty.
pub fn outside_tree(full: bool) -> Vec<Entry> {
    if !full {
        return vec![];
    }
    vec![
        Entry::Dir("d/e"),
        Entry::Dir("pre"),
        Entry::File("f", b"outside!"),
        Entry::File("x", b"outside x"),
        Entry::File("d/f", b"outside d/f"),
        Entry::Symlink("l0".into(), "f".into()),
    ]
}

/// One path call, drawn from the input.
#[derive(Clone, Debug)]
enum Op {
    Open {
        follow: bool,
        path: String,
        oflags: u16,
        fdflags: u16,
    },
    Stat {
        follow: bool,
        path: String,
    },
    Mkdir(String),
    Unlink(String),
    Rmdir(String),
    Readlink(String),
    Symlink(String, String),
    Rename(String, String),
    Link {
        follow: bool,
        old: String,
        new: String,
    },
}

fn op(u: &mut Unstructured) -> arbitrary::Result<Op> {
    Ok(match u.int_in_range(0..=8)? {
        0 => Op::Open {
            follow: u.arbitrary()?,
            path: path(u),
            oflags: u.int_in_range(0..=15)?,
            fdflags: *u.choose(&[0, 0, 1, 2, 4, 16])?,
        },
        1 => Op::Stat {
            follow: u.arbitrary()?,
            path: path(u),
        },
        2 => Op::Mkdir(path(u)),
        3 => Op::Unlink(path(u)),
        4 => Op::Rmdir(path(u)),
        5 => Op::Readlink(path(u)),
        6 => Op::Symlink(target(u), path(u)),
        7 => Op::Rename(path(u), path(u)),
        _ => Op::Link {
            follow: u.arbitrary()?,
            old: path(u),
            new: path(u),
        },
    })
}

/// A case: the preopen's tree and the calls.
#[derive(Clone, Debug)]
pub struct Case {
    pre: Vec<Entry>,
    ops: Vec<Op>,
}

pub fn case(data: &[u8]) -> Case {
    let mut u = Unstructured::new(data);
    let pre = preopen_tree(&mut u);
    let mut ops = Vec::new();
    while ops.len() < 8 {
        match op(&mut u) {
            Ok(o) => ops.push(o),
            Err(_) => break,
        }
    }
    Case { pre, ops }
}

impl Case {
    /// The preopen's entries, for a case run next to `outside`.
    pub fn preopen_entries(&self, outside: &Path) -> Vec<Entry> {
        let resolved = |e: &Entry| match e {
            Entry::Symlink(p, t) => Entry::Symlink(p.clone(), resolve(t, outside)),
            other => other.clone(),
        };
        self.pre.iter().map(resolved).collect()
    }

    /// The calls as the arguments of tests/wasi/path_script.c (which prints the same answers
    /// as [`call`]), for a case run next to `outside`.
    pub fn script(&self, outside: &Path) -> Vec<String> {
        let flag = |b: bool| u8::from(b).to_string();
        let mut args = Vec::new();
        for op in &self.ops {
            let words: Vec<String> = match op {
                Op::Open {
                    follow,
                    path,
                    oflags,
                    fdflags,
                } => vec![
                    "open".into(),
                    flag(*follow),
                    path.clone(),
                    oflags.to_string(),
                    fdflags.to_string(),
                ],
                Op::Stat { follow, path } => vec!["stat".into(), flag(*follow), path.clone()],
                Op::Mkdir(p) => vec!["mkdir".into(), p.clone()],
                Op::Unlink(p) => vec!["unlink".into(), p.clone()],
                Op::Rmdir(p) => vec!["rmdir".into(), p.clone()],
                Op::Readlink(p) => vec!["readlink".into(), p.clone()],
                Op::Symlink(t, p) => vec!["symlink".into(), resolve(t, outside), p.clone()],
                Op::Rename(a, b) => vec!["rename".into(), a.clone(), b.clone()],
                Op::Link { follow, old, new } => {
                    vec!["link".into(), flag(*follow), old.clone(), new.clone()]
                }
            };
            args.extend(words);
        }
        args
    }
}

pub fn run(data: &[u8]) {
    check(&case(data));
}

/// Runs `case` over both `outside/` trees; panics on a difference or an escape.
pub fn check(case: &Case) {
    let full = run_over(case, true);
    let empty = run_over(case, false);
    if full != empty {
        panic!("a path call's answer depends on outside/:\ncase {case:?}\nwith outside/ full:  {full:?}\nwith outside/ empty: {empty:?}");
    }
}

/// Builds the trees, makes the calls; returns each call's answer and the preopen's listing.
fn run_over(case: &Case, full: bool) -> (Vec<String>, Vec<(String, String)>) {
    let scratch = tree::scratch();
    let (pre, outside) = (scratch.join("pre"), scratch.join("outside"));
    let cx_wasi = wasi();
    tree::build(&pre, &case.preopen_entries(&outside));
    tree::build(&outside, &outside_tree(full));
    let before = tree::snapshot(&outside);
    let around = tree::listing(scratch);
    let mut mem = vec![0u8; MEM];
    // SAFETY: `mem` outlives every call below.
    let cx = unsafe { HostCx::over(mem.as_mut_ptr(), MEM as u64, cx_wasi) };
    let answers = case
        .ops
        .iter()
        .map(|o| call(cx, &mut mem, o, &outside))
        .collect();
    let after_outside = tree::snapshot(&outside);
    if after_outside != before {
        panic!(
            "outside/ changed:\ncase {case:?}\nbefore {:?}\nafter  {after_outside:?}",
            before
        );
    }
    let around_after = tree::listing(scratch);
    let escaped = |m: &std::collections::BTreeMap<String, String>| {
        m.keys()
            .filter(|k| !k.starts_with("pre"))
            .cloned()
            .collect::<Vec<_>>()
    };
    if escaped(&around) != escaped(&around_after) {
        panic!("the scratch directory changed outside the preopen:\ncase {case:?}\n{around:?}\n{around_after:?}");
    }
    (
        answers,
        tree::listing(Path::new(&pre)).into_iter().collect(),
    )
}

/// Writes `s` into guest memory at `at`; returns (pointer, length).
fn put(mem: &mut [u8], at: usize, s: &str) -> (i32, i32) {
    let b = &s.as_bytes()[..s.len().min(1000)];
    mem[at..at + b.len()].copy_from_slice(b);
    (at as i32, b.len() as i32)
}

/// Makes one call; its answer as text (errno and results).
fn call(cx: HostCx, mem: &mut [u8], op: &Op, outside: &Path) -> String {
    const OUT: i32 = 2048;
    match op {
        Op::Open {
            follow,
            path,
            oflags,
            fdflags,
        } => {
            let (p, n) = put(mem, 0, path);
            // Every right preview1 defines.
            let rights = (1i64 << 29) - 1;
            let e = host::path_open(
                cx,
                PRE,
                *follow as i32,
                p,
                n,
                i32::from(*oflags),
                rights,
                rights,
                i32::from(*fdflags),
                OUT,
            );
            if e != 0 {
                return format!("open {e}");
            }
            let fd = i32::from_le_bytes(mem[2048..2052].try_into().unwrap_or_default());
            let s = host::fd_filestat_get(cx, fd, OUT + 64);
            let stat = filestat(mem, 2048 + 64);
            let c = host::fd_close(cx, fd);
            format!("open ok: stat {s} {stat} close {c}")
        }
        Op::Stat { follow, path } => {
            let (p, n) = put(mem, 0, path);
            let e = host::path_filestat_get(cx, PRE, *follow as i32, p, n, OUT);
            if e != 0 {
                return format!("stat {e}");
            }
            format!("stat ok {}", filestat(mem, 2048))
        }
        Op::Mkdir(path) => one(cx, mem, path, host::path_create_directory),
        Op::Unlink(path) => one(cx, mem, path, host::path_unlink_file),
        Op::Rmdir(path) => one(cx, mem, path, host::path_remove_directory),
        Op::Readlink(path) => {
            let (p, n) = put(mem, 0, path);
            let e = host::path_readlink(cx, PRE, p, n, OUT + 8, 256, OUT);
            if e != 0 {
                return format!("readlink {e}");
            }
            let len = u32::from_le_bytes(mem[2048..2052].try_into().unwrap_or_default()) as usize;
            format!(
                "readlink ok {:?}",
                String::from_utf8_lossy(&mem[2056..2056 + len.min(256)])
            )
        }
        Op::Symlink(target, path) => {
            let (t, tn) = put(mem, 0, &resolve(target, outside));
            let (p, n) = put(mem, 1024, path);
            format!("symlink {}", host::path_symlink(cx, t, tn, PRE, p, n))
        }
        Op::Rename(old, new) => {
            let (o, on) = put(mem, 0, old);
            let (p, n) = put(mem, 1024, new);
            format!("rename {}", host::path_rename(cx, PRE, o, on, PRE, p, n))
        }
        Op::Link { follow, old, new } => {
            let (o, on) = put(mem, 0, old);
            let (p, n) = put(mem, 1024, new);
            format!(
                "link {}",
                host::path_link(cx, PRE, *follow as i32, o, on, PRE, p, n)
            )
        }
    }
}

fn one(cx: HostCx, mem: &mut [u8], path: &str, f: fn(HostCx, i32, i32, i32) -> i32) -> String {
    let (p, n) = put(mem, 0, path);
    format!("{}", f(cx, PRE, p, n))
}

/// A preview1 filestat at `at`, without device, inode and timestamps: filetype, links, size.
fn filestat(mem: &[u8], at: usize) -> String {
    let u64_at =
        |o: usize| u64::from_le_bytes(mem[at + o..at + o + 8].try_into().unwrap_or_default());
    format!(
        "type {} nlink {} size {}",
        mem[at + 16],
        u64_at(24),
        u64_at(32)
    )
}
