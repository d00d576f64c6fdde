;; thread-ids.wat — rule: thread ids are unique, positive and below 2^29, and the id
;; `thread-spawn` returns is the one `wasi_thread_start` receives; ids are not reused.
;;
;; Two waves of 8 threads (the second after the first has finished). Thread i stores the tid
;; it received at 0x200 + 4i; main stores what `thread-spawn` returned at 0x300 + 4i.
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

  (data (i32.const 0x100) "ids: positive=\00")
  (data (i32.const 0x120) " below-2^29=\00")
  (data (i32.const 0x140) " unique=\00")
  (data (i32.const 0x150) " match=\00")
  (data (i32.const 0x160) "thread: started\00")

  (func (export "_start")
    (local $i i32) (local $j i32) (local $t i32)
    (local $pos i32) (local $below i32) (local $uniq i32) (local $match i32)
    (loop $spawn
      (i32.store (i32.add (i32.const 0x300) (i32.shl (local.get $i) (i32.const 2)))
                 (call $spawn (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.eq (local.get $i) (i32.const 8)) (then (call $await (i32.const 0x44) (i32.const 8))))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 16))))
    (call $await (i32.const 0x44) (i32.const 16))
    (local.set $pos (i32.const 1)) (local.set $below (i32.const 1))
    (local.set $uniq (i32.const 1)) (local.set $match (i32.const 1))
    (local.set $i (i32.const 0))
    (loop $check
      (local.set $t (i32.load (i32.add (i32.const 0x200) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.le_s (local.get $t) (i32.const 0)) (then (local.set $pos (i32.const 0))))
      (if (i32.ge_u (local.get $t) (i32.const 0x20000000)) (then (local.set $below (i32.const 0))))
      (if (i32.ne (local.get $t)
                  (i32.load (i32.add (i32.const 0x300) (i32.shl (local.get $i) (i32.const 2)))))
        (then (local.set $match (i32.const 0))))
      (local.set $j (i32.const 0))
      (loop $others
        (if (i32.and (i32.ne (local.get $i) (local.get $j))
                     (i32.eq (local.get $t)
                             (i32.load (i32.add (i32.const 0x200) (i32.shl (local.get $j) (i32.const 2))))))
          (then (local.set $uniq (i32.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $others (i32.lt_u (local.get $j) (i32.const 16))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $check (i32.lt_u (local.get $i) (i32.const 16))))
    (call $s (i32.const 0x100)) (call $u (local.get $pos))
    (call $s (i32.const 0x120)) (call $u (local.get $below))
    (call $s (i32.const 0x140)) (call $u (local.get $uniq))
    (call $s (i32.const 0x150)) (call $u (local.get $match))
    (call $endl))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $thread_line (local.get $arg))
    (i32.store (i32.add (i32.const 0x200) (i32.shl (local.get $arg) (i32.const 2))) (local.get $tid))
    (call $s (i32.const 0x160)) (call $endl)
    (call $signal (i32.const 0x44)))
)
