//! Where compiled code came from in the wasm module, for trap backtraces: the translator
//! gives every instruction the module byte offset of its wasm operator as its source
//! location; Cranelift's inliner drops the locations of the instructions it copies from a
//! callee, so [`InlinedSites::restore`] gives them back, marked as inlined (an index into
//! the function's [`InlinedLocs`] table: callee, callee offset, call offset). After
//! compilation, [`site_locs`] records the location of every trap site and call return
//! address ([`SiteLoc`]), which is all a backtrace reads.

use cranelift_codegen::entity::EntityRef;
use cranelift_codegen::ir::{self, Opcode, SourceLoc};
use cranelift_codegen::traversals::Dfs;
use cranelift_codegen::CompiledCode;
use wasm2native_abi::code_meta::SiteLoc;

/// Source locations with this bit set index the function's [`InlinedLocs`]; others are module
/// byte offsets (modules are far below 2 GiB).
const INLINED: u32 = 1 << 31;

/// One call site the inliner replaced by a callee's body.
pub struct InlinedSite<'a> {
    /// The number of instructions of the caller before the callee's were copied: the copies
    /// are the next ones created.
    pub first_copy: usize,
    /// The callee's module function index and translated body.
    pub callee: u32,
    pub body: &'a ir::Function,
    /// The location of the call.
    pub call: SourceLoc,
}

/// The locations of inlined instructions: (callee, offset in the module of the callee's
/// instruction, offset of the call).
pub type InlinedLocs = Vec<(u32, u32, u32)>;

/// The call sites inlined into one function, in the order the inliner visited them.
#[derive(Default)]
pub struct InlinedSites<'a>(pub Vec<InlinedSite<'a>>);

impl InlinedSites<'_> {
    /// Gives the instructions copied into `func` the locations of the callee instructions
    /// they copy, marked as inlined; returns the table the marks index.
    pub fn restore(&self, func: &mut ir::Function) -> InlinedLocs {
        let mut table = InlinedLocs::new();
        let ends = self.0.iter().skip(1).map(|s| s.first_copy);
        let ends = ends.chain(std::iter::once(func.dfg.num_insts()));
        for (site, end) in self.0.iter().zip(ends) {
            let copies = (site.first_copy..end).map(ir::Inst::new);
            let originals = copies_in_order(site.body);
            let mut last = SourceLoc::default();
            let mut originals = originals.into_iter().peekable();
            for copy in copies {
                if func.layout.inst_block(copy).is_none() {
                    continue;
                }
                // An extra instruction of the inliner's (a jump after a tail call made a call)
                // takes the previous location; a copy takes its original's.
                if let Some(&orig) = originals.peek() {
                    if copied_opcode(site.body.dfg.insts[orig].opcode())
                        == func.dfg.insts[copy].opcode()
                    {
                        last = site.body.srcloc(orig);
                        originals.next();
                    }
                }
                if last.is_default() {
                    continue;
                }
                let index = u32::try_from(table.len()).expect("fewer than 2^31 locations");
                table.push((site.callee, last.bits(), site.call.bits()));
                func.set_srcloc(copy, SourceLoc::new(INLINED | index));
            }
        }
        table
    }
}

/// The callee's instructions in the order Cranelift's inliner copies them: blocks in
/// depth-first pre-order, each block's instructions in layout order.
fn copies_in_order(callee: &ir::Function) -> Vec<ir::Inst> {
    Dfs::new()
        .pre_order_iter(callee)
        .flat_map(|b| callee.layout.block_insts(b))
        .collect()
}

/// The opcode the inliner gives the copy of an instruction with opcode `op`.
fn copied_opcode(op: Opcode) -> Opcode {
    match op {
        Opcode::Return => Opcode::Jump,
        Opcode::ReturnCall => Opcode::Call,
        Opcode::ReturnCallIndirect => Opcode::CallIndirect,
        other => other,
    }
}

/// The location of every trap site and every call's return address in `compiled`, from
/// the source locations of the code there; `inlined` is the function's table.
pub fn site_locs(compiled: &CompiledCode, inlined: &InlinedLocs) -> Vec<SiteLoc> {
    let ranges = compiled.buffer.get_srclocs_sorted();
    let loc_at = |offset: u32| {
        let i = ranges.partition_point(|r| r.end <= offset);
        let r = ranges.get(i).filter(|r| r.start <= offset)?;
        let loc = r.loc;
        if loc.is_default() {
            return None;
        }
        let bits = loc.bits();
        if bits & INLINED == 0 {
            return Some((bits, None));
        }
        let &(callee, wasm, call) = inlined.get((bits & !INLINED) as usize)?;
        Some((call, Some((callee, wasm))))
    };
    let traps = compiled.buffer.traps().iter().map(|t| (t.offset, t.offset));
    // A return address is the end of its call: the call's location is the byte before it.
    let calls = compiled
        .buffer
        .call_sites()
        .map(|c| (c.ret_addr, c.ret_addr - 1));
    let mut locs: Vec<SiteLoc> = traps
        .chain(calls)
        .filter_map(|(code, probe)| {
            let (wasm, inlined) = loc_at(probe)?;
            Some(SiteLoc {
                code,
                wasm,
                inlined,
            })
        })
        .collect();
    locs.sort_by_key(|l| l.code);
    locs.dedup_by_key(|l| l.code);
    locs
}
