//! A compiled module as the runtime sees it: the [`ModuleImage`] the compiler emitted (code
//! addresses, trampolines, metadata blob) plus the decoded, validated [`ModuleMeta`].
//!
//! Invariants: after [`Module::from_image`] succeeds, every index the runtime follows without
//! further checks is in range (function type indices, code entries per defined function, data
//! segment byte ranges inside the blob), the module's code ranges are registered with
//! [`crate::traps`] so faults inside them are recognised, and the image stays valid forever.

use std::sync::Arc;

use wasm2native_abi::code_meta::CodeEntries;
use wasm2native_abi::meta::{ExternKind, FuncType, ImportKind, ModuleMeta, ValType};
use wasm2native_abi::symbols::ModuleImage;
use wasm2native_abi::ABI_VERSION;

use crate::runtime::Runtime;
use crate::traps::{self, CodeMap};

/// Per-type trampoline: calls `code` with arguments from `values`, writes results back.
pub type Trampoline = unsafe extern "C" fn(code: *const u8, vmctx: *mut u8, values: *mut [u8; 16]);

/// A loaded compiled module, shared by all its instances.
pub struct Module {
    pub meta: ModuleMeta,
    blob: &'static [u8],
    funcs: &'static [*const u8],
    trampolines: &'static [*const u8],
    /// Canonical signature id per type index (in `runtime`'s registry): what concrete
    /// reference types are compared by across modules.
    pub(crate) type_ids: Vec<u32>,
    /// The runtime the module was loaded into; its instances share it.
    runtime: &'static Runtime,
    pub(crate) num_imported_funcs: u32,
}

// SAFETY: the image is immutable static data (code and metadata); nothing here is mutated.
unsafe impl Send for Module {}
// SAFETY: see above.
unsafe impl Sync for Module {}

impl Module {
    /// Decodes and validates a module image, registers its code for trap handling, and loads
    /// it into `runtime` (its signatures; its instances will share the runtime).
    ///
    /// # Safety
    /// `image` must point to a `ModuleImage` produced by the wasm2native compiler whose code,
    /// arrays and blob stay mapped for the rest of the process (never `dlclose` it).
    pub unsafe fn from_image(
        image: *const ModuleImage,
        runtime: &'static Runtime,
    ) -> Result<Arc<Module>, String> {
        // SAFETY: caller guarantees a valid image.
        let image = unsafe { &*image };
        if image.abi_version != ABI_VERSION {
            return Err(format!(
                "module was compiled for runtime ABI {} but this runtime is ABI {}",
                image.abi_version, ABI_VERSION
            ));
        }
        crate::cpu::check(image).map_err(|e| format!("the module's code was {e}"))?;
        // SAFETY: the compiler emits `meta_len` bytes at `meta`.
        let blob: &'static [u8] =
            unsafe { std::slice::from_raw_parts(image.meta, image.meta_len as usize) };
        let meta = ModuleMeta::decode(blob).map_err(|_| "corrupt module metadata".to_string())?;
        let nimp = meta.num_imported(ExternKind::Func);
        validate(&meta, blob, nimp)?;
        // SAFETY: the compiler emits one entry per function and one trampoline per type.
        let (funcs, trampolines) = unsafe {
            (
                std::slice::from_raw_parts(image.funcs, meta.funcs.len()),
                std::slice::from_raw_parts(image.trampolines, meta.types.len()),
            )
        };
        let code = CodeMap::new(meta.code.of(blob), meta.names.of(blob), nimp, |d| {
            funcs.get((nimp + d) as usize).map_or(0, |&p| p as usize)
        })
        .map_err(|_| "corrupt module metadata: code section".to_string())?;
        let type_ids = runtime
            .signatures()
            .module_ids(&meta.types)
            .ok_or("corrupt module metadata: a type refers to a later type")?;
        let module = Module {
            meta,
            blob,
            funcs,
            trampolines,
            type_ids,
            runtime,
            num_imported_funcs: nimp,
        };
        traps::register(code);
        Ok(Arc::new(module))
    }

    /// Code address of function `f` (null for imports other than host functions).
    pub fn func_code(&self, f: u32) -> *const u8 {
        self.funcs
            .get(f as usize)
            .copied()
            .unwrap_or(std::ptr::null())
    }

    /// The runtime this module was loaded into.
    pub fn runtime(&self) -> &'static Runtime {
        self.runtime
    }

    pub fn num_imported_funcs(&self) -> u32 {
        self.num_imported_funcs
    }

    /// The type of function `f`.
    pub fn func_type(&self, f: u32) -> Option<&FuncType> {
        let t = *self.meta.funcs.get(f as usize)?;
        self.meta.types.get(t as usize)
    }

    /// The trampoline of type index `t`.
    pub fn trampoline(&self, t: u32) -> Option<Trampoline> {
        let p = *self.trampolines.get(t as usize)?;
        if p.is_null() {
            return None;
        }
        // SAFETY: the compiler emits trampolines with exactly this signature.
        Some(unsafe { std::mem::transmute::<*const u8, Trampoline>(p) })
    }

    /// The function exported as `name`.
    pub fn export_func(&self, name: &str) -> Option<u32> {
        self.meta
            .exports
            .iter()
            .find(|e| e.name == name && e.kind == ExternKind::Func)
            .map(|e| e.index)
    }

    /// The bytes of data segment `seg`.
    pub fn data_bytes(&self, seg: u32) -> &'static [u8] {
        match self.meta.datas.get(seg as usize) {
            Some(d) => d.bytes.of(self.blob),
            None => &[],
        }
    }
}

fn validate(meta: &ModuleMeta, blob: &[u8], nimp: u32) -> Result<(), String> {
    let blob_len = blob.len() as u64;
    let bad = |what: &str| Err(format!("corrupt module metadata: {what}"));
    let ntypes = meta.types.len() as u64;
    if meta.funcs.iter().any(|&t| u64::from(t) >= ntypes) {
        return bad("function type index out of range");
    }
    for i in &meta.imports {
        if let ImportKind::Func(t) = i.kind {
            if u64::from(t) >= ntypes {
                return bad("import type index out of range");
            }
        }
    }
    if !type_refs_in_range(meta) {
        return bad("reference to a type out of range");
    }
    let code_entries = CodeEntries::new(meta.code.of(blob)).map_or(u64::MAX, |c| c.len());
    if (nimp as usize) > meta.funcs.len()
        || code_entries != (meta.funcs.len() - nimp as usize) as u64
    {
        return bad("code entries do not match functions");
    }
    for d in &meta.datas {
        if d.bytes
            .offset
            .checked_add(d.bytes.len)
            .is_none_or(|e| e > blob_len)
        {
            return bad("data segment outside the blob");
        }
    }
    let nfuncs = meta.funcs.len() as u64;
    if meta.start.is_some_and(|s| u64::from(s) >= nfuncs) {
        return bad("start function out of range");
    }
    for e in &meta.exports {
        if e.kind == ExternKind::Func && u64::from(e.index) >= nfuncs {
            return bad("exported function out of range");
        }
    }
    Ok(())
}

/// Whether every concrete reference type of a table or global (defined or imported) names a
/// type of the module (those of the type section are checked by `module_ids`).
fn type_refs_in_range(meta: &ModuleMeta) -> bool {
    let n = meta.types.len() as u32;
    let imported = meta.imports.iter().filter_map(|i| match &i.kind {
        ImportKind::Table(t) => Some(ValType::Ref(t.elem)),
        ImportKind::Global(g) => Some(g.ty),
        _ => None,
    });
    meta.tables
        .iter()
        .map(|t| ValType::Ref(t.elem))
        .chain(meta.globals.iter().map(|g| g.ty.ty))
        .chain(imported)
        .all(|v| v.type_index().is_none_or(|t| t < n))
}
