;; Atomics on a shared 64-bit memory: read-modify-write, compare-exchange, wait (which times
;; out at once here) and notify at 64-bit addresses; misaligned addresses trap before bounds
;; are checked, and an address whose offset would wrap past 2^64 traps. wasmtime 49 creates
;; shared memories only when asked:
;; wasmtime-flags: -W threads=y,shared-memory=y
;;
;; expect rmw: 12
;; expect cmpxchg: 40
;; expect wait-timeout: 2
;; expect wait-not-equal: 1
;; expect notify: 0
;; expect last-word: 4294967295
;; traps rmw-misaligned: unaligned atomic
;; traps rmw-wraps: out of bounds memory access
;; traps wait-past-end: out of bounds memory access
;; traps notify-wraps: out of bounds memory access
;; traps misaligned-and-out-of-bounds: unaligned atomic
(module
  (memory i64 1 2 shared)

  (func (export "rmw") (result i64)
    (drop (i64.atomic.rmw.add (i64.const 65528) (i64.const 5)))
    (drop (i64.atomic.rmw.add (i64.const 65528) (i64.const 7)))
    (i64.atomic.load (i64.const 65528)))
  (func (export "cmpxchg") (result i32)
    (drop (i32.atomic.rmw.cmpxchg (i64.const 1024) (i32.const 0) (i32.const 40)))
    (i32.atomic.rmw.cmpxchg (i64.const 1024) (i32.const 1) (i32.const 50)))
  (func (export "wait-timeout") (result i32)
    (memory.atomic.wait64 (i64.const 4096) (i64.const 0) (i64.const 0)))
  (func (export "wait-not-equal") (result i32)
    (memory.atomic.wait32 (i64.const 4096) (i32.const 1) (i64.const -1)))
  (func (export "notify") (result i32)
    (memory.atomic.notify offset=8 (i64.const 65520) (i32.const 1)))
  (func (export "last-word") (result i64)
    (i32.atomic.store (i64.const 65532) (i32.const -1))
    (i64.atomic.load32_u (i64.const 65532)))
  (func (export "rmw-misaligned") (result i32)
    (i32.atomic.rmw.xchg (i64.const 2) (i32.const 1)))
  (func (export "rmw-wraps") (result i64)
    (i64.atomic.rmw.or offset=0xFFFF_FFFF_FFFF_FFF8 (i64.const 16) (i64.const 1)))
  (func (export "wait-past-end") (result i32)
    (memory.atomic.wait32 (i64.const 65536) (i32.const 0) (i64.const 0)))
  (func (export "notify-wraps") (result i32)
    (memory.atomic.notify offset=0xFFFF_FFFF_FFFF_FFFC (i64.const 8) (i32.const 1)))
  (func (export "misaligned-and-out-of-bounds") (result i64)
    (i64.atomic.load (i64.const 0x1_0000_0004)))
)
