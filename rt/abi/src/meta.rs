//! Module metadata: everything the runtime needs to instantiate and run a compiled module
//! that is not machine code (types, imports, exports, initialisers, segments, names, trap
//! sites), and the build-time [`Config`]. Encoded with [`crate::codec`].
//!
//! Function indices are module function indices (imports first). "Defined" vectors are
//! indexed by defined index (module index minus the number of imports of that kind).

use crate::code_meta::CodeInfo;
use crate::codec::{DecodeError, Reader, Section, Writer};
use alloc::string::String;
use alloc::vec::Vec;

pub use crate::types::{HeapType, RefType, ValType};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct FuncType {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableType {
    pub elem: RefType,
    pub min: u64,
    pub max: Option<u64>,
    /// Indexed by `i64` (memory64's 64-bit tables) rather than `i32`.
    pub table64: bool,
}

impl TableType {
    /// This type with its element type in canonical form ([`RefType::canonical`]).
    pub fn canonical(self, ids: &[u32]) -> TableType {
        TableType {
            elem: self.elem.canonical(ids),
            ..self
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryType {
    /// In pages (of `1 << page_size_log2` bytes).
    pub min: u64,
    pub max: Option<u64>,
    pub shared: bool,
    /// Indexed by `i64` rather than `i32`.
    pub memory64: bool,
    /// log2 of the page size: 16 (64 KiB, the default) or 0 (custom page sizes' byte pages).
    pub page_size_log2: u8,
}

impl MemoryType {
    /// log2 of the default page size.
    pub const DEFAULT_PAGE_SIZE_LOG2: u8 = 16;

    /// A memory type with the default page size.
    pub const fn new(min: u64, max: Option<u64>, shared: bool, memory64: bool) -> MemoryType {
        MemoryType {
            min,
            max,
            shared,
            memory64,
            page_size_log2: Self::DEFAULT_PAGE_SIZE_LOG2,
        }
    }

    /// Bytes in a page.
    pub const fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }

    /// Whether every access to this memory is explicitly bounds-checked, because the guard
    /// pages of a 32-bit reservation cannot catch it: a 64-bit index, or a length that need
    /// not be a multiple of the host page.
    pub const fn explicit_bounds_checks(&self) -> bool {
        self.memory64 || self.page_size_log2 != Self::DEFAULT_PAGE_SIZE_LOG2
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalType {
    pub ty: ValType,
    pub mutable: bool,
}

impl GlobalType {
    /// This type with its value type in canonical form ([`ValType::canonical`]).
    pub fn canonical(self, ids: &[u32]) -> GlobalType {
        GlobalType {
            ty: self.ty.canonical(ids),
            ..self
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Func(u32),
    Table(TableType),
    Memory(MemoryType),
    Global(GlobalType),
    /// A tag of the given function type index (its results are empty).
    Tag(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub kind: ImportKind,
}

/// One operation of a constant expression, evaluated on a small stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstOp {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    GlobalGet(u32),
    RefNull,
    RefFunc(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

pub type ConstExpr = Vec<ConstOp>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Global {
    pub ty: GlobalType,
    pub init: ConstExpr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternKind {
    Func = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    Tag = 4,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub name: String,
    pub kind: ExternKind,
    pub index: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SegmentMode {
    Passive,
    Declared,
    Active { index: u32, offset: ConstExpr },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElemSegment {
    pub mode: SegmentMode,
    pub elem: RefType,
    pub items: Vec<ConstExpr>,
}

/// A data segment; its bytes stay inside the metadata blob, at `bytes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSegment {
    pub mode: SegmentMode,
    pub bytes: Section,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ModuleMeta {
    pub name: Option<String>,
    pub types: Vec<FuncType>,
    pub imports: Vec<Import>,
    /// Type index of every function, imported ones first.
    pub funcs: Vec<u32>,
    pub tables: Vec<TableType>,
    /// The initial element of the defined tables declared with an initialiser expression
    /// (typed function references), by defined-table index; the others start out null.
    pub table_inits: Vec<(u32, ConstExpr)>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<Global>,
    /// Type index of every tag, imported ones first.
    pub tags: Vec<u32>,
    pub exports: Vec<Export>,
    pub start: Option<u32>,
    /// The address memory 0 must be reserved at, which compiled code has built in
    /// ([`crate::FIXED_MEMORY_BASE`] in standalone executables, which hold a single memory 0
    /// per process; `None` where several instances coexist, as in the spec-test runner).
    pub memory0_at: Option<u64>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// Where the code section (sizes, trap sites) lies in the blob; set by
    /// [`ModuleMeta::decode`], read in place with [`crate::code_meta`].
    pub code: Section,
    /// Where the name section lies in the blob; set by [`ModuleMeta::decode`].
    pub names: Section,
}

/// Build-time grants and options baked into an executable.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Config {
    /// Preopened directories: (host path, guest path).
    pub dirs: Vec<(String, String)>,
    /// Environment variables granted: `KEY=VALUE`, or `KEY` for KEY's value in the environment
    /// the program runs in (if set).
    pub env: Vec<String>,
    pub inherit_env: bool,
    /// Call this export instead of `_start`, with arguments parsed from argv, and print results.
    pub invoke: Option<String>,
    /// 0 = runtime default.
    pub max_threads: u64,
    /// Native stack size of spawned threads in bytes; 0 = `stack_size`'s.
    pub thread_stack_size: u64,
    /// Native stack size of every thread that runs wasm (the main one included), whatever
    /// `ulimit -s` says; 0 = runtime default (8 MiB).
    pub stack_size: u64,
}

fn write_const(w: &mut Writer, e: &ConstExpr) {
    w.seq(e, |w, op| match *op {
        ConstOp::I32(v) => {
            w.u8(0);
            w.u32(v as u32)
        }
        ConstOp::I64(v) => {
            w.u8(1);
            w.u64(v as u64)
        }
        ConstOp::F32(v) => {
            w.u8(2);
            w.u32(v)
        }
        ConstOp::F64(v) => {
            w.u8(3);
            w.u64(v)
        }
        ConstOp::V128(v) => {
            w.u8(4);
            w.u64(v as u64);
            w.u64((v >> 64) as u64)
        }
        ConstOp::GlobalGet(i) => {
            w.u8(5);
            w.u32(i)
        }
        ConstOp::RefNull => w.u8(6),
        ConstOp::RefFunc(i) => {
            w.u8(7);
            w.u32(i)
        }
        ConstOp::I32Add => w.u8(8),
        ConstOp::I32Sub => w.u8(9),
        ConstOp::I32Mul => w.u8(10),
        ConstOp::I64Add => w.u8(11),
        ConstOp::I64Sub => w.u8(12),
        ConstOp::I64Mul => w.u8(13),
    })
}

fn read_const(r: &mut Reader) -> Result<ConstExpr, DecodeError> {
    r.seq(|r| {
        Ok(match r.u8()? {
            0 => ConstOp::I32(r.u32()? as i32),
            1 => ConstOp::I64(r.u64()? as i64),
            2 => ConstOp::F32(r.u32()?),
            3 => ConstOp::F64(r.u64()?),
            4 => {
                let lo = r.u64()?;
                let hi = r.u64()?;
                ConstOp::V128(u128::from(lo) | (u128::from(hi) << 64))
            }
            5 => ConstOp::GlobalGet(r.u32()?),
            6 => ConstOp::RefNull,
            7 => ConstOp::RefFunc(r.u32()?),
            8 => ConstOp::I32Add,
            9 => ConstOp::I32Sub,
            10 => ConstOp::I32Mul,
            11 => ConstOp::I64Add,
            12 => ConstOp::I64Sub,
            13 => ConstOp::I64Mul,
            _ => return Err(DecodeError),
        })
    })
}

fn write_vals(w: &mut Writer, v: &[ValType]) {
    w.seq(v, |w, t| t.encode(w))
}

fn read_vals(r: &mut Reader) -> Result<Vec<ValType>, DecodeError> {
    r.seq(ValType::decode)
}

fn write_table(w: &mut Writer, t: &TableType) {
    t.elem.encode(w);
    w.u64(t.min);
    w.opt_u64(t.max);
    w.bool(t.table64);
}

fn read_table(r: &mut Reader) -> Result<TableType, DecodeError> {
    Ok(TableType {
        elem: RefType::decode(r)?,
        min: r.u64()?,
        max: r.opt_u64()?,
        table64: r.bool()?,
    })
}

fn write_memory(w: &mut Writer, m: &MemoryType) {
    w.u64(m.min);
    w.opt_u64(m.max);
    w.bool(m.shared);
    w.bool(m.memory64);
    w.u8(m.page_size_log2);
}

fn read_memory(r: &mut Reader) -> Result<MemoryType, DecodeError> {
    Ok(MemoryType {
        min: r.u64()?,
        max: r.opt_u64()?,
        shared: r.bool()?,
        memory64: r.bool()?,
        page_size_log2: r.u8()?,
    })
}

fn write_global_type(w: &mut Writer, g: &GlobalType) {
    g.ty.encode(w);
    w.bool(g.mutable);
}

fn read_global_type(r: &mut Reader) -> Result<GlobalType, DecodeError> {
    Ok(GlobalType {
        ty: ValType::decode(r)?,
        mutable: r.bool()?,
    })
}

fn write_mode(w: &mut Writer, m: &SegmentMode) {
    match m {
        SegmentMode::Passive => w.u8(0),
        SegmentMode::Declared => w.u8(1),
        SegmentMode::Active { index, offset } => {
            w.u8(2);
            w.u32(*index);
            write_const(w, offset);
        }
    }
}

fn read_mode(r: &mut Reader) -> Result<SegmentMode, DecodeError> {
    Ok(match r.u8()? {
        0 => SegmentMode::Passive,
        1 => SegmentMode::Declared,
        2 => SegmentMode::Active {
            index: r.u32()?,
            offset: read_const(r)?,
        },
        _ => return Err(DecodeError),
    })
}

fn write_opt_str(w: &mut Writer, s: &Option<String>) {
    match s {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.str(s)
        }
    }
}

fn read_opt_str(r: &mut Reader) -> Result<Option<String>, DecodeError> {
    Ok(match r.u8()? {
        0 => None,
        _ => Some(r.str()?),
    })
}

/// Data segment bytes are written by the caller of [`ModuleMeta::encode`] through this.
pub struct DataBytes<'a>(pub Vec<(SegmentMode, &'a [u8])>);

impl ModuleMeta {
    /// Encodes the metadata; `data` supplies each data segment's mode and bytes, which are
    /// stored inline, and `code` the per-function code metadata (the `datas`, `code` and
    /// `names` fields are ignored and rebuilt by [`ModuleMeta::decode`]).
    pub fn encode(&self, data: &DataBytes, code: &CodeInfo) -> Vec<u8> {
        let mut w = Writer::default();
        w.u64(crate::ABI_VERSION);
        write_opt_str(&mut w, &self.name);
        w.seq(&self.types, |w, t| {
            write_vals(w, &t.params);
            write_vals(w, &t.results);
        });
        w.seq(&self.imports, |w, i| {
            w.str(&i.module);
            w.str(&i.name);
            match &i.kind {
                ImportKind::Func(t) => {
                    w.u8(0);
                    w.u32(*t)
                }
                ImportKind::Table(t) => {
                    w.u8(1);
                    write_table(w, t)
                }
                ImportKind::Memory(m) => {
                    w.u8(2);
                    write_memory(w, m)
                }
                ImportKind::Global(g) => {
                    w.u8(3);
                    write_global_type(w, g)
                }
                ImportKind::Tag(t) => {
                    w.u8(4);
                    w.u32(*t)
                }
            }
        });
        w.seq(&self.funcs, |w, t| w.u32(*t));
        w.seq(&self.tables, write_table);
        w.seq(&self.table_inits, |w, (t, e)| {
            w.u32(*t);
            write_const(w, e);
        });
        w.seq(&self.memories, write_memory);
        w.seq(&self.globals, |w, g| {
            write_global_type(w, &g.ty);
            write_const(w, &g.init);
        });
        w.seq(&self.tags, |w, t| w.u32(*t));
        w.seq(&self.exports, |w, e| {
            w.str(&e.name);
            w.u8(e.kind as u8);
            w.u32(e.index);
        });
        w.opt_u64(self.start.map(u64::from));
        w.opt_u64(self.memory0_at);
        w.seq(&self.elems, |w, e| {
            write_mode(w, &e.mode);
            e.elem.encode(w);
            w.seq(&e.items, write_const);
        });
        w.seq(&data.0, |w, (mode, bytes)| {
            write_mode(w, mode);
            w.bytes(bytes);
        });
        code.write(&mut w);
        w.bytes
    }

    pub fn decode(bytes: &[u8]) -> Result<ModuleMeta, DecodeError> {
        let r = &mut Reader::new(bytes);
        if r.u64()? != crate::ABI_VERSION {
            return Err(DecodeError);
        }
        let name = read_opt_str(r)?;
        let types = r.seq(|r| {
            Ok(FuncType {
                params: read_vals(r)?,
                results: read_vals(r)?,
            })
        })?;
        let imports = r.seq(|r| {
            let module = r.str()?;
            let name = r.str()?;
            let kind = match r.u8()? {
                0 => ImportKind::Func(r.u32()?),
                1 => ImportKind::Table(read_table(r)?),
                2 => ImportKind::Memory(read_memory(r)?),
                3 => ImportKind::Global(read_global_type(r)?),
                4 => ImportKind::Tag(r.u32()?),
                _ => return Err(DecodeError),
            };
            Ok(Import { module, name, kind })
        })?;
        let funcs = r.seq(|r| r.u32())?;
        let tables = r.seq(read_table)?;
        let table_inits = r.seq(|r| Ok((r.u32()?, read_const(r)?)))?;
        let memories = r.seq(read_memory)?;
        let globals = r.seq(|r| {
            Ok(Global {
                ty: read_global_type(r)?,
                init: read_const(r)?,
            })
        })?;
        let tags = r.seq(|r| r.u32())?;
        let exports = r.seq(|r| {
            let name = r.str()?;
            let kind = match r.u8()? {
                0 => ExternKind::Func,
                1 => ExternKind::Table,
                2 => ExternKind::Memory,
                3 => ExternKind::Global,
                4 => ExternKind::Tag,
                _ => return Err(DecodeError),
            };
            Ok(Export {
                name,
                kind,
                index: r.u32()?,
            })
        })?;
        let start = r.opt_u64()?.map(|s| s as u32);
        let memory0_at = r.opt_u64()?;
        let elems = r.seq(|r| {
            Ok(ElemSegment {
                mode: read_mode(r)?,
                elem: RefType::decode(r)?,
                items: r.seq(read_const)?,
            })
        })?;
        let datas = r.seq(|r| {
            let mode = read_mode(r)?;
            Ok(DataSegment {
                mode,
                bytes: r.section()?,
            })
        })?;
        let code = r.section()?;
        let names = r.section()?;
        if !r.at_end() {
            return Err(DecodeError);
        }
        Ok(ModuleMeta {
            name,
            types,
            imports,
            funcs,
            tables,
            table_inits,
            memories,
            globals,
            tags,
            exports,
            start,
            memory0_at,
            elems,
            datas,
            code,
            names,
        })
    }

    pub fn num_imported(&self, kind: ExternKind) -> u32 {
        self.imports
            .iter()
            .filter(|i| {
                matches!(
                    (&i.kind, kind),
                    (ImportKind::Func(_), ExternKind::Func)
                        | (ImportKind::Table(_), ExternKind::Table)
                        | (ImportKind::Memory(_), ExternKind::Memory)
                        | (ImportKind::Global(_), ExternKind::Global)
                        | (ImportKind::Tag(_), ExternKind::Tag)
                )
            })
            .count() as u32
    }

    /// The vmctx layout of this module.
    pub fn vm_counts(&self) -> crate::vmctx::VMCounts {
        crate::vmctx::VMCounts {
            memories: self.num_imported(ExternKind::Memory) + self.memories.len() as u32,
            imported_tables: self.num_imported(ExternKind::Table),
            defined_tables: self.tables.len() as u32,
            imported_globals: self.num_imported(ExternKind::Global),
            defined_globals: self.globals.len() as u32,
            imported_funcs: self.num_imported(ExternKind::Func),
            types: self.types.len() as u32,
            funcs: self.funcs.len() as u32,
            tags: self.tags.len() as u32,
        }
    }
}

impl Config {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u64(crate::ABI_VERSION);
        w.seq(&self.dirs, |w, (h, g)| {
            w.str(h);
            w.str(g);
        });
        w.seq(&self.env, |w, e| w.str(e));
        w.bool(self.inherit_env);
        write_opt_str(&mut w, &self.invoke);
        w.u64(self.max_threads);
        w.u64(self.thread_stack_size);
        w.u64(self.stack_size);
        w.bytes
    }

    pub fn decode(bytes: &[u8]) -> Result<Config, DecodeError> {
        let r = &mut Reader::new(bytes);
        if r.u64()? != crate::ABI_VERSION {
            return Err(DecodeError);
        }
        let c = Config {
            dirs: r.seq(|r| Ok((r.str()?, r.str()?)))?,
            env: r.seq(|r| r.str())?,
            inherit_env: r.bool()?,
            invoke: read_opt_str(r)?,
            max_threads: r.u64()?,
            thread_stack_size: r.u64()?,
            stack_size: r.u64()?,
        };
        if !r.at_end() {
            return Err(DecodeError);
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_meta::{func_name, CodeEntries, FuncCode, TrapSite};
    use alloc::vec;

    #[test]
    fn module_meta_round_trips() {
        let m = ModuleMeta {
            name: Some("m".into()),
            types: vec![FuncType {
                params: vec![ValType::I32],
                results: vec![
                    ValType::F64,
                    ValType::Ref(RefType::nullable(HeapType::Concrete(0))),
                ],
            }],
            tables: vec![TableType {
                elem: RefType {
                    nullable: false,
                    heap: HeapType::Concrete(0),
                },
                min: 1,
                max: None,
                table64: true,
            }],
            imports: vec![Import {
                module: "env".into(),
                name: "memory".into(),
                kind: ImportKind::Memory(MemoryType {
                    min: 1,
                    max: Some(2),
                    shared: true,
                    memory64: true,
                    page_size_log2: 0,
                }),
            }],
            funcs: vec![0, 0],
            table_inits: vec![(0, vec![ConstOp::RefFunc(1)])],
            globals: vec![Global {
                ty: GlobalType {
                    ty: ValType::I64,
                    mutable: true,
                },
                init: vec![ConstOp::I64(-5), ConstOp::GlobalGet(0), ConstOp::I64Add],
            }],
            tags: vec![0],
            exports: vec![
                Export {
                    name: "_start".into(),
                    kind: ExternKind::Func,
                    index: 1,
                },
                Export {
                    name: "e".into(),
                    kind: ExternKind::Tag,
                    index: 0,
                },
            ],
            start: Some(1),
            memory0_at: Some(crate::FIXED_MEMORY_BASE),
            ..Default::default()
        };
        let code = CodeInfo {
            funcs: vec![FuncCode {
                size: 10,
                traps: vec![TrapSite {
                    offset: 3,
                    code: 253,
                }],
                handlers: vec![],
                locs: vec![],
            }],
            names: vec![(1, "main".into())],
        };
        let bytes = m.encode(&DataBytes(vec![(SegmentMode::Passive, b"hello")]), &code);
        let d = ModuleMeta::decode(&bytes).unwrap();
        assert_eq!(d.datas.len(), 1);
        let seg = &d.datas[0];
        assert_eq!(seg.bytes.of(&bytes), b"hello");
        let mut entries = CodeEntries::new(d.code.of(&bytes)).unwrap();
        let e = entries.next().unwrap().unwrap();
        assert_eq!((e.size, e.traps.code_at(3)), (10, Some(253)));
        assert!(entries.next().is_none());
        assert_eq!(func_name(d.names.of(&bytes), 1), Some(&b"main"[..]));
        let rebuilt = ModuleMeta {
            datas: vec![],
            code: Section::default(),
            names: Section::default(),
            ..d
        };
        assert_eq!(rebuilt, m);
        assert!(ModuleMeta::decode(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn config_round_trips() {
        let c = Config {
            dirs: vec![("/tmp".into(), "/".into())],
            env: vec!["A=b".into()],
            inherit_env: true,
            invoke: Some("f".into()),
            max_threads: 4,
            thread_stack_size: 1 << 20,
            stack_size: 2 << 20,
        };
        assert_eq!(Config::decode(&c.encode()), Ok(c));
    }
}
