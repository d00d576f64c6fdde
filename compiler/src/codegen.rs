//! Code generation: parallel translation and compilation of every defined function,
//! per-type trampolines, and the object file with the module image the runtime reads
//! (`__w2n_module`: metadata blob, function table, trampoline table).
//!
//! [`compile_module`] runs in phases, each a function whose inputs and outputs are named:
//! `declare` (every symbol, so functions compile independently: [`Declared`]) →
//! `Jobs::inline_copies` (the CLIF of the callees small enough to inline) →
//! `Jobs::compile_all` (each function translated and compiled in one job, so only the jobs
//! running hold CLIF) → `emit` (functions, trampolines, static tables, module image, object).

use crate::boundary;
use crate::error::{CompileError, Result};
use crate::func_env::{entry_signature, host_signature, wasm_signature, Symbols};
use crate::late_rewrites;
use crate::locations::{site_locs, InlinedLocs, InlinedSites};
use crate::module_info::{DefinedFuncIndex, FuncImportBinding, FuncIndex, ModuleInfo, TableIndex};
use crate::progress::Reporter;
use crate::static_tables::{self, StaticTable};
use crate::target::{compiled_features, libcall_names, target_isa};
use crate::timings::Phase;
use crate::translate::inline::{is_inlinable, Inliner};
use crate::translate::translate_function;
use crate::CompileOptions;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{CodegenError, CodegenResult, CompiledCode, Context};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module, ModuleReloc};
use cranelift_object::{ObjectBuilder, ObjectModule};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::mem::offset_of;
use wasm2native_abi::code_meta::{CodeInfo, FuncCode, HandlerSite, SiteLoc, TrapSite};
use wasm2native_abi::cpu::{CpuFeatures, TargetCpu};
use wasm2native_abi::meta::{ConstOp, DataBytes, ExternKind, FuncType};
use wasm2native_abi::symbols::{image_bytes, Builtin, ModuleImage};
use wasm2native_abi::vmctx::VMOffsets;

/// Cranelift optimisation level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OptLevel {
    None,
    #[default]
    Speed,
}

/// Intermediate forms to keep for inspection (`--emit clif|asm`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inspect {
    /// The Cranelift IR the translator produced, before optimisation.
    pub clif: bool,
    /// The machine code, disassembled by Cranelift (VCode after register allocation).
    pub asm: bool,
}

struct CompiledFunc {
    bytes: Vec<u8>,
    relocs: Vec<ModuleReloc>,
    traps: Vec<TrapSite>,
    handlers: Vec<HandlerSite>,
    locs: Vec<SiteLoc>,
    clif: Option<String>,
    asm: Option<String>,
}

/// What to keep besides the object.
#[derive(Default)]
pub struct Emitted {
    pub object: Vec<u8>,
    /// Cranelift IR of every function, when requested.
    pub clif: Option<String>,
    /// Disassembly of every function, when requested.
    pub asm: Option<String>,
}

/// Compiles `info` (parsed by the caller: `crate::compile`) into an object whose module image
/// is exported as `image_symbol`, in phases: declare every symbol → translate every function
/// to CLIF → compile them → emit the object.
pub fn compile_module(info: &ModuleInfo, opts: &CompileOptions) -> Result<Emitted> {
    let (opt, inspect) = (opts.opt_level, opts.inspect);
    let isa = target_isa(opt, opts.target_cpu)?;
    let builder = ObjectBuilder::new(isa.clone(), "wasm", libcall_names())
        .map_err(|e| CompileError::Codegen(e.to_string()))?;
    let mut module = ObjectModule::new(builder);
    let declared = declare(&mut module, info)?;
    let jobs = Jobs {
        info,
        offsets: VMOffsets::new(info.to_meta().vm_counts()),
        symbols: &declared.symbols,
        isa: &*isa,
        inspect,
        order: largest_first(info),
        progress: &opts.progress,
    };
    let compiled = jobs.compile_all(opt)?;
    let _phase = Phase::start("emit");
    opts.progress.phase("emit", 0);
    let header = ImageHeader {
        symbol: &opts.image_symbol,
        cpu: opts.target_cpu,
        features: compiled_features(&*isa),
    };
    emit(module, info, &declared, compiled, inspect, &header)
}

/// Per module function index: whether code may call it directly — a `call` names it (one
/// parallel pass over every body's operators), or a table may hold it (a
/// `call_indirect` through a table that never changes becomes a direct call of its sole
/// callee: `static_tables.rs`). The inliner replaces nothing else.
fn directly_called(info: &ModuleInfo) -> Vec<bool> {
    let n = info.funcs.len();
    let lists: Vec<Vec<u32>> = info
        .bodies
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|body| {
            let mut callees = Vec::new();
            if let Ok(mut ops) = body.get_operators_reader() {
                while let Ok(op) = ops.read() {
                    if let wasmparser::Operator::Call { function_index } = op {
                        callees.push(function_index);
                    }
                }
            }
            callees
        })
        .collect();
    let table_inits = info.table_inits.iter().map(|(_, init)| init);
    let in_tables = info
        .elems
        .iter()
        .flat_map(|e| &e.items)
        .chain(table_inits)
        .flatten();
    let in_tables = in_tables.filter_map(|op| match op {
        ConstOp::RefFunc(f) => Some(*f),
        _ => None,
    });
    let mut called = vec![false; n];
    for f in lists.into_iter().flatten().chain(in_tables) {
        if let Some(c) = called.get_mut(f as usize) {
            *c = true;
        }
    }
    called
}

/// What the module image holds besides the module: its symbol, and the CPU its code was
/// compiled for, which the runtime checks at start-up.
struct ImageHeader<'a> {
    symbol: &'a str,
    cpu: TargetCpu,
    features: CpuFeatures,
}

fn module_error(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Codegen(e.to_string())
}

/// Output of the declare phase: every symbol compiled code refers to, declared up front so
/// functions can be compiled independently, and the tables whose contents are fixed.
struct Declared {
    symbols: Symbols,
    /// In table order: declared and emitted in that order, so objects are reproducible.
    static_tables: BTreeMap<TableIndex, StaticTable>,
}

/// Declares every function (defined ones local, host imports imported), every builtin and
/// the read-only copy of every table with fixed contents, in that order.
fn declare(module: &mut ObjectModule, info: &ModuleInfo) -> Result<Declared> {
    let funcs = declare_funcs(module, info)?;
    let builtins = Builtin::ALL
        .iter()
        .map(|b| {
            module
                .declare_function(b.symbol(), Linkage::Import, &entry_signature(&b.sig()))
                .map_err(module_error)
        })
        .collect::<Result<Vec<_>>>()?;
    let phase = Phase::start("tables");
    let static_tables = static_tables::find(info);
    drop(phase);
    let local_type_ids = static_tables::local_type_ids(info);
    let mut static_table_ids = HashMap::new();
    let mut sole_callees = HashMap::new();
    for (t, table) in &static_tables {
        for (type_id, f) in table.sole_callees(info, &local_type_ids) {
            sole_callees.insert((t.as_u32(), type_id), f);
        }
    }
    for t in static_tables.keys() {
        let id = module
            .declare_data(
                &format!("__w2n_static_table_{}", t.as_u32()),
                Linkage::Local,
                false,
                false,
            )
            .map_err(module_error)?;
        let len = static_tables[t].entries.len() as u32;
        static_table_ids.insert(t.as_u32(), (id, len));
    }
    let callable = declare_callable(module, info, &funcs)?;
    let symbols = Symbols {
        funcs,
        callable,
        builtins,
        local_type_ids,
        static_tables: static_table_ids,
        sole_callees,
    };
    Ok(Declared {
        symbols,
        static_tables,
    })
}

/// Per function index: its symbol (defined functions and host imports), `None` for imports
/// linked at instantiation.
fn declare_funcs(module: &mut ObjectModule, info: &ModuleInfo) -> Result<Vec<Option<FuncId>>> {
    let mut funcs = Vec::with_capacity(info.funcs.len());
    let mut symbol_names = HashSet::new();
    for (f, ty) in info.funcs.iter() {
        let sig = wasm_signature(&info.types[*ty]);
        let id = match info.defined_func_index(f) {
            Some(_) => {
                let name = local_symbol_name(info, f, &mut symbol_names);
                Some(module.declare_function(&name, Linkage::Local, &sig))
            }
            None => match info.func_imports[f.as_u32() as usize] {
                FuncImportBinding::Host(h) => Some(module.declare_function(
                    h.symbol,
                    Linkage::Import,
                    &host_signature(&info.types[*ty]),
                )),
                FuncImportBinding::Linked => None,
            },
        };
        funcs.push(id.transpose().map_err(module_error)?);
    }
    Ok(funcs)
}

/// Per function index: the `tail`-convention symbol a funcref holds (the function itself,
/// or a host import's adapter), `None` for imports linked at instantiation.
fn declare_callable(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    funcs: &[Option<FuncId>],
) -> Result<Vec<Option<FuncId>>> {
    let host_import = |f: FuncIndex| {
        info.defined_func_index(f).is_none()
            && matches!(
                info.func_imports[f.as_u32() as usize],
                FuncImportBinding::Host(_)
            )
    };
    info.funcs
        .keys()
        .zip(funcs)
        .map(|(f, id)| match id {
            Some(_) if host_import(f) => boundary::declare_host_adapter(module, info, f).map(Some),
            _ => Ok(*id),
        })
        .collect()
}

/// Defines the adapter of every host import (declared by `declare_callable`).
fn define_host_adapters(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    symbols: &Symbols,
) -> Result<()> {
    for (f, (func, callable)) in info
        .funcs
        .keys()
        .zip(symbols.funcs.iter().zip(&symbols.callable))
    {
        match (func, callable) {
            (Some(host), Some(adapter)) if host != adapter => {
                boundary::define_host_adapter(module, info, f, *adapter, *host)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Defined functions, largest first: with one function per parallel job, no core idles at
/// the end on a single huge function (real programs have a few: interpreters' dispatch loops).
fn largest_first(info: &ModuleInfo) -> Vec<DefinedFuncIndex> {
    let mut order: Vec<DefinedFuncIndex> = info.bodies.keys().collect();
    order.sort_by_key(|d| {
        std::cmp::Reverse({
            let r = info.bodies[*d].range();
            r.end - r.start
        })
    });
    order
}

/// What the translate and compile phases share: the module, its declared symbols, the
/// target, and the order in which functions are handed to parallel jobs.
struct Jobs<'a> {
    info: &'a ModuleInfo<'a>,
    offsets: VMOffsets,
    symbols: &'a Symbols,
    isa: &'a dyn TargetIsa,
    inspect: Inspect,
    order: Vec<DefinedFuncIndex>,
    progress: &'a Reporter,
}

/// A translated function and, for `--emit clif`, its text.
type Translated = (ir::Function, Option<String>);

/// Bodies of at most this many bytes are translated before the others, as candidates for
/// inlining: every function small enough to inline ([`is_inlinable`]: CLIF instructions, not
/// bytes) is in practice this small (cc1: all but 8 of 10,180; CPython: all, the largest 99
/// bytes). Translating only these up front keeps the module's CLIF out of memory: every
/// other function's CLIF lives only while its own job compiles it (translating everything
/// first made the build's peak resident memory 1.42 GB on cc1, 0.54 GB on CPython; now
/// 0.41 and 0.21 GB).
const INLINE_CANDIDATE_BYTES: u64 = 256;

/// Per worker: the translator's builder context, Cranelift's context, the register
/// allocator's, each reused from function to function.
type Workspace = (FunctionBuilderContext, Context, regalloc2::Ctx);

impl Jobs<'_> {
    /// Translates `d` to CLIF.
    fn translate(
        &self,
        fctx: &mut FunctionBuilderContext,
        d: DefinedFuncIndex,
    ) -> Result<Translated> {
        translate(
            self.info,
            self.offsets,
            self.symbols,
            d,
            self.isa,
            fctx,
            self.inspect,
        )
    }

    /// Translates and compiles every defined function, each in one parallel job (after
    /// translating the callees small enough to inline, at `-O speed`); results in module
    /// order.
    fn compile_all(&self, opt: OptLevel) -> Result<Vec<CompiledFunc>> {
        let inline_copies = if opt == OptLevel::Speed {
            self.inline_copies()?
        } else {
            Vec::new()
        };
        let inline_bodies: HashMap<u32, (u32, &ir::Function)> = inline_copies
            .iter()
            .map(|(id, index, f)| (*id, (*index, f)))
            .collect();
        let _phase = Phase::start("compile");
        self.progress.phase("compile", self.order.len() as u64);
        let workspace = || -> Workspace {
            (
                FunctionBuilderContext::new(),
                Context::new(),
                regalloc2::Ctx::default(),
            )
        };
        Ok(in_module_order(
            self.order
                .par_iter()
                .with_max_len(1)
                .map_init(workspace, |(fctx, ctx, regalloc), &d| {
                    let c = self
                        .translate(fctx, d)
                        .and_then(|t| self.compile_function(ctx, regalloc, d, t, &inline_bodies));
                    self.progress.function_done();
                    c.map(|c| (d, c))
                })
                .collect::<Result<Vec<_>>>()?,
        ))
    }

    /// The translated bodies of the functions small enough to inline: (function id, module
    /// function index, body), from the bodies of at most [`INLINE_CANDIDATE_BYTES`] that some
    /// `call` names (a module of 300,000 small functions nothing calls kept them all: 1.6 GB).
    fn inline_copies(&self) -> Result<Vec<(u32, u32, ir::Function)>> {
        let _phase = Phase::start("inline");
        let info = self.info;
        let called = directly_called(info);
        let candidate = |d: &&DefinedFuncIndex| {
            let r = info.bodies[**d].range();
            r.end - r.start <= INLINE_CANDIDATE_BYTES
                && called[info.func_index(**d).as_u32() as usize]
        };
        let candidates: Vec<DefinedFuncIndex> =
            self.order.iter().filter(candidate).copied().collect();
        self.progress.phase("inline", candidates.len() as u64);
        let copies = candidates
            .par_iter()
            .map_init(FunctionBuilderContext::new, |fctx, &d| {
                let t = self.translate(fctx, d);
                self.progress.function_done();
                let (func, _) = t?;
                if !is_inlinable(&func) {
                    return Ok(None);
                }
                let f = info.func_index(d).as_u32();
                let id = self.symbols.funcs[f as usize].expect("defined function declared");
                Ok(Some((id.as_u32(), f, func)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(copies.into_iter().flatten().collect())
    }

    /// Compiles translated function `d` in a per-worker context, whose analyses' buffers are
    /// reused from function to function: small callees inlined, then `Context::compile`'s
    /// steps with the late rewrites between optimisation and lowering.
    fn compile_function(
        &self,
        ctx: &mut Context,
        regalloc: &mut regalloc2::Ctx,
        d: DefinedFuncIndex,
        (func, clif): Translated,
        inline_bodies: &HashMap<u32, (u32, &ir::Function)>,
    ) -> Result<CompiledFunc> {
        let (info, isa) = (self.info, self.isa);
        let f = info.func_index(d);
        let failed = |message| CompileError::Function {
            func: info.func_display_name(f),
            message,
        };
        ctx.clear();
        ctx.func = func;
        let mut inlined = InlinedLocs::new();
        if !inline_bodies.is_empty() {
            let mut inliner = Inliner {
                bodies: inline_bodies,
                sites: InlinedSites::default(),
            };
            ctx.inline(&mut inliner)
                .map_err(|e| failed(format!("inlining failed: {e:?}")))?;
            inlined = inliner.sites.restore(&mut ctx.func);
        }
        let mut ctrl = ControlPlane::default();
        optimize(ctx, isa, &mut ctrl).map_err(failed)?;
        let compiled = lower(ctx, regalloc, isa, self.inspect.asm, &mut ctrl)
            .map_err(|e| failed(codegen_failed(e)))?;
        let id = self.symbols.funcs[f.as_u32() as usize].expect("defined function declared");
        let (bytes, relocs, traps) = machine_code(&compiled, &ctx.func, id);
        let handlers = handler_sites(&compiled).map_err(failed)?;
        let locs = site_locs(&compiled, &inlined);
        let name = info.func_display_name(f);
        let asm = compiled.vcode.as_ref().map(|v| format!("; {name}\n{v}"));
        Ok(CompiledFunc {
            bytes,
            relocs,
            traps,
            handlers,
            locs,
            clif,
            asm,
        })
    }
}

/// The emit phase: defines the compiled functions, the trampolines, the static tables and
/// the module image, and writes the object.
fn emit(
    mut module: ObjectModule,
    info: &ModuleInfo,
    declared: &Declared,
    compiled: Vec<CompiledFunc>,
    inspect: Inspect,
    header: &ImageHeader,
) -> Result<Emitted> {
    let symbols = &declared.symbols;
    let (code, clif, asm) = emit_functions(&mut module, info, symbols, compiled, inspect)?;
    let trampolines = define_trampolines(&mut module, info)?;
    define_host_adapters(&mut module, info, symbols)?;
    emit_static_tables(&mut module, info, declared)?;
    emit_image(&mut module, info, code, symbols, trampolines, header)?;
    let object = module
        .finish()
        .emit()
        .map_err(|e| CompileError::Codegen(e.to_string()))?;
    Ok(Emitted { object, clif, asm })
}

/// Defines every compiled function; returns the code section of the module image (sizes and
/// trap sites) and the concatenated CLIF and disassembly when asked for.
fn emit_functions(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    symbols: &Symbols,
    compiled: Vec<CompiledFunc>,
    inspect: Inspect,
) -> Result<(Vec<FuncCode>, Option<String>, Option<String>)> {
    // Functions start on a 64-byte cache line, more than the 16 the ABI needs or Cranelift's
    // preferred 32: where a hot loop falls relative to the cache lines the CPU fetches and
    // caches decoded instructions by then depends on the compiled code alone, not on what the
    // linker put before it. (Measured: the bytecode interpreter of the benchmark suite ran
    // 0.31-0.46 s and the matrix multiply 0.93-1.17 s depending only on the link placement.)
    let func_align = module.isa().function_alignment().preferred.max(64);
    let mut code = Vec::with_capacity(compiled.len());
    let mut clif = inspect.clif.then(String::new);
    let mut asm = inspect.asm.then(String::new);
    for (d, c) in info.bodies.keys().zip(compiled) {
        let id =
            symbols.funcs[info.func_index(d).as_u32() as usize].expect("defined function declared");
        module
            .define_function_bytes(id, func_align.into(), &c.bytes, &c.relocs)
            .map_err(module_error)?;
        code.push(FuncCode {
            size: c.bytes.len() as u32,
            traps: c.traps,
            handlers: c.handlers,
            locs: c.locs,
        });
        for (all, f) in [(&mut clif, c.clif), (&mut asm, c.asm)] {
            if let (Some(all), Some(f)) = (all.as_mut(), f) {
                all.push_str(&f);
                all.push('\n');
            }
        }
    }
    Ok((code, clif, asm))
}

/// Fills the read-only copy of every table with fixed contents: per entry, the code address
/// and the module-local type id (`NULL_TYPE` for a null entry).
fn emit_static_tables(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    declared: &Declared,
) -> Result<()> {
    let symbols = &declared.symbols;
    for (t, table) in &declared.static_tables {
        let (id, _) = symbols.static_tables[&t.as_u32()];
        let mut bytes = vec![0u8; table.entries.len() * static_tables::ENTRY_SIZE as usize];
        let mut relocs = Vec::new();
        for (i, entry) in table.entries.iter().enumerate() {
            let at = i * static_tables::ENTRY_SIZE as usize;
            let ty = match entry {
                Some(f) => {
                    let sym = symbols.callable[f.as_u32() as usize]
                        .expect("static tables hold only functions with symbols");
                    relocs.push((at as u32, sym));
                    symbols.local_type_ids[info.funcs[*f].as_u32() as usize]
                }
                None => static_tables::NULL_TYPE,
            };
            let ty_at = at + static_tables::ENTRY_TYPE_OFFSET as usize;
            bytes[ty_at..ty_at + 4].copy_from_slice(&ty.to_le_bytes());
        }
        fill_data(module, id, bytes, &[], &relocs)?;
    }
    Ok(())
}

/// The module image the runtime reads (`ModuleImage`, exported as `image_symbol`): the
/// metadata blob (with the code section `code`), the function table, the trampoline table
/// and what `header` says about the code's CPU.
fn emit_image(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    code: Vec<FuncCode>,
    symbols: &Symbols,
    trampolines: Vec<Option<FuncId>>,
    header: &ImageHeader,
) -> Result<()> {
    let code = CodeInfo {
        funcs: code,
        names: info.func_name_list(),
    };
    let blob = info.to_meta().encode(&DataBytes(info.datas.clone()), &code);
    let blob_len = blob.len() as u64;
    let meta_id = define_data(module, "__w2n_meta", Linkage::Local, blob, &[], &[])?;
    let funcs_id = define_func_table(module, "__w2n_funcs", &symbols.callable)?;
    let trampolines_id = define_func_table(module, "__w2n_trampolines", &trampolines)?;
    let image = image_bytes::<ModuleImage>(&[
        (
            offset_of!(ModuleImage, abi_version),
            wasm2native_abi::ABI_VERSION,
        ),
        (offset_of!(ModuleImage, meta_len), blob_len),
        (offset_of!(ModuleImage, target_cpu), header.cpu.code()),
        (offset_of!(ModuleImage, cpu_features), header.features.0),
    ]);
    // The pointer fields: relocations to the objects defined above.
    let pointers = [
        (offset_of!(ModuleImage, meta) as u32, meta_id),
        (offset_of!(ModuleImage, funcs) as u32, funcs_id),
        (offset_of!(ModuleImage, trampolines) as u32, trampolines_id),
    ];
    define_data(
        module,
        header.symbol,
        Linkage::Export,
        image,
        &pointers,
        &[],
    )?;
    Ok(())
}

/// The (local) symbol of a defined function: `wasm:NAME` from the name section, so profilers
/// and debuggers show wasm names; `wasm:funcN` for unnamed functions, and `wasm:NAME#N` when
/// the name is taken (repeated until unique). Symbol names cannot hold NUL, so control characters become `?`.
fn local_symbol_name(info: &ModuleInfo, f: FuncIndex, taken: &mut HashSet<String>) -> String {
    let n = f.as_u32();
    let name = match info.func_names.get(&f) {
        Some(name) => {
            let clean: String = name
                .chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            format!("wasm:{clean}")
        }
        None => format!("wasm:func{n}"),
    };
    let mut unique = name.clone();
    while !taken.insert(unique.clone()) {
        unique = format!("{unique}#{n}");
    }
    unique
}

/// Puts per-function results produced in any order back in defined-function order.
fn in_module_order<T>(mut items: Vec<(DefinedFuncIndex, T)>) -> Vec<T> {
    items.sort_unstable_by_key(|(d, _)| *d);
    items.into_iter().map(|(_, t)| t).collect()
}

/// Defines a data object; `data_relocs` write the address of another data object at an
/// offset, `func_relocs` the address of a function.
fn define_data(
    module: &mut ObjectModule,
    name: &str,
    linkage: Linkage,
    bytes: Vec<u8>,
    data_relocs: &[(u32, DataId)],
    func_relocs: &[(u32, FuncId)],
) -> Result<DataId> {
    let id = module
        .declare_data(name, linkage, false, false)
        .map_err(|e| CompileError::Codegen(e.to_string()))?;
    fill_data(module, id, bytes, data_relocs, func_relocs)?;
    Ok(id)
}

/// Defines the contents of the declared data object `id` (relocations as in `define_data`).
fn fill_data(
    module: &mut ObjectModule,
    id: DataId,
    bytes: Vec<u8>,
    data_relocs: &[(u32, DataId)],
    func_relocs: &[(u32, FuncId)],
) -> Result<()> {
    let err = |e: cranelift_module::ModuleError| CompileError::Codegen(e.to_string());
    let mut desc = DataDescription::new();
    desc.set_align(16);
    desc.define(bytes.into_boxed_slice());
    for (offset, target) in data_relocs {
        let gv = module.declare_data_in_data(*target, &mut desc);
        desc.write_data_addr(*offset, gv, 0);
    }
    for (offset, f) in func_relocs {
        let fr = module.declare_func_in_data(*f, &mut desc);
        desc.write_function_addr(*offset, fr);
    }
    module.define_data(id, &desc).map_err(err)?;
    Ok(())
}

/// A table of code addresses (null where `None`).
fn define_func_table(
    module: &mut ObjectModule,
    name: &str,
    funcs: &[Option<FuncId>],
) -> Result<DataId> {
    let relocs: Vec<(u32, FuncId)> = funcs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|f| (i as u32 * 8, f)))
        .collect();
    define_data(
        module,
        name,
        Linkage::Local,
        vec![0; funcs.len().max(1) * 8],
        &[],
        &relocs,
    )
}

/// Translates defined function `d` to CLIF; also returns its text when `--emit clif` asks.
fn translate(
    info: &ModuleInfo,
    offsets: VMOffsets,
    symbols: &Symbols,
    d: DefinedFuncIndex,
    isa: &dyn TargetIsa,
    fctx: &mut FunctionBuilderContext,
    inspect: Inspect,
) -> Result<(ir::Function, Option<String>)> {
    let f = info.func_index(d);
    let id = symbols.funcs[f.as_u32() as usize].expect("defined function declared");
    let mut func = ir::Function::with_name_signature(
        ir::UserFuncName::user(0, id.as_u32()),
        wasm_signature(info.func_type(f)),
    );
    translate_function(info, offsets, symbols, d, &mut func, fctx, isa)?;
    let name = info.func_display_name(f);
    let clif = inspect
        .clif
        .then(|| format!("; {name}\n{}", func.display()));
    Ok((func, clif))
}

/// `Context::compile`'s optimisation steps, then the late rewrites where they apply
/// ([`late_rewrites`]); the message of a failure.
fn optimize(ctx: &mut Context, isa: &dyn TargetIsa, ctrl: &mut ControlPlane) -> Result<(), String> {
    ctx.optimize(isa, ctrl).map_err(codegen_failed)?;
    if late_rewrites::target_rewrites_apply(isa) {
        late_rewrites::run(ctx, isa)?;
    }
    Ok(())
}

/// `Context::compile`'s last step: the machine code of the optimised `ctx.func`, keeping its
/// VCode for disassembly when `asm`.
fn lower(
    ctx: &Context,
    regalloc: &mut regalloc2::Ctx,
    isa: &dyn TargetIsa,
    asm: bool,
    ctrl: &mut ControlPlane,
) -> CodegenResult<CompiledCode> {
    let compiled = isa.compile_function(&ctx.func, &ctx.domtree, regalloc, asm, ctrl)?;
    Ok(compiled.apply_params(&ctx.func.params))
}

fn codegen_failed(e: CodegenError) -> String {
    format!("code generation failed: {e:?}")
}

/// What the emit phase takes of function `id`'s machine code (`func` its final CLIF): the
/// bytes, their relocations, and the trap sites by offset.
fn machine_code(
    compiled: &CompiledCode,
    func: &ir::Function,
    id: FuncId,
) -> (Vec<u8>, Vec<ModuleReloc>, Vec<TrapSite>) {
    let mut traps: Vec<TrapSite> = compiled
        .buffer
        .traps()
        .iter()
        .map(|t| TrapSite {
            offset: t.offset,
            code: t.code.as_raw().get(),
        })
        .collect();
    traps.sort_by_key(|t| t.offset);
    let relocs = compiled
        .buffer
        .relocs()
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, func, id))
        .collect();
    (compiled.code_buffer().to_vec(), relocs, traps)
}

/// Where an exception thrown below each call with a handler resumes (see
/// `wasm2native_rt::exceptions`): the translator gives every such call exactly one handler,
/// the default one, with no dynamic context.
fn handler_sites(compiled: &CompiledCode) -> std::result::Result<Vec<HandlerSite>, String> {
    use cranelift_codegen::FinalizedMachExceptionHandler as H;
    let mut sites = Vec::new();
    for call in compiled.buffer.call_sites() {
        let handler = match call.exception_handlers {
            [] => continue,
            [H::Default(handler)] => *handler,
            other => return Err(format!("unexpected exception handlers {other:?}")),
        };
        let sp_to_fp = call
            .frame_offset
            .ok_or("a call with a handler has no frame offset")?;
        sites.push(HandlerSite {
            ret: call.ret_addr,
            handler,
            sp_to_fp,
        });
    }
    Ok(sites)
}

/// The trampoline table, one entry per type index: the types of the functions the runtime can
/// call by index — exported functions (`_start`, `--invoke`, `wasi_thread_start`, the spec
/// runner's `invoke`) and the start function — get a trampoline, one per distinct signature;
/// every other type none. So compile cost follows what the module uses, not how many types it
/// declares (a module declaring a million types compiles no million trampolines).
fn define_trampolines(module: &mut ObjectModule, info: &ModuleInfo) -> Result<Vec<Option<FuncId>>> {
    let called = info
        .exports
        .iter()
        .filter(|e| e.kind == ExternKind::Func)
        .map(|e| FuncIndex::from_u32(e.index))
        .chain(info.start);
    let mut table: Vec<Option<FuncId>> = vec![None; info.types.len()];
    let mut by_signature: HashMap<&FuncType, FuncId> = HashMap::new();
    for f in called {
        let t = info.funcs[f];
        if table[t.as_u32() as usize].is_some() {
            continue;
        }
        let id = match by_signature.get(&info.types[t]) {
            Some(&id) => id,
            None => {
                let id = boundary::define_trampoline(module, info, t)?;
                by_signature.insert(&info.types[t], id);
                id
            }
        };
        table[t.as_u32() as usize] = Some(id);
    }
    Ok(table)
}
