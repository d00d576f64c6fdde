//! Translation of one wasm function body into Cranelift IR.
//!
//! The translator keeps the wasm operand stack as Cranelift values and the control stack as
//! [`control::ControlFrame`]s; locals are frontend `Variable`s. [`FuncTranslator::operator`]
//! dispatches each operator: control flow to [`control`], calls to [`calls`], locals, globals
//! and parametric operators to [`variables`]; every other operator by the proposal it comes
//! from ([`crate::proposals`]) to [`numeric`], [`wide`] (wide arithmetic), [`memory`] (linear
//! memory and atomics, addressed and bounds-checked by [`heap`]), [`table`] (tables and
//! references, `ref.as_non_null` too), [`simd`] (relaxed SIMD too), [`calls`] (tail calls,
//! `call_ref`), [`control`] (`br_on_null`, `br_on_non_null`) or [`exceptions`] (both
//! encodings), and operators of proposals wasm2native does not implement to [`unsupported`],
//! which names the missing feature. How entities are reached (vmctx layout, builtins) is
//! [`crate::func_env`]'s business.

mod calls;
mod control;
mod exceptions;
mod heap;
pub mod inline;
mod memory;
mod numeric;
mod simd;
mod table;
mod unsupported;
mod variables;
mod wide;

use crate::error::{CompileError, Result};
use crate::func_env::{clif_type, FuncEnv, Symbols};
use crate::module_info::{DefinedFuncIndex, FuncIndex, ModuleInfo};
use crate::proposals::{self, Proposal, Support};
use control::{ControlFrame, FrameKind};
use cranelift_codegen::ir::{self, types, BlockArg, InstBuilder, Type, Value};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use wasm2native_abi::meta::ValType;
use wasm2native_abi::vmctx::VMOffsets;
use wasmparser::Operator;

pub struct FuncTranslator<'m, 'f> {
    b: FunctionBuilder<'f>,
    env: FuncEnv<'m>,
    stack: Vec<Value>,
    control: Vec<ControlFrame>,
    locals: Vec<Variable>,
    reachable: bool,
    /// Blocks entered while unreachable, whose `end` must be skipped.
    unreachable_depth: u32,
    /// The x86 features relaxed SIMD operators need.
    relaxed_isa: simd::RelaxedSimdIsa,
    /// The function being translated.
    func: FuncIndex,
    /// Whether this function's frames hold the exnrefs they catch (see [`exceptions`]).
    logs_exnrefs: bool,
}

fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}

/// Translates defined function `d` into `func` (whose signature is already set).
pub fn translate_function(
    info: &ModuleInfo,
    offsets: VMOffsets,
    symbols: &Symbols,
    d: DefinedFuncIndex,
    func: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
    isa: &dyn TargetIsa,
) -> Result<()> {
    let body = &info.bodies[d];
    let f = info.func_index(d);
    let ty = info.func_type(f).clone();
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let params = b.block_params(entry).to_vec();
    let env = FuncEnv::new(info, offsets, symbols, &mut b, params[0]);
    let locals = declare_locals(&mut b, body, &ty.params, &params[1..])?;
    let results: Vec<Type> = ty.results.iter().map(|t| clif_type(*t)).collect();
    let exit = b.create_block();
    for t in &results {
        b.append_block_param(exit, *t);
    }
    let mut t = FuncTranslator {
        b,
        env,
        stack: Vec::new(),
        control: vec![ControlFrame {
            kind: FrameKind::Function,
            next: exit,
            params: Vec::new(),
            results,
            height: 0,
            next_reachable: false,
        }],
        locals,
        reachable: true,
        unreachable_depth: 0,
        relaxed_isa: simd::RelaxedSimdIsa::of(isa),
        func: f,
        logs_exnrefs: exceptions::frame_holds_exnrefs(info, body, &ty),
    };
    let wrap = |e: wasmparser::BinaryReaderError| CompileError::Invalid(e.to_string());
    let mut reader = body.get_operators_reader().map_err(wrap)?;
    while !reader.eof() {
        let offset = reader.original_position();
        let op = reader.read().map_err(wrap)?;
        t.b.set_srcloc(ir::SourceLoc::new(offset as u32));
        t.operator(&op).map_err(|e| match e {
            CompileError::Unsupported(m) => CompileError::Function {
                func: info.func_display_name(f),
                message: format!("unsupported: {m} at offset {offset:#x}"),
            },
            other => other,
        })?;
    }
    // The final `end` switched to the exit block.
    let rets = t.b.block_params(exit).to_vec();
    if t.reachable {
        t.leave_frame();
        t.b.ins().return_(&rets);
    }
    t.b.seal_all_blocks();
    t.b.finalize(isa.frontend_config());
    Ok(())
}

/// Variables for the parameters (holding `args`) and the declared locals (zero).
fn declare_locals(
    b: &mut FunctionBuilder,
    body: &wasmparser::FunctionBody,
    params: &[ValType],
    args: &[Value],
) -> Result<Vec<Variable>> {
    let mut locals = Vec::new();
    for (p, arg) in params.iter().zip(args) {
        let var = b.declare_var(clif_type(*p));
        b.def_var(var, *arg);
        locals.push(var);
    }
    let wrap = |e: wasmparser::BinaryReaderError| CompileError::Invalid(e.to_string());
    let mut locals_reader = body.get_locals_reader().map_err(wrap)?;
    for _ in 0..locals_reader.get_count() {
        let (count, vt) = locals_reader.read().map_err(wrap)?;
        let t = crate::module_info::val_type(&vt)?;
        let cty = clif_type(t);
        for _ in 0..count {
            let var = b.declare_var(cty);
            let zero = zero_value(b, cty);
            b.def_var(var, zero);
            locals.push(var);
        }
    }
    Ok(locals)
}

fn zero_value(b: &mut FunctionBuilder, ty: Type) -> Value {
    match ty {
        types::F32 => b.ins().f32const(0.0),
        types::F64 => b.ins().f64const(0.0),
        types::I8X16 => {
            let z = b.ins().iconst(types::I64, 0);
            let v = b.ins().scalar_to_vector(types::I64X2, z);
            b.ins().bitcast(
                types::I8X16,
                ir::MemFlagsData::new().with_endianness(ir::Endianness::Little),
                v,
            )
        }
        _ => b.ins().iconst(ty, 0),
    }
}

impl<'m, 'f> FuncTranslator<'m, 'f> {
    fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated: operand stack underflow")
    }

    fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    fn popn(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    fn peekn(&self, n: usize) -> &[Value] {
        &self.stack[self.stack.len() - n..]
    }

    fn push(&mut self, v: Value) {
        self.stack.push(v)
    }

    /// Translates one operator: control flow, calls, variables and parametric operators
    /// here; every other operator by the proposal it comes from (see [`Self::by_proposal`]).
    fn operator(&mut self, op: &Operator) -> Result<()> {
        use Operator as O;
        if !self.reachable {
            self.unreachable_operator(op);
            return Ok(());
        }
        match op {
            O::Nop => {}
            O::Unreachable => self.unreachable(),
            O::Block { blockty } => self.block(*blockty)?,
            O::Loop { blockty } => self.loop_(*blockty)?,
            O::If { blockty } => self.if_(*blockty)?,
            O::Else => self.else_(),
            O::End => self.end_frame(),
            O::Br { relative_depth } => self.br(*relative_depth),
            O::BrIf { relative_depth } => self.br_if(*relative_depth),
            O::BrTable { targets } => self.br_table(targets)?,
            O::Return => self.return_(),
            O::Call { function_index } => self.call(*function_index),
            O::CallIndirect {
                type_index,
                table_index,
            } => self.call_indirect(*type_index, *table_index),
            O::Drop => {
                self.pop();
            }
            O::Select | O::TypedSelect { .. } => self.select(),
            O::LocalGet { local_index } => self.local_get(*local_index),
            O::LocalSet { local_index } => self.local_set(*local_index),
            O::LocalTee { local_index } => self.local_tee(*local_index),
            O::GlobalGet { global_index } => self.global_get(*global_index),
            O::GlobalSet { global_index } => self.global_set(*global_index),
            _ => self.by_proposal(op)?,
        }
        Ok(())
    }

    /// Hands `op` to the family modules that implement its proposal; the match over
    /// [`Proposal`] is exhaustive, and an operator no family translates is rejected naming
    /// the feature it needs.
    fn by_proposal(&mut self, op: &Operator) -> Result<()> {
        use Proposal as P;
        let translated = match proposals::support(op) {
            Support::Translated(P::Mvp) => {
                self.numeric(op)?
                    || self.arithmetic(op)?
                    || self.conversion(op)?
                    || self.memory(op)?
            }
            Support::Translated(P::SignExtension | P::SaturatingFloatToInt) => {
                self.conversion(op)?
            }
            Support::Translated(P::BulkMemory) => self.bulk_memory(op)? || self.table(op)?,
            Support::Translated(P::ReferenceTypes) => self.table(op)?,
            Support::Translated(P::Threads) => self.atomics(op)?,
            Support::Translated(P::Simd) => self.simd(op)?,
            Support::Translated(P::RelaxedSimd) => self.relaxed_simd(op)?,
            Support::Translated(P::WideArithmetic) => self.wide_arithmetic(op)?,
            Support::Translated(P::TailCall) => self.tail_call(op)?,
            Support::Translated(P::FunctionReferences) => {
                self.call_ref(op)? || self.null_branch(op) || self.table(op)?
            }
            Support::Translated(P::Exceptions) => self.exceptions(op)?,
            Support::Translated(P::LegacyExceptions) => self.legacy_exceptions(op)?,
            Support::Unsupported { .. } => false,
        };
        if translated {
            Ok(())
        } else {
            Err(unsupported::rejection(op))
        }
    }
}
