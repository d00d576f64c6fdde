//! Tables whose contents are fixed once the module is instantiated, so `call_indirect` can
//! read a read-only copy built at compile time instead of the instance's table.
//!
//! A funcref table qualifies when the module defines it (not imported), does not export it,
//! no instruction can change it (`table.set/grow/fill`, or `table.copy/init` into it), and
//! every active element segment for it has a constant offset, lies inside its initial size
//! and holds only `ref.func`/`ref.null` items naming defined or host-imported functions. Its
//! contents are then the same in every instance (a fresh instance per thread included), and
//! its callees all run with the caller's vmctx. `call_indirect` through it compares a
//! module-local type id stored next to each code address (see `FuncEnv::call_indirect`).
//!
//! Each entry is [`ENTRY_SIZE`] bytes: the code address (0 for null), then the callee's
//! module-local type id (`NULL_TYPE` for null) at [`ENTRY_TYPE_OFFSET`].

use crate::module_info::{FuncImportBinding, FuncIndex, ModuleInfo, TableIndex};
use rayon::prelude::*;
use std::collections::HashMap;
use wasm2native_abi::meta::{ConstOp, ExternKind, FuncType, SegmentMode, ValType};
use wasmparser::Operator;

pub const ENTRY_SIZE: u32 = 16;
pub const ENTRY_TYPE_OFFSET: i32 = 8;
/// Type id of a null entry (no module has this many types).
pub const NULL_TYPE: u32 = u32::MAX;
/// Larger tables keep the instance path (their copy would bloat the executable).
const MAX_ENTRIES: u64 = 1 << 16;

/// The fixed contents of one table.
pub struct StaticTable {
    pub entries: Vec<Option<FuncIndex>>,
}

/// Per type index, its module-local id: the first index of a structurally equal type.
pub fn local_type_ids(info: &ModuleInfo) -> Vec<u32> {
    let mut first: HashMap<&FuncType, u32> = HashMap::new();
    info.types
        .iter()
        .map(|(t, ty)| *first.entry(ty).or_insert(t.as_u32()))
        .collect()
}

/// The tables of `info` that qualify, with their contents.
pub fn find(info: &ModuleInfo) -> HashMap<TableIndex, StaticTable> {
    let exported: Vec<u32> = info
        .exports
        .iter()
        .filter(|e| e.kind == ExternKind::Table)
        .map(|e| e.index)
        .collect();
    let mut candidates: Vec<TableIndex> = info
        .tables
        .iter()
        .filter(|(t, ty)| {
            t.as_u32() >= info.num_imported_tables
                && ty.elem == ValType::FuncRef
                && ty.min <= MAX_ENTRIES
                && !exported.contains(&t.as_u32())
        })
        .map(|(t, _)| t)
        .collect();
    if candidates.is_empty() {
        return HashMap::new();
    }
    let mutated = mutated_tables(info);
    candidates.retain(|t| !mutated.contains(&t.as_u32()));
    candidates
        .into_iter()
        .filter_map(|t| contents(info, t).map(|entries| (t, StaticTable { entries })))
        .collect()
}

/// Indices of tables some instruction may change (every table if a body does not parse).
fn mutated_tables(info: &ModuleInfo) -> Vec<u32> {
    let per_body: Vec<Option<Vec<u32>>> = info
        .bodies
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|body| {
            let mut found = Vec::new();
            let mut ops = body.get_operators_reader().ok()?;
            while !ops.eof() {
                match ops.read().ok()? {
                    Operator::TableSet { table }
                    | Operator::TableGrow { table }
                    | Operator::TableFill { table }
                    | Operator::TableInit { table, .. }
                    | Operator::TableCopy {
                        dst_table: table, ..
                    } => found.push(table),
                    _ => {}
                }
            }
            Some(found)
        })
        .collect();
    let mut all = Vec::new();
    for found in per_body {
        match found {
            Some(f) => all.extend(f),
            None => return (0..info.tables.len() as u32).collect(),
        }
    }
    all
}

/// The contents of table `t` after instantiation, if the element segments allow knowing them.
fn contents(info: &ModuleInfo, t: TableIndex) -> Option<Vec<Option<FuncIndex>>> {
    let mut entries = vec![None; info.tables[t].min as usize];
    for seg in &info.elems {
        let SegmentMode::Active { index, offset } = &seg.mode else {
            continue;
        };
        if *index != t.as_u32() {
            continue;
        }
        let [ConstOp::I32(start)] = offset.as_slice() else {
            return None;
        };
        let start = *start as u32 as usize;
        let end = start.checked_add(seg.items.len())?;
        if end > entries.len() {
            return None; // instantiation traps: keep the ordinary path
        }
        for (slot, item) in entries[start..end].iter_mut().zip(&seg.items) {
            *slot = match item.as_slice() {
                [ConstOp::RefNull] => None,
                [ConstOp::RefFunc(f)] => {
                    let f = FuncIndex::from_u32(*f);
                    let callable = match info.defined_func_index(f) {
                        Some(_) => true,
                        None => matches!(
                            info.func_imports[f.as_u32() as usize],
                            FuncImportBinding::Host(_)
                        ),
                    };
                    if !callable {
                        return None;
                    }
                    Some(f)
                }
                _ => return None,
            };
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_info::{default_features, ImportPolicy};

    fn static_tables_of(wat: &str) -> Vec<(u32, Vec<Option<u32>>)> {
        let wasm = wat::parse_str(wat).unwrap();
        let info = ModuleInfo::parse(&wasm, ImportPolicy::Linkable, default_features()).unwrap();
        let mut found: Vec<(u32, Vec<Option<u32>>)> = find(&info)
            .into_iter()
            .map(|(t, s)| {
                let entries = s.entries.iter().map(|e| e.map(|f| f.as_u32())).collect();
                (t.as_u32(), entries)
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn fixed_tables_are_found_with_their_contents() {
        let found = static_tables_of(
            r#"(module
                 (func $a) (func $b)
                 (table 4 funcref)
                 (elem (i32.const 0) func $a $b)
                 (elem (i32.const 1) func $a)
                 (table 1 funcref))"#,
        );
        assert_eq!(
            found,
            vec![(0, vec![Some(0), Some(0), None, None]), (1, vec![None])]
        );
    }

    #[test]
    fn changeable_or_unknown_tables_are_not() {
        let cases = [
            // exported
            r#"(module (func $a) (table (export "t") 1 funcref) (elem (i32.const 0) func $a))"#,
            // imported
            r#"(module (import "m" "t" (table 1 funcref)))"#,
            // changed by an instruction
            r#"(module (table 1 funcref) (func (table.set (i32.const 0) (ref.null func))))"#,
            r#"(module (table 1 funcref) (func (drop (table.grow (ref.null func) (i32.const 1)))))"#,
            r#"(module (table 2 funcref) (elem funcref)
                 (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))"#,
            // offset from a global, or a segment that does not fit
            r#"(module (import "m" "g" (global i32)) (func $a) (table 1 funcref)
                 (elem (global.get 0) func $a))"#,
            r#"(module (func $a) (table 1 funcref) (elem (i32.const 1) func $a))"#,
            // a function linked from another module
            r#"(module (import "m" "f" (func $f)) (table 1 funcref) (elem (i32.const 0) func $f))"#,
        ];
        for wat in cases {
            assert_eq!(static_tables_of(wat), vec![], "{wat}");
        }
    }

    #[test]
    fn structurally_equal_types_share_a_local_id() {
        let wasm = wat::parse_str(
            r#"(module (type (func (param i32))) (type (func)) (type (func (param i32))))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm, ImportPolicy::Linkable, default_features()).unwrap();
        assert_eq!(local_type_ids(&info), vec![0, 1, 0]);
    }
}
