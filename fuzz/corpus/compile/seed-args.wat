;; args.wat — prints its command-line arguments (except argv[0]), one per line.
;;
;; Shows `wasi_snapshot_preview1`.`args_sizes_get` / `args_get`: the host writes argc and the
;; buffer size, then the argv pointer array and the NUL-terminated strings into memory.
;; Each argument's terminating NUL is replaced by "\n" in place and the line is written with a
;; write-all loop (fd_write may write less than asked: wasmtime writes one iovec per call).
;; argv[0] is skipped: it is the program name, which differs between runtimes.
;;
;; Memory map: argc at 0, argv_buf_size at 4, nwritten at 8, iovec at 16..24,
;; argv pointers from 1024, argument strings from 8192 (room for 56 KiB of arguments).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  (func $strlen (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $end
      (loop $next
        (br_if $end (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $q) (local.get $p)))

  ;; write_all(buf, len): fd_write to stdout until every byte is written; exit 75 on error.
  (func $write_all (param $buf i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 16) (local.get $buf))
        (i32.store (i32.const 20) (local.get $len))
        (if (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 75))))
        (local.set $buf (i32.add (local.get $buf) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  (func (export "_start")
    (local $i i32) (local $argc i32) (local $arg i32) (local $len i32)
    (if (call $args_sizes_get (i32.const 0) (i32.const 4))
      (then (call $proc_exit (i32.const 71))))
    (if (i32.gt_u (i32.load (i32.const 4)) (i32.const 57344))
      (then (call $proc_exit (i32.const 72))))      ;; too many argument bytes for our buffer
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 1792))
      (then (call $proc_exit (i32.const 73))))      ;; too many arguments for our array
    (if (call $args_get (i32.const 1024) (i32.const 8192))
      (then (call $proc_exit (i32.const 74))))
    (local.set $argc (i32.load (i32.const 0)))
    (local.set $i (i32.const 1))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
        (local.set $arg (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $len (call $strlen (local.get $arg)))
        (i32.store8 (i32.add (local.get $arg) (local.get $len)) (i32.const 10)) ;; NUL -> "\n"
        (call $write_all (local.get $arg) (i32.add (local.get $len) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))
)
