;; Linear memory: loads/stores with offsets, memory.size/grow, an atomic RMW and wait/notify.
(module
  (memory 1 2 shared)
  (func $copy (export "copy") (param $src i32) (param $dst i32)
    (i64.store offset=8 (local.get $dst) (i64.load16_s offset=4 (local.get $src))))
  (func $grow (export "grow") (result i32)
    (drop (memory.grow (i32.const 1)))
    (memory.size))
  (func $atomics (export "atomics") (param $p i32) (result i32)
    (drop (i32.atomic.rmw.add (local.get $p) (i32.const 1)))
    (drop (memory.atomic.wait32 (local.get $p) (i32.const 0) (i64.const -1)))
    (memory.atomic.notify (local.get $p) (i32.const 1))))
