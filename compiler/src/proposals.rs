//! Which WebAssembly proposal every wasmparser operator comes from, and whether wasm2native
//! translates that proposal or rejects its operators with a named feature.
//!
//! wasmparser's `Operator` is `#[non_exhaustive]`, so rustc cannot check a `match` on it for
//! completeness. This classification is therefore generated from wasmparser's own operator list
//! (`for_each_operator!`): every operator of the pinned version gets an arm, and each
//! proposal tag is mapped by [`support_of_tag!`], which has no fallback, so a proposal a newer
//! wasmparser adds fails to compile here until it is classified. The one wildcard arm (required
//! by `#[non_exhaustive]`) is unreachable with the pinned version and rejects conservatively.
//! That every operator of a translated proposal really is translated is checked by the test
//! `translate::unsupported::tests`.

use wasmparser::Operator;

/// A proposal whose operators the translator implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposal {
    Mvp,
    SignExtension,
    SaturatingFloatToInt,
    BulkMemory,
    ReferenceTypes,
    Simd,
    RelaxedSimd,
    Threads,
    WideArithmetic,
    TailCall,
    FunctionReferences,
    Exceptions,
    LegacyExceptions,
}

/// Whether an operator is translated, or the feature it needs that wasm2native lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    Translated(Proposal),
    Unsupported { feature: &'static str },
}

/// The [`Support`] of one wasmparser proposal tag. No fallback arm: see the module header.
macro_rules! support_of_tag {
    (mvp) => {
        Support::Translated(Proposal::Mvp)
    };
    (sign_extension) => {
        Support::Translated(Proposal::SignExtension)
    };
    (saturating_float_to_int) => {
        Support::Translated(Proposal::SaturatingFloatToInt)
    };
    (bulk_memory) => {
        Support::Translated(Proposal::BulkMemory)
    };
    (reference_types) => {
        Support::Translated(Proposal::ReferenceTypes)
    };
    (simd) => {
        Support::Translated(Proposal::Simd)
    };
    (threads) => {
        Support::Translated(Proposal::Threads)
    };
    (relaxed_simd) => {
        Support::Translated(Proposal::RelaxedSimd)
    };
    (exceptions) => {
        Support::Translated(Proposal::Exceptions)
    };
    (legacy_exceptions) => {
        Support::Translated(Proposal::LegacyExceptions)
    };
    (tail_call) => {
        Support::Translated(Proposal::TailCall)
    };
    (gc) => {
        Support::Unsupported {
            feature: "garbage collection",
        }
    };
    (custom_descriptors) => {
        Support::Unsupported {
            feature: "custom descriptors",
        }
    };
    (function_references) => {
        Support::Translated(Proposal::FunctionReferences)
    };
    (memory_control) => {
        Support::Unsupported {
            feature: "memory control",
        }
    };
    (shared_everything_threads) => {
        Support::Unsupported {
            feature: "shared-everything threads",
        }
    };
    (stack_switching) => {
        Support::Unsupported {
            feature: "stack switching",
        }
    };
    (wide_arithmetic) => {
        Support::Translated(Proposal::WideArithmetic)
    };
    (acquire_release_atomics) => {
        Support::Unsupported {
            feature: "acquire-release atomics",
        }
    };
}

/// Feature named for an operator newer than the pinned wasmparser (unreachable today).
const UNKNOWN_FEATURE: &str = "an operator this compiler does not know";

macro_rules! define_classification {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        /// Whether `op` is translated, and if not the feature it needs.
        pub fn support(op: &Operator) -> Support {
            match op {
                $( Operator::$op { .. } => support_of_tag!($proposal), )*
                _ => Support::Unsupported { feature: UNKNOWN_FEATURE },
            }
        }

        /// The operator's name: wasmparser's visitor name without `visit_` (`i32_add`).
        pub fn name(op: &Operator) -> &'static str {
            match op {
                $( Operator::$op { .. } => strip_visit(stringify!($visit)), )*
                _ => "unknown",
            }
        }

        /// Every operator of the pinned wasmparser: its name and support.
        #[cfg(test)]
        pub const ALL: &[(&str, Support)] = &[
            $( (strip_visit(stringify!($visit)), support_of_tag!($proposal)), )*
        ];
    };
}

wasmparser::for_each_operator!(define_classification);

const fn strip_visit(visit: &'static str) -> &'static str {
    match visit.as_bytes() {
        [b'v', b'i', b's', b'i', b't', b'_', rest @ ..] => match std::str::from_utf8(rest) {
            Ok(s) => s,
            Err(_) => visit,
        },
        _ => visit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_is_classified_with_its_proposal() {
        assert!(ALL.len() > 500, "{}", ALL.len());
        let find = |n: &str| ALL.iter().find(|(name, _)| *name == n).map(|(_, s)| *s);
        assert_eq!(find("i32_add"), Some(Support::Translated(Proposal::Mvp)));
        assert_eq!(find("v128_load"), Some(Support::Translated(Proposal::Simd)));
        let feature = |n| match find(n) {
            Some(Support::Unsupported { feature }) => feature,
            other => panic!("{n}: {other:?}"),
        };
        assert_eq!(
            find("try_table"),
            Some(Support::Translated(Proposal::Exceptions))
        );
        assert_eq!(
            find("return_call"),
            Some(Support::Translated(Proposal::TailCall))
        );
        assert_eq!(feature("struct_new"), "garbage collection");
        assert_eq!(
            find("call_ref"),
            Some(Support::Translated(Proposal::FunctionReferences))
        );
        assert_eq!(
            find("i64_add128"),
            Some(Support::Translated(Proposal::WideArithmetic))
        );
    }

    #[test]
    fn support_and_name_read_a_parsed_operator() {
        let op = Operator::ReturnCallRef { type_index: 0 };
        assert_eq!(name(&op), "return_call_ref");
        assert_eq!(
            support(&op),
            Support::Translated(Proposal::FunctionReferences)
        );
        let op = Operator::StructNew {
            struct_type_index: 0,
        };
        assert_eq!(
            support(&op),
            Support::Unsupported {
                feature: "garbage collection"
            }
        );
    }
}
