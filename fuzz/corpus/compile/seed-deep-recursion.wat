;; deep-recursion.wat — recursion that is not a tail call still exhausts the stack: $down
;; calls itself through a plain `call` (its frame stays, waiting for the result) even though
;; it also tail-calls $step, so the program must end in the stack-exhaustion trap.
;;
;; expect-trap: call stack exhausted
(module
  (memory (export "memory") 1)
  (func $step (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $down (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (return (i32.const 0))))
    (return_call $step
      (call $down (i32.sub (local.get 0) (i32.const 1)))))
  (func (export "_start") (drop (call $down (i32.const 100000000))))
)
