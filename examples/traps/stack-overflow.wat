;; stack-overflow.wat — unbounded recursion on the main thread runs into the stack guard,
;; which must be reported as the spec's stack exhaustion trap (the runtime finds the main
;; thread's stack bounds without asking pthreads).
;;
;; expect-trap: call stack exhausted
(module
  (memory (export "memory") 1)
  (func $recurse (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
  (func (export "_start") (drop (call $recurse (i32.const 0))))
)
