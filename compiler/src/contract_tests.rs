//! Ties the contract's numbers to Cranelift's: the trap codes `rt/abi` hard-codes for
//! Cranelift's reserved codes must be the ones Cranelift records, and every other code must
//! be a valid user code.

use crate::func_env::trap_code;
use cranelift_codegen::ir::TrapCode;
use wasm2native_abi::trap::Trap;

#[test]
fn reserved_trap_codes_are_cranelifts() {
    for (trap, cranelift) in [
        (Trap::StackOverflow, TrapCode::STACK_OVERFLOW),
        (Trap::IntegerOverflow, TrapCode::INTEGER_OVERFLOW),
        (Trap::MemoryOutOfBounds, TrapCode::HEAP_OUT_OF_BOUNDS),
        (
            Trap::IntegerDivisionByZero,
            TrapCode::INTEGER_DIVISION_BY_ZERO,
        ),
        (
            Trap::BadConversionToInteger,
            TrapCode::BAD_CONVERSION_TO_INTEGER,
        ),
    ] {
        assert_eq!(trap_code(trap), cranelift, "{trap:?}");
    }
}

#[test]
fn other_trap_codes_are_user_codes() {
    let reserved = [
        Trap::StackOverflow,
        Trap::IntegerOverflow,
        Trap::MemoryOutOfBounds,
        Trap::IntegerDivisionByZero,
        Trap::BadConversionToInteger,
    ];
    for &trap in Trap::ALL.iter().filter(|t| !reserved.contains(t)) {
        assert_eq!(
            TrapCode::user(trap.code()),
            Some(trap_code(trap)),
            "{trap:?}"
        );
    }
}
