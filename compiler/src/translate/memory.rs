//! Linear-memory operators: loads, stores, `memory.*` bulk operations and the threads
//! proposal's atomics, `wait` and `notify`, for 32- and 64-bit memories of either page size.
//!
//! Where an access lands and which bounds check it needs is [`super::heap`]'s business: none
//! for 32-bit memories with 64 KiB pages, whose reservation's inaccessible part faults (the
//! faulting instruction carries the heap-out-of-bounds trap code). Atomic accesses check
//! alignment explicitly (misaligned atomics trap with `unaligned atomic`).

use super::heap::mem_index;
use super::FuncTranslator;
use crate::error::Result;
use crate::func_env::heap_flags;
use crate::module_info::MemoryIndex;
use cranelift_codegen::ir::{types, AtomicRmwOp, InstBuilder, MemFlagsData, Type, Value};
use wasm2native_abi::trap::Trap;
use wasmparser::{MemArg, Operator};

use types::{I16, I32, I64, I8};

/// How a load widens its value.
#[derive(Clone, Copy)]
enum Ext {
    None,
    Signed,
    Unsigned,
}

impl FuncTranslator<'_, '_> {
    fn load(&mut self, memarg: &MemArg, access: Type, ty: Type, ext: Ext) {
        let addr = self.pop();
        let (p, off) = self.address(memarg, addr, access.bytes());
        let flags = heap_flags();
        let v = match (ext, access == ty) {
            (_, true) | (Ext::None, _) => self.b.ins().load(ty, flags, p, off),
            (Ext::Signed, false) => match access {
                I8 => self.b.ins().sload8(ty, flags, p, off),
                I16 => self.b.ins().sload16(ty, flags, p, off),
                _ => self.b.ins().sload32(flags, p, off),
            },
            (Ext::Unsigned, false) => match access {
                I8 => self.b.ins().uload8(ty, flags, p, off),
                I16 => self.b.ins().uload16(ty, flags, p, off),
                _ => self.b.ins().uload32(flags, p, off),
            },
        };
        self.push(v);
    }

    fn store(&mut self, memarg: &MemArg, access: Type) {
        let (addr, v) = self.pop2();
        let ty = self.b.func.dfg.value_type(v);
        let size = if access == types::INVALID { ty } else { access }.bytes();
        let (p, off) = self.address(memarg, addr, size);
        let flags = heap_flags();
        // `INVALID` means a full-width store of the value's own type. A narrow store is a
        // typed store of the truncated value rather than `istore8/16/32`: truncation is free,
        // and the optimiser folds it into constants, which x64 then stores as immediates
        // (`istore*` of a constant needs a register).
        let v = if access == types::INVALID || access == ty || !ty.is_int() {
            v
        } else {
            self.b.ins().ireduce(access, v)
        };
        self.b.ins().store(flags, v, p, off);
    }

    /// Native address of an atomic access of `size` bytes, trapping if misaligned (or out of
    /// bounds, where guard pages cannot tell).
    fn atomic_address(&mut self, memarg: &MemArg, addr: Value, size: u32) -> Value {
        let effective = self.atomic_effective_address(memarg, addr, size, false);
        self.native_address(mem_index(memarg), effective)
    }

    fn atomic_flags() -> MemFlagsData {
        heap_flags()
    }

    fn atomic_load(&mut self, memarg: &MemArg, access: Type, ty: Type) {
        let addr = self.pop();
        let p = self.atomic_address(memarg, addr, access.bytes());
        let v = self.b.ins().atomic_load(access, Self::atomic_flags(), p);
        let v = if access == ty {
            v
        } else {
            self.b.ins().uextend(ty, v)
        };
        self.push(v);
    }

    fn atomic_store(&mut self, memarg: &MemArg, access: Type) {
        let (addr, v) = self.pop2();
        let p = self.atomic_address(memarg, addr, access.bytes());
        let ty = self.b.func.dfg.value_type(v);
        let v = if access == ty {
            v
        } else {
            self.b.ins().ireduce(access, v)
        };
        self.b.ins().atomic_store(Self::atomic_flags(), v, p);
    }

    fn atomic_rmw(&mut self, memarg: &MemArg, access: Type, op: AtomicRmwOp) {
        let (addr, v) = self.pop2();
        let p = self.atomic_address(memarg, addr, access.bytes());
        let ty = self.b.func.dfg.value_type(v);
        let narrow = if access == ty {
            v
        } else {
            self.b.ins().ireduce(access, v)
        };
        let old = self
            .b
            .ins()
            .atomic_rmw(access, Self::atomic_flags(), op, p, narrow);
        let old = if access == ty {
            old
        } else {
            self.b.ins().uextend(ty, old)
        };
        self.push(old);
    }

    fn atomic_cmpxchg(&mut self, memarg: &MemArg, access: Type) {
        let (addr, expected, replacement) = self.pop3();
        let p = self.atomic_address(memarg, addr, access.bytes());
        let ty = self.b.func.dfg.value_type(expected);
        let (e, r) = if access == ty {
            (expected, replacement)
        } else {
            (
                self.b.ins().ireduce(access, expected),
                self.b.ins().ireduce(access, replacement),
            )
        };
        let old = self.b.ins().atomic_cas(Self::atomic_flags(), p, e, r);
        let old = if access == ty {
            old
        } else {
            self.b.ins().uextend(ty, old)
        };
        self.push(old);
    }

    /// Checks alignment, then bounds, of a wait/notify address; returns the effective address.
    /// Alignment comes first, as for the other atomics: the threads proposal's reference
    /// interpreter (`check_align` before the access) and wasmtime report a misaligned address
    /// that is also out of bounds as `unaligned atomic`.
    fn wait_notify_address(&mut self, memarg: &MemArg, addr: Value, size: u32) -> Value {
        self.atomic_effective_address(memarg, addr, size, true)
    }

    fn atomic_wait(&mut self, memarg: &MemArg, size: u32) {
        let (addr, expected, timeout) = self.pop3();
        let effective = self.wait_notify_address(memarg, addr, size);
        let mem = mem_index(memarg);
        if !self.env.memory_is_shared(mem) {
            self.trap_here(Trap::ExpectedSharedMemory);
        }
        let args = [effective, expected, timeout];
        let r = self.env.atomic_wait(&mut self.b, mem, size, args);
        self.push(r);
    }

    /// A size or page count (an I64) as a value of memory `mem`'s index type.
    fn memory_index_value(&mut self, mem: MemoryIndex, v: Value) -> Value {
        if self.env.memory_type(mem).memory64 {
            v
        } else {
            self.b.ins().ireduce(I32, v)
        }
    }

    /// Returns whether `op` was a load, store, `memory.size` or `memory.grow` (and translated
    /// it).
    pub(super) fn memory(&mut self, op: &Operator) -> Result<bool> {
        use Ext::{None as Plain, Signed as S, Unsigned as U};
        use Operator as O;
        let memory = MemoryIndex::from_u32;
        match op {
            O::I32Load { memarg } => self.load(memarg, I32, I32, Plain),
            O::I64Load { memarg } => self.load(memarg, I64, I64, Plain),
            O::F32Load { memarg } => self.load(memarg, types::F32, types::F32, Plain),
            O::F64Load { memarg } => self.load(memarg, types::F64, types::F64, Plain),
            O::I32Load8S { memarg } => self.load(memarg, I8, I32, S),
            O::I32Load8U { memarg } => self.load(memarg, I8, I32, U),
            O::I32Load16S { memarg } => self.load(memarg, I16, I32, S),
            O::I32Load16U { memarg } => self.load(memarg, I16, I32, U),
            O::I64Load8S { memarg } => self.load(memarg, I8, I64, S),
            O::I64Load8U { memarg } => self.load(memarg, I8, I64, U),
            O::I64Load16S { memarg } => self.load(memarg, I16, I64, S),
            O::I64Load16U { memarg } => self.load(memarg, I16, I64, U),
            O::I64Load32S { memarg } => self.load(memarg, I32, I64, S),
            O::I64Load32U { memarg } => self.load(memarg, I32, I64, U),
            O::I32Store { memarg }
            | O::I64Store { memarg }
            | O::F32Store { memarg }
            | O::F64Store { memarg } => self.store(memarg, types::INVALID),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(memarg, I8),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(memarg, I16),
            O::I64Store32 { memarg } => self.store(memarg, I32),
            O::MemorySize { mem } => {
                let m = memory(*mem);
                let len = self.env.memory_length(&mut self.b, m);
                let log2 = self.env.memory_type(m).page_size_log2;
                let pages = self.b.ins().ushr_imm_s(len, i64::from(log2));
                let v = self.memory_index_value(m, pages);
                self.push(v);
            }
            O::MemoryGrow { mem } => {
                let delta = self.pop();
                let old = self.env.memory_grow(&mut self.b, memory(*mem), delta);
                let v = self.memory_index_value(memory(*mem), old);
                self.push(v);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Returns whether `op` was a bulk-memory operator on linear memory (and translated it).
    pub(super) fn bulk_memory(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        let memory = MemoryIndex::from_u32;
        match op {
            O::MemoryFill { mem } => {
                let args = self.pop3().into();
                self.env.memory_fill(&mut self.b, memory(*mem), args);
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let args = self.pop3().into();
                let (dm, sm) = (memory(*dst_mem), memory(*src_mem));
                self.env.memory_copy(&mut self.b, dm, sm, args);
            }
            O::MemoryInit { data_index, mem } => {
                let args = self.pop3().into();
                self.env
                    .memory_init(&mut self.b, memory(*mem), *data_index, args);
            }
            O::DataDrop { data_index } => self.env.data_drop(&mut self.b, *data_index),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Returns whether `op` was a threads-proposal operator (and translated it).
    pub(super) fn atomics(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::AtomicFence { .. } => {
                self.b.ins().fence();
            }
            O::I32AtomicLoad { memarg } => self.atomic_load(memarg, I32, I32),
            O::I64AtomicLoad { memarg } => self.atomic_load(memarg, I64, I64),
            O::I32AtomicLoad8U { memarg } => self.atomic_load(memarg, I8, I32),
            O::I32AtomicLoad16U { memarg } => self.atomic_load(memarg, I16, I32),
            O::I64AtomicLoad8U { memarg } => self.atomic_load(memarg, I8, I64),
            O::I64AtomicLoad16U { memarg } => self.atomic_load(memarg, I16, I64),
            O::I64AtomicLoad32U { memarg } => self.atomic_load(memarg, I32, I64),
            O::I32AtomicStore { memarg } => self.atomic_store(memarg, I32),
            O::I64AtomicStore { memarg } => self.atomic_store(memarg, I64),
            O::I32AtomicStore8 { memarg } | O::I64AtomicStore8 { memarg } => {
                self.atomic_store(memarg, I8)
            }
            O::I32AtomicStore16 { memarg } | O::I64AtomicStore16 { memarg } => {
                self.atomic_store(memarg, I16)
            }
            O::I64AtomicStore32 { memarg } => self.atomic_store(memarg, I32),
            O::MemoryAtomicNotify { memarg } => {
                let (addr, count) = self.pop2();
                let effective = self.wait_notify_address(memarg, addr, 4);
                let m = mem_index(memarg);
                let r = self.env.atomic_notify(&mut self.b, m, effective, count);
                self.push(r);
            }
            O::MemoryAtomicWait32 { memarg } => self.atomic_wait(memarg, 4),
            O::MemoryAtomicWait64 { memarg } => self.atomic_wait(memarg, 8),
            _ => return self.atomic_rmw_operator(op),
        }
        Ok(true)
    }

    fn atomic_rmw_operator(&mut self, op: &Operator) -> Result<bool> {
        let Some((memarg, access, rmw)) = rmw_add_sub_and(op).or_else(|| rmw_or_xor_xchg(op))
        else {
            return Ok(false);
        };
        match rmw {
            Some(rmw) => self.atomic_rmw(memarg, access, rmw),
            None => self.atomic_cmpxchg(memarg, access),
        }
        Ok(true)
    }
}

/// An atomic read-modify-write: its memarg, access width and operation (`None`: cmpxchg).
type Rmw<'a> = (&'a MemArg, Type, Option<AtomicRmwOp>);

fn rmw_add_sub_and<'a>(op: &'a Operator) -> Option<Rmw<'a>> {
    use AtomicRmwOp as R;
    use Operator as O;
    Some(match op {
        O::I32AtomicRmwAdd { memarg } => (memarg, I32, Some(R::Add)),
        O::I64AtomicRmwAdd { memarg } => (memarg, I64, Some(R::Add)),
        O::I32AtomicRmw8AddU { memarg } | O::I64AtomicRmw8AddU { memarg } => {
            (memarg, I8, Some(R::Add))
        }
        O::I32AtomicRmw16AddU { memarg } | O::I64AtomicRmw16AddU { memarg } => {
            (memarg, I16, Some(R::Add))
        }
        O::I64AtomicRmw32AddU { memarg } => (memarg, I32, Some(R::Add)),
        O::I32AtomicRmwSub { memarg } => (memarg, I32, Some(R::Sub)),
        O::I64AtomicRmwSub { memarg } => (memarg, I64, Some(R::Sub)),
        O::I32AtomicRmw8SubU { memarg } | O::I64AtomicRmw8SubU { memarg } => {
            (memarg, I8, Some(R::Sub))
        }
        O::I32AtomicRmw16SubU { memarg } | O::I64AtomicRmw16SubU { memarg } => {
            (memarg, I16, Some(R::Sub))
        }
        O::I64AtomicRmw32SubU { memarg } => (memarg, I32, Some(R::Sub)),
        O::I32AtomicRmwAnd { memarg } => (memarg, I32, Some(R::And)),
        O::I64AtomicRmwAnd { memarg } => (memarg, I64, Some(R::And)),
        O::I32AtomicRmw8AndU { memarg } | O::I64AtomicRmw8AndU { memarg } => {
            (memarg, I8, Some(R::And))
        }
        O::I32AtomicRmw16AndU { memarg } | O::I64AtomicRmw16AndU { memarg } => {
            (memarg, I16, Some(R::And))
        }
        O::I64AtomicRmw32AndU { memarg } => (memarg, I32, Some(R::And)),
        _ => return None,
    })
}

fn rmw_or_xor_xchg<'a>(op: &'a Operator) -> Option<Rmw<'a>> {
    use AtomicRmwOp as R;
    use Operator as O;
    Some(match op {
        O::I32AtomicRmwOr { memarg } => (memarg, I32, Some(R::Or)),
        O::I64AtomicRmwOr { memarg } => (memarg, I64, Some(R::Or)),
        O::I32AtomicRmw8OrU { memarg } | O::I64AtomicRmw8OrU { memarg } => {
            (memarg, I8, Some(R::Or))
        }
        O::I32AtomicRmw16OrU { memarg } | O::I64AtomicRmw16OrU { memarg } => {
            (memarg, I16, Some(R::Or))
        }
        O::I64AtomicRmw32OrU { memarg } => (memarg, I32, Some(R::Or)),
        O::I32AtomicRmwXor { memarg } => (memarg, I32, Some(R::Xor)),
        O::I64AtomicRmwXor { memarg } => (memarg, I64, Some(R::Xor)),
        O::I32AtomicRmw8XorU { memarg } | O::I64AtomicRmw8XorU { memarg } => {
            (memarg, I8, Some(R::Xor))
        }
        O::I32AtomicRmw16XorU { memarg } | O::I64AtomicRmw16XorU { memarg } => {
            (memarg, I16, Some(R::Xor))
        }
        O::I64AtomicRmw32XorU { memarg } => (memarg, I32, Some(R::Xor)),
        O::I32AtomicRmwXchg { memarg } => (memarg, I32, Some(R::Xchg)),
        O::I64AtomicRmwXchg { memarg } => (memarg, I64, Some(R::Xchg)),
        O::I32AtomicRmw8XchgU { memarg } | O::I64AtomicRmw8XchgU { memarg } => {
            (memarg, I8, Some(R::Xchg))
        }
        O::I32AtomicRmw16XchgU { memarg } | O::I64AtomicRmw16XchgU { memarg } => {
            (memarg, I16, Some(R::Xchg))
        }
        O::I64AtomicRmw32XchgU { memarg } => (memarg, I32, Some(R::Xchg)),
        O::I32AtomicRmwCmpxchg { memarg } => (memarg, I32, None),
        O::I64AtomicRmwCmpxchg { memarg } => (memarg, I64, None),
        O::I32AtomicRmw8CmpxchgU { memarg } | O::I64AtomicRmw8CmpxchgU { memarg } => {
            (memarg, I8, None)
        }
        O::I32AtomicRmw16CmpxchgU { memarg } | O::I64AtomicRmw16CmpxchgU { memarg } => {
            (memarg, I16, None)
        }
        O::I64AtomicRmw32CmpxchgU { memarg } => (memarg, I32, None),
        _ => return None,
    })
}
