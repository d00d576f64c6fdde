//! Call operators: `call` and `call_indirect`. How a callee is reached (direct symbol,
//! import slot, static or instance table, type check) is [`crate::func_env`]'s business.

use super::FuncTranslator;
use crate::module_info::{FuncIndex, TableIndex, TypeIndex};

impl FuncTranslator<'_, '_> {
    pub(super) fn call(&mut self, function_index: u32) {
        let f = FuncIndex::from_u32(function_index);
        let n = self.env.info.func_type(f).params.len();
        let args = self.popn(n);
        let results = self.env.call(&mut self.b, f, &args);
        self.stack.extend(results);
    }

    pub(super) fn call_indirect(&mut self, type_index: u32, table_index: u32) {
        let ty = TypeIndex::from_u32(type_index);
        let index = self.pop();
        let n = self.env.info.types[ty].params.len();
        let args = self.popn(n);
        let results = self.env.call_indirect(
            &mut self.b,
            ty,
            TableIndex::from_u32(table_index),
            index,
            &args,
        );
        self.stack.extend(results);
    }
}
