//! The boundary between wasm code and the host, which use different calling conventions:
//! wasm functions use Cranelift's `tail` convention (so `return_call` is a real tail call),
//! the runtime and host functions the C one.
//!
//! - A **trampoline** per type (`__w2n_trampoline_T`, C convention) is how the runtime calls
//!   wasm code: `extern "C" fn(code, vmctx, values)` reads the arguments from 16-byte slots,
//!   calls `code` in the `tail` convention and writes the results back.
//! - A **host adapter** per host import (`__w2n_host_adapter_F`, `tail` convention) calls the
//!   host function in the C convention. Wherever a host import's code pointer is stored (the
//!   module's function table, hence its import slot and funcref, and static tables) it is the
//!   adapter's, so every code pointer compiled code calls indirectly is `tail` code. Direct
//!   calls of a host import call the host function itself.

use crate::error::{CompileError, Result};
use crate::func_env::{clif_type, host_signature, wasm_signature, POINTER};
use crate::module_info::{FuncIndex, ModuleInfo, TypeIndex};
use cranelift_codegen::ir::{self, AbiParam, InstBuilder, MemFlagsData, Signature, Value};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId, Linkage, Module};
use cranelift_object::ObjectModule;

fn module_error(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Codegen(e.to_string())
}

/// Declares the host adapter of host import `f` (defined by [`define_host_adapter`]).
pub fn declare_host_adapter(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    f: FuncIndex,
) -> Result<FuncId> {
    module
        .declare_function(
            &format!("__w2n_host_adapter_{}", f.as_u32()),
            Linkage::Local,
            &wasm_signature(info.func_type(f)),
        )
        .map_err(module_error)
}

/// Defines adapter `id` of host import `f`, whose C function is `host`: passes the vmctx
/// and arguments on and returns the results.
pub fn define_host_adapter(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    f: FuncIndex,
    id: FuncId,
    host: FuncId,
) -> Result<()> {
    let ty = info.func_type(f);
    define(module, id, wasm_signature(ty), |b, params| {
        let callee = module_ref(b, host, host_signature(ty));
        let call = b.ins().call(callee, params);
        let results = b.inst_results(call).to_vec();
        b.ins().return_(&results);
    })
}

/// `extern "C" fn(code, vmctx, values)`: calls a function of type `t` with arguments read
/// from 16-byte slots at `values` and writes its results back to the same slots.
pub fn define_trampoline(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    t: TypeIndex,
) -> Result<FuncId> {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.extend([AbiParam::new(POINTER); 3]);
    let id = module
        .declare_function(
            &format!("__w2n_trampoline_{}", t.as_u32()),
            Linkage::Local,
            &sig,
        )
        .map_err(module_error)?;
    let ty = &info.types[t];
    define(module, id, sig, |b, p| {
        let (code, vmctx, values) = (p[0], p[1], p[2]);
        let flags = MemFlagsData::trusted();
        let mut args = vec![vmctx];
        for (i, vt) in ty.params.iter().enumerate() {
            args.push(b.ins().load(clif_type(*vt), flags, values, (i * 16) as i32));
        }
        let callee_sig = b.import_signature(wasm_signature(ty));
        let call = b.ins().call_indirect(callee_sig, code, &args);
        let results = b.inst_results(call).to_vec();
        for (i, r) in results.into_iter().enumerate() {
            b.ins().store(flags, r, values, (i * 16) as i32);
        }
        b.ins().return_(&[]);
    })?;
    Ok(id)
}

/// A reference to module function `id` from the function being built.
fn module_ref(b: &mut FunctionBuilder, id: FuncId, sig: Signature) -> ir::FuncRef {
    let signature = b.import_signature(sig);
    let name = b.func.declare_imported_user_function(ir::UserExternalName {
        namespace: 0,
        index: id.as_u32(),
    });
    b.import_function(ir::ExtFuncData {
        name: ir::ExternalName::user(name),
        signature,
        colocated: false,
        patchable: false,
    })
}

/// Defines function `id` of signature `sig` with a single block, which `body` fills from
/// the function's parameters (it must end the block).
fn define(
    module: &mut ObjectModule,
    id: FuncId,
    sig: Signature,
    body: impl FnOnce(&mut FunctionBuilder, &[Value]),
) -> Result<()> {
    let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let params = b.block_params(entry).to_vec();
    body(&mut b, &params);
    b.finalize(module.isa().frontend_config());
    let mut ctx = Context::for_function(func);
    module.define_function(id, &mut ctx).map_err(module_error)
}
