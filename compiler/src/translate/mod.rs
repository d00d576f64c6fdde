//! Translation of one wasm function body into Cranelift IR.
//!
//! The translator keeps the wasm operand stack as Cranelift values and the control stack as
//! [`ControlFrame`]s; locals are frontend `Variable`s. Operators are dispatched here: control
//! flow, locals, globals, calls and references in this file, numeric operators in
//! [`numeric`], linear memory and atomics in [`memory`], tables in [`table`]. How entities are
//! reached (vmctx layout, builtins) is [`crate::func_env`]'s business.
//!
//! Code that wasm considers unreachable (after `br`, `return`, `unreachable`) is skipped,
//! tracking only block nesting until control becomes reachable again.

pub mod inline;
mod memory;
mod numeric;
mod simd;
mod table;

use crate::error::{CompileError, Result};
use crate::func_env::{clif_type, trap_code, FuncEnv, Symbols};
use crate::module_info::{
    DefinedFuncIndex, FuncIndex, GlobalIndex, ModuleInfo, TableIndex, TypeIndex,
};
use cranelift_codegen::ir::{self, types, BlockArg, InstBuilder, Type, Value};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::VMOffsets;
use wasmparser::{BlockType, Operator};

enum FrameKind {
    Function,
    Block,
    Loop {
        header: ir::Block,
    },
    If {
        else_block: ir::Block,
        else_seen: bool,
        head_reachable: bool,
    },
}

struct ControlFrame {
    kind: FrameKind,
    /// Continuation after `end`, with the frame's results as block parameters.
    next: ir::Block,
    params: Vec<Type>,
    results: Vec<Type>,
    /// Operand stack height below the frame's parameters.
    height: usize,
    /// Whether some branch (or fallthrough) reaches `next`.
    next_reachable: bool,
}

impl ControlFrame {
    /// Block and arity a branch to this frame targets.
    fn branch_target(&self) -> (ir::Block, usize) {
        match self.kind {
            FrameKind::Loop { header } => (header, self.params.len()),
            _ => (self.next, self.results.len()),
        }
    }
}

pub struct FuncTranslator<'m, 'f> {
    b: FunctionBuilder<'f>,
    env: FuncEnv<'m>,
    stack: Vec<Value>,
    control: Vec<ControlFrame>,
    locals: Vec<Variable>,
    reachable: bool,
    /// Blocks entered while unreachable, whose `end` must be skipped.
    unreachable_depth: u32,
}

fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}

fn unsupported(op: &Operator) -> CompileError {
    CompileError::Unsupported(format!("operator {op:?}"))
}

/// Translates defined function `d` into `func` (whose signature is already set).
pub fn translate_function(
    info: &ModuleInfo,
    offsets: VMOffsets,
    symbols: &Symbols,
    d: DefinedFuncIndex,
    func: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
    frontend_config: TargetFrontendConfig,
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
    let mut locals = Vec::new();
    for (i, p) in ty.params.iter().enumerate() {
        let var = b.declare_var(clif_type(*p));
        b.def_var(var, params[i + 1]);
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
            let zero = zero_value(&mut b, cty);
            b.def_var(var, zero);
            locals.push(var);
        }
    }
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
    };
    let mut reader = body.get_operators_reader().map_err(wrap)?;
    while !reader.eof() {
        let offset = reader.original_position();
        let op = reader.read().map_err(wrap)?;
        t.b.set_srcloc(ir::SourceLoc::new(offset as u32));
        t.operator(&op).map_err(|e| match e {
            CompileError::Unsupported(m) => CompileError::Function {
                func: info.func_display_name(f),
                message: format!("unsupported {m} at offset {offset:#x}"),
            },
            other => other,
        })?;
    }
    // The final `end` switched to the exit block.
    let rets = t.b.block_params(exit).to_vec();
    if t.reachable {
        t.b.ins().return_(&rets);
    }
    t.b.seal_all_blocks();
    t.b.finalize(frontend_config);
    Ok(())
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

    fn block_type(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>)> {
        Ok(match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![clif_type(crate::module_info::val_type(&t)?)]),
            BlockType::FuncType(i) => {
                let ft = &self.env.info.types[TypeIndex::from_u32(i)];
                (
                    ft.params.iter().map(|t| clif_type(*t)).collect(),
                    ft.results.iter().map(|t| clif_type(*t)).collect(),
                )
            }
        })
    }

    fn new_block_with(&mut self, tys: &[Type]) -> ir::Block {
        let block = self.b.create_block();
        for t in tys {
            self.b.append_block_param(block, *t);
        }
        block
    }

    /// Jumps to the branch target of the frame `depth` levels up, passing the top values.
    fn br(&mut self, depth: u32) {
        let i = self.control.len() - 1 - depth as usize;
        let (target, arity) = self.control[i].branch_target();
        self.control[i].next_reachable |= !matches!(self.control[i].kind, FrameKind::Loop { .. });
        let args = block_args(self.peekn(arity));
        self.b.ins().jump(target, &args);
    }

    fn operator(&mut self, op: &Operator) -> Result<()> {
        if !self.reachable {
            return self.unreachable_operator(op);
        }
        match op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.b.ins().trap(trap_code(Trap::Unreachable));
                self.reachable = false;
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let next = self.new_block_with(&results);
                self.control.push(ControlFrame {
                    kind: FrameKind::Block,
                    next,
                    height: self.stack.len() - params.len(),
                    params,
                    results,
                    next_reachable: false,
                });
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let header = self.new_block_with(&params);
                let next = self.new_block_with(&results);
                let args = self.popn(params.len());
                self.b.ins().jump(header, &block_args(&args));
                self.b.switch_to_block(header);
                self.stack.extend_from_slice(self.b.block_params(header));
                self.control.push(ControlFrame {
                    kind: FrameKind::Loop { header },
                    next,
                    height: self.stack.len() - params.len(),
                    params,
                    results,
                    next_reachable: false,
                });
            }
            Operator::If { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let cond = self.pop();
                let then_block = self.new_block_with(&params);
                let else_block = self.new_block_with(&params);
                let next = self.new_block_with(&results);
                let args = block_args(&self.popn(params.len()));
                self.b
                    .ins()
                    .brif(cond, then_block, &args, else_block, &args);
                self.b.seal_block(then_block);
                self.b.seal_block(else_block);
                self.b.switch_to_block(then_block);
                self.stack
                    .extend_from_slice(self.b.block_params(then_block));
                self.control.push(ControlFrame {
                    kind: FrameKind::If {
                        else_block,
                        else_seen: false,
                        head_reachable: true,
                    },
                    next,
                    height: self.stack.len() - params.len(),
                    params,
                    results,
                    next_reachable: false,
                });
            }
            Operator::Else => {
                let frame = self.control.last_mut().expect("validated");
                let arity = frame.results.len();
                let next = frame.next;
                frame.next_reachable = true;
                let args = block_args(self.peekn(arity));
                self.b.ins().jump(next, &args);
                self.enter_else();
            }
            Operator::End => self.end_frame(),
            Operator::Br { relative_depth } => {
                self.br(*relative_depth);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let i = self.control.len() - 1 - *relative_depth as usize;
                let (target, arity) = self.control[i].branch_target();
                self.control[i].next_reachable |=
                    !matches!(self.control[i].kind, FrameKind::Loop { .. });
                let args = block_args(self.peekn(arity));
                let fallthrough = self.b.create_block();
                self.b.ins().brif(cond, target, &args, fallthrough, &[]);
                self.b.seal_block(fallthrough);
                self.b.switch_to_block(fallthrough);
            }
            Operator::BrTable { targets } => {
                let index = self.pop();
                let wrap = |e: wasmparser::BinaryReaderError| CompileError::Invalid(e.to_string());
                let mut depths = targets
                    .targets()
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(wrap)?;
                depths.push(targets.default());
                let arity = {
                    let i = self.control.len() - 1 - targets.default() as usize;
                    self.control[i].branch_target().1
                };
                let args = block_args(self.peekn(arity));
                let mut calls = Vec::with_capacity(depths.len());
                for depth in depths {
                    let i = self.control.len() - 1 - depth as usize;
                    let (target, _) = self.control[i].branch_target();
                    self.control[i].next_reachable |=
                        !matches!(self.control[i].kind, FrameKind::Loop { .. });
                    calls.push(ir::BlockCall::new(
                        target,
                        args.iter().copied(),
                        &mut self.b.func.dfg.value_lists,
                    ));
                }
                let default = calls.pop().expect("default target");
                let jt = self
                    .b
                    .create_jump_table(ir::JumpTableData::new(default, &calls));
                self.b.ins().br_table(index, jt);
                self.reachable = false;
            }
            Operator::Return => {
                let n = self.control[0].results.len();
                let rets = self.peekn(n).to_vec();
                self.b.ins().return_(&rets);
                self.reachable = false;
            }
            Operator::Call { function_index } => {
                let f = FuncIndex::from_u32(*function_index);
                let n = self.env.info.func_type(f).params.len();
                let args = self.popn(n);
                let results = self.env.call(&mut self.b, f, &args);
                self.stack.extend(results);
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let ty = TypeIndex::from_u32(*type_index);
                let index = self.pop();
                let n = self.env.info.types[ty].params.len();
                let args = self.popn(n);
                let results = self.env.call_indirect(
                    &mut self.b,
                    ty,
                    TableIndex::from_u32(*table_index),
                    index,
                    &args,
                );
                self.stack.extend(results);
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let (a, b, c) = self.pop3();
                let v = self.b.ins().select(c, a, b);
                self.push(v);
            }
            Operator::LocalGet { local_index } => {
                let v = self.b.use_var(self.locals[*local_index as usize]);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.b.def_var(self.locals[*local_index as usize], v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated");
                self.b.def_var(self.locals[*local_index as usize], v);
            }
            Operator::GlobalGet { global_index } => {
                let v = self
                    .env
                    .global_get(&mut self.b, GlobalIndex::from_u32(*global_index));
                self.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                self.env
                    .global_set(&mut self.b, GlobalIndex::from_u32(*global_index), v);
            }
            Operator::RefNull { .. } => {
                let v = self.b.ins().iconst(types::I64, 0);
                self.push(v);
            }
            Operator::RefIsNull => {
                let v = self.pop();
                let is_null = self.b.ins().icmp_imm_s(ir::condcodes::IntCC::Equal, v, 0);
                let v = self.b.ins().uextend(types::I32, is_null);
                self.push(v);
            }
            Operator::RefFunc { function_index } => {
                let v = self
                    .env
                    .func_ref_value(&mut self.b, FuncIndex::from_u32(*function_index));
                self.push(v);
            }
            _ => {
                if !(self.numeric(op)? || self.memory(op)? || self.table(op)? || self.simd(op)?) {
                    return Err(unsupported(op));
                }
            }
        }
        Ok(())
    }

    /// Switches from the `then` arm of the innermost `if` to its `else` arm.
    fn enter_else(&mut self) {
        let frame = self.control.last_mut().expect("validated");
        let FrameKind::If {
            else_block,
            ref mut else_seen,
            head_reachable,
        } = frame.kind
        else {
            unreachable!("validated: else outside if");
        };
        *else_seen = true;
        let height = frame.height;
        self.stack.truncate(height);
        self.b.switch_to_block(else_block);
        self.stack
            .extend_from_slice(self.b.block_params(else_block));
        self.reachable = head_reachable;
    }

    fn end_frame(&mut self) {
        let frame = self.control.pop().expect("validated");
        if self.reachable {
            let args = block_args(self.peekn(frame.results.len()));
            self.b.ins().jump(frame.next, &args);
        }
        let mut next_reachable = frame.next_reachable || self.reachable;
        if let FrameKind::If {
            else_block,
            else_seen: false,
            head_reachable,
        } = frame.kind
        {
            // An `if` without `else`: the missing arm passes its parameters through.
            self.b.switch_to_block(else_block);
            let params = self.b.block_params(else_block).to_vec();
            self.b.ins().jump(frame.next, &block_args(&params));
            next_reachable |= head_reachable;
        }
        self.stack.truncate(frame.height);
        self.b.switch_to_block(frame.next);
        if let FrameKind::Loop { header } = frame.kind {
            self.b.seal_block(header);
        }
        self.stack
            .extend_from_slice(self.b.block_params(frame.next));
        self.reachable = next_reachable;
        if matches!(frame.kind, FrameKind::Function) && !next_reachable {
            // Nothing reaches the exit block: terminate it so the function is well formed.
            self.b.ins().trap(trap_code(Trap::Unreachable));
        }
    }

    fn unreachable_operator(&mut self, op: &Operator) -> Result<()> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.unreachable_depth += 1;
            }
            Operator::Else if self.unreachable_depth == 0 => {
                self.enter_else();
            }
            Operator::End if self.unreachable_depth > 0 => {
                self.unreachable_depth -= 1;
            }
            Operator::End => {
                self.end_frame();
            }
            _ => {}
        }
        Ok(())
    }
}
