//! Tables whose contents are fixed once the module is instantiated, so `call_indirect` can
//! read a read-only copy built at compile time instead of the instance's table.
//!
//! A funcref table qualifies when the module defines it (not imported), does not export it,
//! no instruction can change it (`table.set/grow/fill`, or `table.copy/init` into it; an
//! operator of a proposal wasm2native does not implement counts as changing every table), and
//! every active element segment for it has a constant offset, lies inside its initial size
//! and holds only `ref.func`/`ref.null` items naming defined or host-imported functions. Its
//! contents are then the same in every instance (a fresh instance per thread included), and
//! its callees all run with the caller's vmctx. `call_indirect` through it compares a
//! module-local type id stored next to each code address (see `FuncEnv::call_indirect`).
//!
//! Each entry is [`ENTRY_SIZE`] bytes: the code address (0 for null), then the callee's
//! module-local type id (`NULL_TYPE` for null) at [`ENTRY_TYPE_OFFSET`].

use crate::module_info::{FuncImportBinding, FuncIndex, ModuleInfo, TableIndex};
use crate::proposals::{self, Support};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use wasm2native_abi::canon;
use wasm2native_abi::meta::{ConstOp, ExternKind, FuncType, RefType, SegmentMode};
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

impl StaticTable {
    /// Per module-local type id (see [`local_type_ids`]), the one defined function of that
    /// type the table holds, for the types of which it holds exactly one function (at any
    /// number of positions). A `call_indirect` of such a type through the table that passes
    /// its type check can only be calling that function, so it can call it directly.
    pub fn sole_callees(&self, info: &ModuleInfo, type_ids: &[u32]) -> HashMap<u32, FuncIndex> {
        let mut by_type: HashMap<u32, Option<FuncIndex>> = HashMap::new();
        for f in self.entries.iter().flatten() {
            let id = type_ids[info.funcs[*f].as_u32() as usize];
            by_type
                .entry(id)
                .and_modify(|sole| {
                    if *sole != Some(*f) {
                        *sole = None;
                    }
                })
                .or_insert(Some(*f));
        }
        by_type
            .into_iter()
            .filter_map(|(id, sole)| Some((id, sole?)))
            .filter(|(_, f)| info.defined_func_index(*f).is_some())
            .collect()
    }
}

/// Per type index, its module-local id: the first index of a type whose canonical form
/// ([`wasm2native_abi::canon`]) is the same, so two ids are equal exactly when the runtime's
/// canonical ids are.
pub fn local_type_ids(info: &ModuleInfo) -> Vec<u32> {
    let types: Vec<FuncType> = info.types.values().cloned().collect();
    let mut first: HashMap<FuncType, u32> = HashMap::new();
    let mut next = 0u32;
    canon::canonical_ids(&types, |form| {
        next += 1;
        *first.entry(form).or_insert(next - 1)
    })
    .expect("the validator rejects references to later types")
}

/// The tables of `info` that qualify, with their contents, in table order (the order their
/// copies are declared and emitted in, so the object is the same from run to run).
pub fn find(info: &ModuleInfo) -> BTreeMap<TableIndex, StaticTable> {
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
                && ty.elem.representation() == RefType::FUNCREF
                && !ty.table64 // indexed by i64: left to the general path
                && ty.min <= MAX_ENTRIES
                && !exported.contains(&t.as_u32())
        })
        .map(|(t, _)| t)
        .collect();
    if candidates.is_empty() {
        return BTreeMap::new();
    }
    let mutated = mutated_tables(info);
    candidates.retain(|t| !mutated.contains(&t.as_u32()));
    candidates
        .into_iter()
        .filter_map(|t| contents(info, t).map(|entries| (t, StaticTable { entries })))
        .collect()
}

/// What one operator may do to the module's tables.
#[derive(Debug, PartialEq, Eq)]
enum TableEffect {
    /// Changes no table's contents or size.
    None,
    /// May change this table.
    Writes(u32),
    /// May change any table: an operator of a proposal wasm2native does not implement (the
    /// translator rejects it anyway), or one newer than this compiler.
    Unknown,
}

/// Classifies `op`. Every operator is covered: the writers by name, the rest by whether
/// their proposal is implemented ([`crate::proposals`] is generated from wasmparser's full
/// operator list); the test `every_table_operator_is_classified` pins the table operators.
fn table_effect(op: &Operator) -> TableEffect {
    match op {
        Operator::TableSet { table }
        | Operator::TableGrow { table }
        | Operator::TableFill { table }
        | Operator::TableInit { table, .. }
        | Operator::TableCopy {
            dst_table: table, ..
        } => TableEffect::Writes(*table),
        _ => match proposals::support(op) {
            Support::Translated(_) => TableEffect::None,
            Support::Unsupported { .. } => TableEffect::Unknown,
        },
    }
}

/// Indices of tables the operators of `body` may change; `None` for every table (an
/// unknown operator, or a body that does not parse).
fn tables_written_by(body: &wasmparser::FunctionBody) -> Option<Vec<u32>> {
    let mut found = Vec::new();
    let mut ops = body.get_operators_reader().ok()?;
    while !ops.eof() {
        match table_effect(&ops.read().ok()?) {
            TableEffect::None => {}
            TableEffect::Writes(t) => found.push(t),
            TableEffect::Unknown => return None,
        }
    }
    Some(found)
}

/// Indices of tables some instruction may change.
fn mutated_tables(info: &ModuleInfo) -> Vec<u32> {
    let per_body: Vec<Option<Vec<u32>>> = info
        .bodies
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|body| tables_written_by(body))
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

/// The contents of table `t` after instantiation, if its initialiser and the element segments
/// allow knowing them.
fn contents(info: &ModuleInfo, t: TableIndex) -> Option<Vec<Option<FuncIndex>>> {
    let defined = t.as_u32().checked_sub(info.num_imported_tables)?;
    let init = match info.table_inits.iter().find(|(d, _)| *d == defined) {
        Some((_, e)) => entry(info, e)?,
        None => None,
    };
    let mut entries = vec![init; info.tables[t].min as usize];
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
            *slot = entry(info, item)?;
        }
    }
    Some(entries)
}

/// The entry an element expression puts in a static table: null, or a defined or
/// host-imported function; `None` when it cannot be known at compile time.
fn entry(info: &ModuleInfo, item: &[ConstOp]) -> Option<Option<FuncIndex>> {
    match item {
        [ConstOp::RefNull] => Some(None),
        [ConstOp::RefFunc(f)] => {
            let f = FuncIndex::from_u32(*f);
            let callable = match info.defined_func_index(f) {
                Some(_) => true,
                None => matches!(
                    info.func_imports[f.as_u32() as usize],
                    FuncImportBinding::Host(_)
                ),
            };
            callable.then_some(Some(f))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_info::{default_features, ImportPolicy};

    fn static_tables_of(wat: &str) -> Vec<(u32, Vec<Option<u32>>)> {
        let wasm = wat::parse_str(wat).unwrap();
        let info = ModuleInfo::parse(&wasm, ImportPolicy::Linkable, default_features()).unwrap();
        find(&info)
            .into_iter()
            .map(|(t, s)| {
                let entries = s.entries.iter().map(|e| e.map(|f| f.as_u32())).collect();
                (t.as_u32(), entries)
            })
            .collect()
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
    fn a_table_initialiser_fills_the_entries_segments_leave() {
        let found = static_tables_of(
            r#"(module
                 (type $t (func))
                 (func $a) (func $b)
                 (table 3 (ref $t) (ref.func $a))
                 (elem (table 0) (i32.const 1) (ref $t) (ref.func $b)))"#,
        );
        assert_eq!(found, vec![(0, vec![Some(0), Some(1), Some(0)])]);
    }

    #[test]
    fn a_module_with_several_fixed_tables_compiles_to_the_same_object_twice() {
        let tables: String = (0..8)
            .map(|t| format!("(table $t{t} 1 funcref) (elem (table $t{t}) (i32.const 0) func $f)"))
            .collect();
        let calls: String = (0..8)
            .map(|t| format!("(call_indirect $t{t} (i32.const 0))"))
            .collect();
        let wat = format!(r#"(module (func $f) {tables} (func (export "_start") {calls}))"#);
        let compile = || {
            crate::compile(wat.as_bytes(), &crate::CompileOptions::default())
                .unwrap()
                .object
        };
        assert_eq!(static_tables_of(&wat).len(), 8);
        assert!(compile() == compile(), "objects differ");
    }

    #[test]
    fn types_with_one_function_in_a_table_have_a_sole_callee() {
        let wasm = wat::parse_str(
            r#"(module
                 (type $v (func))
                 (type $i (func (param i32) (result i32)))
                 (type $i2 (func (param i32) (result i32)))
                 (func $a (type $v)) (func $b (type $v))
                 (func $c (type $i) (local.get 0))
                 (func $d (type $i2) (local.get 0))
                 (func $e (type $i) (local.get 0))
                 (table 8 funcref)
                 (table 2 funcref)
                 (elem (table 0) (i32.const 0) func $a $b $c $c)
                 (elem (table 1) (i32.const 0) func $d $c))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm, ImportPolicy::Linkable, default_features()).unwrap();
        let ids = local_type_ids(&info);
        let tables = find(&info);
        let sole = |t: u32| -> Vec<(u32, u32)> {
            let mut v: Vec<(u32, u32)> = tables[&TableIndex::from_u32(t)]
                .sole_callees(&info, &ids)
                .into_iter()
                .map(|(id, f)| (id, f.as_u32()))
                .collect();
            v.sort();
            v
        };
        // Table 0: two functions of () -> () (neither is sole) and $c twice (sole for its
        // type: $e has it too but is in no table).
        assert_eq!(sole(0), vec![(1, 2)]);
        // Table 1: $d and $c have structurally equal types: two functions of one type.
        assert_eq!(sole(1), vec![]);
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
            r#"(module (table 1 funcref)
                 (func (table.fill (i32.const 0) (ref.null func) (i32.const 1))))"#,
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
    fn a_table_copied_into_is_not_but_its_source_is() {
        let found = static_tables_of(
            r#"(module (func $a) (table 1 funcref) (table 1 funcref)
                 (elem (table 1) (i32.const 0) func $a)
                 (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 1))))"#,
        );
        assert_eq!(found, vec![(1, vec![Some(0)])]);
    }

    #[test]
    fn every_table_operator_is_classified() {
        let writers = [
            "table_set",
            "table_grow",
            "table_fill",
            "table_init",
            "table_copy",
        ];
        let readers = [
            "table_get",
            "table_size",
            "call_indirect",
            "return_call_indirect",
            "elem_drop",
        ];
        for (name, support) in proposals::ALL {
            let names_a_table = ["table_", "elem_"].iter().any(|p| name.starts_with(p));
            if !(names_a_table || name.contains("indirect")) {
                continue;
            }
            match support {
                Support::Translated(_) => assert!(
                    writers.contains(name) || readers.contains(name),
                    "{name}: a table operator of an implemented proposal not classified here"
                ),
                Support::Unsupported { .. } => {}
            }
        }
        let write = |op: Operator| table_effect(&op);
        assert_eq!(
            write(Operator::TableSet { table: 3 }),
            TableEffect::Writes(3)
        );
        assert_eq!(
            write(Operator::TableGrow { table: 3 }),
            TableEffect::Writes(3)
        );
        assert_eq!(
            write(Operator::TableFill { table: 3 }),
            TableEffect::Writes(3)
        );
        let init = Operator::TableInit {
            elem_index: 0,
            table: 3,
        };
        assert_eq!(write(init), TableEffect::Writes(3));
        let copy = Operator::TableCopy {
            dst_table: 3,
            src_table: 1,
        };
        assert_eq!(write(copy), TableEffect::Writes(3));
        assert_eq!(write(Operator::TableGet { table: 3 }), TableEffect::None);
        assert_eq!(
            write(Operator::ElemDrop { elem_index: 0 }),
            TableEffect::None
        );
        let return_call = Operator::ReturnCallIndirect {
            type_index: 0,
            table_index: 0,
        };
        assert_eq!(write(return_call), TableEffect::None);
        // Unimplemented proposals: assumed to write (shared-everything threads does).
        let atomic_set = Operator::TableAtomicSet {
            ordering: wasmparser::Ordering::SeqCst,
            table_index: 0,
        };
        assert_eq!(write(atomic_set), TableEffect::Unknown);
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

    #[test]
    fn typed_references_compare_the_types_they_name() {
        let wasm = wat::parse_str(
            r#"(module (type (func)) (type (func)) (type (func (param (ref 0))))
                (type (func (param (ref 1)))) (type (func (param funcref))))"#,
        )
        .unwrap();
        let info = ModuleInfo::parse(&wasm, ImportPolicy::Linkable, default_features()).unwrap();
        assert_eq!(local_type_ids(&info), vec![0, 0, 2, 2, 4]);
    }
}
