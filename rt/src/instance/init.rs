//! Instantiation: filling a fresh, zeroed vmctx, in named phases that [`Instance::init`] runs
//! in order — link (type ids, imports as [`super::matching`] accepts them, function
//! references) → allocate (memories, globals, tables) → initialise segments (elements, then
//! data). The start function is not run here: it is the caller's last phase
//! ([`Instance::run_start`]).
//!
//! Invariants: each phase sees everything earlier phases filled, so every const expression
//! sees what it may refer to (imported globals and function references for global
//! initialisers; all globals for table initialisers, segment offsets and items). A phase that
//! fails leaves the instance partially filled; `Instance::instantiate` decides what happens to it.

use std::sync::Arc;

use wasm2native_abi::meta::{GlobalType, Import, ImportKind, MemoryType, SegmentMode, TableType};
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::{VMFuncImport, VMFuncRef, VMGlobal, VMMemory, VMTable};

use super::matching::{global_matches, memory_matches, table_matches};
use super::{Extern, Instance, InstantiateError, Resolver};
use crate::memory::Memory;
use crate::table;
use crate::values::Val;

/// How many imports of each kind whose vmctx slots are counted by index (memories are
/// counted by `Instance::memories`).
#[derive(Clone, Copy, Default)]
struct Imported {
    funcs: u32,
    tables: u32,
    globals: u32,
    tags: u32,
}

impl Instance {
    /// Fills the vmctx and runs all initialisers, phase by phase (see the module header).
    /// `shared`: the memories of the instance a wasi-thread was spawned from, used instead of
    /// importing or creating any.
    pub(super) fn init(
        &mut self,
        resolver: &mut dyn Resolver,
        shared: Option<&[Arc<Memory>]>,
    ) -> Result<(), InstantiateError> {
        // Link.
        self.fill_type_ids();
        let imported = self.link_imports(resolver, shared)?;
        self.fill_func_refs(imported.funcs);
        self.fill_defined_tags(imported.tags);
        // Allocate.
        self.allocate_memories(shared)?;
        self.init_globals(imported.globals)?;
        let all_globals = imported.globals + self.module.meta.globals.len() as u32;
        self.allocate_tables(all_globals)?;
        // Initialise segments.
        self.init_elems(all_globals)?;
        self.init_datas(all_globals)
    }

    /// Canonical type ids, which `call_indirect` compares.
    fn fill_type_ids(&mut self) {
        for (t, &id) in self.module.type_ids.iter().enumerate() {
            // SAFETY: t < n_types.
            unsafe { *self.at::<u32>(self.offsets.type_id(t as u32)) = id };
        }
    }

    /// Every import, in order: functions, tables and globals into their vmctx slots,
    /// memories onto `self.memories`.
    fn link_imports(
        &mut self,
        resolver: &mut dyn Resolver,
        shared: Option<&[Arc<Memory>]>,
    ) -> Result<Imported, InstantiateError> {
        let module = self.module.clone();
        let o = self.offsets;
        let mut n = Imported::default();
        for imp in &module.meta.imports {
            match &imp.kind {
                ImportKind::Func(t) => {
                    let f = self.import_func(resolver, imp, n.funcs, *t)?;
                    // SAFETY: n.funcs < n_imported_funcs.
                    unsafe { *self.at(o.func_import(n.funcs)) = f };
                    n.funcs += 1;
                }
                ImportKind::Table(want) => {
                    let want = want.canonical(&module.type_ids);
                    let p = import_table(resolver, imp, &want)?;
                    // SAFETY: n.tables < n_imported_tables.
                    unsafe { *self.at(o.table_import(n.tables)) = p };
                    n.tables += 1;
                }
                ImportKind::Memory(want) => {
                    let mem = self.import_memory(resolver, shared, imp, want)?;
                    self.memories.push(mem);
                }
                ImportKind::Global(want) => {
                    let want = want.canonical(&module.type_ids);
                    let p = import_global(resolver, imp, &want)?;
                    // SAFETY: n.globals < n_imported_globals.
                    unsafe { *self.at(o.global_import(n.globals)) = p };
                    n.globals += 1;
                }
                ImportKind::Tag(t) => {
                    let identity = self.import_tag(resolver, imp, *t)?;
                    // SAFETY: n.tags < n_tags.
                    unsafe { *self.at(o.tag(n.tags)) = identity };
                    n.tags += 1;
                }
            }
        }
        Ok(n)
    }

    /// Imported function `index` of type `ty`: a host function the compiler bound (called
    /// with this instance's vmctx), or what the resolver supplies.
    fn import_func(
        &self,
        resolver: &mut dyn Resolver,
        imp: &Import,
        index: u32,
        ty: u32,
    ) -> Result<VMFuncImport, InstantiateError> {
        let host = self.module.func_code(index);
        if !host.is_null() {
            return Ok(VMFuncImport {
                code: host,
                vmctx: self.vmctx,
            });
        }
        match resolver.resolve(&imp.module, &imp.name, &imp.kind) {
            Some(Extern::Func(r)) if r.type_id == u64::from(self.module.type_ids[ty as usize]) => {
                Ok(VMFuncImport {
                    code: r.code,
                    vmctx: r.vmctx,
                })
            }
            Some(_) => Err(link_error(imp, "incompatible import type")),
            None => Err(link_error(imp, "unknown import")),
        }
    }

    /// The identity of an imported tag of type index `ty` (types must be equal).
    fn import_tag(
        &self,
        resolver: &mut dyn Resolver,
        imp: &Import,
        ty: u32,
    ) -> Result<*const u8, InstantiateError> {
        match resolver.resolve(&imp.module, &imp.name, &imp.kind) {
            Some(Extern::Tag(identity, t)) if self.module.type_ids.get(ty as usize) == Some(&t) => {
                Ok(identity)
            }
            Some(_) => Err(link_error(imp, "incompatible import type")),
            None => Err(link_error(imp, "unknown import")),
        }
    }

    /// Each defined tag's identity: the address of its own slot (see `vmctx`).
    fn fill_defined_tags(&mut self, imported: u32) {
        for t in imported..self.offsets.counts.tags {
            // SAFETY: t < n_tags.
            unsafe {
                let slot = self.at::<*const u8>(self.offsets.tag(t));
                *slot = slot as *const u8;
            }
        }
    }

    /// The next imported memory: the spawning instance's, memory 0 at its built-in address,
    /// or what the resolver supplies.
    fn import_memory(
        &self,
        resolver: &mut dyn Resolver,
        shared: Option<&[Arc<Memory>]>,
        imp: &Import,
        want: &MemoryType,
    ) -> Result<Arc<Memory>, InstantiateError> {
        let mem = match shared {
            Some(s) => s.get(self.memories.len()).cloned(),
            None if let Some(made) = self.fixed_memory0(want) => Some(made?),
            None => match resolver.resolve(&imp.module, &imp.name, &imp.kind) {
                Some(Extern::Memory(mem)) if memory_matches(&mem, want) => Some(mem),
                Some(_) => return Err(link_error(imp, "incompatible import type")),
                None => None,
            },
        };
        mem.ok_or_else(|| link_error(imp, "unknown import"))
    }

    /// A function reference for every function, imported ones (the first `imported_funcs`)
    /// copied from their import slots.
    fn fill_func_refs(&mut self, imported_funcs: u32) {
        let module = self.module.clone();
        for (f, &ty) in (0u32..).zip(&module.meta.funcs) {
            let type_id = u64::from(module.type_ids[ty as usize]);
            let (code, vmctx) = if f < imported_funcs {
                // SAFETY: f < n_imported_funcs, filled by `link_imports`.
                let imp = unsafe { *self.at::<VMFuncImport>(self.offsets.func_import(f)) };
                (imp.code, imp.vmctx)
            } else {
                (module.func_code(f), self.vmctx)
            };
            // SAFETY: f < n_funcs.
            unsafe {
                *self.at(self.offsets.func_ref(f)) = VMFuncRef {
                    code,
                    type_id,
                    vmctx,
                }
            };
        }
    }

    /// Defined memories (the spawning instance's, or new ones), then every memory's vmctx slot.
    fn allocate_memories(
        &mut self,
        shared: Option<&[Arc<Memory>]>,
    ) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        for ty in &module.meta.memories {
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
            unsafe { *self.at::<VMMemory>(self.offsets.memory(i as u32)) = mem.vm_memory() };
        }
        Ok(())
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

    /// Defined globals, in order: each initialiser sees the imported globals and the defined
    /// globals before it.
    fn init_globals(&mut self, imported_globals: u32) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        for (d, g) in (0u32..).zip(&module.meta.globals) {
            let v = self
                .eval(&g.init, imported_globals + d)
                .map_err(|_| InstantiateError::Invalid(format!("initialiser of global {d}")))?;
            let v = Val::from_bits(g.ty.ty, v.bits());
            // SAFETY: d < n_defined_globals.
            unsafe { *self.at(self.offsets.global(d)) = v.to_global() };
        }
        Ok(())
    }

    /// Defined tables, every element the table's initialiser (null when it has none).
    fn allocate_tables(&mut self, globals: u32) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        for (d, ty) in (0u32..).zip(&module.meta.tables) {
            let init = match module.meta.table_inits.iter().find(|(t, _)| *t == d) {
                Some((_, e)) => self
                    .eval(e, globals)
                    .map_err(|_| InstantiateError::Invalid(format!("table {d} initialiser")))?
                    .bits() as usize,
                None => 0,
            };
            let t = table::new_table(ty, init).map_err(InstantiateError::Resource)?;
            // SAFETY: d < n_defined_tables.
            unsafe { *self.at(self.offsets.table(d)) = t };
        }
        Ok(())
    }

    /// Element segments: evaluates every segment's items, then applies the active ones in
    /// order (dropping them, and declared ones), trapping at the first out of bounds.
    fn init_elems(&mut self, globals: u32) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        let invalid = |i: u32| InstantiateError::Invalid(format!("element segment {i}"));
        let mut elems = Vec::with_capacity(module.meta.elems.len());
        for (i, seg) in (0u32..).zip(&module.meta.elems) {
            let items = seg
                .items
                .iter()
                .map(|e| self.eval(e, globals).map(|v| v.bits() as usize))
                .collect::<Result<Box<[usize]>, _>>()
                .map_err(|_| invalid(i))?;
            elems.push(Some(items));
        }
        *self.elems.borrow_mut() = elems;
        for (i, seg) in (0u32..).zip(&module.meta.elems) {
            match &seg.mode {
                SegmentMode::Passive => {}
                SegmentMode::Declared => self.drop_elem(i),
                SegmentMode::Active { index, offset } => {
                    let off = self.eval(offset, globals).map_err(|_| invalid(i))?;
                    let len = self.elems.borrow()[i as usize]
                        .as_ref()
                        .map_or(0, |s| s.len());
                    let ok = self.table_init(*index, i, offset_u64(off), 0, len as u32);
                    self.drop_elem(i);
                    if !ok {
                        return Err(InstantiateError::Trap(Trap::TableOutOfBounds));
                    }
                }
            }
        }
        Ok(())
    }

    /// Active data segments, in order (then dropped), trapping at the first out of bounds.
    fn init_datas(&mut self, globals: u32) -> Result<(), InstantiateError> {
        let module = self.module.clone();
        for (i, seg) in (0u32..).zip(&module.meta.datas) {
            if let SegmentMode::Active { index, offset } = &seg.mode {
                let off = self
                    .eval(offset, globals)
                    .map_err(|_| InstantiateError::Invalid(format!("data segment {i}")))?;
                let ok = self.memory_init(*index, i, offset_u64(off), 0, seg.bytes.len);
                self.data_dropped[i as usize].set(true);
                if !ok {
                    return Err(InstantiateError::Trap(Trap::MemoryOutOfBounds));
                }
            }
        }
        Ok(())
    }
}

/// An imported table the resolver supplies, if it matches `want` (canonical).
fn import_table(
    resolver: &mut dyn Resolver,
    imp: &Import,
    want: &TableType,
) -> Result<*mut VMTable, InstantiateError> {
    match resolver.resolve(&imp.module, &imp.name, &imp.kind) {
        // SAFETY: resolvers hand out live tables created by this runtime.
        Some(Extern::Table(p, ty))
            if !p.is_null()
                && table_matches(
                    &ty,
                    unsafe { (*p).length },
                    unsafe { table::declared_max(p) },
                    want,
                ) =>
        {
            Ok(p)
        }
        Some(_) => Err(link_error(imp, "incompatible import type")),
        None => Err(link_error(imp, "unknown import")),
    }
}

/// An imported global the resolver supplies, if it matches `want` (canonical).
fn import_global(
    resolver: &mut dyn Resolver,
    imp: &Import,
    want: &GlobalType,
) -> Result<*mut VMGlobal, InstantiateError> {
    match resolver.resolve(&imp.module, &imp.name, &imp.kind) {
        Some(Extern::Global(p, t)) if !p.is_null() && global_matches(&t, want) => Ok(p),
        Some(_) => Err(link_error(imp, "incompatible import type")),
        None => Err(link_error(imp, "unknown import")),
    }
}

fn link_error(imp: &Import, what: &str) -> InstantiateError {
    InstantiateError::Link(format!("{what}: `{}`.`{}`", imp.module, imp.name))
}

/// A segment offset from its const-expression value (i32 offsets are unsigned).
fn offset_u64(v: Val) -> u64 {
    match v {
        Val::I32(x) => u64::from(x as u32),
        other => other.bits() as u64,
    }
}
