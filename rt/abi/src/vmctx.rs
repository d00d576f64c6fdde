//! Layout of the `VMContext`: the per-instance block compiled code addresses through its first
//! (hidden) parameter.
//!
//! One instance = one `VMContext`. Every wasi-threads thread gets a fresh one (own globals,
//! tables and function references) over the same shared memory. The layout depends only on
//! the module's entity counts, so compiler and runtime both compute it with [`VMOffsets::new`].
//!
//! ```text
//! 0                 *mut Instance          runtime back-pointer used by builtins
//! 8                 u64                    frame pointer of the newest exnref log entry, 0 if none
//! memories          [VMMemory; n_memories]            base cached + pointer to shared definition
//! table_imports     [*mut VMTable; n_imported_tables]
//! tables            [VMTable; n_defined_tables]
//! global_imports    [*mut VMGlobal; n_imported_globals]
//! globals           [VMGlobal; n_defined_globals]     16 bytes each, 16-aligned
//! func_imports      [VMFuncImport; n_imported_funcs]
//! type_ids          [u32; n_types]                    canonical signature ids (padded to 8)
//! func_refs         [VMFuncRef; n_funcs]              what `ref.func` and tables point to
//! tags              [*const u8; n_tags]               each tag's identity (see below)
//! ```
//!
//! A tag's identity is an address unique to the tag instance: a defined tag's is the address
//! of its own slot in the defining instance's vmctx; an imported tag's slot holds the
//! exporter's identity. A `catch` compares an exception's identity with its tag's slot.
//!
//! Invariants: a memory's `base` never changes after instantiation (32-bit memories reserve
//! their full address space up front), so compiled code may load it once per function.

/// A linear memory as seen from one instance.
#[repr(C)]
#[derive(Debug)]
pub struct VMMemory {
    /// Start of the memory's reservation. Immutable for the instance's lifetime.
    pub base: *mut u8,
    /// The definition shared by every instance (thread) using this memory.
    pub def: *mut VMMemoryDefinition,
}

/// The state of a linear memory shared by all instances that use it.
#[repr(C)]
#[derive(Debug)]
pub struct VMMemoryDefinition {
    /// Start of the reservation (same as every `VMMemory::base` pointing here).
    pub base: *mut u8,
    /// Current size in bytes; updated atomically by `memory.grow`.
    pub length: core::sync::atomic::AtomicU64,
}

/// A table of references (funcref: `*const VMFuncRef`, null = 0; externref: opaque pointer).
#[repr(C)]
#[derive(Debug)]
pub struct VMTable {
    pub base: *mut usize,
    /// Current number of elements.
    pub length: u64,
}

/// Storage of one global: any value type fits in 16 bytes.
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default)]
pub struct VMGlobal {
    pub bytes: [u8; 16],
}

/// An imported function: the code to call and the vmctx to pass it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VMFuncImport {
    pub code: *const u8,
    pub vmctx: *mut u8,
}

/// A function reference: what tables hold and `call_indirect` calls through.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VMFuncRef {
    pub code: *const u8,
    /// Canonical signature id, compared by `call_indirect`.
    pub type_id: u64,
    pub vmctx: *mut u8,
}

/// Field offsets inside the structures above (checked against the runtime's `offset_of!`).
pub mod field {
    pub const MEMORY_BASE: u32 = 0;
    pub const MEMORY_DEF: u32 = 8;
    pub const MEMORY_SIZE: u32 = 16;
    pub const MEMDEF_LENGTH: u32 = 8;
    pub const TABLE_BASE: u32 = 0;
    pub const TABLE_LENGTH: u32 = 8;
    pub const TABLE_SIZE: u32 = 16;
    pub const GLOBAL_SIZE: u32 = 16;
    pub const FUNC_IMPORT_CODE: u32 = 0;
    pub const FUNC_IMPORT_VMCTX: u32 = 8;
    pub const FUNC_IMPORT_SIZE: u32 = 16;
    pub const FUNCREF_CODE: u32 = 0;
    pub const FUNCREF_TYPE_ID: u32 = 8;
    pub const FUNCREF_VMCTX: u32 = 16;
    pub const FUNCREF_SIZE: u32 = 24;
    /// Offset of the runtime's instance pointer inside the vmctx.
    pub const VMCTX_INSTANCE: u32 = 0;
    /// Offset of the frame pointer of the instance's newest exnref log entry (0: the log is
    /// empty), which compiled code reads before leaving a frame that logs (see `exn`).
    pub const VMCTX_EXN_LOG_TOP: u32 = 8;
}

/// Entity counts that determine the layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VMCounts {
    pub memories: u32,
    pub imported_tables: u32,
    pub defined_tables: u32,
    pub imported_globals: u32,
    pub defined_globals: u32,
    pub imported_funcs: u32,
    pub types: u32,
    /// All functions, imported and defined.
    pub funcs: u32,
    /// All tags, imported and defined.
    pub tags: u32,
}

/// Byte offsets of each region of the vmctx.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VMOffsets {
    pub counts: VMCounts,
    pub memories: u32,
    pub table_imports: u32,
    pub tables: u32,
    pub global_imports: u32,
    pub globals: u32,
    pub func_imports: u32,
    pub type_ids: u32,
    pub func_refs: u32,
    pub tags: u32,
    /// Total size in bytes (a multiple of 16).
    pub size: u32,
}

const fn align(x: u32, to: u32) -> u32 {
    (x + to - 1) & !(to - 1)
}

impl VMOffsets {
    pub const fn new(c: VMCounts) -> VMOffsets {
        use field::*;
        let memories = 16;
        let table_imports = memories + c.memories * MEMORY_SIZE;
        let tables = table_imports + c.imported_tables * 8;
        let global_imports = tables + c.defined_tables * TABLE_SIZE;
        let globals = align(global_imports + c.imported_globals * 8, 16);
        let func_imports = globals + c.defined_globals * GLOBAL_SIZE;
        let type_ids = func_imports + c.imported_funcs * FUNC_IMPORT_SIZE;
        let func_refs = align(type_ids + c.types * 4, 8);
        let tags = func_refs + c.funcs * FUNCREF_SIZE;
        let size = align(tags + c.tags * 8, 16);
        VMOffsets {
            counts: c,
            memories,
            table_imports,
            tables,
            global_imports,
            globals,
            func_imports,
            type_ids,
            func_refs,
            tags,
            size,
        }
    }

    pub const fn memory(&self, index: u32) -> u32 {
        self.memories + index * field::MEMORY_SIZE
    }
    pub const fn table_import(&self, imported_index: u32) -> u32 {
        self.table_imports + imported_index * 8
    }
    pub const fn table(&self, defined_index: u32) -> u32 {
        self.tables + defined_index * field::TABLE_SIZE
    }
    pub const fn global_import(&self, imported_index: u32) -> u32 {
        self.global_imports + imported_index * 8
    }
    pub const fn global(&self, defined_index: u32) -> u32 {
        self.globals + defined_index * field::GLOBAL_SIZE
    }
    pub const fn func_import(&self, imported_index: u32) -> u32 {
        self.func_imports + imported_index * field::FUNC_IMPORT_SIZE
    }
    pub const fn type_id(&self, type_index: u32) -> u32 {
        self.type_ids + type_index * 4
    }
    pub const fn func_ref(&self, func_index: u32) -> u32 {
        self.func_refs + func_index * field::FUNCREF_SIZE
    }
    pub const fn tag(&self, tag_index: u32) -> u32 {
        self.tags + tag_index * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn field_offsets_match_structs() {
        assert_eq!(offset_of!(VMMemory, base) as u32, field::MEMORY_BASE);
        assert_eq!(offset_of!(VMMemory, def) as u32, field::MEMORY_DEF);
        assert_eq!(size_of::<VMMemory>() as u32, field::MEMORY_SIZE);
        assert_eq!(
            offset_of!(VMMemoryDefinition, length) as u32,
            field::MEMDEF_LENGTH
        );
        assert_eq!(offset_of!(VMTable, base) as u32, field::TABLE_BASE);
        assert_eq!(offset_of!(VMTable, length) as u32, field::TABLE_LENGTH);
        assert_eq!(size_of::<VMTable>() as u32, field::TABLE_SIZE);
        assert_eq!(size_of::<VMGlobal>() as u32, field::GLOBAL_SIZE);
        assert_eq!(
            offset_of!(VMFuncImport, vmctx) as u32,
            field::FUNC_IMPORT_VMCTX
        );
        assert_eq!(size_of::<VMFuncImport>() as u32, field::FUNC_IMPORT_SIZE);
        assert_eq!(
            offset_of!(VMFuncRef, type_id) as u32,
            field::FUNCREF_TYPE_ID
        );
        assert_eq!(offset_of!(VMFuncRef, vmctx) as u32, field::FUNCREF_VMCTX);
        assert_eq!(size_of::<VMFuncRef>() as u32, field::FUNCREF_SIZE);
    }

    #[test]
    fn regions_are_ordered_and_aligned() {
        let o = VMOffsets::new(VMCounts {
            memories: 1,
            imported_tables: 1,
            defined_tables: 2,
            imported_globals: 3,
            defined_globals: 2,
            imported_funcs: 2,
            types: 3,
            funcs: 5,
            tags: 2,
        });
        assert_eq!(o.globals % 16, 0);
        assert_eq!(o.func_refs % 8, 0);
        assert_eq!(o.size % 16, 0);
        assert!(o.memory(0) < o.table_import(0));
        assert!(o.table(1) + field::TABLE_SIZE <= o.global_import(0));
        assert!(o.func_ref(4) + field::FUNCREF_SIZE <= o.tag(0));
        assert!(o.tag(1) + 8 <= o.size);
    }
}
