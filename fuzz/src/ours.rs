//! wasm2native's side of the differential target: compile (`ImportPolicy::Linkable`: memory
//! 0 at no fixed address), load in-process (`wasm2native::jit`), instantiate and call, with
//! traps caught by `catch_traps`. Instances drop before the `JitModule` holding their code.

use crate::values::{trap, Call, Outcome, Value};
use std::cell::Cell;
use std::sync::OnceLock;
use wasm2native::jit::JitModule;
use wasm2native::{CompileOptions, ImportPolicy, OptLevel};
use wasm2native_abi::meta::{ImportKind, ValType};
use wasm2native_abi::trap::Trap;
use wasm2native_rt::catch::catch_traps;
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::{Extern, Instance, InstantiateError, Resolver, Val};

/// The process's runtime for loaded modules; installs the trap handlers on first use and
/// sets up each thread that asks (its stack bounds and alternate signal stack).
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<&'static Runtime> = OnceLock::new();
    thread_local!(static READY: Cell<bool> = const { Cell::new(false) });
    let runtime = RUNTIME.get_or_init(|| {
        wasm2native_rt::signals::install();
        Runtime::embedded()
    });
    if !READY.get() {
        wasm2native_rt::signals::init_thread();
        READY.set(true);
    }
    runtime
}

struct NoImports;

impl Resolver for NoImports {
    fn resolve(&mut self, _: &str, _: &str, _: &ImportKind) -> Option<Extern> {
        None
    }
}

/// Compiles and loads `wasm`; panics if the compiler rejects it (it is valid).
pub fn load(wasm: &[u8], opt_level: OptLevel) -> JitModule {
    let opts = CompileOptions {
        opt_level,
        policy: ImportPolicy::Linkable,
        ..CompileOptions::default()
    };
    let object = match wasm2native::compile(wasm, &opts) {
        Ok(e) => e.object,
        Err(e) => panic!("wasm2native rejected a valid module: {e}"),
    };
    wasm2native::jit::load(&object, &opts.image_symbol, runtime())
        .unwrap_or_else(|e| panic!("loading the compiled module: {e}"))
}

/// Instantiates the loaded module and runs its start function: the instance, or the class
/// of the trap that ended instantiation.
pub fn instantiate(jit: &JitModule) -> Result<Box<Instance>, String> {
    let inst = match Instance::new(jit.module().clone(), &mut NoImports) {
        Ok(i) => i,
        Err(InstantiateError::Trap(t)) => return Err(class(t).into()),
        Err(e) => panic!("instantiating: {e}"),
    };
    match catch_traps(|| inst.run_start().expect("start function")) {
        Ok(()) => Ok(inst),
        Err(t) => Err(class(t).into()),
    }
}

/// Makes one call.
pub fn call(inst: &Instance, c: &Call) -> Outcome {
    let f = inst.module().export_func(&c.name).expect("exported");
    let params = inst.func_type(f).expect("typed").params.clone();
    let args: Vec<Val> = c
        .args
        .iter()
        .zip(params)
        .map(|(&v, t)| to_val(v, t))
        .collect();
    match catch_traps(|| inst.call_export(&c.name, &args)) {
        Ok(Ok(results)) => Outcome::Values(results.into_iter().map(from_val).collect()),
        Ok(Err(e)) => panic!("calling {}: {e}", c.name),
        Err(t) => Outcome::Trap(class(t).into()),
    }
}

fn to_val(v: Value, ty: ValType) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::V128(x) => Val::V128(x),
        Value::Ref { .. } => Val::default_of(ty),
    }
}

pub fn from_val(v: Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(x as u32),
        Val::I64(x) => Value::I64(x as u64),
        Val::F32(x) => Value::F32(x),
        Val::F64(x) => Value::F64(x),
        Val::V128(x) => Value::V128(x),
        Val::FuncRef(p) | Val::ExternRef(p) | Val::ExnRef(p) => Value::Ref { null: p == 0 },
    }
}

/// The class of one of our traps (see [`crate::values::trap`]).
pub fn class(t: Trap) -> &'static str {
    match t {
        Trap::Unreachable => trap::UNREACHABLE,
        Trap::MemoryOutOfBounds => trap::MEMORY,
        Trap::UndefinedElement | Trap::TableOutOfBounds => trap::TABLE,
        Trap::UninitializedElement => trap::NULL_CALL,
        Trap::IntegerDivisionByZero => trap::DIV_ZERO,
        Trap::IntegerOverflow => trap::OVERFLOW,
        Trap::BadConversionToInteger => trap::CONVERSION,
        Trap::StackOverflow => trap::STACK,
        Trap::IndirectCallTypeMismatch => trap::SIGNATURE,
        other => other.message(),
    }
}
