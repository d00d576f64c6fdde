//! Canonical function types: the form in which structurally equal function types of any
//! modules are equal, so one id names them all (`call_indirect`'s check, import matching).
//!
//! Without garbage collection every type is a recursion group of its own, which may refer to
//! earlier types and to itself. A type's canonical form has each reference to an earlier type
//! replaced by that type's canonical id and each reference to itself by [`SELF_REFERENCE`]
//! (the same for all types: iso-recursive equality of singleton groups). Ids are whatever the
//! caller's interner hands out, which must never be `SELF_REFERENCE`.

use crate::meta::{FuncType, ValType};
use alloc::vec::Vec;

/// What a type's reference to itself becomes in its canonical form.
pub const SELF_REFERENCE: u32 = u32::MAX;

/// The canonical id of each of a module's `types`, in order, `intern` giving the id of a
/// canonical form; `None` if a type refers to a later type (or out of range).
pub fn canonical_ids(
    types: &[FuncType],
    mut intern: impl FnMut(FuncType) -> u32,
) -> Option<Vec<u32>> {
    let mut ids = Vec::with_capacity(types.len());
    for ty in types {
        let index = ids.len() as u32;
        if ty
            .params
            .iter()
            .chain(&ty.results)
            .any(|v| v.type_index().is_some_and(|t| t > index))
        {
            return None;
        }
        ids.push(SELF_REFERENCE);
        let form = canonical_form(ty, &ids);
        ids[index as usize] = intern(form);
    }
    Some(ids)
}

/// `ty` with each concrete type index replaced by `ids[index]`.
fn canonical_form(ty: &FuncType, ids: &[u32]) -> FuncType {
    let map = |types: &[ValType]| types.iter().map(|t| t.canonical(ids)).collect();
    FuncType {
        params: map(&ty.params),
        results: map(&ty.results),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{HeapType, RefType};
    use alloc::collections::BTreeMap;
    use alloc::vec;

    fn r(t: u32) -> ValType {
        ValType::Ref(RefType {
            nullable: false,
            heap: HeapType::Concrete(t),
        })
    }

    fn ft(params: Vec<ValType>) -> FuncType {
        FuncType {
            params,
            results: vec![],
        }
    }

    /// Ids from 1 of every distinct canonical form, shared across calls.
    fn interner(
        seen: &mut BTreeMap<alloc::string::String, u32>,
    ) -> impl FnMut(FuncType) -> u32 + '_ {
        move |f| {
            let n = seen.len() as u32 + 1;
            *seen.entry(alloc::format!("{f:?}")).or_insert(n)
        }
    }

    #[test]
    fn equal_structure_across_modules() {
        let mut seen = BTreeMap::new();
        // Module a: 0 = (func), 1 = (func), 2 = (func (param (ref 1))).
        let a = [ft(vec![]), ft(vec![]), ft(vec![r(1)])];
        // Module b: 0 = (func (param i32)), 1 = (func), 2 = (func (param (ref 1))), 3 = (func (param (ref 0))).
        let b = [
            ft(vec![ValType::I32]),
            ft(vec![]),
            ft(vec![r(1)]),
            ft(vec![r(0)]),
        ];
        let ia = canonical_ids(&a, interner(&mut seen)).unwrap();
        let ib = canonical_ids(&b, interner(&mut seen)).unwrap();
        assert_eq!(ia[0], ia[1]);
        assert_eq!(ia[0], ib[1]);
        assert_eq!(ia[2], ib[2]);
        assert_ne!(ib[2], ib[3]);
        // (func (param (ref $t))) differs from (func (param funcref)).
        let c = [ft(vec![]), ft(vec![ValType::FUNCREF])];
        let ic = canonical_ids(&c, interner(&mut seen)).unwrap();
        assert_ne!(ic[1], ia[2]);
    }

    #[test]
    fn self_references() {
        let mut seen = BTreeMap::new();
        // 0 = (func (param (ref 0))) in two modules, at different indices.
        let a = [ft(vec![r(0)])];
        let b = [ft(vec![]), ft(vec![r(1)])];
        let ia = canonical_ids(&a, interner(&mut seen)).unwrap();
        let ib = canonical_ids(&b, interner(&mut seen)).unwrap();
        assert_eq!(ia[0], ib[1]);
        assert_ne!(ib[0], ib[1]);
        assert_eq!(canonical_ids(&[ft(vec![r(1)])], interner(&mut seen)), None);
    }
}
