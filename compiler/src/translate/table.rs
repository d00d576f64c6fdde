//! Table and reference operators: `table.get/set/size/grow/fill/copy/init`, `elem.drop` and
//! `ref.null/is_null/func`. Elements are pointer-sized (a `VMFuncRef` address or an
//! externref); null is 0.

use super::FuncTranslator;
use crate::error::Result;
use crate::func_env::{trap_code, FuncEnv};
use crate::module_info::{FuncIndex, TableIndex};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use wasm2native_abi::symbols::Builtin;
use wasm2native_abi::trap::Trap;
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    fn table_builtin_checked(&mut self, builtin: Builtin, args: &[Value]) {
        let ok = self.env.call_builtin(&mut self.b, builtin, args)[0];
        self.b.ins().trapz(ok, trap_code(Trap::TableOutOfBounds));
    }

    fn konst(&mut self, v: u32) -> Value {
        self.b.ins().iconst(types::I32, i64::from(v))
    }

    /// Returns whether `op` was a table or reference operator (and translated it).
    pub(super) fn table(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        match op {
            O::TableGet { table } => {
                let index = self.pop();
                let addr = self.env.table_elem_addr(
                    &mut self.b,
                    TableIndex::from_u32(*table),
                    index,
                    Trap::TableOutOfBounds,
                );
                let v = self
                    .b
                    .ins()
                    .load(types::I64, FuncEnv::table_flags(), addr, 0);
                self.push(v);
            }
            O::TableSet { table } => {
                let (index, v) = self.pop2();
                let addr = self.env.table_elem_addr(
                    &mut self.b,
                    TableIndex::from_u32(*table),
                    index,
                    Trap::TableOutOfBounds,
                );
                self.b.ins().store(FuncEnv::table_flags(), v, addr, 0);
            }
            O::TableSize { table } => {
                let len = self
                    .env
                    .table_length(&mut self.b, TableIndex::from_u32(*table));
                let v = self.b.ins().ireduce(types::I32, len);
                self.push(v);
            }
            O::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let t = self.konst(*table);
                let r = self
                    .env
                    .call_builtin(&mut self.b, Builtin::table_grow, &[t, init, delta]);
                self.push(r[0]);
            }
            O::TableFill { table } => {
                let (dst, v, len) = self.pop3();
                let t = self.konst(*table);
                self.table_builtin_checked(Builtin::table_fill, &[t, dst, v, len]);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let (dst, src, len) = self.pop3();
                let dt = self.konst(*dst_table);
                let st = self.konst(*src_table);
                self.table_builtin_checked(Builtin::table_copy, &[dt, st, dst, src, len]);
            }
            O::TableInit { elem_index, table } => {
                let (dst, src, len) = self.pop3();
                let t = self.konst(*table);
                let seg = self.konst(*elem_index);
                self.table_builtin_checked(Builtin::table_init, &[t, seg, dst, src, len]);
            }
            O::ElemDrop { elem_index } => {
                let seg = self.konst(*elem_index);
                self.env
                    .call_builtin(&mut self.b, Builtin::elem_drop, &[seg]);
            }
            O::RefNull { .. } => {
                let v = self.b.ins().iconst(types::I64, 0);
                self.push(v);
            }
            O::RefIsNull => {
                let v = self.pop();
                let is_null = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                let v = self.b.ins().uextend(types::I32, is_null);
                self.push(v);
            }
            O::RefFunc { function_index } => {
                let v = self
                    .env
                    .func_ref_value(&mut self.b, FuncIndex::from_u32(*function_index));
                self.push(v);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
