//! Target `differential`: a wasm-smith module (`crate::smith::differential_config`: no
//! imports, everything exported, NaNs canonicalised, termination ensured by fuel) runs on
//! wasm2native in-process ([`crate::ours`]) and on wasmi ([`crate::oracle`]); every exported
//! function is called once, in export order, with arguments from the input, each on a fresh
//! instance of both sides (so each call starts with full fuel). The two must agree on
//! instantiation (a trap class, or success), on each call's results (floats modulo NaN
//! payloads) or trap class, and after it on every exported global, memory (length and
//! bytes) and table size.
//!
//! wasmi runs each module rewritten by [`crate::atomics::lower`]: atomics as plain
//! instructions (every `memory.atomic.wait` with a timeout of 0 on both sides), comparisons
//! kept out of a wasmi bug's way.
//!
//! `call stack exhausted` on either side makes that call inconclusive: the runtimes' stack
//! limits differ. wasmi failing to take a module (a feature it lacks) skips the input.

use crate::values::{self, trap, Outcome};
use arbitrary::Unstructured;
use wasm2native::OptLevel;
use wasm2native_rt::{Extern, Val};

/// Fuel per instance (`ensure_termination`): function entries, loop iterations, bulk lengths.
const FUEL: u32 = 1_000;

/// The module and calls an input stands for, and the optimisation level to compile with.
pub struct Case {
    pub wasm: Vec<u8>,
    pub calls: Vec<values::Call>,
    pub opt_level: OptLevel,
}

pub fn case(data: &[u8]) -> Option<Case> {
    let mut u = Unstructured::new(data);
    let config = crate::smith::differential_config(&mut u).ok()?;
    let opt_level = if u.ratio(1, 3).ok()? {
        OptLevel::None
    } else {
        OptLevel::Speed
    };
    let mut module = wasm_smith::Module::new(config, &mut u).ok()?;
    module.ensure_termination(FUEL).ok()?;
    let mut wasm = module.to_bytes();
    if crate::atomics::uses_threads(&wasm) {
        wasm = crate::atomics::zero_wait_timeouts(&wasm)?;
    }
    let calls = values::calls(&values::exports(&wasm), &mut u);
    Some(Case {
        wasm,
        calls,
        opt_level,
    })
}

pub fn run(data: &[u8]) {
    if let Some(case) = case(data) {
        check(&case);
    }
}

/// Runs `case` on both sides; panics with a description of the first difference.
pub fn check(case: &Case) {
    let lowered = crate::atomics::lower(&case.wasm).expect("lowering a valid module");
    let Some(oracle) = crate::oracle::compile(&lowered) else {
        return;
    };
    let jit = crate::ours::load(&case.wasm, case.opt_level);
    // A module without exported functions is still instantiated once.
    let calls: Vec<Option<&values::Call>> = if case.calls.is_empty() {
        vec![None]
    } else {
        case.calls.iter().map(Some).collect()
    };
    for (i, call) in calls.into_iter().enumerate() {
        let ours = crate::ours::instantiate(&jit);
        let theirs = oracle.instantiate();
        let (inst, mut theirs) = match (ours, theirs) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(a), Err(b)) if a == b || a == trap::STACK || b == trap::STACK => return,
            (a, b) => differ(
                case,
                format!("instantiation: ours {:?}, wasmi {:?}", a.err(), b.err()),
            ),
        };
        let Some(call) = call else {
            compare_state(case, &inst, &theirs.store, theirs.instance);
            return;
        };
        let (a, b) = (crate::ours::call(&inst, call), theirs.call(call));
        let stack = |o: &Outcome| *o == Outcome::Trap(trap::STACK.into());
        if stack(&a) || stack(&b) {
            continue;
        }
        if a != b {
            differ(
                case,
                format!("call {i} ({}): ours {a:?}, wasmi {b:?}", call.name),
            );
        }
        compare_state(case, &inst, &theirs.store, theirs.instance);
    }
}

/// Reports a difference; the module is written to the temporary directory to study.
fn differ(case: &Case, what: String) -> ! {
    let file = std::env::temp_dir().join(format!("w2n-differential-{}.wasm", std::process::id()));
    let _ = std::fs::write(&file, &case.wasm);
    panic!(
        "wasm2native and wasmi differ ({:?}): {what}\ncalls: {:?}\nmodule: {}",
        case.opt_level,
        case.calls,
        file.display()
    )
}

fn compare_state(
    case: &Case,
    inst: &wasm2native_rt::Instance,
    store: &wasmi::Store<()>,
    theirs: wasmi::Instance,
) {
    let exports = values::exports(&case.wasm);
    for name in &exports.globals {
        let Some(Extern::Global(p, ty)) = inst.export(name) else {
            differ(case, format!("no global export {name}"))
        };
        // SAFETY: an exported global's storage lives as long as the instance.
        let a = crate::ours::from_val(Val::from_global(ty.ty, unsafe { &*p }));
        let b =
            crate::oracle::from_val(&theirs.get_global(store, name).expect("global").get(store));
        if a != b {
            differ(case, format!("global {name}: ours {a:?}, wasmi {b:?}"));
        }
    }
    for name in &exports.memories {
        let Some(Extern::Memory(m)) = inst.export(name) else {
            differ(case, format!("no memory export {name}"))
        };
        // SAFETY: the memory is live (held by `m`) and `len` bytes are accessible.
        let a = unsafe { std::slice::from_raw_parts(m.base(), m.len() as usize) };
        let b = theirs.get_memory(store, name).expect("memory").data(store);
        if a != b {
            let at = a.iter().zip(b).position(|(x, y)| x != y);
            differ(
                case,
                format!(
                    "memory {name}: lengths {} / {}, first difference at {at:?}",
                    a.len(),
                    b.len()
                ),
            );
        }
    }
    for name in &exports.tables {
        let Some(Extern::Table(t, _)) = inst.export(name) else {
            differ(case, format!("no table export {name}"))
        };
        // SAFETY: an exported table lives as long as the instance.
        let a = unsafe { (*t).length };
        let b = theirs.get_table(store, name).expect("table").size(store);
        if a != b {
            differ(case, format!("table {name} size: ours {a}, wasmi {b}"));
        }
    }
}
