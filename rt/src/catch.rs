//! Catching traps in-process, for embedders such as the spec-test runner: [`catch_traps`]
//! runs a closure and turns a trap inside it (a fault in compiled code, or a trap raised by
//! the runtime) into `Err(Trap)` by unwinding with siglongjmp (see `catch.c`).
//!
//! Invariants: the catch point lives in a thread-local slot that is null outside
//! `catch_traps`; executables never set it, so their traps end the process. Only compiled
//! wasm frames and the trap path may lie between the catch point and the trap: neither owns
//! anything that would need dropping.

use std::cell::Cell;
use std::ffi::c_void;
use wasm2native_abi::trap::Trap;

extern "C" {
    fn w2n_catch(
        body: extern "C" fn(*mut c_void),
        data: *mut c_void,
        slot: *mut *mut c_void,
    ) -> i32;
    fn w2n_unwind(jmp: *mut c_void, code: i32) -> !;
}

thread_local! {
    static CATCH_POINT: Cell<*mut c_void> = const { Cell::new(std::ptr::null_mut()) };
}

/// Runs `f`; a trap inside it returns `Err` instead of ending the process.
pub fn catch_traps<R, F: FnOnce() -> R>(f: F) -> Result<R, Trap> {
    struct Body<F, R> {
        f: Option<F>,
        result: Option<R>,
    }
    extern "C" fn run<F: FnOnce() -> R, R>(data: *mut c_void) {
        // SAFETY: `data` is the `Body` below, alive for the whole call.
        let body = unsafe { &mut *(data as *mut Body<F, R>) };
        if let Some(f) = body.f.take() {
            body.result = Some(f());
        }
    }
    let mut body: Body<F, R> = Body {
        f: Some(f),
        result: None,
    };
    let slot = CATCH_POINT.with(|c| c.as_ptr());
    // SAFETY: `run::<F, R>` matches the body signature; `slot` is this thread's catch slot.
    let code = unsafe { w2n_catch(run::<F, R>, (&mut body as *mut Body<F, R>).cast(), slot) };
    match (code, body.result) {
        (0, Some(r)) => Ok(r),
        (code, _) => Err(Trap::from_code(code as u8).unwrap_or(Trap::Unreachable)),
    }
}

/// If the current thread is inside [`catch_traps`], unwinds to it with `trap`.
/// Async-signal-safe (reads a thread-local initialised with a constant).
pub fn unwind_if_caught(trap: Trap) {
    let jmp = CATCH_POINT.with(|c| c.get());
    if !jmp.is_null() {
        // SAFETY: a non-null slot points at the live sigjmp_buf of an enclosing `w2n_catch`.
        unsafe { w2n_unwind(jmp, i32::from(trap.code())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_value_and_catches_runtime_traps() {
        assert_eq!(catch_traps(|| 42), Ok(42));
        assert_eq!(
            catch_traps(|| {
                unwind_if_caught(Trap::IntegerOverflow);
                1
            }),
            Err(Trap::IntegerOverflow)
        );
        // Nested: the inner catch handles its own trap, the outer continues.
        let outer = catch_traps(|| catch_traps(|| unwind_if_caught(Trap::Unreachable)));
        assert_eq!(outer, Ok(Err(Trap::Unreachable)));
        // Outside any catch, nothing happens.
        unwind_if_caught(Trap::Unreachable);
    }
}
