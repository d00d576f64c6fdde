;; 01-hello.wat — the smallest WASI program: print one line from `_start`.
;;
;; Shows: importing `wasi_unstable`.`fd_write` (WASI snapshot 0), an exported linear memory,
;; a string placed by an active data segment, and an iovec {buf, len} built in memory at run
;; time. fd 1 is stdout; the number of bytes written lands at address 20 and is ignored.
;;
;; Expected stdout: "Hello, world!"
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32) (param $nwritten i32)
                    (result i32)))

  (memory (export "memory") 1)

  ;; The text lives at address 32; the iovec at 0..8, nwritten at 20.
  (data (i32.const 32) "Hello, world!\n")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 32))   ;; iov.buf
    (i32.store (i32.const 4) (i32.const 14))   ;; iov.buf_len
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20))))
)
