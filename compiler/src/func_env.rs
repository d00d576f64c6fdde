//! How this runtime implements wasm entities for one function being translated: vmctx
//! offsets, memory bases, globals, tables, function references, calls and builtins.
//!
//! The translator says what an operator means; everything that knows the vmctx layout or a
//! runtime symbol lives here. Loads of immutable vmctx fields are `readonly`/`notrap`; the
//! base of each linear memory is loaded once in the entry block (it never moves), except that
//! of an executable's memory 0, which is a constant (`ModuleInfo::memory0_at`). Operators
//! implemented by calls into the runtime are in [`builtins`].

mod builtins;
mod calls;
mod exceptions;

use crate::module_info::{FuncIndex, GlobalIndex, MemoryIndex, ModuleInfo, TableIndex, TypeIndex};
use cranelift_codegen::ir::{
    self, types, AbiParam, ExtFuncData, ExternalName, FuncRef, InstBuilder, MemFlagsData, SigRef,
    Signature, TrapCode, Type, UserExternalName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{DataId, FuncId};
use std::collections::HashMap;
use wasm2native_abi::meta::{FuncType, MemoryType, ValType};
use wasm2native_abi::symbols::{Builtin, EntrySig};
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::{field, VMOffsets};

pub const POINTER: Type = types::I64;

/// Module-level symbols every function may refer to (declared before parallel compilation).
pub struct Symbols {
    /// Per function index: the symbol to call directly (defined functions and host imports).
    pub funcs: Vec<Option<FuncId>>,
    /// Per function index: the `tail`-convention symbol its funcref, import slot and static
    /// table entries hold: `funcs` for defined functions, the host adapter of a host import
    /// (see [`crate::boundary`]), `None` for imports linked at instantiation.
    pub callable: Vec<Option<FuncId>>,
    /// Per `Builtin::ALL` position.
    pub builtins: Vec<FuncId>,
    /// Per type index: the module-local id `static_tables` entries carry.
    pub local_type_ids: Vec<u32>,
    /// Per table index with fixed contents: its read-only copy and length.
    pub static_tables: HashMap<u32, (DataId, u32)>,
    /// Per (table index, module-local type id): the only function of that type a table with
    /// fixed contents holds (see `StaticTable::sole_callees`).
    pub sole_callees: HashMap<(u32, u32), FuncIndex>,
}

pub fn trap_code(t: Trap) -> TrapCode {
    TrapCode::from_raw(std::num::NonZeroU8::new(t.code()).expect("trap codes are non-zero"))
}

pub fn clif_type(t: ValType) -> Type {
    match t {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::Ref(_) => POINTER,
    }
}

/// The signature of a wasm function: `(vmctx, params...) -> results` in Cranelift's `tail`
/// convention, so that `return_call` can replace the caller's frame. Every function with
/// this signature is compiled wasm code or a host adapter (`crate::boundary`).
pub fn wasm_signature(ty: &FuncType) -> Signature {
    signature(CallConv::Tail, &ty.params, &ty.results)
}

/// The signature of a host function (a WASI import, a runtime entry point): the same
/// parameters in the platform's C convention, as the runtime's `extern "C"` functions take.
pub fn host_signature(ty: &FuncType) -> Signature {
    signature(CallConv::SystemV, &ty.params, &ty.results)
}

/// The native signature of a runtime entry point: `(vmctx, params...) -> results`.
pub fn entry_signature(sig: &EntrySig) -> Signature {
    signature(CallConv::SystemV, sig.params, sig.results)
}

fn signature(conv: CallConv, params: &[ValType], results: &[ValType]) -> Signature {
    let mut sig = Signature::new(conv);
    sig.params.push(AbiParam::new(POINTER));
    sig.params
        .extend(params.iter().map(|t| AbiParam::new(clif_type(*t))));
    sig.returns
        .extend(results.iter().map(|t| AbiParam::new(clif_type(*t))));
    sig
}

pub struct FuncEnv<'m> {
    pub info: &'m ModuleInfo<'m>,
    pub offsets: VMOffsets,
    symbols: &'m Symbols,
    pub vmctx: Value,
    memory_bases: Vec<Value>,
    func_refs: HashMap<FuncId, FuncRef>,
    sig_refs: HashMap<TypeIndex, SigRef>,
}

/// Flags for loads of vmctx fields that never change during the instance's life.
fn readonly() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly().with_can_move()
}

/// Flags for loads/stores of mutable vmctx or runtime fields.
fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// `v` (an I32 or I64) as an I64, zero-extended: a 32-bit index or size where the 64-bit
/// form is expected.
pub fn zext64(b: &mut FunctionBuilder, v: Value) -> Value {
    if b.func.dfg.value_type(v) == types::I64 {
        v
    } else {
        b.ins().uextend(types::I64, v)
    }
}

/// Flags for linear-memory accesses: out-of-bounds accesses fault in guard pages.
pub fn heap_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_endianness(ir::Endianness::Little)
        .with_trap_code(Some(TrapCode::HEAP_OUT_OF_BOUNDS))
}

impl<'m> FuncEnv<'m> {
    /// Sets up the environment in the function's entry block (already current), where
    /// `vmctx` is the first block parameter.
    pub fn new(
        info: &'m ModuleInfo<'m>,
        offsets: VMOffsets,
        symbols: &'m Symbols,
        b: &mut FunctionBuilder,
        vmctx: Value,
    ) -> Self {
        let memory_bases = (0..info.memories.len() as u32)
            .map(|m| match info.memory0_at {
                Some(at) if m == 0 => b.ins().iconst(POINTER, at as i64),
                _ => b
                    .ins()
                    .load(POINTER, readonly(), vmctx, offsets.memory(m) as i32),
            })
            .collect();
        FuncEnv {
            info,
            offsets,
            symbols,
            vmctx,
            memory_bases,
            func_refs: HashMap::new(),
            sig_refs: HashMap::new(),
        }
    }

    pub fn memory_base(&self, m: MemoryIndex) -> Value {
        self.memory_bases[m.as_u32() as usize]
    }

    pub fn memory_is_shared(&self, m: MemoryIndex) -> bool {
        self.info.memories[m].shared
    }

    pub fn memory_type(&self, m: MemoryIndex) -> MemoryType {
        self.info.memories[m]
    }

    /// Whether table `t` is indexed by `i64`.
    pub fn table_is_64(&self, t: TableIndex) -> bool {
        self.info.tables[t].table64
    }

    /// Current size of memory `m` in bytes (an I64).
    pub fn memory_length(&self, b: &mut FunctionBuilder, m: MemoryIndex) -> Value {
        let def = b.ins().load(
            POINTER,
            readonly(),
            self.vmctx,
            (self.offsets.memory(m.as_u32()) + field::MEMORY_DEF) as i32,
        );
        b.ins()
            .load(types::I64, trusted(), def, field::MEMDEF_LENGTH as i32)
    }

    /// Where an entity lives: imported ones through a pointer in the vmctx (at
    /// `import_offset(i)`), defined ones inline in the vmctx (at `defined_offset(i - imported)`).
    fn entity_addr(
        &self,
        b: &mut FunctionBuilder,
        index: u32,
        imported: u32,
        import_offset: impl Fn(&VMOffsets, u32) -> u32,
        defined_offset: impl Fn(&VMOffsets, u32) -> u32,
    ) -> (Value, i32) {
        if index < imported {
            let off = import_offset(&self.offsets, index) as i32;
            (b.ins().load(POINTER, readonly(), self.vmctx, off), 0)
        } else {
            (
                self.vmctx,
                defined_offset(&self.offsets, index - imported) as i32,
            )
        }
    }

    /// Address and offset of a global's storage.
    fn global_addr(&self, b: &mut FunctionBuilder, g: GlobalIndex) -> (Value, i32) {
        let imported = self.info.num_imported_globals;
        self.entity_addr(
            b,
            g.as_u32(),
            imported,
            VMOffsets::global_import,
            VMOffsets::global,
        )
    }

    pub fn global_get(&self, b: &mut FunctionBuilder, g: GlobalIndex) -> Value {
        let ty = clif_type(self.info.globals[g].ty);
        let (base, off) = self.global_addr(b, g);
        let flags = if self.info.globals[g].mutable {
            trusted()
        } else {
            readonly()
        };
        b.ins().load(ty, flags, base, off)
    }

    pub fn global_set(&self, b: &mut FunctionBuilder, g: GlobalIndex, v: Value) {
        let (base, off) = self.global_addr(b, g);
        b.ins().store(trusted(), v, base, off);
    }

    /// Pointer to the `VMTable` of table `t`.
    fn table_ptr(&self, b: &mut FunctionBuilder, t: TableIndex) -> (Value, i32) {
        let imported = self.info.num_imported_tables;
        self.entity_addr(
            b,
            t.as_u32(),
            imported,
            VMOffsets::table_import,
            VMOffsets::table,
        )
    }

    /// Current number of elements of table `t` (an I64).
    pub fn table_length(&self, b: &mut FunctionBuilder, t: TableIndex) -> Value {
        let (p, off) = self.table_ptr(b, t);
        b.ins()
            .load(types::I64, trusted(), p, off + field::TABLE_LENGTH as i32)
    }

    /// Address of element `index` (an I32, zero-extended, or an I64) of table `t`, trapping
    /// with `trap` when it is out of bounds.
    pub fn table_elem_addr(
        &self,
        b: &mut FunctionBuilder,
        t: TableIndex,
        index: Value,
        trap: Trap,
    ) -> Value {
        let (p, off) = self.table_ptr(b, t);
        let len = b
            .ins()
            .load(types::I64, trusted(), p, off + field::TABLE_LENGTH as i32);
        let index = zext64(b, index);
        let oob = b
            .ins()
            .icmp(ir::condcodes::IntCC::UnsignedGreaterThanOrEqual, index, len);
        b.ins().trapnz(oob, trap_code(trap));
        let base = b
            .ins()
            .load(POINTER, trusted(), p, off + field::TABLE_BASE as i32);
        let scaled = b.ins().ishl_imm_s(index, 3);
        b.ins().iadd(base, scaled)
    }

    /// `ref.func f`: the address of this instance's `VMFuncRef` for `f`.
    pub fn func_ref_value(&self, b: &mut FunctionBuilder, f: FuncIndex) -> Value {
        b.ins()
            .iadd_imm_s(self.vmctx, self.offsets.func_ref(f.as_u32()) as i64)
    }

    fn import_func(
        &mut self,
        b: &mut FunctionBuilder,
        id: FuncId,
        sig: Signature,
        colocated: bool,
    ) -> FuncRef {
        if let Some(r) = self.func_refs.get(&id) {
            return *r;
        }
        let signature = b.import_signature(sig);
        let name = b.func.declare_imported_user_function(UserExternalName {
            namespace: 0,
            index: id.as_u32(),
        });
        let r = b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated,
            patchable: false,
        });
        self.func_refs.insert(id, r);
        r
    }

    fn sig_ref(&mut self, b: &mut FunctionBuilder, t: TypeIndex) -> SigRef {
        if let Some(s) = self.sig_refs.get(&t) {
            return *s;
        }
        let s = b.import_signature(wasm_signature(&self.info.types[t]));
        self.sig_refs.insert(t, s);
        s
    }

    /// Calls a runtime builtin with the vmctx prepended; returns its results.
    fn call_builtin(
        &mut self,
        b: &mut FunctionBuilder,
        builtin: Builtin,
        args: &[Value],
    ) -> Vec<Value> {
        let pos = Builtin::ALL
            .iter()
            .position(|x| *x == builtin)
            .expect("builtin listed");
        let id = self.symbols.builtins[pos];
        let r = self.import_func(b, id, entry_signature(&builtin.sig()), false);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        let call = b.ins().call(r, &all);
        b.inst_results(call).to_vec()
    }
}
