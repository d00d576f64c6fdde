;; The same wasmi 2.0.0 bug as wasmi-select-eqz-rem.wat, found again by the differential
;; target (2026-12-03, -O none): `(invoke "")` returns an f64 under wasm2native (both -O levels)
;; and wasmtime 49, but wasmi traps `integer divide by zero` at the `i32.div_u` whose divisor is
;; `select (i32.const 1) (local.get 4) (i32.eqz (local.get 4))`. Cause (wasmi's
;; translate_select/try_fuse_select): the fused `i32.eqz` is dropped but the select still reads
;; its result. The harness steers around it (fuzz/src/atomics.rs); tests/fuzz_replay.rs checks
;; that every module here agrees with wasm2native through that workaround.
(module
  (type (;0;) (func (result f64)))
  (type (;1;) (func))
  (type (;2;) (func (result i64)))
  (memory (;0;) 1 2)
  (memory (;1;) i64 1 2)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 1000)
  (export "\u{22}" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (memory 0))
  (export "4" (memory 1))
  (export "5" (global 0))
  (export "6" (global 1))
  (export "\u{7}" (global 2))
  (export "8" (global 3))
  (export "\u{8}" (global 4))
  (elem (;0;) func)
  (func (;0;) (type 2) (result i64)
    (local f32 f64 f64 f64 f64 f64 i64 i32)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    memory.size
    v128.const i32x4 0x1231f45d 0xc6465a1c 0x3de4abe2 0xe8737b90
    ref.null extern
    ref.null extern
    f64.const 0x1.p-1068 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000316;)
    local.tee 1
    local.get 1
    f64.ne
    local.get 1
    f64.const inf (;=inf;)
    f64.eq
    local.get 1
    f64.const -inf (;=-inf;)
    f64.eq
    i32.or
    i32.or
    if ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 1
    end
    local.get 1
    f64.const 0x0p+0 (;=0;)
    f64.lt
    if ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 1
    end
    local.get 1
    f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
    f64.gt
    if ;; label = @1
      f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
      local.set 1
    end
    local.get 1
    i64.trunc_f64_u
    f32.convert_i64_u
    f64.const 0x1.fffffffffffffp+1023 (;=179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    local.tee 2
    local.get 2
    f64.ne
    local.get 2
    f64.const inf (;=inf;)
    f64.eq
    local.get 2
    f64.const -inf (;=-inf;)
    f64.eq
    i32.or
    i32.or
    if ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 2
    end
    local.get 2
    f64.const 0x0p+0 (;=0;)
    f64.lt
    if ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 2
    end
    local.get 2
    f64.const 0x1.fffffffcp+30 (;=2147483647;)
    f64.gt
    if ;; label = @1
      f64.const 0x1.fffffffcp+30 (;=2147483647;)
      local.set 2
    end
    local.get 2
    i32.trunc_f64_u
    i32.const -16777216
    f64.const -nan:0xffffffff7ffff (;=NaN;)
    f64.floor
    local.tee 3
    f64.const nan (;=NaN;)
    local.get 3
    local.get 3
    f64.eq
    select
    f64.floor
    local.tee 4
    f64.const nan (;=NaN;)
    local.get 4
    local.get 4
    f64.eq
    select
    f64.floor
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    i64.reinterpret_f64
    local.set 6
    block ;; label = @1
      block ;; label = @2
        memory.size 1
        i64.const 65536
        i64.mul
        i64.const 23833
        local.get 6
        i64.add
        i64.le_u
        br_if 0 (;@2;)
        local.get 6
        i64.const 0
        i64.le_s
        br_if 0 (;@2;)
        local.get 6
        i32.load16_u 1 offset=23829
        local.set 7
        br 1 (;@1;)
      end
      i32.const 0
      local.set 7
    end
    local.get 7
    global.get 0
    i32.xor
    global.set 0
    global.get 0
    i32.xor
    global.set 0
    global.get 0
    i32.xor
    global.set 0
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    drop
    drop
    global.get 2
    v128.xor
    global.set 2
    global.get 0
    i32.xor
    global.set 0
    i64.const 562949953421312
  )
  (func (;1;) (type 0) (result f64)
    (local v128 f64 i64 i32 i32 i64 i32 i32 i32)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    memory.size
    local.get 0
    memory.size 1
    call 0
    i64.shr_s
    f32.convert_i64_u
    f64.const 0x1.p-1049 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016578092;)
    f64.nearest
    local.tee 1
    f64.const nan (;=NaN;)
    local.get 1
    local.get 1
    f64.eq
    select
    i32.trunc_sat_f64_u
    f64.const 0x1.ce4a29b9be0bdp+147 (;=322168899667221800000000000000000000000000000;)
    i64.trunc_sat_f64_s
    local.set 2
    block ;; label = @1
      block ;; label = @2
        memory.size 1
        i64.const 65536
        i64.mul
        i64.const 56304
        local.get 2
        i64.add
        i64.le_u
        br_if 0 (;@2;)
        local.get 2
        i64.const 0
        i64.le_s
        br_if 0 (;@2;)
        local.get 2
        i32.load 1 offset=56300
        local.set 3
        br 1 (;@1;)
      end
      i32.const 0
      local.set 3
    end
    local.get 3
    local.set 4
    i32.const 1
    local.get 4
    local.get 4
    i32.eqz
    select
    i32.div_u
    v128.const i32x4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4
    f64.const -0x1.4a4a4a4a4a4a4p-437 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003635361573763388;)
    f64.const -0x1.4a4a4a4a4a4a4p-437 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003635361573763388;)
    ref.null extern
    v128.const i32x4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4
    f64.const -0x1.4a4a4a4a4a4a4p-437 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003635361573763388;)
    f64.const -0x1.4a4a4a4a4a4a4p-437 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003635361573763388;)
    ref.null extern
    v128.const i32x4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4 0xa4a4a4a4
    f64.const -0x1.6ecb9b8b0cf09p-465 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000015039585360100217;)
    elem.drop 0
    f64.abs
    br 0
    ref.null extern
    i64.const -8589934592
    return_call 1
    f64.abs
    memory.size 1
    local.set 5
    block ;; label = @1
      block ;; label = @2
        memory.size 1
        i64.const 65536
        i64.mul
        i64.const 37994
        local.get 5
        i64.add
        i64.le_u
        br_if 0 (;@2;)
        local.get 5
        i64.const 0
        i64.le_s
        br_if 0 (;@2;)
        local.get 5
        i32.load16_u 1 offset=37990 align=1
        local.set 6
        br 1 (;@1;)
      end
      i32.const 0
      local.set 6
    end
    local.get 6
    local.set 7
    block ;; label = @1
      block ;; label = @2
        memory.size
        i32.const 65536
        i32.mul
        i32.const 54046
        local.get 7
        i32.add
        i32.le_u
        br_if 0 (;@2;)
        local.get 7
        i32.const 0
        i32.le_s
        br_if 0 (;@2;)
        local.get 7
        i32.load8_u offset=54042
        local.set 8
        br 1 (;@1;)
      end
      i32.const 0
      local.set 8
    end
    local.get 8
    global.get 0
    i32.xor
    global.set 0
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    global.get 4
    i64.xor
    global.set 4
    drop
    global.get 2
    v128.xor
    global.set 2
    drop
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    global.get 2
    v128.xor
    global.set 2
    drop
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    global.get 2
    v128.xor
    global.set 2
    global.get 0
    i32.xor
    global.set 0
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 2
    v128.xor
    global.set 2
    global.get 0
    i32.xor
    global.set 0
    f64.const -nan:0xfffc000000000 (;=NaN;)
  )
  (func (;2;) (type 0) (result f64)
    (local i32 i64 i64 f64 f64 i64 i64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    memory.size 1
    i32.wrap_i64
    local.set 0
    block ;; label = @1
      block ;; label = @2
        memory.size
        i32.const 65536
        i32.mul
        i32.const 31551
        local.get 0
        i32.add
        i32.le_u
        br_if 0 (;@2;)
        local.get 0
        i32.const 0
        i32.le_s
        br_if 0 (;@2;)
        local.get 0
        i64.load8_s offset=31543
        local.set 1
        br 1 (;@1;)
      end
      i64.const 0
      local.set 1
    end
    local.get 1
    call 0
    i64.rotr
    return_call 2
    local.set 3
    local.set 2
    memory.size 1
    i64.const 65536
    i64.mul
    i64.const 5043
    local.get 2
    i64.add
    i64.le_u
    if ;; label = @1
    else
      local.get 2
      i64.const 0
      i64.le_s
      if ;; label = @2
      else
        local.get 2
        local.get 3
        f64.store 1 offset=5035 align=1
      end
    end
    v128.const i32x4 0xddeb28da 0xadb9f328 0xfb0342e5 0x35136a00
    block (type 2) (result i64) ;; label = @1
      f64.const 0x1.ep-1071 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000074;)
      f64.abs
      local.tee 4
      local.get 4
      f64.ne
      local.get 4
      f64.const inf (;=inf;)
      f64.eq
      local.get 4
      f64.const -inf (;=-inf;)
      f64.eq
      i32.or
      i32.or
      if ;; label = @2
        f64.const 0x0p+0 (;=0;)
        local.set 4
      end
      local.get 4
      f64.const 0x0p+0 (;=0;)
      f64.lt
      if ;; label = @2
        f64.const 0x0p+0 (;=0;)
        local.set 4
      end
      local.get 4
      f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
      f64.gt
      if ;; label = @2
        f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
        local.set 4
      end
      local.get 4
      i64.trunc_f64_u
      memory.grow 1
      local.set 5
      block ;; label = @2
        block ;; label = @3
          memory.size 1
          i64.const 65536
          i64.mul
          i64.const 2597
          local.get 5
          i64.add
          i64.le_u
          br_if 0 (;@3;)
          local.get 5
          i64.const 0
          i64.le_s
          br_if 0 (;@3;)
          local.get 5
          i64.load32_s 1 offset=2589 align=2
          local.set 6
          br 1 (;@2;)
        end
        i64.const 0
        local.set 6
      end
      local.get 6
    end
    global.get 4
    i64.xor
    global.set 4
    global.get 2
    v128.xor
    global.set 2
    f64.const -nan:0xfffffffffffc0 (;=NaN;)
  )
)
