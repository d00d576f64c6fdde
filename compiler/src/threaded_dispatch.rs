//! Threaded dispatch: an interpreter's `switch` in a loop gets one indirect jump per case.
//!
//! C interpreters written as `for (;;) switch (*pc++) { case ...: ...; continue; }` compile to
//! a loop whose header loads the next opcode and ends in `br_table`, and whose cases all jump
//! back to that header: one indirect jump executes every dispatch, so the branch predictor
//! sees a single site for all opcode-to-opcode transitions and mispredicts often. Copying the
//! small header into the end of each case gives every case its own indirect jump, whose
//! target the predictor learns from what usually follows that case (the "threaded code" of
//! interpreters written with computed gotos, which wasm cannot express).
//!
//! [`thread_dispatch_loops`] does this after the e-graph pass (on x86_64, where it was
//! measured: `late_rewrites` runs it) for a block that ends in `br_table`, has at most
//! [`MAX_HEADER_INSTS`] instructions and at least two predecessors that jump to it
//! unconditionally from inside the loop it heads. First the values the header defines (its
//! parameters included) stop being used directly below it: each child of the header in the
//! dominator tree whose subtree uses one (or must pass it on to another child) gets it as a
//! block parameter, passed on every edge into it, the `br_table`'s included. Then each jump
//! back is replaced by a copy of the header, reading the jump's arguments where the header
//! reads its parameters. Every path still executes the same instructions, so traps and side
//! effects are unchanged. The copies' jump tables are bounded per function
//! ([`MAX_COPIED_ENTRIES`]): a case that receives values costs an edge block with register
//! moves per copy.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{self, BlockArg, InstructionData, Opcode, Value};

/// Largest header (instructions before the `br_table`) that is copied.
pub const MAX_HEADER_INSTS: usize = 16;

/// Most jump-table entries the copies in one function may add together. Each costs 4 bytes of
/// table, and an edge block with register moves when the case it leads to receives values
/// (Lua's interpreter: 77 copies of an 84-entry table, +270 KB of code, -3% run time).
const MAX_COPIED_ENTRIES: usize = 8192;

/// Threads every dispatch loop of `func`, whose current CFG and dominator tree are given;
/// returns whether anything changed (they must then be recomputed).
pub fn thread_dispatch_loops(
    func: &mut ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
) -> bool {
    let headers: Vec<ir::Block> = func
        .layout
        .blocks()
        .filter(|&b| {
            func.layout.last_inst(b).is_some_and(|t| {
                func.dfg.insts[t].opcode() == Opcode::BrTable
                    && func
                        .layout
                        .block_insts(b)
                        .nth(MAX_HEADER_INSTS + 1)
                        .is_none()
            })
        })
        .collect();
    if headers.is_empty() {
        return false;
    }
    // Values are compared by identity below.
    func.dfg.resolve_all_aliases();
    // After a change, this function's own analyses replace the caller's.
    let mut updated: Option<(ControlFlowGraph, DominatorTree)> = None;
    let mut budget = MAX_COPIED_ENTRIES;
    for header in headers {
        let (cfg, domtree) = match &updated {
            Some((c, d)) => (c, d),
            None => (cfg, domtree),
        };
        if thread_one(func, cfg, domtree, header, &mut budget) {
            let cfg = ControlFlowGraph::with_function(func);
            let domtree = DominatorTree::with_function(func, &cfg);
            updated = Some((cfg, domtree));
        }
    }
    updated.is_some()
}

fn thread_one(
    func: &mut ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    header: ir::Block,
    budget: &mut usize,
) -> bool {
    let Some(dispatch) = func.layout.last_inst(header) else {
        return false;
    };
    let InstructionData::BranchTable { table, .. } = func.dfg.insts[dispatch] else {
        return false;
    };
    // Jumps back into the header from inside its loop.
    let back: Vec<ir::Inst> = cfg
        .pred_iter(header)
        .filter(|p| {
            p.block != header
                && func.dfg.insts[p.inst].opcode() == Opcode::Jump
                && domtree.dominates(header, p.block, &func.layout)
        })
        .map(|p| p.inst)
        .collect();
    let added = back.len() * func.dfg.jump_tables[table].all_branches().len();
    if back.len() < 2 || added > *budget {
        return false;
    }
    let Some(needed) = needed_values(func, cfg, domtree, header) else {
        return false;
    };
    *budget -= added;
    pass_to_children(func, cfg, domtree, header, &needed);
    for jump in back {
        copy_header_over(func, header, jump);
    }
    true
}

/// Which header values (parameters and results) each child of the header in the dominator
/// tree must receive as a parameter: those used in its subtree, and those it must pass on to
/// another child (an edge into a child carries the values it needs). `None` if some use is in
/// a block the header does not dominate, or an edge into a child is not a plain branch.
fn needed_values(
    func: &ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    header: ir::Block,
) -> Option<HashMap<ir::Block, Vec<Value>>> {
    let mut defined: HashSet<Value> = func.dfg.block_params(header).iter().copied().collect();
    for inst in func.layout.block_insts(header) {
        defined.extend(func.dfg.inst_results(inst));
    }
    let mut uses: Vec<(ir::Block, Value)> = Vec::new();
    for block in func.layout.blocks().filter(|&b| b != header) {
        for inst in func.layout.block_insts(block) {
            uses.extend(
                func.dfg
                    .inst_values(inst)
                    .filter(|v| defined.contains(v))
                    .map(|v| (block, v)),
            );
        }
    }
    let mut needed: HashMap<ir::Block, Vec<Value>> = HashMap::new();
    while let Some((block, v)) = uses.pop() {
        let child = child_above(domtree, header, block)?;
        let values = needed.entry(child).or_default();
        if values.contains(&v) {
            continue;
        }
        values.push(v);
        for pred in cfg.pred_iter(child) {
            let opcode = func.dfg.insts[pred.inst].opcode();
            if !matches!(opcode, Opcode::Jump | Opcode::Brif | Opcode::BrTable) {
                return None;
            }
            if pred.block != header {
                uses.push((pred.block, v));
            }
        }
    }
    Some(needed)
}

/// Gives each child of the header the parameters [`needed_values`] found, passes the values
/// on every edge into it, and makes the uses in its subtree read the parameters.
fn pass_to_children(
    func: &mut ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    header: ir::Block,
    needed: &HashMap<ir::Block, Vec<Value>>,
) {
    let mut renamed: HashMap<ir::Block, HashMap<Value, Value>> = HashMap::new();
    for (&child, values) in needed {
        let edges: Vec<ir::Inst> = cfg.pred_iter(child).map(|p| p.inst).collect();
        for &v in values {
            let ty = func.dfg.value_type(v);
            let param = func.dfg.append_block_param(child, ty);
            renamed.entry(child).or_default().insert(v, param);
            for &branch in &edges {
                let dfg = &mut func.dfg;
                for call in dfg.insts[branch]
                    .branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables)
                {
                    if call.block(&dfg.value_lists) == child {
                        call.append_argument(v, &mut dfg.value_lists);
                    }
                }
            }
        }
    }
    let blocks: Vec<ir::Block> = func.layout.blocks().collect();
    for block in blocks {
        let Some(renamed) = child_above(domtree, header, block).and_then(|c| renamed.get(&c))
        else {
            continue;
        };
        let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
        for inst in insts {
            func.dfg
                .map_inst_values(inst, |v| renamed.get(&v).copied().unwrap_or(v));
        }
    }
}

/// The child of `header` in the dominator tree whose subtree holds `block`; `None` for the
/// header itself and for blocks it does not dominate.
fn child_above(domtree: &DominatorTree, header: ir::Block, block: ir::Block) -> Option<ir::Block> {
    let mut child = block;
    loop {
        let parent = domtree.idom(child)?;
        if parent == header {
            return Some(child);
        }
        child = parent;
    }
}

/// Replaces `jump` (an unconditional jump to `header`) by a copy of the header's instructions,
/// reading the jump's arguments where the header reads its parameters.
fn copy_header_over(func: &mut ir::Function, header: ir::Block, jump: ir::Inst) {
    let block = func.layout.inst_block(jump).expect("jump is in the layout");
    let mut map: HashMap<Value, Value> = HashMap::new();
    {
        let dfg = &func.dfg;
        let calls = dfg.insts[jump].branch_destination(&dfg.jump_tables, &dfg.exception_tables);
        let params = dfg.block_params(header);
        for (p, a) in params.iter().zip(calls[0].args(&dfg.value_lists)) {
            if let BlockArg::Value(a) = a {
                map.insert(*p, a);
            }
        }
    }
    func.layout.remove_inst(jump);
    let header_insts: Vec<ir::Inst> = func.layout.block_insts(header).collect();
    for inst in header_insts {
        let copy = func.dfg.clone_inst(inst);
        // `clone_inst` shares the jump table; the copy gets its own, with its own arguments.
        let dfg = &mut func.dfg;
        if let InstructionData::BranchTable { table, .. } = dfg.insts[copy] {
            let mut copied = dfg.jump_tables[table].clone();
            for call in copied.all_branches_mut() {
                *call = call.deep_clone(&mut dfg.value_lists);
            }
            let own = dfg.jump_tables.push(copied);
            if let InstructionData::BranchTable { table, .. } = &mut dfg.insts[copy] {
                *table = own;
            }
        }
        func.dfg
            .map_inst_values(copy, |v| map.get(&v).copied().unwrap_or(v));
        let old_results: Vec<Value> = func.dfg.inst_results(inst).to_vec();
        let new_results: Vec<Value> = func.dfg.inst_results(copy).to_vec();
        for (o, n) in old_results.into_iter().zip(new_results) {
            map.insert(o, n);
        }
        let loc = func.srcloc(inst);
        func.layout.append_inst(copy, block);
        func.set_srcloc(copy, loc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::late_opts::tests::{finish, verify};
    use cranelift_codegen::cursor::{Cursor, FuncCursor};
    use cranelift_codegen::ir::condcodes::IntCC;
    use cranelift_codegen::ir::{
        types, AbiParam, BlockCall, Function, InstBuilder, JumpTableData, Signature, UserFuncName,
    };
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// A dispatch loop over `pc` (opcode `pc & 3`) and an accumulator:
    /// `header(pc, acc): pc1 = pc + 1; br_table pc & 3, exit(acc), [add, mul, test]`, where
    /// `add` and `mul` jump back with a new accumulator and `test` jumps back through `again`
    /// while `pc1 < 100`. With `join`, `add` and `mul` instead jump to `joined(acc')`, which
    /// uses `pc1` and then jumps back: a block the header does not reach directly.
    fn dispatch_loop(join: bool) -> Function {
        dispatch_loop_of_width(join, 3)
    }

    /// [`dispatch_loop`] with a jump table of `width` entries (the ones past the third lead to
    /// `add` too).
    fn dispatch_loop_of_width(join: bool, width: usize) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I32));
        sig.returns.push(AbiParam::new(types::I32));
        let mut func = Function::with_name_signature(UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let [entry, header, add, mul, test, again, exit] = [(); 7].map(|_| b.create_block());
        // Created only when used: the e-graph pass leaves no unreachable blocks.
        let joined = if join { b.create_block() } else { exit };
        b.append_block_params_for_function_params(entry);
        let pc = b.append_block_param(header, types::I32);
        let acc = b.append_block_param(header, types::I32);
        let joined_acc = if join {
            b.append_block_param(joined, types::I32)
        } else {
            acc
        };
        let result = b.append_block_param(exit, types::I32);

        b.switch_to_block(entry);
        let n = b.block_params(entry)[0];
        let zero = b.ins().iconst(types::I32, 0);
        b.ins().jump(header, &[zero.into(), n.into()]);

        b.switch_to_block(header);
        let pc1 = b.ins().iadd_imm_s(pc, 1);
        let op = b.ins().band_imm_s(pc, 3);
        let cases: Vec<BlockCall> = [add, mul, test]
            .into_iter()
            .chain(std::iter::repeat(add))
            .take(width)
            .map(|c| b.func.dfg.block_call(c, &[]))
            .collect();
        let default = b.func.dfg.block_call(exit, &[acc.into()]);
        let table = b.create_jump_table(JumpTableData::new(default, &cases));
        b.ins().br_table(op, table);

        for (case, sum) in [(add, true), (mul, false)] {
            b.switch_to_block(case);
            let next = if sum {
                b.ins().iadd_imm_s(acc, 1)
            } else {
                b.ins().imul_imm_s(acc, 3)
            };
            if join {
                b.ins().jump(joined, &[next.into()]);
            } else {
                b.ins().jump(header, &[pc1.into(), next.into()]);
            }
        }
        if join {
            b.switch_to_block(joined);
            let bumped = b.ins().iadd(joined_acc, pc1);
            b.ins().jump(header, &[pc1.into(), bumped.into()]);
        }

        b.switch_to_block(test);
        let more = b.ins().icmp_imm_s(IntCC::UnsignedLessThan, pc1, 100);
        b.ins().brif(more, again, &[], exit, &[acc.into()]);
        b.switch_to_block(again);
        b.ins().jump(header, &[pc1.into(), acc.into()]);

        b.switch_to_block(exit);
        b.ins().return_(&[result]);
        finish(b);
        func
    }

    fn thread(func: &mut Function) -> bool {
        let cfg = ControlFlowGraph::with_function(func);
        let domtree = DominatorTree::with_function(func, &cfg);
        thread_dispatch_loops(func, &cfg, &domtree)
    }

    fn count(func: &Function, opcode: Opcode) -> usize {
        func.layout
            .blocks()
            .flat_map(|b| func.layout.block_insts(b))
            .filter(|&i| func.dfg.insts[i].opcode() == opcode)
            .count()
    }

    #[test]
    fn each_case_gets_its_own_dispatch() {
        let mut f = dispatch_loop(false);
        verify(&f);
        assert!(thread(&mut f));
        verify(&f);
        // The header and one copy in each of the three blocks that jumped back.
        assert_eq!(count(&f, Opcode::BrTable), 4, "{}", f.display());
        let header = f.layout.blocks().nth(1).unwrap();
        let cfg = ControlFlowGraph::with_function(&f);
        let preds: Vec<_> = cfg.pred_iter(header).collect();
        assert_eq!(preds.len(), 1, "only the entry still jumps to the header");
        // Each copy computes its own `pc + 1` and opcode.
        assert_eq!(count(&f, Opcode::Iadd), 4 + 1, "{}", f.display());
        assert_eq!(count(&f, Opcode::Band), 4, "{}", f.display());
    }

    #[test]
    fn values_reach_a_shared_block_through_parameters() {
        // `add` and `mul` both jump to `joined`, which uses the header's `pc + 1`: `joined`
        // gets it as a parameter, passed along by both.
        let mut f = dispatch_loop(true);
        assert!(thread(&mut f));
        verify(&f);
        // The header, and copies in `joined` and `again`.
        assert_eq!(count(&f, Opcode::BrTable), 3, "{}", f.display());
    }

    #[test]
    fn copies_stay_within_the_budget() {
        // Three jumps back times 2731 entries (with the default) is one more than allowed.
        let width = MAX_COPIED_ENTRIES / 3;
        let mut f = dispatch_loop_of_width(false, width);
        assert!(!thread(&mut f));
        let mut f = dispatch_loop_of_width(false, width - 1);
        assert!(thread(&mut f));
        verify(&f);
    }

    #[test]
    fn a_loop_entered_by_one_jump_back_is_left_alone() {
        let mut f = dispatch_loop(true);
        // Make `again` leave the loop: only `joined` jumps back. (Blocks in creation order.)
        let [again, exit] = [5, 6].map(ir::Block::from_u32);
        let jump = f.layout.last_inst(again).unwrap();
        let acc = f.dfg.block_params(f.layout.blocks().nth(1).unwrap())[1];
        f.layout.remove_inst(jump);
        let mut cur = FuncCursor::new(&mut f).at_bottom(again);
        cur.ins().jump(exit, &[acc.into()]);
        verify(&f);
        let before = f.display().to_string();
        assert!(!thread(&mut f));
        assert_eq!(f.display().to_string(), before);
    }
}
