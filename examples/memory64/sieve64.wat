;; A sieve of Eratosthenes in a 64-bit memory, above the first 4 GiB: the memory is a little
;; over 4 GiB (65600 pages) but only the few megabytes the sieve touches are ever committed.
;; Marking goes through a static offset of 4 GiB (`offset=0x1_0000_0000`, the fully checked
;; path), counting through 64-bit indices above 4 GiB (the `index < length` path). Prints the
;; number of primes up to 2,000,000, their sum and the memory's size in pages.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") i64 65600 65600)

  (global $limit i64 (i64.const 2000000))
  (global $sieve i64 (i64.const 0x1_0000_0000))

  ;; Writes the `len` bytes at `text`, the decimal `v` and a newline to stdout.
  (func $print (param $text i32) (param $len i32) (param $v i64)
    (local $p i32)
    (memory.copy (i64.const 256) (i64.extend_i32_u (local.get $text)) (i64.extend_i32_u (local.get $len)))
    (local.set $p (i32.const 511))
    (i32.store8 (i64.const 511) (i32.const 10))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (i64.extend_i32_u (local.get $p))
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (memory.copy (i64.extend_i32_u (i32.sub (local.get $p) (local.get $len)))
                 (i64.const 256) (i64.extend_i32_u (local.get $len)))
    (local.set $p (i32.sub (local.get $p) (local.get $len)))
    (i32.store (i64.const 0) (local.get $p))
    (i32.store (i64.const 4) (i32.sub (i32.const 512) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; comp[i] = 1 for every composite i <= limit, through the 4 GiB static offset.
  (func $mark
    (local $i i64) (local $j i64)
    (local.set $i (i64.const 2))
    (loop $outer
      (if (i32.eqz (i32.load8_u offset=0x1_0000_0000 (local.get $i)))
        (then
          (local.set $j (i64.mul (local.get $i) (local.get $i)))
          (block $done
            (loop $inner
              (br_if $done (i64.gt_u (local.get $j) (global.get $limit)))
              (i32.store8 offset=0x1_0000_0000 (local.get $j) (i32.const 1))
              (local.set $j (i64.add (local.get $j) (local.get $i)))
              (br $inner)))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $outer (i64.le_u (i64.mul (local.get $i) (local.get $i)) (global.get $limit)))))

  (func (export "_start")
    (local $i i64) (local $count i64) (local $sum i64) (local $at i64)
    (call $mark)
    (local.set $i (i64.const 2))
    (loop $count
      (local.set $at (i64.add (global.get $sieve) (local.get $i)))
      (if (i32.eqz (i32.load8_u (local.get $at)))
        (then
          (local.set $count (i64.add (local.get $count) (i64.const 1)))
          (local.set $sum (i64.add (local.get $sum) (local.get $i)))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $count (i64.le_u (local.get $i) (global.get $limit))))
    (call $print (i32.const 64) (i32.const 8) (local.get $count))
    (call $print (i32.const 80) (i32.const 5) (local.get $sum))
    (call $print (i32.const 96) (i32.const 7) (memory.size)))

  (data (i64.const 64) "primes: ")
  (data (i64.const 80) "sum: ")
  (data (i64.const 96) "pages: ")
)
