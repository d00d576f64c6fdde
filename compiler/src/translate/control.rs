//! Control-flow operators: `block`, `loop`, `if`/`else`, `end`, branches (`br_on_null` and
//! `br_on_non_null` too), `return` and `unreachable`, over the control stack of [`ControlFrame`]s
//! (whose handler scopes, `try_table` and legacy `try`, are [`super::exceptions`]' business).
//!
//! Each frame's continuation (`next`) takes the frame's results as block parameters; a `loop`
//! is entered through a header block taking its parameters, sealed at the loop's `end`. Code
//! wasm considers unreachable (after `br`, `return`, `unreachable`) is skipped by
//! [`FuncTranslator::unreachable_operator`], tracking only block nesting until control
//! becomes reachable again.

use super::{block_args, FuncTranslator};
use crate::error::{CompileError, Result};
use crate::func_env::{clif_type, trap_code};
use crate::module_info::TypeIndex;
use cranelift_codegen::ir::{self, InstBuilder, Type};
use wasm2native_abi::trap::Trap;
use wasmparser::{BlockType, BrTable, Operator};

pub(super) enum FrameKind {
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
    /// A `try_table`: exceptions thrown in its body go to `dispatch` (see [`super::exceptions`]).
    TryTable {
        dispatch: ir::Block,
    },
    /// A legacy `try`: exceptions thrown in its body go to `dispatch`, whose chain of catch
    /// clause tests continues in `next_clause` (`None` after `catch_all`). In a catch block,
    /// `caught` is the exception it holds.
    LegacyTry {
        dispatch: ir::Block,
        next_clause: Option<ir::Block>,
        caught: Option<ir::Value>,
    },
}

pub(super) struct ControlFrame {
    pub(super) kind: FrameKind,
    /// Continuation after `end`, with the frame's results as block parameters.
    pub(super) next: ir::Block,
    pub(super) params: Vec<Type>,
    pub(super) results: Vec<Type>,
    /// Operand stack height below the frame's parameters.
    pub(super) height: usize,
    /// Whether some branch (or fallthrough) reaches `next`.
    pub(super) next_reachable: bool,
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

impl FuncTranslator<'_, '_> {
    pub(super) fn block_type(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>)> {
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

    pub(super) fn new_block_with(&mut self, tys: &[Type]) -> ir::Block {
        let block = self.b.create_block();
        for t in tys {
            self.b.append_block_param(block, *t);
        }
        block
    }

    /// Pushes a frame of `kind` whose parameters are the top `params.len()` values.
    pub(super) fn push_frame(
        &mut self,
        kind: FrameKind,
        next: ir::Block,
        params: Vec<Type>,
        results: Vec<Type>,
    ) {
        self.control.push(ControlFrame {
            kind,
            next,
            height: self.stack.len() - params.len(),
            params,
            results,
            next_reachable: false,
        });
    }

    /// The frame `depth` levels up, as a branch target: marks its continuation reachable
    /// (unless it is a loop) and returns the block and arity a branch to it passes.
    pub(super) fn branch_to(&mut self, depth: u32) -> (ir::Block, usize) {
        let i = self.control.len() - 1 - depth as usize;
        self.control[i].next_reachable |= !matches!(self.control[i].kind, FrameKind::Loop { .. });
        self.control[i].branch_target()
    }

    pub(super) fn unreachable(&mut self) {
        self.b.ins().trap(trap_code(Trap::Unreachable));
        self.reachable = false;
    }

    pub(super) fn block(&mut self, blockty: BlockType) -> Result<()> {
        let (params, results) = self.block_type(blockty)?;
        let next = self.new_block_with(&results);
        self.push_frame(FrameKind::Block, next, params, results);
        Ok(())
    }

    pub(super) fn loop_(&mut self, blockty: BlockType) -> Result<()> {
        let (params, results) = self.block_type(blockty)?;
        let header = self.new_block_with(&params);
        let next = self.new_block_with(&results);
        let args = self.popn(params.len());
        self.b.ins().jump(header, &block_args(&args));
        self.b.switch_to_block(header);
        self.stack.extend_from_slice(self.b.block_params(header));
        self.push_frame(FrameKind::Loop { header }, next, params, results);
        Ok(())
    }

    pub(super) fn if_(&mut self, blockty: BlockType) -> Result<()> {
        let (params, results) = self.block_type(blockty)?;
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
        let kind = FrameKind::If {
            else_block,
            else_seen: false,
            head_reachable: true,
        };
        self.push_frame(kind, next, params, results);
        Ok(())
    }

    /// `else` reached from the `then` arm: jumps to the continuation, then enters the arm.
    pub(super) fn else_(&mut self) {
        let frame = self.control.last_mut().expect("validated");
        let arity = frame.results.len();
        let next = frame.next;
        frame.next_reachable = true;
        let args = block_args(self.peekn(arity));
        self.b.ins().jump(next, &args);
        self.enter_else();
    }

    /// `br`: jumps to the branch target of the frame `depth` levels up, passing the top values.
    pub(super) fn br(&mut self, depth: u32) {
        self.release_caught(self.control.len() - 1 - depth as usize);
        let (target, arity) = self.branch_to(depth);
        let args = block_args(self.peekn(arity));
        self.b.ins().jump(target, &args);
        self.reachable = false;
    }

    pub(super) fn br_if(&mut self, depth: u32) {
        let cond = self.pop();
        let (target, arity) = self.branch_to(depth);
        let args = block_args(self.peekn(arity));
        let fallthrough = self.b.create_block();
        self.b.ins().brif(cond, target, &args, fallthrough, &[]);
        self.b.seal_block(fallthrough);
        self.b.switch_to_block(fallthrough);
    }

    /// `br_on_null` and `br_on_non_null`; false for any other operator. Either pops the
    /// reference, branches on whether it is null, and keeps it on the non-null path only: on
    /// the fallthrough of `br_on_null`, as the last branch argument of `br_on_non_null`.
    pub(super) fn null_branch(&mut self, op: &Operator) -> bool {
        let (on_null, depth) = match *op {
            Operator::BrOnNull { relative_depth } => (true, relative_depth),
            Operator::BrOnNonNull { relative_depth } => (false, relative_depth),
            _ => return false,
        };
        let r = self.pop();
        let (target, arity) = self.branch_to(depth);
        let fallthrough = self.b.create_block();
        if on_null {
            let args = block_args(self.peekn(arity));
            self.b.ins().brif(r, fallthrough, &[], target, &args);
        } else {
            let mut args = block_args(self.peekn(arity - 1));
            args.push(ir::BlockArg::Value(r));
            self.b.ins().brif(r, target, &args, fallthrough, &[]);
        }
        self.b.seal_block(fallthrough);
        self.b.switch_to_block(fallthrough);
        if on_null {
            self.push(r);
        }
        true
    }

    pub(super) fn br_table(&mut self, targets: &BrTable) -> Result<()> {
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
            let (target, _) = self.branch_to(depth);
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
        Ok(())
    }

    pub(super) fn return_(&mut self) {
        self.release_caught(0);
        self.leave_frame();
        let n = self.control[0].results.len();
        let rets = self.peekn(n).to_vec();
        self.b.ins().return_(&rets);
        self.reachable = false;
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

    pub(super) fn end_frame(&mut self) {
        let frame = self.control.pop().expect("validated");
        if self.reachable {
            if let FrameKind::LegacyTry {
                caught: Some(exn), ..
            } = frame.kind
            {
                self.env.release_exception(&mut self.b, exn);
            }
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
        match frame.kind {
            FrameKind::TryTable { dispatch } => self.b.seal_block(dispatch),
            FrameKind::LegacyTry {
                dispatch,
                next_clause,
                ..
            } => {
                self.b.seal_block(dispatch);
                self.end_legacy_try(dispatch, next_clause);
            }
            _ => {}
        }
    }

    /// An operator in unreachable code: only block nesting matters.
    pub(super) fn unreachable_operator(&mut self, op: &Operator) {
        match op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::Try { .. }
            | Operator::TryTable { .. } => {
                self.unreachable_depth += 1;
            }
            Operator::Else if self.unreachable_depth == 0 => {
                self.enter_else();
            }
            Operator::Catch { tag_index } if self.unreachable_depth == 0 => {
                self.legacy_catch(Some(*tag_index));
            }
            Operator::CatchAll if self.unreachable_depth == 0 => {
                self.legacy_catch(None);
            }
            Operator::End | Operator::Delegate { .. } if self.unreachable_depth > 0 => {
                self.unreachable_depth -= 1;
            }
            Operator::Delegate { relative_depth } => {
                self.delegate(*relative_depth);
            }
            Operator::End => {
                self.end_frame();
            }
            _ => {}
        }
    }
}
