//! Code generation: the target ISA, parallel translation and compilation of every defined
//! function, per-type trampolines, and the object file with the module image the runtime
//! reads (`__w2n_module`: metadata blob, function table, trampoline table).
//!
//! [`compile_module`] runs in phases, each a function whose inputs and outputs are named:
//! `declare` (every symbol, so functions compile independently: [`Declared`]) →
//! `Jobs::translate_all` → `Jobs::compile_all` → `emit` (functions, trampolines, static
//! tables, module image, object).

use crate::boundary;
use crate::error::{CompileError, Result};
use crate::func_env::{entry_signature, host_signature, wasm_signature, Symbols};
use crate::late_opts;
use crate::module_info::{DefinedFuncIndex, FuncImportBinding, FuncIndex, ModuleInfo, TableIndex};
use crate::static_tables::{self, StaticTable};
use crate::threaded_dispatch;
use crate::timings::Phase;
use crate::translate::inline::{is_inlinable, Inliner};
use crate::translate::translate_function;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir;
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module, ModuleReloc};
use cranelift_object::{ObjectBuilder, ObjectModule};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use wasm2native_abi::code_meta::{CodeInfo, FuncCode, TrapSite};
use wasm2native_abi::meta::DataBytes;
use wasm2native_abi::symbols::Builtin;
use wasm2native_abi::vmctx::VMOffsets;

/// Cranelift optimisation level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OptLevel {
    None,
    #[default]
    Speed,
}

/// The host ISA with the flags compiled wasm code relies on.
pub fn target_isa(opt: OptLevel) -> Result<OwnedTargetIsa> {
    let mut flags = settings::builder();
    let set = |flags: &mut settings::Builder, k: &str, v: &str| {
        flags
            .set(k, v)
            .map_err(|e| CompileError::Codegen(format!("setting {k}={v}: {e}")))
    };
    set(
        &mut flags,
        "opt_level",
        if opt == OptLevel::Speed {
            "speed"
        } else {
            "none"
        },
    )?;
    set(&mut flags, "is_pic", "true")?;
    // Backtraces walk the frame-pointer chain.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    // Large frames touch every guard page so stack overflow always faults in the guard.
    set(&mut flags, "enable_probestack", "true")?;
    set(&mut flags, "probestack_strategy", "inline")?;
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
    // Executables carry no unwind tables for wasm code (traps are reported from frame pointers).
    set(&mut flags, "unwind_info", "false")?;
    set(
        &mut flags,
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    let builder = cranelift_native::builder().map_err(|e| CompileError::Codegen(e.to_string()))?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| CompileError::Codegen(e.to_string()))
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
pub fn compile_module(
    info: &ModuleInfo,
    opt: OptLevel,
    inspect: Inspect,
    image_symbol: &str,
) -> Result<Emitted> {
    let isa = target_isa(opt)?;
    let builder = ObjectBuilder::new(
        isa.clone(),
        "wasm",
        cranelift_module::default_libcall_names(),
    )
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
    };
    let translated = jobs.translate_all()?;
    let compiled = jobs.compile_all(translated, opt)?;
    let _phase = Phase::start("emit");
    emit(module, info, &declared, compiled, inspect, image_symbol)
}

fn module_error(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Codegen(e.to_string())
}

/// Output of the declare phase: every symbol compiled code refers to, declared up front so
/// functions can be compiled independently, and the tables whose contents are fixed.
struct Declared {
    symbols: Symbols,
    static_tables: HashMap<TableIndex, StaticTable>,
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
}

/// A translated function and, for `--emit clif`, its text.
type Translated = (ir::Function, Option<String>);

impl Jobs<'_> {
    /// Translates every defined function to CLIF, in parallel; results in module order.
    fn translate_all(&self) -> Result<Vec<Translated>> {
        let _phase = Phase::start("translate");
        let (info, offsets, symbols) = (self.info, self.offsets, self.symbols);
        let (isa, inspect) = (self.isa, self.inspect);
        Ok(in_module_order(
            self.order
                .par_iter()
                .with_max_len(1)
                .map_init(FunctionBuilderContext::new, |fctx, &d| {
                    translate(info, offsets, symbols, d, isa, fctx, inspect).map(|t| (d, t))
                })
                .collect::<Result<Vec<_>>>()?,
        ))
    }

    /// Compiles every translated function (after inlining small leaf callees, which needs
    /// their translated bodies), in parallel; results in module order.
    fn compile_all(&self, translated: Vec<Translated>, opt: OptLevel) -> Result<Vec<CompiledFunc>> {
        let _phase = Phase::start("compile");
        // Callees small enough to inline keep a copy; every other body moves into its job.
        let inline_copies = if opt == OptLevel::Speed {
            self.inline_copies(&translated)
        } else {
            Vec::new()
        };
        let inline_bodies: HashMap<u32, &ir::Function> =
            inline_copies.iter().map(|(id, f)| (*id, f)).collect();
        let mut slots: Vec<Option<Translated>> = translated.into_iter().map(Some).collect();
        let jobs: Vec<(DefinedFuncIndex, Translated)> = self
            .order
            .iter()
            .map(|&d| {
                let t = slots[d.as_u32() as usize]
                    .take()
                    .expect("each function is compiled once");
                (d, t)
            })
            .collect();
        Ok(in_module_order(
            jobs.into_par_iter()
                .with_max_len(1)
                .map_init(
                    || (Context::new(), regalloc2::Ctx::default()),
                    |ctx, (d, (func, clif))| {
                        let f = compile_function(
                            ctx,
                            self.info,
                            self.symbols,
                            d,
                            func,
                            clif,
                            &inline_bodies,
                            self.isa,
                            self.inspect,
                        );
                        f.map(|c| (d, c))
                    },
                )
                .collect::<Result<Vec<_>>>()?,
        ))
    }

    /// A copy of every translated function small enough to inline, by function id.
    fn inline_copies(&self, translated: &[Translated]) -> Vec<(u32, ir::Function)> {
        let info = self.info;
        info.bodies
            .keys()
            .zip(translated)
            .filter(|(_, (func, _))| is_inlinable(func))
            .map(|(d, (func, _))| {
                let id = self.symbols.funcs[info.func_index(d).as_u32() as usize]
                    .expect("defined function declared");
                (id.as_u32(), func.clone())
            })
            .collect()
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
    image_symbol: &str,
) -> Result<Emitted> {
    let symbols = &declared.symbols;
    let (code, clif, asm) = emit_functions(&mut module, info, symbols, compiled, inspect)?;
    let trampolines = info
        .types
        .keys()
        .map(|t| boundary::define_trampoline(&mut module, info, t))
        .collect::<Result<Vec<_>>>()?;
    define_host_adapters(&mut module, info, symbols)?;
    emit_static_tables(&mut module, info, declared)?;
    emit_image(&mut module, info, code, symbols, trampolines, image_symbol)?;
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
/// metadata blob (with the code section `code`), the function table and the trampoline table.
fn emit_image(
    module: &mut ObjectModule,
    info: &ModuleInfo,
    code: Vec<FuncCode>,
    symbols: &Symbols,
    trampolines: Vec<FuncId>,
    image_symbol: &str,
) -> Result<()> {
    let code = CodeInfo {
        funcs: code,
        names: info.func_name_list(),
    };
    let blob = info.to_meta().encode(&DataBytes(info.datas.clone()), &code);
    let blob_len = blob.len() as u64;
    let meta_id = define_data(module, "__w2n_meta", Linkage::Local, blob, &[], &[])?;
    let funcs_id = define_func_table(module, "__w2n_funcs", &symbols.callable)?;
    let trampolines_id = define_func_table(
        module,
        "__w2n_trampolines",
        &trampolines.into_iter().map(Some).collect::<Vec<_>>(),
    )?;
    // ModuleImage { abi_version, meta, meta_len, funcs, trampolines }.
    let mut image = Vec::with_capacity(40);
    image.extend_from_slice(&wasm2native_abi::ABI_VERSION.to_le_bytes());
    image.extend_from_slice(&0u64.to_le_bytes());
    image.extend_from_slice(&blob_len.to_le_bytes());
    image.extend_from_slice(&0u64.to_le_bytes());
    image.extend_from_slice(&0u64.to_le_bytes());
    define_data(
        module,
        image_symbol,
        Linkage::Export,
        image,
        &[(8, meta_id), (24, funcs_id), (32, trampolines_id)],
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
    translate_function(
        info,
        offsets,
        symbols,
        d,
        &mut func,
        fctx,
        isa.frontend_config(),
    )?;
    let name = info.func_display_name(f);
    let clif = inspect
        .clif
        .then(|| format!("; {name}\n{}", func.display()));
    Ok((func, clif))
}

#[allow(clippy::too_many_arguments)]
fn compile_function(
    (ctx, regalloc): &mut (Context, regalloc2::Ctx),
    info: &ModuleInfo,
    symbols: &Symbols,
    d: DefinedFuncIndex,
    func: ir::Function,
    clif: Option<String>,
    inline_bodies: &HashMap<u32, &ir::Function>,
    isa: &dyn TargetIsa,
    inspect: Inspect,
) -> Result<CompiledFunc> {
    let f = info.func_index(d);
    let id = symbols.funcs[f.as_u32() as usize].expect("defined function declared");
    let name = info.func_display_name(f);
    // A per-worker context: its analyses' buffers are reused from function to function.
    ctx.clear();
    ctx.func = func;
    if !inline_bodies.is_empty() {
        ctx.inline(Inliner {
            bodies: inline_bodies,
        })
        .map_err(|e| CompileError::Function {
            func: info.func_display_name(f),
            message: format!("inlining failed: {e:?}"),
        })?;
    }
    let mut ctrl = ControlPlane::default();
    let fail = |e: cranelift_codegen::CodegenError| CompileError::Function {
        func: info.func_display_name(f),
        message: format!("code generation failed: {e:?}"),
    };
    // Context::compile's steps, with late rewrites between optimisation and lowering.
    ctx.optimize(isa, &mut ctrl).map_err(fail)?;
    if isa.flags().opt_level() != cranelift_codegen::settings::OptLevel::None {
        late_opts::recompute_loop_increments(&mut ctx.func);
        late_opts::compare_next_induction_value(&mut ctx.func);
        late_opts::widen_params_used_as_addresses(
            &mut ctx.func,
            &ctx.cfg,
            &ctx.domtree,
            &mut ctx.loop_analysis,
        );
        late_opts::widen_loads_used_as_addresses(&mut ctx.func);
        if threaded_dispatch::thread_dispatch_loops(&mut ctx.func, &ctx.cfg, &ctx.domtree) {
            ctx.compute_cfg();
            ctx.compute_domtree();
            if isa.flags().enable_verifier() {
                cranelift_codegen::verify_function(&ctx.func, isa).map_err(|e| {
                    CompileError::Function {
                        func: info.func_display_name(f),
                        message: format!("threaded dispatch left invalid code: {e}"),
                    }
                })?;
            }
        }
    }
    let compiled = isa
        .compile_function(&ctx.func, &ctx.domtree, regalloc, inspect.asm, &mut ctrl)
        .map_err(fail)?
        .apply_params(&ctx.func.params);
    let bytes = compiled.code_buffer().to_vec();
    let asm = compiled.vcode.as_ref().map(|v| format!("; {name}\n{v}"));
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
    let mach_relocs = compiled.buffer.relocs().to_vec();
    let relocs = mach_relocs
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id))
        .collect();
    Ok(CompiledFunc {
        bytes,
        relocs,
        traps,
        clif,
        asm,
    })
}
