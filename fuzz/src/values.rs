//! What the differential target compares, independent of either runtime: values (floats by
//! bits, any NaN equal to any NaN; references by nullness), trap classes, call outcomes, and
//! which exports a module has.

use arbitrary::Unstructured;
use wasmparser::{ExternalKind, Parser, Payload, ValType};

/// A wasm value as both runtimes can report it.
#[derive(Clone, Copy, Debug)]
pub enum Value {
    I32(u32),
    I64(u64),
    F32(u32),
    F64(u64),
    V128(u128),
    Ref { null: bool },
}

impl PartialEq for Value {
    fn eq(&self, o: &Value) -> bool {
        use Value::*;
        match (*self, *o) {
            (F32(a), F32(b)) => {
                a == b || (f32::from_bits(a).is_nan() && f32::from_bits(b).is_nan())
            }
            (F64(a), F64(b)) => {
                a == b || (f64::from_bits(a).is_nan() && f64::from_bits(b).is_nan())
            }
            (I32(a), I32(b)) => a == b,
            (I64(a), I64(b)) => a == b,
            (V128(a), V128(b)) => a == b,
            (Ref { null: a }, Ref { null: b }) => a == b,
            _ => false,
        }
    }
}

/// Trap classes both runtimes distinguish (wasmi has one code for `undefined element` and
/// `out of bounds table access`).
pub mod trap {
    pub const UNREACHABLE: &str = "unreachable";
    pub const MEMORY: &str = "out of bounds memory access";
    pub const TABLE: &str = "out of bounds table access / undefined element";
    pub const NULL_CALL: &str = "uninitialized element";
    pub const DIV_ZERO: &str = "integer divide by zero";
    pub const OVERFLOW: &str = "integer overflow";
    pub const CONVERSION: &str = "invalid conversion to integer";
    pub const STACK: &str = "call stack exhausted";
    pub const SIGNATURE: &str = "indirect call type mismatch";
}

/// What one call did.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Values(Vec<Value>),
    Trap(String),
}

/// A call the target makes: an exported function and its arguments.
#[derive(Clone, Debug)]
pub struct Call {
    pub name: String,
    pub args: Vec<Value>,
}

/// The exports of a module: names of functions (with their types), globals, memories, tables.
#[derive(Debug, Default)]
pub struct Exports {
    pub funcs: Vec<(String, wasmparser::FuncType)>,
    pub globals: Vec<String>,
    pub memories: Vec<String>,
    pub tables: Vec<String>,
}

/// The exports of a valid module without imports.
pub fn exports(wasm: &[u8]) -> Exports {
    let mut types = Vec::new();
    let mut funcs = Vec::new();
    let mut out = Exports::default();
    for payload in Parser::new(0).parse_all(wasm).flatten() {
        match payload {
            Payload::TypeSection(r) => {
                for rec in r.into_iter().flatten() {
                    for sub in rec.into_types() {
                        types.push(sub.unwrap_func().clone());
                    }
                }
            }
            Payload::FunctionSection(r) => funcs.extend(r.into_iter().flatten()),
            Payload::ExportSection(r) => {
                for e in r.into_iter().flatten() {
                    let name = e.name.to_string();
                    match e.kind {
                        ExternalKind::Func => {
                            let ty = types[funcs[e.index as usize] as usize].clone();
                            out.funcs.push((name, ty));
                        }
                        ExternalKind::Global => out.globals.push(name),
                        ExternalKind::Memory => out.memories.push(name),
                        ExternalKind::Table => out.tables.push(name),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// One call of every exported function, with arguments drawn from `u` (null references).
pub fn calls(exports: &Exports, u: &mut Unstructured) -> Vec<Call> {
    exports
        .funcs
        .iter()
        .map(|(name, ty)| Call {
            name: name.clone(),
            args: ty.params().iter().map(|&t| argument(t, u)).collect(),
        })
        .collect()
}

fn argument(ty: ValType, u: &mut Unstructured) -> Value {
    match ty {
        ValType::I32 => Value::I32(u.arbitrary().unwrap_or(0)),
        ValType::I64 => Value::I64(u.arbitrary().unwrap_or(0)),
        ValType::F32 => Value::F32(u.arbitrary().unwrap_or(0)),
        ValType::F64 => Value::F64(u.arbitrary().unwrap_or(0)),
        ValType::V128 => Value::V128(u.arbitrary().unwrap_or(0)),
        ValType::Ref(_) => Value::Ref { null: true },
    }
}
