//! Loading a compiled object into this process without `cc`: the in-process loader the fuzz
//! targets (`fuzz/`) run thousands of modules a second through.
//!
//! [`load`] lays the object's allocated sections out in one fresh mapping (executable sections
//! first, then the others, then a GOT), applies the x86_64 relocations Cranelift's objects
//! contain (`R_X86_64_64`, `PC32`, `PLT32`, `GOTPCREL` and its relaxable forms; a `PLT32` call
//! to the runtime goes through a stub, since the runtime may lie beyond ±2 GiB), resolves the
//! runtime's entry points (`__w2n_builtin_*`, `__w2n_host_*`, `__w2n_libcall_*`) to the functions of the
//! `wasm2native_rt` linked into this process, makes the code executable, and hands the module
//! image to the runtime as the `wast` runner does after `dlopen`.
//!
//! Invariants: compile the object with `ImportPolicy::Linkable` (memory 0 at no fixed
//! address). A [`JitModule`] unmaps its code only once the runtime module is no longer shared
//! (every instance dropped) and after unregistering the code's trap maps; otherwise it leaks
//! the mapping, which stays valid for the rest of the process.

use std::collections::HashMap;
use std::sync::Arc;

use object::elf;
use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
use wasm2native_abi::symbols::ModuleImage;
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::Module;

const PAGE: usize = 4096;
/// Bytes of one call stub (`jmp *[rip + GOT slot]`, padded).
const STUB: usize = 8;

/// A module loaded by [`load`]: the runtime's module and the mapping holding its code.
pub struct JitModule {
    module: Option<Arc<Module>>,
    base: *mut u8,
    len: usize,
}

impl JitModule {
    pub fn module(&self) -> &Arc<Module> {
        self.module.as_ref().expect("present until dropped")
    }
}

impl Drop for JitModule {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            if Arc::into_inner(module).is_none() {
                return; // still used by someone: the mapping must stay (leaked).
            }
            let (lo, hi) = (self.base as usize, self.base as usize + self.len);
            // SAFETY: the module was the last reference to this code: no instance can run
            // it. Loading and unloading happen between calls, on the thread that runs them.
            unsafe { wasm2native_rt::traps::unregister(lo, hi) };
        }
        // SAFETY: our own mapping; nothing refers to it any more.
        unsafe { libc::munmap(self.base.cast(), self.len) };
    }
}

/// The address of the runtime entry point `name`, from the contract's tables.
pub fn runtime_symbol(name: &str) -> Option<usize> {
    macro_rules! builtins {
        ($($name:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {
            [$((concat!("__w2n_builtin_", stringify!($name)),
                wasm2native_rt::entry::builtin::$name as *const () as usize)),*]
        };
    }
    macro_rules! hosts {
        ($($scope:ident $n:literal => $sym:ident ($($p:ident: $t:ty),*) -> $r:ty;)*) => {
            [$((concat!("__w2n_host_", stringify!($sym)),
                wasm2native_rt::entry::host::$sym as *const () as usize)),*]
        };
    }
    let builtins = wasm2native_abi::for_each_builtin!(builtins);
    let hosts = wasm2native_abi::for_each_host_func!(hosts);
    builtins
        .iter()
        .chain(hosts.iter())
        .find(|(n, _)| *n == name)
        .map(|&(_, a)| a)
        .or_else(|| wasm2native_rt::libcalls::address(name))
}

/// Where each allocated section goes in the mapping, and the stub and GOT areas.
struct Layout {
    /// Offset of each allocated section, by section index.
    sections: HashMap<usize, usize>,
    /// End of the executable part (page-aligned).
    text_end: usize,
    stubs: usize,
    got: usize,
    len: usize,
}

fn sh_flags(s: &object::Section) -> u64 {
    match s.flags() {
        object::SectionFlags::Elf { sh_flags } => sh_flags,
        _ => 0,
    }
}

fn layout(file: &object::File) -> Layout {
    let nsyms = file.symbols().count() + 1;
    let mut sections = HashMap::new();
    let text = place(file, &mut sections, 0, true);
    let stubs = text.next_multiple_of(16);
    let text_end = (stubs + nsyms * STUB).next_multiple_of(PAGE);
    let data = place(file, &mut sections, text_end, false);
    let got = data.next_multiple_of(8);
    Layout {
        sections,
        text_end,
        stubs,
        got,
        len: (got + nsyms * 8).next_multiple_of(PAGE),
    }
}

/// Places the allocated sections that are executable (or not) from offset `at`; returns the
/// end.
fn place(
    file: &object::File,
    sections: &mut HashMap<usize, usize>,
    mut at: usize,
    exec: bool,
) -> usize {
    for s in file.sections() {
        let f = sh_flags(&s);
        let alloc = f & u64::from(elf::SHF_ALLOC) != 0;
        if !alloc || (f & u64::from(elf::SHF_EXECINSTR) != 0) != exec {
            continue;
        }
        at = at.next_multiple_of(s.align().max(1) as usize);
        sections.insert(s.index().0, at);
        at += s.size() as usize;
    }
    at
}

/// Loads `object` (emitted with image symbol `image_symbol`) into `runtime`.
pub fn load(
    object: &[u8],
    image_symbol: &str,
    runtime: &'static Runtime,
) -> Result<JitModule, String> {
    let file = object::File::parse(object).map_err(|e| format!("reading the object: {e}"))?;
    let layout = layout(&file);
    // SAFETY: a fresh anonymous private mapping.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            layout.len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return Err("cannot map code".into());
    }
    let mut jit = JitModule {
        module: None,
        base: base.cast(),
        len: layout.len,
    };
    let mut image = Image {
        base: jit.base,
        layout: &layout,
        got: HashMap::new(),
        stubs: HashMap::new(),
    };
    image.copy_sections(&file)?;
    image.relocate(&file)?;
    let sym = file
        .symbols()
        .find(|s| s.name() == Ok(image_symbol))
        .ok_or_else(|| format!("no symbol {image_symbol} in the object"))?;
    let image_ptr = image.symbol_address(&file, sym.index())? as *const ModuleImage;
    // SAFETY: the executable part lies at the start of the mapping, page-aligned.
    if unsafe { libc::mprotect(base, layout.text_end, libc::PROT_READ | libc::PROT_EXEC) } != 0 {
        return Err("cannot make code executable".into());
    }
    // SAFETY: the image was emitted by our compiler and relocated into this mapping, which
    // stays mapped while the module is referenced (see `Drop`).
    jit.module = Some(unsafe { Module::from_image(image_ptr, runtime) }?);
    Ok(jit)
}

/// The mapping being filled.
struct Image<'a> {
    base: *mut u8,
    layout: &'a Layout,
    /// GOT slot offset per target address.
    got: HashMap<usize, usize>,
    /// Call stub offset per target address.
    stubs: HashMap<usize, usize>,
}

impl Image<'_> {
    fn copy_sections(&mut self, file: &object::File) -> Result<(), String> {
        for s in file.sections() {
            let Some(&at) = self.layout.sections.get(&s.index().0) else {
                continue;
            };
            if s.kind() == object::SectionKind::UninitializedData {
                continue; // the mapping is zeroed
            }
            let data = s.data().map_err(|e| e.to_string())?;
            // SAFETY: `layout` reserved `s.size()` >= data.len() bytes at `at`.
            unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), self.base.add(at), data.len()) };
        }
        Ok(())
    }

    fn section_address(&self, index: object::SectionIndex) -> Result<usize, String> {
        let at = self
            .layout
            .sections
            .get(&index.0)
            .ok_or("symbol in an unloaded section")?;
        Ok(self.base as usize + at)
    }

    fn symbol_address(&self, file: &object::File, i: object::SymbolIndex) -> Result<usize, String> {
        let sym = file.symbol_by_index(i).map_err(|e| e.to_string())?;
        if sym.is_undefined() {
            let name = sym.name().map_err(|e| e.to_string())?;
            return runtime_symbol(name).ok_or_else(|| format!("unknown runtime symbol {name}"));
        }
        let section = sym.section_index().ok_or("symbol in no section")?;
        Ok(self.section_address(section)? + sym.address() as usize)
    }

    /// The address of a GOT slot holding `target`.
    fn got_slot(&mut self, target: usize) -> usize {
        let next = self.layout.got + self.got.len() * 8;
        let at = *self.got.entry(target).or_insert(next);
        // SAFETY: the GOT has a slot per symbol of the object; `at` is 8-aligned.
        unsafe { (self.base.add(at) as *mut u64).write(target as u64) };
        self.base as usize + at
    }

    /// The address of a stub that jumps to `target` (through its GOT slot).
    fn stub(&mut self, target: usize) -> usize {
        let slot = self.got_slot(target);
        let next = self.layout.stubs + self.stubs.len() * STUB;
        let at = *self.stubs.entry(target).or_insert(next);
        let here = self.base as usize + at;
        let rel = (slot as i64 - (here as i64 + 6)) as i32;
        let mut code = [0xff, 0x25, 0, 0, 0, 0, 0xcc, 0xcc];
        code[2..6].copy_from_slice(&rel.to_le_bytes());
        // SAFETY: the stub area has a stub per symbol of the object.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), self.base.add(at), STUB) };
        here
    }

    fn relocate(&mut self, file: &object::File) -> Result<(), String> {
        for s in file.sections() {
            let Some(&at) = self.layout.sections.get(&s.index().0) else {
                continue;
            };
            for (offset, r) in s.relocations() {
                let place = self.base as usize + at + offset as usize;
                let (target, external) = match r.target() {
                    RelocationTarget::Symbol(i) => {
                        let undefined = file
                            .symbol_by_index(i)
                            .map(|s| s.is_undefined())
                            .unwrap_or(false);
                        (self.symbol_address(file, i)?, undefined)
                    }
                    RelocationTarget::Section(i) => (self.section_address(i)?, false),
                    other => return Err(format!("unsupported relocation target {other:?}")),
                };
                let RelocationFlags::Elf { r_type } = r.flags() else {
                    return Err("not an ELF relocation".into());
                };
                self.apply(r_type, place, target, external, r.addend())?;
            }
        }
        Ok(())
    }

    /// Applies one relocation of type `r_type` at `place`: S = `target`, A = `addend`.
    fn apply(
        &mut self,
        r_type: u32,
        place: usize,
        target: usize,
        external: bool,
        addend: i64,
    ) -> Result<(), String> {
        let pc_rel = |s: usize| -> Result<i32, String> {
            let v = s as i64 + addend - place as i64;
            i32::try_from(v).map_err(|_| format!("relocation out of range ({r_type})"))
        };
        // SAFETY (all writes): `place` lies inside a loaded section of the mapping.
        match r_type {
            elf::R_X86_64_64 => unsafe {
                (place as *mut u64).write_unaligned((target as i64 + addend) as u64)
            },
            elf::R_X86_64_PC32 => unsafe { (place as *mut i32).write_unaligned(pc_rel(target)?) },
            elf::R_X86_64_PLT32 => {
                let s = if external { self.stub(target) } else { target };
                unsafe { (place as *mut i32).write_unaligned(pc_rel(s)?) }
            }
            elf::R_X86_64_GOTPCREL | elf::R_X86_64_GOTPCRELX | elf::R_X86_64_REX_GOTPCRELX => {
                let slot = self.got_slot(target);
                unsafe { (place as *mut i32).write_unaligned(pc_rel(slot)?) }
            }
            other => return Err(format!("unsupported relocation type {other}")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CompileOptions, ImportPolicy};
    use wasm2native_abi::trap::Trap;
    use wasm2native_rt::catch::catch_traps;
    use wasm2native_rt::{Instance, Val};

    struct NoImports;
    impl wasm2native_rt::Resolver for NoImports {
        fn resolve(
            &mut self,
            _: &str,
            _: &str,
            _: &wasm2native_abi::meta::ImportKind,
        ) -> Option<wasm2native_rt::Extern> {
            None
        }
    }

    const WAT: &str = r#"(module
        (memory 1) (table 2 funcref) (elem (i32.const 0) $div)
        (func $div (export "div") (param i32 i32) (result i32)
          (i32.div_s (local.get 0) (local.get 1)))
        (func (export "grow_and_call") (param i32) (result i32)
          (drop (memory.grow (i32.const 1)))
          (i32.store (i32.const 70000) (local.get 0))
          (call_indirect (param i32 i32) (result i32)
            (i32.load (i32.const 70000)) (i32.const 2) (i32.const 0))))"#;

    #[test]
    fn loads_runs_traps_and_unloads() {
        wasm2native_rt::signals::install();
        wasm2native_rt::signals::init_thread();
        let runtime = Runtime::embedded();
        let opts = CompileOptions {
            policy: ImportPolicy::Linkable,
            ..CompileOptions::default()
        };
        for _ in 0..3 {
            let obj = crate::compile(WAT.as_bytes(), &opts).unwrap().object;
            let jit = load(&obj, &opts.image_symbol, runtime).unwrap();
            let inst = Instance::new(jit.module().clone(), &mut NoImports).unwrap();
            let call = |f: &str, args: &[Val]| catch_traps(|| inst.call_export(f, args).unwrap());
            assert_eq!(
                call("div", &[Val::I32(7), Val::I32(2)]),
                Ok(vec![Val::I32(3)])
            );
            assert_eq!(
                call("div", &[Val::I32(7), Val::I32(0)]),
                Err(Trap::IntegerDivisionByZero)
            );
            assert_eq!(call("grow_and_call", &[Val::I32(9)]), Ok(vec![Val::I32(4)]));
            drop(inst);
            drop(jit);
        }
    }
}
