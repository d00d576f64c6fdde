;; 05-two-threads.wat — spawn two threads with different start arguments; wait for both.
;;
;; The spawn argument (`start_arg` of `wasi_thread_start`) tells each thread who it is: the
;; threads are spawned with 1 and 2 and each prints "thread N" into its own buffer (a copy of
;; the template "thread ?\n" whose '?' is replaced by the digit). Each thread then increments
;; the counter and notifies; `_start` waits until the counter reaches 2, then prints its line
;; and returns. The two thread lines may come in either order.
;;
;; Memory map: main's iovec at 0; counter at 64; template at 128; thread N's iovec at
;; 256 + 32*N and its text at 256 + 32*N + 16 (N = 1, 2).
;;
;; Expected stdout (thread lines in any order):
;;   "thread 1"
;;   "thread 2"
;;   "main: both threads are done"
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 16 shared))
  (export "memory" (memory 0))

  (data (i32.const 128) "thread ?\n")                       ;; 9 bytes, '?' at offset 7
  (data (i32.const 192) "main: both threads are done\n")    ;; 28 bytes

  (func $print (param $iov i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $iov) (local.get $buf))
    (i32.store offset=4 (local.get $iov) (local.get $len))
    (drop (call $fd_write (i32.const 1) (local.get $iov) (i32.const 1)
                          (i32.add (local.get $iov) (i32.const 8)))))

  (func $spawn (param $arg i32)
    (if (i32.lt_s (call $thread_spawn (local.get $arg)) (i32.const 0))
      (then unreachable)))

  (func $main (export "_start")
    (local $seen i32)
    (call $spawn (i32.const 1))
    (call $spawn (i32.const 2))
    ;; while ((seen = counter) != 2) wait32(&counter, seen, infinite)
    (block $done
      (loop $wait
        (local.set $seen (i32.atomic.load (i32.const 64)))
        (br_if $done (i32.eq (local.get $seen) (i32.const 2)))
        (drop (memory.atomic.wait32 (i32.const 64) (local.get $seen) (i64.const -1)))
        (br $wait)))
    (call $print (i32.const 0) (i32.const 192) (i32.const 28)))

  (func (export "wasi_thread_start") (param $tid i32) (param $n i32)
    (local $base i32)
    (local.set $base (i32.add (i32.const 256) (i32.mul (local.get $n) (i32.const 32))))
    ;; text = "thread ?\n" with '?' := '0' + n
    (memory.copy (i32.add (local.get $base) (i32.const 16)) (i32.const 128) (i32.const 9))
    (i32.store8 offset=23 (local.get $base) (i32.add (i32.const 48) (local.get $n)))
    (call $print (local.get $base) (i32.add (local.get $base) (i32.const 16)) (i32.const 9))
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 64) (i32.const 1))))
)
