//! Validating and parsing a wasm module into [`ModuleInfo`]: types, imports, entities,
//! segments, exports, names and the (not yet translated) function bodies.
//!
//! Index spaces follow the wasm convention: imports come first. Newtype indices keep
//! module-wide and defined-only indices apart.

use crate::error::{CompileError, Result};
use cranelift_codegen::entity::{entity_impl, PrimaryMap};
use std::collections::HashMap;
use wasm2native_abi::meta::{
    self, ConstExpr, ConstOp, Export, ExternKind, FuncType, GlobalType, HeapType, Import,
    ImportKind, MemoryType, RefType, SegmentMode, TableType, ValType,
};
use wasm2native_abi::symbols::{host_func, HostFunc};
use wasmparser::{
    DataKind, ElementItems, ElementKind, FunctionBody, Name, Operator, Parser, Payload, TableInit,
    TypeRef, Validator, WasmFeatures,
};

macro_rules! index_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);
        entity_impl!($name);
    )*};
}

index_type! {
    /// A function in the module's function index space (imports first).
    FuncIndex;
    /// A function defined (not imported) by the module.
    DefinedFuncIndex;
    /// A function type.
    TypeIndex;
    /// A linear memory (imports first).
    MemoryIndex;
    /// A table (imports first).
    TableIndex;
    /// A global (imports first).
    GlobalIndex;
}

/// How a function import is satisfied.
#[derive(Clone, Copy, Debug)]
pub enum FuncImportBinding {
    /// A runtime host function, called directly by symbol.
    Host(&'static HostFunc),
    /// Supplied at instantiation through the vmctx import slot (modules linked together).
    Linked,
}

/// Which imports the compiled module may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportPolicy {
    /// A standalone executable: only runtime host functions and memories the runtime creates.
    Executable,
    /// A module linked with others at instantiation (the spec-test runner): anything goes.
    Linkable,
}

pub use crate::features::default_features;

pub struct ModuleInfo<'a> {
    pub types: PrimaryMap<TypeIndex, FuncType>,
    pub imports: Vec<Import>,
    pub funcs: PrimaryMap<FuncIndex, TypeIndex>,
    pub func_imports: Vec<FuncImportBinding>,
    pub tables: PrimaryMap<TableIndex, TableType>,
    pub num_imported_tables: u32,
    /// Initialisers of the defined tables declared with one, by defined-table index.
    pub table_inits: Vec<(u32, ConstExpr)>,
    pub memories: PrimaryMap<MemoryIndex, MemoryType>,
    pub num_imported_memories: u32,
    pub globals: PrimaryMap<GlobalIndex, GlobalType>,
    pub num_imported_globals: u32,
    /// Initialisers of defined globals.
    pub global_inits: Vec<ConstExpr>,
    /// Type of every tag, imported ones first.
    pub tags: Vec<TypeIndex>,
    pub exports: Vec<Export>,
    pub start: Option<FuncIndex>,
    pub elems: Vec<meta::ElemSegment>,
    pub datas: Vec<(SegmentMode, &'a [u8])>,
    pub bodies: PrimaryMap<DefinedFuncIndex, FunctionBody<'a>>,
    pub module_name: Option<String>,
    pub func_names: HashMap<FuncIndex, String>,
    /// Where memory 0 lives if its address is fixed at compile time (see
    /// `ModuleMeta::memory0_at`; set by `crate::compile`).
    pub memory0_at: Option<u64>,
}

impl<'a> ModuleInfo<'a> {
    pub fn num_imported_funcs(&self) -> u32 {
        self.func_imports.len() as u32
    }

    pub fn defined_func_index(&self, f: FuncIndex) -> Option<DefinedFuncIndex> {
        f.as_u32()
            .checked_sub(self.num_imported_funcs())
            .map(DefinedFuncIndex::from_u32)
    }

    pub fn func_index(&self, d: DefinedFuncIndex) -> FuncIndex {
        FuncIndex::from_u32(d.as_u32() + self.num_imported_funcs())
    }

    pub fn func_type(&self, f: FuncIndex) -> &FuncType {
        &self.types[self.funcs[f]]
    }

    /// A readable name for error messages and backtraces.
    pub fn func_display_name(&self, f: FuncIndex) -> String {
        match self.func_names.get(&f) {
            Some(n) => format!("function {} (`{n}`)", f.as_u32()),
            None => format!("function {}", f.as_u32()),
        }
    }

    /// Validates `wasm` and parses it.
    pub fn parse(wasm: &'a [u8], policy: ImportPolicy, features: WasmFeatures) -> Result<Self> {
        Validator::new_with_features(features)
            .validate_all(wasm)
            .map_err(|e| crate::features::explain_rejection(wasm, features, e.to_string()))?;
        let mut info = ModuleInfo {
            types: PrimaryMap::new(),
            imports: Vec::new(),
            funcs: PrimaryMap::new(),
            func_imports: Vec::new(),
            tables: PrimaryMap::new(),
            num_imported_tables: 0,
            table_inits: Vec::new(),
            memories: PrimaryMap::new(),
            num_imported_memories: 0,
            globals: PrimaryMap::new(),
            num_imported_globals: 0,
            global_inits: Vec::new(),
            tags: Vec::new(),
            exports: Vec::new(),
            start: None,
            elems: Vec::new(),
            datas: Vec::new(),
            bodies: PrimaryMap::new(),
            module_name: None,
            func_names: HashMap::new(),
            memory0_at: None,
        };
        for payload in Parser::new(0).parse_all(wasm) {
            info.payload(payload.map_err(parse_error)?, policy)?;
        }
        Ok(info)
    }

    fn payload(&mut self, payload: Payload<'a>, policy: ImportPolicy) -> Result<()> {
        match payload {
            Payload::TypeSection(s) => {
                for group in s {
                    for sub in group.map_err(parse_error)?.into_types() {
                        let f = sub.unwrap_func();
                        self.types.push(FuncType {
                            params: f.params().iter().map(val_type).collect::<Result<_>>()?,
                            results: f.results().iter().map(val_type).collect::<Result<_>>()?,
                        });
                    }
                }
            }
            Payload::ImportSection(s) => {
                for import in s.into_imports() {
                    let import = import.map_err(parse_error)?;
                    self.import(import, policy)?;
                }
            }
            Payload::FunctionSection(s) => {
                for t in s {
                    self.funcs
                        .push(TypeIndex::from_u32(t.map_err(parse_error)?));
                }
            }
            Payload::TableSection(s) => {
                for t in s {
                    let t = t.map_err(parse_error)?;
                    if let TableInit::Expr(e) = &t.init {
                        let defined = self.tables.len() as u32 - self.num_imported_tables;
                        self.table_inits.push((defined, const_expr(e)?));
                    }
                    self.tables.push(table_type(&t.ty)?);
                }
            }
            Payload::MemorySection(s) => {
                for m in s {
                    self.memories.push(memory_type(&m.map_err(parse_error)?)?);
                }
            }
            Payload::GlobalSection(s) => {
                for g in s {
                    let g = g.map_err(parse_error)?;
                    self.globals.push(global_type(&g.ty)?);
                    self.global_inits.push(const_expr(&g.init_expr)?);
                }
            }
            Payload::ExportSection(s) => {
                for e in s {
                    let e = e.map_err(parse_error)?;
                    let kind = match e.kind {
                        wasmparser::ExternalKind::Func => ExternKind::Func,
                        wasmparser::ExternalKind::Table => ExternKind::Table,
                        wasmparser::ExternalKind::Memory => ExternKind::Memory,
                        wasmparser::ExternalKind::Global => ExternKind::Global,
                        wasmparser::ExternalKind::Tag => ExternKind::Tag,
                        other => {
                            return Err(CompileError::Unsupported(format!("{other:?} exports")))
                        }
                    };
                    self.exports.push(Export {
                        name: e.name.to_string(),
                        kind,
                        index: e.index,
                    });
                }
            }
            Payload::TagSection(s) => {
                for t in s {
                    self.tags
                        .push(TypeIndex::from_u32(t.map_err(parse_error)?.func_type_idx));
                }
            }
            Payload::StartSection { func, .. } => self.start = Some(FuncIndex::from_u32(func)),
            Payload::ElementSection(s) => {
                for e in s {
                    let e = e.map_err(parse_error)?;
                    let mode = match e.kind {
                        ElementKind::Passive => SegmentMode::Passive,
                        ElementKind::Declared => SegmentMode::Declared,
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => SegmentMode::Active {
                            index: table_index.unwrap_or(0),
                            offset: const_expr(&offset_expr)?,
                        },
                    };
                    let (elem, items) = match e.items {
                        ElementItems::Functions(fs) => (
                            RefType::FUNCREF,
                            fs.into_iter()
                                .map(|f| Ok(vec![ConstOp::RefFunc(f.map_err(parse_error)?)]))
                                .collect::<Result<Vec<_>>>()?,
                        ),
                        ElementItems::Expressions(ty, es) => (
                            ref_type(ty)?,
                            es.into_iter()
                                .map(|e| const_expr(&e.map_err(parse_error)?))
                                .collect::<Result<Vec<_>>>()?,
                        ),
                    };
                    self.elems.push(meta::ElemSegment { mode, elem, items });
                }
            }
            Payload::DataSection(s) => {
                for d in s {
                    let d = d.map_err(parse_error)?;
                    let mode = match d.kind {
                        DataKind::Passive => SegmentMode::Passive,
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => SegmentMode::Active {
                            index: memory_index,
                            offset: const_expr(&offset_expr)?,
                        },
                    };
                    self.datas.push((mode, d.data));
                }
            }
            Payload::CodeSectionEntry(body) => {
                self.bodies.push(body);
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                    // Names are best effort: a malformed name section is ignored, as engines do.
                    for name in names.into_iter().flatten() {
                        self.name(name);
                    }
                }
            }
            Payload::Version { .. }
            | Payload::DataCountSection { .. }
            | Payload::CodeSectionStart { .. }
            | Payload::End(_) => {}
            other => {
                return Err(CompileError::Unsupported(format!("section {other:?}")));
            }
        }
        Ok(())
    }

    fn name(&mut self, name: Name<'a>) {
        match name {
            Name::Module { name, .. } => self.module_name = Some(name.to_string()),
            Name::Function(map) => {
                for naming in map.into_iter().flatten() {
                    self.func_names
                        .insert(FuncIndex::from_u32(naming.index), naming.name.to_string());
                }
            }
            _ => {}
        }
    }

    fn import(&mut self, import: wasmparser::Import<'a>, policy: ImportPolicy) -> Result<()> {
        let what = format!("`{}`.`{}`", import.module, import.name);
        let kind = match import.ty {
            TypeRef::Func(t) => {
                let ty = self
                    .types
                    .get(TypeIndex::from_u32(t))
                    .ok_or_else(|| CompileError::Invalid(format!("import {what}: bad type")))?;
                let binding = match (host_func(import.module, import.name), policy) {
                    (Some(h), _) => {
                        if h.sig.params != ty.params.as_slice() || h.sig.results != ty.results.as_slice() {
                            return Err(CompileError::Import(format!(
                                "{what} has type {:?} -> {:?}, but the runtime provides {:?} -> {:?}",
                                ty.params, ty.results, h.sig.params, h.sig.results
                            )));
                        }
                        FuncImportBinding::Host(h)
                    }
                    (None, ImportPolicy::Linkable) => FuncImportBinding::Linked,
                    (None, ImportPolicy::Executable) => {
                        return Err(CompileError::Import(format!(
                            "unknown import {what}: the wasm2native runtime does not provide this function"
                        )))
                    }
                };
                self.funcs.push(TypeIndex::from_u32(t));
                self.func_imports.push(binding);
                ImportKind::Func(t)
            }
            TypeRef::Memory(m) => {
                self.num_imported_memories += 1;
                let m = memory_type(&m)?;
                self.memories.push(m);
                ImportKind::Memory(m)
            }
            TypeRef::Table(t) => {
                if policy == ImportPolicy::Executable {
                    return Err(CompileError::Import(format!(
                        "unknown import {what}: executables cannot import tables"
                    )));
                }
                self.num_imported_tables += 1;
                let t = table_type(&t)?;
                self.tables.push(t);
                ImportKind::Table(t)
            }
            TypeRef::Global(g) => {
                if policy == ImportPolicy::Executable {
                    return Err(CompileError::Import(format!(
                        "unknown import {what}: executables cannot import globals"
                    )));
                }
                self.num_imported_globals += 1;
                let g = global_type(&g)?;
                self.globals.push(g);
                ImportKind::Global(g)
            }
            TypeRef::Tag(t) => {
                if policy == ImportPolicy::Executable {
                    return Err(CompileError::Import(format!(
                        "unknown import {what}: executables cannot import tags"
                    )));
                }
                self.tags.push(TypeIndex::from_u32(t.func_type_idx));
                ImportKind::Tag(t.func_type_idx)
            }
            other => {
                return Err(CompileError::Unsupported(format!(
                    "import {what} of {other:?}"
                )))
            }
        };
        self.imports.push(Import {
            module: import.module.to_string(),
            name: import.name.to_string(),
            kind,
        });
        Ok(())
    }

    /// Name-section function names: (function index, name), in no particular order.
    pub fn func_name_list(&self) -> Vec<(u32, String)> {
        self.func_names
            .iter()
            .map(|(i, n)| (i.as_u32(), n.clone()))
            .collect()
    }

    /// The metadata the runtime needs (everything but code, trap sites, names and data bytes).
    pub fn to_meta(&self) -> meta::ModuleMeta {
        let ni = |n: u32| n as usize;
        meta::ModuleMeta {
            name: self.module_name.clone(),
            types: self.types.values().cloned().collect(),
            imports: self.imports.clone(),
            funcs: self.funcs.values().map(|t| t.as_u32()).collect(),
            tables: self
                .tables
                .values()
                .skip(ni(self.num_imported_tables))
                .copied()
                .collect(),
            table_inits: self.table_inits.clone(),
            memories: self
                .memories
                .values()
                .skip(ni(self.num_imported_memories))
                .copied()
                .collect(),
            globals: self
                .globals
                .values()
                .skip(ni(self.num_imported_globals))
                .zip(&self.global_inits)
                .map(|(ty, init)| meta::Global {
                    ty: *ty,
                    init: init.clone(),
                })
                .collect(),
            tags: self.tags.iter().map(|t| t.as_u32()).collect(),
            exports: self.exports.clone(),
            start: self.start.map(|s| s.as_u32()),
            memory0_at: self.memory0_at,
            elems: self.elems.clone(),
            ..Default::default()
        }
    }
}

fn parse_error(e: wasmparser::BinaryReaderError) -> CompileError {
    CompileError::Invalid(e.to_string())
}

pub fn val_type(t: &wasmparser::ValType) -> Result<ValType> {
    Ok(match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(ref_type(*r)?),
    })
}

/// A reference type, exactly: nullability and heap type (the runtime matches imports by it;
/// compiled code represents every function reference type — `funcref`, `(ref null? $t)`,
/// `nofunc` — as a `VMFuncRef` pointer, every external one as an externref, every exception
/// one as an exception object pointer: [`ValType::representation`]). The other heap types
/// belong to garbage collection; a concrete type is a function type, as the validator runs
/// without garbage collection (which alone declares struct and array types).
fn ref_type(r: wasmparser::RefType) -> Result<RefType> {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    let heap = match r.heap_type() {
        H::Abstract { shared: false, ty } => match ty {
            A::Func => HeapType::Func,
            A::NoFunc => HeapType::NoFunc,
            A::Extern => HeapType::Extern,
            A::NoExtern => HeapType::NoExtern,
            A::Exn => HeapType::Exn,
            A::NoExn => HeapType::NoExn,
            _ => return Err(gc_type(r)),
        },
        H::Concrete(t) => HeapType::Concrete(t.as_module_index().ok_or_else(|| gc_type(r))?),
        _ => return Err(gc_type(r)),
    };
    Ok(RefType {
        nullable: r.is_nullable(),
        heap,
    })
}

fn gc_type(r: wasmparser::RefType) -> CompileError {
    CompileError::Unsupported(format!("reference type {r:?} (garbage collection)"))
}

fn table_type(t: &wasmparser::TableType) -> Result<TableType> {
    if t.shared {
        return Err(CompileError::Unsupported("shared tables".into()));
    }
    Ok(TableType {
        elem: ref_type(t.element_type)?,
        min: t.initial,
        max: t.maximum,
        table64: t.table64,
    })
}

fn memory_type(m: &wasmparser::MemoryType) -> Result<MemoryType> {
    // The validator accepts only the page sizes 1 and 65536.
    let log2 = m.page_size_log2();
    let page_size_log2 = u8::try_from(log2)
        .map_err(|_| CompileError::Unsupported(format!("a page size of 2^{log2} bytes")))?;
    Ok(MemoryType {
        min: m.initial,
        max: m.maximum,
        shared: m.shared,
        memory64: m.memory64,
        page_size_log2,
    })
}

fn global_type(g: &wasmparser::GlobalType) -> Result<GlobalType> {
    if g.shared {
        return Err(CompileError::Unsupported("shared globals".into()));
    }
    Ok(GlobalType {
        ty: val_type(&g.content_type)?,
        mutable: g.mutable,
    })
}

/// Converts a validated constant expression.
pub fn const_expr(e: &wasmparser::ConstExpr) -> Result<ConstExpr> {
    let mut ops = Vec::new();
    for op in e.get_operators_reader() {
        ops.push(match op.map_err(parse_error)? {
            Operator::I32Const { value } => ConstOp::I32(value),
            Operator::I64Const { value } => ConstOp::I64(value),
            Operator::F32Const { value } => ConstOp::F32(value.bits()),
            Operator::F64Const { value } => ConstOp::F64(value.bits()),
            Operator::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
            Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            Operator::RefNull { .. } => ConstOp::RefNull,
            Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            Operator::I32Add => ConstOp::I32Add,
            Operator::I32Sub => ConstOp::I32Sub,
            Operator::I32Mul => ConstOp::I32Mul,
            Operator::I64Add => ConstOp::I64Add,
            Operator::I64Sub => ConstOp::I64Sub,
            Operator::I64Mul => ConstOp::I64Mul,
            Operator::End => continue,
            other => {
                return Err(CompileError::Unsupported(format!(
                    "constant expression operator {other:?}"
                )))
            }
        });
    }
    Ok(ops)
}
