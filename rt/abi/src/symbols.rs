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
}

/// Build-time grants and options, emitted next to the module.
#[repr(C)]
pub struct ConfigImage {
    pub abi_version: u64,
    /// Encoded [`crate::meta::Config`].
    pub config: *const u8,
    pub config_len: u64,
}

/// Signature of a runtime entry point, after the leading vmctx pointer.
#[derive(Clone, Copy, Debug)]
pub struct EntrySig {
    pub params: &'static [ValType],
    pub results: &'static [ValType],
}

macro_rules! builtins {
    ($($name:ident: ($($p:ident),*) -> ($($r:ident),*);)*) => {
        /// Runtime helpers compiled code calls for operations too big to inline.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum Builtin { $($name,)* }
        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$name,)*];
            pub const fn symbol(self) -> &'static str {
                match self { $(Builtin::$name => concat!("__w2n_builtin_", stringify!($name)),)* }
            }
            pub const fn sig(self) -> EntrySig {
                match self { $(Builtin::$name => EntrySig { params: &[$($p),*], results: &[$($r),*] },)* }
            }
        }
    };
}

// Pointers are passed as I64 (x86_64 only). Boolean results: 1 = ok, 0 = out of bounds.
builtins! {
    memory_grow: (I32, I64) -> (I64);                    // mem, delta pages -> old pages | -1
    memory_fill: (I32, I64, I32, I64) -> (I32);          // mem, dst, byte, len
    memory_copy: (I32, I64, I32, I64, I64) -> (I32);     // dst mem, dst, src mem, src, len
    memory_init: (I32, I32, I64, I32, I32) -> (I32);     // mem, seg, dst, src, len
    data_drop: (I32) -> ();                              // seg
    table_grow: (I32, I64, I32) -> (I32);                // table, init ref, delta -> old | -1
    table_fill: (I32, I32, I64, I32) -> (I32);           // table, dst, ref, len
    table_copy: (I32, I32, I32, I32, I32) -> (I32);      // dst table, src table, dst, src, len
    table_init: (I32, I32, I32, I32, I32) -> (I32);      // table, seg, dst, src, len
    elem_drop: (I32) -> ();                              // seg
    atomic_wait32: (I32, I64, I32, I64) -> (I32);        // mem, addr, expected, timeout ns
    atomic_wait64: (I32, I64, I64, I64) -> (I32);        // mem, addr, expected, timeout ns
    atomic_notify: (I32, I64, I32) -> (I32);             // mem, addr, count -> woken
}

/// A function the runtime provides for import by wasm modules (WASI, wasi-threads).
#[derive(Clone, Copy, Debug)]
pub struct HostFunc {
    pub module: &'static str,
    pub name: &'static str,
    pub symbol: &'static str,
    pub sig: EntrySig,
}

macro_rules! host_funcs {
    ($($module:literal $name:literal => $sym:ident ($($p:ident),*) -> ($($r:ident),*);)*) => {
        /// Every host function, by import module and name.
        pub const HOST_FUNCS: &[HostFunc] = &[$(HostFunc {
            module: $module,
            name: $name,
            symbol: concat!("__w2n_host_", stringify!($sym)),
            sig: EntrySig { params: &[$($p),*], results: &[$($r),*] },
        },)*];
    };
}

// Host functions implemented by the runtime. Functions whose behaviour or struct layouts
// differ between WASI snapshots have a separate `unstable_` symbol.
host_funcs! {
    "wasi" "thread-spawn" => thread_spawn(I32) -> (I32);
    "wasi_snapshot_preview1" "args_get" => args_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "args_sizes_get" => args_sizes_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "environ_get" => environ_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "environ_sizes_get" => environ_sizes_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "clock_res_get" => clock_res_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "clock_time_get" => clock_time_get(I32, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_close" => fd_close(I32) -> (I32);
    "wasi_snapshot_preview1" "fd_fdstat_get" => fd_fdstat_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_prestat_get" => fd_prestat_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_prestat_dir_name" => fd_prestat_dir_name(I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_read" => fd_read(I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_seek" => fd_seek(I32, I64, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_write" => fd_write(I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "proc_exit" => proc_exit(I32) -> ();
    "wasi_snapshot_preview1" "random_get" => random_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "sched_yield" => sched_yield() -> (I32);
    "wasi_unstable" "args_get" => args_get(I32, I32) -> (I32);
    "wasi_unstable" "args_sizes_get" => args_sizes_get(I32, I32) -> (I32);
    "wasi_unstable" "environ_get" => environ_get(I32, I32) -> (I32);
    "wasi_unstable" "environ_sizes_get" => environ_sizes_get(I32, I32) -> (I32);
    "wasi_unstable" "clock_res_get" => clock_res_get(I32, I32) -> (I32);
    "wasi_unstable" "clock_time_get" => clock_time_get(I32, I64, I32) -> (I32);
    "wasi_unstable" "fd_close" => fd_close(I32) -> (I32);
    "wasi_unstable" "fd_fdstat_get" => unstable_fd_fdstat_get(I32, I32) -> (I32);
    "wasi_unstable" "fd_prestat_get" => fd_prestat_get(I32, I32) -> (I32);
    "wasi_unstable" "fd_prestat_dir_name" => fd_prestat_dir_name(I32, I32, I32) -> (I32);
    "wasi_unstable" "fd_read" => fd_read(I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "fd_seek" => unstable_fd_seek(I32, I64, I32, I32) -> (I32);
    "wasi_unstable" "fd_write" => fd_write(I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "proc_exit" => proc_exit(I32) -> ();
    "wasi_unstable" "random_get" => random_get(I32, I32) -> (I32);
    "wasi_unstable" "sched_yield" => sched_yield() -> (I32);
    "wasi_snapshot_preview1" "fd_advise" => fd_advise(I32, I64, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_allocate" => fd_allocate(I32, I64, I64) -> (I32);
    "wasi_snapshot_preview1" "fd_datasync" => fd_datasync(I32) -> (I32);
    "wasi_snapshot_preview1" "fd_fdstat_set_flags" => fd_fdstat_set_flags(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_fdstat_set_rights" => fd_fdstat_set_rights(I32, I64, I64) -> (I32);
    "wasi_snapshot_preview1" "fd_filestat_get" => fd_filestat_get(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_filestat_set_size" => fd_filestat_set_size(I32, I64) -> (I32);
    "wasi_snapshot_preview1" "fd_filestat_set_times" => fd_filestat_set_times(I32, I64, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_pread" => fd_pread(I32, I32, I32, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_pwrite" => fd_pwrite(I32, I32, I32, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_readdir" => fd_readdir(I32, I32, I32, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_renumber" => fd_renumber(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "fd_sync" => fd_sync(I32) -> (I32);
    "wasi_snapshot_preview1" "fd_tell" => fd_tell(I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_create_directory" => path_create_directory(I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_filestat_get" => path_filestat_get(I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_filestat_set_times" => path_filestat_set_times(I32, I32, I32, I32, I64, I64, I32) -> (I32);
    "wasi_snapshot_preview1" "path_link" => path_link(I32, I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_open" => path_open(I32, I32, I32, I32, I32, I64, I64, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_readlink" => path_readlink(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_remove_directory" => path_remove_directory(I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_rename" => path_rename(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_symlink" => path_symlink(I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "path_unlink_file" => path_unlink_file(I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "poll_oneoff" => poll_oneoff(I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "proc_raise" => proc_raise(I32) -> (I32);
    "wasi_snapshot_preview1" "sock_accept" => sock_accept(I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "sock_recv" => sock_recv(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "sock_send" => sock_send(I32, I32, I32, I32, I32) -> (I32);
    "wasi_snapshot_preview1" "sock_shutdown" => sock_shutdown(I32, I32) -> (I32);
    "wasi_unstable" "fd_advise" => fd_advise(I32, I64, I64, I32) -> (I32);
    "wasi_unstable" "fd_allocate" => fd_allocate(I32, I64, I64) -> (I32);
    "wasi_unstable" "fd_datasync" => fd_datasync(I32) -> (I32);
    "wasi_unstable" "fd_fdstat_set_flags" => fd_fdstat_set_flags(I32, I32) -> (I32);
    "wasi_unstable" "fd_fdstat_set_rights" => fd_fdstat_set_rights(I32, I64, I64) -> (I32);
    "wasi_unstable" "fd_filestat_get" => unstable_fd_filestat_get(I32, I32) -> (I32);
    "wasi_unstable" "fd_filestat_set_size" => fd_filestat_set_size(I32, I64) -> (I32);
    "wasi_unstable" "fd_filestat_set_times" => fd_filestat_set_times(I32, I64, I64, I32) -> (I32);
    "wasi_unstable" "fd_pread" => fd_pread(I32, I32, I32, I64, I32) -> (I32);
    "wasi_unstable" "fd_pwrite" => fd_pwrite(I32, I32, I32, I64, I32) -> (I32);
    "wasi_unstable" "fd_readdir" => fd_readdir(I32, I32, I32, I64, I32) -> (I32);
    "wasi_unstable" "fd_renumber" => fd_renumber(I32, I32) -> (I32);
    "wasi_unstable" "fd_sync" => fd_sync(I32) -> (I32);
    "wasi_unstable" "fd_tell" => fd_tell(I32, I32) -> (I32);
    "wasi_unstable" "path_create_directory" => path_create_directory(I32, I32, I32) -> (I32);
    "wasi_unstable" "path_filestat_get" => unstable_path_filestat_get(I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "path_filestat_set_times" => path_filestat_set_times(I32, I32, I32, I32, I64, I64, I32) -> (I32);
    "wasi_unstable" "path_link" => path_link(I32, I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "path_open" => path_open(I32, I32, I32, I32, I32, I64, I64, I32, I32) -> (I32);
    "wasi_unstable" "path_readlink" => path_readlink(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "path_remove_directory" => path_remove_directory(I32, I32, I32) -> (I32);
    "wasi_unstable" "path_rename" => path_rename(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "path_symlink" => path_symlink(I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "path_unlink_file" => path_unlink_file(I32, I32, I32) -> (I32);
    "wasi_unstable" "poll_oneoff" => unstable_poll_oneoff(I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "proc_raise" => proc_raise(I32) -> (I32);
    "wasi_unstable" "sock_recv" => sock_recv(I32, I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "sock_send" => sock_send(I32, I32, I32, I32, I32) -> (I32);
    "wasi_unstable" "sock_shutdown" => sock_shutdown(I32, I32) -> (I32);
}

/// The host function a module may import under `module`.`name`, if the runtime has it.
pub fn host_func(module: &str, name: &str) -> Option<&'static HostFunc> {
    HOST_FUNCS
        .iter()
        .find(|h| h.module == module && h.name == name)
}
