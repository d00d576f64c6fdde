//! Import matching: whether an export can satisfy an import of a given type, by WebAssembly
//! 3.0's rules without garbage collection. Both sides' types are canonical (see
//! `wasm2native_abi::types`); functions and tags match by canonical type id alone (a function
//! type with no declared supertype matches only itself), which the linker compares directly.

use wasm2native_abi::meta::{GlobalType, MemoryType, TableType};

use crate::memory::Memory;

/// An immutable global may be imported at a supertype of its type; a mutable one (written
/// through either side) only at its exact type.
pub(super) fn global_matches(have: &GlobalType, want: &GlobalType) -> bool {
    have.mutable == want.mutable
        && if want.mutable {
            have.ty == want.ty
        } else {
            have.ty.is_subtype(want.ty)
        }
}

/// A table: the same element type (tables are mutable) and index type, and a current size
/// and declared maximum that satisfy `want`'s limits.
pub(super) fn table_matches(
    have: &TableType,
    size: u64,
    max: Option<u64>,
    want: &TableType,
) -> bool {
    have.elem == want.elem
        && have.table64 == want.table64
        && limits_match(size, max, want.min, want.max)
}

/// A memory: the same sharing, index type and page size, and limits that satisfy `want`'s.
pub(super) fn memory_matches(mem: &Memory, want: &MemoryType) -> bool {
    let ty = mem.ty();
    ty.shared == want.shared
        && ty.memory64 == want.memory64
        && ty.page_size_log2 == want.page_size_log2
        && limits_match(mem.pages(), ty.max, want.min, want.max)
}

/// Whether an export's current size and declared maximum satisfy an import's limits.
fn limits_match(size: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    size >= want_min
        && match (want_max, max) {
            (None, _) => true,
            (Some(w), Some(m)) => m <= w,
            (Some(_), None) => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::{HeapType, RefType, ValType};

    const T: HeapType = HeapType::Concrete(3);

    fn r(nullable: bool, heap: HeapType) -> ValType {
        ValType::Ref(RefType { nullable, heap })
    }

    fn global(ty: ValType, mutable: bool) -> GlobalType {
        GlobalType { ty, mutable }
    }

    fn table(elem: ValType) -> TableType {
        let ValType::Ref(elem) = elem else {
            unreachable!()
        };
        TableType {
            elem,
            min: 1,
            max: None,
            table64: false,
        }
    }

    #[test]
    fn immutable_globals_match_supertypes() {
        let have = global(r(false, T), false);
        for want in [
            r(false, T),
            r(true, T),
            r(false, HeapType::Func),
            ValType::FUNCREF,
        ] {
            assert!(global_matches(&have, &global(want, false)), "{want:?}");
        }
        let have = global(ValType::FUNCREF, false);
        for want in [
            r(false, HeapType::Func),
            r(true, T),
            r(false, T),
            ValType::EXTERNREF,
        ] {
            assert!(!global_matches(&have, &global(want, false)), "{want:?}");
        }
        assert!(!global_matches(&have, &global(ValType::FUNCREF, true)));
        assert!(global_matches(
            &global(ValType::I32, false),
            &global(ValType::I32, false)
        ));
    }

    #[test]
    fn mutable_globals_match_exactly() {
        let have = global(r(false, T), true);
        assert!(global_matches(&have, &global(r(false, T), true)));
        for want in [
            r(true, T),
            ValType::FUNCREF,
            r(false, HeapType::Concrete(4)),
        ] {
            assert!(!global_matches(&have, &global(want, true)), "{want:?}");
        }
        assert!(!global_matches(&have, &global(r(false, T), false)));
    }

    #[test]
    fn tables_match_equal_element_types() {
        let have = table(r(true, T));
        assert!(table_matches(&have, 1, None, &table(r(true, T))));
        assert!(!table_matches(&have, 1, None, &table(ValType::FUNCREF)));
        assert!(!table_matches(&table(ValType::FUNCREF), 1, None, &have));
        assert!(!table_matches(&have, 0, None, &table(r(true, T))));
        let want64 = TableType {
            table64: true,
            ..table(r(true, T))
        };
        assert!(!table_matches(&have, 1, None, &want64));
    }

    #[test]
    fn limits() {
        assert!(limits_match(2, Some(3), 1, Some(4)));
        assert!(!limits_match(2, None, 1, Some(4)));
        assert!(!limits_match(2, Some(5), 1, Some(4)));
        assert!(!limits_match(0, Some(3), 1, None));
    }
}
