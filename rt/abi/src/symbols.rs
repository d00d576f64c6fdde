//! Symbol names shared by compiled objects and the runtime, and the runtime's entry points
//! (builtins and host functions) that compiled code calls directly.
//!
//! Builtins and host functions all take the caller's `vmctx` as their first argument.

use crate::meta::ValType::{self, I32, I64};

/// The compiled object's [`ModuleImage`] symbol.
pub const MODULE_IMAGE: &str = "__w2n_module";
/// The build-time configuration ([`ConfigImage`]) symbol, in its own small object.
pub const CONFIG_IMAGE: &str = "__w2n_config";

/// What the compiled object exports to the runtime.
#[repr(C)]
pub struct ModuleImage {
    pub abi_version: u64,
    /// Encoded [`crate::meta::ModuleMeta`].
    pub meta: *const u8,
    pub meta_len: u64,
    /// Code address of every function (imported host functions included; other imports null).
    pub funcs: *const *const u8,
    /// Per type index: `extern "C" fn(code, vmctx, values: *mut [u8; 16])`, which calls `code`
    /// with arguments read from `values` and writes the results back to `values`.
    pub trampolines: *const *const u8,
    /// The `--target-cpu` the code was compiled for ([`crate::cpu::TargetCpu::code`]).
    pub target_cpu: u64,
    /// The CPU features the code may use ([`crate::cpu::CpuFeatures`]), checked at start-up.
    pub cpu_features: u64,
}

/// Build-time grants and options, emitted next to the module.
#[repr(C)]
pub struct ConfigImage {
    pub abi_version: u64,
    /// Encoded [`crate::meta::Config`].
    pub config: *const u8,
    pub config_len: u64,
}

/// The bytes the compiler emits for an image struct `T` ([`ModuleImage`], [`ConfigImage`]):
/// zeroes of `T`'s size with each `(offset, value)` of `fields` written in place (take the
/// offsets from `core::mem::offset_of!`; pointer fields stay zero for their relocations).
pub fn image_bytes<T>(fields: &[(usize, u64)]) -> alloc::vec::Vec<u8> {
    let mut bytes = alloc::vec![0u8; core::mem::size_of::<T>()];
    for &(at, value) in fields {
        bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
    }
    bytes
}

/// The routines Cranelift calls where the target CPU has no instruction for an operation
/// (float rounding without SSE4.1, fused multiply-add without FMA, byte shuffles without
/// SSSE3), as (Cranelift's `LibCall` name, the symbol the runtime defines it under:
/// rt/src/libcalls.rs). The runtime supplies them rather than the C library, so executables,
/// the `wast` runner's shared objects and the in-process loader resolve them alike.
pub const LIBCALLS: &[(&str, &str)] = &[
    ("CeilF32", "__w2n_libcall_ceilf"),
    ("CeilF64", "__w2n_libcall_ceil"),
    ("FloorF32", "__w2n_libcall_floorf"),
    ("FloorF64", "__w2n_libcall_floor"),
    ("TruncF32", "__w2n_libcall_truncf"),
    ("TruncF64", "__w2n_libcall_trunc"),
    ("NearestF32", "__w2n_libcall_nearestf"),
    ("NearestF64", "__w2n_libcall_nearest"),
    ("FmaF32", "__w2n_libcall_fmaf"),
    ("FmaF64", "__w2n_libcall_fma"),
    ("X86Pshufb", "__w2n_libcall_x86_pshufb"),
];

/// Signature of a runtime entry point, after the leading vmctx pointer.
#[derive(Clone, Copy, Debug)]
pub struct EntrySig {
    pub params: &'static [ValType],
    pub results: &'static [ValType],
}

/// A Rust type that crosses the compiled-code/runtime boundary as one wasm value.
/// Pointers are passed as `I64` (x86_64 only).
pub trait AbiValue {
    const TYPE: ValType;
}

impl AbiValue for i32 {
    const TYPE: ValType = I32;
}
impl AbiValue for u32 {
    const TYPE: ValType = I32;
}
impl AbiValue for i64 {
    const TYPE: ValType = I64;
}
impl AbiValue for u64 {
    const TYPE: ValType = I64;
}
impl AbiValue for BoundsCheck {
    const TYPE: ValType = I32;
}

/// What a runtime entry point returns, as wasm values: nothing or one value.
pub trait AbiResults {
    const TYPES: &'static [ValType];
}

impl AbiResults for () {
    const TYPES: &'static [ValType] = &[];
}
impl<T: AbiValue> AbiResults for T {
    const TYPES: &'static [ValType] = &[T::TYPE];
}

/// The result of a builtin that checks bounds before acting (memory/table fill, copy, init):
/// compiled code traps with the out-of-bounds trap of its kind on [`BoundsCheck::OUT_OF_BOUNDS`]
/// and the builtin has then written nothing (the bulk-memory proposal's rule).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoundsCheck(pub u32);

impl BoundsCheck {
    pub const IN_BOUNDS: BoundsCheck = BoundsCheck(1);
    pub const OUT_OF_BOUNDS: BoundsCheck = BoundsCheck(0);

    /// `IN_BOUNDS` if `ok`.
    pub const fn from_ok(ok: bool) -> BoundsCheck {
        BoundsCheck(ok as u32)
    }
}

/// The builtins: runtime helpers compiled code calls for operations too big to inline. One
/// row per builtin: its name (the symbol is `__w2n_builtin_<name>`), its parameters after the
/// caller's vmctx, as the Rust types the runtime takes (wasm `i32` arrives as `u32`), and its
/// result. This table is the only list: the compiler declares its imports from it
/// ([`Builtin`]), and the runtime generates its exported entry points from it, calling the
/// implementation of the same name, so a signature that differs is a compile error.
///
/// Invoke it with the name of a macro that takes the rows.
#[macro_export]
macro_rules! for_each_builtin {
    ($m:ident) => {
        $m! {
            memory_grow(mem: u32, delta: u64) -> i64;  // old size in pages | -1
            memory_fill(mem: u32, dst: u64, byte: u32, len: u64) -> $crate::symbols::BoundsCheck;
            memory_copy(dst_mem: u32, dst: u64, src_mem: u32, src: u64, len: u64) -> $crate::symbols::BoundsCheck;
            memory_init(mem: u32, seg: u32, dst: u64, src: u32, len: u32) -> $crate::symbols::BoundsCheck;
            data_drop(seg: u32) -> ();
            table_grow(table: u32, init: u64, delta: u64) -> i64;  // old size | -1
            table_fill(table: u32, dst: u64, value: u64, len: u64) -> $crate::symbols::BoundsCheck;
            table_copy(dst_table: u32, src_table: u32, dst: u64, src: u64, len: u64) -> $crate::symbols::BoundsCheck;
            table_init(table: u32, seg: u32, dst: u64, src: u32, len: u32) -> $crate::symbols::BoundsCheck;
            elem_drop(seg: u32) -> ();
            atomic_wait32(mem: u32, addr: u64, expected: u32, timeout_ns: i64) -> u32;  // 0 ok, 1 not-equal, 2 timed out
            atomic_wait64(mem: u32, addr: u64, expected: u64, timeout_ns: i64) -> u32;
            atomic_notify(mem: u32, addr: u64, count: u32) -> u32;  // woken
            exn_new(tag: u32, size: u32) -> u64;  // a zeroed exception object of tag `tag`
            exn_acquire(exn: u64) -> ();  // one more holder (see abi::exn)
            exn_release(exn: u64) -> ();  // one holder fewer; the last frees the object
            exn_log(exn: u64, fp: u64) -> ();  // the frame at `fp` holds `exn` (see abi::exn)
            exn_unlog(fp: u64) -> ();  // releases what the frames at or below `fp` held
            throw(exn: u64, fp: u64, pc: u64) -> ();  // unwinds from the frame at `fp` (code at `pc`); never returns
        }
    };
}

macro_rules! define_builtin_enum {
    ($($name:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {
        /// Runtime helpers compiled code calls for operations too big to inline
        /// (rows of [`for_each_builtin!`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum Builtin { $($name,)* }

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$name,)*];

            pub const fn symbol(self) -> &'static str {
                match self { $(Builtin::$name => concat!("__w2n_builtin_", stringify!($name)),)* }
            }

            pub const fn sig(self) -> EntrySig {
                match self {
                    $(Builtin::$name => {
                        const PARAMS: &[ValType] = &[$(<$t as AbiValue>::TYPE),*];
                        EntrySig { params: PARAMS, results: <$r as AbiResults>::TYPES }
                    })*
                }
            }
        }
    };
}

for_each_builtin!(define_builtin_enum);

/// Which import modules a host-function row answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostScope {
    /// `wasi`, wasi-threads' module.
    Wasi,
    /// `wasi_snapshot_preview1`, and `wasi_unstable` too unless an `unstable` row overrides it.
    Preview1,
    /// `wasi_snapshot_preview1` only (snapshot 0 has no such function).
    Preview1Only,
    /// `wasi_unstable`, where its behaviour or struct layouts differ from preview1's.
    Unstable,
}

/// A function the runtime provides for import by wasm modules (WASI, wasi-threads).
#[derive(Clone, Copy, Debug)]
pub struct HostFunc {
    pub scope: HostScope,
    pub name: &'static str,
    pub symbol: &'static str,
    pub sig: EntrySig,
}

/// The host functions, one row each: scope, import name, implementation name (the symbol is
/// `__w2n_host_<impl>`), parameters after the vmctx and result, as Rust types. Like
/// [`for_each_builtin!`], the one list both the compiler and the runtime are generated from.
#[macro_export]
macro_rules! for_each_host_func {
    ($m:ident) => {
        $m! {
            wasi "thread-spawn" => thread_spawn(start_arg: i32) -> i32;
            preview1 "args_get" => args_get(argv: i32, buf: i32) -> i32;
            preview1 "args_sizes_get" => args_sizes_get(argc: i32, size: i32) -> i32;
            preview1 "environ_get" => environ_get(environ: i32, buf: i32) -> i32;
            preview1 "environ_sizes_get" => environ_sizes_get(count: i32, size: i32) -> i32;
            preview1 "clock_res_get" => clock_res_get(id: i32, out: i32) -> i32;
            preview1 "clock_time_get" => clock_time_get(id: i32, precision: i64, out: i32) -> i32;
            preview1 "fd_advise" => fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
            preview1 "fd_allocate" => fd_allocate(fd: i32, offset: i64, len: i64) -> i32;
            preview1 "fd_close" => fd_close(fd: i32) -> i32;
            preview1 "fd_datasync" => fd_datasync(fd: i32) -> i32;
            preview1 "fd_fdstat_get" => fd_fdstat_get(fd: i32, out: i32) -> i32;
            preview1 "fd_fdstat_set_flags" => fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
            preview1 "fd_fdstat_set_rights" => fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> i32;
            preview1 "fd_filestat_get" => fd_filestat_get(fd: i32, out: i32) -> i32;
            preview1 "fd_filestat_set_size" => fd_filestat_set_size(fd: i32, size: i64) -> i32;
            preview1 "fd_filestat_set_times" => fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32) -> i32;
            preview1 "fd_pread" => fd_pread(fd: i32, iovs: i32, n: i32, offset: i64, out: i32) -> i32;
            preview1 "fd_prestat_get" => fd_prestat_get(fd: i32, out: i32) -> i32;
            preview1 "fd_prestat_dir_name" => fd_prestat_dir_name(fd: i32, buf: i32, len: i32) -> i32;
            preview1 "fd_pwrite" => fd_pwrite(fd: i32, iovs: i32, n: i32, offset: i64, out: i32) -> i32;
            preview1 "fd_read" => fd_read(fd: i32, iovs: i32, n: i32, out: i32) -> i32;
            preview1 "fd_readdir" => fd_readdir(fd: i32, buf: i32, len: i32, cookie: i64, out: i32) -> i32;
            preview1 "fd_renumber" => fd_renumber(from: i32, to: i32) -> i32;
            preview1 "fd_seek" => fd_seek(fd: i32, offset: i64, whence: i32, out: i32) -> i32;
            preview1 "fd_sync" => fd_sync(fd: i32) -> i32;
            preview1 "fd_tell" => fd_tell(fd: i32, out: i32) -> i32;
            preview1 "fd_write" => fd_write(fd: i32, iovs: i32, n: i32, out: i32) -> i32;
            preview1 "path_create_directory" => path_create_directory(fd: i32, path: i32, len: i32) -> i32;
            preview1 "path_filestat_get" => path_filestat_get(fd: i32, flags: i32, path: i32, len: i32, out: i32) -> i32;
            preview1 "path_filestat_set_times" => path_filestat_set_times(fd: i32, flags: i32, path: i32, len: i32, atim: i64, mtim: i64, fst: i32) -> i32;
            preview1 "path_link" => path_link(fd: i32, flags: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) -> i32;
            preview1 "path_open" => path_open(fd: i32, dirflags: i32, path: i32, len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, out: i32) -> i32;
            preview1 "path_readlink" => path_readlink(fd: i32, path: i32, len: i32, buf: i32, buf_len: i32, out: i32) -> i32;
            preview1 "path_remove_directory" => path_remove_directory(fd: i32, path: i32, len: i32) -> i32;
            preview1 "path_rename" => path_rename(fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) -> i32;
            preview1 "path_symlink" => path_symlink(old: i32, old_len: i32, fd: i32, new: i32, new_len: i32) -> i32;
            preview1 "path_unlink_file" => path_unlink_file(fd: i32, path: i32, len: i32) -> i32;
            preview1 "poll_oneoff" => poll_oneoff(inp: i32, out: i32, n: i32, nevents: i32) -> i32;
            preview1 "proc_exit" => proc_exit(status: i32) -> ();
            preview1 "proc_raise" => proc_raise(sig: i32) -> i32;
            preview1 "random_get" => random_get(buf: i32, len: i32) -> i32;
            preview1 "sched_yield" => sched_yield() -> i32;
            preview1 "sock_recv" => sock_recv(fd: i32, iovs: i32, n: i32, flags: i32, out: i32, out_flags: i32) -> i32;
            preview1 "sock_send" => sock_send(fd: i32, iovs: i32, n: i32, flags: i32, out: i32) -> i32;
            preview1 "sock_shutdown" => sock_shutdown(fd: i32, how: i32) -> i32;
            preview1_only "sock_accept" => sock_accept(fd: i32, flags: i32, out: i32) -> i32;
            unstable "fd_fdstat_get" => unstable_fd_fdstat_get(fd: i32, out: i32) -> i32;
            unstable "fd_filestat_get" => unstable_fd_filestat_get(fd: i32, out: i32) -> i32;
            unstable "fd_seek" => unstable_fd_seek(fd: i32, offset: i64, whence: i32, out: i32) -> i32;
            unstable "path_filestat_get" => unstable_path_filestat_get(fd: i32, flags: i32, path: i32, len: i32, out: i32) -> i32;
            unstable "poll_oneoff" => unstable_poll_oneoff(inp: i32, out: i32, n: i32, nevents: i32) -> i32;
        }
    };
}

macro_rules! host_scope {
    (wasi) => {
        HostScope::Wasi
    };
    (preview1) => {
        HostScope::Preview1
    };
    (preview1_only) => {
        HostScope::Preview1Only
    };
    (unstable) => {
        HostScope::Unstable
    };
}

macro_rules! define_host_funcs {
    ($($scope:ident $name:literal => $sym:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {
        /// Every host function (rows of [`for_each_host_func!`]).
        pub const HOST_FUNCS: &[HostFunc] = &[$({
            const PARAMS: &[ValType] = &[$(<$t as AbiValue>::TYPE),*];
            HostFunc {
                scope: host_scope!($scope),
                name: $name,
                symbol: concat!("__w2n_host_", stringify!($sym)),
                sig: EntrySig { params: PARAMS, results: <$r as AbiResults>::TYPES },
            }
        },)*];
    };
}

for_each_host_func!(define_host_funcs);

/// The host function a module may import under `module`.`name`, if the runtime has it.
/// `wasi_unstable` takes its own row where there is one, else the preview1 row.
pub fn host_func(module: &str, name: &str) -> Option<&'static HostFunc> {
    let in_scopes = |scopes: &[HostScope]| {
        HOST_FUNCS
            .iter()
            .find(|h| h.name == name && scopes.contains(&h.scope))
    };
    match module {
        "wasi" => in_scopes(&[HostScope::Wasi]),
        "wasi_snapshot_preview1" => in_scopes(&[HostScope::Preview1, HostScope::Preview1Only]),
        "wasi_unstable" => {
            in_scopes(&[HostScope::Unstable]).or_else(|| in_scopes(&[HostScope::Preview1]))
        }
        _ => None,
    }
}
