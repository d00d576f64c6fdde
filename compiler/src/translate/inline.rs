//! Inlining of small functions into their direct callers (at `-O speed`).
//!
//! An ahead-of-time compiler sees the whole module, so a direct `call` of a small defined
//! function is replaced by the callee's body (Cranelift's
//! inlining-as-a-library, `Context::inline`). Callees are the translator's own CLIF, which is
//! valid and (when inlinable) uses no global values, so it can be spliced as is; both sides
//! share the vmctx (the caller passes its own), hence the callee's memory base (a constant, or
//! a load from the vmctx) is redundant with the caller's and GVN removes it. Trap codes stay
//! on the inlined instructions, and the call sites are recorded so that the inlined
//! instructions get their source locations back (`crate::locations`): backtraces show the
//! inlined frame.

use crate::locations::{InlinedSite, InlinedSites};
use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName, InstructionData, Opcode};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest callee (in CLIF instructions) that is inlined.
const MAX_INLINE_INSTS: usize = 40;

/// Whether `func` may be inlined: small (at most `MAX_INLINE_INSTS` instructions). Calls in
/// an inlined body are not themselves considered for inlining, so inlining terminates (also
/// for recursion) and grows a caller by at most one small body per original call site.
/// 40 measured best on the Lua benchmark (callgrind: 25 → -1.2%, 40 → -3.7%, 60 → -0.5%,
/// 80 → -1.7% instructions against no inlining; leaf-only at 40 → -0.6%).
pub fn is_inlinable(func: &ir::Function) -> bool {
    // Global values (the symbol of a static table) are not carried over by splicing.
    if !func.sized_stack_slots.is_empty()
        || !func.dynamic_stack_slots.is_empty()
        || !func.global_values.is_empty()
    {
        return false;
    }
    let mut n = 0;
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            n += 1;
            if n > MAX_INLINE_INSTS {
                return false;
            }
            // A frame pointer names the caller's frame once inlined (exception logs, throws).
            if matches!(func.dfg.insts[inst], InstructionData::TryCall { .. })
                || func.dfg.insts[inst].opcode() == Opcode::GetFramePointer
            {
                return false;
            }
        }
    }
    true
}

/// Inlines calls to the functions `bodies` holds (keyed by the `UserExternalName` index
/// callers use for them: module function index and translated body), recording each call
/// site it inlines in `sites`.
pub struct Inliner<'a> {
    pub bodies: &'a HashMap<u32, (u32, &'a ir::Function)>,
    pub sites: InlinedSites<'a>,
}

impl Inline for Inliner<'_> {
    fn inline(
        &mut self,
        caller: &ir::Function,
        call_inst: ir::Inst,
        call_opcode: Opcode,
        callee: ir::FuncRef,
        _call_args: &[ir::Value],
    ) -> InlineCommand<'_> {
        if call_opcode != Opcode::Call {
            return InlineCommand::KeepCall;
        }
        let ext = &caller.dfg.ext_funcs[callee];
        let ExternalName::User(r) = ext.name else {
            return InlineCommand::KeepCall;
        };
        let name = &caller.params.user_named_funcs()[r];
        if name.namespace != 0 {
            return InlineCommand::KeepCall;
        }
        match self.bodies.get(&name.index) {
            Some(&(index, body)) if caller.dfg.signatures[ext.signature] == body.signature => {
                self.sites.0.push(InlinedSite {
                    first_copy: caller.dfg.num_insts(),
                    callee: index,
                    body,
                    call: caller.srcloc(call_inst),
                });
                InlineCommand::Inline {
                    callee: Cow::Borrowed(body),
                    visit_callee: false,
                }
            }
            _ => InlineCommand::KeepCall,
        }
    }
}
