;; 03-spawn-spin.wat — spawn one thread and wait for it by spinning.
;;
;; Shows `wasi`.`thread-spawn`: the host starts a new thread running a new instance of this
;; module over the same shared memory, which calls `wasi_thread_start(tid, start_arg)`.
;; The spawned thread prints a line, then increments a counter in shared memory with
;; `i32.atomic.rmw.add`; `_start` spins on `i32.atomic.load` until the counter changes,
;; then prints its own line. (Returning from `_start` ends the process, so the thread prints
;; *before* it publishes: both lines always appear, in this order.)
;;
;; Memory map: main's iovec 0..8, nwritten 8; the thread's iovec 16..24, nwritten 24;
;; counter at 64 (zero-initialised, not covered by any data segment); strings from 128.
;;
;; Expected stdout (any order, though this one is always the same):
;;   "thread: hello from the spawned thread"
;;   "main: the thread incremented the counter"
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 16 shared))
  (export "memory" (memory 0))

  (data (i32.const 128) "thread: hello from the spawned thread\n")    ;; 38 bytes
  (data (i32.const 192) "main: the thread incremented the counter\n") ;; 41 bytes

  ;; print(iov, buf, len): write one buffer to stdout using the iovec at $iov.
  (func $print (param $iov i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $iov) (local.get $buf))
    (i32.store offset=4 (local.get $iov) (local.get $len))
    (drop (call $fd_write (i32.const 1) (local.get $iov) (i32.const 1)
                          (i32.add (local.get $iov) (i32.const 8)))))

  (func $main (export "_start")
    ;; A negative result means the host could not spawn the thread.
    (if (i32.lt_s (call $thread_spawn (i32.const 0)) (i32.const 0))
      (then unreachable))
    ;; Spin until the thread has bumped the counter.
    (loop $spin
      (br_if $spin (i32.eqz (i32.atomic.load (i32.const 64)))))
    (call $print (i32.const 0) (i32.const 192) (i32.const 41)))

  (func (export "wasi_thread_start") (param $tid i32) (param $start_arg i32)
    (call $print (i32.const 16) (i32.const 128) (i32.const 38))
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1))))
)
