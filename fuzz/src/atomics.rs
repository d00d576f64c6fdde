//! The module the `differential` target's oracle runs: atomics lowered, since wasmi has no
//! threads proposal, and a workaround for a wasmi bug.
//!
//! A module with atomics is compared single-threaded, where every atomic instruction has a
//! plain equivalent: [`lower`] rewrites each one into plain loads and stores (plus the checks
//! the plain ones lack) for wasmi, while wasm2native runs the original. Per instruction:
//!
//! - the effective address's alignment is checked first (as wasmtime 49 does: before the
//!   bounds): a misaligned one calls the import `w2n.unaligned`, which the oracle turns into
//!   the `unaligned atomic` trap; the plain access then checks the bounds;
//! - loads and stores become plain ones; a read-modify-write loads the old value
//!   (zero-extended), stores `old op v` and returns the old value; `cmpxchg` stores only when
//!   the old value equals the expected one (cut to the access width);
//! - `memory.atomic.notify` wakes nobody: 0; `memory.atomic.wait32/64` on an unshared memory
//!   calls `w2n.unshared` (`expected shared memory`) after the bounds check, else answers 1 (`not-equal`) or, when the
//!   value matches, 2 (`timed-out`): [`zero_wait_timeouts`] has given every wait a timeout of
//!   0 first, on both sides, since one thread waiting on itself would otherwise never wake;
//! - `atomic.fence` does nothing; shared memories become unshared.
//!
//! The same rewrite steers wasmi around a bug of its own (fuzz/oracle-bugs/): it fuses an
//! `i32.eqz` (or `i32.eq`/`i32.ne` with 0) into a following `select` but keeps reading the
//! condition from the comparison it dropped. Each such comparison's result passes through a
//! `local.tee`, which wasmi never fuses. So every module the oracle runs goes through [`lower`].
//!
//! Every function gets nine scratch locals (that barrier; address, value, expected and old
//! value, in i32 and i64) after its own; the two imports and their type are added, which
//! shifts every function index by two.

use wasm_encoder::reencode::{utils, Error, Reencode};
use wasm_encoder::{Function, Instruction as I, MemArg, ValType};
use wasmparser::Operator as O;

/// The module and import names of the oracle's trap functions.
pub const IMPORT_MODULE: &str = "w2n";
pub const UNALIGNED: &str = "unaligned";
pub const UNSHARED: &str = "unshared";

/// Whether `wasm` uses shared memories or atomic instructions.
pub fn uses_threads(wasm: &[u8]) -> bool {
    for payload in wasmparser::Parser::new(0).parse_all(wasm).flatten() {
        match payload {
            wasmparser::Payload::MemorySection(s)
                if s.clone().into_iter().flatten().any(|m| m.shared) =>
            {
                return true;
            }
            wasmparser::Payload::CodeSectionEntry(body) => {
                let Ok(ops) = body.get_operators_reader() else {
                    continue;
                };
                if ops.into_iter().flatten().any(|op| access(&op).is_some()) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// `wasm` with the timeout operand of every `memory.atomic.wait32/64` replaced by 0.
pub fn zero_wait_timeouts(wasm: &[u8]) -> Option<Vec<u8>> {
    struct ZeroTimeouts;
    impl Reencode for ZeroTimeouts {
        type Error = std::convert::Infallible;
        fn parse_function_body(
            &mut self,
            code: &mut wasm_encoder::CodeSection,
            body: wasmparser::FunctionBody<'_>,
        ) -> Result<(), Error<Self::Error>> {
            let mut f = self.new_function_with_parsed_locals(&body)?;
            let mut reader = body.get_operators_reader()?;
            while !reader.eof() {
                let op = reader.read()?;
                if matches!(
                    op,
                    O::MemoryAtomicWait32 { .. } | O::MemoryAtomicWait64 { .. }
                ) {
                    f.instruction(&I::Drop).instruction(&I::I64Const(0));
                }
                f.instruction(&self.instruction(op)?);
            }
            code.function(&f);
            Ok(())
        }
    }
    reencode(&mut ZeroTimeouts, wasm)
}

/// `wasm` as the oracle runs it: every atomic instruction lowered, comparisons behind a
/// barrier (see the module header).
pub fn lower(wasm: &[u8]) -> Option<Vec<u8>> {
    let mut l = Lowering::default();
    let out = reencode(&mut l, wasm)?;
    l.imported.then_some(out)
}

fn reencode(r: &mut impl Reencode, wasm: &[u8]) -> Option<Vec<u8>> {
    let mut module = wasm_encoder::Module::new();
    r.parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .ok()?;
    Some(module.finish())
}

/// What an atomic instruction does, for [`Lowering::atomic`].
enum Kind {
    Load,
    Store,
    Rmw(Option<I<'static>>),
    Cmpxchg,
    Notify,
    Wait,
}

/// An atomic access: kind, value type (`true` for i64), width in bytes, and its memarg.
type Access = (Kind, bool, u8, wasmparser::MemArg);

/// Classifies an atomic memory instruction; `None` for anything else (`atomic.fence`
/// included).
fn access(op: &O) -> Option<Access> {
    use Kind::*;
    let (add, sub, and) = (Some(I::I32Add), Some(I::I32Sub), Some(I::I32And));
    let (or, xor) = (Some(I::I32Or), Some(I::I32Xor));
    let (add64, sub64, and64) = (Some(I::I64Add), Some(I::I64Sub), Some(I::I64And));
    let (or64, xor64) = (Some(I::I64Or), Some(I::I64Xor));
    Some(match *op {
        O::I32AtomicLoad { memarg } => (Load, false, 4, memarg),
        O::I32AtomicLoad8U { memarg } => (Load, false, 1, memarg),
        O::I32AtomicLoad16U { memarg } => (Load, false, 2, memarg),
        O::I64AtomicLoad { memarg } => (Load, true, 8, memarg),
        O::I64AtomicLoad8U { memarg } => (Load, true, 1, memarg),
        O::I64AtomicLoad16U { memarg } => (Load, true, 2, memarg),
        O::I64AtomicLoad32U { memarg } => (Load, true, 4, memarg),
        O::I32AtomicStore { memarg } => (Store, false, 4, memarg),
        O::I32AtomicStore8 { memarg } => (Store, false, 1, memarg),
        O::I32AtomicStore16 { memarg } => (Store, false, 2, memarg),
        O::I64AtomicStore { memarg } => (Store, true, 8, memarg),
        O::I64AtomicStore8 { memarg } => (Store, true, 1, memarg),
        O::I64AtomicStore16 { memarg } => (Store, true, 2, memarg),
        O::I64AtomicStore32 { memarg } => (Store, true, 4, memarg),
        O::I32AtomicRmwAdd { memarg } => (Rmw(add), false, 4, memarg),
        O::I32AtomicRmw8AddU { memarg } => (Rmw(add), false, 1, memarg),
        O::I32AtomicRmw16AddU { memarg } => (Rmw(add), false, 2, memarg),
        O::I64AtomicRmwAdd { memarg } => (Rmw(add64), true, 8, memarg),
        O::I64AtomicRmw8AddU { memarg } => (Rmw(add64), true, 1, memarg),
        O::I64AtomicRmw16AddU { memarg } => (Rmw(add64), true, 2, memarg),
        O::I64AtomicRmw32AddU { memarg } => (Rmw(add64), true, 4, memarg),
        O::I32AtomicRmwSub { memarg } => (Rmw(sub), false, 4, memarg),
        O::I32AtomicRmw8SubU { memarg } => (Rmw(sub), false, 1, memarg),
        O::I32AtomicRmw16SubU { memarg } => (Rmw(sub), false, 2, memarg),
        O::I64AtomicRmwSub { memarg } => (Rmw(sub64), true, 8, memarg),
        O::I64AtomicRmw8SubU { memarg } => (Rmw(sub64), true, 1, memarg),
        O::I64AtomicRmw16SubU { memarg } => (Rmw(sub64), true, 2, memarg),
        O::I64AtomicRmw32SubU { memarg } => (Rmw(sub64), true, 4, memarg),
        O::I32AtomicRmwAnd { memarg } => (Rmw(and), false, 4, memarg),
        O::I32AtomicRmw8AndU { memarg } => (Rmw(and), false, 1, memarg),
        O::I32AtomicRmw16AndU { memarg } => (Rmw(and), false, 2, memarg),
        O::I64AtomicRmwAnd { memarg } => (Rmw(and64), true, 8, memarg),
        O::I64AtomicRmw8AndU { memarg } => (Rmw(and64), true, 1, memarg),
        O::I64AtomicRmw16AndU { memarg } => (Rmw(and64), true, 2, memarg),
        O::I64AtomicRmw32AndU { memarg } => (Rmw(and64), true, 4, memarg),
        O::I32AtomicRmwOr { memarg } => (Rmw(or), false, 4, memarg),
        O::I32AtomicRmw8OrU { memarg } => (Rmw(or), false, 1, memarg),
        O::I32AtomicRmw16OrU { memarg } => (Rmw(or), false, 2, memarg),
        O::I64AtomicRmwOr { memarg } => (Rmw(or64), true, 8, memarg),
        O::I64AtomicRmw8OrU { memarg } => (Rmw(or64), true, 1, memarg),
        O::I64AtomicRmw16OrU { memarg } => (Rmw(or64), true, 2, memarg),
        O::I64AtomicRmw32OrU { memarg } => (Rmw(or64), true, 4, memarg),
        O::I32AtomicRmwXor { memarg } => (Rmw(xor), false, 4, memarg),
        O::I32AtomicRmw8XorU { memarg } => (Rmw(xor), false, 1, memarg),
        O::I32AtomicRmw16XorU { memarg } => (Rmw(xor), false, 2, memarg),
        O::I64AtomicRmwXor { memarg } => (Rmw(xor64), true, 8, memarg),
        O::I64AtomicRmw8XorU { memarg } => (Rmw(xor64), true, 1, memarg),
        O::I64AtomicRmw16XorU { memarg } => (Rmw(xor64), true, 2, memarg),
        O::I64AtomicRmw32XorU { memarg } => (Rmw(xor64), true, 4, memarg),
        O::I32AtomicRmwXchg { memarg } => (Rmw(None), false, 4, memarg),
        O::I32AtomicRmw8XchgU { memarg } => (Rmw(None), false, 1, memarg),
        O::I32AtomicRmw16XchgU { memarg } => (Rmw(None), false, 2, memarg),
        O::I64AtomicRmwXchg { memarg } => (Rmw(None), true, 8, memarg),
        O::I64AtomicRmw8XchgU { memarg } => (Rmw(None), true, 1, memarg),
        O::I64AtomicRmw16XchgU { memarg } => (Rmw(None), true, 2, memarg),
        O::I64AtomicRmw32XchgU { memarg } => (Rmw(None), true, 4, memarg),
        O::I32AtomicRmwCmpxchg { memarg } => (Cmpxchg, false, 4, memarg),
        O::I32AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, false, 1, memarg),
        O::I32AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, false, 2, memarg),
        O::I64AtomicRmwCmpxchg { memarg } => (Cmpxchg, true, 8, memarg),
        O::I64AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, true, 1, memarg),
        O::I64AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, true, 2, memarg),
        O::I64AtomicRmw32CmpxchgU { memarg } => (Cmpxchg, true, 4, memarg),
        O::MemoryAtomicNotify { memarg } => (Notify, false, 4, memarg),
        O::MemoryAtomicWait32 { memarg } => (Wait, false, 4, memarg),
        O::MemoryAtomicWait64 { memarg } => (Wait, true, 8, memarg),
        _ => return None,
    })
}

/// The lowering reencoder: what it learnt of the module so far.
#[derive(Default)]
struct Lowering {
    /// Per memory: 64-bit index, shared.
    memories: Vec<(bool, bool)>,
    /// Parameter counts of the module's types, and each defined function's type.
    type_params: Vec<u32>,
    func_types: Vec<u32>,
    /// Defined functions seen in the code section so far.
    bodies: usize,
    /// The trap imports' type index; whether it and they were added.
    trap_type: u32,
    typed: bool,
    imported: bool,
}

/// The scratch locals of a function whose own locals end at `base`.
#[derive(Clone, Copy)]
struct Scratch {
    base: u32,
}

impl Scratch {
    const TYPES: [ValType; 9] = [
        ValType::I32,
        ValType::I32,
        ValType::I64,
        ValType::I32,
        ValType::I64,
        ValType::I32,
        ValType::I64,
        ValType::I32,
        ValType::I64,
    ];
    fn barrier(self) -> u32 {
        self.base
    }
    fn addr(self, wide: bool) -> u32 {
        self.base + 1 + u32::from(wide)
    }
    fn value(self, wide: bool) -> u32 {
        self.base + 3 + u32::from(wide)
    }
    fn expected(self, wide: bool) -> u32 {
        self.base + 5 + u32::from(wide)
    }
    fn old(self, wide: bool) -> u32 {
        self.base + 7 + u32::from(wide)
    }
}

impl Reencode for Lowering {
    type Error = std::convert::Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, Error<Self::Error>> {
        Ok(func + 2)
    }

    fn memory_type(
        &mut self,
        m: wasmparser::MemoryType,
    ) -> Result<wasm_encoder::MemoryType, Error<Self::Error>> {
        self.memories.push((m.memory64, m.shared));
        let mut t = utils::memory_type(self, m);
        t.shared = false;
        Ok(t)
    }

    fn parse_type_section(
        &mut self,
        types: &mut wasm_encoder::TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        for group in section.clone() {
            for ty in group?.into_types() {
                let params = match &ty.composite_type.inner {
                    wasmparser::CompositeInnerType::Func(f) => f.params().len() as u32,
                    _ => 0,
                };
                self.type_params.push(params);
            }
        }
        utils::parse_type_section(self, types, section)?;
        self.trap_type = self.type_params.len() as u32;
        types.ty().function([], []);
        self.typed = true;
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        funcs: &mut wasm_encoder::FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        for ty in section.clone() {
            self.func_types.push(ty?);
        }
        utils::parse_function_section(self, funcs, section)
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> Result<(), Error<Self::Error>> {
        use wasm_encoder::SectionId::{Import, Type};
        // Without a type section of its own, the module gets one for the trap type first.
        if after.is_none() && before != Some(Type) {
            let mut types = wasm_encoder::TypeSection::new();
            types.ty().function([], []);
            module.section(&types);
            self.typed = true;
        }
        // Without an import section of its own, the module gets one after its types.
        if self.typed && !self.imported && before != Some(Import) {
            let mut imports = wasm_encoder::ImportSection::new();
            self.add_trap_imports(&mut imports);
            module.section(&imports);
        }
        Ok(())
    }

    fn parse_import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        self.add_trap_imports(imports);
        utils::parse_import_section(self, imports, section)
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        body: wasmparser::FunctionBody<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let ty = self.func_types[self.bodies];
        self.bodies += 1;
        let mut base = self.type_params[ty as usize];
        let mut locals = Vec::new();
        for pair in body.get_locals_reader()? {
            let (n, t) = pair?;
            base += n;
            locals.push((n, self.val_type(t)?));
        }
        locals.extend(Scratch::TYPES.map(|t| (1, t)));
        let mut f = Function::new(locals);
        let scratch = Scratch { base };
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            match access(&op) {
                Some(a) => self.atomic(&mut f, scratch, a)?,
                None if matches!(op, O::AtomicFence { .. }) => {}
                None => {
                    let compare = matches!(op, O::I32Eqz | O::I32Eq | O::I32Ne);
                    f.instruction(&self.instruction(op)?);
                    if compare {
                        f.instruction(&I::LocalTee(scratch.barrier()));
                    }
                }
            }
        }
        code.function(&f);
        Ok(())
    }
}

impl Lowering {
    /// The two trap functions, first in the function index space.
    fn add_trap_imports(&mut self, imports: &mut wasm_encoder::ImportSection) {
        for name in [UNALIGNED, UNSHARED] {
            let ty = wasm_encoder::EntityType::Function(self.trap_type);
            imports.import(IMPORT_MODULE, name, ty);
        }
        self.imported = true;
    }

    /// Emits the plain equivalent of one atomic instruction (see the module header).
    fn atomic(
        &mut self,
        f: &mut Function,
        s: Scratch,
        (kind, wide, bytes, m): Access,
    ) -> Result<(), Error<std::convert::Infallible>> {
        let wasmparser::MemArgTarget::Memory(memory) = m.target else {
            unreachable!("an atomic access to an array (GC is off)")
        };
        let (idx64, shared) = self.memories[memory as usize];
        let arg = utils::mem_arg(self, m)?;
        let (a, v, x, old) = (s.addr(idx64), s.value(wide), s.expected(wide), s.old(wide));
        let load = || load(wide, bytes, arg);
        match kind {
            Kind::Load => {
                f.instruction(&I::LocalTee(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&load());
            }
            Kind::Store => {
                f.instruction(&I::LocalSet(v)).instruction(&I::LocalSet(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&I::LocalGet(a))
                    .instruction(&I::LocalGet(v))
                    .instruction(&store(wide, bytes, arg));
            }
            Kind::Rmw(op) => {
                f.instruction(&I::LocalSet(v)).instruction(&I::LocalSet(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&I::LocalGet(a))
                    .instruction(&load())
                    .instruction(&I::LocalSet(old))
                    .instruction(&I::LocalGet(a));
                if let Some(op) = op {
                    f.instruction(&I::LocalGet(old))
                        .instruction(&I::LocalGet(v))
                        .instruction(&op);
                } else {
                    f.instruction(&I::LocalGet(v));
                }
                f.instruction(&store(wide, bytes, arg))
                    .instruction(&I::LocalGet(old));
            }
            Kind::Cmpxchg => {
                f.instruction(&I::LocalSet(v))
                    .instruction(&I::LocalSet(x))
                    .instruction(&I::LocalSet(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&I::LocalGet(a))
                    .instruction(&load())
                    .instruction(&I::LocalTee(old))
                    .instruction(&I::LocalGet(x));
                if bytes < 4 || (wide && bytes == 4) {
                    let mask = (1u64 << (8 * u32::from(bytes))) - 1;
                    f.instruction(&constant(wide, mask)).instruction(&and(wide));
                }
                f.instruction(&if wide { I::I64Eq } else { I::I32Eq })
                    .instruction(&I::If(wasm_encoder::BlockType::Empty))
                    .instruction(&I::LocalGet(a))
                    .instruction(&I::LocalGet(v))
                    .instruction(&store(wide, bytes, arg))
                    .instruction(&I::End)
                    .instruction(&I::LocalGet(old));
            }
            Kind::Notify => {
                f.instruction(&I::Drop).instruction(&I::LocalTee(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&load())
                    .instruction(&I::Drop)
                    .instruction(&I::I32Const(0));
            }
            Kind::Wait => {
                f.instruction(&I::Drop)
                    .instruction(&I::LocalSet(x))
                    .instruction(&I::LocalTee(a));
                self.check_alignment(f, a, idx64, m.offset, bytes);
                f.instruction(&load()).instruction(&I::LocalSet(old));
                if !shared {
                    f.instruction(&I::Call(1));
                }
                f.instruction(&I::LocalGet(old))
                    .instruction(&I::LocalGet(x))
                    .instruction(&if wide { I::I64Eq } else { I::I32Eq })
                    .instruction(&I::I32Const(1))
                    .instruction(&I::I32Add);
            }
        }
        Ok(())
    }

    /// Calls `w2n.unaligned` when local `a` plus `offset` is not a multiple of `bytes`.
    fn check_alignment(&self, f: &mut Function, a: u32, idx64: bool, offset: u64, bytes: u8) {
        if bytes == 1 {
            return;
        }
        f.instruction(&I::LocalGet(a))
            .instruction(&constant(idx64, offset))
            .instruction(&if idx64 { I::I64Add } else { I::I32Add })
            .instruction(&constant(idx64, u64::from(bytes) - 1))
            .instruction(&and(idx64));
        if idx64 {
            f.instruction(&I::I64Const(0)).instruction(&I::I64Ne);
        }
        f.instruction(&I::If(wasm_encoder::BlockType::Empty))
            .instruction(&I::Call(0))
            .instruction(&I::End);
    }
}

fn constant(wide: bool, v: u64) -> I<'static> {
    if wide {
        I::I64Const(v as i64)
    } else {
        I::I32Const(v as u32 as i32)
    }
}

fn and(wide: bool) -> I<'static> {
    if wide {
        I::I64And
    } else {
        I::I32And
    }
}

fn load(wide: bool, bytes: u8, m: MemArg) -> I<'static> {
    match (wide, bytes) {
        (false, 1) => I::I32Load8U(m),
        (false, 2) => I::I32Load16U(m),
        (false, _) => I::I32Load(m),
        (true, 1) => I::I64Load8U(m),
        (true, 2) => I::I64Load16U(m),
        (true, 4) => I::I64Load32U(m),
        (true, _) => I::I64Load(m),
    }
}

fn store(wide: bool, bytes: u8, m: MemArg) -> I<'static> {
    match (wide, bytes) {
        (false, 1) => I::I32Store8(m),
        (false, 2) => I::I32Store16(m),
        (false, _) => I::I32Store(m),
        (true, 1) => I::I64Store8(m),
        (true, 2) => I::I64Store16(m),
        (true, 4) => I::I64Store32(m),
        (true, _) => I::I64Store(m),
    }
}
