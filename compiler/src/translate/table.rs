//! Table and reference operators: `table.get/set/size/grow/fill/copy/init`, `elem.drop` and
//! `ref.null/is_null/func/as_non_null`. A 64-bit table (memory64) takes and returns `i64`
//! indices and sizes; the runtime's side works in 64 bits for both kinds. How elements and null are represented, and which builtins
//! implement the bulk operations, is [`crate::func_env`]'s business.

use super::FuncTranslator;
use crate::error::Result;
use crate::func_env::{trap_code, FuncEnv};
use crate::module_info::{FuncIndex, TableIndex};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use wasm2native_abi::trap::Trap;
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// An I64 size or index of table `t` as a value of its index type.
    fn table_index_value(&mut self, t: TableIndex, v: Value) -> Value {
        if self.env.table_is_64(t) {
            v
        } else {
            self.b.ins().ireduce(types::I32, v)
        }
    }

    /// Returns whether `op` was a table or reference operator (and translated it).
    pub(super) fn table(&mut self, op: &Operator) -> Result<bool> {
        use Operator as O;
        let table = TableIndex::from_u32;
        match op {
            O::TableGet { table: t } => {
                let i = self.pop();
                let v = self.env.table_get(&mut self.b, table(*t), i);
                self.push(v);
            }
            O::TableSet { table: t } => {
                let (i, v) = self.pop2();
                self.env.table_set(&mut self.b, table(*t), i, v);
            }
            O::TableSize { table: t } => {
                let len = self.env.table_length(&mut self.b, table(*t));
                let v = self.table_index_value(table(*t), len);
                self.push(v);
            }
            O::TableGrow { table: t } => {
                let (init, delta) = self.pop2();
                let r = self.env.table_grow(&mut self.b, table(*t), init, delta);
                let v = self.table_index_value(table(*t), r);
                self.push(v);
            }
            O::TableFill { table: t } => {
                let args = self.pop3().into();
                self.env.table_fill(&mut self.b, table(*t), args);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let args = self.pop3().into();
                let (dst, src) = (table(*dst_table), table(*src_table));
                self.env.table_copy(&mut self.b, dst, src, args);
            }
            O::TableInit {
                elem_index,
                table: t,
            } => {
                let args = self.pop3().into();
                self.env
                    .table_init(&mut self.b, table(*t), *elem_index, args);
            }
            O::ElemDrop { elem_index } => self.env.elem_drop(&mut self.b, *elem_index),
            O::RefNull { .. } => {
                let v = FuncEnv::null_ref(&mut self.b);
                self.push(v);
            }
            O::RefIsNull => {
                let v = self.pop();
                let v = FuncEnv::ref_is_null(&mut self.b, v);
                self.push(v);
            }
            O::RefAsNonNull => {
                let v = self.pop();
                self.b.ins().trapz(v, trap_code(Trap::NullReference));
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
