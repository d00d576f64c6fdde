//! Instances: the vmctx a compiled module runs against, its exports, and calling into compiled
//! code. How a vmctx is filled (link, allocate, initialise segments) lives in [`init`].
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

use wasm2native_abi::meta::{ExternKind, FuncType, GlobalType, ImportKind, TableType};
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::{VMFuncRef, VMGlobal, VMOffsets, VMTable};

use crate::memory::Memory;
use crate::module::Module;
use crate::table;
use crate::values::{eval_const, Val};

mod init;
mod matching;

/// Something an import can be satisfied with. Types are in canonical form (concrete types
/// named by canonical id, see `wasm2native_abi::types`), so they compare across modules.
#[derive(Clone)]
pub enum Extern {
    /// A function reference (code, canonical type id, vmctx to pass).
    Func(VMFuncRef),
    /// A table owned by another instance or the embedder (stays valid while used) and its
    /// type (its element and index types: the table itself holds its size and maximum).
    Table(*mut VMTable, TableType),
    Memory(Arc<Memory>),
    /// A global's storage (stays valid while used) and its type.
    Global(*mut VMGlobal, GlobalType),
    /// A tag's identity (see `vmctx`) and the canonical id of its type.
    Tag(*const u8, u32),
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
    /// Exceptions held by frames of this instance's thread, as (frame pointer, exception),
    /// oldest first (see `wasm2native_abi::exn`).
    pub(crate) exn_log: RefCell<Vec<(usize, u64)>>,
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
    /// instance is leaked if it imports a table, which its segments may have written its
    /// function references into.
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
            exn_log: RefCell::new(Vec::new()),
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
                // Imported tables (other instances') may already point at our function
                // references; with none imported, nothing outside refers to the instance.
                if meta.num_imported(ExternKind::Table) > 0 {
                    Box::leak(inst);
                }
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// # Safety
    /// `off` must be a field offset from `self.offsets` for a `T`.
    unsafe fn at<T>(&self, off: u32) -> *mut T {
        // SAFETY: offsets lie within the vmctx allocation.
        unsafe { self.vmctx.add(off as usize) as *mut T }
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

    /// The runtime this instance's program runs in (its module's).
    pub fn runtime(&self) -> &'static crate::runtime::Runtime {
        self.module.runtime()
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

    /// The type of global `i` (imported or defined), as declared in this module.
    fn global_type(&self, i: u32) -> Option<GlobalType> {
        let defined = self.module.meta.globals.iter().map(|g| g.ty);
        self.declared_type(i, defined, |k| match k {
            ImportKind::Global(t) => Some(*t),
            _ => None,
        })
    }

    /// The type of table `i` (imported or defined), as declared in this module.
    fn table_type(&self, i: u32) -> Option<TableType> {
        let defined = self.module.meta.tables.iter().copied();
        self.declared_type(i, defined, |k| match k {
            ImportKind::Table(t) => Some(*t),
            _ => None,
        })
    }

    /// Entity `i` of one kind, imports first: the types of the imports `imported` picks,
    /// then the `defined` ones.
    fn declared_type<T>(
        &self,
        i: u32,
        defined: impl Iterator<Item = T>,
        imported: impl Fn(&ImportKind) -> Option<T>,
    ) -> Option<T> {
        let meta = &self.module.meta;
        meta.imports
            .iter()
            .filter_map(|imp| imported(&imp.kind))
            .chain(defined)
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

    /// The identity of tag `t` (imported or defined; see `vmctx`), null if there is no such tag.
    pub fn tag_identity(&self, t: u32) -> *const u8 {
        if t >= self.offsets.counts.tags {
            return std::ptr::null();
        }
        // SAFETY: t < n_tags; tag slots are filled while linking.
        unsafe { *self.at::<*const u8>(self.offsets.tag(t)) }
    }

    /// The export `name`, as something another instance can import.
    pub fn export(&self, name: &str) -> Option<Extern> {
        let e = self.module.meta.exports.iter().find(|e| e.name == name)?;
        let ids = &self.module.type_ids;
        Some(match e.kind {
            ExternKind::Func => {
                // SAFETY: validated index (< n_funcs), filled at instantiation.
                Extern::Func(unsafe { *self.func_ref_ptr(e.index) })
            }
            ExternKind::Table => Extern::Table(
                self.table_ptr(e.index)?,
                self.table_type(e.index)?.canonical(ids),
            ),
            ExternKind::Memory => Extern::Memory(self.memory(e.index)?.clone()),
            ExternKind::Global => Extern::Global(
                self.global_ptr(e.index)?,
                self.global_type(e.index)?.canonical(ids),
            ),
            ExternKind::Tag => {
                let ty = *self.module.meta.tags.get(e.index as usize)?;
                Extern::Tag(self.tag_identity(e.index), *ids.get(ty as usize)?)
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
        if args.len() != ty.params.len()
            || args
                .iter()
                .zip(&ty.params)
                .any(|(a, p)| a.ty() != p.representation())
        {
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
