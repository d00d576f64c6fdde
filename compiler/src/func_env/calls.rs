//! Calls: how a callee is reached (direct symbol, import slot, static or instance table,
//! type check, typed function reference), then a normal call or a tail call of it.
//!
//! Wasm functions use Cranelift's `tail` convention (see [`super::wasm_signature`]), so a
//! `return_call` of one becomes a `return_call` instruction that reuses the caller's frame.
//! A host import called directly is a C function: a tail call of it is a call and a return
//! (its frame is not the wasm recursion a tail call must keep bounded). Every code pointer in
//! an import slot, a funcref or a static table is `tail`-convention code.
//!
//! A call to wasm code inside an exception handler's scope is a `try_call` whose only handler
//! is the default one, the scope's dispatch block, which receives the exception object (see
//! `translate::exceptions`); host functions never throw, so calls to them stay plain.

use super::{readonly, trap_code, trusted, FuncEnv, POINTER};
use crate::module_info::{FuncImportBinding, FuncIndex, TableIndex, TypeIndex};
use cranelift_codegen::ir::{
    self, types, ExternalName, FuncRef, InstBuilder, SigRef, UserExternalName, Value,
};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::DataId;
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::field;

/// A resolved callee, with the vmctx it runs with.
enum Callee {
    /// A wasm function (or host adapter) by symbol.
    Wasm(FuncRef, Value),
    /// A wasm function by code pointer.
    Indirect(SigRef, Value, Value),
    /// A host import's C function by symbol.
    Host(FuncRef, Value),
}

impl FuncEnv<'_> {
    /// `call f`, with exceptions going to `handler` if there is one.
    pub fn call(
        &mut self,
        b: &mut FunctionBuilder,
        f: FuncIndex,
        args: &[Value],
        handler: Option<ir::Block>,
    ) -> Vec<Value> {
        let callee = self.direct_callee(b, f);
        call(b, callee, args, handler)
    }

    /// `return_call f`: ends the current block.
    pub fn return_call(&mut self, b: &mut FunctionBuilder, f: FuncIndex, args: &[Value]) {
        let callee = self.direct_callee(b, f);
        return_call(b, callee, args)
    }

    /// `call_indirect (type ty) (table t)` with element `index`.
    pub fn call_indirect(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        t: TableIndex,
        index: Value,
        args: &[Value],
        handler: Option<ir::Block>,
    ) -> Vec<Value> {
        let callee = self.indirect_callee(b, ty, t, index);
        call(b, callee, args, handler)
    }

    /// `return_call_indirect (type ty) (table t)` with element `index`: ends the current block.
    pub fn return_call_indirect(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        t: TableIndex,
        index: Value,
        args: &[Value],
    ) {
        let callee = self.indirect_callee(b, ty, t, index);
        return_call(b, callee, args)
    }

    /// `call_ref (type ty)` of `funcref` (trapping on null).
    pub fn call_ref(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        funcref: Value,
        args: &[Value],
        handler: Option<ir::Block>,
    ) -> Vec<Value> {
        let callee = self.ref_callee(b, ty, funcref);
        call(b, callee, args, handler)
    }

    /// `return_call_ref (type ty)` of `funcref` (trapping on null): ends the current block.
    pub fn return_call_ref(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        funcref: Value,
        args: &[Value],
    ) {
        let callee = self.ref_callee(b, ty, funcref);
        return_call(b, callee, args)
    }

    /// The callee of a typed function reference: validation proved its type, so only null
    /// is checked.
    fn ref_callee(&mut self, b: &mut FunctionBuilder, ty: TypeIndex, funcref: Value) -> Callee {
        b.ins()
            .trapz(funcref, trap_code(Trap::NullFunctionReference));
        self.funcref_callee(b, ty, funcref)
    }

    /// The callee a non-null `VMFuncRef` of type `ty` names: its code and its vmctx.
    fn funcref_callee(&mut self, b: &mut FunctionBuilder, ty: TypeIndex, funcref: Value) -> Callee {
        let code = b
            .ins()
            .load(POINTER, trusted(), funcref, field::FUNCREF_CODE as i32);
        let callee_vmctx = b
            .ins()
            .load(POINTER, trusted(), funcref, field::FUNCREF_VMCTX as i32);
        Callee::Indirect(self.sig_ref(b, ty), code, callee_vmctx)
    }

    fn direct_callee(&mut self, b: &mut FunctionBuilder, f: FuncIndex) -> Callee {
        let ty = self.info.funcs[f];
        let func_type = &self.info.types[ty];
        let symbol = self.symbols.funcs[f.as_u32() as usize];
        if self.info.defined_func_index(f).is_some() {
            let sig = super::wasm_signature(func_type);
            let r = self.import_func(b, symbol.expect("defined"), sig, true);
            return Callee::Wasm(r, self.vmctx);
        }
        match self.info.func_imports[f.as_u32() as usize] {
            FuncImportBinding::Host(_) => {
                let sig = super::host_signature(func_type);
                let r = self.import_func(b, symbol.expect("host symbol"), sig, false);
                Callee::Host(r, self.vmctx)
            }
            FuncImportBinding::Linked => {
                let off = self.offsets.func_import(f.as_u32()) as i32;
                let code = b.ins().load(
                    POINTER,
                    readonly(),
                    self.vmctx,
                    off + field::FUNC_IMPORT_CODE as i32,
                );
                let callee_vmctx = b.ins().load(
                    POINTER,
                    readonly(),
                    self.vmctx,
                    off + field::FUNC_IMPORT_VMCTX as i32,
                );
                Callee::Indirect(self.sig_ref(b, ty), code, callee_vmctx)
            }
        }
    }

    /// The callee of element `index` of table `t`, type-checked against `ty`.
    fn indirect_callee(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        t: TableIndex,
        index: Value,
    ) -> Callee {
        if let Some(&(data, len)) = self.symbols.static_tables.get(&t.as_u32()) {
            return self.static_callee(b, ty, t, data, len, index);
        }
        let elem = self.table_elem_addr(b, t, index, Trap::UndefinedElement);
        let funcref = b.ins().load(POINTER, trusted(), elem, 0);
        b.ins()
            .trapz(funcref, trap_code(Trap::UninitializedElement));
        let actual = b.ins().load(
            types::I64,
            trusted(),
            funcref,
            field::FUNCREF_TYPE_ID as i32,
        );
        let expected = b.ins().load(
            types::I32,
            readonly(),
            self.vmctx,
            self.offsets.type_id(ty.as_u32()) as i32,
        );
        let expected = b.ins().uextend(types::I64, expected);
        let mismatch = b
            .ins()
            .icmp(ir::condcodes::IntCC::NotEqual, actual, expected);
        b.ins()
            .trapnz(mismatch, trap_code(Trap::IndirectCallTypeMismatch));
        self.funcref_callee(b, ty, funcref)
    }

    /// The callee through a table with fixed contents (see `static_tables`): a bounds
    /// check against its constant length, then the entry's module-local type id against the
    /// expected one; a null entry fails that comparison and is told apart on the cold path.
    /// The callee runs with the caller's vmctx, as every entry is this module's function. When
    /// the table holds only one function of the expected type, an entry that passes the check
    /// is that function: it is called directly (and so can be inlined).
    fn static_callee(
        &mut self,
        b: &mut FunctionBuilder,
        ty: TypeIndex,
        t: TableIndex,
        data: DataId,
        len: u32,
        index: Value,
    ) -> Callee {
        use crate::static_tables::{ENTRY_SIZE, ENTRY_TYPE_OFFSET, NULL_TYPE};
        use ir::condcodes::IntCC;
        let name = b.func.declare_imported_user_function(UserExternalName {
            namespace: 1,
            index: data.as_u32(),
        });
        let gv = b.func.create_global_value(ir::GlobalValueData::Symbol {
            name: ExternalName::user(name),
            offset: ir::immediates::Imm64::new(0),
            colocated: true,
            tls: false,
        });
        let out_of_bounds =
            b.ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, index, i64::from(len));
        b.ins()
            .trapnz(out_of_bounds, trap_code(Trap::UndefinedElement));
        let base = b.ins().symbol_value(POINTER, gv);
        let index = b.ins().uextend(POINTER, index);
        let offset = b.ins().imul_imm_u(index, i64::from(ENTRY_SIZE));
        let entry = b.ins().iadd(base, offset);
        let actual = b
            .ins()
            .load(types::I32, guarded_readonly(), entry, ENTRY_TYPE_OFFSET);
        let expected = i64::from(self.symbols.local_type_ids[ty.as_u32() as usize]);
        let mismatch = b.ins().icmp_imm_u(IntCC::NotEqual, actual, expected);
        let bad = b.create_block();
        let good = b.create_block();
        b.ins().brif(mismatch, bad, &[], good, &[]);
        b.set_cold_block(bad);
        b.switch_to_block(bad);
        b.seal_block(bad);
        let null = b
            .ins()
            .icmp_imm_u(IntCC::Equal, actual, i64::from(NULL_TYPE));
        b.ins().trapnz(null, trap_code(Trap::UninitializedElement));
        b.ins().trap(trap_code(Trap::IndirectCallTypeMismatch));
        b.switch_to_block(good);
        b.seal_block(good);
        let type_id = self.symbols.local_type_ids[ty.as_u32() as usize];
        if let Some(&f) = self.symbols.sole_callees.get(&(t.as_u32(), type_id)) {
            return self.direct_callee(b, f);
        }
        let code = b.ins().load(POINTER, guarded_readonly(), entry, 0);
        Callee::Indirect(self.sig_ref(b, ty), code, self.vmctx)
    }
}

/// Flags for a load of read-only data that is only in bounds after a check (a static table
/// entry): never changes, but must not move above its bounds check, as `readonly()` loads may
/// (a constant out-of-range index once had the load hoisted out of a loop and fault).
fn guarded_readonly() -> ir::MemFlagsData {
    trusted().with_readonly()
}

/// `vmctx` followed by `args`.
fn with_vmctx(vmctx: Value, args: &[Value]) -> Vec<Value> {
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(vmctx);
    all.extend_from_slice(args);
    all
}

/// Calls `callee`; returns its results. Exceptions go to `handler` (taking the exception
/// object) if there is one and the callee is wasm code.
fn call(
    b: &mut FunctionBuilder,
    callee: Callee,
    args: &[Value],
    handler: Option<ir::Block>,
) -> Vec<Value> {
    if let Some(handler) = handler {
        match callee {
            Callee::Wasm(r, vmctx) => {
                let sig = b.func.dfg.ext_funcs[r].signature;
                let (table, normal) = exception_table(b, sig, handler);
                b.ins().try_call(r, &with_vmctx(vmctx, args), table);
                return enter_normal_return(b, normal);
            }
            Callee::Indirect(sig, code, vmctx) => {
                let (table, normal) = exception_table(b, sig, handler);
                b.ins()
                    .try_call_indirect(code, &with_vmctx(vmctx, args), table);
                return enter_normal_return(b, normal);
            }
            Callee::Host(..) => {}
        }
    }
    let call = match callee {
        Callee::Wasm(r, vmctx) | Callee::Host(r, vmctx) => {
            b.ins().call(r, &with_vmctx(vmctx, args))
        }
        Callee::Indirect(sig, code, vmctx) => {
            b.ins().call_indirect(sig, code, &with_vmctx(vmctx, args))
        }
    };
    b.inst_results(call).to_vec()
}

/// The exception table of a `try_call` of signature `sig` whose exceptions go to `handler`
/// (with the exception object, the first payload value), and the block it returns to normally
/// (taking the call's results).
fn exception_table(
    b: &mut FunctionBuilder,
    sig: SigRef,
    handler: ir::Block,
) -> (ir::ExceptionTable, ir::Block) {
    let normal = b.create_block();
    let returns: Vec<_> = b.func.dfg.signatures[sig]
        .returns
        .iter()
        .map(|r| r.value_type)
        .collect();
    for t in &returns {
        b.append_block_param(normal, *t);
    }
    let pool = &mut b.func.dfg.value_lists;
    let rets = (0..returns.len() as u32).map(ir::BlockArg::TryCallRet);
    let normal_call = ir::BlockCall::new(normal, rets, pool);
    let exn = ir::BlockCall::new(handler, [ir::BlockArg::TryCallExn(0)], pool);
    let data =
        ir::ExceptionTableData::new(sig, normal_call, [ir::ExceptionTableItem::Default(exn)]);
    (b.func.dfg.exception_tables.push(data), normal)
}

/// Continues in the normal-return block of a `try_call`; returns the call's results.
fn enter_normal_return(b: &mut FunctionBuilder, normal: ir::Block) -> Vec<Value> {
    b.seal_block(normal);
    b.switch_to_block(normal);
    b.block_params(normal).to_vec()
}

/// Tail-calls `callee` (a host function: calls it and returns its results).
fn return_call(b: &mut FunctionBuilder, callee: Callee, args: &[Value]) {
    match callee {
        Callee::Wasm(r, vmctx) => {
            b.ins().return_call(r, &with_vmctx(vmctx, args));
        }
        Callee::Indirect(sig, code, vmctx) => {
            b.ins()
                .return_call_indirect(sig, code, &with_vmctx(vmctx, args));
        }
        host @ Callee::Host(..) => {
            let results = call(b, host, args, None);
            b.ins().return_(&results);
        }
    }
}
