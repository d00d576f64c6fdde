//! The signature registry of a runtime: structurally equal function types get the same
//! canonical id, whichever module they come from, so `call_indirect` compares one integer.
//!
//! Invariants: ids start at 1 (0 is never handed out, so a zeroed `VMFuncRef` never matches)
//! and an id, once given, is never reused or changed.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use rustc_hash::FxHasher;

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
    /// The canonical id of `ty` (registering it if new).
    pub fn canonical_id(&self, ty: &FuncType) -> u32 {
        let mut map = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(ty) {
            return id;
        }
        let id = map.len() as u32 + 1;
        map.insert(ty.clone(), id);
        id
    }
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
}
