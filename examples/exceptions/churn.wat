;; A million exceptions of each way to catch them that lets go of the exception — `catch`,
;; `catch_all`, a legacy `catch_all` + `rethrow` caught by a legacy `catch` — must not
;; accumulate: tests/exceptions.rs bounds the peak memory of the run (each exception object
;; takes at least 32 bytes, so a leak would show as 32 MB or more).
(module
  (tag $e (param i32))
  (func $throw_e (param i32) (throw $e (local.get 0)))
  (func (export "_start")
    (local $i i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e $h) (call $throw_e (local.get $i)))
        (i32.const 0))
      (drop)
      (block $h
        (try_table (catch_all $h) (call $throw_e (local.get $i))))
      try
        try
          (call $throw_e (local.get $i))
        catch_all
          (rethrow 0)
        end
      catch $e
        (drop)
      end
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000)))))
)
