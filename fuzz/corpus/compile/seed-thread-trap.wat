;; thread-trap.wat — a trap in a spawned thread ends the whole process.
;;
;; `_start` spawns one thread and then waits forever (wait32 on a word that never changes,
;; no timeout). The thread prints a line and then loads past the end of the shared memory.
;; The trap must stop every thread, including the one blocked in `memory.atomic.wait32`:
;; if it did not, this program would hang.
;;
;; expect-trap: out of bounds memory access
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))

  (data (i32.const 128) "thread: about to trap\n") ;; 22 bytes

  (func (export "_start")
    (if (i32.lt_s (call $thread_spawn (i32.const 0)) (i32.const 0))
      (then unreachable))
    (loop $forever
      (drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1)))
      (br $forever)))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (i32.store (i32.const 16) (i32.const 128))
    (i32.store (i32.const 20) (i32.const 22))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
    (drop (i32.load (i32.add (local.get $arg) (i32.const 65536)))))
)
