;; wait-results.wat — rule: `memory.atomic.wait32`/`wait64` return exactly 0 (woken),
;; 1 (not equal) or 2 (timed out), with and without a timeout; wait64 compares all 64 bits;
;; a negative timeout means forever; `notify` with no waiter returns 0.
;;
;; The "woken" cases: a thread waits and main calls `notify(addr, 1)` until it returns 1 (the
;; waiter is queued), then prints what the thread's wait returned.
;;
;; expect-exit: 0
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
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
  ;; Waits until the shared word at $addr equals $want.
  (func $await (param $addr i32) (param $want i32)
    (local $v i32)
    (loop $l
      (local.set $v (i32.atomic.load (local.get $addr)))
      (if (i32.ne (local.get $v) (local.get $want))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $v) (i64.const -1)))
          (br $l)))))
  ;; Adds 1 to the shared word at $addr and wakes all its waiters.
  (func $signal (param $addr i32)
    (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $addr) (i32.const -1))))
  ;; Blocks this thread forever.
  (func $block_forever
    (loop $l
      (drop (memory.atomic.wait32 (i32.const 0x3c) (i32.const 0) (i64.const -1)))
      (br $l)))
  ;; Gives this thread its own line buffer (thread index $arg).
  (func $thread_line (param $arg i32)
    (global.set $line (i32.add (i32.const 0x1000)
                               (i32.shl (i32.add (local.get $arg) (i32.const 1)) (i32.const 8)))))

  (data (i32.const 0x100) "wait32 not-equal: \00")
  (data (i32.const 0x120) "wait32 timeout 0: \00")
  (data (i32.const 0x140) "wait32 timeout 1ms: \00")
  (data (i32.const 0x160) "wait64 not-equal (high half): \00")
  (data (i32.const 0x180) "wait64 not-equal (low half): \00")
  (data (i32.const 0x1a0) "wait64 timeout 0: \00")
  (data (i32.const 0x1c0) "wait64 timeout 1ms: \00")
  (data (i32.const 0x1e0) "notify without waiters: \00")
  (data (i32.const 0x200) "notify count 0: \00")
  (data (i32.const 0x220) "woken, case \00")
  (data (i32.const 0x240) ": wait returned \00")
  (data (i32.const 0x260) ", notify returned \00")

  (func $line (param $label i32) (param $v i32)
    (call $s (local.get $label)) (call $u (local.get $v)) (call $endl))

  ;; Wakes the thread of case $case, which waits on 0x60 (wait32) or 0x68 (wait64).
  (func $woken (param $case i32)
    (local $n i32) (local $addr i32)
    (local.set $addr (select (i32.const 0x68) (i32.const 0x60) (i32.ge_u (local.get $case) (i32.const 4))))
    (i32.atomic.store (i32.const 0x70) (i32.const 0))
    (if (i32.lt_s (call $spawn (local.get $case)) (i32.const 0)) (then unreachable))
    (loop $try
      (local.set $n (memory.atomic.notify (local.get $addr) (i32.const 1)))
      (if (i32.eqz (local.get $n))
        (then
          (drop (memory.atomic.wait32 (i32.const 0x74) (i32.const 0) (i64.const 1000000)))
          (br $try))))
    (call $await (i32.const 0x70) (i32.const 1))
    (call $s (i32.const 0x220)) (call $u (local.get $case))
    (call $s (i32.const 0x240)) (call $u (i32.load (i32.const 0x78)))
    (call $s (i32.const 0x260)) (call $u (local.get $n))
    (call $endl))

  (func (export "_start")
    (local $case i32)
    (i32.store (i32.const 0x60) (i32.const 5))
    (i64.store (i32.const 0x68) (i64.const 0x100000007))
    (call $line (i32.const 0x100) (memory.atomic.wait32 (i32.const 0x60) (i32.const 6) (i64.const -1)))
    (call $line (i32.const 0x120) (memory.atomic.wait32 (i32.const 0x60) (i32.const 5) (i64.const 0)))
    (call $line (i32.const 0x140) (memory.atomic.wait32 (i32.const 0x60) (i32.const 5) (i64.const 1000000)))
    (call $line (i32.const 0x160) (memory.atomic.wait64 (i32.const 0x68) (i64.const 7) (i64.const -1)))
    (call $line (i32.const 0x180) (memory.atomic.wait64 (i32.const 0x68) (i64.const 0x100000008) (i64.const -1)))
    (call $line (i32.const 0x1a0) (memory.atomic.wait64 (i32.const 0x68) (i64.const 0x100000007) (i64.const 0)))
    (call $line (i32.const 0x1c0) (memory.atomic.wait64 (i32.const 0x68) (i64.const 0x100000007) (i64.const 1000000)))
    (call $line (i32.const 0x1e0) (memory.atomic.notify (i32.const 0x60) (i32.const 5)))
    (call $line (i32.const 0x200) (memory.atomic.notify (i32.const 0x60) (i32.const 0)))
    (loop $cases
      (call $woken (local.get $case))
      (local.set $case (i32.add (local.get $case) (i32.const 1)))
      (br_if $cases (i32.lt_u (local.get $case) (i32.const 8)))))

  ;; Cases: 0-3 wait32 on 0x60 (== 5), 4-7 wait64 on 0x68; timeouts: forever (-1), another
  ;; negative value, 10 s, and i64 max (beyond what a clock can represent).
  (func (export "wasi_thread_start") (param $tid i32) (param $case i32)
    (local $timeout i64)
    (local.set $timeout
      (select (i64.const -1) (select (i64.const -12345)
        (select (i64.const 10000000000) (i64.const 0x7fffffffffffffff)
          (i32.eq (i32.and (local.get $case) (i32.const 3)) (i32.const 2)))
        (i32.eq (i32.and (local.get $case) (i32.const 3)) (i32.const 1)))
        (i32.eqz (i32.and (local.get $case) (i32.const 3)))))
    (i32.store (i32.const 0x78)
      (if (result i32) (i32.lt_u (local.get $case) (i32.const 4))
        (then (memory.atomic.wait32 (i32.const 0x60) (i32.const 5) (local.get $timeout)))
        (else (memory.atomic.wait64 (i32.const 0x68) (i64.const 0x100000007) (local.get $timeout)))))
    (call $signal (i32.const 0x70)))
)
