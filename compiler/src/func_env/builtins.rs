//! Operators this runtime implements with a call into `rt` (memory and table bulk
//! operations, `grow`, segment drops, atomic wait/notify), and table element access. Each
//! builtin takes the vmctx first and entity indices as I32 constants; the bounds-checked ones
//! return a [`BoundsCheck`], and `BoundsCheck::OUT_OF_BOUNDS` becomes the trap here.

use super::{trap_code, trusted, zext64, FuncEnv};
use crate::module_info::{MemoryIndex, TableIndex};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use wasm2native_abi::symbols::{BoundsCheck, Builtin};
use wasm2native_abi::trap::Trap;

/// An entity index as a builtin's I32 argument.
fn index(b: &mut FunctionBuilder, i: u32) -> Value {
    b.ins().iconst(types::I32, i64::from(i))
}

// `trapz` below traps exactly on `BoundsCheck::OUT_OF_BOUNDS`.
const _: () = assert!(BoundsCheck::OUT_OF_BOUNDS.0 == 0 && BoundsCheck::IN_BOUNDS.0 != 0);

impl FuncEnv<'_> {
    /// Calls the bounds-checked `builtin`, trapping with `trap` when it returns
    /// `BoundsCheck::OUT_OF_BOUNDS`.
    fn call_builtin_checked(
        &mut self,
        b: &mut FunctionBuilder,
        builtin: Builtin,
        args: &[Value],
        trap: Trap,
    ) {
        let check = self.call_builtin(b, builtin, args)[0];
        // Traps if `check == BoundsCheck::OUT_OF_BOUNDS.0` (zero).
        b.ins().trapz(check, trap_code(trap));
    }

    /// `memory.grow` by `delta` pages (an I32 or I64): the old size in pages, or -1 (an I64).
    pub fn memory_grow(&mut self, b: &mut FunctionBuilder, m: MemoryIndex, delta: Value) -> Value {
        let delta = zext64(b, delta);
        let m = index(b, m.as_u32());
        self.call_builtin(b, Builtin::memory_grow, &[m, delta])[0]
    }

    /// `memory.fill` of `[dst, value, len]` (addresses and sizes I32 or I64, as the memory's
    /// index type says; so for the other bulk operators).
    pub fn memory_fill(&mut self, b: &mut FunctionBuilder, m: MemoryIndex, args: [Value; 3]) {
        let [dst, val, len] = args;
        let (dst, len) = (zext64(b, dst), zext64(b, len));
        let m = index(b, m.as_u32());
        let args = [m, dst, val, len];
        self.call_builtin_checked(b, Builtin::memory_fill, &args, Trap::MemoryOutOfBounds);
    }

    /// `memory.copy` of `[dst, src, len]` from `src_mem` to `dst_mem`.
    pub fn memory_copy(
        &mut self,
        b: &mut FunctionBuilder,
        dst_mem: MemoryIndex,
        src_mem: MemoryIndex,
        args: [Value; 3],
    ) {
        let [dst, src, len] = args.map(|v| zext64(b, v));
        let dm = index(b, dst_mem.as_u32());
        let sm = index(b, src_mem.as_u32());
        let args = [dm, dst, sm, src, len];
        self.call_builtin_checked(b, Builtin::memory_copy, &args, Trap::MemoryOutOfBounds);
    }

    /// `memory.init` of `[dst, src, len]` from data segment `seg`.
    pub fn memory_init(
        &mut self,
        b: &mut FunctionBuilder,
        m: MemoryIndex,
        seg: u32,
        args: [Value; 3],
    ) {
        let [dst, src, len] = args;
        let dst = zext64(b, dst);
        let m = index(b, m.as_u32());
        let seg = index(b, seg);
        let args = [m, seg, dst, src, len];
        self.call_builtin_checked(b, Builtin::memory_init, &args, Trap::MemoryOutOfBounds);
    }

    pub fn data_drop(&mut self, b: &mut FunctionBuilder, seg: u32) {
        let seg = index(b, seg);
        self.call_builtin(b, Builtin::data_drop, &[seg]);
    }

    /// `memory.atomic.wait32/64` (by `size`, 4 or 8 bytes) at the checked effective address
    /// `addr`: 0 woken, 1 not equal, 2 timed out (an I32).
    pub fn atomic_wait(
        &mut self,
        b: &mut FunctionBuilder,
        m: MemoryIndex,
        size: u32,
        [addr, expected, timeout]: [Value; 3],
    ) -> Value {
        let m = index(b, m.as_u32());
        let builtin = if size == 4 {
            Builtin::atomic_wait32
        } else {
            Builtin::atomic_wait64
        };
        self.call_builtin(b, builtin, &[m, addr, expected, timeout])[0]
    }

    /// `memory.atomic.notify` at the checked effective address `addr`: the number woken.
    pub fn atomic_notify(
        &mut self,
        b: &mut FunctionBuilder,
        m: MemoryIndex,
        addr: Value,
        count: Value,
    ) -> Value {
        let m = index(b, m.as_u32());
        self.call_builtin(b, Builtin::atomic_notify, &[m, addr, count])[0]
    }

    /// `table.get`: element `i` of table `t`, trapping when out of bounds.
    pub fn table_get(&self, b: &mut FunctionBuilder, t: TableIndex, i: Value) -> Value {
        let addr = self.table_elem_addr(b, t, i, Trap::TableOutOfBounds);
        b.ins().load(types::I64, trusted(), addr, 0)
    }

    /// `table.set`: stores `v` as element `i` of table `t`, trapping when out of bounds.
    pub fn table_set(&self, b: &mut FunctionBuilder, t: TableIndex, i: Value, v: Value) {
        let addr = self.table_elem_addr(b, t, i, Trap::TableOutOfBounds);
        b.ins().store(trusted(), v, addr, 0);
    }

    /// `table.grow` by `delta` elements (an I32 or I64) set to `init`: the old size, or -1
    /// (an I64).
    pub fn table_grow(
        &mut self,
        b: &mut FunctionBuilder,
        t: TableIndex,
        init: Value,
        delta: Value,
    ) -> Value {
        let delta = zext64(b, delta);
        let t = index(b, t.as_u32());
        self.call_builtin(b, Builtin::table_grow, &[t, init, delta])[0]
    }

    /// `table.fill` with `[dst, value, len]` (indices and sizes I32 or I64, as the table's index
    /// type says; so for the other bulk operators).
    pub fn table_fill(&mut self, b: &mut FunctionBuilder, t: TableIndex, args: [Value; 3]) {
        let [dst, v, len] = args;
        let (dst, len) = (zext64(b, dst), zext64(b, len));
        let t = index(b, t.as_u32());
        let args = [t, dst, v, len];
        self.call_builtin_checked(b, Builtin::table_fill, &args, Trap::TableOutOfBounds);
    }

    /// `table.copy` of `[dst, src, len]` from `src_table` to `dst_table`.
    pub fn table_copy(
        &mut self,
        b: &mut FunctionBuilder,
        dst_table: TableIndex,
        src_table: TableIndex,
        args: [Value; 3],
    ) {
        let [dst, src, len] = args.map(|v| zext64(b, v));
        let dt = index(b, dst_table.as_u32());
        let st = index(b, src_table.as_u32());
        let args = [dt, st, dst, src, len];
        self.call_builtin_checked(b, Builtin::table_copy, &args, Trap::TableOutOfBounds);
    }

    /// `table.init` from element segment `seg`.
    pub fn table_init(
        &mut self,
        b: &mut FunctionBuilder,
        t: TableIndex,
        seg: u32,
        args: [Value; 3],
    ) {
        let [dst, src, len] = args;
        let dst = zext64(b, dst);
        let t = index(b, t.as_u32());
        let seg = index(b, seg);
        let args = [t, seg, dst, src, len];
        self.call_builtin_checked(b, Builtin::table_init, &args, Trap::TableOutOfBounds);
    }

    pub fn elem_drop(&mut self, b: &mut FunctionBuilder, seg: u32) {
        let seg = index(b, seg);
        self.call_builtin(b, Builtin::elem_drop, &[seg]);
    }

    /// `ref.null`: null references are 0.
    pub fn null_ref(b: &mut FunctionBuilder) -> Value {
        b.ins().iconst(types::I64, 0)
    }

    /// `ref.is_null` of `v`: 1 if null (an I32).
    pub fn ref_is_null(b: &mut FunctionBuilder, v: Value) -> Value {
        let is_null = b
            .ins()
            .icmp_imm_s(cranelift_codegen::ir::condcodes::IntCC::Equal, v, 0);
        b.ins().uextend(types::I32, is_null)
    }
}
