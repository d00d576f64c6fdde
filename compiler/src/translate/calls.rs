//! Call operators: `call`, `call_indirect`, `call_ref` and the tail calls `return_call`,
//! `return_call_indirect`, `return_call_ref`. How a callee is reached (direct symbol, import slot, static or
//! instance table, type check) and how a tail call is made is [`crate::func_env`]'s business.

use super::FuncTranslator;
use crate::error::Result;
use crate::module_info::{FuncIndex, TableIndex, TypeIndex};
use cranelift_codegen::ir;
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    pub(super) fn call(&mut self, function_index: u32) {
        let (f, args) = self.direct_args(function_index);
        let handler = self.current_handler();
        let results = self.env.call(&mut self.b, f, &args, handler);
        self.stack.extend(results);
    }

    pub(super) fn call_indirect(&mut self, type_index: u32, table_index: u32) {
        let (ty, t, index, args) = self.indirect_args(type_index, table_index);
        let handler = self.current_handler();
        let results = self
            .env
            .call_indirect(&mut self.b, ty, t, index, &args, handler);
        self.stack.extend(results);
    }

    /// The tail-call proposal's operators; false for any other operator.
    pub(super) fn tail_call(&mut self, op: &Operator) -> Result<bool> {
        match *op {
            Operator::ReturnCall { function_index } => {
                let (f, args) = self.direct_args(function_index);
                self.leave_frame();
                self.env.return_call(&mut self.b, f, &args);
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let (ty, t, index, args) = self.indirect_args(type_index, table_index);
                self.leave_frame();
                self.env
                    .return_call_indirect(&mut self.b, ty, t, index, &args);
            }
            _ => return Ok(false),
        }
        self.reachable = false;
        Ok(true)
    }

    /// The typed function references proposal's calls `call_ref` and `return_call_ref`;
    /// false for any other operator.
    pub(super) fn call_ref(&mut self, op: &Operator) -> Result<bool> {
        let (tail, type_index) = match *op {
            Operator::CallRef { type_index } => (false, type_index),
            Operator::ReturnCallRef { type_index } => (true, type_index),
            _ => return Ok(false),
        };
        let ty = TypeIndex::from_u32(type_index);
        let funcref = self.pop();
        let n = self.env.info.types[ty].params.len();
        let args = self.popn(n);
        if tail {
            self.leave_frame();
            self.env.return_call_ref(&mut self.b, ty, funcref, &args);
            self.reachable = false;
        } else {
            let handler = self.current_handler();
            let results = self.env.call_ref(&mut self.b, ty, funcref, &args, handler);
            self.stack.extend(results);
        }
        Ok(true)
    }

    /// The callee and arguments of a direct call, popped.
    fn direct_args(&mut self, function_index: u32) -> (FuncIndex, Vec<ir::Value>) {
        let f = FuncIndex::from_u32(function_index);
        let n = self.env.info.func_type(f).params.len();
        (f, self.popn(n))
    }

    /// The type, table, element index and arguments of an indirect call, popped.
    fn indirect_args(
        &mut self,
        type_index: u32,
        table_index: u32,
    ) -> (TypeIndex, TableIndex, ir::Value, Vec<ir::Value>) {
        let ty = TypeIndex::from_u32(type_index);
        let index = self.pop();
        let n = self.env.info.types[ty].params.len();
        let args = self.popn(n);
        (ty, TableIndex::from_u32(table_index), index, args)
    }
}
