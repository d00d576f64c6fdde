//! The signature registry of a runtime: structurally equal function types get the same
//! canonical id, whichever module they come from, so `call_indirect` and import matching
//! compare one integer. Types are registered in their canonical form
//! ([`wasm2native_abi::canon`]), so typed references in parameters and results compare by the
//! canonical ids of the types they name.
//!
//! Invariants: ids start at 1 (0 is never handed out, so a zeroed `VMFuncRef` never matches),
//! never reach `canon::SELF_REFERENCE`, and an id, once given, is never reused or changed.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use rustc_hash::FxHasher;

use wasm2native_abi::canon;
use wasm2native_abi::meta::FuncType;

/// A fast unkeyed hash: the types come from compiled modules, not an adversary, and every
/// type is registered at start-up (a keyed SipHash map cost a `getrandom` call and ~10 µs).
type Registry = HashMap<FuncType, u32, BuildHasherDefault<FxHasher>>;

/// Canonical ids of the function types of every module loaded into one runtime.
#[derive(Default)]
pub struct SignatureRegistry {
    ids: Mutex<Registry>,
}

impl SignatureRegistry {
    /// The canonical id of `ty`, a type without concrete references or already in canonical
    /// form (registering it if new).
    pub fn canonical_id(&self, ty: &FuncType) -> u32 {
        let mut map = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        intern(&mut map, ty.clone())
    }

    /// The canonical id of each of a module's types; `None` if one refers to a later type.
    pub fn module_ids(&self, types: &[FuncType]) -> Option<Vec<u32>> {
        let mut map = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        canon::canonical_ids(types, |form| intern(&mut map, form))
    }
}

fn intern(map: &mut Registry, form: FuncType) -> u32 {
    if let Some(&id) = map.get(&form) {
        return id;
    }
    let id = map.len() as u32 + 1;
    map.insert(form, id);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::ValType::*;

    #[test]
    fn equal_types_share_ids() {
        let a = FuncType {
            params: vec![I32, I64],
            results: vec![F32],
        };
        let b = FuncType {
            params: vec![I32, I64],
            results: vec![F64],
        };
        let r = SignatureRegistry::default();
        let ia = r.canonical_id(&a);
        let ib = r.canonical_id(&b);
        assert!(ia >= 1 && ib >= 1);
        assert_ne!(ia, ib);
        assert_eq!(r.canonical_id(&a.clone()), ia);
        assert_eq!(
            r.canonical_id(&FuncType::default()),
            r.canonical_id(&FuncType::default())
        );
    }

    #[test]
    fn typed_references_compare_by_canonical_id() {
        use wasm2native_abi::meta::{HeapType, RefType, ValType};
        let typed = |t| FuncType {
            params: vec![ValType::Ref(RefType::nullable(HeapType::Concrete(t)))],
            results: vec![],
        };
        let r = SignatureRegistry::default();
        let i32_func = FuncType {
            params: vec![I32],
            results: vec![],
        };
        let a = r.module_ids(&[FuncType::default(), typed(0)]).unwrap();
        let b = r
            .module_ids(&[i32_func.clone(), FuncType::default(), typed(1), typed(0)])
            .unwrap();
        assert_eq!(a[0], r.canonical_id(&FuncType::default()));
        assert_eq!(b[0], r.canonical_id(&i32_func));
        assert_eq!(a[1], b[2]);
        assert_ne!(a[1], b[3]);
        assert_eq!(r.module_ids(&[typed(1)]), None);
    }
}
