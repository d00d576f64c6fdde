//! Exception objects: what `throw` allocates (through the `exn_new` builtin), `catch` reads
//! and an `exnref` points to. Compiled code writes and reads the payload in place, at the
//! offsets [`payload_offsets`] gives for the tag's parameter types, so both sides must agree on
//! this layout:
//!
//! ```text
//! 0        *const u8   tag identity (see `vmctx`)
//! 8        u32         holders: how many handlers and flights hold it; EXPOSED = forever
//! 12       u32         total size in bytes (header included), for freeing
//! 16       payload     each value at its natural alignment, in parameter order
//! ```
//!
//! Lifetime: a thrown object is held by its flight (`exn_new` starts at 1 holder); a legacy
//! `catch` block takes the flight's hold and gives it back when left (its `rethrow` acquires a
//! new flight first); a `catch`/`catch_all` clause of `try_table` releases it once the payload
//! is read. The last release frees it. An object caught with `catch_ref`/`catch_all_ref` is an
//! `exnref` value. In a function whose exnrefs cannot leave its frame (never passed to a call,
//! returned, thrown as a payload, or stored in a global or table: the compiler checks), the
//! frame holds it: the flight's hold moves to an entry of the instance's exnref log, tagged
//! with the frame pointer, and `throw_ref` takes a new flight hold. The log entries of a frame
//! are released when it returns or tail-calls (compiled code compares the newest entry's frame
//! pointer, kept in the vmctx, with its own) and when an exception unwinds past it (the
//! runtime's `throw`). Anywhere else the exnref may be stored anywhere: the object becomes
//! [`EXPOSED`] and lives until the process ends (until the runtime has a collector).

use crate::meta::ValType;
use alloc::vec::Vec;

pub const EXN_TAG: u32 = 0;
pub const EXN_HOLDERS: u32 = 8;
pub const EXN_SIZE: u32 = 12;
pub const EXN_PAYLOAD: u32 = 16;

/// The holder count of an object that was held as an `exnref` value: never freed.
pub const EXPOSED: u32 = u32::MAX;

/// Size in bytes of a value of type `t` in a payload (also its alignment).
pub const fn value_size(t: ValType) -> u32 {
    match t {
        ValType::I32 | ValType::F32 => 4,
        ValType::I64 | ValType::F64 => 8,
        ValType::Ref(_) => 8,
        ValType::V128 => 16,
    }
}

/// The offset of each payload value (from the object's start) and the object's total size.
pub fn payload_offsets(types: &[ValType]) -> (Vec<u32>, u32) {
    let mut end = EXN_PAYLOAD;
    let offsets = types
        .iter()
        .map(|&t| {
            let size = value_size(t);
            let at = end.next_multiple_of(size);
            end = at + size;
            at
        })
        .collect();
    (offsets, end.next_multiple_of(16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn payload_is_packed_at_natural_alignment() {
        use ValType::*;
        assert_eq!(payload_offsets(&[]), (vec![], 16));
        assert_eq!(
            payload_offsets(&[I32, I64, F32, V128, ValType::EXNREF]),
            (vec![16, 24, 32, 48, 64], 80)
        );
    }
}
