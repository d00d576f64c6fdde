//! The `spectest` module the spec scripts import: printing functions (which print nothing),
//! globals holding 666, a funcref table of 10..20 elements and memories of 1..2 pages.

use std::collections::HashMap;
use wasm2native_abi::meta::{
    FuncType, GlobalType, ImportKind, MemoryType, RefType, TableType, ValType,
};
use wasm2native_abi::vmctx::{VMFuncRef, VMGlobal};
use wasm2native_rt::memory::Memory;
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::table::HostTable;
use wasm2native_rt::{Extern, Val};

// Compiled code calls these through import slots and funcrefs in Cranelift's `tail`
// convention (see `boundary.rs`). For these signatures — at most three register arguments,
// no results — the C convention is the same on x86-64 (same argument and callee-saved
// registers, no stack arguments to pop), so they need no adapter.
extern "C" fn print(_vmctx: *mut u8) {}
extern "C" fn print_i32(_vmctx: *mut u8, _: i32) {}
extern "C" fn print_i64(_vmctx: *mut u8, _: i64) {}
extern "C" fn print_f32(_vmctx: *mut u8, _: f32) {}
extern "C" fn print_f64(_vmctx: *mut u8, _: f64) {}
extern "C" fn print_i32_f32(_vmctx: *mut u8, _: i32, _: f32) {}
extern "C" fn print_f64_f64(_vmctx: *mut u8, _: f64, _: f64) {}

pub struct Spectest {
    exports: HashMap<&'static str, Extern>,
    /// Keeps the table alive (the runner never drops it).
    _table: Box<HostTable>,
}

fn func(runtime: &Runtime, code: *const u8, params: &[ValType]) -> Extern {
    let ty = FuncType {
        params: params.to_vec(),
        results: vec![],
    };
    Extern::Func(VMFuncRef {
        code,
        type_id: u64::from(runtime.signatures().canonical_id(&ty)),
        vmctx: std::ptr::null_mut(),
    })
}

fn global(v: Val) -> Extern {
    let storage: &'static mut VMGlobal = Box::leak(Box::new(v.to_global()));
    Extern::Global(
        storage,
        GlobalType {
            ty: v.ty(),
            mutable: false,
        },
    )
}

impl Spectest {
    /// The spectest objects of a script whose modules run in `runtime`.
    pub fn new(runtime: &Runtime) -> Result<Spectest, String> {
        use ValType::*;
        let mut exports = HashMap::new();
        exports.insert("print", func(runtime, print as *const u8, &[]));
        exports.insert("print_i32", func(runtime, print_i32 as *const u8, &[I32]));
        exports.insert("print_i64", func(runtime, print_i64 as *const u8, &[I64]));
        exports.insert("print_f32", func(runtime, print_f32 as *const u8, &[F32]));
        exports.insert("print_f64", func(runtime, print_f64 as *const u8, &[F64]));
        exports.insert(
            "print_i32_f32",
            func(runtime, print_i32_f32 as *const u8, &[I32, F32]),
        );
        exports.insert(
            "print_f64_f64",
            func(runtime, print_f64_f64 as *const u8, &[F64, F64]),
        );
        exports.insert("global_i32", global(Val::I32(666)));
        exports.insert("global_i64", global(Val::I64(666)));
        exports.insert("global_f32", global(Val::F32(666.6f32.to_bits())));
        exports.insert("global_f64", global(Val::F64(666.6f64.to_bits())));
        let table_type = TableType {
            elem: RefType::FUNCREF,
            min: 10,
            max: Some(20),
            table64: false,
        };
        let mut table = Box::new(HostTable::new(&table_type, 0)?);
        exports.insert("table", Extern::Table(table.as_ptr(), table_type));
        let memory = |min, max, shared| Memory::new(MemoryType::new(min, Some(max), shared, false));
        exports.insert("memory", Extern::Memory(memory(1, 2, false)?));
        exports.insert("shared_memory", Extern::Memory(memory(1, 1, true)?));
        Ok(Spectest {
            exports,
            _table: table,
        })
    }

    pub fn get(&self, name: &str, _kind: &ImportKind) -> Option<Extern> {
        self.exports.get(name).cloned()
    }
}
