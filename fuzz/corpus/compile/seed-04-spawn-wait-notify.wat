;; 04-spawn-wait-notify.wat — program 3 with `memory.atomic.wait32` / `notify` instead of spinning.
;;
;; `_start` sleeps in `memory.atomic.wait32` on the counter while it is still 0 (no timeout:
;; -1). The thread prints its line, increments the counter and wakes the waiter with
;; `memory.atomic.notify`. The wait is in a loop: it re-checks the counter after every wake-up,
;; and wait32 returns "not-equal" (1) at once if the thread was faster — no lost wake-up.
;;
;; Memory map: as in program 3 (counter at 64).
;;
;; Expected stdout:
;;   "thread: hello from the spawned thread"
;;   "main: woken up, the counter is set"
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 16 shared))
  (export "memory" (memory 0))

  (data (i32.const 128) "thread: hello from the spawned thread\n") ;; 38 bytes
  (data (i32.const 192) "main: woken up, the counter is set\n")   ;; 35 bytes

  (func $print (param $iov i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $iov) (local.get $buf))
    (i32.store offset=4 (local.get $iov) (local.get $len))
    (drop (call $fd_write (i32.const 1) (local.get $iov) (i32.const 1)
                          (i32.add (local.get $iov) (i32.const 8)))))

  (func $main (export "_start")
    (if (i32.lt_s (call $thread_spawn (i32.const 0)) (i32.const 0))
      (then unreachable))
    ;; while (counter == 0) wait32(&counter, expected = 0, timeout = infinite)
    (block $done
      (loop $wait
        (br_if $done (i32.ne (i32.atomic.load (i32.const 64)) (i32.const 0)))
        (drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1)))
        (br $wait)))
    (call $print (i32.const 0) (i32.const 192) (i32.const 35)))

  (func (export "wasi_thread_start") (param $tid i32) (param $start_arg i32)
    (call $print (i32.const 16) (i32.const 128) (i32.const 38))
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 64) (i32.const 1))))
)
