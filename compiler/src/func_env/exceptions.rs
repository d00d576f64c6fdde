//! Exceptions as this runtime implements them: exception objects laid out as
//! `wasm2native_abi::exn` says (payload written and read in place by compiled code), tag
//! identities in the vmctx, and the exception builtins (allocate, acquire, release, throw).
//! Which handler an exception goes to is the translator's business (`translate::exceptions`).

use super::{readonly, trusted, FuncEnv, POINTER};
use crate::module_info::FuncIndex;
use cranelift_codegen::ir::{self, condcodes::IntCC, types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use wasm2native_abi::exn::{payload_offsets, EXN_HOLDERS, EXN_TAG, EXPOSED};
use wasm2native_abi::meta::ValType;
use wasm2native_abi::symbols::Builtin;
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::field;

impl FuncEnv<'_> {
    /// The parameter types of tag `tag` (its payload).
    pub fn tag_params(&self, tag: u32) -> Vec<ValType> {
        let ty = self.info.tags[tag as usize];
        self.info.types[ty].params.clone()
    }

    /// A new exception object of tag `tag` carrying `values` (held once, by its flight).
    pub fn new_exception(&mut self, b: &mut FunctionBuilder, tag: u32, values: &[Value]) -> Value {
        let (offsets, size) = payload_offsets(&self.tag_params(tag));
        let tag_arg = b.ins().iconst(types::I32, i64::from(tag));
        let size = b.ins().iconst(types::I32, i64::from(size));
        let exn = self.call_builtin(b, Builtin::exn_new, &[tag_arg, size])[0];
        for (v, off) in values.iter().zip(offsets) {
            b.ins().store(trusted(), *v, exn, off as i32);
        }
        exn
    }

    /// Whether exception `exn` has tag `tag` of this instance (an I8 condition).
    pub fn exception_has_tag(&mut self, b: &mut FunctionBuilder, exn: Value, tag: u32) -> Value {
        let actual = b.ins().load(POINTER, trusted(), exn, EXN_TAG as i32);
        let expected = b.ins().load(
            POINTER,
            readonly(),
            self.vmctx,
            self.offsets.tag(tag) as i32,
        );
        b.ins().icmp(IntCC::Equal, actual, expected)
    }

    /// The payload of exception `exn`, whose tag is `tag`.
    pub fn exception_payload(
        &mut self,
        b: &mut FunctionBuilder,
        exn: Value,
        tag: u32,
    ) -> Vec<Value> {
        let params = self.tag_params(tag);
        let (offsets, _) = payload_offsets(&params);
        params
            .iter()
            .zip(offsets)
            .map(|(t, off)| {
                b.ins()
                    .load(super::clif_type(*t), trusted(), exn, off as i32)
            })
            .collect()
    }

    /// Marks `exn` as held by an `exnref` value: it is never freed.
    pub fn expose_exception(&mut self, b: &mut FunctionBuilder, exn: Value) {
        let exposed = b.ins().iconst(types::I32, i64::from(EXPOSED as i32));
        b.ins().store(trusted(), exposed, exn, EXN_HOLDERS as i32);
    }

    /// The frame at `fp` holds `exn` (see `wasm2native_abi::exn`).
    pub fn log_exception(&mut self, b: &mut FunctionBuilder, exn: Value) {
        let fp = b.ins().get_frame_pointer(POINTER);
        self.call_builtin(b, Builtin::exn_log, &[exn, fp]);
    }

    /// Before a frame that logs exceptions returns or tail-calls: releases what it (and any
    /// frame below it) holds, if the newest log entry is that deep.
    pub fn unlog_frame(&mut self, b: &mut FunctionBuilder) {
        let fp = b.ins().get_frame_pointer(POINTER);
        let top = b.ins().load(
            POINTER,
            trusted(),
            self.vmctx,
            field::VMCTX_EXN_LOG_TOP as i32,
        );
        // `top - 1 < fp` (unsigned): an entry at or below this frame; 0 (none) wraps around.
        let top_minus_one = b.ins().iadd_imm_s(top, -1);
        let held = b.ins().icmp(IntCC::UnsignedLessThan, top_minus_one, fp);
        let release = b.create_block();
        let done = b.create_block();
        b.ins().brif(held, release, &[], done, &[]);
        b.set_cold_block(release);
        b.seal_block(release);
        b.switch_to_block(release);
        self.call_builtin(b, Builtin::exn_unlog, &[fp]);
        b.ins().jump(done, &[]);
        b.seal_block(done);
        b.switch_to_block(done);
    }

    /// One more holder of `exn`.
    pub fn acquire_exception(&mut self, b: &mut FunctionBuilder, exn: Value) {
        self.call_builtin(b, Builtin::exn_acquire, &[exn]);
    }

    /// One holder fewer of `exn` (the last frees it).
    pub fn release_exception(&mut self, b: &mut FunctionBuilder, exn: Value) {
        self.call_builtin(b, Builtin::exn_release, &[exn]);
    }

    /// Traps with `null exception reference` if `exn` is null.
    pub fn check_exception_ref(&mut self, b: &mut FunctionBuilder, exn: Value) {
        b.ins()
            .trapz(exn, super::trap_code(Trap::NullExceptionReference));
    }

    /// Throws `exn` out of function `own` (which has no handler for it here): the runtime
    /// unwinds from this frame. Ends the current block.
    pub fn throw_to_caller(&mut self, b: &mut FunctionBuilder, exn: Value, own: FuncIndex) {
        let fp = b.ins().get_frame_pointer(POINTER);
        let pc = match self.symbols.funcs[own.as_u32() as usize] {
            Some(id) => {
                let sig = super::wasm_signature(self.info.func_type(own));
                let r = self.import_func(b, id, sig, true);
                b.ins().func_addr(POINTER, r)
            }
            None => b.ins().iconst(POINTER, 0),
        };
        self.call_builtin(b, Builtin::throw, &[exn, fp, pc]);
        b.ins().trap(super::trap_code(Trap::Unreachable));
    }

    /// A block taking an exception object, for a handler's dispatch.
    pub fn exception_block(b: &mut FunctionBuilder) -> (ir::Block, Value) {
        let block = b.create_block();
        let exn = b.append_block_param(block, POINTER);
        (block, exn)
    }
}
