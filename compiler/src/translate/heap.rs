//! Where a linear-memory access lands: the native address of `index + offset`, after the
//! bounds check its memory needs.
//!
//! A 32-bit memory with 64 KiB pages needs none: its reservation covers every
//! `index + offset + size`, the part past the current length faults, and the access carries
//! the heap-out-of-bounds trap code. The others (`MemoryType::explicit_bounds_checks`: 64-bit
//! memories, and custom page sizes, whose length need not be a multiple of the host page)
//! are checked against the current length:
//! - a 64-bit memory with 64 KiB pages, when `offset + size <= MEMORY64_GUARD`: `index <
//!   length` alone, as its length is a multiple of the host page and the guard past its
//!   largest size faults on the rest of the access;
//! - otherwise `index + offset + size <= length`, computed without wrapping: an index near
//!   2^64 traps rather than wrapping around, and an `offset + size` beyond 2^64 always traps.
//!
//! Atomic accesses check the alignment of `index + offset` first (`unaligned atomic`, taken
//! modulo 2^64 as wasmtime 49 does), then that the sum does not overflow, then its bounds —
//! explicitly for `wait`/`notify`, whose runtime side reads the address, and for memories that
//! need it.

use super::FuncTranslator;
use crate::func_env::{trap_code, zext64};
use crate::module_info::MemoryIndex;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types::I64, InstBuilder, Value};
use wasm2native_abi::meta::MemoryType;
use wasm2native_abi::trap::Trap;
use wasm2native_abi::MEMORY64_GUARD;
use wasmparser::MemArg;

/// The memory a `memarg` addresses (validation rejects GC array targets).
pub(super) fn mem_index(memarg: &MemArg) -> MemoryIndex {
    match memarg.target {
        wasmparser::MemArgTarget::Memory(m) => MemoryIndex::from_u32(m),
        wasmparser::MemArgTarget::Array(_) => unreachable!("GC is not enabled in validation"),
    }
}

fn out_of_bounds() -> cranelift_codegen::ir::TrapCode {
    trap_code(Trap::MemoryOutOfBounds)
}

impl FuncTranslator<'_, '_> {
    /// Native address for `memarg` applied to the wasm address `addr` for an access of `size`
    /// bytes, and the static offset still to add (fits an i32 immediate).
    pub(super) fn address(&mut self, memarg: &MemArg, addr: Value, size: u32) -> (Value, i32) {
        let mem = mem_index(memarg);
        let base = self.env.memory_base(mem);
        let index = zext64(&mut self.b, addr);
        let ty = self.env.memory_type(mem);
        if ty.explicit_bounds_checks() {
            self.check_access(mem, &ty, index, memarg.offset, size);
        }
        let native = self.b.ins().iadd(base, index);
        match i32::try_from(memarg.offset) {
            Ok(off) => (native, off),
            Err(_) => (self.b.ins().iadd_imm_s(native, memarg.offset as i64), 0),
        }
    }

    /// Traps unless `index + offset + size <= length` of memory `mem` (of type `ty`), with the
    /// cheapest check that is exact for it (see the module header).
    fn check_access(
        &mut self,
        mem: MemoryIndex,
        ty: &MemoryType,
        index: Value,
        offset: u64,
        size: u32,
    ) {
        let Some(reach) = offset.checked_add(u64::from(size)) else {
            self.trap_here(Trap::MemoryOutOfBounds);
            return;
        };
        let len = self.env.memory_length(&mut self.b, mem);
        let page_aligned = ty.page_size_log2 == MemoryType::DEFAULT_PAGE_SIZE_LOG2;
        let oob = if page_aligned && reach <= MEMORY64_GUARD {
            self.b
                .ins()
                .icmp(IntCC::UnsignedGreaterThanOrEqual, index, len)
        } else {
            let end = self.add_no_wrap(ty, index, reach);
            self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len)
        };
        self.b.ins().trapnz(oob, out_of_bounds());
    }

    /// `index + n`, trapping (out of bounds) where that exceeds 2^64 - 1: only possible in a
    /// 64-bit memory, as 32-bit indices and offsets are below 2^32.
    fn add_no_wrap(&mut self, ty: &MemoryType, index: Value, n: u64) -> Value {
        if ty.memory64 {
            let n = self.b.ins().iconst(I64, n as i64);
            self.b.ins().uadd_overflow_trap(index, n, out_of_bounds())
        } else {
            self.b.ins().iadd_imm_s(index, n as i64)
        }
    }

    /// Ends the current block with an unconditional trap and continues translating in a fresh,
    /// unreachable one (so the operand stack stays consistent).
    pub(super) fn trap_here(&mut self, trap: Trap) {
        self.b.ins().trap(trap_code(trap));
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
        self.b.seal_block(dead);
    }

    /// Effective address `addr + memarg.offset` (an I64) of an atomic access of `size` bytes,
    /// trapping when it is misaligned, then when it is out of bounds: always checked when
    /// `explicit`, else only where guard pages cannot catch it.
    pub(super) fn atomic_effective_address(
        &mut self,
        memarg: &MemArg,
        addr: Value,
        size: u32,
        explicit: bool,
    ) -> Value {
        let mem = mem_index(memarg);
        let ty = self.env.memory_type(mem);
        let addr = zext64(&mut self.b, addr);
        // The alignment of `addr + offset` modulo 2^64 is decided before a 64-bit sum that
        // overflows traps as out of bounds (a 32-bit one cannot overflow).
        let wrapped = self.b.ins().iadd_imm_s(addr, memarg.offset as i64);
        if size > 1 {
            let misaligned = self.b.ins().band_imm_s(wrapped, i64::from(size - 1));
            self.b
                .ins()
                .trapnz(misaligned, trap_code(Trap::UnalignedAtomic));
        }
        let effective = if ty.memory64 {
            self.add_no_wrap(&ty, addr, memarg.offset)
        } else {
            wrapped
        };
        if explicit || ty.explicit_bounds_checks() {
            let end = self.add_no_wrap(&ty, effective, u64::from(size));
            let len = self.env.memory_length(&mut self.b, mem);
            let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
            self.b.ins().trapnz(oob, out_of_bounds());
        }
        effective
    }

    /// Native address of the checked effective address `effective` in memory `mem`.
    pub(super) fn native_address(&mut self, mem: MemoryIndex, effective: Value) -> Value {
        let base = self.env.memory_base(mem);
        self.b.ins().iadd(base, effective)
    }
}
