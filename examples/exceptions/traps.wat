;; Traps are not exceptions: no handler catches them. `;; traps NAME: MESSAGE (wasmtime: ITS
;; MESSAGE)`: tests/exceptions.rs runs NAME with --invoke, in wasm2native and wasmtime 49.
(module
  (tag $e)
  ;; traps unreachable-in-try: unreachable (wasmtime: wasm `unreachable` instruction executed)
  (func (export "unreachable-in-try")
    (block $h (try_table (catch_all $h) (unreachable))))
  ;; traps divide-in-try: integer divide by zero
  (func (export "divide-in-try") (result i32)
    (block $h
      (try_table (catch_all $h) (drop (i32.div_u (i32.const 1) (i32.const 0))))
      (return (i32.const 0)))
    (i32.const 1))
  ;; traps throw-ref-null: null exception reference (wasmtime: null reference)
  (func (export "throw-ref-null")
    (throw_ref (ref.null exn)))
)
