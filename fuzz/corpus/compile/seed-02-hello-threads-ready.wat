;; 02-hello-threads-ready.wat — program 1, made wasi-threads compatible.
;;
;; Shows the module shape that wasi-threads requires, without spawning anything yet:
;;  - the memory is *imported* (`env`.`memory`) and *shared*, so every thread instance can be
;;    given the same memory; shared memories need a maximum (here 1..16 pages of 64 KiB);
;;  - it is re-exported as "memory" for WASI;
;;  - the module exports `wasi_thread_start(tid: i32, start_arg: i32)`, the entry point of
;;    spawned threads (empty here: nothing spawns).
;;
;; Expected stdout: "Hello, threads-ready world!"
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 16 shared))
  (export "memory" (memory 0))

  (data (i32.const 32) "Hello, threads-ready world!\n")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 28))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20))))

  (func (export "wasi_thread_start") (param $tid i32) (param $start_arg i32))
)
