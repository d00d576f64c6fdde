//! Variable and parametric operators: `local.get/set/tee`, `global.get/set`, `drop` and
//! `select`. Locals are frontend `Variable`s; globals live where [`crate::func_env`] says.

use super::FuncTranslator;
use crate::module_info::GlobalIndex;
use cranelift_codegen::ir::InstBuilder;

impl FuncTranslator<'_, '_> {
    pub(super) fn select(&mut self) {
        let (a, b, c) = self.pop3();
        let v = self.b.ins().select(c, a, b);
        self.push(v);
    }

    pub(super) fn local_get(&mut self, local_index: u32) {
        let v = self.b.use_var(self.locals[local_index as usize]);
        self.push(v);
    }

    pub(super) fn local_set(&mut self, local_index: u32) {
        let v = self.pop();
        self.b.def_var(self.locals[local_index as usize], v);
    }

    pub(super) fn local_tee(&mut self, local_index: u32) {
        let v = *self.stack.last().expect("validated");
        self.b.def_var(self.locals[local_index as usize], v);
    }

    pub(super) fn global_get(&mut self, global_index: u32) {
        let v = self
            .env
            .global_get(&mut self.b, GlobalIndex::from_u32(global_index));
        self.push(v);
    }

    pub(super) fn global_set(&mut self, global_index: u32) {
        let v = self.pop();
        self.env
            .global_set(&mut self.b, GlobalIndex::from_u32(global_index), v);
    }
}
