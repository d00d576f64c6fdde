//! The runtime's exported entry points, generated from the contract's two tables
//! (`wasm2native_abi::for_each_builtin!` and `for_each_host_func!`): one `extern "C"` symbol
//! per row (`__w2n_builtin_<name>`, `__w2n_host_<impl>`), taking the caller's vmctx and the
//! row's parameters, and forwarding to the implementation of the same name
//! ([`crate::builtins`], given the vmctx; [`crate::wasi::host`], given the
//! [`crate::wasi::HostCx`] built from it). The compiler declares its imports from the
//! same rows, so a runtime function whose signature differs from its row, or a row with no
//! implementation, does not compile:
//!
//! ```compile_fail
//! mod builtins {
//!     pub use wasm2native_rt::builtins::*;
//!     /// Shadows the real `data_drop`: `u64` where its row says `seg: u32`.
//!     pub unsafe fn data_drop(_vmctx: *mut u8, _seg: u64) {}
//! }
//! // The expansion below, applied to the real table.
//! macro_rules! forward {
//!     ($($name:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {$(
//!         pub unsafe extern "C" fn $name(vmctx: *mut u8, $($p: $t),*) -> $r {
//!             unsafe { builtins::$name(vmctx, $($p),*) }
//!         }
//!     )*};
//! }
//! wasm2native_abi::for_each_builtin!(forward);
//! ```
//!
//! while the same expansion over the real implementations builds:
//!
//! ```
//! use wasm2native_rt::builtins;
//! macro_rules! forward {
//!     ($($name:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {$(
//!         pub unsafe extern "C" fn $name(vmctx: *mut u8, $($p: $t),*) -> $r {
//!             unsafe { builtins::$name(vmctx, $($p),*) }
//!         }
//!     )*};
//! }
//! wasm2native_abi::for_each_builtin!(forward);
//! ```
//!
//! Compiled code calls these directly; they are async-signal-unsafe Rust and never unwind
//! (the runtime is built with `panic = "abort"`).

/// `__w2n_builtin_*`: helpers compiled code calls for operations too big to inline.
pub mod builtin {
    macro_rules! forward {
        ($($name:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {$(
            /// # Safety
            /// `vmctx` must be the calling instance's live vmctx.
            #[export_name = concat!("__w2n_builtin_", stringify!($name))]
            pub unsafe extern "C" fn $name(vmctx: *mut u8, $($p: $t),*) -> $r {
                // SAFETY: compiled code passes its own live vmctx.
                unsafe { crate::builtins::$name(vmctx, $($p),*) }
            }
        )*};
    }
    wasm2native_abi::for_each_builtin!(forward);
}

/// `__w2n_host_*`: the WASI and wasi-threads functions modules import.
pub mod host {
    macro_rules! forward {
        ($($scope:ident $name:literal => $sym:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {$(
            /// # Safety
            /// `vmctx` must be the calling instance's live vmctx.
            #[export_name = concat!("__w2n_host_", stringify!($sym))]
            pub unsafe extern "C" fn $sym(vmctx: *mut u8, $($p: $t),*) -> $r {
                // SAFETY: compiled code passes its own live vmctx.
                let cx = unsafe { crate::wasi::HostCx::from_vmctx(vmctx) };
                crate::wasi::host::$sym(cx, $($p),*)
            }
        )*};
    }
    wasm2native_abi::for_each_host_func!(forward);
}
