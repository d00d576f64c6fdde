//! Instances: the vmctx a compiled module runs against, how it is filled (imports, function
//! references, memories, globals, tables, segments), and calling into compiled code.
//!
//! Invariants: an [`Instance`] lives in a `Box` that never moves; the first word of its vmctx
//! points back at it (builtins and host functions find it from the vmctx). The vmctx is a
//! zeroed, 16-aligned block laid out by `VMOffsets::new(meta.vm_counts())`; it is filled in the
//! order type ids, function imports, function references, memories, globals, tables, element
//! segments, data segments, so every const expression sees what it may refer to. An instance
//! is used by one thread at a time (each wasi-thread has its own); only memories are shared.
//! Mutable per-instance runtime state (dropped segments) uses `Cell`/`RefCell`, borrowed only
//! briefly inside builtins.
//!
//! Dependencies go one way: this module uses [`crate::memory`] and [`crate::table`], which
//! know nothing of instances.

use std::alloc::Layout;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::Arc;

use wasm2native_abi::meta::{
    ExternKind, FuncType, GlobalType, ImportKind, MemoryType, SegmentMode,
};
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::{VMFuncImport, VMFuncRef, VMGlobal, VMMemory, VMOffsets, VMTable};

use crate::memory::Memory;
use crate::module::Module;
use crate::table;
use crate::values::{eval_const, Val};

/// Something an import can be satisfied with.
#[derive(Clone)]
pub enum Extern {
    /// A function reference (code, canonical type id, vmctx to pass).
    Func(VMFuncRef),
    /// A table owned by another instance or the embedder (stays valid while used).
    Table(*mut VMTable),
    Memory(Arc<Memory>),
    /// A global's storage (stays valid while used) and its type.
    Global(*mut VMGlobal, GlobalType),
}

/// Supplies imports that are not host functions.
pub trait Resolver {
    fn resolve(&mut self, module: &str, name: &str, kind: &ImportKind) -> Option<Extern>;
}

/// The resolver of standalone executables: host functions are bound by the compiler already;
/// imported memories (`env.memory` and the like) are created from their declared type.
pub struct HostResolver;

impl Resolver for HostResolver {
    fn resolve(&mut self, _module: &str, _name: &str, kind: &ImportKind) -> Option<Extern> {
        match kind {
            ImportKind::Memory(ty) => Memory::new(*ty).ok().map(Extern::Memory),
            _ => None,
        }
    }
}

/// Why instantiation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstantiateError {
    /// An import is missing or has the wrong type.
    Link(String),
    /// Out of resources (memory reservation, table allocation).
    Resource(String),
    /// A segment initialiser trapped (the spec's instantiation-time traps).
    Trap(Trap),
    /// Malformed metadata (a const expression that does not evaluate).
    Invalid(String),
}

impl fmt::Display for InstantiateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstantiateError::Link(s) | InstantiateError::Resource(s) => f.write_str(s),
            InstantiateError::Invalid(s) => write!(f, "invalid module: {s}"),
            InstantiateError::Trap(t) => write!(f, "wasm trap: {}", t.message()),
        }
    }
}

impl std::error::Error for InstantiateError {}

/// A failed call through [`Instance::call`] (traps do not return: see `traps::on_trap`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError(pub String);

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CallError {}

/// Whether an export's current size and declared maximum satisfy an import's limits.
fn limits_match(size: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    size >= want_min
        && match (want_max, max) {
            (None, _) => true,
            (Some(w), Some(m)) => m <= w,
            (Some(_), None) => false,
        }
}

/// One instantiation of a module.
pub struct Instance {
    module: Arc<Module>,
    vmctx: *mut u8,
    offsets: VMOffsets,
    /// All memories, imported first, in memory index order.
    memories: Vec<Arc<Memory>>,
    /// Per element segment: evaluated references; `None` once dropped.
    elems: RefCell<Vec<Option<Box<[usize]>>>>,
    /// Per data segment: whether it was dropped.
    data_dropped: Vec<Cell<bool>>,
}

// SAFETY: an instance is handed to a new thread at thread-spawn and used by one thread at a
// time; its raw pointers are owned allocations or point into shared, synchronised memories.
unsafe impl Send for Instance {}

fn vmctx_layout(size: u32) -> Layout {
    // 16 is a power of two and the size is small: cannot fail.
    Layout::from_size_align(size.max(16) as usize, 16).unwrap_or(Layout::new::<[u128; 1]>())
}

impl Instance {
    /// Instantiates `module`: fills the vmctx and runs all initialisers, but not the start
    /// function (call [`Instance::run_start`]). On `Err(Trap)` the partially initialised
    /// instance is leaked, since tables it wrote into may still point at it.
    pub fn new(
        module: Arc<Module>,
        resolver: &mut dyn Resolver,
    ) -> Result<Box<Instance>, InstantiateError> {
        Self::instantiate(module, resolver, None)
    }

    /// Instantiates `module` over existing memories (all of them, imported and defined, in
    /// index order): what wasi-threads does for every new thread.
    pub fn new_sharing_memories(
        module: Arc<Module>,
        memories: &[Arc<Memory>],
    ) -> Result<Box<Instance>, InstantiateError> {
        Self::instantiate(module, &mut HostResolver, Some(memories))
    }

    fn instantiate(
        module: Arc<Module>,
        resolver: &mut dyn Resolver,
        shared: Option<&[Arc<Memory>]>,
    ) -> Result<Box<Instance>, InstantiateError> {
        let offsets = VMOffsets::new(module.meta.vm_counts());
        // SAFETY: the layout has non-zero size.
        let vmctx = unsafe { std::alloc::alloc_zeroed(vmctx_layout(offsets.size)) };
        if vmctx.is_null() {
            return Err(InstantiateError::Resource("out of memory".into()));
        }
        let meta = &module.meta;
        let mut inst = Box::new(Instance {
            elems: RefCell::new(Vec::new()),
            data_dropped: (0..meta.datas.len()).map(|_| Cell::new(false)).collect(),
            memories: Vec::new(),
            offsets,
            vmctx,
            module: module.clone(),
        });
        let self_ptr: *mut Instance = &mut *inst;
        // SAFETY: offset 0 of the vmctx holds the instance pointer.
        unsafe { *(vmctx as *mut *mut Instance) = self_ptr };
        match inst.init(resolver, shared) {
            Ok(()) => Ok(inst),
            Err(e @ InstantiateError::Trap(_)) => {
                // Tables of other instances may already point at our function references.
                Box::leak(inst);
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// Memory 0 of a module compiled with its address built in (`memory0_at`), created at that
    /// address when `ty` is memory 0's type (no memory made yet); a resolver could not supply
    /// a memory there.
    fn fixed_memory0(&self, ty: &MemoryType) -> Option<Result<Arc<Memory>, InstantiateError>> {
        let at = self.module.meta.memory0_at?;
        self.memories
            .is_empty()
            .then(|| Memory::new_at(*ty, at).map_err(InstantiateError::Resource))
    }

    /// # Safety
    /// `off` must be a field offset from `self.offsets` for a `T`.
    unsafe fn at<T>(&self, off: u32) -> *mut T {
        // SAFETY: offsets lie within the vmctx allocation.
        unsafe { self.vmctx.add(off as usize) as *mut T }
    }

    fn init(
        &mut self,
        resolver: &mut dyn Resolver,
        shared: Option<&[Arc<Memory>]>,
    ) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        let meta = &module.meta;
        let o = self.offsets;
        let link =
            |m: &str, n: &str, what: &str| InstantiateError::Link(format!("{what}: `{m}`.`{n}`"));

        // Canonical type ids.
        for (t, &id) in module.type_ids.iter().enumerate() {
            // SAFETY: t < n_types.
            unsafe { *self.at::<u32>(o.type_id(t as u32)) = id };
        }

        // Imports.
        let (mut nf, mut nt, mut ng) = (0u32, 0u32, 0u32);
        for imp in &meta.imports {
            let (m, n) = (imp.module.as_str(), imp.name.as_str());
            match &imp.kind {
                ImportKind::Func(t) => {
                    let host = module.func_code(nf);
                    let (code, vmctx) = if !host.is_null() {
                        (host, self.vmctx)
                    } else {
                        match resolver.resolve(m, n, &imp.kind) {
                            Some(Extern::Func(r)) => {
                                if r.type_id != u64::from(module.type_ids[*t as usize]) {
                                    return Err(link(m, n, "incompatible import type"));
                                }
                                (r.code, r.vmctx)
                            }
                            Some(_) => return Err(link(m, n, "incompatible import type")),
                            None => return Err(link(m, n, "unknown import")),
                        }
                    };
                    // SAFETY: nf < n_imported_funcs.
                    unsafe { *self.at(o.func_import(nf)) = VMFuncImport { code, vmctx } };
                    nf += 1;
                }
                ImportKind::Table(want) => {
                    let p = match resolver.resolve(m, n, &imp.kind) {
                        // SAFETY: resolvers hand out live tables created by this runtime.
                        Some(Extern::Table(p))
                            if !p.is_null()
                                && limits_match(
                                    unsafe { (*p).length },
                                    unsafe { table::declared_max(p) },
                                    want.min,
                                    want.max,
                                ) =>
                        {
                            p
                        }
                        Some(_) => return Err(link(m, n, "incompatible import type")),
                        None => return Err(link(m, n, "unknown import")),
                    };
                    // SAFETY: nt < n_imported_tables.
                    unsafe { *self.at(o.table_import(nt)) = p };
                    nt += 1;
                }
                ImportKind::Memory(want) => {
                    let mem = match shared {
                        Some(s) => s.get(self.memories.len()).cloned(),
                        None if let Some(made) = self.fixed_memory0(want) => Some(made?),
                        None => match resolver.resolve(m, n, &imp.kind) {
                            Some(Extern::Memory(mem))
                                if mem.ty().shared == want.shared
                                    && limits_match(
                                        mem.pages(),
                                        mem.ty().max,
                                        want.min,
                                        want.max,
                                    ) =>
                            {
                                Some(mem)
                            }
                            Some(_) => return Err(link(m, n, "incompatible import type")),
                            None => None,
                        },
                    };
                    self.memories
                        .push(mem.ok_or_else(|| link(m, n, "unknown import"))?);
                }
                ImportKind::Global(gt) => {
                    let p = match resolver.resolve(m, n, &imp.kind) {
                        Some(Extern::Global(p, t)) if !p.is_null() && t == *gt => p,
                        Some(_) => return Err(link(m, n, "incompatible import type")),
                        None => return Err(link(m, n, "unknown import")),
                    };
                    // SAFETY: ng < n_imported_globals.
                    unsafe { *self.at(o.global_import(ng)) = p };
                    ng += 1;
                }
            }
        }

        // Function references.
        for f in 0..meta.funcs.len() as u32 {
            let type_id = u64::from(module.type_ids[meta.funcs[f as usize] as usize]);
            let (code, vmctx) = if f < nf {
                // SAFETY: f < n_imported_funcs, filled above.
                let imp = unsafe { *self.at::<VMFuncImport>(o.func_import(f)) };
                (imp.code, imp.vmctx)
            } else {
                (module.func_code(f), self.vmctx)
            };
            // SAFETY: f < n_funcs.
            unsafe {
                *self.at(o.func_ref(f)) = VMFuncRef {
                    code,
                    type_id,
                    vmctx,
                }
            };
        }

        // Defined memories.
        for ty in &meta.memories {
            let mem = match shared {
                Some(s) => s.get(self.memories.len()).cloned().ok_or_else(|| {
                    InstantiateError::Resource("thread is missing a memory".into())
                })?,
                None if let Some(made) = self.fixed_memory0(ty) => made?,
                None => Memory::new(*ty).map_err(InstantiateError::Resource)?,
            };
            self.memories.push(mem);
        }
        for (i, mem) in self.memories.iter().enumerate() {
            // SAFETY: i < n_memories.
            unsafe { *self.at::<VMMemory>(o.memory(i as u32)) = mem.vm_memory() };
        }

        // Globals.
        let nimp_globals = ng;
        for (d, g) in meta.globals.iter().enumerate() {
            let v = self
                .eval(&g.init, nimp_globals + d as u32)
                .map_err(|_| InstantiateError::Invalid(format!("initialiser of global {d}")))?;
            let v = Val::from_bits(g.ty.ty, v.bits());
            // SAFETY: d < n_defined_globals.
            unsafe { *self.at(o.global(d as u32)) = v.to_global() };
        }

        // Defined tables (all elements null).
        for (d, ty) in meta.tables.iter().enumerate() {
            let t = table::new_table(ty, 0).map_err(InstantiateError::Resource)?;
            // SAFETY: d < n_defined_tables.
            unsafe { *self.at(o.table(d as u32)) = t };
        }

        // Element segments: evaluate all items, then apply active ones in order.
        let nglobals = nimp_globals + meta.globals.len() as u32;
        let mut elems = Vec::with_capacity(meta.elems.len());
        for (i, seg) in meta.elems.iter().enumerate() {
            let items = seg
                .items
                .iter()
                .map(|e| self.eval(e, nglobals).map(|v| v.bits() as usize))
                .collect::<Result<Box<[usize]>, _>>()
                .map_err(|_| InstantiateError::Invalid(format!("element segment {i}")))?;
            elems.push(Some(items));
        }
        *self.elems.borrow_mut() = elems;
        for (i, seg) in meta.elems.iter().enumerate() {
            match &seg.mode {
                SegmentMode::Passive => {}
                SegmentMode::Declared => self.drop_elem(i as u32),
                SegmentMode::Active { index, offset } => {
                    let off = self
                        .eval(offset, nglobals)
                        .map_err(|_| InstantiateError::Invalid(format!("element segment {i}")))?;
                    let len = self.elems.borrow()[i].as_ref().map_or(0, |s| s.len()) as u32;
                    let ok = self.table_init(*index, i as u32, offset_u64(off), 0, len);
                    self.drop_elem(i as u32);
                    if !ok {
                        return Err(InstantiateError::Trap(Trap::TableOutOfBounds));
                    }
                }
            }
        }

        // Data segments.
        for (i, seg) in meta.datas.iter().enumerate() {
            if let SegmentMode::Active { index, offset } = &seg.mode {
                let off = self
                    .eval(offset, nglobals)
                    .map_err(|_| InstantiateError::Invalid(format!("data segment {i}")))?;
                let ok = self.memory_init(*index, i as u32, offset_u64(off), 0, seg.bytes.len);
                self.data_dropped[i].set(true);
                if !ok {
                    return Err(InstantiateError::Trap(Trap::MemoryOutOfBounds));
                }
            }
        }
        Ok(())
    }

    /// Evaluates a const expression that may read globals `0..visible_globals`.
    fn eval(
        &self,
        e: &[wasm2native_abi::meta::ConstOp],
        visible_globals: u32,
    ) -> Result<Val, crate::values::ConstError> {
        let global = |i: u32| {
            if i >= visible_globals {
                return None;
            }
            let ty = self.global_type(i)?;
            // SAFETY: i is a valid global index whose storage is initialised.
            Some(Val::from_global(ty.ty, unsafe { &*self.global_ptr(i)? }))
        };
        let nfuncs = self.module.meta.funcs.len() as u32;
        let func_ref = |f: u32| (f < nfuncs).then(|| self.func_ref_ptr(f) as usize);
        eval_const(e, &global, &func_ref)
    }

    /// The instance owning `vmctx`.
    ///
    /// # Safety
    /// `vmctx` must be the vmctx of a live instance.
    pub unsafe fn from_vmctx<'a>(vmctx: *mut u8) -> &'a Instance {
        // SAFETY: offset 0 holds the instance pointer (set before any code runs).
        unsafe { &**(vmctx as *const *const Instance) }
    }

    pub fn module(&self) -> &Arc<Module> {
        &self.module
    }

    pub fn vmctx(&self) -> *mut u8 {
        self.vmctx
    }

    /// All memories, imported first.
    pub fn memories(&self) -> &[Arc<Memory>] {
        &self.memories
    }

    pub fn memory(&self, i: u32) -> Option<&Arc<Memory>> {
        self.memories.get(i as usize)
    }

    /// Base and length in bytes of memory `i`; `(null, 0)` if there is no such memory.
    pub fn memory_base_len(&self, i: u32) -> (*mut u8, u64) {
        match self.memory(i) {
            Some(m) => (m.base(), m.len()),
            None => (std::ptr::null_mut(), 0),
        }
    }

    fn global_type(&self, i: u32) -> Option<GlobalType> {
        let meta = &self.module.meta;
        meta.imports
            .iter()
            .filter_map(|imp| match imp.kind {
                ImportKind::Global(t) => Some(t),
                _ => None,
            })
            .chain(meta.globals.iter().map(|g| g.ty))
            .nth(i as usize)
    }

    /// Storage of global `i` (imported or defined).
    pub fn global_ptr(&self, i: u32) -> Option<*mut VMGlobal> {
        let c = self.offsets.counts;
        if i < c.imported_globals {
            // SAFETY: imported global pointers are filled before any global is read.
            Some(unsafe { *self.at::<*mut VMGlobal>(self.offsets.global_import(i)) })
        } else if i - c.imported_globals < c.defined_globals {
            // SAFETY: in range of the defined globals.
            Some(unsafe { self.at(self.offsets.global(i - c.imported_globals)) })
        } else {
            None
        }
    }

    /// The `VMTable` of table `i` (imported or defined).
    pub fn table_ptr(&self, i: u32) -> Option<*mut VMTable> {
        let c = self.offsets.counts;
        if i < c.imported_tables {
            // SAFETY: imported table pointers are filled during instantiation.
            Some(unsafe { *self.at::<*mut VMTable>(self.offsets.table_import(i)) })
        } else if i - c.imported_tables < c.defined_tables {
            // SAFETY: in range of the defined tables.
            Some(unsafe { self.at(self.offsets.table(i - c.imported_tables)) })
        } else {
            None
        }
    }

    /// This instance's `VMFuncRef` for function `f` (what `ref.func f` evaluates to).
    pub fn func_ref_ptr(&self, f: u32) -> *mut VMFuncRef {
        // SAFETY: callers pass f < n_funcs.
        unsafe { self.at(self.offsets.func_ref(f)) }
    }

    /// The export `name`, as something another instance can import.
    pub fn export(&self, name: &str) -> Option<Extern> {
        let e = self.module.meta.exports.iter().find(|e| e.name == name)?;
        Some(match e.kind {
            ExternKind::Func => {
                // SAFETY: validated index (< n_funcs), filled at instantiation.
                Extern::Func(unsafe { *self.func_ref_ptr(e.index) })
            }
            ExternKind::Table => Extern::Table(self.table_ptr(e.index)?),
            ExternKind::Memory => Extern::Memory(self.memory(e.index)?.clone()),
            ExternKind::Global => {
                Extern::Global(self.global_ptr(e.index)?, self.global_type(e.index)?)
            }
        })
    }

    /// The type of function `f`.
    pub fn func_type(&self, f: u32) -> Option<&FuncType> {
        self.module.func_type(f)
    }

    /// Runs the start function, if any. Traps end the process (see `traps::on_trap`).
    pub fn run_start(&self) -> Result<(), CallError> {
        match self.module.meta.start {
            Some(f) => self.call(f, &[]).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Calls the exported function `name`.
    pub fn call_export(&self, name: &str, args: &[Val]) -> Result<Vec<Val>, CallError> {
        let f = self
            .module
            .export_func(name)
            .ok_or_else(|| CallError(format!("no exported function `{name}`")))?;
        self.call(f, args)
    }

    /// Calls function `f` (module index) with `args`, through its type's trampoline.
    /// A trap ends the process (see `traps::on_trap`).
    pub fn call(&self, f: u32, args: &[Val]) -> Result<Vec<Val>, CallError> {
        let meta = &self.module.meta;
        let t = *meta
            .funcs
            .get(f as usize)
            .ok_or_else(|| CallError(format!("no function {f}")))?;
        let ty = &meta.types[t as usize];
        if args.len() != ty.params.len() || args.iter().zip(&ty.params).any(|(a, p)| a.ty() != *p) {
            return Err(CallError(format!(
                "function {f} expects parameters {:?}",
                ty.params
            )));
        }
        let tramp = self
            .module
            .trampoline(t)
            .ok_or_else(|| CallError(format!("no trampoline for type {t}")))?;
        // SAFETY: f < n_funcs; filled at instantiation.
        let fr = unsafe { *self.func_ref_ptr(f) };
        if fr.code.is_null() {
            return Err(CallError(format!("function {f} is an unresolved import")));
        }
        let mut slots = vec![[0u8; 16]; ty.params.len().max(ty.results.len()).max(1)];
        for (s, a) in slots.iter_mut().zip(args) {
            *s = a.to_slot();
        }
        // SAFETY: the trampoline of the function's own type reads params and writes results
        // within `slots`, which is large enough for both.
        unsafe { tramp(fr.code, fr.vmctx, slots.as_mut_ptr()) };
        Ok(ty
            .results
            .iter()
            .zip(&slots)
            .map(|(&r, s)| Val::from_slot(r, s))
            .collect())
    }

    // ---- operations shared by instantiation and builtins ----

    /// `memory.init`: copies `len` bytes from data segment `seg` at `src` into memory `mem`
    /// at `dst`. Returns false if out of bounds.
    pub(crate) fn memory_init(&self, mem: u32, seg: u32, dst: u64, src: u64, len: u64) -> bool {
        let Some(m) = self.memory(mem) else {
            return false;
        };
        let bytes = match self.data_dropped.get(seg as usize) {
            Some(d) if !d.get() => self.module.data_bytes(seg),
            _ => &[],
        };
        let in_seg = src
            .checked_add(len)
            .is_some_and(|e| e <= bytes.len() as u64);
        let in_mem = dst.checked_add(len).is_some_and(|e| e <= m.len());
        if !in_seg || !in_mem {
            return false;
        }
        // SAFETY: both ranges were checked above; the segment is in the (immutable) blob,
        // which never overlaps linear memory.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr().add(src as usize),
                m.base().add(dst as usize),
                len as usize,
            )
        };
        true
    }

    pub(crate) fn drop_data(&self, seg: u32) {
        if let Some(d) = self.data_dropped.get(seg as usize) {
            d.set(true);
        }
    }

    pub(crate) fn drop_elem(&self, seg: u32) {
        if let Ok(mut e) = self.elems.try_borrow_mut() {
            if let Some(s) = e.get_mut(seg as usize) {
                *s = None;
            }
        }
    }

    /// `table.init`: copies `len` references from element segment `seg` at `src` into table
    /// `table` at `dst`. Returns false if out of bounds.
    pub(crate) fn table_init(&self, table: u32, seg: u32, dst: u64, src: u64, len: u32) -> bool {
        let Some(t) = self.table_ptr(table) else {
            return false;
        };
        let Ok(elems) = self.elems.try_borrow() else {
            return false;
        };
        let items: &[usize] = match elems.get(seg as usize) {
            Some(Some(s)) => s,
            _ => &[],
        };
        let len = u64::from(len);
        // SAFETY: the table is live; no one resizes it during this call.
        let dst_slice = unsafe { table::elements(t) };
        let in_seg = src
            .checked_add(len)
            .is_some_and(|e| e <= items.len() as u64);
        let in_tab = dst
            .checked_add(len)
            .is_some_and(|e| e <= dst_slice.len() as u64);
        if !in_seg || !in_tab {
            return false;
        }
        dst_slice[dst as usize..(dst + len) as usize]
            .copy_from_slice(&items[src as usize..(src + len) as usize]);
        true
    }
}

/// A segment offset from its const-expression value (i32 offsets are unsigned).
fn offset_u64(v: Val) -> u64 {
    match v {
        Val::I32(x) => u64::from(x as u32),
        other => other.bits() as u64,
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        for d in 0..self.offsets.counts.defined_tables {
            // SAFETY: defined tables are either zeroed (never created) or from new_table.
            unsafe {
                let t = &mut *self.at::<VMTable>(self.offsets.table(d));
                if !t.base.is_null() {
                    table::free(t);
                }
            }
        }
        // SAFETY: allocated in `instantiate` with the same layout.
        unsafe { std::alloc::dealloc(self.vmctx, vmctx_layout(self.offsets.size)) };
    }
}

/// For instances kept for the rest of the process (executables, failed instantiations).
pub fn leak(inst: Box<Instance>) -> &'static Instance {
    Box::leak(inst)
}

/// Base and current length in bytes of memory 0 of the instance owning `vmctx`.
///
/// Returns `(null, 0)` if the module has no memory.
///
/// # Safety
/// `vmctx` must be a live vmctx created by [`Instance`] (e.g. the vmctx a host function
/// receives).
pub unsafe fn guest_memory0(vmctx: *mut u8) -> (*mut u8, u64) {
    // SAFETY: caller guarantees a live vmctx; the instance pointer is at offset 0.
    unsafe { Instance::from_vmctx(vmctx).memory_base_len(0) }
}
