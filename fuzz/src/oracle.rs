//! The oracle of the differential target: wasmi (an interpreter, light to build), configured
//! with the features of `crate::smith::differential_config`.

use crate::values::{trap, Call, Outcome, Value};
use wasmi::{Config, Engine, Instance, Linker, Module, Store, TrapCode, Val, ValType};

/// A module compiled by wasmi.
pub struct Oracle {
    engine: Engine,
    module: Module,
}

/// One wasmi instance and its store.
pub struct Theirs {
    pub store: Store<()>,
    pub instance: Instance,
}

fn engine() -> Engine {
    let mut c = Config::default();
    c.wasm_multi_memory(true)
        .wasm_tail_call(true)
        .wasm_wide_arithmetic(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(false)
        .wasm_bulk_memory(true)
        .wasm_reference_types(true)
        .wasm_extended_const(true)
        .wasm_multi_value(true)
        .set_max_recursion_depth(100_000);
    Engine::new(&c)
}

/// Compiles `wasm`; `None` if wasmi cannot take the module (a feature it lacks).
pub fn compile(wasm: &[u8]) -> Option<Oracle> {
    let engine = engine();
    let module = Module::new(&engine, wasm).ok()?;
    Some(Oracle { engine, module })
}

/// The trap an atomics import of a lowered module ([`crate::atomics`]) raises.
#[derive(Debug)]
struct AtomicsTrap(&'static str);

impl std::fmt::Display for AtomicsTrap {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl wasmi::errors::HostError for AtomicsTrap {}

/// A linker with the atomics imports, each trapping with its message.
fn linker(engine: &Engine) -> Linker<()> {
    use crate::atomics::{IMPORT_MODULE, UNALIGNED, UNSHARED};
    let mut l = Linker::<()>::new(engine);
    for (name, message) in [
        (UNALIGNED, "unaligned atomic"),
        (UNSHARED, "expected shared memory"),
    ] {
        let raise =
            move || -> Result<(), wasmi::Error> { Err(wasmi::Error::host(AtomicsTrap(message))) };
        l.func_wrap(IMPORT_MODULE, name, raise)
            .expect("defining an atomics import");
    }
    l
}

/// The class of a wasmi error that ended a call or instantiation, if it is a trap.
fn trap_class(e: &wasmi::Error) -> Option<String> {
    if let Some(t) = e.downcast_ref::<AtomicsTrap>() {
        return Some(t.0.to_string());
    }
    e.as_trap_code().map(|code| class(code).to_string())
}

impl Oracle {
    /// A fresh instance with its start function run, or the class of the trap (or the error)
    /// that ended instantiation.
    pub fn instantiate(&self) -> Result<Theirs, String> {
        let mut store = Store::new(&self.engine, ());
        match linker(&self.engine).instantiate_and_start(&mut store, &self.module) {
            Ok(instance) => Ok(Theirs { store, instance }),
            Err(e) => Err(instantiation_failure(&e)),
        }
    }
}

/// The trap class of a failed instantiation. wasmi reports an active element segment that
/// does not fit its table as an instantiation error, not a trap; the spec (and wasm2native)
/// trap there as on any out-of-bounds table access.
fn instantiation_failure(e: &wasmi::Error) -> String {
    use wasmi::errors::{ErrorKind, InstantiationError};
    match (trap_class(e), e.kind()) {
        (Some(class), _) => class,
        (None, ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. })) => {
            trap::TABLE.to_string()
        }
        (None, _) => format!("instantiation error: {e}"),
    }
}

impl Theirs {
    /// Makes one call.
    pub fn call(&mut self, c: &Call) -> Outcome {
        let func = self
            .instance
            .get_func(&self.store, &c.name)
            .expect("exported");
        let ty = func.ty(&self.store);
        let args: Vec<Val> = c
            .args
            .iter()
            .zip(ty.params())
            .map(|(&v, &t)| to_val(v, t))
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|&t| Val::default_for_ty(t))
            .collect();
        match func.call(&mut self.store, &args, &mut results) {
            Ok(()) => Outcome::Values(results.iter().map(from_val).collect()),
            Err(e) => Outcome::Trap(trap_class(&e).unwrap_or_else(|| format!("error: {e}"))),
        }
    }
}

fn to_val(v: Value, ty: ValType) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(f32::from_bits(x).into()),
        Value::F64(x) => Val::F64(f64::from_bits(x).into()),
        Value::V128(x) => Val::V128(x.into()),
        Value::Ref { .. } => Val::default_for_ty(ty),
    }
}

pub fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x as u32),
        Val::I64(x) => Value::I64(*x as u64),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(r) => Value::Ref { null: r.is_null() },
        Val::ExternRef(r) => Value::Ref { null: r.is_null() },
    }
}

/// The class of a wasmi trap (see [`crate::values::trap`]).
fn class(code: TrapCode) -> &'static str {
    match code {
        TrapCode::UnreachableCodeReached => trap::UNREACHABLE,
        TrapCode::MemoryOutOfBounds => trap::MEMORY,
        TrapCode::TableOutOfBounds => trap::TABLE,
        TrapCode::IndirectCallToNull => trap::NULL_CALL,
        TrapCode::IntegerDivisionByZero => trap::DIV_ZERO,
        TrapCode::IntegerOverflow => trap::OVERFLOW,
        TrapCode::BadConversionToInteger => trap::CONVERSION,
        TrapCode::StackOverflow => trap::STACK,
        TrapCode::BadSignature => trap::SIGNATURE,
        other => other.trap_message(),
    }
}
