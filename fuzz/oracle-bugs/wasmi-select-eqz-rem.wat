;; A difference the differential target found (2026-12, wasm-smith module, -O speed) in which
;; wasmi 2.0.0 is wrong: `(invoke "f0" (i32.const 0))` returns nothing under wasm2native
;; (both -O levels) and wasmtime 49, but wasmi traps `integer divide by zero` at the only
;; `i32.rem_s`, whose divisor is `select (i32.const 1) (local.get 1) (i32.eqz (local.get 1))`
;; = 1 for argument 0 — a fused compare+select in wasmi (see wasmi-select-eqz-div.wat for
;; the cause). The harness steers around it (fuzz/src/atomics.rs); tests/fuzz_replay.rs
;; checks that this module agrees through that workaround. Kept to report upstream.
(module
  (type (;0;) (func (result f64)))
  (type (;1;) (func))
  (type (;2;) (func (param i32)))
  (memory (;0;) 1 15)
  (memory (;1;) 5 7)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "f0" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (memory 0))
  (export "4" (memory 1))
  (elem (;0;) externref)
  (func (;0;) (type 2) (param i32)
    (local i32 i32 i32 i64 i32 i64 i32 i32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    call 2
    block (result i32) ;; label = @1
      memory.size
      local.get 0
      local.set 1
      i32.const 1
      local.get 1
      local.get 1
      i32.eqz
      select
      local.set 1
      local.set 2
      block ;; label = @2
        block ;; label = @3
          local.get 2
          local.get 1
          local.set 1
          local.tee 2
          i32.const -2147483648
          i32.ne
          br_if 0 (;@3;)
          local.get 1
          i32.const -1
          i32.ne
          br_if 0 (;@3;)
          i32.const 1
          local.set 1
          br 1 (;@2;)
        end
      end
      local.get 2
      local.get 1
      i32.rem_s
      local.set 3
      block ;; label = @2
        block ;; label = @3
          memory.size
          i32.const 65536
          i32.mul
          i32.const 22084
          local.get 3
          i32.add
          i32.le_u
          br_if 0 (;@3;)
          local.get 3
          i32.const 0
          i32.le_s
          br_if 0 (;@3;)
          local.get 3
          i64.load offset=22076 align=2
          local.set 4
          br 1 (;@2;)
        end
        i64.const 0
        local.set 4
      end
      local.get 4
      f64.convert_i64_u
      i64.const 5471471680221169389
      f32.convert_i64_s
      i64.trunc_sat_f32_u
      f64.reinterpret_i64
      f64.lt
      local.set 5
      block ;; label = @2
        block ;; label = @3
          memory.size 1
          i32.const 65536
          i32.mul
          i32.const 314278
          local.get 5
          i32.add
          i32.le_u
          br_if 0 (;@3;)
          local.get 5
          i32.const 0
          i32.le_s
          br_if 0 (;@3;)
          local.get 5
          i64.load16_s 1 offset=314270 align=1
          local.set 6
          br 1 (;@2;)
        end
        i64.const 0
        local.set 6
      end
      local.get 6
      f64.convert_i64_s
      ref.null func
      elem.drop 0
      ref.null extern
      local.get 0
      local.set 7
      block ;; label = @2
        block ;; label = @3
          memory.size
          i32.const 65536
          i32.mul
          i32.const 50239
          local.get 7
          i32.add
          i32.le_u
          br_if 0 (;@3;)
          local.get 7
          i32.const 0
          i32.le_s
          br_if 0 (;@3;)
          local.get 7
          i32.load8_s offset=50235
          local.set 8
          br 1 (;@2;)
        end
        i32.const 0
        local.set 8
      end
      local.get 8
      global.get 0
      i32.xor
      global.set 0
      drop
      drop
      i64.reinterpret_f64
      global.get 1
      i64.xor
      global.set 1
      i32.const 869403426
    end
    global.get 0
    i32.xor
    global.set 0
    i64.reinterpret_f64
    global.get 1
    i64.xor
    global.set 1
  )
  (func (;1;) (type 0) (result f64)
    (local v128 v128 f64 f64 f64 f64 f64 f64 f64 i32 i64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    return_call 1
    ref.null func
    i64.const -3784341176930250042
    return_call 2
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
    f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
    f64.gt
    if ;; label = @1
      f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
      local.set 2
    end
    local.get 2
    i64.trunc_f64_u
    return_call 1
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
    f64.floor
    local.tee 6
    f64.const nan (;=NaN;)
    local.get 6
    local.get 6
    f64.eq
    select
    f64.floor
    local.tee 7
    f64.const nan (;=NaN;)
    local.get 7
    local.get 7
    f64.eq
    select
    f64.ceil
    local.tee 8
    f64.const nan (;=NaN;)
    local.get 8
    local.get 8
    f64.eq
    select
    i64.const 16384
    local.get 0
    local.set 1
    f32.convert_i64_s
    memory.size
    i64.extend_i32_u
    block ;; label = @1
      memory.size 1
      elem.drop 0
      f32.const 0x1.5db0d6p-7 (;=0.010671715;)
      i32.reinterpret_f32
      i32.ge_u
      local.set 9
      block ;; label = @2
        block ;; label = @3
          memory.size 1
          i32.const 65536
          i32.mul
          i32.const 181790
          local.get 9
          i32.add
          i32.le_u
          br_if 0 (;@3;)
          local.get 9
          i32.const 0
          i32.le_s
          br_if 0 (;@3;)
          local.get 9
          i64.load8_s 1 offset=181782
          local.set 10
          br 1 (;@2;)
        end
        i64.const 0
        local.set 10
      end
      local.get 10
      global.get 2
      i64.xor
      global.set 2
    end
    global.get 2
    i64.xor
    global.set 2
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    global.get 1
    i64.xor
    global.set 1
    global.get 2
    i64.xor
    global.set 2
    global.get 2
    i64.xor
    global.set 2
    drop
  )
  (func (;2;) (type 0) (result f64)
    (local f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i64.const 0
    drop
    f64.const 0x0p+0 (;=0;)
  )
)
