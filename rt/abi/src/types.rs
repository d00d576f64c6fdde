//! Value and reference types as WebAssembly 3.0 (without garbage collection) writes them,
//! their metadata encoding, and subtyping — what import matching decides with.
//!
//! A reference type is exact: nullability plus a heap type, abstract (`func`, `nofunc`,
//! `extern`, `noextern`, `exn`, `noexn`) or a concrete function type. A concrete type names a
//! module-local type index in metadata; [`RefType::canonical`] replaces it by the runtime's
//! canonical id of that type, and only types in that canonical form may be compared across
//! modules ([`ValType::is_subtype`]). Compiled code does not see the difference: every type of
//! one hierarchy is represented alike ([`ValType::representation`]).

use crate::codec::{DecodeError, Reader, Writer};

/// A heap type. `Concrete` holds a type index (module-local) or a canonical id (see the
/// module header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeapType {
    Func,
    NoFunc,
    Extern,
    NoExtern,
    Exn,
    NoExn,
    Concrete(u32),
}

/// A reference type: `(ref null? heap)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefType {
    pub nullable: bool,
    pub heap: HeapType,
}

/// A WebAssembly value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    V128,
    Ref(RefType),
}

impl HeapType {
    /// The top of this type's hierarchy: `func`, `extern` or `exn`.
    pub const fn top(self) -> HeapType {
        match self {
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_) => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        }
    }

    /// Whether `self <: other`. Without garbage collection a concrete type is a function
    /// type with no declared supertype: below `func`, above `nofunc`, and equal only to itself.
    pub fn is_subtype(self, other: HeapType) -> bool {
        use HeapType::*;
        self == other
            || matches!(
                (self, other),
                (Concrete(_) | NoFunc, Func)
                    | (NoFunc, Concrete(_))
                    | (NoExtern, Extern)
                    | (NoExn, Exn)
            )
    }

    fn encode(self, w: &mut Writer) {
        let (tag, index) = match self {
            HeapType::Func => (0, None),
            HeapType::NoFunc => (1, None),
            HeapType::Extern => (2, None),
            HeapType::NoExtern => (3, None),
            HeapType::Exn => (4, None),
            HeapType::NoExn => (5, None),
            HeapType::Concrete(t) => (6, Some(t)),
        };
        w.u8(tag);
        if let Some(t) = index {
            w.u32(t);
        }
    }

    fn decode(r: &mut Reader) -> Result<HeapType, DecodeError> {
        Ok(match r.u8()? {
            0 => HeapType::Func,
            1 => HeapType::NoFunc,
            2 => HeapType::Extern,
            3 => HeapType::NoExtern,
            4 => HeapType::Exn,
            5 => HeapType::NoExn,
            6 => HeapType::Concrete(r.u32()?),
            _ => return Err(DecodeError),
        })
    }
}

impl RefType {
    pub const FUNCREF: RefType = RefType::nullable(HeapType::Func);
    pub const EXTERNREF: RefType = RefType::nullable(HeapType::Extern);
    pub const EXNREF: RefType = RefType::nullable(HeapType::Exn);

    /// `(ref null heap)`.
    pub const fn nullable(heap: HeapType) -> RefType {
        RefType {
            nullable: true,
            heap,
        }
    }

    /// The nullable top of this type's hierarchy (`funcref`, `externref` or `exnref`): the
    /// type its values are represented as.
    pub const fn representation(self) -> RefType {
        RefType::nullable(self.heap.top())
    }

    /// Whether `self <: other` (both canonical, or both of one module).
    pub fn is_subtype(self, other: RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap.is_subtype(other.heap)
    }

    /// This type with a concrete type index replaced by `ids[index]` (its canonical id).
    ///
    /// # Panics
    /// If the index is out of range of `ids` (metadata is validated when loaded).
    pub fn canonical(self, ids: &[u32]) -> RefType {
        match self.heap {
            HeapType::Concrete(t) => RefType {
                heap: HeapType::Concrete(ids[t as usize]),
                ..self
            },
            _ => self,
        }
    }

    /// The type index this type names, if it is concrete.
    pub fn type_index(self) -> Option<u32> {
        match self.heap {
            HeapType::Concrete(t) => Some(t),
            _ => None,
        }
    }

    pub fn encode(self, w: &mut Writer) {
        w.bool(self.nullable);
        self.heap.encode(w);
    }

    pub fn decode(r: &mut Reader) -> Result<RefType, DecodeError> {
        Ok(RefType {
            nullable: r.bool()?,
            heap: HeapType::decode(r)?,
        })
    }
}

impl ValType {
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

    /// The type values of this type are represented as: numeric types themselves, reference
    /// types the nullable top of their hierarchy.
    pub const fn representation(self) -> ValType {
        match self {
            ValType::Ref(r) => ValType::Ref(r.representation()),
            other => other,
        }
    }

    /// Whether `self <: other`: equal numeric types, or reference subtyping.
    pub fn is_subtype(self, other: ValType) -> bool {
        match (self, other) {
            (ValType::Ref(a), ValType::Ref(b)) => a.is_subtype(b),
            (a, b) => a == b,
        }
    }

    /// This type in canonical form (see [`RefType::canonical`]).
    pub fn canonical(self, ids: &[u32]) -> ValType {
        match self {
            ValType::Ref(r) => ValType::Ref(r.canonical(ids)),
            other => other,
        }
    }

    /// The type index this type names, if it is a concrete reference.
    pub fn type_index(self) -> Option<u32> {
        match self {
            ValType::Ref(r) => r.type_index(),
            _ => None,
        }
    }

    pub fn encode(self, w: &mut Writer) {
        match self {
            ValType::I32 => w.u8(0),
            ValType::I64 => w.u8(1),
            ValType::F32 => w.u8(2),
            ValType::F64 => w.u8(3),
            ValType::V128 => w.u8(4),
            ValType::Ref(r) => {
                w.u8(5);
                r.encode(w)
            }
        }
    }

    pub fn decode(r: &mut Reader) -> Result<ValType, DecodeError> {
        Ok(match r.u8()? {
            0 => ValType::I32,
            1 => ValType::I64,
            2 => ValType::F32,
            3 => ValType::F64,
            4 => ValType::V128,
            5 => ValType::Ref(RefType::decode(r)?),
            _ => return Err(DecodeError),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::HeapType::*;
    use super::*;

    fn r(nullable: bool, heap: HeapType) -> RefType {
        RefType { nullable, heap }
    }

    #[test]
    fn function_hierarchy() {
        let t = Concrete(7);
        // (ref $t) <: (ref null $t) <: (ref null func); (ref $t) <: (ref func).
        assert!(r(false, t).is_subtype(r(true, t)));
        assert!(r(true, t).is_subtype(RefType::FUNCREF));
        assert!(r(false, t).is_subtype(r(false, Func)));
        // (ref nofunc) <: (ref $t); (ref null nofunc) <: (ref null $t).
        assert!(r(false, NoFunc).is_subtype(r(false, t)));
        assert!(r(true, NoFunc).is_subtype(r(true, t)));
        assert!(r(false, NoFunc).is_subtype(r(false, Func)));
        // Never the other way round, nor across concrete types or nullability.
        assert!(!RefType::FUNCREF.is_subtype(r(true, t)));
        assert!(!r(true, t).is_subtype(r(false, t)));
        assert!(!r(true, NoFunc).is_subtype(r(false, t)));
        assert!(!r(false, t).is_subtype(r(false, Concrete(8))));
        assert!(!r(false, Func).is_subtype(r(false, NoFunc)));
    }

    #[test]
    fn hierarchies_are_disjoint() {
        let all = [Func, NoFunc, Extern, NoExtern, Exn, NoExn, Concrete(1)];
        for a in all {
            for b in all {
                if a.top() != b.top() {
                    assert!(!a.is_subtype(b), "{a:?} <: {b:?}");
                }
            }
        }
        assert!(r(false, NoExtern).is_subtype(RefType::EXTERNREF));
        assert!(r(true, NoExn).is_subtype(RefType::EXNREF));
        assert!(!RefType::EXTERNREF.is_subtype(r(true, NoExtern)));
        assert!(!r(true, Exn).is_subtype(r(false, Exn)));
    }

    #[test]
    fn value_types() {
        assert!(ValType::I32.is_subtype(ValType::I32));
        assert!(!ValType::I32.is_subtype(ValType::I64));
        assert!(!ValType::I64.is_subtype(ValType::FUNCREF));
        let t = ValType::Ref(r(false, Concrete(2)));
        assert!(t.is_subtype(ValType::FUNCREF));
        assert_eq!(t.representation(), ValType::FUNCREF);
        assert_eq!(
            ValType::Ref(r(false, NoExn)).representation(),
            ValType::EXNREF
        );
        assert_eq!(
            t.canonical(&[10, 11, 12]),
            ValType::Ref(r(false, Concrete(12)))
        );
        assert_eq!(t.type_index(), Some(2));
    }

    #[test]
    fn round_trips() {
        let all = [Func, NoFunc, Extern, NoExtern, Exn, NoExn, Concrete(300)];
        let mut w = Writer::default();
        let mut types = alloc::vec![ValType::I32, ValType::V128];
        types.extend(all.iter().map(|&h| ValType::Ref(r(false, h))));
        types.extend(all.iter().map(|&h| ValType::Ref(r(true, h))));
        for t in &types {
            t.encode(&mut w);
        }
        let mut rd = Reader::new(&w.bytes);
        for t in &types {
            assert_eq!(ValType::decode(&mut rd), Ok(*t));
        }
        assert!(rd.at_end());
    }
}
