;; instance-per-thread.wat — rule: each spawned thread runs in a NEW instance of the module
;; over the shared memory: its own globals and tables, the start function run again, and the
;; active data segments applied again (as wasmtime does).
;;
;; The start function adds 1 to a per-instance global and to a shared counter (0x40). `_start`
;; then changes its own instance: global = 100, table slot 0 = $two, data byte 0x80 = 0x22,
;; and spawns 3 threads one by one. Each thread must see a fresh instance (global 1, table
;; slot 0 = $one, data byte re-applied = 17) and sets its own global, which main never sees.
;;
;; expect-exit: 0
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))

  ;; --- line output: one fd_write per line (lines of threads never interleave) -------------
  ;; The line buffer of this instance: iovec at $line, nwritten at $line+8, text from $line+16.
  (global $line (mut i32) (i32.const 0x1000))
  (global $n (mut i32) (i32.const 0))
  (func $putc (param $c i32)
    (i32.store8 (i32.add (i32.add (global.get $line) (i32.const 16)) (global.get $n)) (local.get $c))
    (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (func $s (param $p i32) ;; appends the NUL-terminated string at $p
    (block $e (loop $l
      (br_if $e (i32.eqz (i32.load8_u (local.get $p))))
      (call $putc (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $l))))
  (func $u (param $v i32) ;; appends $v in unsigned decimal
    (if (i32.ge_u (local.get $v) (i32.const 10))
      (then (call $u (i32.div_u (local.get $v) (i32.const 10)))))
    (call $putc (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10)))))
  (func $endl
    (call $putc (i32.const 10))
    (i32.store (global.get $line) (i32.add (global.get $line) (i32.const 16)))
    (i32.store offset=4 (global.get $line) (global.get $n))
    (drop (call $fd_write (i32.const 1) (global.get $line) (i32.const 1)
                          (i32.add (global.get $line) (i32.const 8))))
    (global.set $n (i32.const 0)))
  ;; ------------------------------------------------------------------------------------------

  (data (i32.const 0x100) "thread: global=\00")
  (data (i32.const 0x120) " table=\00")
  (data (i32.const 0x130) " data=\00")
  (data (i32.const 0x140) "main: global=\00")
  (data (i32.const 0x160) " start-runs=\00")
  (data (i32.const 0x80) "\11")

  (global $g (mut i32) (i32.const 0))
  (type $ret (func (result i32)))
  (table $t 1 funcref)
  (elem (table $t) (i32.const 0) func $one)
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (elem declare func $two)

  (func $init
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (drop (i32.atomic.rmw.add (i32.const 0x40) (i32.const 1))))
  (start $init)

  ;; Waits until the shared word at $addr equals $want.
  (func $await (param $addr i32) (param $want i32)
    (local $v i32)
    (loop $l
      (local.set $v (i32.atomic.load (local.get $addr)))
      (if (i32.ne (local.get $v) (local.get $want))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $v) (i64.const -1)))
          (br $l)))))

  (func $report (param $label i32)
    (call $s (local.get $label)) (call $u (global.get $g))
    (call $s (i32.const 0x120)) (call $u (call_indirect (type $ret) (i32.const 0)))
    (call $s (i32.const 0x130)) (call $u (i32.load8_u (i32.const 0x80))))

  (func (export "_start")
    (local $i i32)
    (global.set $g (i32.const 100))
    (table.set $t (i32.const 0) (ref.func $two))
    (i32.store8 (i32.const 0x80) (i32.const 0x22))
    (loop $spawn
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $await (i32.const 0x44) (local.get $i))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 3))))
    (call $report (i32.const 0x140))
    (call $s (i32.const 0x160)) (call $u (i32.atomic.load (i32.const 0x40)))
    (call $endl))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (global.set $line (i32.add (i32.const 0x1000) (i32.shl (i32.add (local.get $arg) (i32.const 1)) (i32.const 8))))
    (call $report (i32.const 0x100))
    (call $endl)
    (global.set $g (i32.const 55))
    (drop (i32.atomic.rmw.add (i32.const 0x44) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0x44) (i32.const 1))))
)
