//! Exception handling: `try_table`, `throw`, `throw_ref`, and the legacy encoding's `try`,
//! `catch`, `catch_all`, `rethrow` and `delegate`.
//!
//! Every handler scope (a `try_table` body, a legacy `try` body) has a *dispatch* block taking
//! the exception object. Calls to wasm code inside a scope are `try_call`s whose one (default)
//! handler is the innermost scope's dispatch block, and a `throw` inside a scope jumps there
//! directly, so a throw caught in its own function never enters the runtime. The dispatch
//! block compares the exception's tag with each catch clause in order; when none matches, it
//! passes the exception on to the next scope out in the same function, or throws it to the
//! caller through the runtime (`rt/src/exceptions.rs`), which walks frames to the next call
//! with a handler. Calls outside any scope are plain calls: a frame without handlers costs
//! nothing, and a scope costs nothing until something throws.
//!
//! Catch clause labels of `try_table` are relative to the frames around it, so its dispatch
//! block is built where it starts; a legacy `try`'s clauses follow its body, so its dispatch
//! block grows a test per `catch`, and what no clause matches is passed on at `end` (or, for
//! `delegate`, to the scope the label names).
//!
//! Exception objects are counted (see `wasm2native_abi::exn`): a legacy catch block holds the
//! exception it caught (for `rethrow`) and releases it when left by its end, a `br` or
//! `return`, or a throw; other exits leave it allocated, which is safe. An exnref caught by
//! `catch_ref`/`catch_all_ref` is held by its frame when [`frame_holds_exnrefs`] (the
//! frame releases it when it returns or tail-calls, the runtime when an exception unwinds past
//! it), and kept forever otherwise.

use super::control::FrameKind;
use super::FuncTranslator;
use crate::error::Result;
use crate::func_env::FuncEnv;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, Value};
use wasmparser::{Catch, Operator, TryTable};

impl FuncTranslator<'_, '_> {
    /// The exception-handling operators; false for any other operator.
    pub(super) fn exceptions(&mut self, op: &Operator) -> Result<bool> {
        match op {
            Operator::TryTable { try_table } => self.try_table(try_table)?,
            Operator::Throw { tag_index } => {
                let n = self.env.tag_params(*tag_index).len();
                let values = self.popn(n);
                let exn = self.env.new_exception(&mut self.b, *tag_index, &values);
                self.throw_exception(exn, self.control.len());
            }
            Operator::ThrowRef => {
                let exn = self.pop();
                self.env.check_exception_ref(&mut self.b, exn);
                // A new flight: the exnref (or a frame's log entry) keeps its own hold.
                self.env.acquire_exception(&mut self.b, exn);
                self.throw_exception(exn, self.control.len());
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The legacy exception-handling operators; false for any other operator.
    pub(super) fn legacy_exceptions(&mut self, op: &Operator) -> Result<bool> {
        match *op {
            Operator::Try { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let next = self.new_block_with(&results);
                let (dispatch, _) = FuncEnv::exception_block(&mut self.b);
                let kind = FrameKind::LegacyTry {
                    dispatch,
                    next_clause: Some(dispatch),
                    caught: None,
                };
                self.push_frame(kind, next, params, results);
            }
            Operator::Catch { tag_index } => self.legacy_catch(Some(tag_index)),
            Operator::CatchAll => self.legacy_catch(None),
            Operator::Delegate { relative_depth } => self.delegate(relative_depth),
            Operator::Rethrow { relative_depth } => {
                let i = self.control.len() - 1 - relative_depth as usize;
                let FrameKind::LegacyTry {
                    caught: Some(exn), ..
                } = self.control[i].kind
                else {
                    unreachable!("validated: rethrow names a catch block");
                };
                self.env.acquire_exception(&mut self.b, exn);
                self.throw_exception(exn, self.control.len());
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The dispatch block of the innermost handler scope among the frames `..top`, with that
    /// frame's index.
    fn handler_within(&self, top: usize) -> Option<(usize, ir::Block)> {
        self.control[..top]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, f)| match f.kind {
                FrameKind::TryTable { dispatch }
                | FrameKind::LegacyTry {
                    dispatch,
                    caught: None,
                    ..
                } => Some((i, dispatch)),
                _ => None,
            })
    }

    /// Where exceptions thrown here go in this function: the innermost scope's dispatch block.
    pub(super) fn current_handler(&self) -> Option<ir::Block> {
        self.handler_within(self.control.len()).map(|(_, d)| d)
    }

    /// Throws `exn` to the innermost handler scope among the frames `..top` (or out of the
    /// function), releasing the exceptions of the legacy catch blocks it leaves. Ends the
    /// current block.
    pub(super) fn throw_exception(&mut self, exn: Value, top: usize) {
        match self.handler_within(top) {
            Some((k, dispatch)) => {
                self.release_caught(k + 1);
                self.b.ins().jump(dispatch, &[BlockArg::Value(exn)]);
            }
            None => {
                self.release_caught(0);
                self.env.throw_to_caller(&mut self.b, exn, self.func);
            }
        }
        self.reachable = false;
    }

    /// Releases the exception held by every legacy catch block among the frames `from..`
    /// (which control is leaving).
    pub(super) fn release_caught(&mut self, from: usize) {
        let held: Vec<Value> = self.control[from..]
            .iter()
            .filter_map(|f| match f.kind {
                FrameKind::LegacyTry {
                    caught: Some(exn), ..
                } => Some(exn),
                _ => None,
            })
            .collect();
        for exn in held {
            self.env.release_exception(&mut self.b, exn);
        }
    }

    /// `try_table`: builds the dispatch block of its catch clauses (labels relative to the
    /// frames around it), then enters the body.
    fn try_table(&mut self, tt: &TryTable) -> Result<()> {
        let (params, results) = self.block_type(tt.ty)?;
        let next = self.new_block_with(&results);
        let body = self.b.create_block();
        self.b.ins().jump(body, &[]);
        let (dispatch, exn) = FuncEnv::exception_block(&mut self.b);
        self.b.switch_to_block(dispatch);
        let mut caught_all = false;
        for catch in &tt.catches {
            caught_all = self.catch_clause(catch, exn);
            if caught_all {
                break;
            }
        }
        if !caught_all {
            self.throw_exception(exn, self.control.len());
        }
        self.b.seal_block(body);
        self.b.switch_to_block(body);
        self.reachable = true;
        self.push_frame(FrameKind::TryTable { dispatch }, next, params, results);
        Ok(())
    }

    /// One catch clause of a `try_table`, in its dispatch block: branches to the clause's
    /// label when it matches `exn`, and continues in a new block otherwise. Returns whether
    /// the clause matches every exception.
    fn catch_clause(&mut self, catch: &Catch, exn: Value) -> bool {
        let (tag, label, with_ref) = match *catch {
            Catch::One { tag, label } => (Some(tag), label, false),
            Catch::OneRef { tag, label } => (Some(tag), label, true),
            Catch::All { label } => (None, label, false),
            Catch::AllRef { label } => (None, label, true),
        };
        let otherwise = tag.map(|tag| {
            let matched = self.b.create_block();
            let otherwise = self.b.create_block();
            let cond = self.env.exception_has_tag(&mut self.b, exn, tag);
            self.b.ins().brif(cond, matched, &[], otherwise, &[]);
            self.b.seal_block(matched);
            self.b.seal_block(otherwise);
            self.b.switch_to_block(matched);
            otherwise
        });
        let mut args = match tag {
            Some(tag) => self.env.exception_payload(&mut self.b, exn, tag),
            None => Vec::new(),
        };
        if with_ref {
            if self.logs_exnrefs {
                self.env.log_exception(&mut self.b, exn);
            } else {
                self.env.expose_exception(&mut self.b, exn);
            }
            args.push(exn);
        } else {
            self.env.release_exception(&mut self.b, exn);
        }
        let (target, _) = self.branch_to(label);
        let args: Vec<BlockArg> = args.into_iter().map(BlockArg::Value).collect();
        self.b.ins().jump(target, &args);
        match otherwise {
            Some(block) => {
                self.b.switch_to_block(block);
                false
            }
            None => true,
        }
    }

    /// Legacy `catch tag` (`Some`) or `catch_all` (`None`): ends the `try` body or the previous
    /// catch block, adds the clause's test to the dispatch chain and enters its block, with
    /// the payload on the operand stack.
    pub(super) fn legacy_catch(&mut self, tag: Option<u32>) {
        let frame = self.control.last_mut().expect("validated");
        let FrameKind::LegacyTry {
            dispatch,
            next_clause,
            caught,
        } = frame.kind
        else {
            unreachable!("validated: catch outside try");
        };
        let (next, height, arity) = (frame.next, frame.height, frame.results.len());
        if self.reachable {
            frame.next_reachable = true;
            if let Some(held) = caught {
                self.env.release_exception(&mut self.b, held);
            }
            let args = super::block_args(self.peekn(arity));
            self.b.ins().jump(next, &args);
        }
        self.stack.truncate(height);
        let clause = next_clause.expect("validated: no clause after catch_all");
        let exn = self.b.block_params(dispatch)[0];
        self.b.switch_to_block(clause);
        let body = self.b.create_block();
        let next_clause = match tag {
            Some(tag) => {
                let otherwise = self.b.create_block();
                let cond = self.env.exception_has_tag(&mut self.b, exn, tag);
                self.b.ins().brif(cond, body, &[], otherwise, &[]);
                self.b.seal_block(otherwise);
                Some(otherwise)
            }
            None => {
                self.b.ins().jump(body, &[]);
                None
            }
        };
        self.b.seal_block(body);
        self.b.switch_to_block(body);
        if let Some(tag) = tag {
            let payload = self.env.exception_payload(&mut self.b, exn, tag);
            self.stack.extend(payload);
        }
        let frame = self.control.last_mut().expect("validated");
        frame.kind = FrameKind::LegacyTry {
            dispatch,
            next_clause,
            caught: Some(exn),
        };
        self.reachable = true;
    }

    /// Legacy `delegate`: ends the `try`; what its body throws goes to the handler scope of the
    /// frame `depth` levels out (or out of the function).
    pub(super) fn delegate(&mut self, depth: u32) {
        let frame = self.control.last_mut().expect("validated");
        let FrameKind::LegacyTry { dispatch, .. } = frame.kind else {
            unreachable!("validated: delegate ends a try");
        };
        // Ends like a block: the dispatch block is filled below, not by `end_frame`.
        frame.kind = FrameKind::Block;
        self.end_frame();
        self.b.seal_block(dispatch);
        let top = self.control.len() - depth as usize;
        let exn = self.b.block_params(dispatch)[0];
        self.pass_on_unmatched(dispatch, exn, top);
    }

    /// At the `end` of a legacy `try` (already popped): what no clause matched goes on to the
    /// handler scope around it.
    pub(super) fn end_legacy_try(&mut self, dispatch: ir::Block, next_clause: Option<ir::Block>) {
        if let Some(clause) = next_clause {
            let exn = self.b.block_params(dispatch)[0];
            self.pass_on_unmatched(clause, exn, self.control.len());
        }
    }

    /// Before this frame returns or tail-calls: releases the exceptions it holds.
    pub(super) fn leave_frame(&mut self) {
        if self.logs_exnrefs {
            self.env.unlog_frame(&mut self.b);
        }
    }

    /// Fills `block` (of a legacy `try`'s dispatch chain) with throwing `exn` to the innermost
    /// handler scope among the frames `..top`, then returns to where translation was.
    fn pass_on_unmatched(&mut self, block: ir::Block, exn: Value, top: usize) {
        let here = self.b.current_block().expect("translating");
        let reachable = self.reachable;
        self.b.switch_to_block(block);
        self.throw_exception(exn, top);
        self.b.switch_to_block(here);
        self.reachable = reachable;
    }
}

/// Whether frames of the function `body` of type `ty` hold the exnrefs they catch: it catches
/// some (`catch_ref`, `catch_all_ref`) and no exnref can leave its frame — none is passed to a
/// call, returned, thrown as a payload, or written to a global or table. Conservative: any
/// instruction whose types mention exnref there counts as an escape. One pass over the body,
/// none in a module without tags.
pub fn frame_holds_exnrefs(
    info: &crate::module_info::ModuleInfo,
    body: &wasmparser::FunctionBody,
    ty: &wasm2native_abi::meta::FuncType,
) -> bool {
    if info.tags.is_empty() || escapes_by_type(ty) {
        return false;
    }
    let Ok(mut ops) = body.get_operators_reader() else {
        return false;
    };
    let mut catches = false;
    while !ops.eof() {
        let Ok(op) = ops.read() else { return false };
        if let Operator::TryTable { try_table } = &op {
            catches |= try_table
                .catches
                .iter()
                .any(|c| matches!(c, Catch::OneRef { .. } | Catch::AllRef { .. }));
        } else if lets_exnref_escape(info, &op) {
            return false;
        }
    }
    catches
}

fn has_exnref(tys: &[wasm2native_abi::meta::ValType]) -> bool {
    tys.iter()
        .any(|t| t.representation() == wasm2native_abi::meta::ValType::EXNREF)
}

/// Whether a call of type `t` can take or return an exnref.
fn escapes_by_type(t: &wasm2native_abi::meta::FuncType) -> bool {
    has_exnref(&t.params) || has_exnref(&t.results)
}

/// Whether `op` can carry an exnref out of its frame.
fn lets_exnref_escape(info: &crate::module_info::ModuleInfo, op: &Operator) -> bool {
    use crate::module_info::{FuncIndex, GlobalIndex, TableIndex, TypeIndex};
    match *op {
        Operator::Call { function_index } | Operator::ReturnCall { function_index } => {
            escapes_by_type(info.func_type(FuncIndex::from_u32(function_index)))
        }
        Operator::CallIndirect { type_index, .. }
        | Operator::ReturnCallIndirect { type_index, .. }
        | Operator::CallRef { type_index }
        | Operator::ReturnCallRef { type_index } => {
            escapes_by_type(&info.types[TypeIndex::from_u32(type_index)])
        }
        Operator::GlobalSet { global_index } => {
            has_exnref(&[info.globals[GlobalIndex::from_u32(global_index)].ty])
        }
        Operator::TableSet { table }
        | Operator::TableFill { table }
        | Operator::TableGrow { table } => {
            let elem = info.tables[TableIndex::from_u32(table)].elem;
            elem.representation() == wasm2native_abi::types::RefType::EXNREF
        }
        Operator::Throw { tag_index } => {
            has_exnref(&info.types[info.tags[tag_index as usize]].params)
        }
        _ => false,
    }
}
