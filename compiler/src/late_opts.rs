//! CLIF rewrites run after Cranelift's e-graph pass and before lowering, for patterns the
//! e-graph makes worse for the register allocator (on x86_64, where they were measured:
//! `late_rewrites` runs them).
//!
//! Loop exit tests: a counted loop in wasm ends with `i' = i + C; br_if loop (i' != N)`.
//! Cranelift's e-graph rewrites `i + C != N` to `i != N - C` (fewer operations once the add
//! is counted as separate), which keeps both `i` and `i'` alive at the branch: the back-edge
//! then needs a register move, and the exit test no longer falls through, costing a move and
//! a taken jump per iteration. [`compare_next_induction_value`] turns the test back into one
//! on `i'` whenever `i' = i + C` is passed along the same branch. For `==`/`!=` this is exact
//! in wrapping arithmetic; ordered comparisons are left alone (the e-graph does not touch
//! them either).
//!
//! Zero-extended loads: a wasm pointer loaded from memory (`load.i32`) and then used as an
//! address (`uextend.i64`) costs a 32-bit register move after the load, although x64's
//! 32-bit loads already clear the upper half — the backend only knows that of `uload32`.
//! [`widen_loads_used_as_addresses`] loads such values as `uload32.i64` (and `uload8/16` as
//! i64), uses that for the `uextend`s and an `ireduce` (free) for the 32-bit uses.
//!
//! Loop-carried pointers: a wasm pointer that is a block parameter (a loop's induction
//! pointer) and used as an address costs a 32-bit move (`uextend`) at every use, because the
//! backend does not know that every value passed in already has a clear upper half (the
//! results of 32-bit arithmetic do). [`widen_params_used_as_addresses`] makes such a parameter
//! an `i64` holding the zero-extended value: the `uextend`s become that value, the 32-bit
//! uses its free `ireduce`, and each incoming edge passes `uextend` of its value (free after
//! 32-bit arithmetic, a move once otherwise).
//!
//! Loop increments: when `p' = p + C` is passed to the loop header as the next `p` but is also
//! used early in the body while `p` itself stays in use until the back-edge (the e-graph
//! rewrites `p' + K` addresses as `p + (C + K)`), both are alive across the body and the
//! back-edge needs a move. [`recompute_loop_increments`] passes a fresh `p + C` computed right
//! at the branch instead, which the register allocator gives `p`'s register.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, InstBuilder, InstructionData, Opcode, Value, ValueDef};
use cranelift_codegen::loop_analysis::LoopAnalysis;

/// The constant `v` is defined as, if any.
fn iconst_of(func: &ir::Function, v: Value) -> Option<i64> {
    let ValueDef::Result(inst, 0) = func.dfg.value_def(v) else {
        return None;
    };
    match func.dfg.insts[inst] {
        InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm,
        } => Some(imm.bits()),
        _ => None,
    }
}

/// `C` if `v` is defined as `x + C` (in either operand order).
fn offset_from(func: &ir::Function, v: Value, x: Value) -> Option<i64> {
    let ValueDef::Result(inst, 0) = func.dfg.value_def(v) else {
        return None;
    };
    match func.dfg.insts[inst] {
        InstructionData::Binary {
            opcode: Opcode::Iadd,
            args: [a, b],
        } => {
            if a == x {
                iconst_of(func, b)
            } else if b == x {
                iconst_of(func, a)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Every block with its last instruction.
fn terminators(func: &ir::Function) -> Vec<(ir::Block, ir::Inst)> {
    func.layout
        .blocks()
        .filter_map(|b| func.layout.last_inst(b).map(|t| (b, t)))
        .collect()
}

/// The block-call arguments of a `jump` or `brif` terminator, mutably.
fn block_calls_mut(
    dfg: &mut ir::DataFlowGraph,
    term: ir::Inst,
) -> (&mut [ir::BlockCall], &mut ir::ValueListPool) {
    let calls: &mut [ir::BlockCall] = match &mut dfg.insts[term] {
        InstructionData::Jump { destination, .. } => std::slice::from_mut(destination),
        InstructionData::Brif { blocks, .. } => &mut blocks[..],
        _ => &mut [],
    };
    (calls, &mut dfg.value_lists)
}

/// Argument `index` of block call `call` of terminator `term`, if it is a plain value.
fn block_arg(dfg: &ir::DataFlowGraph, term: ir::Inst, call: usize, index: usize) -> Option<Value> {
    let calls = dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables);
    calls[call]
        .args(&dfg.value_lists)
        .nth(index)
        .and_then(|a| a.as_value())
}

/// Makes argument `index` of block call `call` of terminator `term` the value `v`.
fn set_block_arg(dfg: &mut ir::DataFlowGraph, term: ir::Inst, call: usize, index: usize, v: Value) {
    let (calls, pool) = block_calls_mut(dfg, term);
    let mut k = 0;
    calls[call].update_args(pool, |a| {
        k += 1;
        if k - 1 == index {
            v.into()
        } else {
            a
        }
    });
}

/// Whether `v` is used by an instruction of `block` after `after` (the terminator excluded).
fn used_later_in_block(func: &ir::Function, block: ir::Block, after: ir::Inst, v: Value) -> bool {
    let term = func.layout.last_inst(block);
    let mut inst = func.layout.next_inst(after);
    while let Some(i) = inst {
        if Some(i) == term {
            return false;
        }
        if func.dfg.inst_args(i).contains(&v) {
            return true;
        }
        inst = func.layout.next_inst(i);
    }
    false
}

/// Passes `p + C`, computed right before the terminator, in place of an earlier `p' = p + C`
/// for a header parameter `p`, when `p'` also has other uses and `p` is still used after `p'`
/// is computed. Returns how many arguments were replaced.
pub fn recompute_loop_increments(func: &mut ir::Function) -> usize {
    let mut replaced = 0;
    for (block, term) in terminators(func) {
        let (calls, pool) = block_calls_mut(&mut func.dfg, term);
        let edges: Vec<(usize, ir::Block, Vec<Option<Value>>)> = calls
            .iter()
            .enumerate()
            .map(|(n, c)| {
                (
                    n,
                    c.block(pool),
                    c.args(pool).map(|a| a.as_value()).collect(),
                )
            })
            .collect();
        for (n, target, args) in edges {
            for (j, arg) in args.into_iter().enumerate() {
                let Some(next) = arg else { continue };
                let Some(&param) = func.dfg.block_params(target).get(j) else {
                    continue;
                };
                let ValueDef::Result(def, 0) = func.dfg.value_def(next) else {
                    continue;
                };
                if func.layout.inst_block(def) != Some(block)
                    || func.layout.next_inst(def) == Some(term)
                    || !used_later_in_block(func, block, def, param)
                {
                    continue;
                }
                let InstructionData::Binary {
                    opcode: Opcode::Iadd,
                    args: [a, b],
                } = func.dfg.insts[def]
                else {
                    continue;
                };
                let step = if a == param && iconst_of(func, b).is_some() {
                    b
                } else if b == param && iconst_of(func, a).is_some() {
                    a
                } else {
                    continue;
                };
                let mut pos = FuncCursor::new(func).at_inst(term);
                let fresh = pos.ins().iadd(param, step);
                set_block_arg(&mut func.dfg, term, n, j, fresh);
                replaced += 1;
            }
        }
    }
    replaced
}

/// Every `uextend.i64` of an `i32` value: its block, the instruction and the (alias-resolved)
/// value.
fn zero_extensions_to_i64(func: &ir::Function) -> Vec<(ir::Block, ir::Inst, Value)> {
    let mut found = Vec::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            if let InstructionData::Unary {
                opcode: Opcode::Uextend,
                arg,
            } = func.dfg.insts[inst]
            {
                let arg = func.dfg.resolve_aliases(arg);
                if func.dfg.ctrl_typevar(inst) == types::I64
                    && func.dfg.value_type(arg) == types::I32
                {
                    found.push((block, inst, arg));
                }
            }
        }
    }
    found
}

/// Loads an `i32` (or an `i8`/`i16` zero-extended to `i32`) that is also zero-extended to
/// `i64` directly as `i64`; the `uextend`s become that value and the `i32` uses its free
/// `ireduce`. Returns how many loads were widened.
pub fn widen_loads_used_as_addresses(func: &mut ir::Function) -> usize {
    let mut extends: Vec<(ir::Inst, ir::Inst)> = Vec::new();
    for (_, inst, arg) in zero_extensions_to_i64(func) {
        let ValueDef::Result(load, 0) = func.dfg.value_def(arg) else {
            continue;
        };
        if let InstructionData::Load {
            opcode: Opcode::Load | Opcode::Uload8 | Opcode::Uload16,
            ..
        } = func.dfg.insts[load]
        {
            extends.push((load, inst));
        }
    }
    if extends.is_empty() {
        return 0;
    }
    extends.sort_by_key(|&(load, _)| load);
    let mut widened = 0;
    let mut i = 0;
    while i < extends.len() {
        let load = extends[i].0;
        let InstructionData::Load {
            opcode,
            arg,
            flags,
            offset,
        } = func.dfg.insts[load]
        else {
            unreachable!("collected as a load");
        };
        let wide_opcode = if opcode == Opcode::Load {
            Opcode::Uload32
        } else {
            opcode
        };
        let mut pos = FuncCursor::new(func).at_inst(load);
        let (wide_load, dfg) = pos.ins().Load(wide_opcode, types::I64, flags, offset, arg);
        let wide = dfg.first_result(wide_load);
        func.replace(load).ireduce(types::I32, wide);
        while i < extends.len() && extends[i].0 == load {
            let ext = extends[i].1;
            let result = func.dfg.first_result(ext);
            func.dfg.clear_results(ext);
            func.layout.remove_inst(ext);
            func.dfg.change_to_alias(result, wide);
            i += 1;
        }
        widened += 1;
    }
    func.dfg.resolve_all_aliases();
    widened
}

/// Every jump or brif edge into each block, as (terminator, index of the block call); blocks
/// that other instructions (br_table, try_call) also branch to are left out.
fn simple_edges(func: &ir::Function) -> HashMap<ir::Block, Vec<(ir::Inst, usize)>> {
    let mut edges: HashMap<ir::Block, Vec<(ir::Inst, usize)>> = HashMap::new();
    let mut other = HashSet::new();
    for (_, term) in terminators(func) {
        let dfg = &func.dfg;
        let simple = matches!(dfg.insts[term].opcode(), Opcode::Jump | Opcode::Brif);
        let calls = dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables);
        for (n, call) in calls.iter().enumerate() {
            let target = call.block(&dfg.value_lists);
            if simple {
                edges.entry(target).or_default().push((term, n));
            } else {
                other.insert(target);
            }
        }
    }
    edges.retain(|b, _| !other.contains(b));
    edges
}

/// Whether x64's lowering knows the 32-bit `v` leaves the upper half of its register clear,
/// so that `uextend.i64 v` costs nothing (the results of 32-bit arithmetic; constants), or
/// [`widen_loads_used_as_addresses`] will make it so (32-bit loads).
fn extends_for_free(func: &ir::Function, v: Value) -> bool {
    let ValueDef::Result(inst, 0) = func.dfg.value_def(v) else {
        return false;
    };
    matches!(
        func.dfg.insts[inst].opcode(),
        Opcode::Iadd
            | Opcode::Isub
            | Opcode::Imul
            | Opcode::Band
            | Opcode::Bor
            | Opcode::Bxor
            | Opcode::Ishl
            | Opcode::Ushr
            | Opcode::Iconst
            | Opcode::Load
            | Opcode::Uload8
            | Opcode::Uload16
    )
}

/// Turns each `i32` parameter of a loop header that a `uextend.i64` in the loop uses into an
/// `i64` holding its zero extension (see the module docs), when only jumps and brifs branch
/// to the header and every value the loop passes back extends for free (so the loop itself
/// never pays for an extension; entering it may, once). Returns how many were widened.
///
/// `cfg` and `domtree` must be up to date (as `Context::optimize` leaves them); `loops` is
/// recomputed from them.
pub fn widen_params_used_as_addresses(
    func: &mut ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    loops: &mut LoopAnalysis,
) -> usize {
    let Some(entry) = func.layout.entry_block() else {
        return 0;
    };
    loops.compute(func, cfg, domtree);
    let mut extends: HashMap<Value, Vec<ir::Inst>> = HashMap::new();
    for (block, inst, arg) in zero_extensions_to_i64(func) {
        let ValueDef::Param(header, _) = func.dfg.value_def(arg) else {
            continue;
        };
        let in_loop = loops
            .is_loop_header(header)
            .is_some_and(|lp| loops.is_in_loop(block, lp));
        if header != entry && in_loop {
            extends.entry(arg).or_default().push(inst);
        }
    }
    if extends.is_empty() {
        return 0;
    }
    let edges = simple_edges(func);
    let mut params: Vec<Value> = extends.keys().copied().collect();
    params.sort();
    // Widened parameters: the `ireduce` (which the old value now aliases) of each wide value.
    let mut wide_of: HashMap<Value, Value> = HashMap::new();
    let mut widened = 0;
    for param in params {
        let ValueDef::Param(header, num) = func.dfg.value_def(param) else {
            unreachable!("collected as a block parameter");
        };
        let (Some(incoming), Some(lp)) = (edges.get(&header), loops.is_loop_header(header)) else {
            continue;
        };
        let passes_cheaply = incoming.iter().all(|&(term, n)| {
            let from = func.layout.inst_block(term).expect("terminator in layout");
            block_arg(&func.dfg, term, n, num).is_some_and(|a| {
                let a = func.dfg.resolve_aliases(a);
                !loops.is_in_loop(from, lp)
                    || a == param
                    || wide_of.contains_key(&a)
                    || extends_for_free(func, a)
            })
        });
        if !passes_cheaply {
            continue;
        }
        let wide = func.dfg.replace_block_param(param, types::I64);
        let mut pos = FuncCursor::new(func);
        pos.goto_first_insertion_point(header);
        let narrow = pos.ins().ireduce(types::I32, wide);
        wide_of.insert(narrow, wide);
        func.dfg.change_to_alias(param, narrow);
        for ext in &extends[&param] {
            let result = func.dfg.first_result(*ext);
            func.dfg.clear_results(*ext);
            func.layout.remove_inst(*ext);
            func.dfg.change_to_alias(result, wide);
        }
        for &(term, n) in incoming {
            let arg = block_arg(&func.dfg, term, n, num).expect("checked above");
            let arg = func.dfg.resolve_aliases(arg);
            let arg64 = match wide_of.get(&arg) {
                Some(&w) => w,
                None => FuncCursor::new(func)
                    .at_inst(term)
                    .ins()
                    .uextend(types::I64, arg),
            };
            set_block_arg(&mut func.dfg, term, n, num, arg64);
        }
        widened += 1;
    }
    func.dfg.resolve_all_aliases();
    widened
}

/// Rewrites `brif (icmp eq|ne x, K), ...` into `brif (icmp eq|ne x', K + C), ...` when
/// `x' = x + C` is one of the branch's block arguments. Returns how many were rewritten.
pub fn compare_next_induction_value(func: &mut ir::Function) -> usize {
    let mut rewritten = 0;
    for (_, term) in terminators(func) {
        let InstructionData::Brif {
            arg: cond,
            blocks: targets,
            ..
        } = func.dfg.insts[term]
        else {
            continue;
        };
        let ValueDef::Result(cmp, 0) = func.dfg.value_def(cond) else {
            continue;
        };
        let InstructionData::IntCompare {
            opcode: Opcode::Icmp,
            cond: cc,
            args: [x, k],
        } = func.dfg.insts[cmp]
        else {
            continue;
        };
        let ty = func.dfg.value_type(x);
        if !matches!(cc, IntCC::Equal | IntCC::NotEqual) || !ty.is_int() || ty.bits() > 64 {
            continue;
        }
        let Some(limit) = iconst_of(func, k) else {
            continue;
        };
        let next = targets
            .iter()
            .flat_map(|call| call.args(&func.dfg.value_lists))
            .filter_map(|a| a.as_value())
            .find_map(|v| offset_from(func, v, x).map(|c| (v, c)));
        let Some((next, step)) = next else {
            continue;
        };
        let mask = if ty.bits() == 64 {
            u64::MAX
        } else {
            (1u64 << ty.bits()) - 1
        };
        let new_limit = ((limit as u64).wrapping_add(step as u64) & mask) as i64;
        let mut pos = FuncCursor::new(func).at_inst(term);
        let new_limit = pos.ins().iconst(ty, new_limit);
        let new_cond = pos.ins().icmp(cc, next, new_limit);
        if let InstructionData::Brif { arg, .. } = &mut func.dfg.insts[term] {
            *arg = new_cond;
        }
        rewritten += 1;
    }
    rewritten
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use cranelift_codegen::ir::{types, AbiParam, Function, Signature, UserFuncName};
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// Seals and finalizes a function built for a test.
    pub(crate) fn finish(mut b: FunctionBuilder) {
        b.seal_all_blocks();
        b.finalize(cranelift_codegen::isa::TargetFrontendConfig {
            default_call_conv: CallConv::SystemV,
            pointer_width: target_lexicon::PointerWidth::U64,
            page_size_align_log2: 12,
        });
    }

    /// `entry(params): jump header(params[0]); header(p): <body>; exit: return`, where `body`
    /// (given the builder, the entry's parameters, `p`, the header and the exit block) ends
    /// the header with its branch.
    fn loop_function(
        params: &[ir::Type],
        body: impl FnOnce(&mut FunctionBuilder, &[Value], Value, ir::Block, ir::Block),
    ) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.extend(params.iter().map(|&t| AbiParam::new(t)));
        let mut func = Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        let header = b.create_block();
        let exit = b.create_block();
        b.append_block_params_for_function_params(entry);
        let p = b.append_block_param(header, params[0]);
        b.switch_to_block(entry);
        let args = b.block_params(entry).to_vec();
        b.ins().jump(header, &[args[0].into()]);
        b.switch_to_block(header);
        body(&mut b, &args, p, header, exit);
        b.switch_to_block(exit);
        b.ins().return_(&[]);
        finish(b);
        func
    }

    /// `loop(i): i' = i + step; brif (i == limit) exit, loop(i')` as the e-graph leaves it.
    fn counted_loop(ty: ir::Type, step: i64, limit: i64, cc: IntCC) -> Function {
        loop_function(&[ty], |b, _, i, header, exit| {
            let c = b.ins().iconst(ty, step);
            let next = b.ins().iadd(i, c);
            let k = b.ins().iconst(ty, limit);
            let done = b.ins().icmp(cc, i, k);
            b.ins().brif(done, exit, &[], header, &[next.into()]);
        })
    }

    fn exit_test(func: &Function) -> String {
        let header = func.layout.blocks().nth(1).unwrap();
        let term = func.layout.last_inst(header).unwrap();
        let InstructionData::Brif { arg, .. } = func.dfg.insts[term] else {
            panic!("header does not end in brif");
        };
        let ValueDef::Result(cmp, _) = func.dfg.value_def(arg) else {
            panic!("condition is not an instruction result");
        };
        let InstructionData::IntCompare { cond, args, .. } = func.dfg.insts[cmp] else {
            panic!("condition is not an icmp");
        };
        let limit = iconst_of(func, args[1]).unwrap();
        let on_next = offset_from(func, args[0], func.dfg.block_params(header)[0]).is_some();
        format!("{cond} {} {limit:#x}", if on_next { "next" } else { "i" })
    }

    #[test]
    fn equality_exit_tests_move_to_the_next_value() {
        let mut f = counted_loop(types::I32, 16, 0xff0, IntCC::Equal);
        assert_eq!(compare_next_induction_value(&mut f), 1);
        assert_eq!(exit_test(&f), "eq next 0x1000");
        verify(&f);
        let mut f = counted_loop(types::I64, 1, 99, IntCC::NotEqual);
        assert_eq!(compare_next_induction_value(&mut f), 1);
        assert_eq!(exit_test(&f), "ne next 0x64");
        verify(&f);
    }

    #[test]
    fn constants_wrap_at_the_type_width() {
        let mut f = counted_loop(types::I32, 1, 0xffff_ffff, IntCC::Equal);
        assert_eq!(compare_next_induction_value(&mut f), 1);
        assert_eq!(exit_test(&f), "eq next 0x0");
        verify(&f);
        let mut f = counted_loop(types::I32, -1, 0, IntCC::NotEqual);
        assert_eq!(compare_next_induction_value(&mut f), 1);
        assert_eq!(exit_test(&f), "ne next 0xffffffff");
        verify(&f);
    }

    /// `loop(p): p' = p + 56; load p'; store p + 96; jump loop(p')`: `p'` is used early and `p`
    /// late, as the e-graph leaves a strided pointer loop.
    fn strided_loop(uses_p_late: bool) -> Function {
        let ty = types::I32;
        let mut func = Function::with_name_signature(
            UserFuncName::default(),
            Signature::new(CallConv::SystemV),
        );
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        let header = b.create_block();
        let p = b.append_block_param(header, ty);
        b.switch_to_block(entry);
        let zero = b.ins().iconst(ty, 0);
        b.ins().jump(header, &[zero.into()]);
        b.switch_to_block(header);
        let step = b.ins().iconst(ty, 56);
        let next = b.ins().iadd(p, step);
        let addr = b.ins().uextend(types::I64, next);
        b.ins().load(ty, ir::MemFlagsData::trusted(), addr, 0);
        if uses_p_late {
            let late = b.ins().iconst(ty, 96);
            let q = b.ins().iadd(p, late);
            let addr = b.ins().uextend(types::I64, q);
            b.ins().store(ir::MemFlagsData::trusted(), q, addr, 0);
        }
        b.ins().jump(header, &[next.into()]);
        finish(b);
        func
    }

    /// The header's back-edge argument and the instruction right before the jump.
    fn back_edge(func: &Function) -> (Value, ir::Inst) {
        let header = func.layout.blocks().nth(1).unwrap();
        let term = func.layout.last_inst(header).unwrap();
        let InstructionData::Jump { destination, .. } = func.dfg.insts[term] else {
            panic!("header does not end in jump");
        };
        let arg = destination
            .args(&func.dfg.value_lists)
            .next()
            .unwrap()
            .as_value()
            .unwrap();
        (arg, func.layout.prev_inst(term).unwrap())
    }

    #[test]
    fn increments_are_recomputed_at_the_back_edge() {
        let mut f = strided_loop(true);
        let (before, _) = back_edge(&f);
        assert_eq!(recompute_loop_increments(&mut f), 1);
        let (after, last) = back_edge(&f);
        assert_ne!(after, before);
        assert_eq!(f.dfg.value_def(after), ValueDef::Result(last, 0));
        let header = f.layout.blocks().nth(1).unwrap();
        let p = f.dfg.block_params(header)[0];
        assert_eq!(offset_from(&f, after, p), Some(56));
        verify(&f);
    }

    #[test]
    fn increments_stay_when_the_old_value_dies_first() {
        let mut f = strided_loop(false);
        assert_eq!(recompute_loop_increments(&mut f), 0);
    }

    #[test]
    fn ordered_comparisons_are_left_alone() {
        let mut f = counted_loop(types::I32, 1, 100, IntCC::SignedLessThan);
        assert_eq!(compare_next_induction_value(&mut f), 0);
        assert_eq!(exit_test(&f), "slt i 0x64");
    }

    /// `p = load.i32 a; q = uextend.i64 p; load.i32 q; return p + 1` (a pointer loaded and
    /// followed), optionally through `uload8`.
    fn pointer_chase(opcode: Opcode) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I32));
        let mut func = Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let a = b.block_params(entry)[0];
        let flags = ir::MemFlagsData::trusted();
        let p = match opcode {
            Opcode::Uload8 => b.ins().uload8(types::I32, flags, a, 4),
            _ => b.ins().load(types::I32, flags, a, 4),
        };
        let q = b.ins().uextend(types::I64, p);
        b.ins().load(types::I32, flags, q, 0);
        let r = b.ins().iadd_imm_s(p, 1);
        b.ins().return_(&[r]);
        finish(b);
        func
    }

    #[test]
    fn loaded_pointers_are_loaded_zero_extended() {
        for (opcode, wide) in [
            (Opcode::Load, Opcode::Uload32),
            (Opcode::Uload8, Opcode::Uload8),
        ] {
            let mut f = pointer_chase(opcode);
            assert_eq!(widen_loads_used_as_addresses(&mut f), 1);
            let insts: Vec<_> = f
                .layout
                .block_insts(f.layout.entry_block().unwrap())
                .collect();
            let ops: Vec<Opcode> = insts.iter().map(|&i| f.dfg.insts[i].opcode()).collect();
            assert!(!ops.contains(&Opcode::Uextend), "{ops:?}");
            // The widened load feeds the second load's address; the 32-bit add uses its ireduce.
            let first = insts[0];
            assert_eq!(ops[0], wide);
            assert_eq!(f.dfg.ctrl_typevar(first), types::I64);
            let wide_value = f.dfg.first_result(first);
            let second = insts[ops.iter().position(|&o| o == Opcode::Load).unwrap()];
            assert_eq!(f.dfg.inst_args(second), &[wide_value]);
            assert!(ops.contains(&Opcode::Ireduce));
            verify(&f);
        }
    }

    #[test]
    fn loads_without_extension_stay() {
        let mut f = counted_loop(types::I32, 1, 10, IntCC::Equal);
        assert_eq!(widen_loads_used_as_addresses(&mut f), 0);
    }

    /// How the value the loop passes back is computed.
    #[derive(Clone, Copy)]
    enum Next {
        /// `p + 4`: 32-bit arithmetic, whose extension is free.
        Add,
        /// `select(c, p, start)`: the backend cannot tell its upper half is clear.
        Select,
    }

    /// `entry(start, limit): jump header(start); header(p): x = load [uextend p]; ...;
    /// p' = next; brif p' == limit, exit, header(p')` (as a loop over wasm memory looks).
    fn pointer_loop(next: Next) -> Function {
        loop_function(&[types::I32, types::I32], |b, args, p, header, exit| {
            let (start, limit) = (args[0], args[1]);
            let addr = b.ins().uextend(types::I64, p);
            let x = b
                .ins()
                .load(types::I32, ir::MemFlagsData::trusted(), addr, 0);
            let four = b.ins().iconst(types::I32, 4);
            let next = match next {
                Next::Add => b.ins().iadd(p, four),
                Next::Select => b.ins().select(x, p, start),
            };
            let done = b.ins().icmp(IntCC::Equal, next, limit);
            b.ins().brif(done, exit, &[], header, &[next.into()]);
        })
    }

    /// [`widen_params_used_as_addresses`] with freshly computed analyses.
    fn widen_params(f: &mut Function) -> usize {
        let cfg = ControlFlowGraph::with_function(f);
        let domtree = DominatorTree::with_function(f, &cfg);
        widen_params_used_as_addresses(f, &cfg, &domtree, &mut LoopAnalysis::new())
    }

    /// Runs Cranelift's verifier on `f`, for the target the rewrites run for (x86_64).
    pub(crate) fn verify(f: &Function) {
        let isa =
            crate::target::target_isa(crate::OptLevel::Speed, crate::TargetCpu::Native).unwrap();
        if let Err(e) = cranelift_codegen::verify_function(f, &*isa) {
            panic!("{e}\n{}", f.display());
        }
    }

    #[test]
    fn loop_pointers_become_zero_extended_parameters() {
        let mut f = pointer_loop(Next::Add);
        assert_eq!(widen_params(&mut f), 1);
        verify(&f);
        let header = f.layout.blocks().nth(1).unwrap();
        let wide = f.dfg.block_params(header)[0];
        assert_eq!(f.dfg.value_type(wide), types::I64);
        // The load's address is the parameter itself: no extension inside the loop but the
        // one of the value passed back, which is 32-bit arithmetic (free on x64).
        let insts: Vec<_> = f.layout.block_insts(header).collect();
        let load = insts
            .iter()
            .find(|&&i| f.dfg.insts[i].opcode() == Opcode::Load)
            .unwrap();
        assert_eq!(f.dfg.inst_args(*load), &[wide]);
        let extends: Vec<_> = insts
            .iter()
            .filter(|&&i| f.dfg.insts[i].opcode() == Opcode::Uextend)
            .collect();
        assert_eq!(extends.len(), 1);
        let extended = f.dfg.inst_args(*extends[0])[0];
        assert!(extends_for_free(&f, extended), "{}", f.display());
        // Entering the loop extends the function's argument once.
        let entry = f.layout.entry_block().unwrap();
        let ops: Vec<_> = f
            .layout
            .block_insts(entry)
            .map(|i| f.dfg.insts[i].opcode())
            .collect();
        assert_eq!(ops, [Opcode::Uextend, Opcode::Jump]);
    }

    #[test]
    fn loop_pointers_stay_when_the_loop_would_pay_for_the_extension() {
        let mut f = pointer_loop(Next::Select);
        assert_eq!(widen_params(&mut f), 0);
        let header = f.layout.blocks().nth(1).unwrap();
        assert_eq!(f.dfg.value_type(f.dfg.block_params(header)[0]), types::I32);
    }

    #[test]
    fn parameters_of_blocks_outside_loops_stay() {
        // `counted_loop`'s exit has no parameters; a straight-line join does not count either.
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I32));
        let mut func = Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        let join = b.create_block();
        b.append_block_params_for_function_params(entry);
        let p = b.append_block_param(join, types::I32);
        b.switch_to_block(entry);
        let start = b.block_params(entry)[0];
        let one = b.ins().iconst(types::I32, 1);
        let q = b.ins().iadd(start, one);
        b.ins().jump(join, &[q.into()]);
        b.switch_to_block(join);
        let addr = b.ins().uextend(types::I64, p);
        b.ins()
            .load(types::I32, ir::MemFlagsData::trusted(), addr, 0);
        b.ins().return_(&[]);
        finish(b);
        assert_eq!(widen_params(&mut func), 0);
    }
}
