//! Trap codes shared by compiled code and the runtime.
//!
//! Compiled code records a one-byte code at every instruction that may trap (Cranelift's
//! `TrapCode` raw byte). The runtime maps a faulting pc back to that byte and prints the
//! message below, which is exactly the spec test suite's text. Codes 251..=255 are Cranelift's
//! reserved codes; the rest are ours (`TrapCode::user`).

macro_rules! traps {
    ($($name:ident = $code:literal => $msg:literal,)*) => {
        /// A WebAssembly trap, with the spec's wording as its message.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Trap { $($name = $code,)* }

        impl Trap {
            /// Every trap, in code order.
            pub const ALL: &'static [Trap] = &[$(Trap::$name,)*];

            /// The spec test suite's message for this trap.
            pub const fn message(self) -> &'static str {
                match self { $(Trap::$name => $msg,)* }
            }

            /// The trap recorded under the raw code byte, if any.
            pub const fn from_code(code: u8) -> Option<Trap> {
                match code { $($code => Some(Trap::$name),)* _ => None }
            }
        }
    };
}

traps! {
    Unreachable = 1 => "unreachable",
    IndirectCallTypeMismatch = 2 => "indirect call type mismatch",
    UndefinedElement = 3 => "undefined element",
    UninitializedElement = 4 => "uninitialized element",
    TableOutOfBounds = 5 => "out of bounds table access",
    UnalignedAtomic = 6 => "unaligned atomic",
    ExpectedSharedMemory = 7 => "expected shared memory",
    NullReference = 8 => "null reference",
    NullFunctionReference = 9 => "null function reference",
    NullExceptionReference = 10 => "null exception reference",
    // An exception no handler caught (never a trap site; see the runtime's `traps`).
    UncaughtException = 11 => "uncaught exception",
    // Cranelift's reserved codes (TrapCode::STACK_OVERFLOW etc.), u8::MAX - 4 ..= u8::MAX.
    StackOverflow = 251 => "call stack exhausted",
    IntegerOverflow = 252 => "integer overflow",
    MemoryOutOfBounds = 253 => "out of bounds memory access",
    IntegerDivisionByZero = 254 => "integer divide by zero",
    BadConversionToInteger = 255 => "invalid conversion to integer",
}

impl Trap {
    /// The raw code byte compiled code records for this trap.
    pub const fn code(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &t in Trap::ALL {
            assert_eq!(Trap::from_code(t.code()), Some(t));
        }
        assert_eq!(Trap::from_code(0), None);
    }
}
