;; type-error.wat — syntactically fine, but fails validation.
;;
;; The function promises an i32 result and leaves an i64 on the stack: a type mismatch.
(module
  (memory (export "memory") 1)
  (func $f (result i32)
    (i64.const 1))
  (func (export "_start")
    (drop (call $f)))
)
