//! End-to-end tests of instantiation, builtins and thread-spawn without the compiler: the
//! "compiled code" is Rust `extern "C"` functions and trampolines following the same
//! conventions (vmctx first, values in 16-byte slots).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use wasm2native_abi::code_meta::{CodeInfo, FuncCode};
use wasm2native_abi::meta::ValType::I32;
use wasm2native_abi::meta::*;
use wasm2native_abi::symbols::ModuleImage;
use wasm2native_abi::trap::Trap;
use wasm2native_abi::vmctx::{VMFuncRef, VMOffsets};
use wasm2native_abi::ABI_VERSION;

use crate::builtins::*;
use crate::instance::{HostResolver, Instance, InstantiateError};
use crate::module::Module;
use crate::runtime::Runtime;

use crate::values::Val;

static OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

extern "C" fn answer(vmctx: *mut u8) -> i32 {
    let o = OFFSETS.get().unwrap();
    // SAFETY: global 0 is a defined i32 global of this vmctx.
    unsafe { *(vmctx.add(o.global(0) as usize) as *const i32) }
}

extern "C" fn thread_start(vmctx: *mut u8, tid: i32, arg: i32) {
    // SAFETY: the test module has memory 0 and `arg` is an in-bounds aligned address.
    unsafe {
        let (base, _) = crate::instance::guest_memory0(vmctx);
        AtomicU32::from_ptr(base.add(arg as usize) as *mut u32).store(tid as u32, Ordering::SeqCst);
        atomic_notify(vmctx, 0, arg as u64, 1);
    }
}

extern "C" fn spawn(vmctx: *mut u8, arg: i32) -> i32 {
    let o = OFFSETS.get().unwrap();
    // SAFETY: function import 0 is thread-spawn, called as compiled code would.
    unsafe {
        let imp =
            &*(vmctx.add(o.func_import(0) as usize) as *const wasm2native_abi::vmctx::VMFuncImport);
        let f: extern "C" fn(*mut u8, i32) -> i32 = std::mem::transmute(imp.code);
        f(imp.vmctx, arg)
    }
}

unsafe extern "C" fn tramp_i32_i32(code: *const u8, vmctx: *mut u8, v: *mut [u8; 16]) {
    // SAFETY: used only for functions of type (i32) -> (i32).
    unsafe {
        let f: extern "C" fn(*mut u8, i32) -> i32 = std::mem::transmute(code);
        let r = f(vmctx, i32::from_le_bytes((&(*v))[..4].try_into().unwrap()));
        *v = Val::I32(r).to_slot();
    }
}

unsafe extern "C" fn tramp_void_i32(code: *const u8, vmctx: *mut u8, v: *mut [u8; 16]) {
    // SAFETY: used only for functions of type () -> (i32).
    unsafe {
        let f: extern "C" fn(*mut u8) -> i32 = std::mem::transmute(code);
        *v = Val::I32(f(vmctx)).to_slot();
    }
}

unsafe extern "C" fn tramp_i32x2_void(code: *const u8, vmctx: *mut u8, v: *mut [u8; 16]) {
    // SAFETY: used only for functions of type (i32, i32) -> ().
    unsafe {
        let f: extern "C" fn(*mut u8, i32, i32) = std::mem::transmute(code);
        let a = i32::from_le_bytes((&(*v))[..4].try_into().unwrap());
        let b = i32::from_le_bytes((&(*v.add(1)))[..4].try_into().unwrap());
        f(vmctx, a, b)
    }
}

fn ft(params: &[ValType], results: &[ValType]) -> FuncType {
    FuncType {
        params: params.to_vec(),
        results: results.to_vec(),
    }
}

fn test_meta() -> ModuleMeta {
    ModuleMeta {
        types: vec![ft(&[I32], &[I32]), ft(&[], &[I32]), ft(&[I32, I32], &[])],
        imports: vec![
            Import {
                module: "wasi".into(),
                name: "thread-spawn".into(),
                kind: ImportKind::Func(0),
            },
            Import {
                module: "env".into(),
                name: "memory".into(),
                kind: ImportKind::Memory(MemoryType::new(1, Some(2), true, false)),
            },
        ],
        funcs: vec![0, 1, 2, 0],
        tables: vec![TableType {
            elem: RefType::FUNCREF,
            min: 4,
            max: Some(8),
            table64: false,
        }],
        globals: vec![
            Global {
                ty: GlobalType {
                    ty: I32,
                    mutable: true,
                },
                init: vec![ConstOp::I32(40), ConstOp::I32(2), ConstOp::I32Add],
            },
            Global {
                ty: GlobalType {
                    ty: ValType::FUNCREF,
                    mutable: false,
                },
                init: vec![ConstOp::RefFunc(1)],
            },
            Global {
                ty: GlobalType {
                    ty: I32,
                    mutable: false,
                },
                init: vec![ConstOp::GlobalGet(0)],
            },
        ],
        exports: vec![
            Export {
                name: "answer".into(),
                kind: ExternKind::Func,
                index: 1,
            },
            Export {
                name: "wasi_thread_start".into(),
                kind: ExternKind::Func,
                index: 2,
            },
            Export {
                name: "spawn".into(),
                kind: ExternKind::Func,
                index: 3,
            },
        ],
        elems: vec![
            ElemSegment {
                mode: SegmentMode::Active {
                    index: 0,
                    offset: vec![ConstOp::I32(1)],
                },
                elem: RefType::FUNCREF,
                items: vec![vec![ConstOp::RefFunc(1)], vec![ConstOp::RefNull]],
            },
            ElemSegment {
                mode: SegmentMode::Passive,
                elem: RefType::FUNCREF,
                items: vec![vec![ConstOp::RefFunc(2)]],
            },
        ],
        ..Default::default()
    }
}

struct Image {
    image: ModuleImage,
}

// SAFETY: the image points at leaked, immutable data.
unsafe impl Send for Image {}
// SAFETY: see above.
unsafe impl Sync for Image {}

/// Builds a leaked `ModuleImage` for `meta` with the given data segments.
fn image(meta: &ModuleMeta, data: Vec<(SegmentMode, &'static [u8])>) -> &'static Image {
    let defined = meta.funcs.len() - meta.num_imported(ExternKind::Func) as usize;
    let code = CodeInfo {
        funcs: vec![FuncCode::default(); defined],
        names: vec![],
    };
    let blob: &'static [u8] = Box::leak(meta.encode(&DataBytes(data), &code).into_boxed_slice());
    let funcs: Vec<*const u8> = vec![
        crate::entry::host::thread_spawn as *const u8,
        answer as *const u8,
        thread_start as *const u8,
        spawn as *const u8,
    ];
    let tramps: Vec<*const u8> = vec![
        tramp_i32_i32 as *const u8,
        tramp_void_i32 as *const u8,
        tramp_i32x2_void as *const u8,
    ];
    Box::leak(Box::new(Image {
        image: ModuleImage {
            abi_version: ABI_VERSION,
            meta: blob.as_ptr(),
            meta_len: blob.len() as u64,
            funcs: Box::leak(funcs.into_boxed_slice()).as_ptr(),
            trampolines: Box::leak(tramps.into_boxed_slice()).as_ptr(),
            target_cpu: 0,
            cpu_features: 0,
        },
    }))
}

fn load(meta: &ModuleMeta, data: Vec<(SegmentMode, &'static [u8])>) -> Arc<Module> {
    let img = image(meta, data);
    // SAFETY: the image is leaked and consistent with the meta.
    let m = unsafe { Module::from_image(&img.image, Runtime::embedded()) }.unwrap();
    let _ = OFFSETS.set(VMOffsets::new(m.meta.vm_counts()));
    m
}

fn active_data(offset: i32) -> SegmentMode {
    SegmentMode::Active {
        index: 0,
        offset: vec![ConstOp::I32(offset)],
    }
}

#[test]
fn instantiate_call_and_builtins() {
    let m = load(
        &test_meta(),
        vec![(active_data(16), b"hello"), (SegmentMode::Passive, b"xyz")],
    );
    let inst = Instance::new(m.clone(), &mut HostResolver).unwrap();
    assert_eq!(inst.call_export("answer", &[]), Ok(vec![Val::I32(42)]));
    assert!(inst.call_export("answer", &[Val::I32(1)]).is_err());
    assert!(inst.call_export("nope", &[]).is_err());

    // Globals: arithmetic, ref.func, global.get.
    let g = |i| Val::from_global(I32, unsafe { &*inst.global_ptr(i).unwrap() });
    assert_eq!(g(0), Val::I32(42));
    assert_eq!(g(2), Val::I32(42));
    let fr1 = inst.func_ref_ptr(1);
    assert_eq!(
        Val::from_global(ValType::FUNCREF, unsafe { &*inst.global_ptr(1).unwrap() }),
        Val::FuncRef(fr1 as usize)
    );
    // SAFETY: valid func ref of a live instance.
    let r: VMFuncRef = unsafe { *fr1 };
    assert_eq!(r.code, answer as *const u8);
    let id = m.runtime().signatures().canonical_id(&ft(&[], &[I32]));
    assert_eq!(r.type_id, u64::from(id));
    assert_eq!(r.vmctx, inst.vmctx());
    // The host import got this instance's vmctx.
    // SAFETY: func ref 0 is the thread-spawn import.
    assert_eq!(unsafe { (*inst.func_ref_ptr(0)).vmctx }, inst.vmctx());

    // Table from the active element segment.
    let t = inst.table_ptr(0).unwrap();
    // SAFETY: live table.
    assert_eq!(
        unsafe { crate::table::elements(t) },
        &[0, fr1 as usize, 0, 0]
    );

    // Data segment.
    let (base, len) = inst.memory_base_len(0);
    assert_eq!(len, 65536);
    // SAFETY: inside the first page.
    assert_eq!(
        unsafe { std::slice::from_raw_parts(base.add(16), 5) },
        b"hello"
    );

    let vm = inst.vmctx();
    // SAFETY: builtins called with a live vmctx, as compiled code would.
    unsafe {
        assert_eq!(memory_init(vm, 0, 1, 100, 0, 3).0, 1);
        assert_eq!(std::slice::from_raw_parts(base.add(100), 3), b"xyz");
        assert_eq!(memory_init(vm, 0, 1, 100, 1, 3).0, 0);
        assert_eq!(memory_init(vm, 0, 0, 100, 0, 1).0, 0); // active: dropped
        data_drop(vm, 1);
        assert_eq!(memory_init(vm, 0, 1, 100, 0, 1).0, 0);
        assert_eq!(memory_init(vm, 0, 1, 65536, 0, 0).0, 1);
        assert_eq!(memory_fill(vm, 0, 200, 0xab, 4).0, 1);
        assert_eq!(*base.add(203), 0xab);
        assert_eq!(memory_fill(vm, 0, 65535, 0, 2).0, 0);
        assert_eq!(memory_copy(vm, 0, 17, 0, 16, 5).0, 1);
        assert_eq!(std::slice::from_raw_parts(base.add(16), 6), b"hhello");
        assert_eq!(memory_copy(vm, 0, 0, 0, 65530, 7).0, 0);

        assert_eq!(table_init(vm, 0, 1, 3, 0, 1).0, 1);
        let fr2 = inst.func_ref_ptr(2) as usize;
        assert_eq!(crate::table::elements(t)[3], fr2);
        elem_drop(vm, 1);
        assert_eq!(table_init(vm, 0, 1, 3, 0, 1).0, 0);
        assert_eq!(table_init(vm, 0, 1, 4, 0, 0).0, 1);
        assert_eq!(table_copy(vm, 0, 0, 0, 1, 3).0, 1);
        assert_eq!(crate::table::elements(t), &[fr1 as usize, 0, fr2, fr2]);
        assert_eq!(table_fill(vm, 0, 1, 7, 3).0, 1);
        assert_eq!(table_fill(vm, 0, 2, 7, 3).0, 0);
        assert_eq!(table_grow(vm, 0, 9, 2), 4);
        assert_eq!(crate::table::elements(t), &[fr1 as usize, 7, 7, 7, 9, 9]);
        assert_eq!(table_grow(vm, 0, 0, 3), -1);

        assert_eq!(memory_grow(vm, 0, 1), 1);
        assert_eq!(inst.memory_base_len(0).1, 131072);
        assert_eq!(memory_grow(vm, 0, 1), -1);
        assert_eq!(memory_grow(vm, 0, 0), 2);
        assert_eq!(atomic_wait32(vm, 0, 200, 0, 0), 1);
        assert_eq!(atomic_wait32(vm, 0, 300, 0, 1000), 2);
        assert_eq!(atomic_notify(vm, 0, 300, 1), 0);
    }

    // Exports can be imported elsewhere.
    assert!(
        matches!(inst.export("answer"), Some(crate::Extern::Func(f)) if f.code == answer as *const u8)
    );
}

#[test]
fn thread_spawn_runs_wasi_thread_start() {
    let m = load(&test_meta(), vec![]);
    let inst = Instance::new(m, &mut HostResolver).unwrap();
    let (base, _) = inst.memory_base_len(0);
    let mut tids = vec![];
    for k in 0..4u32 {
        let addr = 1024 + 8 * k;
        let r = inst.call_export("spawn", &[Val::I32(addr as i32)]).unwrap();
        let Val::I32(tid) = r[0] else { panic!() };
        assert!(tid > 0 && tid < 1 << 29);
        // SAFETY: in-bounds aligned address in the shared memory.
        let p = unsafe { base.add(addr as usize) } as *const u32;
        loop {
            // SAFETY: as above.
            let v = unsafe { AtomicU32::from_ptr(p as *mut u32) }.load(Ordering::SeqCst);
            if v != 0 {
                assert_eq!(v, tid as u32);
                break;
            }
            // SAFETY: as above.
            unsafe { inst.runtime().parking().wait32(p, 0, 10_000_000) };
        }
        tids.push(tid);
    }
    tids.sort();
    tids.dedup();
    assert_eq!(tids.len(), 4);
}

#[test]
fn instantiation_errors() {
    let m = load(&test_meta(), vec![(active_data(65534), b"hello")]);
    assert_eq!(
        Instance::new(m, &mut HostResolver).err(),
        Some(InstantiateError::Trap(Trap::MemoryOutOfBounds))
    );

    let mut meta = test_meta();
    meta.elems[0].mode = SegmentMode::Active {
        index: 0,
        offset: vec![ConstOp::I32(3)],
    };
    let m = load(&meta, vec![]);
    assert_eq!(
        Instance::new(m, &mut HostResolver).err(),
        Some(InstantiateError::Trap(Trap::TableOutOfBounds))
    );

    struct NoMemory;
    impl crate::Resolver for NoMemory {
        fn resolve(&mut self, _: &str, _: &str, _: &ImportKind) -> Option<crate::Extern> {
            None
        }
    }
    let m = load(&test_meta(), vec![]);
    match Instance::new(m, &mut NoMemory) {
        Err(InstantiateError::Link(s)) => assert_eq!(s, "unknown import: `env`.`memory`"),
        _ => panic!("expected a link error"),
    }
}
